package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// outcome describes what a client saw, for comparing fault sequences.
func outcome(r resp, err error) string {
	if err != nil {
		return "error"
	}
	return fmt.Sprint(r.status)
}

func faultSequence(t *testing.T, f sandbox.Faults, n int) []string {
	e := newEnv(t, sandbox.WithFaults(f))
	e.check = false // truncated bodies cannot be validated
	// Fresh connections: net/http retries an idempotent request dropped on a reused one,
	// which would draw a second fault for one call.
	e.client.Transport.(*http.Transport).DisableKeepAlives = true
	var seq []string
	for range n {
		r, err := e.try(nil, "GET", "/supplier?supplier_id=13991055489669749", nil)
		seq = append(seq, outcome(r, err))
	}
	return seq
}

func TestFaultsAreDeterministicPerSeed(t *testing.T) {
	f := sandbox.Faults{Rate: 0.5, Kinds: []sandbox.FaultKind{sandbox.RateLimit, sandbox.Status500, sandbox.Status503, sandbox.DropBefore}, Seed: 7}
	a, b := faultSequence(t, f, 40), faultSequence(t, f, 40)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	f.Seed = 8
	if c := faultSequence(t, f, 40); fmt.Sprint(a) == fmt.Sprint(c) {
		t.Errorf("seeds 7 and 8 gave the same sequence %v", a)
	}
	counts := map[string]int{}
	for _, o := range a {
		counts[o]++
	}
	if counts["200"] < 8 || counts["200"] > 32 || counts["429"] == 0 || counts["error"] == 0 {
		t.Errorf("rate 0.5 gave %v", counts)
	}
}

func TestFaultStatusesChangeNothing(t *testing.T) {
	for _, c := range []struct {
		kind   sandbox.FaultKind
		status int
		want   string
	}{
		{sandbox.RateLimit, 429, "Rate limited"},
		{sandbox.Status500, 500, "Internal server error"},
		{sandbox.Status502, 502, "Bad gateway"},
		{sandbox.Status503, 503, "Service temporarily unavailable"},
	} {
		t.Run(c.kind.String(), func(t *testing.T) {
			e := newEnv(t)
			s := e.supplier()
			if err := e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{c.kind}, RetryAfter: 2 * time.Second}); err != nil {
				t.Fatal(err)
			}
			r := e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00"))
			wantError(t, r, c.status, c.want)
			if c.kind == sandbox.RateLimit && r.header.Get("Retry-After") != "2" {
				t.Errorf("Retry-After %q, want 2", r.header.Get("Retry-After"))
			}
			if n := e.sb.LinkCount(); n != 0 {
				t.Errorf("%d links stored by a request answered %d", n, c.status)
			}
			if !strings.Contains(e.log.String(), "fault="+c.kind.String()) {
				t.Error("the log does not name the fault")
			}
			// The contract, the customer's page and a fault-free sandbox are untouched.
			if r := e.getRaw("/openapi.yaml"); r.status != 200 {
				t.Errorf("/openapi.yaml answered %d under faults", r.status)
			}
			if err := e.sb.SetFaults(sandbox.Faults{}); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")), 200)
		})
	}
}

func TestFaultDrops(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	set := func(k sandbox.FaultKind) {
		t.Helper()
		if err := e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{k}}); err != nil {
			t.Fatal(err)
		}
	}

	set(sandbox.DropBefore)
	if r, err := e.try(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")); err == nil {
		t.Fatalf("drop-before: got %d, want a transport error", r.status)
	}
	if n := e.sb.LinkCount(); n != 0 {
		t.Errorf("drop-before stored %d links", n)
	}

	set(sandbox.DropAfter)
	if r, err := e.try(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")); err == nil {
		t.Fatalf("drop-after: got %d, want a transport error", r.status)
	}
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("drop-after: %d links, want the one stored before the connection dropped", n)
	}

	set(sandbox.Truncate)
	e.check = false
	r, err := e.try(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00"))
	if !errors.Is(err, io.ErrUnexpectedEOF) || r.status != 200 || len(r.body) == 0 || strings.HasSuffix(string(r.body), "}\n") {
		t.Errorf("truncate: status %d, %d bytes, err %v; want 200 with half a body and an unexpected EOF", r.status, len(r.body), err)
	}
	if n := e.sb.LinkCount(); n != 2 {
		t.Errorf("truncate: %d links, want 2", n)
	}
	if !strings.Contains(e.log.String(), "connection_dropped=true") {
		t.Error("the log does not record dropped connections")
	}
}

