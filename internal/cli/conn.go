package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// sessionFile is the default profile's saved session inside the config directory; profile
// NAME's is session.NAME.json.
const sessionFile = "session.json"

// EnvProfile names the saved session to use, as --profile does.
const EnvProfile = "PROCURET_PROFILE"

// How a command uses a session.
type sessionUse int

const (
	noSession       sessionUse = iota // never send one (login)
	optionalSession                   // send one if there is one for the endpoint (quote, links get)
	needSession                       // fail before sending anything without one
)

// A conn is the client a command talks through, and where its session came from.
type conn struct {
	*procuret.Client
	source string // "environment", "saved" or "" (no session)
	path   string // the saved session's file
}

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// checkGlobals checks the global flags before a command does anything.
func (a *app) checkGlobals() error {
	if a.g.asAgent < 0 {
		return usagef("--as-agent: want an agent ID, a positive whole number (got %d)", a.g.asAgent)
	}
	if p := a.profile(); p != "default" && !profileName.MatchString(p) {
		return usagef("--profile: %q is not a profile name (letters, digits, '-' and '_', up to 64)", p)
	}
	if a.g.jq != "" {
		if _, err := a.parseJQ(); err != nil {
			return err
		}
	}
	return nil
}

// profile is --profile, else PROCURET_PROFILE, else "default".
func (a *app) profile() string {
	if a.g.profile != "" {
		return a.g.profile
	}
	if p := strings.TrimSpace(a.getenv(EnvProfile)); p != "" {
		return p
	}
	return "default"
}

// chosenEndpoint is the API the user chose for this run: --endpoint, else
// PROCURET_ENDPOINT; "" when neither is given.
func (a *app) chosenEndpoint() (string, error) {
	v, what := a.g.endpoint, "--endpoint"
	if v == "" {
		v, what = a.getenv(procuret.EnvEndpoint), procuret.EnvEndpoint
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := endpointURL(v)
	if err != nil {
		return "", usagef("%s: %s (want live, demo or a URL)", what, strings.TrimPrefix(err.Error(), "procuret: WithBaseURL: "))
	}
	return u, nil
}

// endpointURL is the API root that "live", "demo" or a URL names.
func endpointURL(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "live":
		return string(procuret.Live), nil
	case "demo":
		return string(procuret.Demo), nil
	}
	c, err := procuret.NewClient(procuret.WithBaseURL(v))
	if err != nil {
		return "", err
	}
	return c.Endpoint(), nil
}

// endpointWord is how the user would name the endpoint u: live, demo or the URL.
func endpointWord(u string) string {
	switch u {
	case string(procuret.Live):
		return "live"
	case string(procuret.Demo):
		return "demo"
	}
	return u
}

