package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// The quickstart runs as its comment says, against a sandbox: a link whose amount offers
// instalments, and a quote for every term.
func TestQuickstart(t *testing.T) {
	url, sb := sandboxtest.Start(t)
	acct := sb.DefaultAccount()
	creds, err := sb.NewSession(acct.Email, acct.Perspective, procuret.LifecycleShortLived)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(procuret.EnvEndpoint, url)
	t.Setenv(procuret.EnvSessionID, strconv.FormatInt(creds.SessionID(), 10))
	t.Setenv(procuret.EnvAPIKey, creds.APIKey())
	t.Setenv(procuret.EnvLifecycle, "short")
	var out strings.Builder
	if err := run(context.Background(), &out, acct.EntityID, "customer@example.com", "INV-1001", "1250.00", false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "for invoice INV-1001: send the customer http://") || !strings.Contains(out.String(), "12 months: ") {
		t.Errorf("output:\n%s", out.String())
	}
	if n := sb.LinkCount(); n != 1 {
		t.Errorf("%d links, want 1", n)
	}
}
