package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/procuret/procuret-go"
)

// errHelpShown ends a run that printed help on request: exit 0.
var errHelpShown = errors.New("help shown")

// A usageError is a wrong command line: exit 2, with a pointer to --help. An empty message
// prints nothing (the caller already printed the help).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// hinted is an error with a line telling the user what to do next.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return h.err.Error() }
func (h *hinted) Unwrap() error { return h.err }

func withHint(err error, hint string) error { return &hinted{err: err, hint: hint} }

// report prints err (if any) on Stderr as one line, "procuret: <what failed>: <why>", plus a
// hint line where one helps, and returns the exit code.
func (a *app) report(ctx context.Context, err error) int {
	if err == nil || errors.Is(err, errHelpShown) {
		return ExitOK
	}
	prefix := "procuret: "
	if a.cmd != "" {
		prefix += a.cmd + ": "
	}
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.msg != "" {
			fmt.Fprintln(a.errw, prefix+oneLine(ue.msg))
			fmt.Fprintf(a.errw, "Run '%s --help' for usage.\n", strings.TrimSpace("procuret "+a.cmd))
		}
		return ExitUsage
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		if errors.Is(err, procuret.ErrOutcomeUnknown) { // a write may have happened: say so
			fmt.Fprintln(a.errw, oneLine(err.Error()))
			fmt.Fprintln(a.errw, "hint: "+a.hint(err))
		} else {
			fmt.Fprintln(a.errw, "procuret: interrupted")
		}
		return ExitInterrupted
	}
	// The client's errors already say "procuret: <operation>: …".
	line := oneLine(err.Error())
	if !strings.HasPrefix(line, "procuret: ") {
		line = prefix + line
	}
	fmt.Fprintln(a.errw, line)
	if errors.Is(err, procuret.ErrInvalidInput) {
		fmt.Fprintf(a.errw, "Run '%s --help' for usage.\n", strings.TrimSpace("procuret "+a.cmd))
		return ExitUsage
	}
	if h := a.hint(err); h != "" {
		fmt.Fprintln(a.errw, "hint: "+h)
	}
	return ExitFailure
}

// hint says what to do about err, or "".
func (a *app) hint(err error) string {
	var h *hinted
	if errors.As(err, &h) {
		return h.hint
	}
	if errors.Is(err, procuret.ErrOutcomeUnknown) {
		// No idempotency in the API: running the command again may create a second link
		// and email the customer twice.
		return "procuret links list shows whether it was created; check before running the command again"
	}
	if errors.Is(err, procuret.ErrNotAuthenticated) || errors.Is(err, procuret.ErrNoCredentials) {
		return a.loginHint()
	}
	var pe *procuret.Error
	var ne net.Error
	if !errors.As(err, &pe) && errors.As(err, &ne) {
		return "is " + a.endpointOrDefault() + " reachable? --endpoint chooses the API (live, demo or a URL)"
	}
	return ""
}

// loginHint is the command that logs in to the endpoint this run used.
func (a *app) loginHint() string {
	if a.g.endpointSet {
		return "run procuret login --endpoint " + a.g.endpoint
	}
	return "run procuret login"
}

// oneLine keeps an error on one line whatever it quotes.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var flagName = regexp.MustCompile(`(^|[ :])-([A-Za-z][A-Za-z0-9-]*)`)

// flagMessage rewrites the flag package's "-name" as "--name", the spelling the help uses.
func flagMessage(msg string) string { return flagName.ReplaceAllString(msg, "$1--$2") }
