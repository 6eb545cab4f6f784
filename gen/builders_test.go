package gen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime"
	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/shopspring/decimal"
)

// The request builders (api/templates/client.tmpl) skip parsing where
// url.URL.Parse and http.NewRequest would change nothing; these tests hold
// them to what those give, for servers and paths of every shape.

var builderServers = []string{
	"https://procuret.com/api/",
	"http://127.0.0.1:8080/api/",
	"http://127.0.0.1:/api/",
	"http://[::1]:8080/api/",
	"http://[::1]:/api/",
	"https://user:p%40ss@procuret.com/api/",
	"https://procuret.com/",
	"https://procuret.com",
	"https://procuret.com/api",
	"https://procuret.com/a%20b/api/",
	"https://procuret.com/a%2Fb/api/",
	"https://procuret.com/a/../api/",
	"https://procuret.com/./api/",
	"https://procuret.com/.well-known/api/",
	"https://procuret.com//api//",
	"https://procuret.com/api/?x=1#frag",
	"HTTPS://Procuret.com/api/",
	"mailto:someone@example.com",
}

var builderPaths = []string{
	"/instalment-link",
	"/instalment-link/list",
	"/credit/prospective-payment",
	"/a.b",
	"/a/../b",
	"/a%20b",
	"/a b",
	"/",
}

func TestResolveOperationIsURLParse(t *testing.T) {
	for _, server := range builderServers {
		base, err := url.Parse(server)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range builderPaths {
			want, wantErr := base.Parse("." + path)
			got, err := resolveOperation(base, path)
			if err == nil && want != nil && !reflect.DeepEqual(got, *want) || (err != nil) != (wantErr != nil) {
				t.Errorf("%s + %s: got %#v (%v), want %#v (%v)", server, path, got, err, want, wantErr)
			}
		}
	}
}

func TestNewRequestIsHTTPNewRequest(t *testing.T) {
	ctx := context.WithValue(context.Background(), struct{}{}, 1)
	for _, server := range builderServers {
		base, err := url.Parse(server)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range builderPaths {
			for _, body := range []func() io.Reader{
				func() io.Reader { return nil },
				func() io.Reader { return bytes.NewReader([]byte(`{"a":1}`)) },
			} {
				u, err := base.Parse("." + path)
				if err != nil {
					continue
				}
				u.RawQuery = "limit=20&supplier_id=13991055489669749"
				want, wantErr := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), body())
				got, err := newRequest(ctx, http.MethodPost, u, body())
				if (err != nil) != (wantErr != nil) {
					t.Errorf("%s + %s: error %v, want %v", server, path, err, wantErr)
					continue
				}
				if err != nil {
					continue
				}
				if !reflect.DeepEqual(got.URL, want.URL) || got.Host != want.Host || got.Method != want.Method ||
					got.ContentLength != want.ContentLength || (got.GetBody == nil) != (want.GetBody == nil) ||
					!reflect.DeepEqual(got.Header, want.Header) || got.Context() != want.Context() || got.Proto != want.Proto {
					t.Errorf("%s + %s: got %s %#v host %q; want %s %#v host %q", server, path, got.Method, got.URL, got.Host, want.Method, want.URL, want.Host)
				}
			}
		}
	}
}

// A request built by a Client is the one its exported builder makes, with
// the call's context, and the Client follows a Server changed after
// NewClient.
func TestClientBuildsWhatBuildersBuild(t *testing.T) {
	var got *http.Request
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		got = r
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})
	c, err := NewClient("https://procuret.com/api", WithHTTPClient(doer))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), struct{}{}, 2)
	limit, offset, opened, id := 20, 40, true, "il_a b&c"
	params := &ListInstalmentLinksParams{Limit: &limit, Offset: &offset, Opened: &opened, PublicID: &id}
	for _, server := range []string{"", "http://127.0.0.1:9/other/"} {
		if server != "" {
			c.Server = server
		}
		if _, err := c.ListInstalmentLinks(ctx, params); err != nil {
			t.Fatal(err)
		}
		want, err := NewListInstalmentLinksRequest(c.Server, params)
		if err != nil {
			t.Fatal(err)
		}
		if got.URL.String() != want.URL.String() || got.Context() != ctx || got.Host != want.Host {
			t.Errorf("client sent %s (host %q), builder %s (host %q)", got.URL, got.Host, want.URL, want.Host)
		}
	}
	const wantURL = "http://127.0.0.1:9/other/instalment-link/list?limit=20&offset=40&opened=true&public_id=il_a+b%26c"
	if got.URL.String() != wantURL {
		t.Errorf("sent %s, want %s", got.URL, wantURL)
	}
}

