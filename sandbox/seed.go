package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/types"
)

// seedFile is the JSON a sandbox loads with WithSeed or -seed FILE, on top of the default data.
// README.md documents it field by field; unknown fields are an error, so typos surface.
type seedFile struct {
	Suppliers  []seedSupplier `json:"suppliers"`
	Businesses []seedEntity   `json:"businesses"`
	Accounts   []seedAccount  `json:"accounts"`
	Series     []seedSeries   `json:"series"`
	Pending    []seedPending  `json:"pending"` // plans not yet active (ledger.go)
}

type seedEntity struct {
	EntityID      int64        `json:"entity_id"`
	ShortID       string       `json:"short_id"`
	LegalName     string       `json:"legal_name"`
	TradingName   string       `json:"trading_name,omitempty"`
	ABN           string       `json:"abn,omitempty"`
	EntityType    int          `json:"entity_type,omitempty"` // default 1 (company)
	Country       int          `json:"country,omitempty"`     // default 1 (Australia)
	Address       *seedAddress `json:"address,omitempty"`
	Phone         string       `json:"phone,omitempty"`
	Created       string       `json:"created,omitempty"` // Procuret time; default: when the sandbox started
	XeroShortCode string       `json:"xero_short_code,omitempty"`
}

type seedAddress struct {
	Line1      string `json:"line_1"`
	Line2      string `json:"line_2,omitempty"`
	Locality   string `json:"locality,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Region     int    `json:"region,omitempty"`
}

type seedSupplier struct {
	seedEntity
	DefaultDenomination int            `json:"default_denomination,omitempty"` // default 1 (AUD)
	Denominations       []int          `json:"denominations,omitempty"`        // default: the default one
	MaxTransaction      string         `json:"max_transaction,omitempty"`      // default "100000.00"
	Authorised          *bool          `json:"authorised,omitempty"`           // default true
	BrandName           string         `json:"brand_name,omitempty"`
	SaleMessage         string         `json:"sale_message,omitempty"`
	TermRates           []seedTermRate `json:"term_rates"`
	TermRateGroup       string         `json:"term_rate_group,omitempty"` // public ID of a group holding the rates
}

type seedTermRate struct {
	Periods           int    `json:"periods"`
	AnnualRatePercent string `json:"annual_rate_percent"`
}

type seedAccount struct {
	AgentID      int64   `json:"agent_id"`
	Email        string  `json:"email"`
	Password     string  `json:"password"`
	FirstName    string  `json:"first_name"`
	LastName     string  `json:"last_name"`
	Phone        string  `json:"phone,omitempty"`
	Perspectives []int   `json:"perspectives,omitempty"` // default: 1 if it holds a supplier, 2 if a business
	Entities     []int64 `json:"entities"`
}

type seedSeries struct {
	PublicID                string      `json:"public_id"`
	ExchangeID              string      `json:"exchange_id,omitempty"`   // default "ex_" + public_id
	CommitmentID            string      `json:"commitment_id,omitempty"` // default "cm_" + public_id
	SupplierID              int64       `json:"supplier_id"`
	BusinessID              int64       `json:"business_id"`
	Identifier              string      `json:"identifier"`
	Principal               string      `json:"principal"`
	Denomination            int         `json:"denomination,omitempty"` // default: the supplier's
	Periods                 int         `json:"periods"`
	AnnualRatePercent       string      `json:"annual_rate_percent,omitempty"` // default: the supplier's rate for periods
	Cycle                   int         `json:"cycle,omitempty"`               // default 1 (in advance)
	Created                 string      `json:"created,omitempty"`             // default: first_due at 00:00
	FirstDue                string      `json:"first_due"`                     // date of the first instalment
	PaidInstalments         *int        `json:"paid_instalments,omitempty"`    // default: every instalment due by now
	CreatingAgent           int64       `json:"creating_agent,omitempty"`      // default: an account of the supplier
	CommittedAgent          int64       `json:"committed_agent,omitempty"`     // default: an account of the business
	PaymentMethod           *seedMethod `json:"payment_method,omitempty"`
	Mechanism               int         `json:"mechanism,omitempty"` // default 1 (on platform)
	AllowsSelfServePayments *bool       `json:"allows_self_serve_payments,omitempty"`
	ModifiedInvoice         bool        `json:"modified_invoice,omitempty"`
}

type seedMethod struct {
	PublicID    string `json:"public_id"`
	Description string `json:"description"`
	Instrument  int    `json:"instrument"` // 1 card, 2 bank account
}

func parseSeed(r io.Reader) (*seedFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read seed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sd seedFile
	if err := dec.Decode(&sd); err != nil {
		return nil, fmt.Errorf("parse seed: %w", err)
	}
	if dec.More() {
		return nil, errors.New("parse seed: more than one JSON value")
	}
	return &sd, nil
}

// The default data: one supplier with its account, one customer business with its account,
// and a payment series between them, twelve months in advance at 7.9 % p.a., started three
// months before the sandbox (so some instalments are paid and the rest are to come).
const (
	DefaultSupplierEmail    = "demo-supplier@example.com"
	DefaultSupplierPassword = "correct horse battery staple"
	DefaultSupplierID       = int64(13991055489669749) // above 2^53 on purpose
	DefaultSupplierAgentID  = int64(7205759403792794)
	DefaultBusinessEmail    = "casey@customer.example"
	DefaultBusinessPassword = "correct horse battery staple"
	DefaultBusinessID       = int64(24681357924681357)
	DefaultBusinessAgentID  = int64(8146294615297130)
	DefaultSeriesID         = "ps_demo1"
)

func defaultSeed(now time.Time) *seedFile {
	today := types.DateOf(now.UTC())
	first := addMonths(today, -3)
	daysAgo := func(n int) string { return today.AddDays(-n).String() + " 09:00:00.000000" }
	yes := true
	return &seedFile{
		Suppliers: []seedSupplier{{
			seedEntity: seedEntity{
				EntityID: DefaultSupplierID, ShortID: "DEMOSUP", LegalName: "Demo Supplies Pty Ltd",
				TradingName: "Demo Supplies", ABN: "51824753556", Phone: "61290000000",
				Address:       &seedAddress{Line1: "1 Demo Street", Locality: "Sydney", PostalCode: "2000", Region: 1},
				Created:       "2025-03-01 00:00:00.000000",
				XeroShortCode: "!Dmo42",
			},
			DefaultDenomination: 1,
			Denominations:       []int{1, 2},
			MaxTransaction:      "100000.00",
			Authorised:          &yes,
			BrandName:           "Demo Supplies",
			SaleMessage:         "Pay over 3 to 24 months.",
			TermRates: []seedTermRate{
				{Periods: 3, AnnualRatePercent: "0"},
				{Periods: 6, AnnualRatePercent: "4.9"},
				{Periods: 12, AnnualRatePercent: "7.9"},
				{Periods: 24, AnnualRatePercent: "9.9"},
			},
			TermRateGroup: "trg_demo",
		}},
		Businesses: []seedEntity{{
			EntityID: DefaultBusinessID, ShortID: "CUSTCO", LegalName: "Customer Co Pty Ltd",
			TradingName: "Customer Co", ABN: "33102417032",
			Address: &seedAddress{Line1: "2 Client Road", Locality: "Melbourne", PostalCode: "3000", Region: 2},
			Created: "2025-06-01 00:00:00.000000",
		}, {
			EntityID: harbourCafeID, ShortID: "HARBOUR", LegalName: "Harbour Cafe Pty Ltd", TradingName: "Harbour Cafe",
			Address: &seedAddress{Line1: "9 Wharf Lane", Locality: "Hobart", PostalCode: "7000", Region: 6},
			Created: "2026-02-10 00:00:00.000000",
		}, {
			EntityID: outbackToolsID, ShortID: "OUTBACK", LegalName: "Outback Tools Pty Ltd",
			Address: &seedAddress{Line1: "40 Red Centre Way", Locality: "Alice Springs", PostalCode: "0870", Region: 7},
			Created: "2026-04-22 00:00:00.000000",
		}, {
			EntityID: kiwiFreshID, ShortID: "KIWIFRESH", LegalName: "Kiwi Fresh Limited", Country: 2,
			Created: "2026-08-03 00:00:00.000000",
		}},
		Accounts: []seedAccount{
			{
				AgentID: DefaultSupplierAgentID, Email: DefaultSupplierEmail, Password: DefaultSupplierPassword,
				FirstName: "Dana", LastName: "Demo", Phone: "61400000000",
				Perspectives: []int{1}, Entities: []int64{DefaultSupplierID},
			},
			{
				AgentID: DefaultBusinessAgentID, Email: DefaultBusinessEmail, Password: DefaultBusinessPassword,
				FirstName: "Casey", LastName: "Customer", Phone: "61400000001",
				Perspectives: []int{2}, Entities: []int64{DefaultBusinessID},
			},
			{
				AgentID: 6100000000000001, Email: "hana@harbourcafe.example", Password: "flat white",
				FirstName: "Hana", LastName: "Harbour", Entities: []int64{harbourCafeID},
			},
			{
				AgentID: 6100000000000002, Email: "oli@outbacktools.example", Password: "red dust",
				FirstName: "Oli", LastName: "Outback", Entities: []int64{outbackToolsID},
			},
			{
				AgentID: 6100000000000003, Email: "kiri@kiwifresh.example", Password: "feijoa",
				FirstName: "Kiri", LastName: "Fresh", Entities: []int64{kiwiFreshID},
			},
		},
		Series: []seedSeries{{
			PublicID: DefaultSeriesID, ExchangeID: "ex_demo1", CommitmentID: "cm_demo1",
			SupplierID: DefaultSupplierID, BusinessID: DefaultBusinessID,
			Identifier: "INV-0042", Principal: "4200.00", Periods: 12,
			Created:        first.String() + " 10:00:00.000000",
			FirstDue:       first.String(),
			CreatingAgent:  DefaultSupplierAgentID,
			CommittedAgent: DefaultBusinessAgentID,
			PaymentMethod:  &seedMethod{PublicID: "pm_Bk4321", Description: "Bank account ending 4321", Instrument: 2},
		}},
		// Plans committed to but not yet active, one in each assessment state (ledger.go).
		Pending: []seedPending{
			{ExchangeID: "ex_pend1", SupplierID: DefaultSupplierID, BusinessID: harbourCafeID, Description: "INV-0101",
				Amount: "2400.00", Periods: 12, Created: daysAgo(2), AwaitingIdentityAssessment: true, AwaitingCreditAssessment: true},
			{ExchangeID: "ex_pend2", SupplierID: DefaultSupplierID, BusinessID: outbackToolsID, Description: "INV-0102",
				Amount: "8800.00", Periods: 6, Created: daysAgo(5), AwaitingCreditAssessment: true},
			{ExchangeID: "ex_pend3", SupplierID: DefaultSupplierID, BusinessID: kiwiFreshID, Description: "INV-0103",
				Amount: "3150.00", Denomination: 2, Periods: 3, Created: daysAgo(1), AwaitingIdentityAssessment: true, CreditAssessmentState: 3},
			{ExchangeID: "ex_pend4", SupplierID: DefaultSupplierID, BusinessID: DefaultBusinessID, Description: "INV-0104",
				Amount: "1980.00", Periods: 6, Created: daysAgo(3)},
			{ExchangeID: "ex_pend5", SupplierID: DefaultSupplierID, BusinessID: outbackToolsID, Description: "INV-0099",
				Amount: "42000.00", Periods: 24, Created: daysAgo(9), CreditAssessmentState: 2},
		},
	}
}

// The default data's other customers: they have plans pending with the demo supplier.
const (
	harbourCafeID  = int64(31415926535897931)
	outbackToolsID = int64(27182818284590452)
	kiwiFreshID    = int64(16180339887498948)
)

var (
	publicIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	digitsPattern   = regexp.MustCompile(`^[0-9]+$`)
)

func seedDecimal(what, s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s: %q is not a decimal number", what, s)
	}
	return d, nil
}

func seedTime(what, s string, def types.Time) (types.Time, error) {
	if s == "" {
		return def, nil
	}
	t, err := types.ParseTime(s)
	if err != nil {
		return types.Time{}, fmt.Errorf("%s: %w", what, err)
	}
	return t, nil
}
