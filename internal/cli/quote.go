package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/procuret/procuret-go"
)

func quoteCommand() *command {
	return &command{
		name:    "quote",
		usage:   "--supplier ID --amount AMOUNT [--months N]\n[--currency CODE] [--arrears]",
		summary: "what a customer would pay per month",
		about: `Show what a customer would pay each month to spread AMOUNT over time with a supplier:
for one term (--months) or for every term the supplier offers. Needs no session.
--json prints the API's prospective payment: one object with --months, else an array.`,
		examples: []string{
			"procuret quote --supplier 13991055489669749 --amount 4200",
			"procuret quote --supplier 13991055489669749 --amount 4200 --months 12",
		},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			fs := a.flagSet(c)
			var p procuret.QuoteParams
			var amountSet, arrears bool
			fs.Var(idFlag{&p.SupplierID}, "supplier", "`ID` the supplier's entity ID (required)")
			fs.Var(decimalFlag{&p.Principal, &amountSet}, "amount", "`AMOUNT` the amount to spread over time, e.g. 4200 (required)")
			fs.IntVar(&p.Periods, "months", 0, "`N` one term of N months (default: every term offered)")
			fs.Var(currencyFlag{&p.Currency}, "currency", "`CODE` the amount's currency, AUD or NZD (default: the supplier's)")
			fs.BoolVar(&arrears, "arrears", false, "pay at the end of each month (default: in advance)")
			if _, err := a.parse(fs, c, args, 0, 0); err != nil {
				return err
			}
			set := setFlags(fs)
			if err := required(set, "supplier", "amount"); err != nil {
				return err
			}
			if set["months"] && p.Periods <= 0 {
				return usagef("--months must be a positive number of months (got %d)", p.Periods)
			}
			if arrears {
				p.Cycle = procuret.CycleArrears
			}
			cn, err := a.connect(optionalSession)
			if err != nil {
				return err
			}
			var quotes []procuret.ProspectivePayment
			if p.Periods > 0 {
				q, err := cn.Quote(ctx, p)
				if err != nil {
					return err
				}
				if a.g.json {
					return a.printJSON(q)
				}
				quotes = append(quotes, *q)
			} else {
				if quotes, err = cn.QuoteAll(ctx, p); err != nil {
					return err
				}
				if a.g.json {
					return a.printJSON(quotes)
				}
			}
			printQuotes(a.out, "", p, quotes)
			return nil
		},
	}
}

// printQuotes shows quotes as a table of terms.
func printQuotes(w io.Writer, indent string, p procuret.QuoteParams, quotes []procuret.ProspectivePayment) {
	if len(quotes) == 0 {
		fmt.Fprintf(w, "%sSupplier %d offers no terms.\n", indent, p.SupplierID)
		return
	}
	cur := quotes[0].Currency
	cycle := "in advance"
	if quotes[0].Cycle == procuret.CycleArrears {
		cycle = "in arrears"
	}
	fmt.Fprintf(w, "%sFor %s with supplier %d, paid monthly %s:\n\n", indent, money(cur, p.Principal), p.SupplierID, cycle)
	t := table{indent: indent, head: []string{"TERM", "PER MONTH"}, right: map[int]bool{0: true}, money: map[int]bool{1: true}}
	for _, q := range quotes {
		t.add(strconv.Itoa(q.Periods)+" months", money(q.Currency, q.Payment))
	}
	t.print(w)
}
