package types_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/oapi-codegen/runtime"

	"github.com/procuret/procuret-go/types"
)

// These tests drive the oapi-codegen runtime the way generated code does: the
// client styles params with StyleParamWithOptions, the server binds them with
// BindQueryParameterWithOptions (explode=true is the OpenAPI default for form
// style; explode=false is what the contract may set on scalar custom types).

func styleQuery(t *testing.T, name string, value any) url.Values {
	t.Helper()
	frag, err := runtime.StyleParamWithOptions("form", true, name, value,
		runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationQuery, Type: "string"})
	if err != nil {
		t.Fatalf("StyleParamWithOptions(%v): %v", value, err)
	}
	q, err := url.ParseQuery(frag)
	if err != nil {
		t.Fatalf("client sent an unparsable query %q: %v", frag, err)
	}
	return q
}

func TestQueryStylesFullTimestamp(t *testing.T) {
	v := types.MustParseTime(canonical)
	for _, value := range []any{v, &v} {
		frag, err := runtime.StyleParamWithOptions("form", true, "since", value,
			runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationQuery})
		if err != nil {
			t.Fatal(err)
		}
		// The runtime escapes the space as "+" and ":" as %3A; decoding proves
		// the whole timestamp (not just its date) reached the wire.
		if want := "since=2021-06-09+12%3A00%3A00.123456"; frag != want {
			t.Errorf("styled %T as %q, want %q", value, frag, want)
		}
		q, err := url.ParseQuery(frag)
		if err != nil || q.Get("since") != canonical {
			t.Errorf("query %q decodes to since=%q (%v), want %q", frag, q.Get("since"), err, canonical)
		}
	}
}

func TestQueryStylesDate(t *testing.T) {
	q := styleQuery(t, "from", types.NewDate(2021, 6, 9))
	if got := q.Get("from"); got != "2021-06-09" {
		t.Errorf("from=%q, want 2021-06-09", got)
	}
}

func TestQueryBindsTime(t *testing.T) {
	q := styleQuery(t, "since", types.MustParseTime(canonical))
	want := types.MustParseTime(canonical)
	for _, explode := range []bool{true, false} {
		var required types.Time
		if err := runtime.BindQueryParameterWithOptions("form", explode, true, "since", q, &required,
			runtime.BindQueryParameterOptions{Type: "string"}); err != nil {
			t.Fatalf("explode=%v required: %v", explode, err)
		}
		if required != want {
			t.Errorf("explode=%v required: bound %q, want %q", explode, required, want)
		}

		var optional *types.Time
		if err := runtime.BindQueryParameterWithOptions("form", explode, false, "since", q, &optional,
			runtime.BindQueryParameterOptions{Type: "string"}); err != nil {
			t.Fatalf("explode=%v optional: %v", explode, err)
		}
		if optional == nil || *optional != want {
			t.Errorf("explode=%v optional: bound %v, want %q", explode, optional, want)
		}

		var absent *types.Time
		if err := runtime.BindQueryParameterWithOptions("form", explode, false, "since", url.Values{}, &absent,
			runtime.BindQueryParameterOptions{}); err != nil || absent != nil {
			t.Errorf("explode=%v absent optional: %v, %v; want nil, nil", explode, absent, err)
		}
		var missing types.Time
		if err := runtime.BindQueryParameterWithOptions("form", explode, true, "since", url.Values{}, &missing,
			runtime.BindQueryParameterOptions{}); err == nil {
			t.Errorf("explode=%v absent required: no error", explode)
		}

		bad := url.Values{"since": {"2021-06-09 noon"}}
		err := runtime.BindQueryParameterWithOptions("form", explode, true, "since", bad, &required,
			runtime.BindQueryParameterOptions{})
		if err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD HH:MM:SS.ffffff") {
			t.Errorf("explode=%v bad value: error %v, want our parse error", explode, err)
		}
	}
	// Lenient input from a hand-written URL.
	var v types.Time
	if err := runtime.BindStringToObject("2021-06-09T22:00:00.123456+10:00", &v); err != nil || v != want {
		t.Errorf("BindStringToObject = %q, %v; want %q", v, err, want)
	}
}

func TestQueryBindsDate(t *testing.T) {
	q := styleQuery(t, "from", types.NewDate(2021, 6, 9))
	want := types.NewDate(2021, 6, 9)
	for _, explode := range []bool{true, false} {
		var required types.Date
		if err := runtime.BindQueryParameterWithOptions("form", explode, true, "from", q, &required,
			runtime.BindQueryParameterOptions{Type: "string"}); err != nil || required != want {
			t.Errorf("explode=%v required: bound %q, %v; want %q", explode, required, err, want)
		}
		var optional *types.Date
		if err := runtime.BindQueryParameterWithOptions("form", explode, false, "from", q, &optional,
			runtime.BindQueryParameterOptions{Type: "string"}); err != nil || optional == nil || *optional != want {
			t.Errorf("explode=%v optional: bound %v, %v; want %q", explode, optional, err, want)
		}
		bad := url.Values{"from": {"2021-02-30"}}
		if err := runtime.BindQueryParameterWithOptions("form", explode, true, "from", bad, &required,
			runtime.BindQueryParameterOptions{}); err == nil || !strings.Contains(err.Error(), "day out of range") {
			t.Errorf("explode=%v bad value: error %v, want our parse error", explode, err)
		}
	}
	var d types.Date
	if err := runtime.BindStringToObject("2021-06-09", &d); err != nil || d != want {
		t.Errorf("BindStringToObject = %q, %v; want %q", d, err, want)
	}
}

func TestPathParamRoundTrip(t *testing.T) {
	tm := types.MustParseTime(canonical)
	d := types.NewDate(2021, 6, 9)
	for _, tt := range []struct {
		value any
		dest  interface{ String() string }
		want  string
	}{
		{tm, new(types.Time), canonical},
		{d, new(types.Date), "2021-06-09"},
	} {
		seg, err := runtime.StyleParamWithOptions("simple", false, "at", tt.value,
			runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationPath})
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(seg, " /?") {
			t.Errorf("path segment %q is not escaped", seg)
		}
		if err := runtime.BindStyledParameterWithOptions("simple", "at", seg, tt.dest,
			runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationPath, Required: true}); err != nil {
			t.Fatalf("binding %q: %v", seg, err)
		}
		if got := tt.dest.String(); got != tt.want {
			t.Errorf("path %q bound to %q, want %q", seg, got, tt.want)
		}
	}
}
