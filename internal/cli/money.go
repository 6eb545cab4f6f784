package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/procuret/procuret-go"
)

// The supplier's money and customers: sales, payouts, pending plans, deals, pay-now fees,
// customers (businesses and entities) and suppliers, and the schedule as a PDF.

// oldestFirst is --oldest-first: the API's lists are newest first by default.
func oldestFirst(fs *pflag.FlagSet, o *procuret.Order) {
	fs.Var(orderFlag{o}, "oldest-first", "oldest first instead of newest first")
	fs.Lookup("oldest-first").NoOptDefVal = "true"
}

type orderFlag struct{ p *procuret.Order }

func (f orderFlag) Type() string { return "bool" }
func (f orderFlag) String() string {
	return strconv.FormatBool(*f.p == procuret.OrderAscending)
}
func (f orderFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*f.p = procuret.OrderDescending
	if b {
		*f.p = procuret.OrderAscending
	}
	return nil
}

func (a *app) salesCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListSalesParams, procuret.SupplierSale]{
		Use:   "sales",
		Short: "list the supplier's sales, newest first",
		Long: `List the sales the session's suppliers made through Procuret: one per instalment plan
a customer committed to, with the invoice and the amount. --json prints the API's JSON array.`,
		Example: examples(
			"procuret sales",
			"procuret sales --business 24681357924681357 --oldest-first",
			"procuret sales --search INV-00 --all --json",
		),
		One: "sale", Many: "sales",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListSalesParams) {
			fs.StringVar(&p.AnyFragment, "search", "", "only sales whose invoice, ID or customer contains `TEXT`")
			fs.Var(idValue{&p.BusinessID}, "business", "only sales to the customer business with this entity `ID`")
			fs.Var(idValue{&p.SupplierID}, "supplier", "only sales of the supplier with this entity `ID`")
			fs.StringVar(&p.MethodID, "method", "", "only sales paid with the payment method `ID`")
			oldestFirst(fs, &p.Order)
		},
		Paging:      func(p *procuret.ListSalesParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListSupplierSales,
		All:         (*conn).AllSupplierSales,
		Disposition: func(s procuret.SupplierSale) *procuret.Disposition { return &s.Disposition },
		Table: func(sales []procuret.SupplierSale) *table {
			t := &table{head: []string{"SALE", "DATE", "INVOICE", "CUSTOMER", "AMOUNT"},
				money: map[int]bool{4: true}, shrink: map[int]bool{2: true, 3: true}}
			for _, s := range sales {
				t.add(s.PublicID, day(s.Created), s.Identifier, s.Customer.LegalEntityName, amount(s.Amount))
			}
			return t
		},
	})
}

func (a *app) payoutsCommand() *cobra.Command {
	cmd := listCommand(a, listSpec[procuret.ListPayoutsParams, procuret.SupplierPayout]{
		Use:   "payouts",
		Short: "list payouts to the supplier and the invoices they settle",
		Long: `List the payouts Procuret made to the session's suppliers, newest first by execution
date, with the invoices each one settles: what to reconcile against the bank statement.
--json prints the API's JSON array.`,
		Example: examples(
			"procuret payouts",
			"procuret payouts --search INV-0042",
			"procuret payouts --all --jq '.[] | [.executed, .amount.magnitude] | @tsv'",
		),
		One: "payout", Many: "payouts",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListPayoutsParams) {
			fs.StringVar(&p.AnyFragment, "search", "", "only payouts whose ID, invoices or customer contain `TEXT`")
			fs.Var(idValue{&p.SupplierID}, "supplier", "only payouts to the supplier with this entity `ID`")
			fs.StringVar(&p.PublicID, "id", "", "only the payout with this public `ID`")
			boolSetterVar(fs, "by-created", "sort by when the payout was created, not executed", func(on bool) {
				p.OrderBy = ""
				if on {
					p.OrderBy = procuret.SupplierPayoutOrderByCreated
				}
			})
			oldestFirst(fs, &p.Order)
		},
		Paging:      func(p *procuret.ListPayoutsParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListSupplierPayouts,
		All:         (*conn).AllSupplierPayouts,
		Disposition: func(p procuret.SupplierPayout) *procuret.Disposition { return &p.Disposition },
		Table: func(ps []procuret.SupplierPayout) *table {
			t := &table{head: []string{"PAYOUT", "EXECUTED", "AMOUNT", "INVOICES", "CUSTOMER", "TO"},
				money: map[int]bool{2: true}, shrink: map[int]bool{3: true, 4: true, 5: true}}
			for _, p := range ps {
				t.add(p.PublicID, day(p.Executed), amount(p.Amount), strings.Join(p.RelatedInvoiceIds, ", "),
					p.Customer.LegalEntityName, p.Destination.Description)
			}
			return t
		},
	})
	return cmd
}