// sleepRecorder is a sandbox.WithSleeper that records the requested waits instead of waiting,
// and returns err.
type sleepRecorder struct {
	mu     sync.Mutex
	waits  []time.Duration
	ctxErr []error // the request context's error when the wait was asked for
	err    error
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	s.ctxErr = append(s.ctxErr, ctx.Err())
	return s.err
}

func (s *sleepRecorder) recorded() ([]time.Duration, []error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits), slices.Clone(s.ctxErr)
}

func TestFaultLatency(t *testing.T) {
	rec := &sleepRecorder{}
	e := newEnv(t, sandbox.WithSleeper(rec.sleep),
		sandbox.WithFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Latency}, Latency: 30 * time.Millisecond}))
	wantStatus(t, e.call(nil, "GET", "/supplier?supplier_id=13991055489669749", nil), 200)
	s := e.supplier()
	wantStatus(t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")), 200)
	got, ctxErrs := rec.recorded()
	if want := []time.Duration{30 * time.Millisecond, 30 * time.Millisecond}; !slices.Equal(got, want) {
		t.Errorf("latency waits %v, want %v (one per request, Faults.Latency each)", got, want)
	}
	if slices.ContainsFunc(ctxErrs, func(err error) bool { return err != nil }) {
		t.Errorf("the waits got done contexts (%v), want the live requests'", ctxErrs)
	}
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("%d links after a delayed POST, want 1", n)
	}

	// The default delay, 200ms, applies when Faults.Latency is zero.
	if err := e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Latency}}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.call(nil, "GET", "/supplier?supplier_id=13991055489669749", nil), 200)
	if got, _ := rec.recorded(); got[len(got)-1] != 200*time.Millisecond {
		t.Errorf("default latency wait %v, want 200ms", got[len(got)-1])
	}
}

// TestFaultLatencyAbandoned: when the wait ends with an error (the request's context ended), the
// sandbox closes the connection without an answer and the request does not take effect.
func TestFaultLatencyAbandoned(t *testing.T) {
	rec := &sleepRecorder{err: context.Canceled}
	e := newEnv(t, sandbox.WithSleeper(rec.sleep),
		sandbox.WithFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Latency}, Latency: time.Hour}))
	s := e.supplier()
	if r, err := e.try(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")); err == nil {
		t.Fatalf("got %d %s, want a transport error", r.status, r.body)
	}
	if n := e.sb.LinkCount(); n != 0 {
		t.Errorf("%d links stored by an abandoned request", n)
	}
	if got, _ := rec.recorded(); !slices.Equal(got, []time.Duration{time.Hour}) {
		t.Errorf("latency waits %v, want [1h]", got)
	}
}

func TestParseFaults(t *testing.T) {
	f, err := sandbox.ParseFaults("rate=0.25; kinds=429,rate-limit,drop-after seed=-3;latency=50ms retry-after=3s")
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Faults{Rate: 0.25, Kinds: []sandbox.FaultKind{sandbox.RateLimit, sandbox.RateLimit, sandbox.DropAfter}, Seed: -3, Latency: 50 * time.Millisecond, RetryAfter: 3 * time.Second}
	if fmt.Sprint(f) != fmt.Sprint(want) {
		t.Errorf("ParseFaults = %+v, want %+v", f, want)
	}
	if f, err := sandbox.ParseFaults(""); err != nil || f.Rate != 0 {
		t.Errorf("empty spec: %+v, %v", f, err)
	}
	for _, bad := range []string{"rate=2", "rate=-0.1", "kinds=418", "speed=1", "rate", "latency=soon"} {
		if _, err := sandbox.ParseFaults(bad); err == nil {
			t.Errorf("ParseFaults(%q) accepted", bad)
		}
	}
	for _, k := range sandbox.AllFaultKinds() {
		if got, err := sandbox.ParseFaultKind(k.String()); err != nil || got != k {
			t.Errorf("ParseFaultKind(%q) = %v, %v", k, got, err)
		}
	}
	all := sandbox.AllFaultKinds()
	if len(all) != 8 {
		t.Errorf("AllFaultKinds() = %v, want the 8 kinds", all)
	}
	all[0] = sandbox.Latency // a caller's copy: changing it changes nothing else
	if again := sandbox.AllFaultKinds(); again[0] != sandbox.RateLimit {
		t.Errorf("AllFaultKinds() = %v after a caller changed its slice", again)
	}
	if _, err := sandbox.New(sandbox.WithFaults(sandbox.Faults{Rate: 1.5})); err == nil {
		t.Error("New accepted a fault rate of 1.5")
	}
}
