package procuret

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// deadlines bounds calls by the client's timeout without a timer per call.
//
// context.WithTimeout per call starts and stops a runtime timer on every call
// and costs eight allocations; on a get over loopback that was a few percent
// of the whole call. Calls whose context can never be cancelled (Background,
// TODO, values on top of them: what most programs pass) instead share one
// deadline context among all the calls that start within the same slack
// (a 64th of the timeout, at most a second): its deadline is the timeout
// after the first of them began. So every call is bounded by at most the
// client's timeout and at least the timeout less the slack; nothing outlives
// its deadline, some calls end a little earlier. A call whose context can be
// cancelled (a server's request context, say) gets its own
// context.WithTimeout as before: a merged context would need its own
// cancellation anyway.
//
// A deadlines is shared by the copies of a Client (Authenticated), and needs
// no Close: a shared context ends by itself, its timer fired, one timeout
// after it began, and holds nothing of a finished call (net/http removes the
// context it derives for a request when the response body is read).
type deadlines struct {
	timeout time.Duration // > 0
	slack   time.Duration // how much shorter than timeout a call's deadline may be
	cur     atomic.Pointer[sharedDeadline]
	mu      sync.Mutex // held to replace cur
}

// sharedDeadline is one deadline context and when it ends.
type sharedDeadline struct {
	ctx  context.Context
	at   time.Time          // from time.Now: compared on the monotonic clock
	stop context.CancelFunc // never called: the deadline's timer ends ctx
}

// maxDeadlineSlack bounds how much earlier than the client's timeout a call
// sharing a deadline may end.
const maxDeadlineSlack = time.Second

// timeout is the client's bound on a call (WithTimeout); 0: none.
func (c *Client) timeout() time.Duration {
	if c.deadlines == nil {
		return 0
	}
	return c.deadlines.timeout
}

func newDeadlines(timeout time.Duration) *deadlines {
	if timeout <= 0 {
		return nil
	}
	return &deadlines{timeout: timeout, slack: min(timeout/64, maxDeadlineSlack)}
}

// bound returns parent bounded by the timeout: parent itself when its own
// deadline comes no later, a shared deadline when parent can never be
// cancelled, and otherwise context.WithTimeout.
func (d *deadlines) bound(parent context.Context) (context.Context, context.CancelFunc) {
	if d == nil {
		return parent, noCancel
	}
	now := time.Now()
	if dl, ok := parent.Deadline(); ok && dl.Sub(now) <= d.timeout {
		return parent, noCancel
	}
	if parent.Done() != nil {
		return context.WithTimeout(parent, d.timeout)
	}
	return &boundContext{Context: d.shared(now).ctx, values: parent}, noCancel
}

// shared returns a deadline context that ends between timeout-slack and
// timeout after now.
func (d *deadlines) shared(now time.Time) *sharedDeadline {
	if s := d.cur.Load(); s != nil && s.at.Sub(now) > d.timeout-d.slack {
		return s
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.cur.Load(); s != nil && s.at.Sub(now) > d.timeout-d.slack {
		return s // another call replaced it meanwhile
	}
	s := &sharedDeadline{at: now.Add(d.timeout)}
	s.ctx, s.stop = context.WithDeadline(context.Background(), s.at)
	d.cur.Store(s)
	return s
}

// boundContext is a caller's context that can never be cancelled, bounded by
// a shared deadline: Deadline, Done and Err are the deadline's, values the
// caller's. The deadline's own value (the cancelCtx behind it) comes first,
// so that a context derived from a boundContext (net/http derives one per
// request) joins the deadline's cancellation directly, without a goroutine;
// the caller's context holds no such value, as it can never be cancelled.
type boundContext struct {
	context.Context                 // the shared deadline
	values          context.Context // the caller's
}

func (b *boundContext) Value(key any) any {
	if v := b.Context.Value(key); v != nil {
		return v
	}
	return b.values.Value(key)
}

func (b *boundContext) String() string { return "procuret.boundContext" }

func noCancel() {}
