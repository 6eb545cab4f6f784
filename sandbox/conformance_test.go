package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// The conformance test: the sandbox must work for every official SDK, not only ours. Both
// tables below are taken from ../shared/reference/procuret-api.md (the catalogue reconstructed
// from the four SDKs' sources; section numbers in the comments).
//
//   - sdkRequires: per SDK, per operation the SDK calls or decodes, the JSON fields its decoder
//     requires (non-optional in its types). Every answer of the sandbox must carry them.
//   - sdkForms: every request form an official SDK sends that is not the newest. The sandbox
//     must answer it 2xx with exactly the effect of the newest form.
//
// It fails as soon as the sandbox drops a field or refuses a form.

// A field path: "a.b" is field b of object a; "a[].b" is field b of every element of array a
// (which must be non-empty); "a?.b" checks b only when a is present and not null.
type fieldSet []string

func fields(s string) fieldSet { return strings.Fields(s) }

var (
	disposition = "disposition.sequence disposition.count disposition.limit disposition.offset "
	currency    = func(p string) string {
		return fmt.Sprintf("%[1]s.indexid %[1]s.name %[1]s.iso_4217 %[1]s.exponent %[1]s.symbol ", p)
	}
	headline = func(p string) string { return p + ".entity_id " + p + ".legal_entity_name " }
	// A Python Amount accepts the denomination as an ID or an object; Swift requires the object.
	pyAmount = func(p string) string { return p + ".magnitude " + p + ".denomination " }
	swAmount = func(p string) string { return p + ".magnitude " + currency(p+".denomination") }
)

