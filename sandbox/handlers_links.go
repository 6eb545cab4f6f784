package sandbox

import (
	"context"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
	"github.com/procuret/procuret-go/types"
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ]{5,30}$`)

// CreateInstalmentLink stores a new link after the checks the schema cannot express (422):
//   - the supplier exists (an unknown supplier_id is 422, since the contract gives this
//     operation no 404) and the session may act for it (403);
//   - the session is in the supplier (or administrator) perspective (403);
//   - invoice_amount is positive, has at most the currency's decimal places, and is within the
//     supplier's maximum transaction size; the supplier accepts the denomination (absent: AUD);
//   - invitee_email is a plain deliverable address (name@domain.tld) and invitee_phone digits.
//
// With communicate true the sandbox logs the email it would send, with the link's page URL,
// which the response also carries in its Location header.
func (h *handlers) CreateInstalmentLink(ctx context.Context, req sandboxgen.CreateInstalmentLinkRequestObject) (sandboxgen.CreateInstalmentLinkResponseObject, error) {
	p, b := principalFrom(ctx), req.Body
	s, st := h.s, h.s.st
	if p.perspective != auth.PerspectiveSupplier && p.perspective != auth.PerspectiveAdministrator {
		return nil, notAuthorised("a session in perspective %d cannot create instalment links; switch to perspective 1 (supplier) with PUT /session", p.perspective)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	sup := st.suppliers[b.SupplierID]
	if sup == nil {
		return nil, unprocessable("supplier_id: no supplier %d", b.SupplierID)
	}
	if !st.canSeeEntity(p, sup.e.id) {
		return nil, notAuthorised("agent %d may not act for supplier %d", p.agent, sup.e.id)
	}
	denom := types.DenominationAUD
	if b.Denomination != nil {
		denom = *b.Denomination
	}
	if !sup.offers(denom) {
		return nil, unprocessable("denomination: supplier %d does not accept %s", sup.e.id, currencies[denom].Iso4217)
	}
	cur := currencies[denom]
	amount := b.InvoiceAmount
	switch {
	case !amount.IsPositive():
		return nil, unprocessable("invoice_amount must be greater than zero (got %s)", amount)
	case decimalPlaces(amount) > int32(cur.Exponent):
		return nil, unprocessable("invoice_amount has more than %d decimal places for %s (got %s)", cur.Exponent, cur.Iso4217, amount)
	case amount.GreaterThan(sup.maxTx):
		return nil, unprocessable("invoice_amount %s exceeds supplier %d's maximum transaction of %s", amount, sup.e.id, sup.maxTx.StringFixed(2))
	}
	email := string(b.InviteeEmail)
	if !deliverable(email) {
		return nil, unprocessable("invitee_email: %q is not a deliverable email address (want name@domain.tld)", email)
	}
	identifier := strings.TrimSpace(b.InvoiceIdentifier)
	if identifier == "" {
		return nil, unprocessable("invoice_identifier must not be blank")
	}
	var phone *string
	if b.InviteePhone != nil {
		if !phonePattern.MatchString(*b.InviteePhone) {
			return nil, unprocessable("invitee_phone: %q is not a phone number (digits, spaces and a leading +)", *b.InviteePhone)
		}
		phone = ptr(strings.NewReplacer(" ", "", "+", "").Replace(*b.InviteePhone))
	}
	nomenclature := gen.SaleNomenclatureInvoice
	if b.Nomenclature != nil {
		nomenclature = *b.Nomenclature
	}

	if len(st.links.all) >= st.limits.Links {
		return nil, newError(http.StatusInsufficientStorage, "The sandbox holds its limit of %d instalment links (sandbox.Limits.Links); start it with a fresh data directory", st.limits.Links)
	}
	l := &link{createdBy: p.agent, seq: st.seq + 1, v: gen.InstalmentLink{
		PublicID:           s.rnd.publicID("il_", 12),
		Created:            s.now(),
		Supplier:           sup.e.headline(),
		InvoiceAmount:      amount.Round(int32(cur.Exponent)),
		InviteeEmail:       email,
		InviteePhoneDigits: deref(phone),
		InvoiceIdentifier:  identifier,
		Opens:              []gen.InstalmentLinkOpen{},
		SaleName:           nomenclature,
		AllowEdit:          false,
		DenominationID:     denom,
	}}
	for st.links.byID[l.v.PublicID] != nil {
		l.v.PublicID = s.rnd.publicID("il_", 12)
	}
	if invitee := st.accounts[st.emails[lower(email)]]; invitee != nil {
		l.v.InviteeHumanID = invitee.agentID
	}
	if err := st.persist(put(bucketLinks, l.v.PublicID, l.record())); err != nil {
		return nil, err
	}
	st.nextSeq()
	st.links.add(l)
	infoFrom(ctx).created = l.v.PublicID
	pageURL := linkURL(ctx, l.v.PublicID)
	if b.Communicate {
		s.log.InfoContext(ctx, "instalment link email (stands in for the email)", "to", email, "link", l.v.PublicID, "url", pageURL)
	}
	return createdLink{v: linkView(l.v), location: pageURL}, nil
}

// createdLink is CreateInstalmentLink's 200 with the customer's page in Location.
type createdLink struct {
	v        gen.InstalmentLink
	location string
}

func (c createdLink) VisitCreateInstalmentLinkResponse(w http.ResponseWriter) error {
	w.Header().Set("Location", c.location)
	return sandboxgen.CreateInstalmentLink200JSONResponse(c.v).VisitCreateInstalmentLinkResponse(w)
}

// linkURL is the customer's page of a link on the host the request came to.
func linkURL(ctx context.Context, publicID string) string {
	return infoFrom(ctx).baseURL + "/b?il=" + url.QueryEscape(publicID)
}

// deliverable accepts a bare address whose domain has a dot: what a mail system would deliver.
func deliverable(email string) bool {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(email, "@")
	return strings.Contains(strings.Trim(domain, "."), ".")
}

// GetInstalmentLink returns one link by public ID, to anyone who knows it (the customer's
// page fetches it without a session).
func (h *handlers) GetInstalmentLink(_ context.Context, req sandboxgen.GetInstalmentLinkRequestObject) (sandboxgen.GetInstalmentLinkResponseObject, error) {
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	l := st.links.byID[req.Params.PublicID]
	if l == nil {
		return nil, notFound("No instalment link with public_id '%s'", req.Params.PublicID)
	}
	return sandboxgen.GetInstalmentLink200JSONResponse(linkView(l.view())), nil
}

// ListInstalmentLinks lists the links the session can see, with every filter of the contract.
// supplier_id of a supplier the session may not see answers 403.
//
// It reads the link index (index.go): the links of the session's suppliers and the links sent
// to its account, each list already in order. Unfiltered (or filtered by supplier_id) and for
// one list, a page costs its own size; other filters scan the session's own links, without
// copying them, and public_id looks the link up directly.
func (h *handlers) ListInstalmentLinks(ctx context.Context, req sandboxgen.ListInstalmentLinksRequestObject) (sandboxgen.ListInstalmentLinksResponseObject, error) {
	p, q := principalFrom(ctx), req.Params
	pg := pageOf(q.Limit, q.Offset, q.Order)
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if q.SupplierID != nil && st.suppliers[*q.SupplierID] != nil && !st.canSeeEntity(p, *q.SupplierID) {
		return nil, notAuthorised("agent %d may not see the links of supplier %d", p.agent, *q.SupplierID)
	}
	other := st.accessibleTo(q.AccessibleTo) // accessible_to: what that agent could see
	var lists []ordered
	switch {
	case q.PublicID != nil:
		if l := st.links.byID[*q.PublicID]; l != nil && st.canSeeLink(p, l) {
			lists = []ordered{{l}}
		}
	case q.SupplierID != nil:
		lists = []ordered{st.links.supplier(*q.SupplierID)}
	default:
		lists = st.visibleLinkLists(p)
	}
	keep := func(l *link) bool {
		switch {
		case other != nil && !st.canSeeLink(other, l),
			q.Opened != nil && *q.Opened != (len(l.v.Opens) > 0),
			q.PublicID != nil && *q.PublicID != l.v.PublicID,
			q.SupplierID != nil && *q.SupplierID != l.v.Supplier.EntityID,
			q.CreatedBy != nil && *q.CreatedBy != l.createdBy:
			return false
		}
		return true
	}
	filtered := other != nil || q.Opened != nil || q.CreatedBy != nil
	out := []gen.InstalmentLink{}
	emit := func(l *link, seq, count int) {
		v := l.view()
		v.Disposition = gen.Disposition{Sequence: seq, Count: count, Limit: pg.limit, Offset: pg.offset}
		out = append(out, v)
	}
	if len(lists) == 1 && !filtered {
		list := lists[0]
		for i := pg.offset; i < len(list) && len(out) < pg.limit; i++ {
			emit(list.at(i, pg.desc), i, len(list))
		}
		return sandboxgen.ListInstalmentLinks200JSONResponse(out), nil
	}
	var window []*link
	count := 0
	merged(lists, pg.desc, func(l *link) bool {
		if keep(l) {
			if count >= pg.offset && len(window) < pg.limit {
				window = append(window, l)
			}
			count++
		}
		return true
	})
	for i, l := range window {
		emit(l, pg.offset+i, count)
	}
	return sandboxgen.ListInstalmentLinks200JSONResponse(out), nil
}

// visibleLinkLists returns the index lists holding every link p may see, without overlap: all
// of them for an administrator (acting as itself); else the links of each supplier p's agent
// holds, and the links sent to p's agent by other suppliers.
func (st *store) visibleLinkLists(p *principal) []ordered {
	if p.administers() {
		return []ordered{st.links.all}
	}
	a := st.accounts[p.agent]
	if a == nil {
		return nil
	}
	var lists []ordered
	for _, e := range a.entities {
		if list := st.links.supplier(e); len(list) > 0 {
			lists = append(lists, list)
		}
	}
	if inv := st.links.byInvitee[a.agentID]; inv != nil {
		var others ordered // sent to the agent by a supplier it does not hold
		for _, l := range *inv {
			if !a.hasEntity(l.v.Supplier.EntityID) {
				others = append(others, l)
			}
		}
		if len(others) > 0 {
			lists = append(lists, others)
		}
	}
	if len(lists) == 0 {
		return []ordered{nil}
	}
	return lists
}

// CreateInstalmentLinkOpen records that a link was opened, as the customer's page does.
func (h *handlers) CreateInstalmentLinkOpen(_ context.Context, req sandboxgen.CreateInstalmentLinkOpenRequestObject) (sandboxgen.CreateInstalmentLinkOpenResponseObject, error) {
	if !h.s.recordOpen(req.Body.LinkID) {
		return nil, notFound("No instalment link with public_id '%s'", req.Body.LinkID)
	}
	return sandboxgen.CreateInstalmentLinkOpen200JSONResponse{}, nil
}

// recordOpen appends an open to the link, reporting whether it exists. Opens need no session,
// so a link stores at most MaxStoredOpens of them, the first ones; later opens only count
// (opensTotal, shown by the inspector), and change nothing on disk.
func (s *Sandbox) recordOpen(publicID string) bool {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	l := st.links.byID[publicID]
	if l == nil {
		return false
	}
	l.opensTotal++
	if len(l.v.Opens) >= MaxStoredOpens {
		return true
	}
	next := *l
	next.v.Opens = append(slices.Clone(l.v.Opens), gen.InstalmentLinkOpen{Sequence: len(l.v.Opens), Created: s.now()})
	if err := st.persist(put(bucketLinks, publicID, next.record())); err != nil {
		s.log.Warn("open not stored", "link", publicID, "err", err)
		return true
	}
	l.v.Opens = next.v.Opens
	st.pendingFromOpen(l) // ledger.go: the invitee begins a plan
	return true
}

// view returns the link as the API shows it, with its own copy of the opens.
func (l *link) view() gen.InstalmentLink {
	v := l.v
	v.Opens = slices.Clone(l.v.Opens)
	if v.Opens == nil {
		v.Opens = []gen.InstalmentLinkOpen{}
	}
	return v
}

// MaxStoredOpens is how many opens a link stores: later opens are counted (the inspector shows
// the count) but not stored, so that no anonymous caller can grow a link without bound.
const MaxStoredOpens = 100
