package procuret

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/procuret/procuret-go/sandbox"
)

func TestAllInstalmentLinks(t *testing.T) {
	e := startSandbox(t, nil)
	const n = 23
	for i := range n {
		if _, err := e.c.CreateInstalmentLink(t.Context(), linkParams(i)); err != nil {
			t.Fatal(err)
		}
	}
	want, err := e.c.ListInstalmentLinks(t.Context(), ListLinksParams{Limit: 1000, SupplierID: sandbox.DefaultSupplierID})
	if err != nil || len(want) != n {
		t.Fatalf("ListInstalmentLinks = %d links, %v", len(want), err)
	}
	before := e.wire.count("GET /instalment-link/list")
	var got []string
	for l, err := range e.c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 5, SupplierID: sandbox.DefaultSupplierID}) {
		if err != nil {
			t.Fatal(err)
		}
		if l.URL() == "" {
			t.Errorf("link %s has no URL", l.PublicID)
		}
		got = append(got, l.PublicID)
	}
	if len(got) != n {
		t.Fatalf("walked %d links, want %d", len(got), n)
	}
	for i := range want {
		if got[i] != want[i].PublicID {
			t.Errorf("link %d = %s, want %s", i, got[i], want[i].PublicID)
		}
	}
	if pages := e.wire.count("GET /instalment-link/list") - before; pages != 5 {
		t.Errorf("fetched %d pages of 5 for %d links, want 5", pages, n)
	}

	// Starting at an offset, with the default page size.
	var rest int
	for _, err := range e.c.AllInstalmentLinks(t.Context(), ListLinksParams{Offset: 20}) {
		if err != nil {
			t.Fatal(err)
		}
		rest++
	}
	if rest != n-20 {
		t.Errorf("from offset 20: %d links, want %d", rest, n-20)
	}

	// Breaking out stops paging.
	before = e.wire.count("GET /instalment-link/list")
	seen := 0
	for _, err := range e.c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen++; seen == 6 {
			break
		}
	}
	if pages := e.wire.count("GET /instalment-link/list") - before; pages != 2 {
		t.Errorf("broke after 6 links of pages of 4 but fetched %d pages", pages)
	}

	// Exactly a whole number of pages: the count in the disposition saves
	// asking for an empty page.
	before = e.wire.count("GET /instalment-link/list")
	for _, err := range e.c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: n}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if pages := e.wire.count("GET /instalment-link/list") - before; pages != 1 {
		t.Errorf("fetched %d pages, want 1", pages)
	}
}

func TestAllPaymentSeries(t *testing.T) {
	e := startSandbox(t, nil)
	var got []string
	for s, err := range e.c.AllPaymentSeries(t.Context(), ListSeriesParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.PublicID)
	}
	if len(got) != 1 || got[0] != "ps_demo1" {
		t.Errorf("series = %v", got)
	}
}

func TestAllInstalmentLinksErrors(t *testing.T) {
	e := startSandbox(t, nil)
	// Input refused: one error, nothing sent.
	var errs []error
	for l, err := range e.c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 5000}) {
		if l.PublicID != "" {
			t.Errorf("yielded %s with an error", l.PublicID)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrInvalidInput) || e.wire.total() != 0 {
		t.Errorf("errors = %v, sent %d", errs, e.wire.total())
	}
	// A page that fails after its retries: one error, the end.
	e.sb.SetFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status500}})
	errs = nil
	for _, err := range e.c.AllPaymentSeries(t.Context(), ListSeriesParams{}) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrServerError) {
		t.Errorf("errors = %v", errs)
	}
}

// pagesServer serves GET /instalment-link/list from page(limit, offset).
func pagesServer(t *testing.T, page func(limit, offset int) []string) (*Client, *atomic.Int64) {
	c, mux, _ := setup(t)
	var n atomic.Int64
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("["))
		for i, item := range page(limit, offset) {
			if i > 0 {
				w.Write([]byte(","))
			}
			w.Write([]byte(item))
		}
		w.Write([]byte("]"))
	})
	return c, &n
}

