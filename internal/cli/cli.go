package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes of Run.
const (
	ExitOK          = 0   // success
	ExitFailure     = 1   // the API refused, the network failed, or a local file could not be used
	ExitUsage       = 2   // a wrong command line: unknown command or flag, missing or invalid value
	ExitAuth        = 4   // authentication needed: not logged in, the session expired, login refused
	ExitInterrupted = 130 // ctx ended (Ctrl-C), as shells report SIGINT
)

// Env is everything Run takes from the process, so that tests can drive it whole.
type Env struct {
	Stdin          io.Reader // prompts read lines from it; nil reads nothing
	Stdout, Stderr io.Writer // results go to Stdout; prompts, errors and hints to Stderr; nil discards
	// Getenv reads the environment (PROCURET_ENDPOINT, PROCURET_PROFILE, PROCURET_SESSION_ID,
	// PROCURET_API_KEY, PROCURET_LIFECYCLE, PROCURET_PASSWORD, COLUMNS, …); nil reads nothing.
	Getenv func(string) string
	// ConfigDir is where saved sessions live; "" means os.UserConfigDir()/procuret.
	ConfigDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ReadPassword reads the password without echoing it. nil: golang.org/x/term when Stdin
	// is a terminal, otherwise a line from Stdin.
	ReadPassword func() (string, error)
	// Terminal says which streams are terminals and how wide; nil finds out from Stdout and
	// Stderr when they are *os.File (and COLUMNS).
	Terminal *Terminal
	// Sandbox runs the local sandbox for "procuret sandbox" and "procuret demo"; nil runs the
	// procuret-sandbox program (see ExecSandbox), so that no other command links the sandbox
	// or pays for its start-up.
	Sandbox SandboxRunner
	// BuildInfo reads what the build recorded, for procuret version; nil means
	// runtime/debug.ReadBuildInfo.
	BuildInfo func() (*debug.BuildInfo, bool)
}

// Terminal describes where the output goes.
type Terminal struct {
	Stdout bool // tables are aligned (else tab-separated) and fit Width
	Stderr bool // --all shows its progress
	Width  int  // columns; 0 means 80
}

// Run runs the procuret command line args (without the program name) and returns the exit
// code: ExitOK, ExitFailure, ExitUsage, ExitAuth or ExitInterrupted.
func Run(ctx context.Context, args []string, env Env) int {
	a := newApp(env)
	a.args = args
	root := a.rootCommand()
	root.SetArgs(args)
	c, err := root.ExecuteContextC(ctx)
	if c == nil {
		c = root
	}
	return a.report(ctx, c, err)
}

// app is one run of the tool.
type app struct {
	env      Env
	in       *bufio.Reader // Stdin, buffered once so that prompts and the password share it
	out      io.Writer     // Stdout, made safe for a terminal when it is one
	rawOut   io.Writer     // Stdout as given
	errw     io.Writer     // Stderr, made safe for a terminal when it is one
	rawErr   io.Writer     // Stderr as given (progress lines)
	getenv   func(string) string
	now      func() time.Time
	term     Terminal
	g        globals
	started  bool   // a command's own code ran: errors before it are usage errors
	cmd      string // the command being run, e.g. "links create", for errors
	endpoint string // the API root the command talks to, once known, for hints
	rec      *recorder
	args     []string // the command line
	conn     *conn    // the run's connection, once made
	// fields maps the API's names of a command's inputs to the command line's, for errors:
	// "invoice_amount" → "--amount".
	fieldNames map[string]string
}

// globals are the flags every command accepts, before or after its name.
type globals struct {
	endpoint string
	profile  string
	asAgent  int64
	json     bool
	jq       string
	debug    bool
	version  bool
}

func newApp(env Env) *app {
	a := &app{env: env, rawOut: env.Stdout, rawErr: env.Stderr, getenv: env.Getenv, now: env.Now, rec: newRecorder()}
	if a.rawOut == nil {
		a.rawOut = io.Discard
	}
	if a.rawErr == nil {
		a.rawErr = io.Discard
	}
	if a.getenv == nil {
		a.getenv = func(string) string { return "" }
	}
	if a.now == nil {
		a.now = time.Now
	}
	if env.Terminal != nil {
		a.term = *env.Terminal
	} else {
		a.term = detectTerminal(env.Stdout, env.Stderr, a.getenv)
	}
	if a.term.Width <= 0 {
		a.term.Width = 80
	}
	a.out, a.errw = a.rawOut, a.rawErr
	if a.term.Stdout {
		a.out = &safeWriter{w: a.rawOut}
	}
	if a.term.Stderr {
		a.errw = &safeWriter{w: a.rawErr}
	}
	stdin := env.Stdin
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	a.in = bufio.NewReader(stdin)
	return a
}

