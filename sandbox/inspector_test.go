package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// inspectorJSON is the inspector's JSON, as a script reads it.
type inspectorJSON struct {
	Mailbox []struct {
		To, Code, Status string
		Perspective      int
	} `json:"mailbox"`
	Requests []struct {
		Method, Path, Auth, Error, Created string
		Status                             int
		Session                            int64
	} `json:"requests"`
	Links *struct {
		Count int `json:"count"`
		Items []struct {
			PublicID   string      `json:"public_id"`
			Opens      []time.Time `json:"opens"`
			OpensTotal int         `json:"opens_total"`
			Page       string      `json:"customer_page"`
			Invoice    string      `json:"invoice_identifier"`
		} `json:"items"`
	} `json:"links"`
	Sessions []struct {
		ID        int64  `json:"session_id"`
		Email     string `json:"email"`
		Lifecycle string `json:"lifecycle"`
	} `json:"sessions"`
	Series []struct {
		PublicID string `json:"public_id"`
		Paid     int    `json:"paid_instalments"`
	} `json:"series"`
}

func (e *env) inspector(path string) inspectorJSON {
	e.t.Helper()
	r := e.getRaw(path)
	if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
		e.t.Fatalf("GET %s: %d %s\n%s", path, r.status, r.header.Get("Content-Type"), r.body)
	}
	var v inspectorJSON
	if err := json.Unmarshal(r.body, &v); err != nil {
		e.t.Fatalf("GET %s: %v\n%s", path, err, r.body)
	}
	return v
}

// secretSpellings returns s as it could appear in a page or a JSON document.
func secretSpellings(s string) []string {
	j, _ := json.Marshal(s)
	return []string{s, url.QueryEscape(s), strings.Trim(string(j), `"`)}
}

