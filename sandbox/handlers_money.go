package sandbox

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
)

// The supplier's money (ledger.go): sales, payouts, pending plans, deals, the schedule as a
// PDF and pay-now fees. A supplier sees its own; a business the deals and plans it is party
// to; an administrator everything. A filter naming a supplier or business the session may not
// see answers 403, as the link and series lists do.

// forbidFilter answers 403 when a filter names an existing entity the session may not see.
func (st *store) forbidFilter(p *principal, what string, id *int64) *apiError {
	if id != nil && st.entities[*id] != nil && !st.canSeeEntity(p, *id) {
		return notAuthorised("agent %d may not see the %s of entity %d", p.agent, what, *id)
	}
	return nil
}

func (h *handlers) ListSupplierSales(ctx context.Context, req sandboxgen.ListSupplierSalesRequestObject) (sandboxgen.ListSupplierSalesResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if err := st.forbidFilter(p, "sales", q.SupplierID); err != nil {
		return nil, err
	}
	frag := lowerPtr(q.AnyFragment)
	var matched []*series
	for _, s := range st.series {
		switch {
		case !st.canSeeEntity(p, s.supplier.id),
			frag != "" && !containsFold(frag, s.identifier, "sl_"+s.publicID, s.business.legalName, s.business.tradingName),
			q.BusinessID != nil && *q.BusinessID != s.business.id,
			q.SupplierID != nil && *q.SupplierID != s.supplier.id,
			q.MethodID != nil && (s.method == nil || *q.MethodID != s.method.publicID):
			continue
		}
		matched = append(matched, s)
	}
	sortPage(matched, pg, func(a, b *series) int { return a.created.Compare(b.created) }, func(s *series) int64 { return s.seq })
	views := make([]gen.SupplierSale, len(matched))
	for i, s := range matched {
		views[i] = saleOf(s)
	}
	return sandboxgen.ListSupplierSales200JSONResponse(window(views, pg, func(v *gen.SupplierSale, d *gen.Disposition) { v.Disposition = *d })), nil
}

func (h *handlers) ListSupplierPayouts(ctx context.Context, req sandboxgen.ListSupplierPayoutsRequestObject) (sandboxgen.ListSupplierPayoutsResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if err := st.forbidFilter(p, "payouts", q.SupplierID); err != nil {
		return nil, err
	}
	frag := lowerPtr(q.AnyFragment)
	var matched []*payout
	for _, po := range st.payouts(h.s.clock()) {
		first := po.series[0]
		fields := []string{po.publicID(), first.business.legalName, first.business.tradingName}
		for _, s := range po.series {
			fields = append(fields, s.identifier)
		}
		switch {
		case !st.canSeeEntity(p, first.supplier.id),
			frag != "" && !containsFold(frag, fields...),
			q.SupplierID != nil && *q.SupplierID != first.supplier.id,
			q.PublicID != nil && *q.PublicID != po.publicID():
			continue
		}
		matched = append(matched, po)
	}
	byCreated := q.OrderBy != nil && *q.OrderBy == gen.SupplierPayoutOrderByCreated
	sortPage(matched, pg, func(a, b *payout) int {
		if byCreated {
			return a.created.Compare(b.created)
		}
		return a.executed.Compare(b.executed)
	}, func(po *payout) int64 { return po.series[0].seq })
	views := make([]gen.SupplierPayout, len(matched))
	for i, po := range matched {
		views[i] = po.view(st)
	}
	return sandboxgen.ListSupplierPayouts200JSONResponse(window(views, pg, func(v *gen.SupplierPayout, d *gen.Disposition) { v.Disposition = *d })), nil
}

// ListPendingSeries lists pending plans, newest first (Swift sends no order).
func (h *handlers) ListPendingSeries(ctx context.Context, req sandboxgen.ListPendingSeriesRequestObject) (sandboxgen.ListPendingSeriesResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, nil)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	// A supplier may filter by a customer it deals with, a customer by a supplier it deals with.
	for _, id := range []*int64{q.SupplierID, q.BusinessID} {
		if id != nil && st.entities[*id] != nil && !st.canSeeEntityRecord(p, *id) {
			return nil, notAuthorised("agent %d may not see the pending plans of entity %d", p.agent, *id)
		}
	}
	var matched []*pending
	for _, pl := range st.ledger.pending {
		switch {
		case !st.canSeePending(p, pl),
			q.SupplierID != nil && *q.SupplierID != pl.supplier.id,
			q.BusinessID != nil && *q.BusinessID != pl.business.id,
			q.HumanID != nil && *q.HumanID != pl.committedAgent,
			q.AwaitingIdentityAssessment != nil && *q.AwaitingIdentityAssessment != pl.awaitingIdentity,
			q.AwaitingCreditAssessment != nil && *q.AwaitingCreditAssessment != pl.awaitingCredit:
			continue
		}
		matched = append(matched, pl)
	}
	sortPage(matched, pg, func(a, b *pending) int { return a.created.Compare(b.created) }, func(pl *pending) int64 { return pl.seq })
	views := make([]gen.PendingSeries, len(matched))
	for i, pl := range matched {
		views[i] = pl.view()
	}
	return sandboxgen.ListPendingSeries200JSONResponse(window(views, pg, func(v *gen.PendingSeries, d *gen.Disposition) { v.Disposition = *d })), nil
}

