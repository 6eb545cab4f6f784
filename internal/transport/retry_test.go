package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/retry"
)

// script is the caller's HTTP client: it answers attempt i with steps[i]
// (the last step repeats) and keeps every request with the body it read.
type script struct {
	mu     sync.Mutex
	steps  []func(r *http.Request) (*http.Response, error)
	reqs   []*http.Request
	bodies []string
}

func (s *script) Do(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	s.mu.Lock()
	i := min(len(s.reqs), len(s.steps)-1)
	s.reqs = append(s.reqs, r)
	s.bodies = append(s.bodies, string(body))
	s.mu.Unlock()
	return s.steps[i](r)
}

func respond(status int, body string, header ...string) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		h := http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
}

func fail(err error) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// cut answers 200 with a body that breaks after its first bytes.
func cut(status int) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{},
			Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"public_id":"il_`), errReader{io.ErrUnexpectedEOF})), Request: r}, nil
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

var (
	refused = &url.Error{Op: "Post", URL: "http://x/api/instalment-link?invitee=a%40b.example", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	reset   = &url.Error{Op: "Post", URL: "http://x/api/instalment-link", Err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("read: connection reset by peer")}}
)

// loop returns a transport that retries as the defaults say, without jitter
// or waiting, and the sleeper that records its waits.
func loop(s *script) (*Transport, *retry.RecordingSleeper) {
	p := retry.DefaultPolicy()
	p.Jitter = func() float64 { return 0 }
	sl := &retry.RecordingSleeper{}
	return &Transport{HTTP: s, UserAgent: "procuret-go/test", Now: func() time.Time { return now }, Policy: p, Sleeper: sl}, sl
}

func send(t *testing.T, tr *Transport, signer *auth.Signer, method, body string) (*http.Response, []byte, *CallInfo, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	ctx, info := WithCallInfo(context.Background())
	req, err := http.NewRequestWithContext(ctx, method, "https://procuret.com/api/instalment-link?invitee_email=a%40b.example", rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.Sender(signer).Do(req)
	if err != nil {
		return nil, nil, info, err
	}
	b, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return resp, b, info, rerr
	}
	return resp, b, info, nil
}

