package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"sync"
)

// Session IDs and API keys are secrets and come from crypto/rand, like the real API's: a
// positive 63-bit ID and 192 random bits in URL-safe base64 (32 characters, no padding).

func newSessionID() int64 {
	for {
		var b [8]byte
		_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
		if id := int64(binary.BigEndian.Uint64(b[:]) >> 1); id > 0 {
			return id
		}
	}
}

func newAPIKey() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// secretCode returns a six-digit second-factor code from crypto/rand, leading zeros kept: the
// default, since a code is a secret (only WithRandSeed makes codes come from publicRand).
func secretCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000)) // never fails (crypto/rand panics instead)
	return fmt.Sprintf("%06d", n.Int64())
}

// publicRand draws the sandbox's non-secret randomness (link public IDs), seeded so that
// WithRandSeed makes a run reproducible. Only under WithRandSeed does it draw second-factor
// codes too.
type publicRand struct {
	mu sync.Mutex
	r  *mrand.Rand
}

func newPublicRand(seed uint64) *publicRand {
	return &publicRand{r: mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

const urlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// publicID returns prefix followed by n URL-safe characters, e.g. "il_9cT2mQ4xR7-k".
func (p *publicRand) publicID(prefix string, n int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := make([]byte, len(prefix), len(prefix)+n)
	copy(b, prefix)
	for range n {
		b = append(b, urlSafe[p.r.IntN(len(urlSafe))])
	}
	return string(b)
}

// code returns a six-digit second-factor code, leading zeros kept: predictable from the seed,
// so used only under WithRandSeed.
func (p *publicRand) code() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("%06d", p.r.IntN(1_000_000))
}
