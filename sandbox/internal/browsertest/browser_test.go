package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
	"github.com/shopspring/decimal"
)

// chromium returns Debian's Chromium, or skips the test when there is none, unless CI is
// "true": CI installs it (.ci/run), so there a missing browser fails the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (apt-get install chromium); .ci/run installs it")
	}
	t.Skip("Chromium is not installed (apt-get install chromium); the browser test runs in CI")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a context driving it;
// the browser stops when the test ends.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // root in CI containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1024),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// screenshotOnFailure saves the page the browser shows when the test failed, to
// $PROCURET_ARTIFACTS (or the system's temporary directory), and logs where.
func screenshotOnFailure(t *testing.T, ctx context.Context) {
	if !t.Failed() {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100) /* 100: PNG */)
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	dir := os.Getenv("PROCURET_ARTIFACTS")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("inspector-failure-%d.png", time.Now().UnixNano()))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	t.Logf("screenshot of the failure: %s", path)
}

// text returns the text of the first element matching the CSS selector sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// TestInspectorInChromium (issue 14): log in through the client, reading the second-factor code
// from the inspector's mailbox in the browser; create a link; find the request in the
// inspector's request log; follow the link to the customer's page.
func TestInspectorInChromium(t *testing.T) {
	path := chromium(t)
	base, sb := sandboxtest.Start(t) // before the browser, so that the browser stops first
	ctx := browser(t, path)
	defer screenshotOnFailure(t, ctx)
	root := strings.TrimSuffix(base, "/api")
	anon, err := procuret.NewClient(procuret.WithBaseURL(base))
	if err != nil {
		t.Fatal(err)
	}
	acct := sb.DefaultAccount()
	if err := anon.RequestSecondFactorCode(ctx, procuret.SecondFactorParams{Email: acct.Email, Password: acct.Password, Perspective: procuret.Perspective(acct.Perspective)}); err != nil {
		t.Fatal(err)
	}

	// The code, as a person would read it: from the mailbox, in the browser.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"/")); err != nil {
		t.Fatalf("open the inspector: %v", err)
	}
	code := text(t, ctx, `#mailbox tr:nth-child(2) td.code`)
	mailbox := text(t, ctx, `#mailbox`)
	code = strings.TrimSpace(code)
	if want, _ := sb.LastCode(acct.Email); !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) || code != want {
		t.Fatalf("the mailbox shows code %q, want the one sent", code)
	}
	if !strings.Contains(mailbox, acct.Email) || !strings.Contains(mailbox, "pending") {
		t.Errorf("the mailbox does not say to whom the pending code went:\n%s", mailbox)
	}

	sess, err := anon.CreateSession(ctx, procuret.LoginParams{Email: acct.Email, Password: acct.Password, Perspective: procuret.Perspective(acct.Perspective), Code: code})
	if err != nil {
		t.Fatal(err)
	}
	c, err := procuret.NewClient(procuret.WithBaseURL(base), procuret.WithCredentials(sess.Credentials()))
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.CreateInstalmentLink(ctx, procuret.CreateLinkParams{
		SupplierID: sandbox.DefaultSupplierID, Amount: decimal.RequireFromString("1234.50"), InviteeEmail: "buyer@example.com",
		InvoiceIdentifier: "INV-BROWSER-1", Communication: procuret.DoNotNotify,
	})
	if err != nil {
		t.Fatal(err)
	}

	// The request, in the request log; the code, now used.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"/")); err != nil {
		t.Fatalf("open the inspector again: %v", err)
	}
	requests := text(t, ctx, `#requests`)
	mailbox = text(t, ctx, `#mailbox`)
	for _, want := range []string{"POST /api/instalment-link", "signature valid (current window)", l.PublicID, "POST /api/session", "POST /api/second-factor-code"} {
		if !strings.Contains(requests, want) {
			t.Errorf("the request log lacks %q:\n%s", want, requests)
		}
	}
	if !strings.Contains(mailbox, "used") {
		t.Errorf("the mailbox does not show the code as used:\n%s", mailbox)
	}

	// Follow the link to the customer's page.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#links a[href="/b?il=%s"]`, l.PublicID))),
		chromedp.WaitVisible(chromedp.CSS(`#customer-page`)),
	); err != nil {
		t.Fatalf("follow the link to the customer page: %v", err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	page := text(t, ctx, `body`)
	if location != root+"/b?il="+l.PublicID {
		t.Errorf("the browser is at %s, want the customer page of %s", location, l.PublicID)
	}
	for _, want := range []string{"Demo Supplies Pty Ltd", "INV-BROWSER-1", "$1234.50 AUD", "12 months"} {
		if !strings.Contains(page, want) {
			t.Errorf("the customer page lacks %q:\n%s", want, page)
		}
	}
}
