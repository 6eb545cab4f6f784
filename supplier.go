package procuret

import (
	"context"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// GetSupplier returns the profile of the supplier whose entity ID is
// supplierID: entity, brand, term rates and limits. It needs no session but
// sends the client's when it has one.
//
// API: GET /supplier
func (c *Client) GetSupplier(ctx context.Context, supplierID int64) (*Supplier, error) {
	v := opGetSupplier.check()
	v.id("supplier_id", supplierID)
	return invoke[Supplier](ctx, c, call{op: &opGetSupplier}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetSupplier(ctx, &gen.GetSupplierParams{SupplierID: &supplierID})
	})
}

// GetSupplierByPublicID is GetSupplier by the supplier's short public ID (its
// entity's PublicIDShort, e.g. "DEMOSUP").
//
// API: GET /supplier
func (c *Client) GetSupplierByPublicID(ctx context.Context, publicID string) (*Supplier, error) {
	v := opGetSupplier.check()
	v.publicID("public_id", publicID)
	return invoke[Supplier](ctx, c, call{op: &opGetSupplier}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetSupplier(ctx, &gen.GetSupplierParams{PublicID: &publicID})
	})
}

// GetTermRateGroup returns the group of term rates with this public ID.
//
// API: GET /term-rate/group
func (c *Client) GetTermRateGroup(ctx context.Context, publicID string) (*TermRateGroup, error) {
	v := opGetTermRateGroup.check()
	v.publicID("public_id", publicID)
	return invoke[TermRateGroup](ctx, c, call{op: &opGetTermRateGroup}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetTermRateGroup(ctx, &gen.GetTermRateGroupParams{PublicID: publicID})
	})
}
