package sandbox_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// headerList splits a comma-separated header into lower-case tokens.
func headerList(h http.Header, name string) []string {
	var out []string
	for _, v := range h.Values(name) {
		for _, tok := range strings.Split(v, ",") {
			if tok = strings.ToLower(strings.TrimSpace(tok)); tok != "" {
				out = append(out, tok)
			}
		}
	}
	return out
}

// TestCORSPreflight sends the preflights a browser sends before the JavaScript SDK's calls from
// a supplier's web shop: a signed or keyed GET, and a JSON POST.
func TestCORSPreflight(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		path, method, headers string
	}{
		{"/instalment-link/list", "GET", "x-procuret-session-id,x-procuret-api-key"},
		{"/instalment-link/list", "GET", "X-Procuret-Session-ID, X-Procuret-Signature, X-Procuret-Forwarded-Agent"},
		{"/instalment-link", "POST", "content-type,x-procuret-session-id,x-procuret-api-key"},
		{"/credit/prospective-payment/list", "GET", ""},
		{"/session", "PUT", "content-type,x-procuret-session-id,x-procuret-signature"},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			req, err := http.NewRequest("OPTIONS", e.base+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Origin", "https://shop.example")
			req.Header.Set("Access-Control-Request-Method", c.method)
			if c.headers != "" {
				req.Header.Set("Access-Control-Request-Headers", c.headers)
			}
			res, err := e.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNoContent && res.StatusCode != http.StatusOK {
				t.Fatalf("preflight status %d, want 2xx", res.StatusCode)
			}
			h := res.Header
			if o := h.Get("Access-Control-Allow-Origin"); o != "*" && o != "https://shop.example" {
				t.Errorf("Access-Control-Allow-Origin %q does not allow the shop", o)
			}
			if !slices.Contains(headerList(h, "Access-Control-Allow-Methods"), strings.ToLower(c.method)) {
				t.Errorf("Access-Control-Allow-Methods %q lacks %s", h.Get("Access-Control-Allow-Methods"), c.method)
			}
			allowed := headerList(h, "Access-Control-Allow-Headers")
			for _, want := range []string{"content-type", "x-procuret-session-id", "x-procuret-signature", "x-procuret-api-key", "x-procuret-forwarded-agent"} {
				if !slices.Contains(allowed, want) {
					t.Errorf("Access-Control-Allow-Headers %v lacks %s", allowed, want)
				}
			}
			if h.Get("Access-Control-Max-Age") == "" {
				t.Error("no Access-Control-Max-Age: the browser would send a preflight before every call")
			}
		})
	}
	// A request without Origin is no browser's: no CORS headers.
	res, err := e.client.Get(e.base + "/supplier?supplier_id=13991055489669749")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if h := res.Header.Get("Access-Control-Allow-Origin"); h != "" {
		t.Errorf("a same-origin request got Access-Control-Allow-Origin %q", h)
	}
}

// TestCORSCrossOriginRequests: the answers to a script's cross-origin calls are readable by it,
// including the headers it must read, and so are errors (a script needs Procuret's error body).
func TestCORSCrossOriginRequests(t *testing.T) {
	e := newEnv(t)
	creds, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	origin := setHeader("Origin", "https://shop.example")
	// The JavaScript SDK's way: session ID and API key, no signature.
	jsAuth := func(r *http.Request) {
		r.Header.Set(auth.HeaderSessionID, itoa(creds.SessionID()))
		r.Header.Set(auth.HeaderAPIKey, creds.APIKey())
	}
	check := func(r resp, exposed ...string) {
		t.Helper()
		if o := r.header.Get("Access-Control-Allow-Origin"); o != "*" && o != "https://shop.example" {
			t.Errorf("status %d: Access-Control-Allow-Origin %q: the script cannot read the answer", r.status, o)
		}
		got := headerList(r.header, "Access-Control-Expose-Headers")
		for _, h := range exposed {
			if !slices.Contains(got, strings.ToLower(h)) {
				t.Errorf("status %d: Access-Control-Expose-Headers %v lacks %s", r.status, got, h)
			}
		}
	}
	// A quote, as a web shop shows it, without a session.
	r := e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=900&cycle=1", nil, origin)
	wantStatus(t, r, 200)
	check(r)
	// A link: its page is in Location.
	r = e.call(nil, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "700.00"), origin, jsAuth)
	wantStatus(t, r, 200)
	check(r, "Location")
	if r.header.Get("Location") == "" {
		t.Error("no Location")
	}
	// Errors are readable too, with what a script needs to retry.
	r = e.call(nil, "GET", "/instalment-link/list", nil, origin, jsAuth, setHeader(auth.HeaderAPIKey, "wrong"))
	wantError(t, r, 401, "API key does not match")
	check(r, "Retry-After", "Date")
}
