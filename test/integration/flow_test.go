package integration

import (
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// TestIntegrationSupplierFlow is the whole supplier flow, in order, against one
// sandbox: second-factor code (read with LastCode, as a user reads their email) → session →
// create link → get → list → open → get shows the open → quote one term and all terms →
// series and schedule; then the link's page.
func TestIntegrationSupplierFlow(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	supplier := itFlowLogin(t, e)
	link, invoice := itFlowLink(t, e, supplier)
	principal, q := itFlowQuotes(t, supplier)
	itFlowSeries(t, supplier, principal, q)
	itFlowPage(t, e, supplier, link, invoice)
}

// itFlowLogin is the flow's first step: the default supplier asks for a second-factor code,
// reads it as a user reads their email, and logs in with it, once.
func itFlowLogin(t *testing.T, e *itEnv) *procuret.Client {
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

	return e.anon.Authenticated(creds)
}

// itFlowLink creates a link (notifying the customer), gets it, finds it in the supplier's list
// and opens it; it returns the link and its invoice identifier.
func itFlowLink(t *testing.T, e *itEnv, supplier *procuret.Client) (*procuret.InstalmentLink, string) {
	ctx := t.Context()
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
	return link, invoice
}

// itFlowQuotes quotes 4200 over 12 months, then over every term; it returns the principal and
// the 12-month quote.
func itFlowQuotes(t *testing.T, supplier *procuret.Client) (decimal.Decimal, *procuret.ProspectivePayment) {
	ctx := t.Context()
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
	return principal, q
}

// itFlowSeries lists the seeded payment series, gets it and its schedule, and checks the
// schedule against the series and the quote q for the same principal.
func itFlowSeries(t *testing.T, supplier *procuret.Client, principal decimal.Decimal, q *procuret.ProspectivePayment) {
	ctx := t.Context()
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
	// Every object carries a disposition (Python and Swift require it): a single one is the
	// only item of a one-item page.
	if isZero(series[0].Disposition) || s.Disposition != (procuret.Disposition{Sequence: 0, Count: 1, Limit: 1, Offset: 0}) {
		t.Errorf("dispositions: listed %+v, got %+v", series[0].Disposition, s.Disposition)
	}
	ls := series[0]
	ls.Disposition = s.Disposition
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
}

// itFlowPage loads the link's page as the customer does: HTML with the invoice identifier, and
// loading it records an open; an unknown link's page is 404.
func itFlowPage(t *testing.T, e *itEnv, supplier *procuret.Client, link *procuret.InstalmentLink, invoice string) {
	ctx := t.Context()
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
	got, err := supplier.GetInstalmentLink(ctx, link.PublicID)
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
