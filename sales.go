package procuret

import (
	"context"
	"iter"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// ListSalesParams filter and page ListSupplierSales. Zero values leave a
// filter out.
type ListSalesParams struct {
	Limit       int                 // page size, 1–1000; 0 for the API's default (20)
	Offset      int                 // how many sales to skip
	Order       Order               // OrderAscending or OrderDescending (the API's default)
	OrderBy     SupplierSaleOrderBy // SupplierSaleOrderByCreated (the default)
	AnyFragment string              // text in the invoice identifier, public ID or customer name, 1–200 characters
	BusinessID  int64               // only sales to this customer business
	SupplierID  int64               // only sales of this supplier
	MethodID    string              // only sales paid with this payment method (public ID)
}

// ListSupplierSales returns one page of the sales the session's suppliers
// made: one per instalment plan a customer committed to, newest first unless
// p says otherwise. An empty page is an empty slice. AllSupplierSales walks
// every page.
//
// API: GET /supplier-sale/list
func (c *Client) ListSupplierSales(ctx context.Context, p ListSalesParams) ([]SupplierSale, error) {
	v := opListSupplierSales.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalText("any_fragment", p.AnyFragment, 200)
	v.optionalID("business_id", p.BusinessID)
	v.optionalID("supplier_id", p.SupplierID)
	v.optionalPublicID("method_id", p.MethodID)
	params := &gen.ListSupplierSalesParams{
		Limit:       ptr(p.Limit),
		Offset:      ptr(p.Offset),
		Order:       ptr(p.Order),
		OrderBy:     ptr(p.OrderBy),
		AnyFragment: ptr(p.AnyFragment),
		BusinessID:  ptr(p.BusinessID),
		SupplierID:  ptr(p.SupplierID),
		MethodID:    ptr(p.MethodID),
	}
	return list(invoke[[]SupplierSale](ctx, c, call{op: &opListSupplierSales}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListSupplierSales(ctx, params)
	}))
}

// AllSupplierSales returns every sale ListSupplierSales would return for p,
// page after page, as AllInstalmentLinks does for links.
//
// API: GET /supplier-sale/list, repeatedly
func (c *Client) AllSupplierSales(ctx context.Context, p ListSalesParams) iter.Seq2[SupplierSale, error] {
	return paginate("list supplier sales", p.Limit, p.Offset,
		func(limit, offset int) ([]SupplierSale, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListSupplierSales(ctx, q)
		},
		func(s *SupplierSale) (string, *Disposition) { return s.PublicID, present(&s.Disposition) })
}

// list unwraps a list operation's answer: the page, never nil on success.
func list[T any](page *[]T, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	if *page == nil {
		return []T{}, nil
	}
	return *page, nil
}
