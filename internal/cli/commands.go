package cli

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/procuret/procuret-go"
)

// getSpec describes a command that shows one record by its ID: "links get LINK_ID",
// "entity ENTITY_ID". getCommand builds it.
type getSpec[ID, T any] struct {
	Use     string // "get LINK_ID": the name, then the argument's name
	Short   string // one line for the parent's list
	Long    string // the help's opening paragraph
	Example string // examples(...)
	Session sessionUse
	// Parse checks the argument (asIs for public IDs, parseID for entity IDs).
	Parse func(string) (ID, error)
	// Get fetches the record: a method expression such as (*conn).GetEntity.
	Get func(*conn, context.Context, ID) (*T, error)
	// Show prints the record as text; --json prints the API's bytes instead.
	Show func(a *app, v *T)
}

// getCommand builds the command that spec describes.
func getCommand[ID, T any](a *app, spec getSpec[ID, T]) *cobra.Command {
	arg := spec.Use[strings.LastIndex(spec.Use, " ")+1:]
	return &cobra.Command{
		Use:     spec.Use,
		Short:   spec.Short,
		Long:    spec.Long,
		Example: spec.Example,
		Args:    exactArgs(arg),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := spec.Parse(args[0])
			if err != nil {
				return usagef("invalid %s %q: %v", arg, args[0], err)
			}
			a.fieldNames = map[string]string{"public_id": arg, "entity_id": arg, "series_id": arg, "link_id": arg, "supplier_id": arg}
			cn, err := a.connect(spec.Session)
			if err != nil {
				return err
			}
			v, err := spec.Get(cn, cmd.Context(), id)
			if err != nil {
				return err
			}
			return a.printAPI(func() { spec.Show(a, v) })
		},
	}
}

// listSpec describes a command that lists records page by page: "links list". listCommand
// builds it, with --limit, --offset and --all.
type listSpec[P, T any] struct {
	Use, Short, Long, Example string
	One, Many                 string // "link", "links": for "No links." and "3 links."
	Session                   sessionUse
	// Flags defines the command's own filters on fs, writing into p.
	Flags func(fs *pflag.FlagSet, p *P)
	// Paging returns where p keeps the limit and the offset.
	Paging func(p *P) (limit, offset *int)
	// Page fetches one page; All every page from p's offset on.
	Page func(*conn, context.Context, P) ([]T, error)
	All  func(*conn, context.Context, P) iter.Seq2[T, error]
	// Disposition is an item's place in the whole result (nil when the API sent none).
	Disposition func(T) *procuret.Disposition
	// Table shows the items.
	Table func(items []T) *table
}

// listCommand builds the command that spec describes.
func listCommand[P, T any](a *app, spec listSpec[P, T]) *cobra.Command {
	var p P
	var all bool
	cmd := &cobra.Command{
		Use:     spec.Use,
		Short:   spec.Short,
		Long:    spec.Long,
		Example: spec.Example,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			limit, offset := spec.Paging(&p)
			cn, err := a.connect(spec.Session)
			if err != nil {
				return err
			}
			var items []T
			if !all {
				items, err = spec.Page(cn, cmd.Context(), p)
				if err != nil {
					return err
				}
			} else {
				prog := a.newProgress(spec.Many, *limit)
				for item, err := range spec.All(cn, cmd.Context(), p) {
					if err != nil {
						prog.done()
						return err
					}
					items = append(items, item)
					prog.add()
				}
				prog.done()
			}
			if a.jsonWanted() {
				pages := a.rec.take()
				if len(pages) == 0 {
					return errNotKept
				}
				data, err := joinArrays(pages)
				if err != nil {
					return &cliError{msg: "the API's pages do not join: " + err.Error()}
				}
				return a.printRawJSON(data)
			}
			if len(items) == 0 {
				if a.term.Stdout {
					fmt.Fprintf(a.out, "No %s.\n", spec.Many)
				}
				return nil
			}
			a.printTable(spec.Table(items))
			if a.term.Stdout {
				count := -1
				if d := spec.Disposition(items[len(items)-1]); d != nil && *d != (procuret.Disposition{}) {
					count = d.Count
				}
				footer(a, len(items), count, *offset, all, spec.One, spec.Many)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	spec.Flags(fs, &p)
	limit, offset := spec.Paging(&p)
	fs.IntVar(limit, "limit", 0, fmt.Sprintf("`N` %s per page, 1–1000 (default 20)", spec.Many))
	fs.IntVar(offset, "offset", 0, fmt.Sprintf("skip the first `N` %s", spec.Many))
	fs.BoolVar(&all, "all", false, "fetch every page (--limit sets the page size)")
	return cmd
}

// footer says how much of the whole result the table showed.
func footer(a *app, shown, count, offset int, all bool, one, many string) {
	w := a.out
	first, last := offset+1, offset+shown
	switch {
	case count < 0 || (offset == 0 && shown >= count):
		fmt.Fprintf(w, "\n%s.\n", plural(shown, one, many))
		return
	case first == last:
		fmt.Fprintf(w, "\n%d of %s", first, plural(count, one, many))
	default:
		fmt.Fprintf(w, "\n%d–%d of %s", first, last, plural(count, one, many))
	}
	if last < count && !all {
		fmt.Fprintf(w, "; --offset %d shows the next page, --all every one", last)
	}
	fmt.Fprintln(w, ".")
}

// exactArgs wants exactly one positional argument, named name in errors.
func exactArgs(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usagef("missing %s", name)
		case len(args) > 1:
			return usagef("unexpected argument %q (want one %s)", args[1], name)
		}
		return nil
	}
}

// noArgs wants no positional arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// asIs takes a public ID ("ps_demo1", "il_…") as given: the client checks its shape.
func asIs(id string) (string, error) { return id, nil }

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, errors.New("want an ID, a positive whole number")
	}
	return id, nil
}

// Flag values for pflag.

// idValue is a positive 64-bit ID, e.g. a supplier's entity ID.
type idValue struct{ p *int64 }

func (f idValue) Type() string { return "ID" }
func (f idValue) String() string {
	if f.p == nil || *f.p == 0 {
		return ""
	}
	return strconv.FormatInt(*f.p, 10)
}
func (f idValue) Set(s string) error {
	id, err := parseID(s)
	if err != nil {
		return err
	}
	*f.p = id
	return nil
}

// decimalValue is an exact amount: never parsed through a float.
type decimalValue struct{ p *decimal.Decimal }

func (f decimalValue) Type() string { return "AMOUNT" }
func (f decimalValue) String() string {
	if f.p == nil || f.p.IsZero() {
		return ""
	}
	return f.p.String()
}
func (f decimalValue) Set(s string) error {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil || strings.ContainsAny(s, "eE") {
		return errors.New("want an amount such as 1250.00")
	}
	// Trailing zeros carry no value but would travel: "4200.000" must reach the API as
	// "4200", not as an amount with three decimal places.
	*f.p = d.Normalize()
	return nil
}

// currencyValue is a currency by its ISO 4217 code.
type currencyValue struct{ p *procuret.Denomination }

func (f currencyValue) Type() string { return "CODE" }
func (f currencyValue) String() string {
	if f.p == nil || *f.p == 0 {
		return ""
	}
	return currencyOf(*f.p).Iso4217
}
func (f currencyValue) Set(s string) error {
	for _, c := range currencies {
		if strings.EqualFold(strings.TrimSpace(s), c.Iso4217) {
			*f.p = c.Indexid
			return nil
		}
	}
	return errors.New("want AUD or NZD")
}

// choice is a flag that takes one of a few words, each standing for a value set into the
// params; any other word is a usage error listing them.
type choice[V any] struct {
	words []string
	vals  []V
	set   func(V)
	word  string
}

// newChoice pairs words with vals, in the order the usage error lists them.
func newChoice[V any](set func(V), words []string, vals ...V) *choice[V] {
	if len(words) != len(vals) {
		panic("newChoice: " + strings.Join(words, ",") + ": a value per word")
	}
	return &choice[V]{words: words, vals: vals, set: set}
}

func (f *choice[V]) Type() string   { return "WORD" }
func (f *choice[V]) String() string { return f.word }
func (f *choice[V]) Set(s string) error {
	for i, w := range f.words {
		if s == w {
			f.word = w
			f.set(f.vals[i])
			return nil
		}
	}
	last := len(f.words) - 1
	return fmt.Errorf("want %s or %s", strings.Join(f.words[:last], ", "), f.words[last])
}

// boolSetter is a bool flag that sets the params it stands for (a sort order, say) when
// true, and unsets them when false.
type boolSetter struct {
	on  bool
	set func(on bool)
}

func boolSetterVar(fs *pflag.FlagSet, name, usage string, set func(on bool)) {
	fs.Var(&boolSetter{set: set}, name, usage)
	fs.Lookup(name).NoOptDefVal = "true"
}

func (f *boolSetter) Type() string   { return "bool" }
func (f *boolSetter) String() string { return strconv.FormatBool(f.on) }
func (f *boolSetter) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	f.on = b
	f.set(b)
	return nil
}

// optBool is a bool flag that can also be left unset: --opened, --opened=false, or neither.
type optBool struct{ p **bool }

func (f optBool) Type() string { return "bool" }
func (f optBool) String() string {
	if f.p == nil || *f.p == nil {
		return ""
	}
	return strconv.FormatBool(**f.p)
}
func (f optBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*f.p = &v
	return nil
}

// optBoolVar defines an optBool flag: "--name" alone means true.
func optBoolVar(fs *pflag.FlagSet, p **bool, name, usage string) {
	f := fs.VarPF(optBool{p}, name, "", usage)
	f.NoOptDefVal = "true"
}

// required reports the first of the named flags that was not given.
func required(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			return usagef("missing --%s", n)
		}
	}
	return nil
}
