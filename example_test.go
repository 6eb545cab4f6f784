package procuret_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// Logging in takes two steps: a second-factor code goes to the account
// holder, then the code buys a session whose credentials sign every later
// call.
func Example_login() {
	ctx := context.Background()
	client, err := procuret.NewClient(procuret.WithEndpoint(procuret.Demo), fakeProcuret())
	if err != nil {
		log.Fatal(err)
	}
	err = client.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
		Email:       "demo-supplier@example.com",
		Password:    "correct horse battery staple",
		Perspective: procuret.PerspectiveSupplier,
	})
	if err != nil {
		log.Fatal(err)
	}
	session, err := client.CreateSession(ctx, procuret.LoginParams{
		Email:       "demo-supplier@example.com",
		Password:    "correct horse battery staple",
		Perspective: procuret.PerspectiveSupplier,
		Code:        "123456", // as received by the account holder
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(session) // the API key never prints

	// From here on, calls are signed with the session.
	client = client.Authenticated(session.Credentials())
	entity, err := client.GetEntity(ctx, 13991055489669749)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entity.LegalEntityName)
	// Output:
	// Session{SessionID: 36284293055983192, Perspective: 1, Lifecycle: 2, AgentID: 7205759403792794, APIKey: [REDACTED]}
	// Demo Supplies Pty Ltd
}

