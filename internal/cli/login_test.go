package cli

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

const password = "correct horse battery staple"

// code returns a stdin answer: the code the sandbox "emailed" to the default supplier, read
// when the tool asks for it, as a person reads their mail.
func (h *harness) code(seen *[]string) func() string {
	return func() string {
		c, ok := h.sb.LastCode(h.sb.DefaultAccount().Email)
		if !ok {
			h.t.Error("the sandbox sent no code before the tool asked for it")
		}
		*seen = append(*seen, c)
		return c
	}
}

// noSecrets fails the test if any output of the harness holds a secret.
func (h *harness) noSecrets(outputs string, secrets ...string) {
	h.t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(outputs, s) {
			h.t.Errorf("the output holds the secret %q:\n%s", s, outputs)
		}
	}
}

func TestLoginThroughStdin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := h.sb.DefaultAccount().Email
	var codes []string
	r := h.runIn(answers(email, "", "short", password, h.code(&codes)), "--endpoint", h.url, "login")
	if r.code != ExitOK {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}

	// The session is saved atomically with mode 0600, for the sandbox's endpoint; login's
	// answers took the default perspective, supplier, and a short-lived session.
	info, err := os.Stat(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", info.Mode().Perm())
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	if f.Endpoint != h.url || f.Credentials.Lifecycle() != auth.ShortLived || f.Credentials.Perspective() != procuret.PerspectiveSupplier {
		t.Errorf("saved %v for %q", f.Credentials, f.Endpoint)
	}
	h.names[itoa(f.Credentials.SessionID())] = "SESSION_ID"
	if entries, _ := os.ReadDir(h.dir); len(entries) != 1 {
		t.Errorf("config dir holds %d entries, want only the session (no temporary file left)", len(entries))
	}

	// The saved session works without --endpoint: it remembers its endpoint.
	s := h.must("session")
	js := h.must("session", "--json")
	var got sessionInfo
	if err := json.Unmarshal([]byte(js.stdout), &got); err != nil {
		t.Fatal(err)
	}
	want := sessionInfo{SessionID: f.Credentials.SessionID(), Perspective: 1, Lifecycle: 1, AgentID: h.sb.DefaultAccount().AgentID,
		Endpoint: h.url, Profile: "default", Source: "saved", Path: h.sessionPath()}
	if got != want {
		t.Errorf("session --json = %+v, want %+v", got, want)
	}
	if strings.Contains(js.stdout, "api_key") || strings.Contains(s.stdout+js.stdout, f.Credentials.APIKey()) {
		t.Errorf("session shows the API key:\n%s%s", s.stdout, js.stdout)
	}

	h.noSecrets(h.outputs.String(), append(codes, password, f.Credentials.APIKey())...)
	h.check("login_stdin")
}

// A password typed at a terminal goes through Env.ReadPassword, never through stdin, and is
// never echoed; a long-lived session chosen at the prompt is saved as such.
func TestLoginHiddenPassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.readPassword = func() (string, error) { return password, nil }
	var codes []string
	r := h.runIn(answers("demo-supplier@example.com", "supplier", "long", h.code(&codes)), "login", "--endpoint", h.url, "--json")
	if r.code != ExitOK {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "Password: \n") {
		t.Errorf("no password prompt:\n%s", r.stderr)
	}
	var got sessionInfo
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if got.Lifecycle != int(procuret.LifecycleLongLived) || got.Source != "saved" || got.Endpoint != h.url || got.SessionID == 0 {
		t.Errorf("login --json = %+v", got)
	}
	h.noSecrets(r.stdout+r.stderr, append(codes, password)...)
}

