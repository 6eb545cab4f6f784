package sandbox

import (
	"html/template"
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
)

// The customer's page of a link, https://procuret.com/b?il=<public_id> on the real site: who is
// asking to be paid, for what, and what the customer would pay per month on each term. Loading
// it records an open, as the real page does.

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Found}}Pay {{.Supplier}} over time{{else}}Link not found{{end}} · Procuret sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
.note{color:#666;font-size:.9rem}
</style>
</head>
<body>
<main id="customer-page">
{{if .Found}}
<h1>{{.Supplier}}</h1>
<p>Invoice <strong>{{.Invoice}}</strong>: <strong>{{.Amount}}</strong></p>
{{if .Quotes}}
<table>
<tr><th>Term</th><th>Per month</th></tr>
{{range .Quotes}}<tr><td>{{.Periods}} months</td><td>{{.Payment}}</td></tr>
{{end}}</table>
{{else}}<p>{{.Unavailable}}</p>{{end}}
{{else}}
<h1>Link not found</h1>
<p>No instalment link has the ID <code>{{.ID}}</code>.</p>
{{end}}
<p class="note">Procuret sandbox: no money moves.</p>
</main>
</body>
</html>
`))

type pageQuote struct {
	Periods int
	Payment string
}

type pageData struct {
	Found                         bool
	ID, Supplier, Invoice, Amount string
	Quotes                        []pageQuote
	Unavailable                   string
}

func (s *Sandbox) customerPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("il")
	data := pageData{ID: id}
	if s.recordOpen(id) {
		data = s.pageData(id)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !data.Found {
		w.WriteHeader(http.StatusNotFound)
	}
	_ = pageTemplate.Execute(w, data)
}

func (s *Sandbox) pageData(id string) pageData {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	l := st.links.byID[id]
	sup := st.suppliers[l.v.Supplier.EntityID]
	cur := currencies[l.v.DenominationID]
	places := int32(cur.Exponent)
	money := func(d decimal.Decimal) string { return cur.Symbol + d.StringFixed(places) + " " + cur.Iso4217 }
	data := pageData{
		Found: true, ID: id, Supplier: l.v.Supplier.LegalEntityName, Invoice: l.v.InvoiceIdentifier,
		Amount: money(l.v.InvoiceAmount),
	}
	if _, _, err := quotable(st, sup.e.id, "amount", l.v.InvoiceAmount, &l.v.DenominationID); err != nil {
		data.Unavailable = "Instalments are not available for this amount: " + err.msg
		return data
	}
	for _, r := range sup.rates {
		data.Quotes = append(data.Quotes, pageQuote{Periods: r.periods, Payment: money(quote(sup, cur, l.v.InvoiceAmount, r, gen.CycleAdvance).Payment)})
	}
	return data
}
