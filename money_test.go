package procuret

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The supplier's money and customers on the wire: what each call sends, and what it makes of
// the contract's examples. The sandbox tests (money_integration_test.go) cover behaviour.

func TestListSupplierSalesRequest(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/supplier-sale/list", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "limit=5&offset=10&order=ascending&order_by=created&any_fragment=INV+1&business_id=24681357924681357&supplier_id=13991055489669749&method_id=pm_Card1")
		testSigned(t, r, "/supplier-sale/list")
		serveJSON(w, 200, specExample(t, "SupplierSaleList"))
	})
	ss, err := c.ListSupplierSales(context.Background(), ListSalesParams{
		Limit: 5, Offset: 10, Order: OrderAscending, OrderBy: SupplierSaleOrderByCreated, AnyFragment: "INV 1",
		BusinessID: 24681357924681357, SupplierID: 13991055489669749, MethodID: "pm_Card1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 || ss[0].PublicID != "sl_demo1" || ss[0].Customer.EntityID != 24681357924681357 ||
		!ss[0].Amount.Magnitude.Equal(decimal.RequireFromString("4200.00")) || ss[0].Identifier != "INV-0042" || ss[0].Disposition.Count != 1 {
		t.Errorf("sales = %+v", ss)
	}
	_, err = c.ListSupplierSales(context.Background(), ListSalesParams{MethodID: "pm card"})
	checkValidation[struct{}](t, nil, err, "method_id", "letters, digits")
}

func TestListDealsSendsTheRightKeys(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/deal/list", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		// order and order_by, never Swift's "descending" and "created".
		testQuery(t, r, "limit=2&order=descending&order_by=outstanding")
		testSigned(t, r, "/deal/list")
		serveJSON(w, 200, specExample(t, "DealList"))
	})
	ds, err := c.ListDeals(context.Background(), ListDealsParams{Limit: 2, Order: OrderDescending, OrderBy: DealOrderByOutstanding})
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.CommitmentID != "cm_demo1" || d.CreditAssessmentState != AssessmentStatePassed || d.TransactingHumanID != 8146294615297130 ||
		!d.TotalPayable.Sub(d.SumPayments).Equal(decimal.RequireFromString("2902.16")) || d.Denomination.Iso4217 != "AUD" {
		t.Errorf("deal = %+v", d)
	}
	_, err = c.ListDeals(context.Background(), ListDealsParams{OrderBy: "amount"})
	checkValidation[struct{}](t, nil, err, "order_by", `unknown value amount`)
}

func TestSetPayNowFeeModeSendsTheIDAsAString(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/supplier/pay-now-fee-mode", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testSigned(t, r, "/supplier/pay-now-fee-mode")
		testJSONBody(t, r, `{"supplier_id": "13991055489669749", "mode": 1}`)
		// A server may answer the ID as an integer: it decodes all the same.
		serveJSON(w, 200, []byte(`{"supplier_id": 13991055489669749, "mode": 1}`))
	})
	m, err := c.SetPayNowFeeMode(context.Background(), 13991055489669749, PayNowFeeModeCustomerPays)
	if err != nil {
		t.Fatal(err)
	}
	if m.SupplierID.Int64() != 13991055489669749 || m.Mode != PayNowFeeModeCustomerPays {
		t.Errorf("mode = %+v", m)
	}
	_, err = c.SetPayNowFeeMode(context.Background(), 13991055489669749, 3)
	checkValidation[struct{}](t, nil, err, "mode", "unknown value 3")
	_, err = c.SetPayNowFeeMode(context.Background(), 0, PayNowFeeModeSupplierPays)
	checkValidation[struct{}](t, nil, err, "supplier_id", "positive ID")
}

