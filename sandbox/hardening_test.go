package sandbox_test

// Issue 11's sandbox findings, each kept closed by a test that failed on the sandbox before
// the fix: forwarded-agent escalation, unbounded anonymous opens, lax input, unbounded work.

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// escalationSeed: agent X holds supplier S1 only; agent Y holds S1 and S2.
const escalationSeed = `{
  "suppliers": [
    {"entity_id": 7100000000000001, "short_id": "S1", "legal_name": "One Pty Ltd", "term_rates": [{"periods": 6, "annual_rate_percent": "0"}]},
    {"entity_id": 7100000000000002, "short_id": "S2", "legal_name": "Two Pty Ltd", "term_rates": [{"periods": 6, "annual_rate_percent": "0"}]}
  ],
  "accounts": [
    {"agent_id": 7200000000000001, "email": "x@one.example", "password": "pw-x", "first_name": "Xa", "last_name": "One", "entities": [7100000000000001]},
    {"agent_id": 7200000000000002, "email": "y@two.example", "password": "pw-y", "first_name": "Ya", "last_name": "Two", "entities": [7100000000000001, 7100000000000002]}
  ]
}`

const (
	s1ID, s2ID = int64(7100000000000001), int64(7100000000000002)
	xID, yID   = int64(7200000000000001), int64(7200000000000002)
)

// TestForwardedAgentCannotEscalate (issue 11, finding 3): a session may act for an agent only
// when it holds every entity that agent holds, so forwarding never widens what it may see or do.
func TestForwardedAgentCannotEscalate(t *testing.T) {
	e := newEnv(t, sandbox.WithSeed(strings.NewReader(escalationSeed)))
	x := e.session("x@one.example", auth.PerspectiveSupplier, auth.LongLived)
	y := e.session("y@two.example", auth.PerspectiveSupplier, auth.LongLived)
	asY := setHeader(auth.HeaderForwardedAgent, itoa(yID))
	asX := setHeader(auth.HeaderForwardedAgent, itoa(xID))

	// Y creates a link for S2, which X must never reach.
	l := decode[gen.InstalmentLink](t, e.call(y, "POST", "/instalment-link", newLink(s2ID, "700.00")))

	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/instalment-link/list?supplier_id=" + itoa(s2ID), nil},
		{"GET", "/instalment-link/list", nil},
		{"POST", "/instalment-link", newLink(s2ID, "710.00")},
		{"GET", "/entity?entity_id=" + itoa(s2ID), nil},
		{"GET", "/human?human_id=" + itoa(yID), nil},
	} {
		wantError(t, e.call(x, c.method, c.path, c.body, asY), http.StatusForbidden, "may not act for agent")
	}
	// Without forwarding, X still sees nothing of S2.
	for _, got := range decode[[]gen.InstalmentLink](t, e.call(x, "GET", "/instalment-link/list", nil)) {
		if got.PublicID == l.PublicID {
			t.Errorf("X lists S2's link %s", l.PublicID)
		}
	}
	// The narrowest rule that lets acting_for work: Y holds every entity X holds, so Y may act for X,
	// and what Y creates while acting for X is X's.
	created := decode[gen.InstalmentLink](t, e.call(y, "POST", "/instalment-link", newLink(s1ID, "720.00"), asX))
	mine := decode[[]gen.InstalmentLink](t, e.call(x, "GET", "/instalment-link/list?created_by="+itoa(xID), nil))
	if len(mine) != 1 || mine[0].PublicID != created.PublicID {
		t.Errorf("links created by X: %+v, want %s", mine, created.PublicID)
	}
	// Acting for X, Y sees only what X may see.
	wantError(t, e.call(y, "GET", "/instalment-link/list?supplier_id="+itoa(s2ID), nil, asX), http.StatusForbidden)
}

// TestAnonymousOpensAreBounded (issue 11, finding 4): however many anonymous opens arrive, a
// link stores at most a bounded number, so its supplier's reads keep working and stay small.
func TestAnonymousOpensAreBounded(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	l := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "650.00")))
	open := gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}
	for i := range 400 {
		if i%2 == 0 {
			e.clock.Add(time.Second) // different moments, so deduplication alone cannot bound them
		}
		wantStatus(t, e.call(nil, "POST", "/instalment-link/open", open), 200)
	}
	r := e.call(s, "GET", "/instalment-link?public_id="+l.PublicID, nil)
	got := decode[gen.InstalmentLink](t, r)
	if n := len(got.Opens); n == 0 || n > sandbox.MaxStoredOpens {
		t.Errorf("the link stores %d opens, want 1 to %d", n, sandbox.MaxStoredOpens)
	}
	if len(r.body) > 16<<10 {
		t.Errorf("the link's JSON is %d bytes after 400 anonymous opens", len(r.body))
	}
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil), 200)
}

