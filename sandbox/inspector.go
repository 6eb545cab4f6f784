package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
)

// The inspector: what the sandbox holds and what it was sent, in the browser at / and as JSON
// for scripts. Server-rendered with html/template; no script, font or anything else from
// elsewhere (its Content-Security-Policy forbids them), so it works with JavaScript off.
//
//	/                        the overview: the latest of every view
//	/inspector/mailbox       second-factor codes sent: to whom, when, used, replaced or expired
//	/inspector/requests      the request log: status, authentication verdict, error, what was created
//	/inspector/links         links with their opens and customer pages (?offset=&limit=)
//	/inspector/sessions      sessions: ID, agent, perspective, lifecycle, last use; never a key
//	/inspector/series        payment series
//
// Each has a JSON twin: /inspector.json, /inspector/mailbox.json, … No view shows a password,
// API key or signature; the mailbox shows second-factor codes, as an inbox would.
//
// The inspector answers only requests addressed to an IP address or localhost, so that a web
// page on another site cannot read it through DNS rebinding.

var inspectorViews = []string{"mailbox", "requests", "links", "sessions", "series"}

// overviewRows is how many of each view's newest rows the overview shows.
const overviewRows = 10

func isInspectorPath(p string) bool {
	return p == "/" || p == "/inspector.json" || strings.HasPrefix(p, "/inspector/")
}

func (s *Sandbox) inspectorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.inspect(""))
	mux.HandleFunc("GET /inspector.json", s.inspect(".json"))
	mux.HandleFunc("GET /inspector/{view}", func(w http.ResponseWriter, r *http.Request) {
		s.inspect(r.PathValue("view"))(w, r)
	})
}

type inspectorPage struct {
	View     string         `json:"-"` // "" for the overview
	Base     string         `json:"-"` // the API's base URL
	Now      time.Time      `json:"now"`
	Data     string         `json:"data_dir,omitempty"`
	Mailbox  []inspMail     `json:"mailbox,omitempty"`
	Requests []requestEntry `json:"requests,omitempty"`
	Links    *inspLinks     `json:"links,omitempty"`
	Sessions []inspSession  `json:"sessions,omitempty"`
	Series   []inspSeries   `json:"series,omitempty"`
}

type inspMail struct {
	Seq         int64     `json:"seq"`
	To          string    `json:"to"`
	Perspective int       `json:"perspective"` // 0: any the account holds
	Code        string    `json:"code"`
	Sent        time.Time `json:"sent"`
	ValidUntil  time.Time `json:"valid_until"`
	Status      string    `json:"status"` // pending, used, replaced, invalidated or expired
	Settled     time.Time `json:"settled,omitzero"`
}

type inspLinks struct {
	Count  int        `json:"count"`
	Offset int        `json:"offset"`
	Limit  int        `json:"limit"`
	Items  []inspLink `json:"items"`
	Next   string     `json:"next,omitempty"` // the next page's URL
	Prev   string     `json:"prev,omitempty"`
}

type inspLink struct {
	PublicID   string      `json:"public_id"`
	Created    time.Time   `json:"created"`
	Supplier   string      `json:"supplier"`
	SupplierID int64       `json:"supplier_id"`
	Invoice    string      `json:"invoice_identifier"`
	Amount     string      `json:"amount"`
	Invitee    string      `json:"invitee_email"`
	CreatedBy  int64       `json:"created_by"`
	Opens      []time.Time `json:"opens"`       // the stored opens, oldest first
	OpensTotal int         `json:"opens_total"` // every open, stored or not
	Page       string      `json:"customer_page"`
}

type inspSession struct {
	ID          int64     `json:"session_id"`
	Agent       int64     `json:"agent_id"`
	Email       string    `json:"email"`
	Perspective int       `json:"perspective"`
	Lifecycle   string    `json:"lifecycle"`
	Created     time.Time `json:"created"`
	LastUsed    time.Time `json:"last_used"`
	Expires     time.Time `json:"expires,omitzero"` // short-lived sessions: an hour after the last use
}

type inspSeries struct {
	PublicID    string `json:"public_id"`
	Identifier  string `json:"identifier"`
	Supplier    string `json:"supplier"`
	Customer    string `json:"customer"`
	Amount      string `json:"amount"`
	Paid        int    `json:"paid_instalments"`
	Periods     int    `json:"periods"`
	NextDue     string `json:"next_due,omitempty"`
	OverdueDays int    `json:"overdue_days"`
	Completed   bool   `json:"completed"`
}

