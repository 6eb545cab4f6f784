package sandbox_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/types"
)

func TestDefaultSeriesAndSchedule(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	ps := decode[gen.PaymentSeries](t, e.call(s, "GET", "/payment/series?public_id=ps_demo1", nil))
	sched := decode[gen.InstalmentSchedule](t, e.call(s, "GET", "/instalment-schedule?series_id=ps_demo1", nil))

	if ps.Supplier.EntityID != sandbox.DefaultSupplierID || ps.Customer.EntityID != sandbox.DefaultBusinessID ||
		!ps.Amount.Magnitude.Equal(decimal.RequireFromString("4200")) || ps.Completed || ps.ExchangeID != "ex_demo1" {
		t.Errorf("series %+v", ps)
	}
	if len(sched.Lines) != 12 || !sched.HasInterest || sched.SeriesID != "ps_demo1" {
		t.Fatalf("schedule has %d lines", len(sched.Lines))
	}
	// The schedule amortises the principal exactly and agrees with the series.
	var total, principal, interest, paid decimal.Decimal
	for i, l := range sched.Lines {
		if l.Sequence != i+1 || !l.ClosingBalance.Equal(l.OpeningBalance.Sub(l.PrincipalPaid)) ||
			!l.NominalPayment.Equal(l.PrincipalPaid.Add(l.InterestPaid)) || l.CommitmentPublicID != ps.CommitmentID {
			t.Errorf("line %d inconsistent: %+v", i+1, l)
		}
		if i > 0 && !l.OpeningBalance.Equal(sched.Lines[i-1].ClosingBalance) {
			t.Errorf("line %d opens at %s, previous closed at %s", i+1, l.OpeningBalance, sched.Lines[i-1].ClosingBalance)
		}
		total, principal, interest = total.Add(l.NominalPayment), principal.Add(l.PrincipalPaid), interest.Add(l.InterestPaid)
		paid = paid.Add(l.Paid)
	}
	// In advance: the first instalment is due the day the plan starts and bears no interest;
	// every regular instalment is the quoted payment for 4200 over 12 months.
	if !sched.Lines[0].InterestPaid.IsZero() || !sched.Lines[0].NominalPayment.Equal(decimal.RequireFromString("362.77")) {
		t.Errorf("first line %+v, want 362.77 without interest", sched.Lines[0])
	}
	if !sched.Lines[11].ClosingBalance.IsZero() || !principal.Equal(ps.Amount.Magnitude) ||
		!total.Equal(ps.TotalPayable.Magnitude) || !total.Equal(sched.TotalRow.TotalPayments) ||
		!interest.Equal(sched.TotalRow.TotalInterest) || !paid.Equal(ps.SumPayments.Magnitude) {
		t.Errorf("totals disagree: total %s principal %s interest %s paid %s; series %+v; total row %+v", total, principal, interest, paid, ps, sched.TotalRow)
	}
	// Started three months before the sandbox: four instalments are due and paid.
	first := types.DateOf(start).AddDays(0)
	if want := types.NewDate(first.Year(), first.Month()-3, first.Day()); !sched.Lines[0].Date.Equal(want) {
		t.Errorf("first instalment due %s, want %s", sched.Lines[0].Date, want)
	}
	if !paid.Equal(sched.Lines[0].NominalPayment.Mul(decimal.NewFromInt(4))) {
		t.Errorf("paid %s, want four instalments", paid)
	}
	if isZero(ps.OldestUnpaidInstalmentDue24HrsStarting) || !ps.OldestUnpaidInstalmentDue24HrsStarting.Time().Equal(sched.Lines[4].Date.Time()) {
		t.Errorf("oldest unpaid %v, want line 5's date %s", ps.OldestUnpaidInstalmentDue24HrsStarting, sched.Lines[4].Date)
	}

	// The customer sees the same series; another supplier does not.
	biz := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.LongLived)
	wantStatus(t, e.call(biz, "GET", "/payment/series?public_id=ps_demo1", nil), 200)
	wantError(t, e.call(s, "GET", "/payment/series?public_id=ps_nope", nil), 404, "No payment series")
	wantError(t, e.call(s, "GET", "/instalment-schedule?series_id=ps_nope", nil), 404)
}

