package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/retry"
)

// recorder is the caller's HTTP client: it keeps every request it is given
// with the body it read.
type recorder struct {
	reqs   []*http.Request
	bodies []string
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	r.reqs = append(r.reqs, req)
	r.bodies = append(r.bodies, string(body))
	return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
}

var now = time.Unix(899, 0)

// attempt sends one copy of req (see prepare) without retrying or reading
// the body, recording n as the call's attempt count.
func (s *Sender) attempt(req *http.Request, n int) (*http.Response, error) {
	if info := callInfoFrom(req.Context()); info != nil {
		info.Attempts = n
	}
	r, err := s.prepare(req, n)
	if err != nil {
		return nil, err
	}
	return s.t.HTTP.Do(r)
}

func newTransport(rec *recorder) *Transport {
	return &Transport{HTTP: rec, UserAgent: "app/1 procuret-go/0.1.0", Now: func() time.Time { return now }}
}

func signer(t *testing.T, lc auth.Lifecycle, base string) *auth.Signer {
	t.Helper()
	creds, err := auth.NewCredentials(1, "k", lc)
	if err != nil {
		t.Fatal(err)
	}
	return auth.NewSigner(creds, auth.WithBasePath(base), auth.WithClock(func() time.Time { return now }))
}

func TestSenderSignsACopy(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(signer(t, auth.LongLived, "/api"))
	req, err := http.NewRequest("POST", "https://procuret.com/api/entity?entity_id=5", bytes.NewReader([]byte(`{"a":1}`)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	ctx, info := WithCallInfo(context.Background())
	req = req.WithContext(ctx)
	if _, err := s.Do(req); err != nil {
		t.Fatal(err)
	}
	if len(rec.reqs) != 1 {
		t.Fatalf("sent %d requests", len(rec.reqs))
	}
	sent := rec.reqs[0]
	for name, want := range map[string]string{
		"User-Agent":            "app/1 procuret-go/0.1.0",
		"Accept":                "application/json",
		"Content-Type":          "application/json",
		"X-Procuret-Session-Id": "1",
		"X-Procuret-Signature":  "DjLXJPSp4gQHCpxKdzEqrr1l0S9Nqz0kEK/0DXyZMj0=", // the contract's example
	} {
		if got := sent.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if rec.bodies[0] != `{"a":1}` {
		t.Errorf("body = %q", rec.bodies[0])
	}
	if sent == req || len(req.Header) != 1 {
		t.Errorf("the caller's request was modified: %v", req.Header)
	}
	if info.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", info.Attempts)
	}
	if s.Signer() == nil {
		t.Error("Signer() = nil")
	}
}

func TestSenderUnsigned(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(nil)
	req, _ := http.NewRequest("GET", "https://procuret.com/api/supplier?public_id=X", nil)
	req.Header.Set("User-Agent", "someone else")
	if _, err := s.Do(req); err != nil {
		t.Fatal(err)
	}
	h := rec.reqs[0].Header
	for name := range h {
		if strings.HasPrefix(strings.ToLower(name), "x-procuret-") {
			t.Errorf("unsigned request carries %s", name)
		}
	}
	if h.Get("User-Agent") != "app/1 procuret-go/0.1.0" {
		t.Errorf("User-Agent = %q", h.Get("User-Agent"))
	}
	if s.Signer() != nil {
		t.Error("Signer() != nil")
	}
}

func TestSenderShortLived(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(signer(t, auth.ShortLived, "/api"))
	req, _ := http.NewRequest("GET", "https://procuret.com/api/entity", nil)
	if _, err := s.Do(req); err != nil {
		t.Fatal(err)
	}
	if h := rec.reqs[0].Header; h.Get("X-Procuret-Api-Key") != "k" || h.Get("X-Procuret-Signature") != "" {
		t.Errorf("headers = %v", h)
	}
}

func TestAttemptReplaysBody(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(nil)
	req, _ := http.NewRequest("POST", "https://procuret.com/api/instalment-link", strings.NewReader("payload"))
	ctx, info := WithCallInfo(context.Background())
	req = req.WithContext(ctx)
	for n := 1; n <= 3; n++ {
		if _, err := s.attempt(req, n); err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range rec.bodies {
		if b != "payload" {
			t.Errorf("attempt %d sent %q", i+1, b)
		}
	}
	if info.Attempts != 3 {
		t.Errorf("Attempts = %d, want 3", info.Attempts)
	}
}

func TestAttemptWithoutGetBody(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(nil)
	req, _ := http.NewRequest("POST", "https://procuret.com/api/instalment-link", io.NopCloser(strings.NewReader("once")))
	if req.GetBody != nil {
		t.Fatal("the request can replay its body")
	}
	if _, err := s.attempt(req, 1); err != nil || rec.bodies[0] != "once" {
		t.Fatalf("first attempt: %v, sent %q", err, rec.bodies)
	}
	if _, err := s.attempt(req, 2); !errors.Is(err, ErrBodyNotReplayable) {
		t.Errorf("second attempt: err = %v, want ErrBodyNotReplayable", err)
	}
}

func TestSignFailureSendsNothing(t *testing.T) {
	rec := &recorder{}
	s := newTransport(rec).Sender(signer(t, auth.LongLived, "/api"))
	req, _ := http.NewRequest("GET", "https://procuret.com/other/entity", nil)
	if _, err := s.Do(req); !errors.Is(err, auth.ErrOutsideBasePath) {
		t.Errorf("err = %v, want auth.ErrOutsideBasePath", err)
	}
	if len(rec.reqs) != 0 {
		t.Errorf("sent %d requests", len(rec.reqs))
	}
}

func TestCallInfoAbsent(t *testing.T) {
	rec := &recorder{}
	req, _ := http.NewRequest("GET", "https://procuret.com/api/entity", nil)
	if _, err := newTransport(rec).Sender(nil).Do(req); err != nil {
		t.Fatal(err)
	}
	if callInfoFrom(context.Background()) != nil {
		t.Error("a bare context has call info")
	}
}

// Do does not ask the policy about a 200; its shortcut must say what the
// policy says.
func TestReasonOKIsThePolicys(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		d := retry.Policy{MaxRetries: 2}.Classify(method, 1, &http.Response{StatusCode: http.StatusOK}, nil)
		if d.Retry || d.Reason != reasonOK {
			t.Errorf("%s 200: policy says %+v; Do says %q, no retry", method, d, reasonOK)
		}
	}
}

// oneByte reads one byte at a time, then fails with err (nil: io.EOF).
type oneByte struct {
	s   string
	err error
}

func (o *oneByte) Read(p []byte) (int, error) {
	if o.s == "" {
		if o.err != nil {
			return 0, o.err
		}
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = o.s[0]
	o.s = o.s[1:]
	return 1, nil
}

func TestReadAll(t *testing.T) {
	cut := errors.New("cut")
	body := strings.Repeat("0123456789", 100) // 1000 bytes
	for _, tc := range []struct {
		name      string
		r         io.Reader
		size, max int64
		want      string
		err       error
		maxCap    int // 0: not checked
	}{
		{"known length", strings.NewReader(body), 1000, 0, body, nil, 1001},
		{"unknown length", strings.NewReader(body), -1, 0, body, nil, 0},
		{"length understated", strings.NewReader(body), 10, 0, body, nil, 0},
		{"length overstated", strings.NewReader(body), 1 << 40, 0, body, nil, firstRead},
		{"empty", strings.NewReader(""), 0, 0, "", nil, 1},
		{"capped", strings.NewReader(body), 1000, 99, body[:100], nil, 100},
		{"capped, unknown length", strings.NewReader(body), -1, 99, body[:100], nil, 0},
		{"at the cap", strings.NewReader(body[:99]), -1, 99, body[:99], nil, 0},
		{"one byte at a time", &oneByte{s: body[:600]}, -1, 0, body[:600], nil, 0},
		{"cut short", &oneByte{s: body[:30], err: cut}, 1000, 0, body[:30], cut, 0},
	} {
		got, err := readAll(tc.r, tc.size, tc.max)
		if string(got) != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: read %d bytes, err %v; want %d bytes, err %v", tc.name, len(got), err, len(tc.want), tc.err)
		}
		if tc.maxCap > 0 && cap(got) > tc.maxCap {
			t.Errorf("%s: buffer of %d bytes, want at most %d", tc.name, cap(got), tc.maxCap)
		}
	}
}

// A body of known length is read into one buffer of its size; a call's
// response is not read twice.
func TestReadBodySized(t *testing.T) {
	resp := &http.Response{StatusCode: 200, ContentLength: 1000, Body: io.NopCloser(strings.NewReader(strings.Repeat("x", 1000)))}
	if err := readBody(resp, 1<<20); err != nil {
		t.Fatal(err)
	}
	b, ok := resp.Body.(*Body)
	if !ok || len(b.Bytes()) != 1000 || cap(b.Bytes()) != 1001 || b.Err() != nil {
		t.Fatalf("body = %T, %d bytes in %d", resp.Body, len(b.Bytes()), cap(b.Bytes()))
	}
	replayed, err := io.ReadAll(resp.Body)
	if err != nil || string(replayed) != string(b.Bytes()) {
		t.Errorf("replayed %d bytes, err %v", len(replayed), err)
	}
}

// A body of unknown length (chunked) is handed back in one buffer of its
// size, however it arrived, and never shares memory with another's.
func TestReadBodyUnsized(t *testing.T) {
	var prev []byte
	for _, n := range []int{7673, 100, 0, 40000, scratchKeep + 1000} {
		want := strings.Repeat("y", n)
		resp := &http.Response{StatusCode: 200, ContentLength: -1, Body: io.NopCloser(&atMost{r: strings.NewReader(want), n: 1000})}
		if err := readBody(resp, 1<<20); err != nil {
			t.Fatal(err)
		}
		got := resp.Body.(*Body).Bytes()
		if string(got) != want {
			t.Fatalf("%d bytes: read %d", n, len(got))
		}
		if n <= scratchKeep && cap(got) != n {
			t.Errorf("%d bytes: held in a buffer of %d", n, cap(got))
		}
		if len(prev) > 0 && len(got) > 0 && &prev[0] == &got[0] {
			t.Errorf("%d bytes: the same memory as the previous body", n)
		}
		for i := range got { // a later read must not change this body
			got[i] = 'z'
		}
		prev = got
	}
}

// atMost reads at most n bytes per Read, as a chunked body arrives.
type atMost struct {
	r io.Reader
	n int
}

func (o *atMost) Read(p []byte) (int, error) {
	if len(p) > o.n {
		p = p[:o.n]
	}
	return o.r.Read(p)
}

func BenchmarkReadBodyUnsized(b *testing.B) {
	body := strings.Repeat("y", 7673)
	b.ReportAllocs()
	for b.Loop() {
		resp := &http.Response{StatusCode: 200, ContentLength: -1, Body: io.NopCloser(strings.NewReader(body))}
		if err := readBody(resp, 16<<20); err != nil {
			b.Fatal(err)
		}
	}
}
