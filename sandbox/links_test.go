package sandbox_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/types"
)

func newLink(supplier int64, amount string) gen.InstalmentLinkCreate {
	return gen.InstalmentLinkCreate{
		SupplierID:        supplier,
		InvoiceAmount:     decimal.RequireFromString(amount),
		InviteeEmail:      "customer@example.com",
		InvoiceIdentifier: "INV-1001",
		Communicate:       true,
	}
}

func TestCreateInstalmentLink(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	body := newLink(sandbox.DefaultSupplierID, "422.42")
	body.Denomination = ptr(types.DenominationNZD)
	body.InviteePhone = ptr("+61 400 000 009")
	body.Nomenclature = ptr(gen.SaleNomenclatureOrder)
	r := e.call(s, "POST", "/instalment-link", body)
	wantStatus(t, r, 200)
	l := decode[gen.InstalmentLink](t, r)
	want := gen.InstalmentLink{
		PublicID:           l.PublicID,
		Created:            gen.ProcuretTime{},
		Supplier:           gen.EntityHeadline{EntityID: sandbox.DefaultSupplierID, LegalEntityName: "Demo Supplies Pty Ltd"},
		InvoiceAmount:      decimal.RequireFromString("422.42"),
		InviteeEmail:       "customer@example.com",
		InviteePhoneDigits: "61400000009",
		InvoiceIdentifier:  "INV-1001",
		Opens:              []gen.InstalmentLinkOpen{},
		SaleName:           gen.SaleNomenclatureOrder,
		DenominationID:     types.DenominationNZD,
		Disposition:        gen.Disposition{Sequence: 0, Count: 1, Limit: 1, Offset: 0}, // a single object's
	}
	if !strings.HasPrefix(l.PublicID, "il_") || len(l.PublicID) != 15 {
		t.Errorf("public_id %q, want il_ and 12 URL-safe characters", l.PublicID)
	}
	if !l.Created.Time().Equal(start.Truncate(time.Microsecond)) {
		t.Errorf("created %v, want the sandbox clock %v", l.Created, start)
	}
	l.Created = gen.ProcuretTime{}
	if got, wantS := mustJSON(t, l), mustJSON(t, want); got != wantS {
		t.Errorf("link\n got %s\nwant %s", got, wantS)
	}
	if loc := r.header.Get("Location"); loc != strings.TrimSuffix(e.base, "/api")+"/b?il="+l.PublicID {
		t.Errorf("Location %q, want the customer's page of the link", loc)
	}
	if !strings.Contains(e.log.String(), "instalment link email (stands in for the email)") {
		t.Error("communicate: true did not log the email")
	}
	if links := e.sb.Links(); len(links) != 1 || links[0].PublicID != l.PublicID {
		t.Errorf("stored links %+v", links)
	}
	// The invitee is a known human: the link names them.
	body = newLink(sandbox.DefaultSupplierID, "500")
	body.InviteeEmail = sandbox.DefaultBusinessEmail
	l = decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", body))
	if isZero(l.InviteeHumanID) || l.InviteeHumanID != sandbox.DefaultBusinessAgentID {
		t.Errorf("invitee_human_id = %v, want %d", l.InviteeHumanID, sandbox.DefaultBusinessAgentID)
	}
}