func TestLoginWithFlagsInTwoSteps(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.env[EnvPassword] = password
	email := h.sb.DefaultAccount().Email
	base := []string{"login", "--endpoint", h.url, "--email", email, "--perspective", "supplier", "--lifecycle", "short"}

	r := h.run(append(base, "--request-code")...)
	if r.code != ExitOK || !strings.Contains(r.stdout, "Procuret sent a six-digit code to "+email) {
		t.Fatalf("--request-code: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	code, _ := h.sb.LastCode(email)
	h.names[code] = "CODE" // it is on the command line
	if _, err := os.Stat(h.sessionPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--request-code saved a session (%v)", err)
	}
	r = h.run(append(base, "--code", code)...)
	if r.code != ExitOK {
		t.Fatalf("--code: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "Password:") || strings.Contains(r.stderr, "Code:") {
		t.Errorf("login asked although every answer was given:\n%s", r.stderr)
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	h.names[itoa(f.Credentials.SessionID())] = "SESSION_ID"
	h.noSecrets(h.outputs.String(), code, password)
	h.check("login_flags")
}

func TestLoginPasswordFromStdin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var codes []string
	r := h.runIn(answers(password, h.code(&codes)), "login", "--endpoint", h.url, "--email", "demo-supplier@example.com", "--password-stdin", "--perspective", "1", "--lifecycle", "short")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "Password:") {
		t.Errorf("asked for the password despite --password-stdin:\n%s", r.stderr)
	}
	h.noSecrets(r.stdout+r.stderr, append(codes, password)...)
}

// A wrong password is reported right after the code is requested, and asked again; three
// wrong ones end the login with exit 4.
func TestLoginWrongPassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const wrong = "Tr0ub4dor&3"
	r := h.runIn(answers("demo-supplier@example.com", "", "", wrong, wrong, wrong), "--endpoint", h.url, "login")
	if r.code != ExitAuth {
		t.Errorf("exit %d, want 4", r.code)
	}
	if _, err := os.Stat(h.sessionPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed login saved a session (%v)", err)
	}
	if _, sent := h.sb.LastCode("demo-supplier@example.com"); sent {
		t.Error("a code was sent for a wrong password")
	}
	// A slip at every prompt, each asked again: an unknown perspective, a lifecycle typo,
	// an empty password, a wrong one, a code that is not six digits, then the code as
	// people paste it.
	var codes []string
	spaced := func() string {
		c := h.code(&codes)()
		return c[:3] + " " + c[3:]
	}
	r = h.runIn(answers("not-an-email", "demo-supplier@example.com", "emperor", "supplier", "shrot", "short", "", wrong, password, "12345", spaced),
		"--endpoint", h.url, "login")
	if r.code != ExitOK {
		t.Errorf("exit %d, want 0\n%s", r.code, r.stderr)
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	h.names[itoa(f.Credentials.SessionID())] = "SESSION_ID"
	h.noSecrets(h.outputs.String(), append(codes, wrong, password)...)
	h.check("login_wrong_password")
}

// A wrong code is asked again, within the code's 5 tries; a login left unfinished says how
// to finish it with --code.
func TestLoginWrongCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var codes []string
	realCode := h.code(&codes)
	wrong := func() string {
		if realCode() == "111111" {
			return "222222"
		}
		return "111111"
	}
	// Two wrong codes, then stdin ends: exit 4 and the command that finishes the login.
	r := h.runIn(answers("demo-supplier@example.com", "", "short", password, wrong, wrong), "--endpoint", h.url, "login")
	if r.code != ExitAuth || !strings.Contains(r.stderr, "--code CODE") || !strings.Contains(r.stderr, "3 of 5 tries left") {
		t.Errorf("exit %d, want 4\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(h.sessionPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed login saved a session (%v)", err)
	}
	// The resumed login takes the code already sent.
	code, _ := h.sb.LastCode("demo-supplier@example.com")
	h.names[code] = "CODE"
	h.env[EnvPassword] = password
	if r := h.run("login", "--endpoint", h.url, "--email", "demo-supplier@example.com", "--perspective", "supplier", "--lifecycle", "short", "--code", code); r.code != ExitOK {
		t.Errorf("login --code: exit %d\n%s", r.code, r.stderr)
	}
	delete(h.env, EnvPassword)

	// Five wrong codes spend the code.
	r = h.runIn(answers("demo-supplier@example.com", "", "short", password, wrong, wrong, wrong, wrong, wrong, wrong), "--endpoint", h.url, "login")
	if r.code != ExitAuth || !strings.Contains(r.stderr, "for a new code") {
		t.Errorf("exit %d, want 4\n%s", r.code, r.stderr)
	}
	h.noSecrets(h.outputs.String(), append(codes, password)...)
	h.check("login_wrong_code")
}

// A script whose stdin ends before an answer gets a usage error naming the flag to use.
func TestLoginStdinEnds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, in := range []*lines{answers(), answers("demo-supplier@example.com")} {
		if r := h.runIn(in, "--endpoint", h.url, "login"); r.code != ExitUsage {
			t.Errorf("exit %d, want 2\n%s", r.code, r.stderr)
		}
	}
	h.check("login_stdin_ends")
}

