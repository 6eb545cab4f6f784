package procuret

import (
	"context"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// GetXeroEntityMap returns the entity's connection to Xero. An entity that is
// not connected answers ErrNotFound, which is a normal answer here:
//
//	m, err := client.GetXeroEntityMap(ctx, id)
//	if errors.Is(err, procuret.ErrNotFound) { /* not connected */ }
//
// API: GET /xero/entity-map
func (c *Client) GetXeroEntityMap(ctx context.Context, entityID int64) (*XeroEntityMap, error) {
	v := opGetXeroEntityMap.check()
	v.id("entity_id", entityID)
	return invoke[XeroEntityMap](ctx, c, call{op: &opGetXeroEntityMap}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetXeroEntityMap(ctx, &gen.GetXeroEntityMapParams{EntityID: entityID})
	})
}

// GetXeroOrganisation returns the Xero organisation the entity is connected
// to; ErrNotFound when it has none.
//
// API: GET /xero/organisation
func (c *Client) GetXeroOrganisation(ctx context.Context, entityID int64) (*XeroOrganisation, error) {
	v := opGetXeroOrganisation.check()
	v.id("entity_id", entityID)
	return invoke[XeroOrganisation](ctx, c, call{op: &opGetXeroOrganisation}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetXeroOrganisation(ctx, &gen.GetXeroOrganisationParams{EntityID: entityID})
	})
}
