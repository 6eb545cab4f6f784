package procuret

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/auth"
)

// opCalls calls every operation of the contract once, by operationId, with
// valid input: a 2xx body that breaks the contract must fail each of them.
var opCalls = map[string]func(ctx context.Context, c *Client) error{
	"createInstalmentLink": func(ctx context.Context, c *Client) error {
		_, err := c.CreateInstalmentLink(ctx, linkParams(1))
		return err
	},
	"createInstalmentLinkOpen": func(ctx context.Context, c *Client) error {
		return c.MarkInstalmentLinkOpened(ctx, "il_abc")
	},
	"createSecondFactorCode": func(ctx context.Context, c *Client) error {
		return c.RequestSecondFactorCode(ctx, SecondFactorParams{Email: "a@example.com", Password: "pw", Perspective: PerspectiveSupplier})
	},
	"createSession": func(ctx context.Context, c *Client) error {
		_, err := c.CreateSession(ctx, LoginParams{Email: "a@example.com", Password: "pw", Perspective: PerspectiveSupplier, Code: "123456"})
		return err
	},
	"getCommitment": func(ctx context.Context, c *Client) error { _, err := c.GetCommitment(ctx, "ex_1"); return err },
	"getEntity":     func(ctx context.Context, c *Client) error { _, err := c.GetEntity(ctx, 1); return err },
	"getHuman":      func(ctx context.Context, c *Client) error { _, err := c.GetHuman(ctx, 1); return err },
	"getInstalmentLink": func(ctx context.Context, c *Client) error {
		_, err := c.GetInstalmentLink(ctx, "il_abc")
		return err
	},
	"getInstalmentSchedule": func(ctx context.Context, c *Client) error {
		_, err := c.GetInstalmentSchedule(ctx, "ps_1")
		return err
	},
	"getPaymentSeries": func(ctx context.Context, c *Client) error { _, err := c.GetPaymentSeries(ctx, "ps_1"); return err },
	"getProspectivePayment": func(ctx context.Context, c *Client) error {
		_, err := c.Quote(ctx, QuoteParams{SupplierID: 1, Principal: decimal.RequireFromString("1000"), Periods: 12})
		return err
	},
	"getSession":       func(ctx context.Context, c *Client) error { _, err := c.GetSession(ctx); return err },
	"getSupplier":      func(ctx context.Context, c *Client) error { _, err := c.GetSupplier(ctx, 1); return err },
	"getTermRateGroup": func(ctx context.Context, c *Client) error { _, err := c.GetTermRateGroup(ctx, "trg_1"); return err },
	"getXeroEntityMap": func(ctx context.Context, c *Client) error { _, err := c.GetXeroEntityMap(ctx, 1); return err },
	"getXeroOrganisation": func(ctx context.Context, c *Client) error {
		_, err := c.GetXeroOrganisation(ctx, 1)
		return err
	},
	"listInstalmentLinks": func(ctx context.Context, c *Client) error {
		_, err := c.ListInstalmentLinks(ctx, ListLinksParams{SupplierID: 1})
		return err
	},
	"listPaymentSeries": func(ctx context.Context, c *Client) error {
		_, err := c.ListPaymentSeries(ctx, ListSeriesParams{})
		return err
	},
	"listProspectivePayments": func(ctx context.Context, c *Client) error {
		_, err := c.QuoteAll(ctx, QuoteParams{SupplierID: 1, Principal: decimal.RequireFromString("1000")})
		return err
	},
	"updateSession": func(ctx context.Context, c *Client) error {
		_, err := c.SwitchPerspective(ctx, PerspectiveSupplier)
		return err
	},
	"createProspectiveFee": func(ctx context.Context, c *Client) error {
		_, err := c.QuotePayNowFee(ctx, QuoteFeeParams{SupplierID: 1, Amount: decimal.RequireFromString("100"),
			Divisions: []FeeDivision{{Instrument: 1, Magnitude: decimal.RequireFromString("100")}}})
		return err
	},
	"createSupplier":   func(ctx context.Context, c *Client) error { _, err := c.CreateSupplier(ctx, 1); return err },
	"getBusiness":      func(ctx context.Context, c *Client) error { _, err := c.GetBusiness(ctx, 1); return err },
	"getDeal":          func(ctx context.Context, c *Client) error { _, err := c.GetDeal(ctx, "ex_1"); return err },
	"getPayNowFeeMode": func(ctx context.Context, c *Client) error { _, err := c.GetPayNowFeeMode(ctx, 1); return err },
	"getInstalmentSchedulePDF": func(ctx context.Context, c *Client) error {
		d, err := c.GetInstalmentSchedulePDF(ctx, "ps_1")
		if err == nil {
			d.Close()
		}
		return err
	},
	"listBusinesses": func(ctx context.Context, c *Client) error {
		_, err := c.ListBusinesses(ctx, ListBusinessesParams{})
		return err
	},
	"listDeals": func(ctx context.Context, c *Client) error { _, err := c.ListDeals(ctx, ListDealsParams{}); return err },
	"listEntities": func(ctx context.Context, c *Client) error {
		_, err := c.ListEntities(ctx, ListEntitiesParams{})
		return err
	},
	"listPendingSeries": func(ctx context.Context, c *Client) error {
		_, err := c.ListPendingSeries(ctx, ListPendingParams{})
		return err
	},
	"listSupplierPayouts": func(ctx context.Context, c *Client) error {
		_, err := c.ListSupplierPayouts(ctx, ListPayoutsParams{})
		return err
	},
	"listSupplierSales": func(ctx context.Context, c *Client) error {
		_, err := c.ListSupplierSales(ctx, ListSalesParams{})
		return err
	},
	"listSuppliers": func(ctx context.Context, c *Client) error {
		_, err := c.ListSuppliers(ctx, ListSuppliersParams{})
		return err
	},
	"setPayNowFeeMode": func(ctx context.Context, c *Client) error {
		_, err := c.SetPayNowFeeMode(ctx, 1, PayNowFeeModeCustomerPays)
		return err
	},
}

