package procuret

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/types"
)

func checkSeries(t *testing.T, s PaymentSeries) {
	t.Helper()
	aud := Currency{Indexid: DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"}
	if s.PublicID != "ps_demo1" || s.CreatingAgent != 7205759403792794 || s.Customer.EntityID != 24681357924681357 ||
		s.Supplier.EntityID != 13991055489669749 || s.ExchangeID != "ex_demo1" || s.Identifier != "INV-0042" ||
		isZero(s.Mechanism) || s.Mechanism != PaymentMechanismOnPlatform || s.Completed || !s.AllowsSelfServePayments ||
		s.CommitmentID != "cm_demo1" || isZero(s.PaymentMethod) || s.PaymentMethod.PublicID != "pm_Bk4321" {
		t.Errorf("series = %+v", s)
	}
	for name, a := range map[string]struct {
		got  Amount
		want string
	}{"amount": {s.Amount, "4200.00"}, "sum_payments": {s.SumPayments, "2231.10"}, "total_payable": {s.TotalPayable, "4462.20"}} {
		if !a.got.Magnitude.Equal(decimalOf(a.want)) || a.got.Denomination != aud {
			t.Errorf("%s = %+v, want %s AUD", name, a.got, a.want)
		}
	}
	if !s.Created.Equal(types.MustParseTime("2026-06-01 10:00:00.000000")) || isZero(s.OldestUnpaidInstalmentDue24HrsStarting) ||
		!s.OldestUnpaidInstalmentDue24HrsStarting.Equal(types.MustParseTime("2026-12-01 00:00:00.000000")) {
		t.Errorf("times = %v, %v", s.Created, s.OldestUnpaidInstalmentDue24HrsStarting)
	}
}

func TestGetPaymentSeries(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/payment/series", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "public_id=ps_demo1")
		testSigned(t, r, "/payment/series")
		serveJSON(w, 200, specExample(t, "PaymentSeries"))
	})
	s, err := c.GetPaymentSeries(context.Background(), "ps_demo1")
	if err != nil {
		t.Fatal(err)
	}
	checkSeries(t, *s)
	_, err = c.GetPaymentSeries(context.Background(), "")
	checkValidation[struct{}](t, nil, err, "public_id", "is empty")
}

func TestListPaymentSeries(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/payment/series/list", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testSigned(t, r, "/payment/series/list")
		testQuery(t, r, strings.Join([]string{
			"limit=20", "offset=40", "order=descending", "order_by=created", "fragment=Customer+Co+%26+Sons%2B",
			"business_id=24681357924681357", "method_id=pm_Bk4321", "public_id=ps_demo1", "completed=false",
			"payment_mechanism=1", "has_overdue_instalment=true", "active_instrument=2",
			"instalment_due_before=2026-12-01+00%3A00%3A00.000000", "instalment_due_at_or_after=2026-11-01+00%3A00%3A00.000000",
			"min_overdue_days=0", "max_overdue_days=30", "collections_up_to_date=false", "with_modified_invoice=true",
		}, "&"))
		serveJSON(w, 200, specListExample(t, "PaymentSeries"))
	})
	ss, err := c.ListPaymentSeries(context.Background(), ListSeriesParams{
		Limit:                  20,
		Offset:                 40,
		Order:                  OrderDescending,
		OrderBy:                PaymentSeriesOrderByCreated,
		Fragment:               "Customer Co & Sons+",
		BusinessID:             24681357924681357,
		MethodID:               "pm_Bk4321",
		PublicID:               "ps_demo1",
		Completed:              new(false),
		PaymentMechanism:       PaymentMechanismOnPlatform,
		HasOverdueInstalment:   new(true),
		ActiveInstrument:       InstrumentBankAccount,
		InstalmentDueBefore:    types.MustParseTime("2026-12-01 00:00:00.000000"),
		InstalmentDueAtOrAfter: types.MustParseTime("2026-11-01 00:00:00.000000"),
		MinOverdueDays:         new(0),
		MaxOverdueDays:         new(30),
		CollectionsUpToDate:    new(false),
		WithModifiedInvoice:    new(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 {
		t.Fatalf("got %d series, want 1", len(ss))
	}
	checkSeries(t, ss[0])
}

func TestListPaymentSeriesDefaults(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/payment/series/list", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "")
		serveJSON(w, 200, []byte(`[]`))
	})
	ss, err := c.ListPaymentSeries(context.Background(), ListSeriesParams{})
	if err != nil || len(ss) != 0 {
		t.Fatalf("ListPaymentSeries = %v, %v", ss, err)
	}
}

