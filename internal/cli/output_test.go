package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// hostile is what a hostile server puts in an invoice number: ESC]0;…BEL retitles the
// terminal's window, ESC[2J clears its screen.
const hostile = "\x1b]0;pwned\x07INV\x1b[2J"

// A hostileProxy stands between the tool and the sandbox: it rewrites "INV-HOSTILE" in every
// answer into hostile (JSON-escaped, as a real server would send it), names each response
// with an X-Request-Id, and keeps the last body it sent and the forwarded-agent header.
type hostileProxy struct {
	mu        sync.Mutex
	lastBody  []byte
	forwarded []string
}

func (h *harness) hostile(t *testing.T) *hostileProxy {
	t.Helper()
	target, err := url.Parse(h.url)
	if err != nil {
		t.Fatal(err)
	}
	p := &hostileProxy{}
	rp := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	escaped, _ := json.Marshal(hostile)
	rp.ModifyResponse = func(r *http.Response) error {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body.Close()
		b = bytes.ReplaceAll(b, []byte("INV-HOSTILE"), escaped[1:len(escaped)-1])
		b = bytes.ReplaceAll(b, []byte("No instalment link"), []byte(`No \u001b[2J instalment link`))
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		r.Header.Del("Content-Length")
		r.Header.Set("X-Request-Id", "req-7")
		p.mu.Lock()
		p.lastBody = b
		p.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.forwarded = append(p.forwarded, r.Header.Get("x-procuret-forwarded-agent"))
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/api"
	return p
}

func (p *hostileProxy) body() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastBody
}

// noControls fails unless s is free of every control character but newline (and tab in TSV).
func noControls(t *testing.T, what, s string, tabs bool) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n' && !(tabs && r == '\t')) || (r >= 0x7f && r <= 0x9f) {
			t.Errorf("%s holds control character %U:\n%q", what, r, s)
			return
		}
	}
}

// Issue 11, item 9: server data never reaches the terminal with its control characters,
// in tables, lists of fields, errors, TSV or --jq; --json prints the API's own bytes, in
// which JSON escapes them.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.hostile(t)
	h.login(procuret.LifecycleShortLived)

	var l procuret.InstalmentLink
	r := h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", "customer@example.com", "--invoice", "INV-HOSTILE", "--no-notify", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || l.InvoiceIdentifier != hostile {
		t.Fatalf("the proxy did not rewrite the invoice: %q (%v)", l.InvoiceIdentifier, err)
	}
	// --json is the bytes the API sent, escapes and all.
	if want := string(p.body()) + "\n"; r.stdout != want && r.stdout != string(p.body()) {
		t.Errorf("--json printed\n%q\nthe API sent\n%q", r.stdout, want)
	}
	noControls(t, "links create --json", r.stdout, false)

	outputs := []result{
		h.must("links", "get", l.PublicID),
		h.must("links", "list"),
		h.run("links", "get", "il_nope"),
		h.must("links", "list", "--jq", ".[0].invoice_identifier"),
	}
	for _, r := range outputs {
		noControls(t, "stdout", r.stdout, false)
		noControls(t, "stderr", r.stderr, false)
	}
	if !strings.Contains(outputs[0].stdout, `\x1b]0;pwned\x07INV\x1b[2J`) || !strings.Contains(outputs[2].stderr, "instalment link with LINK_ID 'il_nope'") ||
		strings.TrimSpace(outputs[3].stdout) != `\x1b]0;pwned\x07INV\x1b[2J` {
		t.Errorf("the escapes are not shown:\n%s\n%s\n%s", outputs[0].stdout, outputs[2].stderr, outputs[3].stdout)
	}

	// Piped: tab-separated, no header, no control characters either.
	h.term = &Terminal{}
	tsv := h.must("links", "list")
	noControls(t, "TSV", tsv.stdout, true)
	if fields := strings.Split(strings.TrimSuffix(tsv.stdout, "\n"), "\t"); len(fields) != 6 || fields[0] != l.PublicID || fields[1] != "AUD 1250.00" {
		t.Errorf("TSV row %q", tsv.stdout)
	}
}

// Tables fit the terminal: the invoice and customer columns give way, marked with "…"; a
// pipe gets whole values, tab-separated.
func TestTablesFitTheTerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	email := "accounts-payable.department@a-rather-long-company-name.example.com"
	h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", email, "--invoice", "INV-2026-000123-PROJECT-ALPHA", "--no-notify")
	for _, width := range []int{70, 100, 200} {
		h.term = &Terminal{Stdout: true, Width: width}
		r := h.must("links", "list")
		for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
			if n := runes(line); n > width {
				t.Errorf("width %d: a line of %d columns: %q", width, n, line)
			}
		}
		if cut := strings.Contains(r.stdout, "…"); cut != (width < 120) {
			t.Errorf("width %d: cut %v:\n%s", width, cut, r.stdout)
		}
	}
	h.term = &Terminal{}
	if r := h.must("links", "list"); !strings.Contains(r.stdout, "\t"+email+"\t") || strings.Contains(r.stdout, "LINK") {
		t.Errorf("TSV:\n%s", r.stdout)
	}
	h.term = &Terminal{Stdout: true, Width: 70}
	h.check("narrow")
}

