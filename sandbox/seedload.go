package sandbox

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"net/mail"
	"slices"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// load adds sd to the store. The sandbox is discarded when it fails, so a half-loaded store
// never serves.
func (st *store) load(sd *seedFile, now time.Time) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	started := types.NewTime(now)
	for i := range sd.Suppliers {
		if err := st.loadSupplier(&sd.Suppliers[i], started); err != nil {
			return fmt.Errorf("seed: suppliers[%d]: %w", i, err)
		}
	}
	for i := range sd.Businesses {
		e, err := st.loadEntity(&sd.Businesses[i], started)
		if err != nil {
			return fmt.Errorf("seed: businesses[%d]: %w", i, err)
		}
		e.isBusiness = true
	}
	for i := range sd.Accounts {
		if err := st.loadAccount(&sd.Accounts[i], started); err != nil {
			return fmt.Errorf("seed: accounts[%d]: %w", i, err)
		}
	}
	for i := range sd.Series {
		if err := st.loadSeries(&sd.Series[i]); err != nil {
			return fmt.Errorf("seed: series[%d]: %w", i, err)
		}
	}
	for i := range sd.Pending {
		if err := st.loadPending(&sd.Pending[i]); err != nil {
			return fmt.Errorf("seed: pending[%d]: %w", i, err)
		}
	}
	return nil
}

func (st *store) loadEntity(se *seedEntity, started types.Time) (*entity, error) {
	switch {
	case se.EntityID <= 0:
		return nil, fmt.Errorf("entity_id must be positive (got %d)", se.EntityID)
	case st.entities[se.EntityID] != nil:
		return nil, fmt.Errorf("entity_id %d is used twice", se.EntityID)
	case !publicIDPattern.MatchString(se.ShortID):
		return nil, fmt.Errorf("short_id %q must be 1 to 64 letters, digits, '-' or '_'", se.ShortID)
	case st.shortIDs[se.ShortID] != 0:
		return nil, fmt.Errorf("short_id %q is used twice", se.ShortID)
	case se.LegalName == "":
		return nil, fmt.Errorf("legal_name is required")
	case se.ABN != "" && (len(se.ABN) != 11 || !digitsPattern.MatchString(se.ABN)):
		return nil, fmt.Errorf("abn %q must be 11 digits", se.ABN)
	}
	created, err := seedTime("created", se.Created, started)
	if err != nil {
		return nil, err
	}
	e := &entity{
		id: se.EntityID, shortID: se.ShortID, legalName: se.LegalName, tradingName: se.TradingName,
		abn: se.ABN, phone: se.Phone, xeroShortCode: se.XeroShortCode,
		typ: gen.EntityType(cmp.Or(se.EntityType, 1)), country: cmp.Or(se.Country, 1), created: created,
	}
	if !e.typ.Valid() {
		return nil, fmt.Errorf("entity_type %d is not one of 1 to 7", se.EntityType)
	}
	if _, ok := countries[e.country]; !ok {
		return nil, fmt.Errorf("country %d is not 1 (Australia) or 2 (New Zealand)", se.Country)
	}
	if a := se.Address; a != nil {
		if a.Line1 == "" {
			return nil, fmt.Errorf("address.line_1 is required")
		}
		addr := &gen.Address{Line1: a.Line1, Created: created, PublicID: fmt.Sprintf("ad_%d", e.id)}
		if a.Line2 != "" {
			addr.Line2 = a.Line2
		}
		if a.Locality != "" {
			addr.Locality = a.Locality
		}
		if a.PostalCode != "" {
			addr.PostalCode = a.PostalCode
		}
		if a.Region != 0 {
			r, ok := regions[a.Region]
			if !ok {
				return nil, fmt.Errorf("address.region %d is not one of 1 to 8", a.Region)
			}
			addr.Region = r
		}
		c := countries[e.country]
		addr.Country = c
		e.address = addr
	}
	st.entities[e.id] = e
	st.shortIDs[e.shortID] = e.id
	return e, nil
}

