package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/sandbox"
)

func TestRequestValidation(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	goodLink := `{"supplier_id": 13991055489669749, "invoice_amount": "600.00", "invitee_email": "c@example.com", "invoice_identifier": "INV-1", "communicate": false}`
	withField := func(old, repl string) string { return strings.Replace(goodLink, old, repl, 1) }
	cases := []struct {
		name         string
		method, path string
		body         any
		edit         []func(*http.Request)
		status       int
		want         []string
	}{
		{"bad enum", "GET", "/instalment-link/list?order=sideways", nil, nil, 400, []string{`order: must be one of "ascending", "descending" (got "sideways")`}},
		{"limit below minimum", "GET", "/instalment-link/list?limit=0", nil, nil, 400, []string{"limit: must be at least 1"}},
		{"limit not an integer", "GET", "/instalment-link/list?limit=ten", nil, nil, 400, []string{"limit: must be a valid integer", `"ten"`}},
		{"boolean filter", "GET", "/instalment-link/list?opened=maybe", nil, nil, 400, []string{"opened: must be a valid boolean"}},
		{"unknown query parameter", "GET", "/payment/series/list?anyfragment=INV", nil, nil, 400, []string{"anyfragment: unknown query parameter"}},
		{"missing required parameter", "GET", "/credit/prospective-payment?supplier_id=13991055489669749&periods=12&cycle=1", nil, nil, 400, []string{"principle: required query parameter is missing"}},
		{"malformed decimal parameter", "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=1e3&periods=12&cycle=1", nil, nil, 400, []string{"principle: must be a decimal string"}},
		{"id below minimum", "GET", "/supplier?supplier_id=0", nil, nil, 400, []string{"supplier_id: must be at least 1"}},
		{"time parameter not Procuret's format", "GET", "/payment/series/list?instalment_due_before=2026-12-01T00:00:00Z", nil, nil, 400, []string{"instalment_due_before: must be a Procuret timestamp"}},
		{"invalid JSON body", "POST", "/instalment-link", `{"supplier_id": 1,`, nil, 400, []string{"request body: not valid JSON"}},
		{"empty body", "POST", "/instalment-link", "", []func(*http.Request){setHeader("Content-Type", "application/json")}, 400, []string{"request body: required"}},
		{"body not an object", "POST", "/instalment-link", `[]`, nil, 400, []string{"request body: must be an object"}},
		{"amount as a JSON number", "POST", "/instalment-link", withField(`"600.00"`, `600`), nil, 400, []string{"invoice_amount: must be a string"}},
		{"amount not a decimal", "POST", "/instalment-link", withField(`"600.00"`, `"six hundred"`), nil, 400, []string{`invoice_amount: must be a decimal string such as "422.42"`}},
		{"missing field", "POST", "/instalment-link", withField(`"invoice_identifier": "INV-1", `, ``), nil, 400, []string{"invoice_identifier: is required"}},
		{"communicate as another string than .NET's", "POST", "/instalment-link", withField(`false`, `"yes"`), nil, 400, []string{`communicate: must be a boolean or one of "true", "false" (got "yes")`}},
		{"communicate as a number", "POST", "/instalment-link", withField(`false`, `0`), nil, 400, []string{`communicate: must be a boolean or one of "true", "false" (got 0)`}},
		{"agent_id as a negative integer", "POST", "/second-factor-code", `{"plaintext_secret": "x", "agent_id": -5}`, nil, 400, []string{"agent_id: must be a string matching ^[1-9][0-9]{0,18}$ or an integer of at least 1"}},
		{"fragment under both names", "GET", "/payment/series/list?fragment=INV&any_fragment=INV", nil, nil, 400, []string{"fragment, any_fragment: give one of them"}},
		{"principal under both names", "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=900&principle=900&cycle=1", nil, nil, 400, []string{"principal_magnitude, principle: give one of them"}},
		{"null for a required field", "POST", "/instalment-link", withField(`"communicate": false`, `"communicate": null`), nil, 400, []string{"communicate: must not be null"}},
		{"optional enum out of range", "POST", "/instalment-link", withField(`"communicate": false`, `"communicate": false, "denomination": 3`), nil, 400, []string{"denomination: must be one of 1, 2 (got 3)"}},
		{"optional enum of the wrong type", "POST", "/instalment-link", withField(`"communicate": false`, `"communicate": false, "nomenclature": "invoice"`), nil, 400, []string{`nomenclature: must be one of 1, 2, 3, 4 (got "invoice")`}},
		{"password in an optional reference", "POST", "/second-factor-code", `{"email": "a@example.com", "plaintext_secret": "x", "perspective": "hunter2"}`, nil, 400, []string{"perspective: must be one of"}},
		{"email format", "POST", "/instalment-link", withField(`c@example.com`, `not-an-email`), nil, 400, []string{"invitee_email: must be an email address"}},
		{"named email", "POST", "/instalment-link", withField(`c@example.com`, `Some One <so@example.com>`), nil, 400, []string{"invitee_email: must be an email address"}},
		{"email with a double dot", "POST", "/instalment-link", withField(`c@example.com`, `c..d@example.com`), nil, 400, []string{"invitee_email: must be an email address"}},
		{"wrong content type", "POST", "/instalment-link", goodLink, []func(*http.Request){setHeader("Content-Type", "text/plain")}, 400, []string{`Content-Type: must be application/json (got "text/plain")`}},
		{"body too large", "POST", "/instalment-link", `{"invoice_identifier": "` + strings.Repeat("x", 1<<20) + `"}`, nil, 413, []string{"larger than"}},
		{"secret value never echoed", "POST", "/session", `{"email": "a@example.com", "secret": "hunter2", "perspective": 1, "code": "hunter2"}`, nil, 400, []string{"code: must match"}},
		// A body of the wrong shape may be a secret sent unwrapped: no operation quotes a whole body,
		// and the login steps quote no value of their body at all.
		{"login body a bare string", "POST", "/session", `"hunter2"`, nil, 400, []string{"request body: must be an object"}},
		{"login body an array", "POST", "/session", `["hunter2"]`, nil, 400, []string{"request body: must be an object"}},
		{"code request body a bare string", "POST", "/second-factor-code", `"hunter2"`, nil, 400, []string{"request body: must be an object"}},
		{"code request body an array", "POST", "/second-factor-code", `["hunter2"]`, nil, 400, []string{"request body: must be an object"}},
		{"login body not JSON", "POST", "/session", `hunter2`, nil, 400, []string{"request body: not valid JSON (syntax error at byte 1)"}},
		{"password in a login's non-secret field", "POST", "/session", `{"email": "a@example.com", "secret": "x", "perspective": "hunter2", "code": "123456"}`, nil, 400, []string{"perspective: must be one of"}},
		{"password in a code request's non-secret field", "POST", "/second-factor-code", `{"email": "a@example.com", "plaintext_secret": "x", "agent_id": "hunter2"}`, nil, 400, []string{"agent_id: must be a string matching"}},
		{"any body a bare string", "POST", "/instalment-link", `"hunter2"`, nil, 400, []string{"request body: must be an object"}},
		{"field value still quoted elsewhere", "POST", "/instalment-link", withField(`13991055489669749`, `"x13"`), nil, 400, []string{`supplier_id: must be an integer (got "x13")`}},
		{"unknown path", "GET", "/nothing-here", nil, nil, 404, []string{"No operation at GET /api/nothing-here"}},
		{"method not in the contract", "DELETE", "/session", nil, nil, 405, []string{"allowed: GET, POST, PUT"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.call(s, c.method, c.path, c.body, c.edit...)
			wantError(t, r, c.status, c.want...)
			if strings.Contains(string(r.body), "hunter2") {
				t.Errorf("a secret was echoed: %s", r.body)
			}
			if strings.Count(string(r.body), "\n") > 1 || len(r.body) > 400 {
				t.Errorf("message is not one short line: %s", r.body)
			}
		})
	}
	if n := e.sb.LinkCount(); n != 0 {
		t.Errorf("%d links stored by rejected requests", n)
	}
	if r := e.call(s, "DELETE", "/session", nil); r.header.Get("Allow") != "GET, POST, PUT" {
		t.Errorf("405 Allow = %q", r.header.Get("Allow"))
	}
}

// TestContentTypesOfTheSDKs: the charset spellings the SDKs send are all JSON.
func TestContentTypesOfTheSDKs(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"} {
		r := e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00"), setHeader("Content-Type", ct))
		wantStatus(t, r, 200)
	}
}

// TestNullOptionalFields: the Python SDK sends every absent optional field as JSON null, and the
// JavaScript SDK does so for nomenclature and invitee_phone. The contract makes every optional
// field nullable, so such a request is accepted and null means absent.
func TestNullOptionalFields(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	body := `{"supplier_id": 13991055489669749, "invoice_amount": "600.00", "invitee_email": "c@example.com",
		"invoice_identifier": "INV-NULL", "communicate": false, "denomination": null, "nomenclature": null, "invitee_phone": null}`
	r := e.call(s, "POST", "/instalment-link", body)
	if r.status != 200 {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	for _, want := range []string{`"denomination_id":1`, `"sale_name":1`, `"invoice_identifier":"INV-NULL"`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("link %s lacks %s (null must mean absent: AUD, invoice)", r.body, want)
		}
	}
	if strings.Contains(string(r.body), "invitee_phone_digits") {
		t.Errorf("a null phone was stored: %s", r.body)
	}
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("LinkCount = %d, want 1", n)
	}
}
