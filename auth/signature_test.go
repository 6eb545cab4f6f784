package auth_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/procuret/procuret-go/auth"
)

type vector struct {
	APIKey        string `json:"api_key"`
	UnixTime      int64  `json:"unix_time"`
	WindowStart   int64  `json:"window_start"`
	Path          string `json:"path"`
	SignedMessage string `json:"signed_message"`
	Signature     string `json:"signature"`
}

const (
	vectorsFile       = "testdata/signature-vectors.json"
	sharedVectorsFile = "../../shared/reference/signature-vectors.json"
)

func loadVectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Vectors []vector }
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", vectorsFile, err)
	}
	if len(doc.Vectors) == 0 {
		t.Fatalf("%s: no vectors", vectorsFile)
	}
	return doc.Vectors
}

// The testdata copy keeps the package's tests self-contained; this keeps it
// from drifting from the shared reference when that is checked out beside us.
func TestVectorsMatchSharedReference(t *testing.T) {
	shared, err := os.ReadFile(filepath.FromSlash(sharedVectorsFile))
	if os.IsNotExist(err) {
		t.Skipf("%s not present", sharedVectorsFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	local, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, local) {
		t.Fatalf("%s differs from %s; copy the shared file over it", vectorsFile, sharedVectorsFile)
	}
}

func TestSignatureVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if got := auth.WindowStart(v.UnixTime); got != v.WindowStart {
			t.Errorf("WindowStart(%d) = %d, want %d", v.UnixTime, got, v.WindowStart)
		}
		if got := auth.Signature(v.APIKey, v.UnixTime, v.Path); got != v.Signature {
			t.Errorf("Signature(%q, %d, %q) = %q, want %q", v.APIKey, v.UnixTime, v.Path, got, v.Signature)
		}
	}
}

func TestWindowStart(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{0, 0}, {1, 0}, {899, 0}, {900, 900}, {901, 900}, {1799, 900},
		{1718000100, 1718000100}, {1718000999, 1718000100},
		{-1, -900}, {-899, -900}, {-900, -900}, {-901, -1800},
		{math.MaxInt64, math.MaxInt64 - math.MaxInt64%900},
	} {
		if got := auth.WindowStart(tc.in); got != tc.want {
			t.Errorf("WindowStart(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestVerify(t *testing.T) {
	const key, path = "verify-key", "/instalment-link/list"
	signedAt := int64(1718000100 + 450) // the middle of a window
	sig := auth.Signature(key, signedAt, path)
	at := func(unix int64) time.Time { return time.Unix(unix, 0) }

	for _, tc := range []struct {
		name        string
		key, path   string
		sig         string
		now         time.Time
		wantAccepts bool
	}{
		{"same window", key, path, sig, at(signedAt), true},
		{"window start", key, path, sig, at(1718000100), true},
		{"last second of window", key, path, sig, at(1718000100 + 899), true},
		{"next window (arrived after boundary)", key, path, sig, at(1718000100 + 900), true},
		{"end of next window", key, path, sig, at(1718000100 + 1799), true},
		{"two windows later", key, path, sig, at(1718000100 + 1800), false},
		{"window before (client clock ahead)", key, path, sig, at(1718000100 - 1), false},
		{"wrong key", "other-key", path, sig, at(signedAt), false},
		{"wrong path", key, "/instalment-link", sig, at(signedAt), false},
		{"empty signature", key, path, "", at(signedAt), false},
		{"garbage", key, path, "not base64 at all!", at(signedAt), false},
		{"truncated", key, path, sig[:len(sig)-1], at(signedAt), false},
		{"one bit off", key, path, flipFirst(sig), at(signedAt), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.Verify(tc.key, tc.path, tc.sig, tc.now); got != tc.wantAccepts {
				t.Errorf("Verify = %v, want %v", got, tc.wantAccepts)
			}
		})
	}
}

func flipFirst(s string) string {
	b := []byte(s)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

func TestVerifyAcceptsVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if !auth.Verify(v.APIKey, v.Path, v.Signature, time.Unix(v.UnixTime, 0)) {
			t.Errorf("Verify rejected vector %+v", v)
		}
	}
}

func BenchmarkSignature(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		auth.Signature("dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ", 1764251000, "/instalment-link/list")
	}
}
