package procuret

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go/internal/transport"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/types"
)

// The fault matrix: each fault the issue names, against the sandbox (or an
// httptest server where the sandbox cannot misbehave that way), asserting
// how many attempts were made, what error came back, and that no create was
// sent twice or made twice.

func TestFaultRateLimitedRead(t *testing.T) {
	e := startSandbox(t, nil)
	e.faultOnce(t, sandbox.RateLimit, 3*time.Second)
	s, err := e.c.GetPaymentSeries(t.Context(), "ps_demo1")
	if err != nil || s.PublicID != "ps_demo1" {
		t.Fatalf("GetPaymentSeries = %v, %v", s, err)
	}
	if n := e.wire.count("GET /payment/series"); n != 2 {
		t.Errorf("sent %d attempts, want 2", n)
	}
	if w := e.sleep.durations(); len(w) != 1 || w[0] != 3*time.Second {
		t.Errorf("waits = %v, want the Retry-After of 3s", w)
	}
}

func TestFaultRateLimitedCreate(t *testing.T) {
	e := startSandbox(t, nil)
	before := e.sb.LinkCount()
	e.faultOnce(t, sandbox.RateLimit, 2*time.Second)
	_, err := e.c.CreateInstalmentLink(t.Context(), linkParams(1))
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != ErrRateLimited || pe.RetryAfter != 2*time.Second || pe.Attempts != 1 {
		t.Fatalf("err = %v, want a 429 *Error after 1 attempt with RetryAfter 2s", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a 429 is a definite answer: %v", err)
	}
	if n := e.wire.count("POST /instalment-link"); n != 1 || e.sb.LinkCount() != before {
		t.Errorf("sent %d creates and made %d links, want 1 and 0", n, e.sb.LinkCount()-before)
	}
}

func TestFaultUnavailableThenSuccess(t *testing.T) {
	e := startSandbox(t, nil)
	e.faultOnce(t, sandbox.Status503, 0)
	links, err := e.c.ListInstalmentLinks(t.Context(), ListLinksParams{Limit: 5})
	if err != nil || links == nil {
		t.Fatalf("ListInstalmentLinks = %v, %v", links, err)
	}
	if n := e.wire.count("GET /instalment-link/list"); n != 2 {
		t.Errorf("sent %d attempts, want 2", n)
	}
	if w := e.sleep.durations(); len(w) != 1 || w[0] < 375*time.Millisecond || w[0] > 500*time.Millisecond {
		t.Errorf("waits = %v, want one of 0.5s less up to 25%% jitter", w)
	}
}

func TestFaultUnavailableForGood(t *testing.T) {
	e := startSandbox(t, nil)
	e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status502}})
	_, err := e.c.GetPaymentSeries(t.Context(), "ps_demo1")
	var pe *Error
	if !errors.As(err, &pe) || pe.StatusCode != 502 || pe.Attempts != 3 || !strings.HasSuffix(err.Error(), "(after 3 attempts)") {
		t.Fatalf("err = %v, want a 502 *Error after 3 attempts", err)
	}
	if n := e.wire.total(); n != 3 {
		t.Errorf("sent %d requests, want 3", n)
	}
}

func TestFaultDropOnRead(t *testing.T) {
	for _, kind := range []sandbox.FaultKind{sandbox.DropBefore, sandbox.DropAfter, sandbox.Truncate} {
		t.Run(kind.String(), func(t *testing.T) {
			e := startSandbox(t, nil)
			e.faultOnce(t, kind, 0)
			s, err := e.c.GetPaymentSeries(t.Context(), "ps_demo1")
			if err != nil || s.PublicID != "ps_demo1" {
				t.Fatalf("GetPaymentSeries = %v, %v", s, err)
			}
			if n := e.wire.count("GET /payment/series"); n != 2 {
				t.Errorf("sent %d attempts, want 2", n)
			}
		})
	}
}

