package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/procuret/procuret-go"
)

// TestMoneyCommands: the supplier's money and customers, as a supplier or a support engineer
// would look at them: tables on a terminal, errors in the command's words, --json as the API's.
func TestMoneyCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	h.must("sales")
	h.must("payouts")
	h.must("pending")
	h.must("pending", "--awaiting-credit")
	h.must("deals", "list", "--sort", "outstanding")
	h.must("deals", "get", "cm_demo1")
	h.run("deals", "get", "cm_none")
	h.run("deals", "list", "--sort", "amount")
	h.must("customers", "list")
	h.must("customers", "list", "--sort", "name", "--transacted=false")
	h.must("customers", "get", "24681357924681357")
	h.must("customers", "entities", "--search", "co")
	h.must("suppliers", "list")
	h.run("suppliers", "create", "13991055489669749")
	h.must("fees", "mode", "13991055489669749")
	h.must("fees", "mode", "13991055489669749", "--set", "customer")
	h.run("fees", "mode", "13991055489669749", "--set", "nobody")
	h.must("fees", "quote", "--supplier", "13991055489669749", "--card", "200", "--bank", "1000")
	h.run("fees", "quote", "--supplier", "13991055489669749")
	h.check("money")

	var sales []procuret.SupplierSale
	if err := json.Unmarshal([]byte(h.must("sales", "--all", "--json").stdout), &sales); err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 || sales[0].Identifier != "INV-0042" || sales[0].Customer.EntityID != 24681357924681357 {
		t.Errorf("sales --all --json = %+v", sales)
	}
	var deals []procuret.Deal
	if err := json.Unmarshal([]byte(h.must("deals", "list", "--limit", "2", "--all", "--json").stdout), &deals); err != nil {
		t.Fatal(err)
	}
	if len(deals) != 6 {
		t.Errorf("deals list --all --json (pages of 2): %d deals, want 6", len(deals))
	}
	var m procuret.SupplierPayNowFeeMode
	if err := json.Unmarshal([]byte(h.must("fees", "mode", "13991055489669749", "--json").stdout), &m); err != nil || m.Mode != procuret.PayNowFeeModeCustomerPays {
		t.Errorf("fees mode --json = %+v, %v (set to customer above)", m, err)
	}
}

// TestSchedulePDF: procuret schedule --pdf writes the PDF the customer receives, to a file or
// to a pipe, never to a terminal.
func TestSchedulePDF(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.login(procuret.LifecycleShortLived)
	out := filepath.Join(h.dir, "schedule.pdf")
	h.must("schedule", "ps_demo1", "--pdf", "-o", out)
	h.run("schedule", "ps_demo1", "--pdf")
	h.run("schedule", "ps_demo1", "-o", out)
	h.run("schedule", "ps_none", "--pdf", "-o", filepath.Join(h.dir, "none.pdf"))
	h.check("schedule_pdf")

	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %q", out, pdf[:min(len(pdf), 16)])
	}
	if _, err := os.Stat(filepath.Join(h.dir, "none.pdf")); !os.IsNotExist(err) {
		t.Errorf("a failed download left a file: %v", err)
	}
	entries, _ := os.ReadDir(h.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".pdf.") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
	// To a pipe: the same document on stdout.
	h.term = &Terminal{Stdout: false, Width: 80}
	piped := h.must("schedule", "ps_demo1", "--pdf")
	if !bytes.HasPrefix([]byte(piped.stdout), []byte("%PDF-")) || len(piped.stdout) != len(pdf) {
		t.Errorf("--pdf to a pipe: %d bytes, want the %d of the file", len(piped.stdout), len(pdf))
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(bin, "-layout", out, "-").Output()
		if err != nil || !strings.Contains(string(text), "INV-0042") || !strings.Contains(string(text), "Customer Co Pty Ltd") {
			t.Errorf("pdftotext: %v\n%s", err, text)
		}
	} else if os.Getenv("CI") == "true" {
		t.Fatal("pdftotext (poppler-utils) is missing in CI")
	}
}

// TestWriteFileIsAllOrNothing: a download cut short leaves neither the file nor a temporary
// one; a whole one is renamed into place.
func TestWriteFileIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "schedule.pdf")
	cut := io.MultiReader(strings.NewReader("%PDF-1.3"), iotest.ErrReader(errors.New("connection reset")))
	if _, err := writeFile(p, cut); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("writeFile of a cut body: err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a cut download left %v", entries)
	}
	if n, err := writeFile(p, strings.NewReader("%PDF-1.3 whole")); err != nil || n != 14 {
		t.Fatalf("writeFile = %d, %v", n, err)
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != "%PDF-1.3 whole" {
		t.Fatalf("%s holds %q, %v", p, b, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the directory holds %v, want only the file", entries)
	}
}
