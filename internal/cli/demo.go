package cli

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/procuret/procuret-go"
)

func (a *app) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "the whole supplier flow on a local sandbox, no account needed",
		Long: `Run the whole supplier flow against a local sandbox (the procuret-sandbox program),
with no account and no network: log in with a second-factor code, create an instalment
link, list links, open the link as the customer would, and quote every term. The demo
talks to the sandbox over HTTP through the same client as every other command, and never
reads or changes your saved sessions.`,
		Example: examples("procuret demo", "procuret demo --json", "procuret demo --debug"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			if a.g.endpoint != "" {
				return usagef("--endpoint does not apply: the demo runs its own sandbox")
			}
			if a.g.profile != "" || a.g.asAgent != 0 {
				return usagef("--profile and --as-agent do not apply: the demo logs in to its own sandbox")
			}
			code, err := demoCode()
			if err != nil {
				return err
			}
			sb, err := a.sandboxRunner().Start(cmd.Context(), code)
			if err != nil {
				return fmt.Errorf("start the sandbox: %w", err)
			}
			defer func() {
				if serr := sb.Stop(); err == nil {
					err = serr
				}
			}()
			return a.demo(cmd.Context(), sb, code)
		},
	}
}

// demoCode is a random six-digit code, which the demo's sandbox sends as every code.
func demoCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// demoJSON is demo's --json output: each step's result as the API sent it.
type demoJSON struct {
	Endpoint string          `json:"endpoint"`
	Link     json.RawMessage `json:"link"`
	Links    json.RawMessage `json:"links"`
	Opened   json.RawMessage `json:"opened"`
	Quotes   json.RawMessage `json:"quotes"`
}

// demo is the flow itself, step by step, through the procuret client only.
func (a *app) demo(ctx context.Context, sb *SandboxInfo, code string) error {
	c, err := a.newClient(sb.Endpoint)
	if err != nil {
		return err
	}
	quiet := a.jsonWanted() // only the JSON at the end
	w := a.out
	step := 0
	say := func(format string, args ...any) {
		if quiet {
			return
		}
		step++
		if step > 1 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. "+format+"\n", append([]any{step}, args...)...)
	}
	more := func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(w, "   "+format+"\n", args...)
		}
	}
	const indent = "   "
	var out demoJSON
	out.Endpoint = c.Endpoint()

	say("Started a Procuret sandbox at %s.", c.Endpoint())
	more("Demo supplier: %s, supplier ID %d.", sb.Email, sb.SupplierID)

	perspective := procuret.Perspective(sb.Perspective)
	err = c.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: sb.Email, Password: sb.Password, Perspective: perspective})
	if err != nil {
		return err
	}
	say("Asked Procuret to email a second-factor code to %s.", sb.Email)
	more("code from the sandbox's mail: %s", code)

	sess, err := c.CreateSession(ctx, procuret.LoginParams{
		Email: sb.Email, Password: sb.Password, Perspective: perspective,
		Code: code, Lifecycle: procuret.LifecycleShortLived,
	})
	if err != nil {
		return err
	}
	c = c.Authenticated(sess.Credentials())
	a.keep(&conn{Client: c})
	say("Logged in as a %s, %s session (kept in memory, not saved).", perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle))
	a.rec.take()

	invoice := decimal.RequireFromString("4200.00")
	link, err := c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: sb.SupplierID, Amount: invoice, Currency: procuret.DenominationAUD,
		InviteeEmail: "customer@example.com", InvoiceIdentifier: "INV-1001",
		Communication: procuret.DoNotNotify,
	})
	if err != nil {
		return err
	}
	out.Link = a.rec.last()
	say("Created an instalment link for invoice INV-1001 (procuret links create):")
	if !quiet {
		fmt.Fprintln(w)
		a.printLink(indent, *link)
	}

	links, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: sb.SupplierID})
	if err != nil {
		return err
	}
	out.Links = a.rec.last()
	say("Listed the supplier's links (procuret links list):")
	if !quiet {
		fmt.Fprintln(w)
		a.printTable(linkTable(links, indent, false)) // step 4 showed when it was created
	}

	if err := c.MarkInstalmentLinkOpened(ctx, link.PublicID); err != nil {
		return err
	}
	a.rec.take()
	opened, err := c.GetInstalmentLink(ctx, link.PublicID)
	if err != nil {
		return err
	}
	out.Opened = a.rec.last()
	say("The customer opened the page; Procuret recorded it (procuret links open):")
	if !quiet {
		a.printOpens(indent, *opened)
	}

	qp := procuret.QuoteParams{SupplierID: sb.SupplierID, Principal: invoice, Currency: procuret.DenominationAUD}
	quotes, err := c.QuoteAll(ctx, qp)
	if err != nil {
		return err
	}
	out.Quotes = a.rec.last()
	say("What the customer would pay per month, for every term (procuret quote):")
	if !quiet {
		fmt.Fprintln(w)
		a.printQuotes(indent, qp, quotes)
	}

	if quiet {
		return a.printJSON(out)
	}
	say("Done; the sandbox stops with the demo. Next:")
	next := &table{indent: indent}
	next.add("procuret sandbox", "keep a sandbox running to try every command")
	next.add("procuret login --endpoint demo", "log in to Procuret's demo API")
	next.add("procuret --help", "all the commands")
	next.print(w, false, a.term.Width)
	return nil
}
