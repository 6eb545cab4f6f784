package cli

import (
	"os"
	"testing"

	"github.com/shopspring/decimal"
)

// TestMain makes the choice cmd/procuret's main makes: amounts keep their trailing zeros.
func TestMain(m *testing.M) {
	decimal.TrimTrailingZeros = false
	os.Exit(m.Run())
}
