package sandbox

import (
	"cmp"
	"slices"
)

// The link index: every link in creation order, and the same links by supplier and by the
// account they were sent to, each list ordered by (created, creation sequence). A page of an
// owner's links is then a slice of one list: it costs about the page's own size, not the
// store's. Links arrive in order, so an insert is nearly always an append.

// ordered is a list of links sorted by (created, seq), oldest first.
type ordered []*link

func linkOrder(a, b *link) int {
	return cmp.Or(a.v.Created.Compare(b.v.Created), cmp.Compare(a.seq, b.seq))
}

func (o *ordered) insert(l *link) {
	s := *o
	if n := len(s); n == 0 || linkOrder(s[n-1], l) <= 0 {
		*o = append(s, l)
		return
	}
	i, _ := slices.BinarySearchFunc(s, l, linkOrder)
	*o = slices.Insert(s, i, l)
}

// at returns the i-th link of the list in pg's direction.
func (o ordered) at(i int, desc bool) *link {
	if desc {
		return o[len(o)-1-i]
	}
	return o[i]
}

type linkIndex struct {
	byID       map[string]*link
	all        ordered
	bySupplier map[int64]*ordered
	byInvitee  map[int64]*ordered // by the invitee's agent ID, for invitees with an account
}

func newLinkIndex() linkIndex {
	return linkIndex{byID: map[string]*link{}, bySupplier: map[int64]*ordered{}, byInvitee: map[int64]*ordered{}}
}

func (ix *linkIndex) add(l *link) {
	ix.byID[l.v.PublicID] = l
	ix.all.insert(l)
	list := ix.bySupplier[l.v.Supplier.EntityID]
	if list == nil {
		list = &ordered{}
		ix.bySupplier[l.v.Supplier.EntityID] = list
	}
	list.insert(l)
	if l.v.InviteeHumanID != 0 {
		inv := ix.byInvitee[l.v.InviteeHumanID]
		if inv == nil {
			inv = &ordered{}
			ix.byInvitee[l.v.InviteeHumanID] = inv
		}
		inv.insert(l)
	}
}

func (ix *linkIndex) supplier(id int64) ordered {
	if l := ix.bySupplier[id]; l != nil {
		return *l
	}
	return nil
}

// merged walks lists in (created, seq) order, ascending or descending, calling yield for each
// link until it returns false. A link in more than one list is yielded once per list: callers
// give lists that do not overlap.
func merged(lists []ordered, desc bool, yield func(*link) bool) {
	if len(lists) == 1 {
		for i := range lists[0] {
			if !yield(lists[0].at(i, desc)) {
				return
			}
		}
		return
	}
	pos := make([]int, len(lists))
	for {
		best := -1
		for k, list := range lists {
			if pos[k] >= len(list) {
				continue
			}
			if best < 0 {
				best = k
				continue
			}
			c := linkOrder(list.at(pos[k], desc), lists[best].at(pos[best], desc))
			if (desc && c > 0) || (!desc && c < 0) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		l := lists[best].at(pos[best], desc)
		pos[best]++
		if !yield(l) {
			return
		}
	}
}
