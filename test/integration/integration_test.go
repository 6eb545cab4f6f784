// Package integration tests the procuret client against a real sandbox (package sandbox)
// served on 127.0.0.1 with an ephemeral port, over loopback HTTP. Nothing here is faked: every
// request is built, signed, sent, validated against the contract by the sandbox, answered and
// decoded. One file per area of the API; the shared helpers are in helpers_test.go. See
// README.md for how to run them.
//
//	go test -race -count=3 ./test/integration
package integration

import (
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
)

// TestMain fails the package's tests if any goroutine outlives them: a client, a sandbox or
// an iterator that leaks shows up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestIntegrationEveryOperation drives every method of the client against the sandbox, one
// subtest per method, and for each GET by ID an unknown ID that must answer ErrNotFound with
// the server's error-information. It logs in with sandbox.WithFixedCode, as scripts do. The
// rows come from the area files (itSessionOps in session_test.go, ...) and run in order, on
// one sandbox: a row sees what the rows before it created.
func TestIntegrationEveryOperation(t *testing.T) {
	t.Parallel()
	e := itStart(t, itFixedCode, sandbox.WithSeed(strings.NewReader(itSeed)))
	setupCtx := t.Context()
	acct, cust := e.sb.DefaultAccount(), e.sb.DefaultCustomerAccount()

	supSess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	supplier := e.anon.Authenticated(supSess.Credentials())
	custSess := e.login(t, cust.Email, cust.Password, procuret.PerspectiveBusiness, procuret.LifecycleLongLived)
	customer := e.anon.Authenticated(custSess.Credentials())

	// Two links to read, list and open: one for the demo customer, one for somebody else.
	newLink := func(t *testing.T, invitee, invoice string) *procuret.InstalmentLink {
		t.Helper()
		l, err := supplier.CreateInstalmentLink(t.Context(), procuret.CreateLinkParams{
			SupplierID: itSupplierID, Amount: itDec("1250.00"), InviteeEmail: invitee,
			InvoiceIdentifier: invoice, Communication: procuret.DoNotNotify,
		})
		if err != nil {
			t.Fatalf("CreateInstalmentLink: %v", err)
		}
		return l
	}
	forCasey := newLink(t, cust.Email, "INV-FIXTURE-1")
	forPat := newLink(t, "pat@example.com", "INV-FIXTURE-2")
	if err := e.anon.MarkInstalmentLinkOpened(setupCtx, forPat.PublicID); err != nil {
		t.Fatalf("MarkInstalmentLinkOpened: %v", err)
	}

	f := &itFixture{e: e, acct: acct, cust: cust, supSess: supSess, supplier: supplier, customer: customer, forCasey: forCasey}
	ops := slices.Concat(
		itSessionOps(f), itLinkOps(f), itCreditOps(f), itSeriesOps(f),
		itEntityOps(f), itSupplierOps(f), itXeroOps(f), itClientOps(f),
		itSalesOps(f), itPendingOps(f), itDealOps(f), itFeeOps(f), itPDFOps(f), itCustomerOps(f),
	)

	for _, op := range ops {
		t.Run(op.method, func(t *testing.T) {
			op.run(t)
			if op.unknown != nil {
				t.Run("unknown ID", func(t *testing.T) {
					itNotFound(t, op.unknown(t.Context()), op.unknownID)
				})
			}
		})
	}
}
