package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// Environment variables of procuret sandbox, the same as procuret-sandbox's.
const (
	envSandboxCode   = "PROCURET_SANDBOX_CODE"
	envSandboxFaults = "PROCURET_SANDBOX_FAULTS"
)

func sandboxCommand() *command {
	return &command{
		name:    "sandbox",
		usage:   "[--addr ADDRESS] [--seed FILE] [fault flags]",
		summary: "run a local Procuret API in the foreground",
		about: `Run a local, strict and stateful Procuret API until Ctrl-C: the same as procuret-sandbox.
It prints its URL and the demo supplier's login; second-factor codes appear in its log
on stderr ("stands in for the email"). PROCURET_SANDBOX_CODE fixes every code;
PROCURET_SANDBOX_FAULTS injects faults, e.g. "rate=0.2; kinds=429,drop-after" (flags win).`,
		examples: []string{
			"procuret sandbox",
			"procuret --endpoint http://127.0.0.1:8080/api login   (in another terminal)",
			"PROCURET_SANDBOX_CODE=123456 procuret sandbox --addr 127.0.0.1:9090",
		},
		run: runSandbox,
	}
}

func runSandbox(ctx context.Context, a *app, c *command, args []string) error {
	fs := a.flagSet(c)
	addr := fs.String("addr", "127.0.0.1:8080", "`ADDRESS` where to listen")
	var seeds []string
	fs.Func("seed", "`FILE` more accounts, suppliers, … as JSON (repeatable)", func(s string) error {
		seeds = append(seeds, s)
		return nil
	})
	rate := fs.Float64("fault-rate", 0, "`RATE` fraction of API requests that get a fault, 0 to 1")
	kinds := fs.String("fault-kinds", "", "`KINDS` e.g. 429,503,drop-after (default: all kinds)")
	faultSeed := fs.Int64("fault-seed", 0, "`N` seed of the fault sequence")
	latency := fs.Duration("latency", 0, "`DURATION` latency fault delay; alone, slows every request")
	retryAfter := fs.Duration("retry-after", 0, "`DURATION` Retry-After of a 429 fault (default 1s)")
	jsonLog := fs.Bool("json-log", false, "log JSON lines instead of text (also with --json)")
	if _, err := a.parse(fs, c, args, 0, 0); err != nil {
		return err
	}
	if a.g.endpointSet {
		return usagef("--endpoint does not apply: the sandbox is an endpoint (see --addr)")
	}

	faults, err := sandbox.ParseFaults(a.getenv(envSandboxFaults))
	if err != nil {
		return usagef("%s: %v", envSandboxFaults, err)
	}
	set := setFlags(fs)
	if set["fault-rate"] {
		faults.Rate = *rate
	}
	if set["fault-kinds"] {
		if faults.Kinds, err = sandbox.ParseFaultKinds(*kinds); err != nil {
			return usagef("--fault-kinds: %v", err)
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
		if faults.Rate == 0 && len(faults.Kinds) == 0 {
			faults.Rate, faults.Kinds = 1, []sandbox.FaultKind{sandbox.Latency}
		}
	}

	var handler slog.Handler = slog.NewTextHandler(a.errw, nil)
	if *jsonLog || a.g.json {
		handler = slog.NewJSONHandler(a.errw, nil)
	}
	logger := slog.New(handler)
	opts := []sandbox.Option{sandbox.WithLogger(logger), sandbox.WithFaults(faults), sandbox.WithClock(a.now)}
	code := a.getenv(envSandboxCode)
	if code != "" {
		opts = append(opts, sandbox.WithFixedCode(code))
	}
	for _, f := range seeds {
		opts = append(opts, sandbox.WithSeedFile(f))
	}
	sb, err := sandbox.Start(*addr, opts...)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(sb.URL(), "/api")
	acct := sb.DefaultAccount()
	if a.g.json {
		err = a.printJSON(struct {
			Endpoint    string `json:"endpoint"`
			Contract    string `json:"contract"`
			Email       string `json:"email"`
			Password    string `json:"password"`
			Perspective int    `json:"perspective"`
			SupplierID  int64  `json:"supplier_id"`
		}{base + "/api", base + "/openapi.yaml", acct.Email, acct.Password, int(acct.Perspective), acct.EntityID})
	} else {
		note := ""
		if code != "" {
			note = ";\n" + envSandboxCode + " fixes every code"
		}
		_, err = fmt.Fprintf(a.out, `Procuret sandbox listening on %s/api (contract: %s/openapi.yaml)
Default supplier account:
  email        %s
  password     %s
  perspective  %d (supplier)
  supplier ID  %d
Second-factor codes appear in the log below ("stands in for the email")%s.
Try: procuret --endpoint %s/api login
Stop with Ctrl-C.
`, base, base, acct.Email, acct.Password, acct.Perspective, acct.EntityID, note, base)
	}
	if err == nil && faults.Rate > 0 {
		fmt.Fprintf(a.errw, "Faults: %.0f%% of API requests, seed %d.\n", faults.Rate*100, faults.Seed)
	}
	if err == nil {
		<-ctx.Done()
		logger.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return errors.Join(err, sb.Shutdown(sctx))
}
