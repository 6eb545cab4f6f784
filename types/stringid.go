package types

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// StringID is a 64-bit ID that the contract carries as a JSON string of
// decimal digits ("13991055489669749"), as the Swift SDK does in the pay-now
// fee mode operations, where every other ID is a JSON integer. It encodes as
// the string and decodes from the string or from a JSON integer, so it reads
// both forms a server may send. Only positive IDs are valid.
type StringID int64

// Int64 returns the ID as an int64.
func (id StringID) Int64() int64 { return int64(id) }

// String returns the ID's decimal digits.
func (id StringID) String() string { return strconv.FormatInt(int64(id), 10) }

// MarshalJSON encodes the ID as a JSON string of its digits.
func (id StringID) MarshalJSON() ([]byte, error) {
	if id <= 0 {
		return nil, fmt.Errorf("types: StringID %d is not a positive ID", int64(id))
	}
	return strconv.AppendQuote(nil, id.String()), nil
}

// UnmarshalJSON decodes a JSON string of decimal digits or a JSON integer.
// Anything else (a fraction, an exponent, a sign, leading zeros, a value above
// 2^63-1, null) is an error.
func (id *StringID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	digits := b
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		digits = b[1 : len(b)-1]
	}
	v, err := parseID(digits)
	if err != nil {
		return fmt.Errorf("types: StringID: %w (got %.40s)", err, b)
	}
	*id = StringID(v)
	return nil
}

// MarshalText and UnmarshalText give the bare digits, for query strings.
func (id StringID) MarshalText() ([]byte, error) {
	if id <= 0 {
		return nil, fmt.Errorf("types: StringID %d is not a positive ID", int64(id))
	}
	return []byte(id.String()), nil
}

// UnmarshalText reads the ID's decimal digits.
func (id *StringID) UnmarshalText(b []byte) error {
	v, err := parseID(b)
	if err != nil {
		return fmt.Errorf("types: StringID: %w", err)
	}
	*id = StringID(v)
	return nil
}

var errNotID = errors.New("want a positive ID of decimal digits")

func parseID(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 19 || b[0] == '0' {
		return 0, errNotID
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errNotID
		}
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || v <= 0 {
		return 0, errNotID
	}
	return v, nil
}
