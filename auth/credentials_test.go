package auth_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

func TestNewCredentials(t *testing.T) {
	c, err := auth.NewCredentials(36284293055983192, testKey, auth.LongLived, auth.ActingFor(42), auth.WithPerspective(2))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionID() != 36284293055983192 || c.Lifecycle() != auth.LongLived || c.Perspective() != 2 || c.APIKey() != testKey || c.IsZero() {
		t.Errorf("accessors wrong: %v key-ok=%v", c, c.APIKey() == testKey)
	}
	if a, ok := c.Agent(); a != 42 || !ok {
		t.Errorf("Agent() = %d, %v; want 42, true", a, ok)
	}

	plain := mustCreds(t, 1, "k", auth.ShortLived)
	if a, ok := plain.Agent(); a != 0 || ok {
		t.Errorf("Agent() without ActingFor = %d, %v", a, ok)
	}
	if plain.Perspective() != 0 {
		t.Errorf("Perspective() default = %d", plain.Perspective())
	}
}

func TestNewCredentialsInvalid(t *testing.T) {
	for _, tc := range []struct {
		name    string
		id      int64
		key     string
		lc      auth.Lifecycle
		opts    []auth.CredentialOption
		wantMsg string
	}{
		{"zero session", 0, testKey, auth.LongLived, nil, "session id must be positive"},
		{"negative session", -3, testKey, auth.LongLived, nil, "session id must be positive"},
		{"empty key", 1, "", auth.LongLived, nil, "api key is empty"},
		{"zero lifecycle", 1, testKey, 0, nil, "unknown lifecycle 0"},
		{"lifecycle 3", 1, testKey, 3, nil, "unknown lifecycle 3"},
		{"zero agent", 1, testKey, auth.LongLived, []auth.CredentialOption{auth.ActingFor(0)}, "agent id must be positive"},
		{"negative perspective", 1, testKey, auth.LongLived, []auth.CredentialOption{auth.WithPerspective(-1)}, "perspective"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := auth.NewCredentials(tc.id, tc.key, tc.lc, tc.opts...)
			if err == nil {
				t.Fatalf("no error; got %v", c)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) || strings.Contains(err.Error(), testKey) {
				t.Errorf("error %q: want it to mention %q and not the key", err, tc.wantMsg)
			}
			if !c.IsZero() {
				t.Errorf("non-zero credentials returned with an error")
			}
		})
	}
}

func TestLifecycleString(t *testing.T) {
	for lc, want := range map[auth.Lifecycle]string{auth.ShortLived: "short-lived", auth.LongLived: "long-lived", 7: "Lifecycle(7)"} {
		if got := lc.String(); got != want {
			t.Errorf("Lifecycle(%d).String() = %q, want %q", int(lc), got, want)
		}
	}
	if auth.ShortLived != 1 || auth.LongLived != 2 {
		t.Error("lifecycle values must match the wire values 1 and 2")
	}
}

func TestCredentialsActingForMethod(t *testing.T) {
	c := mustCreds(t, 1, testKey, auth.LongLived)
	d := c.ActingFor(99)
	if a, ok := d.Agent(); a != 99 || !ok {
		t.Errorf("ActingFor(99).Agent() = %d, %v", a, ok)
	}
	if _, ok := c.Agent(); ok {
		t.Error("ActingFor changed the original")
	}
	if d.APIKey() != testKey || d.SessionID() != 1 {
		t.Error("ActingFor lost the session")
	}
	if _, ok := d.ActingFor(0).Agent(); ok {
		t.Error("ActingFor(0) should act for the session's own agent")
	}
	if !(auth.Credentials{}).ActingFor(5).IsZero() {
		t.Error("zero Credentials acting for someone should stay zero")
	}
}

func TestCredentialsEqual(t *testing.T) {
	a := mustCreds(t, 1, testKey, auth.LongLived)
	if !a.Equal(mustCreds(t, 1, testKey, auth.LongLived)) {
		t.Error("equal credentials not Equal")
	}
	for name, b := range map[string]auth.Credentials{
		"key":       mustCreds(t, 1, testKey+"x", auth.LongLived),
		"session":   mustCreds(t, 2, testKey, auth.LongLived),
		"lifecycle": mustCreds(t, 1, testKey, auth.ShortLived),
		"agent":     a.ActingFor(3),
		"zero":      {},
	} {
		if a.Equal(b) || b.Equal(a) {
			t.Errorf("credentials differing in %s are Equal", name)
		}
	}
	if !(auth.Credentials{}).Equal(auth.Credentials{}) {
		t.Error("zero not Equal to zero")
	}
}

type wrapper struct {
	creds   auth.Credentials // unexported: fmt walks it by reflection without calling methods
	credPtr *auth.Credentials
	Creds   auth.Credentials
}

