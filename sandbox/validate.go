package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/procuret/procuret-go/api"
)

// validator routes requests to the contract's operations and checks them against it.
type validator struct {
	doc    *openapi3.T
	router routers.Router
	opts   *openapi3filter.Options
	// secretBodies holds the operations whose request body has a secret field (the login
	// steps): their validation messages quote no value of the body at all.
	secretBodies map[*openapi3.Operation]bool
}

// emailFormat makes kin check format: email (it does not by default) as the generated models
// decode it (net/mail, a bare address), so that a bad address is a 400 naming the field rather
// than a decoding failure. The handlers add a deliverability check of their own (422).
var emailFormat = openapi3.WithStringFormatValidator("email", openapi3.NewCallbackValidator(func(s string) error {
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return errors.New("not a bare email address")
	}
	return nil
}))

// decimalFormat bounds a decimal's digits before anything parses it (parsing is quadratic in
// the length); the pattern in the contract checks the rest.
var decimalFormat = openapi3.WithStringFormatValidator("decimal", openapi3.NewCallbackValidator(func(s string) error {
	if decimalTooLong(s) {
		return fmt.Errorf("at most %d digits", maxDecimalDigits)
	}
	return nil
}))

// sharedValidator is built once: the contract and its router are read-only after construction,
// so every sandbox in a process can share them.
var sharedValidator = sync.OnceValues(newValidator)

func newValidator() (*validator, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("load contract: %w", err)
	}
	// The contract names procuret.com; the sandbox serves the same paths under /api on any host.
	doc.Servers = openapi3.Servers{{URL: "/api"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route contract: %w", err)
	}
	secret := map[*openapi3.Operation]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				if mt.Schema != nil && hasSecretField(mt.Schema.Value, 0) {
					secret[op] = true
				}
			}
		}
	}
	return &validator{doc: doc, router: router, secretBodies: secret, opts: &openapi3filter.Options{
		// Authentication is the next middleware's job, with the session store at hand.
		AuthenticationFunc:      func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
		SchemaValidationOptions: []openapi3.SchemaValidationOption{emailFormat, decimalFormat},
	}}, nil
}

// hasSecretField reports whether the schema, or a schema nested in it, has a property named in
// secretFields.
func hasSecretField(sch *openapi3.Schema, depth int) bool {
	if sch == nil || depth > 16 { // the contract's schemas are shallow; this bounds recursive ones
		return false
	}
	for name, p := range sch.Properties {
		if secretFields[name] || (p != nil && hasSecretField(p.Value, depth+1)) {
			return true
		}
	}
	for _, refs := range []openapi3.SchemaRefs{sch.AllOf, sch.AnyOf, sch.OneOf} {
		for _, r := range refs {
			if r != nil && hasSecretField(r.Value, depth+1) {
				return true
			}
		}
	}
	return sch.Items != nil && hasSecretField(sch.Items.Value, depth+1)
}

type routeKey struct{}

func routeFrom(ctx context.Context) *routers.Route {
	r, _ := ctx.Value(routeKey{}).(*routers.Route)
	return r
}

// withValidation answers 404 or 405 for what the contract does not route, and 400 naming the
// parameter or field for any request the contract does not allow, including query parameters
// it does not declare (a misspelt filter would otherwise be ignored silently).
func (s *Sandbox) withValidation(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !canonicalAPIPath(r.URL.Path) {
			writeError(w, http.StatusNotFound, fmt.Sprintf("No operation at %s %s: the path is not canonical (no empty, '.' or '..' segment, no trailing '/')", r.Method, r.URL.Path))
			return
		}
		route, pathParams, err := s.val.router.FindRoute(r)
		if err != nil {
			s.routeError(w, r, err)
			return
		}
		if why := checkQuery(r.URL.RawQuery); why != "" {
			writeError(w, http.StatusBadRequest, why)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body: larger than %d bytes", maxBodyBytes))
				return
			}
			if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
				writeError(w, http.StatusRequestTimeout, fmt.Sprintf("request body: not received within the sandbox's read timeout (%s)", s.timeouts.Read))
				return
			}
			if err != nil {
				writeError(w, http.StatusBadRequest, "request body: could not be read")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if len(body) > 0 {
				why := checkCharset(r.Header.Get("Content-Type"))
				if why == "" {
					why = checkJSON(body)
				}
				if why != "" {
					writeError(w, http.StatusBadRequest, why)
					return
				}
			}
		}
		if name, ok := undeclaredQuery(r, route.Operation); ok {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s: unknown query parameter for %s %s", name, r.Method, route.Path))
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: route, Options: s.val.opts}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body: larger than %d bytes", maxBodyBytes))
				return
			}
			writeError(w, http.StatusBadRequest, describeValidation(err, s.val.secretBodies[route.Operation]))
			return
		}
		if err := newestForm(r, route); err != nil {
			writeAPIError(w, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), routeKey{}, route)))
	})
}

