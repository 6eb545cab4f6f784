package procuret

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/redact"
)

func TestErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		status  int
		example string
		kind    ErrorKind
	}{
		{400, "BadRequest", ErrBadRequest},
		{401, "NotAuthenticated", ErrNotAuthenticated},
		{402, "Error", ErrSubscription},
		{403, "NotAuthorised", ErrNotAuthorised},
		{404, "NotFound", ErrNotFound},
		{413, "Error", ErrContentTooLarge},
		{422, "Unprocessable", ErrUnprocessable},
		{429, "RateLimited", ErrRateLimited},
		{500, "ServerError", ErrServerError},
		{502, "Error", ErrServiceDisruption},
		{503, "ServiceDisruption", ErrServiceDisruption},
		{504, "Error", ErrServiceDisruption},
		{409, "Error", ErrUnexpectedStatus},
		{418, "Error", ErrUnexpectedStatus},
		{301, "Error", ErrUnexpectedStatus},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			c, mux, _ := setup(t, WithMaxRetries(0))
			body := specErrorExample(t, tc.example)
			mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Date"] = nil // no clock-skew retry after the 401
				serveJSON(w, tc.status, body)
			})
			ent, err := c.GetEntity(context.Background(), 13991055489669749)
			if ent != nil {
				t.Errorf("entity = %v, want nil", ent)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			var want struct {
				Info string `json:"error-information"`
			}
			json.Unmarshal(body, &want)
			if e.StatusCode != tc.status || e.Kind != tc.kind || e.Message != want.Info || e.Operation != "get entity" ||
				e.Attempts != 1 || e.Excerpt != "" {
				t.Errorf("err = %#v", e)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("errors.Is(err, %v) = false", tc.kind)
			}
			for k := ErrBadRequest; k <= ErrUnexpectedBody; k++ {
				if k != tc.kind && errors.Is(err, k) {
					t.Errorf("errors.Is(err, %v) = true", k)
				}
			}
			if errors.Is(err, ErrInvalidInput) {
				t.Errorf("an API error matches ErrInvalidInput")
			}
			if want := fmt.Sprintf("procuret: get entity: %s (%d): %s", tc.kind.String(), tc.status, want.Info); err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

func TestErrorBodies(t *testing.T) {
	longHTML := "<html><body>" + strings.Repeat("Bad gateway. ", 100) + "</body></html>"
	for _, tc := range []struct {
		name, body, contentType string
		message, excerpt        string
		text                    string
	}{
		{"html", "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>", "text/html", "",
			"<html> <head><title>502 Bad Gateway</title></head> </html>",
			`procuret: get entity: service disruption (502); body: "<html> <head><title>502 Bad Gateway</title></head> </html>"`},
		{"empty", "", "", "", "", "procuret: get entity: service disruption (502)"},
		{"json without error-information", `{"message":"upstream timeout"}`, "application/json", "", `{"message":"upstream timeout"}`, ""},
		{"only error-information", `{"error-information":"Bad gateway"}`, "application/json", "Bad gateway", "", "procuret: get entity: service disruption (502): Bad gateway"},
		{"error-information not a string", `{"error-information":42,"response-code":502}`, "application/json", "", `{"error-information":42,"response-code":502}`, ""},
		{"json array", `[1,2]`, "application/json", "", "[1,2]", ""},
		{"truncated json", `{"error-information":"Bad`, "application/json", "", `{"error-information":"Bad`, ""},
		{"control characters", "line one\r\nX-Forged: yes\x00\x1b[31m", "text/plain", "", "line one X-Forged: yes [31m", ""},
		{"invalid UTF-8", "bad \xff\xfe bytes", "text/plain", "", "bad \uFFFD bytes", ""},
		{"long", longHTML, "text/html", "", longHTML[:200] + "…", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mux, _ := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(502)
				io.WriteString(w, tc.body)
			})
			_, err := c.GetEntity(context.Background(), 13991055489669749)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrServiceDisruption) || e.StatusCode != 502 {
				t.Fatalf("err = %#v, want a 502 *Error", err)
			}
			if e.Message != tc.message || e.Excerpt != tc.excerpt {
				t.Errorf("Message = %q, Excerpt = %q\nwant      %q,           %q", e.Message, e.Excerpt, tc.message, tc.excerpt)
			}
			if len(e.Excerpt) > 200+len("…") || !utf8.ValidString(e.Excerpt) {
				t.Errorf("Excerpt is %d bytes or not UTF-8", len(e.Excerpt))
			}
			if tc.text != "" && err.Error() != tc.text {
				t.Errorf("Error() = %q\n      want %q", err, tc.text)
			}
		})
	}
}

func TestErrorRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"7", 7 * time.Second},
		{testNow.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{testNow.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
		{"", 0},
	} {
		c, mux, _ := setup(t)
		mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
			if tc.header != "" {
				w.Header().Set("Retry-After", tc.header)
			}
			serveJSON(w, 429, specErrorExample(t, "RateLimited"))
		})
		_, err := c.GetEntity(context.Background(), 1)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrRateLimited) || e.RetryAfter != tc.want {
			t.Errorf("Retry-After %q: err = %#v, want RetryAfter %v", tc.header, err, tc.want)
		}
	}
}

func TestErrorNeverQuotesSecrets(t *testing.T) {
	const password, code = "correct horse battery staple", "123456"
	c, mux, _ := setupAnon(t)
	mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 401, []byte(`{"error-information":"wrong secret 'correct horse battery staple' or code 123456","response-code":401}`))
	})
	mux.HandleFunc("/second-factor-code", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, "<p>bad request with plaintext_secret=correct horse battery staple</p>")
	})
	_, err := c.CreateSession(context.Background(), LoginParams{Email: "a@example.com", Password: password, Perspective: PerspectiveSupplier, Code: code})
	if !errors.Is(err, ErrNotAuthenticated) {
		t.Fatalf("err = %v", err)
	}
	if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, password) || strings.Contains(s, code) {
		t.Errorf("the error quotes a secret: %s", s)
	}
	if want := "procuret: create session: not authenticated (401): wrong secret '[REDACTED]' or code [REDACTED]"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	err = c.RequestSecondFactorCode(context.Background(), SecondFactorParams{Email: "a@example.com", Password: password})
	var e *Error
	// A call that carried a password quotes nothing of a non-JSON body (an
	// escaped echo would slip past replacement): see TestEscapedPasswordNotQuoted.
	if !errors.As(err, &e) || strings.Contains(err.Error(), password) || !strings.Contains(e.Excerpt, "not shown") {
		t.Errorf("err = %#v, want the excerpt withheld", err)
	}
}

func TestErrorNeverQuotesAPIKey(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 401, []byte(`{"error-information":"unknown key `+testAPIKey+`"}`))
	})
	_, err := c.GetEntity(context.Background(), 1)
	if err == nil || strings.Contains(err.Error(), testAPIKey) {
		t.Errorf("err = %v", err)
	}
}