// GetInstalmentSchedulePDF renders the schedule of GET /instalment-schedule as a PDF.
func (h *handlers) GetInstalmentSchedulePDF(ctx context.Context, req sandboxgen.GetInstalmentSchedulePDFRequestObject) (sandboxgen.GetInstalmentSchedulePDFResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	s, err := st.visibleSeries(principalFrom(ctx), st.seriesByID[req.Params.SeriesID], "public_id", req.Params.SeriesID)
	if err != nil {
		st.mu.RUnlock()
		return nil, err
	}
	doc := scheduleDocument{series: s.view(h.s.today()), schedule: s.scheduleView(h.s.today()), printed: h.s.now()}
	st.mu.RUnlock()
	pdf, perr := doc.render()
	if perr != nil {
		return nil, perr // a sandbox bug: answered 500 and logged
	}
	disposition := fmt.Sprintf("attachment; filename=%q", "schedule-"+s.publicID+".pdf")
	return sandboxgen.GetInstalmentSchedulePDF200ApplicationPDFResponse{
		Body:          bytes.NewReader(pdf),
		ContentLength: int64(len(pdf)),
		Headers:       sandboxgen.GetInstalmentSchedulePDF200ResponseHeaders{ContentDisposition: &disposition},
	}, nil
}

// feeSupplier returns the supplier whose fee mode a session reads or sets: 404 unknown, 403 not
// its own (an administrator may see any).
func (st *store) feeSupplier(p *principal, id int64) (*supplier, *apiError) {
	sup := st.suppliers[id]
	if sup == nil {
		return nil, notFound("No supplier %d", id)
	}
	if !st.canSeeEntity(p, id) {
		return nil, notAuthorised("agent %d may not manage supplier %d", p.agent, id)
	}
	return sup, nil
}

