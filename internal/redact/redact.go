// Package redact is the one redaction every text the client returns or logs
// passes, whatever produced it: a server's error body, net/http's own parse
// errors (which quote a malicious status line or header line), a retry
// decision's reason.
//
// It replaces, with auth.Redacted, every copy of each secret it is given (a
// password, a second-factor code, an API key) and anything shaped like a
// request signature (44 characters of standard base64 ending in "="), in
// every spelling a server or proxy may echo them in: literal, URL-encoded
// (url.QueryEscape and url.PathEscape, "+" for a space, either case of hex),
// JSON-escaped ("\/", "\"", "\\", "\uXXXX" for any character, surrogate pairs
// included), and any mixture of these within one copy. It does not undo two
// encodings stacked on each other.
package redact

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/procuret/procuret-go/auth"
)

// MaxInput is how much of a text String reads. A longer text is cut, and
// whatever near the cut might be the start of a secret is dropped: the
// result then ends in "…". Errors and log lines are far shorter; an excerpt
// of a large body needs only its start.
const MaxInput = 64 << 10

// sigLen is the length of a request signature: base64 of 32 bytes.
const sigLen = 44

// String returns s with every secret (empty ones are ignored) and every
// signature-shaped run replaced by auth.Redacted. Its cost is linear in
// min(len(s), MaxInput) per secret.
func String(s string, secrets ...string) string {
	truncated := false
	if len(s) > MaxInput {
		s, truncated = s[:MaxInput], true
	}
	marks := Marks(s, secrets...)
	end := len(s)
	if truncated {
		// A copy of a secret that starts this close to the cut may end
		// beyond it, unmatched: none of it is kept.
		w := 6 * sigLen
		for _, sec := range secrets {
			w = max(w, 12*len(sec)+12)
		}
		end = max(0, len(s)-w)
	}
	if len(marks) == 0 && !truncated {
		return s
	}
	var b strings.Builder
	b.Grow(end + 16)
	at := 0
	for _, m := range marks {
		if m[0] >= end {
			break
		}
		b.WriteString(s[at:m[0]])
		b.WriteString(auth.Redacted)
		at = m[1]
	}
	if at < end {
		b.WriteString(s[at:end])
	}
	if truncated {
		b.WriteString("…")
	}
	return b.String()
}

// Contains reports whether s holds any of secrets, or a signature, in any
// spelling String redacts.
func Contains(s string, secrets ...string) bool {
	if len(s) > MaxInput {
		s = s[:MaxInput]
	}
	return len(Marks(s, secrets...)) > 0
}

// Marks returns the byte ranges of s that String replaces, sorted and
// merged.
func Marks(s string, secrets ...string) [][2]int {
	var marks [][2]int
	// Literal copies, before any decoding (a password may itself hold
	// "%41" or "\/", which decoding would change).
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(s[i:], sec)
			if j < 0 {
				break
			}
			marks = append(marks, [2]int{i + j, i + j + len(sec)})
			i += j + 1
		}
	}
	// Each level undoes one layer of escapes: net/http quotes (%q) what a
	// server sent, so a JSON-escaped echo arrives escaped twice.
	var d *decoded
	for level := 0; level < maxLevels; level++ {
		next := decode(s, d)
		if level > 0 && next.from == nil {
			break // nothing more to undo
		}
		d = next
		for _, sec := range secrets {
			if sec == "" {
				continue
			}
			marks = d.find(marks, sec)
			if strings.Contains(sec, " ") {
				// url.QueryEscape spells a space "+".
				marks = d.find(marks, strings.ReplaceAll(sec, " ", "+"))
			}
		}
		marks = d.signatures(marks)
		if d.from == nil {
			break
		}
	}
	return merge(marks)
}

// maxLevels is how many layers of escapes Marks undoes: a secret's own
// spelling (URL or JSON) inside Go's quoting of it, inside a JSON log.
const maxLevels = 3

// decoded is s with every escape undone: norm[k] came from s[from[k]:to[k]].
// With from nil, norm is s itself (s held nothing to decode).
type decoded struct {
	norm     []byte
	from, to []int32
}

