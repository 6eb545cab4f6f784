package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/procuret/procuret-go"
)

func (a *app) linksCreateCommand() *cobra.Command {
	var p procuret.CreateLinkParams
	var notify, noNotify bool
	cmd := &cobra.Command{
		Use:   "create --supplier ID --amount N --email E --invoice N",
		Short: "create an instalment link for a customer",
		Long: `Create an instalment link: a page where the customer can pay the invoice over time.
With --notify Procuret emails the link to the customer; with --no-notify you send them
the page yourself. One of the two is required, so that nobody is emailed by accident.

Instalments need an amount of at least 500.00 (the sandbox's minimum, as Procuret's):
a smaller link is created, but its page offers no instalments.`,
		Example: examples(
			"procuret links create --supplier 13991055489669749 --amount 1250.00 \\\n    --email customer@example.com --invoice INV-1001 --no-notify",
			"procuret links create --supplier 13991055489669749 --amount 4200 \\\n    --currency NZD --email customer@example.com --invoice PO-77 --notify",
		),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := required(cmd, "supplier", "amount", "email", "invoice"); err != nil {
				return err
			}
			switch {
			case notify == noNotify:
				return usagef("give --notify (Procuret emails the customer) or --no-notify")
			case notify:
				p.Communication = procuret.NotifyCustomer
			default:
				p.Communication = procuret.DoNotNotify
			}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			l, err := cn.CreateInstalmentLink(cmd.Context(), p)
			if err != nil {
				return err
			}
			return a.printAPI(func() {
				id := sanitize(l.PublicID)
				if notify {
					fmt.Fprintf(a.out, "Created instalment link %s; Procuret emails it to %s.\n\n", id, sanitize(p.InviteeEmail))
				} else {
					fmt.Fprintf(a.out, "Created instalment link %s. Send the customer its page:\n%s\n\n", id, sanitize(l.URL()))
				}
				a.printLink("", *l)
			})
		},
	}
	fs := cmd.Flags()
	fs.Var(idValue{&p.SupplierID}, "supplier", "the supplier's entity `ID` (required)")
	fs.Var(decimalValue{&p.Amount}, "amount", "the invoice `AMOUNT`, e.g. 1250.00; instalments need 500.00 or more (required)")
	fs.StringVar(&p.InviteeEmail, "email", "", "the customer's `EMAIL` address (required)")
	fs.StringVar(&p.InvoiceIdentifier, "invoice", "", "your invoice number `N`, e.g. INV-1001 (required)")
	fs.BoolVar(&notify, "notify", false, "have Procuret email the link to the customer")
	fs.BoolVar(&noNotify, "no-notify", false, "do not email the customer")
	fs.Var(currencyValue{&p.Currency}, "currency", "the amount's currency `CODE`: AUD (the API's default) or NZD")
	fs.StringVar(&p.InviteePhone, "phone", "", "the customer's `PHONE` number")
	return cmd
}

func (a *app) linksGetCommand() *cobra.Command {
	return getCommand(a, getSpec[string, procuret.InstalmentLink]{
		Use:     "get LINK_ID",
		Short:   "show an instalment link and its opens",
		Long:    "Show an instalment link: amount, invoice, customer, page, and every time it was opened.",
		Example: examples("procuret links get il_9cT2mQ4xR7", "procuret links get il_9cT2mQ4xR7 --json"),
		Session: optionalSession,
		Parse:   asIs,
		Get:     (*conn).GetInstalmentLink,
		Show: func(a *app, l *procuret.InstalmentLink) {
			a.printLink("", *l)
			a.printOpens("", *l)
		},
	})
}

func (a *app) linksOpenCommand() *cobra.Command {
	return getCommand(a, getSpec[string, procuret.InstalmentLink]{
		Use:   "open LINK_ID",
		Short: "record that the customer opened a link",
		Long: `Record that the customer opened an instalment link, as the customer's page does when
it loads, then show the link's opens. --json prints the link as it now is.`,
		Example: examples("procuret links open il_9cT2mQ4xR7"),
		Session: optionalSession,
		Parse:   asIs,
		Get:     (*conn).markOpened,
		Show: func(a *app, l *procuret.InstalmentLink) {
			fmt.Fprintf(a.out, "Recorded an open of %s.\n", sanitize(l.PublicID))
			a.printOpens("", *l)
		},
	})
}

