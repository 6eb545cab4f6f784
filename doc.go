// Package procuret is the Go client for the Procuret API, the business-to-business
// payments platform: instalment links, quotes, payment series and the resources around
// them.
//
// Build a Client with NewClient, log in with RequestSecondFactorCode and CreateSession
// (or bring credentials with WithCredentials or FromEnv), then call one method per API
// operation. Every method takes a context first and returns (value, error); a failed call
// returns an *Error (test its kind with errors.Is, e.g. procuret.ErrNotFound) or, for
// input refused before anything was sent, a *ValidationError matching ErrInvalidInput.
//
// Money is decimal.Decimal, IDs are int64, and timestamps are Time, Procuret's own
// format. The resource types are aliases of the generated package gen, so importing gen
// is rarely needed.
//
// Reads are retried on transient failures (WithMaxRetries, WithBackoff); a write is
// never sent twice, and a create whose outcome is unknown is settled by reading (see
// CreateInstalmentLink and ErrOutcomeUnknown). Every call is bounded by WithTimeout
// (DefaultTimeout, 30 s). AllInstalmentLinks and AllPaymentSeries walk whole lists.
// docs/reliability.md tells the whole story.
package procuret
