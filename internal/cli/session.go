package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// EnvPassword is read by procuret login instead of asking for the password.
const EnvPassword = "PROCURET_PASSWORD"

// sessionInfo is the --json output of login and session. It never holds the API key.
type sessionInfo struct {
	SessionID   int64  `json:"session_id"`
	Perspective int    `json:"perspective"`
	Lifecycle   int    `json:"lifecycle"`
	AgentID     int64  `json:"agent_id,omitempty"`
	Endpoint    string `json:"endpoint"`
	Source      string `json:"source"`         // "saved" or "environment"
	Path        string `json:"path,omitempty"` // the saved session's file
}

func loginCommand() *command {
	return &command{
		name:    "login",
		usage:   "[--email EMAIL] [--perspective NAME] [--lifecycle short|long]\n[--password-stdin] [--code CODE | --request-code] | --import FILE",
		summary: "log in and save the session",
		about: `Log in: ask for email, password (hidden while typed), perspective and lifecycle, have
Procuret send a six-digit code to the account's email, ask for it, and save the session
in the config directory (mode 0600) for the other commands.

Every question has a flag, so scripts need no terminal. The password comes from
PROCURET_PASSWORD, from the first line of stdin with --password-stdin, or from the
terminal. To log in in two steps: --request-code only has the code sent; then
--code CODE logs in with it.

--import FILE takes over a session that Procuret's Python SDK saved
(Session.save_to_file) instead of logging in: it checks the session with the API
at the endpoint and saves it like any other. The file must be readable by you
only (chmod 600 FILE).`,
		examples: []string{
			"procuret login --endpoint demo",
			"procuret login --email me@example.com --lifecycle long",
			"printf '%s\\n' \"$PASSWORD\" | \\\n      procuret login --email me@example.com --password-stdin --request-code",
			"PROCURET_PASSWORD=… procuret login --email me@example.com --code 123456",
			"procuret login --endpoint demo --import procuret.session",
		},
		run: runLogin,
	}
}

func runLogin(ctx context.Context, a *app, c *command, args []string) error {
	fs := a.flagSet(c)
	var email, perspective, lifecycle, code string
	var pwStdin, requestOnly bool
	fs.StringVar(&email, "email", "", "`EMAIL` the account's email address")
	fs.StringVar(&perspective, "perspective", "", "`NAME` supplier (default), business, … or a number, 1–7")
	fs.StringVar(&lifecycle, "lifecycle", "", "`short|long` short (default) expires unused; long never expires")
	fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of stdin")
	fs.StringVar(&code, "code", "", "`CODE` the six-digit code Procuret sent (sends no new one)")
	fs.BoolVar(&requestOnly, "request-code", false, "only have the code sent; finish with --code")
	var importPath string
	fs.StringVar(&importPath, "import", "", "`FILE` take over a session saved by Procuret's Python SDK")
	if _, err := a.parse(fs, c, args, 0, 0); err != nil {
		return err
	}
	set := setFlags(fs)
	if set["import"] {
		for _, f := range []string{"email", "perspective", "lifecycle", "password-stdin", "code", "request-code"} {
			if set[f] {
				return usagef("--import and --%s exclude each other: an imported session needs no login", f)
			}
		}
		return importPythonSession(ctx, a, importPath)
	}
	if requestOnly && set["code"] {
		return usagef("--request-code and --code exclude each other")
	}
	if set["perspective"] {
		if _, err := parsePerspective(perspective); err != nil {
			return err
		}
	}
	if set["lifecycle"] {
		if _, err := parseLifecycle(lifecycle); err != nil {
			return err
		}
	}

	if _, err := a.sessionPath(); err != nil {
		return err
	}
	cn, err := a.connect(noSession)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.errw, "Logging in to %s.\n", cn.Endpoint())

	if !set["email"] {
		var ok bool
		if email, ok, err = a.ask(ctx, "Email: "); err != nil {
			return err
		} else if !ok {
			return usagef("no email given (stdin ended); pass --email")
		}
	}
	if email = strings.TrimSpace(email); email == "" {
		return usagef("no email given")
	}

	password, err := a.password(ctx, pwStdin)
	if err != nil {
		return err
	}

	if !set["perspective"] {
		if perspective, _, err = a.ask(ctx, "Perspective, e.g. supplier or business [supplier]: "); err != nil {
			return err
		}
	}
	p, err := parsePerspective(perspective)
	if err != nil {
		return err
	}
	if !set["lifecycle"] {
		if lifecycle, _, err = a.ask(ctx, "Lifecycle: short (expires when unused) or long (never expires) [short]: "); err != nil {
			return err
		}
	}
	lc, err := parseLifecycle(lifecycle)
	if err != nil {
		return err
	}

	if !set["code"] {
		err := cn.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: email, Password: password, Perspective: p})
		if err != nil {
			return withHint(err, "") // "run procuret login" would not help here
		}
		if requestOnly {
			if a.g.json {
				return a.printJSON(struct {
					CodeSentTo string `json:"code_sent_to"`
				}{email})
			}
			next := "procuret login"
			if a.g.endpointSet {
				next += " --endpoint " + a.g.endpoint
			}
			next += fmt.Sprintf(" --email %s --perspective %s --lifecycle %s --code CODE", email, perspectiveWord(p), strings.TrimSuffix(lifecycleName(lc), "-lived"))
			fmt.Fprintf(a.out, "Procuret sent a six-digit code to %s.\nLog in with it, giving the password again (%s or --password-stdin):\n  %s\n", email, EnvPassword, next)
			return nil
		}
		fmt.Fprintf(a.errw, "Procuret sent a six-digit code to %s.\n", email)
		var ok bool
		if code, ok, err = a.ask(ctx, "Code: "); err != nil {
			return err
		} else if !ok {
			return usagef("no code given (stdin ended); pass --code")
		}
	}
	code = strings.TrimSpace(code)

	sess, err := cn.CreateSession(ctx, procuret.LoginParams{Email: email, Password: password, Perspective: p, Code: code, Lifecycle: lc})
	if errors.Is(err, procuret.ErrNotAuthenticated) {
		return withHint(err, "run procuret login again for a new code")
	}
	if err != nil {
		return err
	}
	if err := auth.SaveFile(cn.path, auth.File{Credentials: sess.Credentials(), Endpoint: cn.Endpoint()}); err != nil {
		return fmt.Errorf("save the session: %w", err)
	}
	if a.g.json {
		return a.printJSON(sessionInfo{
			SessionID: sess.SessionID, Perspective: int(sess.Perspective), Lifecycle: int(sess.Lifecycle),
			AgentID: sess.AgentID, Endpoint: cn.Endpoint(), Source: "saved", Path: cn.path,
		})
	}
	fmt.Fprintf(a.out, "Logged in to %s as %s: %s, %s session.\n", cn.Endpoint(), email,
		perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle))
	fmt.Fprintf(a.out, "Saved the session in %s; procuret logout forgets it.\n", cn.path)
	if sess.Lifecycle == procuret.LifecycleShortLived {
		fmt.Fprintln(a.out, "A short-lived session expires after a while unused; then run procuret login again.")
	}
	if a.getenv(procuret.EnvSessionID) != "" {
		fmt.Fprintf(a.errw, "Note: %s is set; while it is, the commands use that session, not this one.\n", procuret.EnvSessionID)
	}
	return nil
}

