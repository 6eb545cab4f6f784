package procuret

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

// elsewhere is a server on another 127.0.0.1 port that records what reaches
// it and answers a valid link.
type elsewhere struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []*http.Request
	bodies []string
}

func newElsewhere(t *testing.T, tls bool) *elsewhere {
	e := &elsewhere{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.got = append(e.got, r)
		e.bodies = append(e.bodies, string(b))
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, linkJSON("il_1", 0, 1, 1, 0))
	})
	if tls {
		e.srv = httptest.NewTLSServer(h)
	} else {
		e.srv = httptest.NewServer(h)
	}
	t.Cleanup(e.srv.Close)
	return e
}

// redirector answers every request with status and a Location on target.
func redirector(t *testing.T, status int, target string, tls bool) *httptest.Server {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target+r.URL.Path, status)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Issue 11, finding 10: a caller's http.Client that follows redirects
// forwarded x-procuret-api-key, the signature and the forwarded agent to
// another host, or from https to http (net/http strips only Authorization
// and Cookie). The client's copy of it never does, and never re-sends a
// body (a login's password) there.
func TestRedirectNeverCarriesCredentialsAway(t *testing.T) {
	for _, tc := range []struct {
		name           string
		status         int
		fromTLS, toTLS bool
	}{
		{"302 to another port", http.StatusFound, false, false},
		{"307 to another port", http.StatusTemporaryRedirect, false, false},
		{"308 to another port", http.StatusPermanentRedirect, false, false},
		{"301 https to http", http.StatusMovedPermanently, true, false},
		{"307 https to http", http.StatusTemporaryRedirect, true, false},
		{"302 https to another https port", http.StatusFound, true, true},
	} {
		for _, lc := range []auth.Lifecycle{auth.ShortLived, auth.LongLived} {
			to := newElsewhere(t, tc.toTLS)
			from := redirector(t, tc.status, to.srv.URL, tc.fromTLS)
			hc := &http.Client{} // follows redirects, as a caller's client may
			if tc.fromTLS || tc.toTLS {
				// Trust both test certificates.
				tr := from.Client().Transport.(*http.Transport).Clone()
				if tc.toTLS {
					tr.TLSClientConfig.RootCAs.AddCert(to.srv.Certificate())
				}
				hc.Transport = tr
			}
			creds := testCredentials(t, lc, auth.ActingFor(7205759403792794))
			c, err := NewClient(WithBaseURL(from.URL+"/api"), WithHTTPClient(hc), WithCredentials(creds), WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetInstalmentLink(t.Context(), "il_1"); err != nil {
				t.Errorf("%s, %v: GetInstalmentLink through the redirect: %v", tc.name, lc, err)
			}
			_, loginErr := c.Authenticated(auth.Credentials{}).CreateSession(t.Context(),
				LoginParams{Email: "a@example.com", Password: "hunter2-password", Perspective: PerspectiveSupplier, Code: "123456"})

			to.mu.Lock()
			if len(to.got) == 0 {
				t.Errorf("%s, %v: the redirect was never followed", tc.name, lc)
			}
			for i, r := range to.got {
				for k, v := range r.Header {
					if strings.HasPrefix(strings.ToLower(k), "x-procuret-") || k == "Referer" {
						t.Errorf("%s, %v: %s reached another origin (%s: %v)", tc.name, lc, r.URL, k, v)
					}
				}
				if strings.Contains(to.bodies[i], "hunter2") {
					t.Errorf("%s, %v: the login's password reached another origin", tc.name, lc)
				}
			}
			to.mu.Unlock()
			if tc.status == http.StatusTemporaryRedirect || tc.status == http.StatusPermanentRedirect {
				if !errors.Is(loginErr, ErrRedirectWithBody) {
					t.Errorf("%s: login err = %v, want ErrRedirectWithBody", tc.name, loginErr)
				}
			}
		}
	}
}

// Within the API's origin the caller's client follows redirects with the
// credentials, as it did; the caller's own CheckRedirect still decides, and
// the caller's client is not modified.
func TestRedirectWithinOriginKeepsCredentials(t *testing.T) {
	c0, mux, base := setup(t)
	_ = c0
	var seen http.Header
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/instalment-link", http.StatusFound)
	})
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, linkJSON("il_1", 0, 1, 1, 0))
	})
	hops := 0
	hc := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error { hops++; return nil }}
	c, err := NewClient(WithBaseURL(base+"/api"), WithHTTPClient(hc), WithCredentials(testCredentials(t, auth.ShortLived)))
	if err != nil {
		t.Fatal(err)
	}
	redirected := &url.URL{Scheme: "http", Host: strings.TrimPrefix(base, "http://"), Path: "/api/old"}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, redirected.String(), nil)
	req.Header.Set(auth.HeaderAPIKey, testAPIKey)
	resp, err := c.tr.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen.Get(auth.HeaderAPIKey) != testAPIKey || hops != 1 {
		t.Errorf("same-origin redirect: key %q, caller's CheckRedirect called %d times", seen.Get(auth.HeaderAPIKey), hops)
	}
	if hc.CheckRedirect == nil || fmt.Sprintf("%p", hc.CheckRedirect) == fmt.Sprintf("%p", c.tr.HTTP.(*http.Client).CheckRedirect) {
		t.Error("the caller's client was modified or not copied")
	}
}

func TestLeavesOrigin(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		leaves   bool
	}{
		{"https://procuret.com/api/x", "https://procuret.com/api/y", false},
		{"https://procuret.com/api/x", "https://PROCURET.com:443/api/y", false},
		{"https://procuret.com/api/x", "http://procuret.com/api/y", true},
		{"https://procuret.com/api/x", "https://procuret.com:8443/api/y", true},
		{"https://procuret.com/api/x", "https://evil.example/api/y", true},
		{"http://127.0.0.1:8080/api", "http://127.0.0.1:8081/api", true},
		{"http://127.0.0.1:8080/api", "https://127.0.0.1:8080/api", false}, // an upgrade
		{"http://127.0.0.1/api", "http://127.0.0.1:80/api", false},
	} {
		f, _ := url.Parse(tc.from)
		to, _ := url.Parse(tc.to)
		if got := leavesOrigin(f, to); got != tc.leaves {
			t.Errorf("leavesOrigin(%s, %s) = %v", tc.from, tc.to, got)
		}
	}
}