// TestFaultDropOnCreate: the create is sent once; its outcome is settled by
// reading the supplier's links.
func TestFaultDropOnCreate(t *testing.T) {
	for _, tc := range []struct {
		kind    sandbox.FaultKind
		created bool // the sandbox stored the link before the fault
	}{
		{sandbox.DropAfter, true},
		{sandbox.Truncate, true},
		{sandbox.DropBefore, false},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			e := startSandbox(t, nil)
			before := e.sb.LinkCount()
			e.faultOnce(t, tc.kind, 0)
			link, err := e.c.CreateInstalmentLink(t.Context(), linkParams(7))
			if n := e.wire.count("POST /instalment-link"); n != 1 {
				t.Fatalf("sent the create %d times, want once", n)
			}
			if e.wire.count("GET /instalment-link/list") == 0 {
				t.Error("the outcome was not looked up")
			}
			made := e.sb.LinkCount() - before
			if !tc.created {
				var u *UnknownOutcomeError
				if link != nil || !errors.Is(err, ErrOutcomeUnknown) || !errors.As(err, &u) || !u.Searched || u.Attempts != 1 || made != 0 {
					t.Fatalf("= %v, %v (made %d), want ErrOutcomeUnknown after a search that found nothing", link, err, made)
				}
				for _, want := range []string{"outcome unknown", "no matching link was found", "check before sending it again"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("err = %q, want it to say %q", err, want)
					}
				}
				return
			}
			if err != nil || made != 1 {
				t.Fatalf("= %v, %v (made %d links), want the link found by reconciliation", link, err, made)
			}
			stored := e.sb.Links()[before]
			if link.PublicID != stored.PublicID || link.URL() == "" {
				t.Errorf("returned %q, the sandbox stored %q", link.PublicID, stored.PublicID)
			}
		})
	}
}

// TestReconcileClaimsEachLinkOnce: two identical creates whose answers are
// both lost settle on two different links; a third, never stored, finds
// neither.
func TestReconcileClaimsEachLinkOnce(t *testing.T) {
	e := startSandbox(t, nil)
	p := linkParams(3)
	var got []string
	for range 2 {
		e.faultOnce(t, sandbox.DropAfter, 0)
		link, err := e.c.CreateInstalmentLink(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, link.PublicID)
	}
	if got[0] == got[1] {
		t.Fatalf("both creates reported link %s", got[0])
	}
	// A copy of the client shares what it has reported.
	e.faultOnce(t, sandbox.DropBefore, 0)
	if _, err := e.c.Authenticated(e.c.Credentials()).CreateInstalmentLink(t.Context(), p); !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("third create: err = %v, want ErrOutcomeUnknown (both links are claimed)", err)
	}
	if n := e.sb.LinkCount(); n != 2 {
		t.Errorf("the sandbox holds %d links, want 2", n)
	}
	// A direct success is claimed too.
	direct, err := e.c.CreateInstalmentLink(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	e.faultOnce(t, sandbox.DropBefore, 0)
	if l, err := e.c.CreateInstalmentLink(t.Context(), p); !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("= %v, %v; want ErrOutcomeUnknown, not the link %s returned before", l, err, direct.PublicID)
	}
}

// TestReconcileSearchFails: when the search cannot be made either, the error
// says so and wraps why.
func TestReconcileSearchFails(t *testing.T) {
	e := startSandbox(t, nil)
	e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status503}})
	e.faultOnce(t, sandbox.DropAfter, 0)
	e.wire.setAfter(func(*http.Request, int) {
		e.wire.setAfter(nil)
		e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status503}})
	})
	_, err := e.c.CreateInstalmentLink(t.Context(), linkParams(4))
	var u *UnknownOutcomeError
	if !errors.As(err, &u) || u.Searched || u.SearchErr == nil || !errors.Is(err, ErrServiceDisruption) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown wrapping the failed search", err)
	}
	if !strings.Contains(err.Error(), "could not check whether it was created") {
		t.Errorf("err = %q", err)
	}
	// The search reads had the larger budget.
	if n := e.wire.count("GET /instalment-link/list"); n != reconcileMinRetries+1 {
		t.Errorf("the search sent %d reads, want %d", n, reconcileMinRetries+1)
	}
	if e.sb.LinkCount() != 1 || e.wire.count("POST /instalment-link") != 1 {
		t.Errorf("links %d, creates sent %d", e.sb.LinkCount(), e.wire.count("POST /instalment-link"))
	}
}

