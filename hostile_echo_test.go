package procuret

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/testutil"
)

// rawServer answers every request on a 127.0.0.1 port with the raw bytes
// respond returns for it (its body already read), then closes the
// connection. It returns the server's address.
func rawServer(t *testing.T, respond func(r *http.Request, body []byte) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			func() {
				defer conn.Close()
				r, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				body, _ := io.ReadAll(r.Body)
				io.WriteString(conn, respond(r, body))
			}()
		}
	}()
	return ln.Addr().String()
}

// spellings are the ways a server may echo a secret: literal, URL-encoded
// (query and path forms, either case of hex) and JSON-escaped (with "\/",
// with every non-ASCII character as \uXXXX).
func spellings(secret string) map[string]string {
	j, _ := json.Marshal(secret)
	js := string(j[1 : len(j)-1])
	var uni strings.Builder
	for _, r := range secret {
		if r > 0x7e || r == '/' {
			fmt.Fprintf(&uni, `\u%04x`, r)
			continue
		}
		uni.WriteRune(r)
	}
	return map[string]string{
		"literal":      secret,
		"QueryEscape":  url.QueryEscape(secret),
		"PathEscape":   url.PathEscape(secret),
		"lower hex":    lowerPercentHex(url.PathEscape(secret)),
		"JSON":         js,
		"JSON \\/":     strings.ReplaceAll(js, "/", `\/`),
		"JSON \\uXXXX": uni.String(),
	}
}

// lowerPercentHex lowers the hex digits of every %XX in s.
func lowerPercentHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = byte(unicode.ToLower(rune(b[i+1]))), byte(unicode.ToLower(rune(b[i+2])))
		}
	}
	return string(b)
}

// leaks returns the spellings of secret (and of the echo) found in text.
func leaks(text, secret, echoed string) []string {
	var found []string
	forms := spellings(secret)
	forms["echoed"] = echoed
	q := strconv.Quote(echoed)
	forms["echoed, Go-quoted"] = q[1 : len(q)-1]
	for name, f := range forms {
		if strings.Contains(text, f) {
			found = append(found, name)
		}
	}
	return found
}

// errorTexts is every text err yields: its message in every fmt verb, and
// the message of everything it wraps.
func errorTexts(err error) []string {
	texts := []string{fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err)}
	queue := []error{err}
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		if e == nil {
			continue
		}
		texts = append(texts, e.Error(), fmt.Sprintf("%#v", e))
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			queue = append(queue, u.Unwrap())
		case interface{ Unwrap() []error }:
			queue = append(queue, u.Unwrap()...)
		}
	}
	return texts
}

// Issue 11, finding 2: a server that put the API key it received (or a
// login's password or code) into the status line, or into a header line
// without a colon, got it quoted back by net/http's parse error, in the
// returned error and in the client's log. Every error text and log line now
// passes the one redaction, in every spelling.
func TestSecretsEchoedIntoMalformedResponses(t *testing.T) {
	const (
		password = `Pä55/w+rd"&<1`
		code     = "731946"
	)
	type target struct {
		name   string
		secret func(r *http.Request, body []byte) string // what the server takes from the request
		value  string                                    // the same, as the test knows it
		call   func(c *Client) error
		creds  bool
	}
	loginBody := func(field string) func(r *http.Request, body []byte) string {
		return func(_ *http.Request, body []byte) string {
			var m map[string]any
			json.Unmarshal(body, &m)
			s, _ := m[field].(string)
			return s
		}
	}
	login := func(c *Client) error {
		_, err := c.CreateSession(t.Context(), LoginParams{Email: "a@example.com", Password: password, Perspective: PerspectiveSupplier, Code: code})
		return err
	}
	targets := []target{
		{"api key", func(r *http.Request, _ []byte) string { return r.Header.Get("X-Procuret-Api-Key") }, testAPIKey,
			func(c *Client) error { _, err := c.GetSession(t.Context()); return err }, true},
		// The calls that read their answer outside invoke: the raw call and the PDF stream.
		{"api key, raw call", func(r *http.Request, _ []byte) string { return r.Header.Get("X-Procuret-Api-Key") }, testAPIKey,
			func(c *Client) error {
				// A raw call returns any well-formed answer as it came (a header named after
				// the key is the server's own business): then only the logs are checked.
				r, err := c.Raw(t.Context(), http.MethodGet, "/session", nil, nil)
				if err == nil {
					return fmt.Errorf("answered %d", r.StatusCode)
				}
				return err
			}, true},
		{"api key, PDF", func(r *http.Request, _ []byte) string { return r.Header.Get("X-Procuret-Api-Key") }, testAPIKey,
			func(c *Client) error {
				d, err := c.GetInstalmentSchedulePDF(t.Context(), "ps_demo1")
				if err == nil {
					d.Close()
				}
				return err
			}, true},
		{"password", loginBody("secret"), password, login, false},
		{"code", loginBody("code"), code, login, false},
	}
	where := map[string]func(echo string) string{
		"status line":        func(echo string) string { return "HTTP/1.1 " + echo + " OK\r\nContent-Length: 0\r\n\r\n" },
		"reason phrase":      func(echo string) string { return "HTTP/1.1 2x0 " + echo + "\r\nContent-Length: 0\r\n\r\n" },
		"header without ':'": func(echo string) string { return "HTTP/1.1 200 OK\r\n" + echo + "\r\nContent-Length: 0\r\n\r\n" },
		"header name":        func(echo string) string { return "HTTP/1.1 200 OK\r\nX-" + echo + " : v\r\nContent-Length: 0\r\n\r\n" },
		"no HTTP at all":     func(echo string) string { return echo + "\r\n\r\n" },
		"chunk size": func(echo string) string {
			return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + echo + "\r\n"
		},
		"content length": func(echo string) string { return "HTTP/1.1 200 OK\r\nContent-Length: " + echo + "\r\n\r\n" },
		"content length, two": func(echo string) string {
			return "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: " + echo + "\r\n\r\n"
		},
	}
	for _, tg := range targets {
		for spelling := range spellings(tg.value) {
			for place, response := range where {
				var logs testutil.SyncBuffer
				logger := slog.New(multiHandler{
					slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
					slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
				})
				var echoed string
				addr := rawServer(t, func(r *http.Request, body []byte) string {
					got := tg.secret(r, body)
					if got != tg.value {
						return "HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n" // the test is broken
					}
					// The spelling the test chose, of what the server got.
					echoed = spellings(got)[spelling]
					return response(echoed)
				})
				opts := []Option{WithBaseURL("http://" + addr + "/api"), WithLogger(logger), WithMaxRetries(1), WithSleeper(noSleep)}
				if tg.creds {
					opts = append(opts, WithCredentials(testCredentials(t, auth.ShortLived)))
				}
				c, err := NewClient(opts...)
				if err != nil {
					t.Fatal(err)
				}
				err = tg.call(c)
				if err == nil {
					t.Errorf("%s, %s, %s: no error", tg.name, spelling, place)
					continue
				}
				if echoed == "" {
					t.Fatalf("%s, %s, %s: the server never echoed anything: %v", tg.name, spelling, place, err)
				}
				for _, text := range errorTexts(err) {
					if found := leaks(text, tg.value, echoed); len(found) > 0 {
						t.Errorf("%s echoed (%s) into the %s: the error holds it (%v): %s", tg.name, spelling, place, found, text)
						break
					}
				}
				for _, line := range strings.Split(logs.String(), "\n") {
					if found := leaks(line, tg.value, echoed); len(found) > 0 {
						t.Errorf("%s echoed (%s) into the %s: a log line holds it (%v): %s", tg.name, spelling, place, found, line)
						break
					}
				}
			}
		}
	}
}