// detectTerminal looks at the process's streams: a terminal's width comes from the terminal,
// else from COLUMNS.
func detectTerminal(stdout, stderr io.Writer, getenv func(string) string) Terminal {
	var t Terminal
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		t.Stdout = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			t.Width = w
		}
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		t.Stderr = true
	}
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		t.Width = n
	}
	return t
}

// rootCommand builds the command tree. It is built per run, holding this run's app.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "procuret",
		Short: "the Procuret API from the command line",
		Long: `procuret talks to the Procuret API: log in once, create instalment links for customers,
see what a customer would pay, read payment series, or call any endpoint with
"procuret api". Start with "procuret demo": it runs the whole supplier flow against a
local sandbox, with no account and no network.

No command talks to the live API (real money) unless you chose it: with
"--endpoint live", PROCURET_ENDPOINT=live, or by logging in to it.`,
		Example: examples(
			"procuret demo",
			"procuret login --endpoint demo",
			"procuret links create --supplier 13991055489669749 --amount 1250.00 \\\n    --email customer@example.com --invoice INV-1001 --no-notify",
			"procuret quote --supplier 13991055489669749 --amount 4200",
			"procuret links list --json --jq '.[].public_id'",
			"procuret api GET /instalment-link/list -q limit=5",
		),
		Args:                       a.noArgs,
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		SilenceUsage:               true,
		CompletionOptions:          cobra.CompletionOptions{HiddenDefaultCmd: false},
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.g.version {
				return a.printVersion()
			}
			cmd.SetOut(a.rawErr)
			_ = cmd.Help()
			return &usageError{} // the help says it all
		},
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		a.started = true
		a.cmd = commandPath(cmd)
		return a.checkGlobals()
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.g.endpoint, "endpoint", "", "the `API`: live, demo or a URL (env PROCURET_ENDPOINT; default: the saved session's)")
	pf.StringVar(&a.g.profile, "profile", "", "the saved session `NAME` to use (env PROCURET_PROFILE; default \"default\")")
	pf.Int64Var(&a.g.asAgent, "as-agent", 0, "act on behalf of the agent with this `ID`")
	pf.BoolVar(&a.g.json, "json", false, "print the API's JSON on stdout, as it was sent")
	pf.StringVar(&a.g.jq, "jq", "", "filter the JSON output with a jq `EXPRESSION` (implies --json)")
	pf.BoolVar(&a.g.debug, "debug", false, "log every request and response on stderr; full errors")
	root.Flags().BoolVar(&a.g.version, "version", false, "print the version and exit")
	root.SetIn(a.in)
	root.SetOut(a.rawOut)
	root.SetErr(a.rawErr)
	root.SetFlagErrorFunc(a.flagError)
	root.SetUsageTemplate(usageTemplate)
	root.SetHelpTemplate(helpTemplate)

	root.AddCommand(
		a.demoCommand(),
		a.loginCommand(), a.logoutCommand(), a.sessionCommand(),
		a.group("links", "create, list, get and open instalment links",
			"An instalment link is a page where a customer can pay an invoice over time.",
			examples(
				"procuret links create --supplier 13991055489669749 --amount 1250.00 \\\n    --email customer@example.com --invoice INV-1001 --no-notify",
				"procuret links list --opened",
				"procuret links get il_9cT2mQ4xR7",
			),
			a.linksCreateCommand(), a.linksListCommand(), a.linksGetCommand(), a.linksOpenCommand()),
		a.quoteCommand(),
		a.group("series", "list and get payment series (instalment plans)",
			"A payment series is an instalment plan a customer committed to.",
			examples("procuret series list", "procuret series get ps_demo1"),
			a.seriesListCommand(), a.seriesGetCommand()),
		a.withPDF(a.scheduleCommand()), a.entityCommand(), a.supplierCommand(),
		a.salesCommand(), a.payoutsCommand(), a.pendingCommand(),
		a.group("deals", "list and get deals: what customers committed to, and their money",
			"A deal is what a customer committed to with a supplier: its credit assessment, what it is worth and what is paid.",
			examples("procuret deals list --sort outstanding", "procuret deals get cm_demo1"),
			a.dealsListCommand(), a.dealGetCommand()),
		a.group("customers", "list and get customer businesses, and the entities you deal with",
			"A supplier's customers are the businesses with a payment series or a pending plan with it.",
			examples("procuret customers list", "procuret customers get 24681357924681357", "procuret customers entities"),
			a.customersListCommand(), a.customerGetCommand(), a.entitiesCommand()),
		a.group("suppliers", "list suppliers, and make an entity a supplier",
			"The suppliers the session deals with, and making an entity it holds a supplier.",
			examples("procuret suppliers list", "procuret suppliers create 9007199254740995"),
			a.suppliersListCommand(), a.suppliersCreateCommand()),
		a.group("fees", "who pays the pay-now fee, and what it would be",
			"When a customer pays in full now, Procuret charges a fee, paid by the customer or the supplier.",
			examples("procuret fees mode 13991055489669749", "procuret fees quote --supplier 13991055489669749 --card 200 --bank 1000"),
			a.feesModeCommand(), a.feesQuoteCommand()),
		a.apiCommand(),
		a.sandboxCommand(),
		a.versionCommand(),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Short = "the shell completion script: bash, zsh, fish or powershell"
			c.Example = examples(
				"procuret completion bash > /etc/bash_completion.d/procuret",
				"procuret completion zsh > \"${fpath[1]}/_procuret\"",
				"procuret completion fish > ~/.config/fish/completions/procuret.fish",
				"procuret completion powershell | Out-String | Invoke-Expression",
			)
			for _, s := range c.Commands() {
				s.Example = examples("procuret " + s.CommandPath()[len("procuret "):])
			}
		}
	}
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Short = "show help for a command"
			c.Example = examples("procuret help links create")
		}
	}
	var fill func(c *cobra.Command)
	fill = func(c *cobra.Command) {
		if !strings.HasPrefix(c.CommandPath(), "procuret completion") {
			c.Long = reflow(c.Long, 80)
		}
		for _, s := range c.Commands() {
			fill(s)
		}
	}
	fill(root)
	return root
}

