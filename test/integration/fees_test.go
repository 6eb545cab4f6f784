package integration

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

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

// itFeeOps are TestIntegrationEveryOperation's rows for pay-now fees. SetPayNowFeeMode puts the
// mode back, so that later rows see the default.
func itFeeOps(f *itFixture) []itOp {
	supplier := f.supplier
	return []itOp{
		{method: "GetPayNowFeeMode", run: func(t *testing.T) {
			m, err := supplier.GetPayNowFeeMode(t.Context(), itSupplierID)
			if err != nil || m.Mode != procuret.PayNowFeeModeSupplierPays || m.SupplierID.Int64() != itSupplierID {
				t.Errorf("GetPayNowFeeMode = %+v, %v", m, err)
			}
		}, unknownID: "9007199254740999", unknown: func(ctx context.Context) error {
			_, err := supplier.GetPayNowFeeMode(ctx, itUnknownEntity)
			return err
		}},
		{method: "SetPayNowFeeMode", run: func(t *testing.T) {
			for _, mode := range []procuret.PayNowFeeMode{procuret.PayNowFeeModeCustomerPays, procuret.PayNowFeeModeSupplierPays} {
				if m, err := supplier.SetPayNowFeeMode(t.Context(), itSupplierID, mode); err != nil || m.Mode != mode {
					t.Errorf("SetPayNowFeeMode(%d) = %+v, %v", mode, m, err)
				}
			}
		}},
		{method: "QuotePayNowFee", run: func(t *testing.T) {
			q, err := supplier.QuotePayNowFee(t.Context(), procuret.QuoteFeeParams{SupplierID: itSupplierID, Amount: itDec("100.00"),
				Divisions: []procuret.FeeDivision{{Instrument: procuret.InstrumentCard, Magnitude: itDec("100.00")}}})
			if err != nil || !q.Amount.Magnitude.Equal(itDec("1.75")) || !q.Percentage.Equal(itDec("1.75")) {
				t.Errorf("QuotePayNowFee = %+v, %v", q, err)
			}
		}},
	}
}
