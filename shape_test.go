package procuret

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkCheckShape prices the body check against decoding the same body:
// a link, and a page of 20.
func BenchmarkCheckShape(b *testing.B) {
	link := linkJSON("il_9cT2mQ4xR7", 0, 20, 20, 0)
	page := "[" + strings.TrimSuffix(strings.Repeat(link+",", 20), ",") + "]"
	for _, tc := range []struct {
		name string
		body []byte
		sh   *shape
		v    func() any
	}{
		{"link", []byte(link), opGetInstalmentLink.body, func() any { return new(InstalmentLink) }},
		{"page20", []byte(page), opListInstalmentLinks.body, func() any { return new([]InstalmentLink) }},
	} {
		b.Run(tc.name+"/check", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := checkShape(context.Background(), tc.body, tc.sh); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/unmarshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(tc.body, tc.v()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The check allocates nothing on a body that passes.
func TestCheckShapeAllocatesNothing(t *testing.T) {
	link := []byte(linkJSON("il_1", 0, 1, 20, 0))
	if n := testing.AllocsPerRun(100, func() {
		if err := checkShape(context.Background(), link, opGetInstalmentLink.body); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("checkShape allocates %v times per call", n)
	}
}
