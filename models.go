package procuret

import (
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// The API's resources, as the generated package gen decodes them. They are
// aliases, so a value of one is a value of the other. Money is
// decimal.Decimal, IDs are int64, timestamps are Time and dates are Date.
type (
	Address               = gen.Address
	Amount                = gen.Amount
	Brand                 = gen.Brand
	BrandMedia            = gen.BrandMedia
	Commitment            = gen.Commitment
	Country               = gen.Country
	Currency              = gen.Currency
	CustomerPayment       = gen.CustomerPayment
	Disposition           = gen.Disposition
	EmailAddress          = gen.EmailAddress
	Entity                = gen.Entity
	EntityHeadline        = gen.EntityHeadline
	EntityIdentifier      = gen.EntityIdentifier
	Human                 = gen.Human
	HumanHeadline         = gen.HumanHeadline
	HumanIdentity         = gen.HumanIdentity
	IdentityDocument      = gen.IdentityDocument
	InstalmentLine        = gen.InstalmentLine
	InstalmentLinkOpen    = gen.InstalmentLinkOpen
	InstalmentSchedule    = gen.InstalmentSchedule
	InstalmentTotalRow    = gen.InstalmentTotalRow
	PaymentMethodHeadline = gen.PaymentMethodHeadline
	PaymentSeries         = gen.PaymentSeries
	PhoneNumber           = gen.PhoneNumber
	ProlongedPayment      = gen.ProlongedPayment
	ProspectivePayment    = gen.ProspectivePayment
	Region                = gen.Region
	RelatedTransaction    = gen.RelatedTransaction
	Supplier              = gen.Supplier
	TermRate              = gen.TermRate
	TermRateGroup         = gen.TermRateGroup
	XeroEntityMap         = gen.XeroEntityMap
	XeroOrganisation      = gen.XeroOrganisation
)

// Time is Procuret's timestamp, "YYYY-MM-DD HH:MM:SS.ffffff" in UTC; Date is a
// "YYYY-MM-DD" calendar date. See package types.
type (
	Time = types.Time
	Date = types.Date
)

// The API's enumerations. Each has a Valid method; the integer or string
// values are those on the wire.
type (
	BrandScheme           = gen.BrandScheme
	CountryID             = gen.CountryID
	Cycle                 = gen.Cycle
	Denomination          = gen.Denomination
	EntityIDType          = gen.EntityIDType
	EntityType            = gen.EntityType
	IdentityDocumentState = gen.IdentityDocumentState
	IdentityDocumentType  = gen.IdentityDocumentType
	InstalmentLinkOrderBy = gen.InstalmentLinkOrderBy
	Instrument            = gen.Instrument
	Lifecycle             = gen.Lifecycle
	Order                 = gen.Order
	PayNowFeeMode         = gen.PayNowFeeMode
	PaymentMechanism      = gen.PaymentMechanism
	PaymentSeriesOrderBy  = gen.PaymentSeriesOrderBy
	Perspective           = gen.Perspective
	RegionID              = gen.RegionID
	SaleNomenclature      = gen.SaleNomenclature
	TransactionType       = gen.TransactionType
)

// Perspective: the role a session acts in.
const (
	PerspectiveSupplier        = gen.PerspectiveSupplier
	PerspectiveBusiness        = gen.PerspectiveBusiness // a customer business
	PerspectiveAdministrator   = gen.PerspectiveAdministrator
	PerspectiveSales           = gen.PerspectiveSales
	PerspectiveTreasury        = gen.PerspectiveTreasury
	PerspectiveInvestor        = gen.PerspectiveInvestor
	PerspectiveCustomerSupport = gen.PerspectiveCustomerSupport
)

// Lifecycle: how long a session lives and how it authenticates.
const (
	LifecycleShortLived = gen.LifecycleShortLived // expires when unused; sends its API key
	LifecycleLongLived  = gen.LifecycleLongLived  // never expires; signs each request
)

// Denomination: a currency's ID. Both have two decimal places.
const (
	DenominationAUD = gen.DenominationAUD
	DenominationNZD = gen.DenominationNZD
)

// CountryID: a country.
const (
	CountryIDAustralia  = gen.CountryIDAustralia
	CountryIDNewZealand = gen.CountryIDNewZealand
)

// Order: the sort direction of a list.
const (
	OrderAscending  = gen.OrderAscending
	OrderDescending = gen.OrderDescending
)

// Sort keys of lists.
const (
	InstalmentLinkOrderByCreated = gen.InstalmentLinkOrderByCreated
	PaymentSeriesOrderByCreated  = gen.PaymentSeriesOrderByCreated
)

// SaleNomenclature: what the supplier calls the sale.
const (
	SaleNomenclatureInvoice      = gen.SaleNomenclatureInvoice
	SaleNomenclatureOrder        = gen.SaleNomenclatureOrder
	SaleNomenclatureShopifyOrder = gen.SaleNomenclatureShopifyOrder
	SaleNomenclatureReference    = gen.SaleNomenclatureReference
)

// Cycle: when each payment falls in its period.
const (
	CycleAdvance = gen.CycleAdvance
	CycleArrears = gen.CycleArrears
)

// PaymentMechanism: how a payment series is paid.
const (
	PaymentMechanismOnPlatform         = gen.PaymentMechanismOnPlatform
	PaymentMechanismOffPlatform        = gen.PaymentMechanismOffPlatform
	PaymentMechanismStripeSubscription = gen.PaymentMechanismStripeSubscription
	PaymentMechanismUnknown            = gen.PaymentMechanismUnknown
)

// Instrument: a kind of payment method.
const (
	InstrumentCard        = gen.InstrumentCard
	InstrumentBankAccount = gen.InstrumentBankAccount
)

// EntityIDType: a government business identifier.
const (
	EntityIDTypeABN   = gen.EntityIDTypeABN
	EntityIDTypeACN   = gen.EntityIDTypeACN
	EntityIDTypeNZBN  = gen.EntityIDTypeNZBN
	EntityIDTypeNZIRD = gen.EntityIDTypeNZIRD
)

// EntityType: the legal form of an entity.
const (
	EntityTypeCompany           = gen.EntityTypeCompany
	EntityTypeSoleTrader        = gen.EntityTypeSoleTrader
	EntityTypeStrata            = gen.EntityTypeStrata
	EntityTypeTrust             = gen.EntityTypeTrust
	EntityTypePartnership       = gen.EntityTypePartnership
	EntityTypeOtherIncorporated = gen.EntityTypeOtherIncorporated
	EntityTypeUngrouped         = gen.EntityTypeUngrouped
)

// PayNowFeeMode: who pays the pay-now fee.
const (
	PayNowFeeModeCustomerPays = gen.PayNowFeeModeCustomerPays
	PayNowFeeModeSupplierPays = gen.PayNowFeeModeSupplierPays
)

// TransactionType: what a payment belongs to.
const (
	TransactionTypePayNow         = gen.TransactionTypePayNow
	TransactionTypeInstalmentPlan = gen.TransactionTypeInstalmentPlan
)

// BrandScheme: the colour scheme a brand medium is for.
const (
	BrandSchemeLight = gen.BrandSchemeLight
	BrandSchemeDark  = gen.BrandSchemeDark
)

// IdentityDocumentType and IdentityDocumentState.
const (
	IdentityDocumentTypeAustralianDriverLicence = gen.IdentityDocumentTypeAustralianDriverLicence
	IdentityDocumentTypeNewZealandDriverLicence = gen.IdentityDocumentTypeNewZealandDriverLicence
	IdentityDocumentStateNotVerified            = gen.IdentityDocumentStateNotVerified
	IdentityDocumentStateValid                  = gen.IdentityDocumentStateValid
	IdentityDocumentStateInvalid                = gen.IdentityDocumentStateInvalid
)
