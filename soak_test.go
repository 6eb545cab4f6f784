package procuret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// countingHandler counts log records by message; it keeps nothing else.
type countingHandler struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.n[r.Message]++
	h.mu.Unlock()
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

func (h *countingHandler) count(msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[msg]
}

// TestSoakCreates sends 1,000 link creates through a sandbox that fails 30%
// of API requests with every fault it has (429, 500, 502, 503, drops before
// and after the request took effect, truncated answers, latency), creates
// and reconciliation reads alike. Afterwards the sandbox holds exactly the
// links the client reported as created, directly or by reconciliation: no
// duplicate, none reported as not created, and no outcome left unknown.
func TestSoakCreates(t *testing.T) {
	const (
		creates = 1000
		workers = 8
	)
	logs := &countingHandler{n: map[string]int{}}
	e := startSandbox(t, []sandbox.Option{sandbox.WithRandSeed(7)}, WithLogger(slog.New(logs)))
	// Keep-alives on, as in production (net/http then resends a GET dropped
	// on a reused connection by itself, which is safe).
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	e.wire.next = &http.Client{Transport: tr}
	if err := e.sb.SetFaults(sandbox.Faults{Rate: 0.3, Kinds: sandbox.AllFaultKinds(), Latency: time.Microsecond, Seed: 20260314}); err != nil {
		t.Fatal(err)
	}

	type outcome struct {
		id         string // the link's public ID when created
		err        error
		reconciled bool
	}
	results := make([]outcome, creates)
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= creates {
					return
				}
				p := linkParams(i)
				p.InvoiceIdentifier = fmt.Sprintf("SOAK-%04d", i)
				link, err := e.c.CreateInstalmentLink(context.Background(), p)
				if err != nil {
					results[i].err = err
					continue
				}
				results[i].id = link.PublicID
				if link.InvoiceIdentifier != p.InvoiceIdentifier || !link.InvoiceAmount.Equal(p.Amount) {
					t.Errorf("create %d returned link %s for %s %s", i, link.PublicID, link.InvoiceIdentifier, link.InvoiceAmount)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	e.sb.SetFaults(sandbox.Faults{})

	var created, failed, notFound, unknown int
	reported := map[string]int{} // public ID → create index
	for i, r := range results {
		var u *UnknownOutcomeError
		var pe *Error
		switch {
		case r.err == nil:
			created++
			if j, dup := reported[r.id]; dup {
				t.Errorf("creates %d and %d both reported link %s", j, i, r.id)
			}
			reported[r.id] = i
		case errors.As(r.err, &u) && u.Searched:
			notFound++ // reported as not created
		case errors.As(r.err, &u):
			unknown++
			t.Errorf("create %d: outcome left unknown: %v", i, r.err)
		case errors.As(r.err, &pe) && pe.StatusCode != 0:
			failed++ // the API answered an error: nothing was created
		default:
			t.Errorf("create %d: unexpected error %v", i, r.err)
		}
	}
	reconciled := logs.count("procuret: create outcome settled; found the link")

	// The sandbox's view: every SOAK link was reported, by the create that
	// made it.
	var stored int
	for _, l := range e.sb.Links() {
		if !strings.HasPrefix(l.InvoiceIdentifier, "SOAK-") {
			continue
		}
		stored++
		i, ok := reported[l.PublicID]
		switch {
		case !ok:
			var idx int
			fmt.Sscanf(l.InvoiceIdentifier, "SOAK-%d", &idx)
			t.Errorf("link %s (%s) exists but create %d reported %v", l.PublicID, l.InvoiceIdentifier, idx, results[idx].err)
		case fmt.Sprintf("SOAK-%04d", i) != l.InvoiceIdentifier:
			t.Errorf("link %s is %s but was reported by create %d", l.PublicID, l.InvoiceIdentifier, i)
		}
	}
	if stored != created {
		t.Errorf("the sandbox holds %d links; the client reported %d created", stored, created)
	}
	// Never sent twice: the sandbox never refuses a connection, so each
	// create went out exactly once.
	if n := e.wire.count("POST /instalment-link"); n != creates {
		t.Errorf("sent %d creates for %d calls", n, creates)
	}
	t.Logf("soak: %d creates in %v with %d workers: %d created (%d of them by reconciliation), %d failed with an API error, %d not found after an unknown outcome, %d unknown; %d requests on the wire",
		creates, elapsed.Round(time.Millisecond), workers, created, reconciled, failed, notFound, unknown, e.wire.total())
	if reconciled == 0 || notFound == 0 || failed == 0 {
		t.Errorf("the faults did not exercise every path: reconciled %d, not found %d, failed %d", reconciled, notFound, failed)
	}
}