// newClient is the client for endpoint with the tool's settings: its HTTP client (which
// keeps the API's bytes for --json) and, with --debug, a log of every request on stderr.
func (a *app) newClient(endpoint string) (*procuret.Client, error) {
	opts := []procuret.Option{
		procuret.WithBaseURL(endpoint),
		procuret.WithUserAgentPrefix("procuret-cli/" + a.cliVersion()),
		procuret.WithHTTPClient(a.rec),
	}
	if a.g.debug {
		opts = append(opts, procuret.WithLogger(slog.New(slog.NewTextHandler(a.errw, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	return procuret.NewClient(opts...)
}

// connect builds the client for this run. The endpoint is --endpoint, else
// PROCURET_ENDPOINT, else the saved session's; with none of them the command fails: no
// command reaches the live API unless the user chose it. The session is
// PROCURET_SESSION_ID/PROCURET_API_KEY, else the saved one (a saved session is only ever
// sent to the endpoint it was made on).
func (a *app) connect(use sessionUse) (*conn, error) {
	chosen, err := a.chosenEndpoint()
	if err != nil {
		return nil, err
	}

	var envCreds auth.Credentials
	if use != noSession {
		ec, err := procuret.NewClient(procuret.FromEnvLookup(a.lookupSessionEnv))
		if err != nil {
			return nil, usagef("%s", strings.TrimPrefix(err.Error(), "procuret: FromEnv: "))
		}
		envCreds = ec.Credentials()
	}

	path, pathErr := a.sessionPath()
	var saved *auth.File
	var loadErr error
	if pathErr == nil && envCreds.IsZero() {
		f, err := auth.LoadFile(path)
		switch {
		case err == nil:
			saved = &f
		case !errors.Is(err, fs.ErrNotExist):
			loadErr = err
		}
	}

	endpoint := chosen
	if endpoint == "" && saved != nil {
		endpoint = endpointName(saved.Endpoint)
	}
	if endpoint == "" {
		switch {
		case !envCreds.IsZero():
			return nil, usagef("%s is set, but no API is chosen: set %s or pass --endpoint (live, demo or a URL)", procuret.EnvSessionID, procuret.EnvEndpoint)
		case loadErr != nil:
			return nil, withHint(fmt.Errorf("the saved session: %w", loadErr), "run procuret login to replace it")
		case use == needSession:
			return nil, withHint(authErrorf("not logged in (no saved session%s)", a.profileNote()), a.loginHint())
		}
		return nil, usagef("no API chosen: pass --endpoint live, demo or a URL, set %s, or log in first", procuret.EnvEndpoint)
	}
	c, err := a.newClient(endpoint)
	if err != nil {
		return nil, withHint(fmt.Errorf("the saved session's endpoint: %w", err), "run procuret logout, then procuret login")
	}
	a.endpoint = c.Endpoint()
	out := &conn{Client: c, path: path}

	// The session.
	creds := auth.Credentials{}
	switch {
	case use == noSession:
		return a.keep(out), nil
	case !envCreds.IsZero():
		creds, out.source = envCreds, "environment"
	case saved != nil && sameEndpoint(saved.Endpoint, c.Endpoint()):
		creds, out.source = saved.Credentials, "saved"
	case use == optionalSession:
		return a.keep(out), nil
	case pathErr != nil:
		return nil, withHint(authErrorf("not logged in: %w", pathErr), "set PROCURET_SESSION_ID and PROCURET_API_KEY")
	case loadErr != nil:
		return nil, withHint(fmt.Errorf("the saved session: %w", loadErr), "run procuret login to replace it")
	case saved != nil:
		return nil, withHint(authErrorf("not logged in to %s (the saved session%s is for %s)", c.Endpoint(), a.profileNote(), endpointName(saved.Endpoint)), a.loginHint())
	default:
		return nil, withHint(authErrorf("not logged in to %s (no saved session%s, and %s is not set)", c.Endpoint(), a.profileNote(), procuret.EnvSessionID), a.loginHint())
	}
	if a.g.asAgent != 0 {
		creds = creds.ActingFor(a.g.asAgent)
	}
	out.Client = c.Authenticated(creds)
	return a.keep(out), nil
}

// keep remembers the run's connection, whose API key no output may show.
func (a *app) keep(c *conn) *conn {
	a.conn = c
	return c
}

// profileNote names a profile other than the default, for messages.
func (a *app) profileNote() string {
	if p := a.profile(); p != "default" {
		return " of profile " + p
	}
	return ""
}

// apiKey is the key of the session this run uses, to redact it from what the API sends.
func (a *app) apiKey() string {
	if a.conn == nil {
		return ""
	}
	return a.conn.Credentials().APIKey()
}

// lookupSessionEnv hands FromEnv the session variables only: the endpoint is resolved here.
func (a *app) lookupSessionEnv(k string) (string, bool) {
	switch k {
	case procuret.EnvSessionID, procuret.EnvAPIKey, procuret.EnvLifecycle:
		v := a.getenv(k)
		return v, v != ""
	}
	return "", false
}

// sessionPath is where login saves the session of the profile.
func (a *app) sessionPath() (string, error) {
	dir := a.env.ConfigDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("no config directory for the saved session: %w", err)
		}
		dir = filepath.Join(base, "procuret")
	}
	name := sessionFile
	if p := a.profile(); p != "default" {
		name = "session." + p + ".json"
	}
	return filepath.Join(dir, name), nil
}

// sameEndpoint compares a saved endpoint with the client's; "" was Live.
func sameEndpoint(saved, current string) bool {
	return endpointName(saved) == current
}

// endpointName is the canonical form of a saved endpoint.
func endpointName(saved string) string {
	if saved == "" {
		return string(procuret.Live)
	}
	c, err := procuret.NewClient(procuret.WithBaseURL(saved))
	if err != nil {
		return saved
	}
	return c.Endpoint()
}

// endpointOrDefault is the endpoint this run used, for hints.
func (a *app) endpointOrDefault() string {
	if a.endpoint != "" {
		return a.endpoint
	}
	return "the API"
}