// noRedirects is a client that shows a redirect instead of following it.
func noRedirects(e *env) *env {
	c := *e.client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	e2 := *e
	e2.client = &c
	return &e2
}

// TestStrictInput (issue 11, finding 11): JSON with trailing data, a second object, duplicate
// keys, invalid UTF-8, a charset other than UTF-8, and control characters in identifiers are
// 400s naming the problem; an undecodable query is a 400, not silently dropped; every path under
// /api answers Procuret's JSON error body, never text/plain or a redirect. Nothing is created.
func TestStrictInput(t *testing.T) {
	e := noRedirects(newEnv(t))
	s := e.supplier()
	good := `{"supplier_id": 13991055489669749, "invoice_amount": "600.00", "invitee_email": "c@example.com", "invoice_identifier": "INV-1", "communicate": false}`
	with := func(old, repl string) string { return strings.Replace(good, old, repl, 1) }
	cases := []struct {
		name, method, path string
		body               any
		edit               []func(*http.Request)
		status             int
		want               string
	}{
		{"trailing data", "POST", "/instalment-link", good + ` x`, nil, 400, "after the JSON object"},
		{"two objects", "POST", "/instalment-link", good + good, nil, 400, "after the JSON object"},
		{"duplicate key", "POST", "/instalment-link", with(`"communicate": false`, `"communicate": false, "invoice_amount": "1.00"`), nil, 400, `duplicate key "invoice_amount"`},
		{"nested duplicate key", "POST", "/second-factor-code", `{"email": "a@example.com", "email": "b@example.com", "plaintext_secret": "x"}`, nil, 400, `duplicate key "email"`},
		{"invalid UTF-8", "POST", "/instalment-link", with(`INV-1`, "INV-\xff1"), nil, 400, "not valid UTF-8"},
		{"charset utf-16", "POST", "/instalment-link", good, []func(*http.Request){setHeader("Content-Type", "application/json; charset=utf-16")}, 400, "charset"},
		{"NUL in an identifier", "POST", "/instalment-link", with(`INV-1`, `INV-\u00001`), nil, 400, "control character"},
		{"ESC in an identifier", "POST", "/instalment-link", with(`INV-1`, `INV-\u001b[2J`), nil, 400, "control character"},
		{"newline in an identifier", "POST", "/instalment-link", with(`INV-1`, `INV-\n1`), nil, 400, "control character"},
		{"control character in a query", "GET", "/payment/series/list?fragment=a%1Bb", nil, nil, 400, "control character"},
		{"undecodable query", "GET", "/instalment-link/list?limit=%zz", nil, nil, 400, "query"},
		{"unknown path", "GET", "/no/such/thing", nil, nil, 404, "No operation"},
		{"bare /api/", "GET", "/", nil, nil, 404, "No operation"},
		{"double slash", "GET", "//instalment-link/list", nil, nil, 404, "No operation"},
		{"dot-dot", "GET", "/x/../instalment-link/list", nil, nil, 404, "No operation"},
		{"dot", "GET", "/./instalment-link/list", nil, nil, 404, "No operation"},
		{"trailing slash", "GET", "/instalment-link/list/", nil, nil, 404, "No operation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.call(s, c.method, c.path, c.body, c.edit...)
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			wantError(t, r, c.status, c.want)
		})
	}
	// Whitespace after the object is fine.
	wantStatus(t, e.call(s, "POST", "/instalment-link", good+"\r\n\t "), 200)
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("%d links exist, want only the good one", n)
	}
	// /api without a slash too.
	r, err := e.client.Get(e.base)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("GET /api: %d %s, want a JSON 404", r.StatusCode, r.Header.Get("Content-Type"))
	}
}

// TestBoundedDecimals (issue 11, finding 12): a decimal with more digits than any amount needs is
// a 400 before anything parses it, in a query and in a body.
func TestBoundedDecimals(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	huge := "1" + strings.Repeat("0", 900_000) // the review's 900,000 digits cost 1.7 s of CPU per request
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&periods=12&cycle=1&principle="+huge, nil),
		400, "principle: at most")
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&cycle=1&principal_magnitude=0."+huge, nil),
		400, "principal_magnitude: at most")
	body := newLink(sandbox.DefaultSupplierID, "600.00")
	raw := strings.Replace(mustJSON(t, body), `"600"`, `"`+huge+`"`, 1)
	raw = strings.Replace(raw, `"600.00"`, `"`+huge+`"`, 1)
	wantError(t, e.call(s, "POST", "/instalment-link", raw), 400, "invoice_amount: at most")
	// What real amounts look like still passes.
	wantStatus(t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&periods=12&cycle=1&principle=1000.00", nil), 200)
}