func TestQuotePayNowFee(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/pay-now-transaction/fee/prospective", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testSigned(t, r, "/pay-now-transaction/fee/prospective")
		// Amounts as decimal strings, at no more than the currency's places ("1200.000" is 1200).
		testJSONBody(t, r, `{"supplier_id": 13991055489669749, "amount": {"magnitude": "1200.5", "denomination": 2},
			"divisions": [{"instrument": 1, "magnitude": "200"}, {"instrument": 2, "magnitude": "1000.5"}]}`)
		serveJSON(w, 200, specExample(t, "ProspectiveFee"))
	})
	dec := decimal.RequireFromString
	q, err := c.QuotePayNowFee(context.Background(), QuoteFeeParams{
		SupplierID: 13991055489669749, Amount: dec("1200.500"), Denomination: DenominationNZD,
		Divisions: []FeeDivision{{Instrument: InstrumentCard, Magnitude: dec("200")}, {Instrument: InstrumentBankAccount, Magnitude: dec("1000.50")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !q.Amount.Magnitude.Equal(dec("8.50")) || !q.Percentage.Equal(dec("0.7083")) || q.FeeMode != PayNowFeeModeSupplierPays {
		t.Errorf("quote = %+v", q)
	}
	for _, tc := range []struct {
		p          QuoteFeeParams
		field, msg string
	}{
		{QuoteFeeParams{SupplierID: 1, Amount: dec("10"), Divisions: nil}, "divisions", "is empty"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("10"), Divisions: []FeeDivision{{Instrument: 1, Magnitude: dec("9")}}}, "divisions", "add up to 9, not the amount 10"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("10"), Divisions: []FeeDivision{{Instrument: 3, Magnitude: dec("10")}}}, "divisions.0.instrument", "unknown value 3"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("10"), Divisions: []FeeDivision{{Instrument: 1, Magnitude: dec("10.001")}}}, "divisions.0.magnitude", "decimal places"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("-10"), Divisions: []FeeDivision{{Instrument: 1, Magnitude: dec("10")}}}, "amount.magnitude", "greater than zero"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("10"), Denomination: 9, Divisions: []FeeDivision{{Instrument: 1, Magnitude: dec("10")}}}, "amount.denomination", "unknown value 9"},
		{QuoteFeeParams{SupplierID: 1, Amount: dec("11"), Divisions: make([]FeeDivision, 11)}, "divisions", "the most is 10"},
	} {
		_, err := c.QuotePayNowFee(context.Background(), tc.p)
		checkValidation[struct{}](t, nil, err, tc.field, tc.msg)
	}
}

func TestCreateSupplierRequest(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testSigned(t, r, "/supplier")
		testJSONBody(t, r, `{"entity_id": 5000000000000002}`)
		serveJSON(w, 200, specExample(t, "Supplier"))
	})
	s, err := c.CreateSupplier(context.Background(), 5000000000000002)
	if err != nil || s.Entity.PublicID != 13991055489669749 {
		t.Fatalf("CreateSupplier = %+v, %v", s, err)
	}
}

// TestNewOperationsNeedCredentials: every operation of issue 12 requires a session, and says
// so before anything is sent.
func TestNewOperationsNeedCredentials(t *testing.T) {
	c, _, _ := setupAnon(t)
	ctx := context.Background()
	const id = int64(13991055489669749)
	for name, call := range map[string]func() error{
		"ListSupplierSales":        func() error { _, err := c.ListSupplierSales(ctx, ListSalesParams{}); return err },
		"ListSupplierPayouts":      func() error { _, err := c.ListSupplierPayouts(ctx, ListPayoutsParams{}); return err },
		"ListPendingSeries":        func() error { _, err := c.ListPendingSeries(ctx, ListPendingParams{}); return err },
		"GetInstalmentSchedulePDF": func() error { _, err := c.GetInstalmentSchedulePDF(ctx, "ps_demo1"); return err },
		"GetPayNowFeeMode":         func() error { _, err := c.GetPayNowFeeMode(ctx, id); return err },
		"SetPayNowFeeMode":         func() error { _, err := c.SetPayNowFeeMode(ctx, id, PayNowFeeModeCustomerPays); return err },
		"QuotePayNowFee": func() error {
			_, err := c.QuotePayNowFee(ctx, QuoteFeeParams{SupplierID: id, Amount: decimal.NewFromInt(5),
				Divisions: []FeeDivision{{Instrument: InstrumentCard, Magnitude: decimal.NewFromInt(5)}}})
			return err
		},
		"GetDeal":        func() error { _, err := c.GetDeal(ctx, "cm_demo1"); return err },
		"ListDeals":      func() error { _, err := c.ListDeals(ctx, ListDealsParams{}); return err },
		"ListEntities":   func() error { _, err := c.ListEntities(ctx, ListEntitiesParams{}); return err },
		"GetBusiness":    func() error { _, err := c.GetBusiness(ctx, id); return err },
		"ListBusinesses": func() error { _, err := c.ListBusinesses(ctx, ListBusinessesParams{}); return err },
		"ListSuppliers":  func() error { _, err := c.ListSuppliers(ctx, ListSuppliersParams{}); return err },
		"CreateSupplier": func() error { _, err := c.CreateSupplier(ctx, id); return err },
	} {
		if err := call(); !errors.Is(err, ErrNoCredentials) {
			t.Errorf("%s without credentials: %v, want ErrNoCredentials", name, err)
		}
	}
}

