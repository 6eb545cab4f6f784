package cli

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxcmd"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the output of the tests")

// t0 is the time of every test sandbox's clock, so that timestamps in golden files hold.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// A clock is a test sandbox's clock: fixed at t0 until advanced, or the real one.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	real bool
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.real {
		return time.Now()
	}
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// A harness runs the command line against its own sandbox, with a config directory of its
// own, and keeps a transcript of every run for a golden file.
type harness struct {
	t            *testing.T
	sb           *sandbox.Sandbox
	url          string // the sandbox's API root
	dir          string // Env.ConfigDir
	clock        *clock
	env          map[string]string
	readPassword func() (string, error)
	term         *Terminal         // nil: a terminal 80 columns wide
	names        map[string]string // values to replace in transcripts, e.g. session IDs
	transcript   strings.Builder   // each run: command line, stdout, stderr, exit code
	outputs      strings.Builder   // everything the tool printed, and only that
}

// newHarness starts a sandbox with a fixed clock and fixed randomness.
func newHarness(t *testing.T, opts ...sandbox.Option) *harness {
	t.Helper()
	return startHarness(t, &clock{t: t0}, opts...)
}

// newRealTimeHarness is newHarness with the real clock, for long-lived sessions: the client
// signs their requests with the time of day, and the sandbox checks it against its own.
func newRealTimeHarness(t *testing.T, opts ...sandbox.Option) *harness {
	t.Helper()
	return startHarness(t, &clock{real: true}, opts...)
}

func startHarness(t *testing.T, clk *clock, opts ...sandbox.Option) *harness {
	t.Helper()
	opts = append([]sandbox.Option{sandbox.WithClock(clk.Now), sandbox.WithRandSeed(1)}, opts...)
	url, sb := sandboxtest.Start(t, opts...)
	return &harness{t: t, sb: sb, url: url, dir: t.TempDir(), clock: clk, env: map[string]string{}, names: map[string]string{}}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs procuret args with empty stdin.
func (h *harness) run(args ...string) result { return h.runIn(nil, args...) }

// runIn runs procuret args reading stdin, and adds the run to the transcript.
func (h *harness) runIn(stdin io.Reader, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	term := h.term
	if term == nil {
		term = &Terminal{Stdout: true, Width: 80}
	}
	code := Run(context.Background(), args, Env{
		Stdin: stdin, Stdout: &out, Stderr: &errb,
		Getenv:       testutil.Getenv(h.env),
		ConfigDir:    h.dir,
		Now:          h.clock.Now,
		ReadPassword: h.readPassword,
		Terminal:     term,
		Sandbox:      testSandbox{now: h.clock.Now, getenv: testutil.Getenv(h.env)},
	})
	r := result{code, out.String(), errb.String()}
	h.outputs.WriteString(r.stdout + r.stderr)
	h.transcript.WriteString("$ procuret " + strings.Join(args, " ") + "\n")
	h.transcript.WriteString(r.stdout)
	if r.stderr != "" {
		h.transcript.WriteString("[stderr]\n" + r.stderr)
	}
	h.transcript.WriteString("[exit " + strconv.Itoa(code) + "]\n\n")
	return r
}

// must runs procuret args and fails the test unless it exits 0.
func (h *harness) must(args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("procuret %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// login saves a session of the default supplier for the sandbox, as procuret login would.
func (h *harness) login(lc procuret.Lifecycle) auth.Credentials {
	h.t.Helper()
	acct := h.sb.DefaultAccount()
	creds, err := h.sb.NewSession(acct.Email, acct.Perspective, lc)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := auth.SaveFile(h.sessionPath(), auth.File{Credentials: creds, Endpoint: h.url}); err != nil {
		h.t.Fatal(err)
	}
	h.names[strconv.FormatInt(creds.SessionID(), 10)] = "SESSION_ID"
	return creds
}

func (h *harness) sessionPath() string { return filepath.Join(h.dir, sessionFile) }

var sandboxURL = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// normalise replaces what changes from run to run: the sandbox's port, the config
// directory, session IDs.
func (h *harness) normalise(s string) string {
	s = sandboxURL.ReplaceAllString(s, "http://SANDBOX")
	s = strings.ReplaceAll(s, h.dir, "$CONFIG")
	// Longest first, so that a code inside a session ID cannot break the ID's replacement.
	froms := slices.Collect(maps.Keys(h.names))
	slices.SortFunc(froms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	for _, from := range froms {
		s = strings.ReplaceAll(s, from, h.names[from])
	}
	return s
}

// check compares the transcript with testdata/<name>.golden (go test -update rewrites it).
func (h *harness) check(name string) {
	h.t.Helper()
	golden(h.t, name, h.normalise(h.transcript.String()))
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s differs at line %d:\n got: %q\nwant: %q\n(go test -update rewrites it)\nwhole output:\n%s", path, i+1, gl, wl, got)
			return
		}
	}
}

// lines is a stdin that answers prompts one line per Read, computing each line only when
// the tool asks for it (so that a code can be read from the sandbox after it was sent).
type lines struct {
	mu   sync.Mutex
	next []func() string
}

func answers(ls ...any) *lines {
	in := &lines{}
	for _, l := range ls {
		switch l := l.(type) {
		case string:
			in.next = append(in.next, func() string { return l })
		case func() string:
			in.next = append(in.next, l)
		default:
			panic("answers: want string or func() string")
		}
	}
	return in
}

func (l *lines) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.next) == 0 {
		return 0, io.EOF
	}
	s := l.next[0]() + "\n"
	l.next = l.next[1:]
	if len(s) > len(p) {
		panic("lines: line longer than the read buffer")
	}
	return copy(p, s), nil
}

// testSandbox runs the sandbox in the test's process, where procuret runs the
// procuret-sandbox program: with the test's clock and fixed randomness.
type testSandbox struct {
	now    func() time.Time
	getenv func(string) string
}

func (s testSandbox) Serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	getenv := s.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return sandboxcmd.Run(ctx, args, stdout, stderr, getenv)
}

func (s testSandbox) Start(ctx context.Context, code string) (*SandboxInfo, error) {
	now := s.now
	if now == nil {
		now = time.Now
	}
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.WithClock(now), sandbox.WithRandSeed(1), sandbox.WithFixedCode(code))
	if err != nil {
		return nil, err
	}
	acct := sb.DefaultAccount()
	return &SandboxInfo{
		Endpoint: sb.URL(), Email: acct.Email, Password: acct.Password, Perspective: int(acct.Perspective), SupplierID: acct.EntityID,
		Stop: func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return sb.Shutdown(ctx)
		},
	}, nil
}
