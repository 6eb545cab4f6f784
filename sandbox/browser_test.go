package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/sandbox"
)

// chromium finds a Chromium or Chrome to drive. A missing browser skips the test outside CI
// and fails it in CI (.ci/run installs chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium in CI")
	}
	t.Skip("no chromium installed")
	return ""
}

// shopPage is a supplier's web shop, on another origin than the API, calling the sandbox the
// way the JavaScript SDK does (session ID and API key, no signature; §1.2 of the reference).
// IDs above 2^53 are written into the JSON text, never through JavaScript numbers.
const shopPage = `<!doctype html><title>shop</title><script>
const api = %q, sid = %q, key = %q;
async function run() {
  const out = {};
  const r = await fetch(api + "/instalment-link", {method: "POST",
    headers: {"Content-Type": "application/json", "x-procuret-session-id": sid, "x-procuret-api-key": key},
    body: '{"supplier_id": 13991055489669749, "invoice_amount": "640.00", "invitee_email": "c@example.com", "invoice_identifier": "WEB-1", "communicate": false}'});
  out.status = r.status;
  out.location = r.headers.get("Location");
  const link = await r.json();
  out.publicID = link.public_id;
  const q = await fetch(api + "/credit/prospective-payment/list?supplier_id=13991055489669749&principal_magnitude=900&cycle=1");
  out.quoteStatus = q.status;
  out.quotes = (await q.json()).length;
  const bad = await fetch(api + "/instalment-link/list", {headers: {"x-procuret-session-id": sid, "x-procuret-api-key": "wrong"}});
  out.badStatus = bad.status;
  out.badInfo = (await bad.json())["error-information"];
  return out;
}
run().then(o => { window.result = JSON.stringify(o); }, e => { window.result = JSON.stringify({error: String(e)}); });
</script>`

// TestCORSFromABrowser: a real browser on a web shop's origin preflights and calls the sandbox
// as the JavaScript SDK does, and can read the answers, their Location, and an error's body.
func TestCORSFromABrowser(t *testing.T) {
	exe := chromium(t)
	e := newEnv(t, sandbox.WithClock(time.Now))
	creds, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, shopPage, e.base, itoa(creds.SessionID()), creds.APIKey())
	}))
	t.Cleanup(shop.Close)
	if strings.TrimPrefix(e.base, "http://")[:strings.Index(strings.TrimPrefix(e.base, "http://"), "/")] == strings.TrimPrefix(shop.URL, "http://") {
		t.Fatal("the shop and the API share an origin")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Flag("disable-dev-shm-usage", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if _, err := chromedp.Run(bctx, chromedp.Navigate(shop.URL)); err != nil {
		t.Fatalf("browser: %v", err)
	}
	result, err := chromedp.Run(bctx, chromedp.Poll[string](`window.result`, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	// Close the browser before the leak check of TestMain.
	if err := chromedp.Cancel(bctx); err != nil {
		t.Logf("closing the browser: %v", err)
	}
	var got struct {
		Error                       string
		Status, QuoteStatus, Quotes int
		BadStatus                   int
		Location, PublicID, BadInfo string
	}
	if err := json.Unmarshal([]byte(result), &got); err != nil {
		t.Fatalf("%v: %s", err, result)
	}
	if got.Error != "" {
		t.Fatalf("the page's calls failed (a CORS refusal reads as a TypeError): %s", got.Error)
	}
	if got.Status != 200 || !strings.HasPrefix(got.PublicID, "il_") || !strings.HasSuffix(got.Location, "/b?il="+got.PublicID) {
		t.Errorf("create from the shop: %+v", got)
	}
	if got.QuoteStatus != 200 || got.Quotes != 4 {
		t.Errorf("quotes without a session: %+v", got)
	}
	if got.BadStatus != 401 || !strings.Contains(got.BadInfo, "API key does not match") {
		t.Errorf("the script cannot read the error: %+v", got)
	}
	if !strings.Contains(e.log.String(), "method=OPTIONS") {
		t.Errorf("the browser sent no preflight; log:\n%s", e.log.String())
	}
	if e.sb.LinkCount() != 1 {
		t.Errorf("%d links, want the one the shop created", e.sb.LinkCount())
	}
}