func (st *store) loadSupplier(ss *seedSupplier, started types.Time) error {
	e, err := st.loadEntity(&ss.seedEntity, started)
	if err != nil {
		return err
	}
	e.isSupplier = true
	s := &supplier{
		e: e, defaultDenom: gen.Denomination(cmp.Or(ss.DefaultDenomination, 1)),
		authorised: ss.Authorised == nil || *ss.Authorised, brandName: ss.BrandName, saleMessage: ss.SaleMessage,
	}
	if _, ok := currencies[s.defaultDenom]; !ok {
		return fmt.Errorf("default_denomination %d is not 1 (AUD) or 2 (NZD)", ss.DefaultDenomination)
	}
	for _, d := range ss.Denominations {
		if _, ok := currencies[gen.Denomination(d)]; !ok {
			return fmt.Errorf("denominations: %d is not 1 (AUD) or 2 (NZD)", d)
		}
		s.denoms = append(s.denoms, gen.Denomination(d))
	}
	if !s.offers(s.defaultDenom) {
		s.denoms = append([]gen.Denomination{s.defaultDenom}, s.denoms...)
	}
	if s.maxTx, err = seedDecimal("max_transaction", cmp.Or(ss.MaxTransaction, "100000.00")); err != nil {
		return err
	}
	for i, tr := range ss.TermRates {
		rate, err := seedDecimal(fmt.Sprintf("term_rates[%d].annual_rate_percent", i), tr.AnnualRatePercent)
		if err != nil {
			return err
		}
		switch {
		case tr.Periods < 1 || tr.Periods > 120:
			return fmt.Errorf("term_rates[%d].periods must be 1 to 120 (got %d)", i, tr.Periods)
		case rate.IsNegative():
			return fmt.Errorf("term_rates[%d].annual_rate_percent must not be negative", i)
		case slices.ContainsFunc(s.rates, func(r termRate) bool { return r.periods == tr.Periods }):
			return fmt.Errorf("term_rates[%d]: %d periods offered twice", i, tr.Periods)
		}
		s.rates = append(s.rates, termRate{periods: tr.Periods, annualPercent: rate})
	}
	slices.SortFunc(s.rates, func(a, b termRate) int { return a.periods - b.periods })
	if g := ss.TermRateGroup; g != "" {
		if !publicIDPattern.MatchString(g) || st.groups[g] != nil {
			return fmt.Errorf("term_rate_group %q is not a valid public ID or is used twice", g)
		}
		st.groups[g] = &termRateGroup{publicID: g, supplier: s, created: e.created}
		s.group = g
	}
	st.suppliers[e.id] = s
	return nil
}

func (st *store) loadAccount(sa *seedAccount, started types.Time) error {
	addr, err := mail.ParseAddress(sa.Email)
	switch {
	case sa.AgentID <= 0:
		return fmt.Errorf("agent_id must be positive (got %d)", sa.AgentID)
	case st.accounts[sa.AgentID] != nil || st.entities[sa.AgentID] != nil:
		return fmt.Errorf("agent_id %d is used twice", sa.AgentID)
	case err != nil || addr.Address != sa.Email:
		return fmt.Errorf("email %q is not a plain email address", sa.Email)
	case st.emails[lower(sa.Email)] != 0:
		return fmt.Errorf("email %q is used twice", sa.Email)
	case sa.Password == "":
		return fmt.Errorf("password is required")
	case sa.FirstName == "" || sa.LastName == "":
		return fmt.Errorf("first_name and last_name are required")
	}
	a := &account{
		agentID: sa.AgentID, email: sa.Email, pwHash: sha256.Sum256([]byte(sa.Password)),
		first: sa.FirstName, last: sa.LastName, phone: sa.Phone, created: started,
	}
	var supplierSeen, businessSeen bool
	for _, id := range sa.Entities {
		e := st.entities[id]
		if e == nil {
			return fmt.Errorf("entities: no supplier or business %d", id)
		}
		supplierSeen = supplierSeen || e.isSupplier
		businessSeen = businessSeen || e.isBusiness
		a.entities = append(a.entities, id)
	}
	for _, p := range sa.Perspectives {
		if !gen.Perspective(p).Valid() {
			return fmt.Errorf("perspectives: %d is not one of 1 to 7", p)
		}
		a.perspectives = append(a.perspectives, gen.Perspective(p))
	}
	if len(a.perspectives) == 0 {
		if supplierSeen {
			a.perspectives = append(a.perspectives, auth.PerspectiveSupplier)
		}
		if businessSeen {
			a.perspectives = append(a.perspectives, auth.PerspectiveBusiness)
		}
	}
	if len(a.perspectives) == 0 {
		return fmt.Errorf("perspectives: none given and none implied by entities")
	}
	st.accounts[a.agentID] = a
	st.emails[lower(a.email)] = a.agentID
	return nil
}