func (s *Sandbox) routeError(w http.ResponseWriter, r *http.Request, err error) {
	path := strings.TrimPrefix(r.URL.Path, "/api")
	if item := s.val.doc.Paths.Value(path); item != nil && isRouteReason(err, routers.ErrMethodNotAllowed) {
		var allowed []string
		for m := range item.Operations() {
			allowed = append(allowed, m)
		}
		slices.Sort(allowed)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s is not an operation of the Procuret API (allowed: %s)", r.Method, path, strings.Join(allowed, ", ")))
		return
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("No operation at %s %s", r.Method, r.URL.Path))
}

func isRouteReason(err error, want error) bool {
	re, ok := errors.AsType[*routers.RouteError](err)
	return ok && re.Reason == want.Error()
}

func undeclaredQuery(r *http.Request, op *openapi3.Operation) (string, bool) {
	if r.URL.RawQuery == "" {
		return "", false
	}
	names := make([]string, 0, len(r.URL.Query()))
	for name := range r.URL.Query() {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if op.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil {
			return name, true
		}
	}
	return "", false
}

// secretFields are body fields whose values never appear in an error message. An operation
// whose body has one quotes no value of its body at all (see describeValidation).
var secretFields = map[string]bool{"secret": true, "plaintext_secret": true, "code": true}

// describeValidation turns kin-openapi's long error into one line naming the parameter or field:
// "invoice_amount: must be a decimal string such as \"422.42\"".
//
// The message may quote the offending value of a parameter or of a body field, but never:
//   - the whole body (a body of the wrong shape, e.g. a bare string, may be a secret sent
//     unwrapped, and the message needs no quote to say the body must be an object);
//   - a value inside a secret field (secretFields), at any depth;
//   - any value of the body when secretBody is set (an operation with secret fields, such as
//     the login steps: a password sent in the wrong field must not come back either). Its JSON
//     syntax errors give the byte offset instead of the offending character.
func describeValidation(err error, secretBody bool) string {
	// Only a MultiError at the top: one deeper down holds the reasons a oneOf's alternatives
	// failed, which the oneOf's own error describes better.
	if me, ok := err.(openapi3.MultiError); ok && len(me) > 0 {
		err = me[0]
	}
	re, ok := errors.AsType[*openapi3filter.RequestError](err)
	if !ok {
		return firstLine(err.Error())
	}
	var subject string
	switch {
	case re.Parameter != nil:
		subject = re.Parameter.Name
	case re.RequestBody != nil:
		subject = "request body"
	default:
		return firstLine(re.Error())
	}
	if se, ok := errors.AsType[*openapi3.SchemaError](re.Err); ok {
		ptr := se.JSONPointer()
		if inner := nullableBranchError(se); inner != nil {
			se, ptr = inner, append(ptr, inner.JSONPointer()...)
		}
		field := subject
		if len(ptr) > 0 {
			field = strings.Join(ptr, ".")
		}
		secretPath := secretFields[subject] || slices.ContainsFunc(ptr, func(p string) bool { return secretFields[p] })
		show := !secretPath
		if re.Parameter == nil { // a body: quote a field's value, never the whole body's
			show = show && !secretBody && len(ptr) > 0
		}
		return field + ": " + schemaReason(se, show)
	}
	if pe, ok := errors.AsType[*openapi3filter.ParseError](re.Err); ok {
		if re.Parameter != nil {
			return subject + ": " + parseReason(pe)
		}
		if secretBody {
			if se, ok := errors.AsType[*json.SyntaxError](pe); ok {
				return fmt.Sprintf("request body: not valid JSON (syntax error at byte %d)", se.Offset)
			}
			return "request body: not valid JSON"
		}
		return "request body: not valid JSON (" + firstLine(pe.Error()) + ")"
	}
	switch {
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired) && re.Parameter != nil:
		return subject + ": required " + re.Parameter.In + " parameter is missing"
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		return "request body: required (a JSON object)"
	case errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue):
		return subject + ": must not be empty"
	case strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
		return "Content-Type: must be application/json (got" + strings.TrimPrefix(re.Reason, "header Content-Type has unexpected value") + ")"
	}
	return subject + ": " + firstLine(cmpStr(re.Reason, fmt.Sprint(re.Err)))
}

