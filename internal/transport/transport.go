// Package transport sends the requests of a procuret.Client. The generated client
// (package gen) builds each request and hands it to a Sender, which for every attempt
// copies it, sets the User-Agent, signs the copy and passes it to the caller's HTTP
// client. Retries, logging, per-attempt timeouts and clock-skew correction belong here,
// around Sender.attempt, so that every attempt is signed afresh.
package transport

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/procuret/procuret-go/auth"
)

// Doer sends one HTTP request. *http.Client implements it, and so does
// gen.HttpRequestDoer.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Transport is what every copy of a procuret.Client shares: the caller's HTTP
// client, the User-Agent and the clock. It must not be modified once a Sender
// uses it.
type Transport struct {
	// HTTP sends each attempt. Required.
	HTTP Doer
	// UserAgent is set on every attempt, replacing any earlier value.
	UserAgent string
	// Now is the clock: signers built for this transport read it, and so
	// should anything here that waits or measures time. Required.
	Now func() time.Time
}

// Sender is the gen.HttpRequestDoer of one procuret.Client: the shared
// Transport plus the Signer of the client's credentials (nil: requests go out
// unsigned). It is safe for concurrent use.
type Sender struct {
	t      *Transport
	signer *auth.Signer
}

// Sender returns a Sender that sends through t and signs with signer (nil
// for unsigned requests).
func (t *Transport) Sender(signer *auth.Signer) *Sender {
	return &Sender{t: t, signer: signer}
}

// Signer returns the signer s signs with, or nil. A retry layer uses it to
// correct clock skew (auth.Signer.SetClockOffset) after a 401.
func (s *Sender) Signer() *auth.Signer { return s.signer }

// ErrBodyNotReplayable is returned when a request must be sent again but its
// body cannot be read a second time (it has no GetBody).
var ErrBodyNotReplayable = errors.New("transport: request body cannot be replayed")

// Do sends req. It does not modify req: each attempt works on a copy.
//
// A retry loop goes here: call s.attempt once per attempt with the attempt
// number, decide from the response or error whether to go again (a GET on a
// network error, 429 or 5xx; a POST only when the connection was never made),
// close the body of a response that is retried, wait (honouring Retry-After
// and ctx), and return the last response or error.
func (s *Sender) Do(req *http.Request) (*http.Response, error) {
	return s.attempt(req, 1)
}

// attempt sends one copy of req: a fresh body (from GetBody), the User-Agent,
// an Accept header and, when s has a signer, the authentication headers
// signed now. n counts attempts from 1.
func (s *Sender) attempt(req *http.Request, n int) (*http.Response, error) {
	if info := callInfoFrom(req.Context()); info != nil {
		info.Attempts = n
	}
	r := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		switch {
		case req.GetBody != nil:
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = body
		case n > 1:
			return nil, ErrBodyNotReplayable
		}
	}
	if s.t.UserAgent != "" {
		r.Header.Set("User-Agent", s.t.UserAgent)
	}
	r.Header.Set("Accept", "application/json")
	if s.signer != nil {
		if err := s.signer.Sign(r); err != nil {
			return nil, err
		}
	}
	return s.t.HTTP.Do(r)
}

// CallInfo is what the transport reports back about one logical call (one
// method of procuret.Client), across all of its attempts.
type CallInfo struct {
	// Attempts is how many attempts were sent (0 if none was).
	Attempts int
}

type callInfoKey struct{}

// WithCallInfo returns a context that makes every Sender that sends a
// request of it record its attempts in the returned CallInfo. The CallInfo
// belongs to one call; read it after the call's Do returns.
func WithCallInfo(ctx context.Context) (context.Context, *CallInfo) {
	info := new(CallInfo)
	return context.WithValue(ctx, callInfoKey{}, info), info
}

func callInfoFrom(ctx context.Context) *CallInfo {
	info, _ := ctx.Value(callInfoKey{}).(*CallInfo)
	return info
}
