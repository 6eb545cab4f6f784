// Package api_test checks the contract in openapi.yaml: it is shared with other-language teams,
// so it must stand on its own, valid and documented.
package api_test

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.yaml")
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	return doc
}

func TestSpecValidates(t *testing.T) {
	doc := loadSpec(t)
	openapi3.DefineStringFormatValidator("decimal", openapi3.NewRegexpFormatValidator(`^-?[0-9]+(\.[0-9]+)?$`))
	openapi3.DefineStringFormatValidator("procuret-time", openapi3.NewRegexpFormatValidator(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}$`))
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation(), openapi3.EnableSchemaFormatValidation()); err != nil {
		t.Fatalf("openapi.yaml does not validate: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	wantServers := []string{"https://procuret.com/api", "https://demo.procuret.com/api", "http://127.0.0.1:8080/api"}
	if len(doc.Servers) != len(wantServers) {
		t.Errorf("%d servers, want %v", len(doc.Servers), wantServers)
	}
	for i, s := range doc.Servers {
		if i >= len(wantServers) || s.URL != wantServers[i] {
			t.Errorf("server %d = %q, want %v", i, s.URL, wantServers)
		}
	}
}

// TestSpecOperations pins the operations issue 2 names and checks each is documented.
func TestSpecOperations(t *testing.T) {
	doc := loadSpec(t)
	want := []string{
		"POST /second-factor-code", "POST /session", "GET /session", "PUT /session",
		"POST /instalment-link", "GET /instalment-link", "GET /instalment-link/list", "POST /instalment-link/open",
		"GET /credit/prospective-payment", "GET /credit/prospective-payment/list",
		"GET /payment/series", "GET /payment/series/list", "GET /term-rate/group", "GET /entity", "GET /human",
		"GET /commitment", "GET /instalment-schedule", "GET /supplier", "GET /xero/entity-map", "GET /xero/organisation",
	}
	have := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			have[method+" "+path] = op
		}
	}
	for _, w := range want {
		if have[w] == nil {
			t.Errorf("missing operation %s", w)
		}
	}
	ids := map[string]bool{}
	for name, op := range have {
		if op.OperationID == "" || ids[op.OperationID] {
			t.Errorf("%s: operationId %q missing or duplicated", name, op.OperationID)
		}
		ids[op.OperationID] = true
		if strings.TrimSpace(op.Summary) == "" || strings.TrimSpace(op.Description) == "" {
			t.Errorf("%s: needs a summary and a description", name)
		}
		for _, code := range []string{"400", "429", "500", "503", "default"} {
			if op.Responses.Value(code) == nil {
				t.Errorf("%s: no %s response", name, code)
			}
		}
		for code, resp := range op.Responses.Map() {
			if code == "200" {
				continue
			}
			mt := resp.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Ref != "#/components/schemas/Error" {
				t.Errorf("%s %s: error response must carry Procuret's error body", name, code)
			}
		}
		authed := op.Security == nil || len(*op.Security) > 0 && len((*op.Security)[0]) > 0
		if authed && op.Responses.Value("401") == nil {
			t.Errorf("%s: needs a session but declares no 401", name)
		}
		for _, p := range op.Parameters {
			if strings.TrimSpace(p.Value.Description) == "" {
				t.Errorf("%s: parameter %s has no description", name, p.Value.Name)
			}
		}
	}
}

// TestSpecSchemas checks every component schema has a description and an example that
// validates against it, that IDs are int64, and that no field uses format date-time.
func TestSpecSchemas(t *testing.T) {
	doc := loadSpec(t)
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	idField := regexp.MustCompile(`(^|_)id$`)
	for _, n := range names {
		s := doc.Components.Schemas[n].Value
		if strings.TrimSpace(s.Description) == "" {
			t.Errorf("schema %s has no description", n)
		}
		if s.Example == nil {
			t.Errorf("schema %s has no example", n)
		} else if err := s.VisitJSON(s.Example); err != nil {
			t.Errorf("schema %s: example does not validate: %v", n, err)
		}
		for pn, p := range s.Properties {
			if p.Value.Format == "date-time" {
				t.Errorf("%s.%s uses format date-time; Procuret's times are not RFC 3339", n, pn)
			}
			if p.Value.Type.Is("integer") && len(p.Value.Enum) == 0 && idField.MatchString(pn) && !strings.HasSuffix(pn, "country_id") && p.Value.Format != "int64" {
				t.Errorf("%s.%s is an ID but not int64", n, pn)
			}
			// A $ref (or an optional one: anyOf [$ref, null]) is described by the schema it names.
			isRef := p.Ref != "" || len(p.Value.AnyOf) == 2 && p.Value.AnyOf[0].Ref != ""
			if !isRef && strings.TrimSpace(p.Value.Description) == "" {
				t.Errorf("%s.%s has no description", n, pn)
			}
		}
		if s.Type.Is("integer") && len(s.Enum) > 0 {
			names, _ := s.Extensions["x-enum-varnames"].([]any)
			if len(names) != len(s.Enum) {
				t.Errorf("enum %s: x-enum-varnames must name every value", n)
			}
		}
	}
}

// TestSpecNullableAndExamples pins two rules of the contract: every optional property may also be
// null (the Python SDK sends explicit nulls, and clients must read null and absent alike), and every
// parameter and every 2xx body has an example, through a named component schema.
func TestSpecNullableAndExamples(t *testing.T) {
	doc := loadSpec(t)
	for name, ref := range doc.Components.Schemas {
		s := ref.Value
		required := map[string]bool{}
		for _, r := range s.Required {
			required[r] = true
		}
		for pn, p := range s.Properties {
			// Checked by validating null itself, as a strict JSON Schema validator would: a
			// `nullable` flag that a $ref or an allOf overrides does not count.
			acceptsNull := p.Value.VisitJSON(nil) == nil
			if !required[pn] && !acceptsNull {
				t.Errorf("%s.%s is optional but does not accept null", name, pn)
			}
			if required[pn] && acceptsNull {
				t.Errorf("%s.%s is required but accepts null", name, pn)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value.Schema == nil || p.Value.Schema.Value.Example == nil && p.Value.Example == nil {
					t.Errorf("%s %s: parameter %s has no example", method, path, p.Value.Name)
				}
			}
			for code, resp := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				mt := resp.Value.Content.Get("application/json")
				if mt == nil {
					mt = resp.Value.Content.Get("application/pdf") // a document, not JSON (GET /instalment-schedule/pdf)
				}
				if mt == nil || mt.Schema == nil || mt.Schema.Ref == "" {
					t.Errorf("%s %s %s: the body must be a named component schema (with its example)", method, path, code)
				}
			}
		}
	}
}