func TestFaultTruncatedJSON(t *testing.T) {
	// A read cut short every time: retried, then a clear error.
	c, mux, _ := setup(t)
	n := 0
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		io.WriteString(w, `{"entity_id":1399105548966`)
	})
	_, err := c.GetEntity(t.Context(), 1)
	if !errors.Is(err, io.ErrUnexpectedEOF) || n != 3 || !strings.Contains(err.Error(), "reading the response (status 200)") ||
		!strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("err = %v after %d requests", err, n)
	}
	// Complete but cut JSON (the server's own bug): a decode error, not retried.
	c, mux, _ = setup(t)
	n = 0
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n++
		serveJSON(w, 200, []byte(`{"entity_id":13991055489669749,"legal`))
	})
	_, err = c.GetEntity(t.Context(), 1)
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != ErrUnexpectedBody || pe.StatusCode != 200 || pe.Excerpt == "" || n != 1 {
		t.Fatalf("err = %v after %d requests, want ErrUnexpectedBody with an excerpt", err, n)
	}
}

func TestFaultHTMLErrorPage(t *testing.T) {
	const page = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
	c, mux, _ := setup(t)
	n := 0
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		io.WriteString(w, page)
	})
	_, err := c.GetEntity(t.Context(), 1)
	var pe *Error
	if !errors.As(err, &pe) || pe.StatusCode != 502 || pe.Kind != ErrServiceDisruption || pe.Excerpt != page || pe.Attempts != 3 || n != 3 {
		t.Fatalf("err = %#v after %d requests", err, n)
	}
	// On a create: sent once, and a 502 is a definite answer.
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		io.WriteString(w, page)
	})
	n = 0
	_, err = c.CreateInstalmentLink(t.Context(), validLinkParams())
	if !errors.As(err, &pe) || pe.StatusCode != 502 || pe.Attempts != 1 || n != 1 || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v after %d requests", err, n)
	}
}

func TestFaultSlowBodyPastDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	sl := &sleeps{}
	c, mux, _ := setup(t, WithTimeout(100*time.Millisecond), WithSleeper(sl.sleep))
	var n atomic.Int32
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		io.WriteString(w, `{"entity_id":`)
		http.NewResponseController(w).Flush()
		select { // the rest never comes
		case <-r.Context().Done():
		case <-release:
		}
	})
	// The deadline ends the read of the body: one attempt, no wait to
	// retry, and the error is the deadline's.
	_, err := c.GetEntity(context.Background(), 1)
	if !errors.Is(err, context.DeadlineExceeded) || n.Load() != 1 || len(sl.durations()) != 0 {
		t.Fatalf("err = %v after %d requests and waits %v, want the deadline after one attempt", err, n.Load(), sl.durations())
	}
}

// linkServer is a tiny API for the timeout cases: POST /instalment-link
// reads its body, stores a link when store is set, sends the headers of a
// 200 and a little of the body, then stalls until the client goes;
// GET /instalment-link/list answers the stored links.
func linkServer(t *testing.T, store bool, opts ...Option) (*Client, *int, *int) {
	t.Helper()
	c, mux, _ := setup(t, append([]Option{withClock(time.Now)}, opts...)...)
	var stored []byte
	creates, lists := new(int), new(int)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		*creates++
		io.Copy(io.Discard, r.Body)
		link := fmt.Sprintf(`{"public_id":"il_Stalled0001","created":%q,"supplier":{"entity_id":13991055489669749,"legal_entity_name":"Demo"},`+
			`"invoice_amount":"422.42","invitee_email":"Customer@example.com","invoice_identifier":"INV-1001","opens":[],"sale_name":1,"allow_edit":false,"denomination_id":1}`,
			types.NewTime(time.Now()).String())
		if store {
			stored = []byte(link)
		}
		w.Header().Set("Content-Length", "2000")
		w.WriteHeader(200)
		io.WriteString(w, link[:20])
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		*lists++
		if stored == nil {
			serveJSON(w, 200, []byte(`[]`))
			return
		}
		serveJSON(w, 200, append(append([]byte("["), stored...), ']'))
	})
	return c, creates, lists
}

