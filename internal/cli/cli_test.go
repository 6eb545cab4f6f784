package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/procuret/procuret-go"
)

// runBare runs the tool without a sandbox, on a terminal 80 columns wide unless env says.
func runBare(t *testing.T, env Env, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env.Stdout, env.Stderr = &out, &errb
	if env.ConfigDir == "" {
		env.ConfigDir = t.TempDir()
	}
	if env.Terminal == nil {
		env.Terminal = &Terminal{Stdout: true, Width: 80}
	}
	if env.Sandbox == nil {
		env.Sandbox = testSandbox{now: env.Now}
	}
	code := Run(context.Background(), args, env)
	return result{code, out.String(), errb.String()}
}

// commandPaths lists every command and group, e.g. "links create".
func commandPaths() []string {
	var paths []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, s := range c.Commands() {
			if s.Hidden {
				continue
			}
			paths = append(paths, commandPath(s))
			walk(s)
		}
	}
	walk(newApp(Env{}).rootCommand())
	return paths
}

func TestHelpEverywhere(t *testing.T) {
	t.Parallel()
	paths := append([]string{""}, commandPaths()...)
	if len(paths) < 25 {
		t.Fatalf("only %d commands: %q", len(paths), paths)
	}
	for _, p := range paths {
		args := append(strings.Fields(p), "--help")
		r := runBare(t, Env{}, args...)
		if r.code != ExitOK || r.stderr != "" {
			t.Errorf("procuret %s --help: exit %d, stderr %q", p, r.code, r.stderr)
		}
		for _, want := range []string{"Usage:\n  procuret", "Examples:\n  procuret", "--json", "--endpoint", "--debug"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("procuret %s --help lacks %q:\n%s", p, want, r.stdout)
			}
		}
		for i, line := range strings.Split(r.stdout, "\n") {
			if n := len([]rune(line)); n >= 80 && !strings.HasPrefix(p, "completion") {
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
	for _, args := range [][]string{{"--help"}, {"links", "--help"}, {"links", "create", "--help"}, {"login", "--help"}, {"api", "--help"}} {
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

// Completion scripts for the four shells cobra supports.
func TestCompletion(t *testing.T) {
	t.Parallel()
	for shell, want := range map[string]string{
		"bash":       "__start_procuret",
		"zsh":        "#compdef procuret",
		"fish":       "complete -c procuret",
		"powershell": "Register-ArgumentCompleter",
	} {
		r := runBare(t, Env{}, "completion", shell)
		if r.code != ExitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, no %q in %d bytes; stderr %q", shell, r.code, want, len(r.stdout), r.stderr)
		}
	}
	// The completion of a command's name and of a flag's.
	r := runBare(t, Env{}, "__complete", "lin")
	if !strings.Contains(r.stdout, "links\t") {
		t.Errorf("__complete lin:\n%s", r.stdout)
	}
	r = runBare(t, Env{}, "__complete", "links", "list", "--li")
	if !strings.Contains(r.stdout, "--limit") {
		t.Errorf("__complete links list --li:\n%s", r.stdout)
	}
}

// A mistyped command or flag is answered with what the user probably meant.
func TestSuggestions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lnks"}, "procuret: unknown command \"lnks\"\n\nDid you mean this?\n\tlinks\n"},
		{[]string{"links", "lst"}, "procuret: links: unknown command \"lst\" for \"procuret links\"\n\nDid you mean this?\n\tget\n\tlist\n"},
		{[]string{"qoute", "--supplier", "1"}, "Did you mean this?\n\tquote\n"},
		{[]string{"links", "list", "--limt", "5"}, "procuret: links list: unknown flag --limt\n\nDid you mean this?\n\t--limit\n"},
		{[]string{"links", "list", "--jsn"}, "Did you mean this?\n\t--json\n"},
		{[]string{"links", "list", "-v"}, "procuret: links list: unknown flag -v\n"},
	} {
		r := runBare(t, Env{}, tc.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("procuret %s: exit %d, stderr:\n%s\nwant it to hold:\n%s", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	env := Env{BuildInfo: func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/procuret/procuret-go", Version: "v0.2.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.time", Value: "2026-11-29T12:00:00Z"}}}, true
	}}
	want := "procuret v0.2.0\ncommit   0123456789abcdef0123456789abcdef01234567\nbuilt    2026-11-29T12:00:00Z\ngo       go1.26.0\nlibrary  procuret-go " + procuret.Version + "\n"
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if r := runBare(t, env, args...); r.code != ExitOK || r.stdout != want {
			t.Errorf("procuret %s: exit %d, stdout %q; want %q", strings.Join(args, " "), r.code, r.stdout, want)
		}
	}
	r := runBare(t, env, "version", "--json")
	var v versionInfo
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.Version != "v0.2.0" || v.Commit[:4] != "0123" || v.Go != "go1.26.0" || v.BuildDate == "" {
		t.Errorf("procuret version --json: %q (%v)", r.stdout, err)
	}
	if got := newApp(env).cliVersion(); got != "0.2.0" {
		t.Errorf("cliVersion() = %q", got)
	}
}

// Usage errors exit 2 with one line naming the problem in the command line's words and a
// pointer to --help, before anything is sent.
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
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1250.00", "--email", "c@example.com"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1250.00", "--email", "c@example.com", "--invoice", "INV-1"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1250.00", "--email", "c@example.com", "--invoice", "INV-1", "--notify", "--no-notify"},
		{"links", "create", "--supplier", "-4", "--amount", "1", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1e3", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "-5", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "4.999", "--email", "c@example.com", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1250", "--email", "nobody", "--invoice", "INV-1", "--notify"},
		{"links", "create", "--supplier", "13991055489669749", "--amount", "1250", "--email", "c@example.com", "--invoice", "INV-1", "--notify", "--currency", "USD"},
		{"quote", "--supplier", "13991055489669749"},
		{"quote", "--supplier", "13991055489669749", "--amount", "4200", "--months", "0"},
		{"entity", "twelve"},
		{"login", "--perspective", "emperor"},
		{"login", "--code", "123456", "--request-code"},
		{"login", "--code", "12345"},
		{"--endpoint", "ftp://example.com", "links", "list"},
		{"links", "list", "--profile", "../etc"},
		{"links", "list", "--as-agent", "-3"},
		{"links", "list", "--jq", ".[] |"},
		{"demo", "--endpoint", "live"},
		{"api", "GET"},
		{"api", "get", "/x/../session"},
		{"api", "GET", "/instalment-link/list", "-q", "limit"},
	} {
		r := h.run(args...)
		if r.code != ExitUsage || r.stdout != "" {
			t.Errorf("procuret %s: exit %d, stdout %q; want exit 2 and no output", strings.Join(args, " "), r.code, r.stdout)
		}
		for _, api := range []string{"invoice_amount", "invitee_email", "public_id", "gen.", "[]"} {
			if strings.Contains(r.stderr, api) {
				t.Errorf("procuret %s speaks the API's words (%q):\n%s", strings.Join(args, " "), api, r.stderr)
			}
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
	out := h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
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
	if len(lines) != 2 || lines[0] != "procuret: quote: cannot reach http://127.0.0.1:1/api" ||
		lines[1] != "hint: is http://127.0.0.1:1/api reachable? --endpoint chooses the API (live, demo or a URL)" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	// --debug adds the whole error.
	r = runBare(t, Env{}, "--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600", "--debug")
	if !strings.Contains(r.stderr, "debug: procuret: ") || !strings.Contains(r.stderr, "connect") {
		t.Errorf("--debug stderr:\n%s", r.stderr)
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
