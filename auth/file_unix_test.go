//go:build unix

package auth_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

// The umask is process-wide, so these tests must not run in parallel.
func withUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestSaveFileModeIgnoresUmask(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o077, 0o177, 0o277} {
		withUmask(t, mask)
		dir := filepath.Join(t.TempDir(), "new")
		path := filepath.Join(dir, "credentials.json")
		// Replacing a world-readable file must not inherit its mode.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("{}"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := auth.SaveFile(path, auth.File{Credentials: mustCreds(t, 1, testKey, auth.LongLived)}); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != 0o600 {
			t.Errorf("umask %#o: file mode %#o, want 0600", mask, got)
		}
	}
}

func TestSaveFileDirectoryMode(t *testing.T) {
	withUmask(t, 0)
	dir := filepath.Join(t.TempDir(), "procuret")
	if err := auth.SaveFile(filepath.Join(dir, "c.json"), auth.File{Credentials: mustCreds(t, 1, testKey, auth.LongLived)}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("created directory mode %#o, want 0700", got)
	}
}
