package auth_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
)

// The Python SDK's session file for tests: testdata/python-session.b64 was written by Python
// exactly as procuret-python 0.0.43 does it (Session.save_to_file:
// b64encode(json.dumps(session.encode()).encode('utf-8')).decode('utf-8'), no newline).
const (
	pySessionID  = int64(36284293055983192) // above 2^53
	pyAPIKey     = "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ"
	pySessionKey = "c2Vzc2lvbi1rZXktZm9yLXRlc3RzLW9ubHk"
)

// private copies a file to a temporary one with mode 0600 (git does not keep modes).
func private(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "session")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadPythonSession(t *testing.T) {
	data, err := os.ReadFile("testdata/python-session.b64")
	if err != nil {
		t.Fatal(err)
	}
	c, err := auth.LoadPythonSession(private(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionID() != pySessionID || c.APIKey() != pyAPIKey || c.Lifecycle() != auth.LongLived || c.Perspective() != auth.PerspectiveSupplier {
		t.Errorf("credentials = %v (key ok: %v)", c, c.APIKey() == pyAPIKey)
	}
	if _, ok := c.Agent(); ok {
		t.Error("a Python session acts for its own agent")
	}
	// Printing shows neither secret.
	for _, s := range []string{fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		if strings.Contains(s, pyAPIKey) || strings.Contains(s, pySessionKey) {
			t.Errorf("printed credentials hold a secret: %s", s)
		}
	}
	// It signs like any other session.
	now := time.Unix(1764250200, 0)
	req := httptest.NewRequest("GET", "https://procuret.com/api/entity?entity_id=1", nil)
	if err := auth.NewSigner(c, auth.WithClock(func() time.Time { return now })).Sign(req); err != nil {
		t.Fatal(err)
	}
	if req.Header.Get(auth.HeaderSessionID) != "36284293055983192" || !auth.Verify(pyAPIKey, "/entity", req.Header.Get(auth.HeaderSignature), now) {
		t.Errorf("signed headers %v do not verify", req.Header)
	}
	// Python's decoder ignores line breaks; so does this one.
	wrapped := strings.TrimSpace(string(data))
	wrapped = wrapped[:40] + "\n" + wrapped[40:] + "\n"
	if c2, err := auth.LoadPythonSession(private(t, []byte(wrapped))); err != nil || !c2.Equal(c) {
		t.Errorf("with line breaks: %v, %v", c2, err)
	}
}

// TestLoadPythonSessionMadeByPython has Python write the file, with the Python SDK's own code
// for it, and the file mode Python gives it.
func TestLoadPythonSessionMadeByPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is missing in CI")
		}
		t.Skip("python3 not installed")
	}
	if runtime.GOOS == "windows" {
		t.Skip("file modes")
	}
	path := filepath.Join(t.TempDir(), "procuret.session")
	// procuret/session.py: Session._to_storage_format and save_to_file, for a short-lived
	// customer session (Lifecycle.SHORT_LIVED = 1, Perspective.BUSINESS = 2).
	script := `
import json, sys
from base64 import b64encode
encoded = {'session_id': 9007199254740993, 'session_key': 'sk-made-by-python', 'api_key': 'ak-made-by-python', 'lifecycle': 1, 'perspective': 2}
with open(sys.argv[1], 'w') as wfile:
    wfile.write(b64encode(json.dumps(encoded).encode('utf-8')).decode('utf-8'))
`
	if out, err := exec.Command("sh", "-c", "umask 022 && \"$0\" \"$@\"", python, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	// Python wrote it readable by others (0644): refused, with what to do.
	_, err = auth.LoadPythonSession(path)
	if !errors.Is(err, auth.ErrInsecurePermissions) || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("err = %v, want ErrInsecurePermissions with the chmod to run", err)
	}
	c, err := auth.LoadPythonSession(path, auth.AllowInsecurePermissions())
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionID() != 9007199254740993 || c.APIKey() != "ak-made-by-python" || c.Lifecycle() != auth.ShortLived || c.Perspective() != auth.PerspectiveBusiness {
		t.Errorf("credentials = %v", c)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadPythonSession(path); err != nil {
		t.Errorf("after chmod 600: %v", err)
	}
}

func TestLoadPythonSessionMalformed(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	full := func(repl ...string) string {
		j := fmt.Sprintf(`{"session_id": %d, "session_key": %q, "api_key": %q, "lifecycle": 2, "perspective": 1}`, pySessionID, pySessionKey, pyAPIKey)
		return b64(strings.NewReplacer(repl...).Replace(j))
	}
	for name, c := range map[string]struct{ data, want string }{
		"empty":                {"", "empty"},
		"our own format":       {`{"session_id": 1, "api_key": "` + pyAPIKey + `", "lifecycle": 2}`, "LoadFile"},
		"not base64":           {"%%%" + pyAPIKey, "not base64"},
		"base64 of not JSON":   {b64("session " + pyAPIKey), "not JSON"},
		"base64 of a string":   {b64(`"` + pyAPIKey + `"`), "not a JSON object"},
		"no session_key":       {full(`"session_key": "`+pySessionKey+`", `, ""), `"session_key" is missing`},
		"empty session_key":    {full(pySessionKey, ""), "session_key is empty"},
		"no api_key":           {full(`"api_key": "`+pyAPIKey+`", `, ""), `"api_key" is missing`},
		"api_key a number":     {full(`"`+pyAPIKey+`"`, "12345"), `"api_key" must be a JSON string`},
		"session_key a number": {full(`"`+pySessionKey+`"`, "7"), `"session_key" must be a JSON string`},
		"bad lifecycle":        {full(`"lifecycle": 2`, `"lifecycle": 3`), "unknown lifecycle 3"},
		"bad perspective":      {full(`"perspective": 1`, `"perspective": 9`), "unknown perspective 9"},
		"zero session_id":      {full(fmt.Sprint(pySessionID), "0"), "session id must be positive"},
		"two values":           {b64(`{} {}`), "more than one"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := auth.LoadPythonSession(private(t, []byte(c.data)))
			if !errors.Is(err, auth.ErrMalformedFile) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrMalformedFile mentioning %q", err, c.want)
			}
			msg := err.Error()
			for _, secret := range []string{pyAPIKey, pySessionKey, b64(pyAPIKey), b64(pySessionKey)} {
				if strings.Contains(msg, secret) {
					t.Errorf("the error quotes a secret: %s", msg)
				}
			}
			if !strings.HasPrefix(msg, "auth: load ") {
				t.Errorf("error %q does not name the file", msg)
			}
		})
	}
	if _, err := auth.LoadPythonSession(filepath.Join(t.TempDir(), "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
