package procuret

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a
// retry loop, a reconciliation or an iterator that leaks shows up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// noSleep is a WithSleeper that returns at once, so that tests which retry
// never wait.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }
