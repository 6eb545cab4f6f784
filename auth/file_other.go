//go:build !unix

package auth

import "os"

// openNonBlocking opens path for reading.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// checkOwner checks nothing: ownership and permission bits do not mean on
// this system what they mean on Unix.
func checkOwner(path string, info os.FileInfo) error { return nil }
