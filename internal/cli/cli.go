package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procuret/procuret-go"
)

// Exit codes of Run.
const (
	ExitOK          = 0   // success
	ExitFailure     = 1   // the API refused, the network failed, or a local file could not be used
	ExitUsage       = 2   // a wrong command line: unknown command or flag, missing or invalid value
	ExitInterrupted = 130 // ctx ended (Ctrl-C), as shells report SIGINT
)

// Env is everything Run takes from the process, so that tests can drive it whole.
type Env struct {
	Stdin          io.Reader // prompts read lines from it; nil reads nothing
	Stdout, Stderr io.Writer // results go to Stdout; prompts, errors and hints to Stderr; nil discards
	// Getenv reads the environment (PROCURET_ENDPOINT, PROCURET_SESSION_ID, PROCURET_API_KEY,
	// PROCURET_LIFECYCLE, PROCURET_PASSWORD, PROCURET_SANDBOX_CODE, PROCURET_SANDBOX_FAULTS);
	// nil reads nothing.
	Getenv func(string) string
	// ConfigDir is where the saved session lives; "" means os.UserConfigDir()/procuret.
	ConfigDir string
	// Now is the clock of the sandboxes that demo and sandbox run; nil means time.Now.
	Now func() time.Time
	// ReadPassword reads the password without echoing it. nil: golang.org/x/term when Stdin
	// is a terminal, otherwise a line from Stdin.
	ReadPassword func() (string, error)
}

// Run runs the procuret command line args (without the program name) and returns the exit
// code: ExitOK, ExitFailure, ExitUsage or ExitInterrupted.
func Run(ctx context.Context, args []string, env Env) int {
	a := newApp(env)
	return a.report(ctx, a.main(ctx, args))
}

// app is one run of the tool.
type app struct {
	env      Env
	in       *bufio.Reader // Stdin, buffered once so that prompts and the password share it
	out      io.Writer
	errw     io.Writer
	getenv   func(string) string
	now      func() time.Time
	g        globals
	cmd      string // the command being run, e.g. "links create", for errors
	endpoint string // the API root the command talks to, once known, for hints
}

// globals are the flags every command accepts, before or after its name.
type globals struct {
	endpoint    string // --endpoint as given
	endpointSet bool
	json        bool
	version     bool
}

func newApp(env Env) *app {
	a := &app{env: env, out: env.Stdout, errw: env.Stderr, getenv: env.Getenv, now: env.Now}
	if a.out == nil {
		a.out = io.Discard
	}
	if a.errw == nil {
		a.errw = io.Discard
	}
	if a.getenv == nil {
		a.getenv = func(string) string { return "" }
	}
	if a.now == nil {
		a.now = time.Now
	}
	stdin := env.Stdin
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	a.in = bufio.NewReader(stdin)
	return a
}

// A command is a node of the command tree: a leaf has run, a group has subs.
type command struct {
	name     string
	summary  string // one line, for the parent's list
	usage    string // what follows "procuret <path>" in the usage line
	about    string // the help's opening paragraph
	examples []string
	run      func(ctx context.Context, a *app, cmd *command, args []string) error
	subs     []*command
	parent   *command
}

// path is the command's words after "procuret", e.g. "links create".
func (c *command) path() string {
	switch {
	case c.parent == nil:
		return ""
	case c.parent.parent == nil:
		return c.name
	}
	return c.parent.path() + " " + c.name
}

// line is how the command is typed: "procuret links create".
func (c *command) line() string { return strings.TrimSpace("procuret " + c.path()) }

