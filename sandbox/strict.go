package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Strict input, checked before the contract's validation and before anything decodes a value:
// the JSON a request carries must be exactly one value, valid UTF-8, with no key twice in an
// object and no control character in a string; a query must decode; paths under /api must be
// canonical (no "//", ".", ".." or trailing "/"); and decimals have a bounded number of digits,
// since parsing a decimal costs time quadratic in its length.

// maxDecimalDigits bounds the digits of a decimal parameter or field: far more than any amount,
// rate or principal needs, and cheap to parse.
const maxDecimalDigits = 32

// canonicalAPIPath reports whether an /api path is one the contract could name: no empty,
// "." or ".." segment and no trailing slash.
func canonicalAPIPath(p string) bool {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	return !slices.ContainsFunc(segs, func(s string) bool { return s == "" || s == "." || s == ".." })
}

// checkQuery returns why a raw query is refused, or "".
func checkQuery(raw string) string {
	if raw == "" {
		return ""
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "query: not valid URL encoding (" + firstLine(err.Error()) + ")"
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if why := badText(name); why != "" {
			return "query: a parameter name " + why
		}
		for _, v := range q[name] {
			if why := badText(v); why != "" {
				return name + ": " + why
			}
		}
	}
	return ""
}

// badText says what is wrong with a string from a request: invalid UTF-8 or a control
// character (C0, DEL or C1), which no identifier, email, name or amount contains.
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "not valid UTF-8"
	}
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return fmt.Sprintf("must not contain a control character (U+%04X)", r)
		}
	}
	return ""
}

// checkCharset refuses a JSON body declared in a charset other than UTF-8.
func checkCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "" // the contract's validation names a malformed Content-Type
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return fmt.Sprintf("Content-Type: the charset must be utf-8 (got %q)", cs)
	}
	return ""
}

// checkJSON returns why a JSON body is refused, or "" when it is one JSON value with nothing
// after it but whitespace, valid UTF-8, no duplicate keys and no control characters in its
// strings. A syntax error inside the value is left to the contract's validation, which names it
// (and, for a login step, quotes nothing). Values under secret fields are never quoted, and no
// message quotes any value at all: only key names.
func checkJSON(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	if !utf8.Valid(body) {
		return "request body: not valid UTF-8"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object    bool
		expectKey bool
		keys      map[string]bool
		key       string // the key whose value comes next
	}
	var stack []*frame
	path := func(last string) string {
		var parts []string
		for _, f := range stack {
			if f.object && f.key != "" {
				parts = append(parts, f.key)
			}
		}
		if last != "" {
			parts = append(parts, last)
		}
		if len(parts) == 0 {
			return "request body"
		}
		return strings.Join(parts, ".")
	}
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
			stack[n-1].key = ""
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "" // a syntax error: the contract's validation reports it
		}
		top := (*frame)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{object: true, expectKey: true, keys: map[string]bool{}})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if top != nil && top.object && top.expectKey {
				if why := badText(t); why != "" {
					return path("") + ": a key " + why
				}
				if top.keys[t] {
					return fmt.Sprintf("%s: duplicate key %q", path(""), t)
				}
				top.keys[t] = true
				top.key, top.expectKey = t, false
				continue
			}
			if top == nil || !secretFields[top.key] { // a password may hold anything
				if why := badText(t); why != "" {
					return path("") + ": " + why
				}
			}
			valueDone()
		default:
			valueDone()
		}
		if len(stack) == 0 {
			break
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "request body: data after the JSON object (send exactly one JSON value)"
	}
	return ""
}

// decimalTooLong reports whether s has more than maxDecimalDigits digits.
func decimalTooLong(s string) bool {
	if len(s) <= maxDecimalDigits {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if n++; n > maxDecimalDigits {
				return true
			}
		}
	}
	return false
}
