package sandbox

import (
	"context"
	"io"
	"log/slog"
	"os"
	"time"
)

// An Option configures New.
type Option func(*config)

type config struct {
	seeds     []seedSource
	fixedCode string
	logger    *slog.Logger
	clock     func() time.Time
	faults    Faults
	randSeed  *int64
	sleep     func(ctx context.Context, d time.Duration) error
	dataDir   string
	limits    Limits
	timeouts  Timeouts
}

type seedSource struct {
	name string
	open func() (io.ReadCloser, error)
}

// WithSeed loads more accounts, suppliers, businesses and payment series from JSON read from r,
// on top of the default data. README.md documents the format.
func WithSeed(r io.Reader) Option {
	return func(c *config) {
		c.seeds = append(c.seeds, seedSource{name: "seed", open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }})
	}
}

// WithSeedFile is WithSeed with the JSON read from the file at path.
func WithSeedFile(path string) Option {
	return func(c *config) {
		c.seeds = append(c.seeds, seedSource{name: path, open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
}

// WithFixedCode makes every second-factor code code (six digits), so that scripts can log in
// without reading the log. procuret-sandbox and procuret sandbox (package sandboxcmd) set it
// from PROCURET_SANDBOX_CODE.
func WithFixedCode(code string) Option { return func(c *config) { c.fixedCode = code } }

// WithLogger sets where the sandbox logs requests and the second-factor codes it "emails".
// The default discards everything (read codes with LastCode instead).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithClock sets the sandbox's clock (default time.Now): signature windows, code and session
// expiry, creation times and the Date header all read it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithFaults makes the sandbox inject faults into API requests; see Faults.
func WithFaults(f Faults) Option { return func(c *config) { c.faults = f } }

// WithRandSeed seeds the sandbox's randomness, so that a run is reproducible: link public IDs
// and, with it, second-factor codes. It is for tests and demos only. Second-factor codes are
// secrets: without WithRandSeed they come from crypto/rand, but with it they come from a seeded
// PCG generator, so anyone who knows (or guesses) the seed can predict them. Session IDs and API
// keys always come from crypto/rand.
func WithRandSeed(seed int64) Option { return func(c *config) { c.randSeed = &seed } }

// WithSleeper replaces how a Latency fault waits, for tests: sleep is called with the request's
// context and Faults.Latency, and must return nil after that long or ctx's error once ctx is
// done. A test can record the requested delay instead of waiting for it. When sleep returns an
// error, the sandbox abandons the request: it closes the connection without an answer, and the
// request does not take effect. The default waits on a real timer.
func WithSleeper(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) { c.sleep = sleep }
}

// WithDataDir keeps the sandbox's state in dir (created if needed, mode 0700): sessions,
// second-factor codes, the mailbox and links survive a restart, and every change is on disk
// (a bbolt file, DIR/sandbox.db) before the request that made it is answered. The seed data is
// not stored: start the sandbox with the same seeds each time. Without WithDataDir the sandbox
// keeps everything in memory. A sandbox with a data directory must be closed (Close).
func WithDataDir(dir string) Option { return func(c *config) { c.dataDir = dir } }

// Limits bound what a sandbox stores, so that no client, however busy or hostile, makes it
// grow without bound. A zero field takes its default. Reaching Links or Sessions answers 507
// with a message naming the limit; the mailbox and the request log are rings that drop their
// oldest entries.
type Limits struct {
	Links      int // instalment links (default 1,000,000)
	Sessions   int // live sessions (default 100,000); expired short-lived ones are removed
	Mailbox    int // second-factor codes kept for the inspector (default 1,000)
	RequestLog int // requests kept for the inspector (default 1,000)
}

// defaultLimits are the limits of a sandbox without WithLimits.
var defaultLimits = Limits{Links: 1_000_000, Sessions: 100_000, Mailbox: 1_000, RequestLog: 1_000}

func (l Limits) orDefault() Limits {
	d := defaultLimits
	return Limits{
		Links:      positiveOr(l.Links, d.Links),
		Sessions:   positiveOr(l.Sessions, d.Sessions),
		Mailbox:    positiveOr(l.Mailbox, d.Mailbox),
		RequestLog: positiveOr(l.RequestLog, d.RequestLog),
	}
}

// positiveOr is v when it is positive, else def: a setting left zero (or
// nonsensically negative) takes its default.
func positiveOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// WithLimits sets the sandbox's storage limits; zero fields keep their defaults.
func WithLimits(l Limits) Option { return func(c *config) { c.limits = l } }

// Timeouts bound how long a connection may take over each part of a request, so that slow or
// stalled clients cannot hold connections open. A zero field takes its default.
type Timeouts struct {
	ReadHeader time.Duration // reading a request's headers (default 10s)
	Read       time.Duration // reading a whole request, body included (default 30s)
	Write      time.Duration // from the end of the headers to the end of the response (default 60s, plus any latency fault)
	Idle       time.Duration // an idle keep-alive connection (default 120s)
}

// defaultTimeouts are the timeouts of a sandbox without WithTimeouts.
var defaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 120 * time.Second}

func (t Timeouts) orDefault() Timeouts {
	d := defaultTimeouts
	return Timeouts{
		ReadHeader: positiveOr(t.ReadHeader, d.ReadHeader),
		Read:       positiveOr(t.Read, d.Read),
		Write:      positiveOr(t.Write, d.Write),
		Idle:       positiveOr(t.Idle, d.Idle),
	}
}

// WithTimeouts sets the server's timeouts (Serve and Start); zero fields keep their defaults.
func WithTimeouts(t Timeouts) Option { return func(c *config) { c.timeouts = t } }
