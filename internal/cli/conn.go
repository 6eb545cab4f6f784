package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// sessionFile is the saved session's name inside the config directory.
const sessionFile = "session.json"

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

// connect builds the client for this run. The endpoint is --endpoint, else PROCURET_ENDPOINT,
// else the saved session's, else Live. The session is PROCURET_SESSION_ID/PROCURET_API_KEY,
// else the saved one, but a saved session is only ever sent to the endpoint it was made on.
func (a *app) connect(use sessionUse) (*conn, error) {
	opts := []procuret.Option{procuret.WithUserAgentPrefix("procuret-cli/" + procuret.Version)}
	epOpt, explicit, err := a.endpointOption()
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

	// The endpoint.
	switch {
	case explicit:
		opts = append(opts, epOpt)
	case saved != nil && saved.Endpoint != "":
		opts = append(opts, procuret.WithBaseURL(saved.Endpoint))
	}
	c, err := procuret.NewClient(opts...)
	if err != nil {
		if explicit {
			return nil, usagef("--endpoint: %s", strings.TrimPrefix(err.Error(), "procuret: "))
		}
		return nil, withHint(fmt.Errorf("the saved session's endpoint: %w", err), "run procuret logout, then procuret login")
	}
	a.endpoint = c.Endpoint()
	out := &conn{Client: c, path: path}

	// The session.
	switch {
	case use == noSession:
		return out, nil
	case !envCreds.IsZero():
		out.Client, out.source = c.Authenticated(envCreds), "environment"
		return out, nil
	case saved != nil && sameEndpoint(saved.Endpoint, c.Endpoint()):
		out.Client, out.source = c.Authenticated(saved.Credentials), "saved"
		return out, nil
	case use == optionalSession:
		return out, nil
	case pathErr != nil:
		return nil, withHint(fmt.Errorf("not logged in: %w", pathErr), "set PROCURET_SESSION_ID and PROCURET_API_KEY")
	case loadErr != nil:
		return nil, withHint(fmt.Errorf("the saved session: %w", loadErr), "run procuret login to replace it")
	case saved != nil:
		return nil, withHint(fmt.Errorf("not logged in to %s (the saved session is for %s)", c.Endpoint(), endpointName(saved.Endpoint)), a.loginHint())
	}
	return nil, withHint(fmt.Errorf("not logged in to %s (no saved session, and PROCURET_SESSION_ID is not set)", c.Endpoint()), a.loginHint())
}

// endpointOption reads --endpoint or PROCURET_ENDPOINT.
func (a *app) endpointOption() (opt procuret.Option, explicit bool, err error) {
	v, what := a.g.endpoint, "--endpoint"
	if !a.g.endpointSet {
		v, what = a.getenv(procuret.EnvEndpoint), procuret.EnvEndpoint
	}
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "":
		if a.g.endpointSet {
			return nil, false, usagef("--endpoint is empty (want live, demo or a URL)")
		}
		return nil, false, nil
	case "live":
		return procuret.WithEndpoint(procuret.Live), true, nil
	case "demo":
		return procuret.WithEndpoint(procuret.Demo), true, nil
	}
	if _, err := procuret.NewClient(procuret.WithBaseURL(v)); err != nil {
		return nil, false, usagef("%s: %s (want live, demo or a URL)", what, strings.TrimPrefix(err.Error(), "procuret: WithBaseURL: "))
	}
	return procuret.WithBaseURL(v), true, nil
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

// sessionPath is where login saves the session.
func (a *app) sessionPath() (string, error) {
	dir := a.env.ConfigDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("no config directory for the saved session: %w", err)
		}
		dir = filepath.Join(base, "procuret")
	}
	return filepath.Join(dir, sessionFile), nil
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
	return string(procuret.Live)
}
