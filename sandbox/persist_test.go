package sandbox_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// restartable is a sandbox with a data directory that a test can stop and start again.
type restartable struct {
	*env
	dir string
}

func newRestartable(t *testing.T, opts ...sandbox.Option) *restartable {
	dir := filepath.Join(t.TempDir(), "data")
	r := &restartable{dir: dir}
	r.env = newEnv(t, append([]sandbox.Option{sandbox.WithDataDir(dir)}, opts...)...)
	t.Cleanup(func() { r.sb.Close() })
	return r
}

// restart stops the sandbox and starts a new one on the same data directory and clock.
func (r *restartable) restart(opts ...sandbox.Option) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.sb.Shutdown(ctx); err != nil {
		r.t.Fatal(err)
	}
	if err := r.sb.Close(); err != nil {
		r.t.Fatal(err)
	}
	clock := r.clock
	sb, err := sandbox.Start("127.0.0.1:0", append([]sandbox.Option{sandbox.WithClock(clock.Now), sandbox.WithDataDir(r.dir)}, opts...)...)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = sb.Shutdown(ctx)
		_ = sb.Close()
	})
	r.sb, r.base = sb, sb.URL()
}

// TestDataDirSurvivesRestart (issue 14): sessions, links with their opens, codes (with their
// wrong-attempt counts) and the mailbox survive a restart; nothing else changes.
func TestDataDirSurvivesRestart(t *testing.T) {
	r := newRestartable(t)
	acct := r.sb.DefaultAccount()
	wantStatus(t, r.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	code, _ := r.sb.LastCode(acct.Email)
	sess := decode[gen.Session](t, r.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code}))
	creds, _ := auth.NewCredentials(sess.SessionID, sess.APIKey, auth.LongLived)
	s := r.signer(creds)
	short := r.session(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.ShortLived)
	l := decode[gen.InstalmentLink](t, r.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")))
	wantStatus(t, r.call(nil, "POST", "/instalment-link/open", gen.InstalmentLinkOpenCreate{LinkID: l.PublicID}), 200)
	// A pending code with four wrong tries: a fifth after the restart must still invalidate it.
	wantStatus(t, r.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	pending, _ := r.sb.LastCode(acct.Email)
	wrongCode := "000000"
	if pending == wrongCode {
		wrongCode = "000001"
	}
	login := gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: wrongCode}
	for range 4 {
		wantStatus(t, r.call(nil, "POST", "/session", login), 401)
	}
	before := decode[[]gen.InstalmentLink](t, r.call(s, "GET", "/instalment-link/list", nil))

	r.restart()
	if got := decode[[]gen.InstalmentLink](t, r.call(s, "GET", "/instalment-link/list", nil)); mustJSON(t, got) != mustJSON(t, before) {
		t.Errorf("after the restart the list is\n%s\nwant\n%s", mustJSON(t, got), mustJSON(t, before))
	}
	wantStatus(t, r.call(short, "GET", "/session?session_id="+itoa(short.Credentials().SessionID()), nil), 200)
	if got, ok := r.sb.LastCode(acct.Email); !ok || got != pending {
		t.Errorf("LastCode after restart = %q, %v; want %s", got, ok, pending)
	}
	wantError(t, r.call(nil, "POST", "/session", login), 401, "too many wrong")
	login.Code = pending
	wantError(t, r.call(nil, "POST", "/session", login), 401, "too many wrong")
	v := r.inspector("/inspector.json")
	if len(v.Mailbox) != 2 || v.Mailbox[0].Status != "invalidated" || v.Mailbox[1].Status != "used" {
		t.Errorf("mailbox after restart %+v", v.Mailbox)
	}
	// New links go on from where the store was.
	l2 := decode[gen.InstalmentLink](t, r.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "620.00")))
	if got := decode[[]gen.InstalmentLink](t, r.call(s, "GET", "/instalment-link/list", nil)); len(got) != 2 || got[0].PublicID != l2.PublicID {
		t.Errorf("after a create: %+v", got)
	}
	if fi, err := os.Stat(filepath.Join(r.dir, "sandbox.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("sandbox.db: %v %v, want mode 0600", fi, err)
	}
}

// TestDataDirErrors: a data directory in use by another sandbox, or holding records of a seed
// that is not loaded, is an error at start, not a surprise later.
func TestDataDirErrors(t *testing.T) {
	dir := t.TempDir()
	sb, err := sandbox.New(sandbox.WithDataDir(dir), sandbox.WithSeed(strings.NewReader(testSeed)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.New(sandbox.WithDataDir(dir)); err == nil || !strings.Contains(err.Error(), "another sandbox is using it") {
		t.Errorf("second sandbox on one directory: %v", err)
	}
	if _, err := sb.NewSession("owner@other.example", auth.PerspectiveSupplier, auth.LongLived); err != nil {
		t.Fatal(err)
	}
	sb.Close()
	if _, err := sandbox.New(sandbox.WithDataDir(dir)); err == nil || !strings.Contains(err.Error(), "same -seed files") {
		t.Errorf("without the seed: %v", err)
	}
}

// TestWithoutDataDirNothingIsWritten: without WithDataDir the sandbox keeps to memory.
func TestWithoutDataDirNothingIsWritten(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	e := newEnv(t)
	wantStatus(t, e.call(e.supplier(), "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")), 200)
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the working directory holds %v", entries)
	}
}

