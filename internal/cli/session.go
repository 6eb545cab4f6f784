package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// EnvPassword is read by procuret login instead of asking for the password.
const EnvPassword = "PROCURET_PASSWORD"

// Login's patience: wrong passwords before it gives up, and wrong codes (the sandbox, like
// Procuret, spends a code after 5 wrong tries).
const (
	maxPasswordTries = 3
	maxCodeTries     = 5
)

// sessionInfo is the --json output of login and session. It never holds the API key.
type sessionInfo struct {
	SessionID   int64  `json:"session_id"`
	Perspective int    `json:"perspective"`
	Lifecycle   int    `json:"lifecycle"`
	AgentID     int64  `json:"agent_id,omitempty"`
	Endpoint    string `json:"endpoint"`
	Profile     string `json:"profile"`
	Source      string `json:"source"`         // "saved" or "environment"
	Path        string `json:"path,omitempty"` // the saved session's file
}

// loginFlags are login's answers given on the command line.
type loginFlags struct {
	email, perspective, lifecycle, code string
	pwStdin, requestOnly                bool
	importPath                          string
}

func (a *app) loginCommand() *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login",
		Short: "log in and save the session",
		Long: `Log in: choose the API (unless --endpoint or PROCURET_ENDPOINT did), give email,
perspective, lifecycle and password (hidden while typed); Procuret emails a six-digit
code; type it, and the session is saved in the config directory (mode 0600) for the
other commands, under --profile's name.

A slip asks again: an unknown perspective, an empty password, a wrong password (right
after the code is requested), a mistyped code (spaces and dashes are fine, "609 980"),
or a wrong one, up to the 5 tries a code allows. Every question has a flag, so scripts
need no terminal. The password comes from PROCURET_PASSWORD, from the first line of stdin
with --password-stdin, or from the terminal. To log in in two steps: --request-code only
has the code sent; then --code CODE logs in with it.

--import FILE takes over a session that Procuret's Python SDK saved
(Session.save_to_file) instead of logging in: it checks the session with the API at the
endpoint and saves it like any other. The file must be readable by you only (chmod 600
FILE).`,
		Example: examples(
			"procuret login",
			"procuret login --endpoint demo --email me@example.com",
			"procuret login --endpoint live --profile admin --perspective administrator",
			"printf '%s\\n' \"$PASSWORD\" | procuret login --endpoint demo \\\n    --email me@example.com --password-stdin --request-code",
			"PROCURET_PASSWORD=… procuret login --endpoint demo \\\n    --email me@example.com --code 123456",
			"procuret login --endpoint demo --import procuret.session",
		),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLogin(cmd.Context(), cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.email, "email", "", "the account's `EMAIL` address")
	fl.StringVar(&f.perspective, "perspective", "", "supplier (default), business, … or a number, 1–7 (`NAME`)")
	fl.StringVar(&f.lifecycle, "lifecycle", "", "long (default) never expires; short expires when unused (`short|long`)")
	fl.BoolVar(&f.pwStdin, "password-stdin", false, "read the password from the first line of stdin")
	fl.StringVar(&f.code, "code", "", "the six-digit `CODE` Procuret sent (sends no new one)")
	fl.BoolVar(&f.requestOnly, "request-code", false, "only have the code sent; finish with --code")
	fl.StringVar(&f.importPath, "import", "", "take over a session saved by Procuret's Python SDK in `FILE`")
	return cmd
}

