// Package testutil holds small helpers that tests in several packages of the module share.
//
// Only _test.go files import it (a test checks this). It imports only the standard library, so
// that any package's tests can use it, the root package's internal tests included, without an
// import cycle; and it keeps no state of its own between calls.
package testutil

import (
	"bytes"
	"fmt"
	"regexp"
	"sync"
	"time"
)

// SyncBuffer is a bytes.Buffer safe for concurrent use: a log sink or an output that a server
// or a running command writes while the test reads it. The zero SyncBuffer is empty and ready.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Getenv returns a func(string) string that reads the environment variables from vars, as
// os.Getenv would read them from the process: a missing one is "". A nil vars holds none.
func Getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// WaitMatch polls out (e.g. a *SyncBuffer that a server writes) until re matches it, and
// returns the match as re.FindStringSubmatch does, or nil when timeout passes first.
func WaitMatch(out fmt.Stringer, re *regexp.Regexp, timeout time.Duration) []string {
	for deadline := time.Now().Add(timeout); ; time.Sleep(5 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			return nil
		}
	}
}
