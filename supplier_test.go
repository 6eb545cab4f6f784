package procuret

import (
	"context"
	"net/http"
	"testing"

	"github.com/procuret/procuret-go/types"
)

func checkSupplier(t *testing.T, s *Supplier) {
	t.Helper()
	if s.Entity.PublicID != 13991055489669749 || s.Entity.PublicIDShort != "DEMOSUP" || !s.Authorised || s.OffersPayNow ||
		s.PayNowFeeMode != PayNowFeeModeSupplierPays || s.DefaultDenomination.Indexid != DenominationAUD || s.DefaultDenomination.Iso4217 != "AUD" || s.Country.Iso3166A2 != "AU" {
		t.Errorf("supplier = %+v", s)
	}
	if len(s.MaxTransactionSize) != 1 || !s.MaxTransactionSize[0].Magnitude.Equal(decimalOf("100000")) {
		t.Errorf("max transaction size = %+v", s.MaxTransactionSize)
	}
	if len(s.TermRates) != 2 || s.TermRates[1].Periods != 12 || s.TermRates[1].SupplierEntityID != 13991055489669749 ||
		!s.TermRates[1].PeriodsInYear.Equal(decimalOf("12")) {
		t.Errorf("term rates = %+v", s.TermRates)
	}
}

func TestGetSupplier(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "supplier_id=13991055489669749")
		testSigned(t, r, "/supplier")
		serveJSON(w, 200, specExample(t, "Supplier"))
	})
	s, err := c.GetSupplier(context.Background(), 13991055489669749)
	if err != nil {
		t.Fatal(err)
	}
	checkSupplier(t, s)
	_, err = c.GetSupplier(context.Background(), 0)
	checkValidation[struct{}](t, nil, err, "supplier_id", "positive ID")
}

func TestGetSupplierByPublicID(t *testing.T) {
	c, mux, _ := setupAnon(t)
	mux.HandleFunc("/supplier", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "public_id=DEMOSUP")
		testUnsigned(t, r)
		serveJSON(w, 200, specExample(t, "Supplier"))
	})
	s, err := c.GetSupplierByPublicID(context.Background(), "DEMOSUP")
	if err != nil {
		t.Fatal(err)
	}
	checkSupplier(t, s)
	_, err = c.GetSupplierByPublicID(context.Background(), "DEMO SUP")
	checkValidation[struct{}](t, nil, err, "public_id", "letters, digits")
}

func TestGetTermRateGroup(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/term-rate/group", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "public_id=trg_demo")
		testSigned(t, r, "/term-rate/group")
		serveJSON(w, 200, specExample(t, "TermRateGroup"))
	})
	g, err := c.GetTermRateGroup(context.Background(), "trg_demo")
	if err != nil {
		t.Fatal(err)
	}
	if g.PublicID != "trg_demo" || !g.Active || len(g.Rates) != 1 || g.Rates[0].SupplierEntityID != 13991055489669749 ||
		!g.Created.Equal(types.MustParseTime("2025-03-01 00:00:00.000000")) {
		t.Errorf("group = %+v", g)
	}
	_, err = c.GetTermRateGroup(context.Background(), "")
	checkValidation[struct{}](t, nil, err, "public_id", "is empty")
}
