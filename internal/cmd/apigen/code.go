package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"gopkg.in/yaml.v3"
)

// codeConfig is oapi-codegen's configuration file, as its command reads it.
type codeConfig struct {
	codegen.Configuration `yaml:",inline"`
	Output                string `yaml:"output"`
}

func runCode(args []string) error {
	fs := flag.NewFlagSet("code", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "oapi-codegen configuration file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cfgPath == "" || fs.NArg() != 1 {
		return fmt.Errorf("usage: apigen code -config CFG SPEC")
	}
	specPath := fs.Arg(0)
	raw, err := os.ReadFile(*cfgPath)
	if err != nil {
		return err
	}
	var cfg codeConfig
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return fmt.Errorf("%s: %w", *cfgPath, err)
	}
	cfg.Configuration = cfg.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%s: %w", *cfgPath, err)
	}
	// As oapi-codegen's own command does: the configuration's overlay (api/go-overlay.yaml) is
	// applied to the contract before generation, strictly unless the configuration says otherwise.
	overlay := util.LoadSwaggerWithOverlayOpts{Path: cfg.OutputOptions.Overlay.Path, Strict: true}
	if cfg.OutputOptions.Overlay.Strict != nil {
		overlay.Strict = *cfg.OutputOptions.Overlay.Strict
	}
	spec, err := util.LoadSwaggerWithOverlay(specPath, overlay)
	if err != nil {
		return fmt.Errorf("loading %s: %w", specPath, err)
	}
	src, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	if err := exactExamples(spec, src); err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	responseFieldsAsValues(spec)
	code, err := codegen.Generate(spec, cfg.Configuration)
	if err != nil {
		return fmt.Errorf("generating %s: %w", cfg.Output, err)
	}
	// The one name oapi-codegen's templates spell without Go's initialisms.
	code = strings.ReplaceAll(code, "HttpRequestDoer", "HTTPRequestDoer")
	if err := os.MkdirAll(filepath.Dir(cfg.Output), 0o755); err != nil {
		return err
	}
	return os.WriteFile(cfg.Output, []byte(code), 0o644)
}

// bigInt matches an integer literal in the contract's text.
var bigInt = regexp.MustCompile(`-?\b[0-9]{16,19}\b`)

// exactExamples replaces every example number that float64 cannot hold
// exactly by a json.Number with the digits the contract wrote. It finds those
// digits in the contract's text: each integer literal of 16 to 19 digits, by
// the float64 it rounds to. Two different literals that round to the same
// float64 would make the replacement ambiguous, and are an error.
func exactExamples(spec *openapi3.T, src []byte) error {
	exact := map[float64]string{}
	for _, lit := range bigInt.FindAll(src, -1) {
		n, err := strconv.ParseInt(string(lit), 10, 64)
		if err != nil {
			continue // beyond int64: not an ID
		}
		f := float64(n)
		if prev, ok := exact[f]; ok && prev != string(lit) {
			return fmt.Errorf("integers %s and %s round to the same float64; their examples cannot be told apart", prev, lit)
		}
		exact[f] = string(lit)
	}
	fix := func(v any) any { return fixValue(v, exact) }
	visited := map[*openapi3.Schema]bool{}
	var walkSchema func(s *openapi3.SchemaRef)
	walkSchema = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || visited[ref.Value] {
			return
		}
		s := ref.Value
		visited[s] = true
		s.Example = fix(s.Example)
		for i := range s.Examples {
			s.Examples[i] = fix(s.Examples[i])
		}
		for _, p := range s.Properties {
			walkSchema(p)
		}
		walkSchema(s.Items)
		for _, l := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range l {
				walkSchema(r)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walkSchema(s.AdditionalProperties.Schema)
		}
	}
	walkContent := func(c openapi3.Content) {
		for _, mt := range c {
			mt.Example = fix(mt.Example)
			for _, ex := range mt.Examples {
				if ex != nil && ex.Value != nil {
					ex.Value.Value = fix(ex.Value.Value)
				}
			}
			walkSchema(mt.Schema)
		}
	}
	walkParam := func(p *openapi3.ParameterRef) {
		if p == nil || p.Value == nil {
			return
		}
		p.Value.Example = fix(p.Value.Example)
		for _, ex := range p.Value.Examples {
			if ex != nil && ex.Value != nil {
				ex.Value.Value = fix(ex.Value.Value)
			}
		}
		walkSchema(p.Value.Schema)
		walkContent(p.Value.Content)
	}
	if spec.Components != nil {
		for _, s := range spec.Components.Schemas {
			walkSchema(s)
		}
		for _, p := range spec.Components.Parameters {
			walkParam(p)
		}
		for _, ex := range spec.Components.Examples {
			if ex != nil && ex.Value != nil {
				ex.Value.Value = fix(ex.Value.Value)
			}
		}
	}
	for _, item := range spec.Paths.Map() {
		for _, p := range item.Parameters {
			walkParam(p)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				walkParam(p)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				walkContent(op.RequestBody.Value.Content)
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					walkContent(r.Value.Content)
				}
			}
		}
	}
	return nil
}

// fixValue returns v with every float64 beyond 2^53 that the contract wrote
// as an exact integer replaced by that integer's digits.
func fixValue(v any, exact map[float64]string) any {
	switch x := v.(type) {
	case float64:
		if math.Abs(x) >= 1<<53 {
			if lit, ok := exact[x]; ok {
				return json.Number(lit)
			}
		}
	case map[string]any:
		for k, e := range x {
			x[k] = fixValue(e, exact)
		}
	case []any:
		for i, e := range x {
			x[i] = fixValue(e, exact)
		}
	}
	return v
}
