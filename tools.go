//go:build tools

// This file pins the code generator through go.mod, so that `go generate ./...`
// runs the exact oapi-codegen version the module records and needs nothing
// installed by hand. The build tag keeps it out of every normal build: a user
// who imports the client never compiles the generator.
package procuret

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
