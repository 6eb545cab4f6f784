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

func TestIntegrationAdminMoney(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e, admin := adminStart(t)
	ctx := t.Context()
	yes := true

	// Sales, newest first: ACME-1 (2025-09-09) sits among the demo supplier's.
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListSalesParams
		want []string
	}{
		{"admin, every sale", admin, procuret.ListSalesParams{}, []string{"INV-0042", "INV-H4", "ACME-1", "INV-H3", "INV-H2", "INV-H1"}},
		{"demo supplier, its own", e.supplier, procuret.ListSalesParams{}, []string{"INV-0042", "INV-H4", "INV-H3", "INV-H2", "INV-H1"}},
		{"Acme, its own", e.acme, procuret.ListSalesParams{}, []string{"ACME-1"}},
		{"admin, supplier_id Acme", admin, procuret.ListSalesParams{SupplierID: mAcmeID}, []string{"ACME-1"}},
		{"admin, business_id Latepay (two suppliers)", admin, procuret.ListSalesParams{BusinessID: mLatepayID}, []string{"ACME-1", "INV-H3"}},
		{"admin, Latepay's from the demo supplier", admin, procuret.ListSalesParams{BusinessID: mLatepayID, SupplierID: itSupplierID}, []string{"INV-H3"}},
		{"admin, any_fragment", admin, procuret.ListSalesParams{AnyFragment: "acme"}, []string{"ACME-1"}},
	} {
		adminCheck(t, tc.name+": sales", saleIDs(must(tc.c.ListSupplierSales(ctx, tc.p))), tc.want)
	}
	if got := saleIDs(collect(t, admin.AllSupplierSales(ctx, procuret.ListSalesParams{Limit: 4}))); len(got) != 6 {
		t.Errorf("admin AllSupplierSales over pages of 4 = %v, want the 6 sales", got)
	}
	_, err := e.supplier.ListSupplierSales(ctx, procuret.ListSalesParams{SupplierID: mAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)

	// Payouts, latest executed first: one per settlement day and supplier (INV-H1 and INV-H2
	// were settled together).
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListPayoutsParams
		want []string
	}{
		{"admin, every payout", admin, procuret.ListPayoutsParams{}, []string{"po_ps_demo1", "po_ps_h4", "po_ps_acme1", "po_ps_h3", "po_ps_h1"}},
		{"demo supplier, its own", e.supplier, procuret.ListPayoutsParams{}, []string{"po_ps_demo1", "po_ps_h4", "po_ps_h3", "po_ps_h1"}},
		{"Acme, its own", e.acme, procuret.ListPayoutsParams{}, []string{"po_ps_acme1"}},
		{"admin, supplier_id Acme", admin, procuret.ListPayoutsParams{SupplierID: mAcmeID}, []string{"po_ps_acme1"}},
		{"admin, any_fragment latepay (two suppliers)", admin, procuret.ListPayoutsParams{AnyFragment: "latepay"}, []string{"po_ps_acme1", "po_ps_h3"}},
		{"admin, public_id", admin, procuret.ListPayoutsParams{PublicID: "po_ps_h1"}, []string{"po_ps_h1"}},
	} {
		adminCheck(t, tc.name+": payouts", payoutIDs(must(tc.c.ListSupplierPayouts(ctx, tc.p))), tc.want)
	}
	if got := payoutIDs(collect(t, admin.AllSupplierPayouts(ctx, procuret.ListPayoutsParams{Limit: 2}))); len(got) != 5 {
		t.Errorf("admin AllSupplierPayouts over pages of 2 = %v, want the 5 payouts", got)
	}
	_, err = e.acme.ListSupplierPayouts(ctx, procuret.ListPayoutsParams{SupplierID: itSupplierID})
	itAPIError(t, err, procuret.ErrNotAuthorised)

	// Pending plans, newest first: the default data's five (days old) and Acme's (2025-11-01).
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListPendingParams
		want []string
	}{
		{"admin, every plan", admin, procuret.ListPendingParams{}, []string{"ex_pend3", "ex_pend1", "ex_pend4", "ex_pend2", "ex_pend5", "ex_acme_p"}},
		{"demo supplier, its own", e.supplier, procuret.ListPendingParams{}, []string{"ex_pend3", "ex_pend1", "ex_pend4", "ex_pend2", "ex_pend5"}},
		{"Acme, its own", e.acme, procuret.ListPendingParams{}, []string{"ex_acme_p"}},
		{"admin, supplier_id Acme", admin, procuret.ListPendingParams{SupplierID: mAcmeID}, []string{"ex_acme_p"}},
		{"admin, business_id Latepay", admin, procuret.ListPendingParams{BusinessID: mLatepayID}, []string{"ex_acme_p"}},
		{"admin, human_id Latepay's AP", admin, procuret.ListPendingParams{HumanID: 5000000000000005}, []string{"ex_acme_p"}},
		{"admin, awaiting identity", admin, procuret.ListPendingParams{AwaitingIdentityAssessment: &yes}, []string{"ex_pend3", "ex_pend1", "ex_acme_p"}},
	} {
		adminCheck(t, tc.name+": pending", pendingIDs(must(tc.c.ListPendingSeries(ctx, tc.p))), tc.want)
	}
	if got := pendingIDs(collect(t, admin.AllPendingSeries(ctx, procuret.ListPendingParams{Limit: 4}))); len(got) != 6 {
		t.Errorf("admin AllPendingSeries over pages of 4 = %v, want the 6 plans", got)
	}
	_, err = e.supplier.ListPendingSeries(ctx, procuret.ListPendingParams{SupplierID: mAcmeID})
	itAPIError(t, err, procuret.ErrNotAuthorised)

	adminDeals(t, e, admin)
}