func TestListPaymentSeriesValidation(t *testing.T) {
	c, _, _ := setup(t)
	for _, tc := range []struct {
		p          ListSeriesParams
		field, msg string
	}{
		{ListSeriesParams{Limit: 5000}, "limit", "between 1 and 1000"},
		{ListSeriesParams{Offset: -20}, "offset", "must not be negative"},
		{ListSeriesParams{Order: "up"}, "order", "unknown value up"},
		{ListSeriesParams{OrderBy: "amount"}, "order_by", "unknown value amount"},
		{ListSeriesParams{Fragment: strings.Repeat("é", 201)}, "fragment", "201 characters long; the most is 200"},
		{ListSeriesParams{Fragment: "  "}, "fragment", "is empty"},
		{ListSeriesParams{BusinessID: -1}, "business_id", "positive ID"},
		{ListSeriesParams{MethodID: "pm 1"}, "method_id", "letters, digits"},
		{ListSeriesParams{PublicID: "ps/1"}, "public_id", "letters, digits"},
		{ListSeriesParams{PaymentMechanism: 5}, "payment_mechanism", "unknown value 5"},
		{ListSeriesParams{ActiveInstrument: 3}, "active_instrument", "unknown value 3"},
		{ListSeriesParams{MinOverdueDays: new(-1)}, "min_overdue_days", "must not be negative (got -1)"},
		{ListSeriesParams{MaxOverdueDays: new(-1)}, "max_overdue_days", "must not be negative (got -1)"},
		{ListSeriesParams{MinOverdueDays: new(10), MaxOverdueDays: new(5)}, "min_overdue_days", "greater than max_overdue_days (10 > 5)"},
	} {
		ss, err := c.ListPaymentSeries(context.Background(), tc.p)
		if ss != nil {
			t.Errorf("series = %v", ss)
		}
		checkValidation[struct{}](t, nil, err, tc.field, tc.msg)
	}
}

func TestGetInstalmentSchedule(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-schedule", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "series_id=ps_demo1")
		testSigned(t, r, "/instalment-schedule")
		serveJSON(w, 200, specExample(t, "InstalmentSchedule"))
	})
	s, err := c.GetInstalmentSchedule(context.Background(), "ps_demo1")
	if err != nil {
		t.Fatal(err)
	}
	if s.SeriesID != "ps_demo1" || !s.HasInterest || len(s.Lines) != 1 {
		t.Fatalf("schedule = %+v", s)
	}
	l := s.Lines[0]
	if l.Sequence != 1 || !l.Date.Equal(types.MustParseDate("2026-07-01")) || !l.NominalPayment.Equal(decimalOf("371.85")) ||
		!l.OpeningBalance.Equal(decimalOf("4200")) || !l.InterestPaid.Equal(decimalOf("21")) || !l.PrincipalPaid.Equal(decimalOf("350.85")) ||
		!l.ClosingBalance.Equal(decimalOf("3849.15")) || isZero(l.Paid) || !l.Paid.Equal(decimalOf("371.85")) || !isZero(l.Payment) ||
		l.CommitmentPublicID != "cm_demo1" || l.Denomination.Iso4217 != "AUD" {
		t.Errorf("line = %+v", l)
	}
	if tr := s.TotalRow; !tr.TotalPayments.Equal(decimalOf("4462.20")) || !tr.TotalPrincipal.Equal(decimalOf("4200")) || !tr.TotalInterest.Equal(decimalOf("262.20")) {
		t.Errorf("total row = %+v", tr)
	}
	_, err = c.GetInstalmentSchedule(context.Background(), "ps 1")
	checkValidation[struct{}](t, nil, err, "series_id", "letters, digits")
}
