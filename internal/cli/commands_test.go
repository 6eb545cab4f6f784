package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/internal/testutil"
)

// queries runs procuret args against a server that records each request's query and
// answers an empty list.
func queries(t *testing.T, args ...string) (result, []string) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Query().Encode())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}))
	t.Cleanup(srv.Close)
	env := map[string]string{procuret.EnvEndpoint: srv.URL + "/api", procuret.EnvSessionID: "1", procuret.EnvAPIKey: "key"}
	r := runBare(t, Env{Getenv: testutil.Getenv(env)}, args...)
	srv.Close()
	return r, got
}

// A word flag takes its words only, and says which, before anything is sent; its words
// reach the API as the same values as always.
func TestChoiceFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"customers", "list", "--sort", "bogus"},
		{"deals", "list", "--sort", "bogus"},
		{"fees", "mode", "13991055489669749", "--set", "bogus"},
	} {
		r, sent := queries(t, args...)
		if r.code != ExitUsage || len(sent) != 0 || !strings.Contains(r.stderr, `invalid value "bogus"`) {
			t.Errorf("procuret %s: exit %d, sent %q:\n%s", strings.Join(args, " "), r.code, sent, r.stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"customers", "list", "--sort", "name"}, "order_by=name"},
		{[]string{"customers", "list", "--sort", "recent"}, "order=descending&order_by=last_transaction_time"},
		{[]string{"customers", "list"}, ""},
		{[]string{"payouts", "--by-created"}, "order_by=created"},
		{[]string{"payouts"}, ""},
		{[]string{"deals", "list", "--sort", "business"}, "order_by=business_name"},
	} {
		r, sent := queries(t, c.args...)
		if r.code != ExitOK || strings.Join(sent, " ") != c.want {
			t.Errorf("procuret %s: exit %d, sent %q, want %q\n%s", strings.Join(c.args, " "), r.code, sent, c.want, r.stderr)
		}
	}
}
