package procuret

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"time"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/internal/retry"
	"github.com/procuret/procuret-go/internal/transport"
)

// MaxResponseBytes bounds how much of a response body the client reads. A
// success body beyond it fails with an *Error of kind ErrUnexpectedBody; an
// error body beyond it is cut. The API's largest answers (a page of 1000
// payment series) are a few MiB.
const MaxResponseBytes = 16 << 20

// call is one call of an operation, for invoke.
type call struct {
	op *operation
	// secrets are request values (a password, a code) that no error may
	// quote, even if the server echoes them.
	secrets []string
	// secretBody marks a success body that holds credentials (a session):
	// a failure to decode it never quotes it.
	secretBody bool
}

// noBody is the result type of operations whose success body carries nothing
// a client needs; do does not decode it (it may even be empty).
type noBody struct{}

// sender sends one call's request through api, the generated client that
// signs with the client's session or, for an operation the contract says
// needs none, the one that sends no session.
type sender func(ctx context.Context, api *gen.Client) (*http.Response, error)

// invoke is the shape of every operation: refuse bad input (v) and, for an
// operation whose contract requires a session, a client without credentials,
// before anything is sent; then send the call and decode its answer into a
// new T. It fails with a network error (wrapped, so errors.Is(err,
// context.DeadlineExceeded) works), an *Error for a status that is not 2xx or
// a body that does not decode into T, or, for a write that may have reached
// the server unanswered, an *UnknownOutcomeError. The call, all its attempts
// and waits included, is bounded by the client's timeout. It reads at most
// MaxResponseBytes and never panics on a body.
func invoke[T any](ctx context.Context, c *Client, cl call, v checker, send sender) (*T, error) {
	if err := v.err(); err != nil {
		return nil, err
	}
	api, err := c.apiFor(cl)
	if err != nil {
		return nil, err
	}
	out := new(T)
	if err := doInto(ctx, c, cl, func(ctx context.Context) (*http.Response, error) { return send(ctx, api) }, out); err != nil {
		return nil, err
	}
	return out, nil
}

// apiFor returns the generated client a call goes through, as its
// operation's contract says: signing, anonymous, or, for an operation that
// needs a session when the client has none, ErrNoCredentials.
func (c *Client) apiFor(cl call) (*gen.Client, error) {
	switch cl.op.session {
	case sessionRequired:
		if c.creds.IsZero() {
			return nil, fmt.Errorf("procuret: %s: %w: this operation needs a session; use WithCredentials, FromEnv or the credentials of CreateSession", cl.op.name, ErrNoCredentials)
		}
	case sessionNone:
		return c.anon, nil
	}
	return c.api, nil
}

// exchange sends one call through send, the start and the failures every
// call shares: ctx checked and bounded by the client's timeout (cancel ends
// the bound; it is a no-op when err is set), the attempts recorded in info,
// logSecrets kept out of the transport's log lines. A send that failed, or
// answered nothing, is the error a caller can branch on, its text free of
// secrets(): an *UnknownOutcomeError for a write that may have arrived, a
// send error otherwise. A response always has a body (http.NoBody when a
// caller's doer gave none).
func (c *Client) exchange(ctx context.Context, op string, logSecrets []string, secrets func() []string,
	send func(context.Context) (*http.Response, error)) (resp *http.Response, info *transport.CallInfo, cancel context.CancelFunc, err error) {
	if ctx == nil {
		return nil, nil, noCancel, fmt.Errorf("procuret: %s: the context is nil; pass context.Background() or a real context", op)
	}
	ctx, cancel = c.callContext(ctx)
	ctx, info = transport.WithCallInfo(ctx)
	info.Secrets = logSecrets
	resp, err = send(ctx)
	unknown := info.Unknown
	if err == nil && resp == nil { // the transport never does this; a caller's doer may
		err, unknown = errors.New("no response and no error"), true
	}
	if err != nil {
		cancel()
		attempts := max(info.Attempts, 1)
		if isWrite(info.Method) && unknown {
			return nil, info, noCancel, &UnknownOutcomeError{Operation: op, Attempts: attempts, Cause: newSendError("", 0, err, secrets()), start: info.Start}
		}
		return nil, info, noCancel, newSendError(op, attempts, err, secrets())
	}
	if resp.Body == nil { // only a caller's doer can do this; http.Client never does
		resp.Body = http.NoBody
	}
	return resp, info, cancel, nil
}