// importPythonSession is procuret login --import FILE: it loads a session the Python SDK saved,
// checks it with the API at the endpoint (so that a session of another endpoint, or one that
// was deleted, is not saved), and saves it in this tool's own format.
func importPythonSession(ctx context.Context, a *app, path string) error {
	if strings.TrimSpace(path) == "" {
		return usagef("--import: no file given")
	}
	creds, err := auth.LoadPythonSession(path)
	if errors.Is(err, auth.ErrInsecurePermissions) {
		return withHint(err, "then run procuret login --import again")
	}
	if err != nil {
		return err
	}
	if _, err := a.sessionPath(); err != nil {
		return err
	}
	cn, err := a.connect(noSession)
	if err != nil {
		return err
	}
	sess, err := cn.Authenticated(creds).GetSession(ctx)
	if errors.Is(err, procuret.ErrNotAuthenticated) {
		return withHint(fmt.Errorf("%s does not know the session in %s: %w", cn.Endpoint(), path, err), "pass the --endpoint it was made on (live or demo)")
	}
	if err != nil {
		return err
	}
	if err := auth.SaveFile(cn.path, auth.File{Credentials: sess.Credentials(), Endpoint: cn.Endpoint()}); err != nil {
		return fmt.Errorf("save the session: %w", err)
	}
	if a.g.json {
		return a.printJSON(sessionInfo{
			SessionID: sess.SessionID, Perspective: int(sess.Perspective), Lifecycle: int(sess.Lifecycle),
			AgentID: sess.AgentID, Endpoint: cn.Endpoint(), Source: "saved", Path: cn.path,
		})
	}
	fmt.Fprintf(a.out, "Imported the Python SDK's session %d from %s: %s, %s session on %s.\n", sess.SessionID, path,
		perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle), cn.Endpoint())
	fmt.Fprintf(a.out, "Saved the session in %s; procuret logout forgets it.\n", cn.path)
	return nil
}

