package sandbox

import (
	"cmp"
	"slices"
	"strings"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
)

// handlers implements the generated strict server over the store. A handler returns its
// success response, or an *apiError that routes.go writes as Procuret's error body. Every
// handler checks everything before it changes anything, so an error changes nothing.
type handlers struct{ s *Sandbox }

var _ sandboxgen.StrictServerInterface = (*handlers)(nil)

// page is a list request's window: limit (default 20), offset (default 0) and order (default
// descending, newest first).
type page struct {
	limit, offset int
	desc          bool
}

func pageOf(limit, offset *int, order *gen.Order) page {
	pg := page{limit: 20, desc: true}
	if limit != nil {
		pg.limit = *limit
	}
	if offset != nil {
		pg.offset = *offset
	}
	if order != nil {
		pg.desc = *order == gen.OrderDescending
	}
	return pg
}

// sortPage sorts items by key in pg's direction, ties broken by creation order (oldest first
// when ascending).
func sortPage[T any](items []T, pg page, key func(a, b T) int, seq func(T) int64) {
	slices.SortStableFunc(items, func(a, b T) int {
		c := cmp.Or(key(a, b), cmp.Compare(seq(a), seq(b)))
		if pg.desc {
			return -c
		}
		return c
	})
}

// lowerPtr is an optional filter, lower-cased ("" when absent).
func lowerPtr(s *string) string {
	if s == nil {
		return ""
	}
	return strings.ToLower(*s)
}

// window returns the page of items and sets each one's disposition: its position in the whole
// result, the whole result's size, and the limit and offset used.
func window[T any](items []T, pg page, set func(*T, *gen.Disposition)) []T {
	out := []T{}
	for i := pg.offset; i < len(items) && len(out) < pg.limit; i++ {
		v := items[i]
		set(&v, &gen.Disposition{Sequence: i, Count: len(items), Limit: pg.limit, Offset: pg.offset})
		out = append(out, v)
	}
	return out
}
