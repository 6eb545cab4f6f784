package integration

import (
	"strings"
	"testing"

	"github.com/procuret/procuret-go"
)

// itClientOps are TestIntegrationEveryOperation's rows for what the client answers without a
// request: its endpoint, credentials and link URLs.
func itClientOps(f *itFixture) []itOp {
	e, supSess, supplier := f.e, f.supSess, f.supplier
	return []itOp{
		{
			method: "Endpoint+Credentials+InstalmentLinkURL",
			run: func(t *testing.T) {
				if supplier.Endpoint() != e.base || e.anon.Endpoint() != e.base {
					t.Errorf("Endpoint() = %q", supplier.Endpoint())
				}
				if supplier.Credentials().SessionID() != supSess.SessionID || !e.anon.Credentials().IsZero() {
					t.Error("Credentials() is not what WithCredentials set")
				}
				want := strings.TrimSuffix(e.base, "/api") + "/b?il=il_abc-_9"
				if got := supplier.InstalmentLinkURL("il_abc-_9"); got != want {
					t.Errorf("InstalmentLinkURL = %q, want %q", got, want)
				}
				// A trailing slash on the base URL changes nothing: requests, signatures and
				// link URLs all follow the API root.
				slashed, err := procuret.NewClient(procuret.WithBaseURL(e.base+"/"), procuret.WithHTTPClient(e.hc),
					procuret.WithCredentials(supSess.Credentials()))
				if err != nil {
					t.Fatal(err)
				}
				if slashed.Endpoint() != e.base || slashed.InstalmentLinkURL("il_abc-_9") != want {
					t.Errorf("with a trailing slash: Endpoint %q, InstalmentLinkURL %q", slashed.Endpoint(), slashed.InstalmentLinkURL("il_abc-_9"))
				}
				if _, err := slashed.GetSession(t.Context()); err != nil {
					t.Errorf("GetSession through %s/: %v", e.base, err)
				}
			},
		},
	}
}
