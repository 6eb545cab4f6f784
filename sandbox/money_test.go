package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// What the Swift SDK sends to the supplier operations works here, although it is not the form
// the contract asks of clients: supplier_id as a string or an integer, and the deal list's sort
// under Swift's misplaced keys.

func TestPayNowFeeModeAcceptsBothIDForms(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	// Mode 1 first: mode 2 is the default, so a POST of 2 proves nothing until 1 was set.
	for _, c := range []struct {
		body string
		mode gen.PayNowFeeMode
	}{
		{`{"supplier_id": "13991055489669749", "mode": 1}`, gen.PayNowFeeModeCustomerPays}, // Swift
		{`{"supplier_id": 13991055489669749, "mode": 2}`, gen.PayNowFeeModeSupplierPays},
	} {
		body, mode := c.body, c.mode
		r := e.call(s, "POST", "/supplier/pay-now-fee-mode", body)
		wantStatus(t, r, http.StatusOK)
		// The answer carries the ID as a string, as Swift decodes it.
		if !strings.Contains(string(r.body), `"supplier_id":"13991055489669749"`) {
			t.Errorf("%s: answer %s lacks the ID as a string", body, r.body)
		}
		got := decode[gen.SupplierPayNowFeeMode](t, e.call(s, "GET", "/supplier/pay-now-fee-mode?supplier_id=13991055489669749", nil))
		if got.Mode != mode || got.SupplierID != 13991055489669749 {
			t.Errorf("%s: then GET = %+v", body, got)
		}
	}
	for _, body := range []string{`{"supplier_id": "0139", "mode": 1}`, `{"supplier_id": 1.5, "mode": 1}`, `{"supplier_id": "abc", "mode": 1}`, `{"mode": 1}`} {
		wantError(t, e.call(s, "POST", "/supplier/pay-now-fee-mode", body), http.StatusBadRequest, "supplier_id")
	}
	wantError(t, e.call(s, "POST", "/supplier/pay-now-fee-mode", `{"supplier_id": "9007199254740999", "mode": 1}`), http.StatusNotFound, "9007199254740999")
}

func TestDealListReadsSwiftsKeys(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	values := func(path string) []string {
		var out []string
		for _, d := range decode[[]gen.Deal](t, e.call(s, "GET", path, nil)) {
			out = append(out, d.InvoiceValue.StringFixed(2))
		}
		return out
	}
	right := values("/deal/list?order=ascending&order_by=value")
	swift := values("/deal/list?descending=ascending&created=value")
	if len(right) != 6 || strings.Join(right, ",") != strings.Join(swift, ",") {
		t.Errorf("order/order_by gave %v, Swift's keys %v", right, swift)
	}
	if right[0] != "1980.00" || right[5] != "42000.00" {
		t.Errorf("deals by value, ascending: %v", right)
	}
	if d := values("/deal/list?order_by=value"); d[0] != "42000.00" {
		t.Errorf("the default direction is descending: %v", d)
	}
}

// TestPendingPlansEveryState: the default data has a pending plan in each assessment state,
// and the deals behind them say so.
func TestPendingPlansEveryState(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	plans := decode[[]gen.PendingSeries](t, e.call(s, "GET", "/payment-series/pending/list", nil))
	seen := map[[2]bool]bool{}
	for _, p := range plans {
		seen[[2]bool{p.AwaitingIdentityAssessment, p.AwaitingCreditAssessment}] = true
		d := decode[gen.Deal](t, e.call(s, "GET", "/deal?commitment_id="+p.CommitmentID, nil))
		if p.AwaitingCreditAssessment != (d.CreditAssessmentState == gen.AssessmentStateInProgress) || !d.SumPayments.IsZero() ||
			!d.InvoiceValue.Equal(p.Exchange.Amount.Magnitude) || d.TotalPayable.LessThan(d.InvoiceValue) {
			t.Errorf("plan %s and its deal %+v disagree", p.Exchange.PublicID, d)
		}
	}
	if len(seen) != 4 {
		t.Errorf("assessment states of the default plans: %v, want all four", seen)
	}
	// A customer sees only its own; the schedule PDF of another's series is 403.
	casey := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.LongLived)
	if got := decode[[]gen.PendingSeries](t, e.call(casey, "GET", "/payment-series/pending/list", nil)); len(got) != 1 {
		t.Errorf("Casey sees %d pending plans, want 1", len(got))
	}
	pdf := "/instalment-schedule/pdf?series_id=" + sandbox.DefaultSeriesID
	wantStatus(t, e.call(casey, "GET", pdf, nil), http.StatusOK) // Casey's own series
	oli := e.session("oli@outbacktools.example", auth.PerspectiveBusiness, auth.LongLived)
	wantError(t, e.call(oli, "GET", pdf, nil), http.StatusForbidden, sandbox.DefaultSeriesID)
}

