package procuret

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/types"
)

// checkLink asserts the decoded example InstalmentLink.
func checkLink(t *testing.T, l InstalmentLink, serverURL string) {
	t.Helper()
	if l.PublicID != "il_9cT2mQ4xR7" || l.Supplier.EntityID != 13991055489669749 ||
		l.Supplier.LegalEntityName != "Demo Supplies Pty Ltd" || l.InvoiceIdentifier != "INV-1001" ||
		l.InviteeEmail == "" || l.InviteeEmail != "customer@example.com" ||
		l.SaleName != SaleNomenclatureInvoice || l.AllowEdit || l.DenominationID != DenominationAUD {
		t.Errorf("link = %+v", l.InstalmentLink)
	}
	if !l.InvoiceAmount.Equal(decimal.RequireFromString("422.42")) {
		t.Errorf("InvoiceAmount = %s, want 422.42", l.InvoiceAmount)
	}
	if !l.Created.Equal(types.MustParseTime("2026-11-27 03:14:15.926535")) {
		t.Errorf("Created = %s", l.Created)
	}
	if len(l.Opens) != 1 || l.Opens[0].Sequence != 0 || !l.Opens[0].Created.Equal(types.MustParseTime("2026-11-27 03:20:00.000000")) {
		t.Errorf("Opens = %+v", l.Opens)
	}
	if want := serverURL + "/b?il=il_9cT2mQ4xR7"; l.URL() != want {
		t.Errorf("URL() = %q, want %q", l.URL(), want)
	}
}

func TestCreateInstalmentLink(t *testing.T) {
	c, mux, url := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, "")
		testSigned(t, r, "/instalment-link")
		testJSONBody(t, r, string(specExample(t, "InstalmentLinkCreate")))
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	l, err := c.CreateInstalmentLink(context.Background(), validLinkParams())
	if err != nil {
		t.Fatal(err)
	}
	checkLink(t, *l, url)
}

