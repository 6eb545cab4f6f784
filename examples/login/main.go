// Command login logs in to Procuret with a second factor, creates an instalment link and shows
// what the customer would pay per month. It is the README's quickstart, verbatim.
package main

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

func main() {
	ctx := context.Background()
	// Live by default; procuret.WithEndpoint(procuret.Demo) for Procuret's demo API, or
	// procuret.WithBaseURL("http://127.0.0.1:8080/api") for a local sandbox.
	client, err := procuret.NewClient(procuret.WithEndpoint(procuret.Demo))
	if err != nil {
		log.Fatal(err)
	}
	email, password := os.Getenv("PROCURET_EMAIL"), os.Getenv("PROCURET_PASSWORD")

	// 1. Procuret emails a six-digit code to the account holder.
	err = client.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
		Email: email, Password: password, Perspective: procuret.PerspectiveSupplier,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print("Code from the email: ")
	code, _ := bufio.NewReader(os.Stdin).ReadString('\n')

	// 2. Exchange email, password and code for a session (long-lived: it signs every request).
	session, err := client.CreateSession(ctx, procuret.LoginParams{
		Email: email, Password: password, Code: strings.TrimSpace(code),
		Perspective: procuret.PerspectiveSupplier, Lifecycle: procuret.LifecycleLongLived,
	})
	if err != nil {
		log.Fatal(err)
	}
	client = client.Authenticated(session.Credentials())

	// 3. Create a link. Money is decimal.Decimal, IDs are int64. Instalments need 500.00 or more.
	link, err := client.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("1250.00"),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communication:     procuret.NotifyCustomer, // or DoNotNotify; there is no default
		Currency:          procuret.DenominationAUD,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.PublicID, link.URL()) // https://demo.procuret.com/b?il=…

	// 4. What would the customer pay per month, for every term the supplier offers?
	quotes, err := client.QuoteAll(ctx, procuret.QuoteParams{
		SupplierID: 13991055489669749, Principal: link.InvoiceAmount,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range quotes {
		fmt.Printf("%2d months: %s per month\n", q.Periods, q.Payment.StringFixed(2))
	}
}
