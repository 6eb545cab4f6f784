package procuret

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/procuret/procuret-go/api"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// Shared helpers of the package's tests: the test server and client (setup,
// setupAnon), request assertions (testMethod, testQuery, testSigned, ...),
// the contract's examples (specExample, ...), input errors (checkValidation),
// and the sandbox on loopback with a recording client (startSandbox, wire).
// Helpers that serve one file stay in that file.

// The session every test client signs with, and the instant it signs at.
const (
	testSessionID = 36284293055983192
	testAPIKey    = "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ"
	testUserAgent = "procuret-go/" + Version
)

var testNow = time.Date(2026, 11, 27, 3, 14, 15, 0, time.UTC)

func testCredentials(t *testing.T, lc auth.Lifecycle, opts ...auth.CredentialOption) auth.Credentials {
	t.Helper()
	creds, err := auth.NewCredentials(testSessionID, testAPIKey, lc, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

// setup starts a test server with the API under /api and returns a client
// for it, signing with the long-lived test credentials at testNow (opts come
// after and may override), the mux to register handlers on (paths below the
// API root, e.g. "/entity"), and the server's URL. A request no handler
// expects fails the test.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux, string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request: %s %s", r.Method, r.URL)
		http.Error(w, "unexpected request", http.StatusTeapot)
	})
	root := http.NewServeMux()
	root.Handle("/api/", http.StripPrefix("/api", mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the API root: %s %s", r.Method, r.URL)
		http.Error(w, "outside the API root", http.StatusTeapot)
	})
	srv := httptest.NewServer(root)
	t.Cleanup(srv.Close)
	all := append([]Option{
		WithBaseURL(srv.URL + "/api"),
		WithCredentials(testCredentials(t, auth.LongLived)),
		withClock(func() time.Time { return testNow }),
		WithSleeper(noSleep),
	}, opts...)
	c, err := NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mux, srv.URL
}

// setupAnon is setup with a client that has no credentials.
func setupAnon(t *testing.T, opts ...Option) (*Client, *http.ServeMux, string) {
	t.Helper()
	c, mux, url := setup(t, opts...)
	return c.Authenticated(auth.Credentials{}), mux, url
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

// testQuery asserts the raw query string, byte for byte.
func testQuery(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.URL.RawQuery != want {
		t.Errorf("query = %q\n           want %q", r.URL.RawQuery, want)
	}
}

// testNoBody asserts that a request (a GET) carries no body and no
// Content-Type.
func testNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	testHeader(t, r, "Content-Type", "")
	if r.ContentLength != 0 || len(r.TransferEncoding) != 0 {
		t.Errorf("Content-Length = %d, Transfer-Encoding = %q; want no body", r.ContentLength, r.TransferEncoding)
	}
	if b, err := io.ReadAll(r.Body); err != nil || len(b) != 0 {
		t.Errorf("body = %q (%v), want none", b, err)
	}
}

func testHeader(t *testing.T, r *http.Request, name, want string) {
	t.Helper()
	if got := r.Header.Values(name); want == "" && len(got) != 0 || want != "" && (len(got) != 1 || got[0] != want) {
		t.Errorf("header %s = %q, want %q", name, got, want)
	}
}

// testJSONBody asserts that the request carries JSON equal to want, with
// numbers compared exactly (IDs exceed 2^53) and strings kept apart from
// numbers (money is a JSON string).
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	testHeader(t, r, "Content-Type", "application/json")
	got, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if !reflect.DeepEqual(decodeExact(t, got), decodeExact(t, []byte(want))) {
		t.Errorf("body = %s\n want %s", got, want)
	}
}

func decodeExact(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}

