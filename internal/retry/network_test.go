package retry

// These tests make net/http produce its real errors, so the classification is
// checked against what the client will see, not against hand-built values.

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// client returns a client that ignores proxy settings from the environment.
func client(tr *http.Transport) *http.Client {
	if tr == nil {
		tr = &http.Transport{}
	}
	return &http.Client{Transport: tr}
}

// send sends method to target, with a small body for writes, and returns the
// error, failing the test if there is none.
func send(t *testing.T, c *http.Client, ctx context.Context, method, target string) error {
	t.Helper()
	var body io.Reader
	if method != http.MethodGet {
		body = strings.NewReader(`{"amount":"10.00"}`)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("%s %s: got status %d, want an error", method, target, resp.StatusCode)
	}
	return err
}

// expect checks NeverSent(err) and whether method may be retried after err.
func expect(t *testing.T, method string, err error, neverSent, retry bool) {
	t.Helper()
	if got := NeverSent(err); got != neverSent {
		t.Errorf("NeverSent(%v) = %v, want %v", err, got, neverSent)
	}
	if d := DefaultPolicy().Classify(method, 1, nil, err); d.Retry != retry {
		t.Errorf("Classify(%s, %v) = %+v, want Retry=%v", method, err, d, retry)
	}
}

func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// blockingServer answers nothing until the client gives up or the test ends.
func blockingServer(t *testing.T) *httptest.Server {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: Close waits for handlers
	return srv
}

func TestRealNeverSent(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
		t.Run(method+"/connection refused", func(t *testing.T) {
			err := send(t, client(nil), context.Background(), method, "http://"+closedAddr(t)+"/v1/x")
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Fatalf("got %v, want connection refused", err)
			}
			expect(t, method, err, true, true)
			if d := DefaultPolicy().Classify(method, 1, nil, err); !strings.HasPrefix(d.Reason, "connection error: dial tcp 127.0.0.1:") {
				t.Errorf("Reason = %q", d.Reason)
			}
		})
		t.Run(method+"/dns failure", func(t *testing.T) {
			resolver := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
				return nil, errors.New("no DNS in tests")
			}}
			dialer := &net.Dialer{Resolver: resolver}
			err := send(t, client(&http.Transport{DialContext: dialer.DialContext}), context.Background(), method, "http://api.procuret.invalid/v1/x")
			var dns *net.DNSError
			if !errors.As(err, &dns) {
				t.Fatalf("got %v, want a DNS error", err)
			}
			expect(t, method, err, true, true)
		})
		t.Run(method+"/proxy refused", func(t *testing.T) {
			proxy, _ := url.Parse("http://" + closedAddr(t))
			err := send(t, client(&http.Transport{Proxy: http.ProxyURL(proxy)}), context.Background(), method, "http://api.procuret.invalid/v1/x")
			if !strings.Contains(err.Error(), "proxyconnect") {
				t.Fatalf("got %v, want a proxyconnect error", err)
			}
			expect(t, method, err, true, true)
		})
		t.Run(method+"/tls handshake timeout", func(t *testing.T) {
			// Accepts TCP but never answers the ClientHello.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			t.Cleanup(func() { close(done); ln.Close() })
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					go func() { <-done; c.Close() }()
				}
			}()
			err = send(t, client(&http.Transport{TLSHandshakeTimeout: 50 * time.Millisecond}), context.Background(), method, "https://"+ln.Addr().String()+"/v1/x")
			if !strings.Contains(err.Error(), "TLS handshake timeout") {
				t.Fatalf("got %v, want a TLS handshake timeout", err)
			}
			expect(t, method, err, true, true)
		})
	}
}

