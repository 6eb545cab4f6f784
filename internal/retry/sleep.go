package retry

import (
	"context"
	"sync"
	"time"
)

// Sleeper waits between attempts. Sleep returns nil after d, or ctx's error
// as soon as ctx is done, whichever comes first.
type Sleeper interface {
	Sleep(ctx context.Context, d time.Duration) error
}

// RealSleeper waits on the wall clock.
type RealSleeper struct{}

// Sleep waits for d or until ctx is done. With d <= 0 it returns ctx.Err()
// at once, so a loop never starts another attempt under a dead context.
func (RealSleeper) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RecordingSleeper is a Sleeper for tests: it records every requested wait
// and returns at once, with ctx.Err() if ctx is already done. The zero value
// is ready to use and safe for concurrent use.
type RecordingSleeper struct {
	mu     sync.Mutex
	waited []time.Duration
}

// Sleep records d and returns ctx.Err() without waiting.
func (s *RecordingSleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waited = append(s.waited, d)
	s.mu.Unlock()
	return ctx.Err()
}

// Durations returns a copy of the recorded waits, oldest first.
func (s *RecordingSleeper) Durations() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waited...)
}
