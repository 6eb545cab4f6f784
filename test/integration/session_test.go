package integration

import (
	"errors"
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
)

// itSessionOps are TestIntegrationEveryOperation's rows for the session operations:
// second-factor code, log in, read and switch a session.
func itSessionOps(f *itFixture) []itOp {
	const fixedCode = itFixedCode
	e, acct, cust, supSess, supplier := f.e, f.acct, f.cust, f.supSess, f.supplier
	return []itOp{
		{
			method: "RequestSecondFactorCode/email",
			run: func(t *testing.T) {
				ctx := t.Context()
				err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
					Email: cust.Email, Password: cust.Password, Perspective: procuret.PerspectiveBusiness,
				})
				if err != nil {
					t.Fatal(err)
				}
				if code := e.code(t, cust.Email); code != fixedCode {
					t.Errorf("code %q", code)
				}
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: cust.Email, Password: "wrong password"})
				if ae := itAPIError(t, err, procuret.ErrNotAuthenticated); strings.Contains(ae.Error(), "wrong password") {
					t.Errorf("the error quotes the password: %v", ae)
				}
				// An account holding only perspective 2 cannot ask for perspective 1.
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{
					Email: cust.Email, Password: cust.Password, Perspective: procuret.PerspectiveSupplier,
				})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "RequestSecondFactorCode/agent_id",
			run: func(t *testing.T) {
				ctx := t.Context()
				// By agent ID and without a perspective: the code then serves any perspective.
				err := e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{AgentID: acct.AgentID, Password: acct.Password})
				if err != nil {
					t.Fatal(err)
				}
				sess, err := e.anon.CreateSession(ctx, procuret.LoginParams{
					Email: acct.Email, Password: acct.Password, Perspective: procuret.PerspectiveSupplier, Code: e.code(t, acct.Email),
				})
				if err != nil {
					t.Fatalf("CreateSession with the agent_id code: %v", err)
				}
				if sess.AgentID != acct.AgentID || sess.Lifecycle != procuret.LifecycleLongLived {
					t.Errorf("session = %v, want agent %d, long-lived by default", sess, acct.AgentID)
				}
				err = e.anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{AgentID: itUnknownEntity, Password: acct.Password})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "CreateSession/long-lived",
			run: func(t *testing.T) {
				sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
				c := sess.Credentials()
				if sess.Lifecycle != procuret.LifecycleLongLived || c.Lifecycle() != auth.LongLived || sess.AgentID != acct.AgentID ||
					sess.SessionID == supSess.SessionID || c.SessionID() != sess.SessionID {
					t.Errorf("session = %v", sess)
				}
				if _, err := e.anon.Authenticated(c).GetSession(t.Context()); err != nil {
					t.Errorf("the new long-lived session does not sign: %v", err)
				}
				_, err := e.anon.CreateSession(t.Context(), procuret.LoginParams{
					Email: acct.Email, Password: "wrong", Perspective: procuret.PerspectiveSupplier, Code: fixedCode,
				})
				itAPIError(t, err, procuret.ErrNotAuthenticated)
			},
		},
		{
			method: "CreateSession/short-lived",
			run: func(t *testing.T) {
				sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleShortLived)
				if sess.Lifecycle != procuret.LifecycleShortLived || sess.Credentials().Lifecycle() != auth.ShortLived {
					t.Fatalf("session = %v, want short-lived", sess)
				}
				got, err := e.anon.Authenticated(sess.Credentials()).GetSession(t.Context())
				if err != nil {
					t.Fatalf("GetSession with the short-lived session: %v", err)
				}
				if got.SessionID != sess.SessionID || got.Lifecycle != procuret.LifecycleShortLived {
					t.Errorf("GetSession = %v", got)
				}
			},
		},
		{
			method: "GetSession",
			run: func(t *testing.T) {
				got, err := supplier.GetSession(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if got.SessionID != supSess.SessionID || got.AgentID != acct.AgentID ||
					got.Perspective != procuret.PerspectiveSupplier || got.Lifecycle != procuret.LifecycleLongLived {
					t.Errorf("GetSession = %v, want %v", got, supSess)
				}
				if got.Credentials().SessionID() != supSess.SessionID || got.Credentials().APIKey() != supSess.Credentials().APIKey() {
					t.Error("GetSession's credentials are not the session's")
				}
				_, err = e.anon.GetSession(t.Context())
				if !errors.Is(err, procuret.ErrNoCredentials) {
					t.Errorf("GetSession without a session: %v, want ErrNoCredentials", err)
				}
			},
		},
		{
			method: "SwitchPerspective",
			run: func(t *testing.T) {
				ctx := t.Context()
				sess := e.login(t, itDualEmail, itDualPassword, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
				dual := e.anon.Authenticated(sess.Credentials())
				switched, err := dual.SwitchPerspective(ctx, procuret.PerspectiveBusiness)
				if err != nil {
					t.Fatal(err)
				}
				if switched.Perspective != procuret.PerspectiveBusiness || switched.SessionID != sess.SessionID || switched.AgentID != itDualAgentID {
					t.Errorf("switched = %v", switched)
				}
				if now, err := dual.GetSession(ctx); err != nil || now.Perspective != procuret.PerspectiveBusiness {
					t.Errorf("GetSession after the switch = %v, %v", now, err)
				}
				// A business perspective cannot create links.
				before := e.sb.LinkCount()
				_, err = dual.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
					SupplierID: itSupplierID, Amount: itDec("600"), InviteeEmail: "x@example.com",
					InvoiceIdentifier: "INV-NOPE", Communication: procuret.DoNotNotify,
				})
				itAPIError(t, err, procuret.ErrNotAuthorised)
				if e.sb.LinkCount() != before {
					t.Error("a refused create stored a link")
				}
				// A perspective the account does not hold.
				_, err = dual.SwitchPerspective(ctx, procuret.PerspectiveAdministrator)
				itAPIError(t, err, procuret.ErrNotAuthorised)
				back, err := dual.SwitchPerspective(ctx, procuret.PerspectiveSupplier)
				if err != nil || back.Perspective != procuret.PerspectiveSupplier {
					t.Errorf("switching back = %v, %v", back, err)
				}
			},
		},
	}
}
