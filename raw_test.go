package procuret

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

// Raw sends the request the caller describes, signed like every operation, and hands back
// the server's bytes untouched; a status that is not 2xx is an *Error with the response.
func TestRaw(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var got struct {
		method, path, query, ctype, session, signature, body string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		got.method, got.path, got.query, got.ctype = r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type")
		got.session, got.signature, got.body = r.Header.Get("x-procuret-session-id"), r.Header.Get("x-procuret-signature"), string(b)
		w.Header().Set("X-Request-Id", "req-42")
		if r.URL.Path == "/api/missing" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error-information": "no such thing", "response-code": 404}`)
			return
		}
		io.WriteString(w, `{"b": 1,   "a": [1.50, "x"], "unknown": null}`)
	}))
	t.Cleanup(srv.Close)
	creds, err := auth.NewCredentials(7, "sekrit-key-0123456789", auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithCredentials(creds),
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}

	resp, err := c.Raw(context.Background(), "GET", "/instalment-link/list", url.Values{"limit": {"5"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != `{"b": 1,   "a": [1.50, "x"], "unknown": null}` || resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") != "req-42" {
		t.Errorf("Raw = %d %q", resp.StatusCode, resp.Body)
	}
	if got.method != "GET" || got.path != "/api/instalment-link/list" || got.query != "limit=5" || got.session != "7" || got.signature == "" || got.body != "" {
		t.Errorf("the server got %+v", got)
	}
	if l := logs.String(); !strings.Contains(l, "method=GET path=/api/instalment-link/list attempt=1 status=200") || !strings.Contains(l, "request_id=req-42") {
		t.Errorf("log:\n%s", l)
	}

	_, err = c.Raw(context.Background(), "POST", "/instalment-link/open", nil, []byte(`{"public_id":"il_1"}`))
	if err != nil || got.method != "POST" || got.body != `{"public_id":"il_1"}` || got.ctype != "application/json" {
		t.Errorf("POST: %v, server got %+v", err, got)
	}

	resp, err = c.Raw(context.Background(), "GET", "/missing", nil, nil)
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, ErrNotFound) || pe.Message != "no such thing" || resp == nil || resp.StatusCode != 404 || !strings.Contains(string(resp.Body), "no such thing") {
		t.Errorf("404: %v, %+v", err, resp)
	}

	before := calls.Load()
	for _, tc := range []struct{ method, path string }{
		{"get", "/x"}, {"GET", "x"}, {"GET", "/x?y=1"}, {"GET", "/a/../session"}, {"GET", "/a\x1b[2J"}, {"G ET", "/x"},
	} {
		if _, err := c.Raw(context.Background(), tc.method, tc.path, nil, nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Raw(%q, %q): %v, want ErrInvalidInput", tc.method, tc.path, err)
		}
	}
	if calls.Load() != before {
		t.Error("a refused call was sent")
	}
	if strings.Contains(logs.String(), creds.APIKey()) {
		t.Error("the log holds the API key")
	}
}
