package integration

// The supplier's money and customers (issue 12): a sandbox seeded with a history, clients for
// each side, and helpers shared by sales_test.go, pending_test.go, deals_test.go, fees_test.go,
// customers_test.go and pdf_test.go.

import (
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// moneySeed gives the demo supplier a history beyond the default series (ps_demo1): two sales
// to Customer Co committed on one day (one payout settles both), one to Latepay, one to
// Harbour Cafe (a customer with a pending plan in the default data); another supplier, Acme,
// with a sale and a pending plan of its own, none of which the demo supplier may see; and a
// Procuret staff account that holds no entity and only the administrator perspective (3), as
// the API's own staff do (admin_test.go).
const moneySeed = `{
  "suppliers": [{"entity_id": 9007199254740993, "short_id": "ACME", "legal_name": "Acme Widgets Pty Ltd",
    "term_rates": [{"periods": 6, "annual_rate_percent": "0"}]}],
  "businesses": [{"entity_id": 9007199254740995, "short_id": "LATEPAY", "legal_name": "Latepay Holdings Pty Ltd",
    "created": "2025-01-10 00:00:00.000000"}],
  "accounts": [
    {"agent_id": 5000000000000001, "email": "owner@acme.example", "password": "s3cret",
     "first_name": "Ada", "last_name": "Acme", "entities": [9007199254740993]},
    {"agent_id": 5000000000000005, "email": "ap@latepay.example", "password": "pay later",
     "first_name": "Lee", "last_name": "Late", "entities": [9007199254740995]},
    {"agent_id": 5000000000000009, "email": "ops@procuret.example", "password": "staff only",
     "first_name": "Ari", "last_name": "Admin", "perspectives": [3], "entities": []}
  ],
  "series": [
    {"public_id": "ps_h1", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "identifier": "INV-H1",
     "principal": "1200.00", "periods": 6, "created": "2025-07-01 09:00:00.000000", "first_due": "2025-07-01",
     "payment_method": {"public_id": "pm_Card1", "description": "Visa ending 0001", "instrument": 1}},
    {"public_id": "ps_h2", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "identifier": "INV-H2",
     "principal": "800.00", "periods": 3, "created": "2025-07-01 15:30:00.000000", "first_due": "2025-07-01"},
    {"public_id": "ps_h3", "supplier_id": 13991055489669749, "business_id": 9007199254740995, "identifier": "INV-H3",
     "principal": "3000.00", "periods": 12, "created": "2025-08-15 11:00:00.000000", "first_due": "2025-08-15",
     "paid_instalments": 4},
    {"public_id": "ps_h4", "supplier_id": 13991055489669749, "business_id": 31415926535897931, "identifier": "INV-H4",
     "principal": "2400.00", "periods": 24, "created": "2025-10-02 08:00:00.000000", "first_due": "2025-10-02"},
    {"public_id": "ps_acme1", "supplier_id": 9007199254740993, "business_id": 9007199254740995, "identifier": "ACME-1",
     "principal": "900.00", "periods": 6, "created": "2025-09-09 10:00:00.000000", "first_due": "2025-09-09"}
  ],
  "pending": [
    {"exchange_id": "ex_acme_p", "supplier_id": 9007199254740993, "business_id": 9007199254740995, "description": "ACME-2",
     "amount": "650.00", "periods": 6, "created": "2025-11-01 09:00:00.000000", "awaiting_identity_assessment": true}
  ]
}`

const (
	mAcmeID    int64 = 9007199254740993
	mLatepayID int64 = 9007199254740995
	mCustCoID  int64 = 24681357924681357
	mHarbourID int64 = 31415926535897931
	mOutbackID int64 = 27182818284590452
	mKiwiID    int64 = 16180339887498948
	mOliAgent  int64 = 6100000000000002

	mAdminEmail          = "ops@procuret.example"
	mAdminPassword       = "staff only"
	mAdminAgent    int64 = 5000000000000009
)

// moneyEnv is a seeded sandbox with clients for the demo supplier, its customer Casey, Acme's
// owner and Latepay's accounts payable.
type moneyEnv struct {
	*itEnv
	supplier, casey, acme, latepay *procuret.Client
}

func moneyStart(t *testing.T) *moneyEnv {
	t.Helper()
	e := itStart(t, "", sandbox.WithSeed(strings.NewReader(moneySeed)))
	as := func(email string, p procuret.Perspective) *procuret.Client {
		creds, err := e.sb.NewSession(email, p, auth.LongLived)
		if err != nil {
			t.Fatal(err)
		}
		return e.anon.Authenticated(creds)
	}
	return &moneyEnv{itEnv: e,
		supplier: as(sandbox.DefaultSupplierEmail, procuret.PerspectiveSupplier),
		casey:    as(sandbox.DefaultBusinessEmail, procuret.PerspectiveBusiness),
		acme:     as("owner@acme.example", procuret.PerspectiveSupplier),
		latepay:  as("ap@latepay.example", procuret.PerspectiveBusiness),
	}
}

// collect drains an iterator, failing the test on its error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterator: %v", err)
		}
		out = append(out, v)
	}
	return out
}

// must returns v, or ends the test with err: a test defers rescue(t) to report it.
func must[T any](v T, err error) T {
	if err != nil {
		panic(mustError{err})
	}
	return v
}

type mustError struct{ err error }

// rescue turns must's panic into the test's failure, and lets any other panic through.
func rescue(t *testing.T) {
	if r := recover(); r != nil {
		if m, ok := r.(mustError); ok {
			t.Fatalf("call failed: %v", m.err)
		}
		panic(r)
	}
}

// saleIDs, pendingIDs, payoutIDs, dealIDs and entityNames are a list's identifiers in its
// order: what the money and customer tests compare.

func saleIDs(ss []procuret.SupplierSale) []string {
	return mapped(ss, func(s procuret.SupplierSale) string { return s.Identifier })
}

func pendingIDs(ps []procuret.PendingSeries) []string {
	return mapped(ps, func(p procuret.PendingSeries) string { return p.Exchange.PublicID })
}

func payoutIDs(ps []procuret.SupplierPayout) []string {
	return mapped(ps, func(p procuret.SupplierPayout) string { return p.PublicID })
}

func dealIDs(ds []procuret.Deal) []string {
	return mapped(ds, func(d procuret.Deal) string { return d.CommitmentID })
}

func entityNames(es []procuret.Entity) []string {
	return mapped(es, func(e procuret.Entity) string { return e.PublicIDShort })
}
