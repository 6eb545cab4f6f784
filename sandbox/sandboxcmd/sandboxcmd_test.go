package sandboxcmd_test

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/procuret/procuret-go/internal/testutil"
	"github.com/procuret/procuret-go/sandbox"
	"github.com/procuret/procuret-go/sandbox/sandboxcmd"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func config(t *testing.T, env map[string]string, args ...string) (sandboxcmd.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	flags := sandboxcmd.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return flags.Config(testutil.Getenv(env))
}

func TestConfig(t *testing.T) {
	for name, c := range map[string]struct {
		env  map[string]string
		args []string
		want sandboxcmd.Config
	}{
		"defaults": {nil, nil, sandboxcmd.Config{Addr: "127.0.0.1:8080"}},
		"everything": {
			map[string]string{sandboxcmd.EnvCode: "123456"},
			[]string{"-addr", ":0", "-seed", "a.json", "--seed=b.json", "-fault-rate", "0.5", "-fault-kinds", "429,drop-after",
				"-fault-seed", "7", "-latency", "50ms", "-retry-after", "2s", "-json-log"},
			sandboxcmd.Config{Addr: ":0", Seeds: []string{"a.json", "b.json"}, FixedCode: "123456", JSONLog: true,
				Faults: sandbox.Faults{Rate: 0.5, Kinds: []sandbox.FaultKind{sandbox.RateLimit, sandbox.DropAfter},
					Latency: 50 * time.Millisecond, RetryAfter: 2 * time.Second, Seed: 7}},
		},
		"flags win over the environment": {
			map[string]string{sandboxcmd.EnvFaults: "rate=0.2; kinds=500; seed=3"},
			[]string{"-fault-rate", "0.4", "-fault-seed", "0"},
			sandboxcmd.Config{Addr: "127.0.0.1:8080", Faults: sandbox.Faults{Rate: 0.4, Kinds: []sandbox.FaultKind{sandbox.Status500}}},
		},
		"latency alone slows every request": {nil, []string{"-latency", "1s"}, sandboxcmd.Config{Addr: "127.0.0.1:8080",
			Faults: sandbox.Faults{Rate: 1, Kinds: []sandbox.FaultKind{sandbox.Latency}, Latency: time.Second}}},
		"latency with a rate is the latency fault's delay": {nil, []string{"-latency", "1s", "-fault-rate", "0.1"},
			sandboxcmd.Config{Addr: "127.0.0.1:8080", Faults: sandbox.Faults{Rate: 0.1, Latency: time.Second}}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := config(t, c.env, c.args...)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("Config = %+v, %v\nwant %+v", got, err, c.want)
			}
		})
	}
}

func TestConfigUsageErrors(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"-fault-kinds", "418"}, `-fault-kinds: unknown fault kind "418"`},
		{map[string]string{sandboxcmd.EnvFaults: "rate=3"}, nil, "PROCURET_SANDBOX_FAULTS: faults: rate must be 0 to 1"},
	} {
		_, err := config(t, c.env, c.args...)
		var ue *sandboxcmd.UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Config(%q, %q) = %v, want a *UsageError starting %q", c.env, c.args, err, c.want)
		}
	}
}

// Serve prints the banner once it listens, serves until ctx ends, and reports a failed banner
// after shutting down.
func TestServe(t *testing.T) {
	cfg := sandboxcmd.Config{Addr: "127.0.0.1:0", FixedCode: "123456",
		Faults: sandbox.Faults{Rate: 0.25, Kinds: []sandbox.FaultKind{sandbox.Status503}, Seed: 9}}
	ctx, cancel := context.WithCancel(context.Background())
	var out, log testutil.SyncBuffer
	var banner sandboxcmd.Banner
	err := sandboxcmd.Serve(ctx, cfg, &log, func(s *sandboxcmd.Server) error {
		banner = s.Banner()
		defer cancel()
		if err := s.WriteBanner(&out); err != nil {
			return err
		}
		return s.WriteFaults(&out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(banner.Endpoint, "http://127.0.0.1:") || !strings.HasSuffix(banner.Endpoint, "/api") ||
		banner.Contract != strings.TrimSuffix(banner.Endpoint, "/api")+"/openapi.yaml" ||
		banner.Email != "demo-supplier@example.com" || banner.Perspective != 1 || banner.SupplierID != 13991055489669749 {
		t.Errorf("Banner() = %+v", banner)
	}
	for _, want := range []string{
		"Procuret sandbox listening on " + banner.Endpoint + " (contract: " + banner.Contract + ")\n",
		"  password     correct horse battery staple\n",
		"(\"stands in for the email\");\nPROCURET_SANDBOX_CODE fixes every code.\n",
		"Faults: 25% of API requests, kinds 503, seed 9.\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the banner lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(log.String(), "shutting down") {
		t.Errorf("log:\n%s", log.String())
	}

	failed := errors.New("no terminal")
	err = sandboxcmd.Serve(context.Background(), sandboxcmd.Config{Addr: "127.0.0.1:0"}, io.Discard,
		func(*sandboxcmd.Server) error { return failed })
	if !errors.Is(err, failed) {
		t.Errorf("Serve = %v, want the banner's error", err)
	}
}

// TestServeDataDir: -data reaches the sandbox (procuret-sandbox and procuret sandbox both parse
// it with AddFlags), which keeps its store there, and the banner says where the state is kept and
// where the inspector is.
func TestServeDataDir(t *testing.T) {
	dir := t.TempDir() + "/state"
	cfg, err := config(t, nil, "-addr", "127.0.0.1:0", "-data", dir)
	if err != nil || cfg.DataDir != dir {
		t.Fatalf("Config = %+v, %v; want DataDir %s", cfg, err, dir)
	}
	var out testutil.SyncBuffer
	var banner sandboxcmd.Banner
	ctx, cancel := context.WithCancel(context.Background())
	err = sandboxcmd.Serve(ctx, cfg, io.Discard, func(s *sandboxcmd.Server) error {
		defer cancel()
		banner = s.Banner()
		if _, err := os.Stat(dir + "/sandbox.db"); err != nil {
			t.Errorf("no store in the data directory: %v", err)
		}
		return s.WriteBanner(&out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if banner.DataDir != dir || banner.Inspector != strings.TrimSuffix(banner.Endpoint, "/api")+"/" {
		t.Errorf("Banner() = %+v", banner)
	}
	for _, want := range []string{"Inspector: " + banner.Inspector + " (", "State: kept in " + dir + "\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the banner lacks %q:\n%s", want, out.String())
		}
	}
	// Serve closed the store: another sandbox can open the directory at once.
	sb, err := sandbox.New(sandbox.WithDataDir(dir))
	if err != nil {
		t.Fatalf("reopen after Serve: %v", err)
	}
	sb.Close()
}
