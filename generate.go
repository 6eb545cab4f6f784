package procuret

// The contract in api/openapi.yaml is compiled into package gen (models and
// client), the sandbox's server interface, the table of operations this
// package wraps (operations.gen.go) and its re-exports of gen
// (aliases.gen.go). internal/cmd/apigen drives oapi-codegen's library, whose
// version go.mod pins; nothing needs installing by hand.
//go:generate go run ./internal/cmd/apigen code -config api/cfg-client.yaml api/openapi.yaml
//go:generate go run ./internal/cmd/apigen code -config api/cfg-sandbox.yaml api/openapi.yaml
//go:generate go run ./internal/cmd/apigen ops -o operations.gen.go api/openapi.yaml
//go:generate go run ./internal/cmd/apigen aliases -o aliases.gen.go -gen gen/procuret.gen.go .