func (a *app) runLogin(ctx context.Context, cmd *cobra.Command, f loginFlags) error {
	set := cmd.Flags().Changed
	if set("import") {
		for _, name := range []string{"email", "perspective", "lifecycle", "password-stdin", "code", "request-code"} {
			if set(name) {
				return usagef("--import and --%s exclude each other: an imported session needs no login", name)
			}
		}
		return a.importPythonSession(ctx, f.importPath)
	}
	if f.requestOnly && set("code") {
		return usagef("--request-code and --code exclude each other")
	}
	a.fieldNames = map[string]string{"email": "--email", "secret": "the password", "code": "--code"}
	var err error
	var p procuret.Perspective
	var lc procuret.Lifecycle
	if set("perspective") {
		if p, err = parsePerspective(f.perspective); err != nil {
			return usagef("--perspective: %v", err)
		}
	}
	if set("lifecycle") {
		if lc, err = parseLifecycle(f.lifecycle); err != nil {
			return usagef("--lifecycle: %v", err)
		}
	}
	code := ""
	if set("code") {
		if code, err = normaliseCode(f.code); err != nil {
			return usagef("--code: %v", err)
		}
	}
	if set("email") {
		if f.email, err = checkEmail(f.email); err != nil {
			return usagef("--email: %v", err)
		}
	}
	path, err := a.sessionPath()
	if err != nil {
		return err
	}

	// The API: never the live one unless chosen.
	endpoint, err := a.chosenEndpoint()
	if err != nil {
		return err
	}
	if endpoint == "" {
		answer, ok, err := a.askUntil(ctx, "Which API? live (real money), demo, or a sandbox's URL: ", func(s string) (string, string) {
			if s == "" {
				return "", "Type live, demo, or the URL of an API root such as http://127.0.0.1:8080/api."
			}
			u, err := endpointURL(s)
			if err != nil {
				return "", "That is not live, demo or an http(s) URL."
			}
			return u, ""
		})
		if err != nil {
			return err
		}
		if !ok {
			return usagef("no API chosen (stdin ended): pass --endpoint live, demo or a URL")
		}
		endpoint = answer
	}
	c, err := a.newClient(endpoint)
	if err != nil {
		return err
	}
	a.endpoint = c.Endpoint()
	cn := a.keep(&conn{Client: c, path: path})
	fmt.Fprintf(a.errw, "Logging in to %s.\n", cn.Endpoint())

	if !set("email") {
		var ok bool
		f.email, ok, err = a.askUntil(ctx, "Email: ", func(s string) (string, string) {
			e, err := checkEmail(s)
			if err != nil {
				return "", "That is not an email address."
			}
			return e, ""
		})
		if err != nil {
			return err
		} else if !ok {
			return usagef("no email given (stdin ended); pass --email")
		}
	}
	if !set("perspective") {
		answer, ok, err := a.askUntil(ctx, "Perspective, e.g. supplier or business [supplier]: ", func(s string) (string, string) {
			if _, err := parsePerspective(s); err != nil {
				return "", "Unknown perspective: want supplier, business, administrator, sales, treasury, investor, customer-support or 1–7."
			}
			return s, ""
		})
		if err != nil {
			return err
		}
		if !ok {
			answer = ""
		}
		p, _ = parsePerspective(answer)
	}
	if !set("lifecycle") {
		answer, ok, err := a.askUntil(ctx, "Lifecycle: long (never expires) or short (expires when unused) [long]: ", func(s string) (string, string) {
			if _, err := parseLifecycle(s); err != nil {
				return "", "Type long or short."
			}
			return s, ""
		})
		if err != nil {
			return err
		}
		if !ok {
			answer = ""
		}
		lc, _ = parseLifecycle(answer)
	}
	if p == 0 {
		p = procuret.PerspectiveSupplier
	}
	if lc == 0 {
		lc = procuret.LifecycleLongLived
	}
	resume := a.resumeCommand(cn.Endpoint(), f.email, p, lc)

	// The password, checked by the code request right away: a wrong one asks again.
	var password string
	for try := 1; ; try++ {
		prompted := false
		if password, prompted, err = a.password(ctx, f.pwStdin); err != nil {
			return err
		}
		if set("code") {
			break // no request: the password is checked with the code
		}
		err = cn.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: f.email, Password: password, Perspective: p})
		if err == nil {
			break
		}
		if !errors.Is(err, procuret.ErrNotAuthenticated) {
			return withHint(err, "")
		}
		if !prompted || try >= maxPasswordTries {
			return withHint(authErrorf("wrong email or password, or the account does not hold the %s perspective", perspectiveWord(p)), "run procuret login again")
		}
		fmt.Fprintln(a.errw, "Wrong email or password. Try the password again.")
	}
	if f.requestOnly {
		if a.jsonWanted() {
			return a.printJSON(struct {
				CodeSentTo string `json:"code_sent_to"`
			}{f.email})
		}
		fmt.Fprintf(a.out, "Procuret sent a six-digit code to %s.\nLog in with it, giving the password again (%s or --password-stdin):\n  %s\n", sanitize(f.email), EnvPassword, resume)
		return nil
	}
	if !set("code") {
		fmt.Fprintf(a.errw, "Procuret sent a six-digit code to %s.\n", f.email)
	}

	// The code: a mistyped one asks again; a wrong one too, within the code's tries.
	var sess *procuret.Session
	for try := 1; ; try++ {
		if !set("code") {
			var ok bool
			code, ok, err = a.askUntil(ctx, "Code: ", func(s string) (string, string) {
				c, err := normaliseCode(s)
				if err != nil {
					return "", "A code is six digits, e.g. 123456."
				}
				return c, ""
			})
			if err != nil {
				return err
			}
			if !ok {
				return withHint(authErrorf("login not finished: no code given (stdin ended)"),
					"with the code from the email, run: "+resume)
			}
		}
		sess, err = cn.CreateSession(ctx, procuret.LoginParams{Email: f.email, Password: password, Perspective: p, Code: code, Lifecycle: lc})
		if err == nil {
			break
		}
		if !errors.Is(err, procuret.ErrNotAuthenticated) {
			return err
		}
		var pe *procuret.Error
		spent := errors.As(err, &pe) && strings.Contains(strings.ToLower(pe.Message), "too many")
		switch {
		case spent:
			return withHint(authErrorf("too many wrong codes: that code no longer works"), "run procuret login again for a new code")
		case set("code"):
			return withHint(authErrorf("the code or the password was not accepted (a code is good for one login, within minutes)"),
				"run procuret login again for a new code")
		case try >= maxCodeTries:
			return withHint(authErrorf("the code was not accepted %d times", try), "run procuret login again for a new code")
		}
		fmt.Fprintf(a.errw, "That code was not accepted (wrong, expired or already used). Try again (%d of %d tries left).\n", maxCodeTries-try, maxCodeTries)
	}

	if err := a.saveSession(sess, cn.Endpoint(), path); err != nil || a.jsonWanted() {
		return err
	}
	fmt.Fprintf(a.out, "Logged in to %s as %s: %s, %s session.\n", cn.Endpoint(), sanitize(f.email),
		perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle))
	fmt.Fprintf(a.out, "Saved the session in %s; procuret logout%s forgets it.\n", path, a.profileFlag())
	if sess.Lifecycle == procuret.LifecycleShortLived {
		fmt.Fprintln(a.out, "A short-lived session expires after a while unused; then run procuret login again.")
	}
	if a.getenv(procuret.EnvSessionID) != "" {
		fmt.Fprintf(a.errw, "Note: %s is set; while it is, the commands use that session, not this one.\n", procuret.EnvSessionID)
	}
	return nil
}