func (a *app) pendingCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListPendingParams, procuret.PendingSeries]{
		Use:   "pending",
		Short: "list instalment plans waiting for an assessment or to start",
		Long: `List the instalment plans customers committed to that are not yet payment series,
newest first: waiting for an identity assessment, a credit assessment, or neither (about
to start). --json prints the API's JSON array.`,
		Example: examples(
			"procuret pending",
			"procuret pending --awaiting-credit",
			"procuret pending --awaiting-identity=false --awaiting-credit=false",
		),
		One: "pending plan", Many: "pending plans",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListPendingParams) {
			fs.Var(idValue{&p.SupplierID}, "supplier", "only plans with the supplier with this entity `ID`")
			fs.Var(idValue{&p.BusinessID}, "business", "only plans of the customer business with this entity `ID`")
			fs.Var(idValue{&p.HumanID}, "human", "only plans the person with this agent `ID` committed to")
			optBoolVar(fs, &p.AwaitingIdentityAssessment, "awaiting-identity", "only plans waiting for an identity assessment (=false: not waiting)")
			optBoolVar(fs, &p.AwaitingCreditAssessment, "awaiting-credit", "only plans waiting for a credit assessment (=false: not waiting)")
		},
		Paging:      func(p *procuret.ListPendingParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListPendingSeries,
		All:         (*conn).AllPendingSeries,
		Disposition: func(p procuret.PendingSeries) *procuret.Disposition { return &p.Disposition },
		Table: func(ps []procuret.PendingSeries) *table {
			t := &table{head: []string{"COMMITMENT", "DATE", "FOR", "AMOUNT", "WAITING FOR"},
				money: map[int]bool{3: true}, shrink: map[int]bool{2: true}}
			for _, p := range ps {
				t.add(p.CommitmentID, day(p.Exchange.Created), p.Exchange.Description, amount(p.Exchange.Amount), waitingFor(p))
			}
			return t
		},
	})
}

func waitingFor(p procuret.PendingSeries) string {
	switch {
	case p.AwaitingIdentityAssessment && p.AwaitingCreditAssessment:
		return "identity, credit"
	case p.AwaitingIdentityAssessment:
		return "identity"
	case p.AwaitingCreditAssessment:
		return "credit"
	}
	return "nothing: starting"
}

var assessmentWords = map[procuret.AssessmentState]string{
	procuret.AssessmentStatePassed: "passed", procuret.AssessmentStateFailed: "failed",
	procuret.AssessmentStateForced: "forced", procuret.AssessmentStateInProgress: "in progress",
}

func (a *app) dealsListCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListDealsParams, procuret.Deal]{
		Use:   "list",
		Short: "list deals, newest first",
		Long: `List the deals the session can see: what each customer committed to, its credit
assessment, and its money so far. --sort orders them by value, outstanding, created,
supplier or business. --json prints the API's JSON array.`,
		Example: examples(
			"procuret deals list",
			"procuret deals list --sort outstanding",
			"procuret deals list --sort business --oldest-first --all",
		),
		One: "deal", Many: "deals",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListDealsParams) {
			fs.Var(newChoice(func(v procuret.DealOrderBy) { p.OrderBy = v },
				[]string{"created", "value", "outstanding", "supplier", "business"},
				procuret.DealOrderByCreated, procuret.DealOrderByValue, procuret.DealOrderByOutstanding,
				procuret.DealOrderBySupplierName, procuret.DealOrderByBusinessName), "sort", "sort by `KEY`: created, value, outstanding, supplier or business (largest, latest or last first)")
			oldestFirst(fs, &p.Order)
		},
		Paging:      func(p *procuret.ListDealsParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListDeals,
		All:         (*conn).AllDeals,
		Disposition: func(d procuret.Deal) *procuret.Disposition { return &d.Disposition },
		Table: func(ds []procuret.Deal) *table {
			t := &table{head: []string{"COMMITMENT", "COMMITTED", "CUSTOMER", "CREDIT", "VALUE", "PAYABLE", "PAID"},
				money: map[int]bool{4: true, 5: true, 6: true}, shrink: map[int]bool{2: true}}
			for _, d := range ds {
				t.add(d.CommitmentID, day(d.TimeCommitted), d.Business.LegalEntityName, assessmentWords[d.CreditAssessmentState],
					money(d.Denomination, d.InvoiceValue), money(d.Denomination, d.TotalPayable), money(d.Denomination, d.SumPayments))
			}
			return t
		},
	})
}

func (a *app) dealGetCommand() *cobra.Command {
	return getCommand(a, getSpec[string, procuret.Deal]{
		Use:     "get COMMITMENT_ID",
		Short:   "show a deal",
		Long:    "Show a deal: who committed to what, its credit assessment, and its money so far.",
		Example: examples("procuret deals get cm_demo1", "procuret deals get cm_demo1 --json"),
		Session: needSession,
		Parse:   asIs,
		Get:     (*conn).GetDeal,
		Show: func(a *app, d *procuret.Deal) {
			a.fields("",
				[2]string{"Commitment", d.CommitmentID},
				[2]string{"Setup", d.SetupID},
				[2]string{"Supplier", headline(d.Supplier)},
				[2]string{"Customer", headline(d.Business)},
				[2]string{"Committed by", fmt.Sprintf("%s (%d)", d.TransactingHumanName, d.TransactingHumanID)},
				[2]string{"Committed", when(d.TimeCommitted)},
				[2]string{"Credit", assessmentWords[d.CreditAssessmentState]},
				[2]string{"Value", money(d.Denomination, d.InvoiceValue)},
				[2]string{"Total payable", money(d.Denomination, d.TotalPayable)},
				[2]string{"Paid so far", money(d.Denomination, d.SumPayments)},
				[2]string{"Outstanding", money(d.Denomination, d.TotalPayable.Sub(d.SumPayments))},
			)
		},
	})
}

func (a *app) customersListCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListBusinessesParams, procuret.Business]{
		Use:   "list",
		Short: "list customer businesses, oldest first",
		Long: `List the customer businesses the session can see: a supplier's customers, a
business's own. Oldest first, as the API does; --sort name or --sort recent.
--json prints the API's JSON array.`,
		Example: examples(
			"procuret customers list",
			"procuret customers list --transacted=false",
			"procuret customers list --search cafe --json",
		),
		One: "customer", Many: "customers",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListBusinessesParams) {
			fs.StringVar(&p.AnyFragment, "search", "", "only businesses whose name contains `TEXT`")
			optBoolVar(fs, &p.HasTransacted, "transacted", "only businesses with a payment series (=false: without)")
			fs.Var(idValue{&p.HasTransactedWith}, "with-supplier", "only businesses with a payment series with the supplier `ID`")
			type order struct {
				by    procuret.BusinessOrderBy
				order procuret.Order
			}
			fs.Var(newChoice(func(o order) { p.OrderBy, p.Order = o.by, o.order }, []string{"name", "recent"},
				order{by: procuret.BusinessOrderByName},
				order{by: procuret.BusinessOrderByLastTransactionTime, order: procuret.OrderDescending}),
				"sort", "sort by `KEY`: name, or recent (newest plan first)")
		},
		Paging:      func(p *procuret.ListBusinessesParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListBusinesses,
		All:         (*conn).AllBusinesses,
		Disposition: func(b procuret.Business) *procuret.Disposition { return &b.Disposition },
		Table: func(bs []procuret.Business) *table {
			es := make([]procuret.Entity, len(bs))
			for i, b := range bs {
				es[i] = b.Entity
			}
			return entityTable(es)
		},
	})
}

func (a *app) customerGetCommand() *cobra.Command {
	return getCommand(a, getSpec[int64, procuret.Business]{
		Use:     "get BUSINESS_ID",
		Short:   "show a customer business",
		Long:    "Show a customer business: names, government identifiers and address.",
		Example: examples("procuret customers get 24681357924681357", "procuret customers get 24681357924681357 --json"),
		Session: needSession,
		Parse:   parseID,
		Get:     (*conn).GetBusiness,
		Show:    func(a *app, b *procuret.Business) { a.printEntity(&b.Entity) },
	})
}

func (a *app) entitiesCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListEntitiesParams, procuret.Entity]{
		Use:   "entities",
		Short: "list the legal entities the session deals with, by name",
		Long: `List the legal entities the session can see: its own, and the suppliers and customers
it deals with, by legal name. --json prints the API's JSON array.`,
		Example: examples("procuret customers entities", "procuret customers entities --search tools"),
		One:     "entity", Many: "entities",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListEntitiesParams) {
			fs.StringVar(&p.NameFragment, "search", "", "only entities whose name contains `TEXT`")
			p.Order = procuret.OrderAscending
		},
		Paging:      func(p *procuret.ListEntitiesParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListEntities,
		All:         (*conn).AllEntities,
		Disposition: func(e procuret.Entity) *procuret.Disposition { return &e.Disposition },
		Table:       entityTable,
	})
}

func entityTable(es []procuret.Entity) *table {
	t := &table{head: []string{"ENTITY", "SHORT ID", "NAME", "ROLE"}, shrink: map[int]bool{2: true}}
	for _, e := range es {
		var roles []string
		if e.HasSupplierRecord {
			roles = append(roles, "supplier")
		}
		if e.HasBusinessRecord {
			roles = append(roles, "customer")
		}
		t.add(strconv.FormatInt(e.PublicID, 10), e.PublicIDShort, e.LegalEntityName, orDash(strings.Join(roles, ", ")))
	}
	return t
}

func (a *app) suppliersListCommand() *cobra.Command {
	return listCommand(a, listSpec[procuret.ListSuppliersParams, procuret.Supplier]{
		Use:   "list",
		Short: "list the suppliers the session deals with, by name",
		Long: `List the suppliers the session can see: a supplier's own, the suppliers a business
deals with. --json prints the API's JSON array.`,
		Example: examples("procuret suppliers list", "procuret suppliers list --authorised=false"),
		One:     "supplier", Many: "suppliers",
		Session: needSession,
		Flags: func(fs *pflag.FlagSet, p *procuret.ListSuppliersParams) {
			fs.StringVar(&p.AnyName, "search", "", "only suppliers whose name or brand contains `TEXT`")
			optBoolVar(fs, &p.AuthorisedToTransact, "authorised", "only suppliers authorised to transact (=false: not yet)")
			p.Order = procuret.OrderAscending
		},
		Paging:      func(p *procuret.ListSuppliersParams) (*int, *int) { return &p.Limit, &p.Offset },
		Page:        (*conn).ListSuppliers,
		All:         (*conn).AllSuppliers,
		Disposition: func(s procuret.Supplier) *procuret.Disposition { return &s.Disposition },
		Table: func(ss []procuret.Supplier) *table {
			t := &table{head: []string{"SUPPLIER", "NAME", "AUTHORISED", "TERMS", "FEE PAID BY"}, shrink: map[int]bool{1: true}}
			for _, s := range ss {
				terms := make([]string, len(s.TermRates))
				for i, r := range s.TermRates {
					terms[i] = strconv.Itoa(r.Periods)
				}
				t.add(strconv.FormatInt(s.Entity.PublicID, 10), s.Entity.LegalEntityName, yesNo(s.Authorised),
					orDash(strings.Join(terms, ", ")), feeModeWords[s.PayNowFeeMode])
			}
			return t
		},
	})
}