// stallTimeout is the client's timeout in the cases where the server stalls:
// long enough that a loaded machine (CI's two cores running -race) still
// gets the request to the server before it passes, short enough to wait.
const stallTimeout = time.Second

// TestFaultCreateTimesOut: the create's answer stalls past the deadline. The
// client does not send it again; it searches under a fresh deadline.
func TestFaultCreateTimesOut(t *testing.T) {
	t.Run("made", func(t *testing.T) {
		c, creates, lists := linkServer(t, true, WithTimeout(stallTimeout))
		link, err := c.CreateInstalmentLink(context.Background(), validLinkParams())
		if err != nil || link.PublicID != "il_Stalled0001" || *creates != 1 || *lists != 1 {
			t.Fatalf("= %v, %v (creates %d, lists %d), want the stored link", link, err, *creates, *lists)
		}
	})
	t.Run("not made", func(t *testing.T) {
		c, creates, lists := linkServer(t, false, WithTimeout(stallTimeout))
		_, err := c.CreateInstalmentLink(context.Background(), validLinkParams())
		var u *UnknownOutcomeError
		if !errors.As(err, &u) || !u.Searched || !errors.Is(err, context.DeadlineExceeded) || *creates != 1 || *lists != 1 {
			t.Fatalf("err = %v (creates %d, lists %d), want ErrOutcomeUnknown after a search, wrapping the deadline", err, *creates, *lists)
		}
		// One attempt, and the search (one page) succeeded under its own
		// deadline.
		if u.Attempts != 1 || u.SearchErr != nil {
			t.Errorf("attempts %d, search error %v", u.Attempts, u.SearchErr)
		}
	})
	t.Run("caller's deadline", func(t *testing.T) {
		// The caller's own deadline passing is a timeout too: the search
		// still runs, under the client's fresh deadline.
		c, _, lists := linkServer(t, true)
		ctx, cancel := context.WithTimeout(context.Background(), stallTimeout)
		defer cancel()
		if link, err := c.CreateInstalmentLink(ctx, validLinkParams()); err != nil || *lists != 1 {
			t.Fatalf("= %v, %v after %d searches", link, err, *lists)
		}
	})
}

// TestFaultCreateCancelled: a caller that cancels gets ErrOutcomeUnknown at
// once, without a search.
func TestFaultCreateCancelled(t *testing.T) {
	c, creates, lists := linkServer(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.CreateInstalmentLink(ctx, validLinkParams())
	var u *UnknownOutcomeError
	if !errors.As(err, &u) || u.Searched || u.NotSearched == "" || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown without a search", err)
	}
	if *creates != 1 || *lists != 0 {
		t.Errorf("creates %d, searches %d after the caller cancelled", *creates, *lists)
	}
}

func TestFaultCancelledDuringBackoff(t *testing.T) {
	e := startSandbox(t, nil)
	e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status503}})
	ctx, cancel := context.WithCancel(context.Background())
	e.sleep.hook = func(int) { cancel() } // the caller gives up while the client waits
	_, err := e.c.GetPaymentSeries(ctx, "ps_demo1")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "gave up waiting to retry (status 503)") {
		t.Fatalf("err = %v, want context.Canceled while waiting", err)
	}
	// One attempt and one wait, cut short: no second attempt.
	if n, waits := e.wire.total(), e.sleep.durations(); n != 1 || len(waits) != 1 {
		t.Errorf("sent %d requests after waits %v, want 1 request and 1 wait", n, waits)
	}
	// With the real sleeper: a wait of a minute ends when the context does.
	// The caller cancels once the client has decided to wait (its logger
	// says so just before the wait).
	retrying := make(chan struct{})
	log := slog.New(signalHandler{msg: "procuret: retrying", once: new(sync.Once), ch: retrying})
	w := &wire{next: e.hc}
	c, err := NewClient(WithBaseURL(e.base), WithCredentials(e.c.Credentials()), WithHTTPClient(w), WithLogger(log),
		WithBackoff(time.Minute, time.Minute), WithTimeout(-1)) // no deadline to refuse a long wait
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-retrying
		cancel()
	}()
	_, err = c.GetPaymentSeries(ctx, "ps_demo1")
	var we *transport.WaitError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &we) || w.total() != 1 {
		t.Errorf("err = %v after %d requests, want context.Canceled while waiting to retry, after 1 request", err, w.total())
	}
}

