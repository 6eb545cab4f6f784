package sandbox

import (
	"bytes"
	"context"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// A FaultKind is one way the sandbox can misbehave, for testing a client's reliability.
type FaultKind int

const (
	// RateLimit answers 429 with Retry-After (Faults.RetryAfter); the request changes nothing.
	RateLimit FaultKind = iota + 1
	// Status500 answers 500 with the error body; the request changes nothing.
	Status500
	// Status502 answers 502 with the error body; the request changes nothing.
	Status502
	// Status503 answers 503 with the error body; the request changes nothing.
	Status503
	// DropBefore closes the connection without an answer before the request takes effect.
	DropBefore
	// DropAfter runs the request to completion (a link IS stored), then closes the connection
	// without an answer: the client cannot know the outcome.
	DropAfter
	// Truncate runs the request to completion, then sends the response headers with the full
	// Content-Length but only half the body, and closes the connection.
	Truncate
	// Latency delays the request by Faults.Latency, then serves it normally. The delay comes
	// before the request body is read, so a request whose client gives up during it may still
	// take effect afterwards (see README.md).
	Latency
)

var faultNames = map[FaultKind]string{
	RateLimit: "429", Status500: "500", Status502: "502", Status503: "503",
	DropBefore: "drop-before", DropAfter: "drop-after", Truncate: "truncate", Latency: "latency",
}

// AllFaultKinds returns every FaultKind, in a new slice the caller may keep or change; an empty
// Faults.Kinds means all of them.
func AllFaultKinds() []FaultKind {
	return []FaultKind{RateLimit, Status500, Status502, Status503, DropBefore, DropAfter, Truncate, Latency}
}

func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// ParseFaultKind parses a FaultKind's name: 429 (or rate-limit), 500, 502, 503, drop-before,
// drop-after, truncate or latency.
func ParseFaultKind(s string) (FaultKind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "rate-limit" {
		return RateLimit, nil
	}
	for k, n := range faultNames {
		if n == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown fault kind %q (want 429, 500, 502, 503, drop-before, drop-after, truncate or latency)", s)
}

// Faults makes a chosen fraction of API requests (under /api only) misbehave. The sequence of
// faults is deterministic for a given Seed: each request draws whether it is faulted and which
// kind from a PCG generator, in the order requests arrive. A request answered with an error
// status never takes effect.
type Faults struct {
	Rate       float64       // fraction of API requests that get a fault, 0 (off) to 1
	Kinds      []FaultKind   // the kinds to choose from, uniformly; empty means every kind
	Latency    time.Duration // the delay of a Latency fault (default 200ms)
	RetryAfter time.Duration // the Retry-After of a RateLimit fault, whole seconds (default 1s)
	Seed       int64
}

// ParseFaults parses the PROCURET_SANDBOX_FAULTS format: settings separated by ';' or spaces,
// e.g. "rate=0.2; kinds=429,500,drop-after; seed=7; latency=50ms; retry-after=2s".
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	for _, field := range strings.FieldsFunc(spec, func(r rune) bool { return r == ';' || unicode.IsSpace(r) }) {
		key, val, ok := strings.Cut(field, "=")
		if !ok {
			return Faults{}, fmt.Errorf("faults: %q is not key=value", field)
		}
		var err error
		switch strings.ToLower(key) {
		case "rate":
			f.Rate, err = strconv.ParseFloat(val, 64)
		case "kinds":
			f.Kinds, err = ParseFaultKinds(val)
		case "seed":
			f.Seed, err = strconv.ParseInt(val, 10, 64)
		case "latency":
			f.Latency, err = time.ParseDuration(val)
		case "retry-after":
			f.RetryAfter, err = time.ParseDuration(val)
		default:
			return Faults{}, fmt.Errorf("faults: unknown setting %q (want rate, kinds, seed, latency or retry-after)", key)
		}
		if err != nil {
			return Faults{}, fmt.Errorf("faults: %s: %w", key, err)
		}
	}
	return f, f.validate()
}

// ParseFaultKinds parses a comma-separated list of fault kinds, e.g. "429,500,drop-after".
func ParseFaultKinds(s string) ([]FaultKind, error) {
	var out []FaultKind
	for _, name := range strings.Split(s, ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		k, err := ParseFaultKind(name)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

func (f Faults) validate() error {
	switch {
	case !(f.Rate >= 0 && f.Rate <= 1):
		return fmt.Errorf("faults: rate must be 0 to 1 (got %v)", f.Rate)
	case f.Latency < 0 || f.RetryAfter < 0:
		return fmt.Errorf("faults: latency and retry-after must not be negative")
	}
	for _, k := range f.Kinds {
		if _, ok := faultNames[k]; !ok {
			return fmt.Errorf("faults: unknown kind %d", k)
		}
	}
	return nil
}

type faultInjector struct {
	mu  sync.Mutex
	f   Faults
	rng *mrand.Rand
}

func newFaultInjector() *faultInjector { return &faultInjector{} }

func (fi *faultInjector) set(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	if len(f.Kinds) == 0 {
		f.Kinds = AllFaultKinds()
	} else {
		f.Kinds = slices.Clone(f.Kinds) // the caller's slice stays the caller's
	}
	if f.Latency == 0 {
		f.Latency = 200 * time.Millisecond
	}
	if f.RetryAfter == 0 {
		f.RetryAfter = time.Second
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.f = f
	fi.rng = mrand.New(mrand.NewPCG(uint64(f.Seed), 0x5eed))
	return nil
}

// next draws the fault for one request (0 for none). Every request draws twice, faulted or
// not, so the sequence depends only on the seed and the number of requests.
func (fi *faultInjector) next() (FaultKind, Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if fi.f.Rate <= 0 {
		return 0, fi.f
	}
	u, i := fi.rng.Float64(), fi.rng.IntN(len(fi.f.Kinds))
	if u >= fi.f.Rate {
		return 0, fi.f
	}
	return fi.f.Kinds[i], fi.f
}

// withFaults is the fault middleware of the API. It runs before validation and before any
// handler, so a fault that answers with an error status leaves the state untouched.
func (s *Sandbox) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind, f := s.faults.next()
		if kind == 0 {
			next.ServeHTTP(w, r)
			return
		}
		infoFrom(r.Context()).fault = kind
		switch kind {
		case RateLimit:
			secs := max(int64((f.RetryAfter+time.Second-1)/time.Second), 1)
			w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("Rate limited: try again in %d s (injected fault)", secs))
		case Status500:
			writeError(w, http.StatusInternalServerError, "Internal server error (injected fault)")
		case Status502:
			writeError(w, http.StatusBadGateway, "Bad gateway (injected fault)")
		case Status503:
			writeError(w, http.StatusServiceUnavailable, "Service temporarily unavailable (injected fault)")
		case DropBefore:
			panic(http.ErrAbortHandler) // net/http closes the connection without a response
		case DropAfter:
			next.ServeHTTP(newBufferedWriter(), r)
			panic(http.ErrAbortHandler)
		case Truncate:
			bw := newBufferedWriter()
			next.ServeHTTP(bw, r)
			body := bw.body.Bytes()
			for k, v := range bw.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(max(len(body), 1)))
			w.WriteHeader(bw.status)
			_, _ = w.Write(body[:len(body)/2])
			_ = http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		case Latency:
			// The delay must not eat the server's read and write timeouts.
			rc := http.NewResponseController(w)
			_ = rc.SetReadDeadline(time.Now().Add(f.Latency + s.timeouts.Read))
			_ = rc.SetWriteDeadline(time.Now().Add(f.Latency + s.timeouts.Write))
			if err := s.sleep(r.Context(), f.Latency); err != nil {
				// The request is abandoned (its context ended, or a test's sleeper said so): close
				// the connection rather than send an empty 200.
				panic(http.ErrAbortHandler)
			}
			next.ServeHTTP(w, r)
		}
	})
}

// sleepCtx waits for d or until ctx is done, whichever comes first, and then returns nil or
// ctx's error. It is the default of WithSleeper.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// bufferedWriter holds a response instead of sending it.
type bufferedWriter struct {
	header  http.Header
	status  int
	written bool
	body    bytes.Buffer
}

func newBufferedWriter() *bufferedWriter {
	return &bufferedWriter{header: http.Header{}, status: http.StatusOK}
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) { b.written = true; return b.body.Write(p) }

func (b *bufferedWriter) WriteHeader(status int) {
	if !b.written {
		b.status, b.written = status, true
	}
}