var sdkRequires = map[string]map[string]fieldSet{
	"Python": { // PY 0.0.43
		// §3.2: Session.decode requires all five (and the saved session file holds them).
		"createSession": fields("session_id session_key api_key lifecycle perspective"),
		// §3.3
		"listInstalmentLinks":  fields("[].public_id [].created " + headline("[].supplier") + "[].invoice_amount [].invoice_identifier [].opens [].sale_name [].allow_edit [].denomination_id"),
		"createInstalmentLink": fields("public_id created " + headline("supplier") + "invoice_amount invoice_identifier opens sale_name allow_edit denomination_id"),
		// §3.5
		"getTermRateGroup":    fields("public_id rates[].supplier_entity_id rates[].periods rates[].periods_in_year created active"),
		"getXeroEntityMap":    fields("entity_id"),
		"getXeroOrganisation": fields("short_code entity_id"),
		// §3.6: Python retrieves one series through the list.
		"listPaymentSeries": fields("[].public_id [].created [].creating_agent " + headline("[].customer") + headline("[].supplier") +
			"[].exchange_id [].identifier " + pyAmount("[].amount") + pyAmount("[].sum_payments") + pyAmount("[].total_payable") +
			"[].mechanism " + strings.ReplaceAll(disposition, "disposition", "[].disposition")),
		"getCommitment": fields("public_id committed_human.public_id committed_human.agent_id committed_human.first_name committed_human.last_name committed_human.email_address " +
			strings.ReplaceAll(disposition, "disposition", "committed_human.disposition")),
		// §3.8: Entity requires the older identifier keys, the address (with created, locality,
		// postal_code) and a disposition.
		"getEntity": fields("public_id public_id_short legal_entity_name entity_identifiers[].id entity_identifiers[].id_type " +
			"business_address.created business_address.line_1 business_address.locality business_address.postal_code " + disposition),
		"getHuman": fields("public_id agent_id first_name last_name email_address phone_number?.indexid phone_number?.digits " + disposition),
		// §3.7: InstalmentLine and the total row.
		"getInstalmentSchedule": fields("series_id has_interest lines[].sequence lines[].date lines[].nominal_payment lines[].opening_balance " +
			"lines[].interest_paid lines[].principal_paid lines[].closing_balance lines[].principal_discount lines[].commitment_public_id lines[].denomination " +
			"total_row.total_payments total_row.total_principal total_row.total_interest total_row.total_principal_discount total_row.denomination"),
	},
	"Swift": { // SW 4.0.1
		// §3.2: Swift requires the agent.
		"createSession": fields("session_id api_key perspective agent"),
		"getSession":    fields("session_id api_key perspective agent"),
		"updateSession": fields("session_id api_key perspective agent"),
		// §3.3: Swift requires invitee_email.
		"getInstalmentLink":   fields("public_id created " + headline("supplier") + "invoice_amount invitee_email invoice_identifier opens sale_name denomination_id"),
		"listInstalmentLinks": fields("[].public_id [].created " + headline("[].supplier") + "[].invoice_amount [].invitee_email [].invoice_identifier [].opens [].sale_name [].denomination_id"),
		// §3.6
		"getPaymentSeries": fields("public_id created creating_agent " + headline("customer") + headline("supplier") + "exchange_id identifier " +
			swAmount("amount") + swAmount("sum_payments") + swAmount("total_payable") + "completed commitment_id allows_self_serve_payments " + disposition),
		// §3.8: the newer identifier keys, the address's public_id, the phone's indexid.
		"getEntity": fields("public_id public_id_short legal_entity_name entity_identifiers?[].identifier entity_identifiers?[].identifier_type " +
			"business_address?.public_id business_address?.line_1 phone_number?.indexid phone_number?.digits " + disposition),
		"getHuman": fields("public_id first_name last_name email_address.created email_address.email_address email_address.confirmation_required " +
			"phone_number?.indexid phone_number?.digits created " + disposition),
		// §3.7: DealLedgerLine.
		"getInstalmentSchedule": fields("series_id has_interest lines[].sequence lines[].date lines[].nominal_payment lines[].opening_balance " +
			"lines[].interest_paid lines[].principal_paid lines[].closing_balance lines[].commitment_public_id lines[].paid lines[].due_24hrs_starting " +
			"lines[].is_bespoke " + currency("lines[].denomination") + "total_row.total_payments total_row.total_principal total_row.total_interest " + currency("total_row.denomination")),
		// §3.10: Supplier, with the Swift Entity inside.
		"getSupplier": fields("entity.public_id entity.public_id_short entity.legal_entity_name " + strings.ReplaceAll(disposition, "disposition", "entity.disposition") +
			"authorised offers_pay_now pay_now_fee_mode " + swAmount("max_transaction_size[]") + "default_denomination country.country_id country.name " +
			"country.iso_3166_a2 country.iso_3166_a3 " + disposition),
		// §3.4
		"getProspectivePayment": fields("payment periods"),
	},
	".NET": { // NET 0.0.6
		"createInstalmentLink":    fields("public_id " + headline("supplier") + "invoice_amount invitee_email invoice_identifier denomination_id"),
		"listInstalmentLinks":     fields("[].public_id " + headline("[].supplier") + "[].invoice_amount [].invitee_email [].invoice_identifier [].denomination_id"),
		"getProspectivePayment":   fields("payment periods cycle supplier_id"),
		"listProspectivePayments": fields("[].payment [].periods [].cycle [].supplier_id"),
	},
	"JavaScript": { // JS 1.0.1
		"getProspectivePayment":   fields("payment periods cycle supplier_id " + currency("currency")),
		"listProspectivePayments": fields("[].payment [].periods [].cycle [].supplier_id " + currency("[].currency")),
		"createInstalmentLink":    fields("public_id created " + headline("supplier") + "invoice_amount invitee_email invoice_identifier opens " + disposition + "sale_name allow_edit denomination_id"),
		"listInstalmentLinks": fields("[].public_id [].created " + headline("[].supplier") + "[].invoice_amount [].invitee_email [].invoice_identifier [].opens " +
			strings.ReplaceAll(disposition, "disposition", "[].disposition") + "[].sale_name [].allow_edit [].denomination_id"),
	},
}