// inspect serves one view ("" the overview), as HTML or, with name ending in ".json", JSON.
func (s *Sandbox) inspect(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !localHost(r.Host) {
			http.Error(w, "The inspector answers only requests to an IP address or localhost.", http.StatusForbidden)
			return
		}
		view, asJSON := strings.CutSuffix(name, ".json")
		if view != "" && !slices.Contains(inspectorViews, view) {
			http.Error(w, fmt.Sprintf("No inspector view %q: try / or /inspector/{%s}[.json]", name, strings.Join(inspectorViews, ",")), http.StatusNotFound)
			return
		}
		offset, limit, err := pageParams(r.URL.Query(), view == "links")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		pg := s.inspectorPage(r, view, offset, limit)
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if asJSON {
			h.Set("Content-Type", "application/json")
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			_ = enc.Encode(pg)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		if err := inspectorTemplate.Execute(w, pg); err != nil {
			s.log.Warn("inspector page", "err", err)
		}
	}
}

func sortInspSessions(v []inspSession) {
	slices.SortFunc(v, func(a, b inspSession) int {
		return cmp.Or(b.LastUsed.Compare(a.LastUsed), cmp.Compare(a.ID, b.ID))
	})
}

// localHost reports whether a request's Host names an IP address or localhost.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return strings.EqualFold(host, "localhost") || net.ParseIP(host) != nil
}

func pageParams(q url.Values, paged bool) (offset, limit int, err error) {
	limit = overviewRows
	if !paged {
		return 0, 0, nil
	}
	limit = 50
	for name, dst := range map[string]*int{"offset": &offset, "limit": &limit} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || (name == "limit" && (n < 1 || n > 500)) {
			return 0, 0, fmt.Errorf("%s: want a whole number (limit 1 to 500)", name)
		}
		*dst = n
	}
	return offset, limit, nil
}

// inspectorPage gathers a view ("" for all of them, each cut to its newest overviewRows).
func (s *Sandbox) inspectorPage(r *http.Request, view string, offset, limit int) *inspectorPage {
	now := s.clock()
	pg := &inspectorPage{View: view, Now: now.UTC(), Base: infoFrom(r.Context()).baseURL + "/api"}
	rows := 0 // 0: all
	if view == "" {
		rows, offset, limit = overviewRows, 0, overviewRows
	}
	want := func(v string) bool { return view == "" || view == v }
	if want("requests") {
		pg.Requests = s.requests.latest(rows)
	}
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.db != nil {
		pg.Data = st.db.path
	}
	if want("mailbox") {
		pg.Mailbox = []inspMail{}
		for i := len(st.mailbox) - 1; i >= 0 && (rows == 0 || len(pg.Mailbox) < rows); i-- {
			m := st.mailbox[i]
			status := m.Outcome
			if status == "" {
				status = "pending"
				if !now.Before(m.Expires) {
					status = "expired"
				}
			}
			pg.Mailbox = append(pg.Mailbox, inspMail{Seq: m.Seq, To: m.To, Perspective: int(m.Perspective), Code: m.Code,
				Sent: m.Sent.UTC(), ValidUntil: m.Expires.UTC(), Status: status, Settled: m.Settled.UTC()})
		}
	}
	if want("links") {
		all := st.links.all
		lv := &inspLinks{Count: len(all), Offset: offset, Limit: limit, Items: []inspLink{}}
		for i := offset; i < len(all) && len(lv.Items) < limit; i++ {
			lv.Items = append(lv.Items, st.inspLink(all.at(i, true)))
		}
		if view == "links" {
			if offset+limit < len(all) {
				lv.Next = fmt.Sprintf("/inspector/links?offset=%d&limit=%d", offset+limit, limit)
			}
			if offset > 0 {
				lv.Prev = fmt.Sprintf("/inspector/links?offset=%d&limit=%d", max(offset-limit, 0), limit)
			}
		}
		pg.Links = lv
	}
	if want("sessions") {
		pg.Sessions = st.inspSessions(rows)
	}
	if want("series") {
		today := s.today()
		pg.Series = []inspSeries{}
		for i := len(st.series) - 1; i >= 0 && (rows == 0 || len(pg.Series) < rows); i-- {
			sr := st.series[i]
			paid := sr.paid(today)
			v := inspSeries{PublicID: sr.publicID, Identifier: sr.identifier, Supplier: sr.supplier.legalName,
				Customer: sr.business.legalName, Amount: money(sr.principal, sr.denom), Paid: paid, Periods: len(sr.lines),
				OverdueDays: sr.overdueDays(today), Completed: paid >= len(sr.lines)}
			if paid < len(sr.lines) {
				v.NextDue = sr.lines[paid].due.String()
			}
			pg.Series = append(pg.Series, v)
		}
	}
	return pg
}

