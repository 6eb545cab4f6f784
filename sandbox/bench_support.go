package sandbox

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// SeedLinks stores n instalment links of the supplier supplierID, as if its first account had
// created them one after another, the newest one now: for benchmarks and tests that need a long
// list (100,000 POSTs through validation would take minutes). The links are invoices
// "BENCH-1" … "BENCH-n" of 100.01, 100.02 … in the supplier's default currency, never opened, for
// invitees bench-1@example.com …; their public IDs come from the sandbox's seeded randomness.
func (s *Sandbox) SeedLinks(n int, supplierID int64) error {
	if n < 0 {
		return fmt.Errorf("sandbox: SeedLinks: n must not be negative (got %d)", n)
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	sup := st.suppliers[supplierID]
	if sup == nil {
		return fmt.Errorf("sandbox: SeedLinks: no supplier %d", supplierID)
	}
	var creator int64 // the lowest agent holding the supplier, as a seed's series use
	for id, a := range st.accounts {
		if a.hasEntity(supplierID) && (creator == 0 || id < creator) {
			creator = id
		}
	}
	now := s.clock()
	cur := currencies[sup.defaultDenom]
	if len(st.links.all)+n > st.limits.Links {
		return fmt.Errorf("sandbox: SeedLinks: %d more links would pass the limit of %d (WithLimits)", n, st.limits.Links)
	}
	st.links.all = slices.Grow(st.links.all, n)
	batch := make([]*link, 0, n)
	ops := make([]op, 0, n)
	taken := make(map[string]bool, n)
	for i := 1; i <= n; i++ {
		id := s.rnd.publicID("il_", 12)
		for st.links.byID[id] != nil || taken[id] {
			id = s.rnd.publicID("il_", 12)
		}
		taken[id] = true
		email := "bench-" + strconv.Itoa(i) + "@example.com"
		l := &link{createdBy: creator, seq: st.nextSeq(), v: gen.InstalmentLink{
			PublicID:          id,
			Created:           types.NewTime(now.Add(time.Duration(i-n) * time.Millisecond)),
			Supplier:          sup.e.headline(),
			InvoiceAmount:     decimal.New(10000+int64(i%100000), -2).Round(int32(cur.Exponent)),
			InviteeEmail:      email,
			InvoiceIdentifier: "BENCH-" + strconv.Itoa(i),
			Opens:             []gen.InstalmentLinkOpen{},
			SaleName:          gen.SaleNomenclatureInvoice,
			DenominationID:    sup.defaultDenom,
		}}
		batch = append(batch, l)
		ops = append(ops, put(bucketLinks, id, l.record()))
	}
	if err := st.persist(ops...); err != nil { // one transaction: all of them or none
		return fmt.Errorf("sandbox: SeedLinks: %s", err.msg)
	}
	for _, l := range batch {
		st.links.add(l)
	}
	return nil
}