// missing returns the paths of set that v (decoded JSON) lacks or holds as null.
func missing(v any, set fieldSet) []string {
	var out []string
	for _, path := range set {
		if !present(v, path) {
			out = append(out, path)
		}
	}
	return out
}

func present(v any, path string) bool {
	if path == "" {
		return v != nil
	}
	if rest, ok := strings.CutPrefix(path, "[]"); ok {
		items, isArray := v.([]any)
		if !isArray || len(items) == 0 {
			return false
		}
		rest = strings.TrimPrefix(rest, ".")
		for _, item := range items {
			if !present(item, rest) {
				return false
			}
		}
		return true
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	i := strings.IndexAny(path, ".[?")
	key, rest := path, ""
	if i >= 0 {
		key, rest = path[:i], path[i:]
	}
	optional := strings.HasPrefix(rest, "?")
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "?"), ".")
	child, ok := obj[key]
	if optional && (!ok || child == nil) {
		return true
	}
	return ok && present(child, rest)
}

// TestConformanceResponses: every answer carries the fields each official SDK requires.
func TestConformanceResponses(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	acct := e.sb.DefaultAccount()
	link := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "640.00")))
	e.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: link.PublicID})
	customer := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.LongLived)
	sessionID := s.Credentials().SessionID()
	// The answers, by operation: what each SDK's decoder gets.
	answers := map[string]func() resp{
		"createSession": func() resp {
			wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)), 200)
			code, _ := e.sb.LastCode(acct.Email)
			return e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: 1, Code: code})
		},
		"getSession":    func() resp { return e.call(s, "GET", "/session?session_id="+itoa(sessionID), nil) },
		"updateSession": func() resp { return e.call(s, "PUT", "/session", gen.SessionUpdate{PerspectiveID: 1}) },
		"createInstalmentLink": func() resp {
			return e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "650.00"))
		},
		"getInstalmentLink":   func() resp { return e.call(nil, "GET", "/instalment-link?public_id="+link.PublicID, nil) },
		"listInstalmentLinks": func() resp { return e.call(s, "GET", "/instalment-link/list?public_id="+link.PublicID, nil) },
		"getProspectivePayment": func() resp {
			return e.call(nil, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=900&periods=6&cycle=1", nil)
		},
		"listProspectivePayments": func() resp {
			return e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=900&cycle=1", nil)
		},
		"getPaymentSeries":      func() resp { return e.call(s, "GET", "/payment/series?public_id=ps_demo1", nil) },
		"listPaymentSeries":     func() resp { return e.call(s, "GET", "/payment/series/list?public_id=ps_demo1", nil) },
		"getTermRateGroup":      func() resp { return e.call(s, "GET", "/term-rate/group?public_id=trg_demo", nil) },
		"getEntity":             func() resp { return e.call(s, "GET", "/entity?entity_id=13991055489669749", nil) },
		"getHuman":              func() resp { return e.call(s, "GET", "/human?human_id="+itoa(sandbox.DefaultSupplierAgentID), nil) },
		"getCommitment":         func() resp { return e.call(customer, "GET", "/commitment?setup_id=ex_demo1", nil) },
		"getInstalmentSchedule": func() resp { return e.call(s, "GET", "/instalment-schedule?series_id=ps_demo1", nil) },
		"getSupplier":           func() resp { return e.call(nil, "GET", "/supplier?supplier_id=13991055489669749", nil) },
		"getXeroEntityMap":      func() resp { return e.call(s, "GET", "/xero/entity-map?entity_id=13991055489669749", nil) },
		"getXeroOrganisation":   func() resp { return e.call(s, "GET", "/xero/organisation?entity_id=13991055489669749", nil) },
	}
	checked := 0
	for _, sdk := range slices.Sorted(mapKeys(sdkRequires)) {
		for _, op := range slices.Sorted(mapKeys(sdkRequires[sdk])) {
			t.Run(sdk+"/"+op, func(t *testing.T) {
				answer, ok := answers[op]
				if !ok {
					t.Fatalf("no request for %s", op)
				}
				r := answer()
				wantStatus(t, r, 200)
				var v any
				if err := json.Unmarshal(r.body, &v); err != nil {
					t.Fatal(err)
				}
				if m := missing(v, sdkRequires[sdk][op]); len(m) > 0 {
					t.Errorf("the %s SDK cannot decode %s: missing or null %v\nbody: %s", sdk, op, m, r.body)
				}
				checked += len(sdkRequires[sdk][op])
			})
		}
	}
	if checked < 200 {
		t.Errorf("only %d fields checked", checked)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestConformanceMissingFieldIsCaught: the check is real; an answer without a field, or with
// it null, fails.
func TestConformanceMissingFieldIsCaught(t *testing.T) {
	var v any
	_ = json.Unmarshal([]byte(`{"a": {"b": null}, "l": [{"x": 1}, {"y": 2}], "p": null, "e": []}`), &v)
	for path, want := range map[string]bool{
		"a": true, "a.b": false, "a.c": false, "l[].x": false, "p?.q": true,
		"e[].x": false, "z?.q": true, "a?.b": false, "[].x": false,
	} {
		if got := present(v, path); got != want {
			t.Errorf("present(%q) = %v, want %v", path, got, want)
		}
	}
}

// A request form an official SDK sends, next to the newest form of the same request.
type sdkForm struct {
	sdk, what     string
	signer        string // "supplier", "short" (a short-lived session), "" (none)
	method        string
	older, newest string // paths
	olderBody     string // JSON, for POST
	newestBody    string
	edit          func(c formEnv, r *http.Request) // applied to the older form's request
}

// formEnv is a sandbox with a long-lived and a short-lived session of the demo supplier.
type formEnv struct {
	*env
	long, short auth.Credentials
}

// TestConformanceRequestForms: every older form is answered 2xx with the effect of the newest.
func TestConformanceRequestForms(t *testing.T) {
	const (
		list = "/credit/prospective-payment/list?supplier_id=13991055489669749&cycle=1&"
		link = `{"supplier_id": 13991055489669749, "invoice_amount": "600.00", "invitee_email": "c@example.com", "invoice_identifier": "INV-1", "denomination": 1, "communicate": %s}`
	)
	forms := []sdkForm{
		// §2.1 #9: Python's text filter. A filter that matches and one that does not, so that an
		// ignored parameter would show.
		{sdk: "Python", what: "any_fragment", signer: "supplier", method: "GET", older: "/payment/series/list?any_fragment=inv-00", newest: "/payment/series/list?fragment=inv-00"},
		{sdk: "Python", what: "any_fragment, no match", signer: "supplier", method: "GET", older: "/payment/series/list?any_fragment=nothing", newest: "/payment/series/list?fragment=nothing"},
		// §2.1 #15: .NET's principle on the list of quotes; two principals, so that the value counts.
		{sdk: ".NET", what: "principle", signer: "supplier", method: "GET", older: list + "principle=900", newest: list + "principal_magnitude=900"},
		{sdk: ".NET", what: "principle, another amount", signer: "supplier", method: "GET", older: list + "principle=1800.50", newest: list + "principal_magnitude=1800.50"},
		// §2.1 #3: .NET's communicate as a string.
		{sdk: ".NET", what: `communicate "true"`, signer: "supplier", method: "POST", older: "/instalment-link", newest: "/instalment-link", olderBody: fmt.Sprintf(link, `"true"`), newestBody: fmt.Sprintf(link, `true`)},
		{sdk: ".NET", what: `communicate "false"`, signer: "supplier", method: "POST", older: "/instalment-link", newest: "/instalment-link", olderBody: fmt.Sprintf(link, `"false"`), newestBody: fmt.Sprintf(link, `false`)},
		// §1.6, §2.1 #3: JavaScript sends explicit nulls for nomenclature and invitee_phone; Python
		// leaves denomination out (AUD).
		{sdk: "JavaScript", what: "explicit nulls in a new link", signer: "supplier", method: "POST", older: "/instalment-link", newest: "/instalment-link",
			olderBody:  strings.Replace(fmt.Sprintf(link, "true"), `"denomination": 1`, `"denomination": 1, "nomenclature": null, "invitee_phone": null`, 1),
			newestBody: fmt.Sprintf(link, "true")},
		{sdk: "Python", what: "no denomination in a new link", signer: "supplier", method: "POST", older: "/instalment-link", newest: "/instalment-link",
			olderBody: strings.Replace(fmt.Sprintf(link, "false"), `"denomination": 1, `, "", 1), newestBody: fmt.Sprintf(link, "false")},
		// §1.2, §1.4: JavaScript never signs; it sends the API key, also for a long-lived session.
		{sdk: "JavaScript", what: "API key for a long-lived session", signer: "supplier", method: "GET", older: "/payment/series/list", newest: "/payment/series/list",
			edit: func(c formEnv, r *http.Request) {
				r.Header.Del(auth.HeaderSignature)
				r.Header.Set(auth.HeaderAPIKey, c.long.APIKey())
			}},
		// §1.2: .NET always signs, also a short-lived session.
		{sdk: ".NET", what: "signature for a short-lived session", signer: "short", method: "GET", older: "/payment/series/list", newest: "/payment/series/list",
			edit: func(c formEnv, r *http.Request) {
				r.Header.Del(auth.HeaderAPIKey)
				r.Header.Set(auth.HeaderSignature, auth.Signature(c.short.APIKey(), c.clock.Now().Unix(), "/payment/series/list"))
			}},
		// §1.4, §5.3: quotes without a session (JavaScript in a web shop, Swift); .NET signs.
		{sdk: "JavaScript", what: "quote without a session", signer: "", method: "GET", older: "/credit/prospective-payment?supplier_id=13991055489669749&principle=900&periods=12&cycle=1&denomination=1",
			newest: "/credit/prospective-payment?supplier_id=13991055489669749&principle=900&periods=12&cycle=1&denomination=1"},
		{sdk: "JavaScript", what: "quotes without a session", signer: "", method: "GET", older: list + "principal_magnitude=900&denomination=1", newest: list + "principal_magnitude=900&denomination=1"},
	}
	for _, f := range forms {
		t.Run(f.sdk+"/"+f.what, func(t *testing.T) {
			e := seeded(t)
			c := formEnv{env: e}
			var err error
			if c.long, err = e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived); err != nil {
				t.Fatal(err)
			}
			if c.short, err = e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.ShortLived); err != nil {
				t.Fatal(err)
			}
			var signer *auth.Signer
			switch f.signer {
			case "supplier":
				signer = e.signer(c.long)
			case "short":
				signer = e.signer(c.short)
			}
			var edits []func(*http.Request)
			if f.edit != nil {
				edits = append(edits, func(r *http.Request) { f.edit(c, r) })
			}
			body := func(s string) any {
				if s == "" {
					return nil
				}
				return s
			}
			logBefore := len(e.log.String())
			older := e.call(signer, f.method, f.older, body(f.olderBody), edits...)
			olderLog := e.log.String()[logBefore:]
			logBefore = len(e.log.String())
			newest := e.call(signer, f.method, f.newest, body(f.newestBody))
			newestLog := e.log.String()[logBefore:]
			if older.status/100 != 2 || newest.status != older.status {
				t.Fatalf("older form: %d %s; newest form: %d %s", older.status, older.body, newest.status, newest.body)
			}
			if strings.TrimSpace(string(older.body)) == "[]" && !strings.Contains(f.what, "no match") {
				t.Errorf("an empty answer shows nothing of the form's effect")
			}
			if a, b := sameParts(t, older.body), sameParts(t, newest.body); a != b {
				t.Errorf("the older form had another effect:\nolder  %s\nnewest %s", a, b)
			}
			// Effects beyond the answer: the email a link sends.
			if mailed := strings.Contains(olderLog, "instalment link email"); mailed != strings.Contains(newestLog, "instalment link email") {
				t.Errorf("older form emailed: %v; newest: %v", mailed, !mailed)
			}
		})
	}
	// Python sends explicit nulls for what it leaves out (§1.6): agent_id null next to an email.
	t.Run("Python/explicit null agent_id", func(t *testing.T) {
		e := seeded(t)
		acct := e.sb.DefaultAccount()
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", fmt.Sprintf(`{"email": %q, "agent_id": null, "plaintext_secret": %q, "perspective": 1}`, acct.Email, acct.Password)), 200)
		if _, ok := e.sb.LastCode(acct.Email); !ok {
			t.Error("no code sent")
		}
	})
	// Python's agent_id as a JSON integer: the code goes to the same account, and logs in.
	t.Run("Python/agent_id as an integer", func(t *testing.T) {
		e := seeded(t)
		acct := e.sb.DefaultAccount()
		for _, form := range []string{
			fmt.Sprintf(`{"agent_id": %d, "plaintext_secret": %q, "perspective": 1}`, acct.AgentID, acct.Password),
			fmt.Sprintf(`{"agent_id": "%d", "plaintext_secret": %q, "perspective": 1}`, acct.AgentID, acct.Password),
		} {
			wantStatus(t, e.call(nil, "POST", "/second-factor-code", form), 200)
			code, ok := e.sb.LastCode(acct.Email)
			if !ok {
				t.Fatalf("%s: no code sent", form)
			}
			wantStatus(t, e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: 1, Code: code}), 200)
			// A wrong password is refused in both forms.
			wrong := strings.Replace(form, acct.Password, "wrong", 1)
			wantError(t, e.call(nil, "POST", "/second-factor-code", wrong), 401)
		}
	})
}

