package sandbox

import (
	"sync"
	"time"
)

// requestEntry is one request as the inspector's request log shows it: never a header value,
// query, body, key or signature; the authentication verdict and the error are in words.
type requestEntry struct {
	Seq      int64     `json:"seq"`
	Time     time.Time `json:"time"`
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Status   int       `json:"status"`
	Auth     string    `json:"auth,omitempty"`    // the authentication verdict, e.g. "signature valid (previous window)"
	Error    string    `json:"error,omitempty"`   // the error body's message, for a 4xx or 5xx
	Created  string    `json:"created,omitempty"` // what the request created, e.g. a link's public ID
	Session  int64     `json:"session,omitempty"` // the session it came with (or created)
	Fault    string    `json:"fault,omitempty"`   // an injected fault
	Duration float64   `json:"duration_ms"`
}

// requestLog is a ring of the latest requests.
type requestLog struct {
	mu   sync.Mutex
	buf  []requestEntry
	next int // where the next entry goes
	full bool
	seq  int64
}

func newRequestLog(size int) *requestLog { return &requestLog{buf: make([]requestEntry, size)} }

func (l *requestLog) add(e requestEntry) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	l.buf[l.next] = e
	l.next++
	if l.next == len(l.buf) {
		l.next, l.full = 0, true
	}
}

// latest returns up to n entries, newest first (n <= 0: all it holds).
func (l *requestLog) latest(n int) []requestEntry {
	if l == nil {
		return []requestEntry{}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	size := l.next
	if l.full {
		size = len(l.buf)
	}
	if n <= 0 || n > size {
		n = size
	}
	out := make([]requestEntry, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, l.buf[(l.next-i+len(l.buf))%len(l.buf)])
	}
	return out
}
