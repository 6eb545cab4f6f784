package redact

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

const (
	password = `pä ss/w+rd"1<&>`
	key      = "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ"
	sig      = "k7R9c2dUvQ0x/+Jm8Yp3Lw4bNq1ZsTe6HfGa5WcDi0E="
)

// jsonASCII is the JSON spelling of s with every non-ASCII character and
// every character Go's encoder escapes as \uXXXX, and "/" as "\/".
func jsonASCII(s string) string {
	b, _ := json.Marshal(s)
	out := strings.ReplaceAll(string(b[1:len(b)-1]), "/", `\/`)
	var w strings.Builder
	for _, r := range out {
		if r > 0x7e {
			if r > 0xffff {
				r1, r2 := 0xd800+((r-0x10000)>>10), 0xdc00+((r-0x10000)&0x3ff)
				w.WriteString(`\u` + strings.ToUpper(hex4s(r1)) + `\u` + hex4s(r2))
				continue
			}
			w.WriteString(`\u` + hex4s(r))
			continue
		}
		w.WriteRune(r)
	}
	return w.String()
}

func hex4s(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// everyUnicode spells every character of s as \uXXXX (a surrogate pair
// beyond the BMP).
func everyUnicode(s string) string {
	var w strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		w.WriteString(`\u` + hex4s(rune(u)))
	}
	return w.String()
}

// lowerHex lowers the hex digits of every %XX.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = byte(unicode.ToLower(rune(b[i+1]))), byte(unicode.ToLower(rune(b[i+2])))
		}
	}
	return string(b)
}

func TestEverySpelling(t *testing.T) {
	emoji := "pw😀x"
	for _, secret := range []string{password, key, "731946", emoji} {
		for name, spelled := range map[string]string{
			"literal":       secret,
			"QueryEscape":   url.QueryEscape(secret),
			"PathEscape":    url.PathEscape(secret),
			"lower-hex":     lowerHex(url.QueryEscape(secret)),
			"JSON":          jsonASCII(secret),
			"every \\u":     everyUnicode(secret),
			"percent-every": percentEvery(secret),
		} {
			for _, frame := range []string{"%s", `malformed HTTP status code "%s"`, `{"e":"bad %s!"}`, "x%sx%sx"} {
				text := strings.ReplaceAll(frame, "%s", spelled)
				got := String(text, "", secret)
				if !strings.Contains(got, "[REDACTED]") || strings.Contains(got, spelled) {
					t.Errorf("%s of %q in %q: String = %q", name, secret, frame, got)
				}
				if !Contains(text, secret) {
					t.Errorf("%s of %q: Contains = false", name, secret)
				}
				// net/http quotes what it cannot parse with %q; a JSON log
				// escapes it once more.
				quoted := strconv.Quote(text)
				j, _ := json.Marshal(quoted)
				for _, q := range []string{quoted, string(j)} {
					if got := String(q, secret); !strings.Contains(got, "[REDACTED]") || Contains(got, secret) {
						t.Errorf("%s of %q, quoted: String = %q", name, secret, got)
					}
				}
			}
		}
	}
}

func percentEvery(s string) string {
	var w strings.Builder
	for i := 0; i < len(s); i++ {
		w.WriteString("%" + strings.ToUpper(hex4s(rune(s[i]))[2:]))
	}
	return w.String()
}

func TestSignatureShapes(t *testing.T) {
	for _, spelled := range []string{sig, url.QueryEscape(sig), url.PathEscape(sig), jsonASCII(sig), strings.ReplaceAll(sig, "/", `\u002f`)} {
		got := String("sig="+spelled+" end", key)
		if got != "sig=[REDACTED] end" {
			t.Errorf("%q: String = %q", spelled, got)
		}
	}
}

func TestNothingToRedact(t *testing.T) {
	for _, s := range []string{"", "plain text", `{"a":"b\u00e4"}`, "100%", `\`, `\u12`, `\ud800 lone`, "%zz"} {
		if got := String(s, key); got != s {
			t.Errorf("String(%q) = %q", s, got)
		}
	}
}

// A long text is read up to MaxInput; a secret cut by that bound leaves no
// part behind.
func TestLongInput(t *testing.T) {
	for off := -40; off < 40; off++ {
		text := strings.Repeat(" ", MaxInput+off) + url.QueryEscape(password) + strings.Repeat("x", 100)
		got := String(text, password)
		for k := 3; k <= len(password); k++ {
			if strings.Contains(got, url.QueryEscape(password[:k])) && len(url.QueryEscape(password[:k])) > 6 {
				t.Fatalf("offset %d: %d bytes of the password survive", off, k)
			}
		}
		if !strings.HasSuffix(got, "…") || len(got) > MaxInput+len("…") {
			t.Fatalf("offset %d: %d bytes, suffix %q", off, len(got), got[len(got)-10:])
		}
	}
}

func FuzzString(f *testing.F) {
	f.Add("x %s y", password)
	f.Add(`\u0070%s`, "pw")
	f.Fuzz(func(t *testing.T, frame, secret string) {
		if secret == "" || len(frame) > 4096 {
			return
		}
		for _, spelled := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), jsonASCII(secret)} {
			text := strings.ReplaceAll(frame, "%s", spelled)
			got := String(text, secret)
			if strings.Contains(frame, "%s") && strings.Contains(got, spelled) && !strings.Contains(String(strings.ReplaceAll(frame, "%s", ""), secret), spelled) {
				t.Errorf("String(%q, %q) = %q", text, secret, got)
			}
		}
	})
}
