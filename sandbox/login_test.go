package sandbox_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// testSeed adds a second supplier (AUD only, 6 and 12 months) with its account, an account
// holding both perspectives, and a series with overdue instalments.
const testSeed = `{
  "suppliers": [{
    "entity_id": 9007199254740993, "short_id": "OTHER", "legal_name": "Other Goods Pty Ltd",
    "term_rates": [{"periods": 12, "annual_rate_percent": "5"}, {"periods": 6, "annual_rate_percent": "0"}],
    "max_transaction": "2000.00", "xero_short_code": "!Oth1"
  }],
  "businesses": [{"entity_id": 9007199254740995, "short_id": "LATEPAY", "legal_name": "Late Payers Ltd"}],
  "accounts": [
    {"agent_id": 5000000000000001, "email": "owner@other.example", "password": "pw-other",
     "first_name": "Olive", "last_name": "Other", "entities": [9007199254740993]},
    {"agent_id": 5000000000000002, "email": "both@other.example", "password": "pw-both",
     "first_name": "Bo", "last_name": "Both", "entities": [9007199254740993, 9007199254740995]},
    {"agent_id": 5000000000000003, "email": "colleague@example.com", "password": "pw-colleague",
     "first_name": "Cole", "last_name": "League", "entities": [13991055489669749]}
  ],
  "series": [{
    "public_id": "ps_late", "supplier_id": 9007199254740993, "business_id": 9007199254740995,
    "identifier": "ORD-77", "principal": "1200.00", "periods": 6, "first_due": "2026-06-15",
    "paid_instalments": 2, "modified_invoice": true,
    "payment_method": {"public_id": "pm_Card99", "description": "Visa ending 0099", "instrument": 1}
  }]
}`

const (
	otherSupplierID = int64(9007199254740993) // 2^53 + 1: a float64 would turn it into 2^53
	lateBusinessID  = int64(9007199254740995)
	otherAgentID    = int64(5000000000000001)
	bothAgentID     = int64(5000000000000002)
	colleagueID     = int64(5000000000000003)
)

func seeded(t testing.TB, opts ...sandbox.Option) *env {
	return newEnv(t, append([]sandbox.Option{sandbox.WithSeed(strings.NewReader(testSeed))}, opts...)...)
}

func codeRequest(email, password string, p gen.Perspective) gen.SecondFactorCodeCreate {
	e := gen.SecondFactorCodeCreate{PlaintextSecret: password, Perspective: &p}
	e.Email = ptr(openapi_types.Email(email))
	return e
}

func ptr[T any](v T) *T { return &v }

func TestLoginIssuesCodeAndSession(t *testing.T) {
	e := newEnv(t)
	acct := e.sb.DefaultAccount()
	r := e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective))
	wantStatus(t, r, http.StatusOK)
	code, ok := e.sb.LastCode(acct.Email)
	if !ok || !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) {
		t.Fatalf("LastCode = %q, %v; want six digits", code, ok)
	}
	if !strings.Contains(e.log.String(), `msg="second-factor code (stands in for the email)" to=demo-supplier@example.com code=`+code) {
		t.Errorf("the log does not carry the code as the email's stand-in:\n%s", e.log)
	}

	r = e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code})
	wantStatus(t, r, http.StatusOK)
	sess := decode[gen.Session](t, r)
	if sess.SessionID <= 0 || sess.Perspective != auth.PerspectiveSupplier || isZero(sess.Lifecycle) || sess.Lifecycle != auth.LongLived {
		t.Errorf("session = %+v; want a positive ID, perspective 1, long-lived by default", sess)
	}
	if key, err := base64.RawURLEncoding.DecodeString(sess.APIKey); err != nil || len(key) != 24 || len(sess.APIKey) != 32 {
		t.Errorf("api key %d chars, want 32 URL-safe base64 characters of 192 bits (%v)", len(sess.APIKey), err)
	}
	if isZero(sess.Agent) || isZero(sess.Agent.AgentID) || *sess.Agent.AgentID != acct.AgentID {
		t.Errorf("session agent = %+v, want %d", sess.Agent, acct.AgentID)
	}

	// The new session works, and the code was single use.
	creds, err := auth.NewCredentials(sess.SessionID, sess.APIKey, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.call(e.signer(creds), "GET", "/instalment-link/list", nil), http.StatusOK)
	r = e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code})
	wantError(t, r, http.StatusUnauthorized, "code is wrong, expired or already used")
	if strings.Contains(e.log.String(), sess.APIKey) || strings.Contains(e.log.String(), acct.Password) {
		t.Error("the log holds the api key or the password")
	}
}

