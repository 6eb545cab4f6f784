package procuret

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"slices"
	"testing"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
)

// The link operations build their requests without gen (requests.go); each
// must be the request gen's builder makes from the same parameters: method,
// URL, headers and body, byte for byte, on every kind of endpoint.
func TestLinkRequestsMatchGen(t *testing.T) {
	ctx := context.Background()
	endpoints := []string{"https://procuret.com/api", "http://127.0.0.1:8080/api", "http://localhost:9000",
		"https://example.com/procuret/api/", "https://example.com/a%20b/api"}
	ids := []string{"il_9cT2mQ4xR7-k", "a b&c=d", "ä/?#", ""}
	yes, no := true, false
	lists := []ListLinksParams{
		{},
		{Limit: 20, SupplierID: 13991055489669749},
		{Limit: 1000, Offset: 3000, Order: OrderAscending, OrderBy: InstalmentLinkOrderByCreated, Opened: &yes,
			PublicID: "il_x", SupplierID: 1, AccessibleTo: 2, CreatedBy: 3},
		{Opened: &no, PublicID: "a b&c", Order: "weird order"},
		{Offset: -1, SupplierID: -5},
	}
	creates := []gen.InstalmentLinkCreate{
		{},
		{SupplierID: 13991055489669749, InvoiceAmount: decimal.RequireFromString("422.42"), InviteeEmail: "casey@customer.example",
			InvoiceIdentifier: "INV-7", Communicate: true},
		{SupplierID: 1, InvoiceAmount: decimal.RequireFromString("0.01"), InviteeEmail: openapi_types.Email("a@b.c"),
			InvoiceIdentifier: "<&\"é\">", Denomination: ptr(DenominationNZD), Nomenclature: ptr(SaleNomenclatureOrder), InviteePhone: ptr("+61 400 000 000")},
	}
	for _, ep := range endpoints {
		c, err := NewClient(WithBaseURL(ep))
		if err != nil {
			t.Fatal(err)
		}
		server := c.endpoint.String() + "/" // what genClient gives gen
		for _, id := range ids {
			ours, err := c.newRequest(ctx, http.MethodGet, "/instalment-link", make(query, 0, 64).str("public_id", id), nil)
			theirs, gerr := gen.NewGetInstalmentLinkRequest(server, &gen.GetInstalmentLinkParams{PublicID: id})
			sameRequest(t, "get "+id+" on "+ep, ours, err, theirs, gerr)
		}
		for _, p := range lists {
			ours, err := c.newRequest(ctx, http.MethodGet, "/instalment-link/list", listLinksQuery(p), nil)
			theirs, gerr := gen.NewListInstalmentLinksRequest(server, &gen.ListInstalmentLinksParams{
				Limit: ptr(p.Limit), Offset: ptr(p.Offset), Order: ptr(p.Order), OrderBy: ptr(p.OrderBy), Opened: p.Opened,
				PublicID: ptr(p.PublicID), SupplierID: ptr(p.SupplierID), AccessibleTo: ptr(p.AccessibleTo), CreatedBy: ptr(p.CreatedBy),
			})
			sameRequest(t, "list on "+ep, ours, err, theirs, gerr)
		}
		for _, b := range creates {
			ours, err := c.newRequest(ctx, http.MethodPost, "/instalment-link", nil, b)
			theirs, gerr := gen.NewCreateInstalmentLinkRequest(server, b)
			sameRequest(t, "create on "+ep, ours, err, theirs, gerr)
		}
	}
}

// A parameter the contract adds to the list must be added to listLinksQuery
// (and to ListLinksParams).
func TestListLinksQueryKnowsEveryParameter(t *testing.T) {
	var got []string
	for f := range reflect.TypeFor[gen.ListInstalmentLinksParams]().Fields() {
		got = append(got, f.Tag.Get("form"))
	}
	want := []string{"limit,omitempty", "offset,omitempty", "order,omitempty", "order_by,omitempty", "opened,omitempty",
		"public_id,omitempty", "supplier_id,omitempty", "accessible_to,omitempty", "created_by,omitempty"}
	if !slices.Equal(got, want) {
		t.Errorf("gen.ListInstalmentLinksParams has %q; listLinksQuery sends %q, in that order", got, want)
	}
}

func sameRequest(t *testing.T, what string, ours *http.Request, err error, theirs *http.Request, gerr error) {
	t.Helper()
	if (err != nil) != (gerr != nil) {
		t.Errorf("%s: error %v; gen's %v", what, err, gerr)
		return
	}
	if err != nil {
		return
	}
	if ours.Method != theirs.Method || ours.URL.String() != theirs.URL.String() || ours.Host != theirs.Host {
		t.Errorf("%s:\n ours %s %s (host %s)\n gen's %s %s (host %s)", what, ours.Method, ours.URL, ours.Host, theirs.Method, theirs.URL, theirs.Host)
	}
	if !reflect.DeepEqual(ours.Header, theirs.Header) {
		t.Errorf("%s: headers %v; gen's %v", what, ours.Header, theirs.Header)
	}
	if ours.ContentLength != theirs.ContentLength || (ours.GetBody == nil) != (theirs.GetBody == nil) {
		t.Errorf("%s: content length %d, GetBody %t; gen's %d, %t", what, ours.ContentLength, ours.GetBody != nil, theirs.ContentLength, theirs.GetBody != nil)
	}
	if body(t, ours) != body(t, theirs) {
		t.Errorf("%s: body %s; gen's %s", what, body(t, ours), body(t, theirs))
	}
}

func body(t *testing.T, r *http.Request) string {
	t.Helper()
	if r.GetBody == nil {
		return ""
	}
	rc, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
