package integration

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

func TestIntegrationSupplierSales(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	all := must(e.supplier.ListSupplierSales(ctx, procuret.ListSalesParams{}))
	// Newest first: ps_demo1 began three months before the sandbox, the others in 2025.
	if got, want := saleIDs(all), []string{"INV-0042", "INV-H4", "INV-H3", "INV-H2", "INV-H1"}; !slices.Equal(got, want) {
		t.Fatalf("sales = %v, want %v", got, want)
	}
	// Each sale is its series: same customer, amount, currency and creation time.
	for _, s := range all {
		ps := must(e.supplier.ListPaymentSeries(ctx, procuret.ListSeriesParams{Fragment: s.Identifier}))
		if len(ps) != 1 {
			t.Fatalf("series of sale %s: %v", s.Identifier, itSeriesIDs(ps))
		}
		if s.Customer != ps[0].Customer || s.Supplier != ps[0].Supplier || !s.Amount.Magnitude.Equal(ps[0].Amount.Magnitude) ||
			s.Amount.Denomination != ps[0].Amount.Denomination || !s.Created.Equal(ps[0].Created) || s.PublicID == "" {
			t.Errorf("sale %+v does not follow its series %+v", s, ps[0])
		}
	}
	asc := must(e.supplier.ListSupplierSales(ctx, procuret.ListSalesParams{Order: procuret.OrderAscending, OrderBy: procuret.SupplierSaleOrderByCreated}))
	if got := saleIDs(asc); !slices.Equal(got, itReversed(saleIDs(all))) {
		t.Errorf("ascending = %v", got)
	}
	for _, tc := range []struct {
		p    procuret.ListSalesParams
		want []string
	}{
		{procuret.ListSalesParams{AnyFragment: "h3"}, []string{"INV-H3"}},
		{procuret.ListSalesParams{AnyFragment: "latepay"}, []string{"INV-H3"}},
		{procuret.ListSalesParams{BusinessID: mCustCoID}, []string{"INV-0042", "INV-H2", "INV-H1"}},
		{procuret.ListSalesParams{SupplierID: itSupplierID, MethodID: "pm_Card1"}, []string{"INV-H1"}},
		{procuret.ListSalesParams{MethodID: "pm_none"}, []string{}},
		{procuret.ListSalesParams{Limit: 2, Offset: 3}, []string{"INV-H2", "INV-H1"}},
	} {
		got := saleIDs(must(e.supplier.ListSupplierSales(ctx, tc.p)))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: sales %v, want %v", tc.p, got, tc.want)
		}
	}
	// More than one page: three requests of two.
	before := e.sent.Load()
	walked := collect(t, e.supplier.AllSupplierSales(ctx, procuret.ListSalesParams{Limit: 2}))
	if got := saleIDs(walked); !slices.Equal(got, saleIDs(all)) || e.sent.Load()-before != 3 {
		t.Errorf("AllSupplierSales = %v in %d requests, want %v in 3", got, e.sent.Load()-before, saleIDs(all))
	}
	// Who sees what: Acme its own sale only; a customer no supplier's sales; the demo
	// supplier may not ask for Acme's.
	if got := saleIDs(must(e.acme.ListSupplierSales(ctx, procuret.ListSalesParams{}))); !slices.Equal(got, []string{"ACME-1"}) {
		t.Errorf("Acme sees %v", got)
	}
	if got := must(e.casey.ListSupplierSales(ctx, procuret.ListSalesParams{})); len(got) != 0 {
		t.Errorf("a customer sees sales %v", saleIDs(got))
	}
	_, err := e.supplier.ListSupplierSales(ctx, procuret.ListSalesParams{SupplierID: mAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
}

func TestIntegrationSupplierPayouts(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	payouts := must(e.supplier.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{}))
	// Every sale is settled by exactly one payout, and the payouts add up to the sales.
	settled := map[string]int{}
	total := decimal.Zero
	for _, p := range payouts {
		for _, inv := range p.RelatedInvoiceIds {
			settled[inv]++
		}
		total = total.Add(p.Amount.Magnitude)
		if p.Supplier.EntityID != itSupplierID || p.Destination.PublicID == "" || p.Executed.Before(p.Created) {
			t.Errorf("payout %+v", p)
		}
	}
	sales := must(e.supplier.ListSupplierSales(ctx, procuret.ListSalesParams{}))
	sum := decimal.Zero
	for _, s := range sales {
		sum = sum.Add(s.Amount.Magnitude)
		if settled[s.Identifier] != 1 {
			t.Errorf("sale %s is settled by %d payouts", s.Identifier, settled[s.Identifier])
		}
	}
	if len(payouts) != 4 || !total.Equal(sum) || !total.Equal(itDec("11600.00")) {
		t.Errorf("%d payouts totalling %s; want 4 totalling the sales' %s", len(payouts), total, sum)
	}
	// The two sales to Customer Co committed on 2025-07-01 are paid out together, the next day.
	both := must(e.supplier.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{AnyFragment: "INV-H2"}))
	if len(both) != 1 || !slices.Equal(both[0].RelatedInvoiceIds, []string{"INV-H1", "INV-H2"}) || !both[0].Amount.Magnitude.Equal(itDec("2000.00")) ||
		both[0].Customer.EntityID != mCustCoID || both[0].Executed.String() != "2025-07-02 10:00:00.000000" {
		t.Fatalf("the payout of INV-H2 = %+v", both)
	}
	byID := must(e.supplier.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{PublicID: both[0].PublicID, SupplierID: itSupplierID}))
	if len(byID) != 1 || byID[0].PublicID != both[0].PublicID {
		t.Errorf("by public ID: %+v", byID)
	}
	for _, by := range []procuret.SupplierPayoutOrderBy{procuret.SupplierPayoutOrderByExecuted, procuret.SupplierPayoutOrderByCreated} {
		asc := must(e.supplier.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{Order: procuret.OrderAscending, OrderBy: by}))
		if !slices.IsSortedFunc(asc, func(a, b procuret.SupplierPayout) int { return a.Executed.Compare(b.Executed) }) || len(asc) != 4 {
			t.Errorf("ascending by %s: not in order", by)
		}
	}
	walked := collect(t, e.supplier.AllSupplierPayouts(ctx, procuret.ListPayoutsParams{Limit: 3}))
	if len(walked) != 4 || walked[0].PublicID != payouts[0].PublicID || walked[3].PublicID != payouts[3].PublicID {
		t.Errorf("AllSupplierPayouts over pages of 3: %d payouts", len(walked))
	}
	if got := must(e.acme.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{})); len(got) != 1 || got[0].RelatedInvoiceIds[0] != "ACME-1" {
		t.Errorf("Acme sees payouts %+v", got)
	}
	_, err := e.acme.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{SupplierID: itSupplierID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
}