func TestUnexpectedBody(t *testing.T) {
	for _, tc := range []struct {
		name, body, message string
		cause               bool
	}{
		{"wrong type", `{"supplier_id":"13991055489669749"}`, "cannot decode: json: cannot unmarshal string into Go struct field", true},
		{"html", `<html>oops</html>`, "cannot decode: invalid character '<'", true},
		{"empty", ``, "cannot decode: unexpected end of JSON input", true},
		{"null", `null`, "the body is null", false},
		{"trailing garbage", `{} {}`, "cannot decode", true},
		{"bad decimal", `{"payment":"12,50","periods":12,"cycle":1,"supplier_id":1,"currency":{"indexid":1,"name":"","iso_4217":"","exponent":2,"symbol":""}}`, "cannot decode", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(tc.body))))
			if err != nil {
				t.Fatal(err)
			}
			q, err := c.Quote(context.Background(), QuoteParams{SupplierID: 1, Principal: decimalOf("1000"), Periods: 12})
			var e *Error
			if q != nil || !errors.As(err, &e) || !errors.Is(err, ErrUnexpectedBody) {
				t.Fatalf("Quote = %v, %v; want ErrUnexpectedBody", q, err)
			}
			if e.StatusCode != 200 || e.Operation != "get prospective payment" || !strings.Contains(e.Message, tc.message) {
				t.Errorf("err = %#v, want status 200 and message %q", e, tc.message)
			}
			if e.Excerpt != clean(tc.body, maxExcerpt, nil) {
				t.Errorf("Excerpt = %q, want the body", e.Excerpt)
			}
			if got := errors.Unwrap(err) != nil; got != tc.cause {
				t.Errorf("Unwrap() != nil is %v, want %v", got, tc.cause)
			}
			if !strings.HasPrefix(err.Error(), "procuret: get prospective payment: unexpected response body (200): ") {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestNullList(t *testing.T) {
	c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte("null"))))
	if err != nil {
		t.Fatal(err)
	}
	qs, err := c.QuoteAll(context.Background(), QuoteParams{SupplierID: 1, Principal: decimalOf("1000")})
	if err != nil || len(qs) != 0 {
		t.Errorf("QuoteAll on null = %v, %v; want an empty list", qs, err)
	}
}

func TestResponseTooLarge(t *testing.T) {
	c, mux, _ := setup(t)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for range MaxResponseBytes>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	_, err := c.GetEntity(context.Background(), 1)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || e.StatusCode != 200 || e.Message != "the body exceeds 16 MiB" {
		t.Fatalf("err = %v, want ErrUnexpectedBody for a body over the cap", err)
	}
}

