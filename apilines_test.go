package procuret

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The `// API:` convention, checked by TestAPILines (as go-github's
// tools/metadata checks its "GitHub API docs" lines):
//
//   - Every exported method of *Client that sends requests ends its doc
//     comment with one line per operation it calls, `API: METHOD /path`,
//     METHOD and path as api/openapi.yaml spells them (the path below the
//     API root, without its query). Several methods may wrap one operation
//     (GetSupplier and GetSupplierByPublicID are both GET /supplier).
//   - The first line is the method's own operation. An operation it calls
//     only on the way follows, with a note after a comma saying when:
//     `API: GET /instalment-link/list, when the outcome is unknown`.
//   - An iterator (a method returning iter.Seq2) calls its operation page
//     after page and says so: `API: GET /instalment-link/list, repeatedly`.
//     Only iterators say "repeatedly".
//   - A method that sends nothing carries no API line and is listed in
//     sendsNothing with the reason.
//   - What the lines say is what the code does: the operations a method
//     refers to (opXxx, the generated table's variables), directly or through
//     the package's functions and the *Client methods it calls, are exactly
//     its API lines.
//   - Every operation of the contract is called by at least one method, or
//     is listed in notWrapped with the reason.

// sendsNothing lists the exported methods of *Client that send no request.
var sendsNothing = map[string]string{
	"Authenticated":     "derives a client with other credentials",
	"Endpoint":          "returns the API root the client was built with",
	"Credentials":       "returns the client's credentials",
	"InstalmentLinkURL": "builds the customer's page URL from the endpoint",
}

// anyOperation lists the exported methods of *Client that call whichever
// operation their caller names, so that no API line can say which: they refer
// to none of the generated table's operations either.
var anyOperation = map[string]string{
	"Raw": "a signed call of any method and path (procuret api)",
}

// notWrapped lists the operations of the contract (by operationId) that no
// method calls, with the reason. Empty: the client wraps every operation.
var notWrapped = map[string]string{}

var apiLine = regexp.MustCompile(`^API: (GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (/[^\s?,]*)(?:, ([a-z][^,]*))?$`)

// rootPackage is the root package's non-test, parsed sources.
type rootPackage struct {
	fset  *token.FileSet
	funcs map[string]*ast.FuncDecl // "name" for functions, "Recv.name" for methods
	opVar map[string]bool          // the generated table's variables: opGetEntity, ...
}

func parseRootPackage(t *testing.T) *rootPackage {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	p := &rootPackage{fset: token.NewFileSet(), funcs: map[string]*ast.FuncDecl{}, opVar: map[string]bool{}}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != "procuret" {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.funcs[funcKey(d)] = d
			case *ast.GenDecl:
				if name != "operations.gen.go" || d.Tok != token.VAR {
					continue
				}
				for _, s := range d.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.CompositeLit); ok && isIdent(lit.Type, "operation") {
								p.opVar[n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	if len(p.opVar) == 0 {
		t.Fatal("operations.gen.go declares no opXxx variables")
	}
	return p
}

// funcKey is "name" for a function and "Recv.name" for a method.
func funcKey(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	return recvType(d) + "." + d.Name.Name
}

func recvType(d *ast.FuncDecl) string {
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr: // a generic receiver
		if id, ok := t.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return "?"
}

// opsUsed returns the operation variables key's function refers to, directly
// or through the package's functions and the methods of its receiver's type
// that it calls.
func (p *rootPackage) opsUsed(key string, seen map[string]bool) map[string]bool {
	out := map[string]bool{}
	d := p.funcs[key]
	if d == nil || d.Body == nil || seen[key] {
		return out
	}
	seen[key] = true
	recv := ""
	if d.Recv != nil && len(d.Recv.List[0].Names) == 1 {
		recv = d.Recv.List[0].Names[0].Name
	}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if p.opVar[n.Name] {
				out[n.Name] = true
			} else if p.funcs[n.Name] != nil {
				for op := range p.opsUsed(n.Name, seen) {
					out[op] = true
				}
			}
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok && recv != "" && x.Name == recv {
				for op := range p.opsUsed(recvType(d)+"."+n.Sel.Name, seen) {
					out[op] = true
				}
			}
		}
		return true
	})
	return out
}

// opVarName is the generated table's variable for an operationId.
func opVarName(id string) string { return "op" + strings.ToUpper(id[:1]) + id[1:] }

