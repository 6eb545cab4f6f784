package procuret

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/procuret/procuret-go/auth"
)

// Endpoint is the URL of a Procuret API root.
type Endpoint string

// The Procuret environments.
const (
	// Live is the production API, where real money moves. It is the default.
	Live Endpoint = "https://procuret.com/api"
	// Demo is the demonstration API: same behaviour, no real money.
	Demo Endpoint = "https://demo.procuret.com/api"
)

// Environment variables read by FromEnv.
const (
	EnvEndpoint  = "PROCURET_ENDPOINT"   // "live", "demo" or the URL of an API root
	EnvSessionID = "PROCURET_SESSION_ID" // the session ID, a positive decimal integer
	EnvAPIKey    = "PROCURET_API_KEY"    // the session's API key
	EnvLifecycle = "PROCURET_LIFECYCLE"  // "long" (default) or "short"
)

// An Option configures NewClient. Options apply in order, so a later option
// wins over an earlier one.
type Option func(*config) error

type config struct {
	endpoint *url.URL
	creds    auth.Credentials
	http     HTTPDoer
	uaPrefix string
	now      func() time.Time
}

// HTTPDoer sends an HTTP request. *http.Client implements it; so does any
// wrapper with the same Do method (and gen.HttpRequestDoer).
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// WithEndpoint selects the API the client talks to: Live (the default), Demo,
// or any Endpoint holding the URL of an API root.
func WithEndpoint(e Endpoint) Option {
	return func(c *config) error {
		u, err := parseEndpoint(string(e))
		if err != nil {
			return fmt.Errorf("procuret: WithEndpoint: %w", err)
		}
		c.endpoint = u
		return nil
	}
}

// WithBaseURL points the client at the API root rawURL, for example a local
// sandbox at "http://127.0.0.1:8080/api". The scheme must be http or https and
// the URL must name a host; a trailing slash is optional. Request paths, the
// signed path and instalment link URLs all follow this URL's path.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		u, err := parseEndpoint(rawURL)
		if err != nil {
			return fmt.Errorf("procuret: WithBaseURL: %w", err)
		}
		c.endpoint = u
		return nil
	}
}

// WithCredentials makes the client authenticate with creds (see package auth,
// Session.Credentials and FromEnv). Without credentials the client can only
// log in, quote and read the few resources that need no session.
func WithCredentials(creds auth.Credentials) Option {
	return func(c *config) error {
		if creds.IsZero() {
			return errors.New("procuret: WithCredentials: the credentials are the zero value; build them with auth.NewCredentials or take them from a Session")
		}
		c.creds = creds
		return nil
	}
}

// WithHTTPClient sends requests through doer instead of the default client
// (an *http.Client that does not follow redirects, so that credentials are
// never replayed to another URL). A doer that follows redirects forwards the
// authentication headers to the redirect target.
func WithHTTPClient(doer HTTPDoer) Option {
	return func(c *config) error {
		if doer == nil {
			return errors.New("procuret: WithHTTPClient: doer is nil")
		}
		c.http = doer
		return nil
	}
}

// WithUserAgentPrefix puts prefix in front of the User-Agent the client sends,
// "prefix procuret-go/<Version>", so that Procuret can tell applications apart.
func WithUserAgentPrefix(prefix string) Option {
	return func(c *config) error {
		prefix = strings.TrimSpace(prefix)
		for _, r := range prefix {
			if r < 0x20 || r == 0x7f || r > 0x7e {
				return fmt.Errorf("procuret: WithUserAgentPrefix: %q holds a character that is not printable ASCII", prefix)
			}
		}
		c.uaPrefix = prefix
		return nil
	}
}

// withClock sets the clock requests are signed with (default time.Now).
func withClock(now func() time.Time) Option {
	return func(c *config) error {
		c.now = now
		return nil
	}
}

// FromEnv takes the endpoint and the credentials from the environment when the
// option is applied: PROCURET_ENDPOINT ("live", "demo" or a URL; unset keeps
// the endpoint chosen so far), PROCURET_SESSION_ID and PROCURET_API_KEY (both
// or neither), and PROCURET_LIFECYCLE ("long", the default, or "short").
// Nothing is read at any other time.
func FromEnv() Option { return FromEnvLookup(os.LookupEnv) }

// FromEnvLookup is FromEnv reading variables through lookup, which has the
// signature of os.LookupEnv (useful in tests).
func FromEnvLookup(lookup func(key string) (string, bool)) Option {
	return func(c *config) error {
		if lookup == nil {
			return errors.New("procuret: FromEnv: lookup is nil")
		}
		get := func(k string) string {
			v, _ := lookup(k)
			return strings.TrimSpace(v)
		}
		if e := get(EnvEndpoint); e != "" {
			var raw string
			switch strings.ToLower(e) {
			case "live":
				raw = string(Live)
			case "demo":
				raw = string(Demo)
			default:
				raw = e
			}
			u, err := parseEndpoint(raw)
			if err != nil {
				return fmt.Errorf("procuret: FromEnv: %s: %w (want live, demo or an http(s) URL)", EnvEndpoint, err)
			}
			c.endpoint = u
		}

		sid, key := get(EnvSessionID), get(EnvAPIKey)
		switch {
		case sid == "" && key == "":
			return nil
		case sid == "":
			return fmt.Errorf("procuret: FromEnv: %s is set but %s is not; set both or neither", EnvAPIKey, EnvSessionID)
		case key == "":
			return fmt.Errorf("procuret: FromEnv: %s is set but %s is not; set both or neither", EnvSessionID, EnvAPIKey)
		}
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("procuret: FromEnv: %s must be a positive integer (got %q)", EnvSessionID, sid)
		}
		lc := auth.LongLived
		switch l := strings.ToLower(get(EnvLifecycle)); l {
		case "", "long", "long-lived", "2":
		case "short", "short-lived", "1":
			lc = auth.ShortLived
		default:
			return fmt.Errorf("procuret: FromEnv: %s must be long or short (got %q)", EnvLifecycle, l)
		}
		creds, err := auth.NewCredentials(id, key, lc)
		if err != nil {
			return fmt.Errorf("procuret: FromEnv: %w", err)
		}
		c.creds = creds
		return nil
	}
}

// parseEndpoint checks that raw is an http(s) URL with a host and nothing
// after the path, and returns it without a trailing slash.
func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("invalid URL %q: %w", raw, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("URL %q: scheme must be http or https", raw)
	case u.Host == "":
		return nil, fmt.Errorf("URL %q has no host", raw)
	case u.User != nil:
		return nil, fmt.Errorf("URL %q must not carry user information", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("URL %q must not have a query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}
