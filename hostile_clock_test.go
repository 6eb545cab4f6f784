package procuret

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procuret/procuret-go/internal/retry"
)

// skewServer answers /entity with Date set to serverTime() and 401 unless
// the signature is right for that time; it records the time each signature
// was made for (by trying the windows around the candidates given).
func skewServer(t *testing.T, c *Client, mux *http.ServeMux, serverTime func() time.Time) *[]string {
	var mu sync.Mutex
	var sigs []string
	mux.HandleFunc("/entity", func(w http.ResponseWriter, r *http.Request) {
		now := serverTime()
		mu.Lock()
		sigs = append(sigs, r.Header.Get("X-Procuret-Signature"))
		mu.Unlock()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		if r.Header.Get("X-Procuret-Signature") != wantSignature(testAPIKey, now, "/entity") {
			serveJSON(w, 401, []byte(`{"error-information":"Not authenticated: the signature is stale","response-code":401}`))
			return
		}
		serveJSON(w, 200, specExample(t, "Entity"))
	})
	return &sigs
}

// Issue 11, finding 6: a 401 with Date: 2040-01-01 made the client sign for
// 2040, and the correction stuck. One answer now moves the signing clock by
// at most retry.MaxClockCorrection (an hour).
func TestClockCorrectionBounded(t *testing.T) {
	c, mux, _ := setup(t)
	wild := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	sigs := skewServer(t, c, mux, func() time.Time { return wild })
	if _, err := c.GetEntity(t.Context(), 13991055489669749); err == nil {
		t.Fatal("a server in 2040 accepted a signature")
	}
	if got := c.clockOffset(); got != retry.MaxClockCorrection {
		t.Errorf("clock offset after a Date of 2040 = %v, want the bound %v", got, retry.MaxClockCorrection)
	}
	for i, s := range *sigs {
		if s == wantSignature(testAPIKey, wild, "/entity") {
			t.Errorf("attempt %d was signed for 2040", i+1)
		}
	}
	if len(*sigs) != 2 || (*sigs)[1] != wantSignature(testAPIKey, testNow.Add(time.Hour), "/entity") {
		t.Errorf("signatures %q: want the first at the client's clock, the second an hour ahead", *sigs)
	}
	// The same the other way: 1970.
	c2, mux2, _ := setup(t)
	skewServer(t, c2, mux2, func() time.Time { return time.Unix(0, 0) })
	c2.GetEntity(t.Context(), 13991055489669749)
	if got := c2.clockOffset(); got != -retry.MaxClockCorrection {
		t.Errorf("clock offset after a Date of 1970 = %v, want %v", got, -retry.MaxClockCorrection)
	}
}

// A correction does not stick forever: after retry.ClockCorrectionTTL the
// client signs with its own clock again (and relearns from the next 401); a
// copy made from a client does not extend its correction's life.
func TestClockCorrectionExpires(t *testing.T) {
	var now atomic.Int64
	now.Store(testNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	c, mux, _ := setup(t, WithClock(clock))
	serverAhead := 10 * time.Minute
	sigs := skewServer(t, c, mux, func() time.Time { return clock().Add(serverAhead) })
	if _, err := c.GetEntity(t.Context(), 13991055489669749); err != nil {
		t.Fatal(err)
	}
	if got := c.clockOffset(); got != serverAhead {
		t.Fatalf("offset = %v, want %v", got, serverAhead)
	}
	// 59 minutes on, the correction holds, for copies too.
	now.Add(int64(59 * time.Minute))
	cp := c.Authenticated(c.Credentials())
	if c.clockOffset() != serverAhead || cp.clockOffset() != serverAhead {
		t.Errorf("after 59 min: offsets %v, %v", c.clockOffset(), cp.clockOffset())
	}
	// Past the TTL it is gone, on the client and on the copy made before.
	now.Add(int64(2 * time.Minute))
	if c.clockOffset() != 0 || cp.clockOffset() != 0 {
		t.Errorf("after 61 min: offsets %v, %v, want 0", c.clockOffset(), cp.clockOffset())
	}
	// The server is back in step: the client signs with its own clock at once.
	serverAhead = 0
	n := len(*sigs)
	if _, err := c.GetEntity(t.Context(), 13991055489669749); err != nil || len(*sigs) != n+1 {
		t.Errorf("in step again: %v after %d attempts, want 1", err, len(*sigs)-n)
	}
}
