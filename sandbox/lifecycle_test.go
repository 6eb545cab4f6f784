package sandbox_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

func TestServeAndShutdown(t *testing.T) {
	sb, err := sandbox.New()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sb.Serve(ln) }()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var res *http.Response
	for range 100 { // Serve starts asynchronously
		if res, err = client.Get("http://" + ln.Addr().String() + "/api/supplier?public_id=DEMOSUP"); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET: %v %v", res, err)
	}
	res.Body.Close()
	if sb.URL() != "http://"+ln.Addr().String()+"/api" {
		t.Errorf("URL() = %q", sb.URL())
	}
	if err := sb.Serve(ln); err == nil {
		t.Error("a second Serve was accepted")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := sb.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
	if sb.URL() != "" {
		t.Errorf("URL() = %q after Shutdown", sb.URL())
	}
}

// TestHandlerInProcess serves the sandbox through httptest, without a listener of its own.
func TestHandlerInProcess(t *testing.T) {
	sb, err := sandbox.New()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	sb.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/credit/prospective-payment?supplier_id=13991055489669749&principle=1000&periods=3&cycle=1", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"payment":"333.33"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	if sb.URL() != "" {
		t.Errorf("URL() = %q before serving", sb.URL())
	}
	if err := sb.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown before serving: %v", err)
	}
}

func TestDefaultAccount(t *testing.T) {
	e := newEnv(t)
	a := e.sb.DefaultAccount()
	if a.Email != "demo-supplier@example.com" || a.Password != "correct horse battery staple" ||
		a.EntityID != 13991055489669749 || a.EntityID <= 1<<53 || a.Perspective != auth.PerspectiveSupplier {
		t.Errorf("DefaultAccount() = %+v", a)
	}
	r := e.call(nil, "GET", "/supplier?supplier_id=13991055489669749", nil)
	if !strings.Contains(string(r.body), `"public_id":13991055489669749`) {
		t.Errorf("the ID is not written as an exact JSON integer: %s", r.body)
	}
	if c := e.sb.DefaultCustomerAccount(); c.EntityID != sandbox.DefaultBusinessID || c.Perspective != auth.PerspectiveBusiness {
		t.Errorf("DefaultCustomerAccount() = %+v", c)
	}
	if _, err := e.sb.NewSession("nobody@example.com", 1, 2); err == nil {
		t.Error("NewSession for an unknown account")
	}
	if _, err := e.sb.NewSession(a.Email, auth.PerspectiveBusiness, 2); err == nil {
		t.Error("NewSession for a perspective the account lacks")
	}
	if _, err := e.sb.NewSession(a.Email, 1, 3); err == nil {
		t.Error("NewSession with lifecycle 3")
	}
	if _, ok := e.sb.LastCode(a.Email); ok {
		t.Error("LastCode before any code was issued")
	}
}

func TestSeedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(testSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, sandbox.WithSeedFile(path))
	s := e.session("owner@other.example", auth.PerspectiveSupplier, auth.LongLived)
	wantStatus(t, e.call(s, "POST", "/instalment-link", newLink(otherSupplierID, "600.00")), 200)
	// Seeded accounts log in like the default one.
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest("both@other.example", "pw-both", auth.PerspectiveBusiness)), 200)
	if _, ok := e.sb.LastCode("BOTH@other.example"); !ok {
		t.Error("LastCode is not case-insensitive in the email")
	}
}

func TestSeedErrors(t *testing.T) {
	for name, c := range map[string]struct{ seed, want string }{
		"unknown field":       {`{"suppliers": [], "acounts": []}`, `unknown field "acounts"`},
		"duplicate entity":    {`{"businesses": [{"entity_id": 13991055489669749, "short_id": "X", "legal_name": "X"}]}`, "businesses[0]: entity_id 13991055489669749 is used twice"},
		"unknown entity":      {`{"accounts": [{"agent_id": 1, "email": "a@example.com", "password": "p", "first_name": "A", "last_name": "B", "entities": [42]}]}`, "accounts[0]: entities: no supplier or business 42"},
		"duplicate email":     {`{"accounts": [{"agent_id": 1, "email": "DEMO-supplier@example.com", "password": "p", "first_name": "A", "last_name": "B", "entities": [13991055489669749]}]}`, "is used twice"},
		"bad rate":            {`{"suppliers": [{"entity_id": 1, "short_id": "S", "legal_name": "S", "term_rates": [{"periods": 12, "annual_rate_percent": "lots"}]}]}`, "annual_rate_percent"},
		"series without rate": {`{"series": [{"public_id": "p", "supplier_id": 13991055489669749, "business_id": 24681357924681357, "identifier": "I", "principal": "600", "periods": 9, "first_due": "2026-01-01"}]}`, "offers no 9-month term"},
		"two documents":       {`{} {}`, "more than one JSON value"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sandbox.New(sandbox.WithSeed(strings.NewReader(c.seed)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("New = %v, want an error mentioning %q", err, c.want)
			}
		})
	}
	if _, err := sandbox.New(sandbox.WithSeedFile(filepath.Join(t.TempDir(), "missing.json"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing seed file: %v", err)
	}
	if _, err := sandbox.New(sandbox.WithFixedCode("12345")); err == nil {
		t.Error("a five-digit fixed code was accepted")
	}
}

// TestLogNeverHoldsSecrets drives a login and signed calls and reads the whole log.
func TestLogNeverHoldsSecrets(t *testing.T) {
	e := newEnv(t)
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, 1)), 200)
	code, _ := e.sb.LastCode(acct.Email)
	r := e.call(nil, "POST", "/session", map[string]any{"email": acct.Email, "secret": acct.Password, "perspective": 1, "code": code})
	sess := decode[gen.Session](t, r)
	creds, err := e.sb.NewSession(acct.Email, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	s := e.signer(creds)
	req, _ := http.NewRequest("GET", e.base+"/instalment-link/list", nil)
	_ = s.Sign(req)
	wantStatus(t, e.call(s, "GET", "/instalment-link/list", nil), 200)
	wantStatus(t, e.call(e.session(acct.Email, 1, 1), "GET", "/instalment-link/list", nil), 200)

	log := e.log.String()
	for what, secret := range map[string]string{
		"api key": sess.APIKey, "signer's key": creds.APIKey(), "signature": req.Header.Get("X-Procuret-Signature"),
		"password": acct.Password,
	} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds the %s", what)
		}
	}
	if n := strings.Count(log, code); n != 1 {
		t.Errorf("the code appears %d times in the log, want once (the email's stand-in)", n)
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if strings.Contains(line, "msg=request") && !(strings.Contains(line, "method=") && strings.Contains(line, "status=") && strings.Contains(line, "duration=")) {
			t.Errorf("request log line lacks method, status or duration: %s", line)
		}
	}
}
