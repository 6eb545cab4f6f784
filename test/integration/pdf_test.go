package integration

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
)

// TestIntegrationSchedulePDF reads the schedule's PDF back with pdftotext (poppler-utils) and
// finds every instalment and the totals of GET /instalment-schedule in it.
func TestIntegrationSchedulePDF(t *testing.T) {
	t.Parallel()
	defer rescue(t)
	e := moneyStart(t)
	ctx := t.Context()
	doc, err := e.supplier.GetInstalmentSchedulePDF(ctx, "ps_h3")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(doc)
	doc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if doc.ContentType != "application/pdf" || doc.ContentLength != int64(len(raw)) || doc.Filename != "schedule-ps_h3.pdf" ||
		!bytes.HasPrefix(raw, []byte("%PDF-")) || !bytes.Contains(raw[len(raw)-32:], []byte("%%EOF")) {
		t.Fatalf("document: %q, %d bytes announced, %d read, starts %q", doc.ContentType, doc.ContentLength, len(raw), raw[:min(len(raw), 8)])
	}
	sched, err := e.supplier.GetInstalmentSchedule(ctx, "ps_h3")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, raw)
	money := func(d decimal.Decimal) string { return "$" + d.StringFixed(2) }
	for _, want := range []string{"Instalment schedule", "ps_h3", "INV-H3", "Demo Supplies Pty Ltd", "Latepay Holdings Pty Ltd", "3000.00 AUD",
		money(sched.TotalRow.TotalPayments), money(sched.TotalRow.TotalInterest), money(sched.TotalRow.TotalPrincipal)} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// Every line: its date, payment, interest, principal, balance and what is paid, in order.
	lines := strings.Split(text, "\n")
	at := 0
	for _, l := range sched.Lines {
		fields := []string{l.Date.String(), money(l.NominalPayment), money(l.InterestPaid), money(l.PrincipalPaid), money(l.ClosingBalance), money(l.Paid)}
		found := false
		for ; at < len(lines); at++ {
			if strings.Contains(lines[at], l.Date.String()) {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("instalment %d (%s) is not in the PDF:\n%s", l.Sequence, l.Date, text)
		}
		for _, f := range fields {
			if !strings.Contains(lines[at], f) {
				t.Errorf("instalment %d's row %q lacks %s", l.Sequence, lines[at], f)
			}
		}
	}
	if len(sched.Lines) != 12 || !sched.Lines[3].Paid.Equal(sched.Lines[3].NominalPayment) || !sched.Lines[4].Paid.IsZero() {
		t.Errorf("ps_h3 should have 12 lines, 4 paid: %+v", sched.Lines)
	}
	_, err = e.acme.GetInstalmentSchedulePDF(ctx, "ps_h3")
	itAPIError(t, err, procuret.ErrNotAuthorised)
	_, err = e.supplier.GetInstalmentSchedulePDF(ctx, "ps_none")
	itNotFound(t, err, "ps_none")
	var ve *procuret.ValidationError
	if _, err := e.supplier.GetInstalmentSchedulePDF(ctx, ""); !errors.As(err, &ve) {
		t.Errorf("empty series ID: %v", err)
	}
}

// pdfText extracts the text of a PDF with pdftotext -layout, keeping each table row on one
// line. Outside CI a machine without poppler-utils skips; in CI (CI=true) it must be there,
// and .ci/run installs it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is missing in CI; .ci/run installs it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
	}
	cmd := exec.CommandContext(context.Background(), bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s (the PDF is not valid)", err, stderr.String())
	}
	return out.String()
}

// itPDFOps is TestIntegrationEveryOperation's row for the schedule PDF.
func itPDFOps(f *itFixture) []itOp {
	supplier := f.supplier
	return []itOp{{method: "GetInstalmentSchedulePDF", run: func(t *testing.T) {
		doc, err := supplier.GetInstalmentSchedulePDF(t.Context(), "ps_demo1")
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		raw, err := io.ReadAll(doc)
		if err != nil || !bytes.HasPrefix(raw, []byte("%PDF-")) || doc.ContentType != "application/pdf" {
			t.Errorf("document %q, %d bytes, %v", doc.ContentType, len(raw), err)
		}
		if text := pdfText(t, raw); !strings.Contains(text, "INV-0042") {
			t.Errorf("the PDF does not name the invoice:\n%s", text)
		}
	}, unknownID: "ps_none", unknown: func(ctx context.Context) error {
		_, err := supplier.GetInstalmentSchedulePDF(ctx, "ps_none")
		return err
	}}}
}
