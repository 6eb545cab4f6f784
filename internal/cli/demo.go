package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

func demoCommand() *command {
	return &command{
		name:    "demo",
		usage:   "[--rand-seed N]",
		summary: "the whole supplier flow on a local sandbox: no account, no network",
		about: `Run the whole supplier flow against a sandbox started inside this process, with no
account and no network: log in with a second-factor code, create an instalment link,
list links, open the link as the customer would, and quote every term. The demo talks to
the sandbox over HTTP through the same client as every other command, and never reads
or changes your saved session.`,
		examples: []string{"procuret demo", "procuret demo --json"},
		run:      runDemo,
	}
}

// demoJSON is demo's --json output: each step's result as the API sent it.
type demoJSON struct {
	Endpoint string                        `json:"endpoint"`
	Link     procuret.InstalmentLink       `json:"link"`
	Links    []procuret.InstalmentLink     `json:"links"`
	Opened   procuret.InstalmentLink       `json:"opened"`
	Quotes   []procuret.ProspectivePayment `json:"quotes"`
}

func runDemo(ctx context.Context, a *app, c *command, args []string) (err error) {
	fs := a.flagSet(c)
	var seed int64
	fs.Int64Var(&seed, "rand-seed", 0, "`N` seed the sandbox's link IDs and codes, to repeat a run exactly")
	if _, err := a.parse(fs, c, args, 0, 0); err != nil {
		return err
	}
	if a.g.endpointSet {
		return usagef("--endpoint does not apply: the demo runs its own sandbox")
	}
	opts := []sandbox.Option{sandbox.WithClock(a.now)}
	if setFlags(fs)["rand-seed"] {
		opts = append(opts, sandbox.WithRandSeed(seed))
	}
	// Start serves before it returns, so that the URL is known and Shutdown always has a
	// server to stop, however early the demo fails.
	sb, err := sandbox.Start("127.0.0.1:0", opts...)
	if err != nil {
		return fmt.Errorf("start the sandbox: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		err = errors.Join(err, sb.Shutdown(sctx))
	}()
	return demo(ctx, a, sb)
}

// demo is the flow itself, step by step, through the procuret client only.
func demo(ctx context.Context, a *app, sb *sandbox.Sandbox) error {
	acct := sb.DefaultAccount()
	c, err := procuret.NewClient(procuret.WithBaseURL(sb.URL()), procuret.WithUserAgentPrefix("procuret-cli/"+procuret.Version))
	if err != nil {
		return err
	}
	w := a.out
	if a.g.json {
		w = nil // only the JSON at the end
	}
	step := 0
	say := func(format string, args ...any) {
		if w == nil {
			return
		}
		step++
		if step > 1 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. "+format+"\n", append([]any{step}, args...)...)
	}
	more := func(format string, args ...any) {
		if w != nil {
			fmt.Fprintf(w, "   "+format+"\n", args...)
		}
	}
	const indent = "   "

	say("Started a Procuret sandbox at %s.", c.Endpoint())
	more("Demo supplier: %s, supplier ID %d.", acct.Email, acct.EntityID)

	err = c.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: acct.Email, Password: acct.Password, Perspective: acct.Perspective})
	if err != nil {
		return err
	}
	code, ok := sb.LastCode(acct.Email)
	if !ok {
		return errors.New("the sandbox sent no second-factor code")
	}
	say("Asked Procuret to email a second-factor code to %s.", acct.Email)
	more("code from the sandbox's mail: %s", code)

	sess, err := c.CreateSession(ctx, procuret.LoginParams{
		Email: acct.Email, Password: acct.Password, Perspective: acct.Perspective,
		Code: code, Lifecycle: procuret.LifecycleShortLived,
	})
	if err != nil {
		return err
	}
	c = c.Authenticated(sess.Credentials())
	say("Logged in as a %s, %s session (kept in memory, not saved).", perspectiveWord(sess.Perspective), lifecycleName(sess.Lifecycle))

	invoice := decimal.RequireFromString("4200.00")
	link, err := c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: acct.EntityID, Amount: invoice, Currency: procuret.DenominationAUD,
		InviteeEmail: "customer@example.com", InvoiceIdentifier: "INV-1001",
		Communication: procuret.DoNotNotify,
	})
	if err != nil {
		return err
	}
	say("Created an instalment link for invoice INV-1001 (procuret links create):")
	if w != nil {
		fmt.Fprintln(w)
		printLink(w, indent, *link)
	}

	links, err := c.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: acct.EntityID})
	if err != nil {
		return err
	}
	say("Listed the supplier's links (procuret links list):")
	if w != nil {
		fmt.Fprintln(w)
		linkTable(links, indent, false).print(w) // step 4 showed when it was created
	}

	if err := c.MarkInstalmentLinkOpened(ctx, link.PublicID); err != nil {
		return err
	}
	opened, err := c.GetInstalmentLink(ctx, link.PublicID)
	if err != nil {
		return err
	}
	say("The customer opened the page; Procuret recorded it (procuret links open):")
	if w != nil {
		printOpens(w, indent, *opened)
	}

	qp := procuret.QuoteParams{SupplierID: acct.EntityID, Principal: invoice, Currency: procuret.DenominationAUD}
	quotes, err := c.QuoteAll(ctx, qp)
	if err != nil {
		return err
	}
	say("What the customer would pay per month, for every term (procuret quote):")
	if w != nil {
		fmt.Fprintln(w)
		printQuotes(w, indent, qp, quotes)
	}

	if a.g.json {
		return a.printJSON(demoJSON{Endpoint: c.Endpoint(), Link: *link, Links: links, Opened: *opened, Quotes: quotes})
	}
	say("Done; the sandbox stops with the demo. Next:")
	if w != nil {
		next := table{indent: indent}
		next.add("procuret sandbox", "keep a sandbox running to try every command")
		next.add("procuret login --endpoint demo", "log in to Procuret's demo API")
		next.add("procuret --help", "all the commands")
		next.print(w)
	}
	return nil
}
