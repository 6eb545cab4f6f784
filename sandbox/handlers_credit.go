package sandbox

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
)

// GetProspectivePayment quotes one term with the formula in money.go. An unknown supplier
// answers 404; a principal below 500, above the supplier's maximum or with more decimal places
// than the currency, a currency the supplier does not accept, or a term it does not offer, 422.
func (h *handlers) GetProspectivePayment(_ context.Context, req sandboxgen.GetProspectivePaymentRequestObject) (sandboxgen.GetProspectivePaymentResponseObject, error) {
	q := req.Params
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	sup, cur, err := quotable(st, q.SupplierID, "principle", q.Principle, q.Denomination)
	if err != nil {
		return nil, err
	}
	rate, ok := sup.rate(q.Periods)
	if !ok {
		return nil, unprocessable("periods: supplier %d does not offer %d months (it offers %s)", sup.e.id, q.Periods, offered(sup))
	}
	return sandboxgen.GetProspectivePayment200JSONResponse(quote(sup, cur, q.Principle, rate, q.Cycle)), nil
}

// ListProspectivePayments quotes every term the supplier offers, shortest first.
func (h *handlers) ListProspectivePayments(_ context.Context, req sandboxgen.ListProspectivePaymentsRequestObject) (sandboxgen.ListProspectivePaymentsResponseObject, error) {
	q := req.Params
	if q.PrincipalMagnitude == nil { // .NET's principle was renamed before binding (compat.go)
		return nil, badRequest("principal_magnitude: required query parameter is missing (older .NET clients send it as principle)")
	}
	principal := *q.PrincipalMagnitude
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	sup, cur, err := quotable(st, q.SupplierID, "principal_magnitude", principal, q.Denomination)
	if err != nil {
		return nil, err
	}
	out := make([]gen.ProspectivePayment, 0, len(sup.rates))
	for _, r := range sup.rates {
		out = append(out, quote(sup, cur, principal, r, q.Cycle))
	}
	return sandboxgen.ListProspectivePayments200JSONResponse(out), nil
}

func quotable(st *store, supplierID int64, param string, principal decimal.Decimal, denom *gen.Denomination) (*supplier, gen.Currency, *apiError) {
	sup := st.suppliers[supplierID]
	if sup == nil {
		return nil, gen.Currency{}, notFound("No supplier %d", supplierID)
	}
	d := sup.defaultDenom
	if denom != nil {
		d = *denom
	}
	cur := currencies[d]
	switch {
	case !sup.authorised:
		return nil, cur, unprocessable("supplier %d may not offer instalments yet", supplierID)
	case !sup.offers(d):
		return nil, cur, unprocessable("denomination: supplier %d does not accept %s", supplierID, cur.Iso4217)
	case decimalPlaces(principal) > int32(cur.Exponent):
		return nil, cur, unprocessable("%s has more than %d decimal places for %s (got %s)", param, cur.Exponent, cur.Iso4217, principal)
	case principal.LessThan(minimumPrincipal):
		return nil, cur, unprocessable("%s must be at least %s (got %s)", param, minimumPrincipal.StringFixed(int32(cur.Exponent)), principal)
	case principal.GreaterThan(sup.maxTx):
		return nil, cur, unprocessable("%s %s exceeds supplier %d's maximum transaction of %s", param, principal, supplierID, sup.maxTx.StringFixed(2))
	}
	return sup, cur, nil
}

func quote(sup *supplier, cur gen.Currency, principal decimal.Decimal, r termRate, cycle gen.Cycle) gen.ProspectivePayment {
	return gen.ProspectivePayment{
		Payment:    payment(principal, r.periods, r.annualPercent, cycle, int32(cur.Exponent)),
		Periods:    r.periods,
		Cycle:      cycle,
		SupplierID: sup.e.id,
		Currency:   cur,
	}
}

func offered(sup *supplier) string {
	if len(sup.rates) == 0 {
		return "no terms"
	}
	var b strings.Builder
	for i, r := range sup.rates {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(r.periods))
	}
	return b.String()
}
