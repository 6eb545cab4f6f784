package auth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
)

const testKey = "K3y-SUPER-SECRET-do-not-print"

func mustCreds(t testing.TB, id int64, key string, lc auth.Lifecycle, opts ...auth.CredentialOption) auth.Credentials {
	t.Helper()
	c, err := auth.NewCredentials(id, key, lc, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fixedClock(unix int64) auth.SignerOption {
	return auth.WithClock(func() time.Time { return time.Unix(unix, 0) })
}

func newRequest(t testing.TB, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// authHeaders returns the request's Procuret headers; a missing header is "".
func authHeaders(req *http.Request) (session, sig, key, agent string) {
	h := req.Header
	return h.Get("x-procuret-session-id"), h.Get("x-procuret-signature"),
		h.Get("x-procuret-api-key"), h.Get("x-procuret-forwarded-agent")
}

func TestSignVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		c := mustCreds(t, 36284293055983192, v.APIKey, auth.LongLived)
		// Any instant within the second signs the same window.
		for _, nanos := range []int64{0, 999_999_999} {
			s := auth.NewSigner(c, auth.WithClock(func() time.Time { return time.Unix(v.UnixTime, nanos) }))
			req := newRequest(t, "https://procuret.com/api"+v.Path)
			if err := s.Sign(req); err != nil {
				t.Fatal(err)
			}
			session, sig, key, agent := authHeaders(req)
			if sig != v.Signature || session != "36284293055983192" || key != "" || agent != "" {
				t.Errorf("vector %q at %d.%09d: headers session=%q sig=%q key=%q agent=%q, want sig %q",
					v.Path, v.UnixTime, nanos, session, sig, key, agent, v.Signature)
			}
		}
	}
}

func TestSignLongLived(t *testing.T) {
	c := mustCreds(t, 123, testKey, auth.LongLived)
	req := newRequest(t, "https://procuret.com/api/instalment-link")
	if err := auth.NewSigner(c, fixedClock(1764251000)).Sign(req); err != nil {
		t.Fatal(err)
	}
	session, sig, key, agent := authHeaders(req)
	if session != "123" {
		t.Errorf("session id header = %q, want 123", session)
	}
	if want := auth.Signature(testKey, 1764251000, "/instalment-link"); sig != want {
		t.Errorf("signature = %q, want %q", sig, want)
	}
	if key != "" || agent != "" {
		t.Errorf("api key %q / agent %q set on a long-lived request", key, agent)
	}
	if len(req.Header) != 2 {
		t.Errorf("headers = %v, want only session id and signature", req.Header)
	}
}

func TestSignShortLived(t *testing.T) {
	c := mustCreds(t, 77, testKey, auth.ShortLived)
	req := newRequest(t, "https://elsewhere.example/anything?x=1")
	if err := auth.NewSigner(c).Sign(req); err != nil {
		t.Fatal(err)
	}
	session, sig, key, agent := authHeaders(req)
	if session != "77" || key != testKey || sig != "" || agent != "" {
		t.Errorf("headers session=%q sig=%q key=%q agent=%q, want session 77 and the key only", session, sig, key, agent)
	}
}

func TestSignAgent(t *testing.T) {
	for _, lc := range []auth.Lifecycle{auth.ShortLived, auth.LongLived} {
		c := mustCreds(t, 1, testKey, lc, auth.ActingFor(13991055489669749))
		req := newRequest(t, "https://procuret.com/api/entity")
		if err := auth.NewSigner(c).Sign(req); err != nil {
			t.Fatal(err)
		}
		if _, _, _, agent := authHeaders(req); agent != "13991055489669749" {
			t.Errorf("%v: forwarded agent = %q, want 13991055489669749", lc, agent)
		}
	}
}

func TestSignPath(t *testing.T) {
	const now = 1718000100
	for _, tc := range []struct {
		name, basePath, url, signedPath string
	}{
		{"query not signed", "/api", "https://procuret.com/api/instalment-link/list?limit=20&order=descending", "/instalment-link/list"},
		{"escaped path", "/api", "https://procuret.com/api/a%20b", "/a%20b"},
		{"raw path kept", "/api", "https://procuret.com/api/x%2Fy", "/x%2Fy"},
		{"api root", "/api", "https://procuret.com/api", ""},
		{"api root slash", "/api", "https://procuret.com/api/", "/"},
		{"empty base path", "", "https://sandbox.local/instalment-link?limit=1", "/instalment-link"},
		{"base path normalised", "api/", "https://procuret.com/api/session", "/session"},
		{"root base path", "/", "https://sandbox.local/session", "/session"},
		{"deeper base path", "/v1/api", "http://localhost:8080/v1/api/session", "/session"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCreds(t, 5, testKey, auth.LongLived)
			req := newRequest(t, tc.url)
			if err := auth.NewSigner(c, auth.WithBasePath(tc.basePath), fixedClock(now)).Sign(req); err != nil {
				t.Fatal(err)
			}
			if _, sig, _, _ := authHeaders(req); sig != auth.Signature(testKey, now, tc.signedPath) {
				t.Errorf("signature does not sign path %q", tc.signedPath)
			}
		})
	}
}

func TestSignOutsideBasePath(t *testing.T) {
	c := mustCreds(t, 5, testKey, auth.LongLived)
	for _, url := range []string{
		"https://procuret.com/v2/session",
		"https://procuret.com/apix/session",
		"https://procuret.com/",
	} {
		req := newRequest(t, url)
		req.Header.Set("X-Procuret-Signature", "old")
		err := auth.NewSigner(c).Sign(req)
		if !errors.Is(err, auth.ErrOutsideBasePath) {
			t.Fatalf("%s: err = %v, want ErrOutsideBasePath", url, err)
		}
		if msg := err.Error(); !strings.Contains(msg, `"/api"`) || !strings.Contains(msg, "WithBasePath") || strings.Contains(msg, testKey) {
			t.Errorf("%s: unhelpful or leaking error %q", url, msg)
		}
		if req.Header.Get("X-Procuret-Signature") != "old" || len(req.Header) != 1 {
			t.Errorf("%s: failed Sign changed the headers: %v", url, req.Header)
		}
	}
}

func TestSignZeroCredentials(t *testing.T) {
	err := auth.NewSigner(auth.Credentials{}).Sign(newRequest(t, "https://procuret.com/api/session"))
	if !errors.Is(err, auth.ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
}

func TestSignNilHeader(t *testing.T) {
	req := newRequest(t, "https://procuret.com/api/session")
	req.Header = nil
	if err := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived)).Sign(req); err != nil {
		t.Fatal(err)
	}
	if session, sig, _, _ := authHeaders(req); session != "5" || sig == "" {
		t.Errorf("headers = %v", req.Header)
	}
}

func TestSignReplacesPreviousHeaders(t *testing.T) {
	req := newRequest(t, "https://procuret.com/api/session")
	// What a previous attempt, signed with other credentials, left behind.
	req.Header.Set("x-procuret-session-id", "999")
	req.Header.Set("x-procuret-signature", "stale")
	req.Header.Add("x-procuret-signature", "stale2")
	req.Header.Set("x-procuret-api-key", "stale-key")
	req.Header.Set("x-procuret-forwarded-agent", "888")
	req.Header.Set("Accept", "application/json")

	clock := int64(1718000100)
	s := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived), auth.WithClock(func() time.Time { return time.Unix(clock, 0) }))
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"X-Procuret-Session-Id": {"5"},
		"X-Procuret-Signature":  {auth.Signature(testKey, clock, "/session")},
		"Accept":                {"application/json"},
	}
	assertHeaders(t, req.Header, want)

	// A retry in the next window is signed again with the new time.
	clock += 900
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	want["X-Procuret-Signature"] = []string{auth.Signature(testKey, clock, "/session")}
	assertHeaders(t, req.Header, want)
}

func assertHeaders(t *testing.T, got http.Header, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("headers = %v, want %v", got, want)
		return
	}
	for k, v := range want {
		if g := got[k]; len(g) != len(v) || (len(v) > 0 && g[0] != v[0]) {
			t.Errorf("header %s = %q, want %q", k, g, v)
		}
	}
}

func TestSignHeaderValuesIndependent(t *testing.T) {
	req := newRequest(t, "https://procuret.com/api/session")
	c := mustCreds(t, 5, testKey, auth.LongLived, auth.ActingFor(6))
	if err := auth.NewSigner(c).Sign(req); err != nil {
		t.Fatal(err)
	}
	sig := req.Header.Get("X-Procuret-Signature")
	req.Header.Add("X-Procuret-Session-Id", "extra")
	if req.Header.Get("X-Procuret-Signature") != sig || req.Header.Get("X-Procuret-Forwarded-Agent") != "6" {
		t.Fatalf("Header.Add on one header changed another: %v", req.Header)
	}
}

