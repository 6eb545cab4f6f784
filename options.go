package procuret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
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
	endpoint   *url.URL
	creds      auth.Credentials
	http       HTTPDoer
	uaPrefix   string
	now        func() time.Time
	maxRetries int
	baseDelay  time.Duration
	maxDelay   time.Duration
	timeout    time.Duration
	logger     *slog.Logger
	sleep      func(ctx context.Context, d time.Duration) error
}

// HTTPDoer sends an HTTP request: *http.Client, or any wrapper with the same
// Do method. It is the generated client's gen.HTTPRequestDoer.
type HTTPDoer = gen.HTTPRequestDoer

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
// never replayed to another URL, over a copy of http.DefaultTransport that
// keeps up to 100 idle connections to the API instead of 2, shared by every
// client built without this option). An *http.Client is copied, and the copy
// never takes the x-procuret-* headers (session ID, API key, signature,
// forwarded agent) or the Referer along a redirect to another host or port or
// from https to http, and never re-sends a request body there (the call fails
// with ErrRedirectWithBody); within the API's origin it follows redirects as
// the caller's client does. Any other doer is used as it is, and what it does
// with redirects is its own affair. A doer shared by many
// goroutines needs as many idle connections per host as it has goroutines
// calling at once, or it closes and reopens connections.
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

// Defaults of the reliability options; docs/reliability.md tells the whole
// story.
const (
	// DefaultMaxRetries is how many times a read is retried after its first
	// attempt (WithMaxRetries).
	DefaultMaxRetries = 2
	// DefaultBaseDelay is the wait before the first retry; each later wait
	// doubles, up to DefaultMaxDelay (WithBackoff).
	DefaultBaseDelay = 500 * time.Millisecond
	// DefaultMaxDelay caps every wait between attempts, including one that
	// the server asks for with Retry-After (WithBackoff).
	DefaultMaxDelay = 8 * time.Second
	// DefaultTimeout bounds each call, all of its attempts and the waits
	// between them included (WithTimeout).
	DefaultTimeout = 30 * time.Second
)

// WithMaxRetries sets how many times a failed request may be sent again after
// its first attempt (default DefaultMaxRetries, 2); 0 turns retries off.
//
// Reads (GET) are retried after a connection error, a response cut short, or
// status 408, 429, 500, 502, 503 or 504. Writes (POST, PUT) are retried only
// when the connection could not be made at all, so that nothing is ever
// created twice: the Procuret API has no idempotency keys. See
// CreateInstalmentLink for what happens when a create's outcome is unknown.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("procuret: WithMaxRetries: n must not be negative (got %d); 0 turns retries off", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff sets the wait between attempts: base before the first retry,
// doubling each time up to max, each wait shortened by up to 25% of random
// jitter (defaults DefaultBaseDelay, 0.5 s, and DefaultMaxDelay, 8 s). A
// server's Retry-After (seconds or an HTTP date) replaces the computed wait,
// capped at max. Every wait ends as soon as the call's context is done, and a
// retry whose wait would outlast the context's deadline is not attempted.
func WithBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || max < base {
			return fmt.Errorf("procuret: WithBackoff: want 0 < base <= max (got base %v, max %v)", base, max)
		}
		c.baseDelay, c.maxDelay = base, max
		return nil
	}
}

// WithTimeout bounds every call: its attempts, the waits between them and the
// reading of each response must all finish within d of the call's start, or
// sooner if the caller's context says so. 0 means DefaultTimeout (30 s); a
// negative d removes the client's bound and leaves only the caller's context.
//
// Calls whose context can never be cancelled (context.Background, TODO, or
// values on top of them) share one deadline among those that start within a
// 64th of d (at most a second), so that a call costs no timer of its own: such
// a call's deadline is between d less that slack and d after its start, never
// later.
//
// A create whose deadline passes after its request was sent then looks for
// the link it may have made, under a fresh deadline of the same length (see
// CreateInstalmentLink), so such a call may take up to twice d.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		c.timeout = d
		return nil
	}
}

// WithLogger makes the client log each attempt to l: method, path (never the
// query), attempt number, status or error, duration and why it was or was not
// retried, plus the searches that settle a create's unknown outcome. A
// successful attempt logs at Debug, a retry at Info, a failure at Info (4xx)
// or Warn. Headers, bodies, API keys, signatures, passwords and codes are
// never logged. nil (the default) logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithClock sets the clock the client signs requests with, measures clock
// skew against and dates Retry-After from (default time.Now). It is meant for
// tests; deadlines still follow the real clock.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("procuret: WithClock: now is nil")
		}
		c.now = now
		return nil
	}
}

// withClock is WithClock, for the tests written before it was exported.
func withClock(now func() time.Time) Option { return WithClock(now) }

// WithSleeper replaces how the client waits between attempts. sleep must
// return nil after d, or the context's error as soon as ctx is done. It is
// meant for tests, which can record the waits and skip them; the default waits
// on a timer.
func WithSleeper(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error {
		if sleep == nil {
			return errors.New("procuret: WithSleeper: sleep is nil")
		}
		c.sleep = sleep
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
		// url.Parse's error repeats the URL, which may carry a password: say
		// only that it does not parse.
		return nil, errors.New("invalid URL: it does not parse as an absolute http or https URL")
	}
	shown := u.Redacted() // never quote a password the URL may carry
	switch {
	case u.User != nil:
		return nil, fmt.Errorf("URL %q must not carry user information", shown)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("URL %q: scheme must be http or https", shown)
	case u.Host == "":
		return nil, fmt.Errorf("URL %q has no host", shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("URL %q must not have a query or fragment", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}
