package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the command: with PROCURET_TEST_MAIN=1 it runs
// main, so that the tests below see real exit codes.
func TestMain(m *testing.M) {
	if os.Getenv("PROCURET_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// command runs the test binary as procuret, with a config directory of its own and no
// PROCURET_* variables of the caller's.
func command(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PROCURET_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "PROCURET_TEST_MAIN=1", "XDG_CONFIG_HOME="+t.TempDir(), "HOME="+t.TempDir())
	return cmd
}

func exitCode(t *testing.T, err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// The exit codes docs/cli.md promises: 0 success, 1 the API or the network, 2 usage,
// 4 authentication needed, 130 interrupted.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--version"}, 0, "procuret ", ""},
		{[]string{"bogus"}, 2, "", `procuret: unknown command "bogus"`},
		{[]string{"links", "list", "--limt", "3"}, 2, "", "procuret: links list: unknown flag --limt"},
		{[]string{"--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600"}, 1, "", "procuret: quote: cannot reach http://127.0.0.1:1/api"},
		{[]string{"links", "list"}, 4, "", "procuret: links list: not logged in"},
		{[]string{"--endpoint", "http://127.0.0.1:1/api", "links", "list"}, 4, "", "procuret: links list: not logged in to http://127.0.0.1:1/api"},
	} {
		cmd := command(t, tc.args...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := exitCode(t, cmd.Run())
		if code != tc.code || !strings.HasPrefix(stdout.String(), tc.stdout) || !strings.HasPrefix(stderr.String(), tc.stderr) {
			t.Errorf("procuret %s: exit %d, stdout %q, stderr %q; want exit %d", strings.Join(tc.args, " "), code, stdout.String(), stderr.String(), tc.code)
		}
	}
}

// Ctrl-C at a prompt exits 130.
func TestInterruptExits130(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT")
	}
	cmd := command(t, "login", "--endpoint", "http://127.0.0.1:1/api")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var mu sync.Mutex
	var stderr strings.Builder
	cmd.Stderr = writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return stderr.Write(p) })
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		asked := strings.Contains(stderr.String(), "Email: ")
		mu.Unlock()
		if asked {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no prompt: %q", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd.Wait()); code != 130 {
		t.Errorf("exit %d, want 130; stderr %q", code, stderr.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// build compiles a command of this module into dir.
func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no go tool in CI")
		}
		t.Skip("no go tool")
	}
	out := filepath.Join(dir, filepath.Base(pkg))
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	cmd := exec.Command(goTool, "build", "-o", out, pkg)
	cmd.Dir = moduleRoot(t)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

func moduleRoot(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}

// Start-up pays only for what a command uses: the procuret program links neither the
// sandbox nor kin-openapi's JSON-schema validator (whose package initialisation costs
// milliseconds); procuret demo and procuret sandbox run procuret-sandbox for them. The
// built binary's GODEBUG=inittrace=1 says which packages initialised.
func TestStartupSkipsTheSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	dir := t.TempDir()
	bin := build(t, dir, "./cmd/procuret")
	for _, args := range [][]string{{"version"}, {"links", "list", "--help"}, {"--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "HOME="+dir, "XDG_CONFIG_HOME="+dir)
		out, _ := cmd.CombinedOutput()
		trace := string(out)
		if !strings.Contains(trace, "init github.com/procuret/procuret-go") && !strings.Contains(trace, "init runtime") {
			t.Fatalf("no init trace:\n%s", trace)
		}
		for _, heavy := range []string{"kin-openapi", "santhosh-tekuri/jsonschema", "procuret-go/sandbox", "yaml"} {
			for _, line := range strings.Split(trace, "\n") {
				if strings.HasPrefix(line, "init ") && strings.Contains(line, heavy) {
					t.Errorf("procuret %s initialises %s: %s", strings.Join(args, " "), heavy, line)
				}
			}
		}
	}
	// And so procuret version reads its build: the Go version, and the commit when the
	// build had one.
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ Version, Commit, Go string }
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v.Go != runtime.Version() || v.Version == "" {
		t.Errorf("version --json = %+v, want Go %s", v, runtime.Version())
	}
	if v.Commit != "" {
		head, err := exec.Command("git", "-C", moduleRoot(t), "rev-parse", "HEAD").Output()
		if err == nil && strings.TrimSpace(string(head)) != v.Commit {
			t.Errorf("commit %s, HEAD is %s", v.Commit, head)
		}
	}
}

// procuret demo and procuret sandbox run the procuret-sandbox program installed beside
// procuret.
func TestDemoRunsTheSandboxProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the programs")
	}
	dir := t.TempDir()
	bin := build(t, dir, "./cmd/procuret")
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	// Outside a checkout, with no procuret-sandbox anywhere: say how to install it.
	cmd := exec.Command(bin, "demo")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if code := exitCode(t, err); code != 1 || !strings.Contains(string(out), "procuret-sandbox program is not installed") ||
		!strings.Contains(string(out), "go install github.com/procuret/procuret-go/cmd/procuret-sandbox") {
		t.Errorf("demo without procuret-sandbox: exit %d\n%s", code, out)
	}
	// In a checkout (the README's `go run ./cmd/procuret demo`): built from it.
	cmd = exec.Command(bin, "demo")
	cmd.Dir, cmd.Env = "../..", env
	out, err = cmd.CombinedOutput()
	if code := exitCode(t, err); code != 0 || !strings.Contains(string(out), "Building procuret-sandbox from this checkout") ||
		!strings.Contains(string(out), "Created an instalment link") {
		t.Errorf("demo in a checkout without procuret-sandbox: exit %d\n%s", code, out)
	}
	// Installed beside procuret.
	build(t, dir, "./cmd/procuret-sandbox")
	cmd = exec.Command(bin, "demo")
	cmd.Dir, cmd.Env = dir, env
	out, err = cmd.CombinedOutput()
	if code := exitCode(t, err); code != 0 || !strings.Contains(string(out), "Created an instalment link") || !strings.Contains(string(out), "24 months") {
		t.Errorf("demo: exit %d\n%s", code, out)
	}
	help, _ := exec.Command(bin, "sandbox", "--help").Output()
	if !strings.Contains(string(help), "--fault-rate") || !strings.Contains(string(help), "Examples:") {
		t.Errorf("sandbox --help:\n%s", help)
	}
	// The program's complaint is the whole story, and its exit code procuret's.
	out, err = exec.Command(bin, "sandbox", "--bogus").CombinedOutput()
	if code := exitCode(t, err); code != 1 || !strings.Contains(string(out), "-bogus") || strings.Contains(string(out), "procuret: sandbox:") {
		t.Errorf("sandbox --bogus: exit %d\n%s", code, out)
	}
}
