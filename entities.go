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
	v := opGetEntity.check()
	v.id("entity_id", entityID)
	return invoke[Entity](ctx, c, call{op: &opGetEntity}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetEntity(ctx, &gen.GetEntityParams{EntityID: entityID})
	})
}

// GetHuman returns the person with this ID (also their agent ID).
//
// API: GET /human
func (c *Client) GetHuman(ctx context.Context, humanID int64) (*Human, error) {
	v := opGetHuman.check()
	v.id("human_id", humanID)
	return invoke[Human](ctx, c, call{op: &opGetHuman}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetHuman(ctx, &gen.GetHumanParams{HumanID: humanID})
	})
}

// GetCommitment returns the commitment a customer made to an instalment plan,
// by the public ID of the plan's setup (a payment series' ExchangeID).
//
// API: GET /commitment
func (c *Client) GetCommitment(ctx context.Context, setupID string) (*Commitment, error) {
	v := opGetCommitment.check()
	v.publicID("setup_id", setupID)
	return invoke[Commitment](ctx, c, call{op: &opGetCommitment}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetCommitment(ctx, &gen.GetCommitmentParams{SetupID: setupID})
	})
}
