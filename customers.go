package procuret

import (
	"context"
	"iter"
	"net/http"
	"strconv"

	"github.com/procuret/procuret-go/gen"
)

// ListEntitiesParams filter, page and sort ListEntities. Zero values leave a
// filter out.
type ListEntitiesParams struct {
	Limit        int           // page size, 1–1000; 0 for the API's default (20)
	Offset       int           // how many entities to skip
	Order        Order         // OrderAscending or OrderDescending (the API's default)
	OrderBy      EntityOrderBy // EntityOrderByName (the default), Created or Modified
	AccessibleTo int64         // only entities this agent may also see
	NameFragment string        // text in the legal or trading name, 1–200 characters
}

// ListEntities returns one page of the legal entities the session can see:
// its own, and the suppliers and customers it deals with. AllEntities walks
// every page.
//
// API: GET /entity/list
func (c *Client) ListEntities(ctx context.Context, p ListEntitiesParams) ([]Entity, error) {
	v := opListEntities.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalID("accessible_to", p.AccessibleTo)
	v.optionalText("name_fragment", p.NameFragment, 200)
	params := &gen.ListEntitiesParams{
		Limit:        ptr(p.Limit),
		Offset:       ptr(p.Offset),
		Order:        ptr(p.Order),
		OrderBy:      ptr(p.OrderBy),
		AccessibleTo: ptr(p.AccessibleTo),
		NameFragment: ptr(p.NameFragment),
	}
	return list(invoke[[]Entity](ctx, c, call{op: &opListEntities}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListEntities(ctx, params)
	}))
}

// AllEntities returns every entity ListEntities would return for p, page
// after page, as AllInstalmentLinks does for links.
//
// API: GET /entity/list, repeatedly
func (c *Client) AllEntities(ctx context.Context, p ListEntitiesParams) iter.Seq2[Entity, error] {
	return paginate("list entities", p.Limit, p.Offset,
		func(limit, offset int) ([]Entity, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListEntities(ctx, q)
		},
		func(e *Entity) (string, *Disposition) {
			return strconv.FormatInt(e.PublicID, 10), present(&e.Disposition)
		})
}

// GetBusiness returns the customer business with this entity ID. An entity
// that is not a business is ErrNotFound.
//
// API: GET /business
func (c *Client) GetBusiness(ctx context.Context, businessID int64) (*Business, error) {
	v := opGetBusiness.check()
	v.id("business_id", businessID)
	return invoke[Business](ctx, c, call{op: &opGetBusiness}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetBusiness(ctx, &gen.GetBusinessParams{BusinessID: businessID})
	})
}

// ListBusinessesParams filter, page and sort ListBusinesses. Zero values (and
// nil pointers) leave a filter out.
type ListBusinessesParams struct {
	Limit             int             // page size, 1–1000; 0 for the API's default (20)
	Offset            int             // how many businesses to skip
	Order             Order           // OrderAscending (this list's default) or OrderDescending
	OrderBy           BusinessOrderBy // BusinessOrderByCreated (the default), Name, LastTransactionTime or LastTransactionCount
	AnyFragment       string          // text in the legal or trading name, 1–200 characters
	AccessibleTo      int64           // only businesses this agent may also see
	HasTransacted     *bool           // only businesses with (true) or without (false) a payment series
	HasTransactedWith int64           // only businesses with a payment series with this supplier
}

// ListBusinesses returns one page of the customer businesses the session can
// see: a supplier's customers, a business's own. Unlike other lists it is
// ascending unless p says otherwise (the API's default here).
// AllBusinesses walks every page.
//
// API: GET /business/list
func (c *Client) ListBusinesses(ctx context.Context, p ListBusinessesParams) ([]Business, error) {
	v := opListBusinesses.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalText("any_fragment", p.AnyFragment, 200)
	v.optionalID("accessible_to", p.AccessibleTo)
	v.optionalID("has_transacted_with", p.HasTransactedWith)
	params := &gen.ListBusinessesParams{
		Limit:             ptr(p.Limit),
		Offset:            ptr(p.Offset),
		Order:             ptr(p.Order),
		OrderBy:           ptr(p.OrderBy),
		AnyFragment:       ptr(p.AnyFragment),
		AccessibleTo:      ptr(p.AccessibleTo),
		HasTransacted:     p.HasTransacted,
		HasTransactedWith: ptr(p.HasTransactedWith),
	}
	return list(invoke[[]Business](ctx, c, call{op: &opListBusinesses}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListBusinesses(ctx, params)
	}))
}