func TestDoRetriesReads(t *testing.T) {
	for _, tc := range []struct {
		name     string
		steps    []func(*http.Request) (*http.Response, error)
		attempts int
		status   int
		waits    []time.Duration
	}{
		{"503 then 200", []func(*http.Request) (*http.Response, error){respond(503, "x"), respond(200, "ok")}, 2, 200, []time.Duration{500 * time.Millisecond}},
		{"reset, 500, 200", []func(*http.Request) (*http.Response, error){fail(reset), respond(500, "x"), respond(200, "ok")}, 3, 200, []time.Duration{500 * time.Millisecond, time.Second}},
		{"cut body then 200", []func(*http.Request) (*http.Response, error){cut(200), respond(200, "ok")}, 2, 200, []time.Duration{500 * time.Millisecond}},
		{"429 honours Retry-After", []func(*http.Request) (*http.Response, error){respond(429, "x", "Retry-After", "3"), respond(200, "ok")}, 2, 200, []time.Duration{3 * time.Second}},
		{"Retry-After capped", []func(*http.Request) (*http.Response, error){respond(503, "x", "Retry-After", "3600"), respond(200, "ok")}, 2, 200, []time.Duration{8 * time.Second}},
		{"Retry-After date", []func(*http.Request) (*http.Response, error){respond(503, "x", "Retry-After", now.Add(2*time.Second).UTC().Format(http.TimeFormat)), respond(200, "ok")}, 2, 200, []time.Duration{2 * time.Second}},
		{"gives up after 2 retries", []func(*http.Request) (*http.Response, error){respond(502, "bad gateway")}, 3, 502, []time.Duration{500 * time.Millisecond, time.Second}},
		{"404 not retried", []func(*http.Request) (*http.Response, error){respond(404, "nope")}, 1, 404, nil},
		{"408 and 504 retried", []func(*http.Request) (*http.Response, error){respond(408, ""), respond(504, ""), respond(200, "ok")}, 3, 200, []time.Duration{500 * time.Millisecond, time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{steps: tc.steps}
			tr, sl := loop(s)
			resp, body, info, err := send(t, tr, nil, "GET", "")
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status || len(s.reqs) != tc.attempts || info.Attempts != tc.attempts {
				t.Errorf("status %d after %d requests (info %d), want %d after %d", resp.StatusCode, len(s.reqs), info.Attempts, tc.status, tc.attempts)
			}
			if tc.status == 200 && string(body) != "ok" {
				t.Errorf("body = %q", body)
			}
			if got := sl.Durations(); !equalDurations(got, tc.waits) {
				t.Errorf("waits = %v, want %v", got, tc.waits)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDoNeverResendsWrites(t *testing.T) {
	for _, tc := range []struct {
		name    string
		step    func(*http.Request) (*http.Response, error)
		unknown bool
	}{
		{"503", respond(503, "x"), false},
		{"429", respond(429, "x", "Retry-After", "1"), false},
		{"500", respond(500, "x"), false},
		{"connection reset", fail(reset), true},
		{"EOF", fail(io.EOF), true},
		{"cut body", cut(200), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{steps: []func(*http.Request) (*http.Response, error){tc.step, respond(200, "second")}}
			tr, sl := loop(s)
			_, _, info, _ := send(t, tr, nil, "POST", `{"invoice_amount":"10.00"}`)
			if len(s.reqs) != 1 || info.Attempts != 1 {
				t.Fatalf("POST sent %d times, want once", len(s.reqs))
			}
			if len(sl.Durations()) != 0 {
				t.Errorf("waited %v", sl.Durations())
			}
			if info.Unknown != tc.unknown {
				t.Errorf("Unknown = %v, want %v (reason %q)", info.Unknown, tc.unknown, info.Reason)
			}
		})
	}
}

func TestDoRetriesWritesNeverSent(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){fail(refused), fail(refused), respond(200, "made")}}
	tr, _ := loop(s)
	resp, body, info, err := send(t, tr, nil, "POST", `{"invoice_amount":"10.00"}`)
	if err != nil || resp.StatusCode != 200 || string(body) != "made" {
		t.Fatalf("= %v, %q, %v", resp, body, err)
	}
	if info.Attempts != 3 || info.Unknown {
		t.Errorf("info = %+v", info)
	}
	for i, b := range s.bodies {
		if b != `{"invoice_amount":"10.00"}` {
			t.Errorf("attempt %d sent body %q", i+1, b)
		}
	}
	// Refused for good: the error comes back, known unsent.
	s = &script{steps: []func(*http.Request) (*http.Response, error){fail(refused)}}
	tr, _ = loop(s)
	_, _, info, err = send(t, tr, nil, "POST", `{}`)
	if !errors.Is(err, refused) || info.Attempts != 3 || info.Unknown {
		t.Errorf("err = %v, info = %+v", err, info)
	}
}

func TestDoSignsEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	clock := time.Unix(899, 0)
	tick := func() time.Time { mu.Lock(); defer mu.Unlock(); clock = clock.Add(900 * time.Second); return clock }
	creds, _ := auth.NewCredentials(1, "k", auth.LongLived)
	signer := auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(tick))
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(503, ""), respond(503, ""), respond(200, "ok")}}
	tr, _ := loop(s)
	if _, _, _, err := send(t, tr, signer, "GET", ""); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range s.reqs {
		sig := r.Header.Get(auth.HeaderSignature)
		if sig == "" || seen[sig] {
			t.Errorf("attempt signed %q, want a fresh signature each time", sig)
		}
		seen[sig] = true
	}
}

func TestDoClockSkew(t *testing.T) {
	creds, _ := auth.NewCredentials(1, "k", auth.LongLived)
	signer := auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(func() time.Time { return now }))
	ahead := now.Add(10 * time.Minute).UTC().Format(http.TimeFormat)
	s := &script{steps: []func(*http.Request) (*http.Response, error){
		respond(401, "bad signature", "Date", ahead),
		respond(503, "", "Date", ahead), respond(503, "", "Date", ahead), respond(200, "ok")}}
	tr, sl := loop(s)
	resp, _, info, err := send(t, tr, signer, "POST", "{}")
	// The 401 is re-signed at once; the POST's 503 is final.
	if err != nil || resp.StatusCode != 503 || info.Attempts != 2 || len(sl.Durations()) != 0 {
		t.Fatalf("resp %v, err %v, info %+v, waits %v", resp, err, info, sl.Durations())
	}
	if got := signer.ClockOffset(); got != 10*time.Minute {
		t.Errorf("ClockOffset = %v, want 10m", got)
	}
	if a, b := s.reqs[0].Header.Get(auth.HeaderSignature), s.reqs[1].Header.Get(auth.HeaderSignature); a == b {
		t.Error("the retry was not re-signed")
	}
	// A read: the skew retry does not use up the retry budget.
	signer.SetClockOffset(0)
	s.reqs, s.bodies = nil, nil
	resp, _, info, err = send(t, tr, signer, "GET", "")
	if err != nil || resp.StatusCode != 200 || info.Attempts != 4 {
		t.Fatalf("resp %v, err %v, info %+v", resp, err, info)
	}
	// Only once per call: a second 401 is final.
	s = &script{steps: []func(*http.Request) (*http.Response, error){respond(401, "", "Date", ahead)}}
	tr, _ = loop(s)
	signer.SetClockOffset(0)
	resp, _, info, _ = send(t, tr, signer, "GET", "")
	if resp.StatusCode != 401 || info.Attempts != 2 {
		t.Errorf("status %d after %d attempts, want 401 after 2", resp.StatusCode, info.Attempts)
	}
	// A short-lived session sends its key, which no clock spoils.
	short, _ := auth.NewCredentials(1, "k", auth.ShortLived)
	s = &script{steps: []func(*http.Request) (*http.Response, error){respond(401, "", "Date", ahead)}}
	tr, _ = loop(s)
	_, _, info, _ = send(t, tr, auth.NewSigner(short, auth.WithBasePath("/api")), "GET", "")
	if info.Attempts != 1 {
		t.Errorf("short-lived 401 sent %d times, want once", info.Attempts)
	}
}

func TestDoContextDuringBackoff(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(503, "")}}
	tr, _ := loop(s)
	tr.Policy.BaseDelay = time.Hour
	tr.Policy.MaxDelay = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	var waits []time.Duration
	tr.Sleeper = sleeperFunc(func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		cancel() // the caller gives up while the client waits
		return retry.RealSleeper{}.Sleep(ctx, d)
	})
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://procuret.com/api/entity", nil)
	// The wait (an hour) ended because the context did: the error is the
	// WaitError wrapping context.Canceled, after one request and one wait.
	_, err := tr.Sender(nil).Do(req)
	var we *WaitError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &we) || !strings.Contains(err.Error(), "status 503") {
		t.Fatalf("err = %v, want a WaitError wrapping context.Canceled", err)
	}
	if len(s.reqs) != 1 || len(waits) != 1 || waits[0] != time.Hour {
		t.Errorf("%d requests, waits %v; want 1 request and one wait of 1h", len(s.reqs), waits)
	}
}

type sleeperFunc func(context.Context, time.Duration) error

func (f sleeperFunc) Sleep(ctx context.Context, d time.Duration) error { return f(ctx, d) }

