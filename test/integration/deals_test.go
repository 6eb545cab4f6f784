package integration

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

func TestIntegrationDeals(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	// A deal's money adds up with its series and schedule.
	d, err := e.supplier.GetDeal(ctx, "cm_demo1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.supplier.GetPaymentSeries(ctx, sandbox.DefaultSeriesID)
	if err != nil {
		t.Fatal(err)
	}
	sched, err := e.supplier.GetInstalmentSchedule(ctx, sandbox.DefaultSeriesID)
	if err != nil {
		t.Fatal(err)
	}
	paid := decimal.Zero
	for _, l := range sched.Lines {
		paid = paid.Add(l.Paid)
	}
	if d.SetupID != s.ExchangeID || d.CreditAssessmentState != procuret.AssessmentStatePassed || !d.InvoiceValue.Equal(s.Amount.Magnitude) ||
		!d.TotalPayable.Equal(s.TotalPayable.Magnitude) || !d.TotalPayable.Equal(sched.TotalRow.TotalPayments) ||
		!d.SumPayments.Equal(s.SumPayments.Magnitude) || !d.SumPayments.Equal(paid) || d.Business != s.Customer ||
		d.TransactingHumanName != "Casey Customer" || !d.TimeCommitted.Equal(s.Created) {
		t.Errorf("deal %+v does not add up with series %+v", d, s)
	}
	states := map[string]procuret.AssessmentState{}
	all := must(e.supplier.ListDeals(ctx, procuret.ListDealsParams{Limit: 100}))
	// Whoever a deal names, pending plans' included, its supplier may look up.
	for _, d := range all {
		if _, err := e.supplier.GetHuman(ctx, d.TransactingHumanID); err != nil {
			t.Errorf("deal %s names human %d, whom its supplier may not see: %v", d.CommitmentID, d.TransactingHumanID, err)
		}
	}
	for _, d := range all {
		states[d.SetupID] = d.CreditAssessmentState
	}
	// Five series of the demo supplier and its five pending plans; nothing of Acme's.
	want := map[string]procuret.AssessmentState{
		"ex_demo1": 1, "ex_ps_h1": 1, "ex_ps_h2": 1, "ex_ps_h3": 1, "ex_ps_h4": 1,
		"ex_pend1": 4, "ex_pend2": 4, "ex_pend3": 3, "ex_pend4": 1, "ex_pend5": 2,
	}
	if len(states) != len(want) {
		t.Errorf("deals = %v, want %v", states, want)
	}
	for k, v := range want {
		if states[k] != v {
			t.Errorf("deal %s: state %d, want %d", k, states[k], v)
		}
	}
	// Each listed deal, of a series or of a pending plan, is what GetDeal answers for it.
	for _, l := range all {
		g, err := e.supplier.GetDeal(ctx, l.CommitmentID)
		if err != nil {
			t.Errorf("GetDeal(%s): %v", l.CommitmentID, err)
			continue
		}
		l.Disposition, g.Disposition = procuret.Disposition{}, procuret.Disposition{}
		if !reflect.DeepEqual(l, *g) {
			t.Errorf("GetDeal(%s) = %+v, listed %+v", l.CommitmentID, *g, l)
		}
	}
	for _, by := range []struct {
		key procuret.DealOrderBy
		cmp func(a, b procuret.Deal) int
	}{
		{procuret.DealOrderByValue, func(a, b procuret.Deal) int { return a.InvoiceValue.Cmp(b.InvoiceValue) }},
		{procuret.DealOrderByOutstanding, func(a, b procuret.Deal) int {
			return a.TotalPayable.Sub(a.SumPayments).Cmp(b.TotalPayable.Sub(b.SumPayments))
		}},
		{procuret.DealOrderByCreated, func(a, b procuret.Deal) int { return a.TimeCommitted.Compare(b.TimeCommitted) }},
		{procuret.DealOrderByBusinessName, func(a, b procuret.Deal) int {
			return strings.Compare(strings.ToLower(a.Business.LegalEntityName), strings.ToLower(b.Business.LegalEntityName))
		}},
		{procuret.DealOrderBySupplierName, func(a, b procuret.Deal) int { return 0 }},
	} {
		asc := must(e.supplier.ListDeals(ctx, procuret.ListDealsParams{Limit: 100, Order: procuret.OrderAscending, OrderBy: by.key}))
		desc := must(e.supplier.ListDeals(ctx, procuret.ListDealsParams{Limit: 100, Order: procuret.OrderDescending, OrderBy: by.key}))
		if len(asc) != len(all) || !slices.IsSortedFunc(asc, by.cmp) || !slices.IsSortedFunc(desc, func(a, b procuret.Deal) int { return by.cmp(b, a) }) {
			t.Errorf("deals by %s are not in order", by.key)
		}
	}
	walked := collect(t, e.supplier.AllDeals(ctx, procuret.ListDealsParams{Limit: 4}))
	if len(walked) != len(all) {
		t.Errorf("AllDeals over pages of 4: %d deals, want %d", len(walked), len(all))
	}
	// Latepay sees the deals it is party to with both suppliers; Acme only its own.
	lp := map[string]bool{}
	for _, d := range must(e.latepay.ListDeals(ctx, procuret.ListDealsParams{})) {
		lp[d.SetupID] = true
	}
	if len(lp) != 3 || !lp["ex_ps_h3"] || !lp["ex_ps_acme1"] || !lp["ex_acme_p"] {
		t.Errorf("Latepay sees deals %v", lp)
	}
	_, err = e.acme.GetDeal(ctx, "cm_demo1")
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.supplier.GetDeal(ctx, "cm_none")
	itNotFound(t, err, "cm_none")
}

// itDealOps are TestIntegrationEveryOperation's rows for deals.
func itDealOps(f *itFixture) []itOp {
	supplier := f.supplier
	return []itOp{
		{method: "GetDeal", run: func(t *testing.T) {
			d, err := supplier.GetDeal(t.Context(), "cm_demo1")
			if err != nil || d.SetupID != "ex_demo1" || d.CreditAssessmentState != procuret.AssessmentStatePassed || !d.InvoiceValue.Equal(itDec("4200")) {
				t.Errorf("GetDeal = %+v, %v", d, err)
			}
		}, unknownID: "cm_none", unknown: func(ctx context.Context) error {
			_, err := supplier.GetDeal(ctx, "cm_none")
			return err
		}},
		{method: "ListDeals", run: func(t *testing.T) {
			defer rescue(t)
			ds := must(supplier.ListDeals(t.Context(), procuret.ListDealsParams{OrderBy: procuret.DealOrderByValue, Order: procuret.OrderAscending, Limit: 100}))
			if len(ds) < 7 || !slices.IsSortedFunc(ds, func(a, b procuret.Deal) int { return a.InvoiceValue.Cmp(b.InvoiceValue) }) {
				t.Errorf("%d deals by value", len(ds))
			}
		}},
		{method: "AllDeals", run: func(t *testing.T) {
			if got := collect(t, supplier.AllDeals(t.Context(), procuret.ListDealsParams{Limit: 3})); len(got) < 7 {
				t.Errorf("AllDeals: %d deals", len(got))
			}
		}},
	}
}
