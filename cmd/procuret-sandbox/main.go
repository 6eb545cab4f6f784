// Command procuret-sandbox runs a local, strict and stateful Procuret API built from the same
// contract as the Go client. See sandbox/README.md; its command line is package
// sandbox/sandboxcmd, which "procuret sandbox" shares.
//
//	go run ./cmd/procuret-sandbox [-addr 127.0.0.1:8080] [-seed FILE] [fault flags]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/procuret/procuret-go/sandbox/sandboxcmd"
	"github.com/shopspring/decimal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "procuret-sandbox:", err)
		os.Exit(1)
	}
}

// run is main without the process: it serves until ctx ends (main ends it on SIGINT or
// SIGTERM).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	// Print amounts as the real API does, "4200.00" rather than "4200". This is process-wide,
	// which is fine in the sandbox's own program.
	decimal.TrimTrailingZeros = false
	return sandboxcmd.Run(ctx, args, stdout, stderr, getenv)
}
