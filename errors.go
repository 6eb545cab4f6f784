package procuret

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/procuret/procuret-go/internal/redact"
)

// ErrorKind says what kind of failure an *Error is. Each kind is also a
// sentinel error: errors.Is(err, procuret.ErrNotFound) reports whether err is
// (or wraps) an *Error of that kind, and a switch on (*Error).Kind compares
// against the same names.
type ErrorKind int

// The kinds of *Error, with the HTTP status each stands for.
const (
	ErrBadRequest        ErrorKind = iota + 1 // 400: the request does not fit the API
	ErrNotAuthenticated                       // 401: no, wrong or expired session or signature; or wrong login
	ErrSubscription                           // 402: a problem with the account's subscription
	ErrNotAuthorised                          // 403: the session may not do this
	ErrNotFound                               // 404: nothing has this ID
	ErrContentTooLarge                        // 413: the request is too large
	ErrUnprocessable                          // 422: well formed, but the API cannot act on it
	ErrRateLimited                            // 429: too many requests; see (*Error).RetryAfter
	ErrServerError                            // 500: Procuret failed
	ErrServiceDisruption                      // 502, 503, 504: Procuret is temporarily unavailable
	ErrUnexpectedStatus                       // any other status that is not 2xx (including redirects)
	ErrUnexpectedBody                         // a 2xx response whose body is not what the API promises
)

var kindNames = [...]string{
	ErrBadRequest:        "bad request",
	ErrNotAuthenticated:  "not authenticated",
	ErrSubscription:      "subscription problem",
	ErrNotAuthorised:     "not authorised",
	ErrNotFound:          "not found",
	ErrContentTooLarge:   "content too large",
	ErrUnprocessable:     "unprocessable",
	ErrRateLimited:       "rate limited",
	ErrServerError:       "server error",
	ErrServiceDisruption: "service disruption",
	ErrUnexpectedStatus:  "unexpected status",
	ErrUnexpectedBody:    "unexpected response body",
}

