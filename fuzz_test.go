package procuret

import (
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzErrorBody feeds any status, Retry-After and body to the decoding of an
// error response: nothing panics, the message and excerpt stay short, valid
// UTF-8 and free of control characters (a body cannot forge log lines), and
// a secret the server echoes never comes back. Its seeds are in
// testdata/fuzz/FuzzErrorBody.
func FuzzErrorBody(f *testing.F) {
	const secret = "s3cr3t-pa55word"
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		if status < 300 || status > 999 {
			status = 500
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {retryAfter}}}
		e := newError("create session", resp, body, []string{secret, testAPIKey}, 2, testNow)
		if e.StatusCode != status || e.Kind == 0 || e.Attempts != 2 {
			t.Fatalf("error = %#v", e)
		}
		if e.RetryAfter < 0 {
			t.Errorf("RetryAfter = %v", e.RetryAfter)
		}
		if len(e.Message) > maxMessage+len("…") || len(e.Excerpt) > maxExcerpt+len("…") {
			t.Errorf("Message %d bytes, Excerpt %d bytes", len(e.Message), len(e.Excerpt))
		}
		text := e.Error()
		for _, s := range []string{e.Message, e.Excerpt} {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) }) {
				t.Errorf("%q is not clean text", s)
			}
		}
		for _, s := range []string{secret, testAPIKey} {
			if strings.Contains(text, s) || strings.Contains(e.Message, s) || strings.Contains(e.Excerpt, s) {
				t.Errorf("the error quotes a secret: %q", text)
			}
		}
		if !strings.HasPrefix(text, "procuret: create session: ") || !strings.HasSuffix(text, "(after 2 attempts)") {
			t.Errorf("Error() = %q", text)
		}
	})
}

// FuzzDotAtomAddress holds the email check's shortcut to the parser it
// stands in for: whatever isDotAtomAddress accepts, mail.ParseAddress
// accepts unchanged and without a name.
func FuzzDotAtomAddress(f *testing.F) {
	for _, s := range []string{"casey@customer.example", "a.b+c@d.e", "a..b@c.d", ".a@b.c", "a@b@c", "a@[127.0.0.1]",
		`"a b"@c.d`, "Ann <a@b.c>", "a@b.c (Ann)", "ä@b.c", "a @b.c", "!#$%&'*+-/=?^_`{|}~@x", "a@", "@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isDotAtomAddress(s) {
			return
		}
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || a.Name != "" {
			t.Errorf("isDotAtomAddress(%q) but mail.ParseAddress gives %+v, %v", s, a, err)
		}
	})
}
