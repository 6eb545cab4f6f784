package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the command: with PROCURET_TEST_MAIN=1 it runs
// main, so that the tests below see real exit codes.
func TestMain(m *testing.M) {
	if os.Getenv("PROCURET_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--version"}, 0, "procuret ", ""},
		{[]string{"bogus"}, 2, "", `procuret: unknown command "bogus"`},
		{[]string{"--endpoint", "http://127.0.0.1:1/api", "quote", "--supplier", "1", "--amount", "600"}, 1, "", "procuret: list prospective payments: "},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "PROCURET_TEST_MAIN=1", "XDG_CONFIG_HOME="+t.TempDir(), "HOME="+t.TempDir())
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.HasPrefix(stdout.String(), tc.stdout) || !strings.HasPrefix(stderr.String(), tc.stderr) {
			t.Errorf("procuret %s: exit %d, stdout %q, stderr %q; want exit %d", strings.Join(tc.args, " "), code, stdout.String(), stderr.String(), tc.code)
		}
	}
}