// nullableBranchError explains a value that failed an optional reference. The contract writes
// those as `anyOf: [{$ref: X}, {nullable: true, enum: [null]}]` (api/openapi.yaml, "Optional
// fields"), for which kin only says that no branch matched; a value that is not null failed X,
// so X's own error is the one worth showing.
func nullableBranchError(se *openapi3.SchemaError) *openapi3.SchemaError {
	sch := se.Schema
	if se.SchemaField != "anyOf" || se.Value == nil || sch == nil || len(sch.AnyOf) != 2 || sch.AnyOf[0].Value == nil {
		return nil
	}
	err := sch.AnyOf[0].Value.VisitJSON(se.Value, emailFormat)
	inner, _ := errors.AsType[*openapi3.SchemaError](err)
	return inner
}

func schemaReason(se *openapi3.SchemaError, showValue bool) string {
	got := ""
	switch {
	case se.Value == nil:
		got = " (got null)"
	case showValue:
		got = fmt.Sprintf(" (got %v)", jsonish(se.Value))
	}
	sch := se.Schema
	switch se.SchemaField {
	case "required":
		return "is required"
	case "nullable":
		return "must not be null"
	case "type":
		return strings.TrimPrefix(se.Reason, "value ") + got
	case "enum":
		vals := make([]string, len(sch.Enum))
		for i, v := range sch.Enum {
			vals[i] = jsonish(v)
		}
		return "must be one of " + strings.Join(vals, ", ") + got
	case "maxLength", "pattern", "format":
		switch {
		case sch != nil && sch.Format == "decimal":
			if v, ok := se.Value.(string); ok && decimalTooLong(v) {
				return fmt.Sprintf("at most %d digits (got %d characters)", maxDecimalDigits, len(v))
			}
			return `must be a decimal string such as "422.42"`
		case sch != nil && sch.Format == "procuret-time":
			return `must be a Procuret timestamp "YYYY-MM-DD HH:MM:SS.ffffff" (UTC), e.g. "2026-11-27 03:14:15.926535"`
		case sch != nil && sch.Format == "date":
			return `must be a date "YYYY-MM-DD"`
		case sch != nil && sch.Format == "email":
			return "must be an email address"
		case sch != nil && sch.Pattern != "":
			return "must match " + sch.Pattern
		}
	case "minimum", "maximum":
		return strings.Replace(se.Reason, "number ", "", 1) + got
	case "oneOf": // a field an older SDK sends in another form (communicate, agent_id)
		if se.Value == nil {
			return "must not be null"
		}
		if sch != nil && len(sch.OneOf) > 0 {
			alts := make([]string, 0, len(sch.OneOf))
			for _, alt := range sch.OneOf {
				if alt != nil && alt.Value != nil {
					alts = append(alts, describeForm(alt.Value))
				}
			}
			return "must be " + strings.Join(alts, " or ") + got
		}
	}
	return firstLine(se.Reason)
}

// describeForm names one alternative form of a field: "a boolean", `one of "true", "false"`,
// "a string matching ^[1-9][0-9]{0,18}$", "an integer of at least 1".
func describeForm(s *openapi3.Schema) string {
	switch {
	case len(s.Enum) > 0:
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = jsonish(v)
		}
		return "one of " + strings.Join(vals, ", ")
	case s.Type.Is("string") && s.Pattern != "":
		return "a string matching " + s.Pattern
	case s.Type.Is("integer") && s.Min != nil:
		return fmt.Sprintf("an integer of at least %v", *s.Min)
	case s.Type.Is("integer"):
		return "an integer"
	case s.Type.Is("boolean"):
		return "a boolean"
	case s.Type.Is("string"):
		return "a string"
	}
	return "of another form"
}

func parseReason(pe *openapi3filter.ParseError) string {
	if r, ok := strings.CutPrefix(pe.Reason, "an invalid "); ok {
		return fmt.Sprintf("must be a valid %s (got %q)", r, fmt.Sprint(pe.Value))
	}
	return firstLine(pe.Error())
}

// jsonish prints a decoded JSON value the way it was written.
func jsonish(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
