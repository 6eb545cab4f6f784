package procuret_test

// Integration tests of the supplier's money and customers (issue 12): the client against a
// sandbox on loopback, every operation and every filter, who may see what, iterators over more
// than one page, and the schedule PDF read back with pdftotext.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// moneySeed gives the demo supplier a history beyond the default series (ps_demo1): two sales
// to Customer Co committed on one day (one payout settles both), one to Latepay, one to
// Harbour Cafe (a customer with a pending plan in the default data); and another supplier,
// Acme, with a sale and a pending plan of its own, none of which the demo supplier may see.
const moneySeed = `{
  "suppliers": [{"entity_id": 9007199254740993, "short_id": "ACME", "legal_name": "Acme Widgets Pty Ltd",
    "term_rates": [{"periods": 6, "annual_rate_percent": "0"}]}],
  "businesses": [{"entity_id": 9007199254740995, "short_id": "LATEPAY", "legal_name": "Latepay Holdings Pty Ltd",
    "created": "2025-01-10 00:00:00.000000"}],
  "accounts": [
    {"agent_id": 5000000000000001, "email": "owner@acme.example", "password": "s3cret",
     "first_name": "Ada", "last_name": "Acme", "entities": [9007199254740993]},
    {"agent_id": 5000000000000005, "email": "ap@latepay.example", "password": "pay later",
     "first_name": "Lee", "last_name": "Late", "entities": [9007199254740995]}
  ],
  "series": [
    {"public_id": "ps_h1", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "identifier": "INV-H1",
     "principal": "1200.00", "periods": 6, "created": "2025-07-01 09:00:00.000000", "first_due": "2025-07-01",
     "payment_method": {"public_id": "pm_Card1", "description": "Visa ending 0001", "instrument": 1}},
    {"public_id": "ps_h2", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "identifier": "INV-H2",
     "principal": "800.00", "periods": 3, "created": "2025-07-01 15:30:00.000000", "first_due": "2025-07-01"},
    {"public_id": "ps_h3", "supplier_id": 13991055489669749, "business_id": 9007199254740995, "identifier": "INV-H3",
     "principal": "3000.00", "periods": 12, "created": "2025-08-15 11:00:00.000000", "first_due": "2025-08-15",
     "paid_instalments": 4},
    {"public_id": "ps_h4", "supplier_id": 13991055489669749, "business_id": 31415926535897931, "identifier": "INV-H4",
     "principal": "2400.00", "periods": 24, "created": "2025-10-02 08:00:00.000000", "first_due": "2025-10-02"},
    {"public_id": "ps_acme1", "supplier_id": 9007199254740993, "business_id": 9007199254740995, "identifier": "ACME-1",
     "principal": "900.00", "periods": 6, "created": "2025-09-09 10:00:00.000000", "first_due": "2025-09-09"}
  ],
  "pending": [
    {"exchange_id": "ex_acme_p", "supplier_id": 9007199254740993, "business_id": 9007199254740995, "description": "ACME-2",
     "amount": "650.00", "periods": 6, "created": "2025-11-01 09:00:00.000000", "awaiting_identity_assessment": true}
  ]
}`

const (
	mAcmeID    int64 = 9007199254740993
	mLatepayID int64 = 9007199254740995
	mCustCoID  int64 = 24681357924681357
	mHarbourID int64 = 31415926535897931
	mOutbackID int64 = 27182818284590452
	mKiwiID    int64 = 16180339887498948
	mOliAgent  int64 = 6100000000000002
)

// moneyEnv is a seeded sandbox with clients for the demo supplier, its customer Casey, Acme's
// owner and Latepay's accounts payable.
type moneyEnv struct {
	*itEnv
	supplier, casey, acme, latepay *procuret.Client
}

func moneyStart(t *testing.T) *moneyEnv {
	t.Helper()
	e := itStart(t, "", sandbox.WithSeed(strings.NewReader(moneySeed)))
	as := func(email string, p procuret.Perspective) *procuret.Client {
		creds, err := e.sb.NewSession(email, p, auth.LongLived)
		if err != nil {
			t.Fatal(err)
		}
		return e.anon.Authenticated(creds)
	}
	return &moneyEnv{itEnv: e,
		supplier: as(sandbox.DefaultSupplierEmail, procuret.PerspectiveSupplier),
		casey:    as(sandbox.DefaultBusinessEmail, procuret.PerspectiveBusiness),
		acme:     as("owner@acme.example", procuret.PerspectiveSupplier),
		latepay:  as("ap@latepay.example", procuret.PerspectiveBusiness),
	}
}

