package procuret

import (
	"fmt"
	"net/mail"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Page sizes the API accepts for limit.
const (
	MinLimit = 1
	MaxLimit = 1000
)

// checker collects the first input problem of an operation. Its methods
// return nothing so that a wrapper reads as a list of rules; err reports.
type checker struct {
	op  string
	bad *ValidationError
}

func (c *checker) fail(field, format string, args ...any) {
	if c.bad == nil {
		c.bad = &ValidationError{Operation: c.op, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
}

func (c *checker) err() error {
	if c.bad == nil {
		return nil
	}
	return c.bad
}

// id requires a positive ID.
func (c *checker) id(field string, v int64) {
	if v <= 0 {
		c.fail(field, "must be a positive ID (got %d)", v)
	}
}

// optionalID accepts 0 (absent) or a positive ID.
func (c *checker) optionalID(field string, v int64) {
	if v < 0 {
		c.fail(field, "must be a positive ID, or 0 to leave it out (got %d)", v)
	}
}

// publicID requires a public ID: 1 to 64 letters, digits, '-' or '_'.
func (c *checker) publicID(field, v string) {
	switch {
	case v == "":
		c.fail(field, "is empty")
	case !isPublicID(v):
		c.fail(field, "must be 1 to 64 letters, digits, '-' or '_' (got %q)", clip(v))
	}
}

// isPublicID reports whether v is 1 to 64 ASCII letters, digits, '-' or '_'
// (`^[A-Za-z0-9_-]{1,64}$`, without a regular expression's cost on every
// call that names a link).
func isPublicID(v string) bool {
	if len(v) < 1 || len(v) > 64 {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_':
		default:
			return false
		}
	}
	return true
}

// optionalPublicID accepts "" (absent) or a public ID.
func (c *checker) optionalPublicID(field, v string) {
	if v != "" {
		c.publicID(field, v)
	}
}

// email requires a bare address such as "a@example.com" (no display name).
func (c *checker) email(field, v string) {
	if v == "" {
		c.fail(field, "is empty")
		return
	}
	if len(v) < 3 || len(v) > 320 {
		c.fail(field, "is not a valid email address (got %q)", clip(v))
		return
	}
	if isDotAtomAddress(v) {
		return // what mail.ParseAddress accepts as it is, checked without its allocations
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v || a.Name != "" {
		c.fail(field, "is not a valid email address (got %q)", clip(v))
	}
}

// isDotAtomAddress reports whether v is an ASCII dot-atom, "@", and another:
// the common address, which mail.ParseAddress returns unchanged and without a
// name (FuzzDotAtomAddress holds it to that). Other addresses (quoted local
// parts, domain literals, non-ASCII) are left to the parser.
func isDotAtomAddress(v string) bool {
	at := strings.IndexByte(v, '@')
	return at >= 0 && isDotAtom(v[:at]) && isDotAtom(v[at+1:])
}

// isDotAtom reports whether s is RFC 5322 atext in ASCII, in dot-separated
// runs: no leading, trailing or double dot.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '.':
			if s[i-1] == '.' {
				return false
			}
		case strings.IndexByte("!#$%&'*+-/=?^_`{|}~", b) >= 0:
		default:
			return false
		}
	}
	return true
}

// text requires 1 to max characters that are not all space.
func (c *checker) text(field, v string, max int) {
	switch n := utf8.RuneCountInString(v); {
	case strings.TrimSpace(v) == "":
		c.fail(field, "is empty")
	case !utf8.ValidString(v):
		c.fail(field, "is not valid UTF-8")
	case n > max:
		c.fail(field, "is %d characters long; the most is %d", n, max)
	}
}

// optionalText accepts "" (absent) or what text accepts.
func (c *checker) optionalText(field, v string, max int) {
	if v != "" {
		c.text(field, v, max)
	}
}

// secret requires a non-empty secret and never quotes it.
func (c *checker) secret(field, v string) {
	if v == "" {
		c.fail(field, "is empty")
	}
}

var codePattern = regexp.MustCompile(`^[0-9]{6}$`)

// code requires a six-digit second-factor code and never quotes it.
func (c *checker) code(field, v string) {
	if !codePattern.MatchString(v) {
		c.fail(field, "must be the six digits of the second-factor code")
	}
}

// money requires an amount greater than zero with no more decimal places
// than the currency has. The zero Denomination is the API's default, AUD.
func (c *checker) money(field string, v decimal.Decimal, cur Denomination) {
	places := exponent(cur)
	switch {
	case !v.IsPositive():
		c.fail(field, "must be greater than zero (got %s)", decimalString(v))
	case !v.Equal(v.Truncate(places)):
		c.fail(field, "has more than %d decimal places (got %s)", places, decimalString(v))
	}
}

// wireAmount returns an amount that money accepted, normalised to the
// currency's decimal places for the wire: "4200.000" passes money (it equals
// 4200.00) but the API rejects more places than the currency has, and
// decimal.Decimal.String keeps trailing zeros when a program sets
// decimal.TrimTrailingZeros to false. Rounding a validated amount to the
// exponent keeps its value and caps its places, whatever that global says.
// An amount with no more places than the currency goes out as it is.
func wireAmount(v decimal.Decimal, cur Denomination) decimal.Decimal {
	if places := exponent(cur); v.Exponent() < -places {
		return v.Round(places)
	}
	return v
}

// exponent returns the decimal places of a currency. Every currency the API
// knows (AUD, NZD) has two.
func exponent(Denomination) int32 { return 2 }

// enum requires a known value of an integer or string enumeration; the zero
// value is accepted as "absent" when optional is true.
func enum[E interface {
	comparable
	Valid() bool
}](c *checker, field string, v E, optional bool) {
	var zero E
	if (optional && v == zero) || v.Valid() {
		return
	}
	// The value as on the wire (8, not the Stringer's "Perspective(8)").
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.fail(field, "has an unknown value %d", rv.Int())
	default:
		c.fail(field, "has an unknown value %v", v)
	}
}

// page checks limit and offset; 0 for limit means the API's default (20).
func (c *checker) page(limit, offset int) {
	if limit != 0 && (limit < MinLimit || limit > MaxLimit) {
		c.fail("limit", "must be between %d and %d, or 0 for the default of 20 (got %d)", MinLimit, MaxLimit, limit)
	}
	if offset < 0 {
		c.fail("offset", "must not be negative (got %d)", offset)
	}
}

// decimalString prints d with the scale it was written with ("-5.00", not "-5").
func decimalString(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 && e > -30 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// clip shortens a value quoted in a validation error.
func clip(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ptr returns a pointer to v, or nil for v's zero value: the API's optional
// parameters are pointers in gen and zero values in this package.
func ptr[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	p := new(T) // not &v: that would allocate v even when it is zero
	*p = v
	return p
}