// --debug logs each request on stderr through the client's logger: method, path, attempt,
// status, duration and the server's request ID; never the key. --as-agent sends the agent.
func TestDebugAndAsAgent(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.hostile(t)
	creds := h.login(procuret.LifecycleShortLived)
	r := h.must("links", "list", "--debug")
	for _, want := range []string{"method=GET", "path=/api/instalment-link/list", "attempt=1", "status=200", "duration_ms=", "request_id=req-7"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--debug stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr+r.stdout, creds.APIKey()) {
		t.Error("--debug shows the API key")
	}
	if r := h.must("links", "list"); strings.Contains(r.stderr, "method=") {
		t.Errorf("without --debug: %s", r.stderr)
	}
	agent := itoa(h.sb.DefaultAccount().AgentID)
	h.run("links", "list", "--as-agent", agent)
	p.mu.Lock()
	last := p.forwarded[len(p.forwarded)-1]
	p.mu.Unlock()
	if last != agent {
		t.Errorf("--as-agent %s sent x-procuret-forwarded-agent %q", agent, last)
	}
}

// procuret api: a signed call of any endpoint, printing the API's bytes; --jq filters them;
// a status that is not 2xx prints the answer and exits 1.
func TestAPICommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.hostile(t)
	h.login(procuret.LifecycleShortLived)
	h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", "customer@example.com", "--invoice", "INV-1", "--no-notify")
	r := h.must("api", "GET", "/instalment-link/list", "-q", "limit=5")
	if r.stdout != string(p.body())+"\n" && r.stdout != string(p.body()) {
		t.Errorf("api printed %q, the API sent %q", r.stdout, p.body())
	}
	r = h.must("api", "get", "instalment-link/list?limit=5", "--jq", ".[0].invoice_identifier")
	if r.stdout != "INV-1\n" {
		t.Errorf("--jq: %q", r.stdout)
	}
	r = h.run("api", "GET", "/instalment-link/nope")
	if r.code != ExitFailure || !strings.Contains(r.stdout, "error-information") || !strings.Contains(r.stderr, "procuret: api: not found (404)") {
		t.Errorf("404: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Anonymous calls need an API, like every command.
	h2 := newHarness(t)
	if r := h2.run("api", "GET", "/instalment-link/list"); r.code != ExitUsage || !strings.Contains(r.stderr, "no API chosen") {
		t.Errorf("no endpoint: exit %d\n%s", r.code, r.stderr)
	}
}

// No command reaches the live API unless the user chose it: without --endpoint,
// PROCURET_ENDPOINT or a saved session, commands fail before sending, and login asks.
func TestSafeDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"links", "list"}, ExitAuth, "procuret: links list: not logged in (no saved session)"},
		{[]string{"quote", "--supplier", "1", "--amount", "600"}, ExitUsage, "no API chosen"},
		{[]string{"supplier", "1"}, ExitUsage, "no API chosen"},
		{[]string{"session", "--profile", "other"}, ExitAuth, "no saved session of profile other"},
	} {
		if r := h.run(tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("procuret %s: exit %d\n%s", strings.Join(tc.args, " "), r.code, r.stderr)
		}
	}
	h.env[procuret.EnvSessionID], h.env[procuret.EnvAPIKey] = "1", "key"
	if r := h.run("links", "list"); r.code != ExitUsage || !strings.Contains(r.stderr, "no API is chosen") {
		t.Errorf("session from the environment without an API: exit %d\n%s", r.code, r.stderr)
	}
	delete(h.env, procuret.EnvSessionID)
	delete(h.env, procuret.EnvAPIKey)

	// login asks which API, again after a slip, and the session remembers it.
	var codes []string
	r := h.runIn(answers("", "ftp://example.com", h.url, "demo-supplier@example.com", "", "short", password, h.code(&codes)), "login")
	if r.code != ExitOK || strings.Count(r.stderr, "Which API?") != 3 {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil || f.Endpoint != h.url || f.Credentials.Lifecycle() != auth.ShortLived {
		t.Fatalf("saved %+v (%v)", f, err)
	}
	h.must("links", "list")
	if r := h.runIn(answers(), "login"); r.code != ExitUsage || !strings.Contains(r.stderr, "no API chosen") {
		t.Errorf("login with no answer: exit %d\n%s", r.code, r.stderr)
	}
	h.must("logout")
	if r := h.run("quote", "--supplier", "1", "--amount", "600"); r.code != ExitUsage {
		t.Errorf("after logout: exit %d\n%s", r.code, r.stderr)
	}
}

