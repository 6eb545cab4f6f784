package cli

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/procuret/procuret-go"
)

func (a *app) seriesListCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListSeriesParams, procuret.PaymentSeries]{
		Use:   "list",
		Short: "list payment series, newest first",
		Long: `List the payment series (instalment plans) the session can see, newest first.
--json prints the API's JSON array of payment series.`,
		Example: examples("procuret series list", "procuret series list --completed=false --all --json"),
		One:     "payment series", Many: "payment series",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListSeriesParams) {
			optBoolVar(fs, &p.Completed, "completed", "only completed series (--completed=false: running ones)")
			fs.Var(idValue{&p.BusinessID}, "business", "only the series of the customer business with this entity `ID`")
			fs.StringVar(&p.Fragment, "search", "", "only series whose invoice number or names contain `TEXT`")
		},
		Paging:      func(p *procuret.ListSeriesParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListPaymentSeries,
		All:         (*conn).AllPaymentSeries,
		Disposition: func(s procuret.PaymentSeries) *procuret.Disposition { return &s.Disposition },
		Table: func(series []procuret.PaymentSeries) *table {
			t := &table{head: []string{"SERIES", "INVOICE", "CUSTOMER", "AMOUNT", "PAID", "DONE"},
				money: map[int]bool{3: true, 4: true}, shrink: map[int]bool{1: true, 2: true}}
			for _, s := range series {
				t.add(s.PublicID, s.Identifier, s.Customer.LegalEntityName, amount(s.Amount), amount(s.SumPayments), yesNo(s.Completed))
			}
			return t
		},
	})
}

func (a *app) seriesGetCommand() *cobra.Command {
	return getCommand(a, getSpec[string, procuret.PaymentSeries]{
		Use:     "get SERIES_ID",
		Short:   "show a payment series",
		Long:    "Show a payment series: who owes what to whom, what is paid, and what is next.",
		Example: examples("procuret series get ps_demo1", "procuret series get ps_demo1 --json"),
		Session: needSession,
		Parse:   asIs,
		Get:     (*conn).GetPaymentSeries,
		Show:    (*app).printSeries,
	})
}

func (a *app) scheduleCommand() *cobra.Command {
	return getCommand(a, getSpec[string, procuret.InstalmentSchedule]{
		Use:     "schedule SERIES_ID",
		Short:   "show a payment series' instalments",
		Long:    "Show every instalment of a payment series, with balances, what is paid, and totals.",
		Example: examples("procuret schedule ps_demo1", "procuret schedule ps_demo1 --json"),
		Session: needSession,
		Parse:   asIs,
		Get:     (*conn).GetInstalmentSchedule,
		Show:    (*app).printSchedule,
	})
}

func (a *app) entityCommand() *cobra.Command {
	return getCommand(a, getSpec[int64, procuret.Entity]{
		Use:     "entity ENTITY_ID",
		Short:   "show a legal entity (a supplier or a customer business)",
		Long:    "Show a legal entity: names, government identifiers and address.",
		Example: examples("procuret entity 13991055489669749", "procuret entity 13991055489669749 --json"),
		Session: needSession,
		Parse:   parseID,
		Get:     (*conn).GetEntity,
		Show:    (*app).printEntity,
	})
}

func (a *app) supplierCommand() *cobra.Command {
	return getCommand(a, getSpec[int64, procuret.Supplier]{
		Use:     "supplier SUPPLIER_ID",
		Short:   "show a supplier's profile: terms, limits, brand",
		Long:    "Show a supplier's profile: the terms it offers, its limits and its brand. Needs no session.",
		Example: examples("procuret supplier 13991055489669749", "procuret supplier 13991055489669749 --json"),
		Session: optionalSession,
		Parse:   parseID,
		Get:     (*conn).GetSupplier,
		Show:    (*app).printSupplier,
	})
}

func (a *app) printSeries(s *procuret.PaymentSeries) {
	a.fields("",
		[2]string{"Series", s.PublicID},
		[2]string{"Invoice", s.Identifier},
		[2]string{"Supplier", headline(s.Supplier)},
		[2]string{"Customer", headline(s.Customer)},
		[2]string{"Amount", amount(s.Amount)},
		[2]string{"Total payable", amount(s.TotalPayable)},
		[2]string{"Paid so far", amount(s.SumPayments)},
		[2]string{"Completed", yesNo(s.Completed)},
		[2]string{"Next due", day(s.OldestUnpaidInstalmentDue24HrsStarting)},
		[2]string{"Paid with", orDash(s.PaymentMethod.Description)},
		[2]string{"Created", when(s.Created)},
	)
}