func linkJSON(id string, seq, count, limit, offset int) string {
	return fmt.Sprintf(`{"public_id":%q,"created":"2026-11-27 03:14:15.926535","supplier":{"entity_id":1,"legal_entity_name":"S"},`+
		`"invoice_amount":"1.00","invoice_identifier":"I","opens":[],"sale_name":1,"allow_edit":false,"denomination_id":1,`+
		`"disposition":{"sequence":%d,"count":%d,"limit":%d,"offset":%d}}`, id, seq, count, limit, offset)
}

// TestAllInstalmentLinksGrowingList: links created at the head of a
// newest-first list while it is walked push a whole page along; the
// positions still advance, so that is no repeat.
func TestAllInstalmentLinksGrowingList(t *testing.T) {
	var grown atomic.Int64
	c, _ := pagesServer(t, func(limit, offset int) []string {
		shift := int(grown.Add(int64(limit))) - limit // each request, limit new links
		var out []string
		for i := offset; i < min(offset+limit, 50); i++ {
			out = append(out, linkJSON("il_"+strconv.Itoa(i-shift), i, 50+shift, limit, offset))
		}
		return out
	})
	n := 0
	for _, err := range c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 50 {
		t.Errorf("walked %d links, want 50", n)
	}
}

func TestAllInstalmentLinksRepeatedPage(t *testing.T) {
	for _, tc := range []struct {
		name string
		page func(limit, offset int) []string
	}{
		{"same page every time", func(limit, offset int) []string {
			var out []string
			for i := range limit {
				out = append(out, linkJSON(fmt.Sprintf("il_%d", i), i, 1000, limit, 0))
			}
			return out
		}},
		{"same page without positions", func(limit, offset int) []string {
			var out []string
			for i := range limit {
				out = append(out, strings.Replace(linkJSON(fmt.Sprintf("il_%d", i), 0, 0, 0, 0), `,"disposition":{"sequence":0,"count":0,"limit":0,"offset":0}`, "", 1))
			}
			return out
		}},
		{"new IDs, same positions", func(limit, offset int) []string {
			var out []string
			for i := range limit {
				out = append(out, linkJSON(fmt.Sprintf("il_%d", offset+i), i, 1000, limit, 0))
			}
			return out
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, requests := pagesServer(t, tc.page)
			var items int
			var errs []error
			for _, err := range c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 10}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items++
			}
			if items != 10 || len(errs) != 1 || !errors.Is(errs[0], ErrPageRepeated) || requests.Load() != 2 {
				t.Errorf("%d items, errors %v, %d requests; want the first page, then ErrPageRepeated", items, errs, requests.Load())
			}
		})
	}
}

// TestAllInstalmentLinksFlatMemory walks 60,000 links in pages of 1,000 and
// checks that the heap after the last page is no bigger than after the
// tenth: only one page is ever held.
func TestAllInstalmentLinksFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 60,000 links")
	}
	const total = 60000
	c, _ := pagesServer(t, func(limit, offset int) []string {
		var out []string
		for i := offset; i < min(offset+limit, total); i++ {
			out = append(out, linkJSON("il_"+strconv.Itoa(i), i, total, limit, offset))
		}
		return out
	})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var n int
	var at10 uint64
	for l, err := range c.AllInstalmentLinks(t.Context(), ListLinksParams{Limit: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := "il_" + strconv.Itoa(n); l.PublicID != want {
			t.Fatalf("link %d = %s, want %s", n, l.PublicID, want)
		}
		n++
		if n == 10*1000+1 {
			at10 = heap()
		}
	}
	end := heap()
	if n != total {
		t.Fatalf("walked %d links, want %d", n, total)
	}
	if end > at10+4<<20 {
		t.Errorf("heap grew from %d KiB (page 10) to %d KiB (page 60)", at10>>10, end>>10)
	}
	t.Logf("heap: %d KiB at page 10, %d KiB at the end", at10>>10, end>>10)
}
