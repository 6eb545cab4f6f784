package procuret

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/oapi-codegen/runtime"
)

// The link operations (get, list, create) build their requests here rather
// than through gen's NewXxxRequest functions, which parse the server URL
// twice, resolve the operation's path against it and style every query
// parameter by reflection on each call: about 1.2 µs and 12 allocations, a
// quarter of what the client adds to a round trip (BENCHMARKS.md). These are
// the operations a program calls in volume: the list iterator, a create's
// reconciliation, bulk creation. The bytes are gen's: TestLinkRequestsMatchGen
// builds every request both ways, each parameter set, and compares them. The
// other operations keep gen's builders.

// newRequest returns a request for path below the API root (e.g.
// "/instalment-link/list") with the encoded query q ("" for none) and, if
// body is not nil, body as JSON, as gen's builders make it.
func (c *Client) newRequest(ctx context.Context, method, path string, q query, body any) (*http.Request, error) {
	u := c.apiRoot + path
	if len(q) > 0 {
		u += "?" + string(q)
	}
	var r io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, r)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header["Content-Type"] = []string{"application/json"}
	}
	return req, nil
}

// send sends req through the client's transport, as gen's operation methods
// do (the client adds no request editors).
func (c *Client) send(req *http.Request) (*http.Response, error) { return c.api.Client.Do(req) }

// query is an encoded query string: form style, exploded, each value escaped
// by oapi-codegen's DefaultQueryEncoder, as gen encodes one.
type query []byte

func (q query) str(name, v string) query {
	if len(q) > 0 {
		q = append(q, '&')
	}
	q = append(q, name...)
	q = append(q, '=')
	return append(q, runtime.DefaultQueryEncoder.EscapeQueryValue(v, false)...)
}

func (q query) int(name string, v int64) query {
	return q.str(name, strconv.FormatInt(v, 10))
}

// The optional forms leave the zero value out, as ptr does for gen's params.

func (q query) optStr(name, v string) query {
	if v == "" {
		return q
	}
	return q.str(name, v)
}

func (q query) optInt(name string, v int64) query {
	if v == 0 {
		return q
	}
	return q.int(name, v)
}

func (q query) optBool(name string, v *bool) query {
	if v == nil {
		return q
	}
	return q.str(name, strconv.FormatBool(*v))
}
