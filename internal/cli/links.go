package cli

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/procuret/procuret-go"
)

func linksCreateCommand() *command {
	return &command{
		name:    "create",
		usage:   "--supplier ID --amount AMOUNT --email EMAIL\n--invoice NUMBER (--notify | --no-notify)\n[--currency CODE] [--phone PHONE]",
		summary: "create an instalment link for a customer",
		about: `Create an instalment link: a page where the customer can pay the invoice over time.
With --notify Procuret emails the link to the customer; with --no-notify you send them
the page yourself. One of the two is required, so that nobody is emailed by accident.`,
		examples: []string{
			"procuret links create --supplier 13991055489669749 --amount 422.42 \\\n      --email customer@example.com --invoice INV-1001 --no-notify",
			"procuret links create --supplier 13991055489669749 --amount 1250 \\\n      --currency NZD --email customer@example.com --invoice PO-77 --notify",
		},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			fs := a.flagSet(c)
			var p procuret.CreateLinkParams
			var amountSet, notify, noNotify bool
			fs.Var(idFlag{&p.SupplierID}, "supplier", "`ID` the supplier's entity ID (required)")
			fs.Var(decimalFlag{&p.Amount, &amountSet}, "amount", "`AMOUNT` the invoice amount, e.g. 422.42 (required)")
			fs.StringVar(&p.InviteeEmail, "email", "", "`EMAIL` the customer's email address (required)")
			fs.StringVar(&p.InvoiceIdentifier, "invoice", "", "`NUMBER` your invoice number (required)")
			fs.BoolVar(&notify, "notify", false, "have Procuret email the link to the customer")
			fs.BoolVar(&noNotify, "no-notify", false, "do not email the customer")
			fs.Var(currencyFlag{&p.Currency}, "currency", "`CODE` the amount's currency: AUD (the API's default) or NZD")
			fs.StringVar(&p.InviteePhone, "phone", "", "`PHONE` the customer's phone number")
			if _, err := a.parse(fs, c, args, 0, 0); err != nil {
				return err
			}
			if err := required(setFlags(fs), "supplier", "amount", "email", "invoice"); err != nil {
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
			l, err := cn.CreateInstalmentLink(ctx, p)
			if err != nil {
				return err
			}
			if a.g.json {
				return a.printJSON(l)
			}
			if notify {
				fmt.Fprintf(a.out, "Created instalment link %s; Procuret emails it to %s.\n\n", l.PublicID, p.InviteeEmail)
			} else {
				fmt.Fprintf(a.out, "Created instalment link %s. Send the customer its page:\n%s\n\n", l.PublicID, l.URL())
			}
			printLink(a.out, "", *l)
			return nil
		},
	}
}

func linksGetCommand() *command {
	return &command{
		name:     "get",
		usage:    "LINK_ID",
		summary:  "show an instalment link and its opens",
		about:    "Show an instalment link: amount, invoice, customer, page, and every time it was opened.",
		examples: []string{"procuret links get il_9cT2mQ4xR7", "procuret links get il_9cT2mQ4xR7 --json"},
		run: showOne(optionalSession, asIs, (*conn).GetInstalmentLink, func(w io.Writer, l *procuret.InstalmentLink) {
			printLink(w, "", *l)
			printOpens(w, "", *l)
		}),
	}
}

func linksOpenCommand() *command {
	return &command{
		name:    "open",
		usage:   "LINK_ID",
		summary: "record that the customer opened a link",
		about: `Record that the customer opened an instalment link, as the customer's page does when
it loads, then show the link's opens. --json prints the link as it now is.`,
		examples: []string{"procuret links open il_9cT2mQ4xR7"},
		run: showOne(optionalSession, asIs, (*conn).markOpened, func(w io.Writer, l *procuret.InstalmentLink) {
			fmt.Fprintf(w, "Recorded an open of %s.\n", l.PublicID)
			printOpens(w, "", *l)
		}),
	}
}

// markOpened records an open of the link, then gets the link as it now is.
func (cn *conn) markOpened(ctx context.Context, id string) (*procuret.InstalmentLink, error) {
	if err := cn.MarkInstalmentLinkOpened(ctx, id); err != nil {
		return nil, err
	}
	return cn.GetInstalmentLink(ctx, id)
}