// adminDeals: deals have no filter, only orders: the administrator sees every supplier's, and
// ordering by supplier name puts Acme's two first.
func adminDeals(t *testing.T, e *moneyEnv, admin *procuret.Client) {
	t.Helper()
	ctx := t.Context()
	demoDeals := []string{"cm_ex_pend3", "cm_ex_pend1", "cm_ex_pend4", "cm_ex_pend2", "cm_ex_pend5", "cm_demo1", "cm_ps_h4", "cm_ps_h3", "cm_ps_h2", "cm_ps_h1"}
	adminCheck(t, "demo supplier: deals", dealIDs(must(e.supplier.ListDeals(ctx, procuret.ListDealsParams{}))), demoDeals)
	adminCheck(t, "Acme: deals", dealIDs(must(e.acme.ListDeals(ctx, procuret.ListDealsParams{}))), []string{"cm_ex_acme_p", "cm_ps_acme1"})
	all := dealIDs(must(admin.ListDeals(ctx, procuret.ListDealsParams{})))
	want := slices.Concat(demoDeals[:6], []string{"cm_ex_acme_p", "cm_ps_h4", "cm_ps_acme1"}, demoDeals[7:])
	adminCheck(t, "admin: deals", all, want)
	first := dealIDs(must(admin.ListDeals(ctx, procuret.ListDealsParams{OrderBy: procuret.DealOrderBySupplierName, Order: procuret.OrderAscending, Limit: 2})))
	slices.Sort(first)
	adminCheck(t, "admin: the first two deals by supplier name", first, []string{"cm_ex_acme_p", "cm_ps_acme1"})
	if got := dealIDs(collect(t, admin.AllDeals(ctx, procuret.ListDealsParams{Limit: 5}))); !slices.Equal(got, all) {
		t.Errorf("admin AllDeals over pages of 5 = %v, want %v", got, all)
	}
	// Quotes need no session, and staff get every supplier's terms.
	for _, tc := range []struct {
		supplier int64
		periods  []int
	}{{itSupplierID, []int{3, 6, 12, 24}}, {mAcmeID, []int{6}}} {
		qs := must(admin.QuoteAll(ctx, procuret.QuoteParams{SupplierID: tc.supplier, Principal: itDec("1200.00")}))
		if got := itPeriods(qs); !slices.Equal(got, tc.periods) {
			t.Errorf("admin QuoteAll(%d): periods %v, want %v", tc.supplier, got, tc.periods)
		}
	}
}

