package procuret_test

// Benchmarks of what the client adds to an HTTP round trip. Each call through procuret.Client
// is paired with a baseline: the same call written by hand with net/http, sending the same
// bytes (URL, query, headers, signature, body) to the same server through the same
// *http.Client, and decoding into the same generated struct. The server answers with bytes
// recorded from the sandbox, so that both sides parse real responses and the server's own cost
// is small and equal. TestBenchReport (make bench) runs the pairs and prints their ratios;
// BENCHMARKS.md explains each one.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// benchEnv is one server and both sides, sharing one *http.Client.
type benchEnv struct {
	rec    benchRecording
	srv    *httptest.Server
	hc     *http.Client
	client *procuret.Client
	plain  *baseline
}

// benchTransport is the transport both sides share: keep-alive, with enough idle connections
// per host for the 64 goroutines of the concurrent benchmark.
func benchTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 128
	t.MaxIdleConnsPerHost = 64
	return t
}

func newBenchEnv(tb testing.TB, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	return newBenchEnvWith(tb, nil, opts...)
}

// newBenchEnvWith is newBenchEnv with the server's handler wrapped by wrap (nil: not wrapped).
func newBenchEnvWith(tb testing.TB, wrap func(http.Handler) http.Handler, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	e := &benchEnv{rec: recording(tb)}
	h := benchHandler(e.rec)
	if wrap != nil {
		h = wrap(h)
	}
	e.srv = httptest.NewServer(h)
	e.hc = &http.Client{Transport: benchTransport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tb.Cleanup(func() {
		e.hc.CloseIdleConnections()
		e.srv.Close()
	})
	base := e.srv.URL + "/api"
	opts = append([]procuret.Option{procuret.WithBaseURL(base), procuret.WithCredentials(e.rec.creds), procuret.WithHTTPClient(e.hc)}, opts...)
	c, err := procuret.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	e.client = c
	e.plain = &baseline{hc: e.hc, base: base, signer: auth.NewSigner(e.rec.creds)}
	return e
}

// The calls each benchmark repeats, as functions of the environment, so that the report can
// run them too.

func (e *benchEnv) clientGet(ctx context.Context) error {
	_, err := e.client.GetInstalmentLink(ctx, e.rec.publicID)
	return err
}

func (e *benchEnv) baselineGet(ctx context.Context) error {
	_, err := e.plain.getLink(ctx, e.rec.publicID)
	return err
}

func (e *benchEnv) clientList(ctx context.Context) error {
	ls, err := e.client.ListInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 20, SupplierID: benchSupplierID})
	if err == nil && len(ls) != 20 {
		err = fmt.Errorf("got %d links, want 20", len(ls))
	}
	return err
}

func (e *benchEnv) baselineList(ctx context.Context) error {
	ls, err := e.plain.listLinks(ctx, benchSupplierID)
	if err == nil && len(ls) != 20 {
		err = fmt.Errorf("got %d links, want 20", len(ls))
	}
	return err
}

func (e *benchEnv) clientCreate(ctx context.Context) error {
	_, err := e.client.CreateInstalmentLink(ctx, benchCreate)
	return err
}

func (e *benchEnv) baselineCreate(ctx context.Context) error {
	_, err := e.plain.createLink(ctx, benchCreateBody())
	return err
}

// benchOp names one side of one pair: the call to repeat on a fresh environment.
type benchOp func(e *benchEnv, ctx context.Context) error

// newMemoryBenchEnv is newBenchEnv over a memoryTransport.
func newMemoryBenchEnv(tb testing.TB) *benchEnv {
	tb.Helper()
	rec := recording(tb)
	const base = "http://procuret.invalid/api"
	hc := &http.Client{Transport: memoryTransport{rec}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c, err := procuret.NewClient(procuret.WithBaseURL(base), procuret.WithCredentials(rec.creds), procuret.WithHTTPClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	return &benchEnv{rec: rec, hc: hc, client: c, plain: &baseline{hc: hc, base: base, signer: auth.NewSigner(rec.creds)}}
}

// runSerial repeats op on one goroutine, over the loopback server.
func runSerial(b *testing.B, op benchOp) { runSerialOn(b, newBenchEnv(b), op) }

// runSerialOn repeats op on one goroutine in e.
func runSerialOn(b *testing.B, e *benchEnv, op benchOp) {
	ctx := context.Background()
	if err := op(e, ctx); err != nil { // warm the connection and the pools
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := op(e, ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetLink(b *testing.B) {
	b.Run("client", func(b *testing.B) { runSerial(b, (*benchEnv).clientGet) })
	b.Run("baseline", func(b *testing.B) { runSerial(b, (*benchEnv).baselineGet) })
}

func BenchmarkListLinks20(b *testing.B) {
	b.Run("client", func(b *testing.B) { runSerial(b, (*benchEnv).clientList) })
	b.Run("baseline", func(b *testing.B) { runSerial(b, (*benchEnv).baselineList) })
}

func BenchmarkCreateLink(b *testing.B) {
	b.Run("client", func(b *testing.B) { runSerial(b, (*benchEnv).clientCreate) })
	b.Run("baseline", func(b *testing.B) { runSerial(b, (*benchEnv).baselineCreate) })
}

// BenchmarkInMemory runs the three calls over memoryTransport: the client's cost without the
// network's noise.
func BenchmarkInMemory(b *testing.B) {
	for _, c := range benchCalls {
		b.Run(c.short+"/client", func(b *testing.B) { runSerialOn(b, newMemoryBenchEnv(b), c.client) })
		b.Run(c.short+"/baseline", func(b *testing.B) { runSerialOn(b, newMemoryBenchEnv(b), c.baseline) })
	}
}

// benchCalls are the paired calls, as the report names them.
var benchCalls = []struct {
	name, short      string
	client, baseline benchOp
}{
	{"get one link", "get", (*benchEnv).clientGet, (*benchEnv).baselineGet},
	{"list 20 links", "list20", (*benchEnv).clientList, (*benchEnv).baselineList},
	{"create one link", "create", (*benchEnv).clientCreate, (*benchEnv).baselineCreate},
}

// benchGoroutines is how many goroutines share one client in BenchmarkConcurrentGet.
const benchGoroutines = 64

// runConcurrent spreads b.N gets over 64 goroutines sharing e and reports requests per
// second and the TCP connections opened (httptrace: a GotConn that did not reuse one).
func runConcurrent(b *testing.B, e *benchEnv, op benchOp) {
	var opened atomic.Int64
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if !info.Reused {
				opened.Add(1)
			}
		},
	})
	var next atomic.Int64
	var failed atomic.Pointer[error]
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range benchGoroutines {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := op(e, ctx); err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(opened.Load()), "new-conns")
}

func BenchmarkConcurrentGet(b *testing.B) {
	b.Run("client", func(b *testing.B) { runConcurrent(b, newBenchEnv(b), (*benchEnv).clientGet) })
	b.Run("baseline", func(b *testing.B) { runConcurrent(b, newBenchEnv(b), (*benchEnv).baselineGet) })
	// What a user gets without WithHTTPClient: the client's own default *http.Client.
	b.Run("client-default-http", func(b *testing.B) { runConcurrent(b, newDefaultHTTPBenchEnv(b), (*benchEnv).clientGet) })
}

// newDefaultHTTPBenchEnv is newBenchEnv with a client that keeps its default HTTP client.
func newDefaultHTTPBenchEnv(tb testing.TB) *benchEnv {
	e := newBenchEnv(tb)
	c, err := procuret.NewClient(procuret.WithBaseURL(e.srv.URL+"/api"), procuret.WithCredentials(e.rec.creds))
	if err != nil {
		tb.Fatal(err)
	}
	e.client = c
	return e
}

// TestBenchBaselineMatchesClient holds the baseline honest: for each operation it sends the
// same method, URL, headers and body as the client, and decodes the same value.
func TestBenchBaselineMatchesClient(t *testing.T) {
	type seen struct {
		method, uri string
		header      http.Header
		body        string
	}
	var mu sync.Mutex
	var got []seen
	spy := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			got = append(got, seen{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
		})
	}
	now := func() time.Time { return time.Unix(1718000100, 0) }
	e := newBenchEnvWith(t, spy, procuret.WithClock(now))
	rec := e.rec
	e.plain.signer = auth.NewSigner(rec.creds, auth.WithClock(now))
	ctx := context.Background()

	cGet, err := e.client.GetInstalmentLink(ctx, rec.publicID)
	if err != nil {
		t.Fatal(err)
	}
	bGet, err := e.plain.getLink(ctx, rec.publicID)
	if err != nil {
		t.Fatal(err)
	}
	cList, err := e.client.ListInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 20, SupplierID: benchSupplierID})
	if err != nil {
		t.Fatal(err)
	}
	bList, err := e.plain.listLinks(ctx, benchSupplierID)
	if err != nil {
		t.Fatal(err)
	}
	cNew, err := e.client.CreateInstalmentLink(ctx, benchCreate)
	if err != nil {
		t.Fatal(err)
	}
	bNew, err := e.plain.createLink(ctx, benchCreateBody())
	if err != nil {
		t.Fatal(err)
	}

	if len(got) != 6 {
		t.Fatalf("the server saw %d requests, want 6", len(got))
	}
	for i, op := range []string{"get", "list", "create"} {
		c, b := got[2*i], got[2*i+1]
		if c.method != b.method || c.uri != b.uri || c.body != b.body {
			t.Errorf("%s: client sent %s %s %q; baseline %s %s %q", op, c.method, c.uri, c.body, b.method, b.uri, b.body)
		}
		if !reflect.DeepEqual(c.header, b.header) {
			t.Errorf("%s: headers differ:\nclient   %v\nbaseline %v", op, c.header, b.header)
		}
		if c.header.Get(auth.HeaderSignature) == "" {
			t.Errorf("%s: unsigned", op)
		}
	}
	if !reflect.DeepEqual(cGet.InstalmentLink, bGet) {
		t.Errorf("get decoded differently:\nclient   %+v\nbaseline %+v", cGet.InstalmentLink, bGet)
	}
	if len(cList) != len(bList) || len(cList) != 20 {
		t.Fatalf("list: client %d links, baseline %d, want 20", len(cList), len(bList))
	}
	for i := range cList {
		if !reflect.DeepEqual(cList[i].InstalmentLink, bList[i]) {
			t.Errorf("list[%d] decoded differently", i)
		}
	}
	if !reflect.DeepEqual(cNew.InstalmentLink, bNew) {
		t.Errorf("create decoded differently:\nclient   %+v\nbaseline %+v", cNew.InstalmentLink, bNew)
	}
}
