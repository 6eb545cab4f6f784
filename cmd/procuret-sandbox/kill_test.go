package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildSandbox builds this command into a temporary directory and returns its path.
func buildSandbox(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the sandbox binary")
	}
	bin := filepath.Join(t.TempDir(), "procuret-sandbox")
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go") // the toolchain running this test
	}
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/procuret/procuret-go/cmd/procuret-sandbox").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sandboxProcess is the sandbox binary running with a data directory.
type sandboxProcess struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	stderr *strings.Builder
}

func startProcess(t *testing.T, bin, dir string) *sandboxProcess {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-data", dir)
	cmd.Env = append(os.Environ(), "PROCURET_SANDBOX_CODE=123456")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &sandboxProcess{cmd: cmd, stderr: &strings.Builder{}}
	cmd.Stderr = &lockedWriter{w: p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`listening on (http://[0-9.:]+)/api`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("the sandbox exited before listening: %s", p.stderr)
		}
		p.base = base
	case <-time.After(30 * time.Second):
		t.Fatalf("the sandbox printed no address: %s", p.stderr)
	}
	return p
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestSIGKILLLosesNothingAcknowledged (issue 14): kill -9 in the middle of a stream of creates;
// after a restart on the same data directory every create answered 2xx is there, and so is the
// session that made them.
func TestSIGKILLLosesNothingAcknowledged(t *testing.T) {
	bin := buildSandbox(t)
	dir := filepath.Join(t.TempDir(), "data")
	p := startProcess(t, bin, dir)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	post := func(base, path, body string, hdr map[string]string) (int, []byte, error) {
		req, _ := http.NewRequest("POST", base+"/api"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, b, err
	}
	login := `{"email": "demo-supplier@example.com", "secret": "correct horse battery staple", "perspective": 1, "code": "123456", "lifecycle": 1}`
	if st, b, err := post(p.base, "/second-factor-code", `{"email": "demo-supplier@example.com", "plaintext_secret": "correct horse battery staple", "perspective": 1}`, nil); err != nil || st != 200 {
		t.Fatalf("code: %d %s %v", st, b, err)
	}
	st, b, err := post(p.base, "/session", login, nil)
	if err != nil || st != 200 {
		t.Fatalf("session: %d %s %v", st, b, err)
	}
	var sess struct {
		ID  int64  `json:"session_id"`
		Key string `json:"api_key"`
	}
	if err := json.Unmarshal(b, &sess); err != nil {
		t.Fatal(err)
	}
	hdr := map[string]string{"x-procuret-session-id": fmt.Sprint(sess.ID), "x-procuret-api-key": sess.Key}

	// Four writers create links until the process dies; the test kills it once 60 are answered.
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	enough := make(chan struct{})
	var once sync.Once
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				body := fmt.Sprintf(`{"supplier_id": 13991055489669749, "invoice_amount": "610.00", "invitee_email": "c@example.com", "invoice_identifier": "K-%d-%d", "communicate": false}`, w, i)
				st, b, err := post(p.base, "/instalment-link", body, hdr)
				if err != nil {
					return // the process is gone
				}
				if st != 200 {
					t.Errorf("create: %d %s", st, b)
					return
				}
				var l struct {
					ID string `json:"public_id"`
				}
				if err := json.Unmarshal(b, &l); err != nil || l.ID == "" {
					t.Errorf("create answered 200 without a link: %s", b)
					return
				}
				mu.Lock()
				acked = append(acked, l.ID)
				if len(acked) >= 60 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	select {
	case <-enough:
	case <-time.After(60 * time.Second):
		t.Fatal("60 creates took over a minute")
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL, mid-stream
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
	wg.Wait()
	tr.CloseIdleConnections()
	if t.Failed() {
		return
	}

	p2 := startProcess(t, bin, dir)
	have := map[string]bool{}
	for offset := 0; ; offset += 100 {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/instalment-link/list?limit=100&offset=%d", p2.base, offset), nil)
		for k, v := range hdr {
			req.Header.Set(k, v) // the session survived too
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("list after restart: %d %s", res.StatusCode, b)
		}
		var page []struct {
			ID string `json:"public_id"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		for _, l := range page {
			have[l.ID] = true
		}
		if len(page) < 100 {
			break
		}
	}
	var lost []string
	for _, id := range acked {
		if !have[id] {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		t.Errorf("%d of %d acknowledged creates lost after SIGKILL: %v", len(lost), len(acked), lost)
	}
	t.Logf("%d creates acknowledged before SIGKILL, %d links after the restart", len(acked), len(have))
}
