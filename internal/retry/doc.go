// Package retry is the client's retry policy as pure functions: whether an
// attempt may be repeated and why, how long to wait first, and whether a 401
// was caused by the local clock. It performs no I/O of its own; the client's
// HTTP doer runs the loop (see the package example).
//
// One rule shapes the package: the Procuret API has no idempotency keys, so a
// write (every method but GET and HEAD) is sent again only when the error
// proves its bytes never left this machine. Reads are repeated on transient
// failures.
package retry
