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

// idle reports whether s is a short-lived session unused for longer than shortLivedIdle at now.
func (s *session) idle(now time.Time) bool {
	return s.lifecycle == auth.ShortLived && now.Sub(s.lastUsed) > shortLivedIdle
}

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
		ri := infoFrom(r.Context())
		h := r.Header
		sent := h.Get(auth.HeaderSessionID) != "" || h.Get(auth.HeaderSignature) != "" || h.Get(auth.HeaderAPIKey) != ""
		if mode == authNone {
			ri.auth = "no credentials needed (a login step)"
			if sent {
				ri.auth = "credentials ignored (a login step needs none)"
			}
			next.ServeHTTP(w, r)
			return
		}
		if h.Get(auth.HeaderSessionID) == "" {
			switch {
			case h.Get(auth.HeaderSignature) != "" || h.Get(auth.HeaderAPIKey) != "" || h.Get(auth.HeaderForwardedAgent) != "":
				ri.auth = "credentials without x-procuret-session-id"
				writeAPIError(w, notAuthenticated("x-procuret-session-id is missing but other credentials were sent"))
			case mode == authRequired:
				ri.auth = "no session (x-procuret-session-id missing)"
				writeAPIError(w, notAuthenticated("x-procuret-session-id is missing: %s %s needs a session (log in with POST /second-factor-code, then POST /session)", r.Method, routeFrom(r.Context()).Path))
			default:
				ri.auth = "anonymous (the session is optional here)"
				next.ServeHTTP(w, r)
			}
			return
		}
		p, verdict, err := s.authenticate(r)
		ri.auth = verdict
		if p != nil {
			ri.session = p.sessionID
		}
		if err != nil {
			writeAPIError(w, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

// authenticate checks a request's credentials against its session. It returns the principal,
// or an error, and in either case the verdict in words for the inspector's request log.
func (s *Sandbox) authenticate(r *http.Request) (*principal, string, *apiError) {
	h := r.Header
	id, err := strconv.ParseInt(h.Get(auth.HeaderSessionID), 10, 64)
	if err != nil || id <= 0 {
		return nil, "malformed x-procuret-session-id", notAuthenticated("x-procuret-session-id must be a session ID, a positive decimal integer")
	}
	now := s.clock()
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	st.tidy(now, false)
	sig, key := h.Get(auth.HeaderSignature), h.Get(auth.HeaderAPIKey)
	sess := st.sessions[id]
	if _, ok := st.expired[id]; ok && sess == nil {
		return nil, "session expired", notAuthenticated("session %d expired after %s without use; log in again", id, shortLivedIdle)
	}
	if sess == nil {
		verdict := "unknown session"
		switch {
		case key != "":
			verdict = "API key sent for an unknown session"
		case sig != "":
			verdict = "signature sent for an unknown session"
		}
		return nil, verdict, notAuthenticated("no session %d (it never existed, expired, or the sandbox restarted without -data)", id)
	}
	p := &principal{sessionID: id, perspective: sess.perspective, own: sess.agentID, agent: sess.agentID}
	if sess.idle(now) {
		st.forget(id, now)
		_ = st.persist(del(bucketSessions, sessionKey(id)))
		return p, "session expired", notAuthenticated("session %d expired after %s without use; log in again", id, shortLivedIdle)
	}
	if sig == "" && key == "" {
		if sess.lifecycle == auth.LongLived {
			return p, "no signature or API key (long-lived session)", notAuthenticated("x-procuret-signature is missing: session %d is long-lived and signs every request (or sends x-procuret-api-key, as the JavaScript SDK does)", id)
		}
		return p, "no API key or signature (short-lived session)", notAuthenticated("x-procuret-api-key is missing: session %d is short-lived and sends its API key (or a signature, as the .NET SDK does)", id)
	}
	// Whatever is sent must be valid: a wrong signature next to the right key, or a wrong key
	// next to a right signature, is still 401.
	var verdicts []string
	if sig != "" {
		path := strings.TrimPrefix(r.URL.EscapedPath(), "/api")
		v, ok := checkSignature(sess.key, path, sig, now)
		if !ok {
			return p, v.verdict, notAuthenticated("%s", v.message)
		}
		verdicts = append(verdicts, v.verdict)
	}
	if key != "" {
		if subtle.ConstantTimeCompare([]byte(key), []byte(sess.key)) != 1 {
			return p, "API key does not match the session", notAuthenticated("the API key does not match session %d", id)
		}
		verdicts = append(verdicts, "API key valid")
	}
	verdict := strings.Join(verdicts, "; ")
	if fa := h.Get(auth.HeaderForwardedAgent); fa != "" {
		agent, err := strconv.ParseInt(fa, 10, 64)
		if err != nil || agent <= 0 {
			return p, verdict + "; malformed x-procuret-forwarded-agent", notAuthenticated("x-procuret-forwarded-agent must be an agent ID, a positive decimal integer")
		}
		if !st.mayActFor(p, agent) {
			return p, fmt.Sprintf("%s; agent %d may not act for agent %d", verdict, p.own, agent),
				notAuthorised("agent %d may not act for agent %d: a session acts only for agents whose every entity its own agent holds", p.own, agent)
		}
		p.agent = agent
		verdict += fmt.Sprintf("; acting for agent %d", agent)
	}
	sess.lastUsed = now
	if now.Sub(sess.storedUse) > sessionUseResolution {
		if st.persist(put(bucketSessions, sessionKey(id), sess.record())) == nil {
			sess.storedUse = now
		}
	}
	return p, verdict, nil
}

// sigVerdict is what checkSignature found: the log's verdict and, for a mismatch, the 401's
// message.
type sigVerdict struct{ verdict, message string }

// checkSignature verifies a long-lived session's signature with auth.Verify, the client
// library's own rule, and then names the window it matched for the log. A mismatch says what
// the sandbox signed, window start and path, and which windows it tried, and why when it can
// tell (a window from the future: the client's clock runs ahead; an older one: a stale
// signature). It never says the key or the signature it expected.
func checkSignature(key, path, sig string, now time.Time) (sigVerdict, bool) {
	cur := auth.WindowStart(now.Unix())
	matches := func(window int64) bool { return hmac.Equal([]byte(auth.Signature(key, window, path)), []byte(sig)) }
	if auth.Verify(key, path, sig, now) {
		if matches(cur) {
			return sigVerdict{verdict: "signature valid (current window)"}, true
		}
		return sigVerdict{verdict: "signature valid (previous window)"}, true
	}
	signed := strconv.FormatInt(cur, 10) + path
	tried := fmt.Sprintf("the windows tried were %d (current, from %s) and %d (previous); the string to sign is the window start in decimal followed by the escaped path below /api, HMAC-SHA256 with the session's API key, standard base64",
		cur, time.Unix(cur, 0).UTC().Format(time.RFC3339), cur-auth.WindowSeconds)
	v := sigVerdict{
		verdict: fmt.Sprintf("signature does not match the string to sign '%s'", signed),
		message: fmt.Sprintf("the signature does not match: the sandbox signed %q (window start %d, path %q); %s", signed, cur, path, tried),
	}
	if matches(cur + auth.WindowSeconds) {
		v.verdict = "signature is for the next window: the client's clock runs ahead"
		v.message = fmt.Sprintf("the signature does not match: it is for the next 900-second window (%d); the client's clock runs ahead of the server's (%s). The sandbox signed %q; %s",
			cur+auth.WindowSeconds, now.UTC().Format(time.RFC3339), signed, tried)
		return v, false
	}
	for back := int64(2); back <= 8; back++ {
		if matches(cur - back*auth.WindowSeconds) {
			v.verdict = "stale signature (an older window)"
			v.message = fmt.Sprintf("the signature does not match: it is stale, made for a window that ended more than %d minutes ago (server time %s). The sandbox signed %q; %s",
				(back-1)*15, now.UTC().Format(time.RFC3339), signed, tried)
			return v, false
		}
	}
	return v, false
}

// mayActFor reports whether p's session may act for agent (x-procuret-forwarded-agent): its own
// agent; any agent whose every entity the session's own agent holds too, so that acting for
// another agent never reaches an entity the session could not reach itself (the narrowest rule
// that still lets the Python SDK's acting_for work for colleagues of one supplier); and, for an
// administrator, anyone. st.mu must be held.
func (st *store) mayActFor(p *principal, agent int64) bool {
	target, own := st.accounts[agent], st.accounts[p.own]
	switch {
	case target == nil || own == nil:
		return false
	case agent == p.own || p.perspective == auth.PerspectiveAdministrator:
		return true
	}
	for _, e := range target.entities {
		if !own.hasEntity(e) {
			return false
		}
	}
	return true
}
