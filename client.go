package procuret

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/internal/retry"
	"github.com/procuret/procuret-go/internal/transport"
)

// Version is the version of this module, sent in the User-Agent.
const Version = "0.1.0"

// A Client calls the Procuret API. Build it with NewClient. A Client is
// immutable and safe for concurrent use; WithCredentials derives another one
// that shares the connection pool.
type Client struct {
	endpoint  *url.URL // the API root, without a trailing slash
	apiRoot   string   // endpoint.String()
	linkPage  string   // InstalmentLinkURL without the public ID: "https://procuret.com/b?il="
	creds     auth.Credentials
	sender    *transport.Sender // sends through tr, signing with the credentials
	tr        *transport.Transport
	api       *gen.Client  // signs when creds are set
	anon      *gen.Client  // never signs: logging in sends no session
	deadlines *deadlines   // bounds each call by the timeout (WithTimeout); nil without one
	log       *slog.Logger // never nil
	claimed   *claims      // links this client has reported, shared by copies
	creating  *inflight    // creates in flight, per createKey, shared by copies
}

// NewClient returns a client for the Live API with no credentials, changed by
// opts. Options that fail (a malformed URL, zero credentials, …) make NewClient
// fail; nothing is sent.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{now: time.Now, maxRetries: DefaultMaxRetries, baseDelay: DefaultBaseDelay, maxDelay: DefaultMaxDelay}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.endpoint == nil {
		cfg.endpoint, _ = parseEndpoint(string(Live))
	}
	switch hc := cfg.http.(type) {
	case nil:
		cfg.http = &http.Client{Transport: defaultTransport(), CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	case *http.Client:
		// The caller's client may follow redirects: a copy of it never
		// takes the credentials elsewhere.
		cfg.http = guardRedirects(hc)
	}
	ua := "procuret-go/" + Version
	if cfg.uaPrefix != "" {
		ua = cfg.uaPrefix + " " + ua
	}
	var sleeper retry.Sleeper = retry.RealSleeper{}
	if cfg.sleep != nil {
		sleeper = sleepFunc(cfg.sleep)
	}
	switch {
	case cfg.timeout == 0:
		cfg.timeout = DefaultTimeout
	case cfg.timeout < 0:
		cfg.timeout = 0
	}
	c := &Client{
		endpoint: cfg.endpoint,
		apiRoot:  cfg.endpoint.String(),
		linkPage: linkPage(cfg.endpoint),
		tr: &transport.Transport{
			HTTP:      cfg.http,
			UserAgent: ua,
			Now:       cfg.now,
			Policy:    retry.Policy{MaxRetries: cfg.maxRetries, BaseDelay: cfg.baseDelay, MaxDelay: cfg.maxDelay},
			Sleeper:   sleeper,
			Logger:    cfg.logger,
			MaxBody:   MaxResponseBytes,
		},
		deadlines: newDeadlines(cfg.timeout),
		log:       cmp.Or(cfg.logger, slog.New(slog.DiscardHandler)),
		claimed:   newClaims(maxClaims),
		creating:  newInflight(),
	}
	c.anon, c.sender = c.genClient(nil)
	return c.Authenticated(cfg.creds), nil
}

// Authenticated returns a copy of c that authenticates with creds (the zero
// Credentials: sends no session). The copy shares c's endpoint, HTTP client
// and settings; c is unchanged.
func (c *Client) Authenticated(creds auth.Credentials) *Client {
	cc := *c
	cc.creds = creds
	cc.api = c.anon
	if !creds.IsZero() {
		signer := auth.NewSigner(creds, auth.WithBasePath(c.endpoint.EscapedPath()), auth.WithClock(c.tr.Now))
		cc.api, cc.sender = c.genClient(signer)
		// A clock correction learnt by c holds for the copy too, until it
		// would have expired for c.
		cc.sender.SetClockOffset(c.sender.ClockOffset())
	}
	return &cc
}

// clockOffset is the correction the client adds to its clock when signing,
// learnt from a server that rejected a signature (0 until then, and again
// once it expires: retry.ClockCorrectionTTL).
func (c *Client) clockOffset() time.Duration {
	d, _ := c.sender.ClockOffset()
	return d
}