// AllBusinesses returns every business ListBusinesses would return for p,
// page after page, as AllInstalmentLinks does for links.
//
// API: GET /business/list, repeatedly
func (c *Client) AllBusinesses(ctx context.Context, p ListBusinessesParams) iter.Seq2[Business, error] {
	return paginate("list businesses", p.Limit, p.Offset,
		func(limit, offset int) ([]Business, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListBusinesses(ctx, q)
		},
		func(b *Business) (string, *Disposition) {
			return strconv.FormatInt(b.Entity.PublicID, 10), present(&b.Disposition)
		})
}

// ListSuppliersParams filter, page and sort ListSuppliers. Zero values (and
// nil pointers) leave a filter out.
type ListSuppliersParams struct {
	Limit                int             // page size, 1–1000; 0 for the API's default (20)
	Offset               int             // how many suppliers to skip
	Order                Order           // OrderAscending or OrderDescending (the API's default)
	OrderBy              SupplierOrderBy // SupplierOrderByLegalName (the default), Created, Modified, BrandName, TransactionCount or LastTransactionTime
	AnyName              string          // text in the legal, trading or brand name, 1–200 characters
	AccessibleTo         int64           // only suppliers this agent may also see
	LegalName            string          // only the supplier with exactly this legal name (case-insensitive)
	BrandName            string          // only suppliers with exactly this brand name (case-insensitive)
	AuthorisedToTransact *bool           // only suppliers that are (true) or are not (false) authorised to transact
	HasBrand             *bool           // only suppliers with (true) or without (false) a brand
	HasTransacted        *bool           // only suppliers with (true) or without (false) a payment series
	DefaultDenomination  Denomination    // only suppliers whose default currency is this one
	Searchable           *bool           // only suppliers customers can (true) or cannot (false) find by name
	Active               *bool           // only active (true) or inactive (false) suppliers
}

// ListSuppliers returns one page of the suppliers the session can see: a
// supplier's own, those a business deals with, every one for an
// administrator. AllSuppliers walks every page.
//
// API: GET /supplier/list
func (c *Client) ListSuppliers(ctx context.Context, p ListSuppliersParams) ([]Supplier, error) {
	v := opListSuppliers.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalText("any_name", p.AnyName, 200)
	v.optionalID("accessible_to", p.AccessibleTo)
	v.optionalText("legal_name", p.LegalName, 200)
	v.optionalText("brand_name", p.BrandName, 200)
	enum(&v, "default_denomination", p.DefaultDenomination, true)
	params := &gen.ListSuppliersParams{
		Limit:                ptr(p.Limit),
		Offset:               ptr(p.Offset),
		Order:                ptr(p.Order),
		OrderBy:              ptr(p.OrderBy),
		AnyName:              ptr(p.AnyName),
		AccessibleTo:         ptr(p.AccessibleTo),
		LegalName:            ptr(p.LegalName),
		BrandName:            ptr(p.BrandName),
		AuthorisedToTransact: p.AuthorisedToTransact,
		HasBrand:             p.HasBrand,
		HasTransacted:        p.HasTransacted,
		DefaultDenomination:  ptr(p.DefaultDenomination),
		Searchable:           p.Searchable,
		Active:               p.Active,
	}
	return list(invoke[[]Supplier](ctx, c, call{op: &opListSuppliers}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListSuppliers(ctx, params)
	}))
}

// AllSuppliers returns every supplier ListSuppliers would return for p, page
// after page, as AllInstalmentLinks does for links.
//
// API: GET /supplier/list, repeatedly
func (c *Client) AllSuppliers(ctx context.Context, p ListSuppliersParams) iter.Seq2[Supplier, error] {
	return paginate("list suppliers", p.Limit, p.Offset,
		func(limit, offset int) ([]Supplier, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListSuppliers(ctx, q)
		},
		func(s *Supplier) (string, *Disposition) {
			return strconv.FormatInt(s.Entity.PublicID, 10), present(&s.Disposition)
		})
}

// CreateSupplier makes the entity entityID, which the session's agent holds,
// a supplier, and returns the new supplier. It is not authorised to transact
// until Procuret authorises it. An entity that is already a supplier is
// ErrUnprocessable. Not idempotent in effect: a second call fails with
// ErrUnprocessable, which also tells a caller whose first call had an
// unknown outcome that it succeeded.
//
// API: POST /supplier
func (c *Client) CreateSupplier(ctx context.Context, entityID int64) (*Supplier, error) {
	v := opCreateSupplier.check()
	v.id("entity_id", entityID)
	return invoke[Supplier](ctx, c, call{op: &opCreateSupplier}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.CreateSupplier(ctx, gen.SupplierCreate{EntityID: entityID})
	})
}