// markOpened records an open of the link, then gets the link as it now is.
func (cn *conn) markOpened(ctx context.Context, id string) (*procuret.InstalmentLink, error) {
	if err := cn.MarkInstalmentLinkOpened(ctx, id); err != nil {
		return nil, err
	}
	return cn.GetInstalmentLink(ctx, id)
}

func (a *app) linksListCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListLinksParams, procuret.InstalmentLink]{
		Use:   "list",
		Short: "list instalment links, newest first",
		Long: `List the instalment links the session can see, newest first, one page at a time
(--limit, default 20) or all of them (--all). --json prints the API's JSON array
(with --all, every page's links in one array).`,
		Example: examples(
			"procuret links list",
			"procuret links list --opened --supplier 13991055489669749",
			"procuret links list --all --json",
			"procuret links list --jq '.[] | select(.opens | length > 0) | .public_id'",
		),
		One: "link", Many: "links",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListLinksParams) {
			optBoolVar(fs, &p.Opened, "opened", "only opened links (--opened=false: only unopened ones)")
			fs.Var(idValue{&p.SupplierID}, "supplier", "only the links of the supplier with this entity `ID`")
		},
		Paging:      func(p *procuret.ListLinksParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListInstalmentLinks,
		All:         (*conn).AllInstalmentLinks,
		Disposition: func(l procuret.InstalmentLink) *procuret.Disposition { return &l.Disposition },
		Table:       func(links []procuret.InstalmentLink) *table { return linkTable(links, "", true) },
	})
}

// printLink shows one link as a list of fields.
func (a *app) printLink(indent string, l procuret.InstalmentLink) {
	a.printTable(linkFields(indent, l))
}

func linkFields(indent string, l procuret.InstalmentLink) *table {
	opened := "never"
	if n := len(l.Opens); n > 0 {
		opened = fmt.Sprintf("%s, last %s", plural(n, "time", "times"), when(l.Opens[n-1].Created))
	}
	return fieldTable(indent,
		[2]string{"Link", l.PublicID},
		[2]string{"Supplier", headline(l.Supplier)},
		[2]string{"Amount", money(currencyOf(l.DenominationID), l.InvoiceAmount)},
		[2]string{"Invoice", l.InvoiceIdentifier},
		[2]string{"Customer", orDash(l.InviteeEmail)},
		[2]string{"Created", when(l.Created)},
		[2]string{"Opened", opened},
		[2]string{"Page", l.URL()},
	)
}

// printOpens lists every time the link was opened.
func (a *app) printOpens(indent string, l procuret.InstalmentLink) {
	if !a.term.Stdout {
		return // the fields said how often; a script asks --json for more
	}
	if len(l.Opens) == 0 {
		fmt.Fprintf(a.out, "\n%sNot opened yet.\n", indent)
		return
	}
	fmt.Fprintf(a.out, "\n%sOpened %s:\n", indent, plural(len(l.Opens), "time", "times"))
	t := &table{indent: indent + "  ", head: []string{"#", "WHEN"}, right: map[int]bool{0: true}}
	for _, o := range l.Opens {
		t.add(strconv.Itoa(o.Sequence+1), when(o.Created))
	}
	a.printTable(t)
}

// linkTable is the links as rows; created adds the day each was created. The invoice and
// the customer give way when the terminal is narrow.
func linkTable(links []procuret.InstalmentLink, indent string, created bool) *table {
	t := &table{indent: indent, head: []string{"LINK", "AMOUNT", "INVOICE", "CUSTOMER", "OPENS"},
		right: map[int]bool{4: true}, money: map[int]bool{1: true}, shrink: map[int]bool{2: true, 3: true}}
	if created {
		t.head = append(t.head, "CREATED")
	}
	for _, l := range links {
		row := []string{l.PublicID, money(currencyOf(l.DenominationID), l.InvoiceAmount), l.InvoiceIdentifier, orDash(l.InviteeEmail), strconv.Itoa(len(l.Opens))}
		if created {
			row = append(row, day(l.Created))
		}
		t.add(row...)
	}
	return t
}
