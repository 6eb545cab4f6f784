package procuret

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

type deadlineKey struct{}

// A context that can never be cancelled gets a shared deadline: between the
// timeout less the slack and the timeout away, the caller's values, the
// deadline's error (and cause) when it passes, passed on to what net/http
// derives from it; and the calls that start within the slack share it.
func TestDeadlinesShareOneForUncancellableContexts(t *testing.T) {
	const timeout = 640 * time.Millisecond // slack 10 ms
	d := newDeadlines(timeout)
	if d.slack != 10*time.Millisecond {
		t.Fatalf("slack = %v, want a 64th of the timeout", d.slack)
	}
	parent := context.WithValue(context.Background(), deadlineKey{}, "mine")
	before := time.Now()
	ctx, cancel := d.bound(parent)
	defer cancel()
	dl, ok := ctx.Deadline()
	if !ok || dl.Before(before.Add(timeout-d.slack)) || dl.After(time.Now().Add(timeout)) {
		t.Fatalf("deadline %v (set %v) is not %v less at most %v from the call", dl.Sub(before), ok, timeout, d.slack)
	}
	if ctx.Value(deadlineKey{}) != "mine" || ctx.Done() == nil || ctx.Err() != nil {
		t.Fatalf("value %v, done %v, err %v: want the caller's value and a live deadline", ctx.Value(deadlineKey{}), ctx.Done(), ctx.Err())
	}
	long := newDeadlines(time.Minute) // a slack (0.94 s) no loaded machine spends between two lines
	first, _ := long.bound(parent)
	again, _ := long.bound(context.TODO())
	if again.Done() != first.Done() {
		t.Error("two calls within the slack got a deadline each; want one shared")
	}
	if again.Value(deadlineKey{}) != nil {
		t.Error("a call sees another call's values")
	}
	child, stop := context.WithCancelCause(ctx) // as net/http derives one per request
	defer stop(nil)
	select {
	case <-child.Done():
	case <-time.After(10 * timeout):
		t.Fatal("the deadline never ended the derived context")
	}
	for _, c := range []context.Context{ctx, child} {
		if !errors.Is(c.Err(), context.DeadlineExceeded) || !errors.Is(context.Cause(c), context.DeadlineExceeded) {
			t.Errorf("err %v, cause %v; want the deadline's", c.Err(), context.Cause(c))
		}
	}
	// Past the slack, the next call gets a deadline of its own.
	next, cancel3 := d.bound(parent)
	defer cancel3()
	if next.Done() == ctx.Done() || next.Err() != nil {
		t.Error("a call after the shared deadline passed got it again")
	}
	if dl, _ := next.Deadline(); time.Until(dl) < timeout-2*d.slack-100*time.Millisecond {
		t.Errorf("the next deadline is %v away, want about %v", time.Until(dl), timeout)
	}
}

// A context that can be cancelled gets a deadline of its own, ended by its
// cancellation too; one whose deadline comes sooner is used as it is; and a
// client without a timeout bounds nothing.
func TestDeadlinesOtherContexts(t *testing.T) {
	d := newDeadlines(time.Minute)
	d.bound(context.Background()) // a shared deadline exists, which the cancellable context must not get
	parent, cancelParent := context.WithCancel(context.Background())
	ctx, cancel := d.bound(parent)
	defer cancel()
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > time.Minute || time.Until(dl) < time.Minute-time.Second {
		t.Errorf("deadline %v away (set %v), want the timeout", time.Until(dl), ok)
	}
	if shared := d.cur.Load(); shared == nil || shared.ctx.Done() == ctx.Done() {
		t.Error("a cancellable context got the shared deadline")
	}
	cancelParent()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("err %v after the caller cancelled, want context.Canceled", ctx.Err())
	}

	soon, cancelSoon := context.WithTimeout(context.Background(), time.Second)
	defer cancelSoon()
	if got, _ := d.bound(soon); got != soon {
		t.Error("a context with a sooner deadline was wrapped")
	}
	if got, _ := newDeadlines(0).bound(context.Background()); got != context.Background() {
		t.Error("a client without a timeout bounded a call")
	}
}

// The shared deadline costs a call one allocation (its boundContext), where
// context.WithTimeout costs eight and a timer.
func TestDeadlinesAllocation(t *testing.T) {
	d := newDeadlines(time.Minute)
	d.bound(context.Background())
	if n := testing.AllocsPerRun(100, func() { d.bound(context.Background()) }); n > 1 {
		t.Errorf("%v allocations per call, want at most 1", n)
	}
}

// Contexts derived from a shared deadline (net/http derives one per request)
// join its cancellation directly: deriving many starts no goroutine, and the
// deadline still ends each.
func TestDeadlinesDerivedWithoutGoroutines(t *testing.T) {
	d := newDeadlines(640 * time.Millisecond)
	before := runtime.NumGoroutine()
	var children []context.Context
	for range 100 {
		ctx, _ := d.bound(context.WithValue(context.Background(), deadlineKey{}, 1))
		child, stop := context.WithCancelCause(ctx)
		defer stop(nil)
		children = append(children, child)
	}
	if n := runtime.NumGoroutine() - before; n > 0 {
		t.Errorf("deriving 100 contexts started %d goroutines", n)
	}
	for _, c := range children {
		<-c.Done()
		if !errors.Is(c.Err(), context.DeadlineExceeded) {
			t.Fatalf("a derived context ended with %v, want the deadline", c.Err())
		}
	}
}
