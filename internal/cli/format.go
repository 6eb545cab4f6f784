package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// currencies are the API's reference currencies, for the places where it sends only an ID
// (an instalment link's denomination_id).
var currencies = []procuret.Currency{
	{Indexid: procuret.DenominationAUD, Iso4217: "AUD", Name: "Australian Dollar", Exponent: 2, Symbol: "$"},
	{Indexid: procuret.DenominationNZD, Iso4217: "NZD", Name: "New Zealand Dollar", Exponent: 2, Symbol: "$"},
}

// currencyOf returns the currency with this ID; an unknown one keeps its number as a name and
// shows amounts exactly as sent.
func currencyOf(id procuret.Denomination) procuret.Currency {
	for _, c := range currencies {
		if c.Indexid == id {
			return c
		}
	}
	return procuret.Currency{Indexid: id, Iso4217: "currency#" + strconv.Itoa(int(id)), Exponent: -1}
}

// money shows an amount with its currency and the currency's decimal places: "AUD 422.42".
func money(c procuret.Currency, d decimal.Decimal) string {
	if c.Exponent < 0 || c.Iso4217 == "" {
		return strings.TrimSpace(c.Iso4217 + " " + d.String())
	}
	return c.Iso4217 + " " + d.StringFixed(int32(c.Exponent))
}

func amount(a procuret.Amount) string { return money(a.Denomination, a.Magnitude) }

// when shows a timestamp to the minute, in UTC as the API keeps it.
func when(t procuret.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Time().UTC().Format("2006-01-02 15:04 UTC")
}

func day(t procuret.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Time().UTC().Format("2006-01-02")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

var perspectiveNames = map[procuret.Perspective]string{
	procuret.PerspectiveSupplier:        "supplier",
	procuret.PerspectiveBusiness:        "business",
	procuret.PerspectiveAdministrator:   "administrator",
	procuret.PerspectiveSales:           "sales",
	procuret.PerspectiveTreasury:        "treasury",
	procuret.PerspectiveInvestor:        "investor",
	procuret.PerspectiveCustomerSupport: "customer-support",
}

// perspectiveWord is "supplier"; perspectiveName is "supplier (1)".
func perspectiveWord(p procuret.Perspective) string {
	if n, ok := perspectiveNames[p]; ok {
		return n
	}
	return "perspective " + strconv.Itoa(int(p))
}

func perspectiveName(p procuret.Perspective) string {
	if n, ok := perspectiveNames[p]; ok {
		return fmt.Sprintf("%s (%d)", n, p)
	}
	return strconv.Itoa(int(p))
}

func lifecycleName(l procuret.Lifecycle) string {
	switch l {
	case procuret.LifecycleShortLived:
		return "short-lived"
	case procuret.LifecycleLongLived:
		return "long-lived"
	}
	return strconv.Itoa(int(l))
}

var entityTypeNames = map[procuret.EntityType]string{
	procuret.EntityTypeCompany:           "company",
	procuret.EntityTypeSoleTrader:        "sole trader",
	procuret.EntityTypeStrata:            "strata",
	procuret.EntityTypeTrust:             "trust",
	procuret.EntityTypePartnership:       "partnership",
	procuret.EntityTypeOtherIncorporated: "other incorporated entity",
	procuret.EntityTypeUngrouped:         "ungrouped",
}

var idTypeNames = map[procuret.EntityIDType]string{
	procuret.EntityIDTypeABN:   "ABN",
	procuret.EntityIDTypeACN:   "ACN",
	procuret.EntityIDTypeNZBN:  "NZBN",
	procuret.EntityIDTypeNZIRD: "NZ IRD",
}
