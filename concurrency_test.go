package procuret

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// TestSharedClient64 runs 64 goroutines sharing one client against a sandbox
// that fails some requests: reads, lists, iterators and creates, with retries,
// clock reads and reconciliation all running at once. Run it with -race;
// TestMain checks that no goroutine outlives the package's tests.
func TestSharedClient64(t *testing.T) {
	const (
		goroutines = 64
		rounds     = 8
	)
	e := startSandbox(t, nil, WithMaxRetries(6))
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = goroutines
	t.Cleanup(tr.CloseIdleConnections)
	e.wire.next = &http.Client{Transport: tr}
	// Faults a write survives as a definite answer or by reconciliation.
	if err := e.sb.SetFaults(sandbox.Faults{Rate: 0.1, Seed: 64, Latency: time.Millisecond,
		Kinds: []sandbox.FaultKind{sandbox.RateLimit, sandbox.Status503, sandbox.DropAfter, sandbox.Truncate, sandbox.Latency}}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var (
		mu      sync.Mutex
		created = map[string]bool{}
	)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for r := range rounds {
				n := g*rounds + r
				switch n % 4 {
				case 0:
					p := linkParams(n)
					p.InvoiceIdentifier = fmt.Sprintf("CONC-%04d", n)
					link, err := e.c.CreateInstalmentLink(ctx, p)
					var pe *Error
					switch {
					case err == nil:
						mu.Lock()
						if created[link.PublicID] {
							t.Errorf("link %s reported twice", link.PublicID)
						}
						created[link.PublicID] = true
						mu.Unlock()
						if got, err := e.c.GetInstalmentLink(ctx, link.PublicID); err != nil || got.PublicID != link.PublicID {
							t.Errorf("GetInstalmentLink(%s) = %v, %v", link.PublicID, got, err)
						}
					case errors.As(err, &pe) && (pe.Kind == ErrRateLimited || pe.Kind == ErrServiceDisruption):
						// a definite answer: not created
					default:
						t.Errorf("create %d: %v", n, err)
					}
				case 1:
					if s, err := e.c.GetPaymentSeries(ctx, "ps_demo1"); err != nil || s.PublicID != "ps_demo1" {
						t.Errorf("GetPaymentSeries = %v, %v", s, err)
					}
				case 2:
					if _, err := e.c.ListInstalmentLinks(ctx, ListLinksParams{Limit: 10, SupplierID: sandbox.DefaultSupplierID}); err != nil {
						t.Errorf("ListInstalmentLinks: %v", err)
					}
				case 3:
					seen := 0
					for _, err := range e.c.AllInstalmentLinks(ctx, ListLinksParams{Limit: 3}) {
						if err != nil {
							t.Errorf("AllInstalmentLinks: %v", err)
							break
						}
						if seen++; seen == 7 {
							break
						}
					}
				}
			}
		})
	}
	wg.Wait()
	e.sb.SetFaults(sandbox.Faults{})
	var stored int
	for _, l := range e.sb.Links() {
		if !created[l.PublicID] {
			t.Errorf("link %s (%s) exists but no call reported it", l.PublicID, l.InvoiceIdentifier)
		}
		stored++
	}
	if stored != len(created) {
		t.Errorf("the sandbox holds %d links, the client reported %d", stored, len(created))
	}
}