// reflow fills each paragraph of text (paragraphs are separated by a blank line) into lines
// of fewer than width columns.
func reflow(text string, width int) string {
	paras := strings.Split(strings.TrimSpace(text), "\n\n")
	for i, p := range paras {
		var b strings.Builder
		n := 0
		for _, word := range strings.Fields(p) {
			wl := runes(word)
			switch {
			case n == 0:
			case n+1+wl >= width:
				b.WriteByte('\n')
				n = 0
			default:
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += wl
		}
		paras[i] = b.String()
	}
	return strings.Join(paras, "\n\n")
}

// group is a command that only holds subcommands.
func (a *app) group(name, short, long, example string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{
		Use:                        name + " SUBCOMMAND",
		Short:                      short,
		Long:                       long,
		Example:                    example,
		Args:                       cobra.ArbitraryArgs,
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				names := make([]string, 0, len(cmd.Commands()))
				for _, s := range cmd.Commands() {
					names = append(names, s.Name())
				}
				return usagef("missing subcommand: %s", strings.Join(names, ", "))
			}
			return unknownCommand(cmd, args[0])
		},
	}
	g.AddCommand(subs...)
	return g
}

// noArgs is the root's Args: a word that is not a command is a mistyped command.
func (a *app) noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(cmd, args[0])
	}
	return nil
}

// unknownCommand is a usage error naming the commands that name is closest to.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := "unknown command " + strconv.Quote(name)
	if cmd.HasParent() {
		msg += " for " + strconv.Quote(cmd.CommandPath())
	}
	return &usageError{msg: msg, suggest: cmd.SuggestionsFor(name)}
}

// commandPath is cmd's words after "procuret", e.g. "links create".
func commandPath(cmd *cobra.Command) string {
	return strings.TrimSpace(strings.TrimPrefix(cmd.CommandPath(), "procuret"))
}

// examples joins example command lines as cobra's Example, indented as its help shows them.
func examples(lines ...string) string {
	return "  " + strings.Join(lines, "\n  ")
}

// usageTemplate is cobra's, with flag descriptions wrapped to fit 80 columns.
const usageTemplate = `Usage:{{if .HasAvailableSubCommands}}
  {{.CommandPath}} COMMAND [flags]{{else if .Runnable}}
  {{.UseLine}}{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsagesWrapped 79 | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags (before or after the command):
{{.InheritedFlags.FlagUsagesWrapped 79 | trimTrailingWhitespaces}}{{end}}{{if not .HasParent}}

Environment:
  PROCURET_ENDPOINT    the API, as --endpoint
  PROCURET_PROFILE     the saved session, as --profile
  PROCURET_SESSION_ID  a session to use instead of a saved one (for CI),
  PROCURET_API_KEY     given as its ID and API key
  PROCURET_LIFECYCLE   that session's lifecycle: long (default) or short
  PROCURET_PASSWORD    the password for procuret login

Exit codes: 0 success, 1 the API or the network failed, 2 a wrong command
line, 4 authentication needed, 130 interrupted.{{end}}{{if .HasAvailableSubCommands}}

Run '{{.CommandPath}} COMMAND --help' for more about a command.{{end}}
`

// helpTemplate is cobra's: the long description, then the usage.
const helpTemplate = `{{with (or .Long .Short)}}{{. | trimTrailingWhitespaces}}

{{end}}{{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}`
