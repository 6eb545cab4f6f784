package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// What the supplier's money adds to the data directory (persist.go): the suppliers made with
// POST /supplier and each supplier's pay-now fee mode. Sales, payouts and deals are derived from
// the series, and a plan a link began follows from the stored link (pendingFromOpen, called
// when a link is loaded), so none of them is stored.

const (
	bucketSuppliers = "suppliers" // POST /supplier, by entity ID
	bucketFeeModes  = "fee-modes" // POST /supplier/pay-now-fee-mode, by supplier ID
)

type supplierRecord struct {
	EntityID     int64            `json:"entity_id"`
	Denomination gen.Denomination `json:"denomination"`
}

type feeModeRecord struct {
	SupplierID int64             `json:"supplier_id"`
	Mode       gen.PayNowFeeMode `json:"mode"`
}

func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// newSupplier is the supplier POST /supplier makes of e: its country's currency, the default
// maximum transaction, no term rates, no brand, not yet authorised.
func newSupplier(e *entity, denom gen.Denomination) *supplier {
	return &supplier{e: e, defaultDenom: denom, denoms: []gen.Denomination{denom}, maxTx: decimal.RequireFromString("100000.00")}
}

func (st *store) loadSupplierRecord(_, val []byte) error {
	var r supplierRecord
	if err := json.Unmarshal(val, &r); err != nil {
		return err
	}
	e := st.entities[r.EntityID]
	switch {
	case e == nil:
		return fmt.Errorf("entity %d is in no seed; start the sandbox with the same -seed files as before", r.EntityID)
	case e.isSupplier:
		return nil // the seed made it a supplier since
	case !types.Denomination(r.Denomination).Valid():
		return fmt.Errorf("denomination %d is unknown", r.Denomination)
	}
	e.isSupplier = true
	st.suppliers[e.id] = newSupplier(e, r.Denomination)
	return nil
}

func (st *store) loadFeeModeRecord(_, val []byte) error {
	var r feeModeRecord
	if err := json.Unmarshal(val, &r); err != nil {
		return err
	}
	sup := st.suppliers[r.SupplierID]
	if sup == nil {
		return fmt.Errorf("supplier %d is in no seed; start the sandbox with the same -seed files as before", r.SupplierID)
	}
	if !r.Mode.Valid() {
		return fmt.Errorf("mode %d is unknown", r.Mode)
	}
	sup.payNowFee = r.Mode
	return nil
}