// TestInspector: the mailbox shows the code that was sent and what became of it; the request
// log says how each request authenticated and why one failed; links show their opens and
// customer pages; sessions show no key; nothing shows a password, key or signature.
func TestInspector(t *testing.T) {
	e := newEnv(t)
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	first, _ := e.sb.LastCode(acct.Email)
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	code, _ := e.sb.LastCode(acct.Email)
	sess := decode[gen.Session](t, e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code}))
	creds, err := auth.NewCredentials(sess.SessionID, sess.APIKey, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	s := e.signer(creds)
	l := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")))
	wantStatus(t, e.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}), 200)
	wrong := auth.Signature("not-the-key", start.Unix(), "/instalment-link/list")
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil, setHeader(auth.HeaderSignature, wrong)), 401)
	wantStatus(t, e.call(nil, "GET", "/instalment-link/list", nil, setHeader(auth.HeaderSessionID, "12345"), setHeader(auth.HeaderAPIKey, "k")), 401)
	late := auth.NewSigner(creds, auth.WithClock(func() time.Time { return e.clock.Now().Add(-900 * time.Second) }))
	wantStatus(t, e.call(late, "GET", "/instalment-link/list?limit=1", nil), 200) // signed in the previous window

	v := e.inspector("/inspector.json")
	if len(v.Mailbox) != 2 || v.Mailbox[0].Code != code || v.Mailbox[0].Status != "used" || v.Mailbox[1].Code != first || v.Mailbox[1].Status != "replaced" || v.Mailbox[0].To != acct.Email {
		t.Errorf("mailbox %+v, want the used code %s and the replaced %s, newest first", v.Mailbox, code, first)
	}
	verdicts := map[string][]string{}
	for _, r := range v.Requests {
		k := r.Method + " " + r.Path + " " + itoa(int64(r.Status))
		verdicts[k] = append(verdicts[k], r.Auth+" | "+r.Error+" | "+r.Created)
	}
	for req, want := range map[string]string{
		"POST /api/instalment-link 200":      "signature valid (current window) |  | " + l.PublicID,
		"GET /api/instalment-link/list 200":  "signature valid (previous window) |  | ",
		"GET /api/instalment-link/list 401":  "API key sent for an unknown session | Not authenticated: no session 12345",
		"POST /api/session 200":              "no credentials needed (a login step) |  | session " + itoa(sess.SessionID),
		"POST /api/instalment-link/open 200": "anonymous (the session is optional here)",
	} {
		if got := verdicts[req]; !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("request log: %s: %q, want one to start %q", req, got, want)
		}
	}
	var mismatch bool
	for _, r := range v.Requests {
		if r.Status == 401 && strings.HasPrefix(r.Auth, "signature does not match the string to sign '1795748400/instalment-link/list'") {
			mismatch = true
		}
	}
	if !mismatch {
		t.Errorf("no request says its signature did not match the string to sign: %+v", v.Requests)
	}
	if v.Links == nil || v.Links.Count != 1 || len(v.Links.Items) != 1 || v.Links.Items[0].PublicID != l.PublicID ||
		len(v.Links.Items[0].Opens) != 1 || v.Links.Items[0].OpensTotal != 1 || v.Links.Items[0].Page != "/b?il="+l.PublicID {
		t.Errorf("links %+v, want %s with its one open and its customer page", v.Links, l.PublicID)
	}
	if len(v.Sessions) != 1 || v.Sessions[0].ID != sess.SessionID || v.Sessions[0].Email != acct.Email || v.Sessions[0].Lifecycle != "long-lived" {
		t.Errorf("sessions %+v, want %d", v.Sessions, sess.SessionID)
	}
	if len(v.Series) != 1 || v.Series[0].PublicID != sandbox.DefaultSeriesID || v.Series[0].Paid != 4 {
		t.Errorf("series %+v", v.Series)
	}

	// Every view, HTML and JSON: no password, key or signature in any spelling.
	secrets := []string{acct.Password, sess.APIKey, wrong, auth.Signature(sess.APIKey, start.Unix(), "/instalment-link/list")}
	for _, path := range []string{"/", "/inspector.json", "/inspector/mailbox", "/inspector/requests", "/inspector/links", "/inspector/sessions",
		"/inspector/series", "/inspector/mailbox.json", "/inspector/requests.json", "/inspector/links.json", "/inspector/sessions.json", "/inspector/series.json"} {
		r := e.getRaw(path)
		wantStatus(t, r, 200)
		for _, sec := range secrets {
			for _, sp := range secretSpellings(sec) {
				if strings.Contains(string(r.body), sp) {
					t.Errorf("%s shows a secret (%q)", path, sp)
				}
			}
		}
		if !strings.HasSuffix(path, ".json") {
			if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("%s: Content-Security-Policy %q lets scripts in", path, csp)
			}
			if strings.Contains(string(r.body), "<script") {
				t.Errorf("%s: a script", path)
			}
			if ext := foreignURLs(string(r.body), e.base); len(ext) > 0 {
				t.Errorf("%s: a resource from elsewhere: %q", path, ext)
			}
		}
	}
	html := string(e.getRaw("/").body)
	for _, want := range []string{code, "used", `href="/b?il=` + l.PublicID + `"`, "signature valid (previous window)", "Demo Supplies Pty Ltd", "ps_demo1",
		"<td>1 supplier</td>", "<td>long-lived</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the overview lacks %q", want)
		}
	}
	// The inspector's own requests stay out of the request log.
	for _, r := range e.inspector("/inspector/requests.json").Requests {
		if !strings.HasPrefix(r.Path, "/api/") {
			t.Errorf("request log holds %s %s", r.Method, r.Path)
		}
	}
}