func TestSecretBodyNotQuoted(t *testing.T) {
	// A session that fails to decode still holds an API key: no excerpt.
	body := `{"session_id":"not a number","api_key":"` + testAPIKey + `","perspective":1}`
	c, err := NewClient(WithHTTPClient(fakeDoer(200, []byte(body))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateSession(context.Background(), LoginParams{Email: "a@example.com", Password: "pw", Perspective: PerspectiveSupplier, Code: "123456"})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrUnexpectedBody || e.Excerpt != "" || strings.Contains(err.Error(), testAPIKey) {
		t.Errorf("err = %#v, want ErrUnexpectedBody without the body", err)
	}
}

func TestNetworkErrors(t *testing.T) {
	t.Run("deadline", func(t *testing.T) {
		c, mux, _ := setup(t)
		mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.GetEntity(ctx, 1)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "procuret: get entity: ") {
			t.Errorf("err = %v, want a wrapped context.DeadlineExceeded", err)
		}
		var e *Error
		if errors.As(err, &e) {
			t.Errorf("a network failure is an *Error: %v", e)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		c, _, _ := setup(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.GetEntity(ctx, 1); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		c, err := NewClient(WithBaseURL("http://"+addr+"/api"), WithSleeper(noSleep))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Quote(context.Background(), QuoteParams{SupplierID: 1, Principal: decimalOf("1000"), Periods: 12})
		var opErr *net.OpError
		if !errors.As(err, &opErr) || !strings.HasPrefix(err.Error(), "procuret: get prospective payment: ") {
			t.Errorf("err = %v, want a wrapped *net.OpError", err)
		}
	})
	t.Run("doer error", func(t *testing.T) {
		boom := errors.New("boom")
		c, err := NewClient(WithHTTPClient(doerFunc(func(*http.Request) (*http.Response, error) { return nil, boom })), WithSleeper(noSleep))
		if err != nil {
			t.Fatal(err)
		}
		// A write that failed after the doer had it may have arrived.
		if err := c.MarkInstalmentLinkOpened(context.Background(), "il_1"); !errors.Is(err, boom) || !errors.Is(err, ErrOutcomeUnknown) ||
			err.Error() != "procuret: create instalment link open: outcome unknown: the request may have reached Procuret, but no complete answer came back (boom); check before sending it again" {
			t.Errorf("err = %v", err)
		}
		// A read is retried, then reports its attempts.
		if _, err := c.GetSupplier(context.Background(), 1); !errors.Is(err, boom) || errors.Is(err, ErrOutcomeUnknown) ||
			err.Error() != "procuret: get supplier: boom (after 3 attempts)" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("body read fails", func(t *testing.T) {
		c, err := NewClient(WithSleeper(noSleep), WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"entity_`), iotest{}))}, nil
		})), WithCredentials(testCredentials(t, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetEntity(context.Background(), 1); !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "reading the response (status 200)") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestNilResponseBody(t *testing.T) {
	c, err := NewClient(WithSleeper(noSleep), WithHTTPClient(doerFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 503}, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSupplier(context.Background(), 1); !errors.Is(err, ErrServiceDisruption) {
		t.Errorf("err = %v, want ErrServiceDisruption", err)
	}
}

// A doer that returns neither a response nor an error makes no call panic:
// a read fails after its retries, a write's outcome is unknown.
func TestNoResponseNoError(t *testing.T) {
	var n atomic.Int32
	c, err := NewClient(WithSleeper(noSleep), WithCredentials(testCredentials(t, 2)), WithHTTPClient(doerFunc(func(*http.Request) (*http.Response, error) {
		n.Add(1)
		return nil, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const msg = "the HTTP client returned no response and no error"
	if _, err := c.GetSupplier(ctx, 1); err == nil || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), msg) || n.Load() != 3 {
		t.Errorf("GetSupplier: err = %v after %d attempts", err, n.Load())
	}
	n.Store(0)
	if err := c.MarkInstalmentLinkOpened(ctx, "il_1"); !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), msg) || n.Load() != 1 {
		t.Errorf("MarkInstalmentLinkOpened: err = %v after %d attempts", err, n.Load())
	}
	n.Store(0)
	_, err = c.CreateInstalmentLink(ctx, CreateLinkParams{SupplierID: 1, Amount: decimalOf("10.00"), InviteeEmail: "a@example.com",
		InvoiceIdentifier: "INV-1", Communication: DoNotNotify})
	var u *UnknownOutcomeError
	if !errors.As(err, &u) || u.SearchErr == nil || !strings.Contains(u.SearchErr.Error(), msg) {
		t.Errorf("CreateInstalmentLink: err = %v", err)
	}
	// Raw and the PDF stream share the send (exchange): the same errors.
	n.Store(0)
	if _, err := c.Raw(ctx, http.MethodGet, "/supplier", nil, nil); err == nil || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), msg) || n.Load() != 3 {
		t.Errorf("Raw GET: err = %v after %d attempts", err, n.Load())
	}
	n.Store(0)
	if _, err := c.Raw(ctx, http.MethodPost, "/instalment-link/open", nil, []byte(`{}`)); !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), msg) || n.Load() != 1 {
		t.Errorf("Raw POST: err = %v after %d attempts", err, n.Load())
	}
	n.Store(0)
	if _, err := c.GetInstalmentSchedulePDF(ctx, "ps_1"); err == nil || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), msg) || n.Load() != 3 {
		t.Errorf("GetInstalmentSchedulePDF: err = %v after %d attempts", err, n.Load())
	}
	var nilCtx context.Context
	for name, call := range map[string]func() error{
		"get": func() error { _, err := c.GetSupplier(nilCtx, 1); return err },
		"raw": func() error { _, err := c.Raw(nilCtx, http.MethodGet, "/supplier", nil, nil); return err },
		"pdf": func() error { _, err := c.GetInstalmentSchedulePDF(nilCtx, "ps_1"); return err },
	} {
		n.Store(0)
		if err := call(); err == nil || !strings.Contains(err.Error(), "the context is nil") || n.Load() != 0 {
			t.Errorf("%s with a nil context: err = %v after %d attempts, want refused before sending", name, err, n.Load())
		}
	}
}

// iotest fails every read with io.ErrUnexpectedEOF.
type iotest struct{}

func (iotest) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestRedirectNotFollowed(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/steal", http.StatusFound)
	})
	_, err := c.GetEntity(context.Background(), 1)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrUnexpectedStatus || e.StatusCode != 302 {
		t.Errorf("err = %v, want the 302 as ErrUnexpectedStatus", err)
	}
}

