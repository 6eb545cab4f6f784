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
