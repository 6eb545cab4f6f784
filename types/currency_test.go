package types_test

import (
	"encoding/json"
	"testing"

	"github.com/procuret/procuret-go/types"
)

func TestCurrencyJSON(t *testing.T) {
	aud := types.Currency{Indexid: types.DenominationAUD, Name: "Australian Dollar", Iso4217: "AUD", Exponent: 2, Symbol: "$"}
	for in, want := range map[string]types.Currency{
		`{"indexid":1,"name":"Australian Dollar","iso_4217":"AUD","exponent":2,"symbol":"$"}`: aud,
		` 1 `: aud,
		`2`:   {Indexid: types.DenominationNZD, Name: "New Zealand Dollar", Iso4217: "NZD", Exponent: 2, Symbol: "$"},
		`7`:   {Indexid: 7},
		// An object is taken as sent, even if it disagrees with the table.
		`{"indexid":1,"iso_4217":"XXX"}`: {Indexid: 1, Iso4217: "XXX"},
	} {
		var got types.Currency
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", in, got, err, want)
		}
	}
	// null leaves the value alone, as for any struct.
	got := aud
	if err := json.Unmarshal([]byte(`null`), &got); err != nil || got != aud {
		t.Errorf("null: %+v, %v", got, err)
	}
	for _, in := range []string{`"AUD"`, `0`, `-2`, `1.0`, `1e3`, `99999999999`, `true`, `[1]`, `{"indexid":"1"}`} {
		var c types.Currency
		if err := json.Unmarshal([]byte(in), &c); err == nil {
			t.Errorf("%s: decoded as %+v, want an error", in, c)
		}
	}
	// Encoding always writes the object.
	b, err := json.Marshal(struct{ D types.Currency }{aud})
	if err != nil || string(b) != `{"D":{"exponent":2,"indexid":1,"iso_4217":"AUD","name":"Australian Dollar","symbol":"$"}}` {
		t.Errorf("marshal: %s, %v", b, err)
	}
	if c, ok := types.CurrencyOf(types.DenominationNZD); !ok || c.Iso4217 != "NZD" {
		t.Errorf("CurrencyOf(NZD) = %+v, %v", c, ok)
	}
	if _, ok := types.CurrencyOf(3); ok || types.Denomination(3).Valid() || !types.DenominationAUD.Valid() {
		t.Error("3 is no currency the API knows")
	}
}