func money(d interface{ StringFixed(int32) string }, denom gen.Denomination) string {
	cur := currencies[denom]
	return d.StringFixed(int32(cur.Exponent)) + " " + cur.Iso4217
}

func (st *store) inspLink(l *link) inspLink {
	v := inspLink{
		PublicID: l.v.PublicID, Created: l.v.Created.Time().UTC(), Supplier: l.v.Supplier.LegalEntityName,
		SupplierID: l.v.Supplier.EntityID, Invoice: l.v.InvoiceIdentifier, Amount: money(l.v.InvoiceAmount, l.v.DenominationID),
		CreatedBy: l.createdBy, OpensTotal: l.opensTotal, Page: "/b?il=" + url.QueryEscape(l.v.PublicID),
		Opens: make([]time.Time, len(l.v.Opens)),
	}
	v.Invitee = l.v.InviteeEmail
	for i, o := range l.v.Opens {
		v.Opens[i] = o.Created.Time().UTC()
	}
	return v
}

// inspSessions lists sessions, most recently used first (rows 0: all).
func (st *store) inspSessions(rows int) []inspSession {
	out := make([]inspSession, 0, len(st.sessions))
	for _, sess := range st.sessions {
		v := inspSession{ID: sess.id, Agent: sess.agentID, Perspective: int(sess.perspective),
			Lifecycle: sess.lifecycle.String(), Created: sess.created.UTC(), LastUsed: sess.lastUsed.UTC()}
		if a := st.accounts[sess.agentID]; a != nil {
			v.Email = a.email
		}
		if sess.lifecycle == auth.ShortLived {
			v.Expires = sess.lastUsed.Add(shortLivedIdle).UTC()
		}
		out = append(out, v)
	}
	sortInspSessions(out)
	if rows > 0 && len(out) > rows {
		out = out[:rows]
	}
	return out
}

var inspectorFuncs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"perspective": func(p int) string {
		switch ap := auth.Perspective(p); {
		case p == 0:
			return "any"
		case ap.Valid():
			return strconv.Itoa(p) + " " + ap.String() // "1 supplier"
		}
		return strconv.Itoa(p)
	},
	"last": func(ts []time.Time) time.Time {
		if len(ts) == 0 {
			return time.Time{}
		}
		return ts[len(ts)-1]
	},
	"ok": func(status int) bool { return status < 400 },
}

