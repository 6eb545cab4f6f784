package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/itchyny/gojq"
	"github.com/mattn/go-runewidth"

	"github.com/procuret/procuret-go"
)

// Server data is never trusted with the terminal: an invoice number holding ESC]0;…BEL
// would retitle the window, ESC[2J clear the screen. Every cell and value a command prints
// passes through sanitize, and when Stdout or Stderr is a terminal everything written to it
// passes through a safeWriter too.

// sanitize returns s with every character that a terminal would act on written out
// visibly: C0 controls (tab and newline included), DEL, C1 controls, bidirectional
// overrides and isolates as \x1b or \u202e; invalid UTF-8 bytes as \xff.
// errNotKept: a command asked for the API's own bytes, and the recorder had none.
var errNotKept = &cliError{msg: "the API's answer was not kept (a bug in procuret)"}

func sanitize(s string) string { return escapeControls(s, false) }

func escapeControls(s string, keepLines bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, n, keepLines) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r, n, keepLines) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r, n, keepLines):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune, n int, keepLines bool) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case r == '\n' || r == '\t':
		return !keepLines
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// safeWriter is a terminal's writer: lines and tabs pass, every other control character is
// written out visibly. Each Write is one piece of text: the tool writes whole strings.
type safeWriter struct{ w io.Writer }

func (s *safeWriter) Write(p []byte) (int, error) {
	out := escapeControls(string(p), true)
	if _, err := io.WriteString(s.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// A table prints rows in columns two spaces apart. Columns in right are right-aligned
// (counts); columns in money hold amounts such as "AUD 1250.00", whose numbers are
// right-aligned after the currency; columns in shrink may be cut (with "…") so that the table
// fits the terminal. When stdout is not a terminal the table is tab-separated values instead:
// no header, no padding, one row a line.
type table struct {
	indent string
	head   []string
	rows   [][]string
	right  map[int]bool
	money  map[int]bool
	shrink map[int]bool
}

// add adds a row; every cell is sanitized.
func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = sanitize(c)
	}
	t.rows = append(t.rows, cells)
}

// print writes the table for the terminal of width columns, or as TSV when tsv.
func (t *table) print(w io.Writer, tsv bool, width int) {
	if tsv {
		for _, r := range t.rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return
	}
	cols := len(t.head)
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	prefix := make([]int, cols) // of the currency in money cells
	number := make([]int, cols) // of the number in money cells
	widths := make([]int, cols)
	for _, r := range t.rows {
		for i, c := range r {
			if t.money[i] && c != "" {
				cur, num := splitMoney(c)
				prefix[i], number[i] = max(prefix[i], runes(cur)), max(number[i], runes(num))
			} else {
				widths[i] = max(widths[i], runes(c))
			}
		}
	}
	for i := range cols {
		if t.money[i] && prefix[i] > 0 {
			widths[i] = max(widths[i], prefix[i]+1+number[i])
		} else if t.money[i] {
			widths[i] = max(widths[i], number[i])
		}
		if i < len(t.head) {
			widths[i] = max(widths[i], runes(t.head[i]))
		}
	}
	t.fit(widths, width)
	pad := func(s string, n int) string { return strings.Repeat(" ", max(0, n-runes(s))) + s }
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString(t.indent)
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			switch {
			case t.right[i]:
				c = pad(c, widths[i])
			case t.money[i] && c != "":
				if cur, num := splitMoney(c); cur != "" {
					c = cur + strings.Repeat(" ", prefix[i]-runes(cur)+1) + pad(num, number[i])
				}
				c = pad(c, widths[i])
			case t.money[i]:
				c = pad(c, widths[i])
			default:
				c = cut(c, widths[i])
				if i < len(cells)-1 {
					c += strings.Repeat(" ", widths[i]-runes(c))
				}
			}
			b.WriteString(c)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	if t.head != nil {
		line(t.head)
	}
	for _, r := range t.rows {
		line(r)
	}
}