func TestLoginShortLivedSession(t *testing.T) {
	e := newEnv(t, sandbox.WithFixedCode("000042"))
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), http.StatusOK)
	short := auth.ShortLived
	r := e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: 1, Code: "000042", Lifecycle: &short})
	wantStatus(t, r, http.StatusOK)
	if s := decode[gen.Session](t, r); s.Lifecycle != auth.ShortLived {
		t.Errorf("lifecycle %d, want 1", s.Lifecycle)
	}
}

func TestLoginFailures(t *testing.T) {
	e := seeded(t)
	acct := e.sb.DefaultAccount()
	issue := func() string { t.Helper(); return issueCode(t, e, acct) }
	login := e.login

	t.Run("wrong password for a code", func(t *testing.T) {
		wantError(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, "nope", 1)), 401, "wrong email")
	})
	t.Run("unknown email for a code", func(t *testing.T) {
		wantError(t, e.call(nil, "POST", "/second-factor-code", codeRequest("who@example.com", acct.Password, 1)), 401, "wrong email")
	})
	t.Run("perspective the account lacks", func(t *testing.T) {
		wantError(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, auth.PerspectiveBusiness)), 401, "perspective 2")
	})
	t.Run("email and agent_id together", func(t *testing.T) {
		body := codeRequest(acct.Email, acct.Password, 1)
		body.AgentID = ptr("7205759403792794")
		wantError(t, e.call(nil, "POST", "/second-factor-code", body), 400, "exactly one of email or agent_id")
	})
	t.Run("by agent_id", func(t *testing.T) {
		body := gen.SecondFactorCodeCreate{AgentID: ptr("7205759403792794"), PlaintextSecret: acct.Password}
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", body), 200)
		code, _ := e.sb.LastCode(acct.Email)
		wantStatus(t, login(acct.Email, acct.Password, 1, code), 200) // a code without perspective serves any
	})
	t.Run("wrong code", func(t *testing.T) {
		code := issue()
		wrong := "000000"
		if code == wrong {
			wrong = "000001"
		}
		wantError(t, login(acct.Email, acct.Password, 1, wrong), 401, "code")
		wantStatus(t, login(acct.Email, acct.Password, 1, code), 200) // a wrong try does not burn it
	})
	t.Run("wrong password with the right code", func(t *testing.T) {
		code := issue()
		wantError(t, login(acct.Email, "nope", 1, code), 401, "wrong email or password")
	})
	t.Run("expired code", func(t *testing.T) {
		code := issue()
		e.clock.Add(10*time.Minute + time.Second)
		wantError(t, login(acct.Email, acct.Password, 1, code), 401, "expired")
	})
	t.Run("code for another perspective", func(t *testing.T) {
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest("both@other.example", "pw-both", auth.PerspectiveBusiness)), 200)
		code, _ := e.sb.LastCode("both@other.example")
		wantError(t, login("both@other.example", "pw-both", auth.PerspectiveSupplier, code), 401, "code")
		wantStatus(t, login("both@other.example", "pw-both", auth.PerspectiveBusiness, code), 200)
	})
	t.Run("malformed code", func(t *testing.T) {
		wantError(t, login(acct.Email, acct.Password, 1, "12345"), 400, "code: must match")
	})
	if strings.Contains(e.log.String(), "nope") || strings.Contains(e.log.String(), "pw-both") {
		t.Error("a password reached the log")
	}
}

