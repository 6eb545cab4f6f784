package types_test

import (
	"encoding/json"
	"testing"

	"github.com/procuret/procuret-go/types"
)

func TestStringID(t *testing.T) {
	b, err := json.Marshal(types.StringID(13991055489669749))
	if err != nil || string(b) != `"13991055489669749"` {
		t.Errorf("Marshal = %s, %v; want the digits as a JSON string", b, err)
	}
	for _, in := range []string{`"13991055489669749"`, `13991055489669749`, ` "13991055489669749" `} {
		var id types.StringID
		if err := json.Unmarshal([]byte(in), &id); err != nil || id != 13991055489669749 {
			t.Errorf("Unmarshal(%s) = %d, %v", in, id, err)
		}
	}
	for _, in := range []string{`""`, `"0"`, `0`, `-5`, `"-5"`, `"012"`, `1.5`, `1e3`, `"abc"`, `null`, `"9223372036854775808"`, `true`, `{}`} {
		var id types.StringID
		if err := json.Unmarshal([]byte(in), &id); err == nil {
			t.Errorf("Unmarshal(%s) = %d, want an error", in, id)
		}
	}
	if _, err := json.Marshal(types.StringID(0)); err == nil {
		t.Error("Marshal(0) succeeded; 0 is not an ID")
	}
}
