// Command procuret-sandbox runs a local, strict and stateful Procuret API built from the same
// contract as the Go client. See sandbox/README.md.
//
//	go run ./cmd/procuret-sandbox [-addr 127.0.0.1:8080] [-seed FILE] [fault flags]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/procuret/procuret-go/sandbox"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "procuret-sandbox:", err)
		os.Exit(1)
	}
}

// run is main without the process: it serves until ctx ends or SIGINT/SIGTERM arrives.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("procuret-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	var seeds multiFlag
	fs.Var(&seeds, "seed", "JSON `file` of more accounts, suppliers, businesses and series (repeatable)")
	rate := fs.Float64("fault-rate", 0, "fraction of API requests that get a fault, 0 to 1")
	kinds := fs.String("fault-kinds", "", "comma-separated fault `kinds`: 429,500,502,503,drop-before,drop-after,truncate,latency (default all)")
	faultSeed := fs.Int64("fault-seed", 0, "`seed` of the fault sequence")
	latency := fs.Duration("latency", 0, "delay of a latency fault; alone, delays every API request")
	retryAfter := fs.Duration("retry-after", 0, "Retry-After of a 429 fault (default 1s)")
	jsonLog := fs.Bool("json-log", false, "log JSON lines instead of text")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: procuret-sandbox [flags]\n\nA local Procuret API under http://ADDR/api. Environment: PROCURET_SANDBOX_CODE fixes the\nsecond-factor code; PROCURET_SANDBOX_FAULTS sets faults, e.g. \"rate=0.2; kinds=429,drop-after; seed=7\"\n(flags win).\n\nFlags:\n")
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

	faults, err := sandbox.ParseFaults(getenv("PROCURET_SANDBOX_FAULTS"))
	if err != nil {
		return fmt.Errorf("PROCURET_SANDBOX_FAULTS: %w", err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["fault-rate"] {
		faults.Rate = *rate
	}
	if set["fault-kinds"] {
		if faults.Kinds, err = sandbox.ParseFaultKinds(*kinds); err != nil {
			return fmt.Errorf("-fault-kinds: %w", err)
		}
	}
	if set["fault-seed"] {
		faults.Seed = *faultSeed
	}
	if set["retry-after"] {
		faults.RetryAfter = *retryAfter
	}
	if set["latency"] {
		faults.Latency = *latency
		if faults.Rate == 0 && len(faults.Kinds) == 0 { // -latency alone: slow every request down
			faults.Rate, faults.Kinds = 1, []sandbox.FaultKind{sandbox.Latency}
		}
	}

	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if *jsonLog {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)
	opts := []sandbox.Option{sandbox.WithLogger(logger), sandbox.WithFaults(faults)}
	if code := getenv("PROCURET_SANDBOX_CODE"); code != "" {
		opts = append(opts, sandbox.WithFixedCode(code))
	}
	for _, f := range seeds {
		opts = append(opts, sandbox.WithSeedFile(f))
	}
	// Print amounts as the real API does, "4200.00" rather than "4200". This is process-wide,
	// which is fine in the sandbox's own program.
	decimal.TrimTrailingZeros = false

	sb, err := sandbox.New(opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	acct := sb.DefaultAccount()
	fmt.Fprintf(stdout, `Procuret sandbox listening on %s/api (contract: %s/openapi.yaml)
Default supplier account:
  email        %s
  password     %s
  perspective  %d (supplier)
  supplier ID  %d
Second-factor codes appear in the log below ("stands in for the email")%s.
`, base, base, acct.Email, acct.Password, acct.Perspective, acct.EntityID, codeNote(getenv))
	if faults.Rate > 0 {
		fmt.Fprintf(stdout, "Faults: %.0f%% of API requests, kinds %s, seed %d.\n", faults.Rate*100, kindNames(faults.Kinds), faults.Seed)
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- sb.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sb.Shutdown(shutdownCtx); err != nil {
		return err
	}
	return <-errc
}

func codeNote(getenv func(string) string) string {
	if getenv("PROCURET_SANDBOX_CODE") != "" {
		return "; PROCURET_SANDBOX_CODE fixes every code"
	}
	return ""
}

func kindNames(kinds []sandbox.FaultKind) string {
	if len(kinds) == 0 {
		return "all"
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	return strings.Join(names, ",")
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
