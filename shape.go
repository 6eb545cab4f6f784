package procuret

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
)

// A shape is what the contract requires of a JSON value in a 2xx body,
// beyond what decoding into the Go type checks: the keys an object must hold,
// and the bounds of a Decimal. The shapes are generated from the response
// schemas of api/openapi.yaml (operations.gen.go); nil means nothing to check.
//
// checkShape runs before json.Unmarshal, in one pass over the body that
// allocates nothing on success. It exists because decoding alone cannot
// tell a missing required field from a zero one ({"ok":true} decodes into
// an empty InstalmentLink without complaint), and because shopspring's
// decimal parsing costs time quadratic in the digits: a Decimal longer than
// the contract allows, or not of its pattern, is refused before any of it is
// parsed.
type shape struct {
	kind   shapeKind
	fields []shapeField // shapeObject: the keys that are required or need a check
	items  *shape       // shapeArray: each item's shape
	maxLen int          // shapeDecimal: the most characters, sign and point included
}

type shapeKind uint8

const (
	shapeObject  shapeKind = iota // a JSON object
	shapeArray                    // a JSON array
	shapeDecimal                  // a Decimal: "-?[0-9]+(\.[0-9]+)?"
)

// shapeField is one key of an object shape.
type shapeField struct {
	key      string
	required bool   // the key must be present
	nullable bool   // null is a value (else a required key holding null is missing)
	shape    *shape // the value's shape; nil: not checked
}

// shapeError says where a body breaks its shape: path is like
// "opens[2].created", msg what is wrong there. bound marks a value beyond a
// bound of the contract, which must not be decoded at all.
type shapeError struct {
	path  string
	msg   string
	bound bool
}

func (e *shapeError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return strconv.Quote(e.path) + " " + e.msg
}

// within prefixes the path of a shapeError with an object key or array index.
func within(err error, key string, index int) error {
	var se *shapeError
	if !errors.As(err, &se) {
		return err
	}
	elem := key
	if key == "" {
		elem = "[" + strconv.Itoa(index) + "]"
	}
	switch {
	case se.path == "":
		se.path = elem
	case se.path[0] == '[':
		se.path = elem + se.path
	default:
		se.path = elem + "." + se.path
	}
	return se
}

// errMalformed stops checkShape at bytes that are not JSON; json.Unmarshal
// then says what is wrong with them.
var errMalformed = errors.New("malformed JSON")

// ctxEvery is how many bytes checkShape reads between looks at the context.
const ctxEvery = 1 << 20

// maxDepth bounds the nesting checkShape follows, as encoding/json does.
const maxDepth = 10000

// checkShape checks body against sh. It returns nil, a *shapeError,
// errMalformed, or the context's error when ctx ends while a large body is
// checked (it looks at ctx once per MiB).
func checkShape(ctx context.Context, body []byte, sh *shape) error {
	s := shapeScanner{b: body, ctx: ctx, next: ctxEvery}
	if err := s.value(sh, true, 0); err != nil {
		return err
	}
	s.ws()
	if s.i != len(s.b) {
		return errMalformed
	}
	return nil
}

type shapeScanner struct {
	b    []byte
	i    int
	ctx  context.Context
	next int // offset at which to look at ctx again
}