func TestRealPermanent(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshakes are the point
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	plainSrv := httptest.NewServer(http.NotFoundHandler())
	defer plainSrv.Close()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method+"/untrusted certificate", func(t *testing.T) {
			err := send(t, client(nil), context.Background(), method, tlsSrv.URL)
			var cve *tls.CertificateVerificationError
			if !errors.As(err, &cve) {
				t.Fatalf("got %v, want a certificate error", err)
			}
			expect(t, method, err, true, false)
		})
		t.Run(method+"/https to a non-TLS, non-HTTP server", func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			go func() {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
				io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n")
				io.Copy(io.Discard, c)
			}()
			err = send(t, client(nil), context.Background(), method, "https://"+ln.Addr().String())
			var rec tls.RecordHeaderError
			if !errors.As(err, &rec) || rec.Conn == nil {
				t.Fatalf("got %v, want a first-record RecordHeaderError", err)
			}
			expect(t, method, err, true, false)
		})
		t.Run(method+"/https to plain server", func(t *testing.T) {
			err := send(t, client(nil), context.Background(), method, strings.Replace(plainSrv.URL, "http:", "https:", 1))
			if !errors.Is(err, http.ErrSchemeMismatch) {
				t.Fatalf("got %v, want ErrSchemeMismatch", err)
			}
			expect(t, method, err, true, false)
		})
	}
}

func TestRealReachedServer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reset bool // RST instead of FIN
	}{{"reset after reading request", true}, {"closed after reading request", false}} {
		var got atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body)
			got.Add(1)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			if tc.reset {
				conn.(*net.TCPConn).SetLinger(0)
			}
			conn.Close()
		}))
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			t.Run(method+"/"+tc.name, func(t *testing.T) {
				before := got.Load()
				err := send(t, client(nil), context.Background(), method, srv.URL+"/v1/x")
				if got.Load() == before {
					t.Fatalf("server did not receive the request; err = %v", err)
				}
				if tc.reset && !errors.Is(err, syscall.ECONNRESET) {
					t.Fatalf("got %v, want connection reset", err)
				}
				if !tc.reset && !errors.Is(err, io.EOF) {
					t.Fatalf("got %v, want EOF", err)
				}
				expect(t, method, err, false, method == http.MethodGet)
			})
		}
		srv.Close()
	}
}

func TestRealTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"id":"ab`)
	}))
	defer srv.Close()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, _ := http.NewRequest(method, srv.URL, nil)
		resp, err := client(nil).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("%s: reading body: got %v, want unexpected EOF", method, err)
		}
		expect(t, method, err, false, method == http.MethodGet)
		if d := DefaultPolicy().Classify(method, 1, resp, err); d.Retry != (method == http.MethodGet) {
			t.Errorf("Classify(%s, 200, %v) = %+v", method, err, d)
		}
	}
}

func TestRealTimeouts(t *testing.T) {
	srv := blockingServer(t)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method+"/ResponseHeaderTimeout", func(t *testing.T) {
			err := send(t, client(&http.Transport{ResponseHeaderTimeout: 50 * time.Millisecond}), context.Background(), method, srv.URL)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v; the test relies on net/http's timeout matching DeadlineExceeded", err)
			}
			expect(t, method, err, false, method == http.MethodGet)
		})
		t.Run(method+"/Client.Timeout", func(t *testing.T) {
			c := client(nil)
			c.Timeout = 50 * time.Millisecond
			err := send(t, c, context.Background(), method, srv.URL)
			if !strings.Contains(err.Error(), "Client.Timeout") {
				t.Fatalf("got %v, want a Client.Timeout error", err)
			}
			expect(t, method, err, false, method == http.MethodGet)
		})
		t.Run(method+"/caller deadline", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			err := send(t, client(nil), ctx, method, srv.URL)
			expect(t, method, err, false, false)
		})
		t.Run(method+"/caller cancel", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			err := send(t, client(nil), ctx, method, srv.URL)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			expect(t, method, err, false, false)
		})
		t.Run(method+"/cancelled before dialing", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := send(t, client(nil), ctx, method, "http://"+closedAddr(t))
			if d := DefaultPolicy().Classify(method, 1, nil, err); d.Retry {
				t.Fatalf("Classify(%s, %v) = %+v, want no retry", method, err, d)
			}
		})
	}
}
