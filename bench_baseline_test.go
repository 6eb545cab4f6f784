package procuret_test

// The floor the client is measured against, and what both sides talk to: the baseline (the
// same calls written with net/http alone), the sandbox's answers it records once, and the
// server (or in-memory transport) that replays them.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/procuret/procuret-go"
	"github.com/procuret/procuret-go/auth"
	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/sandbox"
)

// benchSupplierID is the sandbox supplier whose links both sides read and create.
const benchSupplierID = sandbox.DefaultSupplierID

// benchCreate is the link both sides create.
var benchCreate = procuret.CreateLinkParams{
	SupplierID:        benchSupplierID,
	Amount:            decimal.RequireFromString("422.42"),
	InviteeEmail:      "casey@customer.example",
	InvoiceIdentifier: "INV-2024-0042",
	Communication:     procuret.DoNotNotify,
}

// benchQuote is the quote both sides ask for: 12 months of 1000 at the supplier's default
// currency, payments in advance.
var benchQuote = procuret.QuoteParams{SupplierID: benchSupplierID, Principal: decimal.RequireFromString("1000"), Periods: 12}

// benchCreateBody is benchCreate as the API's request body, which the baseline encodes.
func benchCreateBody() gen.InstalmentLinkCreate {
	return gen.InstalmentLinkCreate{
		SupplierID:        benchCreate.SupplierID,
		InvoiceAmount:     benchCreate.Amount,
		InviteeEmail:      "casey@customer.example",
		InvoiceIdentifier: benchCreate.InvoiceIdentifier,
		Communicate:       false,
	}
}

// baseline is the floor: the calls a careful programmer writes with net/http alone.
type baseline struct {
	hc     *http.Client
	base   string // the API root, e.g. http://127.0.0.1:PORT/api
	signer *auth.Signer
}

var benchUserAgent = "procuret-go/" + procuret.Version

// send sets the headers the client sets, signs, sends and reads the whole body.
func (b *baseline) send(req *http.Request) ([]byte, error) {
	req.Header.Set("User-Agent", benchUserAgent)
	req.Header.Set("Accept", "application/json")
	if err := b.signer.Sign(req); err != nil {
		return nil, err
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
	}
	return body, nil
}

func (b *baseline) getRaw(ctx context.Context, publicID string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/instalment-link?public_id="+url.QueryEscape(publicID), nil)
	if err != nil {
		return nil, err
	}
	return b.send(req)
}

// listRaw asks for a page of 20 links of the supplier: the page size and the supplier formatted
// from their values, as a caller's code would.
func (b *baseline) listRaw(ctx context.Context, supplierID int64) ([]byte, error) {
	limit := 20
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/instalment-link/list?limit="+strconv.Itoa(limit)+"&supplier_id="+strconv.FormatInt(supplierID, 10), nil)
	if err != nil {
		return nil, err
	}
	return b.send(req)
}

// quoteRaw asks for benchQuote, formatting each parameter from its value (the principal from
// its decimal), in the order the client sends them.
func (b *baseline) quoteRaw(ctx context.Context, q procuret.QuoteParams) ([]byte, error) {
	cycle := 1 // payments in advance, as the client sends when QuoteParams.Cycle is 0
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/credit/prospective-payment?supplier_id="+strconv.FormatInt(q.SupplierID, 10)+
		"&principle="+url.QueryEscape(q.Principal.String())+"&periods="+strconv.Itoa(q.Periods)+"&cycle="+strconv.Itoa(cycle), nil)
	if err != nil {
		return nil, err
	}
	return b.send(req)
}

func (b *baseline) createRaw(ctx context.Context, body gen.InstalmentLinkCreate) ([]byte, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/instalment-link", bytes.NewReader(buf))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return b.send(req)
}

func (b *baseline) getLink(ctx context.Context, publicID string) (gen.InstalmentLink, error) {
	var l gen.InstalmentLink
	body, err := b.getRaw(ctx, publicID)
	if err == nil {
		err = json.Unmarshal(body, &l)
	}
	return l, err
}

func (b *baseline) listLinks(ctx context.Context, supplierID int64) ([]gen.InstalmentLink, error) {
	var ls []gen.InstalmentLink
	body, err := b.listRaw(ctx, supplierID)
	if err == nil {
		err = json.Unmarshal(body, &ls)
	}
	return ls, err
}

func (b *baseline) quote(ctx context.Context, p procuret.QuoteParams) (gen.ProspectivePayment, error) {
	var q gen.ProspectivePayment
	body, err := b.quoteRaw(ctx, p)
	if err == nil {
		err = json.Unmarshal(body, &q)
	}
	return q, err
}

