package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrNoCredentials is returned when signing or saving the zero Credentials.
var ErrNoCredentials = errors.New("auth: no credentials")

// ErrOutsideBasePath is returned by Sign for a request whose path is not
// below the Signer's base path, so the signed path cannot be determined.
var ErrOutsideBasePath = errors.New("auth: request path is outside the API base path")

// DefaultBasePath is the path of the API root on procuret.com.
const DefaultBasePath = "/api"

// A Signer adds the authentication headers of one set of Credentials to
// requests. It is safe for concurrent use.
type Signer struct {
	creds     Credentials
	basePath  string
	clock     func() time.Time
	offset    atomic.Int64 // time.Duration
	sessionID string       // decimal, precomputed
	agent     string       // decimal, "" when not acting for another agent
	macs      sync.Pool    // of *macState keyed with the api key
}

// SignerOption configures NewSigner.
type SignerOption func(*Signer)

// WithClock sets the clock Sign reads (default time.Now). Useful in tests.
func WithClock(now func() time.Time) SignerOption {
	return func(s *Signer) {
		if now != nil {
			s.clock = now
		}
	}
}

// WithBasePath sets the path of the API root (default "/api"), which is not
// part of the signed path. Use "" for a host serving the API at its root.
// A missing leading slash is added and a trailing one removed.
func WithBasePath(p string) SignerOption {
	return func(s *Signer) {
		p = strings.TrimRight(p, "/")
		if p != "" && p[0] != '/' {
			p = "/" + p
		}
		s.basePath = p
	}
}

// NewSigner returns a Signer for creds. Signing with the zero Credentials
// fails with ErrNoCredentials.
func NewSigner(creds Credentials, opts ...SignerOption) *Signer {
	s := &Signer{creds: creds, basePath: DefaultBasePath, clock: time.Now}
	for _, o := range opts {
		o(s)
	}
	s.sessionID = strconv.FormatInt(creds.sessionID, 10)
	if a, ok := creds.Agent(); ok {
		s.agent = strconv.FormatInt(a, 10)
	}
	key := []byte(creds.APIKey())
	s.macs.New = func() any { return &macState{h: hmac.New(sha256.New, key)} }
	return s
}

// Credentials returns the credentials s signs with.
func (s *Signer) Credentials() Credentials { return s.creds }

// SetClockOffset sets a correction added to the clock when signing, for a
// client whose clock disagrees with the server's (the retry layer derives it
// from a response's Date header after a 401).
func (s *Signer) SetClockOffset(d time.Duration) { s.offset.Store(int64(d)) }

// ClockOffset returns the correction set by SetClockOffset.
func (s *Signer) ClockOffset() time.Duration { return time.Duration(s.offset.Load()) }

// Sign sets the authentication headers on req, replacing any set by an
// earlier Sign (a retried request must be signed again for each attempt):
// x-procuret-session-id always; for a long-lived session
// x-procuret-signature over the escaped path below the base path (the query
// is not signed) and the current time plus the clock offset; for a
// short-lived session x-procuret-api-key; and x-procuret-forwarded-agent when
// the credentials act for another agent. The time is read when Sign is
// called. On error req is left unchanged.
func (s *Signer) Sign(req *http.Request) error {
	if s.creds.IsZero() {
		return fmt.Errorf("auth: sign request: %w (the Credentials are the zero value)", ErrNoCredentials)
	}
	if req == nil || req.URL == nil {
		return errors.New("auth: sign request: request or its URL is nil")
	}
	var sig string
	if s.creds.lifecycle == LongLived {
		path := req.URL.EscapedPath()
		if b := s.basePath; b != "" {
			if !strings.HasPrefix(path, b) || (len(path) > len(b) && path[len(b)] != '/') {
				return fmt.Errorf("auth: sign request: %w: path %q does not start with %q; set WithBasePath to the path of the API root", ErrOutsideBasePath, path, b)
			}
			path = path[len(b):]
		}
		now := s.clock().Add(time.Duration(s.offset.Load())).Unix()
		st := s.macs.Get().(*macState)
		sig = st.sign(WindowStart(now), path)
		s.macs.Put(st)
	}

	h := req.Header
	if h == nil {
		h = make(http.Header, 4)
		req.Header = h
	}
	delete(h, HeaderSignature)
	delete(h, HeaderAPIKey)
	delete(h, HeaderForwardedAgent)

	// One backing array for every header value, each slice capped at length
	// 1 so that a later Header.Add cannot write into a neighbour (as
	// http.Header.Clone does).
	vals := make([]string, 3)
	vals[0] = s.sessionID
	h[HeaderSessionID] = vals[0:1:1]
	if sig != "" {
		vals[1] = sig
		h[HeaderSignature] = vals[1:2:2]
	} else {
		vals[1] = string(*s.creds.key)
		h[HeaderAPIKey] = vals[1:2:2]
	}
	if s.agent != "" {
		vals[2] = s.agent
		h[HeaderForwardedAgent] = vals[2:3:3]
	}
	return nil
}

// RequestEditor returns Sign in the shape of oapi-codegen's RequestEditorFn,
// for a generated client's WithRequestEditorFn option.
func (s *Signer) RequestEditor() func(ctx context.Context, req *http.Request) error {
	return func(_ context.Context, req *http.Request) error { return s.Sign(req) }
}
