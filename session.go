package procuret

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
)

// redacted stands for a secret wherever one of this package's values is
// printed, logged or encoded.
const redacted = auth.Redacted

// SecondFactorParams identify the account that RequestSecondFactorCode sends a
// code to: exactly one of Email or AgentID, with the account's password.
// Printing or logging the params redacts Password.
type SecondFactorParams struct {
	Email       string      // the account's email; or
	AgentID     int64       // the account's agent ID
	Password    string      // the account's password; never printed
	Perspective Perspective // the perspective to log in as; 0 leaves it out
}

// LoginParams are what CreateSession exchanges for a session. Printing or
// logging the params redacts Password and Code.
type LoginParams struct {
	Email       string      // the account's email
	Password    string      // the account's password; never printed
	Perspective Perspective // the perspective to log in as (required)
	Code        string      // the six-digit code RequestSecondFactorCode had sent; never printed
	// Lifecycle is the kind of session to create; 0 means LifecycleLongLived,
	// which signs each request and never expires.
	Lifecycle Lifecycle
}

// RequestSecondFactorCode asks Procuret to send a six-digit second-factor code
// to the account holder: step one of logging in (step two is CreateSession).
// It checks the password and needs no session.
//
// API: POST /second-factor-code
func (c *Client) RequestSecondFactorCode(ctx context.Context, p SecondFactorParams) error {
	v := opCreateSecondFactorCode.check()
	body := gen.SecondFactorCodeCreate{PlaintextSecret: p.Password, Perspective: ptr(p.Perspective)}
	switch {
	case p.Email == "" && p.AgentID == 0:
		v.fail("email", "or agent_id is required")
	case p.Email != "" && p.AgentID != 0:
		v.fail("email", "and agent_id are exclusive; give one")
	case p.Email != "":
		v.email("email", p.Email)
		body.Email = ptr(openapi_types.Email(p.Email))
	default:
		v.id("agent_id", p.AgentID)
		body.AgentID = ptr(strconv.FormatInt(p.AgentID, 10))
	}
	v.secret("plaintext_secret", p.Password)
	enum(&v, "perspective", p.Perspective, true)
	_, err := invoke[noBody](ctx, c, call{op: &opCreateSecondFactorCode, secrets: []string{p.Password}}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.CreateSecondFactorCode(ctx, body)
	})
	return err
}

// CreateSession logs in: it exchanges email, password, perspective and the
// second-factor code for a session, whose Credentials authenticate every
// later call (see Client.Authenticated). It needs no session and sends none.
//
// API: POST /session
func (c *Client) CreateSession(ctx context.Context, p LoginParams) (*Session, error) {
	v := opCreateSession.check()
	v.email("email", p.Email)
	v.secret("secret", p.Password)
	enum(&v, "perspective", p.Perspective, false)
	v.code("code", p.Code)
	lc := p.Lifecycle
	if lc == 0 {
		lc = LifecycleLongLived
	}
	enum(&v, "lifecycle", lc, false)
	body := gen.SessionCreate{
		Email:       openapi_types.Email(p.Email),
		Secret:      p.Password,
		Perspective: p.Perspective,
		Code:        p.Code,
		Lifecycle:   &lc,
	}
	cl := call{op: &opCreateSession, secrets: []string{p.Password, p.Code}, secretBody: true}
	s, err := invoke[gen.Session](ctx, c, cl, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.CreateSession(ctx, body)
	})
	if err != nil {
		return nil, err
	}
	return newSession(opCreateSession.name, *s, lc)
}

