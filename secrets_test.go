package procuret

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxtest"
)

// TestNoSecretsInLogsOrErrors logs in with a password and a second-factor
// code, uses a long-lived and a short-lived session through faults, 401s,
// a skewed clock and unknown create outcomes, with a logger at Debug in both
// text and JSON. Then it searches every log line, every error (with %v, %+v
// and %#v) and the fmt output of the values involved for the password, the
// code, every API key and every signature the client sent.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	const (
		code          = "731946"
		wrongPassword = "Tr0ub4dor&3-wrong"
		wrongKey      = "d3Jvbmcta2V5LW5vdC1hLXJlYWwtb25lLWF0LWFsbA"
	)
	base, sb := sandboxtest.Start(t, sandbox.WithFixedCode(code), sandbox.WithRandSeed(3))
	var logs testutil.SyncBuffer
	logger := slog.New(multiHandler{
		slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
	})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	w := &wire{next: &http.Client{Transport: tr}}
	anon, err := NewClient(WithBaseURL(base), WithHTTPClient(w), WithLogger(logger), WithSleeper(noSleep))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var errs []error
	var printed []any
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	acct := sb.DefaultAccount()
	login := func(lc Lifecycle) *Session {
		sfp := SecondFactorParams{Email: acct.Email, Password: acct.Password, Perspective: PerspectiveSupplier}
		lp := LoginParams{Email: acct.Email, Password: acct.Password, Perspective: PerspectiveSupplier, Code: code, Lifecycle: lc}
		printed = append(printed, sfp, lp)
		if err := anon.RequestSecondFactorCode(ctx, sfp); err != nil {
			t.Fatal(err)
		}
		s, err := anon.CreateSession(ctx, lp)
		if err != nil {
			t.Fatal(err)
		}
		printed = append(printed, s, s.Credentials())
		return s
	}
	long, short := login(LifecycleLongLived), login(LifecycleShortLived)

	// Failed logins: a wrong password, a reused code.
	keep(anon.RequestSecondFactorCode(ctx, SecondFactorParams{Email: acct.Email, Password: wrongPassword}))
	_, err = anon.CreateSession(ctx, LoginParams{Email: acct.Email, Password: wrongPassword, Perspective: PerspectiveSupplier, Code: code})
	keep(err)
	_, err = anon.CreateSession(ctx, LoginParams{Email: acct.Email, Password: acct.Password, Perspective: PerspectiveSupplier, Code: code})
	keep(err)

	// 401s: a wrong key, signed and sent.
	bad, err := auth.NewCredentials(long.SessionID, wrongKey, auth.LongLived)
	if err != nil {
		t.Fatal(err)
	}
	badShort, _ := auth.NewCredentials(short.SessionID, wrongKey, auth.ShortLived)
	for _, creds := range []auth.Credentials{bad, badShort} {
		_, err = anon.Authenticated(creds).GetSession(ctx)
		keep(err)
	}

	// Both sessions through every fault, and a clock an hour slow.
	skewed, err := NewClient(WithBaseURL(base), WithHTTPClient(w), WithLogger(logger), WithSleeper(noSleep),
		WithCredentials(long.Credentials()), WithClock(func() time.Time { return time.Now().Add(-time.Hour) }))
	if err != nil {
		t.Fatal(err)
	}
	clients := []*Client{anon.Authenticated(long.Credentials()), anon.Authenticated(short.Credentials()), skewed}
	sb.SetFaults(sandbox.Faults{Rate: 0.4, Seed: 11, Latency: time.Microsecond})
	for i, c := range clients {
		printed = append(printed, c)
		for j := range 12 {
			_, err := c.GetSession(ctx)
			keep(err)
			_, err = c.GetPaymentSeries(ctx, "ps_demo1")
			keep(err)
			_, err = c.CreateInstalmentLink(ctx, linkParams(100*i+j))
			keep(err)
			_, err = c.SwitchPerspective(ctx, PerspectiveSupplier)
			keep(err)
			for _, err := range c.AllInstalmentLinks(ctx, ListLinksParams{Limit: 2}) {
				keep(err)
				break
			}
		}
	}
	sb.SetFaults(sandbox.Faults{})

	secrets := map[string]string{
		"password":       acct.Password,
		"wrong password": wrongPassword,
		"code":           code,
		"long key":       long.Credentials().APIKey(),
		"short key":      short.Credentials().APIKey(),
		"wrong key":      wrongKey,
	}
	sent := w.credentials()
	for i, v := range sent {
		secrets[fmt.Sprintf("credential header %d", i)] = v
	}
	var texts []string
	for _, err := range errs {
		texts = append(texts, err.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err))
	}
	for _, v := range printed {
		j, _ := json.Marshal(v)
		texts = append(texts, fmt.Sprintf("%v|%+v|%#v|%s|%q|%d|%x", v, v, v, v, v, v, v), string(j))
	}
	logText := logs.String()
	lines := strings.Split(logText, "\n")
	for name, secret := range secrets {
		if secret == "" {
			t.Fatalf("secret %s is empty", name)
		}
		for _, l := range lines {
			if strings.Contains(l, secret) {
				t.Errorf("a log line holds the %s: %s", name, l)
			}
		}
		for _, s := range texts {
			if strings.Contains(s, secret) {
				t.Errorf("an error or printed value holds the %s: %s", name, s)
			}
		}
	}
	// The search was real: there were logs, errors, retries, skew and
	// reconciliation, and signatures and keys went out.
	for _, want := range []string{"attempt=2", "procuret: retrying", "clock skew", "searching for the link", "status=401", `"attempt":1`} {
		if !strings.Contains(logText, want) {
			t.Errorf("the log never says %q", want)
		}
	}
	if len(errs) < 10 || len(sent) < 100 {
		t.Errorf("only %d errors and %d credential headers were checked", len(errs), len(sent))
	}
	t.Logf("searched %d log lines, %d errors and %d printed values for %d secrets", len(lines), len(errs), len(printed), len(secrets))
}

// multiHandler sends each record to every handler.
type multiHandler []slog.Handler

func (m multiHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range m {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (m multiHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range m {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m multiHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (m multiHandler) WithGroup(name string) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithGroup(name)
	}
	return out
}
