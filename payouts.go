package procuret

import (
	"context"
	"iter"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// ListPayoutsParams filter and page ListSupplierPayouts. Zero values leave a
// filter out.
type ListPayoutsParams struct {
	Limit       int                   // page size, 1–1000; 0 for the API's default (20)
	Offset      int                   // how many payouts to skip
	Order       Order                 // OrderAscending or OrderDescending (the API's default)
	OrderBy     SupplierPayoutOrderBy // SupplierPayoutOrderByExecuted (the default) or SupplierPayoutOrderByCreated
	AnyFragment string                // text in the public ID, a settled invoice identifier or the customer name, 1–200 characters
	SupplierID  int64                 // only payouts to this supplier
	PublicID    string                // only the payout with this public ID
}

// ListSupplierPayouts returns one page of the payouts Procuret made to the
// session's suppliers, each with the invoices it settles
// (RelatedInvoiceIds), newest first unless p says otherwise.
// AllSupplierPayouts walks every page.
//
// API: GET /supplier/payout/list
func (c *Client) ListSupplierPayouts(ctx context.Context, p ListPayoutsParams) ([]SupplierPayout, error) {
	v := opListSupplierPayouts.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalText("any_fragment", p.AnyFragment, 200)
	v.optionalID("supplier_id", p.SupplierID)
	v.optionalPublicID("public_id", p.PublicID)
	params := &gen.ListSupplierPayoutsParams{
		Limit:       ptr(p.Limit),
		Offset:      ptr(p.Offset),
		Order:       ptr(p.Order),
		OrderBy:     ptr(p.OrderBy),
		AnyFragment: ptr(p.AnyFragment),
		SupplierID:  ptr(p.SupplierID),
		PublicID:    ptr(p.PublicID),
	}
	return list(invoke[[]SupplierPayout](ctx, c, call{op: &opListSupplierPayouts}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListSupplierPayouts(ctx, params)
	}))
}

// AllSupplierPayouts returns every payout ListSupplierPayouts would return
// for p, page after page, as AllInstalmentLinks does for links.
//
// API: GET /supplier/payout/list, repeatedly
func (c *Client) AllSupplierPayouts(ctx context.Context, p ListPayoutsParams) iter.Seq2[SupplierPayout, error] {
	return paginate("list supplier payouts", p.Limit, p.Offset,
		func(limit, offset int) ([]SupplierPayout, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListSupplierPayouts(ctx, q)
		},
		func(s *SupplierPayout) (string, *Disposition) { return s.PublicID, present(&s.Disposition) })
}
