// Package transport sends the requests of a procuret.Client. The generated client
// (package gen) builds each request and hands it to a Sender, which runs the retry
// loop: for every attempt it copies the request, sets the User-Agent, signs the copy
// afresh, passes it to the caller's HTTP client and reads the whole response body
// (up to a cap), so that a body cut short is classified like any other failure.
// The policy itself (what may be retried, how long to wait) is package retry's.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/internal/redact"
	"github.com/procuret/procuret-go/internal/retry"
)

// Transport is what every copy of a procuret.Client shares: the caller's HTTP
// client, the User-Agent, the clock and the retry settings. It must not be
// modified once a Sender uses it.
type Transport struct {
	// HTTP sends each attempt. Required.
	HTTP gen.HTTPRequestDoer
	// UserAgent is set on every attempt, replacing any earlier value.
	UserAgent string
	// Now is the clock: signers built for this transport read it, and so do
	// Retry-After dates and clock-skew checks. Durations in logs are measured
	// on the monotonic clock. Required.
	Now func() time.Time
	// Policy says how often and how patiently to retry. The zero value never
	// retries.
	Policy retry.Policy
	// Sleeper waits between attempts; nil means retry.RealSleeper.
	Sleeper retry.Sleeper
	// Logger receives one record per attempt; nil logs nothing.
	Logger *slog.Logger
	// MaxBody is how many bytes of a response body are read: the body handed
	// back holds at most MaxBody+1 bytes, so that the caller can tell that
	// there was more. 0 means no limit.
	MaxBody int64
}

// Sender is the gen.HTTPRequestDoer of one procuret.Client: the shared
// Transport plus the Signer of the client's credentials (nil: requests go out
// unsigned). It is safe for concurrent use.
type Sender struct {
	t      *Transport
	signer *auth.Signer
	learnt atomic.Int64 // when the signer's clock correction was set, UnixNano by t.Now; 0: never
	// mu orders the writes of the correction and learnt (setting one,
	// expiring one), so that an expiry never clears a correction set after
	// the one it found expired. Reads take no lock.
	mu sync.Mutex
}

// Sender returns a Sender that sends through t and signs with signer (nil
// for unsigned requests).
func (t *Transport) Sender(signer *auth.Signer) *Sender {
	return &Sender{t: t, signer: signer}
}

// Signer returns the signer s signs with, or nil. The retry loop corrects its
// clock (auth.Signer.SetClockOffset) after a 401 that a skewed clock explains.
func (s *Sender) Signer() *auth.Signer { return s.signer }

// ClockOffset returns the correction s signs with and when it was learnt (by
// Transport.Now). A correction older than retry.ClockCorrectionTTL is
// forgotten here: the signer's clock goes back to its own.
func (s *Sender) ClockOffset() (time.Duration, time.Time) {
	if s.signer == nil {
		return 0, time.Time{}
	}
	at := s.learnt.Load()
	if at == 0 {
		return s.signer.ClockOffset(), time.Time{}
	}
	learnt := time.Unix(0, at)
	if s.t.Now().Sub(learnt) > retry.ClockCorrectionTTL {
		s.mu.Lock()
		if s.learnt.Load() == at { // not replaced meanwhile
			s.signer.SetClockOffset(0)
			s.learnt.Store(0)
		}
		s.mu.Unlock()
		return s.ClockOffset()
	}
	return s.signer.ClockOffset(), learnt
}

// SetClockOffset sets the correction s signs with, bounded to
// ±retry.MaxClockCorrection, as learnt at (the zero time: now).
func (s *Sender) SetClockOffset(d time.Duration, at time.Time) {
	if s.signer == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.IsZero() {
		if d == 0 {
			s.signer.SetClockOffset(0)
			s.learnt.Store(0)
			return
		}
		at = s.t.Now()
	}
	s.signer.SetClockOffset(retry.ClampCorrection(d))
	s.learnt.Store(at.UnixNano())
}

// ErrBodyNotReplayable is returned when a request must be sent again but its
// body cannot be read a second time (it has no GetBody).
var ErrBodyNotReplayable = errors.New("transport: request body cannot be replayed")