// sameParts strips what differs between two answers to the same request (new links' IDs and
// times) so that the rest can be compared.
func sameParts(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	if m, ok := v.(map[string]any); ok {
		if id, _ := m["public_id"].(string); strings.HasPrefix(id, "il_") {
			delete(m, "public_id")
			delete(m, "created")
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSessionKey: the session_key Python requires is a realistic secret: 192 bits in URL-safe
// base64 like the API key but not the API key, the same on every read of the session, and
// never in the sandbox's log.
func TestSessionKey(t *testing.T) {
	e := newEnv(t)
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)), 200)
	code, _ := e.sb.LastCode(acct.Email)
	sess := decode[gen.Session](t, e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: 1, Code: code}))
	if len(sess.SessionKey) != 32 || sess.SessionKey == sess.APIKey || strings.ContainsAny(sess.SessionKey, "+/=") {
		t.Errorf("session_key %d characters, want 32 URL-safe base64 characters other than the API key", len(sess.SessionKey))
	}
	creds, err := auth.NewCredentials(sess.SessionID, sess.APIKey, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	again := decode[gen.Session](t, e.call(e.signer(creds), "GET", "/session?session_id="+itoa(sess.SessionID), nil))
	if again.SessionKey != sess.SessionKey {
		t.Error("session_key changed between reads")
	}
	other, _ := e.sb.NewSession(acct.Email, 1, auth.LongLived)
	if o := decode[gen.Session](t, e.call(e.signer(other), "GET", "/session?session_id="+itoa(other.SessionID()), nil)); o.SessionKey == sess.SessionKey {
		t.Error("two sessions share a session_key")
	}
	if strings.Contains(e.log.String(), sess.SessionKey) {
		t.Error("the log holds the session_key")
	}
}