func TestCreateInstalmentLinkOptionalFields(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"supplier_id":13991055489669749,"invoice_amount":"1050.5","invitee_email":"ap@customer.example",
			"invoice_identifier":"PO 77/ä","communicate":false,"denomination":2,"nomenclature":2,"invitee_phone":"+64 21 000 000"}`)
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	p := CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("1050.50"),
		InviteeEmail:      "ap@customer.example",
		InvoiceIdentifier: "PO 77/ä",
		Communication:     DoNotNotify,
		Currency:          DenominationNZD,
		Nomenclature:      SaleNomenclatureOrder,
		InviteePhone:      "+64 21 000 000",
	}
	if _, err := c.CreateInstalmentLink(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func TestCreateInstalmentLinkMinimal(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		// No currency, nomenclature or phone: the keys are left out.
		testJSONBody(t, r, `{"supplier_id":5,"invoice_amount":"0.01","invitee_email":"a@b.co","invoice_identifier":"1","communicate":false}`)
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	p := CreateLinkParams{SupplierID: 5, Amount: decimal.RequireFromString("0.01"), InviteeEmail: "a@b.co", InvoiceIdentifier: "1", Communication: DoNotNotify}
	if _, err := c.CreateInstalmentLink(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func TestCreateInstalmentLinkValidation(t *testing.T) {
	c, _, _ := setup(t) // no handler: any request fails the test
	for _, tc := range []struct {
		name   string
		change func(*CreateLinkParams)
		field  string
		msg    string
	}{
		{"negative amount", func(p *CreateLinkParams) { p.Amount = decimal.RequireFromString("-5.00") },
			"invoice_amount", "procuret: create instalment link: invoice_amount must be greater than zero (got -5.00)"},
		{"zero amount", func(p *CreateLinkParams) { p.Amount = decimal.Zero }, "invoice_amount", "must be greater than zero (got 0)"},
		{"three decimal places", func(p *CreateLinkParams) { p.Amount = decimal.RequireFromString("422.421") },
			"invoice_amount", "has more than 2 decimal places (got 422.421)"},
		{"three places NZD", func(p *CreateLinkParams) {
			p.Currency = DenominationNZD
			p.Amount = decimal.RequireFromString("0.005")
		}, "invoice_amount", "more than 2 decimal places"},
		{"three places default currency", func(p *CreateLinkParams) {
			p.Currency = 0
			p.Amount = decimal.RequireFromString("10.001")
		}, "invoice_amount", "more than 2 decimal places"},
		{"zero supplier", func(p *CreateLinkParams) { p.SupplierID = 0 }, "supplier_id", "must be a positive ID (got 0)"},
		{"negative supplier", func(p *CreateLinkParams) { p.SupplierID = -3 }, "supplier_id", "(got -3)"},
		{"empty email", func(p *CreateLinkParams) { p.InviteeEmail = "" }, "invitee_email", "invitee_email is empty"},
		{"malformed email", func(p *CreateLinkParams) { p.InviteeEmail = "customer.example.com" }, "invitee_email", `not a valid email address (got "customer.example.com")`},
		{"display name", func(p *CreateLinkParams) { p.InviteeEmail = "Casey <casey@example.com>" }, "invitee_email", "not a valid email address"},
		{"spaces around email", func(p *CreateLinkParams) { p.InviteeEmail = " casey@example.com" }, "invitee_email", "not a valid email address"},
		{"empty identifier", func(p *CreateLinkParams) { p.InvoiceIdentifier = "" }, "invoice_identifier", "invoice_identifier is empty"},
		{"blank identifier", func(p *CreateLinkParams) { p.InvoiceIdentifier = " \t" }, "invoice_identifier", "is empty"},
		{"long identifier", func(p *CreateLinkParams) { p.InvoiceIdentifier = strings.Repeat("x", 201) }, "invoice_identifier", "201 characters long; the most is 200"},
		{"bad UTF-8 identifier", func(p *CreateLinkParams) { p.InvoiceIdentifier = "INV\xff" }, "invoice_identifier", "not valid UTF-8"},
		{"no communication", func(p *CreateLinkParams) { p.Communication = 0 }, "communicate", "must be NotifyCustomer or DoNotNotify (got Communication(0))"},
		{"unknown communication", func(p *CreateLinkParams) { p.Communication = 3 }, "communicate", "Communication(3)"},
		{"unknown currency", func(p *CreateLinkParams) { p.Currency = 3 }, "denomination", "unknown value 3"},
		{"unknown nomenclature", func(p *CreateLinkParams) { p.Nomenclature = 9 }, "nomenclature", "unknown value 9"},
		{"long phone", func(p *CreateLinkParams) { p.InviteePhone = strings.Repeat("1", 33) }, "invitee_phone", "33 characters long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validLinkParams()
			tc.change(&p)
			l, err := c.CreateInstalmentLink(context.Background(), p)
			checkValidation(t, l, err, tc.field, tc.msg)
		})
	}
}

func TestGetInstalmentLink(t *testing.T) {
	c, mux, url := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "public_id=il_9cT2mQ4xR7")
		testSigned(t, r, "/instalment-link")
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	l, err := c.GetInstalmentLink(context.Background(), "il_9cT2mQ4xR7")
	if err != nil {
		t.Fatal(err)
	}
	checkLink(t, *l, url)
}

func TestGetInstalmentLinkWithoutSession(t *testing.T) {
	c, mux, url := setupAnon(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		testUnsigned(t, r)
		serveJSON(w, 200, specExample(t, "InstalmentLink"))
	})
	l, err := c.GetInstalmentLink(context.Background(), "il_9cT2mQ4xR7")
	if err != nil {
		t.Fatal(err)
	}
	checkLink(t, *l, url)
}

func TestGetInstalmentLinkNotFound(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, specErrorExample(t, "NotFound"))
	})
	l, err := c.GetInstalmentLink(context.Background(), "nope")
	if !errors.Is(err, ErrNotFound) || l != nil {
		t.Fatalf("GetInstalmentLink = %v, %v; want ErrNotFound", l, err)
	}
	if want := "procuret: get instalment link: not found (404): No instalment link with public_id 'nope'"; err.Error() != want {
		t.Errorf("err = %q\n want %q", err, want)
	}
}

func TestGetInstalmentLinkValidation(t *testing.T) {
	c, _, _ := setup(t)
	for id, msg := range map[string]string{
		"":                      "public_id is empty",
		"il 1":                  `(got "il 1")`,
		"il/../x":               "letters, digits",
		"il?x=1":                "letters, digits",
		strings.Repeat("a", 65): "1 to 64",
	} {
		l, err := c.GetInstalmentLink(context.Background(), id)
		checkValidation(t, l, err, "public_id", msg)
	}
}

func TestListInstalmentLinks(t *testing.T) {
	c, mux, url := setup(t)
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testNoBody(t, r)
		testQuery(t, r, "limit=50&offset=100&order=ascending&order_by=created&opened=false&public_id=il_9cT2mQ4xR7"+
			"&supplier_id=13991055489669749&accessible_to=7205759403792794&created_by=8146294615297130")
		testSigned(t, r, "/instalment-link/list")
		serveJSON(w, 200, specListExample(t, "InstalmentLink"))
	})
	ls, err := c.ListInstalmentLinks(context.Background(), ListLinksParams{
		Limit:        50,
		Offset:       100,
		Order:        OrderAscending,
		OrderBy:      InstalmentLinkOrderByCreated,
		Opened:       new(false),
		PublicID:     "il_9cT2mQ4xR7",
		SupplierID:   13991055489669749,
		AccessibleTo: 7205759403792794,
		CreatedBy:    8146294615297130,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("got %d links, want 1", len(ls))
	}
	checkLink(t, ls[0], url)
	if d := ls[0].Disposition; isZero(d) || d != (Disposition{Sequence: 0, Count: 1, Limit: 20, Offset: 0}) {
		t.Errorf("Disposition = %+v", d)
	}
}

func TestListInstalmentLinksDefaults(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "") // every filter left out
		serveJSON(w, 200, []byte(`[]`))
	})
	ls, err := c.ListInstalmentLinks(context.Background(), ListLinksParams{})
	if err != nil || ls == nil || len(ls) != 0 {
		t.Fatalf("ListInstalmentLinks = %#v, %v; want an empty, non-nil slice", ls, err)
	}
}

func TestListInstalmentLinksOpenedTrue(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/instalment-link/list", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, "limit=1000&opened=true")
		serveJSON(w, 200, []byte(`[]`))
	})
	if _, err := c.ListInstalmentLinks(context.Background(), ListLinksParams{Limit: 1000, Opened: new(true)}); err != nil {
		t.Fatal(err)
	}
}

func TestListInstalmentLinksValidation(t *testing.T) {
	c, _, _ := setup(t)
	for _, tc := range []struct {
		p          ListLinksParams
		field, msg string
	}{
		{ListLinksParams{Limit: 1001}, "limit", "must be between 1 and 1000, or 0 for the default of 20 (got 1001)"},
		{ListLinksParams{Limit: -1}, "limit", "(got -1)"},
		{ListLinksParams{Offset: -1}, "offset", "must not be negative (got -1)"},
		{ListLinksParams{Order: "sideways"}, "order", "unknown value sideways"},
		{ListLinksParams{OrderBy: "amount"}, "order_by", "unknown value amount"},
		{ListLinksParams{PublicID: "il 1"}, "public_id", "letters, digits"},
		{ListLinksParams{SupplierID: -1}, "supplier_id", "positive ID"},
		{ListLinksParams{AccessibleTo: -1}, "accessible_to", "positive ID"},
		{ListLinksParams{CreatedBy: -1}, "created_by", "positive ID"},
	} {
		ls, err := c.ListInstalmentLinks(context.Background(), tc.p)
		var none *[]InstalmentLink
		if ls != nil {
			none = &ls
		}
		checkValidation(t, none, err, tc.field, tc.msg)
	}
}

func TestMarkInstalmentLinkOpened(t *testing.T) {
	for name, body := range map[string]string{"acknowledgement": `{}`, "empty": ``, "anything": `{"ok":true}`} {
		t.Run(name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("/instalment-link/open", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "POST")
				testQuery(t, r, "")
				testSigned(t, r, "/instalment-link/open")
				testJSONBody(t, r, string(specExample(t, "InstalmentLinkOpenCreate")))
				serveJSON(w, 200, []byte(body))
			})
			if err := c.MarkInstalmentLinkOpened(context.Background(), "il_9cT2mQ4xR7"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestMarkInstalmentLinkOpenedWithoutSession(t *testing.T) {
	c, mux, _ := setupAnon(t)
	mux.HandleFunc("/instalment-link/open", func(w http.ResponseWriter, r *http.Request) {
		testUnsigned(t, r)
		serveJSON(w, 404, specErrorExample(t, "NotFound"))
	})
	err := c.MarkInstalmentLinkOpened(context.Background(), "nope")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var ve *ValidationError
	if err := c.MarkInstalmentLinkOpened(context.Background(), ""); !errors.As(err, &ve) || ve.Field != "link_id" {
		t.Errorf("empty ID: err = %v, want a validation error on link_id", err)
	}
}

func TestInstalmentLinkURL(t *testing.T) {
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{nil, "https://procuret.com/b?il=il_9cT2mQ4xR7"},
		{WithEndpoint(Live), "https://procuret.com/b?il=il_9cT2mQ4xR7"},
		{WithEndpoint(Demo), "https://demo.procuret.com/b?il=il_9cT2mQ4xR7"},
		{WithBaseURL("http://127.0.0.1:8080/api"), "http://127.0.0.1:8080/b?il=il_9cT2mQ4xR7"},
		{WithBaseURL("http://127.0.0.1:8080/api/"), "http://127.0.0.1:8080/b?il=il_9cT2mQ4xR7"},
		{WithBaseURL("http://localhost:9000"), "http://localhost:9000/b?il=il_9cT2mQ4xR7"},
		{WithBaseURL("https://example.com/procuret/api"), "https://example.com/procuret/b?il=il_9cT2mQ4xR7"},
	} {
		c, err := NewClient(tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.InstalmentLinkURL("il_9cT2mQ4xR7"); got != tc.want {
			t.Errorf("%s: InstalmentLinkURL = %q, want %q", c.Endpoint(), got, tc.want)
		}
	}
	c, _ := NewClient()
	if got := c.InstalmentLinkURL("a&b c"); got != "https://procuret.com/b?il=a%26b+c" {
		t.Errorf("an ID needing escapes gives %q", got)
	}
	if (InstalmentLink{}).URL() != "" {
		t.Errorf("a link no client fetched has a URL")
	}
}

func TestDemoClientGivesDemoLinks(t *testing.T) {
	// A demo client's links point at the demo site, whatever the link.
	c, err := NewClient(WithEndpoint(Demo), WithHTTPClient(fakeDoer(200, specExample(t, "InstalmentLink"))))
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.GetInstalmentLink(context.Background(), "il_9cT2mQ4xR7")
	if err != nil {
		t.Fatal(err)
	}
	if l.URL() != "https://demo.procuret.com/b?il=il_9cT2mQ4xR7" {
		t.Errorf("URL() = %q", l.URL())
	}
}