// wantSignature computes x-procuret-signature the way the contract describes
// it, independently of package auth.
func wantSignature(key string, now time.Time, path string) string {
	unix := now.Unix()
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(strconv.FormatInt(unix-unix%900, 10) + path))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// testSigned asserts the headers of a request signed with the test session at
// testNow over path (below the API root).
func testSigned(t *testing.T, r *http.Request, path string) {
	t.Helper()
	testHeader(t, r, "X-Procuret-Session-Id", strconv.FormatInt(testSessionID, 10))
	testHeader(t, r, "X-Procuret-Signature", wantSignature(testAPIKey, testNow, path))
	testHeader(t, r, "X-Procuret-Api-Key", "")
	testHeader(t, r, "X-Procuret-Forwarded-Agent", "")
	testHeader(t, r, "User-Agent", testUserAgent)
	testHeader(t, r, "Accept", "application/json")
}

// testUnsigned asserts that a request carries no session at all.
func testUnsigned(t *testing.T, r *http.Request) {
	t.Helper()
	for name := range r.Header {
		if strings.HasPrefix(strings.ToLower(name), "x-procuret-") {
			t.Errorf("unsigned request carries %s", name)
		}
	}
	testHeader(t, r, "User-Agent", testUserAgent)
}

func serveJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

var (
	specOnce sync.Once
	specDoc  map[string]any
	specErr  error
)

// specNode walks the contract (api/openapi.yaml) along path. It is read with
// a YAML decoder that keeps integers exact, unlike a float64-based loader.
func specNode(t *testing.T, path ...string) any {
	t.Helper()
	specOnce.Do(func() { specErr = yaml.Unmarshal(api.OpenAPI, &specDoc) })
	if specErr != nil {
		t.Fatalf("read openapi.yaml: %v", specErr)
	}
	var n any = specDoc
	for _, p := range path {
		m, ok := n.(map[string]any)
		if !ok {
			t.Fatalf("openapi.yaml: %s is not a mapping", strings.Join(path, "."))
		}
		if n, ok = m[p]; !ok {
			t.Fatalf("openapi.yaml: no %s", strings.Join(path, "."))
		}
	}
	return n
}

func specJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode example: %v", err)
	}
	return b
}

// specExample returns the example of components.schemas.<schema> as JSON.
func specExample(t *testing.T, schema string) []byte {
	t.Helper()
	return specJSON(t, specNode(t, "components", "schemas", schema, "example"))
}

// specListExample is specExample as a one-element JSON array.
func specListExample(t *testing.T, schema string) []byte {
	t.Helper()
	return specJSON(t, []any{specNode(t, "components", "schemas", schema, "example")})
}

// specErrorExample returns the example body of components.responses.<name>.
func specErrorExample(t *testing.T, name string) []byte {
	t.Helper()
	return specJSON(t, specNode(t, "components", "responses", name, "content", "application/json", "example"))
}

// doerFunc adapts a function to HTTPDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// fakeDoer answers every request with status and body, without a network.
func fakeDoer(status int, body []byte) HTTPDoer {
	return doerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: status,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(bytes.NewReader(body)),
			Request:    r,
		}, nil
	})
}

// validLinkParams is the contract's InstalmentLinkCreate example.
func validLinkParams() CreateLinkParams {
	return CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("422.42"),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communication:     NotifyCustomer,
		Currency:          DenominationAUD,
	}
}

