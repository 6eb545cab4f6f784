package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/procuret/procuret-go"
)

// A usageError is a wrong command line: exit 2, with a pointer to --help. An empty message
// prints nothing (the caller already printed the help). suggest lists what the user may
// have meant.
type usageError struct {
	msg     string
	suggest []string
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// An authError says that the command needs a session it does not have: exit 4.
type authError struct{ err error }

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

func authErrorf(format string, args ...any) error {
	return &authError{err: fmt.Errorf(format, args...)}
}

// hinted is an error with a line telling the user what to do next.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return h.err.Error() }
func (h *hinted) Unwrap() error { return h.err }

func withHint(err error, hint string) error { return &hinted{err: err, hint: hint} }

// cliError is an error already worded for the command line: printed as it is.
type cliError struct{ msg string }

func (e *cliError) Error() string { return e.msg }

// flagError turns pflag's complaint into a usage error in the help's spelling, with the
// flags the user may have meant.
func (a *app) flagError(cmd *cobra.Command, err error) error {
	if !cmd.HasParent() {
		// "procuret qoute --supplier 1": the root met the flags of a command it did not
		// find; the mistyped command is the problem.
		if word := a.firstWord(cmd); word != "" {
			if c, _, ferr := cmd.Find([]string{word}); ferr != nil || c == cmd {
				return unknownCommand(cmd, word)
			}
		}
	}
	msg := err.Error()
	if m := invalidArgument.FindStringSubmatch(msg); m != nil {
		reason := m[3]
		switch {
		case strings.Contains(reason, "strconv.ParseInt"), strings.Contains(reason, "strconv.ParseUint"):
			reason = "want a whole number"
		case strings.Contains(reason, "strconv.ParseBool"):
			reason = "want true or false"
		case strings.Contains(reason, "strconv.Parse"):
			reason = "want a number"
		}
		return &usageError{msg: fmt.Sprintf("invalid value %s for %s: %s", m[1], m[2], reason)}
	}
	var name string
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		name = strings.TrimPrefix(msg, "unknown flag: --")
		msg = "unknown flag --" + name
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		// "unknown shorthand flag: 'v' in -v": POSIX spelling, one dash for one letter.
		if i := strings.LastIndex(msg, " in "); i >= 0 {
			name = strings.TrimLeft(msg[i+4:], "-")
			msg = "unknown flag " + msg[i+4:]
		}
	}
	ue := &usageError{msg: msg}
	if name != "" {
		ue.suggest = suggestFlags(cmd, name)
	}
	return ue
}

// invalidArgument is pflag's complaint about a flag's value.
var invalidArgument = regexp.MustCompile(`^invalid argument ("(?:[^"\\]|\\.)*") for "(-[^"]*)" flag: (.*)$`)

// firstWord is the first argument of the command line that is neither a global flag nor
// its value: the command's name.
func (a *app) firstWord(root *cobra.Command) string {
	for i := 0; i < len(a.args); i++ {
		arg := a.args[i]
		switch {
		case arg == "--":
			return ""
		case strings.HasPrefix(arg, "-"):
			if name := strings.TrimLeft(arg, "-"); !strings.Contains(name, "=") && globalTakesValue(root, name) {
				i++
			}
		default:
			return arg
		}
	}
	return ""
}

// globalTakesValue reports whether name is a global flag that takes a value (all but the
// bool ones).
func globalTakesValue(root *cobra.Command, name string) bool {
	f := root.PersistentFlags().Lookup(name)
	return f != nil && f.Value.Type() != "bool"
}

