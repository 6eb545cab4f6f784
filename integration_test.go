package procuret_test

// Integration tests: the procuret client against a real sandbox (package sandbox) served on
// 127.0.0.1 with an ephemeral port, over loopback HTTP. Nothing here is faked: every request
// is built, signed, sent, validated against the contract by the sandbox, answered and decoded.
//
//	go test -race -run Integration -count=3 .

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
	"github.com/procuret/procuret-go/types"
)

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

func itPeriods(qs []procuret.ProspectivePayment) []int {
	out := make([]int, len(qs))
	for i, q := range qs {
		out[i] = q.Periods
	}
	return out
}

func itLinkIDs(ls []procuret.InstalmentLink) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.PublicID
	}
	return out
}

func itSeriesIDs(ss []procuret.PaymentSeries) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.PublicID
	}
	return out
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

// TestIntegrationSupplierFlow is the whole supplier flow, in order, against one
// sandbox: second-factor code (read with LastCode, as a user reads their email) → session →
// create link → get → list → open → get shows the open → quote one term and all terms →
// series and schedule; then the link's page.
func TestIntegrationSupplierFlow(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	ctx := t.Context()
	acct := e.sb.DefaultAccount()
	if acct.EntityID != itSupplierID || sandbox.DefaultSupplierID != itSupplierID {
		t.Fatalf("default supplier %d, want %d", acct.EntityID, itSupplierID)
	}

	// Second-factor code, by email.
	if _, ok := e.sb.LastCode(acct.Email); ok {
		t.Fatal("LastCode has a code before any was requested")
	}
	err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
		Email: acct.Email, Password: acct.Password, Perspective: procuret.PerspectiveSupplier,
	})
	if err != nil {
		t.Fatalf("RequestSecondFactorCode: %v", err)
	}
	code := e.code(t, acct.Email)
	if len(code) != 6 {
		t.Fatalf("code %q is not six digits", code)
	}
	if !strings.Contains(e.logs.String(), "code="+code) {
		t.Errorf("the sandbox log (the email's stand-in) does not carry code %s", code)
	}

	// Session, long-lived.
	login := procuret.LoginParams{
		Email: acct.Email, Password: acct.Password, Perspective: procuret.PerspectiveSupplier,
		Code: code, Lifecycle: procuret.LifecycleLongLived,
	}
	sess, err := e.anon.CreateSession(ctx, login)
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	creds := sess.Credentials()
	if sess.SessionID <= 0 || sess.SessionID != creds.SessionID() || sess.Perspective != procuret.PerspectiveSupplier ||
		sess.Lifecycle != procuret.LifecycleLongLived || creds.Lifecycle() != auth.LongLived || sess.AgentID != acct.AgentID {
		t.Fatalf("session = %v (credentials lifecycle %v), want a long-lived supplier session of agent %d", sess, creds.Lifecycle(), acct.AgentID)
	}
	if strings.Contains(sess.String(), creds.APIKey()) {
		t.Error("Session.String shows the API key")
	}
	// The code worked once.
	_, err = e.anon.CreateSession(ctx, login)
	itAPIError(t, err, procuret.ErrNotAuthenticated)

	supplier := e.anon.Authenticated(creds)

	// Create a link.
	amount := itDec("422.42")
	const invoice = "INV-FLOW-2026-0001"
	const invitee = "pat.customer@example.com"
	link, err := supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: amount, InviteeEmail: invitee,
		InvoiceIdentifier: invoice, Communication: procuret.NotifyCustomer,
	})
	if err != nil {
		t.Fatalf("CreateInstalmentLink: %v", err)
	}
	if !strings.HasPrefix(link.PublicID, "il_") || len(link.PublicID) != 15 {
		t.Errorf("public id %q, want il_ and 12 characters", link.PublicID)
	}
	if link.Supplier.EntityID != itSupplierID || link.Supplier.LegalEntityName != "Demo Supplies Pty Ltd" {
		t.Errorf("supplier = %+v, want entity %d exactly", link.Supplier, itSupplierID)
	}
	if !link.InvoiceAmount.Equal(amount) || link.InvoiceIdentifier != invoice ||
		link.InviteeEmail == "" || link.InviteeEmail != invitee || link.DenominationID != procuret.DenominationAUD ||
		link.SaleName != procuret.SaleNomenclatureInvoice || len(link.Opens) != 0 || link.Created.IsZero() {
		t.Errorf("created link = %+v", link.InstalmentLink)
	}
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("sandbox LinkCount = %d, want 1", n)
	}
	if sbl := e.sb.Links(); len(sbl) != 1 || sbl[0].PublicID != link.PublicID || !sbl[0].InvoiceAmount.Equal(amount) {
		t.Errorf("sandbox Links = %+v", sbl)
	}

	// The link's page is on the sandbox's host, beside the API root.
	wantURL := strings.TrimSuffix(e.base, "/api") + "/b?il=" + link.PublicID
	if link.URL() != wantURL || supplier.InstalmentLinkURL(link.PublicID) != wantURL {
		t.Errorf("URL() = %q, InstalmentLinkURL = %q, want %q", link.URL(), supplier.InstalmentLinkURL(link.PublicID), wantURL)
	}
	pu, err := url.Parse(link.URL())
	bu, _ := url.Parse(e.base)
	if err != nil || pu.Host != bu.Host || pu.Path != "/b" || pu.Query().Get("il") != link.PublicID {
		t.Errorf("URL() = %q: want the sandbox host %s, path /b and il=%s (%v)", link.URL(), bu.Host, link.PublicID, err)
	}
	// NotifyCustomer: the sandbox "emails" the same URL.
	if logs := e.logs.String(); !strings.Contains(logs, "instalment link email") || !strings.Contains(logs, wantURL) {
		t.Errorf("the sandbox did not log the link email with %s", wantURL)
	}

	// Get: the same link.
	got, err := supplier.GetInstalmentLink(ctx, link.PublicID)
	if err != nil {
		t.Fatalf("GetInstalmentLink: %v", err)
	}
	if got.PublicID != link.PublicID || !got.InvoiceAmount.Equal(amount) || got.Supplier.EntityID != itSupplierID ||
		got.InvoiceIdentifier != invoice || !got.Created.Equal(link.Created) || got.URL() != link.URL() || len(got.Opens) != 0 {
		t.Errorf("got %+v (URL %s), want the created %+v", got.InstalmentLink, got.URL(), link.InstalmentLink)
	}

	// List by supplier: it is there, with a disposition.
	links, err := supplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itSupplierID})
	if err != nil {
		t.Fatalf("ListInstalmentLinks: %v", err)
	}
	i := slices.IndexFunc(links, func(l procuret.InstalmentLink) bool { return l.PublicID == link.PublicID })
	if i < 0 {
		t.Fatalf("ListInstalmentLinks(supplier %d) = %v, lacks %s", itSupplierID, itLinkIDs(links), link.PublicID)
	}
	listed := links[i]
	if d := listed.Disposition; isZero(d) || d.Count != 1 || d.Sequence != 0 || d.Limit != 20 || d.Offset != 0 {
		t.Errorf("disposition = %+v, want {sequence 0, count 1, limit 20, offset 0}", d)
	}
	if !listed.InvoiceAmount.Equal(amount) || listed.Supplier.EntityID != itSupplierID || listed.URL() != wantURL {
		t.Errorf("listed = %+v", listed.InstalmentLink)
	}

	// Open, as the customer's page does; get shows it.
	if err := supplier.MarkInstalmentLinkOpened(ctx, link.PublicID); err != nil {
		t.Fatalf("MarkInstalmentLinkOpened: %v", err)
	}
	got, err = supplier.GetInstalmentLink(ctx, link.PublicID)
	if err != nil {
		t.Fatalf("GetInstalmentLink after opening: %v", err)
	}
	if len(got.Opens) != 1 || got.Opens[0].Sequence != 0 || got.Opens[0].Created.Before(link.Created) {
		t.Errorf("opens = %+v, want one open at or after %s", got.Opens, link.Created)
	}
	opened, err := supplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itSupplierID, Opened: new(true)})
	if err != nil || len(opened) != 1 || opened[0].PublicID != link.PublicID || len(opened[0].Opens) != 1 {
		t.Errorf("ListInstalmentLinks(opened) = %v, %v", itLinkIDs(opened), err)
	}

	// Quote 12 months for 4200.
	principal := itDec("4200")
	q, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: principal, Periods: 12})
	if err != nil {
		t.Fatalf("Quote: %v", err)
	}
	if q.Periods != 12 || q.Cycle != procuret.CycleAdvance || q.SupplierID != itSupplierID || q.Currency.Iso4217 != "AUD" {
		t.Errorf("quote = %+v", q)
	}
	want := itAdvancePayment(4200, 12, 7.9)
	if f := q.Payment.InexactFloat64(); math.Abs(f-want) > 0.0051 || !q.Payment.Equal(q.Payment.Round(2)) {
		t.Errorf("12-month payment on 4200 = %s, want %.4f rounded to cents", q.Payment, want)
	}

	// All terms: one per term, shortest first; the 12-month one is the single quote.
	qs, err := supplier.QuoteAll(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: principal})
	if err != nil {
		t.Fatalf("QuoteAll: %v", err)
	}
	if p := itPeriods(qs); !slices.Equal(p, []int{3, 6, 12, 24}) {
		t.Fatalf("QuoteAll periods = %v, want [3 6 12 24]", p)
	}
	if q12 := qs[2]; !q12.Payment.Equal(q.Payment) || q12.Cycle != q.Cycle || q12.SupplierID != q.SupplierID || q12.Currency != q.Currency {
		t.Errorf("QuoteAll's 12 months = %+v, Quote = %+v", q12, q)
	}
	if !qs[0].Payment.Equal(itDec("1400")) { // 3 months at 0 %: 4200 / 3
		t.Errorf("3-month payment = %s, want 1400", qs[0].Payment)
	}
	for i := 1; i < len(qs); i++ {
		if !qs[i].Payment.LessThan(qs[i-1].Payment) {
			t.Errorf("the %d-month payment %s is not below the %d-month %s", qs[i].Periods, qs[i].Payment, qs[i-1].Periods, qs[i-1].Payment)
		}
	}

	// Series and schedule: the seeded plan, 4200 over 12 months at 7.9 %, in advance.
	series, err := supplier.ListPaymentSeries(ctx, procuret.ListSeriesParams{})
	if err != nil {
		t.Fatalf("ListPaymentSeries: %v", err)
	}
	if ids := itSeriesIDs(series); !slices.Equal(ids, []string{sandbox.DefaultSeriesID}) {
		t.Fatalf("ListPaymentSeries = %v, want [%s]", ids, sandbox.DefaultSeriesID)
	}
	s, err := supplier.GetPaymentSeries(ctx, series[0].PublicID)
	if err != nil {
		t.Fatalf("GetPaymentSeries: %v", err)
	}
	if isZero(series[0].Disposition) || !isZero(s.Disposition) {
		t.Errorf("dispositions: listed %+v, got %+v", series[0].Disposition, s.Disposition)
	}
	ls := series[0]
	ls.Disposition = procuret.Disposition{}
	if !itSameSeries(ls, *s) {
		t.Errorf("listed series %+v ≠ got %+v", ls, *s)
	}
	if s.Supplier.EntityID != itSupplierID || !s.Amount.Magnitude.Equal(principal) || s.Amount.Denomination.Iso4217 != "AUD" || s.Completed {
		t.Errorf("series = %+v", s)
	}
	sched, err := supplier.GetInstalmentSchedule(ctx, s.PublicID)
	if err != nil {
		t.Fatalf("GetInstalmentSchedule: %v", err)
	}
	itCheckSchedule(t, s, sched, 12, q.Payment)
	paid := 0
	for _, l := range sched.Lines {
		if !isZero(l.Paid) && l.Paid.IsPositive() {
			paid++
		}
	}
	if paid != 4 { // README: it started three months before the sandbox, so four are paid
		t.Errorf("%d instalments paid, want 4", paid)
	}
	if isZero(s.OldestUnpaidInstalmentDue24HrsStarting) || isZero(sched.Lines[paid].Due24HrsStarting) ||
		!s.OldestUnpaidInstalmentDue24HrsStarting.Equal(sched.Lines[paid].Due24HrsStarting) {
		t.Errorf("oldest unpaid instalment due %v, want line %d's %v", s.OldestUnpaidInstalmentDue24HrsStarting, paid+1, sched.Lines[paid].Due24HrsStarting)
	}

	// The customer's page: HTML with the invoice identifier, and loading it records an open.
	resp, err := e.hc.Get(link.URL())
	if err != nil {
		t.Fatalf("GET %s: %v", link.URL(), err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, s := range []string{"<html", invoice, "Demo Supplies Pty Ltd", "$422.42"} {
		if !strings.Contains(string(body), s) {
			t.Errorf("the page lacks %q:\n%s", s, body)
		}
	}
	got, err = supplier.GetInstalmentLink(ctx, link.PublicID)
	if err != nil {
		t.Fatalf("GetInstalmentLink after the page: %v", err)
	}
	if len(got.Opens) != 2 || got.Opens[1].Sequence != 1 {
		t.Errorf("opens after loading the page = %+v, want 2", got.Opens)
	}
	resp, err = e.hc.Get(supplier.InstalmentLinkURL("il_doesnotexist"))
	if err != nil {
		t.Fatalf("GET an unknown link's page: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown link's page: %d, want 404", resp.StatusCode)
	}
}

// itSameSeries compares two payment series field by field (decimals by value).
func itSameSeries(a, b procuret.PaymentSeries) bool {
	amt := func(x, y procuret.Amount) bool {
		return x.Magnitude.Equal(y.Magnitude) && x.Denomination == y.Denomination
	}
	return a.PublicID == b.PublicID && a.Created.Equal(b.Created) && a.CreatingAgent == b.CreatingAgent &&
		a.Customer == b.Customer && a.Supplier == b.Supplier && a.ExchangeID == b.ExchangeID &&
		a.Identifier == b.Identifier && amt(a.Amount, b.Amount) && amt(a.SumPayments, b.SumPayments) &&
		amt(a.TotalPayable, b.TotalPayable) && a.Completed == b.Completed && a.CommitmentID == b.CommitmentID &&
		a.AllowsSelfServePayments == b.AllowsSelfServePayments &&
		(isZero(a.PaymentMethod)) == (isZero(b.PaymentMethod)) && (isZero(a.PaymentMethod) || a.PaymentMethod == b.PaymentMethod)
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

// itOp is one row of TestIntegrationEveryOperation: a client method, a run that drives it and
// checks what a user would notice, and, for a GET by ID, a call with an unknown ID.
type itOp struct {
	method    string
	run       func(t *testing.T)
	unknownID string
	unknown   func(ctx context.Context) error
}

// TestIntegrationEveryOperation drives every method of the client against the sandbox, one
// subtest per method, and for each GET by ID an unknown ID that must answer ErrNotFound with
// the server's error-information. It logs in with sandbox.WithFixedCode, as scripts do.
func TestIntegrationEveryOperation(t *testing.T) {
	t.Parallel()
	const fixedCode = "246810"
	e := itStart(t, fixedCode, sandbox.WithSeed(strings.NewReader(itSeed)))
	setupCtx := t.Context()
	acct, cust := e.sb.DefaultAccount(), e.sb.DefaultCustomerAccount()

	supSess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	supplier := e.anon.Authenticated(supSess.Credentials())
	custSess := e.login(t, cust.Email, cust.Password, procuret.PerspectiveBusiness, procuret.LifecycleLongLived)
	customer := e.anon.Authenticated(custSess.Credentials())

	// Two links to read, list and open: one for the demo customer, one for somebody else.
	newLink := func(t *testing.T, invitee, invoice string) *procuret.InstalmentLink {
		t.Helper()
		l, err := supplier.CreateInstalmentLink(t.Context(), procuret.CreateLinkParams{
			SupplierID: itSupplierID, Amount: itDec("1250.00"), InviteeEmail: invitee,
			InvoiceIdentifier: invoice, Communication: procuret.DoNotNotify,
		})
		if err != nil {
			t.Fatalf("CreateInstalmentLink: %v", err)
		}
		return l
	}
	forCasey := newLink(t, cust.Email, "INV-FIXTURE-1")
	forPat := newLink(t, "pat@example.com", "INV-FIXTURE-2")
	if err := e.anon.MarkInstalmentLinkOpened(setupCtx, forPat.PublicID); err != nil {
		t.Fatalf("MarkInstalmentLinkOpened: %v", err)
	}

	ops := []itOp{
		{
			method: "RequestSecondFactorCode/email",
			run: func(t *testing.T) {
				ctx := t.Context()
				err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
					Email: cust.Email, Password: cust.Password, Perspective: procuret.PerspectiveBusiness,
				})
				if err != nil {
					t.Fatal(err)
				}
				if code := e.code(t, cust.Email); code != fixedCode {
					t.Errorf("code %q", code)
				}
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: cust.Email, Password: "wrong password"})
				if ae := itAPIError(t, err, procuret.ErrNotAuthenticated); strings.Contains(ae.Error(), "wrong password") {
					t.Errorf("the error quotes the password: %v", ae)
				}
				// An account holding only perspective 2 cannot ask for perspective 1.
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
					Email: cust.Email, Password: cust.Password, Perspective: procuret.PerspectiveSupplier,
				})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "RequestSecondFactorCode/agent_id",
			run: func(t *testing.T) {
				ctx := t.Context()
				// By agent ID and without a perspective: the code then serves any perspective.
				err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{AgentID: acct.AgentID, Password: acct.Password})
				if err != nil {
					t.Fatal(err)
				}
				sess, err := e.anon.CreateSession(ctx, procuret.LoginParams{
					Email: acct.Email, Password: acct.Password, Perspective: procuret.PerspectiveSupplier, Code: e.code(t, acct.Email),
				})
				if err != nil {
					t.Fatalf("CreateSession with the agent_id code: %v", err)
				}
				if sess.AgentID != acct.AgentID || sess.Lifecycle != procuret.LifecycleLongLived {
					t.Errorf("session = %v, want agent %d, long-lived by default", sess, acct.AgentID)
				}
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{AgentID: itUnknownEntity, Password: acct.Password})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "CreateSession/long-lived",
			run: func(t *testing.T) {
				sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
				c := sess.Credentials()
				if sess.Lifecycle != procuret.LifecycleLongLived || c.Lifecycle() != auth.LongLived || sess.AgentID != acct.AgentID ||
					sess.SessionID == supSess.SessionID || c.SessionID() != sess.SessionID {
					t.Errorf("session = %v", sess)
				}
				if _, err := e.anon.Authenticated(c).GetSession(t.Context()); err != nil {
					t.Errorf("the new long-lived session does not sign: %v", err)
				}
				_, err := e.anon.CreateSession(t.Context(), procuret.LoginParams{
					Email: acct.Email, Password: "wrong", Perspective: procuret.PerspectiveSupplier, Code: fixedCode,
				})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "CreateSession/short-lived",
			run: func(t *testing.T) {
				sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived)
				if sess.Lifecycle != procuret.LifecycleShortLived || sess.Credentials().Lifecycle() != auth.ShortLived {
					t.Fatalf("session = %v, want short-lived", sess)
				}
				got, err := e.anon.Authenticated(sess.Credentials()).GetSession(t.Context())
				if err != nil {
					t.Fatalf("GetSession with the short-lived session: %v", err)
				}
				if got.SessionID != sess.SessionID || got.Lifecycle != procuret.LifecycleShortLived {
					t.Errorf("GetSession = %v", got)
				}
			},
		},
		{
			method: "GetSession",
			run: func(t *testing.T) {
				got, err := supplier.GetSession(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if got.SessionID != supSess.SessionID || got.AgentID != acct.AgentID ||
					got.Perspective != procuret.PerspectiveSupplier || got.Lifecycle != procuret.LifecycleLongLived {
					t.Errorf("GetSession = %v, want %v", got, supSess)
				}
				if got.Credentials().SessionID() != supSess.SessionID || got.Credentials().APIKey() != supSess.Credentials().APIKey() {
					t.Error("GetSession's credentials are not the session's")
				}
				_, err = e.anon.GetSession(t.Context())
				if !errors.Is(err, procuret.ErrNoCredentials) {
					t.Errorf("GetSession without a session: %v, want ErrNoCredentials", err)
				}
			},
		},
		{
			method: "SwitchPerspective",
			run: func(t *testing.T) {
				ctx := t.Context()
				sess := e.login(t, itDualEmail, itDualPassword, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
				dual := e.anon.Authenticated(sess.Credentials())
				switched, err := dual.SwitchPerspective(ctx, procuret.PerspectiveBusiness)
				if err != nil {
					t.Fatal(err)
				}
				if switched.Perspective != procuret.PerspectiveBusiness || switched.SessionID != sess.SessionID || switched.AgentID != itDualAgentID {
					t.Errorf("switched = %v", switched)
				}
				if now, err := dual.GetSession(ctx); err != nil || now.Perspective != procuret.PerspectiveBusiness {
					t.Errorf("GetSession after the switch = %v, %v", now, err)
				}
				// A business perspective cannot create links.
				before := e.sb.LinkCount()
				_, err = dual.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: itDec("600"), InviteeEmail: "x@example.com",
					InvoiceIdentifier: "INV-NOPE", Communication: procuret.DoNotNotify,
				})
				itAPIError(t, err, procuret.ErrNotAuthorised)
				if e.sb.LinkCount() != before {
					t.Error("a refused create stored a link")
				}
				// A perspective the account does not hold.
				_, err = dual.SwitchPerspective(ctx, procuret.PerspectiveAdministrator)
				itAPIError(t, err, procuret.ErrNotAuthorised)
				back, err := dual.SwitchPerspective(ctx, procuret.PerspectiveSupplier)
				if err != nil || back.Perspective != procuret.PerspectiveSupplier {
					t.Errorf("switching back = %v, %v", back, err)
				}
			},
		},
		{
			method: "CreateInstalmentLink",
			run: func(t *testing.T) {
				ctx := t.Context()
				before := e.sb.LinkCount()
				l, err := supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: itDec("9999.99"), InviteeEmail: cust.Email,
					InvoiceIdentifier: "ORD-77 <b>&</b>", Communication: procuret.DoNotNotify,
					Currency: procuret.DenominationNZD, Nomenclature: procuret.SaleNomenclatureOrder,
					InviteePhone: "+61 400 000 001",
				})
				if err != nil {
					t.Fatal(err)
				}
				if e.sb.LinkCount() != before+1 {
					t.Errorf("LinkCount %d, want %d", e.sb.LinkCount(), before+1)
				}
				if !l.InvoiceAmount.Equal(itDec("9999.99")) || l.DenominationID != procuret.DenominationNZD ||
					l.SaleName != procuret.SaleNomenclatureOrder || l.InviteePhoneDigits == "" || l.InviteePhoneDigits != "61400000001" ||
					isZero(l.InviteeHumanID) || l.InviteeHumanID != cust.AgentID || l.InvoiceIdentifier != "ORD-77 <b>&</b>" ||
					l.Supplier.EntityID != itSupplierID {
					t.Errorf("link = %+v", l.InstalmentLink)
				}
				if l.URL() != supplier.InstalmentLinkURL(l.PublicID) {
					t.Errorf("URL() = %q", l.URL())
				}
				// The page shows the identifier escaped.
				resp, err := e.hc.Get(l.URL())
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "ORD-77 &lt;b&gt;&amp;&lt;/b&gt;") || strings.Contains(string(page), "<b>&</b>") {
					t.Errorf("page %d does not show the identifier escaped:\n%s", resp.StatusCode, page)
				}
				// An unknown supplier is 422 (the contract gives this operation no 404), another
				// supplier's is 403; neither stores anything.
				p := procuret.CreateLinkParams{
					SupplierID: itUnknownEntity, Amount: itDec("600"), InviteeEmail: "x@example.com",
					InvoiceIdentifier: "INV-NOPE", Communication: procuret.DoNotNotify,
				}
				_, err = supplier.CreateInstalmentLink(ctx, p)
				if ae := itAPIError(t, err, procuret.ErrUnprocessable); !strings.Contains(ae.Message, "9007199254740999") {
					t.Errorf("message %q does not name the supplier", ae.Message)
				}
				p.SupplierID = itAcmeID
				_, err = supplier.CreateInstalmentLink(ctx, p)
				itAPIError(t, err, procuret.ErrNotAuthorised)
				if e.sb.LinkCount() != before+1 {
					t.Errorf("LinkCount %d after refusals, want %d", e.sb.LinkCount(), before+1)
				}
				_, err = e.anon.CreateInstalmentLink(ctx, p)
				if !errors.Is(err, procuret.ErrNoCredentials) {
					t.Errorf("without a session: %v, want ErrNoCredentials", err)
				}
			},
		},
		{
			method: "GetInstalmentLink",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "no session": e.anon, "customer": customer} {
					l, err := c.GetInstalmentLink(t.Context(), forCasey.PublicID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if l.PublicID != forCasey.PublicID || l.InvoiceIdentifier != "INV-FIXTURE-1" || !l.InvoiceAmount.Equal(itDec("1250")) ||
						l.Supplier.EntityID != itSupplierID || isZero(l.InviteeHumanID) || l.InviteeHumanID != cust.AgentID {
						t.Errorf("%s: link = %+v", name, l.InstalmentLink)
					}
				}
			},
			unknownID: "il_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetInstalmentLink(ctx, "il_doesnotexist")
				return err
			},
		},
		{
			method: "ListInstalmentLinks",
			run:    func(t *testing.T) { itCheckLinkLists(t, e, supplier, customer) },
		},
		{
			method: "AllInstalmentLinks",
			run: func(t *testing.T) {
				ctx := t.Context()
				all := e.sb.Links()
				want := make([]string, len(all))
				for i, l := range all {
					want[len(all)-1-i] = l.PublicID
				}
				sent := e.sent.Load()
				var got []string
				for l, err := range supplier.AllInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itSupplierID, Limit: 2}) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, l.PublicID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("AllInstalmentLinks = %v, want %v", got, want)
				}
				if pages, wantPages := e.sent.Load()-sent, int64((len(all)+1)/2); pages != wantPages {
					t.Errorf("%d requests for %d links two at a time, want %d", pages, len(all), wantPages)
				}
				// Breaking out stops paging.
				sent = e.sent.Load()
				for range supplier.AllInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 1}) {
					break
				}
				if n := e.sent.Load() - sent; n != 1 {
					t.Errorf("%d requests after breaking out at once, want 1", n)
				}
				for _, err := range e.anon.AllInstalmentLinks(ctx, procuret.ListLinksParams{}) {
					if !errors.Is(err, procuret.ErrNoCredentials) {
						t.Errorf("without a session: %v, want ErrNoCredentials", err)
					}
				}
			},
		},
		{
			method: "MarkInstalmentLinkOpened",
			run: func(t *testing.T) {
				ctx := t.Context()
				before, err := supplier.GetInstalmentLink(ctx, forCasey.PublicID)
				if err != nil {
					t.Fatal(err)
				}
				// As the customer's page does: no session.
				if err := e.anon.MarkInstalmentLinkOpened(ctx, forCasey.PublicID); err != nil {
					t.Fatal(err)
				}
				// And with one.
				if err := customer.MarkInstalmentLinkOpened(ctx, forCasey.PublicID); err != nil {
					t.Fatal(err)
				}
				after, err := supplier.GetInstalmentLink(ctx, forCasey.PublicID)
				if err != nil {
					t.Fatal(err)
				}
				if n := len(before.Opens); len(after.Opens) != n+2 || after.Opens[n].Sequence != n || after.Opens[n+1].Sequence != n+1 {
					t.Errorf("opens %+v → %+v, want two more", before.Opens, after.Opens)
				}
			},
			unknownID: "il_doesnotexist",
			unknown: func(ctx context.Context) error {
				return e.anon.MarkInstalmentLinkOpened(ctx, "il_doesnotexist")
			},
		},
		{
			method: "Quote",
			run: func(t *testing.T) {
				ctx := t.Context()
				// The README's worked example: 1000 AUD over 12 months at 7.9 % in advance.
				q, err := e.anon.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12})
				if err != nil {
					t.Fatal(err)
				}
				if !q.Payment.Equal(itDec("86.37")) || q.Periods != 12 || q.Cycle != procuret.CycleAdvance || q.SupplierID != itSupplierID {
					t.Errorf("quote = %+v, want 86.37 over 12 months in advance", q)
				}
				arrears, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12, Cycle: procuret.CycleArrears})
				if err != nil {
					t.Fatal(err)
				}
				if arrears.Cycle != procuret.CycleArrears || !arrears.Payment.GreaterThan(q.Payment) {
					t.Errorf("in arrears %+v, want more than in advance %s", arrears, q.Payment)
				}
				nzd, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12, Currency: procuret.DenominationNZD})
				if err != nil {
					t.Fatal(err)
				}
				if nzd.Currency.Iso4217 != "NZD" || !nzd.Payment.Equal(q.Payment) {
					t.Errorf("NZD quote = %+v", nzd)
				}
				// A term the supplier does not offer, and a principal below the minimum: 422.
				_, err = supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 7})
				itAPIError(t, err, procuret.ErrUnprocessable)
				_, err = supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("499.99"), Periods: 12})
				itAPIError(t, err, procuret.ErrUnprocessable)
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.Quote(ctx, procuret.QuoteParams{SupplierID: itUnknownEntity, Principal: itDec("1000"), Periods: 12})
				return err
			},
		},
		{
			method: "QuoteAll",
			run: func(t *testing.T) {
				qs, err := e.anon.QuoteAll(t.Context(), procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000")})
				if err != nil {
					t.Fatal(err)
				}
				if p := itPeriods(qs); !slices.Equal(p, []int{3, 6, 12, 24}) {
					t.Fatalf("periods %v", p)
				}
				if !qs[2].Payment.Equal(itDec("86.37")) {
					t.Errorf("12 months: %s, want 86.37", qs[2].Payment)
				}
				acme, err := supplier.QuoteAll(t.Context(), procuret.QuoteParams{SupplierID: itAcmeID, Principal: itDec("1200")})
				if err != nil {
					t.Fatal(err)
				}
				if len(acme) != 1 || acme[0].Periods != 6 || !acme[0].Payment.Equal(itDec("200")) || acme[0].SupplierID != itAcmeID {
					t.Errorf("Acme's quotes = %+v, want one: 200 over 6 months", acme)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.QuoteAll(ctx, procuret.QuoteParams{SupplierID: itUnknownEntity, Principal: itDec("1000")})
				return err
			},
		},
		{
			method: "GetPaymentSeries",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "customer": customer} {
					s, err := c.GetPaymentSeries(t.Context(), sandbox.DefaultSeriesID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if s.PublicID != sandbox.DefaultSeriesID || s.Identifier != "INV-0042" || !s.Amount.Magnitude.Equal(itDec("4200")) ||
						s.Supplier.EntityID != itSupplierID || s.Customer.EntityID != cust.EntityID || s.ExchangeID != "ex_demo1" ||
						s.CommitmentID != "cm_demo1" || s.CreatingAgent != acct.AgentID || isZero(s.PaymentMethod) ||
						s.PaymentMethod.PublicID != "pm_Bk4321" || s.Completed || !s.SumPayments.Magnitude.IsPositive() {
						t.Errorf("%s: series = %+v", name, s)
					}
				}
				// The overdue series is not the demo customer's.
				_, err := customer.GetPaymentSeries(t.Context(), itLateSeriesID)
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "ps_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetPaymentSeries(ctx, "ps_doesnotexist")
				return err
			},
		},
		{
			method: "ListPaymentSeries",
			run:    func(t *testing.T) { itCheckSeriesLists(t, supplier, customer) },
		},
		{
			method: "AllPaymentSeries",
			run: func(t *testing.T) {
				var got []string
				for s, err := range supplier.AllPaymentSeries(t.Context(), procuret.ListSeriesParams{Limit: 1, Order: procuret.OrderAscending}) {
					if err != nil {
						t.Fatal(err)
					}
					if isZero(s.Disposition) || s.Disposition.Count != 2 || s.Disposition.Sequence != len(got) {
						t.Errorf("disposition %+v", s.Disposition)
					}
					got = append(got, s.PublicID)
				}
				if want := []string{itLateSeriesID, sandbox.DefaultSeriesID}; !slices.Equal(got, want) {
					t.Errorf("AllPaymentSeries = %v, want %v", got, want)
				}
			},
		},
		{
			method: "GetInstalmentSchedule",
			run: func(t *testing.T) {
				ctx := t.Context()
				for _, tc := range []struct {
					id      string
					periods int
					rate    float64
					paid    int
				}{{sandbox.DefaultSeriesID, 12, 7.9, 4}, {itLateSeriesID, 6, 4.9, 2}} {
					s, err := supplier.GetPaymentSeries(ctx, tc.id)
					if err != nil {
						t.Fatal(err)
					}
					sched, err := supplier.GetInstalmentSchedule(ctx, tc.id)
					if err != nil {
						t.Fatal(err)
					}
					q, err := supplier.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: s.Amount.Magnitude, Periods: tc.periods})
					if err != nil {
						t.Fatal(err)
					}
					if f, want := q.Payment.InexactFloat64(), itAdvancePayment(s.Amount.Magnitude.InexactFloat64(), tc.periods, tc.rate); math.Abs(f-want) > 0.0051 {
						t.Errorf("%s: payment %s, want %.4f", tc.id, q.Payment, want)
					}
					itCheckSchedule(t, s, sched, tc.periods, q.Payment)
					paid := 0
					for _, l := range sched.Lines {
						if !isZero(l.Paid) && l.Paid.IsPositive() {
							paid++
						}
					}
					if paid != tc.paid {
						t.Errorf("%s: %d paid, want %d", tc.id, paid, tc.paid)
					}
				}
			},
			unknownID: "ps_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetInstalmentSchedule(ctx, "ps_doesnotexist")
				return err
			},
		},
		{
			method: "GetCommitment",
			run: func(t *testing.T) {
				c, err := supplier.GetCommitment(t.Context(), "ex_demo1")
				if err != nil {
					t.Fatal(err)
				}
				if c.PublicID != "cm_demo1" || c.CommittedHuman.FirstName != "Casey" || c.CommittedHuman.PublicID != cust.AgentID ||
					isZero(c.CreatingAgentID) || c.CreatingAgentID != acct.AgentID || c.CurrencyIso4217 == "" || c.CurrencyIso4217 != "AUD" {
					t.Errorf("commitment = %+v", c)
				}
			},
			unknownID: "ex_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetCommitment(ctx, "ex_doesnotexist")
				return err
			},
		},
		{
			method: "GetEntity",
			run: func(t *testing.T) {
				ctx := t.Context()
				en, err := supplier.GetEntity(ctx, itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if en.PublicID != itSupplierID || en.PublicIDShort != "DEMOSUP" || en.LegalEntityName != "Demo Supplies Pty Ltd" ||
					isZero(en.HasSupplierRecord) || !en.HasSupplierRecord || len(en.EntityIdentifiers) != 1 ||
					en.EntityIdentifiers[0].Identifier == "" || en.EntityIdentifiers[0].Identifier != "51824753556" {
					t.Errorf("entity = %+v", en)
				}
				// The counterparty of a series the supplier can see.
				biz, err := supplier.GetEntity(ctx, cust.EntityID)
				if err != nil || biz.PublicID != cust.EntityID || biz.LegalEntityName != "Customer Co Pty Ltd" {
					t.Errorf("customer entity = %+v, %v", biz, err)
				}
				// Another supplier: it exists, so 403, not 404.
				_, err = supplier.GetEntity(ctx, itAcmeID)
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetEntity(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetHuman",
			run: func(t *testing.T) {
				h, err := supplier.GetHuman(t.Context(), acct.AgentID)
				if err != nil {
					t.Fatal(err)
				}
				if h.PublicID != acct.AgentID || h.FirstName != "Dana" || h.LastName != "Demo" || h.EmailAddress.EmailAddress != acct.Email {
					t.Errorf("human = %+v", h)
				}
				c, err := supplier.GetHuman(t.Context(), cust.AgentID)
				if err != nil || c.FirstName != "Casey" || isZero(c.AgentID) || c.AgentID != cust.AgentID {
					t.Errorf("the customer = %+v, %v", c, err)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetHuman(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetSupplier",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "no session": e.anon} {
					s, err := c.GetSupplier(t.Context(), itSupplierID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					itCheckDemoSupplier(t, s)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.GetSupplier(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetSupplierByPublicID",
			run: func(t *testing.T) {
				s, err := e.anon.GetSupplierByPublicID(t.Context(), "DEMOSUP")
				if err != nil {
					t.Fatal(err)
				}
				itCheckDemoSupplier(t, s)
				acme, err := supplier.GetSupplierByPublicID(t.Context(), "ACME")
				if err != nil || acme.Entity.PublicID != itAcmeID {
					t.Errorf("ACME = %+v, %v", acme, err)
				}
			},
			unknownID: "NOSUCHSUP",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.GetSupplierByPublicID(ctx, "NOSUCHSUP")
				return err
			},
		},
		{
			method: "GetTermRateGroup",
			run: func(t *testing.T) {
				g, err := supplier.GetTermRateGroup(t.Context(), "trg_demo")
				if err != nil {
					t.Fatal(err)
				}
				var periods []int
				for _, r := range g.Rates {
					periods = append(periods, r.Periods)
					if r.SupplierEntityID != itSupplierID || !r.PeriodsInYear.Equal(itDec("12")) {
						t.Errorf("rate = %+v", r)
					}
				}
				if g.PublicID != "trg_demo" || !g.Active || !slices.Equal(periods, []int{3, 6, 12, 24}) {
					t.Errorf("group = %+v", g)
				}
				_, err = supplier.GetTermRateGroup(t.Context(), "trg_acme")
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "trg_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetTermRateGroup(ctx, "trg_doesnotexist")
				return err
			},
		},
		{
			method: "GetXeroEntityMap",
			run: func(t *testing.T) {
				m, err := supplier.GetXeroEntityMap(t.Context(), itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if m.EntityID != itSupplierID {
					t.Errorf("map = %+v", m)
				}
				// The customer business is not connected: 404 is the normal answer.
				_, err = customer.GetXeroEntityMap(t.Context(), cust.EntityID)
				itNotFound(t, err, "24681357924681357")
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetXeroEntityMap(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetXeroOrganisation",
			run: func(t *testing.T) {
				o, err := supplier.GetXeroOrganisation(t.Context(), itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if o.EntityID != itSupplierID || o.ShortCode != "!Dmo42" {
					t.Errorf("organisation = %+v", o)
				}
				_, err = customer.GetXeroOrganisation(t.Context(), cust.EntityID)
				itNotFound(t, err, "24681357924681357")
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetXeroOrganisation(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "Endpoint+Credentials+InstalmentLinkURL",
			run: func(t *testing.T) {
				if supplier.Endpoint() != e.base || e.anon.Endpoint() != e.base {
					t.Errorf("Endpoint() = %q", supplier.Endpoint())
				}
				if supplier.Credentials().SessionID() != supSess.SessionID || !e.anon.Credentials().IsZero() {
					t.Error("Credentials() is not what WithCredentials set")
				}
				want := strings.TrimSuffix(e.base, "/api") + "/b?il=il_abc-_9"
				if got := supplier.InstalmentLinkURL("il_abc-_9"); got != want {
					t.Errorf("InstalmentLinkURL = %q, want %q", got, want)
				}
				// A trailing slash on the base URL changes nothing: requests, signatures and
				// link URLs all follow the API root.
				slashed, err := procuret.NewClient(procuret.WithBaseURL(e.base+"/"), procuret.WithHTTPClient(e.hc),
					procuret.WithCredentials(supSess.Credentials()))
				if err != nil {
					t.Fatal(err)
				}
				if slashed.Endpoint() != e.base || slashed.InstalmentLinkURL("il_abc-_9") != want {
					t.Errorf("with a trailing slash: Endpoint %q, InstalmentLinkURL %q", slashed.Endpoint(), slashed.InstalmentLinkURL("il_abc-_9"))
				}
				if _, err := slashed.GetSession(t.Context()); err != nil {
					t.Errorf("GetSession through %s/: %v", e.base, err)
				}
			},
		},
	}

	for _, op := range ops {
		t.Run(op.method, func(t *testing.T) {
			op.run(t)
			if op.unknown != nil {
				t.Run("unknown ID", func(t *testing.T) {
					itNotFound(t, op.unknown(t.Context()), op.unknownID)
				})
			}
		})
	}
}

func itCheckDemoSupplier(t *testing.T, s *procuret.Supplier) {
	t.Helper()
	var periods []int
	for _, r := range s.TermRates {
		periods = append(periods, r.Periods)
	}
	if s.Entity.PublicID != itSupplierID || s.Entity.PublicIDShort != "DEMOSUP" || s.Entity.LegalEntityName != "Demo Supplies Pty Ltd" ||
		!s.Authorised || s.DefaultDenomination != procuret.DenominationAUD || !slices.Equal(periods, []int{3, 6, 12, 24}) ||
		isZero(s.Brand) || s.Brand.Name != "Demo Supplies" || s.Brand.EntityID != itSupplierID || s.Country.Iso3166A2 != "AU" {
		t.Errorf("supplier = %+v", s)
	}
	if len(s.MaxTransactionSize) != 2 || !s.MaxTransactionSize[0].Magnitude.Equal(itDec("100000")) {
		t.Errorf("max transaction = %+v, want 100000 in AUD and NZD", s.MaxTransactionSize)
	}
}

// itCheckLinkLists checks ListInstalmentLinks' filters and paging against the sandbox's own
// record of its links (Sandbox.Links, oldest first).
func itCheckLinkLists(t *testing.T, e *itEnv, supplier, customer *procuret.Client) {
	ctx := t.Context()
	all := e.sb.Links()
	if len(all) < 2 {
		t.Fatalf("the fixtures are missing: %d links", len(all))
	}
	newestFirst := make([]string, len(all))
	for i, l := range all {
		newestFirst[len(all)-1-i] = l.PublicID
	}
	var opened, unopened, forCasey []string
	for i := len(all) - 1; i >= 0; i-- {
		l := all[i]
		if len(l.Opens) > 0 {
			opened = append(opened, l.PublicID)
		} else {
			unopened = append(unopened, l.PublicID)
		}
		if l.InviteeEmail != "" && l.InviteeEmail == sandbox.DefaultBusinessEmail {
			forCasey = append(forCasey, l.PublicID)
		}
	}
	empty := []string{}
	cases := []struct {
		name   string
		client *procuret.Client
		p      procuret.ListLinksParams
		want   []string
	}{
		{"no filter", supplier, procuret.ListLinksParams{}, newestFirst},
		{"supplier_id", supplier, procuret.ListLinksParams{SupplierID: itSupplierID, Limit: procuret.MaxLimit}, newestFirst},
		{"public_id", supplier, procuret.ListLinksParams{PublicID: all[0].PublicID}, []string{all[0].PublicID}},
		{"opened", supplier, procuret.ListLinksParams{Opened: new(true)}, opened},
		{"not opened", supplier, procuret.ListLinksParams{Opened: new(false)}, unopened},
		{"created_by", supplier, procuret.ListLinksParams{CreatedBy: sandbox.DefaultSupplierAgentID}, newestFirst},
		{"created_by nobody's", supplier, procuret.ListLinksParams{CreatedBy: itDualAgentID}, empty},
		{"accessible_to", supplier, procuret.ListLinksParams{AccessibleTo: sandbox.DefaultBusinessAgentID}, forCasey},
		{"the invitee's own", customer, procuret.ListLinksParams{}, forCasey},
		{"ascending", supplier, procuret.ListLinksParams{Order: procuret.OrderAscending, OrderBy: procuret.InstalmentLinkOrderByCreated}, itReversed(newestFirst)},
		{"page 2 of 1", supplier, procuret.ListLinksParams{Order: procuret.OrderAscending, Limit: 1, Offset: 1}, []string{all[1].PublicID}},
		{"past the end", supplier, procuret.ListLinksParams{Offset: len(all)}, empty},
	}
	for _, tc := range cases {
		got, err := tc.client.ListInstalmentLinks(ctx, tc.p)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got == nil {
			t.Errorf("%s: a nil slice, want an empty one", tc.name)
		}
		if ids := itLinkIDs(got); !slices.Equal(ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			continue
		}
		limit := itOr(tc.p.Limit, 20)
		for i, l := range got {
			want := procuret.Disposition{Sequence: tc.p.Offset + i, Count: len(tc.want), Limit: limit, Offset: tc.p.Offset}
			if tc.name == "page 2 of 1" {
				want.Count = len(all)
			}
			if isZero(l.Disposition) || l.Disposition != want {
				t.Errorf("%s: item %d disposition %+v, want %+v", tc.name, i, l.Disposition, want)
			}
			if l.URL() != supplier.InstalmentLinkURL(l.PublicID) {
				t.Errorf("%s: URL() = %q", tc.name, l.URL())
			}
		}
	}
	// Another supplier's links: 403.
	_, err := supplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
	// No session: refused before sending.
	before := e.sent.Load()
	_, err = e.anon.ListInstalmentLinks(ctx, procuret.ListLinksParams{})
	if !errors.Is(err, procuret.ErrNoCredentials) || e.sent.Load() != before {
		t.Errorf("without a session: %v (%d requests sent), want ErrNoCredentials and none sent", err, e.sent.Load()-before)
	}
}

func itReversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func itOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// itCheckSeriesLists checks ListPaymentSeries' filters against the two series of the seeded
// sandbox: ps_demo1 (up to date, bank account, the demo customer, newer) and ps_late1
// (overdue since 2025, card, Latepay, older).
func itCheckSeriesLists(t *testing.T, supplier, customer *procuret.Client) {
	ctx := t.Context()
	demo, late := sandbox.DefaultSeriesID, itLateSeriesID
	now := types.NewTime(time.Now())
	both, none := []string{demo, late}, []string{}
	cases := []struct {
		name   string
		client *procuret.Client
		p      procuret.ListSeriesParams
		want   []string
	}{
		{"no filter, newest first", supplier, procuret.ListSeriesParams{}, both},
		{"ascending", supplier, procuret.ListSeriesParams{Order: procuret.OrderAscending, OrderBy: procuret.PaymentSeriesOrderByCreated}, []string{late, demo}},
		{"limit and offset", supplier, procuret.ListSeriesParams{Order: procuret.OrderAscending, Limit: 1, Offset: 1}, []string{demo}},
		{"public_id", supplier, procuret.ListSeriesParams{PublicID: late}, []string{late}},
		{"business_id", supplier, procuret.ListSeriesParams{BusinessID: itLatepayID}, []string{late}},
		{"fragment of the identifier", supplier, procuret.ListSeriesParams{Fragment: "inv-0042"}, []string{demo}},
		{"fragment of the customer", supplier, procuret.ListSeriesParams{Fragment: "Latepay"}, []string{late}},
		{"fragment of the supplier", supplier, procuret.ListSeriesParams{Fragment: "demo supplies"}, both},
		{"method_id", supplier, procuret.ListSeriesParams{MethodID: "pm_Card1"}, []string{late}},
		{"active_instrument", supplier, procuret.ListSeriesParams{ActiveInstrument: procuret.InstrumentBankAccount}, []string{demo}},
		{"completed", supplier, procuret.ListSeriesParams{Completed: new(true)}, none},
		{"running", supplier, procuret.ListSeriesParams{Completed: new(false)}, both},
		{"payment_mechanism", supplier, procuret.ListSeriesParams{PaymentMechanism: procuret.PaymentMechanismOnPlatform}, both},
		{"off platform", supplier, procuret.ListSeriesParams{PaymentMechanism: procuret.PaymentMechanismOffPlatform}, none},
		{"has_overdue_instalment", supplier, procuret.ListSeriesParams{HasOverdueInstalment: new(true)}, []string{late}},
		{"no overdue instalment", supplier, procuret.ListSeriesParams{HasOverdueInstalment: new(false)}, []string{demo}},
		{"collections_up_to_date", supplier, procuret.ListSeriesParams{CollectionsUpToDate: new(true)}, []string{demo}},
		{"min_overdue_days", supplier, procuret.ListSeriesParams{MinOverdueDays: new(30)}, []string{late}},
		{"max_overdue_days", supplier, procuret.ListSeriesParams{MaxOverdueDays: new(0)}, []string{demo}},
		{"min and max overdue days", supplier, procuret.ListSeriesParams{MinOverdueDays: new(0), MaxOverdueDays: new(100000)}, both},
		{"instalment_due_before", supplier, procuret.ListSeriesParams{InstalmentDueBefore: now}, []string{late}},
		{"instalment_due_at_or_after", supplier, procuret.ListSeriesParams{InstalmentDueAtOrAfter: now}, []string{demo}},
		{"with_modified_invoice", supplier, procuret.ListSeriesParams{WithModifiedInvoice: new(true)}, none},
		{"several at once", supplier, procuret.ListSeriesParams{Completed: new(false), HasOverdueInstalment: new(true), Fragment: "LATE", ActiveInstrument: procuret.InstrumentCard}, []string{late}},
		{"the customer's", customer, procuret.ListSeriesParams{}, []string{demo}},
	}
	for _, tc := range cases {
		got, err := tc.client.ListPaymentSeries(ctx, tc.p)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got == nil {
			t.Errorf("%s: a nil slice, want an empty one", tc.name)
		}
		if ids := itSeriesIDs(got); !slices.Equal(ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			continue
		}
		for i, s := range got {
			want := procuret.Disposition{Sequence: tc.p.Offset + i, Count: len(tc.want), Limit: itOr(tc.p.Limit, 20), Offset: tc.p.Offset}
			if tc.name == "limit and offset" {
				want.Count = 2
			}
			if isZero(s.Disposition) || s.Disposition != want {
				t.Errorf("%s: item %d disposition %+v, want %+v", tc.name, i, s.Disposition, want)
			}
		}
	}
}

// itSkewedSigner re-signs each signed request with a signer whose clock is off by skew. The
// request still goes through the client (building, sending, retry policy, error decoding) and
// only the signature's time differs, while the client's own clock agrees with the server's
// Date header: a signature minted by a stale clock elsewhere, which clock-skew correction has
// nothing to learn from. (procuret.WithClock, by contrast, skews the client's clock as a whole,
// which the client corrects from Date; see the subtests that use it.)
type itSkewedSigner struct {
	next   procuret.HTTPDoer
	signer *auth.Signer
}

func (d itSkewedSigner) Do(r *http.Request) (*http.Response, error) {
	if r.Header.Get(auth.HeaderSignature) != "" {
		r = r.Clone(r.Context())
		if err := d.signer.Sign(r); err != nil {
			return nil, err
		}
	}
	return d.next.Do(r)
}

// itNoDate removes the Date header from responses, as a proxy might.
type itNoDate struct{ next procuret.HTTPDoer }

func (d itNoDate) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(r)
	if resp != nil {
		resp.Header.Del("Date")
	}
	return resp, err
}

// TestIntegrationAuth: what authenticates against the sandbox and what does not.
func TestIntegrationAuth(t *testing.T) {
	t.Parallel()
	e := itStart(t, "", sandbox.WithSeed(strings.NewReader(itSeed)))
	acct := e.sb.DefaultAccount()
	long := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	short := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived)

	t.Run("short-lived session works", func(t *testing.T) {
		c := e.anon.Authenticated(short.Credentials())
		s, err := c.GetSession(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if s.SessionID != short.SessionID || s.Lifecycle != procuret.LifecycleShortLived {
			t.Errorf("GetSession = %v", s)
		}
		if _, err := c.ListInstalmentLinks(t.Context(), procuret.ListLinksParams{}); err != nil {
			t.Errorf("ListInstalmentLinks: %v", err)
		}
	})

	t.Run("long-lived session works", func(t *testing.T) {
		if _, err := e.anon.Authenticated(long.Credentials()).GetSession(t.Context()); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("wrong API key", func(t *testing.T) {
		const wrongKey = "bm90LXRoZS1rZXktYXQtYWxsLXJlYWxseQ"
		for _, tc := range []struct {
			name string
			sess *procuret.Session
			lc   auth.Lifecycle
		}{{"long-lived", long, auth.LongLived}, {"short-lived", short, auth.ShortLived}} {
			creds, err := auth.NewCredentials(tc.sess.SessionID, wrongKey, tc.lc)
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.anon.Authenticated(creds).GetSession(t.Context())
			ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
			if ae.StatusCode != http.StatusUnauthorized || strings.Contains(err.Error(), wrongKey) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	})

	t.Run("wrong lifecycle", func(t *testing.T) {
		// The long-lived session's key sent as a short-lived session's: the sandbox is strict.
		creds, err := auth.NewCredentials(long.SessionID, long.Credentials().APIKey(), auth.ShortLived)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.anon.Authenticated(creds).GetSession(t.Context())
		if ae := itAPIError(t, err, procuret.ErrNotAuthenticated); strings.Contains(err.Error(), long.Credentials().APIKey()) {
			t.Errorf("the error quotes the API key: %v", ae)
		}
	})

	t.Run("unknown session", func(t *testing.T) {
		creds, err := auth.NewCredentials(1, "c29tZS1rZXk", auth.LongLived)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.anon.Authenticated(creds).ListInstalmentLinks(t.Context(), procuret.ListLinksParams{})
		itAPIError(t, err, procuret.ErrNotAuthenticated)
	})

	t.Run("signature made 30 minutes behind", func(t *testing.T) {
		creds := long.Credentials()
		skewed := func(d time.Duration) *procuret.Client {
			signer := auth.NewSigner(creds, auth.WithBasePath("/api"), auth.WithClock(func() time.Time { return time.Now().Add(d) }))
			return e.client(t, itSkewedSigner{next: e.hc, signer: signer}).Authenticated(creds)
		}
		// The re-signing itself is sound: no skew passes.
		if _, err := skewed(0).GetSession(t.Context()); err != nil {
			t.Fatalf("re-signed with no skew: %v", err)
		}
		_, err := skewed(-30 * time.Minute).GetSession(t.Context())
		ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
		if !strings.Contains(ae.Message, "stale") {
			t.Errorf("message %q does not say the signature is stale", ae.Message)
		}
		// A write is refused the same way and stores nothing.
		before := e.sb.LinkCount()
		_, err = skewed(-30*time.Minute).CreateInstalmentLink(t.Context(), procuret.CreateLinkParams{
			SupplierID: itSupplierID, Amount: itDec("600"), InviteeEmail: "x@example.com",
			InvoiceIdentifier: "INV-SKEW", Communication: procuret.DoNotNotify,
		})
		itAPIError(t, err, procuret.ErrNotAuthenticated)
		if e.sb.LinkCount() != before {
			t.Error("a refused create stored a link")
		}
	})

	// With the client's own clock option the sandbox's Date header gives the client the
	// server's time: the client re-signs once with it (transport's clock-skew correction) and
	// keeps the correction for later calls.
	t.Run("client clock 30 minutes behind, corrected from Date", func(t *testing.T) {
		ctx := t.Context()
		var n atomic.Int64
		c, err := procuret.NewClient(
			procuret.WithBaseURL(e.base),
			procuret.WithHTTPClient(itCounter{next: e.hc, n: &n}),
			procuret.WithClock(func() time.Time { return time.Now().Add(-30 * time.Minute) }),
			procuret.WithCredentials(long.Credentials()),
		)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetSession(ctx); err != nil {
			t.Fatalf("GetSession with a clock 30 minutes behind: %v; want the client to correct its clock from the Date header", err)
		}
		if got := n.Load(); got != 2 {
			t.Errorf("%d attempts, want 2: one refused, one re-signed with the server's time", got)
		}
		if _, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{}); err != nil {
			t.Errorf("a later call: %v", err)
		}
		if got := n.Load(); got != 3 {
			t.Errorf("%d attempts after a second call, want 3: the correction is kept", got)
		}
	})

	// Without a Date header the client cannot learn the server's time, and the signature of
	// a clock 30 minutes behind is refused.
	t.Run("client clock 30 minutes behind, no Date", func(t *testing.T) {
		var n atomic.Int64
		c, err := procuret.NewClient(
			procuret.WithBaseURL(e.base),
			procuret.WithHTTPClient(itNoDate{itCounter{next: e.hc, n: &n}}),
			procuret.WithClock(func() time.Time { return time.Now().Add(-30 * time.Minute) }),
			procuret.WithCredentials(long.Credentials()),
		)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetSession(t.Context())
		ae := itAPIError(t, err, procuret.ErrNotAuthenticated)
		if !strings.Contains(ae.Message, "stale") || ae.StatusCode != http.StatusUnauthorized {
			t.Errorf("error %v: want a 401 saying the signature is stale", ae)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("%d attempts, want 1 (nothing to correct from)", got)
		}
	})

	t.Run("acting for another agent", func(t *testing.T) {
		ctx := t.Context()
		// The dual account shares the demo supplier: the session may act for it, and what it
		// creates belongs to that agent.
		creds, err := auth.NewCredentials(long.SessionID, long.Credentials().APIKey(), auth.LongLived, auth.ActingFor(itDualAgentID))
		if err != nil {
			t.Fatal(err)
		}
		forDual := e.anon.Authenticated(creds)
		l, err := forDual.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
			SupplierID: itSupplierID, Amount: itDec("700"), InviteeEmail: "x@example.com",
			InvoiceIdentifier: "INV-ACTING", Communication: procuret.DoNotNotify,
		})
		if err != nil {
			t.Fatal(err)
		}
		byDual, err := forDual.ListInstalmentLinks(ctx, procuret.ListLinksParams{CreatedBy: itDualAgentID})
		if err != nil || !slices.Equal(itLinkIDs(byDual), []string{l.PublicID}) {
			t.Errorf("links created by agent %d = %v, %v; want [%s]", itDualAgentID, itLinkIDs(byDual), err, l.PublicID)
		}
		// The demo customer shares no entity with the supplier's account: 403.
		creds, err = auth.NewCredentials(long.SessionID, long.Credentials().APIKey(), auth.LongLived, auth.ActingFor(sandbox.DefaultBusinessAgentID))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.anon.Authenticated(creds).ListInstalmentLinks(ctx, procuret.ListLinksParams{})
		itAPIError(t, err, procuret.ErrNotAuthorised)
	})

	t.Run("no credentials", func(t *testing.T) {
		before := e.sent.Load()
		for name, call := range map[string]func() error{
			"GetSession": func() error { _, err := e.anon.GetSession(t.Context()); return err },
			"SwitchPerspective": func() error {
				_, err := e.anon.SwitchPerspective(t.Context(), procuret.PerspectiveSupplier)
				return err
			},
			"ListPaymentSeries":     func() error { _, err := e.anon.ListPaymentSeries(t.Context(), procuret.ListSeriesParams{}); return err },
			"GetEntity":             func() error { _, err := e.anon.GetEntity(t.Context(), itSupplierID); return err },
			"GetInstalmentSchedule": func() error { _, err := e.anon.GetInstalmentSchedule(t.Context(), sandbox.DefaultSeriesID); return err },
		} {
			if err := call(); !errors.Is(err, procuret.ErrNoCredentials) {
				t.Errorf("%s: %v, want ErrNoCredentials", name, err)
			}
		}
		if n := e.sent.Load() - before; n != 0 {
			t.Errorf("%d requests sent without credentials", n)
		}
	})
}

// TestIntegrationInputChecks: input the client refuses is never sent, so the sandbox stores
// nothing; input only the server can judge is refused there, and stores nothing either.
func TestIntegrationInputChecks(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	acct := e.sb.DefaultAccount()
	sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	supplier := e.anon.Authenticated(sess.Credentials())
	ctx := t.Context()
	valid := procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("422.42"), InviteeEmail: "pat@example.com",
		InvoiceIdentifier: "INV-CHECK", Communication: procuret.NotifyCustomer,
	}
	before := e.sb.LinkCount()

	for _, amount := range []string{"0", "0.00", "-5.00", "422.421", "0.001"} {
		t.Run("amount "+amount, func(t *testing.T) {
			p := valid
			p.Amount = itDec(amount)
			sent := e.sent.Load()
			_, err := supplier.CreateInstalmentLink(ctx, p)
			if !errors.Is(err, procuret.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
			var ve *procuret.ValidationError
			if !errors.As(err, &ve) || ve.Field != "invoice_amount" || ve.Operation != "create instalment link" {
				t.Errorf("err = %#v, want a ValidationError of invoice_amount", err)
			}
			var ae *procuret.Error
			if errors.As(err, &ae) {
				t.Errorf("an input error is also an *Error: %v", ae)
			}
			if n := e.sent.Load() - sent; n != 0 {
				t.Errorf("%d requests sent", n)
			}
			if n := e.sb.LinkCount(); n != before {
				t.Errorf("LinkCount = %d, want %d", n, before)
			}
		})
	}

	t.Run("other fields", func(t *testing.T) {
		for name, mutate := range map[string]func(*procuret.CreateLinkParams){
			"invitee_email":      func(p *procuret.CreateLinkParams) { p.InviteeEmail = "not an email" },
			"invoice_identifier": func(p *procuret.CreateLinkParams) { p.InvoiceIdentifier = "  " },
			"communicate":        func(p *procuret.CreateLinkParams) { p.Communication = 0 },
			"supplier_id":        func(p *procuret.CreateLinkParams) { p.SupplierID = 0 },
		} {
			p := valid
			mutate(&p)
			_, err := supplier.CreateInstalmentLink(ctx, p)
			var ve *procuret.ValidationError
			if !errors.Is(err, procuret.ErrInvalidInput) || !errors.As(err, &ve) || ve.Field != name {
				t.Errorf("%s: err = %v, want ErrInvalidInput on %s", name, err, name)
			}
		}
		if n := e.sb.LinkCount(); n != before {
			t.Errorf("LinkCount = %d, want %d", n, before)
		}
	})

	t.Run("amount above the supplier's maximum", func(t *testing.T) {
		// Well formed, so the client sends it; the sandbox refuses it with 422.
		p := valid
		p.Amount = itDec("100000.01")
		_, err := supplier.CreateInstalmentLink(ctx, p)
		ae := itAPIError(t, err, procuret.ErrUnprocessable)
		if !strings.Contains(ae.Message, "invoice_amount") {
			t.Errorf("message %q does not name invoice_amount", ae.Message)
		}
		if errors.Is(err, procuret.ErrInvalidInput) {
			t.Error("a server refusal matches ErrInvalidInput")
		}
		if n := e.sb.LinkCount(); n != before {
			t.Errorf("LinkCount = %d, want %d", n, before)
		}
	})

	t.Run("quote input", func(t *testing.T) {
		sent := e.sent.Load()
		for name, p := range map[string]procuret.QuoteParams{
			"principal zero":   {SupplierID: itSupplierID, Principal: decimal.Zero, Periods: 12},
			"principal cents":  {SupplierID: itSupplierID, Principal: itDec("1000.005"), Periods: 12},
			"periods zero":     {SupplierID: itSupplierID, Principal: itDec("1000")},
			"periods too many": {SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 121},
		} {
			if _, err := supplier.Quote(ctx, p); !errors.Is(err, procuret.ErrInvalidInput) {
				t.Errorf("%s: %v, want ErrInvalidInput", name, err)
			}
		}
		if _, err := supplier.QuoteAll(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12}); !errors.Is(err, procuret.ErrInvalidInput) {
			t.Errorf("QuoteAll with periods: %v, want ErrInvalidInput", err)
		}
		if n := e.sent.Load() - sent; n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})

	// And the valid params do work, so the refusals above were about the changed field.
	if _, err := supplier.CreateInstalmentLink(ctx, valid); err != nil {
		t.Fatalf("the valid params: %v", err)
	}
	if n := e.sb.LinkCount(); n != before+1 {
		t.Errorf("LinkCount = %d, want %d", n, before+1)
	}
}

// TestIntegrationConcurrentCalls shares one client (and a copy with a short-lived session)
// between goroutines that create, read, list and quote at once; run it with -race.
func TestIntegrationConcurrentCalls(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	acct := e.sb.DefaultAccount()
	long := e.anon.Authenticated(e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived).Credentials())
	short := e.anon.Authenticated(e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived).Credentials())
	const workers, each = 8, 5
	var wg sync.WaitGroup
	for w := range workers {
		c := long
		if w%2 == 1 {
			c = short
		}
		wg.Go(func() {
			ctx := t.Context()
			for i := range each {
				amount := decimal.New(int64(50000+100*w+i), -2) // 500.00, 501.00, …
				l, err := c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: amount, InviteeEmail: "pat@example.com",
					InvoiceIdentifier: "INV-C" + amount.String(), Communication: procuret.DoNotNotify,
				})
				if err != nil {
					t.Errorf("worker %d: create: %v", w, err)
					return
				}
				got, err := e.anon.GetInstalmentLink(ctx, l.PublicID)
				if err != nil || !got.InvoiceAmount.Equal(amount) {
					t.Errorf("worker %d: get %s = %v, %v", w, l.PublicID, got, err)
				}
				q, err := c.Quote(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: amount, Periods: 3})
				if err != nil || !q.Payment.Equal(amount.DivRound(decimal.NewFromInt(3), 2)) {
					t.Errorf("worker %d: quote %s over 3 months = %v, %v", w, amount, q, err)
				}
				if _, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 5}); err != nil {
					t.Errorf("worker %d: list: %v", w, err)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if n := e.sb.LinkCount(); n != workers*each {
		t.Errorf("LinkCount = %d, want %d", n, workers*each)
	}
	all, err := long.ListInstalmentLinks(t.Context(), procuret.ListLinksParams{Limit: procuret.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	ids := itLinkIDs(all)
	slices.Sort(ids)
	if len(slices.Compact(ids)) != workers*each {
		t.Errorf("listed %d distinct links, want %d", len(ids), workers*each)
	}
}

// isZero reports whether v is its type's zero value: how an optional
// response field reads when the API left it out.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }
