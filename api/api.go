// Package api holds the Procuret API contract, openapi.yaml: hand-written, the single source of
// truth for the generated client (package gen) and the sandbox, and shared with other-language
// teams. The oapi-codegen configs (cfg-*.yaml) sit beside it.
package api

import _ "embed"

// OpenAPI is the contract exactly as written in api/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
