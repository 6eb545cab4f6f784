package procuret

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/procuret/procuret-go/types"
)

func TestGetEntity(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "entity_id=13991055489669749")
		testSigned(t, r, "/entity")
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	e, err := c.GetEntity(context.Background(), 13991055489669749)
	if err != nil {
		t.Fatal(err)
	}
	if e.PublicID != 13991055489669749 || e.PublicIDShort != "DEMOSUP" || e.LegalEntityName != "Demo Supplies Pty Ltd" ||
		e.TradingName == "" || e.TradingName != "Demo Supplies" || isZero(e.EntityTypeName) || e.EntityTypeName != EntityTypeCompany ||
		isZero(e.HasSupplierRecord) || !e.HasSupplierRecord || isZero(e.Created) || !e.Created.Equal(types.MustParseTime("2025-03-01 00:00:00.000000")) {
		t.Errorf("entity = %+v", e)
	}
	if len(e.EntityIdentifiers) != 1 || e.EntityIdentifiers[0].Identifier != "51824753556" || e.EntityIdentifiers[0].IdentifierType != EntityIDTypeABN {
		t.Errorf("identifiers = %+v", e.EntityIdentifiers)
	}
	if a := e.BusinessAddress; isZero(a) || a.Line1 != "1 Demo Street" || a.Locality != "Sydney" || a.PostalCode != "2000" {
		t.Errorf("address = %+v", a)
	}
	_, err = c.GetEntity(context.Background(), 0)
	checkValidation[struct{}](t, nil, err, "entity_id", "positive ID (got 0)")
}

func TestGetHuman(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/human", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "human_id=7205759403792794")
		testSigned(t, r, "/human")
		serveJSON(w, 200, specExample(t, "Human"))
	})
	h, err := c.GetHuman(context.Background(), 7205759403792794)
	if err != nil {
		t.Fatal(err)
	}
	if h.PublicID != 7205759403792794 || isZero(h.AgentID) || h.AgentID != 7205759403792794 || h.FirstName != "Dana" || h.LastName != "Demo" ||
		h.EmailAddress.EmailAddress != "demo-supplier@example.com" || isZero(h.PhoneNumber) || h.PhoneNumber.Digits != "61400000000" {
		t.Errorf("human = %+v", h)
	}
	_, err = c.GetHuman(context.Background(), -7)
	checkValidation[struct{}](t, nil, err, "human_id", "(got -7)")
}

func TestGetCommitment(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/commitment", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "setup_id=ex_demo1")
		testSigned(t, r, "/commitment")
		serveJSON(w, 200, specExample(t, "Commitment"))
	})
	cm, err := c.GetCommitment(context.Background(), "ex_demo1")
	if err != nil {
		t.Fatal(err)
	}
	if cm.PublicID != "cm_demo1" || cm.CommittedHuman.PublicID != 8146294615297130 || cm.CommittedHuman.FirstName != "Casey" ||
		cm.CurrencyIso4217 == "" || cm.CurrencyIso4217 != "AUD" {
		t.Errorf("commitment = %+v", cm)
	}
	_, err = c.GetCommitment(context.Background(), "")
	checkValidation[struct{}](t, nil, err, "setup_id", "is empty")
}

func TestGetEntityForbidden(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, specErrorExample(t, "NotAuthorised"))
	})
	_, err := c.GetEntity(context.Background(), 13991055489669749)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrNotAuthorised || e.Message != "Not authorised to act for supplier 13991055489669749" {
		t.Errorf("err = %v", err)
	}
}
