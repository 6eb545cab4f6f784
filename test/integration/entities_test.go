package integration

import (
	"context"
	"testing"

	"github.com/procuret/procuret-go"
)

// itEntityOps are TestIntegrationEveryOperation's rows for commitments, entities and humans.
func itEntityOps(f *itFixture) []itOp {
	acct, cust, supplier := f.acct, f.cust, f.supplier
	return []itOp{
		{
			method: "GetCommitment",
			run: func(t *testing.T) {
				c, err := supplier.GetCommitment(t.Context(), "ex_demo1")
				if err != nil {
					t.Fatal(err)
				}
				if c.PublicID != "cm_demo1" || c.CommittedHuman.FirstName != "Casey" || c.CommittedHuman.PublicID != cust.AgentID ||
					isZero(c.CreatingAgentID) || c.CreatingAgentID != acct.AgentID || c.CurrencyIso4217 == "" || c.CurrencyIso4217 != "AUD" {
					t.Errorf("commitment = %+v", c)
				}
			},
			unknownID: "ex_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetCommitment(ctx, "ex_doesnotexist")
				return err
			},
		},
		{
			method: "GetEntity",
			run: func(t *testing.T) {
				ctx := t.Context()
				en, err := supplier.GetEntity(ctx, itSupplierID)
				if err != nil {
					t.Fatal(err)
				}
				if en.PublicID != itSupplierID || en.PublicIDShort != "DEMOSUP" || en.LegalEntityName != "Demo Supplies Pty Ltd" ||
					isZero(en.HasSupplierRecord) || !en.HasSupplierRecord || len(en.EntityIdentifiers) != 1 ||
					en.EntityIdentifiers[0].Identifier == "" || en.EntityIdentifiers[0].Identifier != "51824753556" {
					t.Errorf("entity = %+v", en)
				}
				// The counterparty of a series the supplier can see.
				biz, err := supplier.GetEntity(ctx, cust.EntityID)
				if err != nil || biz.PublicID != cust.EntityID || biz.LegalEntityName != "Customer Co Pty Ltd" {
					t.Errorf("customer entity = %+v, %v", biz, err)
				}
				// Another supplier: it exists, so 403, not 404.
				_, err = supplier.GetEntity(ctx, itAcmeID)
				itAPIError(t, err, procuret.ErrNotAuthorised)
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetEntity(ctx, itUnknownEntity)
				return err
			},
		},
		{
			method: "GetHuman",
			run: func(t *testing.T) {
				h, err := supplier.GetHuman(t.Context(), acct.AgentID)
				if err != nil {
					t.Fatal(err)
				}
				if h.PublicID != acct.AgentID || h.FirstName != "Dana" || h.LastName != "Demo" || h.EmailAddress.EmailAddress != acct.Email {
					t.Errorf("human = %+v", h)
				}
				c, err := supplier.GetHuman(t.Context(), cust.AgentID)
				if err != nil || c.FirstName != "Casey" || isZero(c.AgentID) || c.AgentID != cust.AgentID {
					t.Errorf("the customer = %+v, %v", c, err)
				}
			},
			unknownID: "9007199254740999",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetHuman(ctx, itUnknownEntity)
				return err
			},
		},
	}
}