// collect drains an iterator, failing the test on its error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterator: %v", err)
		}
		out = append(out, v)
	}
	return out
}

// must returns v, or ends the test with err: a test defers rescue(t) to report it.
func must[T any](v T, err error) T {
	if err != nil {
		panic(mustError{err})
	}
	return v
}

type mustError struct{ err error }

// rescue turns must's panic into the test's failure, and lets any other panic through.
func rescue(t *testing.T) {
	if r := recover(); r != nil {
		if m, ok := r.(mustError); ok {
			t.Fatalf("call failed: %v", m.err)
		}
		panic(r)
	}
}

func saleIDs(ss []procuret.SupplierSale) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Identifier
	}
	return out
}

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

func pendingIDs(ps []procuret.PendingSeries) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Exchange.PublicID
	}
	return out
}

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

// TestIntegrationFees: the fee mode belongs to the supplier, shows in its profile and in every
// quote; the quote follows the rates and the divisions.
func TestIntegrationFees(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	m, err := e.supplier.GetPayNowFeeMode(ctx, itSupplierID)
	if err != nil || m.Mode != procuret.PayNowFeeModeSupplierPays || m.SupplierID.Int64() != itSupplierID {
		t.Fatalf("GetPayNowFeeMode = %+v, %v", m, err)
	}
	quote := func(c *procuret.Client, denom procuret.Denomination, divs ...procuret.FeeDivision) (*procuret.ProspectiveFee, error) {
		sum := decimal.Zero
		for _, d := range divs {
			sum = sum.Add(d.Magnitude)
		}
		return c.QuotePayNowFee(ctx, procuret.QuoteFeeParams{SupplierID: itSupplierID, Amount: sum, Denomination: denom, Divisions: divs})
	}
	card := func(s string) procuret.FeeDivision {
		return procuret.FeeDivision{Instrument: procuret.InstrumentCard, Magnitude: itDec(s)}
	}
	bank := func(s string) procuret.FeeDivision {
		return procuret.FeeDivision{Instrument: procuret.InstrumentBankAccount, Magnitude: itDec(s)}
	}
	q, err := quote(e.supplier, 0, card("200.00"), bank("1000.00"))
	if err != nil {
		t.Fatal(err)
	}
	// 1.75 % of 200.00 + 0.50 % of 1000.00 = 3.50 + 5.00.
	if !q.Amount.Magnitude.Equal(itDec("8.50")) || q.Amount.Magnitude.String() != "8.5" || !q.Percentage.Equal(itDec("0.7083")) ||
		q.FeeMode != procuret.PayNowFeeModeSupplierPays || q.Amount.Denomination.Iso4217 != "AUD" {
		t.Errorf("quote = %+v", q)
	}
	set, err := e.supplier.SetPayNowFeeMode(ctx, itSupplierID, procuret.PayNowFeeModeCustomerPays)
	if err != nil || set.Mode != procuret.PayNowFeeModeCustomerPays {
		t.Fatalf("SetPayNowFeeMode = %+v, %v", set, err)
	}
	if m, err := e.supplier.GetPayNowFeeMode(ctx, itSupplierID); err != nil || m.Mode != procuret.PayNowFeeModeCustomerPays {
		t.Errorf("after setting: %+v, %v", m, err)
	}
	if sup, err := e.anon.GetSupplier(ctx, itSupplierID); err != nil || sup.PayNowFeeMode != procuret.PayNowFeeModeCustomerPays {
		t.Errorf("the supplier's profile after setting: %v, %v", sup, err)
	}
	// A customer may quote; the quote now says the customer pays. NZD too (the demo supplier
	// accepts it), rounded per division.
	q, err = quote(e.casey, procuret.DenominationNZD, card("0.30"))
	if err != nil || q.FeeMode != procuret.PayNowFeeModeCustomerPays || q.Amount.Denomination.Iso4217 != "NZD" || !q.Amount.Magnitude.Equal(itDec("0.01")) {
		t.Errorf("Casey's quote = %+v, %v", q, err)
	}
	// Acme accepts only AUD: 422. Acme may not read or set the demo supplier's mode; a
	// customer may not set it; an unknown supplier is 404.
	_, err = e.acme.QuotePayNowFee(ctx, procuret.QuoteFeeParams{SupplierID: mAcmeID, Amount: itDec("10.00"), Denomination: procuret.DenominationNZD, Divisions: []procuret.FeeDivision{card("10.00")}})
	itAPIError(t, err, procuret.ErrUnprocessable)
	_, err = e.acme.GetPayNowFeeMode(ctx, itSupplierID)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.acme.SetPayNowFeeMode(ctx, itSupplierID, procuret.PayNowFeeModeSupplierPays)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.casey.SetPayNowFeeMode(ctx, itSupplierID, procuret.PayNowFeeModeSupplierPays)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.supplier.GetPayNowFeeMode(ctx, itUnknownEntity)
	itNotFound(t, err, "9007199254740999")
	if m, _ := e.supplier.GetPayNowFeeMode(ctx, itSupplierID); m.Mode != procuret.PayNowFeeModeCustomerPays {
		t.Errorf("a refused set changed the mode to %d", m.Mode)
	}
}

