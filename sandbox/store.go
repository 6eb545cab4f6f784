package sandbox

import (
	"crypto/sha256"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// store is the sandbox's state. One RWMutex guards everything: requests are short and the
// sandbox favours obviously-correct over fast.
type store struct {
	mu sync.RWMutex

	entities  map[int64]*entity
	shortIDs  map[string]int64 // entity public_id_short → ID
	suppliers map[int64]*supplier
	groups    map[string]*termRateGroup
	accounts  map[int64]*account // by agent ID
	emails    map[string]int64   // lower-case email → agent ID

	sessions  map[int64]*session
	expired   map[int64]time.Time // sessions that expired recently: when (see forget)
	codes     map[codeKey]*secondFactor
	lastCodes map[int64]string // agent → last code issued
	mailbox   []*sentMail      // the codes sent, oldest first; at most limits.Mailbox

	links linkIndex

	series           []*series
	seriesByID       map[string]*series
	seriesByExchange map[string]*series

	seq int64 // creation order, the tie-breaker of every sort

	limits    Limits
	db        *durable  // nil: memory only
	writeErr  error     // the last failed write to db, for the inspector
	lastSweep time.Time // see sweep
	ledger    *ledger   // pending plans and pay-now fee modes (ledger.go)
}

func newStore() *store {
	return &store{
		entities:         map[int64]*entity{},
		shortIDs:         map[string]int64{},
		suppliers:        map[int64]*supplier{},
		groups:           map[string]*termRateGroup{},
		accounts:         map[int64]*account{},
		emails:           map[string]int64{},
		sessions:         map[int64]*session{},
		expired:          map[int64]time.Time{},
		codes:            map[codeKey]*secondFactor{},
		lastCodes:        map[int64]string{},
		links:            newLinkIndex(),
		seriesByID:       map[string]*series{},
		seriesByExchange: map[string]*series{},
		ledger:           newLedger(),
	}
}

func (st *store) nextSeq() int64 { st.seq++; return st.seq }

type entity struct {
	id                              int64
	shortID, legalName, tradingName string
	abn, phone, xeroShortCode       string
	typ                             gen.EntityType
	country                         int
	address                         *gen.Address
	created                         types.Time
	isSupplier, isBusiness          bool
}

func (e *entity) headline() gen.EntityHeadline {
	return gen.EntityHeadline{EntityID: e.id, LegalEntityName: e.legalName}
}

func (e *entity) view() gen.Entity {
	v := gen.Entity{
		PublicID:           e.id,
		PublicIDShort:      e.shortID,
		LegalEntityName:    e.legalName,
		BusinessAddress:    deref(e.address),
		EntityTypeName:     e.typ,
		Created:            e.created,
		HasBusinessRecord:  e.isBusiness,
		HasSupplierRecord:  e.isSupplier,
		PrincipalConfirmed: true,
	}
	if e.tradingName != "" {
		v.TradingName = e.tradingName
	}
	if e.abn != "" {
		v.EntityIdentifiers = []gen.EntityIdentifier{{Identifier: e.abn, IdentifierType: gen.EntityIDTypeABN}}
	}
	if e.phone != "" {
		v.PhoneNumber = gen.PhoneNumber{Digits: e.phone, Confirmed: true}
	}
	return v
}

type termRate struct {
	periods       int
	annualPercent decimal.Decimal
}

type supplier struct {
	e            *entity
	defaultDenom gen.Denomination
	denoms       []gen.Denomination
	maxTx        decimal.Decimal
	authorised   bool
	brandName    string
	saleMessage  string
	rates        []termRate // shortest first
	group        string
	payNowFee    gen.PayNowFeeMode // 0: the default, the supplier pays (ledger.go)
}

func (s *supplier) rate(periods int) (termRate, bool) {
	for _, r := range s.rates {
		if r.periods == periods {
			return r, true
		}
	}
	return termRate{}, false
}

func (s *supplier) offers(d gen.Denomination) bool { return slices.Contains(s.denoms, d) }

func (s *supplier) termRates() []gen.TermRate {
	out := make([]gen.TermRate, len(s.rates))
	for i, r := range s.rates {
		out[i] = gen.TermRate{SupplierEntityID: s.e.id, Periods: r.periods, PeriodsInYear: decimal.NewFromInt(12)}
	}
	return out
}

func (s *supplier) view() gen.Supplier {
	v := gen.Supplier{
		Entity:              s.e.view(),
		Authorised:          s.authorised,
		OffersPayNow:        false,
		PayNowFeeMode:       s.feeMode(),
		TermRates:           s.termRates(),
		DefaultDenomination: currencies[s.defaultDenom],
		Country:             countries[s.e.country],
	}
	for _, d := range s.denoms {
		v.MaxTransactionSize = append(v.MaxTransactionSize, gen.Amount{Magnitude: s.maxTx, Denomination: currencies[d]})
	}
	if s.brandName != "" {
		v.Brand = gen.Brand{
			EntityID: s.e.id, Name: s.brandName, SaleMessage: s.saleMessage, Created: s.e.created.String(),
			Media: []gen.BrandMedia{{Scheme: gen.BrandSchemeLight, PrimaryColourHex: "#0B5FFF", AccentColourHex: "#FFB000"}},
		}
	}
	return v
}

type termRateGroup struct {
	publicID string
	supplier *supplier
	created  types.Time
}

type account struct {
	agentID      int64
	email        string
	pwHash       [sha256.Size]byte
	first, last  string
	phone        string
	perspectives []gen.Perspective
	entities     []int64
	created      types.Time
}

func (a *account) holds(p gen.Perspective) bool { return slices.Contains(a.perspectives, p) }
func (a *account) hasEntity(id int64) bool      { return slices.Contains(a.entities, id) }

func (a *account) human() gen.Human {
	h := gen.Human{
		PublicID:     a.agentID,
		AgentID:      a.agentID,
		FirstName:    a.first,
		LastName:     a.last,
		EmailAddress: gen.EmailAddress{EmailAddress: a.email, ConfirmationRequired: false, Created: a.created},
		Created:      a.created,
	}
	if a.phone != "" {
		h.PhoneNumber = gen.PhoneNumber{Digits: a.phone, Confirmed: true}
	}
	return h
}

type session struct {
	id          int64
	key         string
	lifecycle   gen.Lifecycle
	perspective gen.Perspective
	agentID     int64
	created     time.Time
	lastUsed    time.Time
	storedUse   time.Time // lastUsed as last written to the data directory
}

func (s *session) view() gen.Session {
	return gen.Session{
		SessionID:   s.id,
		APIKey:      s.key,
		Perspective: s.perspective,
		Lifecycle:   s.lifecycle,
		Agent:       gen.SessionAgent{AgentID: ptr(s.agentID)},
	}
}

// codeKey names the account and perspective a second-factor code was issued for; perspective 0
// means the request named none, and the code then serves any perspective the account holds.
type codeKey struct {
	agent       int64
	perspective gen.Perspective
}

type secondFactor struct {
	code    string
	expires time.Time
	wrong   int   // wrong codes tried against it; at maxCodeAttempts it stops working
	mail    int64 // its mailbox entry
}

type link struct {
	v          gen.InstalmentLink // Disposition is set per list response
	createdBy  int64
	seq        int64
	opensTotal int // every open, stored or not (MaxStoredOpens)
}

type paymentMethod struct {
	publicID, description string
	instrument            gen.Instrument
}

type series struct {
	publicID, exchangeID, commitmentID string
	identifier                         string
	supplier, business                 *entity
	principal                          decimal.Decimal
	denom                              gen.Denomination
	periods                            int
	annualPercent                      decimal.Decimal
	cycle                              gen.Cycle
	created                            types.Time
	paidOverride                       *int
	creatingAgent, committedAgent      int64
	method                             *paymentMethod
	mechanism                          gen.PaymentMechanism
	selfServe, modifiedInvoice         bool
	lines                              []scheduleLine
	seq                                int64
}

// paid returns how many instalments are paid on day today: the seed's count, or else every
// instalment due by today (the sandbox's customers always pay on time).
func (s *series) paid(today types.Date) int {
	if s.paidOverride != nil {
		return *s.paidOverride
	}
	n := 0
	for _, l := range s.lines {
		if !l.due.After(today) {
			n++
		}
	}
	return n
}

// overdueDays returns how many days the oldest unpaid instalment is past due (0 if none is).
func (s *series) overdueDays(today types.Date) int {
	p := s.paid(today)
	if p >= len(s.lines) || !s.lines[p].due.Before(today) {
		return 0
	}
	return int(today.Time().Sub(s.lines[p].due.Time()) / (24 * time.Hour))
}

func (s *series) amount(d decimal.Decimal) gen.Amount {
	return gen.Amount{Magnitude: d, Denomination: currencies[s.denom]}
}

func (s *series) view(today types.Date) gen.PaymentSeries {
	paid := s.paid(today)
	sum, total := decimal.Zero, decimal.Zero
	for i, l := range s.lines {
		total = total.Add(l.nominal)
		if i < paid {
			sum = sum.Add(l.nominal)
		}
	}
	v := gen.PaymentSeries{
		PublicID:                s.publicID,
		Created:                 s.created,
		CreatingAgent:           s.creatingAgent,
		Customer:                s.business.headline(),
		Supplier:                s.supplier.headline(),
		ExchangeID:              s.exchangeID,
		Identifier:              s.identifier,
		Amount:                  s.amount(s.principal),
		SumPayments:             s.amount(sum),
		TotalPayable:            s.amount(total),
		Mechanism:               s.mechanism,
		Completed:               paid >= len(s.lines),
		CommitmentID:            s.commitmentID,
		AllowsSelfServePayments: s.selfServe,
	}
	if s.method != nil {
		v.PaymentMethod = gen.PaymentMethodHeadline{PublicID: s.method.publicID, Description: s.method.description}
	}
	if paid < len(s.lines) {
		v.OldestUnpaidInstalmentDue24HrsStarting = types.NewTime(s.lines[paid].due.Time())
	}
	return v
}

func (s *series) scheduleView(today types.Date) gen.InstalmentSchedule {
	paid := s.paid(today)
	cur := currencies[s.denom]
	out := gen.InstalmentSchedule{SeriesID: s.publicID, HasInterest: !s.annualPercent.IsZero()}
	tp, ti := decimal.Zero, decimal.Zero
	for i, l := range s.lines {
		line := gen.InstalmentLine{
			Sequence:           l.sequence,
			Date:               l.due,
			NominalPayment:     l.nominal,
			OpeningBalance:     l.opening,
			InterestPaid:       l.interest,
			PrincipalPaid:      l.principal,
			ClosingBalance:     l.closing,
			CommitmentPublicID: s.commitmentID,
			Due24HrsStarting:   types.NewTime(l.due.Time()),
			IsBespoke:          false,
			Denomination:       cur,
		}
		if i < paid {
			line.Paid = l.nominal
		} else {
			line.Paid = decimal.New(0, -int32(cur.Exponent))
		}
		out.Lines = append(out.Lines, line)
		tp, ti = tp.Add(l.nominal), ti.Add(l.interest)
	}
	out.TotalRow = gen.InstalmentTotalRow{TotalPayments: tp, TotalPrincipal: s.principal, TotalInterest: ti, Denomination: cur}
	return out
}

// unpaidDueIn reports whether an unpaid instalment falls due in [from, before) (zero bounds are open).
func (s *series) unpaidDueIn(today types.Date, from, before types.Time) bool {
	for _, l := range s.lines[s.paid(today):] {
		t := l.due.Time()
		if (from.IsZero() || !t.Before(from.Time())) && (before.IsZero() || t.Before(before.Time())) {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