func (st *store) loadSeries(ss *seedSeries) error {
	sup := st.suppliers[ss.SupplierID]
	biz := st.entities[ss.BusinessID]
	switch {
	case !publicIDPattern.MatchString(ss.PublicID):
		return fmt.Errorf("public_id %q must be 1 to 64 letters, digits, '-' or '_'", ss.PublicID)
	case st.seriesByID[ss.PublicID] != nil:
		return fmt.Errorf("public_id %q is used twice", ss.PublicID)
	case sup == nil:
		return fmt.Errorf("supplier_id: no supplier %d", ss.SupplierID)
	case biz == nil || !biz.isBusiness:
		return fmt.Errorf("business_id: no business %d", ss.BusinessID)
	case ss.Identifier == "":
		return fmt.Errorf("identifier is required")
	case ss.Periods < 1 || ss.Periods > 120:
		return fmt.Errorf("periods must be 1 to 120 (got %d)", ss.Periods)
	}
	s := &series{
		publicID: ss.PublicID, identifier: ss.Identifier, supplier: sup.e, business: biz,
		exchangeID:   cmp.Or(ss.ExchangeID, "ex_"+ss.PublicID),
		commitmentID: cmp.Or(ss.CommitmentID, "cm_"+ss.PublicID),
		denom:        gen.Denomination(cmp.Or(ss.Denomination, int(sup.defaultDenom))),
		periods:      ss.Periods,
		cycle:        gen.Cycle(cmp.Or(ss.Cycle, 1)),
		mechanism:    gen.PaymentMechanism(cmp.Or(ss.Mechanism, 1)),
		selfServe:    ss.AllowsSelfServePayments == nil || *ss.AllowsSelfServePayments,
		paidOverride: ss.PaidInstalments, modifiedInvoice: ss.ModifiedInvoice,
	}
	switch {
	case !publicIDPattern.MatchString(s.exchangeID) || st.seriesByExchange[s.exchangeID] != nil:
		return fmt.Errorf("exchange_id %q is not a valid public ID or is used twice", s.exchangeID)
	case !publicIDPattern.MatchString(s.commitmentID):
		return fmt.Errorf("commitment_id %q is not a valid public ID", s.commitmentID)
	case !sup.offers(s.denom):
		return fmt.Errorf("denomination %d is not offered by supplier %d", s.denom, sup.e.id)
	case !s.cycle.Valid():
		return fmt.Errorf("cycle %d is not 1 (in advance) or 2 (in arrears)", ss.Cycle)
	case !s.mechanism.Valid():
		return fmt.Errorf("mechanism %d is not one of 1 to 4", ss.Mechanism)
	case s.paidOverride != nil && (*s.paidOverride < 0 || *s.paidOverride > ss.Periods):
		return fmt.Errorf("paid_instalments must be 0 to %d (got %d)", ss.Periods, *s.paidOverride)
	}
	var err error
	if s.principal, err = seedDecimal("principal", ss.Principal); err != nil {
		return err
	}
	exp := int32(currencies[s.denom].Exponent)
	if !s.principal.IsPositive() || decimalPlaces(s.principal) > exp {
		return fmt.Errorf("principal %s must be positive with at most %d decimal places", ss.Principal, exp)
	}
	if ss.AnnualRatePercent != "" {
		if s.annualPercent, err = seedDecimal("annual_rate_percent", ss.AnnualRatePercent); err != nil {
			return err
		}
	} else if r, ok := sup.rate(ss.Periods); ok {
		s.annualPercent = r.annualPercent
	} else {
		return fmt.Errorf("annual_rate_percent is required: supplier %d offers no %d-month term", sup.e.id, ss.Periods)
	}
	first, err := types.ParseDate(ss.FirstDue)
	if err != nil {
		return fmt.Errorf("first_due: %w", err)
	}
	if s.created, err = seedTime("created", ss.Created, types.NewTime(first.Time())); err != nil {
		return err
	}
	if s.creatingAgent, err = st.seedAgent("creating_agent", ss.CreatingAgent, sup.e.id); err != nil {
		return err
	}
	if s.committedAgent, err = st.seedAgent("committed_agent", ss.CommittedAgent, biz.id); err != nil {
		return err
	}
	if m := ss.PaymentMethod; m != nil {
		in := gen.Instrument(m.Instrument)
		if !publicIDPattern.MatchString(m.PublicID) || m.Description == "" || !in.Valid() {
			return fmt.Errorf("payment_method needs a public_id, a description and instrument 1 (card) or 2 (bank account)")
		}
		s.method = &paymentMethod{publicID: m.PublicID, description: m.Description, instrument: in}
	}
	s.lines = schedule(s.principal, s.periods, s.annualPercent, s.cycle, exp, first)
	s.seq = st.nextSeq()
	st.series = append(st.series, s)
	st.seriesByID[s.publicID] = s
	st.seriesByExchange[s.exchangeID] = s
	return nil
}

// seedAgent returns id if it names an account, or else the first account (by agent ID) that
// holds entity.
func (st *store) seedAgent(what string, id, entity int64) (int64, error) {
	if id != 0 {
		if st.accounts[id] == nil {
			return 0, fmt.Errorf("%s: no account %d", what, id)
		}
		return id, nil
	}
	var best int64
	for _, a := range st.accounts {
		if a.hasEntity(entity) && (best == 0 || a.agentID < best) {
			best = a.agentID
		}
	}
	if best == 0 {
		return 0, fmt.Errorf("%s: none given and no account holds entity %d", what, entity)
	}
	return best, nil
}
