package cli

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// Flag values. They never reset their target when defined (the flag package's BoolVar and
// StringVar do), so that the global flags can be defined on every flag set of a run.

type boolFlag struct{ p *bool }

func (f boolFlag) IsBoolFlag() bool { return true }
func (f boolFlag) String() string   { return strconv.FormatBool(f.p != nil && *f.p) }
func (f boolFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*f.p = v
	return nil
}

type stringFlag struct {
	p   *string
	set *bool
}

func (f stringFlag) String() string {
	if f.p == nil {
		return ""
	}
	return *f.p
}
func (f stringFlag) Set(s string) error {
	*f.p = s
	if f.set != nil {
		*f.set = true
	}
	return nil
}

// optBool is a bool flag that can also be left unset: --opened, --opened=false, or neither.
type optBool struct{ p **bool }

func (f optBool) IsBoolFlag() bool { return true }
func (f optBool) String() string {
	if f.p == nil || *f.p == nil {
		return ""
	}
	return strconv.FormatBool(**f.p)
}
func (f optBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*f.p = &v
	return nil
}

// idFlag is a positive 64-bit ID, e.g. a supplier's entity ID.
type idFlag struct{ p *int64 }

func (f idFlag) String() string {
	if f.p == nil || *f.p == 0 {
		return ""
	}
	return strconv.FormatInt(*f.p, 10)
}
func (f idFlag) Set(s string) error {
	id, err := parseID(s)
	if err != nil {
		return err
	}
	*f.p = id
	return nil
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, errors.New("want an ID, a positive whole number")
	}
	return id, nil
}

// decimalFlag is an exact amount: never parsed through a float.
type decimalFlag struct {
	p   *decimal.Decimal
	set *bool
}

func (f decimalFlag) String() string {
	if f.p == nil || f.set == nil || !*f.set {
		return ""
	}
	return f.p.String()
}
func (f decimalFlag) Set(s string) error {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil || strings.ContainsAny(s, "eE") {
		return errors.New("want an amount such as 422.42")
	}
	// Trailing zeros carry no value but would travel: "4200.000" must reach the API as
	// "4200", not as an amount with three decimal places (see the init in cli.go).
	*f.p, *f.set = d.Normalize(), true
	return nil
}

// currencyFlag is a currency by its ISO 4217 code.
type currencyFlag struct{ p *procuret.Denomination }

func (f currencyFlag) String() string {
	if f.p == nil || *f.p == 0 {
		return ""
	}
	return currencyOf(*f.p).Iso4217
}
func (f currencyFlag) Set(s string) error {
	for _, c := range currencies {
		if strings.EqualFold(strings.TrimSpace(s), c.Iso4217) {
			*f.p = c.Indexid
			return nil
		}
	}
	return errors.New("want AUD or NZD")
}

// required reports the first of the named flags that was not given.
func required(set map[string]bool, names ...string) error {
	for _, n := range names {
		if !set[n] {
			return usagef("missing --%s", n)
		}
	}
	return nil
}
