package procuret

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// unGoWord finds a word that Go spells as an initialism (ID, URL, HTTP,
// JSON, API, PDF) written in mixed case: PublicId, LogoUrl, HttpDoer.
var unGoWord = regexp.MustCompile(`(Id|Url|Http|Json|Api|Pdf)([^a-z]|$)`)

// TestGoInitialisms walks every exported identifier a user reads in the
// packages they import (procuret, gen, auth, types): type, function, method,
// constant and variable names and struct fields.
func TestGoInitialisms(t *testing.T) {
	for _, bad := range []string{"PublicId", "LogoUrl", "HttpRequestDoer", "ApiKey", "SchedulePdf", "EntityIdType"} {
		if !unGoWord.MatchString(bad) {
			t.Fatalf("the check misses %s", bad)
		}
	}
	for _, good := range []string{"PublicID", "Identity", "Indexid", "Valid", "APIKey", "Idempotent"} {
		if unGoWord.MatchString(good) {
			t.Fatalf("the check flags %s", good)
		}
	}
	for _, dir := range []string{".", "gen", "auth", "types"} {
		for name, pos := range exportedNames(t, dir) {
			if m := unGoWord.FindStringSubmatch(name); m != nil {
				t.Errorf("%s: %s spells %q; Go writes %s", pos, name, m[1], strings.ToUpper(m[1]))
			}
		}
	}
}

// exportedNames returns the exported identifiers declared in the non-test
// files of the package in dir, with where each is declared.
func exportedNames(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	names := map[string]string{}
	add := func(id *ast.Ident) {
		if id != nil && id.IsExported() {
			names[id.Name] = fset.Position(id.Pos()).String()
		}
	}
	var fields func(e ast.Expr)
	fields = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.StructType:
			for _, f := range e.Fields.List {
				for _, n := range f.Names {
					add(n)
				}
				fields(f.Type)
			}
		case *ast.InterfaceType:
			for _, f := range e.Methods.List {
				for _, n := range f.Names {
					add(n)
				}
			}
		case *ast.StarExpr:
			fields(e.X)
		case *ast.ArrayType:
			fields(e.Elt)
		case *ast.MapType:
			fields(e.Value)
		}
	}
	for _, f := range goFiles(t, dir) {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				add(d.Name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						add(s.Name)
						fields(s.Type)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(n)
						}
					}
				}
			}
		}
	}
	return names
}

func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			files = append(files, filepath.Join(dir, n))
		}
	}
	return files
}

// notReExported are the contract's schemas a caller never needs from package
// procuret: request bodies (the client's params types describe them), list
// envelopes (list methods return slices), the error body (*Error carries
// it), and primitives that are Go types already (int64, string,
// decimal.Decimal, Time, Date), and the PDF's bytes (GetInstalmentSchedulePDF
// returns a *Document).
var notReExported = []string{
	"Error", "ID", "PublicID", "Decimal", "ProcuretTime", "ProcuretDate", "PDFDocument",
}

// TestReExports checks that package procuret makes every type and enum
// value the contract defines reachable, whoever wrote it: aliases.gen.go
// (generated from gen), the hand-written wrappers (InstalmentLink), and the
// types package auth defines for the contract (Perspective, Lifecycle).
func TestReExports(t *testing.T) {
	declared := map[string]bool{}
	for name := range exportedNames(t, ".") {
		declared[name] = true
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum     []any    `yaml:"enum"`
				VarNames []string `yaml:"x-enum-varnames"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	raw, err := os.ReadFile("api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Components.Schemas) < 20 {
		t.Fatalf("read %d schemas from the contract; expected its components", len(doc.Components.Schemas))
	}
	for name, s := range doc.Components.Schemas {
		goName := goSchemaName(name)
		request := strings.HasSuffix(goName, "Create") || strings.HasSuffix(goName, "Update") || strings.HasSuffix(goName, "List")
		if request || slices.Contains(notReExported, goName) {
			continue
		}
		if !declared[goName] {
			t.Errorf("schema %s: package procuret has no %s", name, goName)
		}
		if len(s.Enum) > 0 && len(s.VarNames) != len(s.Enum) {
			t.Errorf("schema %s: %d enum values but %d x-enum-varnames", name, len(s.Enum), len(s.VarNames))
		}
		for _, v := range s.VarNames {
			if !declared[goName+v] {
				t.Errorf("schema %s: package procuret has no %s%s", name, goName, v)
			}
		}
	}
}

// goSchemaName is the Go name oapi-codegen gives a schema:
// EntityIdType → EntityIDType.
func goSchemaName(name string) string {
	return unGoWord.ReplaceAllStringFunc(name, func(w string) string {
		m := unGoWord.FindStringSubmatch(w)
		return strings.ToUpper(m[1]) + m[2]
	})
}

// TestExactIDs fails when a user could read an ID of the contract rounded
// through float64 (13991055489669748 for the demo supplier
// 13991055489669749): in generated code, go doc, the README, the docs or the
// examples. kin-openapi loads examples as float64; internal/cmd/apigen puts
// the exact digits back.
func TestExactIDs(t *testing.T) {
	raw, err := os.ReadFile("api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rounded := map[string]string{}
	for _, lit := range regexp.MustCompile(`\b[0-9]{16,19}\b`).FindAllString(string(raw), -1) {
		n, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			continue
		}
		if r := strconv.FormatInt(int64(float64(n)), 10); r != lit {
			rounded[r] = lit
		}
	}
	if _, ok := rounded["13991055489669748"]; !ok {
		t.Fatalf("the contract no longer holds the demo supplier 13991055489669749: the test has nothing to look for")
	}
	files := []string{"README.md", "example_test.go", "aliases.gen.go", "operations.gen.go"}
	for _, pattern := range []string{"gen/*.go", "sandbox/sandboxgen/*.go", "docs/*.md", "examples/*/*.go", "examples/*/*.md", "internal/cli/testdata/help*.golden"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, dir := range []string{".", "auth", "types"} {
		files = append(files, goFiles(t, dir)...)
	}
	check := func(where string, b []byte) {
		for r, exact := range rounded {
			if strings.Contains(string(b), r) {
				t.Errorf("%s shows %s, the float64 rounding of %s", where, r, exact)
			}
		}
	}
	for _, pkg := range []string{".", "./gen", "./auth"} {
		out, err := exec.Command("go", "doc", "-all", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go doc -all %s: %v\n%s", pkg, err, out)
		}
		check("go doc -all "+pkg, out)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			if !os.IsNotExist(err) {
				t.Error(err)
			}
			continue
		}
		check(f, b)
	}
}