// TestFaultSkewedServerClock: the sandbox's clock runs an hour ahead, so the
// client's signatures are from a window it no longer accepts. The client
// reads the server's Date, corrects its signing clock and succeeds on the
// second attempt; later calls need one.
func TestFaultSkewedServerClock(t *testing.T) {
	e := startSandbox(t, []sandbox.Option{sandbox.WithClock(func() time.Time { return time.Now().Add(time.Hour) })})
	s, err := e.c.GetPaymentSeries(t.Context(), "ps_demo1")
	if err != nil || s.PublicID != "ps_demo1" {
		t.Fatalf("GetPaymentSeries = %v, %v", s, err)
	}
	if n := e.wire.total(); n != 2 {
		t.Errorf("sent %d attempts, want 2", n)
	}
	if off := e.c.clockOffset(); off < time.Hour-5*time.Second || off > time.Hour+5*time.Second {
		t.Errorf("clock offset = %v, want about 1h", off)
	}
	// Writes too: a 401 means nothing was done. And the correction sticks.
	if _, err := e.c.CreateInstalmentLink(t.Context(), linkParams(11)); err != nil {
		t.Fatal(err)
	}
	if n := e.wire.total(); n != 3 || e.sb.LinkCount() != 1 {
		t.Errorf("sent %d requests and made %d links, want 3 and 1", n, e.sb.LinkCount())
	}
	// A copy made now signs with the corrected clock from the start.
	if _, err := e.c.Authenticated(e.c.Credentials()).GetPaymentSeries(t.Context(), "ps_demo1"); err != nil || e.wire.total() != 4 {
		t.Errorf("copy: %v after %d requests", err, e.wire.total())
	}
}

