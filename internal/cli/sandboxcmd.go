package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxcmd"
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

// runSandbox is procuret-sandbox's command line (package sandboxcmd) on the tool's flag set,
// with the tool's errors, clock and banner: JSON with --json, and a hint to log in.
func runSandbox(ctx context.Context, a *app, c *command, args []string) error {
	fs := a.flagSet(c)
	flags := sandboxcmd.AddFlags(fs)
	fs.Lookup("json-log").Usage += " (also with --json)"
	if _, err := a.parse(fs, c, args, 0, 0); err != nil {
		return err
	}
	if a.g.endpointSet {
		return usagef("--endpoint does not apply: the sandbox is an endpoint (see --addr)")
	}
	cfg, err := flags.Config(a.getenv)
	var ue *sandboxcmd.UsageError
	if errors.As(err, &ue) {
		return usagef("%s", flagMessage(ue.Error())) // "--fault-kinds", as the help spells it
	}
	if err != nil {
		return err
	}
	cfg.JSONLog = cfg.JSONLog || a.g.json
	return sandboxcmd.Serve(ctx, cfg, a.errw, func(s *sandboxcmd.Server) error {
		b := s.Banner()
		if a.g.json {
			if err := a.printJSON(b); err != nil {
				return err
			}
		} else {
			if err := s.WriteBanner(a.out); err != nil {
				return err
			}
			if _, err := fmt.Fprintf(a.out, "Try: procuret --endpoint %s login\nStop with Ctrl-C.\n", b.Endpoint); err != nil {
				return err
			}
		}
		return s.WriteFaults(a.errw)
	}, sandbox.WithClock(a.now))
}
