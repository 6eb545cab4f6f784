package sandbox

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// The supplier's money, kept consistent with the payment series and links it follows from:
//
//   - a sale per payment series: its invoice identifier and principal, when it was created;
//   - payouts: Procuret pays a supplier upfront, the day after the customer commits, one payout
//     for all of one customer's series with that supplier committed on the same day, settling
//     their invoices; a payout exists once it is executed;
//   - pending plans: committed but not yet a series, each waiting for an identity assessment,
//     a credit assessment, both or neither (seeded, and begun when the invitee of a link who has
//     a business account first opens it);
//   - deals: one per series (credit assessment passed) and one per pending plan (its own
//     assessment state), whose money adds up: total_payable is the sum of the plan's
//     instalments, sum_payments the sum of those paid so far;
//   - each supplier's pay-now fee mode, which POST /supplier/pay-now-fee-mode changes.
//
// Only pending plans and fee modes are state of their own; sales, payouts and deals are derived
// from the series on every request, so they can never disagree with them. Every helper needs
// st.mu held.

// ledger is the state the supplier's money adds to the store.
type ledger struct {
	pending      []*pending          // oldest first
	byCommitment map[string]*pending // commitment ID → plan
	byExchange   map[string]*pending // exchange (setup) ID → plan
}

func newLedger() *ledger {
	return &ledger{byCommitment: map[string]*pending{}, byExchange: map[string]*pending{}}
}

// pending is an instalment plan a customer committed to that is not yet a payment series.
type pending struct {
	exchangeID, commitmentID, description string
	supplier, business                    *entity
	amount                                decimal.Decimal
	denom                                 gen.Denomination
	periods                               int
	annualPercent                         decimal.Decimal
	created                               types.Time
	committedAgent                        int64
	awaitingIdentity, awaitingCredit      bool
	credit                                gen.AssessmentState
	fromLink                              string // the link it was begun from, if any
	seq                                   int64
}

func (p *pending) view() gen.PendingSeries {
	return gen.PendingSeries{
		Exchange: gen.ExchangeCore{
			PublicID:    p.exchangeID,
			Created:     p.created,
			Supplier:    p.supplier.headline(),
			Amount:      gen.Amount{Magnitude: p.amount, Denomination: currencies[p.denom]},
			Description: p.description,
		},
		CommitmentID:               p.commitmentID,
		AwaitingIdentityAssessment: p.awaitingIdentity,
		AwaitingCreditAssessment:   p.awaitingCredit,
	}
}

// seedPending is a pending plan in a seed file.
type seedPending struct {
	ExchangeID                 string `json:"exchange_id"`
	CommitmentID               string `json:"commitment_id,omitempty"` // default "cm_" + exchange_id
	SupplierID                 int64  `json:"supplier_id"`
	BusinessID                 int64  `json:"business_id"`
	Description                string `json:"description"`
	Amount                     string `json:"amount"`
	Denomination               int    `json:"denomination,omitempty"` // default: the supplier's
	Periods                    int    `json:"periods"`                // a term the supplier offers
	Created                    string `json:"created"`
	CommittedAgent             int64  `json:"committed_agent,omitempty"` // default: an account of the business
	AwaitingIdentityAssessment bool   `json:"awaiting_identity_assessment,omitempty"`
	AwaitingCreditAssessment   bool   `json:"awaiting_credit_assessment,omitempty"`
	// CreditAssessmentState is the deal's state: default 4 (in progress) while awaiting a credit
	// assessment, else 1 (passed); 2 (failed) and 3 (forced) only when not awaiting one.
	CreditAssessmentState int `json:"credit_assessment_state,omitempty"`
}

