package procuret

import (
	"testing"

	"github.com/shopspring/decimal"
)

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

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
