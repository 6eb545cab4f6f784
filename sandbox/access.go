package sandbox

import "github.com/procuret/procuret-go/auth"

// Authorisation, kept simple but real: an agent sees and acts for the entities its account
// holds (a supplier's account its supplier, a business's account its business); a session in
// the administrator perspective sees everything. Records follow from entities: a link belongs to
// its supplier (and is visible to the invitee), a payment series to its supplier and its
// customer. Every helper needs st.mu held.

// administers reports whether p sees everything: a session in the administrator perspective
// acting as its own agent. While it acts for another agent (x-procuret-forwarded-agent), that
// agent's permissions apply, as they do for any session.
func (p *principal) administers() bool {
	return p.perspective == auth.PerspectiveAdministrator && p.agent == p.own
}

func (st *store) canSeeEntity(p *principal, id int64) bool {
	if p == nil {
		return false
	}
	if p.administers() {
		return true
	}
	a := st.accounts[p.agent]
	return a != nil && a.hasEntity(id)
}

func (st *store) canSeeLink(p *principal, l *link) bool {
	if p == nil {
		return false
	}
	if st.canSeeEntity(p, l.v.Supplier.EntityID) {
		return true
	}
	a := st.accounts[p.agent]
	return a != nil && l.v.InviteeEmail != "" && lower(l.v.InviteeEmail) == lower(a.email)
}

func (st *store) canSeeSeries(p *principal, s *series) bool {
	return st.canSeeEntity(p, s.supplier.id) || st.canSeeEntity(p, s.business.id)
}

// canSeeEntityRecord: an entity of one's own, or the counterparty of a series or a pending plan
// one can see. A list asks it of many entities: it keeps entityRecords' answer for the request.
func (st *store) canSeeEntityRecord(p *principal, id int64) bool { return st.entityRecords(p)(id) }

// entityRecords answers canSeeEntityRecord(p, id) for every id: the counterparties of the series
// and pending plans p can see are gathered in one pass.
func (st *store) entityRecords(p *principal) func(id int64) bool {
	if p == nil {
		return func(int64) bool { return false }
	}
	parties := map[int64]bool{}
	for _, s := range st.series {
		if st.canSeeSeries(p, s) {
			parties[s.supplier.id], parties[s.business.id] = true, true
		}
	}
	for _, pl := range st.ledger.pending {
		if st.canSeePending(p, pl) {
			parties[pl.supplier.id], parties[pl.business.id] = true, true
		}
	}
	return func(id int64) bool { return st.canSeeEntity(p, id) || parties[id] }
}

// canSeeHuman: oneself, anyone sharing an entity, or the agent who made or committed to a
// series, or committed to a pending plan, that one can see (a deal names that agent).
func (st *store) canSeeHuman(p *principal, agent int64) bool {
	if p == nil {
		return false
	}
	if agent == p.agent || agent == p.own || p.administers() {
		return true
	}
	if a := st.accounts[agent]; a != nil {
		for _, e := range a.entities {
			if st.canSeeEntity(p, e) {
				return true
			}
		}
	}
	for _, s := range st.series {
		if (s.creatingAgent == agent || s.committedAgent == agent) && st.canSeeSeries(p, s) {
			return true
		}
	}
	for _, pl := range st.ledger.pending {
		if pl.committedAgent == agent && st.canSeePending(p, pl) {
			return true
		}
	}
	return false
}