func (st *store) loadPending(sp *seedPending) error {
	sup := st.suppliers[sp.SupplierID]
	biz := st.entities[sp.BusinessID]
	lg := st.ledger
	commitment := cmp.Or(sp.CommitmentID, "cm_"+sp.ExchangeID)
	switch {
	case !publicIDPattern.MatchString(sp.ExchangeID) || lg.byExchange[sp.ExchangeID] != nil || st.seriesByExchange[sp.ExchangeID] != nil:
		return fmt.Errorf("exchange_id %q is not a valid public ID or is used twice", sp.ExchangeID)
	case !publicIDPattern.MatchString(commitment) || lg.byCommitment[commitment] != nil || st.seriesByCommitment(commitment) != nil:
		return fmt.Errorf("commitment_id %q is not a valid public ID or is used twice", commitment)
	case sup == nil:
		return fmt.Errorf("supplier_id: no supplier %d", sp.SupplierID)
	case biz == nil || !biz.isBusiness:
		return fmt.Errorf("business_id: no business %d", sp.BusinessID)
	case sp.Description == "":
		return fmt.Errorf("description is required")
	}
	p := &pending{
		exchangeID: sp.ExchangeID, commitmentID: commitment, description: sp.Description,
		supplier: sup.e, business: biz, periods: sp.Periods,
		denom:            gen.Denomination(cmp.Or(sp.Denomination, int(sup.defaultDenom))),
		awaitingIdentity: sp.AwaitingIdentityAssessment, awaitingCredit: sp.AwaitingCreditAssessment,
	}
	if !sup.offers(p.denom) {
		return fmt.Errorf("denomination %d is not offered by supplier %d", p.denom, sup.e.id)
	}
	r, ok := sup.rate(sp.Periods)
	if !ok {
		return fmt.Errorf("periods: supplier %d offers no %d-month term", sup.e.id, sp.Periods)
	}
	p.annualPercent = r.annualPercent
	var err error
	if p.amount, err = seedDecimal("amount", sp.Amount); err != nil {
		return err
	}
	if exp := int32(currencies[p.denom].Exponent); !p.amount.IsPositive() || decimalPlaces(p.amount) > exp {
		return fmt.Errorf("amount %s must be positive with at most %d decimal places", sp.Amount, exp)
	}
	if p.created, err = types.ParseTime(sp.Created); err != nil {
		return fmt.Errorf("created: %w", err)
	}
	if p.committedAgent, err = st.seedAgent("committed_agent", sp.CommittedAgent, biz.id); err != nil {
		return err
	}
	switch p.credit = gen.AssessmentState(sp.CreditAssessmentState); {
	case p.credit == 0 && p.awaitingCredit:
		p.credit = gen.AssessmentStateInProgress
	case p.credit == 0:
		p.credit = gen.AssessmentStatePassed
	case !p.credit.Valid():
		return fmt.Errorf("credit_assessment_state %d is not one of 1 to 4", sp.CreditAssessmentState)
	case p.awaitingCredit != (p.credit == gen.AssessmentStateInProgress):
		return fmt.Errorf("credit_assessment_state %d contradicts awaiting_credit_assessment %v", p.credit, p.awaitingCredit)
	}
	st.addPending(p)
	return nil
}

func (st *store) addPending(p *pending) {
	p.seq = st.nextSeq()
	lg := st.ledger
	lg.pending = append(lg.pending, p)
	lg.byCommitment[p.commitmentID] = p
	lg.byExchange[p.exchangeID] = p
}

func (st *store) seriesByCommitment(id string) *series {
	for _, s := range st.series {
		if s.commitmentID == id {
			return s
		}
	}
	return nil
}

// pendingFromOpen begins a plan when a link is first opened by an invitee who has a business
// account: the customer starts applying, so the supplier sees a pending plan (waiting for both
// assessments) and a deal in progress, dated at the first open. It follows from the link alone,
// so calling it again (another open, or a link restored from storage) changes nothing.
func (st *store) pendingFromOpen(l *link) {
	if len(l.v.Opens) == 0 || l.v.InviteeHumanID == 0 {
		return
	}
	now := l.v.Opens[0].Created
	a, sup := st.accounts[l.v.InviteeHumanID], st.suppliers[l.v.Supplier.EntityID]
	if a == nil || sup == nil || len(sup.rates) == 0 {
		return
	}
	var biz *entity
	for _, id := range a.entities {
		if e := st.entities[id]; e != nil && e.isBusiness {
			biz = e
			break
		}
	}
	if biz == nil {
		return
	}
	// The customer asks for twelve months when offered, else the longest term offered.
	r, ok := sup.rate(12)
	if !ok {
		r = sup.rates[len(sup.rates)-1]
	}
	suffix := l.v.PublicID[len("il_"):]
	p := &pending{
		exchangeID: "ex_" + suffix, commitmentID: "cm_" + suffix, description: l.v.InvoiceIdentifier,
		supplier: sup.e, business: biz, amount: l.v.InvoiceAmount, denom: l.v.DenominationID,
		periods: r.periods, annualPercent: r.annualPercent, created: now, committedAgent: a.agentID,
		awaitingIdentity: true, awaitingCredit: true, credit: gen.AssessmentStateInProgress, fromLink: l.v.PublicID,
	}
	if st.ledger.byExchange[p.exchangeID] != nil || st.ledger.byCommitment[p.commitmentID] != nil {
		return
	}
	st.addPending(p)
}

func (st *store) canSeePending(p *principal, pl *pending) bool {
	return st.canSeeEntity(p, pl.supplier.id) || st.canSeeEntity(p, pl.business.id)
}

// feeMode is who pays the supplier's pay-now fee: the supplier unless it chose otherwise.
func (s *supplier) feeMode() gen.PayNowFeeMode {
	return cmp.Or(s.payNowFee, gen.PayNowFeeModeSupplierPays)
}

// settlementAccount is where Procuret pays a supplier out: the sandbox invents one bank account
// per supplier, named after its entity ID.
func (s *supplier) settlementAccount() gen.PaymentMethodHeadline {
	return gen.PaymentMethodHeadline{
		PublicID:    "pm_Settle" + s.e.shortID,
		Description: fmt.Sprintf("Bank account ending %04d", s.e.id%10000),
	}
}

