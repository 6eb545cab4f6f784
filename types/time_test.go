package types_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	rtypes "github.com/oapi-codegen/runtime/types"

	"github.com/procuret/procuret-go/types"
)

const canonical = "2021-06-09 12:00:00.123456"

// instant is canonical as a time.Time.
var instant = time.Date(2021, time.June, 9, 12, 0, 0, 123456000, time.UTC)

func TestTimeFormatsCanonically(t *testing.T) {
	// 22:00:00.123456789 in UTC+10 is 12:00:00.123456789 UTC; the
	// nanoseconds must be truncated, not rounded.
	v := types.NewTime(time.Date(2021, time.June, 9, 22, 0, 0, 123456789, time.FixedZone("AEST", 10*3600)))
	if got := v.String(); got != canonical {
		t.Errorf("String() = %q, want %q", got, canonical)
	}
	if b, err := v.MarshalText(); err != nil || string(b) != canonical {
		t.Errorf("MarshalText() = %q, %v; want %q", b, err, canonical)
	}
	if b, err := json.Marshal(v); err != nil || string(b) != `"`+canonical+`"` {
		t.Errorf("json.Marshal = %s, %v; want %q", b, err, canonical)
	}
	if got := v.Time(); !got.Equal(instant) || got.Location() != time.UTC {
		t.Errorf("Time() = %v, want %v in UTC", got, instant)
	}
	// Padding of every field.
	small := types.NewTime(time.Date(7, time.January, 2, 3, 4, 5, 6000, time.UTC))
	if got, want := small.String(), "0007-01-02 03:04:05.000006"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestNewTimeNormalizes(t *testing.T) {
	now := time.Now() // carries a monotonic reading and a local zone
	v := types.NewTime(now)
	if v.Time().Location() != time.UTC {
		t.Errorf("location = %v, want UTC", v.Time().Location())
	}
	if v.Time().Nanosecond()%1000 != 0 {
		t.Errorf("not truncated to microseconds: %v", v.Time())
	}
	if d := now.Sub(v.Time()); d < 0 || d >= time.Microsecond {
		t.Errorf("NewTime moved the instant by %v", d)
	}
	// Values built differently but denoting the same instant are ==, so
	// Time works as a map key.
	if v != types.MustParseTime(v.String()) {
		t.Errorf("NewTime(now) != MustParseTime(its String())")
	}
	if !types.NewTime(time.Time{}).IsZero() {
		t.Error("NewTime(time.Time{}) is not zero")
	}
}

func TestParseTimeLenient(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{canonical, instant},
		{"2021-06-09T12:00:00.123456", instant},
		{"2021-06-09_12:00:00.123456", instant},
		{"2021-06-09T12:00:00.123456Z", instant},
		{"2021-06-09 12:00:00.123456789", instant}, // truncated
		{"2021-06-09 12:00:00.1234569", instant},   // truncated, not rounded
		{"2021-06-09T22:00:00.123456+10:00", instant},
		{"2021-06-09T22:00:00.123456+1000", instant},
		{"2021-06-09T07:30:00.123456-04:30", instant},
		{"2021-06-10 01:00:00.123456+13:00", instant}, // crosses midnight
		{"2021-06-09 12:00:00.123456-00:00", instant},
		{"2021-06-09 12:00:00", instant.Truncate(time.Second)},
		{"2021-06-09T12:00:00Z", instant.Truncate(time.Second)},
		{"2021-06-09 12:00:00.1", time.Date(2021, 6, 9, 12, 0, 0, 100000000, time.UTC)},
		{"2021-06-09 12:00:00.000001", time.Date(2021, 6, 9, 12, 0, 0, 1000, time.UTC)},
		{"2024-02-29 23:59:59.999999", time.Date(2024, 2, 29, 23, 59, 59, 999999000, time.UTC)},
		{"2000-02-29 00:00:00.000000", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"0000-01-01 00:00:00.000000", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"9999-12-31 23:59:59.999999", time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)},
	}
	for _, tt := range tests {
		got, err := types.ParseTime(tt.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Time().Equal(tt.want) || got.Time().Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got.Time(), tt.want)
		}
	}
}

