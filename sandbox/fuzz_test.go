package sandbox_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// FuzzRequestDecoding sends the sandbox requests whose path, query, content type and body are
// arbitrary, signed for a real session, and checks what held against 165 malformed requests and
// must keep holding: no 5xx, and every answer under /api is JSON, an error always Procuret's error
// body echoing its status. `make fuzz` runs it for FUZZTIME (default 1 minute), as every target.
func FuzzRequestDecoding(f *testing.F) {
	good := `{"supplier_id": 13991055489669749, "invoice_amount": "600.00", "invitee_email": "c@example.com", "invoice_identifier": "INV-1", "communicate": false}`
	for _, s := range []struct{ method, path, query, ctype, body string }{
		{"POST", "/instalment-link", "", "application/json", good},
		{"POST", "/instalment-link", "", "application/json", good + good},
		{"POST", "/instalment-link", "", "application/json; charset=utf-16", good},
		{"POST", "/instalment-link", "", "application/json", `{"supplier_id": 1, "supplier_id": 2}`},
		{"POST", "/instalment-link", "", "application/json", "{\"invoice_identifier\": \"a\xff\"}"},
		{"POST", "/instalment-link/open", "", "application/json", `{"link_id": "il_x\u0000"}`},
		{"POST", "/session", "", "application/json", `{"email": "a@b.c", "secret": "s", "perspective": 1, "code": "123456"}`},
		{"POST", "/second-factor-code", "", "application/json", `[[[[[[[[`},
		{"GET", "/instalment-link/list", "limit=%zz", "", ""},
		{"GET", "/credit/prospective-payment", "supplier_id=13991055489669749&principle=1e999&periods=12&cycle=1", "", ""},
		{"GET", "/payment/series/list", "fragment=%1B&min_overdue_days=-1", "", ""},
		{"GET", "//instalment-link/list", "", "", ""},
		{"PUT", "/session", "", "application/json", `{"perspective_id": 3}`},
		{"DELETE", "/../session", "", "", ""},
	} {
		f.Add(s.method, s.path, s.query, s.ctype, []byte(s.body))
	}
	now := time.Date(2026, 11, 27, 3, 14, 15, 0, time.UTC)
	sb, err := sandbox.New(sandbox.WithClock(func() time.Time { return now }), sandbox.WithRandSeed(1))
	if err != nil {
		f.Fatal(err)
	}
	creds, err := sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived)
	if err != nil {
		f.Fatal(err)
	}
	signer := auth.NewSigner(creds, auth.WithClock(func() time.Time { return now }))
	h := sb.Handler()
	methods := map[string]bool{"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true}
	f.Fuzz(func(t *testing.T, method, path, query, ctype string, body []byte) {
		if !methods[method] {
			method = "POST"
		}
		// The path goes after /api as it is, so "//instalment-link/list" reaches the handler as
		// /api//instalment-link/list: a non-canonical path must answer JSON too.
		target := "/api/" + strings.TrimPrefix(path, "/")
		if query != "" {
			target += "?" + query
		}
		req, err := newFuzzRequest(method, target, body)
		if err != nil {
			return // not a request line a client could send
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if err := signer.Sign(req); err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, target, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("%s %s: %d with Content-Type %q", method, target, rec.Code, ct)
		}
		if rec.Code >= 400 {
			var e gen.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.ResponseCode != rec.Code || e.ErrorInformation == "" {
				t.Fatalf("%s %s: %d without Procuret's error body: %s", method, target, rec.Code, rec.Body)
			}
		}
	})
}

func newFuzzRequest(method, target string, body []byte) (*http.Request, error) {
	return http.NewRequest(method, "http://127.0.0.1:8080"+target, bytes.NewReader(body))
}