// fit narrows the shrinkable columns, widest first, until the table fits width columns or
// none can give more (each keeps at least its header and 8 columns).
func (t *table) fit(widths []int, width int) {
	total := func() int {
		n := runes(t.indent) + 2*(len(widths)-1)
		for _, w := range widths {
			n += w
		}
		return n
	}
	for total() > width {
		best := -1
		for i := range widths {
			floor := 8
			if i < len(t.head) {
				floor = max(floor, runes(t.head[i]))
			}
			if t.shrink[i] && widths[i] > floor && (best < 0 || widths[i] > widths[best]) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		widths[best]--
	}
}

// cut shortens s to n columns, ending in "…" when it was longer; a wide character that
// would straddle the cut goes whole.
func cut(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	return display.Truncate(s, max(0, n), "…")
}

// splitMoney splits "AUD 1250.00" into "AUD" and "1250.00"; a cell without a space is all
// number ("-").
func splitMoney(s string) (currency, number string) {
	if cur, num, ok := strings.Cut(s, " "); ok {
		return cur, num
	}
	return "", s
}

// runes returns the columns s takes in a terminal: East Asian wide and fullwidth characters
// (CJK, fullwidth forms, most emoji) take two, combining marks and zero-width characters none
// (go-runewidth, as gojq, tview and fzf measure it). Characters of ambiguous width count one,
// whatever the locale says: the same output on every machine.
func runes(s string) int { return display.StringWidth(s) }

// display is go-runewidth's measure with a fixed condition, not its package-level default,
// which reads the locale's environment when the program starts. One serves every call and
// goroutine: its lookup tables are the package's, built once under a sync.Once; only
// CreateLUT writes to a Condition, and nothing here calls it.
var display = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// printTable prints t on stdout: aligned for a terminal, TSV otherwise.
func (a *app) printTable(t *table) { t.print(a.out, !a.term.Stdout, a.term.Width) }

// fields prints label/value pairs as an aligned list (TSV when stdout is not a terminal).
func (a *app) fields(indent string, pairs ...[2]string) {
	t := fieldTable(indent, pairs...)
	a.printTable(t)
}

func fieldTable(indent string, pairs ...[2]string) *table {
	t := &table{indent: indent}
	for _, p := range pairs {
		t.add(p[0], p[1])
	}
	return t
}

// jsonWanted reports whether the command prints JSON: --json or --jq.
func (a *app) jsonWanted() bool { return a.g.json || a.g.jq != "" }

// printJSON writes v, a value the tool made (not the API's), as indented JSON.
func (a *app) printJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return a.printRawJSON(buf.Bytes())
}

// printRawJSON writes JSON bytes exactly as given (the API's own, with a newline added when
// they lack one), or what --jq makes of them.
func (a *app) printRawJSON(data []byte) error {
	data = a.redact(data)
	if a.g.jq != "" {
		return a.runJQ(data)
	}
	if _, err := a.out.Write(data); err != nil {
		return err
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		_, err := io.WriteString(a.out, "\n")
		return err
	}
	return nil
}

// redact removes the session's API key from text the API sent, in every spelling, should a
// server echo it.
func (a *app) redact(data []byte) []byte {
	key := a.apiKey()
	if key == "" {
		return data
	}
	jk, _ := json.Marshal(key)
	for _, form := range []string{key, url.QueryEscape(key), url.PathEscape(key), string(jk[1 : len(jk)-1]), strings.ReplaceAll(string(jk[1:len(jk)-1]), "/", `\/`)} {
		if form != "" && bytes.Contains(data, []byte(form)) {
			data = bytes.ReplaceAll(data, []byte(form), []byte("[REDACTED]"))
		}
	}
	return data
}

// parseJQ compiles --jq's expression, before anything is sent.
func (a *app) parseJQ() (*gojq.Code, error) {
	q, err := gojq.Parse(a.g.jq)
	if err != nil {
		return nil, usagef("--jq: %v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, usagef("--jq: %v", err)
	}
	return code, nil
}

// runJQ filters data with --jq's expression: a string result is printed as text, anything
// else as compact JSON, one result a line (as gh --jq does).
func (a *app) runJQ(data []byte) error {
	code, err := a.parseJQ()
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return &cliError{msg: "--jq: the output is not JSON: " + err.Error()}
	}
	iter := code.Run(normaliseNumbers(v))
	for {
		r, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := r.(error); isErr {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				return nil
			}
			return &cliError{msg: "--jq: " + err.Error()}
		}
		var line string
		if s, isString := r.(string); isString {
			line = s
			if a.term.Stdout {
				line = escapeControls(s, true)
			}
		} else {
			b, err := gojq.Marshal(r)
			if err != nil {
				return &cliError{msg: "--jq: " + err.Error()}
			}
			line = string(b)
		}
		if _, err := fmt.Fprintln(a.out, line); err != nil {
			return err
		}
	}
}