func TestParseTimeRejects(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "too short"},
		{"garbage", "too short"},
		{"2021-06-09", "time of day is missing"},
		{"2021-06-09 12:00", "not HH:MM:SS"},
		{"2021/06/09 12:00:00", "not YYYY-MM-DD"},
		{"21-06-09 12:00:00.000000", "not YYYY-MM-DD"},
		{"２０２１-06-09 12:00:00", "not YYYY-MM-DD"},
		{" 2021-06-09 12:00:00", "not YYYY-MM-DD"},
		{"2021-00-09 12:00:00", "month out of range"},
		{"2021-13-09 12:00:00", "month out of range"},
		{"2021-02-29 12:00:00", "day out of range"},
		{"2021-04-31 12:00:00", "day out of range"},
		{"1900-02-29 12:00:00", "day out of range"},
		{"2021-06-00 12:00:00", "day out of range"},
		{"2021-06-09x12:00:00", "separated by"},
		{"2021-06-09 24:00:00", "hour out of range"},
		{"2021-06-09 12:60:00", "minute out of range"},
		{"2021-06-09 12:00:60", "second out of range"}, // no leap seconds
		{"2021-06-09 1:00:00.000000", "not HH:MM:SS"},
		{"2021-06-09 12:00:00.", "no digits"},
		{"2021-06-09 12:00:00.1234567890", "more than 9"},
		{"2021-06-09 12:00:00,123456", "unexpected text"},
		{"2021-06-09 12:00:00.123456 ", "unexpected text"},
		{"2021-06-09 12:00:00 +10:00", "unexpected text"},
		{"2021-06-09 12:00:00Z ", `after "Z"`},
		{"2021-06-09 12:00:00+10", "UTC offset"},
		{"2021-06-09 12:00:00+10:0", "UTC offset"},
		{"2021-06-09 12:00:00+24:00", "UTC offset"},
		{"2021-06-09 12:00:00+10:60", "UTC offset"},
		{"2021-06-09 12:00:00+1a:00", "UTC offset"},
		{"9999-12-31 23:00:00-02:00", "outside years"},
		{"0000-01-01 00:30:00+01:00", "outside years"},
		{"1623240000", "not YYYY-MM-DD"},
	}
	for _, tt := range tests {
		_, err := types.ParseTime(tt.in)
		if err == nil {
			t.Errorf("ParseTime(%q) succeeded, want error", tt.in)
			continue
		}
		msg := err.Error()
		for _, want := range []string{tt.reason, strconv.Quote(tt.in), "YYYY-MM-DD HH:MM:SS.ffffff"} {
			if !strings.Contains(msg, want) {
				t.Errorf("ParseTime(%q) error %q does not contain %q", tt.in, msg, want)
			}
		}
		var pe *types.ParseError
		if !errors.As(err, &pe) || pe.Reason == "" {
			t.Errorf("ParseTime(%q) error %T is not a *types.ParseError with a Reason", tt.in, err)
		}
	}
}

func TestParseErrorQuotesABoundedExcerpt(t *testing.T) {
	long := "2021-06-09 12:00:00.123456" + strings.Repeat("é", 10000)
	_, err := types.ParseTime(long)
	if err == nil {
		t.Fatal("ParseTime succeeded on trailing junk")
	}
	msg := err.Error()
	if len(msg) > 400 {
		t.Errorf("error is %d bytes long; want the input cut short", len(msg))
	}
	if !strings.Contains(msg, `"2021-06-09 12:00:00.123456éé`) || !strings.Contains(msg, "…") {
		t.Errorf("error %q does not quote the start of the input and mark the cut", msg)
	}
	if strings.Contains(msg, `\x`) {
		t.Errorf("error %q cut a UTF-8 sequence in half", msg)
	}
}

func TestTimeJSON(t *testing.T) {
	type link struct {
		Created  types.Time  `json:"created"`
		Paid     *types.Time `json:"paid"`
		Refunded *types.Time `json:"refunded,omitempty"`
		Closed   types.Time  `json:"closed,omitzero"`
	}
	t.Run("decode values", func(t *testing.T) {
		var l link
		in := `{"created":"2021-06-09 12:00:00.123456","paid":"2021-06-09T22:00:00.123456+10:00","closed":"2021-06-09_12:00:00.123456"}`
		if err := json.Unmarshal([]byte(in), &l); err != nil {
			t.Fatal(err)
		}
		if !l.Created.Time().Equal(instant) {
			t.Errorf("created = %v, want %v", l.Created, instant)
		}
		if l.Paid == nil || !l.Paid.Time().Equal(instant) {
			t.Errorf("paid = %v, want %v", l.Paid, instant)
		}
		if l.Refunded != nil {
			t.Errorf("absent refunded = %v, want nil", l.Refunded)
		}
		if !l.Closed.Equal(l.Created) {
			t.Errorf("closed = %v, want %v", l.Closed, l.Created)
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"created":"` + canonical + `","paid":"` + canonical + `","closed":"` + canonical + `"}`
		if string(out) != want {
			t.Errorf("re-encoded\n got %s\nwant %s", out, want)
		}
	})
	t.Run("null and absent", func(t *testing.T) {
		// Start from set values: null must clear them.
		set := types.MustParseTime(canonical)
		l := link{Created: set, Paid: &set, Closed: set}
		if err := json.Unmarshal([]byte(`{"created":null,"paid":null,"closed":""}`), &l); err != nil {
			t.Fatal(err)
		}
		if !l.Created.IsZero() || l.Paid != nil || !l.Closed.IsZero() {
			t.Errorf("after nulls: %+v, want zero/nil", l)
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"created":null,"paid":null}`; string(out) != want {
			t.Errorf("encoded %s, want %s", out, want)
		}
	})
	t.Run("escaped string", func(t *testing.T) {
		var v types.Time
		if err := json.Unmarshal([]byte(`"2021-06-09\u002012:00:00.123456"`), &v); err != nil {
			t.Fatal(err)
		}
		if !v.Time().Equal(instant) {
			t.Errorf("got %v, want %v", v, instant)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, in := range []string{
			`{"created":"next tuesday"}`,
			`{"created":1623240000}`,
			`{"created":"2021-06-09 12:00:00.123456+10:00:00"}`,
		} {
			var l link
			err := json.Unmarshal([]byte(in), &l)
			if err == nil {
				t.Errorf("decoding %s succeeded, want error", in)
				continue
			}
			if !strings.Contains(err.Error(), "Procuret timestamp") {
				t.Errorf("decoding %s: error %q does not say what was expected", in, err)
			}
		}
	})
}

func TestTimeText(t *testing.T) {
	for _, v := range []types.Time{types.MustParseTime(canonical), {}} {
		b, err := v.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back types.Time
		if v.IsZero() {
			back = types.MustParseTime(canonical) // must be cleared
		}
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", b, err)
		}
		if back != v {
			t.Errorf("text round trip of %q gave %q", v, back)
		}
	}
	var v types.Time
	if err := v.UnmarshalText([]byte("yesterday")); err == nil {
		t.Error("UnmarshalText(yesterday) succeeded")
	}
	// As a map key, Time goes through MarshalText.
	b, err := json.Marshal(map[types.Time]int{types.MustParseTime(canonical): 1})
	if err != nil || string(b) != `{"`+canonical+`":1}` {
		t.Errorf("map key: %s, %v", b, err)
	}
}

