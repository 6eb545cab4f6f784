package procuret

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// RawResponse is what Client.Raw got back: the status, the headers and the
// body exactly as the server sent them (at most MaxResponseBytes of it).
type RawResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Raw calls any endpoint of the API, for what the typed methods do not cover
// (the procuret tool's "api" command is built on it): method and path below
// the API root (e.g. "GET", "/instalment-link/list"), query parameters, and
// body, sent as JSON when it is not nil. The request goes through the
// client's transport like every operation's: signed with the client's
// credentials (if any), retried as reads and writes are, bounded by the
// client's timeout, logged by WithLogger.
//
// A 2xx answer returns its RawResponse and nil. Any other status returns the
// RawResponse too, with an *Error. A network failure returns no response; for
// a write that may have arrived, the error is an *UnknownOutcomeError. A
// method that is not an upper-case word, or a path that does not start with
// "/" or holds a query, fragment, "." or ".." segment or control character,
// is a *ValidationError and nothing is sent.
func (c *Client) Raw(ctx context.Context, method, path string, query url.Values, body []byte) (*RawResponse, error) {
	op := "call " + method + " " + path
	v := checker{op: op}
	if method == "" || strings.Trim(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		v.fail("method", "must be an upper-case HTTP method such as GET or POST (got %q)", clip(method))
	}
	switch {
	case !strings.HasPrefix(path, "/"):
		v.fail("path", "must start with / (got %q)", clip(path))
	case strings.ContainsAny(path, "?#"):
		v.fail("path", "must not hold a query or fragment: pass the query separately (got %q)", clip(path))
	case strings.IndexFunc(path, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		v.fail("path", "holds a control character")
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			v.fail("path", "must not hold . or .. segments (got %q)", clip(path))
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	u := *c.endpoint
	u.Path = c.endpoint.Path + path
	u.RawPath = ""
	u.RawQuery = query.Encode()
	secrets := []string{c.creds.APIKey()}
	// The client's own sender: it carries the clock correction it has learnt, and its age.
	resp, info, cancel, err := c.exchange(ctx, op, nil, func() []string { return secrets }, func(ctx context.Context) (*http.Response, error) {
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
		if err != nil {
			return nil, err
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return c.sender.Do(req)
	})
	if err != nil {
		return nil, err
	}
	defer cancel()
	defer resp.Body.Close()
	attempts := max(info.Attempts, 1)
	write := isWrite(method)
	data, readErr := readResponse(resp.Body)
	if len(data) > MaxResponseBytes {
		data = data[:MaxResponseBytes]
		if readErr == nil {
			readErr = fmt.Errorf("the body exceeds %d MiB", MaxResponseBytes>>20)
		}
	}
	raw := &RawResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return raw, newError(op, resp, data, secrets, attempts, c.tr.Now())
	}
	if readErr != nil {
		readErr = scrub(readErr, secrets)
		if write {
			return nil, &UnknownOutcomeError{Operation: op, Attempts: attempts, start: info.Start,
				Cause: fmt.Errorf("reading the response (status %d): %w", resp.StatusCode, readErr)}
		}
		return nil, fmt.Errorf("procuret: %s: reading the response (status %d): %w", op, resp.StatusCode, readErr)
	}
	return raw, nil
}