// checkValidation asserts a *ValidationError for field whose message
// contains msg, and no result.
func checkValidation[T any](t *testing.T, result *T, err error, field, msg string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if ve.Field != field || !strings.Contains(err.Error(), msg) {
		t.Errorf("err = %q (field %q), want field %q and %q", err, ve.Field, field, msg)
	}
	if result != nil {
		t.Errorf("result = %v, want nil", result)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Errorf("a validation error is also an *Error: %v", e)
	}
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// noSleep is a WithSleeper that returns at once, so that tests which retry
// never wait.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// wire is the caller's HTTP client in the reliability tests: it sends through
// next and keeps what went out (method and path of each request, every
// credential header value), and may run a hook after each request, e.g. to
// turn the sandbox's faults off once the first has struck.
type wire struct {
	next HTTPDoer

	mu    sync.Mutex
	sent  []string // "POST /api/instalment-link"
	creds []string // every x-procuret-signature and x-procuret-api-key value
	after func(r *http.Request, n int)
}

func (w *wire) Do(r *http.Request) (*http.Response, error) {
	w.mu.Lock()
	w.sent = append(w.sent, r.Method+" "+r.URL.Path)
	for _, h := range []string{auth.HeaderSignature, auth.HeaderAPIKey} {
		if v := r.Header.Get(h); v != "" {
			w.creds = append(w.creds, v)
		}
	}
	n, after := len(w.sent), w.after
	w.mu.Unlock()
	resp, err := w.next.Do(r)
	if after != nil {
		after(r, n)
	}
	return resp, err
}

// count returns how many requests matched "METHOD /path" (path below /api).
func (w *wire) count(methodPath string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, s := range w.sent {
		if s == strings.Replace(methodPath, " /", " /api/", 1) {
			n++
		}
	}
	return n
}

func (w *wire) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.sent)
}

func (w *wire) credentials() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.creds...)
}

func (w *wire) setAfter(f func(r *http.Request, n int)) {
	w.mu.Lock()
	w.after = f
	w.mu.Unlock()
}

// sleeps is a WithSleeper that records each wait, runs an optional hook and
// returns at once.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
	hook  func(n int)
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	n, hook := len(s.waits), s.hook
	s.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (s *sleeps) durations() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// sbEnv is a sandbox on loopback and a supplier client of it.
type sbEnv struct {
	sb    *sandbox.Sandbox
	base  string
	c     *Client // long-lived supplier session
	wire  *wire
	sleep *sleeps
	hc    *http.Client
}

// startSandbox serves a sandbox for t and returns a client with a long-lived
// session of the default supplier, sending through a wire over an HTTP client
// without keep-alives (so that net/http never resends a dropped GET by
// itself and the wire counts every attempt), waiting through sleeps.
func startSandbox(t testing.TB, sbOpts []sandbox.Option, opts ...Option) *sbEnv {
	t.Helper()
	base, sb := sandboxtest.Start(t, sbOpts...)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	t.Cleanup(tr.CloseIdleConnections)
	e := &sbEnv{sb: sb, base: base, sleep: &sleeps{}, hc: &http.Client{Transport: tr}}
	e.wire = &wire{next: e.hc}
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, PerspectiveSupplier, LifecycleLongLived)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]Option{WithBaseURL(base), WithCredentials(creds), WithHTTPClient(e.wire), WithSleeper(e.sleep.sleep)}, opts...)
	if e.c, err = NewClient(all...); err != nil {
		t.Fatal(err)
	}
	return e
}

// faultOnce makes the sandbox answer the next API request with kind, and
// then nothing more.
func (e *sbEnv) faultOnce(t testing.TB, kind sandbox.FaultKind, retryAfter time.Duration) {
	t.Helper()
	if err := e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{kind}, RetryAfter: retryAfter, Latency: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	e.wire.setAfter(func(*http.Request, int) {
		e.wire.setAfter(nil)
		if err := e.sb.SetFaults(sandbox.Faults{}); err != nil {
			t.Error(err)
		}
	})
}

// linkParams returns a valid link for the default supplier, told apart by n.
func linkParams(n int) CreateLinkParams {
	return CreateLinkParams{
		SupplierID:        sandbox.DefaultSupplierID,
		Amount:            decimalOf(fmt.Sprintf("%d.%02d", 100+n%900, n%100)),
		InviteeEmail:      fmt.Sprintf("customer%d@example.com", n),
		InvoiceIdentifier: fmt.Sprintf("INV-%05d", n),
		Communication:     DoNotNotify,
	}
}

// isZero reports whether v is its type's zero value: how an optional
// response field reads when the API left it out.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }
