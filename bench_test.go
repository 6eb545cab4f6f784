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
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// benchEnv is one server and both sides, sharing one *http.Client.
type benchEnv struct {
	rec    benchRecording
	srv    *httptest.Server // nil for the sandbox and in memory
	hc     *http.Client
	client *procuret.Client
	plain  *baseline
}

// benchServer says what answers both sides of a benchmark.
type benchServer int

const (
	// replayLength replays the recorded answers over loopback, with a Content-Length.
	replayLength benchServer = iota
	// replayChunked replays them without one: Transfer-Encoding: chunked.
	replayChunked
	// sandboxServer is the sandbox itself (sandboxtest), in process, over loopback: what the
	// sandbox really sends (a page of links chunked, small answers with a Content-Length), and
	// its own work on every request.
	sandboxServer
	// memoryLength answers from memory (memoryTransport), with a Content-Length.
	memoryLength
	// memoryChunked answers from memory without a length.
	memoryChunked
)

// benchServers are the servers the report runs the pairs against, in its order.
var benchServers = []struct {
	kind    benchServer
	short   string // the sub-benchmark's name
	title   string // the report's heading
	targets bool   // whether the targets apply
}{
	{replayLength, "length", "replayed answers with Content-Length, in-process httptest server over loopback", true},
	{replayChunked, "chunked", "replayed answers chunked (no Content-Length), in-process httptest server over loopback", true},
	{sandboxServer, "sandbox", "the sandbox itself (sandboxtest, in process, over loopback): a page of links chunked, one link, a quote and a created link with Content-Length", true},
	{memoryLength, "memory", "without the network: an in-memory RoundTripper answers, with Content-Length", false},
	{memoryChunked, "memory-chunked", "without the network: an in-memory RoundTripper answers, without a length (as chunked)", false},
}

// benchTransport is the transport both sides share: keep-alive, with enough idle connections
// per host for the 64 goroutines of the concurrent benchmark.
func benchTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 128
	t.MaxIdleConnsPerHost = 64
	return t
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func newBenchEnv(tb testing.TB, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	return newBenchEnvWith(tb, nil, opts...)
}

// newBenchEnvWith is newBenchEnv with the server's handler wrapped by wrap (nil: not wrapped).
func newBenchEnvWith(tb testing.TB, wrap func(http.Handler) http.Handler, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	return newReplayEnv(tb, false, wrap, opts...)
}

// newReplayEnv serves the recording over loopback, chunked or with a Content-Length.
func newReplayEnv(tb testing.TB, chunked bool, wrap func(http.Handler) http.Handler, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	rec := recording(tb)
	h := benchHandler(rec, chunked)
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	e := newEnvAt(tb, srv.URL+"/api", &http.Client{Transport: benchTransport(), CheckRedirect: noRedirects}, rec, opts...)
	e.srv = srv
	return e
}

// newEnvAt builds both sides for the API root base, sharing hc.
func newEnvAt(tb testing.TB, base string, hc *http.Client, rec benchRecording, opts ...procuret.Option) *benchEnv {
	tb.Helper()
	tb.Cleanup(hc.CloseIdleConnections)
	opts = append([]procuret.Option{procuret.WithBaseURL(base), procuret.WithCredentials(rec.creds), procuret.WithHTTPClient(hc)}, opts...)
	c, err := procuret.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return &benchEnv{rec: rec, hc: hc, client: c, plain: &baseline{hc: hc, base: base, signer: auth.NewSigner(rec.creds)}}
}

// newSandboxEnv starts a sandbox (sandboxtest) holding 40 more links of the supplier, and
// both sides with a session of its own; the link to get is the fourth of the first page.
func newSandboxEnv(tb testing.TB) *benchEnv {
	tb.Helper()
	base, sb := sandboxtest.Start(tb, sandbox.WithRandSeed(1))
	if err := sb.SeedLinks(40, benchSupplierID); err != nil {
		tb.Fatal(err)
	}
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		tb.Fatal(err)
	}
	e := newEnvAt(tb, base, &http.Client{Transport: benchTransport(), CheckRedirect: noRedirects}, benchRecording{creds: creds})
	page, err := e.plain.listLinks(context.Background(), benchSupplierID)
	if err != nil || len(page) != 20 {
		tb.Fatalf("the sandbox's first page holds %d links (%v), want 20", len(page), err)
	}
	e.rec.publicID = page[3].PublicID
	return e
}

// newMemoryBenchEnv builds both sides over a memoryTransport.
func newMemoryBenchEnv(tb testing.TB, chunked bool) *benchEnv {
	tb.Helper()
	rec := recording(tb)
	return newEnvAt(tb, "http://procuret.invalid/api", &http.Client{Transport: memoryTransport{rec, chunked}, CheckRedirect: noRedirects}, rec)
}

