package types_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/types"
)

func TestDateFormatsCanonically(t *testing.T) {
	d := types.NewDate(2021, time.June, 9)
	if got := d.String(); got != "2021-06-09" {
		t.Errorf("String() = %q", got)
	}
	if b, err := json.Marshal(d); err != nil || string(b) != `"2021-06-09"` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	if b, err := d.MarshalText(); err != nil || string(b) != "2021-06-09" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	if got, want := d.Time(), time.Date(2021, 6, 9, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Time() = %v, want %v", got, want)
	}
	if got := types.NewDate(7, time.January, 2).String(); got != "0007-01-02" {
		t.Errorf("String() = %q, want 0007-01-02", got)
	}
	if y, m, dd := d.Year(), d.Month(), d.Day(); y != 2021 || m != time.June || dd != 9 {
		t.Errorf("Year/Month/Day = %d/%v/%d", y, m, dd)
	}
}

func TestNewDateNormalizes(t *testing.T) {
	if got := types.NewDate(2021, time.February, 29).String(); got != "2021-03-01" {
		t.Errorf("NewDate(2021-02-29) = %s, want 2021-03-01", got)
	}
	if got := types.NewDate(2021, time.January, 0).String(); got != "2020-12-31" {
		t.Errorf("NewDate(2021-01-00) = %s, want 2020-12-31", got)
	}
	if types.NewDate(1, time.January, 1).IsZero() {
		t.Error("0001-01-01 is a date, not the zero Date")
	}
}

func TestDateOf(t *testing.T) {
	aest := time.FixedZone("AEST", 10*3600)
	tm := time.Date(2021, 6, 10, 5, 0, 0, 0, aest) // 2021-06-09 19:00 UTC
	if got := types.DateOf(tm).String(); got != "2021-06-10" {
		t.Errorf("DateOf(local) = %s, want the local date 2021-06-10", got)
	}
	if got := types.DateOf(tm.UTC()).String(); got != "2021-06-09" {
		t.Errorf("DateOf(UTC) = %s, want 2021-06-09", got)
	}
	if !types.DateOf(time.Time{}).IsZero() {
		t.Error("DateOf(time.Time{}) is not zero")
	}
	var z types.Date
	if !types.DateOf(z.Time()).IsZero() {
		t.Error("zero Date does not survive Time and DateOf")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want types.Date
	}{
		{"2021-06-09", types.NewDate(2021, 6, 9)},
		{"2024-02-29", types.NewDate(2024, 2, 29)},
		{"0000-01-01", types.NewDate(0, 1, 1)},
		{"9999-12-31", types.NewDate(9999, 12, 31)},
		// Timestamps keep the date as written, whatever the zone says.
		{"2021-06-09 12:00:00.123456", types.NewDate(2021, 6, 9)},
		{"2021-06-09T00:00:00", types.NewDate(2021, 6, 9)},
		{"2021-06-09T05:00:00+10:00", types.NewDate(2021, 6, 9)},
		{"2021-06-09T23:00:00-05:00", types.NewDate(2021, 6, 9)},
		{"9999-12-31T23:00:00-02:00", types.NewDate(9999, 12, 31)},
	}
	for _, tt := range tests {
		got, err := types.ParseDate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "too short"},
		{"2021-6-9", "too short"},
		{"09/06/2021", "not YYYY-MM-DD"},
		{"2021-06-09Z", "separated by"},
		{"2021-06-09 ", "not HH:MM:SS"},
		{"2021-06-09T", "not HH:MM:SS"},
		{"2021-06-09 noon", "not HH:MM:SS"},
		{"2021-06-09 12:00:00 junk", "unexpected text"},
		{"2021-13-01", "month out of range"},
		{"2023-02-29", "day out of range"},
		{"2021-06-31", "day out of range"},
		{"20210609", "too short"},
	}
	for _, tt := range tests {
		_, err := types.ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) succeeded, want error", tt.in)
			continue
		}
		for _, want := range []string{tt.reason, strconv.Quote(tt.in), "YYYY-MM-DD"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("ParseDate(%q) error %q does not contain %q", tt.in, err, want)
			}
		}
		var pe *types.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseDate(%q) error is %T, want *types.ParseError", tt.in, err)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type person struct {
		Born    types.Date  `json:"date_of_birth"`
		Joined  *types.Date `json:"joined"`
		Left    *types.Date `json:"left,omitempty"`
		Retired types.Date  `json:"retired,omitzero"`
	}
	var p person
	in := `{"date_of_birth":"1990-01-31","joined":"2021-06-09T12:00:00.123456"}`
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.Born != types.NewDate(1990, 1, 31) || p.Joined == nil || *p.Joined != types.NewDate(2021, 6, 9) || p.Left != nil || !p.Retired.IsZero() {
		t.Errorf("decoded %+v", p)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"date_of_birth":"1990-01-31","joined":"2021-06-09"}`; string(out) != want {
		t.Errorf("encoded %s, want %s", out, want)
	}

	if err := json.Unmarshal([]byte(`{"date_of_birth":null,"joined":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Born.IsZero() || p.Joined != nil {
		t.Errorf("after nulls: %+v", p)
	}
	if out, _ := json.Marshal(p); string(out) != `{"date_of_birth":null,"joined":null}` {
		t.Errorf("encoded %s", out)
	}

	for _, in := range []string{`{"date_of_birth":"31/01/1990"}`, `{"date_of_birth":19900131}`} {
		err := json.Unmarshal([]byte(in), &p)
		if err == nil || !strings.Contains(err.Error(), "Procuret date") {
			t.Errorf("decoding %s: error %v, want one naming a Procuret date", in, err)
		}
	}
}