func (c *command) sub(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// root returns the command tree. It is built per run: commands hold no state, but building it
// here keeps the parent links simple.
func root() *command {
	r := &command{
		name:    "procuret",
		summary: "the Procuret API from the command line",
		about: `procuret talks to the Procuret API: log in once, create instalment links for customers,
see what a customer would pay, and read payment series. Start with "procuret demo": it
runs the whole supplier flow against a local sandbox, with no account and no network.`,
		examples: []string{
			"procuret demo",
			"procuret login --endpoint demo",
			"procuret links create --supplier 13991055489669749 --amount 422.42 \\\n      --email customer@example.com --invoice INV-1001 --no-notify",
			"procuret quote --supplier 13991055489669749 --amount 4200",
			"procuret links list --json",
		},
		subs: []*command{
			demoCommand(),
			loginCommand(), logoutCommand(), sessionCommand(),
			{
				name:    "links",
				summary: "create, list, get and open instalment links",
				about:   "An instalment link is a page where a customer can pay an invoice over time.",
				examples: []string{
					"procuret links create --supplier 13991055489669749 --amount 422.42 \\\n      --email customer@example.com --invoice INV-1001 --no-notify",
					"procuret links list --opened",
					"procuret links get il_9cT2mQ4xR7",
				},
				subs: []*command{linksCreateCommand(), linksListCommand(), linksGetCommand(), linksOpenCommand()},
			},
			quoteCommand(),
			{
				name:    "series",
				summary: "list and get payment series (instalment plans)",
				about:   "A payment series is an instalment plan a customer committed to.",
				examples: []string{
					"procuret series list",
					"procuret series get ps_demo1",
				},
				subs: []*command{seriesListCommand(), seriesGetCommand()},
			},
			scheduleCommand(), entityCommand(), supplierCommand(),
			sandboxCommand(),
			versionCommand(),
			helpCommand(),
		},
	}
	var link func(c *command)
	link = func(c *command) {
		for _, s := range c.subs {
			s.parent = c
			link(s)
		}
	}
	link(r)
	return r
}

// main finds the command in args and runs it.
func (a *app) main(ctx context.Context, args []string) error {
	c := root()
	for {
		a.cmd = c.path()
		fs := a.flagSet(c)
		// A group takes only global flags, up to its subcommand's name.
		if err := fs.Parse(args); err != nil {
			return a.flagError(c, fs, err)
		}
		if a.g.version && c.parent == nil {
			return a.printVersion()
		}
		args = fs.Args()
		if len(args) == 0 {
			if c.parent == nil {
				a.printHelp(a.errw, c, fs)
				return &usageError{} // the help says it all
			}
			return &usageError{msg: "missing subcommand: " + subNames(c)}
		}
		s := c.sub(args[0])
		if s == nil {
			if c.parent == nil {
				return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
			}
			return &usageError{msg: fmt.Sprintf("unknown subcommand %q (want %s)", args[0], subNames(c))}
		}
		c, args = s, args[1:]
		if c.run != nil {
			a.cmd = c.path()
			return c.run(ctx, a, c, args)
		}
	}
}

func subNames(c *command) string {
	names := make([]string, len(c.subs))
	for i, s := range c.subs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

// flagSet returns a flag set for c holding the global flags. Errors and help are reported by
// parse, never by the flag package.
func (a *app) flagSet(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.line(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.Var(stringFlag{p: &a.g.endpoint, set: &a.g.endpointSet}, "endpoint",
		"`API` live, demo or a URL (env PROCURET_ENDPOINT)")
	fs.Var(boolFlag{&a.g.json}, "json", "print JSON on stdout, for scripts")
	if c.parent == nil {
		fs.Var(boolFlag{&a.g.version}, "version", "print the version and exit")
	}
	return fs
}

var globalFlagNames = map[string]bool{"endpoint": true, "json": true, "version": true}

// parse parses a leaf command's flags, which may come before, between or after its
// positional arguments ("links get ID --json"); "--" ends the flags. It returns the
// positional arguments, checking there are between min and max of them (max < 0: any).
func (a *app) parse(fs *flag.FlagSet, c *command, args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, a.flagError(c, fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	switch {
	case len(pos) < min:
		return nil, &usageError{msg: "missing argument: want " + c.usage}
	case max >= 0 && len(pos) > max:
		return nil, &usageError{msg: fmt.Sprintf("unexpected argument %q", pos[max])}
	}
	return pos, nil
}

// flagError turns an error of the flag package into help (for -h, --help) or a usage error.
func (a *app) flagError(c *command, fs *flag.FlagSet, err error) error {
	if err == flag.ErrHelp {
		a.printHelp(a.out, c, fs)
		return errHelpShown
	}
	return &usageError{msg: flagMessage(err.Error())}
}

func (a *app) printVersion() error {
	if a.g.json {
		return a.printJSON(struct {
			Version string `json:"version"`
		}{procuret.Version})
	}
	fmt.Fprintf(a.out, "procuret %s\n", procuret.Version)
	return nil
}

func versionCommand() *command {
	return &command{
		name:     "version",
		summary:  "print the version",
		about:    "Print the version of procuret (the same as procuret --version).",
		examples: []string{"procuret version", "procuret version --json"},
		run: func(_ context.Context, a *app, c *command, args []string) error {
			if _, err := a.parse(a.flagSet(c), c, args, 0, 0); err != nil {
				return err
			}
			return a.printVersion()
		},
	}
}

func helpCommand() *command {
	return &command{
		name:     "help",
		usage:    "[COMMAND [SUBCOMMAND]]",
		summary:  "show help for a command",
		about:    "Show help for procuret or one of its commands; every command also takes --help.",
		examples: []string{"procuret help links create"},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			pos, err := a.parse(a.flagSet(c), c, args, 0, 2)
			if err != nil {
				return err
			}
			target := c.parent
			for _, name := range pos {
				s := target.sub(name)
				if s == nil {
					return &usageError{msg: fmt.Sprintf("no command %q", strings.TrimSpace(target.path()+" "+name))}
				}
				target = s
			}
			if target.run != nil && target != c {
				a.cmd = target.path()
				return target.run(ctx, a, target, []string{"--help"})
			}
			a.printHelp(a.out, target, a.flagSet(target))
			return errHelpShown
		},
	}
}
