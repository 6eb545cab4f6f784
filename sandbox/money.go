package sandbox

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// The prospective payment formula. A supplier offers terms of n monthly periods, each with an
// annual interest rate a (percent, from the seed). With the monthly rate r = a/1200 and the
// principal P, the payment per period is
//
//	in advance (cycle 1, what every SDK asks for): PMT = P·r / ((1 − (1+r)^−n) · (1+r))
//	in arrears (cycle 2):                          PMT = P·r / (1 − (1+r)^−n)
//	interest-free (r = 0):                         PMT = P / n
//
// computed with 30-digit decimal arithmetic (never float64) and rounded half-up to the
// currency's two decimal places. The schedule of a payment series uses the same PMT; its last
// instalment absorbs the rounding so that the principal is repaid exactly.

// minimumPrincipal is the smallest principal Procuret finances (JavaScript SDK README).
var minimumPrincipal = decimal.NewFromInt(500)

const mathPlaces = 30

var one = decimal.NewFromInt(1)

func monthlyRate(annualPercent decimal.Decimal) decimal.Decimal {
	return annualPercent.DivRound(decimal.NewFromInt(1200), mathPlaces)
}

// payment is PMT above, rounded to places decimal places.
func payment(principal decimal.Decimal, periods int, annualPercent decimal.Decimal, cycle gen.Cycle, places int32) decimal.Decimal {
	n := decimal.NewFromInt(int64(periods))
	r := monthlyRate(annualPercent)
	if r.IsZero() {
		return principal.DivRound(n, mathPlaces).Round(places)
	}
	onePlusR := one.Add(r)
	pow := one
	for range periods {
		pow = pow.Mul(onePlusR).Round(mathPlaces)
	}
	// P·r/(1 − (1+r)^−n) = P·r·(1+r)^n / ((1+r)^n − 1)
	pmt := principal.Mul(r).Mul(pow).DivRound(pow.Sub(one), mathPlaces)
	if cycle == gen.CycleAdvance {
		pmt = pmt.DivRound(onePlusR, mathPlaces)
	}
	return pmt.Round(places) // half away from zero: half-up for the positive amounts here
}

// scheduleLine is one instalment of a payment series, amounts rounded to the currency.
type scheduleLine struct {
	sequence  int
	due       types.Date
	nominal   decimal.Decimal
	opening   decimal.Decimal
	interest  decimal.Decimal
	principal decimal.Decimal
	closing   decimal.Decimal
}

// schedule amortises principal over periods monthly instalments, the first due on first. Each
// instalment pays the interest accrued on the outstanding principal since the previous one (none
// for the first instalment in advance, which falls on the day the plan starts) and repays the rest.
func schedule(principal decimal.Decimal, periods int, annualPercent decimal.Decimal, cycle gen.Cycle, places int32, first types.Date) []scheduleLine {
	pmt := payment(principal, periods, annualPercent, cycle, places)
	r := monthlyRate(annualPercent)
	lines := make([]scheduleLine, 0, periods)
	bal := principal
	for k := 1; k <= periods; k++ {
		interest := decimal.New(0, -places) // "0.00" where zeros are printed

		if k > 1 || cycle == gen.CycleArrears {
			interest = bal.Mul(r).Round(places)
		}
		nominal := pmt
		repaid := pmt.Sub(interest)
		if k == periods { // the last instalment clears the balance exactly
			repaid = bal
			nominal = bal.Add(interest)
		}
		lines = append(lines, scheduleLine{
			sequence:  k,
			due:       addMonths(first, k-1),
			nominal:   nominal,
			opening:   bal,
			interest:  interest,
			principal: repaid,
			closing:   bal.Sub(repaid),
		})
		bal = bal.Sub(repaid)
	}
	return lines
}

// addMonths returns d moved by n calendar months, clamped to the end of a shorter month
// (31 January + 1 month = 28 or 29 February).
func addMonths(d types.Date, n int) types.Date {
	y, m := d.Year(), int(d.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := types.NewDate(y, time.Month(m+2), 0).Day() // day 0 of the next month
	return types.NewDate(y, time.Month(m+1), min(d.Day(), last))
}

// decimalPlaces returns how many digits d has after the point as written ("1.50" → 2).
func decimalPlaces(d decimal.Decimal) int32 { return max(-d.Exponent(), 0) }
