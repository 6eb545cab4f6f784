package sandbox

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// scheduleDocument is the PDF of GET /instalment-schedule/pdf: the series' parties and invoice,
// every instalment of its schedule, and the totals, the same numbers GET /instalment-schedule
// answers. It is drawn with go-pdf/fpdf (the maintained fork of gofpdf: pure Go, no cgo, core
// fonts built in), so the sandbox needs nothing installed to serve a real, valid PDF.
type scheduleDocument struct {
	series   gen.PaymentSeries
	schedule gen.InstalmentSchedule
	printed  types.Time
}

// render draws the document. Its creation date is the sandbox's clock, so that a sandbox with
// a fixed clock serves the same bytes every time.
func (d scheduleDocument) render() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(d.printed.Time())
	pdf.SetModificationDate(d.printed.Time())
	pdf.SetTitle("Instalment schedule "+d.series.PublicID, true)
	pdf.SetAuthor("Procuret (procuret-go sandbox)", true)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' cp1252
	cur := d.schedule.TotalRow.Denomination
	money := func(v gen.Decimal) string { return cur.Symbol + v.StringFixed(int32(cur.Exponent)) }

	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr("Instalment schedule"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, kv := range [][2]string{
		{"Series", d.series.PublicID},
		{"Invoice", d.series.Identifier},
		{"Supplier", d.series.Supplier.LegalEntityName},
		{"Customer", d.series.Customer.LegalEntityName},
		{"Principal", money(d.series.Amount.Magnitude) + " " + cur.Iso4217},
		{"Printed", d.printed.String() + " UTC"},
	} {
		pdf.CellFormat(30, 6, tr(kv[0]+":"), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, tr(kv[1]), "", 1, "L", false, 0, "")
	}
	pdf.Ln(4)

	cols := []struct {
		title string
		width float64
	}{{"No.", 12}, {"Due", 26}, {"Payment", 26}, {"Interest", 24}, {"Principal", 26}, {"Balance", 28}, {"Paid", 26}}
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetFillColor(230, 236, 255)
	for _, c := range cols {
		pdf.CellFormat(c.width, 7, c.title, "1", 0, "C", true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	for _, l := range d.schedule.Lines {
		cells := []string{
			fmt.Sprint(l.Sequence), l.Date.String(), money(l.NominalPayment), money(l.InterestPaid),
			money(l.PrincipalPaid), money(l.ClosingBalance), money(l.Paid),
		}
		for i, c := range cells {
			align := "R"
			if i < 2 {
				align = "C"
			}
			pdf.CellFormat(cols[i].width, 6, c, "1", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	t := d.schedule.TotalRow
	pdf.SetFont("Helvetica", "B", 9)
	pdf.CellFormat(cols[0].width+cols[1].width, 7, "Total", "1", 0, "C", true, 0, "")
	pdf.CellFormat(cols[2].width, 7, money(t.TotalPayments), "1", 0, "R", true, 0, "")
	pdf.CellFormat(cols[3].width, 7, money(t.TotalInterest), "1", 0, "R", true, 0, "")
	pdf.CellFormat(cols[4].width, 7, money(t.TotalPrincipal), "1", 0, "R", true, 0, "")
	pdf.CellFormat(cols[5].width+cols[6].width, 7, "", "1", 1, "R", true, 0, "")
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("Total payable %s, of which interest %s. Paid so far %s.",
		money(t.TotalPayments), money(t.TotalInterest), money(d.series.SumPayments.Magnitude))), "", "L", false)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render the schedule of %s: %w", d.series.PublicID, err)
	}
	return buf.Bytes(), nil
}