var inspectorTemplate = template.Must(template.New("inspector").Funcs(inspectorFuncs).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .View}}{{.View}} · {{end}}Procuret sandbox inspector</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}
nav a{margin-right:1rem}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem;font-size:.9rem}
td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
th{background:#f4f4f4}
code,.code{font-family:ui-monospace,monospace}
.bad{color:#a40000}.good{color:#0a6a0a}.note{color:#666;font-size:.85rem}
</style>
</head>
<body>
<h1>Procuret sandbox inspector</h1>
<nav><a href="/">Overview</a><a href="/inspector/mailbox">Mailbox</a><a href="/inspector/requests">Requests</a><a href="/inspector/links">Links</a><a href="/inspector/sessions">Sessions</a><a href="/inspector/series">Payment series</a></nav>
<p class="note">API: <code>{{.Base}}</code> · {{when .Now}} · {{if .Data}}data in <code>{{.Data}}</code>{{else}}in memory (start with -data DIR to keep it){{end}} ·
JSON: <a href="{{if .View}}/inspector/{{.View}}.json{{else}}/inspector.json{{end}}">this view as JSON</a></p>

{{if .Mailbox}}{{if not .View}}<h2><a href="/inspector/mailbox">Mailbox</a></h2>{{else}}<h2>Mailbox</h2>{{end}}
<table id="mailbox">
<tr><th>Sent</th><th>To</th><th>Perspective</th><th>Code</th><th>Valid until</th><th>Status</th></tr>
{{range .Mailbox}}<tr><td>{{when .Sent}}</td><td>{{.To}}</td><td>{{perspective .Perspective}}</td><td class="code">{{.Code}}</td><td>{{when .ValidUntil}}</td><td>{{.Status}}{{if .Settled.IsZero}}{{else}} {{when .Settled}}{{end}}</td></tr>
{{end}}</table>{{else if eq .View "mailbox" ""}}<h2>Mailbox</h2><p>No second-factor code sent yet.</p>{{end}}

{{if .Requests}}{{if not .View}}<h2><a href="/inspector/requests">Requests</a></h2>{{else}}<h2>Requests</h2>{{end}}
<table id="requests">
<tr><th>Time</th><th>Request</th><th>Status</th><th>Authentication</th><th>Error</th><th>Created</th></tr>
{{range .Requests}}<tr><td>{{when .Time}}</td><td class="code">{{.Method}} {{.Path}}</td><td class="{{if ok .Status}}good{{else}}bad{{end}}">{{.Status}}</td><td>{{.Auth}}</td><td>{{.Error}}{{if .Fault}} (fault {{.Fault}}){{end}}</td><td class="code">{{.Created}}</td></tr>
{{end}}</table>{{else if eq .View "requests" ""}}<h2>Requests</h2><p>No request yet.</p>{{end}}

{{with .Links}}{{if not $.View}}<h2><a href="/inspector/links">Links</a> ({{.Count}})</h2>{{else}}<h2>Links ({{.Count}})</h2>{{end}}
{{if .Items}}<table id="links">
<tr><th>Created</th><th>Link</th><th>Supplier</th><th>Invoice</th><th>Amount</th><th>Invitee</th><th>Opens</th><th>Customer page</th></tr>
{{range .Items}}<tr><td>{{when .Created}}</td><td class="code">{{.PublicID}}</td><td>{{.Supplier}}</td><td>{{.Invoice}}</td><td>{{.Amount}}</td><td>{{.Invitee}}</td><td>{{.OpensTotal}}{{if .Opens}}, last {{when (last .Opens)}}{{end}}</td><td><a href="{{.Page}}">customer page</a></td></tr>
{{end}}</table>{{else}}<p>No link yet.</p>{{end}}
{{if .Prev}}<a href="{{.Prev}}">newer</a> {{end}}{{if .Next}}<a href="{{.Next}}">older</a>{{end}}{{end}}

{{if .Sessions}}{{if not .View}}<h2><a href="/inspector/sessions">Sessions</a></h2>{{else}}<h2>Sessions</h2>{{end}}
<table id="sessions">
<tr><th>Session</th><th>Agent</th><th>Perspective</th><th>Lifecycle</th><th>Created</th><th>Last use</th><th>Expires</th></tr>
{{range .Sessions}}<tr><td class="code">{{.ID}}</td><td>{{.Email}} ({{.Agent}})</td><td>{{perspective .Perspective}}</td><td>{{.Lifecycle}}</td><td>{{when .Created}}</td><td>{{when .LastUsed}}</td><td>{{when .Expires}}</td></tr>
{{end}}</table>{{else if eq .View "sessions" ""}}<h2>Sessions</h2><p>No session yet.</p>{{end}}

{{if .Series}}{{if not .View}}<h2><a href="/inspector/series">Payment series</a></h2>{{else}}<h2>Payment series</h2>{{end}}
<table id="series">
<tr><th>Series</th><th>Identifier</th><th>Supplier</th><th>Customer</th><th>Amount</th><th>Paid</th><th>Next due</th><th>Overdue</th></tr>
{{range .Series}}<tr><td class="code">{{.PublicID}}</td><td>{{.Identifier}}</td><td>{{.Supplier}}</td><td>{{.Customer}}</td><td>{{.Amount}}</td><td>{{.Paid}} of {{.Periods}}{{if .Completed}} (completed){{end}}</td><td>{{.NextDue}}</td><td>{{if .OverdueDays}}{{.OverdueDays}} days{{end}}</td></tr>
{{end}}</table>{{end}}
<p class="note">Procuret sandbox: no money moves. No view shows a password, API key or signature.</p>
</body>
</html>
`))
