// Package sandbox is a local, strict and stateful Procuret API built from the same contract as the
// client (api/openapi.yaml). Every request is validated against the contract and authenticated as
// the real API does; data lives in memory, or in a data directory that survives restarts
// (WithDataDir), seeded with a demo supplier (see DefaultAccount). An inspector at / shows what
// the sandbox holds and what it was sent.
//
// Use it in-process with New and Handler, Serve or Start (package sandboxtest wraps that for
// tests), or run it as a program: go run ./cmd/procuret-sandbox. README.md beside this file
// documents the default data, the seed format and the fault options.
package sandbox
