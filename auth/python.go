package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// pythonSession is what Procuret's Python SDK (procuret 0.0.43, Session.save_to_file) stores:
// the session as the API returned it, JSON-encoded and then standard base64-encoded, with no
// newline. Every field is required by the SDK's own decoder.
type pythonSession struct {
	SessionID   *int64  `json:"session_id"`
	SessionKey  *string `json:"session_key"`
	APIKey      *string `json:"api_key"`
	Lifecycle   *int    `json:"lifecycle"`
	Perspective *int    `json:"perspective"`
}

// LoadPythonSession reads a session file saved by Procuret's Python SDK
// (Session.save_to_file, or interactively_to_file), so that a team moving to
// Go keeps its session. Save the result with SaveFile to keep it in this
// module's own format.
//
// Like LoadFile, it refuses a file that group or other users may access
// (ErrInsecurePermissions; the Python SDK writes with the umask's mode, often
// 0644, so run `chmod 600 FILE` first) unless AllowInsecurePermissions is
// given, and reports a file that is not a valid Python session with
// ErrMalformedFile. No error contains the API key or the session key.
//
// The session's session_key, which the Python SDK stores but never sends, is
// checked and not kept: no request needs it.
func LoadPythonSession(path string, opts ...LoadOption) (Credentials, error) {
	data, err := readSecretFile(path, opts)
	if err != nil {
		return Credentials{}, err
	}
	c, err := ParsePythonSession(data)
	if err != nil {
		return Credentials{}, fmt.Errorf("auth: load %s: %w", path, errors.Unwrap(err))
	}
	return c, nil
}

// ParsePythonSession decodes the content of a Python SDK session file (see
// LoadPythonSession). Surrounding whitespace and line breaks are ignored, as
// Python's base64 decoder ignores them. Its errors wrap ErrMalformedFile and
// never quote the data.
func ParsePythonSession(data []byte) (Credentials, error) {
	fail := func(format string, args ...any) (Credentials, error) {
		return Credentials{}, fmt.Errorf("auth: python session: %w", fmt.Errorf("%w: "+format, append([]any{ErrMalformedFile}, args...)...))
	}
	compact := bytes.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, data)
	if len(compact) == 0 {
		return fail("the file is empty")
	}
	if compact[0] == '{' {
		return fail("this is JSON, not a Python SDK session file (base64 of JSON); a file saved by procuret-go loads with LoadFile")
	}
	raw, err := base64.StdEncoding.DecodeString(string(compact))
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(string(compact)); err != nil {
			return fail("not base64 (a Python SDK session file is the base64 of a JSON object)")
		}
	}
	var j pythonSession
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&j); err != nil {
		// The decoder's messages may quote bytes of the data, which may be a key.
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return fail("the decoded content is not JSON (syntax error at byte %d)", syn.Offset)
		case errors.As(err, &typ) && typ.Field != "":
			return fail("field %q must be a JSON %s", typ.Field, jsonKind(typ.Type.Kind().String()))
		default:
			return fail("the decoded content is not a JSON object")
		}
	}
	if dec.More() {
		return fail("the decoded content holds more than one JSON value")
	}
	for _, f := range []struct {
		name    string
		missing bool
	}{
		{"session_id", j.SessionID == nil}, {"session_key", j.SessionKey == nil}, {"api_key", j.APIKey == nil},
		{"lifecycle", j.Lifecycle == nil}, {"perspective", j.Perspective == nil},
	} {
		if f.missing {
			return fail("field %q is missing (the Python SDK writes session_id, session_key, api_key, lifecycle and perspective)", f.name)
		}
	}
	if *j.SessionKey == "" {
		return fail("session_key is empty")
	}
	p := Perspective(*j.Perspective)
	if !p.Valid() {
		return fail("unknown perspective %d (want 1 to 7)", *j.Perspective)
	}
	c, err := newCredentials(*j.SessionID, *j.APIKey, Lifecycle(*j.Lifecycle), WithPerspective(p))
	if err != nil {
		return fail("%v", err) // newCredentials never puts the key in its errors
	}
	return c, nil
}
