package retry

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Defaults from the "Reliability" issue.
const (
	DefaultMaxRetries = 2
	DefaultBaseDelay  = 500 * time.Millisecond
	DefaultMaxDelay   = 8 * time.Second
)

// Policy says how often and how patiently requests are retried. The zero
// value never retries; use DefaultPolicy for the client's defaults. A zero
// BaseDelay or MaxDelay means the default, so Policy{MaxRetries: 5} is usable.
type Policy struct {
	// MaxRetries is the number of retries after the first attempt; 0 (or
	// less) turns retries off.
	MaxRetries int
	// BaseDelay is the wait before the first retry; each later wait doubles.
	BaseDelay time.Duration
	// MaxDelay caps every wait, including one asked for by Retry-After.
	MaxDelay time.Duration
	// Jitter returns a value in [0,1) that shortens a backoff wait by up to
	// 25%, so clients that failed together do not retry together. Nil means
	// math/rand/v2. Values outside [0,1) are clamped.
	Jitter func() float64
}

// DefaultPolicy returns 2 retries, waits from 0.5s doubling to 8s, random jitter.
func DefaultPolicy() Policy {
	return Policy{MaxRetries: DefaultMaxRetries, BaseDelay: DefaultBaseDelay, MaxDelay: DefaultMaxDelay}
}

// Decision is the outcome of Classify. Reason is short, meant for debug logs
// and error messages; it leaves out the request URL that the *url.Error from
// http.Client carries, so pass that error to Classify unwrapped.
type Decision struct {
	Retry  bool
	Reason string
}

// Classify decides whether attempt (1-based) may be followed by another.
//
// When err is non-nil it decides alone and resp is ignored; pass the error
// from reading the response body here too, so a truncated or reset body is
// retried for a read and never for a write. Otherwise resp's status decides.
//
//   - Errors from a done context (context.Canceled, context.DeadlineExceeded)
//     are never retried. net/http's own per-attempt timeouts
//     (Transport.ResponseHeaderTimeout, Client.Timeout) are transport errors,
//     even though they match context.DeadlineExceeded with errors.Is.
//   - Certificate errors and talking TLS to a plain-HTTP server are never
//     retried: they fail the same way every time.
//   - Any other error is retried for a read; for a write only if NeverSent.
//   - Statuses 408, 429, 500, 502, 503 and 504 are retried for a read and
//     never for a write: the server received it.
//
// A 401 is not retried here; the one clock-skew retry is ClockSkew's job and
// does not count against MaxRetries.
func (p Policy) Classify(method string, attempt int, resp *http.Response, err error) Decision {
	d := classify(method, resp, err)
	if !d.Retry {
		return d
	}
	switch n := max(p.MaxRetries, 0); {
	case n == 0:
		return Decision{Reason: d.Reason + "; retries disabled"}
	case attempt > n:
		return Decision{Reason: fmt.Sprintf("%s; gave up after %d retries", d.Reason, n)}
	}
	return d
}

func classify(method string, resp *http.Response, err error) Decision {
	if err != nil {
		msg := describe(err)
		switch {
		case contextDone(err):
			return Decision{Reason: "context done: " + msg}
		case permanent(err):
			return Decision{Reason: "not retryable: " + msg}
		case NeverSent(err):
			return Decision{Retry: true, Reason: "connection error: " + msg}
		case isRead(method):
			return Decision{Retry: true, Reason: "connection error: " + msg}
		default:
			return Decision{Reason: "write not retried: outcome unknown: " + msg}
		}
	}
	if resp == nil {
		return Decision{Reason: "no response and no error"}
	}
	status := fmt.Sprintf("status %d", resp.StatusCode)
	switch {
	case !retryableStatus(resp.StatusCode):
		return Decision{Reason: status}
	case isRead(method):
		return Decision{Retry: true, Reason: status}
	default:
		return Decision{Reason: status + ": write not retried: the server received it"}
	}
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isRead reports whether repeating the request cannot change anything on the
// server. net/http treats an empty method as GET. PUT and DELETE are
// idempotent by RFC 9110, but this API gives no such promise.
func isRead(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead:
		return true
	}
	return false
}

// describe drops the *url.Error wrapper that http.Client adds, whose text
// carries the full request URL.
func describe(err error) string {
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}
