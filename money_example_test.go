package procuret_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

// Reconciling payouts: every payout Procuret made, with the invoices it
// settles, page after page. Here against a local sandbox, whose demo supplier
// has one sale (INV-0042) paid out to its settlement account.
func ExampleClient_AllSupplierPayouts() {
	ctx := context.Background()
	sb, err := sandbox.Start("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Shutdown(ctx)
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	if err != nil {
		log.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client, err := procuret.NewClient(procuret.WithBaseURL(sb.URL()), procuret.WithCredentials(creds),
		procuret.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		log.Fatal(err)
	}

	for p, err := range client.AllSupplierPayouts(ctx, procuret.ListPayoutsParams{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.RelatedInvoiceIds, p.Amount.Magnitude.StringFixed(2), p.Amount.Denomination.Iso4217, "to", p.Destination.Description)
	}

	// The schedule of the sale's payment series, as the PDF the customer receives.
	doc, err := client.GetInstalmentSchedulePDF(ctx, sandbox.DefaultSeriesID)
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	head := make([]byte, 5)
	if _, err := io.ReadFull(doc, head); err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.ContentType, doc.Filename, string(head))
	// Output:
	// [INV-0042] 4200.00 AUD to Bank account ending 9749
	// application/pdf schedule-ps_demo1.pdf %PDF-
}
