package retry

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func status(code int) *http.Response {
	return &http.Response{StatusCode: code, Header: http.Header{}}
}

func TestClassifyStatus(t *testing.T) {
	retryable := map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	codes := []int{200, 201, 204, 301, 304, 400, 401, 403, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504}
	methods := []string{"GET", "HEAD", "", "POST", "PUT", "PATCH", "DELETE", "get"}
	p := DefaultPolicy()
	for _, code := range codes {
		for _, m := range methods {
			read := m == "GET" || m == "HEAD" || m == ""
			want := read && retryable[code]
			t.Run(fmt.Sprintf("%s_%d", m, code), func(t *testing.T) {
				d := p.Classify(m, 1, status(code), nil)
				if d.Retry != want {
					t.Fatalf("Classify(%q, 1, %d, nil) = %+v, want Retry=%v", m, code, d, want)
				}
				if !strings.HasPrefix(d.Reason, fmt.Sprintf("status %d", code)) {
					t.Errorf("Reason = %q, want it to start with the status", d.Reason)
				}
				if !read && retryable[code] && !strings.Contains(d.Reason, "write not retried") {
					t.Errorf("Reason = %q, want it to say the write is not retried", d.Reason)
				}
			})
		}
	}
}

func TestClassifyAttempts(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	for _, tc := range []struct {
		name       string
		maxRetries int
		attempt    int
		want       bool
	}{
		{"first of 2", 2, 1, true},
		{"second of 2", 2, 2, true},
		{"third of 2", 2, 3, false},
		{"far beyond", 2, 100, false},
		{"attempt 0 treated as first", 2, 0, true},
		{"disabled", 0, 1, false},
		{"negative disables", -1, 1, false},
		{"five", 5, 5, true},
		{"five exhausted", 5, 6, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{MaxRetries: tc.maxRetries}
			for _, c := range []struct {
				method string
				resp   *http.Response
				err    error
			}{{"GET", status(503), nil}, {"GET", nil, refused}, {"POST", nil, refused}} {
				d := p.Classify(c.method, tc.attempt, c.resp, c.err)
				if d.Retry != tc.want {
					t.Errorf("%s attempt %d (max %d) = %+v, want Retry=%v", c.method, tc.attempt, tc.maxRetries, d, tc.want)
				}
				if !tc.want && !strings.Contains(d.Reason, "retries") {
					t.Errorf("Reason = %q, want it to say why retries stopped", d.Reason)
				}
				if tc.maxRetries <= 0 && !strings.HasSuffix(d.Reason, "; retries disabled") {
					t.Errorf("Reason = %q, want it to say retries are disabled", d.Reason)
				}
			}
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("read: connection reset by peer")}
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://api.example/v1?secret=1", Err: err} }
	for _, tc := range []struct {
		name           string
		err            error
		get, post      bool
		reasonContains string
	}{
		{"dial", wrap(dial), true, true, "connection error: dial tcp"},
		{"dns", wrap(&net.DNSError{Err: "no such host", Name: "api.example"}), true, true, "no such host"},
		{"proxyconnect", wrap(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: dial}), true, true, "proxyconnect"},
		{"socks", wrap(&net.OpError{Op: "socks connect", Net: "tcp", Err: errors.New("x")}), true, true, "socks"},
		{"reset", wrap(reset), true, false, "reset"},
		{"eof", wrap(io.EOF), true, false, "EOF"},
		{"truncated body", io.ErrUnexpectedEOF, true, false, "unexpected EOF"},
		{"canceled", wrap(context.Canceled), false, false, "context done"},
		{"deadline", wrap(context.DeadlineExceeded), false, false, "context done"},
		{"deadline bare", context.DeadlineExceeded, false, false, "context done"},
		{"deadline joined", errors.Join(errors.New("x"), context.DeadlineExceeded), false, false, "context done"},
		{"canceled while dialing", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: context.Canceled}), false, false, "context done"},
		{"scheme mismatch", wrap(http.ErrSchemeMismatch), false, false, "not retryable"},
		// crypto/tls leaves Conn nil for record errors that may come after
		// the request was written.
		{"later bad TLS record", wrap(tls.RecordHeaderError{Msg: "oversized record received with length 20000"}), true, false, "oversized"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			for _, c := range []struct {
				method string
				want   bool
			}{{"GET", tc.get}, {"POST", tc.post}, {"PUT", tc.post}} {
				d := p.Classify(c.method, 1, nil, tc.err)
				if d.Retry != c.want {
					t.Errorf("Classify(%s, %v) = %+v, want Retry=%v", c.method, tc.err, d, c.want)
				}
				if !strings.Contains(d.Reason, tc.reasonContains) {
					t.Errorf("Reason = %q, want it to contain %q", d.Reason, tc.reasonContains)
				}
				if strings.Contains(d.Reason, "secret") {
					t.Errorf("Reason = %q leaks the request URL", d.Reason)
				}
			}
		})
	}
}

func TestClassifyErrorBeatsResponse(t *testing.T) {
	// A body read error after a 200 on a write: the write reached the server.
	d := DefaultPolicy().Classify("POST", 1, status(200), io.ErrUnexpectedEOF)
	if d.Retry {
		t.Fatalf("POST with body read error = %+v, want no retry", d)
	}
	d = DefaultPolicy().Classify("GET", 1, status(200), io.ErrUnexpectedEOF)
	if !d.Retry {
		t.Fatalf("GET with body read error = %+v, want retry", d)
	}
}

func TestClassifyNothing(t *testing.T) {
	if d := DefaultPolicy().Classify("GET", 1, nil, nil); d.Retry || d.Reason == "" {
		t.Fatalf("Classify with neither response nor error = %+v, want no retry and a reason", d)
	}
}
