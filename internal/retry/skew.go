package retry

import (
	"net/http"
	"time"
)

// MaxClockSkew is how far the local clock may drift from the server's before
// a rejected signature is blamed on it.
const MaxClockSkew = time.Minute

// MaxClockCorrection bounds the correction a client adds to its clock when
// signing: a server's Date further off than this moves it by this much, no
// more. A hostile server (a Date of 2040) can thus get signatures dated at
// most an hour ahead, not years; an hour covers the commonest real skew, a
// clock set in the wrong time zone.
const MaxClockCorrection = time.Hour

// ClockCorrectionTTL is how long a correction lasts once learnt: after it,
// the client signs with its own clock again until a 401 teaches it anew, so
// that one wild answer does not stick forever.
const ClockCorrectionTTL = time.Hour

// ClampCorrection bounds d to ±MaxClockCorrection.
func ClampCorrection(d time.Duration) time.Duration {
	return min(max(d, -MaxClockCorrection), MaxClockCorrection)
}

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