func TestCreateInstalmentLinkRejects(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	mod := func(f func(*gen.InstalmentLinkCreate)) gen.InstalmentLinkCreate {
		b := newLink(sandbox.DefaultSupplierID, "600.00")
		f(&b)
		return b
	}
	cases := []struct {
		name   string
		body   gen.InstalmentLinkCreate
		status int
		want   string
	}{
		{"zero amount", mod(func(b *gen.InstalmentLinkCreate) { b.InvoiceAmount = decimal.Zero }), 422, "invoice_amount must be greater than zero (got 0)"},
		{"negative amount", mod(func(b *gen.InstalmentLinkCreate) { b.InvoiceAmount = decimal.RequireFromString("-5.00") }), 422, "greater than zero (got -5"},
		{"three decimal places", mod(func(b *gen.InstalmentLinkCreate) { b.InvoiceAmount = decimal.RequireFromString("600.001") }), 422, "more than 2 decimal places"},
		{"over the supplier's maximum", mod(func(b *gen.InstalmentLinkCreate) { b.InvoiceAmount = decimal.RequireFromString("100000.01") }), 422, "maximum transaction of 100000.00"},
		{"undeliverable email", mod(func(b *gen.InstalmentLinkCreate) { b.InviteeEmail = "someone@localhost" }), 422, "invitee_email"},
		{"blank identifier", mod(func(b *gen.InstalmentLinkCreate) { b.InvoiceIdentifier = "   " }), 422, "invoice_identifier must not be blank"},
		{"bad phone", mod(func(b *gen.InstalmentLinkCreate) { b.InviteePhone = ptr("call me") }), 422, "invitee_phone"},
		{"unknown supplier", mod(func(b *gen.InstalmentLinkCreate) { b.SupplierID = 42 }), 422, "supplier_id: no supplier 42"},
		{"another supplier", mod(func(b *gen.InstalmentLinkCreate) { b.SupplierID = otherSupplierID }), 403, "may not act for supplier 9007199254740993"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantError(t, e.call(s, "POST", "/instalment-link", c.body), c.status, c.want) })
	}
	t.Run("currency the supplier does not take", func(t *testing.T) {
		other := e.session("owner@other.example", auth.PerspectiveSupplier, auth.LongLived)
		b := newLink(otherSupplierID, "600.00")
		b.Denomination = ptr(types.DenominationNZD)
		wantError(t, e.call(other, "POST", "/instalment-link", b), 422, "does not accept NZD")
		wantStatus(t, e.call(other, "POST", "/instalment-link", newLink(otherSupplierID, "600.00")), 200)
	})
	t.Run("business perspective", func(t *testing.T) {
		biz := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.LongLived)
		wantError(t, e.call(biz, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "600.00")), 403, "perspective 2")
	})
	if n := e.sb.LinkCount(); n != 1 {
		t.Errorf("%d links stored, want only the one accepted", n)
	}
}

func TestGetAndOpenInstalmentLink(t *testing.T) {
	e := newEnv(t)
	s := e.supplier()
	l := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "650.00")))

	got := decode[gen.InstalmentLink](t, e.call(nil, "GET", "/instalment-link?public_id="+l.PublicID, nil))
	if got.PublicID != l.PublicID || len(got.Opens) != 0 {
		t.Fatalf("GET = %+v", got)
	}
	wantError(t, e.call(nil, "GET", "/instalment-link?public_id=il_nope", nil), 404, "No instalment link with public_id 'il_nope'")

	r := e.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID})
	wantStatus(t, r, 200)
	if string(r.body) != "{}\n" {
		t.Errorf("open answered %q, want a JSON object", r.body)
	}
	e.clock.Add(time.Minute)
	wantStatus(t, e.call(s, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}), 200)
	wantError(t, e.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: "il_nope"}), 404)

	got = decode[gen.InstalmentLink](t, e.call(s, "GET", "/instalment-link?public_id="+l.PublicID, nil))
	if len(got.Opens) != 2 || got.Opens[0].Sequence != 0 || got.Opens[1].Sequence != 1 ||
		!got.Opens[1].Created.Time().Equal(start.Add(time.Minute).Truncate(time.Microsecond)) {
		t.Errorf("opens = %+v, want two in order", got.Opens)
	}
}

