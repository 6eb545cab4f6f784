package integration

import (
	"slices"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

func TestIntegrationPendingSeries(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	yes, no := true, false
	all := must(e.supplier.ListPendingSeries(ctx, procuret.ListPendingParams{}))
	// The default data: one plan in each assessment state, newest first.
	if got, want := pendingIDs(all), []string{"ex_pend3", "ex_pend1", "ex_pend4", "ex_pend2", "ex_pend5"}; !slices.Equal(got, want) {
		t.Fatalf("pending = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		p    procuret.ListPendingParams
		want []string
	}{
		{procuret.ListPendingParams{AwaitingIdentityAssessment: &yes}, []string{"ex_pend3", "ex_pend1"}},
		{procuret.ListPendingParams{AwaitingCreditAssessment: &yes}, []string{"ex_pend1", "ex_pend2"}},
		{procuret.ListPendingParams{AwaitingIdentityAssessment: &no, AwaitingCreditAssessment: &no}, []string{"ex_pend4", "ex_pend5"}},
		{procuret.ListPendingParams{AwaitingIdentityAssessment: &yes, AwaitingCreditAssessment: &yes}, []string{"ex_pend1"}},
		{procuret.ListPendingParams{BusinessID: mOutbackID}, []string{"ex_pend2", "ex_pend5"}},
		{procuret.ListPendingParams{HumanID: mOliAgent, SupplierID: itSupplierID}, []string{"ex_pend2", "ex_pend5"}},
		{procuret.ListPendingParams{Limit: 2, Offset: 2}, []string{"ex_pend4", "ex_pend2"}},
	} {
		if got := pendingIDs(must(e.supplier.ListPendingSeries(ctx, tc.p))); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
	p1 := all[1]
	if p1.CommitmentID != "cm_ex_pend1" || p1.Exchange.Description != "INV-0101" || !p1.Exchange.Amount.Magnitude.Equal(itDec("2400.00")) ||
		p1.Exchange.Supplier.EntityID != itSupplierID || !p1.AwaitingIdentityAssessment || !p1.AwaitingCreditAssessment {
		t.Errorf("ex_pend1 = %+v", p1)
	}
	if all[0].Exchange.Amount.Denomination.Iso4217 != "NZD" {
		t.Errorf("Kiwi Fresh's plan is in %s, want NZD", all[0].Exchange.Amount.Denomination.Iso4217)
	}
	if walked := collect(t, e.supplier.AllPendingSeries(ctx, procuret.ListPendingParams{Limit: 2})); !slices.Equal(pendingIDs(walked), pendingIDs(all)) {
		t.Errorf("AllPendingSeries = %v", pendingIDs(walked))
	}
	// A customer sees its own plans; another supplier's are neither listed nor filterable.
	if got := pendingIDs(must(e.casey.ListPendingSeries(ctx, procuret.ListPendingParams{}))); !slices.Equal(got, []string{"ex_pend4"}) {
		t.Errorf("Casey sees %v", got)
	}
	if got := pendingIDs(must(e.acme.ListPendingSeries(ctx, procuret.ListPendingParams{}))); !slices.Equal(got, []string{"ex_acme_p"}) {
		t.Errorf("Acme sees %v", got)
	}
	_, err := e.supplier.ListPendingSeries(ctx, procuret.ListPendingParams{SupplierID: mAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.acme.ListPendingSeries(ctx, procuret.ListPendingParams{BusinessID: mCustCoID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
}

// TestIntegrationPendingFromLinkOpen: a link opened by its invitee, who has a business account,
// begins a plan: a pending plan waiting for both assessments and a deal in progress, with the
// link's amount; opening it again changes nothing.
func TestIntegrationPendingFromLinkOpen(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	l, err := e.supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("1750.00"), InviteeEmail: sandbox.DefaultBusinessEmail,
		InvoiceIdentifier: "INV-LINK-1", Communication: procuret.DoNotNotify,
	})
	if err != nil {
		t.Fatal(err)
	}
	before := must(e.casey.ListPendingSeries(ctx, procuret.ListPendingParams{}))
	for range 2 {
		if err := e.anon.MarkInstalmentLinkOpened(ctx, l.PublicID); err != nil {
			t.Fatal(err)
		}
	}
	after := must(e.casey.ListPendingSeries(ctx, procuret.ListPendingParams{}))
	if len(after) != len(before)+1 {
		t.Fatalf("pending plans %v after opening the link twice, were %v", pendingIDs(after), pendingIDs(before))
	}
	p := after[0]
	if p.Exchange.Description != "INV-LINK-1" || !p.Exchange.Amount.Magnitude.Equal(itDec("1750.00")) || !p.AwaitingIdentityAssessment || !p.AwaitingCreditAssessment {
		t.Errorf("the plan the link began: %+v", p)
	}
	d, err := e.supplier.GetDeal(ctx, p.CommitmentID)
	if err != nil {
		t.Fatal(err)
	}
	if d.CreditAssessmentState != procuret.AssessmentStateInProgress || !d.InvoiceValue.Equal(itDec("1750.00")) || !d.SumPayments.IsZero() ||
		!d.TotalPayable.GreaterThan(d.InvoiceValue) || d.TransactingHumanID != sandbox.DefaultBusinessAgentID || d.TransactingHumanName != "Casey Customer" {
		t.Errorf("deal of the link's plan = %+v", d)
	}
	// A link to somebody without an account begins nothing.
	l2, err := e.supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("600.00"), InviteeEmail: "nobody@example.com", InvoiceIdentifier: "INV-LINK-2", Communication: procuret.DoNotNotify,
	})
	if err != nil {
		t.Fatal(err)
	}
	n := len(must(e.supplier.ListPendingSeries(ctx, procuret.ListPendingParams{})))
	if err := e.anon.MarkInstalmentLinkOpened(ctx, l2.PublicID); err != nil {
		t.Fatal(err)
	}
	if m := len(must(e.supplier.ListPendingSeries(ctx, procuret.ListPendingParams{}))); m != n {
		t.Errorf("opening a link without a business invitee made %d pending plans into %d", n, m)
	}
}

// itPendingOps are TestIntegrationEveryOperation's rows for pending plans (the default data's
// five, one per assessment state, and any a link's first open began).
func itPendingOps(f *itFixture) []itOp {
	supplier := f.supplier
	yes := true
	return []itOp{
		{method: "ListPendingSeries", run: func(t *testing.T) {
			defer rescue(t)
			got := pendingIDs(must(supplier.ListPendingSeries(t.Context(), procuret.ListPendingParams{AwaitingIdentityAssessment: &yes, SupplierID: itSupplierID})))
			if !slices.Contains(got, "ex_pend1") || !slices.Contains(got, "ex_pend3") || slices.Contains(got, "ex_pend2") {
				t.Errorf("awaiting identity: %v", got)
			}
		}},
		{method: "AllPendingSeries", run: func(t *testing.T) {
			defer rescue(t)
			all := must(supplier.ListPendingSeries(t.Context(), procuret.ListPendingParams{Limit: 100}))
			if got := collect(t, supplier.AllPendingSeries(t.Context(), procuret.ListPendingParams{Limit: 2})); len(all) < 5 || !slices.Equal(pendingIDs(got), pendingIDs(all)) {
				t.Errorf("AllPendingSeries = %v, want %v", pendingIDs(got), pendingIDs(all))
			}
		}},
	}
}
