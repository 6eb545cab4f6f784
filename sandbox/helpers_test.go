package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"go.uber.org/goleak"

	"github.com/procuret/procuret-go/api"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// start is the sandboxes' start time in these tests: 14:15 into a 900-second window.
var start = time.Date(2026, 11, 27, 3, 14, 15, 926535000, time.UTC)

// fakeClock is the sandbox's and the signers' clock; tests move it instead of sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// env is one sandbox served on a real listener, with a client of its own.
type env struct {
	t      testing.TB
	sb     *sandbox.Sandbox
	base   string // http://127.0.0.1:PORT/api
	clock  *fakeClock
	log    *testutil.SyncBuffer // the sandbox's log, safe for its concurrent writes
	client *http.Client
	check  bool // validate every response against the contract
}

func newEnv(t testing.TB, opts ...sandbox.Option) *env {
	t.Helper()
	clock := &fakeClock{t: start}
	logs := &testutil.SyncBuffer{}
	opts = append([]sandbox.Option{
		sandbox.WithClock(clock.Now),
		sandbox.WithLogger(slog.New(slog.NewTextHandler(logs, nil))),
		sandbox.WithRandSeed(1),
	}, opts...)
	base, sb := sandboxtest.Start(t, opts...)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &env{t: t, sb: sb, base: base, clock: clock, log: logs, client: &http.Client{Transport: tr}, check: true}
}

// resp is a response read in full.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) err() gen.Error {
	var e gen.Error
	_ = json.Unmarshal(r.body, &e)
	return e
}

// decode decodes the body into v, failing the test if it is not exactly that JSON.
func decode[T any](t testing.TB, r resp) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T from %d %s: %v", v, r.status, r.body, err)
	}
	return v
}

// call sends a request (body: nil, a string sent as is, or a value encoded as JSON), signed
// by signer when it is not nil, and checks the response against the contract.
func (e *env) call(signer *auth.Signer, method, path string, body any, edit ...func(*http.Request)) resp {
	e.t.Helper()
	r, err := e.try(signer, method, path, body, edit...)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (e *env) try(signer *auth.Signer, method, path string, body any, edit ...func(*http.Request)) (resp, error) {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, e.base+path, bytes.NewReader(raw))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if signer != nil {
		if err := signer.Sign(req); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, f := range edit {
		f(req)
	}
	res, err := e.client.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return resp{status: res.StatusCode, header: res.Header, body: b}, err
	}
	out := resp{status: res.StatusCode, header: res.Header, body: b}
	if e.check {
		checkResponse(e.t, req, out)
	}
	return out, nil
}

// signer returns a signer for creds on the sandbox's clock.
func (e *env) signer(creds auth.Credentials) *auth.Signer {
	return auth.NewSigner(creds, auth.WithClock(e.clock.Now))
}

// session logs in through the sandbox's shortcut and returns a signer.
func (e *env) session(email string, p gen.Perspective, l gen.Lifecycle) *auth.Signer {
	e.t.Helper()
	creds, err := e.sb.NewSession(email, p, l)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.signer(creds)
}

func (e *env) supplier() *auth.Signer {
	return e.session(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
}

// wantError checks an error response: the status, Procuret's error body echoing it, and a
// message containing every fragment.
func wantError(t testing.TB, r resp, status int, fragments ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	e := decode[gen.Error](t, r)
	if e.ResponseCode != status || e.ErrorInformation == "" {
		t.Errorf("error body %s does not echo %d with a message", r.body, status)
	}
	for _, f := range fragments {
		if !strings.Contains(e.ErrorInformation, f) {
			t.Errorf("error %q does not mention %q", e.ErrorInformation, f)
		}
	}
}

func wantStatus(t testing.TB, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

// The contract, loaded independently of the sandbox, validates every response.
var contract = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: "/api"}}
	return legacy.NewRouter(doc)
})

var emailFormat = openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))

// checkResponse validates r against the contract's responses for req's operation: status
// declared (or default), headers, content type and body schema. Every error must also be
// Procuret's error body as JSON.
func checkResponse(t testing.TB, req *http.Request, r resp) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	if r.status >= 400 {
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: error with Content-Type %q", req.Method, req.URL.Path, ct)
		}
		var e gen.Error
		if err := json.Unmarshal(r.body, &e); err != nil || e.ResponseCode != r.status || e.ErrorInformation == "" {
			t.Errorf("%s %s: %d without Procuret's error body: %s", req.Method, req.URL.Path, r.status, r.body)
		}
	}
	router, err := contract()
	if err != nil {
		t.Fatal(err)
	}
	u := *req.URL
	u.Scheme, u.Host = "", ""
	vreq := &http.Request{Method: req.Method, URL: &u, Header: req.Header}
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: no route in the contract but status %d", req.Method, u.Path, r.status)
		}
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{emailFormat},
		},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: %d response does not fit the contract: %v\nbody: %s", req.Method, u.Path, r.status, err, r.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// getRaw fetches a path outside the API (the contract, the customer's page).
func (e *env) getRaw(path string) resp {
	e.t.Helper()
	res, err := e.client.Get(strings.TrimSuffix(e.base, "/api") + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// isZero reports whether v is its type's zero value: how an optional
// response field reads when the API left it out.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }
