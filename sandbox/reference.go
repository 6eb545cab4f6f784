package sandbox

import (
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// Reference data shared by every sandbox: the currencies, countries and regions the API knows.

var currencies = map[gen.Denomination]gen.Currency{
	types.DenominationAUD: {Indexid: types.DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"},
	types.DenominationNZD: {Indexid: types.DenominationNZD, Name: "New Zealand Dollar", Iso4217: "NZD", Exponent: 2, Symbol: "$"},
}

var countries = map[int]gen.Country{
	1: {CountryID: 1, Name: "Australia", Iso3166A2: "AU", Iso3166A3: "AUS"},
	2: {CountryID: 2, Name: "New Zealand", Iso3166A2: "NZ", Iso3166A3: "NZL"},
}

var regions = map[int]gen.Region{
	1: {Indexid: 1, Name: "New South Wales", Abbreviation: "NSW", CountryID: 1},
	2: {Indexid: 2, Name: "Victoria", Abbreviation: "VIC", CountryID: 1},
	3: {Indexid: 3, Name: "Queensland", Abbreviation: "QLD", CountryID: 1},
	4: {Indexid: 4, Name: "South Australia", Abbreviation: "SA", CountryID: 1},
	5: {Indexid: 5, Name: "Western Australia", Abbreviation: "WA", CountryID: 1},
	6: {Indexid: 6, Name: "Tasmania", Abbreviation: "TAS", CountryID: 1},
	7: {Indexid: 7, Name: "Northern Territory", Abbreviation: "NT", CountryID: 1},
	8: {Indexid: 8, Name: "Australian Capital Territory", Abbreviation: "ACT", CountryID: 1},
}