func TestListInstalmentLinks(t *testing.T) {
	e := seeded(t)
	s := e.supplier()
	colleague := e.session("colleague@example.com", auth.PerspectiveSupplier, auth.LongLived)
	var ids []string
	for i := range 5 {
		b := newLink(sandbox.DefaultSupplierID, fmt.Sprintf("%d.00", 600+i))
		signer := s
		if i == 4 {
			signer = colleague
		}
		ids = append(ids, decode[gen.InstalmentLink](t, e.call(signer, "POST", "/instalment-link", b)).PublicID)
		e.clock.Add(time.Second)
	}
	other := e.session("owner@other.example", auth.PerspectiveSupplier, auth.LongLived)
	otherLink := decode[gen.InstalmentLink](t, e.call(other, "POST", "/instalment-link", newLink(otherSupplierID, "700.00")))
	wantStatus(t, e.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: ids[1]}), 200)

	list := func(signer *auth.Signer, query string) []gen.InstalmentLink {
		t.Helper()
		r := e.call(signer, "GET", "/instalment-link/list"+query, nil)
		wantStatus(t, r, 200)
		return decode[[]gen.InstalmentLink](t, r)
	}
	publicIDs := func(ls []gen.InstalmentLink) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.PublicID
		}
		return out
	}
	rev := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}

	all := list(s, "")
	if got := publicIDs(all); fmt.Sprint(got) != fmt.Sprint(rev) {
		t.Errorf("default list %v, want own supplier's links newest first %v", got, rev)
	}
	for i, l := range all {
		if isZero(l.Disposition) || l.Disposition != (gen.Disposition{Sequence: i, Count: 5, Limit: 20, Offset: 0}) {
			t.Errorf("item %d disposition %+v", i, l.Disposition)
		}
	}
	page := list(s, "?limit=2&offset=1&order=ascending&order_by=created")
	if got := publicIDs(page); fmt.Sprint(got) != fmt.Sprint(ids[1:3]) {
		t.Errorf("page %v, want %v", got, ids[1:3])
	}
	if d := page[1].Disposition; d != (gen.Disposition{Sequence: 2, Count: 5, Limit: 2, Offset: 1}) {
		t.Errorf("page disposition %+v", d)
	}
	if got := list(s, "?offset=10"); len(got) != 0 {
		t.Errorf("past the end: %d items, want an empty array", len(got))
	}
	for query, want := range map[string][]string{
		"?opened=true":                           {ids[1]},
		"?opened=false&order=ascending":          {ids[0], ids[2], ids[3], ids[4]},
		"?public_id=" + ids[2]:                   {ids[2]},
		"?public_id=" + otherLink.PublicID:       {},
		"?supplier_id=13991055489669749&limit=1": {ids[4]},
		"?created_by=" + itoa(colleagueID):       {ids[4]},
		"?accessible_to=" + itoa(colleagueID):    rev,
		"?accessible_to=" + itoa(otherAgentID):   {},
	} {
		if got := publicIDs(list(s, query)); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v, want %v", query, got, want)
		}
	}
	wantError(t, e.call(s, "GET", "/instalment-link/list?supplier_id="+itoa(otherSupplierID), nil), 403, "may not see the links of supplier")
	// The other supplier sees only its own link.
	r := e.call(other, "GET", "/instalment-link/list", nil)
	if got := publicIDs(decode[[]gen.InstalmentLink](t, r)); fmt.Sprint(got) != fmt.Sprint([]string{otherLink.PublicID}) {
		t.Errorf("other supplier sees %v", got)
	}

	// A customer sees the links addressed to them, whatever the supplier.
	b := newLink(sandbox.DefaultSupplierID, "800.00")
	b.InviteeEmail = sandbox.DefaultBusinessEmail
	mine := decode[gen.InstalmentLink](t, e.call(s, "POST", "/instalment-link", b)).PublicID
	biz := e.session(sandbox.DefaultBusinessEmail, auth.PerspectiveBusiness, auth.ShortLived)
	if got := publicIDs(list(biz, "")); fmt.Sprint(got) != fmt.Sprint([]string{mine}) {
		t.Errorf("customer sees %v, want %v", got, []string{mine})
	}
}
