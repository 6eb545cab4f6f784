//go:build unix

package auth_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
)

// Issue 11, finding 8: a FIFO at the credentials path blocked every CLI
// command forever. LoadFile opens without waiting and refuses it.
func TestLoadFileFIFODoesNotBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := auth.LoadFile(path)
		done <- err
	}()
	t.Cleanup(func() {
		// Release a LoadFile that blocks waiting for a writer.
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	select {
	case err := <-done:
		if !errors.Is(err, auth.ErrMalformedFile) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("err = %v, want ErrMalformedFile naming a named pipe", err)
		}
	case <-time.After(20 * time.Second): // a liveness bound, not a speed assertion
		t.Fatal("LoadFile is still blocked on a FIFO after 20 s")
	}
	// The override is about permissions, never about the file's kind.
	if _, err := auth.LoadFile(path, auth.AllowInsecurePermissions()); !errors.Is(err, auth.ErrMalformedFile) {
		t.Errorf("with AllowInsecurePermissions: err = %v, want ErrMalformedFile", err)
	}
}

// savedFile saves credentials at dir/credentials.json and returns the path.
func savedFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "credentials.json")
	if err := auth.SaveFile(path, auth.File{Credentials: mustCreds(t, 3, testKey, auth.LongLived), Endpoint: "https://procuret.com/api"}); err != nil {
		t.Fatal(err)
	}
	return path
}

// otherUID is a user that is not the one running the tests.
const otherUID = 65534 // nobody

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI runs as root; this test gives files to another user")
		}
		t.Skip("only root can give a file to another user")
	}
}

// A 0600 file that another user owns was accepted, with its endpoint: that
// user chose where the session's signatures go.
func TestLoadFileOwnedByAnotherUser(t *testing.T) {
	needRoot(t)
	path := savedFile(t, t.TempDir())
	if err := os.Chown(path, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	_, err := auth.LoadFile(path)
	if !errors.Is(err, auth.ErrInsecurePermissions) || !strings.Contains(err.Error(), "owned by uid 65534") {
		t.Fatalf("err = %v, want ErrInsecurePermissions naming the owner", err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error leaks the key: %v", err)
	}
	if _, err := auth.LoadFile(path, auth.AllowInsecurePermissions()); err != nil {
		t.Errorf("with AllowInsecurePermissions: %v", err)
	}
}

// A directory that others may write, or that another user owns, lets them
// put their own file in place of the user's.
func TestLoadFileDirectoryOthersMayWrite(t *testing.T) {
	for _, mode := range []os.FileMode{0o777, 0o770, 0o722, 0o1777} {
		dir := filepath.Join(t.TempDir(), "procuret")
		path := savedFile(t, dir)
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		_, err := auth.LoadFile(path)
		if !errors.Is(err, auth.ErrInsecurePermissions) || !strings.Contains(err.Error(), "chmod go-w "+dir) {
			t.Errorf("directory mode %#o: err = %v, want ErrInsecurePermissions saying chmod go-w", mode, err)
		}
		if _, err := auth.LoadFile(path, auth.AllowInsecurePermissions()); err != nil {
			t.Errorf("directory mode %#o with AllowInsecurePermissions: %v", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o700, 0o755, 0o750, 0o500} {
		dir := filepath.Join(t.TempDir(), "procuret")
		path := savedFile(t, dir)
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.LoadFile(path); err != nil {
			t.Errorf("directory mode %#o refused: %v", mode, err)
		}
		os.Chmod(dir, 0o700) // let TempDir's cleanup remove it
	}
}

func TestLoadFileDirectoryOwnedByAnotherUser(t *testing.T) {
	needRoot(t)
	dir := filepath.Join(t.TempDir(), "procuret")
	path := savedFile(t, dir)
	if err := os.Chown(dir, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadFile(path); !errors.Is(err, auth.ErrInsecurePermissions) || !strings.Contains(err.Error(), "its directory") {
		t.Errorf("err = %v, want ErrInsecurePermissions naming the directory", err)
	}
}

// A symbolic link to a file kept in a directory others may write is refused
// too; a link to a safe place is followed, as before.
func TestLoadFileSymlinkTarget(t *testing.T) {
	safe := t.TempDir()
	unsafe := filepath.Join(t.TempDir(), "shared")
	real := savedFile(t, unsafe)
	link := filepath.Join(safe, "link.json")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadFile(link); err != nil {
		t.Fatalf("a link to a private file: %v", err)
	}
	if err := os.Chmod(unsafe, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadFile(link); !errors.Is(err, auth.ErrInsecurePermissions) {
		t.Errorf("a link into a world-writable directory: err = %v, want ErrInsecurePermissions", err)
	}
}
