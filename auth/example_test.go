package auth_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/procuret/procuret-go/auth"
)

func ExampleNewCredentials() {
	creds, err := auth.NewCredentials(36284293055983192, "api-key-from-POST-/session", auth.LongLived,
		auth.ActingFor(13991055489669749))
	if err != nil {
		panic(err)
	}
	// Printing and logging never show the key.
	fmt.Println(creds)
	// Output:
	// Credentials{SessionID: 36284293055983192, Lifecycle: long-lived, Agent: 13991055489669749, APIKey: [REDACTED]}
}

func ExampleSigner() {
	creds, err := auth.NewCredentials(123, "dGVzdC1rZXktMTkyLWJpdHMtdXJsc2FmZS1iNjQ", auth.LongLived)
	if err != nil {
		panic(err)
	}
	// A fixed clock makes the output reproducible; real code leaves the default.
	signer := auth.NewSigner(creds, auth.WithClock(func() time.Time { return time.Unix(1764251000, 0) }))

	req, _ := http.NewRequest(http.MethodGet, "https://procuret.com/api/instalment-link/list?limit=20", nil)
	if err := signer.Sign(req); err != nil {
		panic(err)
	}
	fmt.Println("session:  ", req.Header.Get("x-procuret-session-id"))
	fmt.Println("signature:", req.Header.Get("x-procuret-signature"))
	// Output:
	// session:   123
	// signature: anGlFskTbOzsWebbKmZCEo4H+5oCuvdRK8YatuKhrC0=
}

func ExampleVerify() {
	sig := auth.Signature("k", 899, "/entity")
	fmt.Println(auth.Verify("k", "/entity", sig, time.Unix(899, 0)))  // same window
	fmt.Println(auth.Verify("k", "/entity", sig, time.Unix(1000, 0))) // next window: a late arrival
	fmt.Println(auth.Verify("k", "/entity", sig, time.Unix(1800, 0))) // two windows later
	// Output:
	// true
	// true
	// false
}
