package integration

import (
	"context"
	"slices"
	"testing"

	"github.com/procuret/procuret-go"
)

func TestIntegrationCustomers(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	// Entities: one's own and those one deals with (series and pending plans), by legal name.
	asc := procuret.ListEntitiesParams{Order: procuret.OrderAscending}
	if got, want := entityNames(must(e.supplier.ListEntities(ctx, asc))),
		[]string{"CUSTCO", "DEMOSUP", "HARBOUR", "KIWIFRESH", "LATEPAY", "OUTBACK"}; !slices.Equal(got, want) {
		t.Errorf("the demo supplier's entities = %v, want %v", got, want)
	}
	if got := entityNames(must(e.acme.ListEntities(ctx, asc))); !slices.Equal(got, []string{"ACME", "LATEPAY"}) {
		t.Errorf("Acme's entities = %v", got)
	}
	if got := entityNames(must(e.supplier.ListEntities(ctx, procuret.ListEntitiesParams{NameFragment: "TOOLS"}))); !slices.Equal(got, []string{"OUTBACK"}) {
		t.Errorf("name_fragment: %v", got)
	}
	shared := must(e.supplier.ListEntities(ctx, procuret.ListEntitiesParams{AccessibleTo: 5000000000000005, Order: procuret.OrderAscending, OrderBy: procuret.EntityOrderByCreated}))
	if got := entityNames(shared); !slices.Equal(got, []string{"LATEPAY", "DEMOSUP"}) { // created 2025-01-10, 2025-03-01
		t.Errorf("accessible to Latepay's agent: %v", got)
	}
	if walked := collect(t, e.supplier.AllEntities(ctx, procuret.ListEntitiesParams{Limit: 4})); len(walked) != 6 {
		t.Errorf("AllEntities over pages of 4: %d", len(walked))
	}

	// Businesses: the demo supplier's customers, oldest first by default.
	bizNames := func(bs []procuret.Business) []string {
		out := make([]string, len(bs))
		for i, b := range bs {
			out[i] = b.Entity.PublicIDShort
		}
		return out
	}
	yes, no := true, false
	for _, tc := range []struct {
		p    procuret.ListBusinessesParams
		want []string
	}{
		{procuret.ListBusinessesParams{}, []string{"LATEPAY", "CUSTCO", "HARBOUR", "OUTBACK", "KIWIFRESH"}},
		{procuret.ListBusinessesParams{HasTransacted: &yes}, []string{"LATEPAY", "CUSTCO", "HARBOUR"}},
		{procuret.ListBusinessesParams{HasTransacted: &no}, []string{"OUTBACK", "KIWIFRESH"}},
		{procuret.ListBusinessesParams{HasTransactedWith: mAcmeID}, []string{"LATEPAY"}},
		{procuret.ListBusinessesParams{AnyFragment: "cafe"}, []string{"HARBOUR"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByName, Order: procuret.OrderDescending, Limit: 2}, []string{"OUTBACK", "LATEPAY"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByLastTransactionCount, Order: procuret.OrderDescending, Limit: 1}, []string{"CUSTCO"}},
		{procuret.ListBusinessesParams{OrderBy: procuret.BusinessOrderByLastTransactionTime, Order: procuret.OrderDescending, HasTransacted: &yes}, []string{"CUSTCO", "HARBOUR", "LATEPAY"}},
	} {
		if got := bizNames(must(e.supplier.ListBusinesses(ctx, tc.p))); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
	if walked := collect(t, e.supplier.AllBusinesses(ctx, procuret.ListBusinessesParams{Limit: 2})); len(walked) != 5 {
		t.Errorf("AllBusinesses over pages of 2: %d", len(walked))
	}
	if got := bizNames(must(e.casey.ListBusinesses(ctx, procuret.ListBusinessesParams{}))); !slices.Equal(got, []string{"CUSTCO"}) {
		t.Errorf("Casey sees businesses %v", got)
	}
	b, err := e.supplier.GetBusiness(ctx, mCustCoID)
	if err != nil || b.Entity.LegalEntityName != "Customer Co Pty Ltd" || !b.Entity.HasBusinessRecord {
		t.Errorf("GetBusiness = %+v, %v", b, err)
	}
	_, err = e.supplier.GetBusiness(ctx, itSupplierID) // a supplier, not a business
	itNotFound(t, err, "13991055489669749")
	_, err = e.acme.GetBusiness(ctx, mCustCoID)
	itAPIError(t, err, procuret.ErrNotAuthorised)

	// Suppliers: one's own; a customer's suppliers.
	supNames := func(ss []procuret.Supplier) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = s.Entity.PublicIDShort
		}
		return out
	}
	if got := supNames(must(e.latepay.ListSuppliers(ctx, procuret.ListSuppliersParams{}))); !slices.Equal(got, []string{"DEMOSUP", "ACME"}) {
		t.Errorf("Latepay's suppliers (legal name, descending) = %v", got)
	}
	for _, tc := range []struct {
		p    procuret.ListSuppliersParams
		want []string
	}{
		{procuret.ListSuppliersParams{AnyName: "widgets"}, []string{"ACME"}},
		{procuret.ListSuppliersParams{LegalName: "demo supplies pty ltd"}, []string{"DEMOSUP"}},
		{procuret.ListSuppliersParams{BrandName: "Demo Supplies"}, []string{"DEMOSUP"}},
		{procuret.ListSuppliersParams{HasBrand: &no}, []string{"ACME"}},
		{procuret.ListSuppliersParams{AuthorisedToTransact: &yes, Order: procuret.OrderAscending}, []string{"ACME", "DEMOSUP"}},
		{procuret.ListSuppliersParams{HasTransacted: &yes, OrderBy: procuret.SupplierOrderByTransactionCount}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{OrderBy: procuret.SupplierOrderByLastTransactionTime}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{OrderBy: procuret.SupplierOrderByCreated, Order: procuret.OrderAscending}, []string{"DEMOSUP", "ACME"}},
		{procuret.ListSuppliersParams{DefaultDenomination: procuret.DenominationNZD}, []string{}},
		{procuret.ListSuppliersParams{Searchable: &no}, []string{}},
		{procuret.ListSuppliersParams{Active: &yes, AccessibleTo: 5000000000000001}, []string{"ACME"}},
	} {
		if got := supNames(must(e.latepay.ListSuppliers(ctx, tc.p))); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := supNames(must(e.supplier.ListSuppliers(ctx, procuret.ListSuppliersParams{}))); !slices.Equal(got, []string{"DEMOSUP"}) {
		t.Errorf("the demo supplier sees suppliers %v", got)
	}
	if walked := collect(t, e.latepay.AllSuppliers(ctx, procuret.ListSuppliersParams{Limit: 1})); len(walked) != 2 {
		t.Errorf("AllSuppliers over pages of 1: %d", len(walked))
	}
}