func TestIntegrationAdminCustomers(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e, admin := adminStart(t)
	ctx := t.Context()
	yes, no := true, false

	// Entities by legal name: the administrator's are every entity in the seed, a supplier's its
	// own and those it deals with.
	asc := procuret.ListEntitiesParams{Order: procuret.OrderAscending}
	every := []string{"ACME", "CUSTCO", "DEMOSUP", "HARBOUR", "KIWIFRESH", "LATEPAY", "OUTBACK"}
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListEntitiesParams
		want []string
	}{
		{"admin, every entity", admin, asc, every},
		{"demo supplier", e.supplier, asc, []string{"CUSTCO", "DEMOSUP", "HARBOUR", "KIWIFRESH", "LATEPAY", "OUTBACK"}},
		{"Acme", e.acme, asc, []string{"ACME", "LATEPAY"}},
		{"admin, name_fragment", admin, procuret.ListEntitiesParams{NameFragment: "widgets"}, []string{"ACME"}},
		{"admin, accessible_to Acme's owner", admin, procuret.ListEntitiesParams{AccessibleTo: mAcmeAgent, Order: procuret.OrderAscending}, []string{"ACME", "LATEPAY"}},
		{"admin, accessible_to Latepay's AP", admin, procuret.ListEntitiesParams{AccessibleTo: 5000000000000005, Order: procuret.OrderAscending}, []string{"ACME", "DEMOSUP", "LATEPAY"}},
	} {
		adminCheck(t, tc.name+": entities", entityNames(must(tc.c.ListEntities(ctx, tc.p))), tc.want)
	}
	if got := entityNames(collect(t, admin.AllEntities(ctx, procuret.ListEntitiesParams{Limit: 3, Order: procuret.OrderAscending}))); !slices.Equal(got, every) {
		t.Errorf("admin AllEntities over pages of 3 = %v, want %v", got, every)
	}

	// Businesses, oldest first.
	bizNames := func(c *procuret.Client, p procuret.ListBusinessesParams) []string {
		return mapped(must(c.ListBusinesses(ctx, p)), func(b procuret.Business) string { return b.Entity.PublicIDShort })
	}
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListBusinessesParams
		want []string
	}{
		{"admin, every business", admin, procuret.ListBusinessesParams{}, []string{"LATEPAY", "CUSTCO", "HARBOUR", "OUTBACK", "KIWIFRESH"}},
		{"Acme", e.acme, procuret.ListBusinessesParams{}, []string{"LATEPAY"}},
		{"Casey", e.casey, procuret.ListBusinessesParams{}, []string{"CUSTCO"}},
		{"admin, has_transacted_with Acme", admin, procuret.ListBusinessesParams{HasTransactedWith: mAcmeID}, []string{"LATEPAY"}},
		{"admin, has_transacted false", admin, procuret.ListBusinessesParams{HasTransacted: &no}, []string{"OUTBACK", "KIWIFRESH"}},
		{"admin, any_fragment", admin, procuret.ListBusinessesParams{AnyFragment: "fresh"}, []string{"KIWIFRESH"}},
		{"admin, accessible_to Acme's owner", admin, procuret.ListBusinessesParams{AccessibleTo: mAcmeAgent}, []string{"LATEPAY"}},
	} {
		adminCheck(t, tc.name+": businesses", bizNames(tc.c, tc.p), tc.want)
	}
	if got := collect(t, admin.AllBusinesses(ctx, procuret.ListBusinessesParams{Limit: 2})); len(got) != 5 {
		t.Errorf("admin AllBusinesses over pages of 2: %d businesses, want 5", len(got))
	}

	// Suppliers, by legal name, descending (the API's default).
	supNames := func(c *procuret.Client, p procuret.ListSuppliersParams) []string {
		return mapped(must(c.ListSuppliers(ctx, p)), func(s procuret.Supplier) string { return s.Entity.PublicIDShort })
	}
	for _, tc := range []struct {
		name string
		c    *procuret.Client
		p    procuret.ListSuppliersParams
		want []string
	}{
		{"admin, every supplier", admin, procuret.ListSuppliersParams{}, []string{"DEMOSUP", "ACME"}},
		{"demo supplier", e.supplier, procuret.ListSuppliersParams{}, []string{"DEMOSUP"}},
		{"Acme", e.acme, procuret.ListSuppliersParams{}, []string{"ACME"}},
		{"Latepay, a customer of both", e.latepay, procuret.ListSuppliersParams{}, []string{"DEMOSUP", "ACME"}},
		{"admin, any_name", admin, procuret.ListSuppliersParams{AnyName: "acme"}, []string{"ACME"}},
		{"admin, has_brand", admin, procuret.ListSuppliersParams{HasBrand: &yes}, []string{"DEMOSUP"}},
		{"admin, legal_name", admin, procuret.ListSuppliersParams{LegalName: "acme widgets pty ltd"}, []string{"ACME"}},
		{"admin, accessible_to Acme's owner", admin, procuret.ListSuppliersParams{AccessibleTo: mAcmeAgent}, []string{"ACME"}},
		{"admin, ascending", admin, procuret.ListSuppliersParams{Order: procuret.OrderAscending}, []string{"ACME", "DEMOSUP"}},
	} {
		adminCheck(t, tc.name+": suppliers", supNames(tc.c, tc.p), tc.want)
	}
	before := e.sent.Load()
	if got := collect(t, admin.AllSuppliers(ctx, procuret.ListSuppliersParams{Limit: 1})); len(got) != 2 || e.sent.Load()-before != 2 {
		t.Errorf("admin AllSuppliers over pages of 1: %d suppliers in %d requests, want 2 in 2 (the second page's disposition says it is the last)", len(got), e.sent.Load()-before)
	}
}

