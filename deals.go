package procuret

import (
	"context"
	"iter"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// GetDeal returns the deal behind a commitment (a payment series'
// CommitmentID, or a pending plan's): its credit assessment and its money so
// far. TotalPayable is the sum of the plan's instalments, SumPayments of those
// paid.
//
// API: GET /deal
func (c *Client) GetDeal(ctx context.Context, commitmentID string) (*Deal, error) {
	v := opGetDeal.check()
	v.publicID("commitment_id", commitmentID)
	return invoke[Deal](ctx, c, call{op: &opGetDeal}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetDeal(ctx, &gen.GetDealParams{CommitmentID: commitmentID})
	})
}

// ListDealsParams page and sort ListDeals.
type ListDealsParams struct {
	Limit   int         // page size, 1–1000; 0 for the API's default (20)
	Offset  int         // how many deals to skip
	Order   Order       // OrderAscending or OrderDescending (the API's default)
	OrderBy DealOrderBy // DealOrderByCreated (the default), SupplierName, BusinessName, Value or Outstanding
}

// ListDeals returns one page of the deals the session can see. It sends the
// sort under the keys order and order_by (the Swift SDK sends them under the
// wrong keys, which the contract records). AllDeals walks every page.
//
// API: GET /deal/list
func (c *Client) ListDeals(ctx context.Context, p ListDealsParams) ([]Deal, error) {
	v := opListDeals.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	params := &gen.ListDealsParams{
		Limit:   ptr(p.Limit),
		Offset:  ptr(p.Offset),
		Order:   ptr(p.Order),
		OrderBy: ptr(p.OrderBy),
	}
	return list(invoke[[]Deal](ctx, c, call{op: &opListDeals}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListDeals(ctx, params)
	}))
}

// AllDeals returns every deal ListDeals would return for p, page after page,
// as AllInstalmentLinks does for links.
//
// API: GET /deal/list, repeatedly
func (c *Client) AllDeals(ctx context.Context, p ListDealsParams) iter.Seq2[Deal, error] {
	return paginate("list deals", p.Limit, p.Offset,
		func(limit, offset int) ([]Deal, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListDeals(ctx, q)
		},
		func(d *Deal) (string, *Disposition) { return d.CommitmentID, present(&d.Disposition) })
}
