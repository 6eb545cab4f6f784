package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

func setHeader(k, v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set(k, v) } }
func delHeader(k string) func(*http.Request)    { return func(r *http.Request) { r.Header.Del(k) } }

func TestAuthenticationLongLived(t *testing.T) {
	e := seeded(t)
	creds, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	const path = "/instalment-link/list"
	signed := e.signer(creds)
	// A signer whose clock is off by d from the sandbox's.
	skewed := func(d time.Duration) *auth.Signer {
		s := e.signer(creds)
		s.SetClockOffset(d)
		return s
	}
	// How far start is into its 900-second window (14:15 = 855 s).
	sinceWindow := time.Duration(start.Unix()%auth.WindowSeconds) * time.Second

	cases := []struct {
		name   string
		signer *auth.Signer
		edit   []func(*http.Request)
		status int
		want   string
	}{
		{"signed now", signed, nil, 200, ""},
		{"no headers", nil, nil, 401, "x-procuret-session-id is missing"},
		{"signature missing", signed, []func(*http.Request){delHeader(auth.HeaderSignature)}, 401, "x-procuret-signature is missing"},
		{"wrong signature", signed, []func(*http.Request){setHeader(auth.HeaderSignature, auth.Signature("not-the-key", start.Unix(), path))}, 401, "does not match"},
		{"signed for another path", signed, []func(*http.Request){setHeader(auth.HeaderSignature, auth.Signature(creds.APIKey(), start.Unix(), "/entity"))}, 401, `the sandbox signed "1795748400/instalment-link/list" (window start 1795748400, path "/instalment-link/list"); the windows tried were 1795748400 (current, from 2026-11-27T03:00:00Z) and 1795747500 (previous)`},
		{"previous window", skewed(-sinceWindow - time.Second), nil, 200, ""},
		{"stale: two windows back", skewed(-sinceWindow - 901*time.Second), nil, 401, "stale"},
		{"next window: client clock ahead", skewed(900*time.Second - sinceWindow), nil, 401, "clock runs ahead"},
		// The JavaScript SDK never signs: it sends the API key, also for long-lived sessions.
		{"api key instead of signature (JavaScript)", signed, []func(*http.Request){delHeader(auth.HeaderSignature), setHeader(auth.HeaderAPIKey, creds.APIKey())}, 200, ""},
		{"wrong api key instead of signature", signed, []func(*http.Request){delHeader(auth.HeaderSignature), setHeader(auth.HeaderAPIKey, creds.APIKey()+"x")}, 401, "API key does not match"},
		{"right signature, wrong api key", signed, []func(*http.Request){setHeader(auth.HeaderAPIKey, "not-the-key")}, 401, "API key does not match"},
		{"right api key, wrong signature", signed, []func(*http.Request){setHeader(auth.HeaderAPIKey, creds.APIKey()), setHeader(auth.HeaderSignature, auth.Signature("not-the-key", start.Unix(), path))}, 401, "signature does not match"},
		{"right api key and signature", signed, []func(*http.Request){setHeader(auth.HeaderAPIKey, creds.APIKey())}, 200, ""},
		{"api key of another session", signed, []func(*http.Request){delHeader(auth.HeaderSignature), setHeader(auth.HeaderAPIKey, other.APIKey())}, 401, "API key does not match"},
		{"unknown session", signed, []func(*http.Request){setHeader(auth.HeaderSessionID, "12345")}, 401, "no session 12345"},
		{"malformed session id", signed, []func(*http.Request){setHeader(auth.HeaderSessionID, "-4")}, 401, "positive decimal integer"},
		{"signature without session id", signed, []func(*http.Request){delHeader(auth.HeaderSessionID)}, 401, "other credentials"},
		{"forwarded agent sharing the supplier", signed, []func(*http.Request){setHeader(auth.HeaderForwardedAgent, itoa(colleagueID))}, 200, ""},
		{"forwarded agent of another supplier", signed, []func(*http.Request){setHeader(auth.HeaderForwardedAgent, itoa(otherAgentID))}, 403, "may not act for agent"},
		{"forwarded agent malformed", signed, []func(*http.Request){setHeader(auth.HeaderForwardedAgent, "abc")}, 401, "x-procuret-forwarded-agent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.call(c.signer, "GET", path, nil, c.edit...)
			if c.status == 200 {
				wantStatus(t, r, 200)
			} else {
				wantError(t, r, c.status, c.want)
			}
		})
	}

	t.Run("previous window still valid after the boundary", func(t *testing.T) {
		req, _ := http.NewRequest("GET", e.base+path, nil)
		if err := signed.Sign(req); err != nil { // signed at 03:14:15, in the window from 03:00:00
			t.Fatal(err)
		}
		sig := req.Header.Get(auth.HeaderSignature)
		e.clock.Add(900 * time.Second) // received in the next window
		wantStatus(t, e.call(nil, "GET", path, nil, setHeader(auth.HeaderSessionID, itoa(creds.SessionID())), setHeader(auth.HeaderSignature, sig)), 200)
		e.clock.Add(900 * time.Second) // and one later: stale
		wantError(t, e.call(nil, "GET", path, nil, setHeader(auth.HeaderSessionID, itoa(creds.SessionID())), setHeader(auth.HeaderSignature, sig)), 401, "stale")
	})
}

