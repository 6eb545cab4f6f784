package integration

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// itSkewedSigner re-signs each signed request with a signer whose clock is off by skew. The
// request still goes through the client (building, sending, retry policy, error decoding) and
// only the signature's time differs, while the client's own clock agrees with the server's
// Date header: a signature minted by a stale clock elsewhere, which clock-skew correction has
// nothing to learn from. (procuret.WithClock, by contrast, skews the client's clock as a whole,
// which the client corrects from Date; see the subtests that use it.)
type itSkewedSigner struct {
	next   procuret.HTTPDoer
	signer *auth.Signer
}

func (d itSkewedSigner) Do(r *http.Request) (*http.Response, error) {
	if r.Header.Get(auth.HeaderSignature) != "" {
		r = r.Clone(r.Context())
		if err := d.signer.Sign(r); err != nil {
			return nil, err
		}
	}
	return d.next.Do(r)
}

// itNoDate removes the Date header from responses, as a proxy might.
type itNoDate struct{ next procuret.HTTPDoer }

func (d itNoDate) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(r)
	if resp != nil {
		resp.Header.Del("Date")
	}
	return resp, err
}

// TestIntegrationAuth: what authenticates against the sandbox and what does not.
func TestIntegrationAuth(t *testing.T) {
	t.Parallel()
	e := itStart(t, "", sandbox.WithSeed(strings.NewReader(itSeed)))
	acct := e.sb.DefaultAccount()
	long := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	short := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived)

	t.Run("short-lived session works", func(t *testing.T) {
		c := e.anon.Authenticated(short.Credentials())
		s, err := c.GetSession(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if s.SessionID != short.SessionID || s.Lifecycle != procuret.LifecycleShortLived {
			t.Errorf("GetSession = %v", s)
		}
		if _, err := c.ListInstalmentLinks(t.Context(), procuret.ListLinksParams{}); err != nil {
			t.Errorf("ListInstalmentLinks: %v", err)
		}
	})

	t.Run("long-lived session works", func(t *testing.T) {
		if _, err := e.anon.Authenticated(long.Credentials()).GetSession(t.Context()); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("wrong API key", func(t *testing.T) {
		const wrongKey = "bm90LXRoZS1rZXktYXQtYWxsLXJlYWxseQ"
		for _, tc := range []struct {
			name string
			sess *procuret.Session
			lc   auth.Lifecycle
		}{{"long-lived", long, auth.LongLived}, {"short-lived", short, auth.ShortLived}} {
			creds, err := auth.NewCredentials(tc.sess.SessionID, wrongKey, tc.lc)
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.anon.Authenticated(creds).GetSession(t.Context())
			ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
			if ae.StatusCode != http.StatusUnauthorized || strings.Contains(err.Error(), wrongKey) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	})

	t.Run("the other lifecycle's credential", func(t *testing.T) {
		// Official SDKs ignore the lifecycle: JavaScript keys long-lived sessions, .NET signs short-lived ones.
		for sess, as := range map[*procuret.Session]auth.Lifecycle{long: auth.ShortLived, short: auth.LongLived} {
			creds, _ := auth.NewCredentials(sess.SessionID, sess.Credentials().APIKey(), as)
			if got, err := e.anon.Authenticated(creds).GetSession(t.Context()); err != nil || got.SessionID != sess.SessionID {
				t.Errorf("session %v sent as %s: %v, %v", sess, as, got, err)
			}
		}
	})

	t.Run("unknown session", func(t *testing.T) {
		creds, err := auth.NewCredentials(1, "c29tZS1rZXk", auth.LongLived)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.anon.Authenticated(creds).ListInstalmentLinks(t.Context(), procuret.ListLinksParams{})
		itAPIError(t, err, procuret.ErrNotAuthenticated)
	})

	t.Run("acting for another agent", func(t *testing.T) { itActingFor(t, e, acct, long) })

	t.Run("no credentials", func(t *testing.T) {
		before := e.sent.Load()
		for name, call := range map[string]func() error{
			"GetSession": func() error { _, err := e.anon.GetSession(t.Context()); return err },
			"SwitchPerspective": func() error {
				_, err := e.anon.SwitchPerspective(t.Context(), procuret.PerspectiveSupplier)
				return err
			},
			"ListPaymentSeries":     func() error { _, err := e.anon.ListPaymentSeries(t.Context(), procuret.ListSeriesParams{}); return err },
			"GetEntity":             func() error { _, err := e.anon.GetEntity(t.Context(), itSupplierID); return err },
			"GetInstalmentSchedule": func() error { _, err := e.anon.GetInstalmentSchedule(t.Context(), sandbox.DefaultSeriesID); return err },
		} {
			if err := call(); !errors.Is(err, procuret.ErrNoCredentials) {
				t.Errorf("%s: %v, want ErrNoCredentials", name, err)
			}
		}
		if n := e.sent.Load() - before; n != 0 {
			t.Errorf("%d requests sent without credentials", n)
		}
	})
}

// TestIntegrationClock: signatures made by a clock behind the sandbox's, and the client's
// correction from the Date header.
func TestIntegrationClock(t *testing.T) {
	t.Parallel()
	e := itStart(t, "", sandbox.WithSeed(strings.NewReader(itSeed)))
	acct := e.sb.DefaultAccount()
	long := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)

	t.Run("signature made 30 minutes behind", func(t *testing.T) {
		creds := long.Credentials()
		skewed := func(d time.Duration) *procuret.Client {
			signer := auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(func() time.Time { return time.Now().Add(d) }))
			return e.client(t, itSkewedSigner{next: e.hc, signer: signer}).Authenticated(creds)
		}
		// The re-signing itself is sound: no skew passes.
		if _, err := skewed(0).GetSession(t.Context()); err != nil {
			t.Fatalf("re-signed with no skew: %v", err)
		}
		_, err := skewed(-30 * time.Minute).GetSession(t.Context())
		ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
		if !strings.Contains(ae.Message, "stale") {
			t.Errorf("message %q does not say the signature is stale", ae.Message)
		}
		// A write is refused the same way and stores nothing.
		before := e.sb.LinkCount()
		_, err = skewed(-30*time.Minute).CreateInstalmentLink(t.Context(), procuret.CreateLinkParams{
			SupplierID: itSupplierID, Amount: itDec("600"), InviteeEmail: "x@example.com",
			InvoiceIdentifier: "INV-SKEW", Communication: procuret.DoNotNotify,
		})
		itAPIError(t, err, procuret.ErrNotAuthenticated)
		if e.sb.LinkCount() != before {
			t.Error("a refused create stored a link")
		}
	})

	// With the client's own clock option the sandbox's Date header gives the client the
	// server's time: the client re-signs once with it (transport's clock-skew correction) and
	// keeps the correction for later calls.
	t.Run("client clock 30 minutes behind, corrected from Date", func(t *testing.T) {
		ctx := t.Context()
		var n atomic.Int64
		c, err := procuret.NewClient(
			procuret.WithBaseURL(e.base),
			procuret.WithHTTPClient(itCounter{next: e.hc, n: &n}),
			procuret.WithClock(func() time.Time { return time.Now().Add(-30 * time.Minute) }),
			procuret.WithCredentials(long.Credentials()),
		)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetSession(ctx); err != nil {
			t.Fatalf("GetSession with a clock 30 minutes behind: %v; want the client to correct its clock from the Date header", err)
		}
		if got := n.Load(); got != 2 {
			t.Errorf("%d attempts, want 2: one refused, one re-signed with the server's time", got)
		}
		if _, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{}); err != nil {
			t.Errorf("a later call: %v", err)
		}
		if got := n.Load(); got != 3 {
			t.Errorf("%d attempts after a second call, want 3: the correction is kept", got)
		}
	})

	// Without a Date header the client cannot learn the server's time, and the signature of
	// a clock 30 minutes behind is refused.
	t.Run("client clock 30 minutes behind, no Date", func(t *testing.T) {
		var n atomic.Int64
		c, err := procuret.NewClient(
			procuret.WithBaseURL(e.base),
			procuret.WithHTTPClient(itNoDate{itCounter{next: e.hc, n: &n}}),
			procuret.WithClock(func() time.Time { return time.Now().Add(-30 * time.Minute) }),
			procuret.WithCredentials(long.Credentials()),
		)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetSession(t.Context())
		ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
		if !strings.Contains(ae.Message, "stale") || ae.StatusCode != http.StatusUnauthorized {
			t.Errorf("error %v: want a 401 saying the signature is stale", ae)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("%d attempts, want 1 (nothing to correct from)", got)
		}
	})
}

