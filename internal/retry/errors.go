package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
)

// NeverSent reports whether err proves the request never reached the server:
// the connection to it (or to the proxy in front of it) could not be set up,
// so not one byte of the HTTP request was written.
//
// It accepts only errors that can come from nowhere else: a failed dial or
// DNS lookup, a failed proxy or SOCKS handshake, a failed certificate check,
// a server that does not speak TLS, and net/http's TLS handshake timeout.
// Everything else (a reset, an EOF, a write error, a TLS alert, which may
// arrive after the request was written) means the outcome is unknown.
// net/http already resends, by itself, a request that failed on a reused
// keep-alive connection before any byte was written; its leftover errors are
// ambiguous, so they are not second-guessed here.
//
// This holds only if writes carry no Idempotency-Key or X-Idempotency-Key
// header: with one, net/http may itself resend a write that was already
// written before the final attempt failed to dial.
func NeverSent(err error) bool {
	if err == nil {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) {
		// net.Dialer says "dial"; net/http wraps every error of a connection
		// set up through a proxy in "proxyconnect"; its SOCKS dialer says
		// "socks connect". Each happens before the request is written.
		if op.Op == "dial" || op.Op == "proxyconnect" || strings.HasPrefix(op.Op, "socks ") {
			return true
		}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	if permanent(err) {
		return true
	}
	// net/http's type for Transport.TLSHandshakeTimeout is unexported; its
	// text is the only handle on it. (errors.As would stop at *url.Error,
	// which is a net.Error too.)
	for e := err; e != nil; e = errors.Unwrap(e) {
		if ne, ok := e.(net.Error); ok && ne.Timeout() && ne.Error() == "net/http: TLS handshake timeout" {
			return true
		}
	}
	return false
}

// permanent reports errors from setting up the connection that will recur on
// every attempt.
func permanent(err error) bool {
	var (
		cve     *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		rec     tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &cve), errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid):
		return true
	case errors.Is(err, http.ErrSchemeMismatch):
		return true
	case errors.As(err, &rec) && rec.Conn != nil:
		// crypto/tls sets Conn only for "first record does not look like a
		// TLS handshake", the server's first reply; later record errors have
		// no Conn and may come after the request was written.
		return true
	}
	return false
}

// contextDone reports whether err comes from a cancelled or expired context.
// errors.Is(err, context.DeadlineExceeded) is not used for the deadline:
// net/http's own timeouts (ResponseHeaderTimeout, Client.Timeout) claim to be
// context.DeadlineExceeded, but they are per-attempt timeouts, which a read
// should retry. Only the context's own error value counts.
func contextDone(err error) bool {
	return errors.Is(err, context.Canceled) || holds(err, context.DeadlineExceeded)
}

// holds reports whether target itself is in err's tree.
func holds(err, target error) bool {
	for err != nil {
		if err == target {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if holds(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
