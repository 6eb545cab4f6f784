// Package sandboxtest starts a Procuret sandbox for a test: on 127.0.0.1 with a free port,
// shut down when the test ends.
package sandboxtest

import (
	"context"
	"testing"
	"time"

	"github.com/procuret/procuret-go/sandbox"
)

// Start serves a new sandbox on 127.0.0.1 for the duration of t and returns its API base URL
// ("http://127.0.0.1:PORT/api") and the sandbox, for its accessors (LastCode, Links, NewSession,
// SetFaults …). It fails t if the sandbox cannot start.
func Start(t testing.TB, opts ...sandbox.Option) (string, *sandbox.Sandbox) {
	t.Helper()
	sb, err := sandbox.Start("127.0.0.1:0", opts...)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := sb.Shutdown(ctx); err != nil {
			t.Errorf("sandboxtest: shutdown: %v", err)
		}
		if err := sb.Close(); err != nil { // a data directory (WithDataDir), if any
			t.Errorf("sandboxtest: close: %v", err)
		}
	})
	return sb.URL(), sb
}
