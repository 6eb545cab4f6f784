package procuret

import (
	"context"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// GetEntity returns the legal entity (a supplier or a customer business) with
// this ID.
//
// API: GET /entity
func (c *Client) GetEntity(ctx context.Context, entityID int64) (*Entity, error) {
	const op = "get entity"
	v := checker{op: op}
	v.id("entity_id", entityID)
	return get[Entity](ctx, c, op, v, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetEntity(ctx, &gen.GetEntityParams{EntityID: entityID})
	})
}

// GetHuman returns the person with this ID (also their agent ID).
//
// API: GET /human
func (c *Client) GetHuman(ctx context.Context, humanID int64) (*Human, error) {
	const op = "get human"
	v := checker{op: op}
	v.id("human_id", humanID)
	return get[Human](ctx, c, op, v, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetHuman(ctx, &gen.GetHumanParams{HumanID: humanID})
	})
}

// GetCommitment returns the commitment a customer made to an instalment plan,
// by the public ID of the plan's setup (a payment series' ExchangeID).
//
// API: GET /commitment
func (c *Client) GetCommitment(ctx context.Context, setupID string) (*Commitment, error) {
	const op = "get commitment"
	v := checker{op: op}
	v.publicID("setup_id", setupID)
	return get[Commitment](ctx, c, op, v, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetCommitment(ctx, &gen.GetCommitmentParams{SetupID: setupID})
	})
}
