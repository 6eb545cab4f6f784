package procuret

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
)

func TestDecimalString(t *testing.T) {
	for in, want := range map[string]string{"-5.00": "-5.00", "0": "0", "422.421": "422.421", "1e3": "1000", "10.10": "10.10"} {
		if got := decimalString(decimalOf(in)); got != want {
			t.Errorf("decimalString(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestValidationErrorMessage(t *testing.T) {
	v := checker{op: "create instalment link"}
	v.money("invoice_amount", decimalOf("-5.00"), DenominationAUD)
	v.id("supplier_id", 0) // only the first problem is reported
	err := v.err()
	if want := "procuret: create instalment link: invoice_amount must be greater than zero (got -5.00)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if (&checker{}).err() != nil {
		t.Errorf("a checker with no problem reports one")
	}
}

func TestEmailRule(t *testing.T) {
	for addr, ok := range map[string]bool{
		"customer@example.com":       true,
		"a@b":                        true,
		"first.last+tag@example.com": true,
		"":                           false,
		"customer":                   false,
		"@example.com":               false,
		"a@":                         false,
		"Casey <casey@example.com>":  false,
		"casey@example.com ":         false,
		"two@@example.com":           false,
		"a@b, c@d":                   false,
	} {
		v := checker{op: "x"}
		v.email("email", addr)
		if got := v.err() == nil; got != ok {
			t.Errorf("email %q accepted = %v, want %v", addr, got, ok)
		}
	}
}

// An amount with more places than its currency, equal in value to one with
// fewer, goes out with the currency's places even when the program keeps
// trailing zeros (as cmd/procuret does). Not parallel: it sets a global.
func TestAmountsNormalisedOnTheWire(t *testing.T) {
	old := decimal.TrimTrailingZeros
	decimal.TrimTrailingZeros = false
	t.Cleanup(func() { decimal.TrimTrailingZeros = old })

	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		const want = `{"communicate":false,"denomination":1,"invitee_email":"customer@example.com","invoice_amount":"4200.00","invoice_identifier":"INV-1001","supplier_id":13991055489669749}`
		if string(body) != want {
			t.Errorf("body = %s\n want %s", body, want)
		}
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	mux.HandleFunc("/credit/prospective-payment", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "supplier_id=13991055489669749&principle=4200.00&periods=12&cycle=1")
		serveJSON(w, 200, specExample(t, "ProspectivePayment"))
	})
	mux.HandleFunc("/credit/prospective-payment/list", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "supplier_id=13991055489669749&principal_magnitude=4200.00&cycle=1")
		serveJSON(w, 200, []byte("[]"))
	})
	ctx := context.Background()
	_, err := c.CreateInstalmentLink(ctx, CreateLinkParams{SupplierID: 13991055489669749, Amount: decimal.RequireFromString("4200.000"),
		InviteeEmail: "customer@example.com", InvoiceIdentifier: "INV-1001", Communication: DoNotNotify, Currency: DenominationAUD})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Quote(ctx, QuoteParams{SupplierID: 13991055489669749, Principal: decimal.RequireFromString("4200.000"), Periods: 12}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.QuoteAll(ctx, QuoteParams{SupplierID: 13991055489669749, Principal: decimal.RequireFromString("4200.000")}); err != nil {
		t.Fatal(err)
	}
}
