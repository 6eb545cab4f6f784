// Package cli is the procuret command-line tool, on spf13/cobra: log in once, try a call,
// create an instalment link by hand, see what a customer would pay, call any endpoint
// (procuret api), or run the whole supplier flow against a local sandbox (procuret demo).
// It talks to Procuret only through package procuret; cmd/procuret is a thin main around
// Run. docs/cli.md at the repository root is the tour.
//
// # What every command gets
//
// The root's persistent flags (--endpoint, --profile, --as-agent, --json, --jq, --debug)
// reach every command; a.connect turns them into a client: the endpoint (never the live API
// unless chosen), the saved session of the profile or PROCURET_SESSION_ID, --debug's
// request log, and an HTTP client (the recorder) that keeps the API's bytes so that --json
// prints them as sent. a.printTable aligns a table for a terminal (cutting shrinkable
// columns to its width) or writes tab-separated values to a pipe; every cell is sanitized,
// and a terminal's stdout and stderr pass through a writer that escapes control
// characters. Errors are reported by a.report: usage errors exit 2, authentication 4,
// the API or the network 1.
//
// # Adding a command
//
// A command that shows one record by ID is a getSpec given to getCommand:
//
//	func (a *app) payoutGetCommand() *cobra.Command {
//		return getCommand(a, getSpec[string, procuret.Payout]{
//			Use:     "get PAYOUT_ID",
//			Short:   "show a payout",
//			Long:    "Show a payout: amount, date and the payments it carries.",
//			Example: examples("procuret payouts get po_123", "procuret payouts get po_123 --json"),
//			Session: needSession,
//			Parse:   asIs,                 // or parseID for numeric entity IDs
//			Get:     (*conn).GetPayout,    // any func(*conn, context.Context, ID) (*T, error)
//			Show:    (*app).printPayout,   // text; --json and --jq print the API's bytes
//		})
//	}
//
// A command that lists records page by page is a listSpec given to listCommand, which adds
// --limit, --offset and --all (with progress on a terminal's stderr), the footer, and the
// JSON of every page joined into one array:
//
//	func (a *app) payoutsListCommand() *cobra.Command {
//		return listCommand(a, listSpec[procuret.ListPayoutsParams, procuret.Payout]{
//			Use: "list", Short: "list payouts, newest first", Long: "…", Example: examples("procuret payouts list"),
//			One: "payout", Many: "payouts", Session: needSession,
//			Flags:  func(fs *pflag.FlagSet, p *procuret.ListPayoutsParams) { /* filters, e.g. idValue{&p.SupplierID} */ },
//			Paging: func(p *procuret.ListPayoutsParams) (*int, *int) { return &p.Limit, &p.Offset },
//			Page:   (*conn).ListPayouts,
//			All:    (*conn).AllPayouts,
//			Disposition: func(p procuret.Payout) *procuret.Disposition { return p.Disposition },
//			Table:  func(ps []procuret.Payout) *table { /* head, shrink columns, t.add(cells...) */ },
//		})
//	}
//
// Then add it to its group in rootCommand (a.group("payouts", …, a.payoutsListCommand(),
// a.payoutGetCommand())). If the client's validation errors name API fields the command
// spells differently, map them in commonFields (errors.go) or set a.fieldNames in RunE.
// TestHelpEverywhere checks that the new command has examples and fits 80 columns; add a
// golden transcript of its output in a test like TestSeriesScheduleEntitySupplier.
package cli
