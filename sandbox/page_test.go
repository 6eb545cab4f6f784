package sandbox_test

import (
	"strings"
	"testing"

	"github.com/procuret/procuret-go/api"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

func TestCustomerPage(t *testing.T) {
	e := newEnv(t)
	b := newLink(sandbox.DefaultSupplierID, "1000.00")
	b.InvoiceIdentifier = `<script>alert("x")</script>`
	r := e.call(e.supplier(), "POST", "/instalment-link", b)
	l := decode[gen.InstalmentLink](t, r)

	page := e.getRaw("/b?il=" + l.PublicID)
	html := string(page.body)
	if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", page.status, page.header.Get("Content-Type"))
	}
	for _, want := range []string{
		"Demo Supplies Pty Ltd", "$1000.00 AUD",
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", // escaped, never markup
		"<td>3 months</td><td>$333.33 AUD</td>", "<td>6 months</td><td>$168.37 AUD</td>",
		"<td>12 months</td><td>$86.37 AUD</td>", "<td>24 months</td><td>$45.72 AUD</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("the invoice identifier was not escaped")
	}
	// Loading the page recorded an open, as the real page does.
	got := decode[gen.InstalmentLink](t, e.call(nil, "GET", "/instalment-link?public_id="+l.PublicID, nil))
	if len(got.Opens) != 1 {
		t.Errorf("opens after loading the page: %d, want 1", len(got.Opens))
	}
	// The link's Location is this page.
	if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/b?il="+l.PublicID) {
		t.Errorf("Location %q", loc)
	}

	small := decode[gen.InstalmentLink](t, e.call(e.supplier(), "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "100.00")))
	if html := string(e.getRaw("/b?il=" + small.PublicID).body); !strings.Contains(html, "at least 500.00") {
		t.Errorf("a link below the minimum should say so:\n%s", html)
	}
	missing := e.getRaw("/b?il=il_nope")
	if missing.status != 404 || !strings.Contains(string(missing.body), "Link not found") {
		t.Errorf("unknown link: %d %s", missing.status, missing.body)
	}
}

func TestServesTheContract(t *testing.T) {
	e := newEnv(t, sandbox.WithFaults(sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Status500}}))
	r := e.getRaw("/openapi.yaml")
	if r.status != 200 || string(r.body) != string(api.OpenAPI) || !strings.Contains(r.header.Get("Content-Type"), "yaml") {
		t.Errorf("GET /openapi.yaml: %d %q, %d bytes", r.status, r.header.Get("Content-Type"), len(r.body))
	}
	if r := e.getRaw("/elsewhere"); r.status != 404 || !strings.Contains(string(r.body), `"response-code":404`) {
		t.Errorf("GET /elsewhere: %d %s", r.status, r.body)
	}
}
