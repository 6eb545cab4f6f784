package auth

import "strconv"

// Redacted stands for a secret wherever this module prints, logs or encodes
// one: credentials, login parameters and error texts all show it instead.
const Redacted = "[REDACTED]"

// Lifecycle is the kind of session: how long it lives and how it
// authenticates. The values are the integers the API uses on the wire; the
// contract's Lifecycle schema is this type (package gen refers to it).
type Lifecycle int

const (
	// ShortLived sessions expire after a period of disuse and authenticate
	// by sending the api key itself (x-procuret-api-key).
	ShortLived Lifecycle = 1
	// LongLived sessions never expire and authenticate with an HMAC
	// signature (x-procuret-signature); the key never goes on the wire.
	LongLived Lifecycle = 2
)

// Valid reports whether l is a lifecycle the API knows.
func (l Lifecycle) Valid() bool { return l == ShortLived || l == LongLived }

// String returns "short-lived" or "long-lived".
func (l Lifecycle) String() string {
	switch l {
	case ShortLived:
		return "short-lived"
	case LongLived:
		return "long-lived"
	}
	return "Lifecycle(" + strconv.Itoa(int(l)) + ")"
}

// Perspective is the role a session acts in. The values are the integers the
// API uses on the wire; the contract's Perspective schema is this type.
type Perspective int

const (
	PerspectiveSupplier        Perspective = 1
	PerspectiveBusiness        Perspective = 2 // a customer business
	PerspectiveAdministrator   Perspective = 3
	PerspectiveSales           Perspective = 4
	PerspectiveTreasury        Perspective = 5
	PerspectiveInvestor        Perspective = 6
	PerspectiveCustomerSupport Perspective = 7 // Python since 2023-02; Swift lacks it
)

// Valid reports whether p is a perspective the API knows.
func (p Perspective) Valid() bool { return p >= PerspectiveSupplier && p <= PerspectiveCustomerSupport }

var perspectiveNames = [...]string{"", "supplier", "business", "administrator", "sales", "treasury", "investor", "customer support"}

// String returns the perspective's name in words, e.g. "supplier".
func (p Perspective) String() string {
	if p.Valid() {
		return perspectiveNames[p]
	}
	return "Perspective(" + strconv.Itoa(int(p)) + ")"
}
