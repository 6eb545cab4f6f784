package integration

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/types"
)

// itCheckSeriesLists checks ListPaymentSeries' filters against the two series of the seeded
// sandbox: ps_demo1 (up to date, bank account, the demo customer, newer) and ps_late1
// (overdue since 2025, card, Latepay, older).
func itCheckSeriesLists(t *testing.T, supplier, customer *procuret.Client) {
	ctx := t.Context()
	demo, late := sandbox.DefaultSeriesID, itLateSeriesID
	now := types.NewTime(time.Now())
	both, none := []string{demo, late}, []string{}
	cases := []struct {
		name   string
		client *procuret.Client
		p      procuret.ListSeriesParams
		want   []string
	}{
		{"no filter, newest first", supplier, procuret.ListSeriesParams{}, both},
		{"ascending", supplier, procuret.ListSeriesParams{Order: procuret.OrderAscending, OrderBy: procuret.PaymentSeriesOrderByCreated}, []string{late, demo}},
		{"limit and offset", supplier, procuret.ListSeriesParams{Order: procuret.OrderAscending, Limit: 1, Offset: 1}, []string{demo}},
		{"public_id", supplier, procuret.ListSeriesParams{PublicID: late}, []string{late}},
		{"business_id", supplier, procuret.ListSeriesParams{BusinessID: itLatepayID}, []string{late}},
		{"fragment of the identifier", supplier, procuret.ListSeriesParams{Fragment: "inv-0042"}, []string{demo}},
		{"fragment of the customer", supplier, procuret.ListSeriesParams{Fragment: "Latepay"}, []string{late}},
		{"fragment of the supplier", supplier, procuret.ListSeriesParams{Fragment: "demo supplies"}, both},
		{"method_id", supplier, procuret.ListSeriesParams{MethodID: "pm_Card1"}, []string{late}},
		{"active_instrument", supplier, procuret.ListSeriesParams{ActiveInstrument: procuret.InstrumentBankAccount}, []string{demo}},
		{"completed", supplier, procuret.ListSeriesParams{Completed: new(true)}, none},
		{"running", supplier, procuret.ListSeriesParams{Completed: new(false)}, both},
		{"payment_mechanism", supplier, procuret.ListSeriesParams{PaymentMechanism: procuret.PaymentMechanismOnPlatform}, both},
		{"off platform", supplier, procuret.ListSeriesParams{PaymentMechanism: procuret.PaymentMechanismOffPlatform}, none},
		{"has_overdue_instalment", supplier, procuret.ListSeriesParams{HasOverdueInstalment: new(true)}, []string{late}},
		{"no overdue instalment", supplier, procuret.ListSeriesParams{HasOverdueInstalment: new(false)}, []string{demo}},
		{"collections_up_to_date", supplier, procuret.ListSeriesParams{CollectionsUpToDate: new(true)}, []string{demo}},
		{"min_overdue_days", supplier, procuret.ListSeriesParams{MinOverdueDays: new(30)}, []string{late}},
		{"max_overdue_days", supplier, procuret.ListSeriesParams{MaxOverdueDays: new(0)}, []string{demo}},
		{"min and max overdue days", supplier, procuret.ListSeriesParams{MinOverdueDays: new(0), MaxOverdueDays: new(100000)}, both},
		{"instalment_due_before", supplier, procuret.ListSeriesParams{InstalmentDueBefore: now}, []string{late}},
		{"instalment_due_at_or_after", supplier, procuret.ListSeriesParams{InstalmentDueAtOrAfter: now}, []string{demo}},
		{"with_modified_invoice", supplier, procuret.ListSeriesParams{WithModifiedInvoice: new(true)}, none},
		{"several at once", supplier, procuret.ListSeriesParams{Completed: new(false), HasOverdueInstalment: new(true), Fragment: "LATE", ActiveInstrument: procuret.InstrumentCard}, []string{late}},
		{"the customer's", customer, procuret.ListSeriesParams{}, []string{demo}},
	}
	for _, tc := range cases {
		got, err := tc.client.ListPaymentSeries(ctx, tc.p)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got == nil {
			t.Errorf("%s: a nil slice, want an empty one", tc.name)
		}
		if ids := itSeriesIDs(got); !slices.Equal(ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			continue
		}
		for i, s := range got {
			want := procuret.Disposition{Sequence: tc.p.Offset + i, Count: len(tc.want), Limit: itOr(tc.p.Limit, 20), Offset: tc.p.Offset}
			if tc.name == "limit and offset" {
				want.Count = 2
			}
			if isZero(s.Disposition) || s.Disposition != want {
				t.Errorf("%s: item %d disposition %+v, want %+v", tc.name, i, s.Disposition, want)
			}
		}
	}
}