// password reads the password from PROCURET_PASSWORD, the first line of stdin
// (--password-stdin) or the terminal, in that order.
func (a *app) password(ctx context.Context, fromStdin bool) (string, error) {
	var pw string
	switch {
	case fromStdin:
		line, err := await(ctx, func() (string, error) { return a.in.ReadString('\n') })
		if err != nil && line == "" {
			return "", usagef("--password-stdin: stdin holds no password")
		}
		pw = strings.TrimRight(line, "\r\n")
	case a.getenv(EnvPassword) != "":
		pw = a.getenv(EnvPassword)
	default:
		var ok bool
		var err error
		if pw, ok, err = a.askPassword(ctx); err != nil {
			return "", err
		} else if !ok {
			return "", usagef("no password given (stdin ended); use %s or --password-stdin", EnvPassword)
		}
	}
	if pw == "" {
		return "", usagef("the password is empty")
	}
	return pw, nil
}

func parsePerspective(s string) (procuret.Perspective, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return procuret.PerspectiveSupplier, nil
	}
	if s == "customer" {
		return procuret.PerspectiveBusiness, nil
	}
	for p, name := range perspectiveNames {
		if s == name || s == strconv.Itoa(int(p)) {
			return p, nil
		}
	}
	return 0, usagef("unknown perspective %q (want supplier, business, administrator, sales, treasury, investor, customer-support or 1–7)", s)
}

func parseLifecycle(s string) (procuret.Lifecycle, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "short", "short-lived", "1":
		return procuret.LifecycleShortLived, nil
	case "long", "long-lived", "2":
		return procuret.LifecycleLongLived, nil
	}
	return 0, usagef("unknown lifecycle %q (want short or long)", s)
}

func logoutCommand() *command {
	return &command{
		name:    "logout",
		summary: "forget the saved session",
		about: `Forget the saved session: remove its file from the config directory. Procuret's API has
no call that ends a session, so a long-lived session stays valid for whoever holds its
key; a short-lived one expires on its own when unused.`,
		examples: []string{"procuret logout"},
		run: func(_ context.Context, a *app, c *command, args []string) error {
			if _, err := a.parse(a.flagSet(c), c, args, 0, 0); err != nil {
				return err
			}
			path, err := a.sessionPath()
			if err != nil {
				return err
			}
			f, loadErr := auth.LoadFile(path, auth.AllowInsecurePermissions())
			err = os.Remove(path)
			removed := err == nil
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove the saved session: %w", err)
			}
			if a.g.json {
				return a.printJSON(struct {
					Removed bool   `json:"removed"`
					Path    string `json:"path"`
				}{removed, path})
			}
			switch {
			case !removed:
				fmt.Fprintln(a.out, "No saved session.")
			case loadErr == nil:
				fmt.Fprintf(a.out, "Forgot the saved session %d for %s (removed %s).\n", f.Credentials.SessionID(), endpointName(f.Endpoint), path)
			default:
				fmt.Fprintf(a.out, "Removed %s.\n", path)
			}
			if a.getenv(procuret.EnvSessionID) != "" {
				fmt.Fprintf(a.out, "%s is still set; unset it (and %s) to stop using that session.\n", procuret.EnvSessionID, procuret.EnvAPIKey)
			}
			return nil
		},
	}
}

func sessionCommand() *command {
	return &command{
		name:    "session",
		summary: "show the session in use",
		about: `Show the session the other commands use, as the API now sees it: ID, perspective,
lifecycle and endpoint (never the key). The session is PROCURET_SESSION_ID and
PROCURET_API_KEY when both are set, else the one procuret login saved.`,
		examples: []string{"procuret session", "procuret session --json"},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			if _, err := a.parse(a.flagSet(c), c, args, 0, 0); err != nil {
				return err
			}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			s, err := cn.GetSession(ctx)
			if err != nil {
				return err
			}
			info := sessionInfo{
				SessionID: s.SessionID, Perspective: int(s.Perspective), Lifecycle: int(s.Lifecycle),
				AgentID: s.AgentID, Endpoint: cn.Endpoint(), Source: cn.source,
			}
			if cn.source == "saved" {
				info.Path = cn.path
			}
			if a.g.json {
				return a.printJSON(info)
			}
			from := "saved in " + cn.path
			if cn.source == "environment" {
				from = procuret.EnvSessionID + " and " + procuret.EnvAPIKey
			}
			agent := "-"
			if s.AgentID != 0 {
				agent = strconv.FormatInt(s.AgentID, 10)
			}
			fields(a.out, "",
				[2]string{"Session", strconv.FormatInt(s.SessionID, 10)},
				[2]string{"Perspective", perspectiveName(s.Perspective)},
				[2]string{"Lifecycle", lifecycleName(s.Lifecycle)},
				[2]string{"Agent", agent},
				[2]string{"Endpoint", cn.Endpoint()},
				[2]string{"From", from},
			)
			return nil
		},
	}
}
