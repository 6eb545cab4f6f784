package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/procuret/procuret-go"
)

func seriesListCommand() *command {
	return &command{
		name:    "list",
		usage:   "[--completed | --completed=false] [--business ID]\n[--search TEXT] [--limit N] [--offset N] [--all]",
		summary: "list payment series, newest first",
		about: `List the payment series (instalment plans) the session can see, newest first.
--json prints a JSON array of payment series.`,
		examples: []string{"procuret series list", "procuret series list --completed=false --all --json"},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			fs := a.flagSet(c)
			var p procuret.ListSeriesParams
			var all bool
			fs.Var(optBool{&p.Completed}, "completed", "only completed series (--completed=false: running ones)")
			fs.Var(idFlag{&p.BusinessID}, "business", "`ID` only the series of the customer business with this entity ID")
			fs.StringVar(&p.Fragment, "search", "", "`TEXT` only series whose invoice number or names contain TEXT")
			fs.IntVar(&p.Limit, "limit", 0, "`N` series per page, 1–1000 (default 20)")
			fs.IntVar(&p.Offset, "offset", 0, "`N` skip the first N series")
			fs.BoolVar(&all, "all", false, "fetch every page (--limit sets the page size)")
			if _, err := a.parse(fs, c, args, 0, 0); err != nil {
				return err
			}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			series, err := list(ctx, all, p, cn.ListPaymentSeries, cn.AllPaymentSeries)
			if err != nil {
				return err
			}
			count := total(series, func(s procuret.PaymentSeries) *procuret.Disposition { return &s.Disposition })
			if a.g.json {
				return a.printJSON(series)
			}
			if len(series) == 0 {
				fmt.Fprintln(a.out, "No payment series.")
				return nil
			}
			t := table{head: []string{"SERIES", "INVOICE", "CUSTOMER", "AMOUNT", "PAID", "DONE"}, money: map[int]bool{3: true, 4: true}}
			for _, s := range series {
				t.add(s.PublicID, s.Identifier, s.Customer.LegalEntityName, amount(s.Amount), amount(s.SumPayments), yesNo(s.Completed))
			}
			t.print(a.out)
			footer(a.out, len(series), count, p.Offset, all, "payment series", "payment series")
			return nil
		},
	}
}

func seriesGetCommand() *command {
	return &command{
		name:     "get",
		usage:    "SERIES_ID",
		summary:  "show a payment series",
		about:    "Show a payment series: who owes what to whom, what is paid, and what is next.",
		examples: []string{"procuret series get ps_demo1", "procuret series get ps_demo1 --json"},
		run:      showOne(needSession, asIs, (*conn).GetPaymentSeries, printSeries),
	}
}

func scheduleCommand() *command {
	return &command{
		name:     "schedule",
		usage:    "SERIES_ID",
		summary:  "show a payment series' instalments",
		about:    "Show every instalment of a payment series, with balances, what is paid, and totals.",
		examples: []string{"procuret schedule ps_demo1", "procuret schedule ps_demo1 --json"},
		run:      showOne(needSession, asIs, (*conn).GetInstalmentSchedule, printSchedule),
	}
}

func entityCommand() *command {
	return &command{
		name:     "entity",
		usage:    "ENTITY_ID",
		summary:  "show a legal entity (a supplier or a customer business)",
		about:    "Show a legal entity: names, government identifiers and address.",
		examples: []string{"procuret entity 13991055489669749", "procuret entity 13991055489669749 --json"},
		run:      showOne(needSession, parseID, (*conn).GetEntity, printEntity),
	}
}

func supplierCommand() *command {
	return &command{
		name:     "supplier",
		usage:    "SUPPLIER_ID",
		summary:  "show a supplier's profile: terms, limits, brand",
		about:    "Show a supplier's profile: the terms it offers, its limits and its brand. Needs no session.",
		examples: []string{"procuret supplier 13991055489669749", "procuret supplier 13991055489669749 --json"},
		run:      showOne(optionalSession, parseID, (*conn).GetSupplier, printSupplier),
	}
}

// showOne is the run of a command whose one argument is the ID of a record to show (its usage
// is the argument's name, e.g. "ENTITY_ID"): it parses the ID with parse, connects using the
// session as use says, gets the record and prints it, as JSON with --json, else with show.
// get is a method expression such as (*conn).GetEntity.
func showOne[ID, T any](use sessionUse, parse func(string) (ID, error), get func(*conn, context.Context, ID) (*T, error),
	show func(io.Writer, *T)) func(context.Context, *app, *command, []string) error {
	return func(ctx context.Context, a *app, c *command, args []string) error {
		pos, err := a.parse(a.flagSet(c), c, args, 1, 1)
		if err != nil {
			return err
		}
		id, err := parse(pos[0])
		if err != nil {
			return usagef("invalid %s %q: %v", c.usage, pos[0], err)
		}
		cn, err := a.connect(use)
		if err != nil {
			return err
		}
		v, err := get(cn, ctx, id)
		if err != nil {
			return err
		}
		if a.g.json {
			return a.printJSON(v)
		}
		show(a.out, v)
		return nil
	}
}

// asIs takes a public ID ("ps_demo1", "il_…") as given, for showOne: the API says whether
// there is such a record.
func asIs(id string) (string, error) { return id, nil }

func printSeries(w io.Writer, s *procuret.PaymentSeries) {
	next := "-"
	if !s.OldestUnpaidInstalmentDue24HrsStarting.IsZero() {
		next = day(s.OldestUnpaidInstalmentDue24HrsStarting)
	}
	fields(w, "",
		[2]string{"Series", s.PublicID},
		[2]string{"Invoice", s.Identifier},
		[2]string{"Supplier", headline(s.Supplier)},
		[2]string{"Customer", headline(s.Customer)},
		[2]string{"Amount", amount(s.Amount)},
		[2]string{"Total payable", amount(s.TotalPayable)},
		[2]string{"Paid so far", amount(s.SumPayments)},
		[2]string{"Completed", yesNo(s.Completed)},
		[2]string{"Next due", next},
		[2]string{"Paid with", orDash(s.PaymentMethod.Description)},
		[2]string{"Created", when(s.Created)},
	)
}

func printSchedule(w io.Writer, s *procuret.InstalmentSchedule) {
	fmt.Fprintf(w, "Schedule of %s (%s):\n\n", s.SeriesID, plural(len(s.Lines), "instalment", "instalments"))
	t := table{head: []string{"#", "DUE", "PAYMENT", "INTEREST", "PRINCIPAL", "BALANCE", "PAID"},
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
	t.print(w)
}

func printSupplier(w io.Writer, s *procuret.Supplier) {
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
	fields(w, "",
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

func printEntity(w io.Writer, e *procuret.Entity) {
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
	fields(w, "", pairs...)
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
