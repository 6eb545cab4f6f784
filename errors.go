package procuret

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// clean makes s fit for an error message: valid UTF-8, no control characters
// (a body cannot forge log lines), whitespace collapsed, every secret replaced
// and at most max bytes, cut on a rune boundary with "…".
func clean(s string, max int, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if b.Len()+utf8.RuneLen(r) > max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
