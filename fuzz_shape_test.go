package procuret

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// FuzzShape holds the check of a 2xx body (shape.go) to what the contract
// says, read the slow way: whatever checkShape accepts, decoded by
// encoding/json, holds every key the contract requires (non-null unless
// nullable), in every list item and nested object, and every Decimal is of
// the contract's pattern and bound. It never panics, and what it refuses for
// a missing key is refused by the slow reading too. The operation is chosen
// by the first byte.
func FuzzShape(f *testing.F) {
	var ops []*operation
	for _, op := range operations {
		if op.body != nil {
			ops = append(ops, op)
		}
	}
	link := linkJSON("il_1", 0, 1, 20, 0)
	for i := range ops {
		for _, body := range []string{link, "[" + link + "]", `{}`, `[{}]`, `null`, `{"a":1}`, `[` + link + `,{}]`,
			strings.Replace(link, `"1.00"`, `"1e5"`, 1), strings.Replace(link, `"public_id"`, `"public\u005fid"`, 1)} {
			f.Add(byte(i), []byte(body))
		}
	}
	f.Fuzz(func(t *testing.T, which byte, body []byte) {
		sh := ops[int(which)%len(ops)].body
		err := checkShape(context.Background(), body, sh)
		var se *shapeError
		if err != nil && !errors.As(err, &se) && err != errMalformed {
			t.Fatalf("checkShape = %v", err)
		}
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		var v any
		if d.Decode(&v) != nil || d.More() || !json.Valid(body) {
			return // json.Unmarshal refuses it whatever checkShape says
		}
		ref := refCheck(v, sh, true)
		if err == nil && ref != "" {
			t.Fatalf("checkShape accepted %q, which the contract refuses: %s", body, ref)
		}
		if se != nil && ref == "" && !hasDuplicateKeys(body) {
			t.Fatalf("checkShape refused %q (%v), which the contract accepts", body, se)
		}
	})
}

var decimalPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// refCheck is checkShape over a decoded value: "" or what is wrong.
func refCheck(v any, sh *shape, top bool) string {
	if sh == nil {
		return ""
	}
	if v == nil {
		if top && sh.kind != shapeArray {
			return "null body"
		}
		return ""
	}
	switch sh.kind {
	case shapeObject:
		m, ok := v.(map[string]any)
		if !ok {
			return "" // a wrong type: json.Unmarshal into the Go type refuses it
		}
		for _, f := range sh.fields {
			fv, present := m[f.key]
			switch {
			case !present && f.required:
				return f.key + " missing"
			case present && fv == nil && f.required && !f.nullable:
				return f.key + " null"
			case present:
				if r := refCheck(fv, f.shape, false); r != "" {
					return f.key + "." + r
				}
			}
		}
	case shapeArray:
		items, ok := v.([]any)
		if !ok {
			return ""
		}
		for _, it := range items {
			if r := refCheck(it, sh.items, false); r != "" {
				return r
			}
		}
	case shapeDecimal:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case json.Number:
			s = string(x)
		default:
			return ""
		}
		if len(s) > sh.maxLen || !decimalPattern.MatchString(s) {
			return "bad decimal"
		}
	}
	return ""
}

// hasDuplicateKeys reports whether some object in body repeats a key (the
// last one wins in encoding/json; checkShape may refuse an earlier null).
func hasDuplicateKeys(body []byte) bool {
	d := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		obj  bool
		keys map[string]bool
		key  bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.key {
			if k, ok := tok.(string); ok {
				if top.keys[k] {
					return true
				}
				top.keys[k] = true
				top.key = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, keys: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].key = true
		}
	}
}