// TestClockSkewTenMinutes is the same against a server that says exactly
// where its clock is: ten minutes ahead of the client's fixed clock.
func TestClockSkewTenMinutes(t *testing.T) {
	server := testNow.Add(10 * time.Minute)
	c, mux, _ := setup(t)
	var sigs []string
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		sigs = append(sigs, r.Header.Get("X-Procuret-Signature"))
		w.Header().Set("Date", server.Format(http.TimeFormat))
		if r.Header.Get("X-Procuret-Signature") != wantSignature(testAPIKey, server, "/entity") {
			serveJSON(w, 401, []byte(`{"error-information":"Not authenticated: the signature is stale","response-code":401}`))
			return
		}
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	if _, err := c.GetEntity(t.Context(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 || sigs[0] != wantSignature(testAPIKey, testNow, "/entity") {
		t.Errorf("signatures = %q", sigs)
	}
	if got := c.clockOffset(); got != 10*time.Minute {
		t.Errorf("clock offset = %v, want 10m", got)
	}
}

func TestDefaultTimeout(t *testing.T) {
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if c.timeout() != DefaultTimeout || DefaultTimeout != 30*time.Second {
		t.Errorf("timeout = %v, want %v", c.timeout(), DefaultTimeout)
	}
	p := c.tr.Policy
	if p.MaxRetries != 2 || p.BaseDelay != 500*time.Millisecond || p.MaxDelay != 8*time.Second || c.tr.MaxBody != 16<<20 {
		t.Errorf("policy = %+v, body cap %d", p, c.tr.MaxBody)
	}
	for _, tc := range []struct {
		opt  Option
		want time.Duration
	}{{WithTimeout(0), DefaultTimeout}, {WithTimeout(time.Second), time.Second}, {WithTimeout(-1), 0}} {
		c, err := NewClient(tc.opt)
		if err != nil || c.timeout() != tc.want {
			t.Errorf("timeout = %v, %v; want %v", c.timeout(), err, tc.want)
		}
	}
	// A server that never answers cannot hold a call past the timeout.
	release := make(chan struct{})
	defer close(release)
	sl := &sleeps{}
	c, mux, _ := setup(t, WithTimeout(50*time.Millisecond), WithSleeper(sl.sleep))
	var n atomic.Int32
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	// The call ends with the deadline's error: the deadline, not an answer,
	// ended it, and nothing was retried.
	if _, err := c.GetEntity(context.Background(), 1); !errors.Is(err, context.DeadlineExceeded) || n.Load() > 1 || len(sl.durations()) != 0 {
		t.Errorf("err = %v after %d requests and waits %v", err, n.Load(), sl.durations())
	}
}

func TestReliabilityOptions(t *testing.T) {
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{WithMaxRetries(-1), "must not be negative"},
		{WithBackoff(0, time.Second), "0 < base <= max"},
		{WithBackoff(time.Second, time.Millisecond), "0 < base <= max"},
		{WithClock(nil), "now is nil"},
		{WithSleeper(nil), "sleep is nil"},
	} {
		if _, err := NewClient(tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
	c, err := NewClient(WithMaxRetries(0), WithBackoff(time.Millisecond, 2*time.Millisecond), WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if p := c.tr.Policy; p.MaxRetries != 0 || p.BaseDelay != time.Millisecond || p.MaxDelay != 2*time.Millisecond {
		t.Errorf("policy = %+v", p)
	}
	// Retries off: one attempt.
	c, mux, _ := setup(t, WithMaxRetries(0))
	n := 0
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		n++
		serveJSON(w, 503, []byte(`{"error-information":"down","response-code":503}`))
	})
	if _, err := c.GetEntity(t.Context(), 1); !errors.Is(err, ErrServiceDisruption) || n != 1 {
		t.Errorf("err = %v after %d requests", err, n)
	}
}

func TestGatewayTimeoutOnCreate(t *testing.T) {
	// A 504 on a create: the API may have acted, so the outcome is unknown
	// (and searched for); the *Error stays reachable.
	c, mux, _ := setup(t)
	var creates, lists int
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		creates++
		serveJSON(w, 504, []byte(`{"error-information":"Gateway timeout","response-code":504}`))
	})
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		lists++
		testQuery(t, r, "limit=50&order=descending&order_by=created&supplier_id=13991055489669749")
		serveJSON(w, 200, []byte(`[]`))
	})
	_, err := c.CreateInstalmentLink(t.Context(), validLinkParams())
	var pe *Error
	var u *UnknownOutcomeError
	if !errors.As(err, &u) || !u.Searched || !errors.As(err, &pe) || pe.StatusCode != 504 || creates != 1 || lists != 1 {
		t.Fatalf("err = %v (creates %d, lists %d)", err, creates, lists)
	}
}

// TestUnknownOutcomeOtherWrites: writes with nothing to search for report
// the unknown outcome as it is.
func TestUnknownOutcomeOtherWrites(t *testing.T) {
	c, mux, _ := setup(t)
	var n atomic.Int32 // the handler writes nothing that would order it before the test's read
	mux.HandleFunc("/instalment-link/open", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		panic(http.ErrAbortHandler)
	})
	err := c.MarkInstalmentLinkOpened(t.Context(), "il_1")
	var u *UnknownOutcomeError
	if !errors.As(err, &u) || u.Searched || u.Attempts != 1 || n.Load() != 1 {
		t.Fatalf("err = %v after %d requests", err, n.Load())
	}
	if strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "?") {
		t.Errorf("err = %q quotes the URL", err)
	}
}

