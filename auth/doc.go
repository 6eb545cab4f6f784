// Package auth is how a request to the Procuret API proves who sent it:
// a session id plus either an HMAC-SHA256 signature of the path and a 15-minute
// time window (long-lived sessions) or the raw api key (short-lived sessions).
package auth
