package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// ErrInsecurePermissions is returned by LoadFile for a credentials file that
// its group or other users may access, that another user owns, or whose
// directory another user owns or may write.
var ErrInsecurePermissions = errors.New("auth: credentials file is accessible to other users")

// ErrMalformedFile is returned by LoadFile for a file that is not a valid
// credentials file.
var ErrMalformedFile = errors.New("auth: malformed credentials file")

// maxFileSize bounds what LoadFile reads; a credentials file is ~200 bytes.
const maxFileSize = 64 << 10

// File is what SaveFile writes: the credentials and the API endpoint (for
// example "https://procuret.com/api") the session belongs to. Printing a File
// redacts the key, as for Credentials.
type File struct {
	Credentials Credentials
	Endpoint    string
}

// fileJSON is the on-disk format.
type fileJSON struct {
	SessionID   int64  `json:"session_id"`
	APIKey      string `json:"api_key"`
	Lifecycle   int    `json:"lifecycle"`
	AgentID     int64  `json:"agent_id,omitempty"`
	Perspective int    `json:"perspective,omitempty"`
	Endpoint    string `json:"endpoint,omitempty"`
}

// SaveFile writes f to path as JSON with mode 0600 regardless of the umask,
// creating the directory with mode 0700 if it is missing. The write is atomic:
// a temporary file in the same directory is written, synced and renamed over
// path, so a reader sees either the old file or the new one, never a part.
func SaveFile(path string, f File) error {
	c := f.Credentials
	if c.IsZero() {
		return fmt.Errorf("auth: save %s: %w", path, ErrNoCredentials)
	}
	data, err := json.MarshalIndent(fileJSON{
		SessionID:   c.sessionID,
		APIKey:      string(*c.key),
		Lifecycle:   int(c.lifecycle),
		AgentID:     c.agent,
		Perspective: int(c.perspective),
		Endpoint:    f.Endpoint,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("auth: save %s: encode: %w", path, err)
	}
	data = append(data, '\n')

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("auth: save %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("auth: save %s: %w", path, err)
	}
	tmpName := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return fmt.Errorf("auth: save %s: %w", path, err)
	}
	// CreateTemp already uses 0600 minus the umask; Chmod makes it exact.
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("auth: save %s: %w", path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("auth: save %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable; failure only loses durability, not
// atomicity, so it is ignored (and some systems cannot sync directories).
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// LoadOption configures LoadFile.
type LoadOption func(*loadConfig)

type loadConfig struct{ allowInsecure bool }

// AllowInsecurePermissions makes LoadFile accept a file that group or other
// users may access, that another user owns, or that lies in a directory
// another user owns or may write. It never makes LoadFile read something that
// is not a regular file.
func AllowInsecurePermissions() LoadOption {
	return func(c *loadConfig) { c.allowInsecure = true }
}

// LoadFile reads a file written by SaveFile. The file must be a regular file
// (a named pipe or device at path fails at once, never blocks), owned by the
// user running the program, with no access for group or other users, in a
// directory that only that user (or root) owns and that group and other users
// cannot write: otherwise another local user could have written the
// credentials, or the endpoint they are sent to. It refuses such a file with
// ErrInsecurePermissions, saying what to fix, unless AllowInsecurePermissions
// is given. On Windows, whose permission bits do not mean this, only the
// regular-file check is made. A file that is not valid gives
// ErrMalformedFile; no error ever contains the key.
func LoadFile(path string, opts ...LoadOption) (File, error) {
	data, err := readSecretFile(path, opts)
	if err != nil {
		return File{}, err
	}
	var j fileJSON
	if err := json.Unmarshal(data, &j); err != nil {
		// The decoder's own messages can quote bytes of the file, which
		// may be the key, so only the position or field is reported.
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return File{}, fmt.Errorf("auth: load %s: %w: invalid JSON at byte %d", path, ErrMalformedFile, syn.Offset)
		case errors.As(err, &typ):
			return File{}, fmt.Errorf("auth: load %s: %w: field %q must be a JSON %s", path, ErrMalformedFile, typ.Field, jsonKind(typ.Type.Kind().String()))
		default:
			return File{}, fmt.Errorf("auth: load %s: %w: not a JSON object", path, ErrMalformedFile)
		}
	}
	var copts []CredentialOption
	if j.AgentID != 0 {
		copts = append(copts, ActingFor(j.AgentID))
	}
	if j.Perspective != 0 {
		copts = append(copts, WithPerspective(Perspective(j.Perspective)))
	}
	c, err := newCredentials(j.SessionID, j.APIKey, Lifecycle(j.Lifecycle), copts...)
	if err != nil {
		// newCredentials never puts the key in its errors.
		return File{}, fmt.Errorf("auth: load %s: %w: %w", path, ErrMalformedFile, err)
	}
	return File{Credentials: c, Endpoint: j.Endpoint}, nil
}

// readSecretFile reads a file that holds a secret: a regular file of at most
// maxFileSize bytes, owned by the user, that only they may access, in a
// directory only they (or root) may write (see LoadFile). Its errors
// say "auth: load PATH: ..." and never quote the file.
func readSecretFile(path string, opts []LoadOption) ([]byte, error) {
	var cfg loadConfig
	for _, o := range opts {
		o(&cfg)
	}
	// Non-blocking: opening a FIFO for reading would wait for a writer.
	fh, err := openNonBlocking(path)
	if err != nil {
		return nil, fmt.Errorf("auth: load credentials: %w", err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("auth: load credentials: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("auth: load %s: %w: not a regular file (%s)", path, ErrMalformedFile, fileKind(info.Mode()))
	}
	if !cfg.allowInsecure && runtime.GOOS != "windows" {
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			return nil, fmt.Errorf("auth: load %s: %w: mode is %#o; run `chmod 600 %s` so that only you can read it",
				path, ErrInsecurePermissions, perm, path)
		}
		if err := checkOwner(path, info); err != nil {
			return nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("auth: load %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("auth: load %s: %w: larger than %d bytes", path, ErrMalformedFile, maxFileSize)
	}
	return data, nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "struct", "map":
		return "object"
	default:
		return "integer"
	}
}

// fileKind names what a non-regular file is, for errors.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}