// ErrNoResponse is the error of an attempt whose HTTP client returned neither
// a response nor an error. Nothing says whether the request reached the
// server, so it is treated like a dropped connection: a read is retried, a
// write is not and its outcome is unknown.
var ErrNoResponse = errors.New("transport: the HTTP client returned no response and no error")

// Do sends req, retrying as the policy allows, and returns the last response
// with its body already read (a *Body, replayable from memory) or the last
// error. It does not modify req's headers: each attempt works on a copy,
// signed afresh. The first attempt sends req's body; a later one sends a
// fresh copy from req.GetBody.
//
// The loop: an attempt whose error or status retry.Policy.Classify calls
// retryable is repeated after Policy.Delay (which honours Retry-After), unless
// the context's deadline would pass first; the wait ends when the context is
// done. A signed request answered 401 whose Date header shows a skewed local
// clock has its signer's clock corrected and is sent once more, right away
// (writes too: a 401 means the server did nothing); that extra attempt does not
// count against MaxRetries. Errors from reading the body are returned by the
// body of the returned response, so the caller sees the status too.
func (s *Sender) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	info := callInfoFrom(ctx)
	if info == nil {
		info = new(CallInfo)
	}
	info.Method = req.Method
	policy := s.t.Policy
	if n, ok := ctx.Value(maxRetriesKey{}).(int); ok {
		policy.MaxRetries = n
	}
	sleeper := s.t.Sleeper
	if sleeper == nil {
		sleeper = retry.RealSleeper{}
	}
	skewRetried := false
	retries := 0
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			// Nothing of this attempt was sent.
			info.Reason = "context done before sending"
			return nil, err
		}
		// The clock correction this attempt is signed with (prepare signs
		// with the signer's, which ClockOffset has just expired if due).
		signedWith, _ := s.ClockOffset()
		r, err := s.prepare(req, n)
		if err != nil {
			info.Reason = s.redact(info, "request not sent: "+err.Error())
			return nil, err
		}
		if n == 1 {
			info.Start = s.t.Now()
		}
		info.Attempts = n
		var began time.Time // for the log only
		if s.t.Logger != nil {
			began = time.Now()
		}
		resp, err := s.t.HTTP.Do(r)
		switch {
		case err == nil && resp == nil:
			// Only a caller's doer can do this; http.Client never does.
			err = ErrNoResponse
		case err != nil && resp != nil:
			// http.Client returns both only after a failed CheckRedirect,
			// with the body closed; a caller's doer may leave it open. The
			// response is dropped: the error is what is reported.
			if resp.Body != nil {
				resp.Body.Close()
			}
			resp = nil
		}
		failure := err
		if err == nil && !(streamed(ctx) && resp.StatusCode >= 200 && resp.StatusCode <= 299) {
			failure = readBody(resp, s.t.MaxBody)
		}
		var elapsed time.Duration
		if s.t.Logger != nil {
			elapsed = time.Since(began)
		}

		if failure == nil && resp.StatusCode == http.StatusUnauthorized && !skewRetried && s.signs() {
			if off, skewed := retry.ClockSkew(resp, s.t.Now().Add(signedWith)); skewed {
				// Absolute, not added to the current value: concurrent
				// calls that meet the same skew agree on one correction.
				// Bounded: one answer moves it by at most
				// retry.MaxClockCorrection, and for ClockCorrectionTTL.
				s.SetClockOffset(signedWith+off, time.Time{})
				skewRetried = true
				s.log(ctx, slog.LevelWarn, r, n, resp, elapsed, "clock skew: re-signing with the server's clock",
					slog.Int64("clock_offset_ms", (s.signer.ClockOffset()).Milliseconds()))
				continue
			}
		}

		var d retry.Decision
		if failure == nil && resp.StatusCode == http.StatusOK {
			// What Classify says of a 200, without formatting it on every call.
			d.Reason = reasonOK
		} else {
			d = policy.Classify(req.Method, retries+1, resp, failure)
			if failure != nil {
				// Only an error's text can quote what a server sent; the
				// reason of a status is made of the status alone.
				d.Reason = s.redact(info, d.Reason)
			}
		}
		if d.Retry {
			wait := policy.Delay(retries+1, resp, s.t.Now())
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				d = retry.Decision{Reason: fmt.Sprintf("%s; not retried: the wait (%v) would pass the deadline", d.Reason, wait.Round(time.Millisecond))}
			} else {
				s.log(ctx, slog.LevelInfo, r, n, resp, elapsed, "retrying",
					slog.String("reason", d.Reason), slog.Int64("wait_ms", wait.Milliseconds()))
				if err := sleeper.Sleep(ctx, wait); err != nil {
					// The last attempt's outcome is known: it failed and
					// asked for a retry that the context did not allow.
					info.Reason = d.Reason + "; context done while waiting to retry"
					return nil, &WaitError{Reason: d.Reason, Err: err}
				}
				retries++
				continue
			}
		}

		info.Reason = d.Reason
		info.Unknown = failure != nil && !retry.NeverSent(failure)
		level := slog.LevelDebug
		switch {
		case failure != nil, resp.StatusCode >= 500, resp.StatusCode == http.StatusTooManyRequests:
			level = slog.LevelWarn
		case resp.StatusCode >= 400:
			level = slog.LevelInfo
		}
		s.log(ctx, level, r, n, resp, elapsed, "done", slog.String("reason", info.Reason))
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// redact passes text through the one redaction (internal/redact), with the
// call's secrets and the signer's API key.
func (s *Sender) redact(info *CallInfo, text string) string {
	secrets := info.Secrets
	if s.signer != nil {
		secrets = append(secrets[:len(secrets):len(secrets)], s.signer.Credentials().APIKey())
	}
	return redact.String(text, secrets...)
}

