package procuret

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
)

func TestSpecExamplesKeepLargeIntegers(t *testing.T) {
	if got := string(specExample(t, "XeroEntityMap")); got != `{"entity_id":13991055489669749}` {
		t.Errorf("XeroEntityMap example = %s; the loader lost precision", got)
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Endpoint(); got != string(Live) {
		t.Errorf("Endpoint() = %q, want %q", got, Live)
	}
	if !c.Credentials().IsZero() {
		t.Errorf("Credentials() = %v, want none", c.Credentials())
	}
	if got := c.tr.UserAgent; got != testUserAgent {
		t.Errorf("User-Agent = %q, want %q", got, testUserAgent)
	}
	hc, ok := c.tr.HTTP.(*http.Client)
	if !ok || hc.CheckRedirect == nil {
		t.Errorf("default HTTP client = %#v, want an *http.Client that does not follow redirects", c.tr.HTTP)
	}
}

func TestNewClientEndpoints(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"demo", []Option{WithEndpoint(Demo)}, "https://demo.procuret.com/api"},
		{"live after demo", []Option{WithEndpoint(Demo), WithEndpoint(Live)}, "https://procuret.com/api"},
		{"base URL", []Option{WithBaseURL("http://127.0.0.1:8080/api")}, "http://127.0.0.1:8080/api"},
		{"trailing slash", []Option{WithBaseURL("http://127.0.0.1:8080/api/")}, "http://127.0.0.1:8080/api"},
		{"slashes", []Option{WithBaseURL("https://example.com/procuret/api//")}, "https://example.com/procuret/api"},
		{"host root", []Option{WithBaseURL("http://localhost:9000/")}, "http://localhost:9000"},
		{"custom endpoint", []Option{WithEndpoint("https://staging.example.com/api")}, "https://staging.example.com/api"},
		{"nil option", []Option{nil, WithEndpoint(Demo)}, "https://demo.procuret.com/api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Endpoint(); got != tc.want {
				t.Errorf("Endpoint() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNewClientRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{"scheme", WithBaseURL("ftp://example.com/api"), "scheme must be http or https"},
		{"no scheme", WithBaseURL("example.com/api"), "scheme must be http or https"},
		{"no host", WithBaseURL("https:///api"), "no host"},
		{"query", WithBaseURL("https://example.com/api?x=1"), "query or fragment"},
		{"fragment", WithBaseURL("https://example.com/api#x"), "query or fragment"},
		{"user info", WithBaseURL("https://user:hunter22@example.com/api"), "user information"},
		{"unparsable", WithBaseURL("http://[::1"), "invalid URL"},
		{"empty endpoint", WithEndpoint(""), "WithEndpoint"},
		{"zero credentials", WithCredentials(auth.Credentials{}), "zero value"},
		{"nil doer", WithHTTPClient(nil), "doer is nil"},
		{"user agent newline", WithUserAgentPrefix("app/1\r\nX-Evil: 1"), "not printable ASCII"},
		{"user agent non-ASCII", WithUserAgentPrefix("appé/1"), "not printable ASCII"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error containing %q", c, err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter22") {
				t.Errorf("error %q quotes the URL's password", err)
			}
		})
	}
}