// suggestFlags returns the flags of cmd spelled like name: a distance of at most 2, or a
// prefix either way.
func suggestFlags(cmd *cobra.Command, name string) []string {
	type cand struct {
		name string
		d    int
	}
	var cands []cand
	seen := map[string]bool{}
	visit := func(f *pflag.Flag) {
		if seen[f.Name] || f.Hidden {
			return
		}
		seen[f.Name] = true
		d := levenshtein(name, f.Name)
		if len(name) >= 3 && (strings.HasPrefix(f.Name, name) || strings.HasPrefix(name, f.Name)) {
			d = min(d, 1)
		}
		if d <= 2 {
			cands = append(cands, cand{"--" + f.Name, d})
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].name < cands[j].name
	})
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i] = c.name
	}
	return out
}

func levenshtein(s, t string) int {
	a, b := []rune(s), []rune(t)
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// report prints err (if any) on Stderr, "procuret: <command>: <what failed>", plus a hint
// line where one helps, and returns the exit code.
func (a *app) report(ctx context.Context, cmd *cobra.Command, err error) int {
	if err == nil {
		return ExitOK
	}
	var se *silentExit
	if errors.As(err, &se) { // the sandbox program said why
		return se.code
	}
	if a.cmd == "" {
		a.cmd = commandPath(cmd)
	}
	prefix := "procuret: "
	if a.cmd != "" {
		prefix += a.cmd + ": "
	}
	say := func(s string) { fmt.Fprintln(a.errw, sanitize(oneLine(s))) }
	usage := func() { fmt.Fprintf(a.errw, "Run '%s --help' for usage.\n", strings.TrimSpace("procuret "+a.cmd)) }

	var ue *usageError
	if errors.As(err, &ue) || !a.started {
		if ue == nil {
			// cobra's own complaint (an argument check): still a wrong command line.
			ue = &usageError{msg: err.Error()}
		}
		if ue.msg != "" {
			say(prefix + ue.msg)
			if len(ue.suggest) > 0 {
				fmt.Fprintf(a.errw, "\nDid you mean this?\n")
				for _, s := range ue.suggest {
					fmt.Fprintf(a.errw, "\t%s\n", s)
				}
				fmt.Fprintln(a.errw)
			}
			usage()
		}
		return ExitUsage
	}
	if a.g.debug {
		fmt.Fprintln(a.errw, "debug: "+sanitize(oneLine(fmt.Sprintf("%v", err))))
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		if errors.Is(err, procuret.ErrOutcomeUnknown) { // a write may have happened: say so
			say(prefix + "interrupted; the API may or may not have acted")
			fmt.Fprintln(a.errw, "hint: "+a.hint(err))
		} else {
			fmt.Fprintln(a.errw, "procuret: interrupted")
		}
		return ExitInterrupted
	}
	var ve *procuret.ValidationError
	if errors.As(err, &ve) {
		say(prefix + a.fieldName(ve.Field) + " " + ve.Reason)
		usage()
		return ExitUsage
	}

	say(prefix + a.describe(err))
	if h := a.hint(err); h != "" {
		say("hint: " + h)
	}
	if isAuth(err) {
		return ExitAuth
	}
	return ExitFailure
}

// isAuth reports whether err means that the command needs (another) session.
func isAuth(err error) bool {
	var ae *authError
	return errors.As(err, &ae) || errors.Is(err, procuret.ErrNotAuthenticated) || errors.Is(err, procuret.ErrNoCredentials)
}

// describe words err for the command line: no API paths, field names or Go types (--debug
// shows those).
func (a *app) describe(err error) string {
	var ce *cliError
	if errors.As(err, &ce) {
		return ce.msg
	}
	var ae *authError
	if errors.As(err, &ae) {
		return ae.err.Error()
	}
	var h *hinted
	if errors.As(err, &h) && !isClientError(h.err) {
		return h.err.Error()
	}
	var uo *procuret.UnknownOutcomeError
	if errors.As(err, &uo) {
		return "no answer came back: the API may or may not have acted"
	}
	var pe *procuret.Error
	if errors.As(err, &pe) {
		if errors.Is(pe, procuret.ErrUnexpectedBody) {
			return fmt.Sprintf("the API answered (%d), but not with what procuret expects; --debug shows the details", pe.StatusCode)
		}
		s := fmt.Sprintf("%s (%d)", pe.Kind.String(), pe.StatusCode)
		if pe.Message != "" {
			s += ": " + a.apiWords(pe.Message)
		}
		if pe.Attempts > 1 {
			s += fmt.Sprintf(" (after %d attempts)", pe.Attempts)
		}
		return s
	}
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return "no answer from " + a.endpointOrDefault() + " in time"
		}
		return "cannot reach " + a.endpointOrDefault()
	}
	if isClientError(err) {
		// The client's own wording names its operation, "procuret: list instalment links: …".
		msg := err.Error()
		if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "procuret: ") && i >= 0 {
			msg = strings.TrimPrefix(msg, "procuret: ")
			if j := strings.Index(msg, ": "); j >= 0 {
				msg = msg[j+2:]
			}
		}
		return msg
	}
	return err.Error()
}

