package cli

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

func TestQuote(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // quotes need no session
	h.env[procuret.EnvEndpoint] = ""
	h.must("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200")
	h.must("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200", "--months", "12")
	h.must("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200", "--arrears", "--currency", "NZD")
	h.run("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "400")
	h.run("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200", "--months", "7")
	h.run("--endpoint", h.url, "quote", "--supplier", "42", "--amount", "4200")
	h.check("quote")

	var all []procuret.ProspectivePayment
	if err := json.Unmarshal([]byte(h.must("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200", "--json").stdout), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].Periods != 3 || all[3].Periods != 24 || all[0].Currency.Iso4217 != "AUD" || !all[0].Payment.Equal(decimal.RequireFromString("1400")) {
		t.Errorf("quote --json = %+v", all)
	}
	var one procuret.ProspectivePayment
	if err := json.Unmarshal([]byte(h.must("--endpoint", h.url, "quote", "--supplier", "13991055489669749", "--amount", "4200", "--months", "12", "--json").stdout), &one); err != nil {
		t.Fatal(err)
	}
	if one.Periods != 12 || one.SupplierID != 13991055489669749 || one.Cycle != procuret.CycleAdvance || !one.Payment.Equal(all[2].Payment) {
		t.Errorf("quote --months 12 --json = %+v", one)
	}
}

func TestSeriesScheduleEntitySupplier(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	h.must("series", "list")
	h.must("series", "list", "--completed")
	h.must("series", "get", "ps_demo1")
	h.must("schedule", "ps_demo1")
	h.must("entity", "13991055489669749")
	h.must("entity", "24681357924681357")
	h.must("supplier", "13991055489669749")
	h.run("series", "get", "ps_nope")
	h.run("entity", "1")
	h.check("records")

	decode := func(v any, args ...string) {
		t.Helper()
		if err := json.Unmarshal([]byte(h.must(append(args, "--json")...).stdout), v); err != nil {
			t.Fatal(err)
		}
	}
	var list []procuret.PaymentSeries
	decode(&list, "series", "list")
	if len(list) != 1 || list[0].PublicID != "ps_demo1" || list[0].Amount.Denomination.Iso4217 != "AUD" {
		t.Errorf("series list --json = %+v", list)
	}
	var none []procuret.PaymentSeries
	if decode(&none, "series", "list", "--completed"); none == nil || len(none) != 0 {
		t.Errorf("series list --completed --json = %#v, want an empty array", none)
	}
	var s procuret.PaymentSeries
	decode(&s, "series", "get", "ps_demo1")
	if s.PublicID != "ps_demo1" || !s.Amount.Magnitude.Equal(decimal.RequireFromString("4200")) || s.Customer.EntityID != 24681357924681357 {
		t.Errorf("series get --json = %+v", s)
	}
	var sched procuret.InstalmentSchedule
	decode(&sched, "schedule", "ps_demo1")
	if sched.SeriesID != "ps_demo1" || len(sched.Lines) != 12 || !sched.TotalRow.TotalPrincipal.Equal(decimal.RequireFromString("4200")) {
		t.Errorf("schedule --json = %+v", sched)
	}
	var e procuret.Entity
	decode(&e, "entity", "13991055489669749")
	if e.PublicID != 13991055489669749 || e.LegalEntityName != "Demo Supplies Pty Ltd" {
		t.Errorf("entity --json = %+v", e)
	}
	var sup procuret.Supplier
	decode(&sup, "supplier", "13991055489669749")
	if sup.Entity.PublicID != 13991055489669749 || len(sup.TermRates) != 4 {
		t.Errorf("supplier --json = %+v", sup)
	}
}