// newServerEnv builds both sides against the server kind.
func newServerEnv(tb testing.TB, kind benchServer) *benchEnv {
	tb.Helper()
	switch kind {
	case replayChunked:
		return newReplayEnv(tb, true, nil)
	case sandboxServer:
		return newSandboxEnv(tb)
	case memoryLength:
		return newMemoryBenchEnv(tb, false)
	case memoryChunked:
		return newMemoryBenchEnv(tb, true)
	}
	return newReplayEnv(tb, false, nil)
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

func (e *benchEnv) clientQuote(ctx context.Context) error {
	_, err := e.client.Quote(ctx, benchQuote)
	return err
}

func (e *benchEnv) baselineQuote(ctx context.Context) error {
	_, err := e.plain.quote(ctx, benchQuote)
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

// runSerial repeats op on one goroutine, over the loopback server.
func runSerial(b *testing.B, op benchOp) { runSerialOn(b, newBenchEnv(b), op) }

// runSerialOn repeats op on one goroutine in e. Besides time and allocations it reports
// cpu-ns/op: the CPU time the whole process spent per call (user and system, every thread:
// the in-process server's work and the garbage collector's included), which a busy machine
// disturbs less than the wall clock.
func runSerialOn(b *testing.B, e *benchEnv, op benchOp) {
	ctx := context.Background()
	if err := op(e, ctx); err != nil { // warm the connection and the pools
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		if err := op(e, ctx); err != nil {
			b.Fatal(err)
		}
	}
	if cpu >= 0 {
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	}
}

// benchCalls are the paired calls, as the report names them, with the targets: the
// most the client may cost per call, as a multiple of the baseline, in time and CPU, and
// (0: no target) in bytes allocated.
var benchCalls = []struct {
	name, short      string
	client, baseline benchOp
	maxTime, maxB    float64
}{
	{"get one link", "get", (*benchEnv).clientGet, (*benchEnv).baselineGet, 1.10, 0},
	{"list 20 links", "list20", (*benchEnv).clientList, (*benchEnv).baselineList, 1.10, 1.05},
	{"quote", "quote", (*benchEnv).clientQuote, (*benchEnv).baselineQuote, 1.10, 0},
	{"create one link", "create", (*benchEnv).clientCreate, (*benchEnv).baselineCreate, 1.15, 0},
}

// BenchmarkPairs runs every call on both sides against every server:
// BenchmarkPairs/SERVER/CALL/{client,baseline}.
func BenchmarkPairs(b *testing.B) {
	for _, s := range benchServers {
		b.Run(s.short, func(b *testing.B) {
			for _, c := range benchCalls {
				b.Run(c.short+"/client", func(b *testing.B) { runSerialOn(b, newServerEnv(b, s.kind), c.client) })
				b.Run(c.short+"/baseline", func(b *testing.B) { runSerialOn(b, newServerEnv(b, s.kind), c.baseline) })
			}
		})
	}
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
	cQuote, err := e.client.Quote(ctx, benchQuote)
	if err != nil {
		t.Fatal(err)
	}
	bQuote, err := e.plain.quote(ctx, benchQuote)
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

	if len(got) != 8 {
		t.Fatalf("the server saw %d requests, want 8", len(got))
	}
	for i, op := range []string{"get", "list", "quote", "create"} {
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
	if !reflect.DeepEqual(*cQuote, bQuote) {
		t.Errorf("quote decoded differently:\nclient   %+v\nbaseline %+v", *cQuote, bQuote)
	}
	if !reflect.DeepEqual(cNew.InstalmentLink, bNew) {
		t.Errorf("create decoded differently:\nclient   %+v\nbaseline %+v", cNew.InstalmentLink, bNew)
	}
}

// TestBenchServersSendWhatTheySay holds the servers of the benchmarks to their description: the
// replay servers send every answer with a Content-Length or chunked, as named, and the sandbox
// sends a page of links chunked and one link with a Content-Length.
func TestBenchServersSendWhatTheySay(t *testing.T) {
	type framing struct{ path, want string }
	for _, s := range benchServers {
		if s.kind == memoryLength || s.kind == memoryChunked {
			continue
		}
		t.Run(s.short, func(t *testing.T) {
			var mu sync.Mutex
			var seen []framing
			e := newServerEnv(t, s.kind)
			hc, inner := *e.hc, e.hc.Transport
			hc.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				resp, err := inner.RoundTrip(r)
				if err == nil {
					f := "length"
					if resp.ContentLength < 0 && slices.Equal(resp.TransferEncoding, []string{"chunked"}) {
						f = "chunked"
					}
					mu.Lock()
					seen = append(seen, framing{r.URL.Path, f})
					mu.Unlock()
				}
				return resp, err
			})
			e = newEnvAt(t, e.plain.base, &hc, e.rec)
			ctx := context.Background()
			for _, c := range benchCalls {
				if err := c.client(e, ctx); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
			}
			want := map[benchServer][]string{
				replayLength:  {"length", "length", "length", "length"},
				replayChunked: {"chunked", "chunked", "chunked", "chunked"},
				sandboxServer: {"length", "chunked", "length", "length"},
			}[s.kind]
			if len(seen) != len(want) {
				t.Fatalf("saw %d answers, want %d", len(seen), len(want))
			}
			for i, f := range seen {
				if f.want != want[i] {
					t.Errorf("%s (%s): answered %s, want %s", benchCalls[i].name, f.path, f.want, want[i])
				}
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
