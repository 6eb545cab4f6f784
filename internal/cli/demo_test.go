package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox/sandboxcmd"
)

// demoEnv is an Env whose config directory holds a saved session and whose environment
// names another API and session: the demo must use and change none of it.
func demoEnv(t *testing.T) (Env, string, []byte) {
	dir := t.TempDir()
	saved := []byte(`{"session_id": 1, "api_key": "do-not-touch", "lifecycle": 2, "endpoint": "https://procuret.com/api"}` + "\n")
	path := filepath.Join(dir, sessionFile)
	if err := os.WriteFile(path, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{procuret.EnvEndpoint: "http://127.0.0.1:1/api", procuret.EnvSessionID: "1", procuret.EnvAPIKey: "nope"}
	return Env{ConfigDir: dir, Now: func() time.Time { return t0 }, Getenv: testutil.Getenv(env)}, path, saved
}

func TestDemo(t *testing.T) {
	t.Parallel()
	env, path, saved := demoEnv(t)
	r := runBare(t, env, "demo")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	for i, line := range strings.Split(r.stdout, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line %d has %d columns: %q", i+1, n, line)
		}
	}
	// Every step happened, in order, and the code came from the sandbox's mail.
	var last int
	for _, want := range []string{
		"1. Started a Procuret sandbox at http://127.0.0.1:",
		"code from the sandbox's mail: ",
		"Logged in as a supplier",
		"Created an instalment link",
		"Amount    AUD 4200.00",
		"Listed the supplier's links",
		"Opened 1 time:",
		"What the customer would pay per month, for every term",
		"24 months  AUD  192.03",
	} {
		i := strings.Index(r.stdout[last:], want)
		if i < 0 {
			t.Fatalf("demo output lacks %q after byte %d:\n%s", want, last, r.stdout)
		}
		last += i
	}
	if !regexp.MustCompile(`code from the sandbox's mail: [0-9]{6}\n`).MatchString(r.stdout) {
		t.Errorf("no six-digit code in the output")
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, saved) {
		t.Errorf("the demo changed the saved session: %q (%v)", got, err)
	}
	if entries, _ := os.ReadDir(env.ConfigDir); len(entries) != 1 {
		t.Errorf("the demo wrote to the config directory: %d entries", len(entries))
	}
	out := regexp.MustCompile(`mail: [0-9]{6}`).ReplaceAllString(r.stdout, "mail: CODE")
	golden(t, "demo", sandboxURL.ReplaceAllString(out, "http://SANDBOX"))
}

func TestDemoJSON(t *testing.T) {
	t.Parallel()
	env, _, _ := demoEnv(t)
	r := runBare(t, env, "demo", "--json")
	if r.code != ExitOK {
		t.Fatalf("demo --json: exit %d\n%s", r.code, r.stderr)
	}
	var d struct {
		Endpoint string
		Link     procuret.InstalmentLink
		Links    []procuret.InstalmentLink
		Opened   procuret.InstalmentLink
		Quotes   []procuret.ProspectivePayment
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if !strings.HasPrefix(d.Endpoint, "http://127.0.0.1:") || d.Link.PublicID == "" || len(d.Link.Opens) != 0 ||
		len(d.Links) != 1 || d.Links[0].PublicID != d.Link.PublicID ||
		d.Opened.PublicID != d.Link.PublicID || len(d.Opened.Opens) != 1 ||
		len(d.Quotes) != 4 || d.Quotes[2].Periods != 12 {
		t.Errorf("demo --json = %+v", d)
	}
}

// startSandbox runs procuret sandbox args in the background and waits until its output
// matches ready. stop interrupts it (as Ctrl-C does) and returns its exit code and stderr.
func startSandbox(t *testing.T, env map[string]string, ready *regexp.Regexp, args ...string) (match []string, out *testutil.SyncBuffer, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out = &testutil.SyncBuffer{}
	var errOut testutil.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"sandbox", "--addr", "127.0.0.1:0"}, args...), Env{
			Stdout: out, Stderr: &errOut, Getenv: testutil.Getenv(env), ConfigDir: t.TempDir(),
			Sandbox: testSandbox{getenv: testutil.Getenv(env)},
		})
	}()
	if match = testutil.WaitMatch(out, ready, 10*time.Second); match == nil {
		t.Fatalf("the sandbox did not start:\n%s\n%s", out.String(), errOut.String())
	}
	return match, out, func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, errOut.String()
		case <-time.After(10 * time.Second):
			t.Fatal("the sandbox did not stop")
			return 0, ""
		}
	}
}