func TestDoWaitPastDeadline(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(429, "", "Retry-After", "5"), respond(200, "ok")}}
	tr, sl := loop(s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://procuret.com/api/entity", nil)
	ctx, info := WithCallInfo(ctx)
	resp, err := tr.Sender(nil).Do(req.WithContext(ctx))
	if err != nil || resp.StatusCode != 429 || len(sl.Durations()) != 0 {
		t.Fatalf("resp %v, err %v, waits %v: want the 429 back without waiting", resp, err, sl.Durations())
	}
	if !strings.Contains(info.Reason, "would pass the deadline") {
		t.Errorf("Reason = %q", info.Reason)
	}
}

func TestDoRetryBudgetFromContext(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(500, "")}}
	tr, _ := loop(s)
	ctx, info := WithCallInfo(WithMaxRetries(context.Background(), 5))
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://procuret.com/api/entity", nil)
	if _, err := tr.Sender(nil).Do(req); err != nil {
		t.Fatal(err)
	}
	if info.Attempts != 6 {
		t.Errorf("Attempts = %d, want 6", info.Attempts)
	}
	tr.Policy.MaxRetries = 0
	s.reqs = nil
	ctx, info = WithCallInfo(context.Background())
	req, _ = http.NewRequestWithContext(ctx, "GET", "https://procuret.com/api/entity", nil)
	tr.Sender(nil).Do(req)
	if info.Attempts != 1 {
		t.Errorf("with retries off: Attempts = %d, want 1", info.Attempts)
	}
}

func TestDoBodyCap(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(200, strings.Repeat("x", 100))}}
	tr, _ := loop(s)
	tr.MaxBody = 10
	_, body, _, err := send(t, tr, nil, "GET", "")
	if err != nil || len(body) != 11 {
		t.Errorf("read %d bytes, err %v; want MaxBody+1 = 11", len(body), err)
	}
}

func TestDoCutBodyAfterRetries(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){cut(200)}}
	tr, _ := loop(s)
	resp, body, info, err := send(t, tr, nil, "GET", "")
	if !errors.Is(err, io.ErrUnexpectedEOF) || resp.StatusCode != 200 || string(body) != `{"public_id":"il_` || info.Attempts != 3 {
		t.Errorf("resp %v, body %q, err %v, info %+v", resp, body, err, info)
	}
}

func TestDoLogs(t *testing.T) {
	var buf bytes.Buffer
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(503, ""), fail(reset), respond(200, "ok")}}
	tr, _ := loop(s)
	tr.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	creds, _ := auth.NewCredentials(1, "the-api-key", auth.ShortLived)
	if _, _, _, err := send(t, tr, auth.NewSigner(creds, auth.WithBasePath("/api")), "GET", ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("logged %d lines, want one per attempt:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{"attempt=1 status=503", "attempt=2", "attempt=3 status=200"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "method=GET path=/api/instalment-link") || !strings.Contains(lines[i], "duration_ms=") {
			t.Errorf("line %d = %q, want %q with method, path and duration", i+1, lines[i], want)
		}
	}
	if strings.Contains(lines[1], "reset by peer") == false {
		t.Errorf("line 2 = %q, want the error", lines[1])
	}
	for _, secret := range []string{"the-api-key", "a%40b.example", "a@b.example", "invitee_email"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, buf.String())
		}
	}
}