func (a *app) printSchedule(s *procuret.InstalmentSchedule) {
	if a.term.Stdout {
		fmt.Fprintf(a.out, "Schedule of %s (%s):\n\n", sanitize(s.SeriesID), plural(len(s.Lines), "instalment", "instalments"))
	}
	t := &table{head: []string{"#", "DUE", "PAYMENT", "INTEREST", "PRINCIPAL", "BALANCE", "PAID"},
		right: map[int]bool{0: true}, money: map[int]bool{2: true, 3: true, 4: true, 5: true, 6: true}}
	for _, l := range s.Lines {
		paid := "-"
		switch {
		case !l.Paid.IsZero():
			paid = money(l.Denomination, l.Paid)
		case l.Payment.PublicID != "":
			paid = money(l.Denomination, l.Payment.Magnitude)
		}
		t.add(strconv.Itoa(l.Sequence), l.Date.String(), money(l.Denomination, l.NominalPayment),
			money(l.Denomination, l.InterestPaid), money(l.Denomination, l.PrincipalPaid),
			money(l.Denomination, l.ClosingBalance), paid)
	}
	tr := s.TotalRow
	t.add("", "total", money(tr.Denomination, tr.TotalPayments), money(tr.Denomination, tr.TotalInterest),
		money(tr.Denomination, tr.TotalPrincipal), "", "")
	a.printTable(t)
}

func (a *app) printSupplier(s *procuret.Supplier) {
	terms := make([]string, len(s.TermRates))
	for i, r := range s.TermRates {
		terms[i] = strconv.Itoa(r.Periods)
	}
	termText := "-"
	if len(terms) > 0 {
		termText = strings.Join(terms, ", ") + " months"
	}
	limits := make([]string, len(s.MaxTransactionSize))
	for i, m := range s.MaxTransactionSize {
		limits[i] = amount(m)
	}
	brand := "-"
	if s.Brand.Name != "" {
		brand = s.Brand.Name
		if s.Brand.SaleMessage != "" {
			brand += ": " + s.Brand.SaleMessage
		}
	}
	a.fields("",
		[2]string{"Supplier", fmt.Sprintf("%s (%d)", s.Entity.LegalEntityName, s.Entity.PublicID)},
		[2]string{"Authorised", yesNo(s.Authorised)},
		[2]string{"Terms", termText},
		[2]string{"Currency", currencyOf(s.DefaultDenomination.Indexid).Iso4217},
		[2]string{"Largest sale", orDash(strings.Join(limits, ", "))},
		[2]string{"Pay now", yesNo(s.OffersPayNow)},
		[2]string{"Brand", brand},
		[2]string{"Country", s.Country.Name},
	)
}

func (a *app) printEntity(e *procuret.Entity) {
	pairs := [][2]string{
		{"Entity", strconv.FormatInt(e.PublicID, 10)},
		{"Short ID", e.PublicIDShort},
		{"Legal name", e.LegalEntityName},
	}
	if e.TradingName != "" {
		pairs = append(pairs, [2]string{"Trading as", e.TradingName})
	}
	if e.EntityTypeName != 0 {
		pairs = append(pairs, [2]string{"Type", orDash(entityTypeNames[e.EntityTypeName])})
	}
	for _, id := range e.EntityIdentifiers {
		value, kind := cmp.Or(id.Identifier, id.ID, "-"), cmp.Or(id.IdentifierType, id.IDType)
		label := "Identifier"
		if idTypeNames[kind] != "" {
			label = idTypeNames[kind]
		}
		pairs = append(pairs, [2]string{label, value})
	}
	if ad := e.BusinessAddress; ad.Line1 != "" {
		parts := []string{ad.Line1}
		for _, p := range []string{ad.Line2, ad.Line3, ad.Line4, ad.Locality, ad.Region.Abbreviation, ad.PostalCode, ad.Country.Name} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		pairs = append(pairs, [2]string{"Address", strings.Join(parts, ", ")})
	}
	if !e.Created.IsZero() {
		pairs = append(pairs, [2]string{"Created", when(e.Created)})
	}
	a.fields("", pairs...)
}

func headline(h procuret.EntityHeadline) string {
	return fmt.Sprintf("%s (%d)", h.LegalEntityName, h.EntityID)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
