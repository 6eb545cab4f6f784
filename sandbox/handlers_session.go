package sandbox

import (
	"context"
	"crypto/subtle"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
)

// codeValidity is how long a second-factor code can be used (once).
const codeValidity = 10 * time.Minute

// maxCodeAttempts is how many wrong codes a pending code survives: the last of them invalidates
// it, so that six digits cannot be guessed by trying them all. Only a new code (POST
// /second-factor-code) lets the account log in again.
const maxCodeAttempts = 5

// CreateSecondFactorCode checks the password and "emails" a six-digit code: the sandbox writes
// it to its log (marked as the email's stand-in) and keeps it for LastCode.
func (h *handlers) CreateSecondFactorCode(ctx context.Context, req sandboxgen.CreateSecondFactorCodeRequestObject) (sandboxgen.CreateSecondFactorCodeResponseObject, error) {
	b := req.Body
	if (b.Email == nil) == (b.AgentID == nil) {
		return nil, badRequest("request body: give exactly one of email or agent_id")
	}
	s, st := h.s, h.s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	var a *account
	if b.Email != nil {
		a = st.accounts[st.emails[lower(string(*b.Email))]]
	} else if id, err := strconv.ParseInt(*b.AgentID, 10, 64); err == nil {
		a = st.accounts[id]
	}
	if !passwordMatches(a, b.PlaintextSecret) {
		return nil, notAuthenticated("wrong email (or agent_id) or password")
	}
	var p gen.Perspective
	if b.Perspective != nil {
		p = *b.Perspective
		if !a.holds(p) {
			return nil, notAuthenticated("account %s does not hold perspective %d", a.email, p)
		}
	}
	code := s.fixedCode
	if code == "" {
		code = s.newCode()
	}
	now := s.clock()
	st.tidy(now, false)
	key := codeKey{a.agentID, p}
	m := &sentMail{Seq: st.seq + 1, Agent: a.agentID, To: a.email, Perspective: p, Code: code, Sent: now, Expires: now.Add(codeValidity)}
	c := &secondFactor{code: code, expires: m.Expires, mail: m.Seq}
	ops := []op{put(bucketCodes, codeKeyString(key), codeRecordOf(key, c)), put(bucketMail, mailKey(m.Seq), m)}
	var replaced *sentMail
	if old := st.codes[key]; old != nil {
		if replaced = st.mailBySeq(old.mail); replaced != nil && replaced.Outcome == "" {
			r := *replaced
			r.Outcome, r.Settled = "replaced", now
			ops = append(ops, put(bucketMail, mailKey(r.Seq), &r))
		} else {
			replaced = nil
		}
	}
	var dropped []*sentMail // the oldest mail, past the mailbox's limit
	if over := len(st.mailbox) + 1 - st.limits.Mailbox; over > 0 {
		dropped = st.mailbox[:over]
		for _, d := range dropped {
			ops = append(ops, del(bucketMail, mailKey(d.Seq)))
		}
	}
	if err := st.persist(ops...); err != nil {
		return nil, err
	}
	st.nextSeq()
	if replaced != nil {
		replaced.Outcome, replaced.Settled = "replaced", now
	}
	st.mailbox = append(st.mailbox[len(dropped):], m)
	st.codes[key] = c
	st.lastCodes[a.agentID] = code
	infoFrom(ctx).created = "second-factor code for " + a.email
	s.log.InfoContext(ctx, "second-factor code (stands in for the email)",
		"to", a.email, "code", code, "perspective", int(p), "valid_until", now.Add(codeValidity).UTC().Format(time.RFC3339))
	return sandboxgen.CreateSecondFactorCode200JSONResponse{}, nil
}