// itActingFor: a session acts for another agent only when its own agent holds every entity that
// agent holds (the sandbox's rule for x-procuret-forwarded-agent, issue 11).
func itActingFor(t *testing.T, e *itEnv, acct sandbox.Account, long *procuret.Session) {
	ctx := t.Context()
	// The dual account holds every entity the demo supplier's account holds (and the demo
	// business too): its session may act for the supplier's agent, and what it creates
	// belongs to that agent.
	dual := e.login(t, itDualEmail, itDualPassword, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	creds, err := auth.NewCredentials(dual.SessionID, dual.Credentials().APIKey(), auth.LongLived, auth.ActingFor(acct.AgentID))
	if err != nil {
		t.Fatal(err)
	}
	forSupplier := e.anon.Authenticated(creds)
	l, err := forSupplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("700"), InviteeEmail: "x@example.com",
		InvoiceIdentifier: "INV-ACTING", Communication: procuret.DoNotNotify,
	})
	if err != nil {
		t.Fatal(err)
	}
	bySupplier, err := forSupplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{CreatedBy: acct.AgentID})
	if err != nil || !slices.Contains(itLinkIDs(bySupplier), l.PublicID) {
		t.Errorf("links created by agent %d = %v, %v; want %s among them", acct.AgentID, itLinkIDs(bySupplier), err, l.PublicID)
	}
	// The other way round is an escalation (issue 11): the supplier's account does not hold
	// the demo business, so its session may not act for the dual account: 403.
	creds, err = auth.NewCredentials(long.SessionID, long.Credentials().APIKey(), auth.LongLived, auth.ActingFor(itDualAgentID))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.anon.Authenticated(creds).ListInstalmentLinks(ctx, procuret.ListLinksParams{})
	itAPIError(t, err, procuret.ErrNotAuthorised)
	// The demo customer shares no entity with the supplier's account: 403.
	creds, err = auth.NewCredentials(long.SessionID, long.Credentials().APIKey(), auth.LongLived, auth.ActingFor(sandbox.DefaultBusinessAgentID))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.anon.Authenticated(creds).ListInstalmentLinks(ctx, procuret.ListLinksParams{})
	itAPIError(t, err, procuret.ErrNotAuthorised)
}
