package sandbox_test

import (
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/procuret/procuret-go/api"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// TestEveryOperationFitsTheContract drives every operation of the contract once to success and
// once to an error and validates both responses against it (call does, for every response).
// An operation added to the contract fails this test until it has cases here.
func TestEveryOperationFitsTheContract(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	acct := e.sb.DefaultAccount()
	link := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "640.00")))
	sessionID := s.Credentials().SessionID()

	type req struct {
		signed       bool
		method, path string
		body         any
		status       int
	}
	login := func() any { // run when the case runs: a newer code replaces an older one
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)), 200)
		code, _ := e.sb.LastCode(acct.Email)
		return gen.SessionCreate{Email: "demo-supplier@example.com", Secret: acct.Password, Perspective: 1, Code: code}
	}
	cases := map[string][2]req{ // operationId → {success, error}
		"createSecondFactorCode": {{false, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1), 200},
			{false, "POST", "/second-factor-code", codeRequest(acct.Email, "wrong", 1), 401}},
		"createSession": {{false, "POST", "/session", login, 200},
			{false, "POST", "/session", gen.SessionCreate{Email: "demo-supplier@example.com", Secret: "wrong", Perspective: 1, Code: "123456"}, 401}},
		"getSession": {{true, "GET", "/session?session_id=" + itoa(sessionID), nil, 200},
			{true, "GET", "/session?session_id=1", nil, 403}},
		"updateSession": {{true, "PUT", "/session", gen.SessionUpdate{PerspectiveID: 1}, 200},
			{true, "PUT", "/session", gen.SessionUpdate{PerspectiveID: 6}, 403}},
		"createInstalmentLink": {{true, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "700.00"), 200},
			{true, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "0"), 422}},
		"getInstalmentLink": {{false, "GET", "/instalment-link?public_id=" + link.PublicID, nil, 200},
			{false, "GET", "/instalment-link?public_id=il_none", nil, 404}},
		"listInstalmentLinks": {{true, "GET", "/instalment-link/list?opened=false&limit=3", nil, 200},
			{true, "GET", "/instalment-link/list?supplier_id=9007199254740993", nil, 403}},
		"createInstalmentLinkOpen": {{false, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: link.PublicID}, 200},
			{false, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: "il_none"}, 404}},
		"getProspectivePayment": {{false, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=900&periods=6&cycle=1", nil, 200},
			{false, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=900&periods=7&cycle=1", nil, 422}},
		"listProspectivePayments": {{false, "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=900&cycle=1", nil, 200},
			{false, "GET", "/credit/prospective-payment/list?supplier_id=1&principal_magnitude=900&cycle=1", nil, 404}},
		"getPaymentSeries": {{true, "GET", "/payment/series?public_id=ps_demo1", nil, 200},
			{true, "GET", "/payment/series?public_id=ps_late", nil, 403}},
		"listPaymentSeries": {{true, "GET", "/payment/series/list?completed=false", nil, 200},
			{true, "GET", "/payment/series/list?active_instrument=3", nil, 400}},
		"getTermRateGroup": {{true, "GET", "/term-rate/group?public_id=trg_demo", nil, 200},
			{true, "GET", "/term-rate/group?public_id=trg_none", nil, 404}},
		"getEntity": {{true, "GET", "/entity?entity_id=24681357924681357", nil, 200},
			{true, "GET", "/entity?entity_id=9007199254740993", nil, 403}},
		"getHuman": {{true, "GET", "/human?human_id=8146294615297130", nil, 200},
			{false, "GET", "/human?human_id=8146294615297130", nil, 401}},
		"getCommitment": {{true, "GET", "/commitment?setup_id=ex_demo1", nil, 200},
			{true, "GET", "/commitment?setup_id=ex_none", nil, 404}},
		"getInstalmentSchedule": {{true, "GET", "/instalment-schedule?series_id=ps_demo1", nil, 200},
			{true, "GET", "/instalment-schedule?series_id=ps_none", nil, 404}},
		"getSupplier": {{false, "GET", "/supplier?public_id=OTHER", nil, 200},
			{false, "GET", "/supplier", nil, 400}},
		"getXeroEntityMap": {{true, "GET", "/xero/entity-map?entity_id=13991055489669749", nil, 200},
			{true, "GET", "/xero/entity-map?entity_id=42", nil, 404}},
		"getXeroOrganisation": {{true, "GET", "/xero/organisation?entity_id=13991055489669749", nil, 200},
			{true, "GET", "/xero/organisation?entity_id=9007199254740993", nil, 403}},
		// The supplier's money and customers (issue 12).
		"listSupplierSales": {{true, "GET", "/supplier-sale/list?any_fragment=inv-00&order=ascending", nil, 200},
			{true, "GET", "/supplier-sale/list?supplier_id=9007199254740993", nil, 403}},
		"listSupplierPayouts": {{true, "GET", "/supplier/payout/list?order_by=created", nil, 200},
			{true, "GET", "/supplier/payout/list?order_by=amount", nil, 400}},
		"listPendingSeries": {{true, "GET", "/payment-series/pending/list?awaiting_credit_assessment=true", nil, 200},
			{true, "GET", "/payment-series/pending/list?business_id=9007199254740995", nil, 403}},
		"getInstalmentSchedulePDF": {{true, "GET", "/instalment-schedule/pdf?series_id=ps_demo1", nil, 200},
			{true, "GET", "/instalment-schedule/pdf?series_id=ps_late", nil, 403}},
		"getPayNowFeeMode": {{true, "GET", "/supplier/pay-now-fee-mode?supplier_id=13991055489669749", nil, 200},
			{true, "GET", "/supplier/pay-now-fee-mode?supplier_id=9007199254740993", nil, 403}},
		"setPayNowFeeMode": {{true, "POST", "/supplier/pay-now-fee-mode", `{"supplier_id": "13991055489669749", "mode": 1}`, 200},
			{true, "POST", "/supplier/pay-now-fee-mode", `{"supplier_id": "13991055489669749", "mode": 3}`, 400}},
		"createProspectiveFee": {{true, "POST", "/pay-now-transaction/fee/prospective", `{"supplier_id": 13991055489669749, "amount": {"magnitude": "1200.00", "denomination": 1}, "divisions": [{"instrument": 1, "magnitude": "1200.00"}]}`, 200},
			{true, "POST", "/pay-now-transaction/fee/prospective", `{"supplier_id": 13991055489669749, "amount": {"magnitude": "1200.00", "denomination": 1}, "divisions": [{"instrument": 1, "magnitude": "1000.00"}]}`, 422}},
		"getDeal": {{true, "GET", "/deal?commitment_id=cm_demo1", nil, 200},
			{true, "GET", "/deal?commitment_id=cm_none", nil, 404}},
		"listDeals": {{true, "GET", "/deal/list?order_by=outstanding&order=ascending", nil, 200},
			{true, "GET", "/deal/list?order_by=amount", nil, 400}},
		"listEntities": {{true, "GET", "/entity/list?name_fragment=co", nil, 200},
			{false, "GET", "/entity/list", nil, 401}},
		"getBusiness": {{true, "GET", "/business?business_id=24681357924681357", nil, 200},
			{true, "GET", "/business?business_id=9007199254740995", nil, 403}},
		"listBusinesses": {{true, "GET", "/business/list?has_transacted=true", nil, 200},
			{true, "GET", "/business/list?order_by=revenue", nil, 400}},
		"listSuppliers": {{true, "GET", "/supplier/list?any_name=demo", nil, 200},
			{true, "GET", "/supplier/list?default_denomination=3", nil, 400}},
		"createSupplier": {{true, "POST", "/supplier", gen.SupplierCreate{EntityID: lateBusinessID}, 200}, // as both@other.example
			{true, "POST", "/supplier", gen.SupplierCreate{EntityID: otherSupplierID}, 422}},
	}

	// Operations whose cases act as another account than the default supplier.
	signers := map[string]*auth.Signer{"createSupplier": e.session("both@other.example", auth.PerspectiveSupplier, auth.LongLived)}

	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ops = append(ops, op.OperationID)
		}
	}
	sort.Strings(ops)
	for _, id := range ops {
		c, ok := cases[id]
		if !ok {
			t.Errorf("operation %s has no cases", id)
			continue
		}
		for i, r := range c {
			signer := s
			if as := signers[id]; as != nil {
				signer = as
			}
			if !r.signed {
				signer = nil
			}
			body := r.body
			if f, ok := body.(func() any); ok {
				body = f()
			}
			got := e.call(signer, r.method, r.path, body)
			if got.status != r.status {
				t.Errorf("%s case %d: status %d, want %d: %s", id, i, got.status, r.status, got.body)
			}
		}
		delete(cases, id)
	}
	for id := range cases {
		t.Errorf("cases for %s, which the contract does not have", id)
	}
}
