package retry_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/procuret/procuret-go/internal/retry"
)

// The loop an HTTP doer runs. The server is unavailable once, then rejects
// the signature of a client whose clock is five minutes slow.
func Example() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		switch calls {
		case 1:
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Date", time.Now().Add(5*time.Minute).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusUnauthorized)
		default:
			io.WriteString(w, `{"id":"inv_1"}`)
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	policy := retry.DefaultPolicy()
	var sleeper retry.RecordingSleeper // retry.RealSleeper{} outside tests
	var clockOffset time.Duration      // added to time.Now() when signing
	skewRetried := false

	for attempt := 1; ; {
		// Build the request afresh each time: a write's body must be replayed.
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/invoices/inv_1", nil)
		// ... sign req with time.Now().Add(clockOffset) ...
		resp, err := srv.Client().Do(req)
		var body []byte
		if err == nil {
			// Read inside the loop, so a cut-off body is classified too.
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}

		if err == nil && resp.StatusCode == http.StatusUnauthorized && !skewRetried {
			if off, skewed := retry.ClockSkew(resp, time.Now().Add(clockOffset)); skewed {
				clockOffset += off
				skewRetried = true // once per call; not counted as a retry
				fmt.Printf("attempt %d: 401, clock off by %v: re-signing\n", attempt, off.Round(time.Minute))
				continue
			}
		}

		d := policy.Classify(req.Method, attempt, resp, err)
		if !d.Retry {
			if err != nil || resp.StatusCode >= 400 {
				fmt.Printf("attempt %d: giving up: %s\n", attempt, d.Reason)
				return
			}
			fmt.Printf("attempt %d: %s\n", attempt, body)
			return
		}
		wait := policy.Delay(attempt, resp, time.Now())
		fmt.Printf("attempt %d: %s: retrying in %v\n", attempt, d.Reason, wait)
		if err := sleeper.Sleep(ctx, wait); err != nil {
			fmt.Println("giving up:", err)
			return
		}
		attempt++
	}

	// Output:
	// attempt 1: status 503: retrying in 2s
	// attempt 2: 401, clock off by 5m0s: re-signing
	// attempt 2: {"id":"inv_1"}
}
