package procuret

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"

	"github.com/procuret/procuret-go/gen"
	"github.com/procuret/procuret-go/internal/transport"
)

// MaxDocumentBytes bounds a document the client streams
// (GetInstalmentSchedulePDF): a document that announces a larger
// Content-Length is refused before it is read, and reading past the bound
// fails with ErrDocumentTooLarge. It is separate from MaxResponseBytes, which
// bounds the JSON answers the client decodes in memory: a document is never
// held in memory whole. A schedule of 120 instalments is a few KiB.
const MaxDocumentBytes = 64 << 20

// ErrDocumentTooLarge is returned, wrapped, by a Document's Read once the
// document exceeds MaxDocumentBytes.
var ErrDocumentTooLarge = errors.New("procuret: the document exceeds MaxDocumentBytes")

// A Document is a file the API answers instead of JSON (the schedule as a
// PDF), streamed from the connection as it is read. Read it to the end and
// Close it; the call, and the client's timeout with it, lasts until Close.
type Document struct {
	// ContentType is the media type the server sent, e.g. "application/pdf".
	ContentType string
	// ContentLength is the length the server announced, or -1 when it did
	// not (the body is then read until it ends).
	ContentLength int64
	// Filename is the file name the server suggested (Content-Disposition),
	// or "".
	Filename string

	op     string
	body   io.ReadCloser
	left   int64 // bytes that may still be read before MaxDocumentBytes
	cancel context.CancelFunc
	once   sync.Once
}

// Read reads the document. Past MaxDocumentBytes it fails with an error
// wrapping ErrDocumentTooLarge; a connection cut short fails with the
// network's error, never with a silent io.EOF.
func (d *Document) Read(p []byte) (int, error) {
	if d.left <= 0 {
		var one [1]byte
		if n, err := d.body.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("procuret: %s: %w (%d MiB)", d.op, ErrDocumentTooLarge, MaxDocumentBytes>>20)
		} else if err != nil {
			return 0, err
		}
		return 0, nil
	}
	if int64(len(p)) > d.left {
		p = p[:d.left]
	}
	n, err := d.body.Read(p)
	d.left -= int64(n)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("procuret: %s: reading the document: %w", d.op, err)
	}
	return n, err
}

// Close closes the connection's body and ends the call. It is safe to call
// more than once.
func (d *Document) Close() error {
	var err error
	d.once.Do(func() {
		err = d.body.Close()
		d.cancel()
	})
	return err
}

// GetInstalmentSchedulePDF returns the instalment schedule of the payment
// series seriesID as the PDF document the customer receives, streamed: copy
// it where it belongs and close it.
//
//	doc, err := client.GetInstalmentSchedulePDF(ctx, "ps_demo1")
//	if err != nil {
//		return err
//	}
//	defer doc.Close()
//	_, err = io.Copy(file, doc)
//
// Errors before the document (404, 403, …) are *Error values, as for every
// other operation. The document is at most MaxDocumentBytes; one that is not
// a PDF (another Content-Type) is an *Error of kind ErrUnexpectedBody.
//
// API: GET /instalment-schedule/pdf
func (c *Client) GetInstalmentSchedulePDF(ctx context.Context, seriesID string) (*Document, error) {
	v := opGetInstalmentSchedulePDF.check()
	v.publicID("series_id", seriesID)
	return stream(ctx, c, call{op: &opGetInstalmentSchedulePDF}, v, "application/pdf", func(ctx context.Context, api *gen.Client) (*http.Response, error) {
		return api.GetInstalmentSchedulePDF(ctx, &gen.GetInstalmentSchedulePDFParams{SeriesID: seriesID})
	})
}

// stream is invoke for an operation whose success body is a document of
// media type want: the same checks before sending, the same errors for a
// status that is not 2xx (read whole, as JSON), but a 2xx body handed to the
// caller unread, as a *Document. The call's deadline lasts until the
// Document is closed.
func stream(ctx context.Context, c *Client, cl call, v checker, want string, send sender) (*Document, error) {
	if err := v.err(); err != nil {
		return nil, err
	}
	api, err := c.apiFor(cl)
	if err != nil {
		return nil, err
	}
	secrets := []string{c.creds.APIKey()}
	resp, info, cancel, err := c.exchange(ctx, cl.op.name, nil, func() []string { return secrets }, func(ctx context.Context) (*http.Response, error) {
		return send(transport.WithStreamedBody(ctx), api)
	})
	if err != nil {
		return nil, err
	}
	attempts := max(info.Attempts, 1)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer cancel()
		defer resp.Body.Close()
		body, _ := readResponse(resp.Body)
		return nil, newError(cl.op.name, resp, body[:min(len(body), MaxResponseBytes)], secrets, attempts, c.tr.Now())
	}
	bad := func(msg string) error {
		defer cancel()
		defer resp.Body.Close()
		head, _ := io.ReadAll(io.LimitReader(resp.Body, maxExcerpt))
		return &Error{StatusCode: resp.StatusCode, Kind: ErrUnexpectedBody, Message: msg, Operation: cl.op.name, Attempts: attempts,
			Excerpt: excerpt(head, secrets)}
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != want {
		return nil, bad(fmt.Sprintf("the body is %q, not %s", clip(ct), want))
	}
	if resp.ContentLength > MaxDocumentBytes {
		return nil, bad(fmt.Sprintf("the document is %d bytes; the most this client reads is %d MiB (MaxDocumentBytes)", resp.ContentLength, MaxDocumentBytes>>20))
	}
	d := &Document{ContentType: ct, ContentLength: resp.ContentLength, op: cl.op.name, body: resp.Body, left: MaxDocumentBytes, cancel: cancel}
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		d.Filename = params["filename"]
	}
	return d, nil
}
