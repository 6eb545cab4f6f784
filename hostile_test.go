package procuret

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
)

// A Content-Length of math.MaxInt64 is valid HTTP; sizing the read buffer
// from it must not overflow into a panic.
func TestHugeContentLength(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9223372036854775807\r\n\r\n{}")
			}()
		}
	}()
	c, err := NewClient(WithBaseURL("http://"+ln.Addr().String()+"/api"), WithMaxRetries(0), WithSleeper(noSleep))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetInstalmentLink(t.Context(), "il_abc")
	if err == nil {
		t.Fatal("a body cut far short of its Content-Length decoded without error")
	}
}

// A server that echoes the request's signature in an error body must not get
// it into the error: it is valid for its path for up to 30 minutes.
func TestEchoedSignatureRedacted(t *testing.T) {
	c, mux, _ := setup(t, WithMaxRetries(0))
	var sent string
	mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) {
		sent = r.Header.Get("X-Procuret-Signature")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "bad signature %s for %s", sent, r.URL.Path) // not JSON: quoted as an excerpt
	})
	_, err := c.GetSession(t.Context())
	if err == nil || sent == "" {
		t.Fatalf("err = %v, signature sent %q", err, sent)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), sent) {
		t.Errorf("the echoed signature %q is in the error: %v", sent, err)
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("error %q shows no redaction", err)
	}
}

// A password echoed in a JSON-escaped form cannot be found by replacing the
// literal, so an error of a call that carried one quotes nothing of the body.
func TestEscapedPasswordNotQuoted(t *testing.T) {
	c, mux, _ := setupAnon(t, WithMaxRetries(0))
	const password = `päss"word1`
	mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"detail": "wrong secret p\u00e4ss\"word1"}`)
	})
	_, err := c.CreateSession(t.Context(), LoginParams{Email: "a@example.com", Password: password,
		Perspective: PerspectiveSupplier, Code: "123456"})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	for _, s := range []string{"word1", `\u00e4ss`} {
		if strings.Contains(e.Error(), s) || strings.Contains(e.Excerpt, s) {
			t.Errorf("error quotes the echoed password (%q): %v", s, e)
		}
	}
	if e.StatusCode != http.StatusBadRequest || !errors.Is(err, ErrBadRequest) {
		t.Errorf("status %d, kind %v", e.StatusCode, e.Kind)
	}
}

// Option errors never quote a password carried in the endpoint URL.
func TestEndpointPasswordNeverQuoted(t *testing.T) {
	for _, raw := range []string{
		"ftp://bob:hunter2@host/api",
		"https://bob:hunter2@host:99x/api",
		"https://bob:hunter2@host/api",
		"https://bob:hunter2@/api",
		"https://bob:hunter2@host/api?x=1",
	} {
		_, err := NewClient(WithBaseURL(raw))
		if err == nil {
			t.Errorf("WithBaseURL(%q) accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("WithBaseURL(%q): error quotes the password: %v", raw, err)
		}
	}
}
