package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// The expected payments come from an independent computation (Python's decimal module with
// 50 digits) of the annuity-due formula documented in money.go.
func TestProspectivePaymentFormula(t *testing.T) {
	e := newEnv(t)
	want := map[string][4]string{ // 3, 6, 12, 24 months at 0, 4.9, 7.9, 9.9 % p.a.
		"500":      {"166.67", "84.18", "43.19", "22.86"},
		"1000":     {"333.33", "168.37", "86.37", "45.72"},
		"4200.00":  {"1400.00", "707.15", "362.77", "192.03"},
		"12345.67": {"4115.22", "2078.63", "1066.34", "564.46"},
		"99999.99": {"33333.33", "16836.92", "8637.36", "4572.16"},
	}
	for principal, payments := range want {
		q := "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=" + principal + "&cycle=1"
		list := decode[[]gen.ProspectivePayment](t, e.call(nil, "GET", q, nil))
		if len(list) != 4 {
			t.Fatalf("%s: %d quotes, want one per term", principal, len(list))
		}
		for i, periods := range []int{3, 6, 12, 24} {
			got := list[i]
			if got.Periods != periods || !got.Payment.Equal(decimal.RequireFromString(payments[i])) || got.Cycle != gen.CycleAdvance ||
				got.SupplierID != sandbox.DefaultSupplierID || got.Currency.Iso4217 != "AUD" {
				t.Errorf("%s over %d: %+v, want payment %s", principal, periods, got, payments[i])
			}
			one := decode[gen.ProspectivePayment](t, e.call(nil, "GET", fmt.Sprintf(
				"/credit/prospective-payment?supplier_id=13991055489669749&principle=%s&periods=%d&cycle=1", principal, periods), nil))
			if !one.Payment.Equal(decimal.RequireFromString(payments[i])) {
				t.Errorf("single quote %s over %d = %s, want %s", principal, periods, one.Payment, payments[i])
			}
		}
	}
	// In arrears costs one month's interest more; NZD is quoted in NZD.
	arrears := decode[gen.ProspectivePayment](t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=1000&periods=12&cycle=2", nil))
	if !arrears.Payment.Equal(decimal.RequireFromString("86.94")) || arrears.Cycle != gen.CycleArrears {
		t.Errorf("in arrears: %+v, want 86.94", arrears)
	}
	nzd := decode[gen.ProspectivePayment](t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=13991055489669749&principle=1000&periods=12&cycle=1&denomination=2", nil))
	if nzd.Currency.Iso4217 != "NZD" || !nzd.Payment.Equal(decimal.RequireFromString("86.37")) {
		t.Errorf("NZD quote %+v", nzd)
	}
}

func TestProspectivePaymentRejects(t *testing.T) {
	e := seeded(t)
	base := "/credit/prospective-payment?supplier_id=13991055489669749&cycle=1"
	wantError(t, e.call(nil, "GET", base+"&principle=499.99&periods=12", nil), 422, "principle must be at least 500.00 (got 499.99)")
	wantError(t, e.call(nil, "GET", base+"&principle=1000&periods=9", nil), 422, "does not offer 9 months (it offers 3, 6, 12, 24)")
	wantError(t, e.call(nil, "GET", base+"&principle=1000.001&periods=12", nil), 422, "more than 2 decimal places")
	wantError(t, e.call(nil, "GET", base+"&principle=100000.01&periods=12", nil), 422, "maximum transaction")
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=42&cycle=1&principle=1000&periods=12", nil), 404, "No supplier 42")
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment?supplier_id=9007199254740993&cycle=1&principle=1000&periods=12&denomination=2", nil), 422, "does not accept NZD")
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=20&cycle=1", nil), 422, "principal_magnitude must be at least 500.00")
	wantError(t, e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=42&principal_magnitude=1000&cycle=1", nil), 404)

	// The seeded supplier's terms, shortest first although the seed lists 12 before 6.
	list := decode[[]gen.ProspectivePayment](t, e.call(nil, "GET", "/credit/prospective-payment/list?supplier_id=9007199254740993&principal_magnitude=1200&cycle=1", nil))
	if len(list) != 2 || list[0].Periods != 6 || !list[0].Payment.Equal(decimal.NewFromInt(200)) || list[1].Periods != 12 || list[1].SupplierID != otherSupplierID {
		t.Errorf("seeded supplier's quotes %+v", list)
	}
	// A signed request (as .NET sends) is accepted too.
	wantStatus(t, e.call(e.supplier(), "GET", base+"&principle=1000&periods=12", nil), 200)
}