// isClientError reports whether err comes from package procuret, worded in the API's terms.
func isClientError(err error) bool {
	return strings.HasPrefix(err.Error(), "procuret: ")
}

// apiPhrase matches the API's own directions in its messages, "with POST /session".
var apiPhrase = regexp.MustCompile(`\s*[;,]?\s*(?:with|via|using)?\s*(?:GET|POST|PUT|DELETE|PATCH) /[^\s;,)]*`)

// apiWords drops the API's paths from a server message: no command spells them.
func (a *app) apiWords(msg string) string {
	if a.g.debug {
		return msg
	}
	msg = strings.TrimSpace(apiPhrase.ReplaceAllString(msg, ""))
	// The API's field names, in the command's spelling: "invoice_amount" is --amount.
	return apiField.ReplaceAllStringFunc(msg, func(f string) string {
		if n, ok := a.fieldNames[f]; ok {
			return n
		}
		if n, ok := commonFields[f]; ok && (strings.Contains(f, "_") || f == "periods" || f == "principle") {
			return n
		}
		return f
	})
}

// apiField matches a word that may be one of the API's field names.
var apiField = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)*\b`)

// fieldName is the command line's name of the API's field name: a flag or an argument.
func (a *app) fieldName(field string) string {
	if n, ok := a.fieldNames[field]; ok {
		return n
	}
	if n, ok := commonFields[field]; ok {
		return n
	}
	return "the " + strings.ReplaceAll(field, "_", " ")
}

// commonFields are the flags most commands give the same API fields.
var commonFields = map[string]string{
	"supplier_id":         "--supplier",
	"invoice_amount":      "--amount",
	"principal_magnitude": "--amount",
	"principle":           "--amount",
	"invitee_email":       "--email",
	"invoice_identifier":  "--invoice",
	"invitee_phone":       "--phone",
	"denomination":        "--currency",
	"communicate":         "--notify or --no-notify",
	"limit":               "--limit",
	"offset":              "--offset",
	"periods":             "--months",
	"business_id":         "--business",
	"email":               "--email",
	"perspective":         "--perspective",
	"lifecycle":           "--lifecycle",
	"agent_id":            "--as-agent",
	"cycle":               "--arrears",
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
	if isAuth(err) {
		return a.loginHint()
	}
	var pe *procuret.Error
	var ne net.Error // *net.OpError is one too
	if !errors.As(err, &pe) && errors.As(err, &ne) {
		return "is " + a.endpointOrDefault() + " reachable? --endpoint chooses the API (live, demo or a URL)"
	}
	return ""
}

// loginHint is the command that logs in to the endpoint this run used.
func (a *app) loginHint() string {
	s := "run procuret login"
	if a.g.endpoint != "" {
		s += " --endpoint " + a.g.endpoint
	} else if a.endpoint != "" {
		s += " --endpoint " + endpointWord(a.endpoint)
	}
	if a.g.profile != "" {
		s += " --profile " + a.g.profile
	}
	return s
}

// oneLine keeps an error on one line whatever it quotes.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
