package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
)

// runBare runs the tool without a sandbox.
func runBare(t *testing.T, env Env, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env.Stdout, env.Stderr = &out, &errb
	if env.ConfigDir == "" {
		env.ConfigDir = t.TempDir()
	}
	code := Run(context.Background(), args, env)
	return result{code, out.String(), errb.String()}
}

// commandPaths lists every command and group, e.g. "links create".
func commandPaths() []string {
	var paths []string
	var walk func(c *command)
	walk = func(c *command) {
		for _, s := range c.subs {
			paths = append(paths, s.path())
			walk(s)
		}
	}
	walk(root())
	return paths
}

func TestHelpEverywhere(t *testing.T) {
	t.Parallel()
	paths := append([]string{""}, commandPaths()...)
	if len(paths) < 20 {
		t.Fatalf("only %d commands: %q", len(paths), paths)
	}
	for _, p := range paths {
		args := append(strings.Fields(p), "--help")
		r := runBare(t, Env{}, args...)
		if r.code != ExitOK || r.stderr != "" {
			t.Errorf("procuret %s --help: exit %d, stderr %q", p, r.code, r.stderr)
		}
		for _, want := range []string{"Usage:\n  procuret", "Examples:\n  procuret", "--json", "--endpoint"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("procuret %s --help lacks %q:\n%s", p, want, r.stdout)
			}
		}
		for i, line := range strings.Split(r.stdout, "\n") {
			if n := len([]rune(line)); n >= 80 {
				t.Errorf("procuret %s --help: line %d has %d columns: %q", p, i+1, n, line)
			}
		}
		// -h, and help COMMAND, say the same.
		if h := runBare(t, Env{}, append(strings.Fields(p), "-h")...); h.stdout != r.stdout || h.code != ExitOK {
			t.Errorf("procuret %s -h differs from --help", p)
		}
		if h := runBare(t, Env{}, append([]string{"help"}, strings.Fields(p)...)...); h.stdout != r.stdout || h.code != ExitOK {
			t.Errorf("procuret help %s differs from procuret %s --help:\n%s", p, p, h.stdout)
		}
	}
}

func TestHelpGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, args := range [][]string{{"--help"}, {"links", "--help"}, {"links", "create", "--help"}, {"login", "--help"}} {
		r := runBare(t, Env{}, args...)
		b.WriteString("$ procuret " + strings.Join(args, " ") + "\n" + r.stdout + "\n")
	}
	golden(t, "help", b.String())
}

func TestNoCommandPrintsHelpAndFails(t *testing.T) {
	t.Parallel()
	r := runBare(t, Env{})
	if r.code != ExitUsage || r.stdout != "" || !strings.Contains(r.stderr, "Usage:\n  procuret") {
		t.Errorf("procuret: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	want := "procuret " + procuret.Version + "\n"
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		if r := runBare(t, Env{}, args...); r.code != ExitOK || r.stdout != want {
			t.Errorf("procuret %s: exit %d, stdout %q; want %q", strings.Join(args, " "), r.code, r.stdout, want)
		}
	}
	r := runBare(t, Env{}, "--version", "--json")
	var v struct{ Version string }
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.Version != procuret.Version {
		t.Errorf("procuret --version --json: %q (%v)", r.stdout, err)
	}
}

// Usage errors exit 2 with one line naming the problem and a pointer to --help, before
// anything is sent (there is no sandbox here, and no session).
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	for _, args := range [][]string{
		{"bogus"},
		{"links"},
		{"links", "bogus"},
		{"links", "list", "--bogus"},
		{"links", "list", "--limit", "many"},
		{"links", "list", "--limit", "5000"},
		{"links", "get"},
		{"links", "get", "a", "b"},
		{"links", "get", "not a link id"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "422.42", "--email", "c@example.com"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "422.42", "--email", "c@example.com", "--invoice", "INV-1"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "422.42", "--email", "c@example.com", "--invoice", "INV-1", "--notify", "--no-notify"},
		{"links", "create", "--supplier", "-4", "--amount", "1", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1e3", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "-5", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "4.999", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "5", "--email", "nobody", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "5", "--email", "c@example.com", "--invoice", "INV-1", "--notify", "--currency", "USD"},
		{"quote", "--supplier", "13991055489669749"},
		{"quote", "--supplier", "13991055489669749", "--amount", "4200", "--months", "0"},
		{"entity", "twelve"},
		{"login", "--perspective", "emperor"},
		{"login", "--code", "123456", "--request-code"},
		{"--endpoint", "ftp://example.com", "links", "list"},
		{"links", "list", "--endpoint", ""},
		{"demo", "--endpoint", "live"},
	} {
		r := h.run(args...)
		if r.code != ExitUsage || r.stdout != "" {
			t.Errorf("procuret %s: exit %d, stdout %q; want exit 2 and no output", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	if n := h.sb.LinkCount(); n != 0 {
		t.Errorf("usage errors created %d links", n)
	}
	h.check("usage_errors")
}

// Global flags work before the command, between a group and its subcommand, and after
// the arguments.
func TestGlobalFlagsAnywhere(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	out := h.must("links", "create", "--supplier", "13991055489669749", "--amount", "422.42",
		"--email", "customer@example.com", "--invoice", "INV-1001", "--no-notify", "--json")
	var l procuret.InstalmentLink
	if err := json.Unmarshal([]byte(out.stdout), &l); err != nil {
		t.Fatal(err)
	}
	want := h.must("links", "get", l.PublicID, "--json").stdout
	for _, args := range [][]string{
		{"--json", "links", "get", l.PublicID},
		{"links", "--json", "get", l.PublicID},
		{"links", "get", "--json", l.PublicID},
		{"--endpoint", h.url, "links", "get", l.PublicID, "--json"},
		{"links", "get", "--endpoint=" + h.url, "--json", "--", l.PublicID},
	} {
		if got := h.must(args...).stdout; got != want {
			t.Errorf("procuret %s:\n%s\nwant:\n%s", strings.Join(args, " "), got, want)
		}
	}
}

func TestNetworkError(t *testing.T) {
	t.Parallel()
	r := runBare(t, Env{}, "--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600")
	if r.code != ExitFailure || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "procuret: list prospective payments: ") ||
		lines[1] != "hint: is http://127.0.0.1:1/api reachable? --endpoint chooses the API (live, demo or a URL)" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errb bytes.Buffer
	code := Run(ctx, []string{"--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600"},
		Env{Stderr: &errb, ConfigDir: t.TempDir()})
	if code != ExitInterrupted || errb.String() != "procuret: interrupted\n" {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