func (b *baseline) createLink(ctx context.Context, body gen.InstalmentLinkCreate) (gen.InstalmentLink, error) {
	var l gen.InstalmentLink
	raw, err := b.createRaw(ctx, body)
	if err == nil {
		err = json.Unmarshal(raw, &l)
	}
	return l, err
}

// benchRecording holds the sandbox's answers that the benchmark server replays.
type benchRecording struct {
	creds                   auth.Credentials
	publicID                string
	get, list, quote, creat []byte
}

var (
	recordOnce sync.Once
	recorded   benchRecording
	recordErr  error
)

// recording asks a sandbox, once per process, for a link, a page of 20 links, a quote and a
// created link, through the baseline.
func recording(tb testing.TB) benchRecording {
	tb.Helper()
	recordOnce.Do(func() { recorded, recordErr = record() })
	if recordErr != nil {
		tb.Fatalf("recording the sandbox's answers: %v", recordErr)
	}
	return recorded
}

func record() (benchRecording, error) {
	var r benchRecording
	sb, err := sandbox.New(sandbox.WithRandSeed(1))
	if err != nil {
		return r, err
	}
	if err := sb.SeedLinks(40, benchSupplierID); err != nil {
		return r, err
	}
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	defer srv.Client().CloseIdleConnections()
	if r.creds, err = sb.NewSession(sandbox.DefaultSupplierEmail, auth.PerspectiveSupplier, auth.LongLived); err != nil {
		return r, err
	}
	b := &baseline{hc: srv.Client(), base: srv.URL + "/api", signer: auth.NewSigner(r.creds)}
	ctx := context.Background()
	if r.creat, err = b.createRaw(ctx, benchCreateBody()); err != nil {
		return r, err
	}
	if r.list, err = b.listRaw(ctx, benchSupplierID); err != nil {
		return r, err
	}
	var page []gen.InstalmentLink
	if err := json.Unmarshal(r.list, &page); err != nil || len(page) != 20 {
		return r, fmt.Errorf("the list holds %d links (%v), want 20", len(page), err)
	}
	r.publicID = page[3].PublicID
	if r.get, err = b.getRaw(ctx, r.publicID); err != nil {
		return r, err
	}
	if r.quote, err = b.quoteRaw(ctx, benchQuote); err != nil {
		return r, err
	}
	return r, nil
}

// benchHandler answers the four operations with the recorded bytes and the sandbox's
// Content-Type. With chunked false it sends a Content-Length; with chunked true it sends none
// and flushes the body as one chunk, so that every answer arrives with Transfer-Encoding:
// chunked, as the sandbox sends a page of links (net/http chunks any answer over 2 KiB that its
// handler does not size). It checks only what both sides must send; the requests' equality is
// TestBenchBaselineMatchesClient's job.
func benchHandler(rec benchRecording, chunked bool) http.Handler {
	reply := func(w http.ResponseWriter, body []byte) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		if !chunked {
			h["Content-Length"] = []string{strconv.Itoa(len(body))}
		}
		w.Write(body)
		if chunked {
			w.(http.Flusher).Flush()
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(auth.HeaderSignature) == "" {
			http.Error(w, "unsigned", http.StatusUnauthorized)
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/api/instalment-link":
			reply(w, rec.get)
		case r.Method == http.MethodGet && r.URL.Path == "/api/instalment-link/list":
			reply(w, rec.list)
		case r.Method == http.MethodGet && r.URL.Path == "/api/credit/prospective-payment":
			reply(w, rec.quote)
		case r.Method == http.MethodPost && r.URL.Path == "/api/instalment-link":
			io.Copy(io.Discard, r.Body)
			reply(w, rec.creat)
		default:
			http.Error(w, "not found", http.StatusNotFound)
		}
	})
}

// memoryTransport answers as benchHandler does, in memory: no connection, no server, so that
// what remains of a call is the client's own work and the decoding. With chunked, the response
// has no length (ContentLength -1), as net/http reports a chunked one.
type memoryTransport struct {
	rec     benchRecording
	chunked bool
}

func (m memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body := m.rec.get
	switch {
	case r.Method == http.MethodPost:
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		body = m.rec.creat
	case r.URL.Path == "/api/instalment-link/list":
		body = m.rec.list
	case r.URL.Path == "/api/credit/prospective-payment":
		body = m.rec.quote
	}
	resp := &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(body))}},
		ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)), Request: r,
	}
	if m.chunked {
		delete(resp.Header, "Content-Length")
		resp.ContentLength = -1
		resp.TransferEncoding = []string{"chunked"}
	}
	return resp, nil
}
