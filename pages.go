package procuret

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// DefaultPageSize is the page size AllInstalmentLinks and AllPaymentSeries
// ask for when the params leave Limit at 0.
const DefaultPageSize = 100

// ErrPageRepeated is yielded, wrapped, by AllInstalmentLinks and
// AllPaymentSeries when the server answers a page that does not advance past
// the previous one, which would otherwise loop forever: its first item's
// position (the disposition's sequence) is not past the previous page's, or,
// for items without a disposition, its first item is the previous page's.
var ErrPageRepeated = errors.New("procuret: the server repeated a page")

// AllInstalmentLinks returns every link ListInstalmentLinks would return for
// p, page after page: p.Limit links per request (0: DefaultPageSize), starting
// at p.Offset and stopping after a short or empty page. It holds one page at a
// time, so memory stays flat however long the list. An error (a failed page,
// input refused, ErrPageRepeated) is yielded once, with the zero link, and
// ends the sequence. Breaking out of the loop stops paging.
//
//	for link, err := range client.AllInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: id}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(link.PublicID)
//	}
//
// Each page is a call of its own: retried, and bounded by the client's
// timeout, on its own. A list that changes while it is walked may show an item
// twice or skip one, as offset paging does.
//
// API: GET /instalment-link/list, repeatedly
func (c *Client) AllInstalmentLinks(ctx context.Context, p ListLinksParams) iter.Seq2[InstalmentLink, error] {
	return paginate("list instalment links", p.Limit, p.Offset,
		func(limit, offset int) ([]InstalmentLink, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListInstalmentLinks(ctx, q)
		},
		func(l *InstalmentLink) (string, *Disposition) { return l.PublicID, present(&l.Disposition) })
}

// AllPaymentSeries returns every payment series ListPaymentSeries would
// return for p, page after page, as AllInstalmentLinks does for links.
//
// API: GET /payment/series/list, repeatedly
func (c *Client) AllPaymentSeries(ctx context.Context, p ListSeriesParams) iter.Seq2[PaymentSeries, error] {
	return paginate("list payment series", p.Limit, p.Offset,
		func(limit, offset int) ([]PaymentSeries, error) {
			q := p
			q.Limit, q.Offset = limit, offset
			return c.ListPaymentSeries(ctx, q)
		},
		func(s *PaymentSeries) (string, *Disposition) { return s.PublicID, present(&s.Disposition) })
}

// paginate walks a list by limit and offset. key gives an item's public ID
// and disposition, to notice a server that does not advance.
func paginate[T any](op string, limit, offset int, list func(limit, offset int) ([]T, error), key func(*T) (string, *Disposition)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if limit == 0 {
			limit = DefaultPageSize
		}
		prevFirst, prevSeq := "", -1
		for {
			page, err := list(limit, offset)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(page) == 0 {
				return
			}
			// A page that starts where the last one did: by position when
			// the API says (a list that grew at its head shifts items into
			// the next page, which is not a repeat), else by first item.
			first, d := key(&page[0])
			repeated := first != "" && first == prevFirst
			if d != nil && prevSeq >= 0 {
				repeated = d.Sequence <= prevSeq
			}
			if repeated {
				yield(zero, fmt.Errorf("procuret: %s: %w at offset %d (first item %q); stopped", op, ErrPageRepeated, offset, clip(first)))
				return
			}
			prevFirst = first
			if d != nil {
				prevSeq = d.Sequence
			}
			for i := range page {
				if !yield(page[i], nil) {
					return
				}
			}
			if len(page) < limit {
				return
			}
			offset += len(page)
			if _, last := key(&page[len(page)-1]); last != nil && last.Count > 0 && offset >= last.Count {
				return
			}
			page = nil // let the page go before the next one arrives
		}
	}
}

// present returns d, or nil for the zero Disposition of an item that came
// without one.
func present(d *Disposition) *Disposition {
	if *d == (Disposition{}) {
		return nil
	}
	return d
}
