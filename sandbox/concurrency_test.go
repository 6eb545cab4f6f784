package sandbox_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// TestConcurrentRequests creates links from many goroutines while others list, open and log
// in; run with -race. Every create must be stored exactly once.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	e.check = false // validated elsewhere; keep this test about the store
	const workers, each = 8, 25
	var wg sync.WaitGroup
	ids := make(chan string, workers*each)
	for w := range workers {
		lifecycle := auth.LongLived
		if w%2 == 1 {
			lifecycle = auth.ShortLived
		}
		s := e.session(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, lifecycle)
		wg.Go(func() {
			for i := range each {
				r, err := e.try(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, fmt.Sprintf("%d.%02d", 500+w, i)))
				if err != nil || r.status != 200 {
					t.Errorf("worker %d create %d: %v %d %s", w, i, err, r.status, r.body)
					return
				}
				var l gen.InstalmentLink
				if err := json.Unmarshal(r.body, &l); err != nil {
					t.Error(err) // not decode: no FailNow off the test goroutine
					return
				}
				ids <- l.PublicID
				if _, err := e.try(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() {
			for range each {
				if r, err := e.try(s, "GET", "/instalment-link/list?limit=5", nil); err != nil || r.status != 200 {
					t.Errorf("list: %v %d", err, r.status)
					return
				}
			}
		})
	}
	acct := e.sb.DefaultAccount()
	wg.Go(func() {
		for range each {
			if r, err := e.try(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)); err != nil || r.status != 200 {
				t.Errorf("code: %v %d", err, r.status)
				return
			}
		}
	})
	wg.Wait()
	close(ids)

	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("public ID %s issued twice", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*each || e.sb.LinkCount() != workers*each {
		t.Errorf("%d IDs returned, %d links stored; want %d", len(seen), e.sb.LinkCount(), workers*each)
	}
	r := e.call(e.supplier(), "GET", "/instalment-link/list?limit=1&opened=true", nil)
	if l := decode[[]gen.InstalmentLink](t, r); len(l) != 1 || l[0].Disposition.Count != workers*each {
		t.Errorf("list disposition %+v, want a count of %d", l, workers*each)
	}
	for _, l := range e.sb.Links() {
		if len(l.Opens) != 1 {
			t.Errorf("link %s has %d opens, want 1", l.PublicID, len(l.Opens))
		}
	}
}
