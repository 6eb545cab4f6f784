//go:build unix

package auth

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// openNonBlocking opens path for reading without waiting for a writer (a
// FIFO) or a carrier (a terminal); reads of a regular file are unaffected.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// checkOwner refuses a credentials file that another user owns, or whose
// directory (the directory of path, and, when path is a symbolic link, the
// directory of the file it leads to) another user owns or may write: whoever
// can write there can put their own credentials and endpoint in its place.
func checkOwner(path string, info os.FileInfo) error {
	uid := uint32(os.Geteuid())
	if st, ok := info.Sys().(*syscall.Stat_t); ok && st.Uid != uid {
		return fmt.Errorf("auth: load %s: %w: the file is owned by uid %d, not by you (uid %d); save your own session, or run `chown %d %s`",
			path, ErrInsecurePermissions, st.Uid, uid, uid, path)
	}
	dirs := []string{filepath.Dir(path)}
	if li, err := os.Lstat(path); err == nil && li.Mode()&os.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(path); err == nil && filepath.Dir(real) != dirs[0] {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	for _, dir := range dirs {
		di, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("auth: load %s: %w", path, err)
		}
		st, ok := di.Sys().(*syscall.Stat_t)
		if !ok {
			continue
		}
		if st.Uid != uid && st.Uid != 0 {
			return fmt.Errorf("auth: load %s: %w: its directory %s is owned by uid %d, not by you (uid %d) or root; keep credentials in a directory of your own",
				path, ErrInsecurePermissions, dir, st.Uid, uid)
		}
		if perm := di.Mode().Perm(); perm&0o022 != 0 {
			return fmt.Errorf("auth: load %s: %w: its directory %s has mode %#o, so other users may replace the file; run `chmod go-w %s`",
				path, ErrInsecurePermissions, dir, perm, dir)
		}
	}
	return nil
}
