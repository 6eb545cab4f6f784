package procuret

import (
	"strings"
	"testing"

	"github.com/procuret/procuret-go/auth"
)

func envLookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

func TestFromEnv(t *testing.T) {
	const key = "s3cr3t-api-key-from-env"
	for _, tc := range []struct {
		name      string
		env       map[string]string
		endpoint  string
		sessionID int64 // 0: no credentials
		lifecycle auth.Lifecycle
	}{
		{"nothing set", nil, string(Live), 0, 0},
		{"live", map[string]string{EnvEndpoint: "live"}, string(Live), 0, 0},
		{"demo", map[string]string{EnvEndpoint: " DEMO "}, string(Demo), 0, 0},
		{"URL", map[string]string{EnvEndpoint: "http://127.0.0.1:8080/api/"}, "http://127.0.0.1:8080/api", 0, 0},
		{"empty endpoint", map[string]string{EnvEndpoint: ""}, string(Live), 0, 0},
		{"credentials", map[string]string{EnvSessionID: "36284293055983192", EnvAPIKey: key}, string(Live), 36284293055983192, auth.LongLived},
		{"long", map[string]string{EnvSessionID: "7", EnvAPIKey: key, EnvLifecycle: "long"}, string(Live), 7, auth.LongLived},
		{"short", map[string]string{EnvSessionID: "7", EnvAPIKey: key, EnvLifecycle: "Short"}, string(Live), 7, auth.ShortLived},
		{"short-lived", map[string]string{EnvSessionID: "7", EnvAPIKey: key, EnvLifecycle: "short-lived"}, string(Live), 7, auth.ShortLived},
		{"all", map[string]string{EnvEndpoint: "demo", EnvSessionID: "7", EnvAPIKey: key, EnvLifecycle: "1"}, string(Demo), 7, auth.ShortLived},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(FromEnvLookup(envLookup(tc.env)))
			if err != nil {
				t.Fatal(err)
			}
			if c.Endpoint() != tc.endpoint {
				t.Errorf("Endpoint() = %q, want %q", c.Endpoint(), tc.endpoint)
			}
			creds := c.Credentials()
			if tc.sessionID == 0 {
				if !creds.IsZero() {
					t.Errorf("Credentials() = %v, want none", creds)
				}
				return
			}
			if creds.SessionID() != tc.sessionID || creds.APIKey() != key || creds.Lifecycle() != tc.lifecycle {
				t.Errorf("Credentials() = %v, want session %d, %v", creds, tc.sessionID, tc.lifecycle)
			}
		})
	}
}

func TestFromEnvErrors(t *testing.T) {
	const key = "s3cr3t-api-key-from-env"
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad endpoint", map[string]string{EnvEndpoint: "staging"}, "PROCURET_ENDPOINT: URL \"staging\": scheme must be http or https (want live, demo or an http(s) URL)"},
		{"key only", map[string]string{EnvAPIKey: key}, "PROCURET_API_KEY is set but PROCURET_SESSION_ID is not"},
		{"session only", map[string]string{EnvSessionID: "7"}, "PROCURET_SESSION_ID is set but PROCURET_API_KEY is not"},
		{"bad session", map[string]string{EnvSessionID: "abc", EnvAPIKey: key}, `PROCURET_SESSION_ID must be a positive integer (got "abc")`},
		{"zero session", map[string]string{EnvSessionID: "0", EnvAPIKey: key}, "positive integer"},
		{"bad lifecycle", map[string]string{EnvSessionID: "7", EnvAPIKey: key, EnvLifecycle: "forever"}, `PROCURET_LIFECYCLE must be long or short (got "forever")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(FromEnvLookup(envLookup(tc.env)))
			if err == nil || c != nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "procuret: FromEnv: ") {
				t.Fatalf("NewClient = %v, %v; want an error containing %q", c, err, tc.want)
			}
			if strings.Contains(err.Error(), key) {
				t.Errorf("err %q quotes the API key", err)
			}
		})
	}
	if _, err := NewClient(FromEnvLookup(nil)); err == nil {
		t.Error("a nil lookup is accepted")
	}
}

func TestFromEnvOrder(t *testing.T) {
	env := envLookup(map[string]string{EnvEndpoint: "demo", EnvSessionID: "7", EnvAPIKey: "k"})
	// Options apply in order: the later endpoint wins either way.
	c, err := NewClient(FromEnvLookup(env), WithBaseURL("http://127.0.0.1:1/api"))
	if err != nil || c.Endpoint() != "http://127.0.0.1:1/api" || c.Credentials().SessionID() != 7 {
		t.Errorf("FromEnv then WithBaseURL: %v, %v", c, err)
	}
	c, err = NewClient(WithBaseURL("http://127.0.0.1:1/api"), FromEnvLookup(env))
	if err != nil || c.Endpoint() != string(Demo) {
		t.Errorf("WithBaseURL then FromEnv: %v, %v", c, err)
	}
}

func TestFromEnvReadsProcessEnvironment(t *testing.T) {
	t.Setenv(EnvEndpoint, "demo")
	t.Setenv(EnvSessionID, "99")
	t.Setenv(EnvAPIKey, "env-key")
	t.Setenv(EnvLifecycle, "")
	opt := FromEnv()
	// The environment is read when the option is applied, not when it is made.
	t.Setenv(EnvSessionID, "100")
	c, err := NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != string(Demo) || c.Credentials().SessionID() != 100 || c.Credentials().Lifecycle() != auth.LongLived {
		t.Errorf("client = %s %v", c.Endpoint(), c.Credentials())
	}
}
