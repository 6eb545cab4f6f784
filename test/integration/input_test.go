package integration

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// TestIntegrationInputChecks: input the client refuses is never sent, so the sandbox stores
// nothing; input only the server can judge is refused there, and stores nothing either.
func TestIntegrationInputChecks(t *testing.T) {
	t.Parallel()
	e := itStart(t, "")
	acct := e.sb.DefaultAccount()
	sess := e.login(t, acct.Email, acct.Password, procuret.PerspectiveSupplier, procuret.LifecycleLongLived)
	supplier := e.anon.Authenticated(sess.Credentials())
	ctx := t.Context()
	valid := procuret.CreateLinkParams{
		SupplierID: itSupplierID, Amount: itDec("422.42"), InviteeEmail: "pat@example.com",
		InvoiceIdentifier: "INV-CHECK", Communication: procuret.NotifyCustomer,
	}
	before := e.sb.LinkCount()

	for _, amount := range []string{"0", "0.00", "-5.00", "422.421", "0.001"} {
		t.Run("amount "+amount, func(t *testing.T) {
			p := valid
			p.Amount = itDec(amount)
			sent := e.sent.Load()
			_, err := supplier.CreateInstalmentLink(ctx, p)
			if !errors.Is(err, procuret.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
			var ve *procuret.ValidationError
			if !errors.As(err, &ve) || ve.Field != "invoice_amount" || ve.Operation != "create instalment link" {
				t.Errorf("err = %#v, want a ValidationError of invoice_amount", err)
			}
			var ae *procuret.Error
			if errors.As(err, &ae) {
				t.Errorf("an input error is also an *Error: %v", ae)
			}
			if n := e.sent.Load() - sent; n != 0 {
				t.Errorf("%d requests sent", n)
			}
			if n := e.sb.LinkCount(); n != before {
				t.Errorf("LinkCount = %d, want %d", n, before)
			}
		})
	}

	t.Run("other fields", func(t *testing.T) {
		for name, mutate := range map[string]func(*procuret.CreateLinkParams){
			"invitee_email":      func(p *procuret.CreateLinkParams) { p.InviteeEmail = "not an email" },
			"invoice_identifier": func(p *procuret.CreateLinkParams) { p.InvoiceIdentifier = "  " },
			"communicate":        func(p *procuret.CreateLinkParams) { p.Communication = 0 },
			"supplier_id":        func(p *procuret.CreateLinkParams) { p.SupplierID = 0 },
		} {
			p := valid
			mutate(&p)
			_, err := supplier.CreateInstalmentLink(ctx, p)
			var ve *procuret.ValidationError
			if !errors.Is(err, procuret.ErrInvalidInput) || !errors.As(err, &ve) || ve.Field != name {
				t.Errorf("%s: err = %v, want ErrInvalidInput on %s", name, err, name)
			}
		}
		if n := e.sb.LinkCount(); n != before {
			t.Errorf("LinkCount = %d, want %d", n, before)
		}
	})

	t.Run("amount above the supplier's maximum", func(t *testing.T) {
		// Well formed, so the client sends it; the sandbox refuses it with 422.
		p := valid
		p.Amount = itDec("100000.01")
		_, err := supplier.CreateInstalmentLink(ctx, p)
		ae := itAPIError(t, err, procuret.ErrUnprocessable)
		if !strings.Contains(ae.Message, "invoice_amount") {
			t.Errorf("message %q does not name invoice_amount", ae.Message)
		}
		if errors.Is(err, procuret.ErrInvalidInput) {
			t.Error("a server refusal matches ErrInvalidInput")
		}
		if n := e.sb.LinkCount(); n != before {
			t.Errorf("LinkCount = %d, want %d", n, before)
		}
	})

	t.Run("quote input", func(t *testing.T) {
		sent := e.sent.Load()
		for name, p := range map[string]procuret.QuoteParams{
			"principal zero":   {SupplierID: itSupplierID, Principal: decimal.Zero, Periods: 12},
			"principal cents":  {SupplierID: itSupplierID, Principal: itDec("1000.005"), Periods: 12},
			"periods zero":     {SupplierID: itSupplierID, Principal: itDec("1000")},
			"periods too many": {SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 121},
		} {
			if _, err := supplier.Quote(ctx, p); !errors.Is(err, procuret.ErrInvalidInput) {
				t.Errorf("%s: %v, want ErrInvalidInput", name, err)
			}
		}
		if _, err := supplier.QuoteAll(ctx, procuret.QuoteParams{SupplierID: itSupplierID, Principal: itDec("1000"), Periods: 12}); !errors.Is(err, procuret.ErrInvalidInput) {
			t.Errorf("QuoteAll with periods: %v, want ErrInvalidInput", err)
		}
		if n := e.sent.Load() - sent; n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})

	// And the valid params do work, so the refusals above were about the changed field.
	if _, err := supplier.CreateInstalmentLink(ctx, valid); err != nil {
		t.Fatalf("the valid params: %v", err)
	}
	if n := e.sb.LinkCount(); n != before+1 {
		t.Errorf("LinkCount = %d, want %d", n, before+1)
	}
}
