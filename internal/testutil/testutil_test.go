package testutil_test

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procuret/procuret-go/internal/testutil"
)

func TestSyncBuffer(t *testing.T) {
	var b testutil.SyncBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprintf(&b, "%d\n", i)
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := strings.Count(b.String(), "\n"); n != 800 {
		t.Errorf("%d lines, want 800", n)
	}
}

func TestGetenv(t *testing.T) {
	getenv := testutil.Getenv(map[string]string{"A": "1"})
	if getenv("A") != "1" || getenv("B") != "" || testutil.Getenv(nil)("A") != "" {
		t.Error("Getenv reads the wrong values")
	}
}

func TestWaitMatch(t *testing.T) {
	var b testutil.SyncBuffer
	go func() {
		time.Sleep(20 * time.Millisecond)
		b.Write([]byte("listening on :8080\n"))
	}()
	re := regexp.MustCompile(`listening on (:[0-9]+)`)
	if m := testutil.WaitMatch(&b, re, 5*time.Second); len(m) != 2 || m[1] != ":8080" {
		t.Errorf("WaitMatch = %q", m)
	}
	start := time.Now()
	if m := testutil.WaitMatch(&b, regexp.MustCompile(`never`), 30*time.Millisecond); m != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("WaitMatch = %q after %v, want nil after the timeout", m, time.Since(start))
	}
}

// TestOnlyTestsImportIt checks that no package of the module imports testutil from non-test
// code, so that no program or library compiles it in.
func TestOnlyTestsImportIt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	const self = "github.com/procuret/procuret-go/internal/testutil"
	out, err := exec.Command(goTool, "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "github.com/procuret/procuret-go/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(pkgs) < 10 {
		t.Fatalf("go list listed only %d packages:\n%s", len(pkgs), out)
	}
	for _, line := range pkgs {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if imp == self {
				t.Errorf("%s imports %s outside its tests", f[0], self)
			}
		}
	}
	// And testutil itself imports only the standard library.
	out, err = exec.Command(goTool, "list", "-deps", "-f", `{{if not .Standard}}{{.ImportPath}}{{end}}`, self).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	if deps := strings.Fields(string(out)); len(deps) != 1 || deps[0] != self {
		t.Errorf("%s depends on more than the standard library: %q", self, deps)
	}
}
