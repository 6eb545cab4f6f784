package retry

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestRealSleeperCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	start := time.Now()
	err := RealSleeper{}.Sleep(ctx, 10*time.Second)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Sleep returned after %v, want soon after the 10ms cancel", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want context.Canceled", err)
	}
}

func TestRealSleeperDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := (RealSleeper{}).Sleep(ctx, 10*time.Second); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Sleep = %v, want context.DeadlineExceeded", err)
	}
}

func TestRealSleeperWaits(t *testing.T) {
	start := time.Now()
	if err := (RealSleeper{}).Sleep(context.Background(), 30*time.Millisecond); err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
	if elapsed := time.Since(start); elapsed < 30*time.Millisecond {
		t.Fatalf("Sleep returned after %v, want at least 30ms", elapsed)
	}
}

func TestRealSleeperDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, d := range []time.Duration{0, -time.Second, time.Hour} {
		if err := (RealSleeper{}).Sleep(ctx, d); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep(done ctx, %v) = %v, want context.Canceled", d, err)
		}
	}
	if err := (RealSleeper{}).Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v, want nil", err)
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
