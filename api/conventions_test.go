package api_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The conventions below keep the contract valid OpenAPI 3.0.3 for every linter and generator
// (make lint-spec runs Redocly and Spectral; this test needs no Node.js) while oapi-codegen keeps
// generating the same Go types. Whoever adds a field or an operation follows them:
//
//   - A required property is an inline schema with a `type`, or a plain `$ref`; it never accepts null.
//   - An optional property that is inline has a `type` and `nullable: true`.
//   - An optional property that names a component is written
//     `{anyOf: [{$ref: X}, {type: <X's type>, nullable: true, enum: [null]}], x-go-type: <X's Go type>}`:
//     OpenAPI 3.0.3 gives `nullable` no effect without a `type` beside it, and a `$ref` (or an
//     allOf around one) would still refuse null; the anyOf accepts exactly X or null. x-go-type
//     tells oapi-codegen to keep X's Go type (a pointer, as for any optional field) instead of
//     generating a union.
//   - A property with alternative wire forms (an older SDK's beside the newest) is a oneOf of typed
//     branches with x-go-type, the one Go type they all decode to; when optional, one more branch
//     {type: T, nullable: true, enum: [null]} accepts null.
//   - No schema anywhere says `nullable` without `type`, nor sits `nullable` beside allOf/anyOf/oneOf.
//   - Every operation that takes a session (its security is not `[]`) declares the
//     x-procuret-forwarded-agent header through #/components/parameters/ForwardedAgent.

// goTypes lists the type names declared in the generated package gen.
func goTypes(t *testing.T) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../gen/procuret.gen.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse gen: %v", err)
	}
	names := map[string]bool{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, s := range g.Specs {
				names[s.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	return names
}

func refName(ref string) string { return strings.TrimPrefix(ref, "#/components/schemas/") }

func TestSpecConventionOptionalFields(t *testing.T) {
	doc := loadSpec(t)
	declared := goTypes(t)
	for _, name := range sortedKeys(doc.Components.Schemas) {
		s := doc.Components.Schemas[name].Value
		for _, pn := range sortedKeys(s.Properties) {
			p := s.Properties[pn]
			where := name + "." + pn
			required := slices.Contains(s.Required, pn)
			switch {
			case p.Ref != "":
				if !required {
					t.Errorf("%s: an optional $ref must be written anyOf [$ref, null] (see conventions_test.go)", where)
				}
			case len(p.Value.OneOf) > 0:
				if err := checkAlternatives(p.Value, required); err != nil {
					t.Errorf("%s: %v", where, err)
				}
			case len(p.Value.AnyOf) > 0:
				if required {
					t.Errorf("%s: a required property must not use anyOf", where)
				}
				if err := checkNullableRef(p.Value, declared); err != nil {
					t.Errorf("%s: %v", where, err)
				}
			default:
				v := p.Value
				if v.Type == nil || len(v.Type.Slice()) != 1 {
					t.Errorf("%s: an inline property needs exactly one type", where)
				}
				if len(v.AllOf) > 0 {
					t.Errorf("%s: allOf around a property is not a convention of this contract", where)
				}
				if v.Nullable == required {
					t.Errorf("%s: nullable must be %v (required: %v)", where, !required, required)
				}
			}
		}
	}
}

// checkNullableRef checks the optional-reference idiom.
func checkNullableRef(v *openapi3.Schema, declared map[string]bool) error {
	if len(v.AnyOf) != 2 || v.AnyOf[0].Ref == "" || v.AnyOf[1].Ref != "" {
		return fmt.Errorf("anyOf must be exactly [{$ref: X}, {type: T, nullable: true, enum: [null]}]")
	}
	target := v.AnyOf[0].Value
	null := v.AnyOf[1].Value
	if target.Type == nil || !isNullBranch(null) || !slices.Equal(null.Type.Slice(), target.Type.Slice()) {
		return fmt.Errorf("the second anyOf branch must be {type: %v, nullable: true, enum: [null]}", target.Type)
	}
	if v.Nullable || v.Type != nil || len(v.AllOf) > 0 || len(v.OneOf) > 0 {
		return fmt.Errorf("nothing but anyOf and x-go-type beside the branches")
	}
	goType, _ := v.Extensions["x-go-type"].(string)
	x := refName(v.AnyOf[0].Ref)
	// oapi-codegen's name normalizer changes only the case of initialisms (EntityIdType ->
	// EntityIDType), so the Go name equals the schema name but for case.
	if !strings.EqualFold(goType, x) || !declared[goType] {
		return fmt.Errorf("x-go-type %q must be the Go type generated for %s (declared in gen)", goType, x)
	}
	return nil
}

// isNullBranch reports whether s is the branch {type: T, nullable: true, enum: [null]}.
func isNullBranch(s *openapi3.Schema) bool {
	return s != nil && s.Type != nil && len(s.Type.Slice()) == 1 && s.Nullable && len(s.Enum) == 1 && s.Enum[0] == nil
}

// checkAlternatives checks a property with alternative wire forms (an older SDK's form beside
// the newest): oneOf branches that each have a type, x-go-type naming the one Go type they decode
// to, and, when the property is optional, a null branch.
func checkAlternatives(v *openapi3.Schema, required bool) error {
	if v.Nullable || v.Type != nil || len(v.AllOf) > 0 || len(v.AnyOf) > 0 {
		return fmt.Errorf("nothing but oneOf, description and x-go-type beside the alternatives")
	}
	if goType, _ := v.Extensions["x-go-type"].(string); goType == "" {
		return fmt.Errorf("alternatives need x-go-type, the one Go type every form decodes to")
	}
	nulls := 0
	for i, b := range v.OneOf {
		if b.Value == nil || b.Value.Type == nil && b.Ref == "" {
			return fmt.Errorf("oneOf[%d] has no type", i)
		}
		if isNullBranch(b.Value) {
			nulls++
		}
	}
	if required && nulls > 0 || !required && nulls != 1 {
		return fmt.Errorf("%d null branches; want %d (required: %v)", nulls, map[bool]int{true: 0, false: 1}[required], required)
	}
	return nil
}

// TestSpecConventionNullableHasType walks every schema in the contract, inline ones included.
func TestSpecConventionNullableHasType(t *testing.T) {
	doc := loadSpec(t)
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Nullable && s.Type == nil {
			t.Errorf("%s: nullable without type has no effect in OpenAPI 3.0.3", where)
		}
		if s.Nullable && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 {
			t.Errorf("%s: nullable beside allOf/anyOf/oneOf: the composed schemas still refuse null", where)
		}
		for _, pn := range sortedKeys(s.Properties) {
			walk(where+"."+pn, s.Properties[pn])
		}
		walk(where+"[]", s.Items)
		for i, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for j, r := range group {
				walk(fmt.Sprintf("%s.%s[%d]", where, []string{"allOf", "anyOf", "oneOf"}[i], j), r)
			}
		}
	}
	for _, n := range sortedKeys(doc.Components.Schemas) {
		walk(n, doc.Components.Schemas[n])
	}
	for _, n := range sortedKeys(doc.Components.Parameters) {
		walk("parameter "+n, doc.Components.Parameters[n].Value.Schema)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
