package procuret

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeQuickstartCompiles holds the README's quickstart to
// examples/login/main.go, byte for byte, and builds that program: the
// quickstart compiles as written.
func TestReadmeQuickstartCompiles(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Quickstart\n")
	if !ok {
		t.Fatal("README.md has no Quickstart section")
	}
	_, block, ok := strings.Cut(section, "```go\n")
	if !ok {
		t.Fatal("the Quickstart section has no Go code block")
	}
	block, _, _ = strings.Cut(block, "```\n")
	program, err := os.ReadFile(filepath.Join("examples", "login", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if block != string(program) {
		t.Fatal("README.md's quickstart is not examples/login/main.go: copy the program into the README")
	}
	if testing.Short() {
		return
	}
	out, err := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "login"), "./examples/login").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./examples/login: %v\n%s", err, out)
	}
}