func TestErrorKindStrings(t *testing.T) {
	if ErrNotFound.Error() != "procuret: not found" || ErrorKind(0).String() != "ErrorKind(0)" || ErrorKind(99).String() != "ErrorKind(99)" {
		t.Errorf("kind strings: %q %q %q", ErrNotFound.Error(), ErrorKind(0), ErrorKind(99))
	}
	for k := ErrBadRequest; k <= ErrUnexpectedBody; k++ {
		if strings.HasPrefix(k.String(), "ErrorKind(") {
			t.Errorf("kind %d has no name", int(k))
		}
	}
	e := &Error{StatusCode: 503, Kind: ErrServiceDisruption, Operation: "get entity", Attempts: 3, Message: "Service temporarily unavailable"}
	if want := "procuret: get entity: service disruption (503): Service temporarily unavailable (after 3 attempts)"; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e, want)
	}
	if errors.Is(e, ErrInvalidInput) || errors.Unwrap(e) != nil {
		t.Errorf("a plain *Error matches ErrInvalidInput or unwraps")
	}
}

// FuzzResponse feeds any status and body to every shape of call: nothing
// panics, and every outcome is a value or one of the documented errors; a
// 2xx body that does not decode is an *Error of kind ErrUnexpectedBody. The
// quotes, the login and the mark-opened get the whole body; the body's first
// byte also picks one of the reads in fuzzReads, which gets the rest.
func FuzzResponse(f *testing.F) {
	f.Add(200, []byte(`{}`))
	f.Add(200, []byte(`[{"payment":"1"}]`))
	f.Add(404, []byte(`{"error-information":"x","response-code":404}`))
	f.Add(500, []byte("<html>\x00\xff"))
	f.Add(204, []byte(nil))
	f.Add(200, []byte(`{"session_id":1,"api_key":"","perspective":9}`))
	f.Add(200, bytes.Repeat([]byte("["), 10000))
	for i := range fuzzReads {
		for _, body := range []string{`{}`, `[]`, `[{}]`, `null`, `{"public_id":1}`, ``} {
			f.Add(200, append([]byte{byte(i)}, body...))
		}
		f.Add(404, append([]byte{byte(i)}, `{"error-information":"x","response-code":404}`...))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			status = 200
		}
		c, err := NewClient(WithHTTPClient(fakeDoer(status, body)), WithSleeper(noSleep))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		q := QuoteParams{SupplierID: 1, Principal: decimalOf("1000")}
		_, err1 := c.QuoteAll(ctx, q)
		q.Periods = 12
		_, err2 := c.Quote(ctx, q)
		_, err3 := c.CreateSession(ctx, LoginParams{Email: "a@example.com", Password: "pw", Perspective: 1, Code: "123456"})
		err4 := c.MarkInstalmentLinkOpened(ctx, "il_1")
		errs := []error{err1, err2, err3, err4}
		if len(body) > 0 {
			read := fuzzReads[int(body[0])%len(fuzzReads)]
			c, err := NewClient(WithHTTPClient(fakeDoer(status, body[1:])), WithSleeper(noSleep), WithCredentials(testCredentials(t, auth.LongLived)))
			if err != nil {
				t.Fatal(err)
			}
			if err := read.call(ctx, c); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", read.name, err))
			}
		}
		for _, err := range errs {
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Errorf("err = %v, want nil or an *Error", err)
			}
			if err != nil && (status >= 200 && status < 300) != (e.Kind == ErrUnexpectedBody) {
				t.Errorf("status %d gave kind %v (%v)", status, e.Kind, err)
			}
		}
	})
}

// fuzzReads are the reads FuzzResponse picks from.
var fuzzReads = []struct {
	name string
	call func(context.Context, *Client) error
}{
	{"GetInstalmentLink", func(ctx context.Context, c *Client) error { _, err := c.GetInstalmentLink(ctx, "il_1"); return err }},
	{"ListInstalmentLinks", func(ctx context.Context, c *Client) error {
		_, err := c.ListInstalmentLinks(ctx, ListLinksParams{SupplierID: 1})
		return err
	}},
	{"GetPaymentSeries", func(ctx context.Context, c *Client) error { _, err := c.GetPaymentSeries(ctx, "ps_1"); return err }},
	{"ListPaymentSeries", func(ctx context.Context, c *Client) error {
		_, err := c.ListPaymentSeries(ctx, ListSeriesParams{})
		return err
	}},
	{"GetInstalmentSchedule", func(ctx context.Context, c *Client) error { _, err := c.GetInstalmentSchedule(ctx, "ps_1"); return err }},
	{"GetSupplier", func(ctx context.Context, c *Client) error { _, err := c.GetSupplier(ctx, 1); return err }},
	{"GetEntity", func(ctx context.Context, c *Client) error { _, err := c.GetEntity(ctx, 1); return err }},
	{"GetHuman", func(ctx context.Context, c *Client) error { _, err := c.GetHuman(ctx, 1); return err }},
}

// scrub redacts a secret wherever it sits in an error's text, past the
// 64 KiB redaction looks at too (the text is cut there), and leaves an error
// with nothing to redact as it is.
func TestScrubLongErrorText(t *testing.T) {
	const secret = "pw-0123456789-secret"
	long := errors.New(strings.Repeat("x", redact.MaxInput+10) + " " + secret)
	got := scrub(long, []string{secret})
	if strings.Contains(got.Error(), secret) || len(got.Error()) > redact.MaxInput+8 {
		t.Errorf("scrub kept the secret or the whole text (%d bytes)", len(got.Error()))
	}
	// A secret inside the first 64 KiB of a long text is redacted, not only cut off.
	early := errors.New("x " + secret + " " + strings.Repeat("y", redact.MaxInput))
	if got := scrub(early, []string{secret}).Error(); strings.Contains(got, secret) || !strings.Contains(got, auth.Redacted) {
		t.Errorf("scrub of a secret before the cut: %.100q", got)
	}
	// What stands in for an error answers for its kind: errors.Is and Timeout.
	timeout := &net.DNSError{Err: "lookup " + secret + ": i/o timeout", IsTimeout: true}
	wrapped := fmt.Errorf("dial: %w: %w", timeout, context.DeadlineExceeded)
	red := scrub(wrapped, []string{secret})
	var te interface{ Timeout() bool }
	if strings.Contains(red.Error(), secret) || !errors.Is(red, context.DeadlineExceeded) || !errors.As(red, &te) || !te.Timeout() {
		t.Errorf("scrub(%v) = %v: want the secret gone, errors.Is(DeadlineExceeded) and Timeout() kept", wrapped, red)
	}
	plain := errors.New("connection refused")
	if scrub(plain, []string{secret}) != plain {
		t.Error("scrub replaced an error with nothing to redact")
	}
	if scrub(nil, []string{secret}) != nil {
		t.Error("scrub(nil) is not nil")
	}
}

// An excerpt of a body far longer than redaction reads is what the whole body's would be.
func TestExcerptOfAHugeBody(t *testing.T) {
	const secret = "pw-0123456789-secret"
	for _, body := range [][]byte{
		[]byte("bad " + secret + " " + strings.Repeat("z", 3*redact.MaxInput)),
		[]byte(strings.Repeat("y", redact.MaxInput-5) + secret + strings.Repeat("z", 100)),
		[]byte("short " + secret),
	} {
		if got, want := excerpt(body, []string{secret}), clean(string(body), maxExcerpt, []string{secret}); got != want || strings.Contains(got, secret) {
			t.Errorf("excerpt = %q, clean of the whole body %q", got, want)
		}
	}
}
