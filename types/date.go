package types

import (
	"cmp"
	"errors"
	"strconv"
	"time"
)

// Date is a calendar date in Procuret's wire format "YYYY-MM-DD", with no
// time of day and no zone.
//
// The zero Date stands for "no date": it formats as "", marshals to JSON null
// and reports IsZero. Unlike the zero Time it is not a real day, so
// NewDate(1, time.January, 1) is not zero.
type Date struct {
	y int
	m time.Month
	d int
}

// NewDate returns the date year-month-day, normalized as time.Date does
// (NewDate(2021, time.February, 29) is 2021-03-01).
func NewDate(year int, month time.Month, day int) Date {
	y, m, d := time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Date()
	return Date{y, m, d}
}

// DateOf returns the date on which t falls in t's location; use
// DateOf(t.UTC()) for the UTC date. The zero time.Time gives the zero Date,
// so that an absent Time stays absent.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD". It also accepts any timestamp ParseTime
// accepts and keeps only its date as written, ignoring the time and any zone,
// as Procuret's Python SDK does.
func ParseDate(s string) (Date, error) {
	return parseDate(s)
}

// MustParseDate is ParseDate for tests and examples; it panics on error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func parseDate[S text](s S) (Date, error) {
	y, m, d, why := scanDate(s)
	if why == "" && len(s) > 10 {
		if _, why = scanClock(s); why != "" {
			why = "after the date: " + why
		}
	}
	if why != "" {
		return Date{}, parseError(s, "date", wantDate, why)
	}
	return Date{y, time.Month(m), d}, nil
}

// Year returns d's year.
func (d Date) Year() int { return d.y }

// Month returns d's month.
func (d Date) Month() time.Month { return d.m }

// Day returns d's day of the month.
func (d Date) Day() int { return d.d }

// Time returns midnight UTC at the start of d; the zero Date gives the zero
// time.Time.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d == e }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e. The zero
// Date sorts before every date from year 0 on.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.y, e.y); c != 0 {
		return c
	}
	if c := cmp.Compare(d.m, e.m); c != 0 {
		return c
	}
	return cmp.Compare(d.d, e.d)
}

// AddDays returns the date n days after d (before, if n is negative). The
// zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return NewDate(d.y, d.m, d.d+n)
}

// String returns "YYYY-MM-DD", or "" for the zero Date. Years outside 0000 to
// 9999 come out as time.Format writes them.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if !d.fourDigitYear() {
		return d.Time().Format(time.DateOnly)
	}
	var buf [10]byte
	return string(appendDate(buf[:0], d.y, int(d.m), d.d))
}

// MarshalText returns "YYYY-MM-DD", or nothing for the zero Date. It fails
// for years outside 0000 to 9999, which the format cannot express.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.fourDigitYear() {
		return nil, d.yearError()
	}
	return appendDate(make([]byte, 0, 10), d.y, int(d.m), d.d), nil
}

// UnmarshalText parses as ParseDate does; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := parseDate(b)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON returns "YYYY-MM-DD" as a JSON string, or null for the zero
// Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if !d.fourDigitYear() {
		return nil, d.yearError()
	}
	b := append(make([]byte, 0, 12), '"')
	return append(appendDate(b, d.y, int(d.m), d.d), '"'), nil
}

// UnmarshalJSON accepts a JSON string in any form ParseDate accepts; null and
// "" give the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	s, null, err := jsonText(b, "date", wantDate)
	if err != nil {
		return err
	}
	if null {
		*d = Date{}
		return nil
	}
	return d.UnmarshalText(s)
}

// Bind implements oapi-codegen's runtime.Binder, so a generated server binds
// a query or path parameter with ParseDate. As the runtime's convention asks,
// Bind("") leaves d unchanged.
func (d *Date) Bind(src string) error {
	if src == "" {
		return nil
	}
	v, err := parseDate(src)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func (d Date) fourDigitYear() bool { return d.y >= 0 && d.y <= 9999 }

func (d Date) yearError() error {
	return errors.New("types: cannot write year " + strconv.Itoa(d.y) +
		" in a Procuret date: the year is outside 0000 to 9999")
}
