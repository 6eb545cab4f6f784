package procuret

// sessionNeed is what an operation asks of a session, as the contract's
// security requirements say (operations.gen.go).
type sessionNeed uint8

const (
	// sessionRequired: the call is refused before it is sent when the client
	// has no credentials.
	sessionRequired sessionNeed = iota
	// sessionOptional: sent with the client's session when it has one,
	// without one otherwise.
	sessionOptional
	// sessionNone: never sent with a session (logging in).
	sessionNone
)

// operation is one operation of the contract: operationId, the words errors
// name it by, method, path below the API root, what it needs of a session and
// what its 2xx body must hold (nil: nothing checked before decoding). The
// values are generated (operations.gen.go).
type operation struct {
	id, name, method, path string
	session                sessionNeed
	body                   *shape
}

// check starts the input checks of a call of op.
func (op *operation) check() checker { return checker{op: op.name} }