func entityNames(es []procuret.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.PublicIDShort
	}
	return out
}

func TestIntegrationCustomers(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	// Entities: one's own and those one deals with (series and pending plans), by legal name.
	asc := procuret.ListEntitiesParams{Order: procuret.OrderAscending}
	if got, want := entityNames(must(e.supplier.ListEntities(ctx, asc))),
		[]string{"CUSTCO", "DEMOSUP", "HARBOUR", "KIWIFRESH", "LATEPAY", "OUTBACK"}; !slices.Equal(got, want) {
		t.Errorf("the demo supplier's entities = %v, want %v", got, want)
	}
	if got := entityNames(must(e.acme.ListEntities(ctx, asc))); !slices.Equal(got, []string{"ACME", "LATEPAY"}) {
		t.Errorf("Acme's entities = %v", got)
	}
	if got := entityNames(must(e.supplier.ListEntities(ctx, procuret.ListEntitiesParams{NameFragment: "TOOLS"}))); !slices.Equal(got, []string{"OUTBACK"}) {
		t.Errorf("name_fragment: %v", got)
	}
	shared := must(e.supplier.ListEntities(ctx, procuret.ListEntitiesParams{AccessibleTo: 5000000000000005, Order: procuret.OrderAscending, OrderBy: procuret.EntityOrderByCreated}))
	if got := entityNames(shared); !slices.Equal(got, []string{"LATEPAY", "DEMOSUP"}) { // created 2025-01-10, 2025-03-01
		t.Errorf("accessible to Latepay's agent: %v", got)
	}
	if walked := collect(t, e.supplier.AllEntities(ctx, procuret.ListEntitiesParams{Limit: 4})); len(walked) != 6 {
		t.Errorf("AllEntities over pages of 4: %d", len(walked))
	}

	// Businesses: the demo supplier's customers, oldest first by default.
	bizNames := func(bs []procuret.Business) []string {
		out := make([]string, len(bs))
		for i, b := range bs {
			out[i] = b.Entity.PublicIDShort
		}
		return out
	}
	yes, no := true, false
	for _, tc := range []struct {
		p    procuret.ListBusinessesParams
		want []string
	}{
		{procuret.ListBusinessesParams{}, []string{"LATEPAY", "CUSTCO", "HARBOUR", "OUTBACK", "KIWIFRESH"}},
		{procuret.ListBusinessesParams{HasTransacted: &yes}, []string{"LATEPAY", "CUSTCO", "HARBOUR"}},
		{procuret.ListBusinessesParams{HasTransacted: &no}, []string{"OUTBACK", "KIWIFRESH"}},
		{procuret.ListBusinessesParams{HasTransactedWith: mAcmeID}, []string{"LATEPAY"}},
		{procuret.ListBusinessesParams{AnyFragment: "cafe"}, []string{"HARBOUR"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByName, Order: procuret.OrderDescending, Limit: 2}, []string{"OUTBACK", "LATEPAY"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByLastTransactionCount, Order: procuret.OrderDescending, Limit: 1}, []string{"CUSTCO"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByLastTransactionTime, Order: procuret.OrderDescending, HasTransacted: &yes}, []string{"CUSTCO", "HARBOUR", "LATEPAY"}},
	} {
		if got := bizNames(must(e.supplier.ListBusinesses(ctx, tc.p))); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
	if walked := collect(t, e.supplier.AllBusinesses(ctx, procuret.ListBusinessesParams{Limit: 2})); len(walked) != 5 {
		t.Errorf("AllBusinesses over pages of 2: %d", len(walked))
	}
	if got := bizNames(must(e.casey.ListBusinesses(ctx, procuret.ListBusinessesParams{}))); !slices.Equal(got, []string{"CUSTCO"}) {
		t.Errorf("Casey sees businesses %v", got)
	}
	b, err := e.supplier.GetBusiness(ctx, mCustCoID)
	if err != nil || b.Entity.LegalEntityName != "Customer Co Pty Ltd" || !b.Entity.HasBusinessRecord {
		t.Errorf("GetBusiness = %+v, %v", b, err)
	}
	_, err = e.supplier.GetBusiness(ctx, itSupplierID) // a supplier, not a business
	itNotFound(t, err, "13991055489669749")
	_, err = e.acme.GetBusiness(ctx, mCustCoID)
	itAPIError(t, err, procuret.ErrNotAuthorised)

	// Suppliers: one's own; a customer's suppliers.
	supNames := func(ss []procuret.Supplier) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = s.Entity.PublicIDShort
		}
		return out
	}
	if got := supNames(must(e.latepay.ListSuppliers(ctx, procuret.ListSuppliersParams{}))); !slices.Equal(got, []string{"DEMOSUP", "ACME"}) {
		t.Errorf("Latepay's suppliers (legal name, descending) = %v", got)
	}
	for _, tc := range []struct {
		p    procuret.ListSuppliersParams
		want []string
	}{
		{procuret.ListSuppliersParams{AnyName: "widgets"}, []string{"ACME"}},
		{procuret.ListSuppliersParams{LegalName: "demo supplies pty ltd"}, []string{"DEMOSUP"}},
		{procuret.ListSuppliersParams{BrandName: "Demo Supplies"}, []string{"DEMOSUP"}},
		{procuret.ListSuppliersParams{HasBrand: &no}, []string{"ACME"}},
		{procuret.ListSuppliersParams{AuthorisedToTransact: &yes, Order: procuret.OrderAscending}, []string{"ACME", "DEMOSUP"}},
		{procuret.ListSuppliersParams{HasTransacted: &yes, OrderBy: procuret.SupplierOrderByTransactionCount}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{OrderBy: procuret.SupplierOrderByLastTransactionTime}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{OrderBy: procuret.SupplierOrderByCreated, Order: procuret.OrderAscending}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{DefaultDenomination: procuret.DenominationNZD}, []string{}},
		{procuret.ListSuppliersParams{Searchable: &no}, []string{}},
		{procuret.ListSuppliersParams{Active: &yes, AccessibleTo: 5000000000000001}, []string{"ACME"}},
	} {
		if got := supNames(must(e.latepay.ListSuppliers(ctx, tc.p))); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := supNames(must(e.supplier.ListSuppliers(ctx, procuret.ListSuppliersParams{}))); !slices.Equal(got, []string{"DEMOSUP"}) {
		t.Errorf("the demo supplier sees suppliers %v", got)
	}
	if walked := collect(t, e.latepay.AllSuppliers(ctx, procuret.ListSuppliersParams{Limit: 1})); len(walked) != 2 {
		t.Errorf("AllSuppliers over pages of 1: %d", len(walked))
	}
}

