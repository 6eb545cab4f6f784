//go:build linux || darwin || freebsd

package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/testutil"
)

// A terminal, as a person at it sees it: what the tool wrote and the terminal echoed.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Interactive login through a pseudo-terminal: a typo at the perspective prompt, a wrong
// password (reported right after it was typed, and asked again, never echoed), a code
// pasted with a space; then the session is saved.
func TestLoginThroughATerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	scr := &screen{}
	go io.Copy(scr, ptmx)

	var stdout bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(context.Background(), []string{"login", "--endpoint", h.url}, Env{
			Stdin: tty, Stdout: &stdout, Stderr: tty, ConfigDir: h.dir, Now: h.clock.Now,
			Getenv: testutil.Getenv(h.env),
		})
	}()
	// expect waits for the screen to show want after what was already seen, then types line.
	seen := 0
	expect := func(want, line string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := scr.String()
			if i := strings.Index(s[seen:], want); i >= 0 {
				seen += i + len(want)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the terminal never showed %q:\n%s", want, s)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if line != "" {
			io.WriteString(ptmx, line+"\r")
		}
	}
	expect("Email: ", "demo-supplier@example.com")
	expect("Perspective, e.g. supplier or business [supplier]: ", "suppiler")
	expect("Unknown perspective", "")
	expect("Perspective, e.g. supplier or business [supplier]: ", "supplier")
	expect("[long]: ", "short")
	expect("Password: ", "Tr0ub4dor&3")
	expect("Wrong email or password. Try the password again.", "")
	expect("Password: ", password)
	expect("Code: ", "")
	code, ok := h.sb.LastCode("demo-supplier@example.com")
	if !ok {
		t.Fatal("no code sent")
	}
	io.WriteString(ptmx, code[:3]+" "+code[3:]+"\r")
	select {
	case exit := <-done:
		if exit != ExitOK {
			t.Fatalf("exit %d\n%s", exit, scr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("login did not end:\n%s", scr.String())
	}
	f, err := auth.LoadFile(h.sessionPath())
	if err != nil || f.Credentials.Lifecycle() != auth.ShortLived || f.Endpoint != h.url {
		t.Fatalf("saved %+v (%v)", f, err)
	}
	if !strings.Contains(stdout.String(), "Logged in to "+h.url+" as demo-supplier@example.com: supplier, short-lived session.") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if s := scr.String(); strings.Contains(s, password) || strings.Contains(s, "Tr0ub4dor") {
		t.Errorf("the terminal echoed a password:\n%s", s)
	}
	if !strings.Contains(scr.String(), "demo-supplier@example.com") {
		t.Errorf("the email was not echoed (the terminal's echo is off?):\n%s", scr.String())
	}
}
