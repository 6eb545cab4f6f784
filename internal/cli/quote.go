package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/procuret/procuret-go"
)

func (a *app) quoteCommand() *cobra.Command {
	var p procuret.QuoteParams
	var arrears bool
	cmd := &cobra.Command{
		Use:   "quote --supplier ID --amount AMOUNT",
		Short: "what a customer would pay per month",
		Long: `Show what a customer would pay each month to spread AMOUNT (500.00 or more) over time
with a supplier: for one term (--months) or for every term the supplier offers. Needs
no session. --json prints the API's prospective payment: one object with --months, else
an array.`,
		Example: examples(
			"procuret quote --supplier 13991055489669749 --amount 4200",
			"procuret quote --supplier 13991055489669749 --amount 4200 --months 12",
		),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := required(cmd, "supplier", "amount"); err != nil {
				return err
			}
			if cmd.Flags().Changed("months") && p.Periods <= 0 {
				return usagef("--months must be a positive number of months (got %d)", p.Periods)
			}
			if arrears {
				p.Cycle = procuret.CycleArrears
			}
			a.fieldNames = map[string]string{"principle": "--amount", "periods": "--months"}
			cn, err := a.connect(optionalSession)
			if err != nil {
				return err
			}
			var quotes []procuret.ProspectivePayment
			if p.Periods > 0 {
				q, err := cn.Quote(cmd.Context(), p)
				if err != nil {
					return err
				}
				quotes = append(quotes, *q)
			} else if quotes, err = cn.QuoteAll(cmd.Context(), p); err != nil {
				return err
			}
			return a.printAPI(func() { a.printQuotes("", p, quotes) })
		},
	}
	fs := cmd.Flags()
	fs.Var(idValue{&p.SupplierID}, "supplier", "the supplier's entity `ID` (required)")
	fs.Var(decimalValue{&p.Principal}, "amount", "the `AMOUNT` to spread over time, 500.00 or more (required)")
	fs.IntVar(&p.Periods, "months", 0, "one term of `N` months (default: every term offered)")
	fs.Var(currencyValue{&p.Currency}, "currency", "the amount's currency `CODE`, AUD or NZD (default: the supplier's)")
	fs.BoolVar(&arrears, "arrears", false, "pay at the end of each month (default: in advance)")
	return cmd
}

// printQuotes shows quotes as a table of terms.
func (a *app) printQuotes(indent string, p procuret.QuoteParams, quotes []procuret.ProspectivePayment) {
	if len(quotes) == 0 {
		if a.term.Stdout {
			fmt.Fprintf(a.out, "%sSupplier %d offers no terms.\n", indent, p.SupplierID)
		}
		return
	}
	cur := quotes[0].Currency
	cycle := "in advance"
	if quotes[0].Cycle == procuret.CycleArrears {
		cycle = "in arrears"
	}
	if a.term.Stdout {
		fmt.Fprintf(a.out, "%sFor %s with supplier %d, paid monthly %s:\n\n", indent, sanitize(money(cur, p.Principal)), p.SupplierID, cycle)
	}
	t := &table{indent: indent, head: []string{"TERM", "PER MONTH"}, right: map[int]bool{0: true}, money: map[int]bool{1: true}}
	for _, q := range quotes {
		t.add(strconv.Itoa(q.Periods)+" months", money(q.Currency, q.Payment))
	}
	a.printTable(t)
}
