package types

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// text lets one scanner serve strings and the []byte of a JSON document
// without converting (and allocating) on the success path.
type text interface{ ~string | ~[]byte }

// ParseError reports input that is neither Procuret's wire format nor one of
// the lenient forms ParseTime and ParseDate accept.
type ParseError struct {
	Input  string // the input, cut to a bounded excerpt if it was long
	Reason string // what was wrong, e.g. "month out of range"
	what   string // "timestamp" or "date"
	want   string // the expected form
}

func (e *ParseError) Error() string {
	return "types: cannot parse " + strconv.Quote(e.Input) + " as a Procuret " + e.what +
		": " + e.Reason + " (want " + e.want + ")"
}

const (
	wantTime = `"YYYY-MM-DD HH:MM:SS.ffffff" in UTC, e.g. "2021-06-09 12:00:00.123456"`
	wantDate = `"YYYY-MM-DD", e.g. "2021-06-09"`

	maxExcerpt = 64 // bytes of the input an error quotes
)

func parseError[S text](s S, what, want, why string) error {
	in := string(s)
	if len(in) > maxExcerpt {
		n := maxExcerpt
		for n > 0 && !utf8.RuneStart(in[n]) {
			n--
		}
		in = in[:n] + "…"
	}
	return &ParseError{Input: in, Reason: why, what: what, want: want}
}

// num reads s[i:i+n] as a decimal number; the caller checks len(s) >= i+n.
func num[S text](s S, i, n int) (int, bool) {
	v := 0
	for j := i; j < i+n; j++ {
		c := s[j] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + int(c)
	}
	return v, true
}

// scanDate reads "YYYY-MM-DD" from the start of s and checks that the day
// exists. why is empty on success.
func scanDate[S text](s S) (y, m, d int, why string) {
	if len(s) < 10 {
		return 0, 0, 0, "too short"
	}
	var ok1, ok2, ok3 bool
	y, ok1 = num(s, 0, 4)
	m, ok2 = num(s, 5, 2)
	d, ok3 = num(s, 8, 2)
	switch {
	case !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-':
		return 0, 0, 0, "date is not YYYY-MM-DD"
	case m < 1 || m > 12:
		return 0, 0, 0, "month out of range"
	case d < 1 || d > daysIn(time.Month(m), y):
		return 0, 0, 0, "day out of range"
	}
	return y, m, d, ""
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// clock is the part of a timestamp after the date.
type clock struct {
	hh, mm, ss, ns int
	off            int // seconds east of UTC
}

// scanClock reads the separator, "HH:MM:SS", an optional fraction of 1 to 9
// digits and an optional "Z", "±hh:mm" or "±hhmm" from s[10:]; the caller has
// checked len(s) > 10. why is empty on success.
func scanClock[S text](s S) (c clock, why string) {
	if sep := s[10]; sep != ' ' && sep != 'T' && sep != '_' {
		return c, `date and time must be separated by " ", "T" or "_"`
	}
	if len(s) < 19 {
		return c, "time of day is not HH:MM:SS"
	}
	var ok1, ok2, ok3 bool
	c.hh, ok1 = num(s, 11, 2)
	c.mm, ok2 = num(s, 14, 2)
	c.ss, ok3 = num(s, 17, 2)
	switch {
	case !ok1 || !ok2 || !ok3 || s[13] != ':' || s[16] != ':':
		return c, "time of day is not HH:MM:SS"
	case c.hh > 23:
		return c, "hour out of range"
	case c.mm > 59:
		return c, "minute out of range"
	case c.ss > 59:
		return c, "second out of range"
	}
	i := 19
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i]-'0' <= 9 {
			if i-start == 9 {
				return c, "more than 9 fractional digits"
			}
			c.ns = c.ns*10 + int(s[i]-'0')
			i++
		}
		if i == start {
			return c, `no digits after "."`
		}
		for n := i - start; n < 9; n++ {
			c.ns *= 10
		}
	}
	if i == len(s) {
		return c, ""
	}
	switch s[i] {
	case 'Z':
		if i+1 != len(s) {
			return c, `unexpected text after "Z"`
		}
		return c, ""
	case '+', '-':
		var hh, mm int
		var ok1, ok2 bool
		switch len(s) - i {
		case 6: // ±hh:mm
			hh, ok1 = num(s, i+1, 2)
			mm, ok2 = num(s, i+4, 2)
			ok2 = ok2 && s[i+3] == ':'
		case 5: // ±hhmm
			hh, ok1 = num(s, i+1, 2)
			mm, ok2 = num(s, i+3, 2)
		}
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return c, "UTC offset is not ±hh:mm or ±hhmm"
		}
		c.off = hh*3600 + mm*60
		if s[i] == '-' {
			c.off = -c.off
		}
		return c, ""
	}
	return c, `unexpected text after the seconds (only a fraction, "Z" or ±hh:mm may follow)`
}
