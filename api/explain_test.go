package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The contract must let a team that has never seen Go implement a client from it alone. These
// tests pin what such a team needs, and check that what the text claims is true.

const forwardedAgentRef = "#/components/parameters/ForwardedAgent"

func securityMode(doc *openapi3.T, op *openapi3.Operation) string {
	sec := doc.Security
	if op.Security != nil {
		sec = *op.Security
	}
	if len(sec) == 0 {
		return "none"
	}
	for _, req := range sec {
		if len(req) == 0 {
			return "optional"
		}
	}
	return "required"
}

// TestSpecSignatureVectors recomputes every test vector the contract publishes, in the
// Signature scheme's x-test-vectors and in the table of the description, from the algorithm
// as the text states it (not through package auth).
func TestSpecSignatureVectors(t *testing.T) {
	doc := loadSpec(t)
	scheme := doc.Components.SecuritySchemes["Signature"]
	if scheme == nil || scheme.Value.Name != "x-procuret-signature" {
		t.Fatal("no Signature scheme for x-procuret-signature")
	}
	sign := func(key string, unix int64, path string) (string, string) {
		msg := strconv.FormatInt(unix-unix%900, 10) + path
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(msg))
		return msg, base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
	vectors, _ := scheme.Value.Extensions["x-test-vectors"].([]any)
	if len(vectors) < 5 {
		t.Fatalf("Signature has %d x-test-vectors, want at least 5", len(vectors))
	}
	for i, v := range vectors {
		m := v.(map[string]any)
		unix := int64(m["unix_time"].(float64))
		msg, sig := sign(m["api_key"].(string), unix, m["path"].(string))
		if m["string_to_sign"] != msg || m["signature"] != sig || int64(m["window_start"].(float64)) != unix-unix%900 {
			t.Errorf("x-test-vectors[%d] = %v; the algorithm gives %q -> %s", i, m, msg, sig)
		}
	}
	// The description's table: | `api_key` | t | `path` | `string to sign` | `signature` |
	rows := 0
	for _, line := range strings.Split(doc.Info.Description, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 5 {
			continue
		}
		for i := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(cells[i]), "`")
		}
		unix, err := strconv.ParseInt(cells[1], 10, 64)
		if err != nil {
			continue // the header row
		}
		rows++
		msg, sig := sign(cells[0], unix, cells[2])
		if cells[3] != msg || cells[4] != sig {
			t.Errorf("description row %v; the algorithm gives %q -> %s", cells, msg, sig)
		}
	}
	if rows < 3 {
		t.Errorf("the description's signature table has %d vectors, want at least 3", rows)
	}
	for _, want := range []string{"a static key", "string to sign", "base64", "HMAC-SHA256", "not signed"} {
		if !strings.Contains(doc.Info.Description+scheme.Value.Description, want) {
			t.Errorf("the signature's text does not say %q", want)
		}
	}
}

// TestSpecForwardedAgent: the header is a parameter of exactly the operations that take a
// session, and no longer a security scheme that nothing uses.
func TestSpecForwardedAgent(t *testing.T) {
	doc := loadSpec(t)
	p := doc.Components.Parameters["ForwardedAgent"]
	if p == nil || p.Value.In != "header" || p.Value.Name != "x-procuret-forwarded-agent" || p.Value.Required {
		t.Fatalf("components.parameters.ForwardedAgent must be the optional header x-procuret-forwarded-agent, got %+v", p)
	}
	if p.Value.Schema.Value.Type.Is("integer") {
		t.Error("the forwarded agent's schema must be a string: an integer header becomes a lossy number in JavaScript")
	}
	if _, ok := doc.Components.SecuritySchemes["ForwardedAgent"]; ok {
		t.Error("ForwardedAgent is declared as a security scheme as well")
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			has := false
			for _, ref := range op.Parameters {
				has = has || ref.Ref == forwardedAgentRef
			}
			if mode := securityMode(doc, op); has != (mode != "none") {
				t.Errorf("%s %s (session %s): declares the forwarded agent = %v", method, path, mode, has)
			}
		}
	}
}

// TestSpecOptionalSessions: every operation whose session is optional says that a session
// that is sent is still refused when bad, and declares the 401 that follows (the sandbox does
// exactly this: sandbox/authn_test.go TestOperationsWithoutSession).
func TestSpecOptionalSessions(t *testing.T) {
	doc := loadSpec(t)
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if securityMode(doc, op) != "optional" {
				continue
			}
			n++
			if !strings.Contains(op.Description, "must be valid") || op.Responses.Value("401") == nil {
				t.Errorf("%s %s: an optional session must be documented as still refused (401) when bad", method, path)
			}
			if !strings.Contains(doc.Info.Description, "`"+method+" "+path+"`") && !strings.Contains(doc.Info.Description, "under `/credit`") {
				t.Errorf("%s %s is not listed among the optional-session operations of the description", method, path)
			}
		}
	}
	if n == 0 {
		t.Fatal("no operation with an optional session")
	}
}

// TestSpecExplainsItself: the facts another team asked for are stated where they look.
func TestSpecExplainsItself(t *testing.T) {
	doc := loadSpec(t)
	text := doc.Info.Description
	for _, want := range []string{
		"## Exact 64-bit integers", "lossless-json", "BigInt", "rounds to the", // int64 in JavaScript
		"PROCURET_SANDBOX_CODE", "http://127.0.0.1:8080/api", // the local sandbox
		"no zone designator", "UTC", // timestamps
		"x-procuret-forwarded-agent",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("info.description does not mention %q", want)
		}
	}
	local := doc.Servers[len(doc.Servers)-1]
	if !strings.Contains(local.Description, "PROCURET_SANDBOX_CODE") {
		t.Errorf("the local sandbox server %q does not say how to fix the second-factor code", local.URL)
	}
	ts := doc.Components.Schemas["ProcuretTime"].Value
	if ts.Format == "date-time" || !strings.Contains(ts.Description, "UTC") || !strings.Contains(ts.Description, "no zone") {
		t.Errorf("ProcuretTime must say UTC without a zone: %q", ts.Description)
	}
	id := doc.Components.Schemas["ID"].Value
	if id.Format != "int64" || !strings.Contains(id.Description, "JavaScript") {
		t.Errorf("ID must be int64 and tell JavaScript readers what to do: %q", id.Description)
	}
}