// failingText is an encoding.TextMarshaler that fails.
type failingText struct{}

func (failingText) MarshalText() ([]byte, error) { return nil, errors.New("no text") }

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// appendQueryParam writes what runtime.StyleParamWithOptions returns, for
// every style, every kind of value and both encoders the runtime offers; and
// the query the builders join from several is url.Values' order kept.
func TestAppendQueryParamIsTheRuntimes(t *testing.T) {
	type named int
	type namedString string
	i := 9
	values := []interface{}{
		"", "il_abc", "a b&c=d/é?#+%", "∑ 1,2", "A-Z_a.z~0", 0, 7, -42, int64(13991055489669749), int64(-1), int32(5), uint8(200), uint64(1 << 63),
		true, false, named(3), namedString("x y"), Cycle(1), Denomination(1), decimal.RequireFromString("1000.50"), decimal.RequireFromString("-0.001"),
		[]int{1, 2}, []string{"a", "b c"}, time.Date(2024, 6, 1, 2, 3, 4, 5, time.UTC), openapi_types.Date{Time: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		failingText{}, &i, 1.5, struct{ A int }{1}, map[string]int{"a": 1},
	}
	defer func(e runtime.QueryEncoder) { runtime.DefaultQueryEncoder = e }(runtime.DefaultQueryEncoder)
	for _, enc := range []runtime.QueryEncoder{runtime.NetURLQueryEncoder{}, runtime.RFC3986QueryEncoder{}} {
		runtime.DefaultQueryEncoder = enc
		for _, style := range []string{"form", "simple", "label"} {
			for _, explode := range []bool{true, false} {
				for _, reserved := range []bool{false, true} {
					for _, name := range []string{"p_a r", "supplier_id"} {
						for _, v := range values {
							opts := runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationQuery, Type: "string", AllowReserved: reserved}
							want, wantErr := runtime.StyleParamWithOptions(style, explode, name, v, opts)
							// As the builders call it: with the value's own type.
							got, err := appendQueryParamOf(v, []byte("x=1"), style, explode, name, opts)
							if wantErr == nil {
								want = "x=1&" + want
							} else {
								want = "x=1"
							}
							if string(got) != want || (err != nil) != (wantErr != nil) {
								t.Errorf("%T %s explode=%v reserved=%v %s %#v: %q (%v), want %q (%v)", enc, style, explode, reserved, name, v, got, err, want, wantErr)
							}
						}
					}
				}
			}
		}
	}
}

// appendQueryParamOf calls appendQueryParam with v's dynamic type as T, as a
// builder does with a parameter's Go type.
func appendQueryParamOf(v interface{}, dst []byte, style string, explode bool, name string, opts runtime.StyleParamOptions) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case int:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case int32:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case int64:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case uint8:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case uint64:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case bool:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case Cycle:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case Denomination:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case decimal.Decimal:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case time.Time:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case openapi_types.Date:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case []int:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case []string:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case *int:
		return appendQueryParam(dst, style, explode, name, v, opts)
	case float64:
		return appendQueryParam(dst, style, explode, name, v, opts)
	}
	// Named types of the test, structs, maps, failingText, nil: as an
	// interface{}, the runtime's own way.
	return appendQueryParam(dst, style, explode, name, v, opts)
}

// BenchmarkClientBuilds is what a Client's method costs up to its doer: the
// request built for a get (one parameter) and a quote (four).
func BenchmarkClientBuilds(b *testing.B) {
	doer := doerFunc(func(r *http.Request) (*http.Response, error) { return nil, nil })
	c, err := NewClient("http://127.0.0.1:1234/api/", WithHTTPClient(doer))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("get", func(b *testing.B) {
		p := &GetInstalmentLinkParams{PublicID: "il_abcdefghijkl"}
		b.ReportAllocs()
		for b.Loop() {
			c.GetInstalmentLink(ctx, p)
		}
	})
	b.Run("quote", func(b *testing.B) {
		p := &GetProspectivePaymentParams{SupplierID: 13991055489669749, Principle: decimal.RequireFromString("1000"), Periods: 12, Cycle: 1}
		b.ReportAllocs()
		for b.Loop() {
			c.GetProspectivePayment(ctx, p)
		}
	})
}
