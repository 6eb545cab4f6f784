package integration

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

// itCheckLinkLists checks ListInstalmentLinks' filters and paging against the sandbox's own
// record of its links (Sandbox.Links, oldest first).
func itCheckLinkLists(t *testing.T, e *itEnv, supplier, customer *procuret.Client) {
	ctx := t.Context()
	all := e.sb.Links()
	if len(all) < 2 {
		t.Fatalf("the fixtures are missing: %d links", len(all))
	}
	newestFirst := make([]string, len(all))
	for i, l := range all {
		newestFirst[len(all)-1-i] = l.PublicID
	}
	var opened, unopened, forCasey []string
	for i := len(all) - 1; i >= 0; i-- {
		l := all[i]
		if len(l.Opens) > 0 {
			opened = append(opened, l.PublicID)
		} else {
			unopened = append(unopened, l.PublicID)
		}
		if l.InviteeEmail != "" && l.InviteeEmail == sandbox.DefaultBusinessEmail {
			forCasey = append(forCasey, l.PublicID)
		}
	}
	empty := []string{}
	cases := []struct {
		name   string
		client *procuret.Client
		p      procuret.ListLinksParams
		want   []string
	}{
		{"no filter", supplier, procuret.ListLinksParams{}, newestFirst},
		{"supplier_id", supplier, procuret.ListLinksParams{SupplierID: itSupplierID, Limit: procuret.MaxLimit}, newestFirst},
		{"public_id", supplier, procuret.ListLinksParams{PublicID: all[0].PublicID}, []string{all[0].PublicID}},
		{"opened", supplier, procuret.ListLinksParams{Opened: new(true)}, opened},
		{"not opened", supplier, procuret.ListLinksParams{Opened: new(false)}, unopened},
		{"created_by", supplier, procuret.ListLinksParams{CreatedBy: sandbox.DefaultSupplierAgentID}, newestFirst},
		{"created_by nobody's", supplier, procuret.ListLinksParams{CreatedBy: itDualAgentID}, empty},
		{"accessible_to", supplier, procuret.ListLinksParams{AccessibleTo: sandbox.DefaultBusinessAgentID}, forCasey},
		{"the invitee's own", customer, procuret.ListLinksParams{}, forCasey},
		{"ascending", supplier, procuret.ListLinksParams{Order: procuret.OrderAscending, OrderBy: procuret.InstalmentLinkOrderByCreated}, itReversed(newestFirst)},
		{"page 2 of 1", supplier, procuret.ListLinksParams{Order: procuret.OrderAscending, Limit: 1, Offset: 1}, []string{all[1].PublicID}},
		{"past the end", supplier, procuret.ListLinksParams{Offset: len(all)}, empty},
	}
	for _, tc := range cases {
		got, err := tc.client.ListInstalmentLinks(ctx, tc.p)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got == nil {
			t.Errorf("%s: a nil slice, want an empty one", tc.name)
		}
		if ids := itLinkIDs(got); !slices.Equal(ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			continue
		}
		limit := itOr(tc.p.Limit, 20)
		for i, l := range got {
			want := procuret.Disposition{Sequence: tc.p.Offset + i, Count: len(tc.want), Limit: limit, Offset: tc.p.Offset}
			if tc.name == "page 2 of 1" {
				want.Count = len(all)
			}
			if isZero(l.Disposition) || l.Disposition != want {
				t.Errorf("%s: item %d disposition %+v, want %+v", tc.name, i, l.Disposition, want)
			}
			if l.URL() != supplier.InstalmentLinkURL(l.PublicID) {
				t.Errorf("%s: URL() = %q", tc.name, l.URL())
			}
		}
	}
	// Another supplier's links: 403.
	_, err := supplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
	// No session: refused before sending.
	before := e.sent.Load()
	_, err = e.anon.ListInstalmentLinks(ctx, procuret.ListLinksParams{})
	if !errors.Is(err, procuret.ErrNoCredentials) || e.sent.Load() != before {
		t.Errorf("without a session: %v (%d requests sent), want ErrNoCredentials and none sent", err, e.sent.Load()-before)
	}
}

func itReversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// itLinkOps are TestIntegrationEveryOperation's rows for the instalment link operations.
func itLinkOps(f *itFixture) []itOp {
	e, cust, supplier, customer, forCasey := f.e, f.cust, f.supplier, f.customer, f.forCasey
	return []itOp{
		{
			method: "CreateInstalmentLink",
			run: func(t *testing.T) {
				ctx := t.Context()
				before := e.sb.LinkCount()
				l, err := supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: itDec("9999.99"), InviteeEmail: cust.Email,
					InvoiceIdentifier: "ORD-77 <b>&</b>", Communication: procuret.DoNotNotify,
					Currency: procuret.DenominationNZD, Nomenclature: procuret.SaleNomenclatureOrder,
					InviteePhone: "+61 400 000 001",
				})
				if err != nil {
					t.Fatal(err)
				}
				if e.sb.LinkCount() != before+1 {
					t.Errorf("LinkCount %d, want %d", e.sb.LinkCount(), before+1)
				}
				if !l.InvoiceAmount.Equal(itDec("9999.99")) || l.DenominationID != procuret.DenominationNZD ||
					l.SaleName != procuret.SaleNomenclatureOrder || l.InviteePhoneDigits == "" || l.InviteePhoneDigits != "61400000001" ||
					isZero(l.InviteeHumanID) || l.InviteeHumanID != cust.AgentID || l.InvoiceIdentifier != "ORD-77 <b>&</b>" ||
					l.Supplier.EntityID != itSupplierID {
					t.Errorf("link = %+v", l.InstalmentLink)
				}
				if l.URL() != supplier.InstalmentLinkURL(l.PublicID) {
					t.Errorf("URL() = %q", l.URL())
				}
				// The page shows the identifier escaped.
				resp, err := e.hc.Get(l.URL())
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "ORD-77 &lt;b&gt;&amp;&lt;/b&gt;") || strings.Contains(string(page), "<b>&</b>") {
					t.Errorf("page %d does not show the identifier escaped:\n%s", resp.StatusCode, page)
				}
				// An unknown supplier is 422 (the contract gives this operation no 404), another
				// supplier's is 403; neither stores anything.
				p := procuret.CreateLinkParams{
					SupplierID: itUnknownEntity, Amount: itDec("600"), InviteeEmail: "x@example.com",
					InvoiceIdentifier: "INV-NOPE", Communication: procuret.DoNotNotify,
				}
				_, err = supplier.CreateInstalmentLink(ctx, p)
				if ae := itAPIError(t, err, procuret.ErrUnprocessable); !strings.Contains(ae.Message, "9007199254740999") {
					t.Errorf("message %q does not name the supplier", ae.Message)
				}
				p.SupplierID = itAcmeID
				_, err = supplier.CreateInstalmentLink(ctx, p)
				itAPIError(t, err, procuret.ErrNotAuthorised)
				if e.sb.LinkCount() != before+1 {
					t.Errorf("LinkCount %d after refusals, want %d", e.sb.LinkCount(), before+1)
				}
				_, err = e.anon.CreateInstalmentLink(ctx, p)
				if !errors.Is(err, procuret.ErrNoCredentials) {
					t.Errorf("without a session: %v, want ErrNoCredentials", err)
				}
			},
		},
		{
			method: "GetInstalmentLink",
			run: func(t *testing.T) {
				for name, c := range map[string]*procuret.Client{"supplier": supplier, "no session": e.anon, "customer": customer} {
					l, err := c.GetInstalmentLink(t.Context(), forCasey.PublicID)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if l.PublicID != forCasey.PublicID || l.InvoiceIdentifier != "INV-FIXTURE-1" || !l.InvoiceAmount.Equal(itDec("1250")) ||
						l.Supplier.EntityID != itSupplierID || isZero(l.InviteeHumanID) || l.InviteeHumanID != cust.AgentID {
						t.Errorf("%s: link = %+v", name, l.InstalmentLink)
					}
				}
			},
			unknownID: "il_doesnotexist",
			unknown: func(ctx context.Context) error {
				_, err := supplier.GetInstalmentLink(ctx, "il_doesnotexist")
				return err
			},
		},
		{
			method: "ListInstalmentLinks",
			run:    func(t *testing.T) { itCheckLinkLists(t, e, supplier, customer) },
		},
		{
			method: "AllInstalmentLinks",
			run: func(t *testing.T) {
				ctx := t.Context()
				all := e.sb.Links()
				want := make([]string, len(all))
				for i, l := range all {
					want[len(all)-1-i] = l.PublicID
				}
				sent := e.sent.Load()
				var got []string
				for l, err := range supplier.AllInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: itSupplierID, Limit: 2}) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, l.PublicID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("AllInstalmentLinks = %v, want %v", got, want)
				}
				if pages, wantPages := e.sent.Load()-sent, int64((len(all)+1)/2); pages != wantPages {
					t.Errorf("%d requests for %d links two at a time, want %d", pages, len(all), wantPages)
				}
				// Breaking out stops paging.
				sent = e.sent.Load()
				for range supplier.AllInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 1}) {
					break
				}
				if n := e.sent.Load() - sent; n != 1 {
					t.Errorf("%d requests after breaking out at once, want 1", n)
				}
				for _, err := range e.anon.AllInstalmentLinks(ctx, procuret.ListLinksParams{}) {
					if !errors.Is(err, procuret.ErrNoCredentials) {
						t.Errorf("without a session: %v, want ErrNoCredentials", err)
					}
				}
			},
		},
		{
			method: "MarkInstalmentLinkOpened",
			run: func(t *testing.T) {
				ctx := t.Context()
				before, err := supplier.GetInstalmentLink(ctx, forCasey.PublicID)
				if err != nil {
					t.Fatal(err)
				}
				// As the customer's page does: no session.
				if err := e.anon.MarkInstalmentLinkOpened(ctx, forCasey.PublicID); err != nil {
					t.Fatal(err)
				}
				// And with one.
				if err := customer.MarkInstalmentLinkOpened(ctx, forCasey.PublicID); err != nil {
					t.Fatal(err)
				}
				after, err := supplier.GetInstalmentLink(ctx, forCasey.PublicID)
				if err != nil {
					t.Fatal(err)
				}
				if n := len(before.Opens); len(after.Opens) != n+2 || after.Opens[n].Sequence != n || after.Opens[n+1].Sequence != n+1 {
					t.Errorf("opens %+v → %+v, want two more", before.Opens, after.Opens)
				}
			},
			unknownID: "il_doesnotexist",
			unknown: func(ctx context.Context) error {
				return e.anon.MarkInstalmentLinkOpened(ctx, "il_doesnotexist")
			},
		},
	}
}