// reasonOK is retry.Policy.Classify's reason for a 200: never retried.
const reasonOK = "status 200"

// signs reports whether s signs requests with a signature, which a skewed
// clock can spoil (a short-lived session's API key cannot be).
func (s *Sender) signs() bool {
	return s.signer != nil && s.signer.Credentials().Lifecycle() == auth.LongLived
}

// prepare returns the copy of req for attempt n: with req's body for the
// first, a fresh one from GetBody for the others, the User-Agent, an Accept
// header and, when s has a signer, the authentication headers signed now. An
// error means nothing was sent.
//
// The copy is shallow but for its headers: nothing below modifies the URL
// (req.Clone's deep copy of it cost an allocation per attempt), and the
// headers are copied into one map sized for the ones added here, their values
// into one backing array, each slice capped so that an append cannot reach a
// neighbour (as http.Header.Clone does). The request and that array share one
// allocation when the values fit in it (they do for every operation of the
// API: a Content-Type at most, before the ones added here).
func (s *Sender) prepare(req *http.Request, n int) (*http.Request, error) {
	a := new(attempt)
	r := &a.req
	*r = *req
	if req.Body != nil && req.Body != http.NoBody && n > 1 {
		// The first attempt sends req.Body; each later one a fresh copy.
		if req.GetBody == nil {
			return nil, ErrBodyNotReplayable
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	nv := 2 // User-Agent and Accept
	for _, vv := range req.Header {
		nv += len(vv)
	}
	vals := a.vals[:0]
	if nv > len(a.vals) {
		vals = make([]string, 0, nv)
	}
	h := make(http.Header, len(req.Header)+6) // + User-Agent, Accept and the signer's
	for k, vv := range req.Header {
		if vv == nil {
			h[k] = nil // as Header.Clone keeps it
			continue
		}
		i := len(vals)
		vals = append(vals, vv...)
		h[k] = vals[i:len(vals):len(vals)]
	}
	if s.t.UserAgent != "" {
		vals = append(vals, s.t.UserAgent)
		h["User-Agent"] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	vals = append(vals, "application/json")
	h["Accept"] = vals[len(vals)-1 : len(vals) : len(vals)]
	r.Header = h
	if s.signer != nil {
		if err := s.signer.Sign(r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// attempt is the request of one attempt and the backing array of its
// headers' values, in one allocation.
type attempt struct {
	req  http.Request
	vals [4]string
}

// readBody reads resp's body, at most max+1 bytes (max 0: all of it), closes
// it and puts back a *Body that replays what was read and then the read
// error, if any, which it also returns. A missing body is an empty one.
func readBody(resp *http.Response, max int64) error {
	if resp.Body == nil || resp.Body == http.NoBody {
		resp.Body = http.NoBody
		return nil
	}
	data, err := readAll(resp.Body, resp.ContentLength, max)
	resp.Body.Close()
	b := &Body{data: data, err: err}
	b.r.Reset(data)
	resp.Body = b
	return err
}

// firstRead is the most a body's first buffer holds when the body's length
// is known: a larger body grows its buffer as it arrives, so that a
// Content-Length that lies costs no more than the bytes that come.
const firstRead = 1 << 20

// readAll is io.ReadAll reading at most max+1 bytes (max 0: no limit). A body
// of known size (size ≥ 0) is read into one buffer of its size, without
// copying. A body of unknown size (size -1: chunked, as the API sends a page
// of links) is read into a pooled scratch buffer and copied into one of its
// exact size: one allocation of the body's size, where growing a buffer as
// the body arrives (or io.ReadAll's chunks and final copy) allocates about
// twice that per call.
func readAll(r io.Reader, size, max int64) ([]byte, error) {
	limit := int64(-1)
	if max > 0 {
		limit = max + 1
	}
	if size < 0 {
		return readUnsized(r, limit)
	}
	// +1: room for the read that reports EOF. min first: size may be as
	// large as math.MaxInt64 (a hostile Content-Length), and size+1 would
	// overflow into a negative capacity.
	n := min(size, firstRead-1) + 1
	if limit >= 0 {
		n = min(n, limit)
	}
	return readInto(make([]byte, 0, n), r, limit)
}

// Scratch buffers for bodies of unknown length: scratchSize to start with (a
// page of 20 links is about 8 KiB, of 100 about 38 KiB); one that grew to at
// most scratchKeep goes back to the pool at its new size.
const (
	scratchSize = 16 << 10
	scratchKeep = 256 << 10
)

var scratch = sync.Pool{New: func() any {
	b := make([]byte, 0, scratchSize)
	return &b
}}

// readUnsized reads r (at most limit bytes; -1: no limit) through a scratch
// buffer and returns a copy of exactly the bytes read. A body that outgrows
// scratchKeep is returned in the buffer it grew into, uncopied.
func readUnsized(r io.Reader, limit int64) ([]byte, error) {
	p := scratch.Get().(*[]byte)
	b, err := readInto((*p)[:0], r, limit)
	if cap(b) > scratchKeep {
		scratch.Put(p) // the buffer it started with
		return b, err
	}
	out := make([]byte, len(b))
	copy(out, b)
	*p = b[:0]
	scratch.Put(p)
	return out, err
}

// readInto appends what r yields to b until EOF (not an error), a read error
// or limit bytes in b (-1: no limit), growing b as append does when full.
func readInto(b []byte, r io.Reader, limit int64) ([]byte, error) {
	for {
		if limit >= 0 && int64(len(b)) >= limit {
			return b, nil
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // let append pick the growth
		}
		room := b[len(b):cap(b)]
		if limit >= 0 && int64(len(room)) > limit-int64(len(b)) {
			room = room[:limit-int64(len(b))]
		}
		m, err := r.Read(room)
		b = b[:len(b)+m]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// Body is the body of a response Do returns: held in memory, it replays
// what was read and then fails with the error that cut the read short, if
// any. Bytes and Err give the same without copying.
type Body struct {
	r    bytes.Reader
	data []byte
	err  error
}

// Bytes returns the bytes read, whatever Read has consumed of them. The
// caller must not modify them.
func (b *Body) Bytes() []byte { return b.data }

// Err returns the error that cut the read short, or nil.
func (b *Body) Err() error { return b.err }

func (b *Body) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *Body) Close() error { return nil }

// log records one attempt: method, path (never the query, which may hold an
// email address), attempt number, status or error, duration and the extra
// attributes. Headers and bodies are never logged.
func (s *Sender) log(ctx context.Context, level slog.Level, r *http.Request, n int, resp *http.Response, elapsed time.Duration, msg string, extra ...slog.Attr) {
	l := s.t.Logger
	if l == nil || !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 6+len(extra))
	attrs = append(attrs,
		slog.String("method", r.Method),
		slog.String("path", r.URL.EscapedPath()),
		slog.Int("attempt", n))
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := requestID(resp.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	attrs = append(attrs, slog.Int64("duration_ms", elapsed.Milliseconds()))
	attrs = append(attrs, extra...)
	l.LogAttrs(ctx, level, "procuret: "+msg, attrs...)
}

// requestIDHeaders are the headers in which servers and the proxies before
// them name a request, first match wins.
var requestIDHeaders = []string{"X-Request-Id", "X-Amzn-Requestid", "X-Correlation-Id"}

// requestID returns the ID the server gave the request, for logs: printable
// ASCII only, at most 128 bytes; "" when it sent none.
func requestID(h http.Header) string {
	for _, k := range requestIDHeaders {
		v := h.Get(k)
		if v == "" {
			continue
		}
		b := make([]byte, 0, min(len(v), 128))
		for i := 0; i < len(v) && len(b) < 128; i++ {
			if c := v[i]; c > 0x20 && c < 0x7f {
				b = append(b, c)
			}
		}
		return string(b)
	}
	return ""
}

// WaitError is returned when the context ended while waiting to retry.
// Reason says why the last attempt was to be retried; Err is the context's
// error.
type WaitError struct {
	Reason string
	Err    error
}

func (e *WaitError) Error() string {
	return "gave up waiting to retry (" + e.Reason + "): " + e.Err.Error()
}

func (e *WaitError) Unwrap() error { return e.Err }

// CallInfo is what the transport reports back about one logical call (one
// method of procuret.Client), across all of its attempts.
type CallInfo struct {
	// Method is the request's method.
	Method string
	// Attempts is how many attempts were sent (0 if none was).
	Attempts int
	// Start is when the first attempt was sent, by Transport.Now.
	Start time.Time
	// Unknown reports that the last attempt may have reached the server but
	// no complete answer came back: an error after the connection was made,
	// or a body cut short. For a write, the outcome is unknown.
	Unknown bool
	// Reason says why the loop stopped, for errors and logs. It never holds
	// the request's URL, and has passed internal/redact.
	Reason string
	// Secrets are what no log line of the call may quote, in any spelling,
	// besides the signer's API key and anything shaped like a signature
	// (internal/redact): set by the caller before sending (a login's
	// password and code).
	Secrets []string
}

type callInfoKey struct{}

// WithCallInfo returns a context that makes every Sender that sends a
// request of it record its attempts in the returned CallInfo. The CallInfo
// belongs to one call; read it after the call's Do returns.
func WithCallInfo(ctx context.Context) (context.Context, *CallInfo) {
	c := &callContext{Context: ctx}
	return c, &c.info
}

// callContext is context.WithValue(ctx, callInfoKey{}, &info) in one
// allocation instead of two, for every call.
type callContext struct {
	context.Context
	info CallInfo
}

func (c *callContext) Value(key any) any {
	if key == (callInfoKey{}) {
		return &c.info
	}
	return c.Context.Value(key)
}

func (c *callContext) String() string { return "transport.WithCallInfo" }

func callInfoFrom(ctx context.Context) *CallInfo {
	info, _ := ctx.Value(callInfoKey{}).(*CallInfo)
	return info
}

type maxRetriesKey struct{}

// WithMaxRetries returns a context under which Senders retry up to n times,
// whatever their Transport's Policy says (reconciliation reads, for example,
// are given a larger budget).
func WithMaxRetries(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, maxRetriesKey{}, n)
}

type streamKey struct{}

// WithStreamedBody returns a context under which Senders hand back the body of
// a 2xx response unread, for the caller to stream and close (a document,
// which MaxBody does not bound). Any other response is read as usual, so an
// error body is still whole and a retry still possible. A streamed body cut
// short is the caller's to report: it arrives after Do has returned.
func WithStreamedBody(ctx context.Context) context.Context {
	return context.WithValue(ctx, streamKey{}, true)
}

func streamed(ctx context.Context) bool {
	b, _ := ctx.Value(streamKey{}).(bool)
	return b
}
