package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash/fnv"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/types"
)

// The views the handlers answer with: the store's records completed with every field that an
// official SDK requires (api/openapi.yaml marks them required, and the contract tests check
// every response against it), so that the Python, .NET, JavaScript and Swift SDKs all decode
// what the sandbox returns:
//
//   - every single object carries a disposition, as list items do (Python and Swift require it
//     on Entity, Human, PaymentSeries and Supplier; JavaScript and Swift read it on links);
//   - entity identifiers carry both key generations, id/id_type (Python) and
//     identifier/identifier_type (Swift since 2025-10);
//   - phone numbers carry their indexid, addresses their public_id (Swift) and their created,
//     locality and postal_code (Python);
//   - schedule lines carry principal_discount and the totals total_principal_discount (Python)
//     next to paid, due_24hrs_starting and is_bespoke (Swift);
//   - a session carries session_key and lifecycle (Python) and agent (Swift);
//   - currencies in amounts and a supplier's default_denomination are Currency objects, the
//     form every SDK reads.

// single is the disposition of an object answered on its own: the only item of a one-item page.
func single() gen.Disposition { return gen.Disposition{Sequence: 0, Count: 1, Limit: 1, Offset: 0} }

// stableID derives a positive ID below 2^31 from parts, for records the seed does not number
// (phone numbers): the same record always gets the same ID.
func stableID(parts ...string) int64 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum32()&0x7fffffff) | 1
}

func phoneView(owner int64, digits string) gen.PhoneNumber {
	return gen.PhoneNumber{Indexid: stableID("phone", strconv.FormatInt(owner, 10), digits), Digits: digits, Confirmed: true}
}

// defaultPlaces are where an entity seeded without a full address is said to be, per country:
// a locality and a postal code that exist there.
var defaultPlaces = map[int][2]string{1: {"Sydney", "2000"}, 2: {"Wellington", "6011"}}

func (e *entity) addressView() gen.Address {
	a := deref(e.address)
	place := defaultPlaces[e.country]
	if a.Line1 == "" { // seeded without an address
		a.Line1 = "Level 1, 1 " + e.shortID + " Street"
		a.Country = countries[e.country]
	}
	if a.PublicID == "" {
		a.PublicID = "ad_" + strconv.FormatInt(e.id, 10)
	}
	if a.Created.IsZero() {
		a.Created = e.created
	}
	if a.Locality == "" {
		a.Locality = place[0]
	}
	if a.PostalCode == "" {
		a.PostalCode = place[1]
	}
	return a
}

// entityView is an entity as GET /entity (and a supplier's profile) answers it.
func entityView(e *entity) gen.Entity {
	v := e.view()
	v.Disposition = single()
	v.BusinessAddress = e.addressView()
	ids := make([]gen.EntityIdentifier, 0, len(v.EntityIdentifiers))
	for _, id := range v.EntityIdentifiers {
		id.ID, id.IDType = id.Identifier, id.IdentifierType
		ids = append(ids, id)
	}
	v.EntityIdentifiers = ids
	if e.phone != "" {
		v.PhoneNumber = phoneView(e.id, e.phone)
	}
	return v
}

// humanView is an account's person as GET /human (and a commitment) answers it.
func humanView(a *account) gen.Human {
	v := a.human()
	v.Disposition = single()
	if a.phone != "" {
		v.PhoneNumber = phoneView(a.agentID, a.phone)
	}
	return v
}

func supplierView(s *supplier) gen.Supplier {
	v := s.view()
	v.Entity = entityView(s.e)
	v.Disposition = single()
	return v
}

// seriesView is a payment series answered on its own; a list overwrites the disposition.
func seriesView(s *series, today types.Date) gen.PaymentSeries {
	v := s.view(today)
	v.Disposition = single()
	return v
}

// scheduleView adds Python's principal discounts: the sandbox grants none.
func scheduleView(s *series, today types.Date) gen.InstalmentSchedule {
	v := s.scheduleView(today)
	zero := decimal.New(0, -int32(currencies[s.denom].Exponent))
	for i := range v.Lines {
		v.Lines[i].PrincipalDiscount = zero
	}
	v.TotalRow.TotalPrincipalDiscount = zero
	return v
}

// linkView is a link answered on its own; a list overwrites the disposition.
func linkView(v gen.InstalmentLink) gen.InstalmentLink {
	v.Disposition = single()
	return v
}

// sessionView adds session_key, which Python requires and stores but no SDK sends back. The
// real API's purpose for it is unknown; the sandbox derives a value of the api_key's shape
// (192 bits, URL-safe base64) from the API key, one-way, so that it is stable for a session and
// reveals nothing of the key. It is a secret all the same: the sandbox never logs it.
func sessionView(s *session) gen.Session {
	v := s.view()
	mac := hmac.New(sha256.New, []byte(s.key))
	mac.Write([]byte("session_key"))
	v.SessionKey = base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:24])
	return v
}
