package retry

import (
	"math"
	"net/http"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

func fixed(j float64) func() float64 { return func() float64 { return j } }

func retryAfter(v string) *http.Response {
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {v}}}
}

func TestDelayBackoff(t *testing.T) {
	p := DefaultPolicy()
	p.Jitter = fixed(0)
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, w := range want {
		if got := p.Delay(i+1, nil, now); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	for _, attempt := range []int{0, -3} {
		if got := p.Delay(attempt, nil, now); got != 500*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want the base delay", attempt, got)
		}
	}
	if got := p.Delay(1000, nil, now); got != 8*time.Second {
		t.Errorf("Delay(1000) = %v, want the cap", got)
	}
}

func TestDelayJitter(t *testing.T) {
	p := DefaultPolicy()
	p.Jitter = fixed(0.999)
	for attempt, full := range map[int]time.Duration{1: 500 * time.Millisecond, 3: 2 * time.Second, 9: 8 * time.Second} {
		got := p.Delay(attempt, nil, now)
		want := time.Duration(float64(full) * 0.75025)
		if diff := got - want; diff < -time.Microsecond || diff > time.Microsecond {
			t.Errorf("Delay(%d) with jitter 0.999 = %v, want %v", attempt, got, want)
		}
	}
	// A misbehaving jitter source never makes the wait negative or longer.
	for _, j := range []float64{-1, 1, 7, math.NaN(), math.Inf(1)} {
		p.Jitter = fixed(j)
		if got := p.Delay(1, nil, now); got < 375*time.Millisecond || got > 500*time.Millisecond {
			t.Errorf("Delay(1) with jitter %v = %v, want within [375ms, 500ms]", j, got)
		}
	}
	// The default source stays within [75%, 100%] and actually varies.
	p.Jitter = nil
	seen := map[time.Duration]bool{}
	for range 200 {
		got := p.Delay(2, nil, now)
		if got < 750*time.Millisecond || got > time.Second {
			t.Fatalf("Delay(2) with default jitter = %v, want within [750ms, 1s]", got)
		}
		seen[got] = true
	}
	if len(seen) < 2 {
		t.Errorf("default jitter produced a single value over 200 draws")
	}
}

func TestDelayConfig(t *testing.T) {
	zero := Policy{MaxRetries: 5, Jitter: fixed(0)}
	if got := zero.Delay(1, nil, now); got != DefaultBaseDelay {
		t.Errorf("zero BaseDelay: Delay(1) = %v, want %v", got, DefaultBaseDelay)
	}
	if got := zero.Delay(10, nil, now); got != DefaultMaxDelay {
		t.Errorf("zero MaxDelay: Delay(10) = %v, want %v", got, DefaultMaxDelay)
	}
	custom := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond, Jitter: fixed(0)}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 300 * time.Millisecond} {
		if got := custom.Delay(attempt, nil, now); got != want {
			t.Errorf("custom Delay(%d) = %v, want %v", attempt, got, want)
		}
	}
	above := Policy{BaseDelay: time.Minute, MaxDelay: time.Second, Jitter: fixed(0)}
	if got := above.Delay(1, nil, now); got != time.Second {
		t.Errorf("BaseDelay above MaxDelay: Delay(1) = %v, want 1s", got)
	}
	huge := Policy{BaseDelay: time.Second, MaxDelay: math.MaxInt64, Jitter: fixed(0)}
	if got := huge.Delay(200, nil, now); got <= 0 {
		t.Errorf("uncapped Delay(200) = %v, overflowed", got)
	}
}

func TestDelayRetryAfter(t *testing.T) {
	p := DefaultPolicy()
	p.Jitter = fixed(0.5) // shortens backoff by 12.5%; must not touch a server-chosen wait
	for _, tc := range []struct {
		name    string
		header  string
		attempt int
		want    time.Duration
	}{
		{"seconds", "3", 1, 3 * time.Second},
		{"seconds beat backoff", "1", 4, time.Second},
		{"zero", "0", 2, 0},
		{"http date", now.Add(4 * time.Second).Format(http.TimeFormat), 1, 4 * time.Second},
		{"past date clamped to zero", now.Add(-time.Hour).Format(http.TimeFormat), 1, 0},
		{"huge seconds clamped", "86400", 1, 8 * time.Second},
		{"overflowing seconds clamped", "999999999999999999999999", 1, 8 * time.Second},
		{"far date clamped", now.Add(240 * time.Hour).Format(http.TimeFormat), 1, 8 * time.Second},
		{"garbage ignored", "soon", 2, 875 * time.Millisecond},
		{"negative ignored", "-5", 2, 875 * time.Millisecond},
		{"empty ignored", "", 1, 437500 * time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Delay(tc.attempt, retryAfter(tc.header), now); got != tc.want {
				t.Errorf("Delay(%d, Retry-After %q) = %v, want %v", tc.attempt, tc.header, got, tc.want)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"120", 120 * time.Second, true},
		{" 120 ", 120 * time.Second, true},
		{"0", 0, true},
		{"007", 7 * time.Second, true},
		{"9223372036", 9223372036 * time.Second, true},
		{"9223372037", math.MaxInt64, true},
		{"99999999999999999999999999", math.MaxInt64, true},
		{"Sat, 14 Mar 2026 09:28:53 GMT", 2 * time.Minute, true},      // IMF-fixdate
		{"Saturday, 14-Mar-26 09:26:43 GMT", -10 * time.Second, true}, // RFC 850
		{"Sat Mar 14 09:27:03 2026", 10 * time.Second, true},          // asctime
		{"", 0, false},
		{"   ", 0, false},
		{"-5", 0, false},
		{"+5", 0, false},
		{"1.5", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"12 seconds", 0, false},
		{"tomorrow", 0, false},
		{"Sat, 14 Mar 2026 09:28:53", 0, false},
	} {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

// FuzzParseRetryAfter's seeds are in testdata/fuzz/FuzzParseRetryAfter.
func FuzzParseRetryAfter(f *testing.F) {
	p := DefaultPolicy()
	p.Jitter = fixed(0)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := ParseRetryAfter(v, now)
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) = %v, false; want 0 when not ok", v, d)
		}
		if got := p.Delay(3, retryAfter(v), now); got < 0 || got > p.MaxDelay {
			t.Fatalf("Delay with Retry-After %q = %v, outside [0, %v]", v, got, p.MaxDelay)
		}
	})
}
