// Command procuret is the Procuret API from the command line. Start with "procuret demo";
// "procuret --help" lists every command. See internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/internal/cli"
)

func main() {
	// Amounts travel as exact decimal strings, and --json prints them as the API sent them:
	// "4200.00", not "4200". shopspring/decimal trims trailing zeros unless told otherwise and
	// the setting is process-wide, so the program (not a library package) chooses it, once.
	decimal.TrimTrailingZeros = false
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