// itSeriesOps are TestIntegrationEveryOperation's rows for the payment series and their
// schedules.
func itSeriesOps(f *itFixture) []itOp {
	acct, cust, supplier, customer := f.acct, f.cust, f.supplier, f.customer
	return []itOp{
		{
			method: "GetPaymentSeries",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "customer": customer} {
					s, err := c.GetPaymentSeries(t.Context(), sandbox.DefaultSeriesID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if s.PublicID != sandbox.DefaultSeriesID || s.Identifier != "INV-0042" || !s.Amount.Magnitude.Equal(itDec("4200")) ||
						s.Supplier.EntityID != itSupplierID || s.Customer.EntityID != cust.EntityID || s.ExchangeID != "ex_demo1" ||
						s.CommitmentID != "cm_demo1" || s.CreatingAgent != acct.AgentID || isZero(s.PaymentMethod) ||
						s.PaymentMethod.PublicID != "pm_Bk4321" || s.Completed || !s.SumPayments.Magnitude.IsPositive() {
						t.Errorf("%s: series = %+v", name, s)
					}
				}
				// The overdue series is not the demo customer's.
				_, err := customer.GetPaymentSeries(t.Context(), itLateSeriesID)
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "ps_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetPaymentSeries(ctx, "ps_doesnotexist")
				return err
			},
		},
		{
			method: "ListPaymentSeries",
			run:    func(t *testing.T) { itCheckSeriesLists(t, supplier, customer) },
		},
		{
			method: "AllPaymentSeries",
			run: func(t *testing.T) {
				var got []string
				for s, err := range supplier.AllPaymentSeries(t.Context(), procuret.ListSeriesParams{Limit: 1, Order: procuret.OrderAscending}) {
					if err != nil {
						t.Fatal(err)
					}
					if isZero(s.Disposition) || s.Disposition.Count != 2 || s.Disposition.Sequence != len(got) {
						t.Errorf("disposition %+v", s.Disposition)
					}
					got = append(got, s.PublicID)
				}
				if want := []string{itLateSeriesID, sandbox.DefaultSeriesID}; !slices.Equal(got, want) {
					t.Errorf("AllPaymentSeries = %v, want %v", got, want)
				}
			},
		},
		{
			method: "GetInstalmentSchedule",
			run: func(t *testing.T) {
				ctx := t.Context()
				for _, tc := range []struct {
					id      string
					periods int
					rate    float64
					paid    int
				}{{sandbox.DefaultSeriesID, 12, 7.9, 4}, {itLateSeriesID, 6, 4.9, 2}} {
					s, err := supplier.GetPaymentSeries(ctx, tc.id)
					if err != nil {
						t.Fatal(err)
					}
					sched, err := supplier.GetInstalmentSchedule(ctx, tc.id)
					if err != nil {
						t.Fatal(err)
					}
					q, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: s.Amount.Magnitude, Periods: tc.periods})
					if err != nil {
						t.Fatal(err)
					}
					if f, want := q.Payment.InexactFloat64(), itAdvancePayment(s.Amount.Magnitude.InexactFloat64(), tc.periods, tc.rate); math.Abs(f-want) > 0.0051 {
						t.Errorf("%s: payment %s, want %.4f", tc.id, q.Payment, want)
					}
					itCheckSchedule(t, s, sched, tc.periods, q.Payment)
					paid := 0
					for _, l := range sched.Lines {
						if !isZero(l.Paid) && l.Paid.IsPositive() {
							paid++
						}
					}
					if paid != tc.paid {
						t.Errorf("%s: %d paid, want %d", tc.id, paid, tc.paid)
					}
				}
			},
			unknownID: "ps_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetInstalmentSchedule(ctx, "ps_doesnotexist")
				return err
			},
		},
	}
}
