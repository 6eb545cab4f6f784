package procuret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/procuret/procuret-go/internal/redact"
	"github.com/procuret/procuret-go/internal/transport"
)

// Settling a create whose outcome is unknown. The Procuret API has no
// idempotency keys, so a create that may have reached the server is never sent
// again; the client reads instead. docs/reliability.md tells the story.
const (
	// reconcilePage is the page size of the search, newest links first.
	reconcilePage = 50
	// reconcileMaxPages bounds the search: a supplier that makes more than
	// 500 links while one create is in flight is not searched to the end.
	reconcileMaxPages = 10
	// reconcileMargin widens "created after the attempt began" by twice the
	// clock skew the client tolerates without correcting it.
	reconcileMargin = 2 * time.Minute
	// reconcileMinRetries is the retry budget of each search read (or the
	// client's own, if larger): reads are safe to repeat, and a search that
	// fails leaves the caller not knowing whether a customer was emailed.
	reconcileMinRetries = 6
	// maxClaims is how many public IDs of created links a client remembers,
	// so that two identical creates in a row never report the same link.
	maxClaims = 4096
)

// settleCreate runs after a create's outcome became unknown (u): unless the
// caller cancelled the call, it searches the supplier's newest links for one
// matching p, created since the first attempt began, that this client has not
// already reported. Found: the create succeeded. Not found, or the search
// failed: u, saying so.
//
// key is the create's createKey; the create must have left c.creating.
func (c *Client) settleCreate(ctx context.Context, p CreateLinkParams, key string, u *UnknownOutcomeError) (*InstalmentLink, error) {
	const op = "create instalment link"
	if errors.Is(ctx.Err(), context.Canceled) {
		u.NotSearched = "the call was cancelled, so the client did not look for the link"
		c.log.LogAttrs(ctx, slog.LevelWarn, "procuret: create outcome unknown; cancelled, not searched",
			slog.String("operation", op), slog.Int("attempts", u.Attempts))
		return nil, u
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "procuret: create outcome unknown; searching for the link",
		slog.String("operation", op), slog.Int("attempts", u.Attempts), slog.Int64("supplier_id", p.SupplierID))

	rctx, cancel := c.reconcileContext(ctx)
	defer cancel()
	// An identical create still in flight (same supplier, invoice, amount,
	// currency and invitee) made a link that would match this search, and
	// it claims that link only once its answer is decoded. Searching now
	// could claim it first, and both calls would report one link. So the
	// search waits until no other identical create is in flight: each has
	// then claimed its own link, or failed (and, if its outcome is unknown,
	// left the in-flight set to search too). This create left it before
	// getting here, so two searches never wait for each other.
	if n := c.creating.others(key); n > 0 {
		c.log.LogAttrs(ctx, slog.LevelInfo, "procuret: create outcome unknown; waiting for identical creates in flight",
			slog.String("operation", op), slog.Int("in_flight", n))
	}
	if err := c.creating.wait(rctx, key); err != nil {
		u.SearchErr = fmt.Errorf("waiting for an identical create still in flight: %w", err)
		c.log.LogAttrs(ctx, slog.LevelWarn, "procuret: create outcome unknown; search failed",
			slog.String("operation", op), slog.String("error", redact.String(u.SearchErr.Error(), c.creds.APIKey())))
		return nil, u
	}
	link, found, err := c.findCreatedLink(rctx, p, u.start)
	switch {
	case err != nil:
		u.SearchErr = err
		c.log.LogAttrs(ctx, slog.LevelWarn, "procuret: create outcome unknown; search failed",
			slog.String("operation", op), slog.String("error", redact.String(err.Error(), c.creds.APIKey())))
		return nil, u
	case !found:
		u.Searched = true
		u.notFound = "no matching link was found among the supplier's links made since the request was sent"
		c.log.LogAttrs(ctx, slog.LevelWarn, "procuret: create outcome unknown; no matching link found",
			slog.String("operation", op))
		return nil, u
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "procuret: create outcome settled; found the link",
		slog.String("operation", op), slog.String("public_id", link.PublicID))
	return link, nil
}

// reconcileContext returns the context of a search: a fresh deadline (the
// client's timeout, or DefaultTimeout without one), since the call's own may
// be what ran out, yet cancelled when the caller cancels ctx; and a larger
// retry budget.
func (c *Client) reconcileContext(ctx context.Context) (context.Context, context.CancelFunc) {
	d := c.timeout()
	if d <= 0 {
		d = DefaultTimeout
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d)
	stop := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.Canceled) {
			cancel()
		}
	})
	rctx = transport.WithMaxRetries(rctx, max(c.tr.Policy.MaxRetries, reconcileMinRetries))
	return rctx, func() { stop(); cancel() }
}

