// Command quickstart creates an instalment link for an invoice and shows what the customer
// would pay per month: the whole of procuret-go's everyday use, as a program to copy.
//
// It takes the API and the session from the environment (log in once with
// "procuret login", then "procuret session" shows the ID; or use a sandbox):
//
//	export PROCURET_ENDPOINT=demo            # or live, or http://127.0.0.1:8080/api
//	export PROCURET_SESSION_ID=…  PROCURET_API_KEY=…
//	go run ./examples/quickstart -supplier 13991055489669749 \
//	    -email customer@example.com -invoice INV-1001 -amount 1250.00
//
// Instalments need an amount of at least 500.00: a smaller link is created, but its page
// offers no instalments.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

func main() {
	supplier := flag.Int64("supplier", 0, "the supplier's entity ID")
	email := flag.String("email", "", "the customer's email address")
	invoice := flag.String("invoice", "", "your invoice number")
	amount := flag.String("amount", "1250.00", "the invoice amount (500.00 or more for instalments)")
	notify := flag.Bool("notify", false, "have Procuret email the link to the customer")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, *supplier, *email, *invoice, *amount, *notify); err != nil {
		log.Fatal(err)
	}
}

// run is the program: one client, one link, one quote.
func run(ctx context.Context, w io.Writer, supplier int64, email, invoice, amount string, notify bool) error {
	total, err := decimal.NewFromString(amount)
	if err != nil {
		return fmt.Errorf("-amount %q: %w", amount, err)
	}
	// PROCURET_ENDPOINT, PROCURET_SESSION_ID, PROCURET_API_KEY (and PROCURET_LIFECYCLE).
	client, err := procuret.NewClient(procuret.FromEnv(), procuret.WithTimeout(20*time.Second))
	if err != nil {
		return err
	}

	communication := procuret.DoNotNotify
	if notify {
		communication = procuret.NotifyCustomer
	}
	link, err := client.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID:        supplier,
		Amount:            total,
		Currency:          procuret.DenominationAUD,
		InviteeEmail:      email,
		InvoiceIdentifier: invoice,
		Communication:     communication,
	})
	var outcome *procuret.UnknownOutcomeError
	switch {
	case errors.As(err, &outcome):
		// No answer came back: the link may exist. Look before trying again, or the
		// customer may get two links.
		return fmt.Errorf("the link may or may not have been created: %w", err)
	case errors.Is(err, procuret.ErrInvalidInput):
		return fmt.Errorf("check the flags: %w", err)
	case err != nil:
		return err
	}
	fmt.Fprintf(w, "Created %s for invoice %s: send the customer %s\n", link.PublicID, link.InvoiceIdentifier, link.URL())

	quotes, err := client.QuoteAll(ctx, procuret.QuoteParams{SupplierID: supplier, Principal: total, Currency: procuret.DenominationAUD})
	if err != nil {
		return err
	}
	for _, q := range quotes {
		fmt.Fprintf(w, "%2d months: %s per month\n", q.Periods, q.Payment.StringFixed(2))
	}
	return nil
}