func (a *app) suppliersCreateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "create ENTITY_ID",
		Short: "make an entity you hold a supplier",
		Long: `Make an entity your account holds a supplier, so that it can sell through Procuret.
It starts unauthorised and without terms until Procuret sets it up.`,
		Example: examples("procuret suppliers create 9007199254740995"),
		Args:    exactArgs("ENTITY_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return usagef("invalid ENTITY_ID %q: %v", args[0], err)
			}
			a.fieldNames = map[string]string{"entity_id": "ENTITY_ID"}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			s, err := cn.CreateSupplier(cmd.Context(), id)
			if err != nil {
				return err
			}
			return a.printAPI(func() {
				fmt.Fprintf(a.out, "%s is now a supplier; Procuret authorises it before it can transact.\n\n", sanitize(s.Entity.LegalEntityName))
				a.printSupplier(s)
			})
		},
	}
}

var feeModeWords = map[procuret.PayNowFeeMode]string{
	procuret.PayNowFeeModeCustomerPays: "customer", procuret.PayNowFeeModeSupplierPays: "supplier",
}

func (a *app) feesModeCommand() *cobra.Command {
	var mode procuret.PayNowFeeMode
	cmd := &cobra.Command{
		Use:   "mode SUPPLIER_ID",
		Short: "show or set who pays the pay-now fee",
		Long: `Show who pays the fee when a customer pays in full now: the customer or the supplier.
--set customer or --set supplier changes it (the supplier's own agents only).`,
		Example: examples("procuret fees mode 13991055489669749", "procuret fees mode 13991055489669749 --set customer"),
		Args:    exactArgs("SUPPLIER_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return usagef("invalid SUPPLIER_ID %q: %v", args[0], err)
			}
			a.fieldNames = map[string]string{"supplier_id": "SUPPLIER_ID", "mode": "--set"}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			var m *procuret.SupplierPayNowFeeMode
			if mode == 0 {
				m, err = cn.GetPayNowFeeMode(cmd.Context(), id)
			} else {
				m, err = cn.SetPayNowFeeMode(cmd.Context(), id, mode)
			}
			if err != nil {
				return err
			}
			return a.printAPI(func() {
				verb := "pays"
				if mode != 0 {
					verb = "now pays"
				}
				fmt.Fprintf(a.out, "The %s %s the pay-now fee of supplier %d.\n", feeModeWords[m.Mode], verb, m.SupplierID.Int64())
			})
		},
	}
	cmd.Flags().Var(newChoice(func(m procuret.PayNowFeeMode) { mode = m }, []string{"customer", "supplier"},
		procuret.PayNowFeeModeCustomerPays, procuret.PayNowFeeModeSupplierPays), "set", "set who pays: `customer` or supplier")
	return cmd
}

