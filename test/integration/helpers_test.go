package integration

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// The helpers every area's file shares: the sandbox and its clients (itStart, itEnv), error
// assertions (itAPIError, itNotFound), the seed and its IDs, schedule and ID helpers, and the
// row type and fixture of TestIntegrationEveryOperation. A helper that serves one file stays
// in that file.

// The default supplier's entity ID, written out: it is above 2^53, so a client that decodes
// IDs through float64 gets 13991055489669748 instead.
const itSupplierID int64 = 13991055489669749

// itEnv is one sandbox on loopback and an anonymous client pointed at it.
type itEnv struct {
	base      string // http://127.0.0.1:PORT/api
	sb        *sandbox.Sandbox
	hc        *http.Client  // a plain HTTP client, for the customer's page
	sent      *atomic.Int64 // requests the procuret clients of this env sent
	anon      *procuret.Client
	fixedCode string // the sandbox's fixed second-factor code, or "" to read LastCode
	logs      *testutil.SyncBuffer
}

// itStart serves a sandbox for t (shut down by t.Cleanup) and returns it with an anonymous
// client. fixedCode, when not "", is passed to sandbox.WithFixedCode.
func itStart(t *testing.T, fixedCode string, opts ...sandbox.Option) *itEnv {
	t.Helper()
	logs := &testutil.SyncBuffer{}
	opts = append(opts, sandbox.WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if fixedCode != "" {
		opts = append(opts, sandbox.WithFixedCode(fixedCode))
	}
	base, sb := sandboxtest.Start(t, opts...)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/api") {
		t.Fatalf("sandbox base URL %q is not http://127.0.0.1:PORT/api", base)
	}
	// Registered after sandboxtest's shutdown, so it runs first: no idle connection outlives
	// the test.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	e := &itEnv{base: base, sb: sb, hc: hc, sent: new(atomic.Int64), fixedCode: fixedCode, logs: logs}
	e.anon = e.client(t, itCounter{next: hc, n: e.sent})
	return e
}

// client returns a client of the sandbox with no credentials that sends through doer.
func (e *itEnv) client(t *testing.T, doer procuret.HTTPDoer) *procuret.Client {
	t.Helper()
	c, err := procuret.NewClient(
		procuret.WithBaseURL(e.base),
		procuret.WithHTTPClient(doer),
		procuret.WithUserAgentPrefix("procuret-go-integration-test"),
	)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if c.Endpoint() != e.base {
		t.Fatalf("Endpoint() = %q, want %q", c.Endpoint(), e.base)
	}
	return c
}

// code returns the second-factor code the sandbox "emailed" to email: the fixed code when the
// sandbox has one, else what LastCode reads (as a user reads their email).
func (e *itEnv) code(t *testing.T, email string) string {
	t.Helper()
	code, ok := e.sb.LastCode(email)
	if !ok {
		t.Fatalf("LastCode(%q): no code was issued", email)
	}
	if e.fixedCode != "" && code != e.fixedCode {
		t.Fatalf("LastCode(%q) = %q, want the fixed code %q", email, code, e.fixedCode)
	}
	return code
}

// login logs in through the client, both steps, and returns the session.
func (e *itEnv) login(t *testing.T, email, password string, p procuret.Perspective, lc procuret.Lifecycle) *procuret.Session {
	t.Helper()
	ctx := t.Context()
	if err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: email, Password: password, Perspective: p}); err != nil {
		t.Fatalf("RequestSecondFactorCode(%s): %v", email, err)
	}
	code := e.fixedCode
	if code == "" {
		code = e.code(t, email)
	}
	sess, err := e.anon.CreateSession(ctx, procuret.LoginParams{Email: email, Password: password, Perspective: p, Code: code, Lifecycle: lc})
	if err != nil {
		t.Fatalf("CreateSession(%s): %v", email, err)
	}
	return sess
}

// itCounter counts the requests a client sends.
type itCounter struct {
	next procuret.HTTPDoer
	n    *atomic.Int64
}

func (c itCounter) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.Do(r)
}

// itAPIError asserts that err is an *procuret.Error of kind that carries the server's
// error-information, and returns it.
func itAPIError(t *testing.T, err error, kind procuret.ErrorKind) *procuret.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want errors.Is(err, %#v) (%v)", err, kind, kind)
	}
	var e *procuret.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want a *procuret.Error", err, err)
	}
	if e.Kind != kind || e.Operation == "" || e.Attempts < 1 {
		t.Errorf("Error = %+v, want Kind %v, an Operation and Attempts ≥ 1", e, kind)
	}
	if e.Message == "" || e.Excerpt != "" {
		t.Errorf("Error = %+v: want the server's error-information in Message and no Excerpt", e)
	}
	return e
}

