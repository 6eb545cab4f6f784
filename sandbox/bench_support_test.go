package sandbox_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// SeedLinks' links are the supplier's like any other: stored, listed with their
// dispositions (checked against the contract), newest first, fetchable by ID.
func TestSeedLinks(t *testing.T) {
	e := newEnv(t)
	if err := e.sb.SeedLinks(250, sandbox.DefaultSupplierID); err != nil {
		t.Fatal(err)
	}
	if n := e.sb.LinkCount(); n != 250 {
		t.Fatalf("LinkCount() = %d, want 250", n)
	}
	s := e.supplier()
	page := decode[[]gen.InstalmentLink](t, e.call(s, "GET", "/instalment-link/list?limit=100&offset=100&supplier_id="+itoa(sandbox.DefaultSupplierID), nil))
	if len(page) != 100 {
		t.Fatalf("page of %d links, want 100", len(page))
	}
	first := page[0]
	if first.InvoiceIdentifier != "BENCH-150" || isZero(first.Disposition) || first.Disposition.Count != 250 || first.Disposition.Sequence != 100 ||
		first.Supplier.EntityID != sandbox.DefaultSupplierID || !first.InvoiceAmount.Equal(decimal.RequireFromString("101.50")) {
		t.Errorf("link 100 of the newest first = %+v, disposition %+v", first, first.Disposition)
	}
	got := decode[gen.InstalmentLink](t, e.call(nil, "GET", "/instalment-link?public_id="+first.PublicID, nil))
	if got.PublicID != first.PublicID || got.InvoiceIdentifier != "BENCH-150" {
		t.Errorf("GET /instalment-link = %+v", got)
	}
	ids := map[string]bool{}
	for _, l := range e.sb.Links() {
		if ids[l.PublicID] {
			t.Fatalf("public ID %s twice", l.PublicID)
		}
		ids[l.PublicID] = true
	}
}

func TestSeedLinksRefuses(t *testing.T) {
	sb, err := sandbox.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.SeedLinks(1, 42); err == nil {
		t.Error("SeedLinks for an unknown supplier: no error")
	}
	if err := sb.SeedLinks(-1, sandbox.DefaultSupplierID); err == nil {
		t.Error("SeedLinks(-1): no error")
	}
	if n := sb.LinkCount(); n != 0 {
		t.Errorf("LinkCount() = %d after refusals, want 0", n)
	}
}
