package procuret

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// wire is the caller's HTTP client in the reliability tests: it sends through
// next and keeps what went out (method and path of each request, every
// credential header value), and may run a hook after each request, e.g. to
// turn the sandbox's faults off once the first has struck.
type wire struct {
	next HTTPDoer

	mu    sync.Mutex
	sent  []string // "POST /api/instalment-link"
	creds []string // every x-procuret-signature and x-procuret-api-key value
	after func(r *http.Request, n int)
}

func (w *wire) Do(r *http.Request) (*http.Response, error) {
	w.mu.Lock()
	w.sent = append(w.sent, r.Method+" "+r.URL.Path)
	for _, h := range []string{auth.HeaderSignature, auth.HeaderAPIKey} {
		if v := r.Header.Get(h); v != "" {
			w.creds = append(w.creds, v)
		}
	}
	n, after := len(w.sent), w.after
	w.mu.Unlock()
	resp, err := w.next.Do(r)
	if after != nil {
		after(r, n)
	}
	return resp, err
}

// count returns how many requests matched "METHOD /path" (path below /api).
func (w *wire) count(methodPath string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, s := range w.sent {
		if s == strings.Replace(methodPath, " /", " /api/", 1) {
			n++
		}
	}
	return n
}

func (w *wire) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.sent)
}

func (w *wire) credentials() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.creds...)
}

func (w *wire) setAfter(f func(r *http.Request, n int)) {
	w.mu.Lock()
	w.after = f
	w.mu.Unlock()
}

// sleeps is a WithSleeper that records each wait, runs an optional hook and
// returns at once.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
	hook  func(n int)
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	n, hook := len(s.waits), s.hook
	s.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (s *sleeps) durations() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// sbEnv is a sandbox on loopback and a supplier client of it.
type sbEnv struct {
	sb    *sandbox.Sandbox
	base  string
	c     *Client // long-lived supplier session
	wire  *wire
	sleep *sleeps
	hc    *http.Client
}

// startSandbox serves a sandbox for t and returns a client with a long-lived
// session of the default supplier, sending through a wire over an HTTP client
// without keep-alives (so that net/http never resends a dropped GET by
// itself and the wire counts every attempt), waiting through sleeps.
func startSandbox(t testing.TB, sbOpts []sandbox.Option, opts ...Option) *sbEnv {
	t.Helper()
	base, sb := sandboxtest.Start(t, sbOpts...)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	t.Cleanup(tr.CloseIdleConnections)
	e := &sbEnv{sb: sb, base: base, sleep: &sleeps{}, hc: &http.Client{Transport: tr}}
	e.wire = &wire{next: e.hc}
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, PerspectiveSupplier, LifecycleLongLived)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]Option{WithBaseURL(base), WithCredentials(creds), WithHTTPClient(e.wire), WithSleeper(e.sleep.sleep)}, opts...)
	if e.c, err = NewClient(all...); err != nil {
		t.Fatal(err)
	}
	return e
}

// faultOnce makes the sandbox answer the next API request with kind, and
// then nothing more.
func (e *sbEnv) faultOnce(t testing.TB, kind sandbox.FaultKind, retryAfter time.Duration) {
	t.Helper()
	if err := e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{kind}, RetryAfter: retryAfter, Latency: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	e.wire.setAfter(func(*http.Request, int) {
		e.wire.setAfter(nil)
		if err := e.sb.SetFaults(sandbox.Faults{}); err != nil {
			t.Error(err)
		}
	})
}

// linkParams returns a valid link for the default supplier, told apart by n.
func linkParams(n int) CreateLinkParams {
	return CreateLinkParams{
		SupplierID:        sandbox.DefaultSupplierID,
		Amount:            decimalOf(fmt.Sprintf("%d.%02d", 100+n%900, n%100)),
		InviteeEmail:      fmt.Sprintf("customer%d@example.com", n),
		InvoiceIdentifier: fmt.Sprintf("INV-%05d", n),
		Communication:     DoNotNotify,
	}
}

// isZero reports whether v is its type's zero value: how an optional
// response field reads when the API left it out.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }
