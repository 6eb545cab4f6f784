package auth_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

func TestFileRoundTrip(t *testing.T) {
	for _, c := range []auth.Credentials{
		mustCreds(t, 36284293055983192, testKey, auth.LongLived),
		mustCreds(t, math.MaxInt64, testKey, auth.ShortLived, auth.ActingFor(13991055489669749), auth.WithPerspective(1)),
	} {
		path := filepath.Join(t.TempDir(), "credentials.json")
		in := auth.File{Credentials: c, Endpoint: "https://demo.procuret.com/api"}
		if err := auth.SaveFile(path, in); err != nil {
			t.Fatal(err)
		}
		out, err := auth.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !out.Credentials.Equal(c) || out.Endpoint != in.Endpoint {
			t.Errorf("round trip: got %+v, want %+v", out, in)
		}
	}
}

func TestFileFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	c := mustCreds(t, 36284293055983192, testKey, auth.LongLived)
	if err := auth.SaveFile(path, auth.File{Credentials: c, Endpoint: "https://procuret.com/api"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"session_id": `36284293055983192`, // a JSON number, exact beyond 2^53
		"api_key":    `"` + testKey + `"`,
		"lifecycle":  `2`,
		"endpoint":   `"https://procuret.com/api"`,
	}
	if len(raw) != len(want) {
		t.Errorf("file has keys %v, want exactly %v (agent_id and perspective omitted when unset)", raw, want)
	}
	for k, v := range want {
		if string(raw[k]) != v {
			t.Errorf("%s = %s, want %s", k, raw[k], v)
		}
	}

	// A file written by hand (or another tool) in the documented format loads.
	hand := `{"session_id": 9007199254740993, "api_key": "k", "lifecycle": 1, "agent_id": 7, "perspective": 1, "endpoint": "https://x"}`
	if err := os.WriteFile(path, []byte(hand), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := auth.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	agent, _ := f.Credentials.Agent()
	if f.Credentials.SessionID() != 9007199254740993 || f.Credentials.APIKey() != "k" || f.Credentials.Lifecycle() != auth.ShortLived ||
		agent != 7 || f.Credentials.Perspective() != 1 || f.Endpoint != "https://x" {
		t.Errorf("loaded %+v", f)
	}
}

func TestSaveFileCreatesPrivateDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "procuret", "nested")
	path := filepath.Join(dir, "credentials.json")
	if err := auth.SaveFile(path, auth.File{Credentials: mustCreds(t, 1, testKey, auth.LongLived)}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		t.Errorf("directory mode %v, want no group/other access", info.Mode().Perm())
	}
}

func TestSaveFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "credentials.json")
	if err := os.WriteFile(path, []byte("old contents"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := mustCreds(t, 2, testKey, auth.LongLived)
	for range 3 {
		if err := auth.SaveFile(path, auth.File{Credentials: c}); err != nil {
			t.Fatal(err)
		}
	}
	assertOnlyFiles(t, dir, "credentials.json")
	if _, err := auth.LoadFile(path); err != nil {
		t.Fatalf("the replaced file does not load: %v", err)
	}
}

func TestSaveFileFailureLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "is-a-directory")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := auth.SaveFile(target, auth.File{Credentials: mustCreds(t, 2, testKey, auth.LongLived)})
	if err == nil {
		t.Fatal("saving over a non-empty directory succeeded")
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error leaks the key: %v", err)
	}
	assertOnlyFiles(t, dir, "is-a-directory")
}

func TestSaveFileZeroCredentials(t *testing.T) {
	dir := t.TempDir()
	err := auth.SaveFile(filepath.Join(dir, "c.json"), auth.File{Endpoint: "https://procuret.com/api"})
	if !errors.Is(err, auth.ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	assertOnlyFiles(t, dir)
}

func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %q, want %q (temporary file left behind?)", got, names)
	}
}

func TestLoadFileInsecurePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits are not checked on Windows")
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	c := mustCreds(t, 3, testKey, auth.LongLived)
	if err := auth.SaveFile(path, auth.File{Credentials: c}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o666, 0o700 | 0o010} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := auth.LoadFile(path)
		if !errors.Is(err, auth.ErrInsecurePermissions) {
			t.Fatalf("mode %#o: err = %v, want ErrInsecurePermissions", mode, err)
		}
		msg := err.Error()
		for _, want := range []string{path, "chmod 600", fmt.Sprintf("mode is %#o", mode.Perm())} {
			if !strings.Contains(msg, want) {
				t.Errorf("mode %#o: error %q does not mention %q", mode, msg, want)
			}
		}
		if strings.Contains(msg, testKey) {
			t.Errorf("error leaks the key: %q", msg)
		}
		f, err := auth.LoadFile(path, auth.AllowInsecurePermissions())
		if err != nil || !f.Credentials.Equal(c) {
			t.Errorf("mode %#o with AllowInsecurePermissions: %v", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400, 0o700} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.LoadFile(path); err != nil {
			t.Errorf("mode %#o refused: %v", mode, err)
		}
	}
}

func TestLoadFileMalformed(t *testing.T) {
	for _, tc := range []struct{ name, contents, wantMsg string }{
		{"empty", ``, "invalid JSON"},
		{"bare key", testKey, "invalid JSON"},
		{"truncated", `{"session_id": 1, "api_key": "` + testKey + `", "lifecycle": `, "invalid JSON"},
		{"bad character after key", `{"session_id": 1, "api_key": "` + testKey + `" ` + testKey + `}`, "invalid JSON"},
		{"key as session id", `{"session_id": "` + testKey + `", "api_key": "` + testKey + `", "lifecycle": 2}`, `"session_id" must be a JSON integer`},
		{"key unquoted number", `{"session_id": 1, "api_key": 12345678901234567890, "lifecycle": 2}`, `"api_key" must be a JSON string`},
		{"session id too large", `{"session_id": 92233720368547758070, "api_key": "` + testKey + `", "lifecycle": 2}`, `"session_id" must be a JSON integer`},
		{"array", `["` + testKey + `"]`, "malformed"},
		{"missing session id", `{"api_key": "` + testKey + `", "lifecycle": 2}`, "session id must be positive"},
		{"missing key", `{"session_id": 4, "lifecycle": 2}`, "api key is empty"},
		{"missing lifecycle", `{"session_id": 4, "api_key": "` + testKey + `"}`, "unknown lifecycle 0"},
		{"negative agent", `{"session_id": 4, "api_key": "` + testKey + `", "lifecycle": 2, "agent_id": -1}`, "agent id must be positive"},
		{"trailing data", `{"session_id": 4, "api_key": "` + testKey + `", "lifecycle": 2} ` + testKey, "invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "credentials.json")
			if err := os.WriteFile(path, []byte(tc.contents), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := auth.LoadFile(path)
			if err == nil {
				t.Fatalf("loaded %v", f)
			}
			if !errors.Is(err, auth.ErrMalformedFile) {
				t.Errorf("err = %v, want ErrMalformedFile", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantMsg) || !strings.Contains(msg, path) {
				t.Errorf("error %q should mention %q and the path", msg, tc.wantMsg)
			}
			if strings.Contains(msg, testKey) || strings.Contains(msg, testKey[:1]+"'") || strings.Contains(msg, "12345678901234567890") {
				t.Errorf("error leaks (part of) the key: %q", msg)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := auth.LoadFile(filepath.Join(t.TempDir(), "absent.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want os.ErrNotExist", err)
	}
}

func TestLoadFileNotRegular(t *testing.T) {
	_, err := auth.LoadFile(t.TempDir())
	if !errors.Is(err, auth.ErrMalformedFile) {
		t.Fatalf("err = %v, want ErrMalformedFile", err)
	}
}