func TestUserAgentPrefix(t *testing.T) {
	c, mux, _ := setupAnon(t, WithUserAgentPrefix("  acme-billing/2.1 "))
	mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "User-Agent", "acme-billing/2.1 procuret-go/"+Version)
		serveJSON(w, 200, specExample(t, "Supplier"))
	})
	if _, err := c.GetSupplier(context.Background(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
}

// countingDoer is a caller's HTTP client: it counts requests.
type countingDoer struct {
	n    atomic.Int32
	next HTTPDoer
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	d.n.Add(1)
	return d.next.Do(r)
}

func TestWithHTTPClient(t *testing.T) {
	doer := &countingDoer{next: http.DefaultClient}
	c, mux, _ := setup(t, WithHTTPClient(doer))
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	if _, err := c.GetEntity(context.Background(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
	// A copy with other credentials shares the caller's client.
	if _, err := c.Authenticated(testCredentials(t, auth.ShortLived)).GetEntity(context.Background(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
	if got := doer.n.Load(); got != 2 {
		t.Errorf("the caller's doer sent %d requests, want 2", got)
	}
}

func TestClientWithCredentials(t *testing.T) {
	c, mux, _ := setup(t)
	var got []http.Header
	var mu sync.Mutex
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	other, err := auth.NewCredentials(42, "another-key", auth.ShortLived, auth.ActingFor(7205759403792794))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c2 := c.Authenticated(other)
	for _, cl := range []*Client{c2, c} {
		if _, err := cl.GetEntity(ctx, 13991055489669749); err != nil {
			t.Fatal(err)
		}
	}
	if !c.Credentials().Equal(testCredentials(t, auth.LongLived)) || !c2.Credentials().Equal(other) {
		t.Errorf("Credentials() = %v and %v", c.Credentials(), c2.Credentials())
	}
	if c2.Endpoint() != c.Endpoint() {
		t.Errorf("the copy's endpoint %q differs from %q", c2.Endpoint(), c.Endpoint())
	}
	// The copy: a short-lived session acting for another agent.
	if h := got[0]; h.Get("X-Procuret-Session-Id") != "42" || h.Get("X-Procuret-Api-Key") != "another-key" ||
		h.Get("X-Procuret-Forwarded-Agent") != "7205759403792794" || h.Get("X-Procuret-Signature") != "" {
		t.Errorf("copy sent %v", h)
	}
	// The original is unchanged.
	if h := got[1]; h.Get("X-Procuret-Session-Id") != strconv.FormatInt(testSessionID, 10) ||
		h.Get("X-Procuret-Signature") != wantSignature(testAPIKey, testNow, "/entity") || h.Get("X-Procuret-Api-Key") != "" {
		t.Errorf("original sent %v", h)
	}
}

// TestSignatureGolden checks the signature against the contract's own
// example: key "k", t = 899, path /entity.
func TestSignatureGolden(t *testing.T) {
	creds, err := auth.NewCredentials(1, "k", auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	c, mux, _ := setup(t, WithCredentials(creds), withClock(func() time.Time { return time.Unix(899, 0) }))
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "X-Procuret-Signature", "DjLXJPSp4gQHCpxKdzEqrr1l0S9Nqz0kEK/0DXyZMj0=")
		testHeader(t, r, "X-Procuret-Session-Id", "1")
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	if _, err := c.GetEntity(context.Background(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
	if got := wantSignature("k", time.Unix(899, 0), "/entity"); got != "DjLXJPSp4gQHCpxKdzEqrr1l0S9Nqz0kEK/0DXyZMj0=" {
		t.Errorf("the test's own signature = %q", got)
	}
}

// TestSignedAtSendTime checks that each request reads the clock when it is
// sent: a later request falls in a later window.
func TestSignedAtSendTime(t *testing.T) {
	var now atomic.Int64
	now.Store(testNow.Unix())
	c, mux, _ := setup(t, withClock(func() time.Time { return time.Unix(now.Load(), 0) }))
	var (
		mu   sync.Mutex
		sigs []string
	)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		sigs = append(sigs, r.Header.Get("X-Procuret-Signature"))
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	for range 2 {
		if _, err := c.GetEntity(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		now.Add(900)
	}
	want := []string{wantSignature(testAPIKey, testNow, "/entity"), wantSignature(testAPIKey, testNow.Add(900*time.Second), "/entity")}
	mu.Lock()
	defer mu.Unlock()
	if !reflect.DeepEqual(sigs, want) || sigs[0] == sigs[1] {
		t.Errorf("signatures = %q, want %q", sigs, want)
	}
}

// TestEndpointPaths sends to API roots other than /api: the request path and
// the signed path follow the endpoint.
func TestEndpointPaths(t *testing.T) {
	for _, tc := range []struct{ root, wirePath string }{
		{"", "/xero/organisation"},
		{"/", "/xero/organisation"},
		{"/procuret/v1/", "/procuret/v1/xero/organisation"},
	} {
		t.Run(tc.root, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != tc.wirePath {
					t.Errorf("path = %q, want %q", r.URL.Path, tc.wirePath)
				}
				testSigned(t, r, "/xero/organisation")
				serveJSON(w, 200, specExample(t, "XeroOrganisation"))
			}))
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL+tc.root), WithCredentials(testCredentials(t, auth.LongLived)),
				withClock(func() time.Time { return testNow }))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetXeroOrganisation(context.Background(), 13991055489669749); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestNeedsCredentials checks that every operation that needs a session fails
// before sending anything when the client has none.
func TestNeedsCredentials(t *testing.T) {
	c, _, _ := setupAnon(t)
	ctx := context.Background()
	pos := int64(13991055489669749)
	for name, call := range map[string]func() error{
		"GetSession":            func() error { _, err := c.GetSession(ctx); return err },
		"SwitchPerspective":     func() error { _, err := c.SwitchPerspective(ctx, PerspectiveBusiness); return err },
		"CreateInstalmentLink":  func() error { _, err := c.CreateInstalmentLink(ctx, validLinkParams()); return err },
		"ListInstalmentLinks":   func() error { _, err := c.ListInstalmentLinks(ctx, ListLinksParams{}); return err },
		"GetPaymentSeries":      func() error { _, err := c.GetPaymentSeries(ctx, "ps_demo1"); return err },
		"ListPaymentSeries":     func() error { _, err := c.ListPaymentSeries(ctx, ListSeriesParams{}); return err },
		"GetInstalmentSchedule": func() error { _, err := c.GetInstalmentSchedule(ctx, "ps_demo1"); return err },
		"GetTermRateGroup":      func() error { _, err := c.GetTermRateGroup(ctx, "trg_demo"); return err },
		"GetEntity":             func() error { _, err := c.GetEntity(ctx, pos); return err },
		"GetHuman":              func() error { _, err := c.GetHuman(ctx, pos); return err },
		"GetCommitment":         func() error { _, err := c.GetCommitment(ctx, "ex_demo1"); return err },
		"GetXeroEntityMap":      func() error { _, err := c.GetXeroEntityMap(ctx, pos); return err },
		"GetXeroOrganisation":   func() error { _, err := c.GetXeroOrganisation(ctx, pos); return err },
	} {
		err := call()
		if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "needs a session") {
			t.Errorf("%s without credentials: %v, want ErrNoCredentials", name, err)
		}
	}
}

func TestConcurrentCalls(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		testSigned(t, r, "/entity")
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := c.GetEntity(context.Background(), 13991055489669749); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// A client built without WithHTTPClient, shared by many goroutines, keeps its
// connections rather than opening one per call: about one per goroutine (a
// call may dial before the connection its previous call used is back in the
// pool, hence the margin). Over http.DefaultTransport, which keeps 2 idle
// connections per host, 32 goroutines opened hundreds.
func TestDefaultHTTPClientReusesConnections(t *testing.T) {
	const goroutines, calls = 32, 20
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, linkJSON("il_1", 0, 1, 1, 0))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		if tr, ok := defaultTransport().(*http.Transport); ok {
			tr.CloseIdleConnections()
		}
	})
	c, err := NewClient(WithBaseURL(srv.URL + "/api"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range calls {
				if _, err := c.GetInstalmentLink(context.Background(), "il_1"); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := opened.Load(); n > 2*goroutines {
		t.Errorf("%d goroutines making %d calls opened %d connections, want at most %d", goroutines, goroutines*calls, n, 2*goroutines)
	}
}