func TestDateText(t *testing.T) {
	for _, d := range []types.Date{types.NewDate(2021, 6, 9), {}} {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		back := types.NewDate(2000, 1, 1)
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("text round trip of %q gave %q, %v", d, back, err)
		}
	}
}

func TestDateZeroValue(t *testing.T) {
	var z types.Date
	if !z.IsZero() || z.String() != "" || !z.Time().IsZero() || !z.AddDays(3).IsZero() {
		t.Errorf("zero Date misbehaves: %q %v", z.String(), z.Time())
	}
	if b, _ := json.Marshal(z); string(b) != "null" {
		t.Errorf("json.Marshal(zero Date) = %s", b)
	}
}

func TestDateOrderingAndArithmetic(t *testing.T) {
	a, b := types.NewDate(2021, 6, 9), types.NewDate(2021, 6, 10)
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(types.MustParseDate("2021-06-09")) {
		t.Error("Before/After/Equal wrong")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare wrong")
	}
	if types.NewDate(2021, 12, 31).Compare(types.NewDate(2022, 1, 1)) != -1 || types.NewDate(2021, 2, 1).Compare(types.NewDate(2021, 1, 31)) != 1 {
		t.Error("Compare does not order year before month before day")
	}
	for _, tt := range []struct {
		from types.Date
		n    int
		want string
	}{
		{a, 1, "2021-06-10"},
		{a, -9, "2021-05-31"},
		{types.NewDate(2024, 2, 28), 1, "2024-02-29"},
		{types.NewDate(2021, 12, 31), 1, "2022-01-01"},
		{a, 365, "2022-06-09"},
	} {
		if got := tt.from.AddDays(tt.n).String(); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestDateBind(t *testing.T) {
	var d types.Date
	if err := d.Bind("2021-06-09"); err != nil || d != types.NewDate(2021, 6, 9) {
		t.Fatalf("Bind = %v, %v", err, d)
	}
	if err := d.Bind(""); err != nil || d != types.NewDate(2021, 6, 9) {
		t.Errorf(`Bind("") = %v, value %v; want a no-op`, err, d)
	}
	if err := d.Bind("2021-06-31"); err == nil || d != types.NewDate(2021, 6, 9) {
		t.Errorf("Bind(bad) = %v, value %v; want error, value unchanged", err, d)
	}
}

func TestDateOutOfRangeYear(t *testing.T) {
	d := types.NewDate(10000, 1, 1)
	if _, err := json.Marshal(d); err == nil {
		t.Error("json.Marshal of year 10000 succeeded")
	}
	if _, err := d.MarshalText(); err == nil {
		t.Error("MarshalText of year 10000 succeeded")
	}
}