func (h *handlers) GetPayNowFeeMode(ctx context.Context, req sandboxgen.GetPayNowFeeModeRequestObject) (sandboxgen.GetPayNowFeeModeResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	sup, err := st.feeSupplier(principalFrom(ctx), req.Params.SupplierID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetPayNowFeeMode200JSONResponse(gen.SupplierPayNowFeeMode{SupplierID: gen.StringID(sup.e.id), Mode: sup.feeMode()}), nil
}

// SetPayNowFeeMode changes who pays the fee. supplier_id arrives as a string (Swift) or an
// integer; StringID decodes both.
func (h *handlers) SetPayNowFeeMode(ctx context.Context, req sandboxgen.SetPayNowFeeModeRequestObject) (sandboxgen.SetPayNowFeeModeResponseObject, error) {
	p := principalFrom(ctx)
	if p.perspective != auth.PerspectiveSupplier && p.perspective != auth.PerspectiveAdministrator {
		return nil, notAuthorised("a session in perspective %d cannot change a supplier's settings; switch to perspective 1 (supplier) with PUT /session", p.perspective)
	}
	st := h.s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	sup, err := st.feeSupplier(p, req.Body.SupplierID.Int64())
	if err != nil {
		return nil, err
	}
	if err := st.persist(put(bucketFeeModes, idKey(sup.e.id), feeModeRecord{SupplierID: sup.e.id, Mode: req.Body.Mode})); err != nil {
		return nil, err
	}
	sup.payNowFee = req.Body.Mode
	h.s.log.InfoContext(ctx, "pay-now fee mode set", "supplier", sup.e.id, "mode", int(req.Body.Mode))
	return sandboxgen.SetPayNowFeeMode200JSONResponse(gen.SupplierPayNowFeeMode{SupplierID: gen.StringID(sup.e.id), Mode: sup.feeMode()}), nil
}

// The sandbox's pay-now fee rates, per instrument: 1.75 % on card, 0.50 % on bank account.
var feeRates = map[gen.Instrument]decimal.Decimal{
	gen.InstrumentCard:        decimal.RequireFromString("0.0175"),
	gen.InstrumentBankAccount: decimal.RequireFromString("0.0050"),
}

// CreateProspectiveFee quotes the pay-now fee: each division's magnitude times its
// instrument's rate, rounded half-up to the currency's places, summed; the percentage is the
// fee over the amount, to four places.
func (h *handlers) CreateProspectiveFee(_ context.Context, req sandboxgen.CreateProspectiveFeeRequestObject) (sandboxgen.CreateProspectiveFeeResponseObject, error) {
	b := req.Body
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	sup := st.suppliers[b.SupplierID]
	if sup == nil {
		return nil, notFound("No supplier %d", b.SupplierID)
	}
	denom := b.Amount.Denomination
	cur := currencies[denom]
	exp := int32(cur.Exponent)
	if !sup.offers(denom) {
		return nil, unprocessable("amount.denomination: supplier %d does not accept %s", sup.e.id, cur.Iso4217)
	}
	amount := b.Amount.Magnitude
	if !amount.IsPositive() || decimalPlaces(amount) > exp {
		return nil, unprocessable("amount.magnitude must be greater than zero with at most %d decimal places (got %s)", exp, amount)
	}
	sum, fee := decimal.Zero, decimal.Zero
	for i, d := range b.Divisions {
		if !d.Magnitude.IsPositive() || decimalPlaces(d.Magnitude) > exp {
			return nil, unprocessable("divisions.%d.magnitude must be greater than zero with at most %d decimal places (got %s)", i, exp, d.Magnitude)
		}
		sum = sum.Add(d.Magnitude)
		fee = fee.Add(d.Magnitude.Mul(feeRates[d.Instrument]).Round(exp))
	}
	if !sum.Equal(amount) {
		return nil, unprocessable("divisions add up to %s, not the amount %s", sum.StringFixed(exp), amount.StringFixed(exp))
	}
	return sandboxgen.CreateProspectiveFee200JSONResponse(gen.ProspectiveFee{
		Amount:     gen.Amount{Magnitude: fee.Round(exp).Add(decimal.New(0, -exp)), Denomination: cur},
		Percentage: fee.Mul(decimal.NewFromInt(100)).DivRound(amount, 4),
		FeeMode:    sup.feeMode(),
	}), nil
}

func (h *handlers) GetDeal(ctx context.Context, req sandboxgen.GetDealRequestObject) (sandboxgen.GetDealResponseObject, error) {
	p, id := principalFrom(ctx), req.Params.CommitmentID
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	// The one deal, as deals() would build it: a payment series first, else a pending plan.
	var d deal
	if ser := st.seriesByCommitment(id); ser != nil {
		d = deal{st.dealOfSeries(ser, h.s.today()), ser.supplier, ser.business, ser.seq}
	} else if pl := st.ledger.byCommitment[id]; pl != nil {
		d = deal{st.dealOfPending(pl), pl.supplier, pl.business, pl.seq}
	} else {
		return nil, notFound("No deal with commitment_id '%s'", id)
	}
	if !st.canSeeEntity(p, d.supplier.id) && !st.canSeeEntity(p, d.business.id) {
		return nil, notAuthorised("agent %d may not see deal %s", p.agent, id)
	}
	d.v.Disposition = single()
	return sandboxgen.GetDeal200JSONResponse(d.v), nil
}

// ListDeals lists deals. Swift's misplaced keys (descending for order, created for order_by)
// win when they are sent: Swift sends nothing else, and the validator fills order and order_by
// with their defaults when they are absent.
func (h *handlers) ListDeals(ctx context.Context, req sandboxgen.ListDealsRequestObject) (sandboxgen.ListDealsResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	order, by := cmp.Or(q.Descending, q.Order), cmp.Or(q.Created, q.OrderBy)
	pg := pageOf(q.Limit, q.Offset, order)
	key := gen.DealOrderByCreated
	if by != nil {
		key = *by
	}
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	var matched []deal
	for _, d := range st.deals(h.s.today()) {
		if st.canSeeEntity(p, d.supplier.id) || st.canSeeEntity(p, d.business.id) {
			matched = append(matched, d)
		}
	}
	outstanding := func(d deal) decimal.Decimal { return d.v.TotalPayable.Sub(d.v.SumPayments) }
	sortPage(matched, pg, func(a, b deal) int {
		switch key {
		case gen.DealOrderBySupplierName:
			return strings.Compare(strings.ToLower(a.supplier.legalName), strings.ToLower(b.supplier.legalName))
		case gen.DealOrderByBusinessName:
			return strings.Compare(strings.ToLower(a.business.legalName), strings.ToLower(b.business.legalName))
		case gen.DealOrderByValue:
			return a.v.InvoiceValue.Cmp(b.v.InvoiceValue)
		case gen.DealOrderByOutstanding:
			return outstanding(a).Cmp(outstanding(b))
		}
		return a.v.TimeCommitted.Compare(b.v.TimeCommitted)
	}, func(d deal) int64 { return d.seq })
	views := make([]gen.Deal, len(matched))
	for i, d := range matched {
		views[i] = d.v
	}
	return sandboxgen.ListDeals200JSONResponse(window(views, pg, func(v *gen.Deal, d *gen.Disposition) { v.Disposition = *d })), nil
}