// TestIntegrationCreateSupplier: a business becomes a supplier, unauthorised and without terms
// until Procuret sets it up; it cannot become one twice, nor make another's entity one.
func TestIntegrationCreateSupplier(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	s, err := e.latepay.CreateSupplier(ctx, mLatepayID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entity.PublicID != mLatepayID || s.Authorised || len(s.TermRates) != 0 || !s.Entity.HasSupplierRecord ||
		s.DefaultDenomination.Indexid != procuret.DenominationAUD || s.PayNowFeeMode != procuret.PayNowFeeModeSupplierPays {
		t.Errorf("new supplier = %+v", s)
	}
	got, err := e.anon.GetSupplier(ctx, mLatepayID)
	if err != nil || got.Entity.LegalEntityName != "Latepay Holdings Pty Ltd" {
		t.Errorf("GetSupplier of the new supplier: %v, %v", got, err)
	}
	no := false
	unauth := must(e.latepay.ListSuppliers(ctx, procuret.ListSuppliersParams{AuthorisedToTransact: &no}))
	if len(unauth) != 1 || unauth[0].Entity.PublicID != mLatepayID {
		t.Errorf("unauthorised suppliers Latepay sees: %+v", unauth)
	}
	_, err = e.latepay.CreateSupplier(ctx, mLatepayID)
	itAPIError(t, err, procuret.ErrUnprocessable)
	_, err = e.latepay.CreateSupplier(ctx, mCustCoID)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.latepay.CreateSupplier(ctx, itUnknownEntity)
	itNotFound(t, err, "9007199254740999")
}

// itCustomerOps are TestIntegrationEveryOperation's rows for entities, businesses and
// suppliers. CreateSupplier makes Latepay a supplier, as Latepay's own account.
func itCustomerOps(f *itFixture) []itOp {
	e, supplier := f.e, f.supplier
	return []itOp{
		{method: "ListEntities", run: func(t *testing.T) {
			defer rescue(t)
			if got := entityNames(must(supplier.ListEntities(t.Context(), procuret.ListEntitiesParams{NameFragment: "latepay"}))); !slices.Equal(got, []string{"LATEPAY"}) {
				t.Errorf("entities = %v", got)
			}
		}},
		{method: "AllEntities", run: func(t *testing.T) {
			if got := collect(t, supplier.AllEntities(t.Context(), procuret.ListEntitiesParams{Limit: 2})); len(got) != 6 {
				t.Errorf("AllEntities: %v", entityNames(got))
			}
		}},
		{method: "GetBusiness", run: func(t *testing.T) {
			b, err := supplier.GetBusiness(t.Context(), itLatepayID)
			if err != nil || b.Entity.PublicIDShort != "LATEPAY" {
				t.Errorf("GetBusiness = %+v, %v", b, err)
			}
		}, unknownID: "9007199254740999", unknown: func(ctx context.Context) error {
			_, err := supplier.GetBusiness(ctx, itUnknownEntity)
			return err
		}},
		{method: "ListBusinesses", run: func(t *testing.T) {
			defer rescue(t)
			yes := true
			if got := must(supplier.ListBusinesses(t.Context(), procuret.ListBusinessesParams{HasTransacted: &yes})); len(got) != 2 {
				t.Errorf("businesses with series: %+v", got)
			}
		}},
		{method: "AllBusinesses", run: func(t *testing.T) {
			if got := collect(t, supplier.AllBusinesses(t.Context(), procuret.ListBusinessesParams{Limit: 2})); len(got) != 5 {
				t.Errorf("AllBusinesses: %d", len(got))
			}
		}},
		{method: "ListSuppliers", run: func(t *testing.T) {
			defer rescue(t)
			if got := must(supplier.ListSuppliers(t.Context(), procuret.ListSuppliersParams{})); len(got) != 1 || got[0].Entity.PublicID != itSupplierID {
				t.Errorf("suppliers = %+v", got)
			}
		}},
		{method: "AllSuppliers", run: func(t *testing.T) {
			if got := collect(t, supplier.AllSuppliers(t.Context(), procuret.ListSuppliersParams{Limit: 1})); len(got) != 1 {
				t.Errorf("AllSuppliers: %d", len(got))
			}
		}},
		{method: "CreateSupplier", run: func(t *testing.T) {
			creds, err := e.sb.NewSession("ap@latepay.example", procuret.PerspectiveBusiness, procuret.LifecycleLongLived)
			if err != nil {
				t.Fatal(err)
			}
			s, err := e.anon.Authenticated(creds).CreateSupplier(t.Context(), itLatepayID)
			if err != nil || s.Entity.PublicID != itLatepayID || s.Authorised {
				t.Errorf("CreateSupplier = %+v, %v", s, err)
			}
		}},
	}
}