// importPythonSession is procuret login --import FILE: it loads a session the Python SDK
// saved, checks it with the API at the endpoint (so that a session of another endpoint, or
// one that was deleted, is not saved), and saves it in this tool's own format.
func (a *app) importPythonSession(ctx context.Context, path string) error {
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
	ac := a.keep(&conn{Client: cn.Authenticated(creds), path: cn.path})
	sess, err := ac.GetSession(ctx)
	if errors.Is(err, procuret.ErrNotAuthenticated) {
		return withHint(authErrorf("%s does not know the session in %s", cn.Endpoint(), path), "pass the --endpoint it was made on (live or demo)")
	}
	if err != nil {
		return err
	}
	if err := a.saveSession(sess, cn.Endpoint(), cn.path); err != nil || a.jsonWanted() {
		return err
	}
	fmt.Fprintf(a.out, "Imported the Python SDK's session %d from %s: %s, %s session on %s.\n", sess.SessionID, path,
		perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle), cn.Endpoint())
	fmt.Fprintf(a.out, "Saved the session in %s; procuret logout%s forgets it.\n", cn.path, a.profileFlag())
	return nil
}

// sessionInfoOf is what procuret session --json says about s.
func (a *app) sessionInfoOf(s *procuret.Session, endpoint, source, path string) sessionInfo {
	return sessionInfo{
		SessionID: s.SessionID, Perspective: int(s.Perspective), Lifecycle: int(s.Lifecycle),
		AgentID: s.AgentID, Endpoint: endpoint, Profile: a.profile(), Source: source, Path: path,
	}
}

// saveSession saves sess, a session of endpoint, in path; with --json it then prints it as
// procuret session --json does (and the caller says nothing more).
func (a *app) saveSession(sess *procuret.Session, endpoint, path string) error {
	if err := auth.SaveFile(path, auth.File{Credentials: sess.Credentials(), Endpoint: endpoint}); err != nil {
		return fmt.Errorf("save the session: %w", err)
	}
	if a.jsonWanted() {
		return a.printJSON(a.sessionInfoOf(sess, endpoint, "saved", path))
	}
	return nil
}

