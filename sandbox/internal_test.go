package sandbox

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
	"github.com/procuret/procuret-go/types"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestPaymentFormula(t *testing.T) {
	for _, c := range []struct {
		principal string
		periods   int
		rate      string
		cycle     gen.Cycle
		want      string
	}{
		{"1000", 3, "0", gen.CycleAdvance, "333.33"},
		{"1000", 12, "7.9", gen.CycleAdvance, "86.37"},
		{"1000", 12, "7.9", gen.CycleArrears, "86.94"},
		{"99999.99", 24, "9.9", gen.CycleAdvance, "4572.16"},
		{"500", 1, "12", gen.CycleAdvance, "500"},       // one payment in advance: no interest accrues
		{"500", 1, "12", gen.CycleArrears, "505"},       // one month in arrears: 1 % interest
		{"0.05", 2, "0", gen.CycleAdvance, "0.03"},      // 0.025 rounds half up
		{"1000", 120, "9.9", gen.CycleAdvance, "13.05"}, // 13.0520…
	} {
		got := payment(d(c.principal), c.periods, d(c.rate), c.cycle, 2)
		if !got.Equal(d(c.want)) {
			t.Errorf("payment(%s, %d, %s%%, cycle %d) = %s, want %s", c.principal, c.periods, c.rate, c.cycle, got, c.want)
		}
	}
}

func TestScheduleRepaysExactly(t *testing.T) {
	first := types.NewDate(2026, time.January, 31)
	for _, cycle := range []gen.Cycle{gen.CycleAdvance, gen.CycleArrears} {
		for _, rate := range []string{"0", "4.9", "19.99"} {
			lines := schedule(d("12345.67"), 24, d(rate), cycle, 2, first)
			sum := decimal.Zero
			for _, l := range lines {
				sum = sum.Add(l.principal)
				if decimalPlaces(l.nominal) > 2 || decimalPlaces(l.interest) > 2 || l.principal.IsNegative() {
					t.Errorf("rate %s line %d: %+v", rate, l.sequence, l)
				}
			}
			if !sum.Equal(d("12345.67")) || !lines[23].closing.IsZero() {
				t.Errorf("cycle %d rate %s: principal repaid %s, closing %s", cycle, rate, sum, lines[23].closing)
			}
			if got := lines[1].due; !got.Equal(types.NewDate(2026, time.February, 28)) {
				t.Errorf("second instalment due %s, want the end of February", got)
			}
		}
	}
}

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"}, {"2028-01-31", 1, "2028-02-29"}, {"2026-03-31", -1, "2026-02-28"},
		{"2026-11-27", -3, "2026-08-27"}, {"2026-11-30", 3, "2027-02-28"}, {"2026-01-15", -13, "2024-12-15"},
	} {
		if got := addMonths(types.MustParseDate(c.from), c.n); got.String() != c.want {
			t.Errorf("addMonths(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

// bindSpy records the parameters the generated server bound, to check the custom types in
// query strings (decimal.Decimal with explode: false, types.Time through its Bind method).
type bindSpy struct {
	*handlers
	quote  gen.GetProspectivePaymentParams
	series gen.ListPaymentSeriesParams
}

func (b *bindSpy) GetProspectivePayment(_ context.Context, req sandboxgen.GetProspectivePaymentRequestObject) (sandboxgen.GetProspectivePaymentResponseObject, error) {
	b.quote = req.Params
	return sandboxgen.GetProspectivePayment200JSONResponse{}, nil
}

func (b *bindSpy) ListPaymentSeries(_ context.Context, req sandboxgen.ListPaymentSeriesRequestObject) (sandboxgen.ListPaymentSeriesResponseObject, error) {
	b.series = req.Params
	return sandboxgen.ListPaymentSeries200JSONResponse{}, nil
}

func TestGeneratedServerBindsCustomTypes(t *testing.T) {
	spy := &bindSpy{}
	h := sandboxgen.HandlerWithOptions(sandboxgen.NewStrictHandler(spy, nil), sandboxgen.StdHTTPServerOptions{BaseURL: "/api"})
	get := func(url string) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", url, rec.Code, rec.Body)
		}
	}
	get("/api/credit/prospective-payment?supplier_id=13991055489669749&principle=1234.50&periods=12&cycle=1&denomination=2")
	q := spy.quote
	if !q.Principle.Equal(d("1234.5")) || q.SupplierID != 13991055489669749 || q.Periods != 12 || *q.Denomination != types.DenominationNZD {
		t.Errorf("bound %+v", q)
	}
	want := types.NewTime(time.Date(2026, 12, 1, 0, 0, 0, 1000, time.UTC))
	// As a client sends it (%20, %3A) and as kin re-encodes it after setting defaults (+).
	for _, enc := range []string{"2026-12-01%2000:00:00.000001", "2026-12-01+00%3A00%3A00.000001"} {
		get("/api/payment/series/list?instalment_due_before=" + enc + "&instalment_due_at_or_after=" + enc)
		if s := spy.series; s.InstalmentDueBefore == nil || !s.InstalmentDueBefore.Equal(want) || !s.InstalmentDueAtOrAfter.Equal(want) {
			t.Errorf("%s bound %v and %v, want %v", enc, s.InstalmentDueBefore, s.InstalmentDueAtOrAfter, want)
		}
	}
}

func TestPanicAnswers500(t *testing.T) {
	var logs bytes.Buffer
	s := &Sandbox{log: slog.New(slog.NewTextHandler(&logs, nil)), clock: time.Now}
	h := s.withLogAndRecover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/entity", nil))
	if rec.Code != 500 || rec.Body.String() != `{"error-information":"Internal server error","response-code":500}`+"\n" {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "handler panic") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("log:\n%s", logs.String())
	}
}

func TestDescribeValidationIsOneLine(t *testing.T) {
	v, err := newValidator()
	if err != nil {
		t.Fatal(err)
	}
	s := &Sandbox{val: v, log: slog.New(slog.DiscardHandler), clock: time.Now}
	h := s.withValidation(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	for url, want := range map[string]string{
		"/api/payment/series/list?payment_mechanism=9":               "payment_mechanism: must be one of 1, 2, 3, 4 (got 9)",
		"/api/payment/series/list?fragment=":                         "fragment:",
		"/api/payment/series/list?min_overdue_days=-1":               "min_overdue_days: must be at least 0 (got -1)",
		"/api/instalment-link?public_id=has%20space":                 "public_id: must match ^[A-Za-z0-9_-]+$",
		"/api/credit/prospective-payment/list?supplier_id=1&cycle=1": "principal_magnitude: required query parameter is missing",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
		body := rec.Body.String()
		if rec.Code != 400 || !strings.Contains(body, want) || strings.Count(body, "\n") != 1 {
			t.Errorf("%s: %d %s, want %q", url, rec.Code, body, want)
		}
	}
}

// TestCodesComeFromCryptoRand: second-factor codes are secrets. Without WithRandSeed they must
// not come from the seeded generator that draws public IDs (which would make them predictable
// from its state); with it, they do, so that tests and demos are reproducible.
func TestCodesComeFromCryptoRand(t *testing.T) {
	issue := func(s *Sandbox) string {
		t.Helper()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/second-factor-code", strings.NewReader(
			`{"email": "`+DefaultSupplierEmail+`", "plaintext_secret": "`+DefaultSupplierPassword+`", "perspective": 1}`))
		req.Header.Set("Content-Type", "application/json")
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("POST /second-factor-code: %d %s", rec.Code, rec.Body)
		}
		code, _ := s.LastCode(DefaultSupplierEmail)
		if !isSixDigits(code) {
			t.Fatalf("code %q, want six digits", code)
		}
		return code
	}

	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	s.rnd = newPublicRand(7)
	for range 3 {
		issue(s)
	}
	// Whether a code was drawn from s.rnd shows in the generator's next output.
	if s.rnd.publicID("", 12) != newPublicRand(7).publicID("", 12) {
		t.Error("without WithRandSeed, issuing codes drew from the seeded generator")
	}

	seeded, err := New(WithRandSeed(7))
	if err != nil {
		t.Fatal(err)
	}
	idle, err := New(WithRandSeed(7))
	if err != nil {
		t.Fatal(err)
	}
	issue(seeded)
	if seeded.rnd.publicID("", 12) == idle.rnd.publicID("", 12) {
		t.Error("with WithRandSeed, the code did not come from the seeded generator")
	}

	for range 200 {
		if c := secretCode(); !isSixDigits(c) {
			t.Fatalf("secretCode() = %q, want six digits", c)
		}
	}
}