// GetSession returns the client's own session as the API now sees it.
//
// API: GET /session
func (c *Client) GetSession(ctx context.Context) (*Session, error) {
	params := &gen.GetSessionParams{SessionID: c.creds.SessionID()}
	s, err := invoke[gen.Session](ctx, c, call{op: &opGetSession, secretBody: true}, opGetSession.check(), func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetSession(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	return newSession(opGetSession.name, *s, c.creds.Lifecycle())
}

// SwitchPerspective changes the perspective of the client's session (a
// perspective the account does not hold answers ErrNotAuthorised) and
// returns the updated session.
//
// API: PUT /session
func (c *Client) SwitchPerspective(ctx context.Context, p Perspective) (*Session, error) {
	v := opUpdateSession.check()
	enum(&v, "perspective_id", p, false)
	s, err := invoke[gen.Session](ctx, c, call{op: &opUpdateSession, secretBody: true}, v, func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.UpdateSession(ctx, gen.SessionUpdate{PerspectiveID: p})
	})
	if err != nil {
		return nil, err
	}
	return newSession(opUpdateSession.name, *s, c.creds.Lifecycle())
}

// Session is a Procuret session. Its API key stays inside Credentials:
// printing, logging or encoding a Session shows it as [REDACTED].
type Session struct {
	SessionID   int64
	Perspective Perspective
	Lifecycle   Lifecycle
	AgentID     int64 // the agent the session belongs to; 0 when the API did not say

	creds auth.Credentials
}

// newSession checks the API's session and builds its credentials. lc is the
// lifecycle to assume when the response leaves it out.
func newSession(op string, s gen.Session, lc Lifecycle) (*Session, error) {
	if s.Lifecycle != 0 {
		lc = s.Lifecycle
	}
	creds, err := auth.NewCredentials(s.SessionID, s.APIKey, lc, auth.WithPerspective(s.Perspective))
	if err != nil {
		// auth's errors never quote the key.
		return nil, &Error{StatusCode: http.StatusOK, Kind: ErrUnexpectedBody, Operation: op, Attempts: 1,
			Message: "the session is unusable: " + strings.TrimPrefix(err.Error(), "auth: new credentials: ")}
	}
	out := &Session{SessionID: s.SessionID, Perspective: s.Perspective, Lifecycle: lc, creds: creds}
	// A full Human or just {agent_id}: the schema allows other keys, so
	// its fields stay pointers.
	for _, id := range []*int64{s.Agent.AgentID, s.Agent.PublicID} {
		if id != nil && out.AgentID == 0 {
			out.AgentID = *id
		}
	}
	return out, nil
}

// Credentials returns what authenticates as this session; pass them to
// WithCredentials, or keep them with auth.SaveFile.
func (s Session) Credentials() auth.Credentials { return s.creds }

// String describes s with the API key redacted.
func (s Session) String() string {
	return fmt.Sprintf("Session{SessionID: %d, Perspective: %d, Lifecycle: %d, AgentID: %d, APIKey: %s}",
		s.SessionID, s.Perspective, s.Lifecycle, s.AgentID, redacted)
}

// GoString is String in Go syntax, for %#v.
func (s Session) GoString() string {
	return fmt.Sprintf("procuret.Session{SessionID: %d, Perspective: %d, Lifecycle: %d, AgentID: %d, APIKey: %q}",
		s.SessionID, s.Perspective, s.Lifecycle, s.AgentID, redacted)
}

// Format redacts the API key under every verb and flag.
func (s Session) Format(f fmt.State, verb rune) { format(f, verb, s.String(), s.GoString()) }

// LogValue implements slog.LogValuer, with the API key redacted.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("session_id", s.SessionID),
		slog.Int("perspective", int(s.Perspective)),
		slog.Int("lifecycle", int(s.Lifecycle)),
		slog.Int64("agent_id", s.AgentID),
		slog.String("api_key", redacted))
}

// MarshalJSON encodes s with the API key redacted; it is not a way to store a
// session (use auth.SaveFile).
func (s Session) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SessionID   int64  `json:"session_id"`
		Perspective int    `json:"perspective"`
		Lifecycle   int    `json:"lifecycle"`
		AgentID     int64  `json:"agent_id,omitempty"`
		APIKey      string `json:"api_key"`
	}{s.SessionID, int(s.Perspective), int(s.Lifecycle), s.AgentID, redacted})
}

