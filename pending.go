package procuret

import (
	"context"
	"iter"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// ListPendingParams filter and page ListPendingSeries. Zero values (and nil
// pointers) leave a filter out. The API takes no order: newest first.
type ListPendingParams struct {
	Limit                      int   // page size, 1–1000; 0 for the API's default (20)
	Offset                     int   // how many plans to skip
	SupplierID                 int64 // only plans with this supplier
	BusinessID                 int64 // only plans of this customer business
	HumanID                    int64 // only plans this person (agent ID) committed to
	AwaitingIdentityAssessment *bool // only plans that are (true) or are not (false) waiting for an identity assessment
	AwaitingCreditAssessment   *bool // only plans that are (true) or are not (false) waiting for a credit assessment
}

// ListPendingSeries returns one page of the instalment plans customers
// committed to that are not yet payment series: waiting for an identity
// assessment, a credit assessment, or neither. AllPendingSeries walks every
// page.
//
// API: GET /payment-series/pending/list
func (c *Client) ListPendingSeries(ctx context.Context, p ListPendingParams) ([]PendingSeries, error) {
	v := opListPendingSeries.check()
	v.page(p.Limit, p.Offset)
	v.optionalID("supplier_id", p.SupplierID)
	v.optionalID("business_id", p.BusinessID)
	v.optionalID("human_id", p.HumanID)
	params := &gen.ListPendingSeriesParams{
		Limit:                      ptr(p.Limit),
		Offset:                     ptr(p.Offset),
		SupplierID:                 ptr(p.SupplierID),
		BusinessID:                 ptr(p.BusinessID),
		HumanID:                    ptr(p.HumanID),
		AwaitingIdentityAssessment: p.AwaitingIdentityAssessment,
		AwaitingCreditAssessment:   p.AwaitingCreditAssessment,
	}
	return list(invoke[[]PendingSeries](ctx, c, call{op: &opListPendingSeries}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListPendingSeries(ctx, params)
	}))
}

// AllPendingSeries returns every plan ListPendingSeries would return for p,
// page after page, as AllInstalmentLinks does for links.
//
// API: GET /payment-series/pending/list, repeatedly
func (c *Client) AllPendingSeries(ctx context.Context, p ListPendingParams) iter.Seq2[PendingSeries, error] {
	return paginate("list pending series", p.Limit, p.Offset,
		func(limit, offset int) ([]PendingSeries, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListPendingSeries(ctx, q)
		},
		func(s *PendingSeries) (string, *Disposition) { return s.Exchange.PublicID, present(&s.Disposition) })
}
