package sandbox

import (
	"context"
	"strings"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
	"github.com/procuret/procuret-go/types"
)

// The read-only records: payment series and their schedules, entities, humans, commitments,
// suppliers, term rate groups and Xero connections, all from the seed and consistent with one
// another. Unknown IDs answer 404; records the session may not see, 403.

func (h *handlers) GetPaymentSeries(ctx context.Context, req sandboxgen.GetPaymentSeriesRequestObject) (sandboxgen.GetPaymentSeriesResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	s, err := st.visibleSeries(principalFrom(ctx), st.seriesByID[req.Params.PublicID], "public_id", req.Params.PublicID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetPaymentSeries200JSONResponse(seriesView(s, h.s.today())), nil
}

func (st *store) visibleSeries(p *principal, s *series, key, val string) (*series, *apiError) {
	if s == nil {
		return nil, notFound("No payment series with %s '%s'", key, val)
	}
	if !st.canSeeSeries(p, s) {
		return nil, notAuthorised("agent %d may not see payment series %s", p.agent, s.publicID)
	}
	return s, nil
}

// ListPaymentSeries lists the series the session can see with every filter of the contract.
// An instalment is overdue once its due date has passed unpaid; min/max_overdue_days compare
// the age of the oldest overdue instalment (0 when none is overdue).
func (h *handlers) ListPaymentSeries(ctx context.Context, req sandboxgen.ListPaymentSeriesRequestObject) (sandboxgen.ListPaymentSeriesResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	today := h.s.today()
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	frag := lowerPtr(q.Fragment)
	var from, before types.Time
	if q.InstalmentDueAtOrAfter != nil {
		from = *q.InstalmentDueAtOrAfter
	}
	if q.InstalmentDueBefore != nil {
		before = *q.InstalmentDueBefore
	}
	var matched []*series
	for _, s := range st.series {
		overdue := s.overdueDays(today)
		completed := s.paid(today) >= len(s.lines)
		switch {
		case !st.canSeeSeries(p, s),
			frag != "" && !containsFold(frag, s.identifier, s.business.legalName, s.supplier.legalName),
			q.BusinessID != nil && *q.BusinessID != s.business.id,
			q.MethodID != nil && (s.method == nil || *q.MethodID != s.method.publicID),
			q.PublicID != nil && *q.PublicID != s.publicID,
			q.Completed != nil && *q.Completed != completed,
			q.PaymentMechanism != nil && *q.PaymentMechanism != s.mechanism,
			q.HasOverdueInstalment != nil && *q.HasOverdueInstalment != (overdue > 0),
			q.CollectionsUpToDate != nil && *q.CollectionsUpToDate != (overdue == 0),
			q.ActiveInstrument != nil && (s.method == nil || *q.ActiveInstrument != s.method.instrument),
			(q.InstalmentDueBefore != nil || q.InstalmentDueAtOrAfter != nil) && !s.unpaidDueIn(today, from, before),
			q.MinOverdueDays != nil && overdue < *q.MinOverdueDays,
			q.MaxOverdueDays != nil && overdue > *q.MaxOverdueDays,
			q.WithModifiedInvoice != nil && *q.WithModifiedInvoice != s.modifiedInvoice:
			continue
		}
		matched = append(matched, s)
	}
	sortPage(matched, pg, func(a, b *series) int { return a.created.Compare(b.created) }, func(s *series) int64 { return s.seq })
	views := make([]gen.PaymentSeries, len(matched))
	for i, s := range matched {
		views[i] = s.view(today)
	}
	return sandboxgen.ListPaymentSeries200JSONResponse(window(views, pg, func(v *gen.PaymentSeries, d *gen.Disposition) { v.Disposition = *d })), nil
}

func containsFold(lowerFrag string, fields ...string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), lowerFrag) {
			return true
		}
	}
	return false
}