// procuret sandbox serves until interrupted, and the other commands work against it.
func TestSandboxCommand(t *testing.T) {
	t.Parallel()
	m, out, stop := startSandbox(t, map[string]string{sandboxcmd.EnvCode: "654321"},
		regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+/api)[^\n]*\n(?s:.*)fixes every code\.\n`))
	url := m[1]

	h := &harness{t: t, url: url, dir: t.TempDir(), clock: &clock{real: true}, env: map[string]string{}, names: map[string]string{}}
	if r := h.runIn(answers("demo-supplier@example.com", "", "", password, "654321"), "--endpoint", url, "login"); r.code != ExitOK {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}
	h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", "customer@example.com", "--invoice", "INV-1001", "--no-notify")

	code, log := stop()
	if code != ExitOK {
		t.Errorf("sandbox: exit %d\n%s", code, log)
	}
	for _, want := range []string{"stands in for the email", "654321", "shutting down"} {
		if !strings.Contains(log, want) {
			t.Errorf("the sandbox's log lacks %q:\n%s", want, log)
		}
	}
	golden(t, "sandbox", sandboxURL.ReplaceAllString(out.String(), "http://SANDBOX"))
}

// --json makes the sandbox log JSON lines.
func TestSandboxCommandJSON(t *testing.T) {
	t.Parallel()
	m, _, stop := startSandbox(t, nil, regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+/api)[^\n]*\n(?s:.*)the log below[^\n]*\n`), "--json")
	h := &harness{t: t, dir: t.TempDir(), clock: &clock{real: true}, env: map[string]string{}, names: map[string]string{}}
	h.must("--endpoint", m[1], "supplier", "13991055489669749")
	code, log := stop()
	if code != ExitOK || !strings.Contains(log, `"msg":"shutting down"`) {
		t.Errorf("exit %d; the log is not JSON lines:\n%s", code, log)
	}
}

// --json=false leaves the log as text, as no --json does; --json=maybe is a usage error.
func TestSandboxCommandJSONFalse(t *testing.T) {
	t.Parallel()
	m, _, stop := startSandbox(t, nil, regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+/api)[^\n]*\n(?s:.*)the log below[^\n]*\n`), "--json=false")
	h := &harness{t: t, dir: t.TempDir(), clock: &clock{real: true}, env: map[string]string{}, names: map[string]string{}}
	h.must("--endpoint", m[1], "supplier", "13991055489669749")
	code, log := stop()
	if code != ExitOK || !strings.Contains(log, "shutting down") || strings.Contains(log, `"msg":`) {
		t.Errorf("exit %d; the log is not text:\n%s", code, log)
	}
	r := runBare(t, Env{Sandbox: noSandbox{t}}, "sandbox", "--json=maybe")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `invalid value "maybe" for --json`) {
		t.Errorf("sandbox --json=maybe: exit %d\n%s", r.code, r.stderr)
	}
}

// When the sandbox program fails, procuret sandbox exits as it did and adds nothing to
// what it said.
func TestSandboxProgramExitCode(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in program is a shell script")
	}
	prog := filepath.Join(t.TempDir(), "procuret-sandbox")
	script := "#!/bin/sh\necho 'flag provided but not defined: -bogus' >&2\nexit 3\n"
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r := runBare(t, Env{Sandbox: ExecSandbox{Program: prog}}, "sandbox", "--bogus")
	if r.code != 3 || r.stderr != "flag provided but not defined: -bogus\n" {
		t.Errorf("sandbox --bogus: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// noSandbox fails the test if a sandbox is run.
type noSandbox struct{ t *testing.T }

func (s noSandbox) Serve(_ context.Context, args []string, _, _ io.Writer) error {
	s.t.Errorf("the sandbox ran with %q", args)
	return nil
}

func (s noSandbox) Start(context.Context, string) (*SandboxInfo, error) {
	s.t.Error("a sandbox started")
	return nil, errors.New("no sandbox")
}
