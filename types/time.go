package types

import (
	"encoding/json"
	"errors"
	"time"
)

// Time is an instant in Procuret's wire format "YYYY-MM-DD HH:MM:SS.ffffff":
// UTC, microsecond precision, no zone designator.
//
// The zero Time, like the zero time.Time (0001-01-01 00:00:00 UTC), stands
// for "no time": it formats as "", marshals to JSON null and reports IsZero,
// which also lets `json:",omitzero"` drop it.
type Time struct {
	t time.Time // always UTC, whole microseconds, no monotonic reading
}

// CanonicalTimeLayout is the time.Format layout of Procuret's timestamps.
const CanonicalTimeLayout = "2006-01-02 15:04:05.000000"

// NewTime returns t in UTC, truncated to the microsecond.
func NewTime(t time.Time) Time {
	u := t.UTC() // also drops the monotonic reading
	return Time{u.Add(-time.Duration(u.Nanosecond() % 1000))}
}

// ParseTime parses Procuret's "YYYY-MM-DD HH:MM:SS.ffffff" (read as UTC) and
// the lenient forms the Python SDK accepts: "T" or "_" instead of the space,
// no fraction or 1 to 9 fractional digits (truncated to microseconds), and an
// optional trailing "Z", "±hh:mm" or "±hhmm", which is converted to UTC.
func ParseTime(s string) (Time, error) {
	return parseTime(s)
}

// MustParseTime is ParseTime for tests and examples; it panics on error.
func MustParseTime(s string) Time {
	t, err := ParseTime(s)
	if err != nil {
		panic(err)
	}
	return t
}

func parseTime[S text](s S) (Time, error) {
	y, m, d, why := scanDate(s)
	if why == "" && len(s) == 10 {
		why = "the time of day is missing"
	}
	var c clock
	if why == "" {
		c, why = scanClock(s)
	}
	if why != "" {
		return Time{}, parseError(s, "timestamp", wantTime, why)
	}
	t := time.Date(y, time.Month(m), d, c.hh, c.mm, c.ss, c.ns-c.ns%1000, time.UTC)
	if c.off != 0 {
		t = t.Add(-time.Duration(c.off) * time.Second)
		// A zone can push 0000-01-01 or 9999-12-31 out of the four-digit
		// years the wire format can express.
		if y := t.Year(); y < 0 || y > 9999 {
			return Time{}, parseError(s, "timestamp", wantTime, "instant in UTC is outside years 0000 to 9999")
		}
	}
	return Time{t}, nil
}

// Time returns t as a time.Time in UTC; the zero Time gives the zero time.Time.
func (t Time) Time() time.Time { return t.t }

// IsZero reports whether t is the zero Time (no time).
func (t Time) IsZero() bool { return t.t.IsZero() }

// Equal reports whether t and u are the same instant.
func (t Time) Equal(u Time) bool { return t.t.Equal(u.t) }

// Before reports whether t is before u.
func (t Time) Before(u Time) bool { return t.t.Before(u.t) }

// After reports whether t is after u.
func (t Time) After(u Time) bool { return t.t.After(u.t) }

// Compare returns -1, 0 or +1 as t is before, equal to or after u, for
// slices.SortFunc and friends.
func (t Time) Compare(u Time) int { return t.t.Compare(u.t) }

// String returns the canonical wire form, or "" for the zero Time.
// Years outside 0000 to 9999 come out as time.Format writes them.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	var buf [len(CanonicalTimeLayout)]byte
	b, ok := t.appendCanonical(buf[:0])
	if !ok {
		return t.t.Format(CanonicalTimeLayout)
	}
	return string(b)
}

// MarshalText returns the canonical wire form, or nothing for the zero Time.
// It fails for years outside 0000 to 9999, which the format cannot express.
func (t Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	b, ok := t.appendCanonical(make([]byte, 0, len(CanonicalTimeLayout)))
	if !ok {
		return nil, t.yearError()
	}
	return b, nil
}

// UnmarshalText parses as ParseTime does; empty text gives the zero Time.
func (t *Time) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = Time{}
		return nil
	}
	v, err := parseTime(b)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalJSON returns the canonical wire form as a JSON string, or null for
// the zero Time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 1, len(CanonicalTimeLayout)+2)
	b[0] = '"'
	b, ok := t.appendCanonical(b)
	if !ok {
		return nil, t.yearError()
	}
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string in any form ParseTime accepts; null and
// "" give the zero Time.
func (t *Time) UnmarshalJSON(b []byte) error {
	s, null, err := jsonText(b, "timestamp", wantTime)
	if err != nil {
		return err
	}
	if null {
		*t = Time{}
		return nil
	}
	return t.UnmarshalText(s)
}

// Bind implements oapi-codegen's runtime.Binder, so a generated server binds
// a query or path parameter with ParseTime. As the runtime's convention asks,
// Bind("") leaves t unchanged.
func (t *Time) Bind(src string) error {
	if src == "" {
		return nil
	}
	v, err := parseTime(src)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

func (t Time) yearError() error {
	return errors.New("types: cannot write " + t.t.Format(time.RFC3339Nano) +
		" as a Procuret timestamp: the year is outside 0000 to 9999")
}

// appendCanonical appends "YYYY-MM-DD HH:MM:SS.ffffff"; ok is false when the
// year has no four-digit form.
func (t Time) appendCanonical(b []byte) (_ []byte, ok bool) {
	y, m, d := t.t.Date()
	if y < 0 || y > 9999 {
		return b, false
	}
	hh, mm, ss := t.t.Clock()
	b = appendDate(b, y, int(m), d)
	b = append(b, ' ')
	b = appendDigits(b, hh, 2)
	b = append(b, ':')
	b = appendDigits(b, mm, 2)
	b = append(b, ':')
	b = appendDigits(b, ss, 2)
	b = append(b, '.')
	return appendDigits(b, t.t.Nanosecond()/1000, 6), true
}

func appendDate(b []byte, y, m, d int) []byte {
	b = appendDigits(b, y, 4)
	b = append(b, '-')
	b = appendDigits(b, m, 2)
	b = append(b, '-')
	return appendDigits(b, d, 2)
}

// appendDigits appends v, 0 <= v < 10^width, zero-padded to width digits.
func appendDigits(b []byte, v, width int) []byte {
	n := len(b) + width
	b = append(b, "000000"[:width]...)
	for i := n - 1; i >= n-width; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// jsonText returns the contents of the JSON string b, or null=true for JSON
// null. Strings without escapes are returned in place, without copying.
func jsonText(b []byte, what, want string) (s []byte, null bool, err error) {
	if string(b) == "null" {
		return nil, true, nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false, parseError(b, what, want, "not a JSON string")
	}
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' || c < ' ' {
			// Rare: let encoding/json undo the escapes.
			var str string
			if err := json.Unmarshal(b, &str); err != nil {
				return nil, false, parseError(b, what, want, "not a JSON string: "+err.Error())
			}
			return []byte(str), false, nil
		}
	}
	return inner, false, nil
}
