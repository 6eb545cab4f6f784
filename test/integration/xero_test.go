package integration

import (
	"context"
	"testing"
)

// itXeroOps are TestIntegrationEveryOperation's rows for the Xero look-ups.
func itXeroOps(f *itFixture) []itOp {
	cust, supplier, customer := f.cust, f.supplier, f.customer
	return []itOp{
		{
			method: "GetXeroEntityMap",
			run: func(t *testing.T) {
				m, err := supplier.GetXeroEntityMap(t.Context(), itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if m.EntityID != itSupplierID {
					t.Errorf("map = %+v", m)
				}
				// The customer business is not connected: 404 is the normal answer.
				_, err = customer.GetXeroEntityMap(t.Context(), cust.EntityID)
				itNotFound(t, err, "24681357924681357")
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetXeroEntityMap(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetXeroOrganisation",
			run: func(t *testing.T) {
				o, err := supplier.GetXeroOrganisation(t.Context(), itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if o.EntityID != itSupplierID || o.ShortCode != "!Dmo42" {
					t.Errorf("organisation = %+v", o)
				}
				_, err = customer.GetXeroOrganisation(t.Context(), cust.EntityID)
				itNotFound(t, err, "24681357924681357")
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetXeroOrganisation(ctx, itUnknownEntity)
				return err
			},
		},
	}
}
