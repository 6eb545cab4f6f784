package types_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/procuret/procuret-go/types"
)

func ExampleParseTime() {
	// Procuret's own form, and an RFC 3339 form a person might paste.
	a, _ := types.ParseTime("2021-06-09 12:00:00.123456")
	b, _ := types.ParseTime("2021-06-09T22:00:00.123456+10:00")
	fmt.Println(a, a.Equal(b))
	// Output: 2021-06-09 12:00:00.123456 true
}

func ExampleTime_MarshalJSON() {
	type link struct {
		Created types.Time  `json:"created"`
		Closed  *types.Time `json:"closed"`
	}
	l := link{Created: types.NewTime(time.Date(2021, 6, 9, 12, 0, 0, 123456789, time.UTC))}
	out, _ := json.Marshal(l)
	fmt.Println(string(out))
	// Output: {"created":"2021-06-09 12:00:00.123456","closed":null}
}

func ExampleDate_AddDays() {
	due := types.MustParseDate("2021-06-09").AddDays(30)
	fmt.Println(due)
	// Output: 2021-07-09
}
