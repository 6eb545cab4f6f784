package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/internal/testutil"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testutil.SyncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, testutil.Getenv(map[string]string{
			"PROCURET_SANDBOX_CODE":   "424242",
			"PROCURET_SANDBOX_FAULTS": "rate=0; kinds=500",
		}), &stdout, &stderr)
	}()
	m := testutil.WaitMatch(&stdout, regexp.MustCompile(`listening on (http://[0-9.:]+)/api`), 5*time.Second)
	if m == nil {
		t.Fatalf("no address printed:\n%s\n%s", stdout.String(), stderr.String())
	}
	base := m[1]
	for _, want := range []string{"demo-supplier@example.com", "correct horse battery staple", "13991055489669749", "PROCURET_SANDBOX_CODE fixes every code"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("start-up message lacks %q:\n%s", want, stdout.String())
		}
	}

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	res, err := client.Get(base + "/api/credit/prospective-payment?supplier_id=13991055489669749&principle=4200&periods=3&cycle=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"payment":"1400.00"`) {
		t.Errorf("amounts should keep two decimals in the program: %s", body)
	}
	res, err = client.Post(base+"/api/second-factor-code", "application/json",
		strings.NewReader(`{"email": "demo-supplier@example.com", "plaintext_secret": "correct horse battery staple"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !strings.Contains(stderr.String(), "code=424242") {
		t.Errorf("the fixed code is not in the log:\n%s", stderr.String())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunRejectsBadConfiguration(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"bad flag":       {[]string{"-nope"}, nil, "flag provided but not defined"},
		"stray argument": {[]string{"serve"}, nil, "unexpected arguments"},
		"bad fault kind": {[]string{"-fault-kinds", "418"}, nil, "unknown fault kind"},
		"bad fault env":  {nil, map[string]string{"PROCURET_SANDBOX_FAULTS": "rate=3"}, "PROCURET_SANDBOX_FAULTS"},
		"bad fixed code": {nil, map[string]string{"PROCURET_SANDBOX_CODE": "12"}, "six digits"},
		"missing seed":   {[]string{"-seed", "/nonexistent/seed.json"}, nil, "no such file"},
		"address in use": {[]string{"-addr", "256.0.0.1:1"}, nil, "256.0.0.1"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut testutil.SyncBuffer
			err := run(context.Background(), c.args, testutil.Getenv(c.env), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("run = %v, want an error mentioning %q", err, c.want)
			}
		})
	}
	var out, errOut testutil.SyncBuffer
	if err := run(context.Background(), []string{"-h"}, testutil.Getenv(nil), &out, &errOut); err != nil || !strings.Contains(errOut.String(), "-fault-rate") {
		t.Errorf("-h: %v\n%s", err, errOut.String())
	}
}
