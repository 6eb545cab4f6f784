package procuret

import (
	"context"
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// StringID is an ID the contract carries as a JSON string (the supplier_id of
// SupplierPayNowFeeMode, as the Swift SDK sends it); it decodes from a string
// or an integer. Its Int64 method gives the ID.
type StringID = types.StringID

// GetPayNowFeeMode returns who pays the supplier's pay-now fee when a
// customer pays in full now: PayNowFeeModeCustomerPays or
// PayNowFeeModeSupplierPays. Only the supplier's own agents may read it.
//
// API: GET /supplier/pay-now-fee-mode
func (c *Client) GetPayNowFeeMode(ctx context.Context, supplierID int64) (*SupplierPayNowFeeMode, error) {
	v := opGetPayNowFeeMode.check()
	v.id("supplier_id", supplierID)
	return invoke[SupplierPayNowFeeMode](ctx, c, call{op: &opGetPayNowFeeMode}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetPayNowFeeMode(ctx, &gen.GetPayNowFeeModeParams{SupplierID: supplierID})
	})
}

// SetPayNowFeeMode sets who pays the supplier's pay-now fee and returns the
// setting. It sends supplier_id as a JSON string, the form of the Swift SDK
// (the only one that calls it). Setting the mode the supplier already has
// changes nothing, so a call whose outcome is unknown may be repeated.
//
// API: POST /supplier/pay-now-fee-mode
func (c *Client) SetPayNowFeeMode(ctx context.Context, supplierID int64, mode PayNowFeeMode) (*SupplierPayNowFeeMode, error) {
	v := opSetPayNowFeeMode.check()
	v.id("supplier_id", supplierID)
	enum(&v, "mode", mode, false)
	return invoke[SupplierPayNowFeeMode](ctx, c, call{op: &opSetPayNowFeeMode}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.SetPayNowFeeMode(ctx, gen.SupplierPayNowFeeModeUpdate{SupplierID: gen.StringID(supplierID), Mode: mode})
	})
}

// MaxFeeDivisions is how many divisions a pay-now fee quote may have.
const MaxFeeDivisions = 10

// QuoteFeeParams are the input of QuotePayNowFee.
type QuoteFeeParams struct {
	SupplierID   int64           // the supplier the customer would pay; required
	Amount       decimal.Decimal // the amount to pay now; greater than zero, at most the currency's decimal places
	Denomination Denomination    // the amount's currency; 0 for AUD
	// Divisions split Amount by instrument (card, bank account): 1 to
	// MaxFeeDivisions of them, each greater than zero, adding up to Amount.
	Divisions []FeeDivision
}

// QuotePayNowFee returns what Procuret would charge to take p.Amount now,
// split into p.Divisions, and who would pay it (the supplier's fee mode).
// Nothing is charged and nothing changes: it is a quote, safe to repeat,
// although the API takes it as a POST (so a call cut off in flight is not
// retried by itself).
//
// API: POST /pay-now-transaction/fee/prospective
func (c *Client) QuotePayNowFee(ctx context.Context, p QuoteFeeParams) (*ProspectiveFee, error) {
	v := opCreateProspectiveFee.check()
	v.id("supplier_id", p.SupplierID)
	enum(&v, "amount.denomination", p.Denomination, true)
	cur := p.Denomination
	if cur == 0 {
		cur = DenominationAUD
	}
	v.money("amount.magnitude", p.Amount, cur)
	switch n := len(p.Divisions); {
	case n == 0:
		v.fail("divisions", "is empty: give at least one division")
	case n > MaxFeeDivisions:
		v.fail("divisions", "has %d divisions; the most is %d", n, MaxFeeDivisions)
	}
	body := gen.ProspectiveFeeCreate{
		SupplierID: p.SupplierID,
		Amount:     gen.AmountCreate{Magnitude: wireAmount(p.Amount, cur), Denomination: cur},
		Divisions:  make([]gen.FeeDivision, len(p.Divisions)),
	}
	sum := decimal.Zero
	for i, d := range p.Divisions {
		field := "divisions." + strconv.Itoa(i)
		enum(&v, field+".instrument", d.Instrument, false)
		v.money(field+".magnitude", d.Magnitude, cur)
		sum = sum.Add(d.Magnitude)
		body.Divisions[i] = gen.FeeDivision{Instrument: d.Instrument, Magnitude: wireAmount(d.Magnitude, cur)}
	}
	if len(p.Divisions) > 0 && p.Amount.IsPositive() && !sum.Equal(p.Amount) {
		v.fail("divisions", "add up to %s, not the amount %s", decimalString(sum), decimalString(p.Amount))
	}
	return invoke[ProspectiveFee](ctx, c, call{op: &opCreateProspectiveFee}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.CreateProspectiveFee(ctx, body)
	})
}
