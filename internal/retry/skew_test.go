package retry

import (
	"net/http"
	"testing"
	"time"
)

func TestClockSkew(t *testing.T) {
	dated := func(v string) *http.Response {
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{"Date": {v}}}
	}
	at := func(d time.Duration) *http.Response { return dated(now.Add(d).Format(http.TimeFormat)) }
	for _, tc := range []struct {
		name       string
		resp       *http.Response
		wantOffset time.Duration
		wantSkewed bool
	}{
		{"server 5 min ahead", at(5 * time.Minute), 5 * time.Minute, true},
		{"server 5 min behind", at(-5 * time.Minute), -5 * time.Minute, true},
		{"server 2 h ahead", at(2 * time.Hour), 2 * time.Hour, true},
		{"61 s ahead", at(61 * time.Second), 61 * time.Second, true},
		{"exactly 1 min", at(time.Minute), 0, false},
		{"30 s ahead", at(30 * time.Second), 0, false},
		{"30 s behind", at(-30 * time.Second), 0, false},
		{"in sync", at(0), 0, false},
		{"RFC 850 date", dated(now.Add(10 * time.Minute).Format("Monday, 02-Jan-06 15:04:05 GMT")), 10 * time.Minute, true},
		{"missing Date", &http.Response{StatusCode: 401, Header: http.Header{}}, 0, false},
		{"garbage Date", dated("yesterday-ish"), 0, false},
		{"unix seconds Date", dated("1773480413"), 0, false},
		{"nil response", nil, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			offset, skewed := ClockSkew(tc.resp, now)
			if offset != tc.wantOffset || skewed != tc.wantSkewed {
				t.Errorf("ClockSkew = %v, %v; want %v, %v", offset, skewed, tc.wantOffset, tc.wantSkewed)
			}
		})
	}
}

func TestClockSkewSubSecondLocalClock(t *testing.T) {
	// Date has one-second resolution; a local clock with nanoseconds must not
	// turn an in-sync server into a skewed one, nor blur a real skew.
	local := now.Add(999 * time.Millisecond)
	if _, skewed := ClockSkew(&http.Response{Header: http.Header{"Date": {now.Format(http.TimeFormat)}}}, local); skewed {
		t.Error("in-sync server reported as skewed")
	}
	offset, skewed := ClockSkew(&http.Response{Header: http.Header{"Date": {now.Add(3 * time.Minute).Format(http.TimeFormat)}}}, local)
	if !skewed || offset != 3*time.Minute-999*time.Millisecond {
		t.Errorf("ClockSkew = %v, %v; want %v, true", offset, skewed, 3*time.Minute-999*time.Millisecond)
	}
}
