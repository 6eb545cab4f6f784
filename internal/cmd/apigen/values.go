package main

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// responseFieldsAsValues applies this module's rule for optional fields:
// in a schema that only responses use, an optional field is a value, not a
// pointer, and holds its zero value when the API leaves it out or sends null,
// so that a caller reads and prints it without a nil check. Schemas that a
// request body or parameter uses keep pointers, so that "not sent" and "zero"
// stay apart. It marks each such field with oapi-codegen's
// x-go-type-skip-optional-pointer and x-omitzero (encoding leaves the zero
// value out, as it left nil out).
func responseFieldsAsValues(spec *openapi3.T) {
	inResponses := map[*openapi3.Schema]bool{}
	inRequests := map[*openapi3.Schema]bool{}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p != nil && p.Value != nil {
					reach(p.Value.Schema, inRequests)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					reach(mt.Schema, inRequests)
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					reach(mt.Schema, inResponses)
				}
			}
		}
	}
	for s := range inResponses {
		// A schema with additionalProperties gets oapi-codegen's own
		// MarshalJSON, which writes every field that is not nil: it keeps
		// pointers, or it would write zero values for absent fields.
		additional := s.AdditionalProperties.Schema != nil || s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has
		if inRequests[s] || additional || !s.Type.Is("object") && len(s.Properties) == 0 {
			continue
		}
		for name, p := range s.Properties {
			if p == nil || isRequired(s, name) {
				continue
			}
			ext := &p.Extensions
			if p.Ref == "" && p.Value != nil {
				ext = &p.Value.Extensions // an inline schema belongs to this field alone
			}
			if *ext == nil {
				*ext = map[string]any{}
			}
			(*ext)["x-go-type-skip-optional-pointer"] = true
			(*ext)["x-omitzero"] = true
		}
	}
}

// reach adds every schema reachable from ref to seen.
func reach(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	for _, p := range s.Properties {
		reach(p, seen)
	}
	reach(s.Items, seen)
	for _, l := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range l {
			reach(r, seen)
		}
	}
	if s.AdditionalProperties.Schema != nil {
		reach(s.AdditionalProperties.Schema, seen)
	}
}

func isRequired(s *openapi3.Schema, name string) bool { return slices.Contains(s.Required, name) }