// doInto sends one call through send and decodes its answer into *v (see
// invoke). On error *v holds nothing of use.
func doInto[T any](ctx context.Context, c *Client, cl call, send func(context.Context) (*http.Response, error), v *T) error {
	// What no error may quote, in any spelling (internal/redact): the call's
	// password and code, and the client's API key; built only on the way
	// to an error. The transport keeps cl.secrets (and the key, and
	// signatures) out of its log lines.
	secretsOf := func() []string { return append(cl.secrets[:len(cl.secrets):len(cl.secrets)], c.creds.APIKey()) }
	resp, info, cancel, err := c.exchange(ctx, cl.op.name, cl.secrets, secretsOf, send)
	if err != nil {
		return err
	}
	defer cancel()
	defer resp.Body.Close()
	attempts := max(info.Attempts, 1)
	write := isWrite(info.Method)

	body, readErr := readResponse(resp.Body)
	tooLarge := len(body) > MaxResponseBytes
	if tooLarge {
		body = body[:MaxResponseBytes]
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// An error body cut short by a failed read still says what it can.
		e := newError(cl.op.name, resp, body, secretsOf(), attempts, c.tr.Now())
		if len(cl.secrets) > 0 && e.Excerpt != "" {
			// Redaction catches the password's literal, URL- and JSON-escaped
			// spellings; a body answering a password is still never quoted
			// (defence in depth: an encoding it does not know).
			e.Excerpt = "[not shown: the request carried a password or code]"
		}
		if write && resp.StatusCode == http.StatusGatewayTimeout {
			// A gateway gave up waiting: the API may have acted.
			return &UnknownOutcomeError{Operation: cl.op.name, Attempts: attempts, Cause: e, start: info.Start}
		}
		return e
	}
	if readErr != nil {
		if write {
			// The API answered 2xx: it most likely acted.
			return &UnknownOutcomeError{Operation: cl.op.name, Attempts: attempts, start: info.Start,
				Cause: fmt.Errorf("reading the response (status %d): %w", resp.StatusCode, scrub(readErr, secretsOf()))}
		}
		err := fmt.Errorf("procuret: %s: reading the response (status %d): %w", cl.op.name, resp.StatusCode, scrub(readErr, secretsOf()))
		if attempts > 1 {
			err = fmt.Errorf("%w (after %d attempts)", err, attempts)
		}
		return err
	}
	if _, ok := any(v).(*noBody); ok {
		return nil
	}

	bad := func(msg string, cause error) error {
		e := &Error{StatusCode: resp.StatusCode, Kind: ErrUnexpectedBody, Message: msg, Operation: cl.op.name, Attempts: attempts, err: cause}
		if !cl.secretBody && len(cl.secrets) == 0 {
			e.Excerpt = excerpt(body, secretsOf())
		}
		return e
	}
	if tooLarge {
		return bad(fmt.Sprintf("the body exceeds %d MiB", MaxResponseBytes>>20), nil)
	}
	// What the contract requires of the body, and the bounds of its
	// decimals, before any of it is decoded (shape.go).
	// A value beyond a bound is refused before anything is decoded; any
	// other failure of the check waits for json.Unmarshal, whose error
	// (malformed JSON, a wrong type) says more.
	var shapeErr error
	if sh := cl.op.body; sh != nil {
		if err := checkShape(ctx, body, sh); err != nil {
			se, _ := err.(*shapeError) // not errors.As: &se would cost every call an allocation
			switch {
			case se != nil && se.bound:
				return bad(se.Error(), nil)
			case se != nil, err == errMalformed:
				shapeErr = err
			default: // the call's context ended while a large body was checked
				return bad("checking the body: "+err.Error(), err) // a context error
			}
		}
	}
	var target any = v
	if w, ok := target.(wrapper); ok {
		target = w.wrapped()
	}
	if err := json.Unmarshal(body, target); err != nil {
		return bad("cannot decode: "+clean(err.Error(), maxMessage, secretsOf()), scrub(err, secretsOf()))
	}
	if shapeErr != nil {
		return bad(shapeErr.Error(), nil)
	}
	// null decodes into the zero value without complaint; only a list may
	// be empty.
	if cl.op.body == nil && bytes.Equal(bytes.TrimSpace(body), []byte("null")) && reflect.TypeFor[T]().Kind() != reflect.Slice {
		return bad("the body is null", nil)
	}
	return nil
}

// wrapper is a result type that embeds a generated one and adds fields of its
// own that no body holds (InstalmentLink): the body is decoded into the
// embedded value, which encoding/json does faster than through the
// embedding.
type wrapper interface{ wrapped() any }

// readResponse returns the bytes of a response body, at most
// MaxResponseBytes+1 of them, and the error that cut it short. The transport
// has already read the body of every response it returns (a
// *transport.Body): its bytes are used as they are, not copied again.
func readResponse(body io.Reader) ([]byte, error) {
	if b, ok := body.(*transport.Body); ok {
		return b.Bytes(), b.Err()
	}
	if body == http.NoBody {
		return nil, nil
	}
	return io.ReadAll(io.LimitReader(body, MaxResponseBytes+1))
}

// callContext bounds one call by the client's timeout, if it has one
// (deadline.go): a context whose deadline comes sooner is used as it is.
func (c *Client) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return c.deadlines.bound(ctx)
}

// isWrite reports whether method may change something on the server; only
// those are never re-sent once they may have arrived.
func isWrite(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead:
		return false
	}
	return true
}

// newError builds the *Error of a response whose status is not 2xx. The body
// is Procuret's JSON error when it parses as one; anything else (HTML, text,
// nothing) is kept as a short excerpt.
func newError(op string, resp *http.Response, body []byte, secrets []string, attempts int, now time.Time) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		Kind:       kindOf(resp.StatusCode),
		Operation:  op,
		Attempts:   attempts,
	}
	if d, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok && d > 0 {
		e.RetryAfter = d
	}
	var eb struct {
		Info *string `json:"error-information"`
	}
	if json.Unmarshal(body, &eb) == nil && eb.Info != nil {
		e.Message = clean(*eb.Info, maxMessage, secrets)
	} else {
		e.Excerpt = excerpt(body, secrets)
	}
	return e
}
