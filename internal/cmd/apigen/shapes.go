package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// shapes turns the contract's response schemas into the checks package
// procuret runs on a 2xx body before decoding it (shape.go): for each object,
// the keys the contract requires (present, and not null unless nullable),
// less those it says may be absent (x-may-be-absent),
// and the properties whose values need a check of their own; for each
// array, its items; for each Decimal, the pattern and maxLength of the
// contract. A schema with nothing to check is nil: its value is skipped.
type shapes struct {
	spec  *openapi3.T
	named map[string]string // component name → Go expression ("" when nothing to check)
	busy  map[string]bool   // components being built, to refuse a cycle
	decls bytes.Buffer      // the named shapes' declarations
}

func newShapes(spec *openapi3.T) *shapes {
	return &shapes{spec: spec, named: map[string]string{}, busy: map[string]bool{}}
}

// bodyShape is the expression of the shape of op's 2xx JSON body, or "nil".
func (g *shapes) bodyShape(op *openapi3.Operation) (string, error) {
	if op.Responses == nil {
		return "nil", nil
	}
	for _, code := range []string{"200", "201"} {
		r := op.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			return "nil", nil
		}
		e, err := g.of(mt.Schema)
		if err != nil || e == "" {
			return "nil", err
		}
		return e, nil
	}
	return "nil", nil
}

// unwrap resolves the contract's ways of making a reference nullable,
// `allOf: [X], nullable: true` and `anyOf: [X, {nullable: true, enum: [null]}]`,
// to X and the flag.
func unwrap(ref *openapi3.SchemaRef) (*openapi3.SchemaRef, bool) {
	nullable := false
	for ref != nil && ref.Value != nil {
		v := ref.Value
		if v.Nullable {
			nullable = true
		}
		if len(v.AllOf) == 1 && len(v.Properties) == 0 {
			ref = v.AllOf[0]
			continue
		}
		if alts := append(slices.Clone(v.AnyOf), v.OneOf...); len(alts) > 0 && len(v.Properties) == 0 {
			var other []*openapi3.SchemaRef
			for _, a := range alts {
				if isNullOnly(a) {
					nullable = true
					continue
				}
				other = append(other, a)
			}
			if len(other) == 1 {
				ref = other[0]
				continue
			}
		}
		break
	}
	return ref, nullable
}

// isNullOnly reports whether ref admits null and nothing else.
func isNullOnly(ref *openapi3.SchemaRef) bool {
	v := ref.Value
	return v != nil && v.Nullable && len(v.Enum) == 1 && v.Enum[0] == nil
}

// of returns the Go expression of ref's shape, or "" when nothing in it needs
// checking.
func (g *shapes) of(ref *openapi3.SchemaRef) (string, error) {
	ref, _ = unwrap(ref)
	if ref == nil || ref.Value == nil {
		return "", nil
	}
	if name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/"); ok {
		if e, done := g.named[name]; done {
			return e, nil
		}
		if g.busy[name] {
			return "", fmt.Errorf("schema %s refers to itself; response checks cannot be generated for a cycle", name)
		}
		g.busy[name] = true
		lit, err := g.literal(ref.Value, name)
		delete(g.busy, name)
		if err != nil {
			return "", err
		}
		e := ""
		if lit != "" {
			e = "shapeOf" + exported(name)
			fmt.Fprintf(&g.decls, "\t// %s is what components/schemas/%s requires.\n\t%s = %s\n", e, name, e, lit)
		}
		g.named[name] = e
		return e, nil
	}
	return g.literal(ref.Value, "")
}

// literal returns the composite literal of s's shape, or "".
func (g *shapes) literal(s *openapi3.Schema, name string) (string, error) {
	switch {
	case s.Type.Is("string") && s.Format == "decimal":
		if s.MaxLength == nil || s.Pattern == "" {
			return "", fmt.Errorf("decimal schema %s needs a maxLength and a pattern: the client bounds the work of parsing one", name)
		}
		if s.Pattern != `^-?[0-9]+(\.[0-9]+)?$` {
			return "", fmt.Errorf("decimal schema %s: pattern %q is not the one shape.go checks", name, s.Pattern)
		}
		return fmt.Sprintf("&shape{kind: shapeDecimal, maxLen: %d}", *s.MaxLength), nil
	case s.Type.Is("array"):
		items, err := g.of(s.Items)
		if err != nil || items == "" {
			return "", err
		}
		return fmt.Sprintf("&shape{kind: shapeArray, items: %s}", items), nil
	case s.Type.Is("object") || len(s.Properties) > 0:
		keys := make([]string, 0, len(s.Properties))
		for k := range s.Properties {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		// x-may-be-absent: required of servers (some official SDK needs
		// them) but missing from older servers' answers; a client accepts
		// their absence, and null, which means absent.
		var mayBeAbsent []string
		if v, ok := s.Extensions["x-may-be-absent"]; ok {
			list, ok := v.([]any)
			if !ok {
				return "", fmt.Errorf("schema %s: x-may-be-absent must be a list of keys", name)
			}
			for _, k := range list {
				ks, ok := k.(string)
				if !ok || !slices.Contains(s.Required, ks) {
					return "", fmt.Errorf("schema %s: x-may-be-absent lists %v, which it does not require", name, k)
				}
				mayBeAbsent = append(mayBeAbsent, ks)
			}
		}
		var fields []string
		for _, k := range keys {
			prop, nullable := unwrap(s.Properties[k])
			required := slices.Contains(s.Required, k)
			if slices.Contains(mayBeAbsent, k) {
				required, nullable = false, true
			}
			if prop != nil && prop.Value != nil && prop.Value.Nullable {
				nullable = true
			}
			sub, err := g.of(prop)
			if err != nil {
				return "", fmt.Errorf("%s.%s: %w", name, k, err)
			}
			if !required && sub == "" {
				continue
			}
			f := fmt.Sprintf("{key: %q", k)
			if required {
				f += ", required: true"
			}
			if nullable {
				f += ", nullable: true"
			}
			if sub != "" {
				f += ", shape: " + sub
			}
			fields = append(fields, f+"}")
		}
		for _, r := range s.Required {
			if _, ok := s.Properties[r]; !ok {
				return "", fmt.Errorf("schema %s requires %q, which it does not define", name, r)
			}
		}
		if len(fields) == 0 {
			return "", nil
		}
		if len(fields) > 64 {
			return "", fmt.Errorf("schema %s: %d checked properties; shape.go tracks at most 64", name, len(fields))
		}
		return "&shape{kind: shapeObject, fields: []shapeField{\n\t\t" + strings.Join(fields, ",\n\t\t") + ",\n\t}}", nil
	}
	return "", nil
}