// String describes p with the password redacted.
func (p SecondFactorParams) String() string {
	return fmt.Sprintf("SecondFactorParams{Email: %q, AgentID: %d, Password: %s, Perspective: %d}",
		p.Email, p.AgentID, showSecret(p.Password, false), p.Perspective)
}

// GoString is String in Go syntax, for %#v.
func (p SecondFactorParams) GoString() string {
	return fmt.Sprintf("procuret.SecondFactorParams{Email: %q, AgentID: %d, Password: %s, Perspective: %d}",
		p.Email, p.AgentID, showSecret(p.Password, true), p.Perspective)
}

// Format redacts the password under every verb and flag.
func (p SecondFactorParams) Format(f fmt.State, verb rune) { format(f, verb, p.String(), p.GoString()) }

// LogValue implements slog.LogValuer, with the password redacted.
func (p SecondFactorParams) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("email", p.Email),
		slog.Int64("agent_id", p.AgentID),
		slog.String("password", redactedIfSet(p.Password)),
		slog.Int("perspective", int(p.Perspective)))
}

// MarshalJSON encodes p with the password redacted.
func (p SecondFactorParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Email       string `json:"email,omitempty"`
		AgentID     int64  `json:"agent_id,omitempty"`
		Password    string `json:"password"`
		Perspective int    `json:"perspective,omitempty"`
	}{p.Email, p.AgentID, redactedIfSet(p.Password), int(p.Perspective)})
}

// String describes p with the password and the code redacted.
func (p LoginParams) String() string {
	return fmt.Sprintf("LoginParams{Email: %q, Password: %s, Perspective: %d, Code: %s, Lifecycle: %d}",
		p.Email, showSecret(p.Password, false), p.Perspective, showSecret(p.Code, false), p.Lifecycle)
}

// GoString is String in Go syntax, for %#v.
func (p LoginParams) GoString() string {
	return fmt.Sprintf("procuret.LoginParams{Email: %q, Password: %s, Perspective: %d, Code: %s, Lifecycle: %d}",
		p.Email, showSecret(p.Password, true), p.Perspective, showSecret(p.Code, true), p.Lifecycle)
}

// Format redacts the password and the code under every verb and flag.
func (p LoginParams) Format(f fmt.State, verb rune) { format(f, verb, p.String(), p.GoString()) }

// LogValue implements slog.LogValuer, with the password and the code redacted.
func (p LoginParams) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("email", p.Email),
		slog.String("password", redactedIfSet(p.Password)),
		slog.Int("perspective", int(p.Perspective)),
		slog.String("code", redactedIfSet(p.Code)),
		slog.Int("lifecycle", int(p.Lifecycle)))
}

// MarshalJSON encodes p with the password and the code redacted.
func (p LoginParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		Perspective int    `json:"perspective"`
		Code        string `json:"code"`
		Lifecycle   int    `json:"lifecycle,omitempty"`
	}{p.Email, redactedIfSet(p.Password), int(p.Perspective), redactedIfSet(p.Code), int(p.Lifecycle)})
}

// redactedIfSet shows whether a secret is set without showing it.
func redactedIfSet(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// showSecret is redactedIfSet for String and GoString: an empty secret
// prints as "", a set one as [REDACTED] (quoted in Go syntax).
func showSecret(s string, goSyntax bool) string {
	switch {
	case s == "":
		return `""`
	case goSyntax:
		return strconv.Quote(redacted)
	}
	return redacted
}

// format prints a value that holds a secret: %v %+v %s use str, %#v uses
// goStr, %q quotes str, and any other verb prints %!verb(redacted) rather
// than walking the fields.
func format(f fmt.State, verb rune, str, goStr string) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, goStr)
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, 's'), str)
	case 's', 'q':
		fmt.Fprintf(f, fmt.FormatString(f, verb), str)
	default:
		fmt.Fprintf(f, "%%!%c(%s)", verb, redacted)
	}
}