// CreateSession exchanges email, password, perspective and an unused, unexpired code (issued
// for that perspective or for none) for a new session; lifecycle defaults to long-lived. The
// maxCodeAttempts-th wrong code invalidates the pending code.
func (h *handlers) CreateSession(ctx context.Context, req sandboxgen.CreateSessionRequestObject) (sandboxgen.CreateSessionResponseObject, error) {
	b := req.Body
	s, st := h.s, h.s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	a := st.accounts[st.emails[lower(string(b.Email))]]
	if !passwordMatches(a, b.Secret) {
		return nil, notAuthenticated("wrong email or password")
	}
	if !a.holds(b.Perspective) {
		return nil, notAuthenticated("account %s does not hold perspective %d", a.email, b.Perspective)
	}
	now := s.clock()
	var (
		used    *codeKey
		pending []*secondFactor // the live codes this attempt could have used
		spent   bool            // one of them had too many wrong attempts already
	)
	for _, k := range []codeKey{{a.agentID, b.Perspective}, {a.agentID, 0}} {
		c := st.codes[k]
		switch {
		case c == nil || !now.Before(c.expires):
			continue
		case c.wrong >= maxCodeAttempts:
			spent = true
			continue
		}
		if subtle.ConstantTimeCompare([]byte(c.code), []byte(b.Code)) == 1 {
			used = &k
			break
		}
		pending = append(pending, c)
	}
	if used == nil {
		// A wrong try counts against every live code it could have matched.
		var ops []op
		for _, k := range []codeKey{{a.agentID, b.Perspective}, {a.agentID, 0}} {
			c := st.codes[k]
			if c == nil || !slices.Contains(pending, c) {
				continue
			}
			if c.wrong++; c.wrong >= maxCodeAttempts {
				spent = true
				if m := st.mailBySeq(c.mail); m != nil && m.Outcome == "" {
					m.Outcome, m.Settled = "invalidated", now
					ops = append(ops, put(bucketMail, mailKey(m.Seq), m))
				}
			}
			ops = append(ops, put(bucketCodes, codeKeyString(k), codeRecordOf(k, c)))
		}
		// The count must survive a restart, or restarting would reset it; a failed write still
		// refuses this attempt.
		if err := st.persist(ops...); err != nil {
			return nil, err
		}
		if spent {
			return nil, notAuthenticated("too many wrong second-factor codes (%d): the code no longer works, even the right one; ask for a new one with POST /second-factor-code", maxCodeAttempts)
		}
		return nil, notAuthenticated("the second-factor code is wrong, expired or already used; ask for a new one with POST /second-factor-code")
	}
	lifecycle := auth.LongLived
	if b.Lifecycle != nil {
		lifecycle = *b.Lifecycle
	}
	if err := st.sessionRoom(now); err != nil { // before the code is spent
		return nil, err
	}
	usedCode := st.codes[*used]
	if err := st.persist(del(bucketCodes, codeKeyString(*used))); err != nil { // single use, on disk first
		return nil, err
	}
	delete(st.codes, *used)
	if m := st.mailBySeq(usedCode.mail); m != nil {
		m.Outcome, m.Settled = "used", now
		_ = st.persist(put(bucketMail, mailKey(m.Seq), m)) // the mailbox's record only: best effort
	}
	sess, err := st.newSession(a.agentID, b.Perspective, lifecycle, now)
	if err != nil {
		return nil, err
	}
	infoFrom(ctx).created = fmt.Sprintf("session %d", sess.id)
	infoFrom(ctx).session = sess.id
	return sandboxgen.CreateSession200JSONResponse(sessionView(sess)), nil
}

// GetSession returns the calling session; another session's ID answers 403.
func (h *handlers) GetSession(ctx context.Context, req sandboxgen.GetSessionRequestObject) (sandboxgen.GetSessionResponseObject, error) {
	p := principalFrom(ctx)
	if req.Params.SessionID != p.sessionID {
		return nil, notAuthorised("a session may only read itself (session %d asked for %d)", p.sessionID, req.Params.SessionID)
	}
	st := h.s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	sess := st.sessions[p.sessionID]
	if sess == nil { // deleted since authentication (expiry)
		return nil, notAuthenticated("no session %d", p.sessionID)
	}
	return sandboxgen.GetSession200JSONResponse(sessionView(sess)), nil
}

// UpdateSession switches the calling session to another perspective its account holds.
func (h *handlers) UpdateSession(ctx context.Context, req sandboxgen.UpdateSessionRequestObject) (sandboxgen.UpdateSessionResponseObject, error) {
	p := principalFrom(ctx)
	st := h.s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	sess, a := st.sessions[p.sessionID], st.accounts[p.own]
	if sess == nil || a == nil {
		return nil, notAuthenticated("no session %d", p.sessionID)
	}
	if !a.holds(req.Body.PerspectiveID) {
		return nil, notAuthorised("account %s does not hold perspective %d", a.email, req.Body.PerspectiveID)
	}
	next := *sess
	next.perspective = req.Body.PerspectiveID
	if err := st.persist(put(bucketSessions, sessionKey(sess.id), next.record())); err != nil {
		return nil, err
	}
	sess.perspective = req.Body.PerspectiveID
	return sandboxgen.UpdateSession200JSONResponse(sessionView(sess)), nil
}
