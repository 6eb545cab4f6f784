package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// createLink creates a link through the tool and returns it as --json printed it.
func (h *harness) createLink(amount, invoice string, extra ...string) procuret.InstalmentLink {
	h.t.Helper()
	args := append([]string{"links", "create", "--supplier", "13991055489669749", "--amount", amount,
		"--email", "customer@example.com", "--invoice", invoice, "--json"}, extra...)
	r := h.must(args...)
	var l procuret.InstalmentLink
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		h.t.Fatalf("%v:\n%s", err, r.stdout)
	}
	return l
}

func TestLinks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)

	// The human form, for one link told by Procuret and one the supplier sends itself.
	h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", "customer@example.com", "--invoice", "INV-1001", "--no-notify")
	h.must("links", "create", "--supplier", "13991055489669749", "--amount", "1250", "--currency", "nzd",
		"--email", "other@example.com", "--invoice", "PO-77", "--notify", "--phone", "+61 400 000 000")
	links := h.sb.Links()
	if len(links) != 2 {
		t.Fatalf("%d links, want 2", len(links))
	}
	first, second := links[0], links[1]
	if !first.InvoiceAmount.Equal(decimal.RequireFromString("1250.00")) || first.DenominationID != procuret.DenominationAUD ||
		second.DenominationID != procuret.DenominationNZD || second.InviteePhoneDigits != "61400000000" {
		t.Errorf("the sandbox holds %+v and %+v", first, second)
	}

	h.must("links", "get", first.PublicID)
	h.must("links", "open", first.PublicID)
	h.must("links", "open", first.PublicID)
	h.must("links", "list")
	h.must("links", "list", "--opened")
	h.must("links", "list", "--opened=false")
	h.must("links", "list", "--limit", "1")
	h.must("links", "list", "--limit", "1", "--offset", "1")
	h.must("links", "list", "--limit", "1", "--all")
	h.must("links", "list", "--supplier", "13991055489669749")
	h.run("links", "get", "il_nope")
	h.run("links", "open", "il_nope")
	h.run("links", "create", "--supplier", "13991055489669749", "--amount", "200000",
		"--email", "customer@example.com", "--invoice", "INV-BIG", "--notify")
	h.run("links", "list", "--supplier", "24681357924681357")
	h.check("links")
}

func TestLinksJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)

	l := h.createLink("1250.00", "INV-1001", "--no-notify")
	if l.PublicID == "" || !l.InvoiceAmount.Equal(decimal.RequireFromString("1250.00")) || l.Supplier.EntityID != 13991055489669749 ||
		l.InvoiceIdentifier != "INV-1001" || l.InviteeEmail != "customer@example.com" || len(l.Opens) != 0 {
		t.Errorf("links create --json = %+v", l)
	}
	// The JSON is the API's: amounts as exact decimal strings, IDs as 64-bit integers.
	raw := h.must("links", "get", l.PublicID, "--json").stdout
	for _, want := range []string{`"invoice_amount":"1250.00"`, `"entity_id":13991055489669749`, `"public_id":"` + l.PublicID + `"`} {
		if !strings.Contains(strings.ReplaceAll(raw, " ", ""), want) {
			t.Errorf("links get --json lacks %s:\n%s", want, raw)
		}
	}
	// Trailing zeros are not decimal places the API would refuse.
	if l2 := h.createLink("4200.000", "INV-1002", "--notify"); !l2.InvoiceAmount.Equal(decimal.RequireFromString("4200")) {
		t.Errorf("links create --amount 4200.000 = %+v", l2)
	}

	var opened procuret.InstalmentLink
	if err := json.Unmarshal([]byte(h.must("links", "open", l.PublicID, "--json").stdout), &opened); err != nil {
		t.Fatal(err)
	}
	if opened.PublicID != l.PublicID || len(opened.Opens) != 1 || !opened.Opens[0].Created.Time().Equal(t0) {
		t.Errorf("links open --json = %+v", opened)
	}

	list := func(args ...string) []procuret.InstalmentLink {
		t.Helper()
		r := h.must(append([]string{"links", "list", "--json"}, args...)...)
		if !strings.HasPrefix(r.stdout, "[") {
			t.Errorf("links list --json is not an array:\n%s", r.stdout)
		}
		var ls []procuret.InstalmentLink
		if err := json.Unmarshal([]byte(r.stdout), &ls); err != nil {
			t.Fatal(err)
		}
		return ls
	}
	if ls := list(); len(ls) != 2 || ls[0].Disposition.Count != 2 {
		t.Errorf("links list --json = %+v", ls)
	}
	if ls := list("--opened"); len(ls) != 1 || ls[0].PublicID != l.PublicID {
		t.Errorf("links list --opened --json = %+v", ls)
	}
	if ls := list("--limit", "1"); len(ls) != 1 {
		t.Errorf("links list --limit 1: %d links", len(ls))
	}
	if ls := list("--limit", "1", "--all"); len(ls) != 2 || ls[0].PublicID == ls[1].PublicID {
		t.Errorf("links list --limit 1 --all = %+v", ls)
	}
	if r := h.must("links", "list", "--json", "--opened", "--limit", "1", "--offset", "5"); r.stdout != "[]\n" {
		t.Errorf("an empty page prints %q, want []", r.stdout)
	}
}

func TestLinksForbidden(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.sb.DefaultCustomerAccount()
	creds, err := h.sb.NewSession(acct.Email, acct.Perspective, procuret.LifecycleShortLived)
	if err != nil {
		t.Fatal(err)
	}
	h.env[procuret.EnvEndpoint] = h.url
	h.env[procuret.EnvSessionID] = itoa(creds.SessionID())
	h.env[procuret.EnvAPIKey] = creds.APIKey()
	h.env[procuret.EnvLifecycle] = "short"
	h.names[itoa(creds.SessionID())] = "SESSION_ID"
	r := h.run("links", "create", "--supplier", "13991055489669749", "--amount", "1250.00",
		"--email", "customer@example.com", "--invoice", "INV-1001", "--no-notify")
	if r.code != ExitFailure {
		t.Errorf("exit %d, want 1", r.code)
	}
	h.check("links_forbidden")
}

// When a create may have reached Procuret but no answer came back, the tool says so and
// tells the user to look before running it again: the API has no idempotency, and a second
// run could email the customer twice. (The client's search for the link is its own test.)
func TestOutcomeUnknownHint(t *testing.T) {
	t.Parallel()
	err := &procuret.UnknownOutcomeError{Operation: "create instalment link", Attempts: 1, Cause: io.ErrUnexpectedEOF, Searched: true}
	for _, tc := range []struct {
		ctx  func() context.Context
		code int
	}{
		{context.Background, ExitFailure},
		{func() context.Context { // Ctrl-C while the request was out
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, ExitInterrupted},
	} {
		var errb bytes.Buffer
		a := newApp(Env{Stderr: &errb})
		a.cmd, a.started = "links create", true
		cerr := error(err)
		if tc.code == ExitInterrupted {
			cerr = &procuret.UnknownOutcomeError{Operation: "create instalment link", Attempts: 1, Cause: context.Canceled, NotSearched: "the call was cancelled"}
		}
		if code := a.report(tc.ctx(), nil, cerr); code != tc.code {
			t.Errorf("exit %d, want %d", code, tc.code)
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "procuret: links create: ") ||
			lines[1] != "hint: procuret links list shows whether it was created; check before running the command again" {
			t.Errorf("stderr:\n%s", errb.String())
		}
	}
}
