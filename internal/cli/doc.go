// Package cli is the procuret command-line tool: log in once, try a call, create an
// instalment link by hand, see what a customer would pay, or run the whole supplier flow
// against an in-process sandbox (procuret demo). It talks to Procuret only through package
// procuret; cmd/procuret is a thin main around Run. docs/cli.md at the repository root is the tour.
package cli
