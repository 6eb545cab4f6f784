package sandbox

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// A Sandbox is one local Procuret API with its own in-memory state. It is safe for concurrent
// use. Serve it with Handler, Serve or Start.
type Sandbox struct {
	log   *slog.Logger
	clock func() time.Time
	st    *store
	rnd   *publicRand
	// seededCodes makes second-factor codes come from rnd (WithRandSeed) instead of crypto/rand.
	seededCodes bool
	fixedCode   string
	sleep       func(ctx context.Context, d time.Duration) error // a Latency fault's wait
	faults      *faultInjector
	val         *validator
	handler     http.Handler
	timeouts    Timeouts
	requests    *requestLog // the inspector's request log

	mu     sync.Mutex
	srv    *http.Server
	ln     net.Listener
	served chan struct{} // closed when Start's Serve returns
}

// New returns a sandbox holding the default data (see DefaultAccount) plus every seed given.
func New(opts ...Option) (*Sandbox, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	s := &Sandbox{
		log:       cmp.Or(c.logger, slog.New(slog.DiscardHandler)),
		clock:     c.clock,
		st:        newStore(),
		fixedCode: c.fixedCode,
		faults:    newFaultInjector(),
		sleep:     c.sleep,
		timeouts:  c.timeouts.orDefault(),
	}
	s.st.limits = c.limits.orDefault()
	s.requests = newRequestLog(s.st.limits.RequestLog)
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if c.randSeed != nil {
		// Reproducible, for tests and demos: codes come from the seeded generator too.
		s.rnd, s.seededCodes = newPublicRand(uint64(*c.randSeed)), true
	} else {
		s.rnd = newPublicRand(randomSeed())
	}
	if s.fixedCode != "" && !isSixDigits(s.fixedCode) {
		return nil, errors.New("sandbox: the fixed second-factor code must be six digits")
	}
	if err := s.faults.set(c.faults); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	now := s.clock()
	if err := s.st.load(defaultSeed(now), now); err != nil {
		return nil, fmt.Errorf("sandbox: default data: %w", err) // a bug, not a user error
	}
	for _, src := range c.seeds {
		if err := s.loadSeed(src, now); err != nil {
			return nil, err
		}
	}
	var err error
	if s.val, err = sharedValidator(); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if c.dataDir != "" {
		if err := s.openData(c.dataDir); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	s.handler = s.routes()
	return s, nil
}

// openData opens the data directory and loads what it holds on top of the seeds.
func (s *Sandbox) openData(dir string) error {
	db, err := openDurable(dir)
	if err != nil {
		return err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := db.loadAll(st); err != nil {
		db.close()
		return err
	}
	st.db = db
	for _, m := range st.mailbox {
		st.lastCodes[m.Agent] = m.Code
	}
	st.tidy(s.clock(), true)
	return nil
}

// Close releases the data directory (WithDataDir); the sandbox must not be used afterwards.
// Without a data directory it does nothing. Shut the server down first.
func (s *Sandbox) Close() error {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	db := st.db
	st.db = nil
	return db.close()
}

func (s *Sandbox) loadSeed(src seedSource, now time.Time) error {
	rc, err := src.open()
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	defer rc.Close()
	sd, err := parseSeed(rc)
	if err == nil {
		err = s.st.load(sd, now)
	}
	if err != nil {
		return fmt.Errorf("sandbox: %s: %w", src.name, err)
	}
	return nil
}

// Handler returns the sandbox's HTTP handler: the API under /api, the contract at
// /openapi.yaml and the customer's page of a link at /b?il=<public_id>.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Serve serves the sandbox on ln until Shutdown, then returns nil. A sandbox serves one
// listener at a time; its state survives Shutdown, so it may Serve again afterwards.
func (s *Sandbox) Serve(ln net.Listener) error {
	srv, err := s.prepare(ln, nil)
	if err != nil {
		return err
	}
	return serveErr(srv.Serve(ln))
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves the sandbox in the background until
// Shutdown.
func Start(addr string, opts ...Option) (*Sandbox, error) {
	s, err := New(opts...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	served := make(chan struct{})
	srv, err := s.prepare(ln, served)
	if err != nil {
		ln.Close()
		return nil, err
	}
	go func() {
		defer close(served)
		if err := serveErr(srv.Serve(ln)); err != nil {
			s.log.Error("sandbox stopped", "err", err)
		}
	}()
	return s, nil
}

func (s *Sandbox) prepare(ln net.Listener, served chan struct{}) (*http.Server, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return nil, errors.New("sandbox: already serving")
	}
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.timeouts.ReadHeader,
		ReadTimeout:       s.timeouts.Read,
		WriteTimeout:      s.timeouts.Write,
		IdleTimeout:       s.timeouts.Idle,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.ln, s.served = ln, served
	return s.srv, nil
}

func serveErr(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("sandbox: serve: %w", err)
}

func (s *Sandbox) listener() net.Listener {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ln
}

// Shutdown stops serving gracefully: it waits for requests in flight until ctx ends.
func (s *Sandbox) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv, served := s.srv, s.served
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if served != nil {
		select {
		case <-served:
		case <-ctx.Done():
			return cmp.Or(err, ctx.Err())
		}
	}
	s.mu.Lock()
	if s.srv == srv { // ready to Serve again
		s.srv, s.ln, s.served = nil, nil, nil
	}
	s.mu.Unlock()
	return err
}

// URL returns the API's base URL while serving, e.g. "http://127.0.0.1:8080/api", or else "".
func (s *Sandbox) URL() string {
	ln := s.listener()
	if ln == nil {
		return ""
	}
	return "http://" + ln.Addr().String() + "/api"
}

// SetFaults replaces the fault settings while the sandbox runs; the zero Faults turns faults
// off. The fault sequence restarts from f.Seed.
func (s *Sandbox) SetFaults(f Faults) error { return s.faults.set(f) }

// Account is a login of the sandbox.
type Account struct {
	Email       string
	Password    string
	AgentID     int64
	Perspective gen.Perspective // the perspective to log in with
	EntityID    int64           // the supplier (or business) it acts for
}

// DefaultAccount returns the supplier login every sandbox starts with: demo-supplier@example.com,
// password "correct horse battery staple", supplier entity 13991055489669749 (above 2^53 on
// purpose), which offers 3, 6, 12 and 24 months.
func (s *Sandbox) DefaultAccount() Account {
	return Account{
		Email: DefaultSupplierEmail, Password: DefaultSupplierPassword, AgentID: DefaultSupplierAgentID,
		Perspective: auth.PerspectiveSupplier, EntityID: DefaultSupplierID,
	}
}

// DefaultCustomerAccount returns the customer business's login (perspective 2): the committed
// human of the default payment series.
func (s *Sandbox) DefaultCustomerAccount() Account {
	return Account{
		Email: DefaultBusinessEmail, Password: DefaultBusinessPassword, AgentID: DefaultBusinessAgentID,
		Perspective: auth.PerspectiveBusiness, EntityID: DefaultBusinessID,
	}
}

// LastCode returns the last second-factor code issued to the account with email. It is the
// sandbox's stand-in for reading the email the real API sends; the log carries the same code.
func (s *Sandbox) LastCode(email string) (string, bool) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	code, ok := s.st.lastCodes[s.st.emails[lower(email)]]
	return code, ok
}

// Links returns every instalment link, oldest first (without dispositions).
func (s *Sandbox) Links() []gen.InstalmentLink {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	out := make([]gen.InstalmentLink, len(s.st.links.all))
	for i, l := range s.st.links.all {
		out[i] = l.view()
	}
	return out
}

// LinkCount returns how many instalment links exist.
func (s *Sandbox) LinkCount() int {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return len(s.st.links.all)
}

// NewSession logs the account with email in without a password or code and returns the
// session's credentials: a shortcut for tests that are not about logging in.
func (s *Sandbox) NewSession(email string, perspective gen.Perspective, lifecycle gen.Lifecycle) (auth.Credentials, error) {
	if !lifecycle.Valid() {
		return auth.Credentials{}, fmt.Errorf("sandbox: new session: unknown lifecycle %d", lifecycle)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	a := s.st.accounts[s.st.emails[lower(email)]]
	switch {
	case a == nil:
		return auth.Credentials{}, fmt.Errorf("sandbox: new session: no account %q", email)
	case !a.holds(perspective):
		return auth.Credentials{}, fmt.Errorf("sandbox: new session: %s does not hold perspective %d", email, perspective)
	}
	now := s.clock()
	if aerr := s.st.sessionRoom(now); aerr != nil {
		return auth.Credentials{}, fmt.Errorf("sandbox: new session: %s", aerr.msg)
	}
	sess, aerr := s.st.newSession(a.agentID, perspective, lifecycle, now)
	if aerr != nil {
		return auth.Credentials{}, fmt.Errorf("sandbox: new session: %s", aerr.msg)
	}
	return auth.NewCredentials(sess.id, sess.key, auth.Lifecycle(lifecycle), auth.WithPerspective(perspective))
}

// newSession creates and stores a session; st.mu must be held for writing, and the caller has
// checked sessionRoom under the same hold (a login checks it before it spends its code).
func (st *store) newSession(agent int64, p gen.Perspective, l gen.Lifecycle, now time.Time) (*session, *apiError) {
	id := newSessionID()
	for st.sessions[id] != nil {
		id = newSessionID()
	}
	sess := &session{id: id, key: newAPIKey(), lifecycle: l, perspective: p, agentID: agent, created: now, lastUsed: now, storedUse: now}
	if err := st.persist(put(bucketSessions, sessionKey(id), sess.record())); err != nil {
		return nil, err
	}
	st.sessions[id] = sess
	return sess, nil
}

// sessionRoom reports whether one more session fits within limits.Sessions.
func (st *store) sessionRoom(now time.Time) *apiError {
	st.tidy(now, false)
	if len(st.sessions) >= st.limits.Sessions {
		st.tidy(now, true)
		if len(st.sessions) >= st.limits.Sessions {
			return newError(http.StatusInsufficientStorage, "The sandbox holds its limit of %d sessions (sandbox.Limits.Sessions); short-lived sessions are removed after an hour without use", st.limits.Sessions)
		}
	}
	return nil
}

func (s *Sandbox) now() types.Time { return types.NewTime(s.clock()) }

func (s *Sandbox) today() types.Date { return types.DateOf(s.clock().UTC()) }

// newCode draws a second-factor code: from crypto/rand, since a code is a secret, unless
// WithRandSeed asked for reproducible ones.
func (s *Sandbox) newCode() string {
	if s.seededCodes {
		return s.rnd.code()
	}
	return secretCode()
}

func isSixDigits(s string) bool { return len(s) == 6 && digitsPattern.MatchString(s) }

// passwordMatches compares in constant time, and hashes even for an unknown account so that the
// time taken does not tell whether an account exists.
func passwordMatches(a *account, password string) bool {
	h := sha256.Sum256([]byte(password))
	var want [sha256.Size]byte
	if a != nil {
		want = a.pwHash
	}
	return subtle.ConstantTimeCompare(h[:], want[:]) == 1 && a != nil
}