// findCreatedLink pages through the supplier's links, newest first, until one
// was created before the attempt began (less the margin, on the server's
// clock as far as the client knows it), and claims the oldest unclaimed link
// with p's invoice identifier, amount, currency and invitee.
func (c *Client) findCreatedLink(ctx context.Context, p CreateLinkParams, start time.Time) (*InstalmentLink, bool, error) {
	since := start.Add(c.clockOffset()).Add(-reconcileMargin)
	var matches []InstalmentLink // newest first
	for page := range reconcileMaxPages {
		links, err := c.ListInstalmentLinks(ctx, ListLinksParams{
			SupplierID: p.SupplierID,
			Limit:      reconcilePage,
			Offset:     page * reconcilePage,
			Order:      OrderDescending,
			OrderBy:    InstalmentLinkOrderByCreated,
		})
		if err != nil {
			return nil, false, err
		}
		done := len(links) < reconcilePage
		for _, l := range links {
			if l.Created.Time().Before(since) {
				done = true
				continue
			}
			if sameLink(l, p) {
				matches = append(matches, l)
			}
		}
		if done {
			break
		}
	}
	slices.Reverse(matches)
	i := claimFirst(c.claimed, matches, func(l InstalmentLink) string { return l.PublicID })
	if i < 0 {
		return nil, false, nil
	}
	return &matches[i], true, nil
}

// sameLink reports whether l is what creating p makes. The API trims the
// invoice identifier and compares emails without case.
func sameLink(l InstalmentLink, p CreateLinkParams) bool {
	denom := p.Currency
	if denom == 0 {
		denom = DenominationAUD
	}
	return strings.TrimSpace(l.InvoiceIdentifier) == strings.TrimSpace(p.InvoiceIdentifier) &&
		l.InvoiceAmount.Equal(p.Amount) &&
		l.DenominationID == denom &&
		l.InviteeEmail != "" && strings.EqualFold(strings.TrimSpace(l.InviteeEmail), p.InviteeEmail)
}

// claims remembers the public IDs of the last links a client reported as
// created, directly or by search. It is safe for concurrent use.
type claims struct {
	mu   sync.Mutex
	ids  map[string]struct{}
	ring []string // the IDs in insertion order, oldest overwritten first
	next int
}

func newClaims(n int) *claims {
	return &claims{ids: make(map[string]struct{}, n), ring: make([]string, n)}
}

// add claims id.
func (c *claims) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(id)
}

func (c *claims) addLocked(id string) {
	if _, ok := c.ids[id]; ok {
		return
	}
	if old := c.ring[c.next]; old != "" {
		delete(c.ids, old)
	}
	c.ring[c.next] = id
	c.ids[id] = struct{}{}
	c.next = (c.next + 1) % len(c.ring)
}

// claimFirst claims the first item whose id is not yet claimed and returns
// its index, or -1.
func claimFirst[T any](c *claims, items []T, id func(T) string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, it := range items {
		if _, ok := c.ids[id(it)]; !ok {
			c.addLocked(id(it))
			return i
		}
	}
	return -1
}

// createKey identifies the link creating p makes, as sameLink compares it:
// two creates with the same key make links that a search cannot tell apart.
func createKey(p CreateLinkParams) string {
	denom := p.Currency
	if denom == 0 {
		denom = DenominationAUD
	}
	places := exponent(denom)
	return strconv.FormatInt(p.SupplierID, 10) + "|" + strings.TrimSpace(p.InvoiceIdentifier) + "|" +
		p.Amount.Round(places).StringFixed(places) + "|" + strconv.Itoa(int(denom)) + "|" +
		strings.ToLower(strings.TrimSpace(p.InviteeEmail))
}

// inflight counts the creates in flight per createKey: from before the
// request is sent until the create has claimed its link, failed, or turned
// to a search. A client and its WithCredentials copies share one. It is
// safe for concurrent use. A create costs one map entry; the channel a
// search waits on is made only when a search waits.
type inflight struct {
	mu   sync.Mutex
	keys map[string]*inflightKey
}

type inflightKey struct {
	n       int
	changed chan struct{} // nil until a search waits; closed, and cleared, when n goes down
}

func newInflight() *inflight { return &inflight{keys: make(map[string]*inflightKey)} }

// inflightCreate is one create in flight, from begin to end.
type inflightCreate struct {
	f     *inflight
	key   string
	k     *inflightKey
	ended bool
}

// begin records a create of key in flight. The caller must end it: end may
// be called more than once and counts once. It is a value, so that a create
// allocates nothing for it beyond the map entry.
func (f *inflight) begin(key string) inflightCreate {
	f.mu.Lock()
	k := f.keys[key]
	if k == nil {
		k = &inflightKey{}
		f.keys[key] = k
	}
	k.n++
	f.mu.Unlock()
	return inflightCreate{f: f, key: key, k: k}
}

// end ends the create; only the first call counts.
func (c *inflightCreate) end() {
	if c.ended {
		return
	}
	c.ended = true
	f := c.f
	f.mu.Lock()
	defer f.mu.Unlock()
	c.k.n--
	if c.k.changed != nil {
		close(c.k.changed)
		c.k.changed = nil
	}
	if c.k.n == 0 {
		delete(f.keys, c.key)
	}
}

// others returns how many creates of key are in flight; the caller's own
// must have ended.
func (f *inflight) others(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if k := f.keys[key]; k != nil {
		return k.n
	}
	return 0
}

// wait returns once no create of key is in flight, or ctx's error when ctx
// is done first.
func (f *inflight) wait(ctx context.Context, key string) error {
	for {
		f.mu.Lock()
		k := f.keys[key]
		if k == nil {
			f.mu.Unlock()
			return nil
		}
		if k.changed == nil {
			k.changed = make(chan struct{})
		}
		changed := k.changed
		f.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