func TestAPILines(t *testing.T) {
	p := parseRootPackage(t)
	byWire := map[string]*operation{} // "GET /entity"
	for _, op := range operations {
		if !p.opVar[opVarName(op.id)] {
			t.Errorf("operation %s: operations.gen.go declares no %s", op.id, opVarName(op.id))
		}
		byWire[op.method+" "+op.path] = op
	}
	called := map[string][]string{} // operationId -> methods
	var methods []string
	for key, d := range p.funcs {
		if d.Recv == nil || recvType(d) != "Client" || !d.Name.IsExported() {
			continue
		}
		if _, ok := d.Recv.List[0].Type.(*ast.StarExpr); !ok {
			t.Errorf("%s: a method of Client, not *Client", key)
		}
		methods = append(methods, d.Name.Name)
	}
	sort.Strings(methods)
	for _, m := range methods {
		d := p.funcs["Client."+m]
		lines := apiLines(t, p, d)
		reason, local := sendsNothing[m]
		if r, ok := anyOperation[m]; ok {
			reason, local = r, true
		}
		switch {
		case local && len(lines) > 0:
			t.Errorf("(*Client).%s is listed in sendsNothing (%s) but its doc has API lines %q", m, reason, lines)
			continue
		case local:
			if ops := p.opsUsed("Client."+m, map[string]bool{}); len(ops) > 0 {
				t.Errorf("(*Client).%s is listed in sendsNothing but refers to %v", m, slices.Sorted(maps.Keys(ops)))
			}
			continue
		case len(lines) == 0:
			t.Errorf("%s: (*Client).%s has no `// API: METHOD /path` line at the end of its doc: add one per operation it calls, or list it in sendsNothing with the reason",
				p.fset.Position(d.Pos()), m)
			continue
		}
		iterator := returnsSeq2(d)
		documented := map[string]bool{}
		for i, l := range lines {
			g := apiLine.FindStringSubmatch(l)
			if g == nil {
				t.Errorf("(*Client).%s: %q is not `API: METHOD /path`, `API: METHOD /path, repeatedly` (an iterator) or `API: METHOD /path, when ...` (an operation called on the way)", m, l)
				continue
			}
			switch note := g[3]; {
			case iterator != (note == "repeatedly"):
				t.Errorf("(*Client).%s: %q: \", repeatedly\" is for iterators (iter.Seq2), and an iterator's line says it", m, l)
			case !iterator && i == 0 && note != "":
				t.Errorf("(*Client).%s: %q: the first line is the method's own operation, without a note", m, l)
			case !iterator && i > 0 && note == "":
				t.Errorf("(*Client).%s: %q: an operation called on the way says when, after a comma", m, l)
			}
			wire := g[1] + " " + g[2]
			op := byWire[wire]
			if op == nil {
				t.Errorf("(*Client).%s: %q: the contract has no operation %s", m, l, wire)
				continue
			}
			if _, ok := specNode(t, "paths", g[2]).(map[string]any)[strings.ToLower(g[1])]; !ok {
				t.Errorf("(*Client).%s: %q: api/openapi.yaml has no %s under paths.%s", m, l, strings.ToLower(g[1]), g[2])
			}
			if documented[opVarName(op.id)] {
				t.Errorf("(*Client).%s: %q twice", m, l)
			}
			documented[opVarName(op.id)] = true
			called[op.id] = append(called[op.id], m)
		}
		used := p.opsUsed("Client."+m, map[string]bool{})
		if !maps.Equal(used, documented) {
			t.Errorf("(*Client).%s: its API lines say %v, its code calls %v", m, slices.Sorted(maps.Keys(documented)), slices.Sorted(maps.Keys(used)))
		}
	}
	for m := range sendsNothing {
		if p.funcs["Client."+m] == nil {
			t.Errorf("sendsNothing lists (*Client).%s, which does not exist", m)
		}
	}

	// Every operation of the contract: in the generated table, and called.
	paths, ok := specNode(t, "paths").(map[string]any)
	if !ok || len(paths) == 0 {
		t.Fatal("api/openapi.yaml has no paths")
	}
	var inSpec []string
	for path, item := range paths {
		for method := range item.(map[string]any) {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				inSpec = append(inSpec, strings.ToUpper(method)+" "+path)
			}
		}
	}
	sort.Strings(inSpec)
	if len(inSpec) != len(operations) {
		t.Errorf("api/openapi.yaml has %d operations, operations.gen.go %d: run go generate ./...", len(inSpec), len(operations))
	}
	for _, wire := range inSpec {
		op := byWire[wire]
		if op == nil {
			t.Errorf("%s is in api/openapi.yaml but not in operations.gen.go: run go generate ./...", wire)
			continue
		}
		reason, skipped := notWrapped[op.id]
		switch {
		case skipped && len(called[op.id]) > 0:
			t.Errorf("%s (%s) is listed in notWrapped (%s) but %v call it", op.id, wire, reason, called[op.id])
		case !skipped && len(called[op.id]) == 0:
			t.Errorf("%s (%s): no method of *Client calls it; wrap it, or list it in notWrapped with the reason", op.id, wire)
		}
	}
	for id := range notWrapped {
		if !slices.ContainsFunc(operations[:], func(op *operation) bool { return op.id == id }) {
			t.Errorf("notWrapped lists %s, which the contract does not define", id)
		}
	}
	if len(methods) < len(sendsNothing)+len(operations) {
		t.Errorf("found %d exported methods of *Client, want at least %d: is the parse right?", len(methods), len(sendsNothing)+len(operations))
	}
}

// apiLines returns the `API:` lines of d's doc comment, which must be its
// last lines.
func apiLines(t *testing.T, p *rootPackage, d *ast.FuncDecl) []string {
	t.Helper()
	if d.Doc == nil {
		return nil
	}
	text := strings.Split(strings.TrimRight(d.Doc.Text(), "\n"), "\n")
	first := len(text)
	for first > 0 && strings.HasPrefix(text[first-1], "API:") {
		first--
	}
	for i, l := range text[:first] {
		if strings.Contains(l, "API:") {
			t.Errorf("%s: (*Client).%s: doc line %d %q: API lines belong at the end of the doc, after everything else",
				p.fset.Position(d.Pos()), d.Name.Name, i+1, l)
		}
	}
	return text[first:]
}

// returnsSeq2 reports whether d returns an iter.Seq2.
func returnsSeq2(d *ast.FuncDecl) bool {
	if d.Type.Results == nil || len(d.Type.Results.List) != 1 {
		return false
	}
	ix, ok := d.Type.Results.List[0].Type.(*ast.IndexListExpr)
	if !ok {
		return false
	}
	sel, ok := ix.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Seq2" && isIdent(sel.X, "iter")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