func TestTimeZeroValue(t *testing.T) {
	var z types.Time
	if !z.IsZero() || z.String() != "" || !z.Time().IsZero() {
		t.Errorf("zero Time: IsZero=%v String=%q Time=%v", z.IsZero(), z.String(), z.Time())
	}
	if b, _ := json.Marshal(z); string(b) != "null" {
		t.Errorf("json.Marshal(zero) = %s, want null", b)
	}
	if b, _ := z.MarshalText(); len(b) != 0 {
		t.Errorf("MarshalText(zero) = %q, want empty", b)
	}
	// 0001-01-01 00:00:00 UTC is time.Time's zero instant, and so ours.
	if !types.MustParseTime("0001-01-01 00:00:00.000000").IsZero() {
		t.Error(`"0001-01-01 00:00:00.000000" is not the zero Time`)
	}
}

func TestTimeOrdering(t *testing.T) {
	a := types.MustParseTime("2021-06-09 12:00:00.123456")
	b := types.MustParseTime("2021-06-09 12:00:00.123457")
	a2 := types.MustParseTime("2021-06-09T22:00:00.123456+10:00")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) {
		t.Error("Before/After wrong for 1µs apart")
	}
	if !a.Equal(a2) || a.Equal(b) || a.Before(a2) || a.After(a2) {
		t.Error("Equal wrong for the same instant written two ways")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a2) != 0 {
		t.Error("Compare wrong")
	}
}

func TestTimeOutOfRangeYear(t *testing.T) {
	for _, y := range []int{-1, 10000} {
		v := types.NewTime(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		if _, err := v.MarshalText(); err == nil {
			t.Errorf("MarshalText of year %d succeeded", y)
		}
		if _, err := json.Marshal(v); err == nil {
			t.Errorf("json.Marshal of year %d succeeded", y)
		}
		if v.String() == "" {
			t.Errorf("String of year %d is empty", y)
		}
	}
}

func TestTimeBind(t *testing.T) {
	var v types.Time
	if err := v.Bind(canonical); err != nil || !v.Time().Equal(instant) {
		t.Fatalf("Bind(%q) = %v, value %v", canonical, err, v)
	}
	if err := v.Bind(""); err != nil || !v.Time().Equal(instant) {
		t.Errorf(`Bind("") = %v and changed the value to %v; want a no-op`, err, v)
	}
	if err := v.Bind("2021-06-09"); err == nil || !v.Time().Equal(instant) {
		t.Errorf("Bind(date only) = %v, value %v; want error and value unchanged", err, v)
	}
}

// The runtime styles and binds a type specially when it is convertible to
// time.Time or to its types.Date; Time and Date must never become so (see the
// package comment).
func TestNotConvertibleToRuntimeTimeTypes(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[types.Time](), reflect.TypeFor[types.Date]()} {
		for _, target := range []reflect.Type{reflect.TypeFor[time.Time](), reflect.TypeFor[rtypes.Date]()} {
			if typ.ConvertibleTo(target) {
				t.Errorf("%v is convertible to %v", typ, target)
			}
		}
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Anonymous || f.IsExported() {
				t.Errorf("%v has field %s; an embedded or exported field leaks methods or conversions", typ, f.Name)
			}
		}
	}
}
