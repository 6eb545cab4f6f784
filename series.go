package procuret

import (
	"context"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// GetPaymentSeries returns the payment series (instalment plan) with this
// public ID.
//
// API: GET /payment/series
func (c *Client) GetPaymentSeries(ctx context.Context, publicID string) (*PaymentSeries, error) {
	v := opGetPaymentSeries.check()
	v.publicID("public_id", publicID)
	return invoke[PaymentSeries](ctx, c, call{op: &opGetPaymentSeries}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetPaymentSeries(ctx, &gen.GetPaymentSeriesParams{PublicID: publicID})
	})
}

// ListSeriesParams filter and page ListPaymentSeries. Zero values (and nil
// pointers) leave a filter out.
type ListSeriesParams struct {
	Limit                  int                  // page size, 1–1000; 0 for the API's default (20)
	Offset                 int                  // how many series to skip
	Order                  Order                // OrderAscending or OrderDescending (the API's default)
	OrderBy                PaymentSeriesOrderBy // PaymentSeriesOrderByCreated (the default)
	Fragment               string               // text in the identifier, customer or supplier name, 1–200 characters
	BusinessID             int64                // only series of this customer business
	MethodID               string               // only series paid with this payment method (public ID)
	PublicID               string               // only the series with this public ID
	Completed              *bool                // only completed (true) or running (false) series
	PaymentMechanism       PaymentMechanism     // only series paid through this mechanism
	HasOverdueInstalment   *bool                // only series with (true) or without (false) an overdue instalment
	ActiveInstrument       Instrument           // only series whose active payment method is this instrument
	InstalmentDueBefore    Time                 // only series with an unpaid instalment due before this time
	InstalmentDueAtOrAfter Time                 // only series with an unpaid instalment due at or after this time
	MinOverdueDays         *int                 // only series overdue by at least this many days
	MaxOverdueDays         *int                 // only series overdue by at most this many days
	CollectionsUpToDate    *bool                // only series whose collections are (true) or are not (false) up to date
	WithModifiedInvoice    *bool                // only series whose invoice was (true) or was not (false) modified
}

// ListPaymentSeries returns one page of the payment series the session can
// see; an empty page is an empty slice. AllPaymentSeries walks every page.
//
// API: GET /payment/series/list
func (c *Client) ListPaymentSeries(ctx context.Context, p ListSeriesParams) ([]PaymentSeries, error) {
	v := opListPaymentSeries.check()
	v.page(p.Limit, p.Offset)
	enum(&v, "order", p.Order, true)
	enum(&v, "order_by", p.OrderBy, true)
	v.optionalText("fragment", p.Fragment, 200)
	v.optionalID("business_id", p.BusinessID)
	v.optionalPublicID("method_id", p.MethodID)
	v.optionalPublicID("public_id", p.PublicID)
	enum(&v, "payment_mechanism", p.PaymentMechanism, true)
	enum(&v, "active_instrument", p.ActiveInstrument, true)
	if p.MinOverdueDays != nil && *p.MinOverdueDays < 0 {
		v.fail("min_overdue_days", "must not be negative (got %d)", *p.MinOverdueDays)
	}
	if p.MaxOverdueDays != nil && *p.MaxOverdueDays < 0 {
		v.fail("max_overdue_days", "must not be negative (got %d)", *p.MaxOverdueDays)
	}
	if p.MinOverdueDays != nil && p.MaxOverdueDays != nil && *p.MinOverdueDays > *p.MaxOverdueDays {
		v.fail("min_overdue_days", "is greater than max_overdue_days (%d > %d)", *p.MinOverdueDays, *p.MaxOverdueDays)
	}
	params := &gen.ListPaymentSeriesParams{
		Limit:                  ptr(p.Limit),
		Offset:                 ptr(p.Offset),
		Order:                  ptr(p.Order),
		OrderBy:                ptr(p.OrderBy),
		Fragment:               ptr(p.Fragment),
		BusinessID:             ptr(p.BusinessID),
		MethodID:               ptr(p.MethodID),
		PublicID:               ptr(p.PublicID),
		Completed:              p.Completed,
		PaymentMechanism:       ptr(p.PaymentMechanism),
		HasOverdueInstalment:   p.HasOverdueInstalment,
		ActiveInstrument:       ptr(p.ActiveInstrument),
		InstalmentDueBefore:    ptr(p.InstalmentDueBefore),
		InstalmentDueAtOrAfter: ptr(p.InstalmentDueAtOrAfter),
		MinOverdueDays:         p.MinOverdueDays,
		MaxOverdueDays:         p.MaxOverdueDays,
		CollectionsUpToDate:    p.CollectionsUpToDate,
		WithModifiedInvoice:    p.WithModifiedInvoice,
	}
	ss, err := invoke[[]PaymentSeries](ctx, c, call{op: &opListPaymentSeries}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.ListPaymentSeries(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	return *ss, nil
}

// GetInstalmentSchedule returns every instalment of the payment series
// seriesID (its public ID), with balances and totals.
//
// API: GET /instalment-schedule
func (c *Client) GetInstalmentSchedule(ctx context.Context, seriesID string) (*InstalmentSchedule, error) {
	v := opGetInstalmentSchedule.check()
	v.publicID("series_id", seriesID)
	return invoke[InstalmentSchedule](ctx, c, call{op: &opGetInstalmentSchedule}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetInstalmentSchedule(ctx, &gen.GetInstalmentScheduleParams{SeriesID: seriesID})
	})
}