// profileFlag is " --profile NAME" for a profile other than the default.
func (a *app) profileFlag() string {
	if p := a.profile(); p != "default" {
		return " --profile " + p
	}
	return ""
}

// resumeCommand is the login command that finishes this login with the emailed code.
func (a *app) resumeCommand(endpoint, email string, p procuret.Perspective, lc procuret.Lifecycle) string {
	return fmt.Sprintf("procuret login --endpoint %s%s --email %s --perspective %s --lifecycle %s --code CODE",
		endpointWord(endpoint), a.profileFlag(), sanitize(email), perspectiveWord(p), strings.TrimSuffix(lifecycleName(lc), "-lived"))
}

// password reads the password from the first line of stdin (--password-stdin),
// PROCURET_PASSWORD or the terminal, in that order; prompted says it was typed (and may be
// typed again).
func (a *app) password(ctx context.Context, fromStdin bool) (pw string, prompted bool, err error) {
	switch {
	case fromStdin:
		line, err := await(ctx, func() (string, error) { return a.in.ReadString('\n') })
		if err != nil && line == "" {
			return "", false, usagef("--password-stdin: stdin holds no password")
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", false, usagef("--password-stdin: the password is empty")
		}
		return pw, false, nil
	case a.getenv(EnvPassword) != "":
		return a.getenv(EnvPassword), false, nil
	}
	for {
		pw, ok, err := a.askPassword(ctx)
		if err != nil {
			return "", false, err
		}
		if !ok {
			return "", false, usagef("no password given (stdin ended); use %s or --password-stdin", EnvPassword)
		}
		if pw != "" {
			return pw, true, nil
		}
		fmt.Fprintln(a.errw, "The password is empty; type it again.")
	}
}

// normaliseCode accepts a code as people paste it: "609 980", "609-980".
func normaliseCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return "", errors.New("want the six digits of the code")
		}
	}
	if b.Len() != 6 {
		return "", errors.New("want the six digits of the code")
	}
	return b.String(), nil
}

// checkEmail accepts anything shaped like an email address; Procuret says whether it is one.
func checkEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	at := strings.LastIndex(s, "@")
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t") {
		return "", errors.New("want an email address")
	}
	return s, nil
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
	return 0, fmt.Errorf("unknown perspective %q (want supplier, business, administrator, sales, treasury, investor, customer-support or 1–7)", s)
}

func parseLifecycle(s string) (procuret.Lifecycle, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "long", "long-lived", "2":
		return procuret.LifecycleLongLived, nil
	case "short", "short-lived", "1":
		return procuret.LifecycleShortLived, nil
	}
	return 0, fmt.Errorf("unknown lifecycle %q (want long or short)", s)
}

func (a *app) logoutCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "forget the saved session",
		Long: `Forget the saved session (of --profile): remove its file from the config directory.
Procuret's API has no call that ends a session, so a long-lived session stays valid for
whoever holds its key; a short-lived one expires on its own when unused.`,
		Example: examples("procuret logout", "procuret logout --profile live-admin"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			if a.jsonWanted() {
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

func (a *app) sessionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "session",
		Short: "show the session in use",
		Long: `Show the session the other commands use, as the API now sees it: ID, perspective,
lifecycle and endpoint (never the key). The session is PROCURET_SESSION_ID and
PROCURET_API_KEY when both are set, else the one procuret login saved (for --profile).`,
		Example: examples("procuret session", "procuret session --json", "procuret session --profile live-admin"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			s, err := cn.GetSession(cmd.Context())
			if err != nil {
				return err
			}
			info := a.sessionInfoOf(s, cn.Endpoint(), cn.source, "")
			if cn.source == "saved" {
				info.Path = cn.path
			}
			if a.jsonWanted() {
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
			pairs := [][2]string{
				{"Session", strconv.FormatInt(s.SessionID, 10)},
				{"Perspective", perspectiveName(s.Perspective)},
				{"Lifecycle", lifecycleName(s.Lifecycle)},
				{"Agent", agent},
			}
			if a.g.asAgent != 0 {
				pairs = append(pairs, [2]string{"Acting for", strconv.FormatInt(a.g.asAgent, 10)})
			}
			pairs = append(pairs, [2]string{"Endpoint", cn.Endpoint()}, [2]string{"Profile", a.profile()}, [2]string{"From", from})
			a.fields("", pairs...)
			return nil
		},
	}
}
