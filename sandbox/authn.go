package sandbox

import (
	"context"
	"crypto/hmac"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
)

// Authentication, as the real API does it (api/openapi.yaml, "Authentication"):
//
//   - x-procuret-session-id names the session.
//   - A long-lived session (lifecycle 2) sends x-procuret-signature: HMAC-SHA256 keyed with
//     the API key over the 900-second window start followed by the escaped path below /api.
//     The sandbox accepts the current window and the previous one (auth.Verify), so a request
//     signed just before a boundary and received just after it passes; nothing older, nothing
//     from the future.
//   - A short-lived session (lifecycle 1) sends x-procuret-api-key instead; it expires after
//     shortLivedIdle without use.
//   - Either credential authenticates either kind of session, because official SDKs send both
//     regardless of lifecycle: the JavaScript SDK never signs (it sends the API key, also for
//     long-lived sessions) and the .NET SDK always signs (it has no notion of lifecycle).
//     Every credential that is sent must be valid: a wrong signature or a wrong key is 401 even
//     when the other one is right.
//   - x-procuret-forwarded-agent, when present, names the agent the session acts for.
//
// Secrets are compared in constant time. Operations with `security: []` ignore credentials;
// operations whose security lists `{}` take them optionally, but credentials that are sent must
// be valid.

// shortLivedIdle is how long a short-lived session survives without use.
const shortLivedIdle = time.Hour

// principal is who a request acts as.
type principal struct {
	sessionID   int64
	perspective gen.Perspective
	own         int64 // the session's agent
	agent       int64 // the agent acted for: own, or the forwarded agent
}

type principalKey struct{}

// principalFrom returns the authenticated caller, or nil for an anonymous request.
func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

type authMode int

const (
	authNone     authMode = iota // security: []
	authOptional                 // security lists {} among the alternatives
	authRequired
)

func securityMode(route *routers.Route) authMode {
	sec := route.Operation.Security
	if sec == nil {
		sec = &route.Spec.Security
	}
	if len(*sec) == 0 {
		return authNone
	}
	for _, req := range *sec {
		if len(req) == 0 {
			return authOptional
		}
	}
	return authRequired
}

func (s *Sandbox) withAuthentication(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode := securityMode(routeFrom(r.Context()))
		if mode == authNone {
			next.ServeHTTP(w, r)
			return
		}
		h := r.Header
		if h.Get(auth.HeaderSessionID) == "" {
			switch {
			case h.Get(auth.HeaderSignature) != "" || h.Get(auth.HeaderAPIKey) != "" || h.Get(auth.HeaderForwardedAgent) != "":
				writeAPIError(w, notAuthenticated("x-procuret-session-id is missing but other credentials were sent"))
			case mode == authRequired:
				writeAPIError(w, notAuthenticated("x-procuret-session-id is missing: %s %s needs a session (log in with POST /second-factor-code, then POST /session)", r.Method, routeFrom(r.Context()).Path))
			default:
				next.ServeHTTP(w, r)
			}
			return
		}
		p, err := s.authenticate(r)
		if err != nil {
			writeAPIError(w, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

func (s *Sandbox) authenticate(r *http.Request) (*principal, *apiError) {
	h := r.Header
	id, err := strconv.ParseInt(h.Get(auth.HeaderSessionID), 10, 64)
	if err != nil || id <= 0 {
		return nil, notAuthenticated("x-procuret-session-id must be a session ID, a positive decimal integer")
	}
	now := s.clock()
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	sess := st.sessions[id]
	if sess == nil {
		return nil, notAuthenticated("no session %d (it never existed, or the sandbox restarted)", id)
	}
	sig, key := h.Get(auth.HeaderSignature), h.Get(auth.HeaderAPIKey)
	if sess.lifecycle == auth.ShortLived && now.Sub(sess.lastUsed) > shortLivedIdle {
		delete(st.sessions, id)
		return nil, notAuthenticated("session %d expired after %s without use; log in again", id, shortLivedIdle)
	}
	if sig == "" && key == "" {
		if sess.lifecycle == auth.LongLived {
			return nil, notAuthenticated("x-procuret-signature is missing: session %d is long-lived and signs every request (or sends x-procuret-api-key, as the JavaScript SDK does)", id)
		}
		return nil, notAuthenticated("x-procuret-api-key is missing: session %d is short-lived and sends its API key (or a signature, as the .NET SDK does)", id)
	}
	// Whatever is sent must be valid: a wrong signature next to the right key, or a wrong key
	// next to a right signature, is still 401.
	if sig != "" {
		path := strings.TrimPrefix(r.URL.EscapedPath(), "/api")
		if !auth.Verify(sess.key, path, sig, now) {
			return nil, notAuthenticated("the signature does not match: %s", signatureHint(sess.key, path, sig, now))
		}
	}
	if key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(sess.key)) != 1 {
		return nil, notAuthenticated("the API key does not match session %d", id)
	}
	p := &principal{sessionID: id, perspective: sess.perspective, own: sess.agentID, agent: sess.agentID}
	if fa := h.Get(auth.HeaderForwardedAgent); fa != "" {
		agent, err := strconv.ParseInt(fa, 10, 64)
		if err != nil || agent <= 0 {
			return nil, notAuthenticated("x-procuret-forwarded-agent must be an agent ID, a positive decimal integer")
		}
		if !st.mayActFor(p, agent) {
			return nil, notAuthorised("agent %d may not act for agent %d", p.own, agent)
		}
		p.agent = agent
	}
	sess.lastUsed = now
	return p, nil
}

// signatureHint says why a signature failed, when the sandbox can tell: a window from the
// future means the client's clock runs ahead; an older window means a stale signature.
func signatureHint(key, path, sig string, now time.Time) string {
	unix := now.Unix()
	matches := func(t int64) bool { return hmac.Equal([]byte(auth.Signature(key, t, path)), []byte(sig)) }
	if matches(unix + auth.WindowSeconds) {
		return "it is for the next 900-second window; the client's clock runs ahead of the server's (" + now.UTC().Format(time.RFC3339) + ")"
	}
	for back := int64(2); back <= 8; back++ {
		if matches(unix - back*auth.WindowSeconds) {
			return fmt.Sprintf("it is stale, made for a window that ended more than %d minutes ago (server time %s)", (back-1)*15, now.UTC().Format(time.RFC3339))
		}
	}
	return fmt.Sprintf("sign the current 900-second window start followed by the escaped path below /api, here %q, with the session's API key", path)
}

// mayActFor reports whether p's session may act for agent: its own agent, or any agent sharing
// one of its entities; administrators may act for anyone. st.mu must be held.
func (st *store) mayActFor(p *principal, agent int64) bool {
	target, own := st.accounts[agent], st.accounts[p.own]
	switch {
	case target == nil || own == nil:
		return false
	case agent == p.own || p.perspective == auth.PerspectiveAdministrator:
		return true
	}
	for _, e := range target.entities {
		if own.hasEntity(e) {
			return true
		}
	}
	return false
}