// Issue 11, finding 5: any 2xx JSON counted as success. A body that lacks
// what the contract requires is ErrUnexpectedBody for every operation whose
// contract requires anything of its body; a list's items are each checked.
func TestEveryOperationRefusesABodyMissingRequiredKeys(t *testing.T) {
	for _, op := range operations {
		call, ok := opCalls[op.id]
		if !ok {
			t.Errorf("no call for operation %s: add it to opCalls", op.id)
			continue
		}
		if op.body == nil {
			continue // the contract requires nothing of it (an acknowledgement)
		}
		bodies := []string{`{"ok":true}`, `{}`}
		if op.body.kind == shapeArray {
			bodies = []string{`[{"ok":true}]`, `[{}]`}
		}
		for _, body := range bodies {
			c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(body))), WithCredentials(testCredentials(t, auth.LongLived)),
				WithMaxRetries(0), WithSleeper(noSleep))
			if err != nil {
				t.Fatal(err)
			}
			err = call(t.Context(), c)
			var e *Error
			if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || !strings.Contains(e.Message, "is missing") {
				t.Errorf("%s answered %s: err = %v, want ErrUnexpectedBody naming a missing key", op.id, body, err)
			}
		}
	}
}

// The create a CLI printed as "Created instalment link ." fails instead, and
// its message names the key.
func TestCreateLinkOKTrueIsUnexpectedBody(t *testing.T) {
	c, mux, _ := setup(t, WithMaxRetries(0))
	mux.HandleFunc("/instalment-link", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true}`)
	})
	l, err := c.CreateInstalmentLink(t.Context(), linkParams(1))
	if l != nil || !errors.Is(err, ErrUnexpectedBody) || !strings.Contains(err.Error(), `"allow_edit" is missing`) {
		t.Fatalf("CreateInstalmentLink = %v, %v; want ErrUnexpectedBody", l, err)
	}
}

// A list item, nested object or nested list item that lacks a required key
// fails the whole call, and the message says where.
func TestNestedRequiredKeys(t *testing.T) {
	good := linkJSON("il_1", 0, 3, 20, 0)
	for _, tc := range []struct{ body, where string }{
		{"[" + good + "," + strings.Replace(good, `"public_id":"il_1",`, "", 1) + "]", `"[1].public_id" is missing`},
		{"[" + good + "," + strings.Replace(good, `"legal_entity_name":"S"`, `"x":1`, 1) + "]", `"[1].supplier.legal_entity_name" is missing`},
		{"[" + strings.Replace(good, `"opens":[]`, `"opens":[{"sequence":0,"created":"2026-11-27 03:14:15.926535"},{"sequence":1}]`, 1) + "]", `"[0].opens[1].created" is missing`},
		{"[" + strings.Replace(good, `"public_id":"il_1"`, `"public_id":null`, 1) + "]", `"[0].public_id" is null`},
		{"[" + strings.Replace(good, `"supplier":{"entity_id":1,"legal_entity_name":"S"}`, `"supplier":null`, 1) + "]", `"[0].supplier" is null`},
		{"null ", ""}, // a null list is an empty one
		{"[" + good + "]", ""},
		// A disposition is optional and nullable, but when present it holds its keys.
		{"[" + strings.Replace(good, `"count":3,`, "", 1) + "]", `"[0].disposition.count" is missing`},
		{"[" + strings.Replace(good, `"disposition":{"sequence":0,"count":3,"limit":20,"offset":0}`, `"disposition":null`, 1) + "]", ""},
		// Keys are compared after JSON unescaping.
		{"[" + strings.Replace(good, `"public_id"`, `"public\u005fid"`, 1) + "]", ""},
	} {
		c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(tc.body))), WithCredentials(testCredentials(t, auth.LongLived)), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListInstalmentLinks(t.Context(), ListLinksParams{SupplierID: 1})
		if tc.where == "" {
			if err != nil {
				t.Errorf("%.80s…: %v", tc.body, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || !strings.Contains(e.Message, tc.where) {
			t.Errorf("%.80s…: err = %v, want ErrUnexpectedBody saying %s", tc.body, err, tc.where)
		}
	}
}

// Issue 11, finding 1: a decimal of millions of digits ran a call 37 s past
// a 2 s deadline (shopspring's parsing is quadratic, and ran after the body
// was read). Such a decimal is beyond the contract's maxLength (34) and is refused
// before any of it is parsed: the call fails with ErrUnexpectedBody, not with
// the deadline, whatever the decimal's place in the body.
func TestHugeDecimalRefusedBeforeParsing(t *testing.T) {
	digits := strings.Repeat("7", 4_000_000)
	link := linkJSON("il_1", 0, 1, 20, 0)
	for name, tc := range map[string]struct {
		body string
		call func(*Client) error
	}{
		"link amount": {strings.Replace(link, `"1.00"`, `"`+digits+`"`, 1), func(c *Client) error {
			_, err := c.GetInstalmentLink(t.Context(), "il_1")
			return err
		}},
		"link amount, a JSON number": {strings.Replace(link, `"1.00"`, digits, 1), func(c *Client) error {
			_, err := c.GetInstalmentLink(t.Context(), "il_1")
			return err
		}},
		"fraction": {strings.Replace(link, `"1.00"`, `"1.`+digits+`"`, 1), func(c *Client) error {
			_, err := c.GetInstalmentLink(t.Context(), "il_1")
			return err
		}},
		"third item of a list": {"[" + link + "," + link + "," + strings.Replace(link, `"1.00"`, `"`+digits+`"`, 1) + "]", func(c *Client) error {
			_, err := c.ListInstalmentLinks(t.Context(), ListLinksParams{SupplierID: 1})
			return err
		}},
		"quote payment": {`{"payment":"` + digits + `","periods":12,"cycle":1,"supplier_id":1,"currency":{"indexid":1,"name":"A","iso_4217":"AUD","exponent":2,"symbol":"$"}}`, func(c *Client) error {
			_, err := c.Quote(t.Context(), QuoteParams{SupplierID: 1, Principal: decimal.RequireFromString("1000"), Periods: 12})
			return err
		}},
	} {
		c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(tc.body))), WithCredentials(testCredentials(t, auth.LongLived)),
			WithMaxRetries(0), WithTimeout(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		err = tc.call(c)
		var e *Error
		if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || !strings.Contains(e.Message, fmt.Sprintf("the contract allows at most %d", shapeOfDecimal.maxLen)) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %.300v, want ErrUnexpectedBody for a decimal beyond the contract's maxLength", name, err)
		}
	}
}

// A decimal with an exponent parses (shopspring accepts "1e999999999") but
// formatting it would build a billion digits: it is not of the contract's
// pattern, and refused.
func TestDecimalWithExponentRefused(t *testing.T) {
	for _, amount := range []string{`"1e999999999"`, `"1E-999999999"`, `1e9`, `"0x10"`, `" 1.00"`, `"1."`, `".5"`, `"+1"`,
		`"` + strings.Repeat("9", shapeOfDecimal.maxLen+1) + `"`} {
		body := strings.Replace(linkJSON("il_1", 0, 1, 20, 0), `"1.00"`, amount, 1)
		c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(body))), WithCredentials(testCredentials(t, auth.LongLived)), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		l, err := c.GetInstalmentLink(t.Context(), "il_1")
		if l != nil || !errors.Is(err, ErrUnexpectedBody) {
			t.Errorf("invoice_amount %s: GetInstalmentLink = %v, %v; want ErrUnexpectedBody", amount, l, err)
		}
	}
	for _, amount := range []string{`"1.00"`, `"-0.5"`, `"422"`, `"` + strings.Repeat("9", shapeOfDecimal.maxLen) + `"`, `"-` + strings.Repeat("9", shapeOfDecimal.maxLen-3) + `.5"`} {
		body := strings.Replace(linkJSON("il_1", 0, 1, 20, 0), `"1.00"`, amount, 1)
		c, _ := NewClient(WithHTTPClient(fakeDoer(200, []byte(body))), WithCredentials(testCredentials(t, auth.LongLived)), WithMaxRetries(0))
		if _, err := c.GetInstalmentLink(t.Context(), "il_1"); err != nil {
			t.Errorf("invoice_amount %s: %v", amount, err)
		}
	}
}

// A body whose string holds millions of escapes is checked against the contract in one pass:
// the body check once searched again from each escape, which for the 8 MiB here would run
// for minutes, past the 2 s deadline (the check looks at the context between values, not
// inside one string). The link decodes, its extra key ignored.
func TestLongEscapedStringsCheckedOnce(t *testing.T) {
	escapes := strings.Repeat(`\n`, 4<<20)
	link := linkJSON("il_1", 0, 1, 20, 0)
	for name, body := range map[string]string{
		"an unknown key's value": strings.Replace(link, `{`, `{"note":"`+escapes+`",`, 1),
		"a required string":      strings.Replace(link, `"invoice_identifier":"I"`, `"invoice_identifier":"`+escapes+`"`, 1),
	} {
		c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(body))), WithCredentials(testCredentials(t, auth.LongLived)),
			WithMaxRetries(0), WithTimeout(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if l, err := c.GetInstalmentLink(t.Context(), "il_1"); err != nil || l.PublicID != "il_1" {
			t.Errorf("%s: %v, %.300v; want the link", name, l, err)
		}
	}
}
