// Package sandboxcmd is the sandbox's command line, shared by cmd/procuret-sandbox and
// "procuret sandbox": its flags and environment, the banner it prints on start, and serving
// until the context ends, then shutting down gracefully.
//
// Run is all of cmd/procuret-sandbox. The procuret tool defines the same flags on its own flag
// set with AddFlags and serves with Serve, printing its banner its own way.
//
// The package sets no process-wide state: decimal.TrimTrailingZeros, and signals, are each
// program's choice.
package sandboxcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// The sandbox's environment variables.
const (
	EnvCode   = "PROCURET_SANDBOX_CODE"   // fixes every second-factor code (six digits)
	EnvFaults = "PROCURET_SANDBOX_FAULTS" // faults, e.g. "rate=0.2; kinds=429,drop-after; seed=7"
)

// shutdownGrace is how long requests in flight may take once the sandbox stops.
const shutdownGrace = 10 * time.Second

// Run runs procuret-sandbox with args (without the program name): it serves until ctx ends,
// then shuts down gracefully. The banner goes to stdout; the log, help and flag errors to
// stderr. -h prints the help and returns nil.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("procuret-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	flags := AddFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: procuret-sandbox [flags]

A local Procuret API under http://ADDR/api. Environment: %s fixes the
second-factor code; %s sets faults, e.g. "rate=0.2; kinds=429,drop-after; seed=7"
(flags win).

