package procuret

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// maxTestFuncLines is the most lines a function in a test file may span,
// from `func` to its closing brace: a longer test is split into steps,
// rows built per area (test/integration's it…Ops) or helpers.
const maxTestFuncLines = 200

// TestTestFunctionLength walks the module's test files (generated ones
// excepted) and fails on any function longer than maxTestFuncLines, so that
// the tests stay readable one function at a time.
func TestTestFunctionLength(t *testing.T) {
	fset := token.NewFileSet()
	files, funcs := 0, 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != "." && (name == "testdata" || name == "vendor" || name == "node_modules" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		files++
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			funcs++
			start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
			if n := end.Line - start.Line + 1; n > maxTestFuncLines {
				t.Errorf("%s: %s is %d lines, over %d: split it into steps, rows or helpers", start, fd.Name.Name, n, maxTestFuncLines)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The walk is real: it saw this file, this function and the integration tests.
	if files < 20 || funcs < 200 {
		t.Errorf("walked %d test files, %d functions: the walk missed the module", files, funcs)
	}
}