func (a *app) feesQuoteCommand() *cobra.Command {
	var p procuret.QuoteFeeParams
	var card, bank decimal.Decimal
	cmd := &cobra.Command{
		Use:   "quote --supplier ID --card AMOUNT --bank AMOUNT",
		Short: "quote the pay-now fee for an amount paid by card and bank account",
		Long: `Quote the fee Procuret would charge to take an amount now, paid by card (--card), by
bank account (--bank) or both, and who would pay it. Nothing is charged.`,
		Example: examples(
			"procuret fees quote --supplier 13991055489669749 --card 200 --bank 1000",
			"procuret fees quote --supplier 13991055489669749 --card 80.50 --currency NZD",
		),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := required(cmd, "supplier"); err != nil {
				return err
			}
			if card.IsZero() && bank.IsZero() {
				return usagef("give --card, --bank or both")
			}
			p.Amount = card.Add(bank)
			if !card.IsZero() {
				p.Divisions = append(p.Divisions, procuret.FeeDivision{Instrument: procuret.InstrumentCard, Magnitude: card})
			}
			if !bank.IsZero() {
				p.Divisions = append(p.Divisions, procuret.FeeDivision{Instrument: procuret.InstrumentBankAccount, Magnitude: bank})
			}
			a.fieldNames = map[string]string{"supplier_id": "--supplier", "divisions.0.magnitude": "--card", "divisions.1.magnitude": "--bank", "amount.denomination": "--currency"}
			cn, err := a.connect(needSession)
			if err != nil {
				return err
			}
			q, err := cn.QuotePayNowFee(cmd.Context(), p)
			if err != nil {
				return err
			}
			return a.printAPI(func() {
				cur := q.Amount.Denomination
				a.fields("",
					[2]string{"Amount", money(cur, p.Amount)},
					[2]string{"Fee", amount(q.Amount)},
					[2]string{"Percentage", q.Percentage.String() + " %"},
					[2]string{"Paid by", feeModeWords[q.FeeMode]},
				)
			})
		},
	}
	fs := cmd.Flags()
	fs.Var(idValue{&p.SupplierID}, "supplier", "the supplier's entity `ID`")
	fs.Var(decimalValue{&card}, "card", "the `AMOUNT` paid by card")
	fs.Var(decimalValue{&bank}, "bank", "the `AMOUNT` paid by bank account")
	fs.Var(currencyValue{&p.Denomination}, "currency", "AUD (the default) or NZD")
	return cmd
}

// withPDF gives the schedule command --pdf and -o: the schedule as the PDF the customer
// receives, streamed to a file (or to stdout when it is not a terminal), never held whole.
func (a *app) withPDF(cmd *cobra.Command) *cobra.Command {
	var pdf bool
	var out string
	show := cmd.RunE
	cmd.Example += "\n" + examples("procuret schedule ps_demo1 --pdf -o schedule.pdf", "procuret schedule ps_demo1 --pdf > schedule.pdf")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if !pdf {
			if out != "" {
				return usagef("-o writes the PDF: give --pdf too")
			}
			return show(cmd, args)
		}
		if out == "" && a.term.Stdout {
			return usagef("--pdf writes a binary file: give -o FILE, or redirect stdout")
		}
		if a.jsonWanted() {
			return usagef("--pdf and --json do not go together")
		}
		a.fieldNames = map[string]string{"series_id": "SERIES_ID"}
		cn, err := a.connect(needSession)
		if err != nil {
			return err
		}
		doc, err := cn.GetInstalmentSchedulePDF(cmd.Context(), args[0])
		if err != nil {
			return err
		}
		defer doc.Close()
		if out == "" {
			_, err := io.Copy(a.rawOut, doc)
			return err
		}
		n, err := writeFile(out, doc)
		if err != nil {
			return &cliError{msg: err.Error()}
		}
		fmt.Fprintf(a.out, "Wrote the schedule of %s to %s (%s, %d bytes).\n", sanitize(args[0]), sanitize(out), sanitize(doc.ContentType), n)
		return nil
	}
	cmd.Flags().BoolVar(&pdf, "pdf", false, "the schedule as the PDF the customer receives")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the PDF to `FILE` (default: stdout, when it is not a terminal)")
	return cmd
}

// writeFile streams r into path: into a temporary file beside it, renamed into place once
// complete, so that a failed download never leaves half a PDF under the name asked for.
func writeFile(path string, r io.Reader) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(tmp, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return n, nil
}