// An unused short-lived session expires; every command then says to log in again.
func TestExpiredSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	h.must("links", "list")
	h.clock.Advance(2 * time.Hour)
	if r := h.run("links", "list"); r.code != ExitAuth {
		t.Errorf("exit %d, want 4", r.code)
	}
	if r := h.run("session"); r.code != ExitAuth {
		t.Errorf("exit %d, want 4", r.code)
	}
	h.check("expired_session")
}

func TestNotLoggedIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.run("--endpoint", h.url, "links", "list")
	h.run("--endpoint", h.url, "session")
	// A saved session is never sent to another endpoint.
	h.login(procuret.LifecycleShortLived)
	h.run("--endpoint", "demo", "series", "list")
	h.env["PROCURET_ENDPOINT"] = "live"
	h.run("series", "list")
	h.check("not_logged_in")
}

func TestSessionFromEnvironment(t *testing.T) {
	t.Parallel()
	h := newRealTimeHarness(t) // the client signs long-lived requests with the real clock
	acct := h.sb.DefaultAccount()
	creds, err := h.sb.NewSession(acct.Email, acct.Perspective, procuret.LifecycleLongLived)
	if err != nil {
		t.Fatal(err)
	}
	h.env[procuret.EnvEndpoint] = h.url
	h.env[procuret.EnvSessionID] = itoa(creds.SessionID())
	h.env[procuret.EnvAPIKey] = creds.APIKey()
	r := h.must("session", "--json")
	var got sessionInfo
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Source != "environment" || got.Lifecycle != 2 || got.SessionID != creds.SessionID() || got.Path != "" {
		t.Errorf("session --json = %+v", got)
	}
	h.must("links", "list")
	if n := h.sb.LinkCount(); n != 0 {
		t.Fatalf("%d links", n)
	}
	// Half the pair is a usage error, not a silent anonymous call.
	delete(h.env, procuret.EnvAPIKey)
	if r := h.run("links", "list"); r.code != ExitUsage || !strings.Contains(r.stderr, "PROCURET_SESSION_ID is set but PROCURET_API_KEY is not") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(h.outputs.String(), creds.APIKey()) {
		t.Error("the API key was printed")
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	h.must("logout")
	if _, err := os.Stat(h.sessionPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the session file is still there (%v)", err)
	}
	h.must("logout")
	r := h.must("logout", "--json")
	var got struct {
		Removed bool
		Path    string
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Removed || got.Path != h.sessionPath() {
		t.Errorf("logout --json: %q (%v)", r.stdout, err)
	}
	h.check("logout")
}

// A session file others can read is refused, not used.
func TestInsecureSessionFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	if err := os.Chmod(h.sessionPath(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := h.run("links", "list")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "chmod 600") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// pythonSessionFile writes creds as Procuret's Python SDK saves a session
// (Session.save_to_file: base64 of json.dumps of session_id, session_key,
// api_key, lifecycle and perspective, Python's separators, no newline).
func pythonSessionFile(t *testing.T, creds auth.Credentials, mode os.FileMode) string {
	t.Helper()
	j := fmt.Sprintf(`{"session_id": %d, "session_key": "sk-python-only", "api_key": %q, "lifecycle": %d, "perspective": %d}`,
		creds.SessionID(), creds.APIKey(), creds.Lifecycle(), creds.Perspective())
	path := filepath.Join(t.TempDir(), "procuret.session")
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString([]byte(j))), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // whatever the umask
		t.Fatal(err)
	}
	return path
}

// TestLoginImportPythonSession: procuret login --import takes over the Python SDK's saved
// session, checked with the API, and the other commands then use it.
func TestLoginImportPythonSession(t *testing.T) {
	t.Parallel()
	h := newRealTimeHarness(t) // a long-lived session: the client signs with the real clock, and corrects at most an hour of skew
	acct := h.sb.DefaultAccount()
	creds, err := h.sb.NewSession(acct.Email, acct.Perspective, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	path := pythonSessionFile(t, creds, 0o600)
	r := h.run("login", "--endpoint", h.url, "--import", path, "--json")
	if r.code != ExitOK {
		t.Fatalf("login --import: exit %d\n%s", r.code, r.stderr)
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	if f.Endpoint != h.url || f.Credentials.SessionID() != creds.SessionID() || f.Credentials.APIKey() != creds.APIKey() ||
		f.Credentials.Lifecycle() != auth.LongLived || f.Credentials.Perspective() != procuret.PerspectiveSupplier {
		t.Errorf("saved %v for %q", f.Credentials, f.Endpoint)
	}
	var got sessionInfo
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if got.SessionID != creds.SessionID() || got.Source != "saved" || got.AgentID != acct.AgentID || got.Lifecycle != 2 {
		t.Errorf("login --import --json = %+v", got)
	}
	// The imported session works for the other commands.
	if s := h.must("session", "--json"); !strings.Contains(s.stdout, strconv.FormatInt(creds.SessionID(), 10)) {
		t.Errorf("session: %s", s.stdout)
	}
	h.noSecrets(h.outputs.String(), creds.APIKey(), "sk-python-only")
}

func TestLoginImportRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.sb.DefaultAccount()
	creds, err := h.sb.NewSession(acct.Email, acct.Perspective, auth.ShortLived)
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := auth.NewCredentials(424242, "not-a-real-key", auth.ShortLived, auth.WithPerspective(auth.PerspectiveSupplier))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		args []string
		code int
		want string
	}{
		"readable by others": {[]string{"--import", pythonSessionFile(t, creds, 0o644)}, ExitFailure, "chmod 600"},
		"unknown session":    {[]string{"--import", pythonSessionFile(t, unknown, 0o600)}, ExitAuth, "does not know the session"},
		"not a Python file":  {[]string{"--import", h.writeFile(t, `{"session_id": 1}`)}, ExitFailure, "not a Python SDK session file"},
		"with --email":       {[]string{"--import", pythonSessionFile(t, creds, 0o600), "--email", acct.Email}, ExitUsage, "--import and --email exclude each other"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run(append([]string{"login", "--endpoint", h.url}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, want %d mentioning %q:\n%s", r.code, c.code, c.want, r.stderr)
			}
			if _, err := os.Stat(h.sessionPath()); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused import saved a session (%v)", err)
			}
		})
	}
	h.noSecrets(h.outputs.String(), creds.APIKey(), "not-a-real-key", "sk-python-only")
}

func (h *harness) writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// --debug shows every request of a login, and none of its secrets: not the password, the
// code, nor the new session's key.
func TestLoginDebugShowsNoSecrets(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var codes []string
	r := h.runIn(answers("demo-supplier@example.com", "", "short", password, h.code(&codes)), "--endpoint", h.url, "login", "--debug")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"method=POST path=/api/second-factor-code", "method=POST path=/api/session", "status=200"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--debug lacks %q:\n%s", want, r.stderr)
		}
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil {
		t.Fatal(err)
	}
	h.noSecrets(r.stdout+r.stderr, append(codes, password, f.Credentials.APIKey())...)
}
