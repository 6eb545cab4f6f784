package cli

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fullWriter takes room bytes, then fails as a full disk does.
type fullWriter struct{ room int }

func (w *fullWriter) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n := w.room
		w.room = 0
		return n, errors.New("no space left on device")
	}
	w.room -= len(p)
	return len(p), nil
}

// procuret api fails when stdout cannot take the whole answer, its final newline included.
func TestAPICommandWriteError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	var errb bytes.Buffer
	code := Run(context.Background(), []string{"--endpoint", srv.URL + "/api", "api", "GET", "/instalment-link/list"}, Env{
		Stdout: &fullWriter{room: 2}, Stderr: &errb, ConfigDir: t.TempDir(), Getenv: func(string) string { return "" },
	})
	if code != ExitFailure || !strings.Contains(errb.String(), "no space left on device") {
		t.Errorf("exit %d\n%s", code, errb.String())
	}
}
