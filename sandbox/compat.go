package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/procuret/procuret-go/auth"
)

// The forms the official SDKs send that are not the newest (api/openapi.yaml records each
// alternative: a parameter marked deprecated, or a oneOf body field, naming the SDK that
// sends it). The contract validates every form as strictly as that form allows; then
// newestForm rewrites the request into the newest form, so that the handlers see one form and
// an older form has exactly the effect of the newest. Our Go client sends the newest forms.

// queryAlias is an older name of a query parameter.
type queryAlias struct {
	older, newest string
	required      bool // one of the two names must be given
	sdk           string
}

var queryAliases = map[string][]queryAlias{
	"listPaymentSeries":       {{older: "any_fragment", newest: "fragment", sdk: "Python"}},
	"listProspectivePayments": {{older: "principle", newest: "principal_magnitude", required: true, sdk: ".NET"}},
}

// bodyRewrites turn an older form of a body field into the newest, in place. The contract has
// already checked the value against the field's oneOf, so the older form is well formed.
var bodyRewrites = map[string]map[string]func(json.RawMessage) (json.RawMessage, bool){
	// Python sends agent_id as a JSON integer; Swift, the newest, as a decimal string.
	"createSecondFactorCode": {"agent_id": func(v json.RawMessage) (json.RawMessage, bool) {
		if len(v) == 0 || v[0] < '0' || v[0] > '9' {
			return v, false
		}
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
			return v, false
		}
		return json.RawMessage(strconv.Quote(string(v))), true
	}},
	// .NET sends communicate as the string "true" or "false"; the others a JSON boolean.
	"createInstalmentLink": {"communicate": func(v json.RawMessage) (json.RawMessage, bool) {
		switch string(v) {
		case `"true"`:
			return json.RawMessage("true"), true
		case `"false"`:
			return json.RawMessage("false"), true
		}
		return v, false
	}},
}

// newestForm rewrites r, which the contract has validated, into the newest form of its
// operation. It fails (400) when a request gives a parameter under both its names, or under
// neither when one is required.
func newestForm(r *http.Request, route *routers.Route) *apiError {
	op := route.Operation.OperationID
	if aliases := queryAliases[op]; len(aliases) > 0 {
		q := r.URL.Query()
		changed := false
		for _, a := range aliases {
			_, hasOld := q[a.older]
			_, hasNew := q[a.newest]
			switch {
			case hasOld && hasNew:
				return badRequest("%s, %s: give one of them (%s is %s's name for %s)", a.newest, a.older, a.older, a.sdk, a.newest)
			case hasOld:
				q[a.newest] = q[a.older]
				delete(q, a.older)
				changed = true
			case !hasNew && a.required:
				return badRequest("%s: required query parameter is missing (%s sends it as %s)", a.newest, a.sdk, a.older)
			}
		}
		if changed {
			r.URL.RawQuery = q.Encode()
		}
	}
	rewrites := bodyRewrites[op]
	if len(rewrites) == 0 || r.Body == nil {
		return nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return badRequest("request body: %v", err)
	}
	body := raw
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil { // validated already: an object
		changed := false
		for name, rewrite := range rewrites {
			if v, ok := fields[name]; ok {
				if nv, did := rewrite(v); did {
					fields[name], changed = nv, true
				}
			}
		}
		if changed {
			if b, err := json.Marshal(fields); err == nil {
				body = b
			}
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

// Browser callers. The JavaScript SDK runs in supplier web shops (its README): a script on the
// shop's origin calls the API cross-origin, so the API must answer CORS preflights and mark its
// answers readable. The sandbox allows any origin (no cookies are involved: a session travels
// in x-procuret-* headers, which a script sets explicitly).
var (
	corsMethods = "GET, POST, PUT, DELETE, OPTIONS"
	corsHeaders = strings.Join([]string{"Content-Type", auth.HeaderSessionID, auth.HeaderSignature, auth.HeaderAPIKey, auth.HeaderForwardedAgent}, ", ")
	// What a script must read: when to retry, where a new link's page is, the server's clock
	// (signatures use it), and the body's length.
	corsExposed = "Retry-After, Location, Date, Content-Length"
)

// corsMaxAge is how long (seconds) a browser may cache a preflight's answer.
const corsMaxAge = 600

// withCORS answers preflights (OPTIONS with Access-Control-Request-Method) on /api/* itself,
// with 204, and adds the CORS response headers to every answer to a cross-origin request,
// errors included, so that a script can read Procuret's error body.
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", corsMethods)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", fmt.Sprint(corsMaxAge))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", corsExposed)
		next.ServeHTTP(w, r)
	})
}
