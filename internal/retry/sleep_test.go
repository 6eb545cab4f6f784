package retry

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The RealSleeper tests run in a synctest bubble: its timers use a fake clock that advances only
// when every goroutine in the bubble is blocked, so they never wait on the wall clock and never
// assert a wall-clock bound. Cancellation is told by the error value, not by elapsed time.

func TestRealSleeperCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- RealSleeper{}.Sleep(ctx, 10*time.Second) }()
		synctest.Wait() // Sleep is blocked, mid-wait
		select {
		case err := <-done:
			t.Fatalf("Sleep returned %v before its 10s or a cancel", err)
		default:
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep cancelled mid-wait = %v, want context.Canceled", err)
		}
	})
}

func TestRealSleeperDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		if err := (RealSleeper{}).Sleep(ctx, 10*time.Second); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Sleep = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestRealSleeperWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now() // the bubble's fake clock
		if err := (RealSleeper{}).Sleep(t.Context(), 30*time.Millisecond); err != nil {
			t.Fatalf("Sleep = %v, want nil", err)
		}
		// Deterministic: the fake clock moves only to the timer's deadline.
		if waited := time.Since(start); waited != 30*time.Millisecond {
			t.Fatalf("Sleep waited %v of the bubble's clock, want exactly 30ms", waited)
		}
	})
}

func TestRealSleeperDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, d := range []time.Duration{0, -time.Second, time.Hour} {
		if err := (RealSleeper{}).Sleep(ctx, d); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep(done ctx, %v) = %v, want context.Canceled", d, err)
		}
	}
	for _, d := range []time.Duration{0, -time.Second} { // at once, without a timer
		if err := (RealSleeper{}).Sleep(context.Background(), d); err != nil {
			t.Errorf("Sleep(%v) = %v, want nil", d, err)
		}
	}
}

func TestRecordingSleeper(t *testing.T) {
	var s RecordingSleeper
	var _ Sleeper = &s
	if err := s.Sleep(context.Background(), time.Hour); err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(done ctx) = %v, want context.Canceled", err)
	}
	got := s.Durations()
	if want := []time.Duration{time.Hour, time.Minute}; !slices.Equal(got, want) {
		t.Fatalf("Durations = %v, want %v", got, want)
	}
	got[0] = 0
	if s.Durations()[0] != time.Hour {
		t.Fatal("Durations returned the internal slice")
	}
}

func TestRecordingSleeperConcurrent(t *testing.T) {
	var s RecordingSleeper
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			s.Sleep(context.Background(), time.Duration(i))
			_ = s.Durations()
		})
	}
	wg.Wait()
	if n := len(s.Durations()); n != 50 {
		t.Fatalf("recorded %d waits, want 50", n)
	}
}
