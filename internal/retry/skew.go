package retry

import (
	"net/http"
	"time"
)

// MaxClockSkew is how far the local clock may drift from the server's before
// a rejected signature is blamed on it.
const MaxClockSkew = time.Minute

// ClockSkew reads the server's clock from resp's Date header and reports
// whether localNow is more than MaxClockSkew away from it. offset is
// serverDate - localNow when skewed, else zero; the signer adds it to its
// clock. A missing or malformed Date, or a nil resp, is never skew.
//
// Pass the time the request was signed with (including any offset already
// applied) and read localNow when the response arrives. Date has one-second
// resolution, far finer than the threshold. The client acts on it only for a
// signed request that got 401, and only once per call, writes included: a 401
// means the server did nothing.
func ClockSkew(resp *http.Response, localNow time.Time) (offset time.Duration, skewed bool) {
	if resp == nil {
		return 0, false
	}
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return 0, false
	}
	offset = date.Sub(localNow)
	if offset > MaxClockSkew || offset < -MaxClockSkew {
		return offset, true
	}
	return 0, false
}
