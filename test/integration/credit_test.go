package integration

import (
	"context"
	"slices"
	"testing"

	"github.com/procuret/procuret-go"
)

// itCreditOps are TestIntegrationEveryOperation's rows for the quotes.
func itCreditOps(f *itFixture) []itOp {
	e, supplier := f.e, f.supplier
	return []itOp{
		{
			method: "Quote",
			run: func(t *testing.T) {
				ctx := t.Context()
				// The README's worked example: 1000 AUD over 12 months at 7.9 % in advance.
				q, err := e.anon.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12})
				if err != nil {
					t.Fatal(err)
				}
				if !q.Payment.Equal(itDec("86.37")) || q.Periods != 12 || q.Cycle != procuret.CycleAdvance || q.SupplierID != itSupplierID {
					t.Errorf("quote = %+v, want 86.37 over 12 months in advance", q)
				}
				arrears, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12, Cycle: procuret.CycleArrears})
				if err != nil {
					t.Fatal(err)
				}
				if arrears.Cycle != procuret.CycleArrears || !arrears.Payment.GreaterThan(q.Payment) {
					t.Errorf("in arrears %+v, want more than in advance %s", arrears, q.Payment)
				}
				nzd, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12, Currency: procuret.DenominationNZD})
				if err != nil {
					t.Fatal(err)
				}
				if nzd.Currency.Iso4217 != "NZD" || !nzd.Payment.Equal(q.Payment) {
					t.Errorf("NZD quote = %+v", nzd)
				}
				// A term the supplier does not offer, and a principal below the minimum: 422.
				_, err = supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 7})
				itAPIError(t, err, procuret.ErrUnprocessable)
				_, err = supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("499.99"), Periods: 12})
				itAPIError(t, err, procuret.ErrUnprocessable)
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.Quote(ctx, procuret.QuoteParams{SupplierID: itUnknownEntity, Principal: itDec("1000"), Periods: 12})
				return err
			},
		},
		{
			method: "QuoteAll",
			run: func(t *testing.T) {
				qs, err := e.anon.QuoteAll(t.Context(), procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000")})
				if err != nil {
					t.Fatal(err)
				}
				if p := itPeriods(qs); !slices.Equal(p, []int{3, 6, 12, 24}) {
					t.Fatalf("periods %v", p)
				}
				if !qs[2].Payment.Equal(itDec("86.37")) {
					t.Errorf("12 months: %s, want 86.37", qs[2].Payment)
				}
				acme, err := supplier.QuoteAll(t.Context(), procuret.QuoteParams{SupplierID: itAcmeID, Principal: itDec("1200")})
				if err != nil {
					t.Fatal(err)
				}
				if len(acme) != 1 || acme[0].Periods != 6 || !acme[0].Payment.Equal(itDec("200")) || acme[0].SupplierID != itAcmeID {
					t.Errorf("Acme's quotes = %+v, want one: 200 over 6 months", acme)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.QuoteAll(ctx, procuret.QuoteParams{SupplierID: itUnknownEntity, Principal: itDec("1000")})
				return err
			},
		},
	}
}
