package integration

import (
	"context"
	"slices"
	"testing"

	"github.com/procuret/procuret-go"
)

func itCheckDemoSupplier(t *testing.T, s *procuret.Supplier) {
	t.Helper()
	var periods []int
	for _, r := range s.TermRates {
		periods = append(periods, r.Periods)
	}
	if s.Entity.PublicID != itSupplierID || s.Entity.PublicIDShort != "DEMOSUP" || s.Entity.LegalEntityName != "Demo Supplies Pty Ltd" ||
		!s.Authorised || s.DefaultDenomination.Indexid != procuret.DenominationAUD || !slices.Equal(periods, []int{3, 6, 12, 24}) ||
		isZero(s.Brand) || s.Brand.Name != "Demo Supplies" || s.Brand.EntityID != itSupplierID || s.Country.Iso3166A2 != "AU" {
		t.Errorf("supplier = %+v", s)
	}
	if len(s.MaxTransactionSize) != 2 || !s.MaxTransactionSize[0].Magnitude.Equal(itDec("100000")) {
		t.Errorf("max transaction = %+v, want 100000 in AUD and NZD", s.MaxTransactionSize)
	}
}

// itSupplierOps are TestIntegrationEveryOperation's rows for suppliers and their term rate
// groups.
func itSupplierOps(f *itFixture) []itOp {
	e, supplier := f.e, f.supplier
	return []itOp{
		{
			method: "GetSupplier",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "no session": e.anon} {
					s, err := c.GetSupplier(t.Context(), itSupplierID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					itCheckDemoSupplier(t, s)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.GetSupplier(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetSupplierByPublicID",
			run: func(t *testing.T) {
				s, err := e.anon.GetSupplierByPublicID(t.Context(), "DEMOSUP")
				if err != nil {
					t.Fatal(err)
				}
				itCheckDemoSupplier(t, s)
				acme, err := supplier.GetSupplierByPublicID(t.Context(), "ACME")
				if err != nil || acme.Entity.PublicID != itAcmeID {
					t.Errorf("ACME = %+v, %v", acme, err)
				}
			},
			unknownID: "NOSUCHSUP",
			unknown: func(ctx context.Context) error {
				_, err := e.anon.GetSupplierByPublicID(ctx, "NOSUCHSUP")
				return err
			},
		},
		{
			method: "GetTermRateGroup",
			run: func(t *testing.T) {
				g, err := supplier.GetTermRateGroup(t.Context(), "trg_demo")
				if err != nil {
					t.Fatal(err)
				}
				var periods []int
				for _, r := range g.Rates {
					periods = append(periods, r.Periods)
					if r.SupplierEntityID != itSupplierID || !r.PeriodsInYear.Equal(itDec("12")) {
						t.Errorf("rate = %+v", r)
					}
				}
				if g.PublicID != "trg_demo" || !g.Active || !slices.Equal(periods, []int{3, 6, 12, 24}) {
					t.Errorf("group = %+v", g)
				}
				_, err = supplier.GetTermRateGroup(t.Context(), "trg_acme")
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "trg_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetTermRateGroup(ctx, "trg_doesnotexist")
				return err
			},
		},
	}
}
