package procuret

import (
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/types"
)

// Time is Procuret's timestamp, "YYYY-MM-DD HH:MM:SS.ffffff" in UTC; Date is a
// "YYYY-MM-DD" calendar date. See package types.
type (
	Time = types.Time
	Date = types.Date
)

// Currency is the contract's Currency object and Denomination a currency's
// ID. Package types defines both, because Currency decodes either form the API
// sends for a currency (the object, or the bare ID; see types.Currency).
// CurrencyOrID is the contract's name for the fields that arrive as either
// form (Amount.Denomination, Supplier.DefaultDenomination): the same type.
type (
	Currency     = types.Currency
	CurrencyOrID = types.Currency
	Denomination = types.Denomination
)

// Values of Denomination.
const (
	DenominationAUD = types.DenominationAUD
	DenominationNZD = types.DenominationNZD
)

// Perspective is the role a session acts in, and Lifecycle the kind of
// session. Package auth defines both, because credentials carry them; the
// contract's Perspective and Lifecycle schemas are these types.
type (
	Perspective = auth.Perspective
	Lifecycle   = auth.Lifecycle
)

// Values of Perspective.
const (
	PerspectiveSupplier        = auth.PerspectiveSupplier
	PerspectiveBusiness        = auth.PerspectiveBusiness // a customer business
	PerspectiveAdministrator   = auth.PerspectiveAdministrator
	PerspectiveSales           = auth.PerspectiveSales
	PerspectiveTreasury        = auth.PerspectiveTreasury
	PerspectiveInvestor        = auth.PerspectiveInvestor
	PerspectiveCustomerSupport = auth.PerspectiveCustomerSupport
)

// Values of Lifecycle.
const (
	LifecycleShortLived = auth.ShortLived // expires when unused; sends its API key
	LifecycleLongLived  = auth.LongLived  // never expires; signs each request
)