// TestInspectorRefusesOtherHosts: a page on another site cannot read the inspector through
// DNS rebinding (its requests carry that site's host name).
func TestInspectorRefusesOtherHosts(t *testing.T) {
	e := newEnv(t)
	for host, want := range map[string]int{"evil.example:8080": 403, "localhost:8080": 200, "127.0.0.1": 200, "[::1]:80": 200} {
		req, _ := http.NewRequest("GET", strings.TrimSuffix(e.base, "/api")+"/inspector/mailbox.json", nil)
		req.Host = host
		res, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
}

// TestInspectorLinksPages: the links view pages through a long list without holding it.
func TestInspectorLinksPages(t *testing.T) {
	e := newEnv(t)
	if err := e.sb.SeedLinks(120, sandbox.DefaultSupplierID); err != nil {
		t.Fatal(err)
	}
	v := e.inspector("/inspector/links.json?offset=100&limit=50")
	if v.Links.Count != 120 || len(v.Links.Items) != 20 || v.Links.Items[19].Invoice != "BENCH-1" {
		t.Errorf("offset 100: count %d, %d items, last %+v", v.Links.Count, len(v.Links.Items), v.Links.Items[len(v.Links.Items)-1])
	}
	for _, bad := range []string{"limit=0", "limit=501", "offset=-1", "offset=x"} {
		wantStatus(t, e.getRaw("/inspector/links?"+bad), 400)
	}
	wantStatus(t, e.getRaw("/inspector/nothing"), 404)
}

// TestSignatureMismatchHelps (issue 14): the 401 names the string the sandbox signed, window
// start and path, and the windows it tried; never the key or a signature, in any spelling.
func TestSignatureMismatchHelps(t *testing.T) {
	e := newEnv(t)
	creds, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	const path = "/instalment-link/list"
	sent := auth.Signature("a-wrong-key", start.Unix(), path)
	r := e.call(e.signer(creds), "GET", path, nil, setHeader(auth.HeaderSignature, sent))
	wantError(t, r, 401, `the sandbox signed "1795748400/instalment-link/list" (window start 1795748400, path "/instalment-link/list")`,
		"1795748400 (current, from 2026-11-27T03:00:00Z) and 1795747500 (previous)")
	w := auth.WindowStart(start.Unix())
	for _, sec := range []string{creds.APIKey(), sent, auth.Signature(creds.APIKey(), w, path), auth.Signature(creds.APIKey(), w-900, path)} {
		for _, sp := range secretSpellings(sec) {
			if strings.Contains(string(r.body), sp) {
				t.Errorf("the 401 quotes a secret: %s", r.body)
			}
		}
	}
}

// TestLogLinePerRequest (issue 14): one line per request with its status, the reason for a 4xx
// and the ID of what it created.
func TestLogLinePerRequest(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	l := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")))
	wantStatus(t, e.call(s, "GET", "/instalment-link/list?limit=0", nil), 400)
	var lines []string
	for _, line := range strings.Split(e.log.String(), "\n") {
		if strings.Contains(line, "msg=request ") {
			lines = append(lines, line)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines, want 2:\n%s", len(lines), e.log)
	}
	if !strings.Contains(lines[0], "status=200") || !strings.Contains(lines[0], "created="+l.PublicID) {
		t.Errorf("create: %s", lines[0])
	}
	if !strings.Contains(lines[1], "status=400") || !strings.Contains(lines[1], `reason="limit: must be at least 1`) {
		t.Errorf("refused list: %s", lines[1])
	}
}

// urlAttr matches an HTML attribute or CSS url() that names a resource.
var urlAttr = regexp.MustCompile(`(?i)(?:\b(?:src|href|action|srcset|poster|data|formaction)\s*=\s*["']?|url\(\s*["']?)([^"'\s>)]*)`)

// foreignURLs returns the URLs in page that point off the sandbox: absolute (http, https or
// protocol-relative) and not under base. Relative links and the sandbox's own address are fine.
func foreignURLs(page, base string) []string {
	var out []string
	for _, m := range urlAttr.FindAllStringSubmatch(page, -1) {
		v := strings.ToLower(m[1])
		if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "//") {
			continue
		}
		if own := strings.TrimSuffix(strings.ToLower(base), "/api"); v == own || strings.HasPrefix(v, own+"/") {
			continue
		}
		out = append(out, m[1])
	}
	return out
}
