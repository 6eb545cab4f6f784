package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// A SandboxRunner runs the local sandbox for "procuret sandbox" and "procuret demo".
// ExecSandbox, the default, runs the procuret-sandbox program: the sandbox (with its
// JSON-schema validator, whose start-up costs milliseconds) is linked into that program
// only, so that no other command pays for it.
type SandboxRunner interface {
	// Serve runs the sandbox's command line, args as procuret-sandbox takes them (package
	// sandbox/sandboxcmd), in the foreground until ctx ends: the banner on stdout, the log
	// on stderr.
	Serve(ctx context.Context, args []string, stdout, stderr io.Writer) error
	// Start starts a sandbox on a free port of 127.0.0.1 that sends every second-factor
	// code as code, for the demo. Stop ends it.
	Start(ctx context.Context, code string) (*SandboxInfo, error)
}

// SandboxInfo is a started sandbox: where it listens and its default supplier's login.
type SandboxInfo struct {
	Endpoint    string
	Email       string
	Password    string
	Perspective int
	SupplierID  int64
	Stop        func() error
}

// ExecSandbox runs the procuret-sandbox program: Program if set, else procuret-sandbox
// beside this executable, else on PATH, else, in a checkout of this module with go on
// PATH (as `go run ./cmd/procuret demo` is), the program built from the checkout.
type ExecSandbox struct {
	Program string
	// Stderr, if set, hears that the program is being built from a checkout.
	Stderr io.Writer
}

// errNoSandbox says how to get the sandbox program.
var errNoSandbox = withHint(&cliError{msg: "the procuret-sandbox program is not installed"},
	"go install github.com/procuret/procuret-go/cmd/procuret-sandbox@latest (or, in a checkout, go build -o \"$(dirname \"$(command -v procuret)\")\" ./cmd/procuret-sandbox)")

func (e ExecSandbox) program() (string, error) {
	if e.Program != "" {
		return e.Program, nil
	}
	name := "procuret-sandbox"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	if p, ok := e.buildFromCheckout(name); ok {
		return p, nil
	}
	return "", errNoSandbox
}

// modulePath is this module's path, as a checkout's go.mod declares it.
const modulePath = "github.com/procuret/procuret-go"

// buildFromCheckout builds cmd/procuret-sandbox when the working directory is
// inside a checkout of this module and go is on PATH: `go run ./cmd/procuret
// demo`, the README's first command, then needs nothing installed. The binary
// goes to the user's cache directory; go's build cache makes a rebuild cheap.
func (e ExecSandbox) buildFromCheckout(name string) (string, bool) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", false
	}
	root, ok := checkoutRoot()
	if !ok {
		return "", false
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "procuret", "bin")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", false
	}
	out := filepath.Join(dir, name)
	if e.Stderr != nil {
		fmt.Fprintln(e.Stderr, "Building procuret-sandbox from this checkout (go build ./cmd/procuret-sandbox)…")
	}
	build := exec.Command(goTool, "build", "-o", out, "./cmd/procuret-sandbox")
	build.Dir = root
	if msg, err := build.CombinedOutput(); err != nil {
		if e.Stderr != nil {
			fmt.Fprintf(e.Stderr, "go build ./cmd/procuret-sandbox failed: %v\n%s", err, msg)
		}
		return "", false
	}
	return out, true
}

// checkoutRoot finds, from the working directory up, the directory whose go.mod
// declares this module and holds cmd/procuret-sandbox.
func checkoutRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			first, _, _ := strings.Cut(string(b), "\n")
			if strings.TrimSpace(first) != "module "+modulePath {
				return "", false
			}
			if fi, err := os.Stat(filepath.Join(dir, "cmd", "procuret-sandbox")); err == nil && fi.IsDir() {
				return dir, true
			}
			return "", false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// command is the sandbox program with args, interrupted (not killed) when ctx ends.
func (e ExecSandbox) command(ctx context.Context, args []string) (*exec.Cmd, error) {
	prog, err := e.program()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Cancel = func() error { return interrupt(cmd.Process) }
	cmd.WaitDelay = 15 * time.Second
	return cmd, nil
}

// interrupt asks the sandbox program to shut down (Windows has no interrupt to send: kill).
func interrupt(p *os.Process) error {
	if runtime.GOOS == "windows" {
		return p.Kill()
	}
	return p.Signal(os.Interrupt)
}

func (e ExecSandbox) Serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, err := e.command(ctx, args)
	if err != nil {
		return err
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, stdout, stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil // interrupted: the sandbox shut down
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return &silentExit{code: exit.ExitCode()} // it said why on stderr
	}
	return err
}

var bannerLine = regexp.MustCompile(`(?m)^(?:Procuret sandbox listening on (\S+).*|\s*email\s+(\S+)|\s*password\s+(.+)|\s*perspective\s+(\d+).*|\s*supplier ID\s+(\d+))\s*$`)