Flags:
`, EnvCode, EnvFaults)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg, err := flags.Config(getenv)
	if err != nil {
		return err
	}
	return Serve(ctx, cfg, stderr, func(s *Server) error {
		if err := s.WriteBanner(stdout); err != nil {
			return err
		}
		return s.WriteFaults(stdout)
	})
}

// Flags are the sandbox's flags, defined on a flag set by AddFlags.
type Flags struct {
	fs         *flag.FlagSet
	addr       *string
	seeds      []string
	rate       *float64
	kinds      *string
	faultSeed  *int64
	latency    *time.Duration
	retryAfter *time.Duration
	jsonLog    *bool
	data       *string
}

// AddFlags defines the sandbox's flags on fs: -addr, -data, -seed (repeatable), -fault-rate,
// -fault-kinds, -fault-seed, -latency, -retry-after and -json-log. Every usage but -json-log's
// starts with its value's name in backquotes and reads on either side of it, for
// flag.PrintDefaults and for the procuret tool's help alike.
func AddFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{fs: fs}
	f.addr = fs.String("addr", "127.0.0.1:8080", "`ADDRESS` to listen on")
	f.data = fs.String("data", "", "`DIR` keeps state across restarts (default: in memory)")
	fs.Func("seed", "`FILE` of more accounts, suppliers, … as JSON (repeatable)", func(s string) error {
		f.seeds = append(f.seeds, s)
		return nil
	})
	f.rate = fs.Float64("fault-rate", 0, "`FRACTION` of API requests that get a fault, 0 to 1")
	f.kinds = fs.String("fault-kinds", "", "`KINDS` of fault, e.g. 429,503,drop-after (default all)")
	f.faultSeed = fs.Int64("fault-seed", 0, "`N` seeds the fault sequence")
	f.latency = fs.Duration("latency", 0, "`DURATION` of a latency fault; alone, slows every request")
	f.retryAfter = fs.Duration("retry-after", 0, "`DURATION` of a 429 fault's Retry-After (default 1s)")
	f.jsonLog = fs.Bool("json-log", false, "log JSON lines instead of text")
	return f
}

// A UsageError is a wrong flag value or environment variable found by Flags.Config. It names
// flags as the flag package does, "-fault-kinds".
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &UsageError{msg: fmt.Sprintf(format, args...)}
}

// Config is what the command line and the environment ask of a sandbox.
type Config struct {
	Addr      string
	DataDir   string   // "" keeps everything in memory
	Seeds     []string // seed files, loaded in order
	Faults    sandbox.Faults
	FixedCode string // from PROCURET_SANDBOX_CODE; "" draws codes at random
	JSONLog   bool
}

// Config reads the flags, once their flag set has parsed the command line, and the environment
// through getenv: PROCURET_SANDBOX_FAULTS, then the fault flags given over it, and
// PROCURET_SANDBOX_CODE. Its errors are *UsageError. A bad code, rate or seed file is found
// later, when the sandbox starts.
func (f *Flags) Config(getenv func(string) string) (Config, error) {
	faults, err := sandbox.ParseFaults(getenv(EnvFaults))
	if err != nil {
		return Config{}, usagef("%s: %v", EnvFaults, err)
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["fault-rate"] {
		faults.Rate = *f.rate
	}
	if set["fault-kinds"] {
		if faults.Kinds, err = sandbox.ParseFaultKinds(*f.kinds); err != nil {
			return Config{}, usagef("-fault-kinds: %v", err)
		}
	}
	if set["fault-seed"] {
		faults.Seed = *f.faultSeed
	}
	if set["retry-after"] {
		faults.RetryAfter = *f.retryAfter
	}
	if set["latency"] {
		faults.Latency = *f.latency
		if faults.Rate == 0 && len(faults.Kinds) == 0 { // -latency alone: slow every request down
			faults.Rate, faults.Kinds = 1, []sandbox.FaultKind{sandbox.Latency}
		}
	}
	return Config{
		Addr:      *f.addr,
		DataDir:   *f.data,
		Seeds:     f.seeds,
		Faults:    faults,
		FixedCode: getenv(EnvCode),
		JSONLog:   *f.jsonLog,
	}, nil
}

// Options returns the sandbox options of c, logging to logger.
func (c Config) Options(logger *slog.Logger) []sandbox.Option {
	opts := []sandbox.Option{sandbox.WithLogger(logger), sandbox.WithFaults(c.Faults)}
	if c.FixedCode != "" {
		opts = append(opts, sandbox.WithFixedCode(c.FixedCode))
	}
	for _, f := range c.Seeds {
		opts = append(opts, sandbox.WithSeedFile(f))
	}
	if c.DataDir != "" {
		opts = append(opts, sandbox.WithDataDir(c.DataDir))
	}
	return opts
}

// A Server is a sandbox that Serve started.
type Server struct {
	sb     *sandbox.Sandbox
	cfg    Config
	logger *slog.Logger
}

// Serve starts a sandbox as cfg says, with opts after cfg's options, logging to logTo as text
// or JSON lines. Once it listens, Serve calls started (to print a banner); then it serves until
// ctx ends, logs "shutting down" and shuts down, giving requests in flight up to ten seconds.
// When started fails, Serve shuts down at once and returns its error.
func Serve(ctx context.Context, cfg Config, logTo io.Writer, started func(*Server) error, opts ...sandbox.Option) error {
	var handler slog.Handler = slog.NewTextHandler(logTo, nil)
	if cfg.JSONLog {
		handler = slog.NewJSONHandler(logTo, nil)
	}
	s := &Server{cfg: cfg, logger: slog.New(handler)}
	sb, err := sandbox.Start(cfg.Addr, append(cfg.Options(s.logger), opts...)...)
	if err != nil {
		return err
	}
	s.sb = sb
	err = started(s)
	if err == nil {
		<-ctx.Done()
		s.logger.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	return errors.Join(err, sb.Shutdown(sctx), sb.Close())
}

// Banner is what a started sandbox tells its user: where it is and how to log in. Its JSON is
// the procuret tool's banner with --json.
type Banner struct {
	Endpoint    string `json:"endpoint"`           // the API's base URL, http://ADDR/api
	Contract    string `json:"contract"`           // http://ADDR/openapi.yaml
	Inspector   string `json:"inspector"`          // http://ADDR/, what the sandbox holds and was sent
	DataDir     string `json:"data_dir,omitempty"` // where the state is kept; "" in memory
	Email       string `json:"email"`              // the default supplier account's login
	Password    string `json:"password"`
	Perspective int    `json:"perspective"`
	SupplierID  int64  `json:"supplier_id"`
}

// Banner returns the sandbox's address and its default supplier account.
func (s *Server) Banner() Banner {
	endpoint := s.sb.URL()
	acct := s.sb.DefaultAccount()
	return Banner{
		Endpoint:    endpoint,
		Contract:    strings.TrimSuffix(endpoint, "/api") + "/openapi.yaml",
		Inspector:   strings.TrimSuffix(endpoint, "/api") + "/",
		DataDir:     s.cfg.DataDir,
		Email:       acct.Email,
		Password:    acct.Password,
		Perspective: int(acct.Perspective),
		SupplierID:  acct.EntityID,
	}
}

// WriteBanner writes the banner as text: the address, the default account and where the
// second-factor codes appear.
func (s *Server) WriteBanner(w io.Writer) error {
	b := s.Banner()
	note := ""
	if s.cfg.FixedCode != "" {
		note = ";\n" + EnvCode + " fixes every code"
	}
	state := "in memory (-data DIR keeps it across restarts)"
	if b.DataDir != "" {
		state = "kept in " + b.DataDir
	}
	_, err := fmt.Fprintf(w, `Procuret sandbox listening on %s (contract: %s)
Inspector: %s (mailbox, requests, links, sessions, payment series)
State: %s
Default supplier account:
  email        %s
  password     %s
  perspective  %d (supplier)
  supplier ID  %d
Second-factor codes appear in the inspector's mailbox and in the log below ("stands in for the email")%s.
`, b.Endpoint, b.Contract, b.Inspector, state, b.Email, b.Password, b.Perspective, b.SupplierID, note)
	return err
}

// WriteFaults writes a line saying which faults the sandbox injects, or nothing when it
// injects none.
func (s *Server) WriteFaults(w io.Writer) error {
	f := s.cfg.Faults
	if f.Rate <= 0 {
		return nil
	}
	kinds := "all"
	if len(f.Kinds) > 0 {
		names := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			names[i] = k.String()
		}
		kinds = strings.Join(names, ",")
	}
	_, err := fmt.Fprintf(w, "Faults: %.0f%% of API requests, kinds %s, seed %d.\n", f.Rate*100, kinds, f.Seed)
	return err
}