// TestIntegrationCreateSupplier: a business becomes a supplier, unauthorised and without terms
// until Procuret sets it up; it cannot become one twice, nor make another's entity one.
func TestIntegrationCreateSupplier(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	s, err := e.latepay.CreateSupplier(ctx, mLatepayID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entity.PublicID != mLatepayID || s.Authorised || len(s.TermRates) != 0 || !s.Entity.HasSupplierRecord ||
		s.DefaultDenomination != procuret.DenominationAUD || s.PayNowFeeMode != procuret.PayNowFeeModeSupplierPays {
		t.Errorf("new supplier = %+v", s)
	}
	got, err := e.anon.GetSupplier(ctx, mLatepayID)
	if err != nil || got.Entity.LegalEntityName != "Latepay Holdings Pty Ltd" {
		t.Errorf("GetSupplier of the new supplier: %v, %v", got, err)
	}
	no := false
	unauth := must(e.latepay.ListSuppliers(ctx, procuret.ListSuppliersParams{AuthorisedToTransact: &no}))
	if len(unauth) != 1 || unauth[0].Entity.PublicID != mLatepayID {
		t.Errorf("unauthorised suppliers Latepay sees: %+v", unauth)
	}
	_, err = e.latepay.CreateSupplier(ctx, mLatepayID)
	itAPIError(t, err, procuret.ErrUnprocessable)
	_, err = e.latepay.CreateSupplier(ctx, mCustCoID)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.latepay.CreateSupplier(ctx, itUnknownEntity)
	itNotFound(t, err, "9007199254740999")
}

// TestIntegrationSchedulePDF reads the schedule's PDF back with pdftotext (poppler-utils) and
// finds every instalment and the totals of GET /instalment-schedule in it.
func TestIntegrationSchedulePDF(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	doc, err := e.supplier.GetInstalmentSchedulePDF(ctx, "ps_h3")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(doc)
	doc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if doc.ContentType != "application/pdf" || doc.ContentLength != int64(len(raw)) || doc.Filename != "schedule-ps_h3.pdf" ||
		!bytes.HasPrefix(raw, []byte("%PDF-")) || !bytes.Contains(raw[len(raw)-32:], []byte("%%EOF")) {
		t.Fatalf("document: %q, %d bytes announced, %d read, starts %q", doc.ContentType, doc.ContentLength, len(raw), raw[:min(len(raw), 8)])
	}
	sched, err := e.supplier.GetInstalmentSchedule(ctx, "ps_h3")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, raw)
	money := func(d decimal.Decimal) string { return "$" + d.StringFixed(2) }
	for _, want := range []string{"Instalment schedule", "ps_h3", "INV-H3", "Demo Supplies Pty Ltd", "Latepay Holdings Pty Ltd", "3000.00 AUD",
		money(sched.TotalRow.TotalPayments), money(sched.TotalRow.TotalInterest), money(sched.TotalRow.TotalPrincipal)} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// Every line: its date, payment, interest, principal, balance and what is paid, in order.
	lines := strings.Split(text, "\n")
	at := 0
	for _, l := range sched.Lines {
		fields := []string{l.Date.String(), money(l.NominalPayment), money(l.InterestPaid), money(l.PrincipalPaid), money(l.ClosingBalance), money(l.Paid)}
		found := false
		for ; at < len(lines); at++ {
			if strings.Contains(lines[at], l.Date.String()) {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("instalment %d (%s) is not in the PDF:\n%s", l.Sequence, l.Date, text)
		}
		for _, f := range fields {
			if !strings.Contains(lines[at], f) {
				t.Errorf("instalment %d's row %q lacks %s", l.Sequence, lines[at], f)
			}
		}
	}
	if len(sched.Lines) != 12 || !sched.Lines[3].Paid.Equal(sched.Lines[3].NominalPayment) || !sched.Lines[4].Paid.IsZero() {
		t.Errorf("ps_h3 should have 12 lines, 4 paid: %+v", sched.Lines)
	}
	_, err = e.acme.GetInstalmentSchedulePDF(ctx, "ps_h3")
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.supplier.GetInstalmentSchedulePDF(ctx, "ps_none")
	itNotFound(t, err, "ps_none")
	var ve *procuret.ValidationError
	if _, err := e.supplier.GetInstalmentSchedulePDF(ctx, ""); !errors.As(err, &ve) {
		t.Errorf("empty series ID: %v", err)
	}
}

// pdfText extracts the text of a PDF with pdftotext -layout, keeping each table row on one
// line. Outside CI a machine without poppler-utils skips; in CI (CI=true) it must be there,
// and .ci/run installs it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is missing in CI; .ci/run installs it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
	}
	cmd := exec.CommandContext(context.Background(), bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s (the PDF is not valid)", err, stderr.String())
	}
	return out.String()
}