func TestSeedPendingErrors(t *testing.T) {
	for name, c := range map[string]struct{ pending, want string }{
		"unknown supplier":    {`{"exchange_id": "ex_x", "supplier_id": 42, "business_id": 24681357924681357, "description": "X", "amount": "100.00", "periods": 3, "created": "2026-01-01 00:00:00.000000"}`, "supplier_id: no supplier 42"},
		"term not offered":    {`{"exchange_id": "ex_x", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "description": "X", "amount": "100.00", "periods": 5, "created": "2026-01-01 00:00:00.000000"}`, "offers no 5-month term"},
		"exchange used":       {`{"exchange_id": "ex_demo1", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "description": "X", "amount": "100.00", "periods": 3, "created": "2026-01-01 00:00:00.000000"}`, "used twice"},
		"state contradicts":   {`{"exchange_id": "ex_x", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "description": "X", "amount": "100.00", "periods": 3, "created": "2026-01-01 00:00:00.000000", "awaiting_credit_assessment": true, "credit_assessment_state": 1}`, "contradicts"},
		"amount has 3 places": {`{"exchange_id": "ex_x", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "description": "X", "amount": "100.001", "periods": 3, "created": "2026-01-01 00:00:00.000000"}`, "at most 2 decimal places"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sandbox.New(sandbox.WithSeed(strings.NewReader(`{"pending": [` + c.pending + `]}`)))
			if err == nil || !strings.Contains(err.Error(), "pending[0]") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want pending[0] and %q", err, c.want)
			}
		})
	}
}

// TestMoneySurvivesRestart: with a data directory, a fee mode that was set, a supplier that was
// made, and the plan a link's first open began are all there after a restart.
func TestMoneySurvivesRestart(t *testing.T) {
	r := newRestartable(t, sandbox.WithSeed(strings.NewReader(testSeed)))
	s := r.supplier()
	wantStatus(t, r.call(s, "POST", "/supplier/pay-now-fee-mode", `{"supplier_id": "13991055489669749", "mode": 1}`), http.StatusOK)
	both := r.session("both@other.example", auth.PerspectiveSupplier, auth.LongLived)
	wantStatus(t, r.call(both, "POST", "/supplier", gen.SupplierCreate{EntityID: lateBusinessID}), http.StatusOK)
	forCasey := newLink(sandbox.DefaultSupplierID, "1750.00")
	forCasey.InviteeEmail = sandbox.DefaultBusinessEmail // a business account: the first open begins a plan
	l := decode[gen.InstalmentLink](t, r.call(s, "POST", "/instalment-link", forCasey))
	wantStatus(t, r.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}), http.StatusOK)
	pendingBefore := r.call(s, "GET", "/payment-series/pending/list", nil).body
	if n := len(decode[[]gen.PendingSeries](t, resp{body: pendingBefore})); n != 6 {
		t.Fatalf("%d pending plans before the restart, want the default five and the link's", n)
	}

	r.restart(sandbox.WithSeed(strings.NewReader(testSeed)))
	s = r.signer(s.Credentials())
	if m := decode[gen.SupplierPayNowFeeMode](t, r.call(s, "GET", "/supplier/pay-now-fee-mode?supplier_id=13991055489669749", nil)); m.Mode != gen.PayNowFeeModeCustomerPays {
		t.Errorf("fee mode after the restart = %d, want 1", m.Mode)
	}
	if sup := decode[gen.Supplier](t, r.call(nil, "GET", "/supplier?supplier_id="+itoa(lateBusinessID), nil)); sup.Entity.PublicID != lateBusinessID || sup.Authorised {
		t.Errorf("the made supplier after the restart = %+v", sup)
	}
	if got := r.call(s, "GET", "/payment-series/pending/list", nil).body; string(got) != string(pendingBefore) {
		t.Errorf("pending plans after the restart:\n%s\nwant\n%s", got, pendingBefore)
	}
}
