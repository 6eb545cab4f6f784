package auth

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// secret is a string kind on purpose: fmt never dereferences a nested pointer
// to a non-composite kind, even on its bad-verb path (%s of an outer struct
// dereferences a *struct and would print its string field). So an outer
// struct holding Credentials in an unexported field prints only an address.
type secret string

// String keeps reflection-based dumpers that honour Stringer (e.g. spew with
// methods enabled) from printing the key.
func (secret) String() string { return Redacted }

// Credentials identify a Procuret session. A Credentials is an immutable value:
// copy it freely and share it between goroutines. Build it with NewCredentials
// or LoadFile; the zero value holds no session.
//
// The api key never leaves the value except through APIKey and through the
// headers a Signer sets. Printing with fmt (any verb, also when nested in
// other values), encoding to JSON and logging with log/slog show the key as
// [REDACTED]. Dumpers that walk pointers by reflection with methods disabled
// (for example go-spew configured with DisableMethods) are out of reach of any
// Go type; do not dump Credentials with them.
type Credentials struct {
	sessionID   int64
	lifecycle   Lifecycle
	agent       int64 // 0: acting for the session's own agent
	perspective Perspective
	key         *secret // nil only in the zero value
}

// CredentialOption configures NewCredentials.
type CredentialOption func(*credentialConfig)

type credentialConfig struct {
	agent       int64
	agentSet    bool
	perspective Perspective
}

// ActingFor makes requests act on behalf of another agent: the Signer sends
// x-procuret-forwarded-agent with agentID, which must be positive.
func ActingFor(agentID int64) CredentialOption {
	return func(c *credentialConfig) { c.agent, c.agentSet = agentID, true }
}

// WithPerspective records the perspective (an API enum) the session was
// created with. It is metadata only; 0 means unknown.
func WithPerspective(p Perspective) CredentialOption {
	return func(c *credentialConfig) { c.perspective = p }
}

// NewCredentials returns the credentials of session sessionID. The key is the
// api key string exactly as the API returned it (it is not base64-decoded).
func NewCredentials(sessionID int64, apiKey string, lifecycle Lifecycle, opts ...CredentialOption) (Credentials, error) {
	c, err := newCredentials(sessionID, apiKey, lifecycle, opts...)
	if err != nil {
		return Credentials{}, fmt.Errorf("auth: new credentials: %w", err)
	}
	return c, nil
}

// newCredentials is NewCredentials with errors that carry no prefix. No error
// may mention the key.
func newCredentials(sessionID int64, apiKey string, lifecycle Lifecycle, opts ...CredentialOption) (Credentials, error) {
	var cfg credentialConfig
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case sessionID <= 0:
		return Credentials{}, fmt.Errorf("session id must be positive (got %d)", sessionID)
	case apiKey == "":
		return Credentials{}, errors.New("api key is empty")
	case !lifecycle.Valid():
		return Credentials{}, fmt.Errorf("unknown lifecycle %d (want 1 short-lived or 2 long-lived)", int(lifecycle))
	case cfg.agentSet && cfg.agent <= 0:
		return Credentials{}, fmt.Errorf("agent id must be positive (got %d)", cfg.agent)
	case cfg.perspective < 0:
		return Credentials{}, fmt.Errorf("perspective must not be negative (got %d)", cfg.perspective)
	}
	k := secret(apiKey)
	return Credentials{
		sessionID:   sessionID,
		lifecycle:   lifecycle,
		agent:       cfg.agent,
		perspective: cfg.perspective,
		key:         &k,
	}, nil
}

// SessionID returns the session's id.
func (c Credentials) SessionID() int64 { return c.sessionID }

// Lifecycle returns whether the session is short- or long-lived.
func (c Credentials) Lifecycle() Lifecycle { return c.lifecycle }

// Agent returns the agent the requests act for, and whether one is set.
func (c Credentials) Agent() (int64, bool) { return c.agent, c.agent > 0 }

// Perspective returns the perspective recorded with WithPerspective (0 if unknown).
func (c Credentials) Perspective() Perspective { return c.perspective }

// APIKey returns the api key. It is the only way the key leaves a Credentials,
// meant for callers that keep it in their own secret store; never log it.
func (c Credentials) APIKey() string {
	if c.key == nil {
		return ""
	}
	return string(*c.key)
}

// IsZero reports whether c holds no session (it was not built by
// NewCredentials or LoadFile).
func (c Credentials) IsZero() bool { return c.key == nil }

// ActingFor returns a copy of c whose requests act for agentID. A
// non-positive agentID returns a copy acting for the session's own agent
// (no x-procuret-forwarded-agent header). The zero Credentials stay zero.
func (c Credentials) ActingFor(agentID int64) Credentials {
	if c.IsZero() {
		return Credentials{}
	}
	c.agent = max(agentID, 0)
	return c
}

// Equal reports whether c and o describe the same session with the same key,
// agent and perspective. The keys are compared in constant time.
func (c Credentials) Equal(o Credentials) bool {
	if c.IsZero() || o.IsZero() {
		return c.IsZero() == o.IsZero()
	}
	return c.sessionID == o.sessionID && c.lifecycle == o.lifecycle &&
		c.agent == o.agent && c.perspective == o.perspective &&
		subtle.ConstantTimeCompare([]byte(*c.key), []byte(*o.key)) == 1
}

// String describes c with the key Redacted.
func (c Credentials) String() string { return c.describe(false) }

// GoString is like String in Go syntax, for %#v.
func (c Credentials) GoString() string { return c.describe(true) }

func (c Credentials) describe(goSyntax bool) string {
	var b strings.Builder
	if goSyntax {
		b.WriteString("auth.")
	}
	b.WriteString("Credentials{")
	if !c.IsZero() {
		b.WriteString("SessionID: ")
		b.WriteString(strconv.FormatInt(c.sessionID, 10))
		b.WriteString(", Lifecycle: ")
		switch {
		case !goSyntax:
			b.WriteString(c.lifecycle.String())
		case c.lifecycle == ShortLived:
			b.WriteString("auth.ShortLived")
		case c.lifecycle == LongLived:
			b.WriteString("auth.LongLived")
		default:
			b.WriteString(strconv.Itoa(int(c.lifecycle)))
		}
		if c.agent > 0 {
			b.WriteString(", Agent: ")
			b.WriteString(strconv.FormatInt(c.agent, 10))
		}
		if c.perspective != 0 {
			b.WriteString(", Perspective: ")
			b.WriteString(strconv.Itoa(int(c.perspective)))
		}
		b.WriteString(", APIKey: ")
		if goSyntax {
			b.WriteString(strconv.Quote(Redacted))
		} else {
			b.WriteString(Redacted)
		}
	}
	b.WriteString("}")
	return b.String()
}

// Format implements fmt.Formatter so that every verb and flag redacts the key:
// %v %+v %s use String, %#v uses GoString, %q quotes String, and any other
// verb prints %!verb(auth.Credentials) instead of walking the fields.
func (c Credentials) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, c.GoString())
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, 's'), c.String())
	case 's', 'q':
		fmt.Fprintf(f, fmt.FormatString(f, verb), c.String())
	default:
		fmt.Fprintf(f, "%%!%c(auth.Credentials)", verb)
	}
}

// LogValue implements slog.LogValuer: a group with session_id, lifecycle,
// agent_id and perspective (when set) and api_key as [REDACTED].
func (c Credentials) LogValue() slog.Value {
	if c.IsZero() {
		return slog.GroupValue()
	}
	attrs := make([]slog.Attr, 0, 5)
	attrs = append(attrs,
		slog.Int64("session_id", c.sessionID),
		slog.String("lifecycle", c.lifecycle.String()))
	if c.agent > 0 {
		attrs = append(attrs, slog.Int64("agent_id", c.agent))
	}
	if c.perspective != 0 {
		attrs = append(attrs, slog.Int("perspective", int(c.perspective)))
	}
	attrs = append(attrs, slog.String("api_key", Redacted))
	return slog.GroupValue(attrs...)
}

// MarshalJSON encodes c with the api key replaced by "[REDACTED]", so that
// Credentials inside logged or serialised values do not leak the key. There
// is deliberately no UnmarshalJSON: the output is not a way to store
// credentials. Use SaveFile and LoadFile for that.
func (c Credentials) MarshalJSON() ([]byte, error) {
	v := struct {
		SessionID   int64  `json:"session_id"`
		Lifecycle   int    `json:"lifecycle"`
		AgentID     int64  `json:"agent_id,omitempty"`
		Perspective int    `json:"perspective,omitempty"`
		APIKey      string `json:"api_key,omitempty"`
	}{c.sessionID, int(c.lifecycle), c.agent, int(c.perspective), ""}
	if !c.IsZero() {
		v.APIKey = Redacted
	}
	return json.Marshal(v)
}
