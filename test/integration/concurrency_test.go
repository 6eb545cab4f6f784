package integration

import (
	"slices"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// TestIntegrationConcurrentCalls shares one client (and a copy with a short-lived session)
// between goroutines that create, read, list and quote at once; run it with -race.
func TestIntegrationConcurrentCalls(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	acct := e.sb.DefaultAccount()
	long := e.anon.Authenticated(e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived).Credentials())
	short := e.anon.Authenticated(e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived).Credentials())
	const workers, each = 8, 5
	var wg sync.WaitGroup
	for w := range workers {
		c := long
		if w%2 == 1 {
			c = short
		}
		wg.Go(func() {
			ctx := t.Context()
			for i := range each {
				amount := decimal.New(int64(50000+100*w+i), -2) // 500.00, 501.00, …
				l, err := c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: amount, InviteeEmail: "pat@example.com",
					InvoiceIdentifier: "INV-C" + amount.String(), Communication: procuret.DoNotNotify,
				})
				if err != nil {
					t.Errorf("worker %d: create: %v", w, err)
					return
				}
				got, err := e.anon.GetInstalmentLink(ctx, l.PublicID)
				if err != nil || !got.InvoiceAmount.Equal(amount) {
					t.Errorf("worker %d: get %s = %v, %v", w, l.PublicID, got, err)
				}
				q, err := c.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: amount, Periods: 3})
				if err != nil || !q.Payment.Equal(amount.DivRound(decimal.NewFromInt(3), 2)) {
					t.Errorf("worker %d: quote %s over 3 months = %v, %v", w, amount, q, err)
				}
				if _, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 5}); err != nil {
					t.Errorf("worker %d: list: %v", w, err)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if n := e.sb.LinkCount(); n != workers*each {
		t.Errorf("LinkCount = %d, want %d", n, workers*each)
	}
	all, err := long.ListInstalmentLinks(t.Context(), procuret.ListLinksParams{Limit: procuret.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	ids := itLinkIDs(all)
	slices.Sort(ids)
	if len(slices.Compact(ids)) != workers*each {
		t.Errorf("listed %d distinct links, want %d", len(ids), workers*each)
	}
}