// printed returns every way of printing credentials that a user could plausibly
// hit, named for the error message.
func printed(t *testing.T, c auth.Credentials) map[string]string {
	w := wrapper{creds: c, credPtr: &c, Creds: c}
	f := auth.File{Credentials: c, Endpoint: "https://procuret.com/api"}
	s := auth.NewSigner(c)
	out := map[string]string{
		"String":   c.String(),
		"GoString": c.GoString(),
		"Error":    fmt.Errorf("wrapped: %v", c).Error(),
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%20v", "%-8s", "%+q", "%#q", "%t", "%p"} {
		out[verb+" value"] = fmt.Sprintf(verb, c)
		out[verb+" pointer"] = fmt.Sprintf(verb, &c)
		out[verb+" nested unexported"] = fmt.Sprintf(verb, struct{ c auth.Credentials }{c})
		out[verb+" wrapper"] = fmt.Sprintf(verb, w)
		out[verb+" &wrapper"] = fmt.Sprintf(verb, &w)
		out[verb+" slice"] = fmt.Sprintf(verb, []auth.Credentials{c})
		out[verb+" map"] = fmt.Sprintf(verb, map[string]auth.Credentials{"a": c})
		out[verb+" any"] = fmt.Sprintf(verb, []any{c})
		out[verb+" File"] = fmt.Sprintf(verb, f)
		out[verb+" &File"] = fmt.Sprintf(verb, &f)
		out[verb+" Signer"] = fmt.Sprintf(verb, s)
		out[verb+" struct{signer}"] = fmt.Sprintf(verb, &struct{ s *auth.Signer }{s})
	}
	out["Sprint"] = fmt.Sprint(c, w, f)
	out["Sprintln"] = fmt.Sprintln(c, w, f)
	for name, v := range map[string]any{"value": c, "wrapper": w, "File": f, "Signer": s} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%s): %v", name, err)
		}
		out["json "+name] = string(b)
	}
	for _, h := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"slog JSON", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
		{"slog text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
	} {
		var buf bytes.Buffer
		slog.New(h.new(&buf)).Info("msg", "creds", c, "ptr", &c, "wrapper", w, "file", f, "signer", s,
			slog.Group("g", "creds", c))
		out[h.name] = buf.String()
	}
	return out
}

func TestCredentialsNeverPrintKey(t *testing.T) {
	for _, c := range []auth.Credentials{
		mustCreds(t, 123, testKey, auth.LongLived, auth.ActingFor(456), auth.WithPerspective(2)),
		mustCreds(t, 123, testKey, auth.ShortLived),
	} {
		forbidden := []string{testKey, hex.EncodeToString([]byte(testKey)), strings.ToUpper(hex.EncodeToString([]byte(testKey)))}
		for name, s := range printed(t, c) {
			for _, bad := range forbidden {
				if strings.Contains(s, bad) {
					t.Errorf("%s leaks the key: %s", name, s)
				}
			}
		}
	}
}

func TestCredentialsPrintUsefulFields(t *testing.T) {
	c := mustCreds(t, 123, testKey, auth.LongLived, auth.ActingFor(456), auth.WithPerspective(2))
	for _, tc := range []struct{ name, got, want string }{
		{"String", c.String(), "Credentials{SessionID: 123, Lifecycle: long-lived, Agent: 456, Perspective: 2, APIKey: [REDACTED]}"},
		{"%v", fmt.Sprintf("%v", c), c.String()},
		{"%+v", fmt.Sprintf("%+v", c), c.String()},
		{"%s", fmt.Sprintf("%s", c), c.String()},
		{"%q", fmt.Sprintf("%q", c), fmt.Sprintf("%q", c.String())},
		{"%#v", fmt.Sprintf("%#v", c), `auth.Credentials{SessionID: 123, Lifecycle: auth.LongLived, Agent: 456, Perspective: 2, APIKey: "[REDACTED]"}`},
		{"%d", fmt.Sprintf("%d", c), "%!d(auth.Credentials)"},
		{"zero", fmt.Sprint(auth.Credentials{}), "Credentials{}"},
		{"short-lived", fmt.Sprint(mustCreds(t, 9, testKey, auth.ShortLived)), "Credentials{SessionID: 9, Lifecycle: short-lived, APIKey: [REDACTED]}"},
		{"File %+v", fmt.Sprintf("%+v", auth.File{Credentials: c, Endpoint: "e"}), "{Credentials:" + c.String() + " Endpoint:e}"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %s\nwant %s", tc.name, tc.got, tc.want)
		}
	}

	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"session_id":123,"lifecycle":2,"agent_id":456,"perspective":2,"api_key":"[REDACTED]"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "creds", c)
	var rec struct {
		Creds map[string]any `json:"creds"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Creds["session_id"] != float64(123) || rec.Creds["lifecycle"] != "long-lived" || rec.Creds["agent_id"] != float64(456) || rec.Creds["api_key"] != "[REDACTED]" {
		t.Errorf("slog JSON record = %s", buf.String())
	}
}

func TestJSONDecodeIsNotSupported(t *testing.T) {
	// Redacted JSON must never come back as credentials whose key is "[REDACTED]".
	b, _ := json.Marshal(mustCreds(t, 1, testKey, auth.LongLived))
	var c auth.Credentials
	err := json.Unmarshal(b, &c)
	if err == nil && !c.IsZero() {
		t.Fatalf("decoded redacted JSON into %v", c)
	}
}