// TestSecretBodies: the operations whose messages quote no body value are exactly the login
// steps, found from the contract's secret fields.
func TestSecretBodies(t *testing.T) {
	v, err := newValidator()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for path, item := range v.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if v.secretBodies[op] {
				got = append(got, method+" "+path)
			}
		}
	}
	slices.Sort(got)
	if want := []string{"POST /second-factor-code", "POST /session"}; !slices.Equal(got, want) {
		t.Errorf("operations with secret bodies: %v, want %v", got, want)
	}
}

// TestSleepCtx checks the default latency wait on synctest's fake clock: deterministic, no
// wall-clock bound.
func TestSleepCtx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := sleepCtx(t.Context(), 30*time.Millisecond); err != nil {
			t.Errorf("sleepCtx = %v, want nil", err)
		}
		if d := time.Since(start); d != 30*time.Millisecond { // the bubble's clock: exact
			t.Errorf("sleepCtx waited %v on the fake clock, want 30ms", d)
		}
		if err := sleepCtx(t.Context(), 0); err != nil {
			t.Errorf("sleepCtx(0) = %v, want nil", err)
		}

		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- sleepCtx(ctx, time.Hour) }()
		synctest.Wait() // the goroutine is blocked in the wait
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("sleepCtx cancelled mid-wait = %v, want context.Canceled", err)
		}
		if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("sleepCtx(done ctx) = %v, want context.Canceled", err)
		}
	})
}

// entityRecordSlow is canSeeEntityRecord's rule read the slow way, entity by entity: one's
// own entity, or a party to a series or a pending plan one can see.
func entityRecordSlow(st *store, p *principal, id int64) bool {
	if st.canSeeEntity(p, id) {
		return true
	}
	for _, s := range st.series {
		if (s.supplier.id == id || s.business.id == id) && st.canSeeSeries(p, s) {
			return true
		}
	}
	for _, pl := range st.ledger.pending {
		if (pl.supplier.id == id || pl.business.id == id) && st.canSeePending(p, pl) {
			return true
		}
	}
	return false
}

// canSeeEntityRecord (entityRecords: one pass over the series and pending plans per request)
// says what the rule read entity by entity says, for every entity and every principal: each
// account in each of its perspectives, acting as itself or for every other agent, an
// administrator, and nobody.
func TestEntityRecordsIsCanSeeEntityRecord(t *testing.T) {
	sb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	st := sb.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if len(st.series) == 0 || len(st.ledger.pending) == 0 {
		t.Fatalf("the default data has %d series and %d pending plans; the test needs both", len(st.series), len(st.ledger.pending))
	}
	principals := []*principal{nil, {perspective: auth.PerspectiveAdministrator, own: 1, agent: 1}}
	for own, a := range st.accounts {
		for _, persp := range a.perspectives {
			for agent := range st.accounts {
				principals = append(principals, &principal{perspective: persp, own: own, agent: agent})
			}
		}
	}
	checked, seen := 0, 0
	for _, p := range principals {
		visible := st.entityRecords(p)
		for id := range st.entities {
			want := entityRecordSlow(st, p, id)
			if got := visible(id); got != want { // canSeeEntityRecord is visible(id) too
				t.Errorf("principal %+v, entity %d: entityRecords says %v, the rule %v", p, id, got, want)
			}
			checked++
			if want {
				seen++
			}
		}
	}
	if seen == 0 || seen == checked {
		t.Errorf("%d of %d pairs visible: the cases do not tell the two apart", seen, checked)
	}
}