// TestTimeoutsCloseSlowConnections (issue 11, finding 12): a client that drips its body does
// not keep its connection once the read timeout passes.
func TestTimeoutsCloseSlowConnections(t *testing.T) {
	e := newEnv(t, sandbox.WithTimeouts(sandbox.Timeouts{Read: 300 * time.Millisecond, ReadHeader: 300 * time.Millisecond, Idle: 300 * time.Millisecond}))
	host := strings.TrimPrefix(strings.TrimSuffix(e.base, "/api"), "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /api/instalment-link/open HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second)) // the test's own bound, far above the sandbox's
	closed := make(chan error, 1)
	go func() {
		for {
			if _, err := io.WriteString(conn, " "); err != nil {
				closed <- err
				return
			}
			buf := make([]byte, 512)
			_ = conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			if _, err := conn.Read(buf); err != nil && !isTimeout(err) {
				closed <- err
				return
			}
		}
	}()
	if err := <-closed; isTimeout(err) {
		t.Fatalf("the connection stayed open: %v", err)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestExpiredAreRemoved (issue 11, finding 12): expired short-lived sessions and codes past
// their validity leave the store.
func TestExpiredAreRemoved(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		e.session(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.ShortLived)
	}
	long := e.supplier()
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	if n := len(e.inspector("/inspector/sessions.json").Sessions); n != 4 {
		t.Fatalf("%d sessions, want 4", n)
	}
	e.clock.Add(2 * time.Hour)
	wantStatus(t, e.call(long, "GET", "/instalment-link/list", nil), 200)
	v := e.inspector("/inspector/sessions.json")
	if len(v.Sessions) != 1 || v.Sessions[0].ID != long.Credentials().SessionID() {
		t.Errorf("sessions after two hours: %+v, want only the long-lived one", v.Sessions)
	}
	if m := e.inspector("/inspector/mailbox.json").Mailbox; len(m) != 1 || m[0].Status != "expired" {
		t.Errorf("mailbox %+v, want the code shown as expired", m)
	}
}

// TestBoundedStores (issue 11, finding 12): at a limit the sandbox answers 507 naming it, and
// changes nothing.
func TestBoundedStores(t *testing.T) {
	e := newEnv(t, sandbox.WithLimits(sandbox.Limits{Links: 2, Sessions: 2, Mailbox: 2}))
	s := e.supplier()
	for range 2 {
		wantStatus(t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")), 200)
	}
	wantError(t, e.call(s, "POST", "/instalment-link", newLink(sandbox.DefaultSupplierID, "610.00")), http.StatusInsufficientStorage, "limit of 2 instalment links")
	if n := e.sb.LinkCount(); n != 2 {
		t.Errorf("%d links", n)
	}
	e.supplier()
	if _, err := e.sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived); err == nil || !strings.Contains(err.Error(), "limit of 2 sessions") {
		t.Errorf("third session: %v", err)
	}
	acct := e.sb.DefaultAccount()
	for range 3 {
		wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	}
	if m := e.inspector("/inspector/mailbox.json").Mailbox; len(m) != 2 {
		t.Errorf("mailbox holds %d, want its limit of 2", len(m))
	}
	code, _ := e.sb.LastCode(acct.Email)
	wantError(t, e.call(nil, "POST", "/session", gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code}),
		http.StatusInsufficientStorage, "limit of 2 sessions")
}

// TestSessionLimitKeepsTheCode: a login refused for the session limit does not spend its code:
// once there is room (a restart with a higher limit; the sandbox has no logout), the same code
// logs in.
func TestSessionLimitKeepsTheCode(t *testing.T) {
	e := newRestartable(t, sandbox.WithLimits(sandbox.Limits{Sessions: 1}))
	e.session(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.ShortLived) // fills the one place
	acct := e.sb.DefaultAccount()
	wantStatus(t, e.call(nil, "POST", "/second-factor-code", codeRequest(acct.Email, acct.Password, acct.Perspective)), 200)
	code, _ := e.sb.LastCode(acct.Email)
	login := gen.SessionCreate{Email: openapi_types.Email(acct.Email), Secret: acct.Password, Perspective: acct.Perspective, Code: code}
	wantError(t, e.call(nil, "POST", "/session", login), http.StatusInsufficientStorage, "limit of 1 sessions")
	if m := e.inspector("/inspector/mailbox.json").Mailbox; len(m) != 1 || m[0].Status != "pending" {
		t.Errorf("mailbox %+v, want the code still pending", m)
	}
	e.restart(sandbox.WithLimits(sandbox.Limits{Sessions: 2}))
	if sess := decode[gen.Session](t, e.call(nil, "POST", "/session", login)); sess.SessionID == 0 || sess.APIKey == "" {
		t.Errorf("login with the kept code: %+v", sess)
	}
	if m := e.inspector("/inspector/mailbox.json").Mailbox; len(m) != 1 || m[0].Status != "used" {
		t.Errorf("mailbox %+v, want the code used by the login", m)
	}
}
