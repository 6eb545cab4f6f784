package procuret

import (
	"context"
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
)

// QuoteParams ask what a customer would pay per period to finance Principal
// with a supplier.
type QuoteParams struct {
	SupplierID int64           // the supplier's entity ID (required)
	Principal  decimal.Decimal // the amount financed, > 0, at most two decimal places (required)
	Periods    int             // Quote: the number of monthly periods, 1–120; QuoteAll: must be 0
	Currency   Denomination    // the principal's currency; 0: the supplier's default
	Cycle      Cycle           // CycleAdvance or CycleArrears; 0 means CycleAdvance, as every SDK sends
}

// Quote returns what the customer would pay per period over p.Periods
// periods. It needs no session but sends the client's when it has one. A
// principal below the minimum (500) or a term the supplier does not offer
// answers ErrUnprocessable.
//
// API: GET /credit/prospective-payment
func (c *Client) Quote(ctx context.Context, p QuoteParams) (*ProspectivePayment, error) {
	v := opGetProspectivePayment.check()
	cycle := p.check(&v, "principle")
	if p.Periods < 1 || p.Periods > 120 {
		v.fail("periods", "must be between 1 and 120 (got %d)", p.Periods)
	}
	params := &gen.GetProspectivePaymentParams{
		SupplierID:   p.SupplierID,
		Principle:    wireAmount(p.Principal, p.Currency),
		Periods:      p.Periods,
		Cycle:        cycle,
		Denomination: ptr(p.Currency),
	}
	return invoke[ProspectivePayment](ctx, c, call{op: &opGetProspectivePayment}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetProspectivePayment(ctx, params)
	})
}

// QuoteAll returns one quote per term the supplier offers, shortest first.
// p.Periods must be 0. It needs no session but sends the client's when it has
// one.
//
// API: GET /credit/prospective-payment/list
func (c *Client) QuoteAll(ctx context.Context, p QuoteParams) ([]ProspectivePayment, error) {
	v := opListProspectivePayments.check()
	cycle := p.check(&v, "principal_magnitude")
	if p.Periods != 0 {
		v.fail("periods", "is not used when quoting every term; leave it 0 (got %d)", p.Periods)
	}
	params := &gen.ListProspectivePaymentsParams{
		SupplierID:         p.SupplierID,
		PrincipalMagnitude: ptr(wireAmount(p.Principal, p.Currency)),
		Cycle:              cycle,
		Denomination:       ptr(p.Currency),
	}
	qs, err := invoke[[]ProspectivePayment](ctx, c, call{op: &opListProspectivePayments}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListProspectivePayments(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	return *qs, nil
}

// check applies the rules Quote and QuoteAll share and returns the cycle to
// send.
func (p QuoteParams) check(v *checker, principalField string) Cycle {
	v.id("supplier_id", p.SupplierID)
	enum(v, "denomination", p.Currency, true)
	v.money(principalField, p.Principal, p.Currency)
	enum(v, "cycle", p.Cycle, true)
	if p.Cycle == 0 {
		return CycleAdvance
	}
	return p.Cycle
}
