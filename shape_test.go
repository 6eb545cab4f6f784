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

// The generator sorts every object shape's fields by key, the order in which
// the API sends them, which findBytes guesses first; and findBytes finds
// every key, guessed or not, and no other.
func TestShapeFindBytes(t *testing.T) {
	seen := map[*shape]bool{}
	var walk func(sh *shape, where string)
	walk = func(sh *shape, where string) {
		if sh == nil || seen[sh] {
			return
		}
		seen[sh] = true
		for i, f := range sh.fields {
			if i > 0 && sh.fields[i-1].key >= f.key {
				t.Errorf("%s: field %q after %q: not sorted", where, f.key, sh.fields[i-1].key)
			}
			for _, guess := range []int{-1, 0, i, i + 1, len(sh.fields)} {
				if got := sh.findBytes([]byte(f.key), guess); got != i {
					t.Errorf("%s: findBytes(%q, %d) = %d, want %d", where, f.key, guess, got, i)
				}
			}
			walk(f.shape, where+"."+f.key)
		}
		if got := sh.findBytes([]byte("zz_not_a_key"), 0); sh.kind == shapeObject && got != -1 {
			t.Errorf("%s: findBytes of an unknown key = %d", where, got)
		}
		walk(sh.items, where+"[]")
	}
	for _, op := range operations {
		walk(op.body, op.id)
	}
	if len(seen) < 10 {
		t.Fatalf("walked %d shapes; the operations table looks empty", len(seen))
	}
}

// skipString ends every JSON string where encoding/json does: escaped quotes and
// backslashes on either side of its first 32 bytes, and strings long and short.
func TestSkipString(t *testing.T) {
	var cases []string
	for _, n := range []int{0, 1, 30, 31, 32, 33, 34, 100} {
		pad := strings.Repeat("a", n)
		for _, tail := range []string{``, `"`, `\`, `\"`, `"\`, `\\"`, `\\\\`, "é\u2028", `\u0022`} {
			cases = append(cases, pad+tail, tail+pad, pad+tail+pad)
		}
	}
	// A hostile string of a million escapes: every one is looked at once (a
	// search restarted at each escape took 2 s for half a MiB, minutes for
	// 16), checked for its end here, and for its cost by
	// TestLongEscapedStringsCheckedOnce.
	cases = append(cases, strings.Repeat("\n", 1<<20), strings.Repeat(`\"`, 1<<19)+"end")
	for _, c := range cases {
		enc, _ := json.Marshal(c)
		body := append(append([]byte{}, enc...), `,"next"`...)
		s := shapeScanner{b: body, ctx: context.Background(), next: ctxEvery}
		if err := s.skipString(); err != nil || s.i != len(enc) {
			t.Errorf("skipString(%s) stopped at %d (%v), want %d", enc, s.i, err, len(enc))
		}
		for cut := 1; cut < min(len(enc), 4096); cut++ { // an unterminated string is malformed
			s := shapeScanner{b: enc[:cut], ctx: context.Background(), next: ctxEvery}
			if err := s.skipString(); err == nil { // every quote before the cut is escaped
				t.Errorf("skipString(%s) accepted a string cut at %d", enc[:cut], cut)
			}
		}
	}
}
