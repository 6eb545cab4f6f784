package types_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/types"
)

var (
	sinkTime types.Time
	sinkDate types.Date
	sinkStr  string
	sinkB    []byte
)

func BenchmarkParseTime(b *testing.B) {
	for _, in := range []string{canonical, "2021-06-09T22:00:00.123456789+10:00"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkTime, _ = types.ParseTime(in)
			}
		})
	}
}

// BenchmarkStdlibParse is the baseline ParseTime replaces.
func BenchmarkStdlibParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, _ := time.Parse(types.CanonicalTimeLayout, canonical)
		sinkTime = types.NewTime(t)
	}
}

func BenchmarkTimeString(b *testing.B) {
	v := types.MustParseTime(canonical)
	b.ReportAllocs()
	for b.Loop() {
		sinkStr = v.String()
	}
}

func BenchmarkTimeMarshalJSON(b *testing.B) {
	v := types.MustParseTime(canonical)
	b.ReportAllocs()
	for b.Loop() {
		sinkB, _ = v.MarshalJSON()
	}
}

func BenchmarkTimeUnmarshalJSON(b *testing.B) {
	in := []byte(`"` + canonical + `"`)
	b.ReportAllocs()
	for b.Loop() {
		_ = sinkTime.UnmarshalJSON(in)
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkDate, _ = types.ParseDate("2021-06-09")
	}
}

func BenchmarkDateString(b *testing.B) {
	d := types.NewDate(2021, 6, 9)
	b.ReportAllocs()
	for b.Loop() {
		sinkStr = d.String()
	}
}

// BenchmarkDecodeLinks decodes a list of 1000 objects with two timestamps
// each, against the same list decoded into strings: the difference is what
// the types cost inside encoding/json.
func BenchmarkDecodeLinks(b *testing.B) {
	item := `{"public_id":"abc","created":"` + canonical + `","modified":"2021-06-09 13:00:00.000001"},`
	body := []byte("[" + strings.TrimSuffix(strings.Repeat(item, 1000), ",") + "]")
	b.Run("types.Time", func(b *testing.B) {
		type link struct {
			ID       string     `json:"public_id"`
			Created  types.Time `json:"created"`
			Modified types.Time `json:"modified"`
		}
		b.ReportAllocs()
		for b.Loop() {
			var ls []link
			if err := json.Unmarshal(body, &ls); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("string", func(b *testing.B) {
		type link struct {
			ID       string `json:"public_id"`
			Created  string `json:"created"`
			Modified string `json:"modified"`
		}
		b.ReportAllocs()
		for b.Loop() {
			var ls []link
			if err := json.Unmarshal(body, &ls); err != nil {
				b.Fatal(err)
			}
		}
	})
}