// itNotFound asserts a 404 whose error-information names the unknown id.
func itNotFound(t *testing.T, err error, id string) {
	t.Helper()
	e := itAPIError(t, err, procuret.ErrNotFound)
	if e.StatusCode != http.StatusNotFound {
		t.Errorf("StatusCode = %d, want 404", e.StatusCode)
	}
	if !strings.Contains(e.Message, id) {
		t.Errorf("Message = %q: the server's error-information should name %q", e.Message, id)
	}
	if !strings.Contains(err.Error(), e.Message) {
		t.Errorf("Error() = %q does not quote the server's message %q", err, e.Message)
	}
}

func itDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// mapped returns f of each element of xs, in order: a list's identifiers, for the tests to
// compare.
func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func itPeriods(qs []procuret.ProspectivePayment) []int {
	return mapped(qs, func(q procuret.ProspectivePayment) int { return q.Periods })
}

func itLinkIDs(ls []procuret.InstalmentLink) []string {
	return mapped(ls, func(l procuret.InstalmentLink) string { return l.PublicID })
}

func itSeriesIDs(ss []procuret.PaymentSeries) []string {
	return mapped(ss, func(s procuret.PaymentSeries) string { return s.PublicID })
}

// itAdvancePayment is the documented in-advance payment P·r / ((1 − (1+r)^−n)·(1+r)), in
// float64: an independent check of the sandbox's decimal arithmetic to within a cent.
func itAdvancePayment(principal float64, n int, annualPercent float64) float64 {
	if annualPercent == 0 {
		return principal / float64(n)
	}
	r := annualPercent / 1200
	return principal * r / ((1 - math.Pow(1+r, -float64(n))) * (1 + r))
}

// itCheckSchedule checks a schedule against its series and the invariants the sandbox
// documents: the lines' nominal payments sum to total_row.total_payments (the series'
// total payable), the principal repaid sums to the principal, each line's opening balance less
// the principal it repays is its closing balance, the last closing balance is zero, and every
// instalment but the last (which absorbs the rounding) is the quoted payment.
func itCheckSchedule(t *testing.T, s *procuret.PaymentSeries, sched *procuret.InstalmentSchedule, periods int, payment decimal.Decimal) {
	t.Helper()
	if sched.SeriesID != s.PublicID {
		t.Errorf("schedule series_id = %q, want %q", sched.SeriesID, s.PublicID)
	}
	if len(sched.Lines) != periods {
		t.Fatalf("schedule has %d lines, want %d", len(sched.Lines), periods)
	}
	sumNominal, sumPrincipal, sumInterest, sumPaid := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	bal := s.Amount.Magnitude
	for i, l := range sched.Lines {
		if l.Sequence != i+1 {
			t.Errorf("line %d: sequence %d", i, l.Sequence)
		}
		if i > 0 && !l.Date.After(sched.Lines[i-1].Date) {
			t.Errorf("line %d: date %s not after %s", i, l.Date, sched.Lines[i-1].Date)
		}
		if l.CommitmentPublicID != s.CommitmentID || l.Denomination.Iso4217 != s.Amount.Denomination.Iso4217 {
			t.Errorf("line %d: commitment %q currency %q, want %q %q", i, l.CommitmentPublicID, l.Denomination.Iso4217, s.CommitmentID, s.Amount.Denomination.Iso4217)
		}
		if !l.OpeningBalance.Equal(bal) {
			t.Errorf("line %d: opening balance %s, want the previous closing balance %s", i, l.OpeningBalance, bal)
		}
		if !l.OpeningBalance.Sub(l.PrincipalPaid).Equal(l.ClosingBalance) {
			t.Errorf("line %d: opening %s − principal %s ≠ closing %s", i, l.OpeningBalance, l.PrincipalPaid, l.ClosingBalance)
		}
		if !l.PrincipalPaid.Add(l.InterestPaid).Equal(l.NominalPayment) {
			t.Errorf("line %d: principal %s + interest %s ≠ nominal %s", i, l.PrincipalPaid, l.InterestPaid, l.NominalPayment)
		}
		if i < len(sched.Lines)-1 && !l.NominalPayment.Equal(payment) {
			t.Errorf("line %d: nominal payment %s, want the quoted %s", i, l.NominalPayment, payment)
		}
		// An unpaid line reads 0 whether the API sent "0.00" or nothing.
		sumPaid = sumPaid.Add(l.Paid)
		bal = l.ClosingBalance
		sumNominal = sumNominal.Add(l.NominalPayment)
		sumPrincipal = sumPrincipal.Add(l.PrincipalPaid)
		sumInterest = sumInterest.Add(l.InterestPaid)
	}
	if !bal.IsZero() {
		t.Errorf("last closing balance %s, want 0", bal)
	}
	// The last instalment absorbs only the rounding: it stays within a cent per instalment of
	// the payment, so the schedule amortises at the quoted rate.
	last := sched.Lines[len(sched.Lines)-1].NominalPayment
	if drift := last.Sub(payment).Abs(); drift.GreaterThan(decimal.New(int64(periods), -2)) {
		t.Errorf("last instalment %s is %s away from the payment %s: more than rounding", last, drift, payment)
	}
	tr := sched.TotalRow
	if !sumNominal.Equal(tr.TotalPayments) {
		t.Errorf("Σ nominal_payment = %s, total_row.total_payments = %s", sumNominal, tr.TotalPayments)
	}
	if !sumPrincipal.Equal(tr.TotalPrincipal) || !tr.TotalPrincipal.Equal(s.Amount.Magnitude) {
		t.Errorf("Σ principal_paid = %s, total_principal = %s, series amount = %s", sumPrincipal, tr.TotalPrincipal, s.Amount.Magnitude)
	}
	if !sumInterest.Equal(tr.TotalInterest) || !tr.TotalPayments.Sub(tr.TotalInterest).Equal(tr.TotalPrincipal) {
		t.Errorf("Σ interest_paid = %s, totals %+v", sumInterest, tr)
	}
	if !tr.TotalPayments.Equal(s.TotalPayable.Magnitude) {
		t.Errorf("total_payments %s ≠ the series' total_payable %s", tr.TotalPayments, s.TotalPayable.Magnitude)
	}
	if !sumPaid.Equal(s.SumPayments.Magnitude) {
		t.Errorf("Σ paid = %s ≠ the series' sum_payments %s", sumPaid, s.SumPayments.Magnitude)
	}
	if sched.HasInterest != tr.TotalInterest.IsPositive() {
		t.Errorf("has_interest %v with total interest %s", sched.HasInterest, tr.TotalInterest)
	}
}

