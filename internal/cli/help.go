package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// printHelp writes c's help: what it does, how to call it, its flags and examples.
func (a *app) printHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	if c.about != "" {
		fmt.Fprintf(w, "%s\n\n", reflow(c.about, 80))
	}
	fmt.Fprintln(w, "Usage:")
	switch {
	case c.parent == nil:
		fmt.Fprintln(w, "  procuret [--endpoint API] [--json] COMMAND [flags] [arguments]")
	case c.run == nil:
		fmt.Fprintf(w, "  %s SUBCOMMAND [flags] [arguments]\n", c.line())
	default:
		// A long usage carries its own line breaks.
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(strings.TrimSpace(c.line()+" "+c.usage), "\n", "\n      "))
	}
	if len(c.subs) > 0 {
		title := "Commands:"
		if c.parent != nil {
			title = "Subcommands:"
		}
		fmt.Fprintf(w, "\n%s\n", title)
		t := table{indent: "  "}
		for _, s := range c.subs {
			t.add(s.name, s.summary)
		}
		t.print(w)
	}
	var own, global table
	own.indent, global.indent = "  ", "  "
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := placeholder(f)
		spelled := "--" + f.Name
		if name != "" {
			spelled += " " + name
		}
		if globalFlagNames[f.Name] {
			global.add(spelled, usage)
		} else {
			own.add(spelled, usage)
		}
	})
	global.add("-h, --help", "show this help")
	if len(own.rows) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		own.print(w)
	}
	fmt.Fprintln(w, "\nGlobal flags (before or after the command):")
	global.print(w)
	if c.parent == nil {
		fmt.Fprint(w, `
Environment:
  PROCURET_ENDPOINT    the API, as --endpoint
  PROCURET_SESSION_ID  a session to use instead of the saved one (for CI),
  PROCURET_API_KEY     given as its ID and API key
  PROCURET_LIFECYCLE   that session's lifecycle: long (default) or short
  PROCURET_PASSWORD    the password for procuret login

Exit codes: 0 success, 1 the API or the network failed, 2 a wrong command line.
`)
	}
	if len(c.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	switch {
	case c.parent == nil:
		fmt.Fprintln(w, "\nRun 'procuret COMMAND --help' for more about a command.")
	case c.run == nil:
		fmt.Fprintf(w, "\nRun '%s SUBCOMMAND --help' for more about a subcommand.\n", c.line())
	}
}

// placeholder splits a flag's usage, "`EMAIL` the customer's email", into the placeholder
// the help shows after the flag and the description.
func placeholder(f *flag.Flag) (name, usage string) {
	if rest, ok := strings.CutPrefix(f.Usage, "`"); ok {
		if name, usage, ok := strings.Cut(rest, "` "); ok {
			return name, usage
		}
	}
	return "", f.Usage
}

// reflow fills each paragraph of text (paragraphs are separated by a blank line) into lines
// of fewer than width columns.
func reflow(text string, width int) string {
	paras := strings.Split(strings.TrimSpace(text), "\n\n")
	for i, p := range paras {
		var b strings.Builder
		n := 0
		for _, word := range strings.Fields(p) {
			wl := utf8.RuneCountInString(word)
			switch {
			case n == 0:
			case n+1+wl >= width:
				b.WriteByte('\n')
				n = 0
			default:
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += wl
		}
		paras[i] = b.String()
	}
	return strings.Join(paras, "\n\n")
}
