package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/procuret/procuret-go/gen"
)

// The records the sandbox creates while it runs (sessions, second-factor codes, the mailbox,
// links), as they are stored in a data directory, and how each is loaded back.

type sessionRecord struct {
	ID          int64           `json:"id"`
	Key         string          `json:"key"`
	Lifecycle   gen.Lifecycle   `json:"lifecycle"`
	Perspective gen.Perspective `json:"perspective"`
	Agent       int64           `json:"agent"`
	Created     time.Time       `json:"created"`
	LastUsed    time.Time       `json:"last_used"`
}

func (s *session) record() sessionRecord {
	return sessionRecord{ID: s.id, Key: s.key, Lifecycle: s.lifecycle, Perspective: s.perspective, Agent: s.agentID, Created: s.created, LastUsed: s.lastUsed}
}

func sessionKey(id int64) string { return strconv.FormatInt(id, 10) }

// sessionUseResolution is how stale a stored session's last use may be: a request writes the
// session again only when its last use moved by more than this, so that every signed request
// does not cost a disk write. A short-lived session may therefore live up to this much longer
// across a restart.
const sessionUseResolution = time.Minute

func (st *store) loadSessionRecord(_, val []byte) error {
	var r sessionRecord
	if err := json.Unmarshal(val, &r); err != nil {
		return err
	}
	if st.accounts[r.Agent] == nil {
		return fmt.Errorf("agent %d is in no seed; start the sandbox with the same -seed files as before", r.Agent)
	}
	st.sessions[r.ID] = &session{id: r.ID, key: r.Key, lifecycle: r.Lifecycle, perspective: r.Perspective,
		agentID: r.Agent, created: r.Created, lastUsed: r.LastUsed, storedUse: r.LastUsed}
	return nil
}

type codeRecord struct {
	Agent       int64           `json:"agent"`
	Perspective gen.Perspective `json:"perspective"`
	Code        string          `json:"code"`
	Expires     time.Time       `json:"expires"`
	Wrong       int             `json:"wrong"`
	Mail        int64           `json:"mail"`
}

func codeKeyString(k codeKey) string { return fmt.Sprintf("%d/%d", k.agent, k.perspective) }

func (st *store) loadCodeRecord(_, val []byte) error {
	var r codeRecord
	if err := json.Unmarshal(val, &r); err != nil {
		return err
	}
	if st.accounts[r.Agent] == nil {
		return fmt.Errorf("agent %d is in no seed; start the sandbox with the same -seed files as before", r.Agent)
	}
	st.codes[codeKey{r.Agent, r.Perspective}] = &secondFactor{code: r.Code, expires: r.Expires, wrong: r.Wrong, mail: r.Mail}
	return nil
}

func codeRecordOf(k codeKey, c *secondFactor) codeRecord {
	return codeRecord{Agent: k.agent, Perspective: k.perspective, Code: c.code, Expires: c.expires, Wrong: c.wrong, Mail: c.mail}
}

// sentMail is one second-factor code the sandbox "emailed": the inspector's mailbox.
type sentMail struct {
	Seq         int64           `json:"seq"`
	Agent       int64           `json:"agent"`
	To          string          `json:"to"`
	Perspective gen.Perspective `json:"perspective"` // 0: any the account holds
	Code        string          `json:"code"`
	Sent        time.Time       `json:"sent"`
	Expires     time.Time       `json:"expires"`
	// Outcome is "" while the code may be used, else "used", "replaced" (a newer code was sent)
	// or "invalidated" (too many wrong codes); an unused code past Expires is expired.
	Outcome string    `json:"outcome,omitempty"`
	Settled time.Time `json:"settled,omitzero"` // when Outcome was set
}

func mailKey(seq int64) string { return fmt.Sprintf("%020d", seq) } // sorts as the number does

func (st *store) loadMailRecord(_, val []byte) error {
	var m sentMail
	if err := json.Unmarshal(val, &m); err != nil {
		return err
	}
	st.mailbox = append(st.mailbox, &m) // keys sort by sequence, so this stays in order
	st.seq = max(st.seq, m.Seq)
	return nil
}

// mailBySeq returns the mailbox entry seq, or nil once it left the ring.
func (st *store) mailBySeq(seq int64) *sentMail {
	for i := len(st.mailbox) - 1; i >= 0; i-- {
		if st.mailbox[i].Seq == seq {
			return st.mailbox[i]
		}
	}
	return nil
}

type linkRecord struct {
	View       gen.InstalmentLink `json:"view"`
	CreatedBy  int64              `json:"created_by"`
	Seq        int64              `json:"seq"`
	OpensTotal int                `json:"opens_total"`
}

func (l *link) record() linkRecord {
	return linkRecord{View: l.v, CreatedBy: l.createdBy, Seq: l.seq, OpensTotal: l.opensTotal}
}

func (st *store) loadLinkRecord(_, val []byte) error {
	var r linkRecord
	if err := json.Unmarshal(val, &r); err != nil {
		return err
	}
	if st.suppliers[r.View.Supplier.EntityID] == nil {
		return fmt.Errorf("supplier %d is in no seed; start the sandbox with the same -seed files as before", r.View.Supplier.EntityID)
	}
	if r.View.Opens == nil {
		r.View.Opens = []gen.InstalmentLinkOpen{}
	}
	l := &link{v: r.View, createdBy: r.CreatedBy, seq: r.Seq, opensTotal: r.OpensTotal}
	st.links.add(l)
	st.seq = max(st.seq, r.Seq)
	st.pendingFromOpen(l) // ledger.go: the plan its first open began
	return nil
}

// sweepEvery is how often (on the sandbox's clock) the store drops what can no longer be used.
const sweepEvery = time.Minute

// sweep removes short-lived sessions idle past shortLivedIdle and second-factor codes past their
// validity (used codes are removed when used), at most once per sweepEvery, and returns the
// writes that remove them from the data directory. st.mu must be held for writing.
func (st *store) sweep(now time.Time, force bool) []op {
	if !force && !st.lastSweep.IsZero() && now.Sub(st.lastSweep) < sweepEvery && now.After(st.lastSweep) {
		return nil
	}
	st.lastSweep = now
	var ops []op
	for id, t := range st.expired {
		if now.Sub(t) > rememberExpired {
			delete(st.expired, id)
		}
	}
	for id, s := range st.sessions {
		if s.idle(now) {
			st.forget(id, now)
			ops = append(ops, del(bucketSessions, sessionKey(id)))
		}
	}
	for k, c := range st.codes {
		if !now.Before(c.expires) {
			delete(st.codes, k)
			ops = append(ops, del(bucketCodes, codeKeyString(k)))
		}
	}
	return ops
}

// rememberExpired is how long the sandbox remembers that a session expired, to say so rather
// than "no session" (at most maxRememberedExpired of them).
const (
	rememberExpired      = 24 * time.Hour
	maxRememberedExpired = 10_000
)

// forget removes an expired session, remembering that it expired.
func (st *store) forget(id int64, now time.Time) {
	delete(st.sessions, id)
	if len(st.expired) < maxRememberedExpired {
		st.expired[id] = now
	}
}

// tidy sweeps and writes the removals; a failed write leaves them to the next sweep.
func (st *store) tidy(now time.Time, force bool) {
	if ops := st.sweep(now, force); len(ops) > 0 {
		_ = st.persist(ops...)
	}
}