// itSalesOps are TestIntegrationEveryOperation's rows for sales and payouts: the demo supplier
// has two series (ps_demo1, and ps_late1 with Latepay from itSeed), so two sales and two payouts.
func itSalesOps(f *itFixture) []itOp {
	supplier, customer := f.supplier, f.customer
	return []itOp{
		{method: "ListSupplierSales", run: func(t *testing.T) {
			defer rescue(t)
			if got := saleIDs(must(supplier.ListSupplierSales(t.Context(), procuret.ListSalesParams{Order: procuret.OrderAscending}))); !slices.Equal(got, []string{"INV-LATE-7", "INV-0042"}) {
				t.Errorf("sales = %v", got)
			}
			if got := saleIDs(must(supplier.ListSupplierSales(t.Context(), procuret.ListSalesParams{BusinessID: itLatepayID}))); !slices.Equal(got, []string{"INV-LATE-7"}) {
				t.Errorf("sales to Latepay = %v", got)
			}
			if got := must(customer.ListSupplierSales(t.Context(), procuret.ListSalesParams{})); len(got) != 0 {
				t.Errorf("a customer sees sales %v", saleIDs(got))
			}
		}},
		{method: "AllSupplierSales", run: func(t *testing.T) {
			if got := saleIDs(collect(t, supplier.AllSupplierSales(t.Context(), procuret.ListSalesParams{Limit: 1}))); !slices.Equal(got, []string{"INV-0042", "INV-LATE-7"}) {
				t.Errorf("AllSupplierSales = %v", got)
			}
		}},
		{method: "ListSupplierPayouts", run: func(t *testing.T) {
			defer rescue(t)
			ps := must(supplier.ListSupplierPayouts(t.Context(), procuret.ListPayoutsParams{AnyFragment: "late"}))
			if len(ps) != 1 || !slices.Equal(ps[0].RelatedInvoiceIds, []string{"INV-LATE-7"}) || !ps[0].Amount.Magnitude.Equal(itDec("1200")) {
				t.Errorf("payouts = %+v", ps)
			}
			_, err := supplier.ListSupplierPayouts(t.Context(), procuret.ListPayoutsParams{SupplierID: itAcmeID})
			itAPIError(t, err, procuret.ErrNotAuthorised)
		}},
		{method: "AllSupplierPayouts", run: func(t *testing.T) {
			if got := collect(t, supplier.AllSupplierPayouts(t.Context(), procuret.ListPayoutsParams{Limit: 1})); len(got) != 2 {
				t.Errorf("AllSupplierPayouts: %d payouts, want 2", len(got))
			}
		}},
	}
}
