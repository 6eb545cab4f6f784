package procuret

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a
// retry loop, a reconciliation or an iterator that leaks shows up here.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