func ExampleNewClient() {
	// Credentials come from wherever they are kept; here, made up.
	creds, err := auth.NewCredentials(36284293055983192, "the-api-key", auth.LongLived)
	if err != nil {
		log.Fatal(err)
	}
	client, err := procuret.NewClient(
		procuret.WithEndpoint(procuret.Demo),
		procuret.WithCredentials(creds),
		procuret.WithUserAgentPrefix("acme-billing/2.1"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.Endpoint())
	fmt.Println(client.Credentials())
	// Output:
	// https://demo.procuret.com/api
	// Credentials{SessionID: 36284293055983192, Lifecycle: long-lived, APIKey: [REDACTED]}
}

// FromEnv reads PROCURET_ENDPOINT, PROCURET_SESSION_ID, PROCURET_API_KEY and
// PROCURET_LIFECYCLE when NewClient applies it.
func ExampleFromEnv() {
	client, err := procuret.NewClient(procuret.FromEnv())
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

// A local sandbox, or any other server of the same API, is one option away;
// instalment link pages follow the endpoint.
func ExampleWithBaseURL() {
	client, err := procuret.NewClient(procuret.WithBaseURL("http://127.0.0.1:8080/api"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.InstalmentLinkURL("il_9cT2mQ4xR7"))
	// Output: http://127.0.0.1:8080/b?il=il_9cT2mQ4xR7
}

func ExampleClient_CreateInstalmentLink() {
	client := signedDemoClient()
	link, err := client.CreateInstalmentLink(context.Background(), procuret.CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("1250.00"),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communication:     procuret.NotifyCustomer,
		Currency:          procuret.DenominationAUD,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.PublicID, link.InvoiceAmount.StringFixed(2))
	fmt.Println(link.URL()) // where to send the customer
	// Output:
	// il_9cT2mQ4xR7 1250.00
	// https://demo.procuret.com/b?il=il_9cT2mQ4xR7
}

// Input the API would refuse is refused before anything is sent.
func ExampleClient_CreateInstalmentLink_invalid() {
	client := signedDemoClient()
	_, err := client.CreateInstalmentLink(context.Background(), procuret.CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("-5.00"),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communication:     procuret.DoNotNotify,
	})
	fmt.Println(errors.Is(err, procuret.ErrInvalidInput))
	fmt.Println(err)
	// Output:
	// true
	// procuret: create instalment link: invoice_amount must be greater than zero (got -5.00)
}

func ExampleClient_ListInstalmentLinks() {
	client := signedDemoClient()
	links, err := client.ListInstalmentLinks(context.Background(), procuret.ListLinksParams{
		SupplierID: 13991055489669749,
		Opened:     new(true),
		Limit:      100,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range links {
		fmt.Println(l.InvoiceIdentifier, l.InvoiceAmount.StringFixed(2), len(l.Opens), "open(s)")
	}
	// Output: INV-1001 1250.00 1 open(s)
}

// AllInstalmentLinks walks a whole list, a page at a time.
func ExampleClient_AllInstalmentLinks() {
	client := signedDemoClient()
	for link, err := range client.AllInstalmentLinks(context.Background(), procuret.ListLinksParams{SupplierID: 13991055489669749}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(link.PublicID, link.InvoiceIdentifier)
	}
	// Output: il_9cT2mQ4xR7 INV-1001
}

// A create whose outcome the client could not learn, even by looking for the
// link afterwards, is never sent again by the client: the caller decides.
func ExampleClient_CreateInstalmentLink_outcomeUnknown() {
	client := signedDemoClient()
	p := procuret.CreateLinkParams{
		SupplierID:        13991055489669749,
		Amount:            decimal.RequireFromString("1250.00"),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communication:     procuret.NotifyCustomer,
	}
	link, err := client.CreateInstalmentLink(context.Background(), p)
	switch {
	case errors.Is(err, procuret.ErrOutcomeUnknown):
		// The customer may have been emailed. Look again later (for
		// example with ListInstalmentLinks), or ask a person, before
		// creating the link again.
		log.Printf("link for %s: %v", p.InvoiceIdentifier, err)
	case err != nil:
		// Procuret answered: nothing was created.
		log.Fatal(err)
	default:
		fmt.Println(link.PublicID)
	}
	// Output: il_9cT2mQ4xR7
}

// Quotes need no session.
func ExampleClient_QuoteAll() {
	client, err := procuret.NewClient(procuret.WithEndpoint(procuret.Demo), fakeProcuret())
	if err != nil {
		log.Fatal(err)
	}
	quotes, err := client.QuoteAll(context.Background(), procuret.QuoteParams{
		SupplierID: 13991055489669749,
		Principal:  decimal.RequireFromString("4200.00"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range quotes {
		fmt.Printf("%d months: %s %s a month\n", q.Periods, q.Currency.Iso4217, q.Payment.StringFixed(2))
	}
	// Output:
	// 3 months: AUD 1435.11 a month
	// 12 months: AUD 371.85 a month
}

// Every failure the API reports is an *Error; errors.Is tells its kind.
func ExampleError() {
	client := signedDemoClient()
	_, err := client.GetInstalmentLink(context.Background(), "nope")
	if errors.Is(err, procuret.ErrNotFound) {
		fmt.Println("no such link")
	}
	var apiErr *procuret.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// no such link
	// 404 No instalment link with public_id 'nope'
	// procuret: get instalment link: not found (404): No instalment link with public_id 'nope'
}

// signedDemoClient is a Demo client with a (made-up) session, answered by
// fakeProcuret.
func signedDemoClient() *procuret.Client {
	creds, err := auth.NewCredentials(36284293055983192, "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ", auth.LongLived)
	if err != nil {
		log.Fatal(err)
	}
	client, err := procuret.NewClient(procuret.WithEndpoint(procuret.Demo), procuret.WithCredentials(creds), fakeProcuret())
	if err != nil {
		log.Fatal(err)
	}
	return client
}

// fakeProcuret answers in place of the Demo API, in memory, with the
// contract's examples, so that the examples run offline.
func fakeProcuret() procuret.Option {
	const (
		link     = `{"public_id":"il_9cT2mQ4xR7","created":"2026-11-27 03:14:15.926535","supplier":{"entity_id":13991055489669749,"legal_entity_name":"Demo Supplies Pty Ltd"},"invoice_amount":"1250.00","invitee_email":"customer@example.com","invoice_identifier":"INV-1001","opens":[{"sequence":0,"created":"2026-11-27 03:20:00.000000"}],"disposition":{"sequence":0,"count":1,"limit":20,"offset":0},"sale_name":1,"allow_edit":false,"denomination_id":1}`
		aud      = `{"indexid":1,"name":"Australian Dollar","iso_4217":"AUD","exponent":2,"symbol":"$"}`
		signedIn = "X-Procuret-Signature"
	)
	routes := map[string]func(r *http.Request) (int, string){
		"POST /api/second-factor-code": func(*http.Request) (int, string) { return 200, `{}` },
		"POST /api/session": func(*http.Request) (int, string) {
			return 200, `{"session_id":36284293055983192,"api_key":"dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ","perspective":1,"lifecycle":2,"agent":{"agent_id":7205759403792794}}`
		},
		"GET /api/entity": func(*http.Request) (int, string) {
			return 200, `{"public_id":13991055489669749,"public_id_short":"DEMOSUP","legal_entity_name":"Demo Supplies Pty Ltd"}`
		},
		"POST /api/instalment-link": func(*http.Request) (int, string) { return 200, link },
		"GET /api/instalment-link": func(r *http.Request) (int, string) {
			if r.URL.Query().Get("public_id") != "il_9cT2mQ4xR7" {
				return 404, `{"error-information":"No instalment link with public_id 'nope'","response-code":404}`
			}
			return 200, link
		},
		"GET /api/instalment-link/list": func(*http.Request) (int, string) { return 200, "[" + link + "]" },
		"GET /api/credit/prospective-payment/list": func(*http.Request) (int, string) {
			return 200, `[{"payment":"1435.11","periods":3,"cycle":1,"supplier_id":13991055489669749,"currency":` + aud + `},` +
				`{"payment":"371.85","periods":12,"cycle":1,"supplier_id":13991055489669749,"currency":` + aud + `}]`
		},
	}
	needsSession := map[string]bool{"GET /api/entity": true, "POST /api/instalment-link": true, "GET /api/instalment-link/list": true}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + r.URL.Path
		answer, ok := routes[route]
		switch {
		case !ok:
			w.WriteHeader(404)
			fmt.Fprintf(w, `{"error-information":"no route %s","response-code":404}`, route)
		case needsSession[route] && r.Header.Get(signedIn) == "":
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error-information":"Not authenticated","response-code":401}`)
		default:
			status, body := answer(r)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprint(w, body)
		}
	})
	return procuret.WithHTTPClient(inMemory{handler})
}

// inMemory serves requests with a handler, without a network.
type inMemory struct{ h http.Handler }

func (m inMemory) Do(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