// signalHandler is a slog.Handler that closes ch the first time a record
// with message msg is handled.
type signalHandler struct {
	msg  string
	once *sync.Once
	ch   chan struct{}
}

func (h signalHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h signalHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.once.Do(func() { close(h.ch) })
	}
	return nil
}
func (h signalHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h signalHandler) WithGroup(string) slog.Handler      { return h }

// TestConcurrentIdenticalCreates: of two identical creates in flight at
// once, the first is answered (slowly) and the second's answer is lost after
// the server stored its link. The second's search waits for the first to
// claim its own link, and so reports the other one.
func TestConcurrentIdenticalCreates(t *testing.T) {
	waiting := make(chan struct{}) // the second's search is waiting
	log := slog.New(signalHandler{msg: "procuret: create outcome unknown; waiting for identical creates in flight", once: new(sync.Once), ch: waiting})
	c, mux, _ := setup(t, WithLogger(log))
	returned := make(chan struct{}) // a create returned
	var returnedOnce sync.Once

	var (
		mu    sync.Mutex
		links [][]byte // stored, oldest first
	)
	example := specNode(t, "components", "schemas", "InstalmentLink", "example").(map[string]any)
	mux.HandleFunc("POST /instalment-link", func(w http.ResponseWriter, r *http.Request) {
		l := maps.Clone(example)
		mu.Lock()
		n := len(links) + 1
		l["public_id"] = fmt.Sprintf("il_%d", n)
		body := specJSON(t, l)
		links = append(links, body)
		mu.Unlock()
		if n == 1 {
			// Answered once the other create is waiting to search (or,
			// without the fix, once it has returned).
			select {
			case <-waiting:
			case <-returned:
			}
			serveJSON(w, 200, body)
			return
		}
		// Stored, and the connection dropped before any answer.
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	})
	mux.HandleFunc("GET /instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		var page []json.RawMessage
		for i := len(links) - 1; i >= 0; i-- {
			page = append(page, links[i])
		}
		mu.Unlock()
		serveJSON(w, 200, specJSON(t, page))
	})

	p := validLinkParams()
	var wg sync.WaitGroup
	ids := make([]string, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			l, err := c.CreateInstalmentLink(t.Context(), p)
			if err == nil {
				ids[i] = l.PublicID
			}
			errs[i] = err
			returnedOnce.Do(func() { close(returned) })
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] == ids[1] {
		t.Fatalf("both creates reported link %s", ids[0])
	}
	if len(links) != 2 {
		t.Errorf("the server stored %d links, want 2", len(links))
	}
}

// inflight.wait returns once no identical create is in flight, or when its
// context is done first; ending a create twice counts once.
func TestInflightWait(t *testing.T) {
	f := newInflight()
	a := f.begin("k")
	b := f.begin("k")
	other := f.begin("other")
	defer other.end()
	if n := f.others("k"); n != 2 {
		t.Fatalf("others = %d, want 2", n)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := f.wait(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("wait with creates in flight and a done context = %v, want context.Canceled", err)
	}
	done := make(chan error, 1)
	go func() { done <- f.wait(t.Context(), "k") }()
	a.end()
	a.end()
	if n := f.others("k"); n != 1 {
		t.Errorf("others after one end (twice) = %d, want 1", n)
	}
	b.end()
	if err := <-done; err != nil {
		t.Errorf("wait = %v", err)
	}
	if n := f.others("k"); n != 0 {
		t.Errorf("others = %d, want 0", n)
	}
}

func TestCreateKey(t *testing.T) {
	p := validLinkParams()
	q := p
	q.Currency = 0
	q.Amount = decimalOf("422.420")
	q.InviteeEmail = "Customer@Example.com"
	q.InvoiceIdentifier = " INV-1001 "
	if createKey(p) != createKey(q) {
		t.Errorf("createKey(%+v) = %q, createKey(%+v) = %q; want equal", p, createKey(p), q, createKey(q))
	}
	q.Amount = decimalOf("422.43")
	if createKey(p) == createKey(q) {
		t.Errorf("different amounts give one key %q", createKey(p))
	}
}