// normaliseNumbers turns json.Numbers into the numbers gojq computes with: integers stay
// exact however large (IDs exceed 2^53), others become float64.
func normaliseNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			if int64(int(i)) == i {
				return int(i)
			}
		}
		if b, ok := new(big.Int).SetString(string(v), 10); ok {
			return b
		}
		f, _ := strconv.ParseFloat(string(v), 64)
		return f
	case map[string]any:
		for k, x := range v {
			v[k] = normaliseNumbers(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normaliseNumbers(x)
		}
	}
	return v
}

// joinArrays joins JSON arrays (pages of a list, as the API sent them) into one array, each
// item's bytes as sent.
func joinArrays(pages [][]byte) ([]byte, error) {
	if len(pages) == 1 {
		return pages[0], nil
	}
	var items []json.RawMessage
	for _, p := range pages {
		var page []json.RawMessage
		if err := json.Unmarshal(p, &page); err != nil {
			return nil, err
		}
		items = append(items, page...)
	}
	if len(items) == 0 {
		return []byte("[]\n"), nil
	}
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, it := range items {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(bytes.TrimSpace(it))
	}
	b.WriteString("\n]\n")
	return b.Bytes(), nil
}

// A recorder is the HTTP client of every command: http.Client with the client's defaults
// (redirects are never followed), keeping the body of each complete 2xx response, so that
// --json can print the bytes the API sent rather than a re-encoding of what the client
// decoded.
type recorder struct {
	http *http.Client
	mu   sync.Mutex
	got  [][]byte
}

func newRecorder() *recorder {
	return &recorder{http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.http.Do(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode/100 == 2 && ct != "" && !strings.Contains(ct, "json") {
		return resp, nil // a document (the schedule's PDF): streamed by its command, never kept
	}
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, procuret.MaxResponseBytes+1))
	resp.Body.Close()
	if readErr == nil && resp.StatusCode/100 == 2 && len(data) <= procuret.MaxResponseBytes {
		r.mu.Lock()
		r.got = append(r.got, data)
		r.mu.Unlock()
	}
	resp.Body = &replay{r: bytes.NewReader(data), err: readErr}
	return resp, nil
}

// take returns the bodies recorded since the last take, oldest first.
func (r *recorder) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

// last returns the body of the latest 2xx response since the last take.
func (r *recorder) last() []byte {
	got := r.take()
	if len(got) == 0 {
		return nil
	}
	return got[len(got)-1]
}

// replay is a body read ahead: its bytes, then the error that cut the read short.
type replay struct {
	r   *bytes.Reader
	err error
}

func (b *replay) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *replay) Close() error { return nil }

// printAPI prints what a command got: with --json (or --jq) the API's bytes of the latest
// response, else show's text.
func (a *app) printAPI(show func()) error {
	if a.jsonWanted() {
		body := a.rec.last()
		if body == nil {
			return errNotKept
		}
		return a.printRawJSON(body)
	}
	show()
	return nil
}

// progress shows "Fetched N links…" on stderr while --all pages, when stderr is a terminal.
type progress struct {
	a     *app
	what  string
	n     int
	every int
	shown bool
}

func (a *app) newProgress(what string, pageSize int) *progress {
	if pageSize <= 0 {
		pageSize = procuret.DefaultPageSize
	}
	return &progress{a: a, what: what, every: pageSize}
}

func (p *progress) add() {
	p.n++
	if p.a.term.Stderr && p.n%p.every == 0 {
		fmt.Fprintf(p.a.rawErr, "\r\x1b[KFetched %d %s…", p.n, p.what)
		p.shown = true
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.a.rawErr, "\r\x1b[K")
	}
}
