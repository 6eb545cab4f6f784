package procuret

// The contract in api/openapi.yaml is compiled into package gen (models and
// client) and into the sandbox's server interface. oapi-codegen's version is
// pinned in go.mod through tools.go, so nothing needs installing by hand.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/cfg-client.yaml api/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/cfg-sandbox.yaml api/openapi.yaml
