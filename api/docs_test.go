package api_test

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
)

// docsHTML is what `make docs` writes (tools/spec-lint/build-docs.mjs); CI builds it before
// `make test`.
const docsHTML = "../build/docs/procuret-api.html"

var (
	scriptElement = regexp.MustCompile(`(?is)<script\b[^>]*>.*?</script>`)
	externalLoad  = regexp.MustCompile(`(?i)<(script|img|iframe|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:|//)[^>]*>`)
)

// TestDocsShowEveryOperation: the offline reference loads nothing from the network and shows
// every operation of the contract, prerendered (its anchor and its summary are in the page
// outside any script, so they are there even before JavaScript runs).
func TestDocsShowEveryOperation(t *testing.T) {
	raw, err := os.ReadFile(docsHTML)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI runs `make docs` before `make test`", err)
		}
		t.Skipf("%v: run `make docs` first", err)
	}
	page := string(raw)
	for _, m := range externalLoad.FindAllString(page, -1) {
		if strings.HasPrefix(strings.ToLower(m), "<link") && !regexp.MustCompile(`(?i)rel=["']?(stylesheet|preload|modulepreload|icon)`).MatchString(m) {
			continue // a hyperlink-like <link>, nothing is loaded
		}
		t.Errorf("the page loads from the network: %s", m)
	}
	if !strings.Contains(page, "<script>") || strings.Contains(page, "cdn.redocly.com") {
		t.Error("Redoc's script must be inlined, not loaded from the CDN")
	}
	visible := scriptElement.ReplaceAllString(page, "")
	doc := loadSpec(t)
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			if !strings.Contains(visible, `operation/`+op.OperationID+`"`) {
				t.Errorf("%s %s: operationId %s has no section in the page", method, path, op.OperationID)
			}
			if !strings.Contains(visible, strings.ReplaceAll(html.EscapeString(op.Summary), "&#39;", "&#x27;")) {
				t.Errorf("%s %s: summary %q is not shown", method, path, op.Summary)
			}
		}
	}
	if n == 0 {
		t.Fatal("the contract has no operations")
	}
}
