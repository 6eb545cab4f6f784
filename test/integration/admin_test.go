package integration

// What a session in the administrator perspective (3) sees in every list: the records of every
// supplier and business in the seed, where a supplier's session sees its own, with every filter
// still applying. The administrator is Procuret staff (moneySeed's ops@procuret.example): an
// account that holds no entity and only perspective 3, logged in through both steps as any
// user is.

import (
	"slices"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

const mAcmeAgent int64 = 5000000000000001 // Acme's owner (moneySeed)

// adminStart is moneyStart with a client logged in as Procuret staff in the administrator
// perspective.
func adminStart(t *testing.T) (*moneyEnv, *procuret.Client) {
	t.Helper()
	e := moneyStart(t)
	sess := e.login(t, mAdminEmail, mAdminPassword, procuret.PerspectiveAdministrator, procuret.LifecycleLongLived)
	if sess.Perspective != procuret.PerspectiveAdministrator || sess.AgentID != mAdminAgent {
		t.Fatalf("staff session = %+v, want perspective 3 for agent %d", sess, mAdminAgent)
	}
	return e, e.anon.Authenticated(sess.Credentials())
}

// adminCheck compares a list's identifiers with want, naming who listed what.
func adminCheck(t *testing.T, what string, got, want []string) {
	t.Helper()
	if got == nil {
		got = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestIntegrationAdminSession(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e, admin := adminStart(t)
	ctx := t.Context()
	s := must(admin.GetSession(ctx))
	if s.Perspective != procuret.PerspectiveAdministrator || s.AgentID != mAdminAgent {
		t.Errorf("GetSession = %+v, want perspective 3 for agent %d", s, mAdminAgent)
	}
	// Only an account holding perspective 3 gets a code for it: a supplier's owner does not.
	err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
		Email: "owner@acme.example", Password: "s3cret", Perspective: procuret.PerspectiveAdministrator,
	})
	itAPIError(t, err, procuret.ErrNotAuthenticated)
	// Staff hold no supplier perspective to switch to.
	_, err = admin.SwitchPerspective(ctx, procuret.PerspectiveSupplier)
	itAPIError(t, err, procuret.ErrNotAuthorised)
}

func TestIntegrationAdminLinksAndSeries(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e, admin := adminStart(t)
	ctx := t.Context()
	link := func(c *procuret.Client, supplier int64, invitee, invoice string) string {
		return must(c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
			SupplierID: supplier, Amount: itDec("750.00"), InviteeEmail: invitee,
			InvoiceIdentifier: invoice, Communication: procuret.DoNotNotify,
		})).PublicID
	}
	// In this order: the demo supplier's link to Casey, Acme's to Latepay, and one staff
	// create for Acme (the administrator acts for any supplier).
	demo := link(e.supplier, itSupplierID, "casey@customer.example", "DEMO-L1")
	acme := link(e.acme, mAcmeID, "ap@latepay.example", "ACME-L1")
	staff := link(admin, mAcmeID, "ap@latepay.example", "ACME-L2")
	if err := e.anon.MarkInstalmentLinkOpened(ctx, acme); err != nil {
		t.Fatal(err)
	}

	ids := func(c *procuret.Client, p procuret.ListLinksParams) []string {
		return itLinkIDs(must(c.ListInstalmentLinks(ctx, p)))
	}
	yes, no := true, false
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListLinksParams
		want []string
	}{
		{"admin, every link", admin, procuret.ListLinksParams{}, []string{staff, acme, demo}},
		{"demo supplier, its own", e.supplier, procuret.ListLinksParams{}, []string{demo}},
		{"Acme, its own", e.acme, procuret.ListLinksParams{}, []string{staff, acme}},
		{"admin, supplier_id Acme", admin, procuret.ListLinksParams{SupplierID: mAcmeID}, []string{staff, acme}},
		{"admin, supplier_id demo", admin, procuret.ListLinksParams{SupplierID: itSupplierID}, []string{demo}},
		{"admin, created_by staff", admin, procuret.ListLinksParams{CreatedBy: mAdminAgent}, []string{staff}},
		{"admin, created_by Acme's owner", admin, procuret.ListLinksParams{CreatedBy: mAcmeAgent}, []string{acme}},
		{"admin, accessible_to the demo supplier", admin, procuret.ListLinksParams{AccessibleTo: sandbox.DefaultSupplierAgentID}, []string{demo}},
		{"admin, opened", admin, procuret.ListLinksParams{Opened: &yes}, []string{acme}},
		{"admin, not opened", admin, procuret.ListLinksParams{Opened: &no}, []string{staff, demo}},
		{"admin, public_id", admin, procuret.ListLinksParams{PublicID: demo}, []string{demo}},
		{"admin, ascending, page 2 of 1", admin, procuret.ListLinksParams{Order: procuret.OrderAscending, Limit: 1, Offset: 1}, []string{acme}},
	} {
		adminCheck(t, tc.name+": links", ids(tc.c, tc.p), tc.want)
	}
	before := e.sent.Load()
	walked := itLinkIDs(collect(t, admin.AllInstalmentLinks(ctx, procuret.ListLinksParams{Limit: 2})))
	if want := []string{staff, acme, demo}; !slices.Equal(walked, want) || e.sent.Load()-before != 2 {
		t.Errorf("admin AllInstalmentLinks = %v in %d requests, want %v in 2", walked, e.sent.Load()-before, want)
	}
	// The filter the administrator may use is refused to another supplier.
	_, err := e.supplier.ListInstalmentLinks(ctx, procuret.ListLinksParams{SupplierID: mAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)

	// Payment series, newest first: the demo supplier's five and Acme's one.
	series := func(c *procuret.Client, p procuret.ListSeriesParams) []string {
		return itSeriesIDs(must(c.ListPaymentSeries(ctx, p)))
	}
	everySeries := []string{"ps_demo1", "ps_h4", "ps_acme1", "ps_h3", "ps_h2", "ps_h1"}
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListSeriesParams
		want []string
	}{
		{"admin, every series", admin, procuret.ListSeriesParams{}, everySeries},
		{"demo supplier, its own", e.supplier, procuret.ListSeriesParams{}, []string{"ps_demo1", "ps_h4", "ps_h3", "ps_h2", "ps_h1"}},
		{"Acme, its own", e.acme, procuret.ListSeriesParams{}, []string{"ps_acme1"}},
		{"Latepay, as the customer of both", e.latepay, procuret.ListSeriesParams{}, []string{"ps_acme1", "ps_h3"}},
		{"admin, business_id Latepay (two suppliers)", admin, procuret.ListSeriesParams{BusinessID: mLatepayID}, []string{"ps_acme1", "ps_h3"}},
		{"admin, fragment acme", admin, procuret.ListSeriesParams{Fragment: "acme"}, []string{"ps_acme1"}},
		{"admin, method_id", admin, procuret.ListSeriesParams{MethodID: "pm_Card1"}, []string{"ps_h1"}},
		{"admin, public_id", admin, procuret.ListSeriesParams{PublicID: "ps_acme1"}, []string{"ps_acme1"}},
		{"admin, overdue", admin, procuret.ListSeriesParams{HasOverdueInstalment: &yes}, []string{"ps_h3"}},
		{"admin, ascending", admin, procuret.ListSeriesParams{Order: procuret.OrderAscending}, itReversed(everySeries)},
	} {
		adminCheck(t, tc.name+": series", series(tc.c, tc.p), tc.want)
	}
	before = e.sent.Load()
	walkedSeries := itSeriesIDs(collect(t, admin.AllPaymentSeries(ctx, procuret.ListSeriesParams{Limit: 4})))
	if !slices.Equal(walkedSeries, everySeries) || e.sent.Load()-before != 2 {
		t.Errorf("admin AllPaymentSeries = %v in %d requests, want %v in 2", walkedSeries, e.sent.Load()-before, everySeries)
	}
}
