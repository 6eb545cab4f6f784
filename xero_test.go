package procuret

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestGetXeroEntityMap(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/xero/entity-map", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "entity_id=13991055489669749")
		testSigned(t, r, "/xero/entity-map")
		serveJSON(w, 200, specExample(t, "XeroEntityMap"))
	})
	m, err := c.GetXeroEntityMap(context.Background(), 13991055489669749)
	if err != nil {
		t.Fatal(err)
	}
	if m.EntityID != 13991055489669749 {
		t.Errorf("EntityID = %d, want 13991055489669749", m.EntityID)
	}
	_, err = c.GetXeroEntityMap(context.Background(), 0)
	checkValidation[struct{}](t, nil, err, "entity_id", "positive ID")
}

func TestGetXeroEntityMapNotConnected(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/xero/entity-map", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, []byte(`{"error-information":"Entity 5 has no Xero connection","response-code":404}`))
	})
	m, err := c.GetXeroEntityMap(context.Background(), 5)
	if m != nil || !errors.Is(err, ErrNotFound) {
		t.Errorf("GetXeroEntityMap = %v, %v; want ErrNotFound", m, err)
	}
}

func TestGetXeroOrganisation(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/xero/organisation", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "entity_id=13991055489669749")
		testSigned(t, r, "/xero/organisation")
		serveJSON(w, 200, specExample(t, "XeroOrganisation"))
	})
	o, err := c.GetXeroOrganisation(context.Background(), 13991055489669749)
	if err != nil {
		t.Fatal(err)
	}
	if o.ShortCode != "!Dmo42" || o.EntityID != 13991055489669749 {
		t.Errorf("organisation = %+v", o)
	}
	_, err = c.GetXeroOrganisation(context.Background(), -1)
	checkValidation[struct{}](t, nil, err, "entity_id", "positive ID")
}