func TestListPaymentSeriesFilters(t *testing.T) {
	e := seeded(t)
	both := e.session("both@other.example", auth.PerspectiveSupplier, auth.LongLived)
	list := func(query string) []string {
		t.Helper()
		r := e.call(both, "GET", "/payment/series/list"+query, nil)
		wantStatus(t, r, 200)
		var ids []string
		for _, s := range decode[[]gen.PaymentSeries](t, r) {
			ids = append(ids, s.PublicID)
			if isZero(s.Disposition) {
				t.Errorf("%s: item without disposition", query)
			}
		}
		return ids
	}
	// ps_late: 6 × 200 from 2026-06-15, two paid, so 2026-08-15 is overdue by 104 days on 2026-11-27.
	late := []string{"ps_late"}
	none := []string(nil)
	for query, want := range map[string][]string{
		"":                               late,
		"?fragment=ord-7":                late,
		"?fragment=LATE%20payers":        late,
		"?fragment=nothing":              none,
		"?business_id=9007199254740995":  late,
		"?business_id=24681357924681357": none,
		"?method_id=pm_Card99":           late,
		"?public_id=ps_late":             late,
		"?completed=false":               late,
		"?completed=true":                none,
		"?payment_mechanism=1":           late,
		"?payment_mechanism=2":           none,
		"?has_overdue_instalment=true":   late,
		"?collections_up_to_date=true":   none,
		"?active_instrument=1":           late,
		"?active_instrument=2":           none,
		"?min_overdue_days=104":          late,
		"?min_overdue_days=105":          none,
		"?max_overdue_days=103":          none,
		"?with_modified_invoice=true":    late,
		"?with_modified_invoice=false":   none,
		"?instalment_due_before=" + url.QueryEscape("2026-08-15 00:00:01.000000"):      late,
		"?instalment_due_before=" + url.QueryEscape("2026-08-15 00:00:00.000000"):      none,
		"?instalment_due_at_or_after=" + url.QueryEscape("2026-11-15 00:00:00.000000"): late,
		"?instalment_due_at_or_after=" + url.QueryEscape("2026-11-15 00:00:00.000001"): none,
	} {
		if got := list(query); len(got) != len(want) || (len(want) > 0 && got[0] != want[0]) {
			t.Errorf("%q: %v, want %v", query, got, want)
		}
	}
	// The default supplier sees its own series only, and not the seeded one.
	s := e.supplier()
	r := e.call(s, "GET", "/payment/series/list?order=ascending&limit=5", nil)
	if got := decode[[]gen.PaymentSeries](t, r); len(got) != 1 || got[0].PublicID != "ps_demo1" ||
		got[0].Disposition != (gen.Disposition{Sequence: 0, Count: 1, Limit: 5, Offset: 0}) {
		t.Errorf("default supplier's series %+v", got)
	}
	wantError(t, e.call(s, "GET", "/payment/series?public_id=ps_late", nil), 403, "may not see payment series ps_late")
	wantError(t, e.call(s, "GET", "/instalment-schedule?series_id=ps_late", nil), 403)
	sched := decode[gen.InstalmentSchedule](t, e.call(both, "GET", "/instalment-schedule?series_id=ps_late", nil))
	if !sched.Lines[1].Paid.Equal(sched.Lines[1].NominalPayment) || !sched.Lines[2].Paid.IsZero() {
		t.Errorf("ps_late paid: %v %v", sched.Lines[1].Paid, sched.Lines[2].Paid)
	}
	ps := decode[gen.PaymentSeries](t, e.call(both, "GET", "/payment/series?public_id=ps_late", nil))
	if isZero(ps.PaymentMethod) || ps.PaymentMethod.PublicID != "pm_Card99" || !ps.SumPayments.Magnitude.Equal(decimal.NewFromInt(400)) ||
		!ps.OldestUnpaidInstalmentDue24HrsStarting.Equal(types.NewTime(time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC))) {
		t.Errorf("ps_late %+v", ps)
	}
}