// itSeed adds to the default data: another supplier (Acme) with its own term rate group, a
// customer business that is behind on its payments, an account holding both the demo supplier
// and the demo business (perspectives 1 and 2), and an overdue payment series of the demo
// supplier, so that the list filters have something to tell apart.
const itSeed = `{
  "suppliers": [{
    "entity_id": 9007199254740993, "short_id": "ACME", "legal_name": "Acme Widgets Pty Ltd",
    "term_rates": [{"periods": 6, "annual_rate_percent": "0"}], "term_rate_group": "trg_acme"
  }],
  "businesses": [{"entity_id": 9007199254740995, "short_id": "LATEPAY", "legal_name": "Latepay Holdings Pty Ltd"}],
  "accounts": [
    {"agent_id": 5000000000000001, "email": "owner@acme.example", "password": "s3cret",
     "first_name": "Ada", "last_name": "Acme", "entities": [9007199254740993]},
    {"agent_id": 5000000000000003, "email": "dual@demo.example", "password": "two hats",
     "first_name": "Jo", "last_name": "Both", "perspectives": [1, 2], "entities": [13991055489669749, 24681357924681357]},
    {"agent_id": 5000000000000005, "email": "ap@latepay.example", "password": "pay later",
     "first_name": "Lee", "last_name": "Late", "entities": [9007199254740995]}
  ],
  "series": [{
    "public_id": "ps_late1", "supplier_id": 13991055489669749, "business_id": 9007199254740995,
    "identifier": "INV-LATE-7", "principal": "1200.00", "periods": 6,
    "created": "2024-12-01 09:00:00.000000", "first_due": "2025-01-15", "paid_instalments": 2,
    "creating_agent": 7205759403792794, "committed_agent": 5000000000000005,
    "payment_method": {"public_id": "pm_Card1", "description": "Visa ending 0001", "instrument": 1}
  }]
}`

const (
	itAcmeID        int64 = 9007199254740993
	itLatepayID     int64 = 9007199254740995
	itDualEmail           = "dual@demo.example"
	itDualPassword        = "two hats"
	itDualAgentID   int64 = 5000000000000003
	itUnknownEntity int64 = 9007199254740999 // above 2^53, known to nobody
	itLateSeriesID        = "ps_late1"
)

func itOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// isZero reports whether v is its type's zero value: how an optional
// response field reads when the API left it out.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }

// itFixedCode is the second-factor code of TestIntegrationEveryOperation's sandbox
// (sandbox.WithFixedCode).
const itFixedCode = "246810"

// itFixture is what TestIntegrationEveryOperation sets up for its rows: the sandbox, the demo
// supplier's and the demo customer's accounts, a client logged in as each, and a link for the
// demo customer.
type itFixture struct {
	e                  *itEnv
	acct, cust         sandbox.Account
	supSess            *procuret.Session
	supplier, customer *procuret.Client
	forCasey           *procuret.InstalmentLink
}

// itOp is one row of TestIntegrationEveryOperation: a client method, a run that drives it and
// checks what a user would notice, and, for a GET by ID, a call with an unknown ID.
type itOp struct {
	method    string
	run       func(t *testing.T)
	unknownID string
	unknown   func(ctx context.Context) error
}