func TestDoLocalErrorsSendNothing(t *testing.T) {
	s := &script{steps: []func(*http.Request) (*http.Response, error){respond(200, "")}}
	tr, _ := loop(s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ctx, info := WithCallInfo(ctx)
	req, _ := http.NewRequestWithContext(ctx, "POST", "https://procuret.com/api/instalment-link", strings.NewReader("{}"))
	if _, err := tr.Sender(nil).Do(req); !errors.Is(err, context.Canceled) || len(s.reqs) != 0 || info.Unknown || info.Attempts != 0 {
		t.Errorf("err %v, sent %d, info %+v", err, len(s.reqs), info)
	}
}

// TestDoClockSkewConcurrent: calls that meet the same skew at once settle on
// one correction, not the sum of theirs.
func TestDoClockSkewConcurrent(t *testing.T) {
	creds, _ := auth.NewCredentials(1, "k", auth.LongLived)
	signer := auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(func() time.Time { return now }))
	ahead := now.Add(10 * time.Minute)
	want := wantSig(ahead)
	var started sync.WaitGroup
	started.Add(8)
	gate := make(chan struct{})
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get(auth.HeaderSignature) != want {
			started.Done()
			<-gate // every call is in flight, signed with the old clock
			return respond(401, "", "Date", ahead.Format(http.TimeFormat))(r)
		}
		return respond(200, "ok")(r)
	})
	tr := &Transport{HTTP: doer, Now: func() time.Time { return now }}
	go func() { started.Wait(); close(gate) }()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", "https://procuret.com/api/entity", nil)
			if resp, err := tr.Sender(signer).Do(req); err != nil || resp.StatusCode != 200 {
				t.Errorf("= %v, %v", resp, err)
			}
		})
	}
	wg.Wait()
	if got := signer.ClockOffset(); got != 10*time.Minute {
		t.Errorf("ClockOffset = %v, want 10m", got)
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// wantSig is the signature of /entity for key "k" at t.
func wantSig(t time.Time) string {
	creds, _ := auth.NewCredentials(1, "k", auth.LongLived)
	r, _ := http.NewRequest("GET", "https://procuret.com/api/entity", nil)
	auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(func() time.Time { return t })).Sign(r)
	return r.Header.Get(auth.HeaderSignature)
}

// A doer that returns neither a response nor an error gets an error, never
// a panic: a read is retried, a write is sent once with its outcome unknown.
func TestDoNoResponseNoError(t *testing.T) {
	none := func(*http.Request) (*http.Response, error) { return nil, nil }

	s := &script{steps: []func(*http.Request) (*http.Response, error){none, respond(200, "ok")}}
	tr, sl := loop(s)
	resp, body, info, err := send(t, tr, nil, "GET", "")
	if err != nil || resp.StatusCode != 200 || string(body) != "ok" || info.Attempts != 2 || len(sl.Durations()) != 1 {
		t.Errorf("GET, nothing then 200: = %v, %q, %v, %+v, waits %v", resp, body, err, info, sl.Durations())
	}

	s = &script{steps: []func(*http.Request) (*http.Response, error){none}}
	tr, _ = loop(s)
	_, _, info, err = send(t, tr, nil, "GET", "")
	if !errors.Is(err, ErrNoResponse) || info.Attempts != 3 {
		t.Errorf("GET, nothing ever: err = %v, info = %+v", err, info)
	}

	s = &script{steps: []func(*http.Request) (*http.Response, error){none, respond(200, "second")}}
	tr, sl = loop(s)
	_, _, info, err = send(t, tr, nil, "POST", `{"invoice_amount":"10.00"}`)
	if !errors.Is(err, ErrNoResponse) || len(s.reqs) != 1 || info.Attempts != 1 || !info.Unknown || len(sl.Durations()) != 0 {
		t.Errorf("POST: err = %v, sent %d, info = %+v, waits %v", err, len(s.reqs), info, sl.Durations())
	}
}

// A doer that returns a response with its error has the response's body
// closed; the error is what the caller sees.
func TestDoResponseAndError(t *testing.T) {
	closed := false
	body := closeFunc(func() { closed = true })
	s := &script{steps: []func(*http.Request) (*http.Response, error){func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 302, Header: http.Header{}, Body: body}, reset
	}}}
	tr, _ := loop(s)
	resp, _, info, err := send(t, tr, nil, "POST", `{}`)
	if resp != nil || !errors.Is(err, reset) || !info.Unknown || !closed {
		t.Errorf("= %v, %v, %+v, closed %v", resp, err, info, closed)
	}
}

type closeFunc func()

func (f closeFunc) Read([]byte) (int, error) { return 0, io.EOF }
func (f closeFunc) Close() error             { f(); return nil }
