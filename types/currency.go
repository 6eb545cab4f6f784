package types

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Denomination is a currency's ID, the contract's Denomination schema: 1
// Australian dollar, 2 New Zealand dollar. It lives here, not in package gen,
// because Currency carries it and Currency needs its own JSON decoding.
type Denomination int

// Values of Denomination.
const (
	DenominationAUD Denomination = 1
	DenominationNZD Denomination = 2
)

// Valid reports whether d is a currency the API knows.
func (d Denomination) Valid() bool {
	switch d {
	case DenominationAUD, DenominationNZD:
		return true
	}
	return false
}

// Currency is the contract's Currency object: {"indexid", "name",
// "iso_4217", "exponent", "symbol"}. The field names are those the generated
// models use for the same JSON keys.
//
// Decoding accepts both forms the API is known to send where a currency is
// expected (Amount.denomination, Supplier.default_denomination): the full
// object, or the bare integer currency ID. An ID the API knows (AUD, NZD) is
// completed from the table the four official SDKs share, so that a caller
// reads Iso4217 and Exponent whichever form arrived; an unknown ID sets only
// Indexid. Encoding always writes the object.
type Currency struct {
	// Exponent is the number of decimal places of the minor unit.
	Exponent int `json:"exponent"`
	// Indexid is the currency's ID.
	Indexid Denomination `json:"indexid"`
	// Iso4217 is the ISO 4217 code, e.g. "AUD".
	Iso4217 string `json:"iso_4217"`
	// Name is the currency's name, e.g. "Australian Dollar".
	Name string `json:"name"`
	// Symbol is the display symbol, e.g. "$".
	Symbol string `json:"symbol"`
}

// knownCurrencies are the currencies every official SDK hard-codes.
var knownCurrencies = [...]Currency{
	{Indexid: DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"},
	{Indexid: DenominationNZD, Name: "New Zealand Dollar", Iso4217: "NZD", Exponent: 2, Symbol: "$"},
}

// CurrencyOf returns the currency with ID d, and whether the API knows it.
// For an unknown ID it returns a Currency with only Indexid set.
func CurrencyOf(d Denomination) (Currency, bool) {
	for _, c := range knownCurrencies {
		if c.Indexid == d {
			return c, true
		}
	}
	return Currency{Indexid: d}, false
}

// UnmarshalJSON decodes a Currency object or a bare integer currency ID (see
// Currency). null leaves c unchanged, as encoding/json does for structs.
func (c *Currency) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return fmt.Errorf("types: currency: empty JSON value")
	case string(data) == "null":
		return nil
	case data[0] == '{':
		type plain Currency // no methods: no recursion
		var p plain
		if err := json.Unmarshal(data, &p); err != nil {
			return err
		}
		*c = Currency(p)
		return nil
	case data[0] == '-' || data[0] >= '0' && data[0] <= '9':
		id, err := strconv.ParseInt(string(data), 10, 64)
		if err != nil || id < 1 || id > 1<<31-1 {
			return fmt.Errorf("types: currency: want a Currency object or a positive integer currency ID, got %.20s", data)
		}
		*c, _ = CurrencyOf(Denomination(id))
		return nil
	}
	return fmt.Errorf("types: currency: want a Currency object or an integer currency ID, got %.20s", data)
}