// span returns the bytes of s that norm[a:b+1] came from.
func (d *decoded) span(a, b int) [2]int {
	if d.from == nil {
		return [2]int{a, b + 1}
	}
	return [2]int{int(d.from[a]), int(d.to[b])}
}

func (d *decoded) find(marks [][2]int, sec string) [][2]int {
	if d.from == nil {
		return marks // the literal search found every copy
	}
	for i := 0; ; {
		j := bytes.Index(d.norm[i:], []byte(sec))
		if j < 0 {
			return marks
		}
		marks = append(marks, d.span(i+j, i+j+len(sec)-1))
		i += j + 1
	}
}

// signatures marks every run of 43 standard-base64 characters followed by
// "=": the shape of x-procuret-signature, which a server may echo.
func (d *decoded) signatures(marks [][2]int) [][2]int {
	run := 0
	for k, c := range d.norm {
		switch {
		case c == '=' && run >= sigLen-1:
			marks = append(marks, d.span(k-(sigLen-1), k))
			run = 0
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/':
			run++
		default:
			run = 0
		}
	}
	return marks
}

func merge(marks [][2]int) [][2]int {
	if len(marks) < 2 {
		return marks
	}
	// Insertion sort: there are few marks.
	for i := 1; i < len(marks); i++ {
		for j := i; j > 0 && marks[j][0] < marks[j-1][0]; j-- {
			marks[j], marks[j-1] = marks[j-1], marks[j]
		}
	}
	out := marks[:1]
	for _, m := range marks[1:] {
		last := &out[len(out)-1]
		if m[0] <= last[1] {
			last[1] = max(last[1], m[1])
			continue
		}
		out = append(out, m)
	}
	return out
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// hex4 reads the four hex digits of a \uXXXX at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for k := range 4 {
		v, ok := unhex(s[i+k])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

// decode undoes one layer of percent-escapes and JSON escapes in prev's
// text (s itself when prev is nil), keeping the spans of s each byte came
// from. With nothing to undo it returns prev, or s as it is (from nil).
func decode(orig string, prev *decoded) *decoded {
	s := orig
	if prev != nil {
		s = string(prev.norm)
	}
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '\\') < 0 {
		if prev != nil {
			return &decoded{norm: prev.norm} // from nil: no change at this level
		}
		return &decoded{norm: []byte(s)}
	}
	d := &decoded{norm: make([]byte, 0, len(s)), from: make([]int32, 0, len(s)), to: make([]int32, 0, len(s))}
	emit1 := func(c byte, from, to int) {
		if prev != nil && prev.from != nil {
			from, to = int(prev.from[from]), int(prev.to[to-1])
		}
		d.norm = append(d.norm, c)
		d.from = append(d.from, int32(from))
		d.to = append(d.to, int32(to))
	}
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '%':
			if i+2 < len(s) {
				hi, ok1 := unhex(s[i+1])
				lo, ok2 := unhex(s[i+2])
				if ok1 && ok2 {
					emit1(hi<<4|lo, i, i+3)
					i += 3
					continue
				}
			}
		case '\\':
			if i+1 < len(s) {
				switch e := s[i+1]; e {
				case '"', '\\', '/':
					emit1(e, i, i+2)
					i += 2
					continue
				case 'b', 'f', 'n', 'r', 't':
					emit1(jsonEscapes[e], i, i+2)
					i += 2
					continue
				case 'u':
					r, ok := hex4(s, i+2)
					if !ok {
						break
					}
					n := 6
					if utf16.IsSurrogate(r) {
						if i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
							if r2, ok := hex4(s, i+8); ok {
								if rr := utf16.DecodeRune(r, r2); rr != utf8.RuneError {
									r, n = rr, 12
								}
							}
						}
						if n == 6 {
							break // a lone surrogate: left as it is
						}
					}
					k := utf8.EncodeRune(buf[:], r)
					for _, b := range buf[:k] {
						emit1(b, i, i+n)
					}
					i += n
					continue
				}
			}
		}
		emit1(c, i, i+1)
		i++
	}
	return d
}

var jsonEscapes = [256]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
