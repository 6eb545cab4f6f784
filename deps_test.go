package procuret

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies checks that a program importing the client compiles only
// the client: not the sandbox, not the contract, not kin-openapi or
// oapi-codegen's generator, not the tests' YAML reader.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/procuret/procuret-go").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	has := map[string]bool{}
	for _, d := range deps {
		has[d] = true
		for _, bad := range []string{
			"github.com/getkin/kin-openapi",
			"github.com/oapi-codegen/oapi-codegen",
			"github.com/procuret/procuret-go/sandbox",
			"github.com/procuret/procuret-go/api",
			"go.yaml.in/yaml",
			"gopkg.in/yaml",
			"testing",
		} {
			if d == bad || strings.HasPrefix(d, bad+"/") {
				t.Errorf("package procuret depends on %s", d)
			}
		}
	}
	// The list is real: it holds what the client does use.
	for _, want := range []string{"github.com/procuret/procuret-go", "github.com/procuret/procuret-go/gen", "github.com/procuret/procuret-go/auth", "github.com/shopspring/decimal"} {
		if !has[want] {
			t.Errorf("go list -deps lacks %s; got %d packages", want, len(deps))
		}
	}
}
