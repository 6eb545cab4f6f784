package types_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/procuret/procuret-go/types"
)

var (
	canonicalTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$`)
	canonicalDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Seeds shared by both fuzzers; testdata/fuzz holds more.
var fuzzSeeds = []string{
	"2021-06-09 12:00:00.123456",
	"2021-06-09T12:00:00.123456Z",
	"2021-06-09_12:00:00.123456",
	"2021-06-09T22:00:00.123456789+10:00",
	"2021-06-09T07:30:00-0430",
	"2021-06-09 12:00:00",
	"2021-06-09",
	"0001-01-01 00:00:00.000000",
	"0000-01-01 00:00:00.000000-01:00",
	"9999-12-31 23:59:59.999999+01:00",
	"2024-02-29 23:59:59.9",
	"2023-02-29 00:00:00.000000",
	"2021-06-09 12:00:00.",
	"-021-06-09 12:00:00.000000",
	"+021-06-09 12:00:00.000000",
	"2021-06-09 1:00:00.0000000",
	"",
	"\xff\xfe",
}

func checkParseError(t *testing.T, s string, err error) {
	t.Helper()
	var pe *types.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error for %q is %T, want *types.ParseError", s, err)
	}
	if n := len(err.Error()); n > 600 {
		t.Fatalf("error for a %d-byte input is %d bytes long", len(s), n)
	}
}

// decodeJSON decodes s the way a response body would carry it, escapes and all.
func decodeJSON[T any](t *testing.T, s string) (T, error, bool) {
	var v T
	if s == "" || !utf8.ValidString(s) {
		return v, nil, false // "" decodes to zero; invalid UTF-8 would be altered
	}
	quoted, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	err = json.Unmarshal(quoted, &v)
	return v, err, true
}

func FuzzParseTime(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := types.ParseTime(s)
		if j, jerr, ok := decodeJSON[types.Time](t, s); ok && (j != v || (jerr == nil) != (err == nil)) {
			t.Fatalf("JSON decode of %q = %q, %v; ParseTime = %q, %v", s, j, jerr, v, err)
		}
		if err != nil {
			checkParseError(t, s, err)
			return
		}
		if v.IsZero() {
			// time.Time's zero instant, 0001-01-01 00:00:00 UTC, is our zero Time
			// (no time): it formats as "" and cannot round-trip as a string.
			if b, _ := v.MarshalJSON(); v.String() != "" || string(b) != "null" {
				t.Fatalf("zero Time from %q formats as %q / %s", s, v.String(), b)
			}
			return
		}
		out := v.String()
		if !canonicalTime.MatchString(out) {
			t.Fatalf("ParseTime(%q).String() = %q, not canonical", s, out)
		}
		back, err := types.ParseTime(out)
		if err != nil {
			t.Fatalf("ParseTime(%q).String() = %q does not re-parse: %v", s, out, err)
		}
		if !back.Equal(v) || back != v {
			t.Fatalf("ParseTime(%q) = %q, re-parsed as %q", s, out, back)
		}
		// Differential check against the standard library on the wire form.
		if canonicalTime.MatchString(s) {
			ref, err := time.Parse(types.CanonicalTimeLayout, s)
			if err != nil || !ref.Equal(v.Time()) || out != s {
				t.Fatalf("ParseTime(%q) = %q but time.Parse = %v, %v", s, out, ref, err)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := types.ParseDate(s)
		if j, jerr, ok := decodeJSON[types.Date](t, s); ok && (j != d || (jerr == nil) != (err == nil)) {
			t.Fatalf("JSON decode of %q = %q, %v; ParseDate = %q, %v", s, j, jerr, d, err)
		}
		// The standard library must agree on plain dates (its "2006" would also
		// take a signed year such as "-021", which is not a Procuret date).
		if len(s) == 10 && s[0] >= '0' && s[0] <= '9' {
			ref, rerr := time.Parse(time.DateOnly, s)
			if (rerr == nil) != (err == nil) || (err == nil && types.NewDate(ref.Date()) != d) {
				t.Fatalf("ParseDate(%q) = %q, %v but time.Parse = %v, %v", s, d, err, ref, rerr)
			}
		}
		if err != nil {
			checkParseError(t, s, err)
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseDate(%q) gave the zero Date", s)
		}
		out := d.String()
		if !canonicalDate.MatchString(out) || out != s[:10] {
			t.Fatalf("ParseDate(%q).String() = %q, want the canonical date as written", s, out)
		}
		back, err := types.ParseDate(out)
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDate(%q).String() = %q re-parses as %q, %v", s, out, back, err)
		}
		// Whatever ParseDate takes as a timestamp, ParseTime takes too, unless
		// the zone moves it out of the four-digit years.
		if len(s) > 10 {
			if _, err := types.ParseTime(s); err != nil && !strings.Contains(err.Error(), "outside years") {
				t.Fatalf("ParseDate(%q) succeeded but ParseTime failed: %v", s, err)
			}
		}
	})
}
