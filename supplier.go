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
	const op = "get supplier"
	v := checker{op: op}
	v.id("supplier_id", supplierID)
	return c.getSupplier(ctx, op, v, &gen.GetSupplierParams{SupplierID: &supplierID})
}

// GetSupplierByPublicID is GetSupplier by the supplier's short public ID (its
// entity's PublicIDShort, e.g. "DEMOSUP").
//
// API: GET /supplier
func (c *Client) GetSupplierByPublicID(ctx context.Context, publicID string) (*Supplier, error) {
	const op = "get supplier"
	v := checker{op: op}
	v.publicID("public_id", publicID)
	return c.getSupplier(ctx, op, v, &gen.GetSupplierParams{PublicID: &publicID})
}

func (c *Client) getSupplier(ctx context.Context, op string, v checker, params *gen.GetSupplierParams) (*Supplier, error) {
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := do[Supplier](ctx, c, call{op: op}, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetSupplier(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// GetTermRateGroup returns the group of term rates with this public ID.
//
// API: GET /term-rate/group
func (c *Client) GetTermRateGroup(ctx context.Context, publicID string) (*TermRateGroup, error) {
	const op = "get term rate group"
	v := checker{op: op}
	v.publicID("public_id", publicID)
	return get[TermRateGroup](ctx, c, op, v, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetTermRateGroup(ctx, &gen.GetTermRateGroupParams{PublicID: publicID})
	})
}