func (s *shapeScanner) ws() {
	for s.i < len(s.b) && s.b[s.i] <= ' ' {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value checks the value at s.i against sh (nil: skips it). top marks the
// whole body, where null is a missing body for anything but a list.
func (s *shapeScanner) value(sh *shape, top bool, depth int) error {
	if s.i >= s.next {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		s.next = s.i + ctxEvery
	}
	s.ws()
	if s.i >= len(s.b) {
		return errMalformed
	}
	if sh == nil {
		return s.skip()
	}
	if depth > maxDepth {
		return errMalformed
	}
	c := s.b[s.i]
	if top && c == 'n' {
		if sh.kind == shapeArray {
			return s.skip() // a list may be null: no items
		}
		return &shapeError{msg: "the body is null"}
	}
	switch sh.kind {
	case shapeObject:
		if c == '{' {
			return s.object(sh, depth)
		}
	case shapeArray:
		if c == '[' {
			return s.array(sh, depth)
		}
	case shapeDecimal:
		return s.decimal(sh)
	}
	// The wrong type: json.Unmarshal says so.
	return s.skip()
}

func (s *shapeScanner) object(sh *shape, depth int) error {
	s.i++ // {
	var seen uint64
	next := 0 // the field the next key most likely is
	for first := true; ; first = false {
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		if s.b[s.i] == '}' {
			s.i++
			break
		}
		if !first {
			if s.b[s.i] != ',' {
				return errMalformed
			}
			s.i++
			s.ws()
		}
		start := s.i
		if err := s.skipString(); err != nil {
			return err
		}
		key := s.b[start+1 : s.i-1]
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return errMalformed
		}
		s.i++
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		k := -1
		if bytes.IndexByte(key, '\\') >= 0 {
			var u string // an escaped key: rare, so decoded the slow way
			if json.Unmarshal(s.b[start:start+len(key)+2], &u) == nil {
				k = sh.findBytes([]byte(u), -1)
			}
		} else {
			k = sh.findBytes(key, next)
		}
		if k >= 0 {
			next = k + 1
		}
		if k < 0 {
			if err := s.skip(); err != nil {
				return err
			}
			continue
		}
		f := &sh.fields[k]
		if s.b[s.i] == 'n' && bytes.HasPrefix(s.b[s.i:], []byte("null")) {
			s.i += len("null")
			if f.required && !f.nullable {
				return &shapeError{path: f.key, msg: "is null; the contract requires a value"}
			}
			seen |= 1 << k
			continue
		}
		seen |= 1 << k
		if err := s.value(f.shape, false, depth+1); err != nil {
			return within(err, f.key, 0)
		}
	}
	for k := range sh.fields {
		if f := &sh.fields[k]; f.required && seen&(1<<k) == 0 {
			return &shapeError{path: f.key, msg: "is missing; the contract requires it"}
		}
	}
	return nil
}

// findBytes returns the index of key in sh.fields, or -1. It tries guess
// first: the field after the previous key's, since the generator sorts
// sh.fields by key (TestShapeFindBytes) and the API sends keys in that
// order too, so that most keys cost one comparison; then every field, whose
// comparisons mostly stop at the length.
func (sh *shape) findBytes(key []byte, guess int) int {
	f := sh.fields
	if guess >= 0 && guess < len(f) && f[guess].key == string(key) {
		return guess
	}
	for k := range f {
		if f[k].key == string(key) {
			return k
		}
	}
	return -1
}

func (s *shapeScanner) array(sh *shape, depth int) error {
	s.i++ // [
	for n := 0; ; n++ {
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		if s.b[s.i] == ']' {
			s.i++
			return nil
		}
		if n > 0 {
			if s.b[s.i] != ',' {
				return errMalformed
			}
			s.i++
		}
		if err := s.value(sh.items, false, depth+1); err != nil {
			return within(err, "", n)
		}
	}
}

// decimal checks a Decimal: a string (or, leniently, a number) of the
// contract's pattern and at most sh.maxLen characters. Anything else that is
// not a string is left to json.Unmarshal, which refuses it.
func (s *shapeScanner) decimal(sh *shape) error {
	start := s.i
	var text []byte
	switch c := s.b[s.i]; {
	case c == '"':
		if err := s.skipString(); err != nil {
			return err
		}
		text = s.b[start+1 : s.i-1]
	case c == '-' || c >= '0' && c <= '9':
		if err := s.skip(); err != nil {
			return err
		}
		text = s.b[start:s.i]
	default:
		return s.skip()
	}
	if len(text) > sh.maxLen {
		return &shapeError{bound: true, msg: "is a decimal of " + strconv.Itoa(len(text)) + " characters; the contract allows at most " + strconv.Itoa(sh.maxLen)}
	}
	if !isDecimalText(text) {
		return &shapeError{msg: "is not a decimal of the form -?[0-9]+(.[0-9]+)?"}
	}
	return nil
}

// isDecimalText reports whether b matches ^-?[0-9]+(\.[0-9]+)?$.
func isDecimalText(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	digits := func() int {
		n := 0
		for n < len(b) && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		b = b[n:]
		return n
	}
	if digits() == 0 {
		return false
	}
	if len(b) == 0 {
		return true
	}
	if b[0] != '.' {
		return false
	}
	b = b[1:]
	return digits() > 0 && len(b) == 0
}

// skipString moves past the string at s.i.
func (s *shapeScanner) skipString() error {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return errMalformed
	}
	// Byte by byte for the first bytes (most keys and values are short, and
	// a call to bytes.IndexByte costs more than a short loop), then quote by
	// quote with IndexByte. A backslash escapes the byte after it (\", \\,
	// \u…: none of what follows a backslash is a quote that ends the string).
	b, i := s.b, s.i+1
	for end := min(len(b), i+32); i < end; i++ {
		switch b[i] {
		case '"':
			s.i = i + 1
			return nil
		case '\\':
			i++
		}
	}
	// From i on no byte is escaped by one before it. Each byte is looked at
	// once by IndexByte and at most once more when counting the backslashes
	// before a quote: linear, however many escapes a hostile string holds.
	for i <= len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return errMalformed
		}
		q := i + j
		bs := 0 // backslashes right before the quote: an odd number escapes it
		for k := q - 1; k >= i && b[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			s.i = q + 1
			return nil
		}
		i = q + 1
	}
	return errMalformed
}

// skip moves past the value at s.i, iteratively: nesting costs no stack.
func (s *shapeScanner) skip() error {
	depth := 0
	for {
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		switch c := s.b[s.i]; c {
		case '"':
			if err := s.skipString(); err != nil {
				return err
			}
		case '{', '[':
			depth++
			if depth > maxDepth {
				return errMalformed
			}
			s.i++
			continue
		case '}', ']':
			if depth == 0 {
				return errMalformed
			}
			depth--
			s.i++
		case ',', ':':
			if depth == 0 {
				return errMalformed
			}
			s.i++
			continue
		default: // a number, true, false or null
			start := s.i
			for s.i < len(s.b) {
				switch s.b[s.i] {
				case ',', '}', ']', ' ', '\t', '\n', '\r', ':', '"', '{', '[':
				default:
					s.i++
					continue
				}
				break
			}
			if s.i == start {
				return errMalformed
			}
		}
		if depth == 0 {
			return nil
		}
		if s.i >= s.next {
			if err := s.ctx.Err(); err != nil {
				return err
			}
			s.next = s.i + ctxEvery
		}
	}
}
