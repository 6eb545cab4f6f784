package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

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

// A table prints rows aligned with text/tabwriter, two spaces between columns. Columns in
// right are right-aligned (counts); columns in money hold amounts such as "AUD 422.42",
// whose numbers are right-aligned after the currency. Both are padded here, before
// tabwriter (which only aligns left) sees them.
type table struct {
	indent string
	head   []string
	rows   [][]string
	right  map[int]bool
	money  map[int]bool
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print(w io.Writer) {
	width := map[int]int{}  // of right-aligned cells
	prefix := map[int]int{} // of the currency in money cells
	number := map[int]int{} // of the number in money cells
	for _, r := range t.rows {
		for i, c := range r {
			switch {
			case t.right[i]:
				width[i] = max(width[i], runes(c))
			case t.money[i]:
				cur, num := splitMoney(c)
				prefix[i], number[i] = max(prefix[i], runes(cur)), max(number[i], runes(num))
			}
		}
	}
	for i := range t.money {
		if prefix[i] > 0 {
			width[i] = prefix[i] + 1 + number[i]
		} else {
			width[i] = number[i]
		}
	}
	for i, h := range t.head {
		width[i] = max(width[i], runes(h))
	}
	pad := func(s string, n int) string { return strings.Repeat(" ", max(0, n-runes(s))) + s }

	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	line := func(cells []string) { fmt.Fprintln(tw, t.indent+strings.Join(cells, "\t")) }
	if t.head != nil {
		cells := make([]string, len(t.head))
		for i, h := range t.head {
			if t.right[i] || t.money[i] {
				h = pad(h, width[i])
			}
			cells[i] = h
		}
		line(cells)
	}
	for _, r := range t.rows {
		cells := make([]string, len(r))
		for i, c := range r {
			switch {
			case t.right[i]:
				c = pad(c, width[i])
			case t.money[i] && c != "":
				cur, num := splitMoney(c)
				if cur != "" {
					c = cur + strings.Repeat(" ", prefix[i]-runes(cur)+1) + pad(num, number[i])
				}
				c = pad(c, width[i])
			case t.money[i]:
				c = pad(c, width[i])
			}
			cells[i] = c
		}
		line(cells)
	}
	tw.Flush()
	// Empty trailing cells leave spaces at the end of a line; nobody wants them.
	for _, l := range strings.SplitAfter(buf.String(), "\n") {
		if l != "" {
			io.WriteString(w, strings.TrimRight(l, " \n")+"\n")
		}
	}
}

// splitMoney splits "AUD 422.42" into "AUD" and "422.42"; a cell without a space is all
// number ("-").
func splitMoney(s string) (currency, number string) {
	if cur, num, ok := strings.Cut(s, " "); ok {
		return cur, num
	}
	return "", s
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// fields prints label/value pairs as an aligned list.
func fields(w io.Writer, indent string, pairs ...[2]string) {
	t := table{indent: indent}
	for _, p := range pairs {
		t.add(p[0], p[1])
	}
	t.print(w)
}

// printJSON writes v as indented JSON and a newline: the --json output of every command.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
