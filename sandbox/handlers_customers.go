package sandbox

import (
	"cmp"
	"context"
	"strings"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
	"github.com/procuret/procuret-go/types"
)

// Who an agent deals with: entities, customer businesses and suppliers. Visibility is
// canSeeEntityRecord's: one's own entities and the counterparties of the series and pending
// plans one can see (an administrator sees all). accessible_to narrows a list to what another
// agent could see too.

// accessibleTo is the principal an accessible_to filter names, or nil.
func (st *store) accessibleTo(id *int64) *principal {
	if id == nil {
		return nil
	}
	other := &principal{agent: *id, own: *id}
	if a := st.accounts[*id]; a != nil && len(a.perspectives) > 0 {
		other.perspective = a.perspectives[0]
	}
	return other
}

// visibleTo returns whether p may see an entity and, when other is set, so may other.
func (st *store) visibleTo(p, other *principal) func(id int64) bool {
	mine := st.entityRecords(p)
	if other == nil {
		return mine
	}
	theirs := st.entityRecords(other)
	return func(id int64) bool { return mine(id) && theirs(id) }
}

// activity is an entity's payment series: how many, and when the newest began.
type activity struct {
	count int
	last  types.Time
}

// activities returns the activity of every entity in one pass over the series: a series
// counts for each distinct ID that ids returns for it (0: none), and only when keep says so
// (nil: every series).
func (st *store) activities(ids func(*series) (int64, int64), keep func(*series) bool) map[int64]activity {
	acts := make(map[int64]activity)
	add := func(id int64, s *series) {
		if id == 0 {
			return
		}
		a := acts[id]
		a.count++
		if s.created.After(a.last) {
			a.last = s.created
		}
		acts[id] = a
	}
	for _, s := range st.series {
		if keep != nil && !keep(s) {
			continue
		}
		a, b := ids(s)
		add(a, s)
		if b != a {
			add(b, s)
		}
	}
	return acts
}

// partiesOf is a series' business and supplier: the entities it counts for.
func partiesOf(s *series) (int64, int64) { return s.business.id, s.supplier.id }

func (h *handlers) ListEntities(ctx context.Context, req sandboxgen.ListEntitiesRequestObject) (sandboxgen.ListEntitiesResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	other, frag := st.accessibleTo(q.AccessibleTo), lowerPtr(q.NameFragment)
	visible := st.visibleTo(p, other)
	var matched []*entity
	for _, e := range st.entities {
		if visible(e.id) && (frag == "" || containsFold(frag, e.legalName, e.tradingName)) {
			matched = append(matched, e)
		}
	}
	key := gen.EntityOrderByName
	if q.OrderBy != nil {
		key = *q.OrderBy
	}
	sortPage(matched, pg, func(a, b *entity) int {
		if key == gen.EntityOrderByName {
			return strings.Compare(strings.ToLower(a.legalName), strings.ToLower(b.legalName))
		}
		return a.created.Compare(b.created) // the sandbox never modifies an entity: modified = created
	}, func(e *entity) int64 { return e.id })
	views := make([]gen.Entity, len(matched))
	for i, e := range matched {
		views[i] = entityView(e)
	}
	return sandboxgen.ListEntities200JSONResponse(window(views, pg, func(v *gen.Entity, d *gen.Disposition) { v.Disposition = *d })), nil
}

func (h *handlers) GetBusiness(ctx context.Context, req sandboxgen.GetBusinessRequestObject) (sandboxgen.GetBusinessResponseObject, error) {
	p, id := principalFrom(ctx), req.Params.BusinessID
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	e := st.entities[id]
	if e == nil || !e.isBusiness {
		return nil, notFound("No business %d", id)
	}
	if !st.canSeeEntityRecord(p, id) {
		return nil, notAuthorised("agent %d may not see business %d", p.agent, id)
	}
	return sandboxgen.GetBusiness200JSONResponse(gen.Business{Entity: entityView(e), Disposition: single()}), nil
}

// ListBusinesses lists customer businesses; ascending unless asked otherwise (Swift's default).
func (h *handlers) ListBusinesses(ctx context.Context, req sandboxgen.ListBusinessesRequestObject) (sandboxgen.ListBusinessesResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, cmp.Or(q.Order, ptr(gen.OrderAscending)))
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	other, frag := st.accessibleTo(q.AccessibleTo), lowerPtr(q.AnyFragment)
	type row struct {
		e   *entity
		act activity
	}
	var matched []row
	acts := st.activities(partiesOf, nil)
	visible := st.visibleTo(p, other)
	var withActs map[int64]activity // the series of the supplier HasTransactedWith names
	if q.HasTransactedWith != nil {
		withActs = st.activities(partiesOf, func(s *series) bool { return s.supplier.id == *q.HasTransactedWith })
	}
	for _, e := range st.entities {
		if !e.isBusiness || !visible(e.id) {
			continue
		}
		act := acts[e.id]
		switch {
		case frag != "" && !containsFold(frag, e.legalName, e.tradingName),
			q.HasTransacted != nil && *q.HasTransacted != (act.count > 0),
			q.HasTransactedWith != nil && withActs[e.id].count == 0:
			continue
		}
		matched = append(matched, row{e, act})
	}
	key := gen.BusinessOrderByCreated
	if q.OrderBy != nil {
		key = *q.OrderBy
	}
	sortPage(matched, pg, func(a, b row) int {
		switch key {
		case gen.BusinessOrderByName:
			return strings.Compare(strings.ToLower(a.e.legalName), strings.ToLower(b.e.legalName))
		case gen.BusinessOrderByLastTransactionTime:
			return a.act.last.Compare(b.act.last)
		case gen.BusinessOrderByLastTransactionCount:
			return cmp.Compare(a.act.count, b.act.count)
		}
		return a.e.created.Compare(b.e.created)
	}, func(r row) int64 { return r.e.id })
	views := make([]gen.Business, len(matched))
	for i, r := range matched {
		views[i] = gen.Business{Entity: entityView(r.e)}
	}
	return sandboxgen.ListBusinesses200JSONResponse(window(views, pg, func(v *gen.Business, d *gen.Disposition) { v.Disposition = *d })), nil
}