// defaultTransport is the transport of every client built without
// WithHTTPClient, shared as http.DefaultTransport is: http.DefaultTransport's
// settings, but keeping as many idle connections to the API's one host as to
// all hosts. http.DefaultTransport keeps 2 per host, so a client shared by
// more goroutines closed a connection after nearly every request and opened
// a new one for the next (BENCHMARKS.md: thousands of connections for 64
// goroutines, at half the throughput).
//
// It is copied from http.DefaultTransport when the first such client is
// built; a program that has replaced http.DefaultTransport with another
// RoundTripper gets that one.
var defaultTransport = sync.OnceValue(func() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = t.MaxIdleConns
	return t
})

// sleepFunc adapts WithSleeper's function to retry.Sleeper.
type sleepFunc func(ctx context.Context, d time.Duration) error

func (f sleepFunc) Sleep(ctx context.Context, d time.Duration) error { return f(ctx, d) }

// genClient returns a generated client for c's endpoint that sends through
// c's transport, signing with signer (nil: unsigned), and its Sender. The server URL ends in
// "/" so that gen resolves operation paths below the API root.
func (c *Client) genClient(signer *auth.Signer) (*gen.Client, *transport.Sender) {
	s := c.tr.Sender(signer)
	// gen.NewClient fails only when an option does, and WithHTTPClient never does.
	g, _ := gen.NewClient(c.endpoint.String()+"/", gen.WithHTTPClient(s))
	return g, s
}

// Endpoint returns the URL of the API root the client talks to, without a
// trailing slash (e.g. "https://procuret.com/api").
func (c *Client) Endpoint() string { return c.endpoint.String() }

// Credentials returns the credentials the client authenticates with (the zero
// value when it has none).
func (c *Client) Credentials() auth.Credentials { return c.creds }

// InstalmentLinkURL returns the customer-facing page of the instalment link
// publicID on the client's endpoint: https://procuret.com/b?il=<publicID> for
// Live, https://demo.procuret.com/b?il=… for Demo, and for an API root such as
// http://127.0.0.1:8080/api the page beside it, http://127.0.0.1:8080/b?il=….
// The page lives next to the API root: a trailing "/api" is replaced by "/b".
func (c *Client) InstalmentLinkURL(publicID string) string {
	return c.linkPage + url.QueryEscape(publicID)
}

// linkPage returns the URL of the customer's page beside the API root
// endpoint, up to the public ID: InstalmentLinkURL appends the escaped ID.
func linkPage(endpoint *url.URL) string {
	u := url.URL{
		Scheme:   endpoint.Scheme,
		Host:     endpoint.Host,
		Path:     strings.TrimSuffix(endpoint.Path, "/api") + "/b",
		RawQuery: "il=",
	}
	return u.String()
}

// ErrNoCredentials is returned, before anything is sent, by an operation that
// needs a session when the client has no credentials.
var ErrNoCredentials = auth.ErrNoCredentials

// ErrRedirectWithBody is returned (wrapped) when a redirect would re-send a
// request's body (a 307 or 308) to another host or from https to http: the
// body may be a login's password.
var ErrRedirectWithBody = errors.New("procuret: refused to re-send a request body to another host or over http")

// guardRedirects returns a copy of hc that follows redirects as hc does,
// except that a redirect to another host (or port), or from https to http,
// goes without the x-procuret-* headers (session ID, API key, signature,
// forwarded agent) and the Referer, and without the request body: such a
// redirect of a request with a body fails with ErrRedirectWithBody. net/http
// itself strips only Authorization, Cookie and WWW-Authenticate.
func guardRedirects(hc *http.Client) *http.Client {
	cp := *hc
	next := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && leavesOrigin(via[0].URL, req.URL) {
			for k := range req.Header {
				if len(k) >= len(procuretHeaderPrefix) && strings.EqualFold(k[:len(procuretHeaderPrefix)], procuretHeaderPrefix) {
					delete(req.Header, k)
				}
			}
			req.Header.Del("Referer")
			if req.Body != nil && req.Body != http.NoBody {
				return ErrRedirectWithBody
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 { // http.Client's own default
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// procuretHeaderPrefix starts the name of every header that carries a
// credential (auth.HeaderSessionID, HeaderAPIKey, HeaderSignature,
// HeaderForwardedAgent).
const procuretHeaderPrefix = "X-Procuret-"

// leavesOrigin reports whether a redirect from (the first request's URL) to
// to goes to another host or port, or from https to anything weaker.
func leavesOrigin(from, to *url.URL) bool {
	if from.Scheme == "https" && to.Scheme != "https" {
		return true
	}
	return !strings.EqualFold(hostPort(from), hostPort(to))
}

// hostPort is u's host with its port, the scheme's default when none is given.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return net.JoinHostPort(u.Hostname(), port)
}