// saleOf is the sale a payment series records.
func saleOf(s *series) gen.SupplierSale {
	return gen.SupplierSale{
		PublicID:   "sl_" + s.publicID,
		Created:    s.created,
		Supplier:   s.supplier.headline(),
		Customer:   s.business.headline(),
		Amount:     s.amount(s.principal),
		Identifier: s.identifier,
	}
}

// payout is one payout: the series it settles, all of one supplier and customer, committed on
// one day.
type payout struct {
	series   []*series // by creation
	created  types.Time
	executed types.Time
}

func (po *payout) publicID() string { return "po_" + po.series[0].publicID }

func (po *payout) view(st *store) gen.SupplierPayout {
	first := po.series[0]
	total := decimal.Zero
	invoices := make([]string, len(po.series))
	for i, s := range po.series {
		total = total.Add(s.principal)
		invoices[i] = s.identifier
	}
	return gen.SupplierPayout{
		PublicID:          po.publicID(),
		Created:           po.created,
		Executed:          po.executed,
		Amount:            first.amount(total.Round(int32(currencies[first.denom].Exponent))),
		Customer:          first.business.headline(),
		Supplier:          first.supplier.headline(),
		Destination:       st.suppliers[first.supplier.id].settlementAccount(),
		RelatedInvoiceIds: invoices,
	}
}

// payouts groups the series into payouts and returns those executed by now.
func (st *store) payouts(now time.Time) []*payout {
	type key struct {
		supplier, business int64
		day                types.Date
		denom              gen.Denomination
	}
	groups := map[key]*payout{}
	var out []*payout
	ordered := slices.Clone(st.series)
	slices.SortFunc(ordered, func(a, b *series) int { return cmp.Or(a.created.Compare(b.created), cmp.Compare(a.seq, b.seq)) })
	for _, s := range ordered {
		day := types.DateOf(s.created.Time().UTC())
		k := key{s.supplier.id, s.business.id, day, s.denom}
		po := groups[k]
		if po == nil {
			// Paid out at 10:00 UTC the next day.
			at := types.NewTime(day.AddDays(1).Time().Add(10 * time.Hour))
			po = &payout{created: at, executed: at}
			groups[k] = po
			out = append(out, po)
		}
		po.series = append(po.series, s)
	}
	return slices.DeleteFunc(out, func(po *payout) bool { return po.executed.Time().After(now) })
}

// dealOfSeries is the deal behind a payment series: credit assessed and passed.
func (st *store) dealOfSeries(s *series, today types.Date) gen.Deal {
	v := s.view(today)
	return gen.Deal{
		SetupID:               s.exchangeID,
		CommitmentID:          s.commitmentID,
		TransactingHumanID:    s.committedAgent,
		TransactingHumanName:  st.fullName(s.committedAgent),
		CreditAssessmentState: gen.AssessmentStatePassed,
		Supplier:              s.supplier.headline(),
		Business:              s.business.headline(),
		TimeCommitted:         s.created,
		InvoiceValue:          s.principal,
		TotalPayable:          v.TotalPayable.Magnitude,
		SumPayments:           v.SumPayments.Magnitude,
		Denomination:          currencies[s.denom],
	}
}

// dealOfPending is the deal behind a pending plan: nothing paid yet, the whole plan payable.
func (st *store) dealOfPending(p *pending) gen.Deal {
	exp := int32(currencies[p.denom].Exponent)
	total := decimal.Zero
	for _, l := range schedule(p.amount, p.periods, p.annualPercent, gen.CycleAdvance, exp, types.DateOf(p.created.Time().UTC())) {
		total = total.Add(l.nominal)
	}
	return gen.Deal{
		SetupID:               p.exchangeID,
		CommitmentID:          p.commitmentID,
		TransactingHumanID:    p.committedAgent,
		TransactingHumanName:  st.fullName(p.committedAgent),
		CreditAssessmentState: p.credit,
		Supplier:              p.supplier.headline(),
		Business:              p.business.headline(),
		TimeCommitted:         p.created,
		InvoiceValue:          p.amount,
		TotalPayable:          total,
		SumPayments:           decimal.New(0, -exp),
		Denomination:          currencies[p.denom],
	}
}

func (st *store) fullName(agent int64) string {
	if a := st.accounts[agent]; a != nil {
		return a.first + " " + a.last
	}
	return ""
}

// deal is one deal with what it was derived from, for visibility and sorting.
type deal struct {
	v                  gen.Deal
	supplier, business *entity
	seq                int64
}

// deals returns every deal: one per series, one per pending plan.
func (st *store) deals(today types.Date) []deal {
	out := make([]deal, 0, len(st.series)+len(st.ledger.pending))
	for _, s := range st.series {
		out = append(out, deal{st.dealOfSeries(s, today), s.supplier, s.business, s.seq})
	}
	for _, p := range st.ledger.pending {
		out = append(out, deal{st.dealOfPending(p), p.supplier, p.business, p.seq})
	}
	return out
}