// ListSuppliers lists suppliers, by legal name unless asked otherwise. Every sandbox supplier
// is active and searchable.
func (h *handlers) ListSuppliers(ctx context.Context, req sandboxgen.ListSuppliersRequestObject) (sandboxgen.ListSuppliersResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	other, frag := st.accessibleTo(q.AccessibleTo), lowerPtr(q.AnyName)
	type row struct {
		s   *supplier
		act activity
	}
	var matched []row
	// A supplier's activity: the series it is the supplier of.
	acts := st.activities(func(s *series) (int64, int64) { return s.supplier.id, 0 }, nil)
	visible := st.visibleTo(p, other)
	for _, s := range st.suppliers {
		if !visible(s.e.id) {
			continue
		}
		act := acts[s.e.id]
		switch {
		case frag != "" && !containsFold(frag, s.e.legalName, s.e.tradingName, s.brandName),
			q.LegalName != nil && !strings.EqualFold(*q.LegalName, s.e.legalName),
			q.BrandName != nil && !strings.EqualFold(*q.BrandName, s.brandName),
			q.AuthorisedToTransact != nil && *q.AuthorisedToTransact != s.authorised,
			q.HasBrand != nil && *q.HasBrand != (s.brandName != ""),
			q.HasTransacted != nil && *q.HasTransacted != (act.count > 0),
			q.DefaultDenomination != nil && *q.DefaultDenomination != s.defaultDenom,
			q.Searchable != nil && !*q.Searchable,
			q.Active != nil && !*q.Active:
			continue
		}
		matched = append(matched, row{s, act})
	}
	key := gen.SupplierOrderByLegalName
	if q.OrderBy != nil {
		key = *q.OrderBy
	}
	sortPage(matched, pg, func(a, b row) int {
		switch key {
		case gen.SupplierOrderByBrandName:
			return strings.Compare(strings.ToLower(a.s.brandName), strings.ToLower(b.s.brandName))
		case gen.SupplierOrderByTransactionCount:
			return cmp.Compare(a.act.count, b.act.count)
		case gen.SupplierOrderByLastTransactionTime:
			return a.act.last.Compare(b.act.last)
		case gen.SupplierOrderByCreated, gen.SupplierOrderByModified:
			return a.s.e.created.Compare(b.s.e.created)
		}
		return strings.Compare(strings.ToLower(a.s.e.legalName), strings.ToLower(b.s.e.legalName))
	}, func(r row) int64 { return r.s.e.id })
	views := make([]gen.Supplier, len(matched))
	for i, r := range matched {
		views[i] = supplierView(r.s)
	}
	return sandboxgen.ListSuppliers200JSONResponse(window(views, pg, func(v *gen.Supplier, d *gen.Disposition) { v.Disposition = *d })), nil
}

// CreateSupplier gives an entity the session's agent holds a supplier record: its country's
// currency, the default maximum transaction, no term rates, no brand, not yet authorised.
func (h *handlers) CreateSupplier(ctx context.Context, req sandboxgen.CreateSupplierRequestObject) (sandboxgen.CreateSupplierResponseObject, error) {
	p, id := principalFrom(ctx), req.Body.EntityID
	st := h.s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.entities[id]
	switch {
	case e == nil:
		return nil, notFound("No entity %d", id)
	case !st.canSeeEntity(p, id):
		return nil, notAuthorised("agent %d may not act for entity %d", p.agent, id)
	case e.isSupplier:
		return nil, unprocessable("entity %d is already a supplier", id)
	}
	denom := types.DenominationAUD
	if e.country == int(gen.CountryIDNewZealand) {
		denom = types.DenominationNZD
	}
	if err := st.persist(put(bucketSuppliers, idKey(id), supplierRecord{EntityID: id, Denomination: denom})); err != nil {
		return nil, err
	}
	sup := newSupplier(e, denom)
	e.isSupplier = true
	st.suppliers[id] = sup
	h.s.log.InfoContext(ctx, "supplier created", "entity", id, "agent", p.agent)
	return sandboxgen.CreateSupplier200JSONResponse(supplierView(sup)), nil
}