func TestEntitiesHumansCommitments(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	ent := decode[gen.Entity](t, e.call(s, "GET", "/entity?entity_id=13991055489669749", nil))
	if ent.PublicID != sandbox.DefaultSupplierID || ent.PublicIDShort != "DEMOSUP" || ent.HasSupplierRecord != true ||
		len(ent.EntityIdentifiers) != 1 || ent.EntityIdentifiers[0].Identifier != "51824753556" || ent.BusinessAddress.Region.Abbreviation != "NSW" {
		t.Errorf("supplier entity %+v", ent)
	}
	// The customer of a series the supplier can see is visible; other entities are not.
	wantStatus(t, e.call(s, "GET", "/entity?entity_id=24681357924681357", nil), 200)
	wantError(t, e.call(s, "GET", "/entity?entity_id=9007199254740995", nil), 403)
	wantError(t, e.call(s, "GET", "/entity?entity_id=42", nil), 404, "No entity 42")

	h := decode[gen.Human](t, e.call(s, "GET", "/human?human_id=7205759403792794", nil))
	if h.FirstName != "Dana" || h.EmailAddress.EmailAddress != sandbox.DefaultSupplierEmail {
		t.Errorf("own human %+v", h)
	}
	wantStatus(t, e.call(s, "GET", "/human?human_id="+itoa(colleagueID), nil), 200)                    // same supplier
	wantStatus(t, e.call(s, "GET", "/human?human_id="+itoa(sandbox.DefaultBusinessAgentID), nil), 200) // party to a series
	wantError(t, e.call(s, "GET", "/human?human_id="+itoa(otherAgentID), nil), 403)
	wantError(t, e.call(s, "GET", "/human?human_id=42", nil), 404)

	c := decode[gen.Commitment](t, e.call(s, "GET", "/commitment?setup_id=ex_demo1", nil))
	if c.PublicID != "cm_demo1" || c.CommittedHuman.PublicID != sandbox.DefaultBusinessAgentID || c.CurrencyIso4217 != "AUD" {
		t.Errorf("commitment %+v", c)
	}
	wantError(t, e.call(s, "GET", "/commitment?setup_id=ex_ps_late", nil), 403)
	wantError(t, e.call(s, "GET", "/commitment?setup_id=ex_nope", nil), 404)
}

func TestSupplierTermRatesAndXero(t *testing.T) {
	e := seeded(t)
	for _, q := range []string{"supplier_id=13991055489669749", "public_id=DEMOSUP"} {
		sup := decode[gen.Supplier](t, e.call(nil, "GET", "/supplier?"+q, nil))
		if sup.Entity.PublicID != sandbox.DefaultSupplierID || len(sup.TermRates) != 4 || sup.TermRates[3].Periods != 24 ||
			sup.DefaultDenomination.Iso4217 != "AUD" || len(sup.MaxTransactionSize) != 2 || isZero(sup.Brand) {
			t.Errorf("%s: %+v", q, sup)
		}
	}
	// 2^53 + 1 survives the trip: IDs are int64 end to end.
	if sup := decode[gen.Supplier](t, e.call(nil, "GET", "/supplier?supplier_id=9007199254740993", nil)); sup.Entity.PublicID != otherSupplierID {
		t.Errorf("supplier ID %d, want %d", sup.Entity.PublicID, otherSupplierID)
	}
	wantError(t, e.call(nil, "GET", "/supplier", nil), 400, "exactly one")
	wantError(t, e.call(nil, "GET", "/supplier?supplier_id=1&public_id=X", nil), 400, "exactly one")
	wantError(t, e.call(nil, "GET", "/supplier?supplier_id=24681357924681357", nil), 404) // a business, not a supplier
	wantError(t, e.call(nil, "GET", "/supplier?public_id=NOPE", nil), 404)

	s := e.supplier()
	g := decode[gen.TermRateGroup](t, e.call(s, "GET", "/term-rate/group?public_id=trg_demo", nil))
	if g.PublicID != "trg_demo" || len(g.Rates) != 4 || !g.Active || g.Rates[0].SupplierEntityID != sandbox.DefaultSupplierID {
		t.Errorf("term rate group %+v", g)
	}
	wantError(t, e.call(s, "GET", "/term-rate/group?public_id=trg_nope", nil), 404)
	other := e.session("owner@other.example", auth.PerspectiveSupplier, auth.LongLived)
	wantError(t, e.call(other, "GET", "/term-rate/group?public_id=trg_demo", nil), 403)

	m := decode[gen.XeroEntityMap](t, e.call(s, "GET", "/xero/entity-map?entity_id=13991055489669749", nil))
	o := decode[gen.XeroOrganisation](t, e.call(s, "GET", "/xero/organisation?entity_id=13991055489669749", nil))
	if m.EntityID != sandbox.DefaultSupplierID || o.ShortCode != "!Dmo42" || o.EntityID != sandbox.DefaultSupplierID {
		t.Errorf("xero %+v %+v", m, o)
	}
	biz := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.LongLived)
	wantError(t, e.call(biz, "GET", "/xero/entity-map?entity_id=24681357924681357", nil), 404, "not connected to Xero")
	wantError(t, e.call(biz, "GET", "/xero/organisation?entity_id=24681357924681357", nil), 404)
	wantError(t, e.call(s, "GET", "/xero/entity-map?entity_id=9007199254740993", nil), 403)
	wantError(t, e.call(s, "GET", "/xero/organisation?entity_id=42", nil), 404)
}