func TestClockOffset(t *testing.T) {
	const now = 1718000100 + 800 // 100 s before the next window
	s := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived), fixedClock(now))
	if s.ClockOffset() != 0 {
		t.Fatalf("initial offset = %v", s.ClockOffset())
	}
	sign := func() string {
		req := newRequest(t, "https://procuret.com/api/session")
		if err := s.Sign(req); err != nil {
			t.Fatal(err)
		}
		return req.Header.Get("X-Procuret-Signature")
	}
	if got := sign(); got != auth.Signature(testKey, now, "/session") {
		t.Fatal("signature without offset does not use the clock")
	}
	s.SetClockOffset(150 * time.Second)
	if s.ClockOffset() != 150*time.Second {
		t.Fatalf("ClockOffset = %v", s.ClockOffset())
	}
	if got := sign(); got != auth.Signature(testKey, now+900, "/session") {
		t.Error("a +150 s offset did not move the signature into the next window")
	}
	s.SetClockOffset(-801 * time.Second)
	if got := sign(); got != auth.Signature(testKey, now-900, "/session") {
		t.Error("a -801 s offset did not move the signature into the previous window")
	}
}

func TestDefaultClockIsNow(t *testing.T) {
	s := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived))
	req := newRequest(t, "https://procuret.com/api/session")
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	if !auth.Verify(testKey, "/session", req.Header.Get("X-Procuret-Signature"), time.Now()) {
		t.Error("signature made with the default clock does not verify now")
	}
}

// requestEditorFn has the shape of oapi-codegen's generated RequestEditorFn.
type requestEditorFn func(ctx context.Context, req *http.Request) error

func TestRequestEditor(t *testing.T) {
	var fn requestEditorFn = auth.NewSigner(mustCreds(t, 5, testKey, auth.ShortLived)).RequestEditor()
	req := newRequest(t, "https://procuret.com/api/session")
	if err := fn(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if _, _, key, _ := authHeaders(req); key != testKey {
		t.Errorf("RequestEditor did not sign: %v", req.Header)
	}
}

func TestSignConcurrent(t *testing.T) {
	s := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived), fixedClock(1718000100))
	want := auth.Signature(testKey, 1718000100, "/instalment-link/list")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 200 {
				if i%50 == 0 {
					s.SetClockOffset(0)
				}
				req, _ := http.NewRequest(http.MethodGet, "https://procuret.com/api/instalment-link/list", nil)
				if err := s.Sign(req); err != nil {
					t.Error(err)
					return
				}
				if got := req.Header.Get("X-Procuret-Signature"); got != want {
					t.Errorf("concurrent signature %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestSignAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	s := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived, auth.ActingFor(9)), fixedClock(1718000100))
	req := newRequest(t, "https://procuret.com/api/instalment-link/list?limit=20")
	s.Sign(req) // warm the pool
	if n := testing.AllocsPerRun(1000, func() { s.Sign(req) }); n > 4 {
		t.Errorf("Sign allocates %v times per call, want at most 4", n)
	}
}

func BenchmarkSign(b *testing.B) {
	c := mustCreds(b, 36284293055983192, "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ", auth.LongLived, auth.ActingFor(13991055489669749))
	s := auth.NewSigner(c)
	req := newRequest(b, "https://procuret.com/api/instalment-link/list?limit=20&offset=0")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Sign(req); err != nil {
			b.Fatal(err)
		}
	}
}

// A retry may be signed by another Signer (say after logging in again with a
// short-lived session); nothing of the first signing may survive.
func TestSignSwitchingCredentials(t *testing.T) {
	long := auth.NewSigner(mustCreds(t, 5, testKey, auth.LongLived, auth.ActingFor(6)))
	short := auth.NewSigner(mustCreds(t, 7, "short-key", auth.ShortLived))
	req := newRequest(t, "https://procuret.com/api/session")

	if err := long.Sign(req); err != nil {
		t.Fatal(err)
	}
	if err := short.Sign(req); err != nil {
		t.Fatal(err)
	}
	assertHeaders(t, req.Header, map[string][]string{"X-Procuret-Session-Id": {"7"}, "X-Procuret-Api-Key": {"short-key"}})

	if err := long.Sign(req); err != nil {
		t.Fatal(err)
	}
	if _, _, key, agent := authHeaders(req); key != "" || agent != "6" {
		t.Errorf("after re-signing long-lived: api key %q (want none), agent %q (want 6)", key, agent)
	}
}