// --profile (or PROCURET_PROFILE) keeps sessions side by side.
func TestProfiles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	first := h.login(procuret.LifecycleShortLived)
	acct := h.sb.DefaultCustomerAccount()
	second, err := h.sb.NewSession(acct.Email, acct.Perspective, procuret.LifecycleShortLived)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.SaveFile(filepath.Join(h.dir, "session.customer.json"), auth.File{Credentials: second, Endpoint: h.url}); err != nil {
		t.Fatal(err)
	}
	id := func(args ...string) int64 {
		t.Helper()
		var s sessionInfo
		if err := json.Unmarshal([]byte(h.must(append([]string{"session", "--json"}, args...)...).stdout), &s); err != nil {
			t.Fatal(err)
		}
		return s.SessionID
	}
	if id() != first.SessionID() || id("--profile", "customer") != second.SessionID() {
		t.Error("--profile does not choose the session")
	}
	h.env[EnvProfile] = "customer"
	if id() != second.SessionID() || id("--profile", "default") != first.SessionID() {
		t.Error("PROCURET_PROFILE does not choose the session")
	}
	h.must("logout")
	if _, err := os.Stat(filepath.Join(h.dir, "session.customer.json")); !os.IsNotExist(err) {
		t.Errorf("logout left profile customer's session (%v)", err)
	}
	delete(h.env, EnvProfile)
	if id() != first.SessionID() {
		t.Error("logout of one profile forgot the other")
	}
}

// --jq filters: strings as text, everything else as JSON, big IDs exact.
func TestJQ(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := newApp(Env{Stdout: &out, Terminal: &Terminal{}})
	a.g.jq = `.[] | .id, .name, {n: .n}`
	if err := a.printRawJSON([]byte(`[{"id": 13991055489669749, "name": "A\tB", "n": 1.50}]`)); err != nil {
		t.Fatal(err)
	}
	if want := "13991055489669749\nA\tB\n{\"n\":1.5}\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// --all shows its progress on stderr when stderr is a terminal, and clears it at the end.
func TestAllShowsProgress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	for _, inv := range []string{"INV-1", "INV-2", "INV-3"} {
		h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
			"--email", "customer@example.com", "--invoice", inv, "--no-notify")
	}
	h.term = &Terminal{Stderr: true}
	r := h.must("links", "list", "--all", "--limit", "1")
	if !strings.Contains(r.stderr, "\r\x1b[KFetched 3 links…") || !strings.HasSuffix(r.stderr, "\r\x1b[K") || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("stderr %q, stdout %q", r.stderr, r.stdout)
	}
	h.term = &Terminal{}
	if r := h.must("links", "list", "--all", "--limit", "1"); r.stderr != "" {
		t.Errorf("progress on a stderr that is not a terminal: %q", r.stderr)
	}
}

// Columns are measured in terminal columns, not runes: a CJK or fullwidth name takes two per
// character, a combining accent none, so the columns after them still line up and a cut
// never leaves a line wider than the terminal.
func TestTablesMeasureDisplayWidth(t *testing.T) {
	t.Parallel()
	tb := &table{head: []string{"INVOICE", "CUSTOMER", "AMOUNT"}, right: map[int]bool{2: true}, shrink: map[int]bool{1: true}}
	tb.add("INV-1", "株式会社サンプル商事", "AUD 1250.00")
	tb.add("INV-2", "Café Crème", "AUD 600.00") // e + U+0301: one column
	tb.add("INV-3", "ＡＢＣ Trading", "AUD 9.99")
	tb.add("INV-4", "Plain Pty Ltd", "AUD 10.00")
	// Measured as a terminal does, whatever this machine's locale (RUNEWIDTH_EASTASIAN, LANG).
	display := &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}
	for _, width := range []int{80, 30} {
		var b strings.Builder
		tb.print(&b, false, width)
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != 5 {
			t.Fatalf("width %d: %d lines:\n%s", width, len(lines), b.String())
		}
		// Every line is as wide as the header line: AMOUNT is right-aligned to the same column.
		want := display.StringWidth(lines[0])
		for _, l := range lines {
			if got := display.StringWidth(l); got != want || got > width {
				t.Errorf("width %d: line %q is %d columns, the header %d", width, l, got, want)
			}
		}
		if width == 30 && !strings.Contains(b.String(), "…") {
			t.Errorf("width 30: no customer was cut:\n%s", b.String())
		}
	}
	if got := cut("株式会社サンプル", 5); got != "株式…" || display.StringWidth(got) > 5 {
		t.Errorf(`cut("株式会社サンプル", 5) = %q, want "株式…"`, got)
	}
}
