package sandboxtest_test

import (
	"net/http"
	"testing"

	"go.uber.org/goleak"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestStart(t *testing.T) {
	base, sb := sandboxtest.Start(t, sandbox.WithRandSeed(3))
	if base != sb.URL() || base == "" {
		t.Fatalf("base %q, URL() %q", base, sb.URL())
	}
	creds, err := sb.NewSession(sb.DefaultAccount().Email, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", base+"/instalment-link/list", nil)
	if err := auth.NewSigner(creds).Sign(req); err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("signed list: %d", res.StatusCode)
	}
}