func (h *handlers) GetInstalmentSchedule(ctx context.Context, req sandboxgen.GetInstalmentScheduleRequestObject) (sandboxgen.GetInstalmentScheduleResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	s, err := st.visibleSeries(principalFrom(ctx), st.seriesByID[req.Params.SeriesID], "public_id", req.Params.SeriesID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetInstalmentSchedule200JSONResponse(scheduleView(s, h.s.today())), nil
}

func (h *handlers) GetCommitment(ctx context.Context, req sandboxgen.GetCommitmentRequestObject) (sandboxgen.GetCommitmentResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	s := st.seriesByExchange[req.Params.SetupID]
	if s == nil {
		return nil, notFound("No commitment for setup_id '%s'", req.Params.SetupID)
	}
	if _, err := st.visibleSeries(principalFrom(ctx), s, "setup_id", req.Params.SetupID); err != nil {
		return nil, err
	}
	return sandboxgen.GetCommitment200JSONResponse(gen.Commitment{
		PublicID:        s.commitmentID,
		CommittedHuman:  humanView(st.accounts[s.committedAgent]),
		Created:         s.created,
		CreatingAgentID: s.creatingAgent,
		CurrencyIso4217: currencies[s.denom].Iso4217,
	}), nil
}

func (h *handlers) GetEntity(ctx context.Context, req sandboxgen.GetEntityRequestObject) (sandboxgen.GetEntityResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, err := st.visibleEntity(principalFrom(ctx), req.Params.EntityID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetEntity200JSONResponse(entityView(e)), nil
}

func (st *store) visibleEntity(p *principal, id int64) (*entity, *apiError) {
	e := st.entities[id]
	if e == nil {
		return nil, notFound("No entity %d", id)
	}
	if !st.canSeeEntityRecord(p, id) {
		return nil, notAuthorised("agent %d may not see entity %d", p.agent, id)
	}
	return e, nil
}

func (h *handlers) GetHuman(ctx context.Context, req sandboxgen.GetHumanRequestObject) (sandboxgen.GetHumanResponseObject, error) {
	p := principalFrom(ctx)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	a := st.accounts[req.Params.HumanID]
	if a == nil {
		return nil, notFound("No human %d", req.Params.HumanID)
	}
	if !st.canSeeHuman(p, a.agentID) {
		return nil, notAuthorised("agent %d may not see human %d", p.agent, a.agentID)
	}
	return sandboxgen.GetHuman200JSONResponse(humanView(a)), nil
}

// GetSupplier returns a supplier's public profile, to anyone (the session is optional).
func (h *handlers) GetSupplier(_ context.Context, req sandboxgen.GetSupplierRequestObject) (sandboxgen.GetSupplierResponseObject, error) {
	q := req.Params
	if (q.SupplierID == nil) == (q.PublicID == nil) {
		return nil, badRequest("supplier_id, public_id: give exactly one of them")
	}
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if q.SupplierID != nil {
		sup := st.suppliers[*q.SupplierID]
		if sup == nil {
			return nil, notFound("No supplier %d", *q.SupplierID)
		}
		return sandboxgen.GetSupplier200JSONResponse(supplierView(sup)), nil
	}
	sup := st.suppliers[st.shortIDs[*q.PublicID]]
	if sup == nil {
		return nil, notFound("No supplier with public_id '%s'", *q.PublicID)
	}
	return sandboxgen.GetSupplier200JSONResponse(supplierView(sup)), nil
}

func (h *handlers) GetTermRateGroup(ctx context.Context, req sandboxgen.GetTermRateGroupRequestObject) (sandboxgen.GetTermRateGroupResponseObject, error) {
	p := principalFrom(ctx)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	g := st.groups[req.Params.PublicID]
	if g == nil {
		return nil, notFound("No term rate group with public_id '%s'", req.Params.PublicID)
	}
	if !st.canSeeEntity(p, g.supplier.e.id) {
		return nil, notAuthorised("agent %d may not see term rate group %s", p.agent, g.publicID)
	}
	return sandboxgen.GetTermRateGroup200JSONResponse(gen.TermRateGroup{
		PublicID: g.publicID, Rates: g.supplier.termRates(), Created: g.created, Active: true, Disposition: single(),
	}), nil
}

func (h *handlers) GetXeroEntityMap(ctx context.Context, req sandboxgen.GetXeroEntityMapRequestObject) (sandboxgen.GetXeroEntityMapResponseObject, error) {
	e, err := h.xeroEntity(ctx, req.Params.EntityID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetXeroEntityMap200JSONResponse(gen.XeroEntityMap{EntityID: e.id}), nil
}

func (h *handlers) GetXeroOrganisation(ctx context.Context, req sandboxgen.GetXeroOrganisationRequestObject) (sandboxgen.GetXeroOrganisationResponseObject, error) {
	e, err := h.xeroEntity(ctx, req.Params.EntityID)
	if err != nil {
		return nil, err
	}
	return sandboxgen.GetXeroOrganisation200JSONResponse(gen.XeroOrganisation{EntityID: e.id, ShortCode: e.xeroShortCode}), nil
}

// xeroEntity returns a connected entity the session may see; an entity without a connection
// answers 404, which clients treat as "not connected".
func (h *handlers) xeroEntity(ctx context.Context, id int64) (*entity, *apiError) {
	p := principalFrom(ctx)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	e := st.entities[id]
	switch {
	case e == nil:
		return nil, notFound("No entity %d", id)
	case !st.canSeeEntity(p, id):
		return nil, notAuthorised("agent %d may not see entity %d", p.agent, id)
	case e.xeroShortCode == "":
		return nil, notFound("Entity %d is not connected to Xero", id)
	}
	return e, nil
}