// The redaction keeps what a caller branches on: a network error is still a
// network error after its text lost a secret.
func TestRedactedNetworkErrorKeepsItsKind(t *testing.T) {
	addr := rawServer(t, func(r *http.Request, _ []byte) string {
		return "HTTP/1.1 " + r.Header.Get("X-Procuret-Api-Key") + " OK\r\n\r\n"
	})
	c, err := NewClient(WithBaseURL("http://"+addr+"/api"), WithCredentials(testCredentials(t, auth.ShortLived)), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSession(t.Context())
	var e *Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "malformed HTTP status code \"[REDACTED]\"") {
		t.Fatalf("err = %v, want a network error quoting [REDACTED]", err)
	}
}

// Issue 11, finding 7: echoed secrets in other spellings (URL-encoded,
// JSON-escaped) reached (*Error).Excerpt and Message; only literal copies
// were redacted. The API key of a short-lived session and the signature of a
// long-lived one, echoed in any spelling into a JSON error, an HTML error
// page or a 2xx body that does not decode, reach neither.
func TestEchoedSecretsNeverInExcerptOrMessage(t *testing.T) {
	bodies := map[string]struct {
		status int
		body   string
	}{
		"JSON error":     {401, `{"error-information": "bad credential %s", "response-code": 401}`},
		"escaped JSON":   {401, `{"error-information": "bad credential \"%s\"", "response-code": 401}`},
		"HTML page":      {502, `<html><body><p>Upstream rejected %s</p></body></html>`},
		"broken 2xx":     {200, `{"public_id": "il_1", "echo": "%s"`},
		"wrong type 2xx": {200, `["%s"]`},
	}
	for _, lc := range []auth.Lifecycle{auth.ShortLived, auth.LongLived} {
		probe := make(map[string]string) // spelling name → spelled secret, of the first request
		for kind, b := range bodies {
			for spelling := range spellings(testAPIKey) {
				c, mux, _ := setup(t, WithCredentials(testCredentials(t, lc)), WithMaxRetries(0))
				var secret string
				mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
					secret = r.Header.Get("X-Procuret-Api-Key")
					if lc == auth.LongLived {
						secret = r.Header.Get("X-Procuret-Signature")
					}
					probe[spelling] = spellings(secret)[spelling]
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(b.status)
					fmt.Fprint(w, strings.ReplaceAll(b.body, "%s", probe[spelling]))
				})
				_, err := c.GetInstalmentLink(t.Context(), "il_1")
				var e *Error
				if !errors.As(err, &e) || secret == "" {
					t.Fatalf("%v %s %s: err = %v", lc, kind, spelling, err)
				}
				for _, text := range append(errorTexts(err), e.Message, e.Excerpt) {
					if found := leaks(text, secret, probe[spelling]); len(found) > 0 {
						t.Errorf("%v, %s, %s: the error holds the secret (%v): %s", lc, kind, spelling, found, text)
						break
					}
				}
				if !strings.Contains(e.Message+e.Excerpt, "[REDACTED]") {
					t.Errorf("%v, %s, %s: no redaction shown in %q / %q", lc, kind, spelling, e.Message, e.Excerpt)
				}
			}
		}
	}
}