// String returns the kind in words, e.g. "not found".
func (k ErrorKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "ErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// Error makes each kind usable as a sentinel error.
func (k ErrorKind) Error() string { return "procuret: " + k.String() }

// kindOf maps an HTTP status that is not 2xx to its kind.
func kindOf(status int) ErrorKind {
	switch status {
	case http.StatusBadRequest:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrNotAuthenticated
	case http.StatusPaymentRequired:
		return ErrSubscription
	case http.StatusForbidden:
		return ErrNotAuthorised
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusRequestEntityTooLarge:
		return ErrContentTooLarge
	case http.StatusUnprocessableEntity:
		return ErrUnprocessable
	case http.StatusTooManyRequests:
		return ErrRateLimited
	case http.StatusInternalServerError:
		return ErrServerError
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return ErrServiceDisruption
	}
	return ErrUnexpectedStatus
}

// Error is what the API answered when a call did not succeed: a status that is
// not 2xx, or a 2xx response whose body could not be decoded (Kind
// ErrUnexpectedBody). Reach it with errors.As; test its kind with errors.Is.
// It never holds a password, second-factor code, API key or signature.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Kind is what went wrong, derived from StatusCode (or ErrUnexpectedBody).
	Kind ErrorKind
	// Message is the server's "error-information", when the body carried it;
	// for ErrUnexpectedBody it says what was wrong with the body.
	Message string
	// Operation names the call, e.g. "create instalment link".
	Operation string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is how long the server asked the client to wait (its
	// Retry-After header), or 0.
	RetryAfter time.Duration
	// Excerpt is the start of a body that was not a JSON error (an HTML error
	// page, for example), at most about 200 bytes, for diagnosis.
	Excerpt string

	err error // the decoding error behind ErrUnexpectedBody
}

// Error reads like "procuret: get instalment link: not found (404): No
// instalment link with public_id 'nope'".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("procuret: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	b.WriteString(" (")
	b.WriteString(strconv.Itoa(e.StatusCode))
	b.WriteString(")")
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Excerpt != "" {
		b.WriteString("; body: ")
		b.WriteString(strconv.Quote(e.Excerpt))
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is reports whether target is e's kind, so that errors.Is(err,
// procuret.ErrNotFound) works.
func (e *Error) Is(target error) bool {
	k, ok := target.(ErrorKind)
	return ok && k == e.Kind
}

// Unwrap returns the decoding error behind an ErrUnexpectedBody, or nil.
func (e *Error) Unwrap() error { return e.err }

// ErrInvalidInput is matched (errors.Is) by every *ValidationError.
var ErrInvalidInput = errors.New("procuret: invalid input")

// ValidationError reports input that the client refused before sending
// anything. It matches ErrInvalidInput.
type ValidationError struct {
	// Operation names the call, e.g. "create instalment link".
	Operation string
	// Field is the API's name of the offending field or parameter, e.g.
	// "invoice_amount".
	Field string
	// Reason says what is wrong, e.g. "must be greater than zero (got -5.00)".
	Reason string
}

// Error reads like "procuret: create instalment link: invoice_amount must be
// greater than zero (got -5.00)".
func (e *ValidationError) Error() string {
	return "procuret: " + e.Operation + ": " + e.Field + " " + e.Reason
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// Limits on what an *Error quotes from a response.
const (
	maxMessage = 1024 // bytes of "error-information"
	maxExcerpt = 200  // bytes of a body that is not a JSON error
)

// clean makes s fit for an error message: every secret and anything shaped
// like a request signature replaced, in any spelling (internal/redact), then
// valid UTF-8, no control characters (a body cannot forge log lines),
// whitespace collapsed, and at most max bytes, cut on a rune boundary with
// "…". It reads at most redact.MaxInput bytes of s.
func clean(s string, max int, secrets []string) string {
	s = redact.String(s, secrets...)
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		sep := 0
		if space && b.Len() > 0 {
			sep = 1
		}
		space = false
		if b.Len()+sep+utf8.RuneLen(r) > max {
			b.WriteString("…")
			break
		}
		if sep == 1 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// excerpt is clean(string(body), maxExcerpt, secrets) without copying more
// of a body (up to MaxResponseBytes) than the redaction reads: redact.MaxInput
// and one byte more, so that it still marks the cut.
func excerpt(body []byte, secrets []string) string {
	return clean(string(body[:min(len(body), redact.MaxInput+1)]), maxExcerpt, secrets)
}

// ErrOutcomeUnknown is matched (errors.Is) by every *UnknownOutcomeError: a
// write that may or may not have taken effect.
var ErrOutcomeUnknown = errors.New("procuret: outcome unknown")

// UnknownOutcomeError reports a write (POST or PUT) that may have reached
// Procuret without the client hearing the answer: the connection broke after
// the request was sent, the response was cut short, the call's deadline
// passed while waiting, or a gateway answered 504. The Procuret API has no
// idempotency keys, so the client never sends such a write again by itself.
//
// For CreateInstalmentLink the client first looks for the link among the
// supplier's newest links and succeeds if it finds it; this error means it did
// not (Searched says whether the search itself completed). Check, for example
// with ListInstalmentLinks, before sending the write again.
type UnknownOutcomeError struct {
	// Operation names the call, e.g. "create instalment link".
	Operation string
	// Attempts is how many times the request was sent.
	Attempts int
	// Cause is what hid the outcome: a network error, a context error, a
	// body read error or the *Error of a 504.
	Cause error
	// Searched reports that the client searched for the record the write
	// would have created and found none: it was most likely not created.
	Searched bool
	// SearchErr is why the search could not be completed, or nil.
	SearchErr error
	// NotSearched says why no search was made, when none was (the caller
	// cancelled the call, or the operation creates nothing to search for).
	NotSearched string

	start    time.Time // when the first attempt began, by the client's clock
	notFound string    // what the search did not find, for the message
}

// Error says that the outcome is unknown, why, what the client found, and that
// the caller should check before sending the write again.
func (e *UnknownOutcomeError) Error() string {
	var b strings.Builder
	b.WriteString("procuret: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	b.WriteString("outcome unknown: the request may have reached Procuret, but no complete answer came back")
	if e.Cause != nil {
		b.WriteString(" (")
		cause := strings.TrimPrefix(e.Cause.Error(), "procuret: ")
		b.WriteString(strings.TrimPrefix(cause, e.Operation+": "))
		b.WriteString(")")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	switch {
	case e.Searched && e.notFound != "":
		b.WriteString("; " + e.notFound + ", so it was most likely not created")
	case e.Searched:
		b.WriteString("; no matching record was found, so it was most likely not created")
	case e.SearchErr != nil:
		b.WriteString("; the client could not check whether it was created: ")
		b.WriteString(strings.TrimPrefix(e.SearchErr.Error(), "procuret: "))
	case e.NotSearched != "":
		b.WriteString("; ")
		b.WriteString(e.NotSearched)
	}
	b.WriteString("; check before sending it again")
	return b.String()
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *UnknownOutcomeError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns Cause and SearchErr, so that errors.Is(err,
// context.DeadlineExceeded) and errors.As(err, &*Error) see through it.
func (e *UnknownOutcomeError) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Cause, e.SearchErr} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// sendError is a failure to get a response at all (a network error, a done
// context), with the call's name and the number of attempts. Its text leaves
// out the request URL that http.Client's errors carry (the query may hold an
// email address) and has passed the one redaction (internal/redact): net/http
// quotes a malformed status line or header line, which a hostile server can
// fill with the API key, password or code it received.
type sendError struct {
	op       string
	attempts int
	msg      string // err's text, without the URL, redacted
	err      error  // scrubbed: see scrub
}

// newSendError builds the sendError of err, redacting secrets.
func newSendError(op string, attempts int, err error, secrets []string) *sendError {
	msg := err.Error()
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		msg = ue.Err.Error()
	}
	return &sendError{op: op, attempts: attempts, msg: redact.String(msg, secrets...), err: scrub(err, secrets)}
}

func (e *sendError) Error() string {
	s := e.msg
	if e.op != "" {
		s = "procuret: " + e.op + ": " + e.msg
	}
	if e.attempts > 1 {
		s += " (after " + strconv.Itoa(e.attempts) + " attempts)"
	}
	return s
}

func (e *sendError) Unwrap() error { return e.err }

// scrub returns err, or, when its text holds a secret in any spelling, a
// *redactedError in its place: the text redacted, errors.Is and Timeout
// answered by err, and no way back to err's text (no Unwrap, no As).
func scrub(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	// One pass: redact.String returns its input unchanged when it holds
	// nothing to redact, and cuts one longer than redact.MaxInput (where
	// redact.Contains would not look).
	msg := err.Error()
	if clean := redact.String(msg, secrets...); clean != msg {
		return &redactedError{msg: clean, orig: err}
	}
	return err
}

// redactedError stands in for an error whose text held a secret.
type redactedError struct {
	msg  string
	orig error
}

func (e *redactedError) Error() string { return e.msg }

// Is answers for the error it stands in for, so that errors.Is(err,
// context.DeadlineExceeded) and the like still work.
func (e *redactedError) Is(target error) bool { return errors.Is(e.orig, target) }

// Timeout reports whether the error it stands in for, or one it wraps, was a
// timeout.
func (e *redactedError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.orig, &t) && t.Timeout()
}

// GoString keeps %#v from printing the original.
func (e *redactedError) GoString() string {
	return "&procuret.redactedError{" + strconv.Quote(e.msg) + "}"
}