func TestGetAndUpdateSession(t *testing.T) {
	e := seeded(t)
	creds, err := e.sb.NewSession("both@other.example", auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	s := e.signer(creds)
	id := creds.SessionID()

	r := e.call(s, "GET", "/session?session_id="+itoa(id), nil)
	wantStatus(t, r, 200)
	if got := decode[gen.Session](t, r); got.SessionID != id || got.APIKey != creds.APIKey() {
		t.Errorf("GET /session = %+v, want session %d with its key", got, id)
	}
	other := e.supplier()
	wantError(t, e.call(other, "GET", "/session?session_id="+itoa(id), nil), 403, "may only read itself")
	wantError(t, e.call(nil, "GET", "/session?session_id="+itoa(id), nil), 401)

	r = e.call(s, "PUT", "/session", gen.SessionUpdate{PerspectiveID: auth.PerspectiveBusiness})
	wantStatus(t, r, 200)
	if got := decode[gen.Session](t, r); got.Perspective != auth.PerspectiveBusiness {
		t.Errorf("perspective %d after PUT, want 2", got.Perspective)
	}
	// In the business perspective the session may no longer create links.
	wantError(t, e.call(s, "POST", "/instalment-link", newLink(otherSupplierID, "600.00")), 403, "perspective 2")
	wantError(t, e.call(s, "PUT", "/session", gen.SessionUpdate{PerspectiveID: auth.PerspectiveAdministrator}), 403, "perspective 3")
}

// TestLoginWrongCodeLimit: six digits must not be guessable by trying them all. The fifth wrong
// code for an account and perspective invalidates the pending code, so that even the right one
// then fails until a new code is requested.
func TestLoginWrongCodeLimit(t *testing.T) {
	e := seeded(t)
	acct := e.sb.DefaultAccount()
	issue := func() string { t.Helper(); return issueCode(t, e, acct) }
	login := e.login
	wrongFor := func(code string) string {
		if code == "000000" {
			return "000001"
		}
		return "000000"
	}

	t.Run("five wrong codes invalidate the pending code", func(t *testing.T) {
		code := issue()
		for range 4 {
			wantError(t, login(acct.Email, acct.Password, 1, wrongFor(code)), 401, "code is wrong")
		}
		wantError(t, login(acct.Email, acct.Password, 1, wrongFor(code)), 401, "too many wrong second-factor codes", "POST /second-factor-code")
		wantError(t, login(acct.Email, acct.Password, 1, code), 401, "too many wrong second-factor codes", "ask for a new one with POST /second-factor-code")
		wantStatus(t, login(acct.Email, acct.Password, 1, issue()), 200) // a new code works
	})
	t.Run("a new code starts a new count", func(t *testing.T) {
		code := issue()
		for range 4 {
			wantError(t, login(acct.Email, acct.Password, 1, wrongFor(code)), 401, "code is wrong")
		}
		code = issue()
		for range 4 {
			wantError(t, login(acct.Email, acct.Password, 1, wrongFor(code)), 401, "code is wrong")
		}
		wantStatus(t, login(acct.Email, acct.Password, 1, code), 200)
	})
	t.Run("a code for any perspective counts the tries of every perspective", func(t *testing.T) {
		body := gen.SecondFactorCodeCreate{PlaintextSecret: "pw-both", Email: ptr(openapi_types.Email("both@other.example"))}
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", body), 200)
		code, _ := e.sb.LastCode("both@other.example")
		for _, p := range []gen.Perspective{1, 2, 1, 2} {
			wantError(t, login("both@other.example", "pw-both", p, wrongFor(code)), 401, "code is wrong")
		}
		wantError(t, login("both@other.example", "pw-both", 2, wrongFor(code)), 401, "too many wrong")
		wantError(t, login("both@other.example", "pw-both", 1, code), 401, "too many wrong")
	})
	t.Run("wrong passwords do not count", func(t *testing.T) {
		code := issue()
		for range 6 {
			wantError(t, login(acct.Email, "nope", 1, wrongFor(code)), 401, "wrong email or password")
		}
		wantStatus(t, login(acct.Email, acct.Password, 1, code), 200)
	})
}

// TestLoginCodesReproducibleOnlyWithRandSeed: WithRandSeed makes codes reproducible (tests,
// demos); without it they are secrets (crypto/rand, checked in TestCodesComeFromCryptoRand).
func TestLoginCodesReproducibleOnlyWithRandSeed(t *testing.T) {
	codes := func(opts ...sandbox.Option) []string {
		sb, err := sandbox.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		acct := sb.DefaultAccount()
		var out []string
		for range 3 {
			body := mustJSON(t, codeRequest(acct.Email, acct.Password, acct.Perspective))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("POST", "/api/second-factor-code", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			sb.Handler().ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Fatalf("POST /second-factor-code: %d %s", rec.Code, rec.Body)
			}
			code, _ := sb.LastCode(acct.Email)
			out = append(out, code)
		}
		return out
	}
	if a, b := codes(sandbox.WithRandSeed(42)), codes(sandbox.WithRandSeed(42)); !slices.Equal(a, b) {
		t.Errorf("WithRandSeed(42) gave codes %v, then %v; want them reproducible", a, b)
	}
}

// issueCode has the sandbox "email" acct a second-factor code and returns it, as the account
// holder would read it.
func issueCode(t *testing.T, e *env, acct sandbox.Account) string {
	t.Helper()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), http.StatusOK)
	c, _ := e.sb.LastCode(acct.Email)
	return c
}

// login sends POST /session with these credentials, unauthenticated.
func (e *env) login(email, password string, p gen.Perspective, code string) resp {
	return e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(email), Secret: password, Perspective: p, Code: code})
}
