// Command apigen turns the contract (api/openapi.yaml) into this module's
// generated Go code. It is run by `go generate ./...` (see generate.go) and
// never by users.
//
//	apigen code -config api/cfg-client.yaml api/openapi.yaml
//	    oapi-codegen's models, client or server, through oapi-codegen's own
//	    library, after one fix to the loaded contract: integer examples above
//	    2^53 get back their exact digits (kin-openapi loads examples through
//	    float64, so the demo supplier 13991055489669749 would read
//	    13991055489669748 in every generated doc comment).
//	apigen ops -o operations.gen.go api/openapi.yaml
//	    the table of operations package procuret wraps: method, path and
//	    whether the contract's security asks for a session.
//	apigen aliases -o aliases.gen.go -gen gen/procuret.gen.go .
//	    package procuret's re-exports of gen's models and enum values, except
//	    the names package procuret declares itself.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: apigen code|ops|aliases [flags] ARG")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "code":
		err = runCode(os.Args[2:])
	case "ops":
		err = runOps(os.Args[2:])
	case "aliases":
		err = runAliases(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want code, ops or aliases)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apigen:", err)
		os.Exit(1)
	}
}