func TestAuthenticationShortLived(t *testing.T) {
	e := newEnv(t)
	creds, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.ShortLived)
	if err != nil {
		t.Fatal(err)
	}
	s := e.signer(creds)
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil), 200)
	wantError(t, e.call(s, "GET", "/instalment-link/list", nil, setHeader(auth.HeaderAPIKey, creds.APIKey()+"x")), 401, "API key does not match")
	wantError(t, e.call(s, "GET", "/instalment-link/list", nil, delHeader(auth.HeaderAPIKey)), 401, "x-procuret-api-key is missing")
	// The .NET SDK always signs, whatever the session's lifecycle: a valid signature works, a
	// wrong one does not.
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil, delHeader(auth.HeaderAPIKey),
		setHeader(auth.HeaderSignature, auth.Signature(creds.APIKey(), start.Unix(), "/instalment-link/list"))), 200)
	wantError(t, e.call(s, "GET", "/instalment-link/list", nil, delHeader(auth.HeaderAPIKey),
		setHeader(auth.HeaderSignature, auth.Signature("not-the-key", start.Unix(), "/instalment-link/list"))), 401, "signature does not match")

	// Use keeps a short-lived session alive; an hour of disuse ends it.
	e.clock.Add(59 * time.Minute)
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil), 200)
	e.clock.Add(61 * time.Minute)
	wantError(t, e.call(s, "GET", "/instalment-link/list", nil), 401, "expired")
	wantError(t, e.call(s, "GET", "/instalment-link/list", nil), 401, "expired") // removed, and still explained
}

func TestOperationsWithoutSession(t *testing.T) {
	e := newEnv(t)
	link := decode[gen.InstalmentLink](t, e.call(e.supplier(), "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "750.00")))
	acct := e.sb.DefaultAccount()
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)},
		{"GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=1000&periods=12&cycle=1", nil},
		{"GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=1000&cycle=1", nil},
		{"GET", "/supplier?supplier_id=13991055489669749", nil},
		{"GET", "/instalment-link?public_id=" + link.PublicID, nil},
		{"POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: link.PublicID}},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			wantStatus(t, e.call(nil, c.method, c.path, c.body), 200)
			// Optional credentials, when sent, must be valid.
			if strings.HasPrefix(c.path, "/second-factor-code") {
				return // security: [] ignores credentials altogether
			}
			wantError(t, e.call(nil, c.method, c.path, c.body, setHeader(auth.HeaderSessionID, "99"), setHeader(auth.HeaderSignature, "bad")), 401)
		})
	}
	// Operations that need no session ignore stale credentials entirely.
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1), setHeader(auth.HeaderSessionID, "99")), 200)
	// Every other operation needs one.
	for _, path := range []string{
		"/session?session_id=1", "/instalment-link/list", "/payment/series?public_id=ps_demo1", "/payment/series/list",
		"/term-rate/group?public_id=trg_demo", "/entity?entity_id=1", "/human?human_id=1", "/commitment?setup_id=ex_demo1",
		"/instalment-schedule?series_id=ps_demo1", "/xero/entity-map?entity_id=1", "/xero/organisation?entity_id=1",
	} {
		wantError(t, e.call(nil, "GET", path, nil), 401, "needs a session")
	}
	wantError(t, e.call(nil, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "750.00")), 401)
	wantError(t, e.call(nil, "PUT", "/session", gen.SessionUpdate{PerspectiveID: 1}), 401)
}

// TestForwardedAgentActs: a link created while acting for a colleague is the colleague's.
func TestForwardedAgentActs(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	acting := setHeader(auth.HeaderForwardedAgent, itoa(colleagueID))
	l := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00"), acting))
	decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "620.00")))
	got := decode[[]gen.InstalmentLink](t, e.call(s, "GET", "/instalment-link/list?created_by="+itoa(colleagueID), nil))
	if len(got) != 1 || got[0].PublicID != l.PublicID {
		t.Errorf("created_by the colleague: %+v, want only %s", got, l.PublicID)
	}
	// Acting for an agent changes whose permissions apply, not the session's.
	wantStatus(t, e.call(s, "GET", "/session?session_id="+itoa(s.Credentials().SessionID()), nil, acting), 200)
}
