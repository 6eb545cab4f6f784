package sandbox

import (
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

// WithRandSeed seeds the sandbox's non-secret randomness (link public IDs and second-factor
// codes), so that a run is reproducible. Session IDs and API keys always come from crypto/rand.
func WithRandSeed(seed int64) Option { return func(c *config) { c.randSeed = &seed } }