// TestInstalmentSchedulePDFStreams: the client hands the document over while the server is
// still sending it, so it never holds it whole.
func TestInstalmentSchedulePDFStreams(t *testing.T) {
	c, mux, _ := setup(t)
	release := make(chan struct{})
	mux.HandleFunc("/instalment-schedule/pdf", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, "series_id=ps_demo1")
		testSigned(t, r, "/instalment-schedule/pdf")
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="schedule-ps_demo1.pdf"`)
		w.Header().Set("Content-Length", "16")
		io.WriteString(w, "%PDF-1.3\n")
		w.(http.Flusher).Flush()
		select { // the rest only once the client has the document in hand
		case <-release:
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, "%%EOF\n\n")
	})
	doc, err := c.GetInstalmentSchedulePDF(context.Background(), "ps_demo1")
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.ContentType != "application/pdf" || doc.ContentLength != 16 || doc.Filename != "schedule-ps_demo1.pdf" {
		t.Errorf("document = %+v", doc)
	}
	close(release)
	b, err := io.ReadAll(doc)
	if err != nil || string(b) != "%PDF-1.3\n%%EOF\n\n" {
		t.Errorf("body = %q, %v", b, err)
	}
	if err := doc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := doc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestInstalmentSchedulePDFFailures(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-schedule/pdf", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("series_id") {
		case "ps_none":
			serveJSON(w, 404, []byte(`{"error-information": "No payment series with public_id 'ps_none'", "response-code": 404}`))
		case "ps_json":
			serveJSON(w, 200, []byte(`{"not": "a pdf"}`))
		case "ps_huge":
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", strconv.Itoa(MaxDocumentBytes+1))
			w.WriteHeader(200)
		case "ps_endless": // no Content-Length, more than the cap
			w.Header().Set("Content-Type", "application/pdf")
			chunk := bytes.Repeat([]byte("%"), 1<<20)
			for range MaxDocumentBytes>>20 + 1 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	})
	ctx := context.Background()
	_, err := c.GetInstalmentSchedulePDF(ctx, "ps_none")
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrNotFound || !strings.Contains(e.Message, "ps_none") {
		t.Errorf("404: %v, want ErrNotFound with the server's message", err)
	}
	_, err = c.GetInstalmentSchedulePDF(ctx, "ps_json")
	if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || !strings.Contains(e.Message, "application/json") || !strings.Contains(e.Excerpt, "a pdf") {
		t.Errorf("JSON 200: %v, want ErrUnexpectedBody naming the content type", err)
	}
	_, err = c.GetInstalmentSchedulePDF(ctx, "ps_huge")
	if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || !strings.Contains(e.Message, "MaxDocumentBytes") {
		t.Errorf("announced too large: %v, want ErrUnexpectedBody", err)
	}
	doc, err := c.GetInstalmentSchedulePDF(ctx, "ps_endless")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, doc)
	doc.Close()
	if !errors.Is(err, ErrDocumentTooLarge) || n != MaxDocumentBytes {
		t.Errorf("read %d bytes, %v; want %d and ErrDocumentTooLarge", n, err, MaxDocumentBytes)
	}
	_, err = c.GetInstalmentSchedulePDF(ctx, "ps demo")
	checkValidation[struct{}](t, nil, err, "series_id", "letters, digits")
}

// TestInstalmentSchedulePDFDeadline: the client's timeout covers reading the document, not
// only its headers.
func TestInstalmentSchedulePDFDeadline(t *testing.T) {
	c, mux, _ := setup(t, WithTimeout(200*time.Millisecond))
	mux.HandleFunc("/instalment-schedule/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.3\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never finishes
	})
	doc, err := c.GetInstalmentSchedulePDF(context.Background(), "ps_demo1")
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	_, err = io.ReadAll(doc)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("read: %v, want the call's deadline", err)
	}
}
