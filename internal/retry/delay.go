package retry

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Delay returns how long to wait after attempt (1-based) before the next one.
//
// If resp carries a valid Retry-After (delta-seconds, or an HTTP-date taken
// relative to now), the server's wish wins, clamped to [0, MaxDelay] and
// without jitter. Otherwise the wait is BaseDelay·2^(attempt-1), capped at
// MaxDelay, minus up to 25% jitter.
func (p Policy) Delay(attempt int, resp *http.Response, now time.Time) time.Duration {
	base, maxDelay := p.BaseDelay, p.MaxDelay
	if base <= 0 {
		base = DefaultBaseDelay
	}
	if maxDelay <= 0 {
		maxDelay = DefaultMaxDelay
	}
	if resp != nil {
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(max(d, 0), maxDelay)
		}
	}
	d := min(base, maxDelay)
	for i := 1; i < attempt && d < maxDelay; i++ {
		if d > maxDelay/2 {
			d = maxDelay
			break
		}
		d *= 2
	}
	// Subtract rather than multiply: float64(d) can round above MaxInt64.
	return d - time.Duration(float64(d)*0.25*p.jitter())
}

func (p Policy) jitter() float64 {
	j := rand.Float64()
	if p.Jitter != nil {
		j = p.Jitter()
	}
	if !(j > 0) { // also catches NaN
		return 0
	}
	return min(j, math.Nextafter(1, 0))
}

// ParseRetryAfter parses a Retry-After header value: delta-seconds ("120") or
// an HTTP-date, which gives the time left until then, negative if the date has
// passed. ok is false for an empty or malformed value, including signed or
// fractional numbers, which RFC 9110 does not allow. A number of seconds too
// large for a time.Duration saturates.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > math.MaxInt64/int64(time.Second) {
			return math.MaxInt64, true // only digits, so only out of range
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return t.Sub(now), true
}