func linksListCommand() *command {
	return &command{
		name:    "list",
		usage:   "[--opened | --opened=false] [--supplier ID]\n[--limit N] [--offset N] [--all]",
		summary: "list instalment links, newest first",
		about: `List the instalment links the session can see, newest first, one page at a time
(--limit, default 20) or all of them (--all). --json prints a JSON array of links.`,
		examples: []string{
			"procuret links list",
			"procuret links list --opened --supplier 13991055489669749",
			"procuret links list --all --json",
		},
		run: func(ctx context.Context, a *app, c *command, args []string) error {
			fs := a.flagSet(c)
			var p procuret.ListLinksParams
			var all bool
			fs.Var(optBool{&p.Opened}, "opened", "only opened links (--opened=false: only unopened ones)")
			fs.Var(idFlag{&p.SupplierID}, "supplier", "`ID` only the links of the supplier with this entity ID")
			fs.IntVar(&p.Limit, "limit", 0, "`N` links per page, 1–1000 (default 20)")
			fs.IntVar(&p.Offset, "offset", 0, "`N` skip the first N links")
			fs.BoolVar(&all, "all", false, "fetch every page (--limit sets the page size)")
			if _, err := a.parse(fs, c, args, 0, 0); err != nil {
				return err
			}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			links, err := list(ctx, all, p, cn.ListInstalmentLinks, cn.AllInstalmentLinks)
			if err != nil {
				return err
			}
			count := total(links, func(l procuret.InstalmentLink) *procuret.Disposition { return &l.Disposition })
			if a.g.json {
				return a.printJSON(links)
			}
			if len(links) == 0 {
				fmt.Fprintln(a.out, "No instalment links.")
				return nil
			}
			linkTable(links, "", true).print(a.out)
			footer(a.out, len(links), count, p.Offset, all, "link", "links")
			return nil
		},
	}
}

// printLink shows one link as a list of fields.
func printLink(w io.Writer, indent string, l procuret.InstalmentLink) {
	invitee := "-"
	if l.InviteeEmail != "" {
		invitee = l.InviteeEmail
	}
	opened := "never"
	if n := len(l.Opens); n > 0 {
		opened = fmt.Sprintf("%s, last %s", plural(n, "time", "times"), when(l.Opens[n-1].Created))
	}
	fields(w, indent,
		[2]string{"Link", l.PublicID},
		[2]string{"Supplier", fmt.Sprintf("%s (%d)", l.Supplier.LegalEntityName, l.Supplier.EntityID)},
		[2]string{"Amount", money(currencyOf(l.DenominationID), l.InvoiceAmount)},
		[2]string{"Invoice", l.InvoiceIdentifier},
		[2]string{"Customer", invitee},
		[2]string{"Created", when(l.Created)},
		[2]string{"Opened", opened},
		[2]string{"Page", l.URL()},
	)
}

// printOpens lists every time the link was opened.
func printOpens(w io.Writer, indent string, l procuret.InstalmentLink) {
	if len(l.Opens) == 0 {
		fmt.Fprintf(w, "\n%sNot opened yet.\n", indent)
		return
	}
	fmt.Fprintf(w, "\n%sOpened %s:\n", indent, plural(len(l.Opens), "time", "times"))
	t := table{indent: indent + "  ", head: []string{"#", "WHEN"}, right: map[int]bool{0: true}}
	for _, o := range l.Opens {
		t.add(strconv.Itoa(o.Sequence+1), when(o.Created))
	}
	t.print(w)
}

// linkTable is the links as rows that fit 80 columns; created adds the day each was created.
func linkTable(links []procuret.InstalmentLink, indent string, created bool) *table {
	t := &table{indent: indent, head: []string{"LINK", "AMOUNT", "INVOICE", "CUSTOMER", "OPENS"}, right: map[int]bool{4: true}, money: map[int]bool{1: true}}
	if created {
		t.head = append(t.head, "CREATED")
	}
	for _, l := range links {
		invitee := "-"
		if l.InviteeEmail != "" {
			invitee = l.InviteeEmail
		}
		row := []string{l.PublicID, money(currencyOf(l.DenominationID), l.InvoiceAmount), l.InvoiceIdentifier, invitee, strconv.Itoa(len(l.Opens))}
		if created {
			row = append(row, day(l.Created))
		}
		t.add(row...)
	}
	return t
}

// list fetches one page, or with all every page from p's offset on.
func list[T, P any](ctx context.Context, all bool, p P, page func(context.Context, P) ([]T, error), every func(context.Context, P) iter.Seq2[T, error]) ([]T, error) {
	if !all {
		items, err := page(ctx, p)
		if items == nil {
			items = []T{} // --json prints [], not null
		}
		return items, err
	}
	items := []T{}
	for item, err := range every(ctx, p) {
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, nil
}

// total is the size of the whole result a page belongs to, from its last item's
// disposition, or -1 when the API did not say.
func total[T any](items []T, disp func(T) *procuret.Disposition) int {
	if len(items) == 0 {
		return -1
	}
	if d := disp(items[len(items)-1]); d != nil && *d != (procuret.Disposition{}) {
		return d.Count
	}
	return -1
}

// footer says how much of the whole result the table showed.
func footer(w io.Writer, shown, count, offset int, all bool, one, many string) {
	first, last := offset+1, offset+shown
	switch {
	case count < 0 || (offset == 0 && shown >= count):
		fmt.Fprintf(w, "\n%s.\n", plural(shown, one, many))
		return
	case first == last:
		fmt.Fprintf(w, "\n%d of %s", first, plural(count, one, many))
	default:
		fmt.Fprintf(w, "\n%d–%d of %s", first, last, plural(count, one, many))
	}
	if last < count && !all {
		fmt.Fprintf(w, "; --offset %d shows the next page, --all every one", last)
	}
	fmt.Fprintln(w, ".")
}