func (e ExecSandbox) Start(ctx context.Context, code string) (*SandboxInfo, error) {
	cmd, err := e.command(context.WithoutCancel(ctx), []string{"-addr", "127.0.0.1:0"})
	if err != nil {
		return nil, err
	}
	// The demo's sandbox: every code is code, and no faults whatever the environment says.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PROCURET_SANDBOX_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PROCURET_SANDBOX_CODE="+code)
	var log bytes.Buffer
	cmd.Stderr = &log
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start procuret-sandbox: %w", err)
	}
	stop := func() error {
		interrupt(cmd.Process)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			return nil
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			return errors.New("procuret-sandbox did not stop in 10 s: killed")
		}
	}
	info := &SandboxInfo{Stop: stop}
	found := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		reported := false
		for sc.Scan() {
			m := bannerLine.FindStringSubmatch(sc.Text())
			switch {
			case m == nil || reported:
			case m[1] != "":
				info.Endpoint = m[1]
			case m[2] != "":
				info.Email = m[2]
			case m[3] != "":
				info.Password = strings.TrimSpace(m[3])
			case m[4] != "":
				info.Perspective, _ = strconv.Atoi(m[4])
			case m[5] != "":
				info.SupplierID, _ = strconv.ParseInt(m[5], 10, 64)
				reported = true
				found <- nil
			}
		}
		if !reported {
			found <- errors.New("procuret-sandbox ended before it said where it listens")
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case err = <-found:
	case <-ctx.Done():
		err = ctx.Err()
	case <-time.After(30 * time.Second):
		err = errors.New("procuret-sandbox did not start in 30 s")
	}
	if err == nil && (info.Endpoint == "" || info.Email == "" || info.Password == "") {
		err = errors.New("procuret-sandbox's banner lacks its address or login")
	}
	if err != nil {
		stop()
		if l := strings.TrimSpace(log.String()); l != "" {
			err = fmt.Errorf("%w: %s", err, l)
		}
		return nil, err
	}
	return info, nil
}

// silentExit ends the run with code, having said nothing more (the sandbox program said why).
type silentExit struct{ code int }

func (e *silentExit) Error() string { return "exit status " + strconv.Itoa(e.code) }

func (a *app) sandboxRunner() SandboxRunner {
	if a.env.Sandbox != nil {
		return a.env.Sandbox
	}
	return ExecSandbox{Stderr: a.errw}
}

func (a *app) sandboxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox [--addr ADDRESS] [--seed FILE] [fault flags]",
		Short: "run a local Procuret API in the foreground",
		Long: `Run a local, strict and stateful Procuret API until Ctrl-C: the procuret-sandbox program,
with its flags (listed below). It prints its URL and the demo supplier's login;
second-factor codes appear in its log on stderr ("stands in for the email").
PROCURET_SANDBOX_CODE fixes every code; PROCURET_SANDBOX_FAULTS injects faults, e.g.
"rate=0.2; kinds=429,drop-after" (flags win). --json logs JSON lines.`,
		Example: examples(
			"procuret sandbox",
			"procuret login --endpoint http://127.0.0.1:8080/api   # in another terminal",
			"PROCURET_SANDBOX_CODE=123456 procuret sandbox --addr 127.0.0.1:9090",
		),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			var pass []string
			for i := 0; i < len(args); i++ {
				arg := args[i]
				name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
				switch {
				case arg == "--":
					pass = append(pass, args[i+1:]...)
					i = len(args)
				case !strings.HasPrefix(arg, "-"):
					pass = append(pass, arg)
				case name == "h" || name == "help":
					return a.sandboxHelp(cmd)
				case name == "json":
					on := true
					if hasValue {
						var err error
						if on, err = strconv.ParseBool(value); err != nil {
							return usagef("invalid value %q for --json: want true or false", value)
						}
					}
					if on {
						pass = append(pass, "-json-log")
					}
				case name == "debug":
				case name == "endpoint":
					return usagef("--endpoint does not apply: the sandbox is an endpoint (see --addr)")
				case globalTakesValue(cmd.Root(), name):
					return usagef("--%s does not apply to the sandbox", name)
				default:
					pass = append(pass, arg)
				}
			}
			return a.sandboxRunner().Serve(cmd.Context(), pass, a.rawOut, a.rawErr)
		},
	}
	cmd.SetHelpFunc(func(c *cobra.Command, _ []string) { _ = a.sandboxHelp(c) })
	return cmd
}

// sandboxHelp is the command's help, then the sandbox program's flags.
func (a *app) sandboxHelp(cmd *cobra.Command) error {
	cmd.SetOut(a.out)
	cmd.Root().HelpFunc()(cmd, nil) // the usual help: the root sets no help function
	var usage bytes.Buffer
	err := a.sandboxRunner().Serve(cmd.Context(), []string{"-h"}, &usage, &usage)
	if err != nil && !errors.Is(err, errNoSandbox) {
		var se *silentExit
		if !errors.As(err, &se) {
			return err
		}
	}
	text := usage.String()
	if i := strings.Index(text, "Flags:\n"); i >= 0 {
		text = text[i+len("Flags:\n"):]
	}
	if strings.TrimSpace(text) != "" {
		fmt.Fprintf(a.out, "\nSandbox flags (procuret-sandbox's; one dash or two):\n%s", strings.ReplaceAll(text, "  -", "  --"))
	} else {
		fmt.Fprintln(a.out, "\nSandbox flags: see procuret-sandbox -h (the program is not installed).")
	}
	return nil
}
