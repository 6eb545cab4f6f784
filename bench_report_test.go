package procuret_test

// TestBenchReport runs the benchmarks of bench_test.go and bench_heap_test.go within one
// process and prints the tables of BENCHMARKS.md, ratios included. It runs only with
// -bench-report (make bench); it never fails on a number: targets are reported, not asserted.

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

var (
	benchReport = flag.Bool("bench-report", false, "TestBenchReport: run the benchmarks and print BENCHMARKS.md's tables (make bench)")
	benchRounds = flag.Int("bench-rounds", 5, "TestBenchReport: how many times each pair runs; the median counts")
)

func TestBenchReport(t *testing.T) {
	if !*benchReport {
		t.Skip("prints the benchmark report only with -bench-report (make bench)")
	}
	w := os.Stdout
	fmt.Fprintf(w, "Run %s UTC; %s %s/%s, GOMAXPROCS %d, %s; medians of %d rounds of `-benchtime %s`.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04"), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.GOMAXPROCS(0), cpuModel(), *benchRounds, benchtime())

	// The walk first: its heap is measured before the other benchmarks fill the process.
	reportIteration(t, w)
	reportSigning(t, w)
	reportPairs(t, w)
	reportConcurrent(t, w)
}

// benchtime is the -test.benchtime in force, which testing.Benchmark follows.
func benchtime() string {
	if f := flag.Lookup("test.benchtime"); f != nil {
		return f.Value.String()
	}
	return "1s"
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

// measured is the median of several runs of one benchmark: of ns/op, allocs/op, B/op and
// each extra metric, each taken on its own.
type measured struct {
	ns, allocs, bytes float64
	extra             map[string]float64
}

func medianOf(rs []testing.BenchmarkResult) measured {
	pick := func(f func(r testing.BenchmarkResult) float64) float64 {
		vs := make([]float64, len(rs))
		for i, r := range rs {
			vs[i] = f(r)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	m := measured{
		ns:     pick(func(r testing.BenchmarkResult) float64 { return float64(r.T.Nanoseconds()) / float64(r.N) }),
		allocs: pick(func(r testing.BenchmarkResult) float64 { return float64(r.MemAllocs) / float64(r.N) }),
		bytes:  pick(func(r testing.BenchmarkResult) float64 { return float64(r.MemBytes) / float64(r.N) }),
		extra:  map[string]float64{},
	}
	for k := range rs[0].Extra {
		m.extra[k] = pick(func(r testing.BenchmarkResult) float64 { return r.Extra[k] })
	}
	return m
}

// runPair runs client and baseline rounds times, alternating which goes first.
func runPair(t *testing.T, client, baseline func(b *testing.B)) (c, b measured) {
	var cs, bs []testing.BenchmarkResult
	for i := range *benchRounds {
		if i%2 == 0 {
			cs = append(cs, mustBenchmark(t, client))
			bs = append(bs, mustBenchmark(t, baseline))
		} else {
			bs = append(bs, mustBenchmark(t, baseline))
			cs = append(cs, mustBenchmark(t, client))
		}
	}
	return medianOf(cs), medianOf(bs)
}

func mustBenchmark(t *testing.T, f func(b *testing.B)) testing.BenchmarkResult {
	r := testing.Benchmark(f)
	if r.N == 0 {
		t.Fatal("a benchmark failed; run it with go test -bench to see why")
	}
	return r
}

func reportSigning(t *testing.T, w io.Writer) {
	creds, err := auth.NewCredentials(36284293055983192, "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ", auth.LongLived, auth.ActingFor(13991055489669749))
	if err != nil {
		t.Fatal(err)
	}
	s := auth.NewSigner(creds)
	req, err := http.NewRequest(http.MethodGet, "https://procuret.com/api/instalment-link/list?limit=20&offset=0", nil)
	if err != nil {
		t.Fatal(err)
	}
	var rs []testing.BenchmarkResult
	for range *benchRounds {
		rs = append(rs, mustBenchmark(t, func(b *testing.B) {
			for b.Loop() {
				if err := s.Sign(req); err != nil {
					b.Fatal(err)
				}
			}
		}))
	}
	m := medianOf(rs)
	fmt.Fprintf(w, "### Signing one request (auth.Signer.Sign)\n\n")
	fmt.Fprintf(w, "| ns/op | B/op | allocs/op | target | |\n|---:|---:|---:|---|---|\n")
	fmt.Fprintf(w, "| %.0f | %.0f | %.0f | < 1000 ns, ≤ 4 allocs | %s |\n\n", m.ns, m.bytes, m.allocs, verdict(m.ns < 1000 && m.allocs <= 4))
}

func reportPairs(t *testing.T, w io.Writer) {
	rec := recording(t)
	fmt.Fprintf(w, "### procuret.Client against the net/http baseline: in-process httptest server over loopback, one goroutine\n\n")
	fmt.Fprintf(w, "Bodies replayed (recorded from the sandbox): one link %d B, a page of 20 links %d B, a created link %d B.\n\n",
		len(rec.get), len(rec.list), len(rec.creat))
	pairTable(t, w, func(tb testing.TB) *benchEnv { return newBenchEnv(tb) }, true)
	// What the per-call deadline (WithTimeout, 30 s by default) costs: the same get without it.
	c, b := runPair(t,
		func(b *testing.B) { runSerialOn(b, newBenchEnv(b, procuret.WithTimeout(-1)), (*benchEnv).clientGet) },
		func(b *testing.B) { runSerial(b, (*benchEnv).baselineGet) })
	fmt.Fprintf(w, "For comparison, get one link with a client built WithTimeout(-1), without its per-call deadline: "+
		"%.0f ns/op against %.0f (%.2f×), %.0f allocs/op against %.0f (%.2f×).\n\n", c.ns, b.ns, c.ns/b.ns, c.allocs, b.allocs, c.allocs/b.allocs)
	fmt.Fprintf(w, "### The same calls without the network (an in-memory RoundTripper answers): the client's own CPU cost\n\n")
	pairTable(t, w, newMemoryBenchEnv, false)
}

// pairTable runs each of benchCalls on both sides, in environments from env, and prints their
// medians and ratios; with targets, each row says whether it meets the issue's.
func pairTable(t *testing.T, w io.Writer, env func(testing.TB) *benchEnv, targets bool) {
	fmt.Fprintf(w, "| call | client ns/op | baseline ns/op | time ratio | client allocs/op | baseline allocs/op | allocs ratio | client B/op | baseline B/op |")
	if targets {
		fmt.Fprintf(w, " target: ≤ 1.15× time, ≤ 1.3× allocs |")
	}
	fmt.Fprintf(w, "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	if targets {
		fmt.Fprintf(w, "---|")
	}
	fmt.Fprintln(w)
	for _, p := range benchCalls {
		c, b := runPair(t,
			func(b *testing.B) { runSerialOn(b, env(b), p.client) },
			func(b *testing.B) { runSerialOn(b, env(b), p.baseline) })
		tr, ar := c.ns/b.ns, c.allocs/b.allocs
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.2f× | %.0f | %.0f | %.2f× | %.0f | %.0f |",
			p.name, c.ns, b.ns, tr, c.allocs, b.allocs, ar, c.bytes, b.bytes)
		if targets {
			v := verdict(tr <= 1.15 && ar <= 1.3)
			if p.short == "create" {
				v += " (the issue sets none; held to the same)"
			}
			fmt.Fprintf(w, " %s |", v)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func reportConcurrent(t *testing.T, w io.Writer) {
	rounds := max((*benchRounds+1)/2, 1)
	var cs, bs, ds []testing.BenchmarkResult
	for range rounds {
		cs = append(cs, mustBenchmark(t, func(b *testing.B) { runConcurrent(b, newBenchEnv(b), (*benchEnv).clientGet) }))
		bs = append(bs, mustBenchmark(t, func(b *testing.B) { runConcurrent(b, newBenchEnv(b), (*benchEnv).baselineGet) }))
		ds = append(ds, mustBenchmark(t, func(b *testing.B) { runConcurrent(b, newDefaultHTTPBenchEnv(b), (*benchEnv).clientGet) }))
	}
	c, b, d := medianOf(cs), medianOf(bs), medianOf(ds)
	fmt.Fprintf(w, "### %d goroutines sharing one client, get one link (medians of %d rounds)\n\n", benchGoroutines, rounds)
	fmt.Fprintf(w, "| side | req/s | new TCP connections | requests | allocs/op | target (connections reused: ≤ %d new) |\n|---|---:|---:|---:|---:|---|\n", benchGoroutines)
	row := func(name string, m measured, n int) {
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %d | %.0f | %s |\n", name, m.extra["req/s"], m.extra["new-conns"], n, m.allocs, verdict(m.extra["new-conns"] <= benchGoroutines))
	}
	row("client, shared transport", c, cs[len(cs)-1].N)
	row("baseline, shared transport", b, bs[len(bs)-1].N)
	row("client, its default HTTP client", d, ds[len(ds)-1].N)
	fmt.Fprintf(w, "\nreq/s ratio client/baseline: %.2f×\n\n", c.extra["req/s"]/b.extra["req/s"])
}

func reportIteration(t *testing.T, w io.Writer) {
	small := measureIteration(t, 10_000)
	large := measureIteration(t, 100_000)
	fmt.Fprintf(w, "### AllInstalmentLinks over a sandbox (child process), %d links per page\n\n", procuret.DefaultPageSize)
	fmt.Fprintf(w, "| links | peak heap in use | peak live heap | heap in use before | allocated in all | walk time |\n|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range []iterResult{small, large} {
		fmt.Fprintf(w, "| %d | %.2f MiB | %.2f MiB | %.2f MiB | %.0f MiB | %.1f s |\n",
			r.links, mib(r.peak), mib(r.live), mib(r.before), float64(r.allocated)/(1<<20), r.elapsed.Seconds())
	}
	ratio := float64(large.peak) / float64(small.peak)
	fmt.Fprintf(w, "\npeak heap in use, 100,000 / 10,000: %.2f× (target ≤ 2×: %s); peak live heap: %.2f×\n\n",
		ratio, verdict(ratio <= 2), float64(large.live)/float64(small.live))
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
