package procuret_test

// The list iterator's memory: AllInstalmentLinks walks 10,000 and then 100,000 links of a
// sandbox, and the peak heap of the walk must not grow with the list. The sandbox runs in a
// child process (this test binary, re-run as TestBenchSandboxChild): in-process, its own
// per-request garbage (it filters, sorts and copies the whole list for every page) would be
// counted as the client's.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

const benchChildEnv = "PROCURET_BENCH_SANDBOX_LINKS"

// childHello is what the child sandbox prints on its first line of output.
type childHello struct {
	Base      string `json:"base"`
	SessionID int64  `json:"session_id"`
	APIKey    string `json:"api_key"`
}

// TestBenchSandboxChild is not a test: run with PROCURET_BENCH_SANDBOX_LINKS=n, it serves a
// sandbox holding n more links of the default supplier on 127.0.0.1 until its standard input
// closes. Without the variable it does nothing.
func TestBenchSandboxChild(t *testing.T) {
	nLinks := os.Getenv(benchChildEnv)
	if nLinks == "" {
		return
	}
	n, err := strconv.Atoi(nLinks)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.WithRandSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.SeedLinks(n, benchSupplierID); err != nil {
		t.Fatal(err)
	}
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- sb.Serve(ln) }()
	hello, _ := json.Marshal(childHello{Base: "http://" + ln.Addr().String() + "/api", SessionID: creds.SessionID(), APIKey: creds.APIKey()})
	fmt.Printf("%s\n", hello)
	io.Copy(io.Discard, os.Stdin)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sb.Shutdown(ctx); err != nil {
		t.Error(err)
	}
	if err := <-served; err != nil {
		t.Error(err)
	}
}

// startChildSandbox starts the child sandbox with n more links and returns its API root and
// a session of the default supplier; it stops the child when tb ends.
func startChildSandbox(tb testing.TB, n int) (string, auth.Credentials) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchSandboxChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), benchChildEnv+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	done := make(chan struct{})
	tb.Cleanup(func() {
		stdin.Close()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
		}
		if err := cmd.Wait(); err != nil {
			tb.Errorf("child sandbox: %v", err)
		}
	})
	// The hello line first, then the rest (the test binary's PASS) drained: a
	// goroutine draining from the start could swallow the hello line.
	out := bufio.NewReader(stdout)
	line, err := out.ReadBytes('\n')
	go func() {
		io.Copy(io.Discard, out)
		close(done)
	}()
	if err != nil {
		tb.Fatalf("child sandbox: %v", err)
	}
	var h childHello
	if err := json.Unmarshal(line, &h); err != nil {
		tb.Fatalf("child sandbox said %q: %v", line, err)
	}
	creds, err := auth.NewCredentials(h.SessionID, h.APIKey, auth.LongLived)
	if err != nil {
		tb.Fatal(err)
	}
	return h.Base, creds
}

// heapSampler records, every 200µs, the largest heap in use (runtime.MemStats.HeapInuse: the
// spans holding objects, read through runtime/metrics, which does not stop the world) and the
// largest live heap (what the last GC found reachable).
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	peak uint64
	live uint64
}

var heapInuseMetrics = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes", "/gc/heap/live:bytes"}

// heapInuse returns HeapInuse and the live heap.
func heapInuse(s []metrics.Sample) (inuse, live uint64) {
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64(), s[2].Value.Uint64()
}

func newMetricSamples() []metrics.Sample {
	s := make([]metrics.Sample, len(heapInuseMetrics))
	for i, name := range heapInuseMetrics {
		s[i].Name = name
	}
	return s
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := newMetricSamples()
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			inuse, live := heapInuse(s)
			h.mu.Lock()
			h.peak = max(h.peak, inuse)
			h.live = max(h.live, live)
			h.mu.Unlock()
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends sampling and returns the peaks of the heap in use and of the live heap.
func (h *heapSampler) Stop() (peak, live uint64) {
	close(h.stop)
	<-h.done
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.peak, h.live
}

// iterResult is one walk of the list.
type iterResult struct {
	links     int
	peak      uint64 // bytes, the largest HeapInuse seen during the walk
	live      uint64 // bytes, the largest live heap a GC found during the walk
	before    uint64 // bytes, HeapInuse after a GC just before the walk
	allocated int64  // bytes allocated during the walk
	elapsed   time.Duration
}

// iterateLinks walks every link of the default supplier on base with AllInstalmentLinks
// (DefaultPageSize links per page) and measures the heap while it does.
func iterateLinks(base string, creds auth.Credentials) (iterResult, error) {
	var r iterResult
	c, err := procuret.NewClient(procuret.WithBaseURL(base), procuret.WithCredentials(creds))
	if err != nil {
		return r, err
	}
	ctx := context.Background()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	r.before, r.allocated = ms.HeapInuse, -int64(ms.TotalAlloc)
	sampler := startHeapSampler()
	start := time.Now()
	for l, err := range c.AllInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: benchSupplierID}) {
		if err != nil {
			sampler.Stop()
			return r, err
		}
		if l.PublicID == "" {
			sampler.Stop()
			return r, fmt.Errorf("link %d has no public ID", r.links)
		}
		r.links++
	}
	r.elapsed = time.Since(start)
	r.peak, r.live = sampler.Stop()
	runtime.ReadMemStats(&ms)
	r.allocated += int64(ms.TotalAlloc)
	return r, nil
}

// measureIteration starts a child sandbox with n links and walks them once.
func measureIteration(tb testing.TB, n int) iterResult {
	tb.Helper()
	base, creds := startChildSandbox(tb, n)
	r, err := iterateLinks(base, creds)
	if err != nil {
		tb.Fatal(err)
	}
	if r.links != n {
		tb.Fatalf("walked %d links, want %d", r.links, n)
	}
	return r
}

// BenchmarkIterateLinks reports the peak heap of walking 10,000 and 100,000 links. One
// operation is one whole walk.
func BenchmarkIterateLinks(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			base, creds := startChildSandbox(b, n)
			var peak uint64
			for b.Loop() {
				r, err := iterateLinks(base, creds)
				if err != nil {
					b.Fatal(err)
				}
				if r.links != n {
					b.Fatalf("walked %d links, want %d", r.links, n)
				}
				peak = max(peak, r.peak)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