// An administrator may act for any agent (x-procuret-forwarded-agent), and while it does, that
// agent's permissions apply, as for any session (sandbox README, "Authentication"): staff see
// what the customer sees, not everything.
func TestIntegrationAdminActingFor(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e, admin := adminStart(t)
	ctx := t.Context()
	sess := must(admin.GetSession(ctx))
	as := func(agent int64) *procuret.Client { return e.anon.Authenticated(sess.Credentials().ActingFor(agent)) }
	forAcme, forLatepay, forSelf := as(mAcmeAgent), as(5000000000000005), as(mAdminAgent)

	demo := must(e.supplier.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("750.00"), InviteeEmail: "casey@customer.example",
		InvoiceIdentifier: "DEMO-L1", Communication: procuret.DoNotNotify,
	})).PublicID
	acme := must(forAcme.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: mAcmeID, Amount: itDec("750.00"), InviteeEmail: "ap@latepay.example",
		InvoiceIdentifier: "ACME-L1", Communication: procuret.DoNotNotify,
	})).PublicID
	adminCheck(t, "acting for Acme's owner: links created by that owner", itLinkIDs(must(admin.ListInstalmentLinks(ctx, procuret.ListLinksParams{CreatedBy: mAcmeAgent}))), []string{acme})

	adminCheck(t, "acting for Acme's owner: links", itLinkIDs(must(forAcme.ListInstalmentLinks(ctx, procuret.ListLinksParams{}))), []string{acme})
	adminCheck(t, "acting for Acme's owner: series", itSeriesIDs(must(forAcme.ListPaymentSeries(ctx, procuret.ListSeriesParams{}))), []string{"ps_acme1"})
	adminCheck(t, "acting for Acme's owner: sales", saleIDs(must(forAcme.ListSupplierSales(ctx, procuret.ListSalesParams{}))), []string{"ACME-1"})
	adminCheck(t, "acting for Acme's owner: entities", entityNames(must(forAcme.ListEntities(ctx, procuret.ListEntitiesParams{Order: procuret.OrderAscending}))), []string{"ACME", "LATEPAY"})
	adminCheck(t, "acting for Latepay's AP: series", itSeriesIDs(must(forLatepay.ListPaymentSeries(ctx, procuret.ListSeriesParams{}))), []string{"ps_acme1", "ps_h3"})
	adminCheck(t, "acting for Latepay's AP: links", itLinkIDs(must(forLatepay.ListInstalmentLinks(ctx, procuret.ListLinksParams{}))), []string{acme})
	_, err := forAcme.ListSupplierSales(ctx, procuret.ListSalesParams{SupplierID: itSupplierID})
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = forAcme.GetPaymentSeries(ctx, sandbox.DefaultSeriesID)
	itAPIError(t, err, procuret.ErrNotAuthorised)
	// Acting for itself, staff still see everything.
	adminCheck(t, "acting for itself: links", itLinkIDs(must(forSelf.ListInstalmentLinks(ctx, procuret.ListLinksParams{}))), []string{acme, demo})
	adminCheck(t, "acting for itself: series", itSeriesIDs(must(forSelf.ListPaymentSeries(ctx, procuret.ListSeriesParams{}))),
		[]string{"ps_demo1", "ps_h4", "ps_acme1", "ps_h3", "ps_h2", "ps_h1"})
}
