package procuret

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/internal/testutil"
)

// The contract requires, in responses, every field that some official SDK requires
// (session_key, disposition on every object, PhoneNumber.indexid, both entity identifier key
// generations, principal_discount, ...). Servers older than that leave fields out: the client
// must still decode their answers, with the absent fields at their zero values.
func TestOlderAnswersStillDecode(t *testing.T) {
	ctx := context.Background()
	c, mux, _ := setup(t)
	const aud = `{"indexid": 1, "name": "Australian Dollar", "iso_4217": "AUD", "exponent": 2, "symbol": "$"}`
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		// Python's generation of identifier keys only; no address, no disposition, a phone
		// without indexid.
		serveJSON(w, 200, []byte(`{"public_id": 13991055489669749, "public_id_short": "DEMOSUP", "legal_entity_name": "Demo",
			"entity_identifiers": [{"id": "51824753556", "id_type": 1}], "phone_number": {"digits": "61290000000"}}`))
	})
	mux.HandleFunc("/human", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, []byte(`{"public_id": 7205759403792794, "first_name": "Dana", "last_name": "Demo",
			"email_address": {"email_address": "dana@example.com"}}`))
	})
	mux.HandleFunc("/payment/series", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, []byte(`{"public_id": "ps_1", "created": "2026-06-01 10:00:00.000000", "creating_agent": 7,
			"customer": {"entity_id": 2, "legal_entity_name": "C"}, "supplier": {"entity_id": 1, "legal_entity_name": "S"},
			"exchange_id": "ex_1", "identifier": "INV-1", "completed": false, "commitment_id": "cm_1", "allows_self_serve_payments": true,
			"amount": {"magnitude": "4200.00", "denomination": 1}, "sum_payments": {"magnitude": "0", "denomination": `+aud+`},
			"total_payable": {"magnitude": "4462.20", "denomination": 2}}`))
	})
	mux.HandleFunc("/instalment-schedule", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, []byte(`{"series_id": "ps_1", "has_interest": true,
			"lines": [{"sequence": 1, "date": "2026-07-01", "nominal_payment": "371.85", "opening_balance": "4200.00", "interest_paid": "21.00",
				"principal_paid": "350.85", "closing_balance": "3849.15", "commitment_public_id": "cm_1", "denomination": `+aud+`}],
			"total_row": {"total_payments": "4462.20", "total_principal": "4200.00", "total_interest": "262.20", "denomination": `+aud+`}}`))
	})
	mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, []byte(`{"entity": {"public_id": 1, "public_id_short": "S", "legal_entity_name": "S"}, "authorised": true,
			"offers_pay_now": false, "pay_now_fee_mode": 2, "max_transaction_size": [{"magnitude": "100000.00", "denomination": 2}],
			"default_denomination": 2, "country": {"country_id": 2, "name": "New Zealand", "iso_3166_a2": "NZ", "iso_3166_a3": "NZL"}}`))
	})

	e, err := c.GetEntity(ctx, 13991055489669749)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.EntityIdentifiers) != 1 || e.EntityIdentifiers[0].ID != "51824753556" || e.EntityIdentifiers[0].IDType != EntityIDTypeABN ||
		e.EntityIdentifiers[0].Identifier != "" || !isZero(e.Disposition) || !isZero(e.BusinessAddress) || e.PhoneNumber.Indexid != 0 ||
		e.PhoneNumber.Digits != "61290000000" {
		t.Errorf("entity = %+v", e)
	}
	h, err := c.GetHuman(ctx, 7205759403792794)
	if err != nil {
		t.Fatal(err)
	}
	if h.PublicID != 7205759403792794 || h.AgentID != 0 || !h.Created.IsZero() || !isZero(h.Disposition) || h.EmailAddress.EmailAddress != "dana@example.com" {
		t.Errorf("human = %+v", h)
	}
	s, err := c.GetPaymentSeries(ctx, "ps_1")
	if err != nil {
		t.Fatal(err)
	}
	// Amounts' currencies arrive as IDs or objects; both read the same.
	for name, cur := range map[string]Currency{"amount": s.Amount.Denomination, "sum_payments": s.SumPayments.Denomination} {
		if cur != (Currency{Indexid: DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"}) {
			t.Errorf("%s.denomination = %+v, want the full AUD", name, cur)
		}
	}
	if s.TotalPayable.Denomination.Iso4217 != "NZD" || s.Mechanism != 0 || !isZero(s.Disposition) {
		t.Errorf("series = %+v", s)
	}
	sch, err := c.GetInstalmentSchedule(ctx, "ps_1")
	if err != nil {
		t.Fatal(err)
	}
	if len(sch.Lines) != 1 || !sch.Lines[0].PrincipalDiscount.IsZero() || !sch.TotalRow.TotalPrincipalDiscount.IsZero() || sch.Lines[0].IsBespoke {
		t.Errorf("schedule = %+v", sch)
	}
	sup, err := c.GetSupplier(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sup.DefaultDenomination.Indexid != DenominationNZD || sup.DefaultDenomination.Iso4217 != "NZD" || sup.DefaultDenomination.Exponent != 2 ||
		sup.MaxTransactionSize[0].Denomination.Iso4217 != "NZD" || !isZero(sup.Disposition) {
		t.Errorf("supplier = %+v", sup)
	}
}

// TestCurrencyEitherForm: Supplier.default_denomination as an object, as a known ID, as an
// unknown ID, and as something else (an error a caller can branch on, not a panic).
func TestCurrencyEitherForm(t *testing.T) {
	ctx := context.Background()
	for body, want := range map[string]string{
		`{"indexid": 2, "name": "New Zealand Dollar", "iso_4217": "NZD", "exponent": 2, "symbol": "$"}`: "2 NZD 2",
		`2`:     "2 NZD 2",
		`1`:     "1 AUD 2",
		`9`:     "9  0", // an ID this client does not know: only the ID
		`"AUD"`: "error",
		`1.5`:   "error",
		`-1`:    "error",
		`[1]`:   "error",
	} {
		t.Run(body, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
				ex := string(specExample(t, "Supplier"))
				serveJSON(w, 200, []byte(strings.Replace(ex, `"default_denomination":1`, `"default_denomination":`+body, 1)))
			})
			s, err := c.GetSupplier(ctx, 13991055489669749)
			if want == "error" {
				var pe *Error
				if !errors.As(err, &pe) || !errors.Is(err, ErrUnexpectedBody) || !strings.Contains(err.Error(), "currency") {
					t.Fatalf("err = %v, want an *Error of kind ErrUnexpectedBody about the currency", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			d := s.DefaultDenomination
			if got := fmt.Sprintf("%d %s %d", d.Indexid, d.Iso4217, d.Exponent); got != want {
				t.Errorf("default_denomination %s decoded as %q, want %q", body, got, want)
			}
		})
	}
}

// TestSessionKeyIsASecret: the session_key the API returns (Python stores it; its purpose is
// unknown) is never printed, logged or quoted in an error, like the API key.
func TestSessionKeyIsASecret(t *testing.T) {
	const sessionKey = "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	logs := &testutil.SyncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for name, body := range map[string]string{
		"good":            `{"session_id": 77, "api_key": "ak-1", "perspective": 1, "lifecycle": 2, "session_key": "` + sessionKey + `", "agent": {"agent_id": 5}}`,
		"undecodable":     `{"session_id": "77", "api_key": "ak-1", "perspective": 1, "lifecycle": 2, "session_key": "` + sessionKey + `"}`,
		"unusable":        `{"session_id": 0, "api_key": "ak-1", "perspective": 1, "lifecycle": 2, "session_key": "` + sessionKey + `"}`,
		"key in the type": `{"session_id": 77, "api_key": "ak-1", "perspective": 1, "lifecycle": 2, "session_key": {"k": "` + sessionKey + `"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, mux, _ := setupAnon(t, WithLogger(logger))
			mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, []byte(body)) })
			s, err := c.CreateSession(context.Background(), LoginParams{Email: "a@example.com", Password: "pw", Perspective: PerspectiveSupplier, Code: "123456"})
			var texts []string
			if err != nil {
				texts = append(texts, err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
			} else {
				j, _ := json.Marshal(s)
				texts = append(texts, fmt.Sprintf("%v %+v %#v %s", s, s, s, s), string(j))
				if name != "good" {
					t.Errorf("no error for a %s session", name)
				}
			}
			for _, s := range append(texts, logs.String()) {
				if strings.Contains(s, sessionKey) {
					t.Errorf("the session key leaked: %s", s)
				}
			}
		})
	}
}
