package procuret

import (
	"context"
	"net/http"
	"testing"
)

func checkQuote(t *testing.T, q ProspectivePayment, periods int) {
	t.Helper()
	if !q.Payment.Equal(decimalOf("371.85")) || q.Periods != periods || q.Cycle != CycleAdvance || q.SupplierID != 13991055489669749 ||
		q.Currency != (Currency{Indexid: DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"}) {
		t.Errorf("quote = %+v", q)
	}
}

func TestQuote(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/credit/prospective-payment", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "supplier_id=13991055489669749&principle=4200&periods=12&cycle=1&denomination=1")
		testSigned(t, r, "/credit/prospective-payment")
		serveJSON(w, 200, specExample(t, "ProspectivePayment"))
	})
	q, err := c.Quote(context.Background(), QuoteParams{
		SupplierID: 13991055489669749, Principal: decimalOf("4200.00"), Periods: 12, Currency: DenominationAUD,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkQuote(t, *q, 12)
}

func TestQuoteWithoutSession(t *testing.T) {
	c, mux, _ := setupAnon(t)
	mux.HandleFunc("/credit/prospective-payment", func(w http.ResponseWriter, r *http.Request) {
		testUnsigned(t, r)
		// Decimals keep their digits; no denomination is sent when none is given.
		testQuery(t, r, "supplier_id=5&principle=1050.5&periods=24&cycle=2")
		serveJSON(w, 200, specExample(t, "ProspectivePayment"))
	})
	if _, err := c.Quote(context.Background(), QuoteParams{SupplierID: 5, Principal: decimalOf("1050.50"), Periods: 24, Cycle: CycleArrears}); err != nil {
		t.Fatal(err)
	}
}

func TestQuoteAll(t *testing.T) {
	c, mux, _ := setupAnon(t)
	second := specNode(t, "components", "schemas", "ProspectivePayment", "example").(map[string]any)
	mux.HandleFunc("/credit/prospective-payment/list", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testUnsigned(t, r)
		testQuery(t, r, "supplier_id=13991055489669749&principal_magnitude=4200&cycle=1&denomination=2")
		serveJSON(w, 200, specJSON(t, []any{second, second}))
	})
	qs, err := c.QuoteAll(context.Background(), QuoteParams{SupplierID: 13991055489669749, Principal: decimalOf("4200"), Currency: DenominationNZD})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 {
		t.Fatalf("got %d quotes, want 2", len(qs))
	}
	checkQuote(t, qs[1], 12)
}

func TestQuoteValidation(t *testing.T) {
	c, _, _ := setup(t)
	ok := QuoteParams{SupplierID: 1, Principal: decimalOf("1000"), Periods: 12}
	for _, tc := range []struct {
		change     func(*QuoteParams)
		field, msg string
	}{
		{func(p *QuoteParams) { p.SupplierID = 0 }, "supplier_id", "positive ID (got 0)"},
		{func(p *QuoteParams) { p.Principal = decimalOf("0") }, "principle", "greater than zero (got 0)"},
		{func(p *QuoteParams) { p.Principal = decimalOf("-1.50") }, "principle", "(got -1.50)"},
		{func(p *QuoteParams) { p.Principal = decimalOf("1000.001") }, "principle", "more than 2 decimal places"},
		{func(p *QuoteParams) { p.Periods = 0 }, "periods", "between 1 and 120 (got 0)"},
		{func(p *QuoteParams) { p.Periods = 121 }, "periods", "(got 121)"},
		{func(p *QuoteParams) { p.Currency = 7 }, "denomination", "unknown value 7"},
		{func(p *QuoteParams) { p.Cycle = 3 }, "cycle", "unknown value 3"},
	} {
		p := ok
		tc.change(&p)
		q, err := c.Quote(context.Background(), p)
		checkValidation(t, q, err, tc.field, tc.msg)
	}
}

func TestQuoteAllValidation(t *testing.T) {
	c, _, _ := setup(t)
	for _, tc := range []struct {
		p          QuoteParams
		field, msg string
	}{
		{QuoteParams{SupplierID: 1, Principal: decimalOf("1000"), Periods: 12}, "periods", "not used when quoting every term; leave it 0 (got 12)"},
		{QuoteParams{SupplierID: 1, Principal: decimalOf("0.001")}, "principal_magnitude", "more than 2 decimal places"},
		{QuoteParams{Principal: decimalOf("1000")}, "supplier_id", "positive ID"},
	} {
		qs, err := c.QuoteAll(context.Background(), tc.p)
		if qs != nil {
			t.Errorf("quotes = %v", qs)
		}
		checkValidation[struct{}](t, nil, err, tc.field, tc.msg)
	}
}
