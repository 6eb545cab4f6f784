// Package types holds the small value types that Procuret's OpenAPI contract
// names with x-go-type: Time, Procuret's zone-less UTC timestamp
// "YYYY-MM-DD HH:MM:SS.ffffff"; Date, a "YYYY-MM-DD" calendar date; and
// Currency with its ID, Denomination, because a currency arrives either as an
// object or as a bare ID and Currency decodes both.
//
// The generated code in package gen imports this package, so it imports no
// package of ours. Both types are structs with unexported fields on purpose:
// oapi-codegen's runtime styles a query parameter specially when its type is
// convertible to time.Time or to its own types.Date (it would send only the
// date), and an embedded time.Time would promote an RFC 3339 UnmarshalJSON.
// Each type therefore carries its own text, JSON and runtime.Binder methods.
//
// Parsing is lenient, as Procuret's Python SDK is: "T" or "_" may separate date
// and time, the fraction may have 0 to 9 digits, and a trailing "Z" or numeric
// offset is honoured. Formatting is always the canonical wire form.
package types
