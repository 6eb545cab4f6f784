package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"time"
)

// Header names, in Go's canonical form (HTTP header names are case-insensitive;
// the API documents them in lower case).
const (
	HeaderSessionID      = "X-Procuret-Session-Id"
	HeaderSignature      = "X-Procuret-Signature"
	HeaderAPIKey         = "X-Procuret-Api-Key"
	HeaderForwardedAgent = "X-Procuret-Forwarded-Agent"
)

// WindowSeconds is the length of the time window a signature is valid for.
const WindowSeconds = 900

// WindowStart returns the start of the 900-second window holding unix (seconds
// since the Unix epoch): unix - unix mod 900. Times before 1970 are floored
// towards the past (like Python's %), so every window is 900 seconds long.
func WindowStart(unix int64) int64 {
	m := unix % WindowSeconds
	if m < 0 {
		m += WindowSeconds
	}
	return unix - m
}

// Signature returns the x-procuret-signature value of a long-lived session:
// standard base64 of HMAC-SHA256 keyed with the api key's bytes over the
// decimal WindowStart(unix) immediately followed by path. The path is the
// escaped request path below the API root ("/instalment-link/list" for
// https://procuret.com/api/instalment-link/list?limit=20), without the query.
func Signature(apiKey string, unix int64, path string) string {
	var st macState
	st.h = hmac.New(sha256.New, []byte(apiKey))
	return st.sign(WindowStart(unix), path)
}

// Verify reports whether signature is valid for apiKey and path (below the API
// root) at time now. It accepts the window holding now and the one before it:
// a client signs with its clock when it sends, so a request signed just before
// a window boundary arrives after it, and the server must still accept it.
// A signature therefore stays valid for 15 to 30 minutes. A client whose clock
// runs ahead into the next window is rejected (see Signer.SetClockOffset).
// The comparison is constant time.
func Verify(apiKey string, path string, signature string, now time.Time) bool {
	st := macState{h: hmac.New(sha256.New, []byte(apiKey))}
	w := WindowStart(now.Unix())
	cur := hmac.Equal([]byte(st.sign(w, path)), []byte(signature))
	prev := hmac.Equal([]byte(st.sign(w-WindowSeconds, path)), []byte(signature))
	return cur || prev
}

// macState is a keyed HMAC plus scratch buffers, reused through a sync.Pool by
// Signer so that signing allocates only the resulting string.
type macState struct {
	h   hash.Hash // hmac.New(sha256.New, key)
	msg []byte
	sum [sha256.Size]byte
	b64 [44]byte // base64.StdEncoding.EncodedLen(sha256.Size)
}

func (st *macState) sign(window int64, path string) string {
	st.msg = strconv.AppendInt(st.msg[:0], window, 10)
	st.msg = append(st.msg, path...)
	st.h.Reset()
	st.h.Write(st.msg)
	base64.StdEncoding.Encode(st.b64[:], st.h.Sum(st.sum[:0]))
	return string(st.b64[:])
}
