package cli

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) apiCommand() *cobra.Command {
	var fields, typed, queries []string
	cmd := &cobra.Command{
		Use:   "api METHOD PATH [-f key=value …] [-q key=value …]",
		Short: "call any API endpoint, signed, and print its JSON",
		Long: `Call any endpoint of the API, for what no command covers: METHOD and PATH below the
API root, query parameters with -q, a JSON body built from -f (string values) and -F
(JSON values: numbers, true, false, null, objects). The call is signed with the saved
session (or PROCURET_SESSION_ID) when there is one, retried and logged (--debug) like
every command's. It prints the API's answer as it was sent; --jq filters it. A status
that is not 2xx prints the answer too, and exits 1 (4 for 401).`,
		Example: examples(
			"procuret api GET /instalment-link/list -q limit=5",
			"procuret api GET /instalment-link/list --jq '.[].public_id'",
			"procuret api GET /credit/prospective-payment/list \\\n    -q supplier_id=13991055489669749 -q principal_magnitude=1250.00 -q cycle=1",
			"procuret api POST /instalment-link/open -f public_id=il_9cT2mQ4xR7",
		),
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) < 2:
				return usagef("want METHOD and PATH, e.g. procuret api GET /instalment-link/list")
			case len(args) > 2:
				return usagef("unexpected argument %q (use -q for query parameters, -f for body fields)", args[2])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			method := strings.ToUpper(args[0])
			path := args[1]
			if !strings.HasPrefix(path, "/") {
				path = "/" + path
			}
			q := url.Values{}
			if p, rawQuery, ok := strings.Cut(path, "?"); ok {
				path = p
				parsed, err := url.ParseQuery(rawQuery)
				if err != nil {
					return usagef("PATH: the query after ? does not parse: %v", err)
				}
				q = parsed
			}
			for _, kv := range queries {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usagef("-q %q: want key=value", kv)
				}
				q.Add(k, v)
			}
			var body []byte
			if len(fields)+len(typed) > 0 {
				obj := map[string]any{}
				for _, kv := range fields {
					k, v, ok := strings.Cut(kv, "=")
					if !ok || k == "" {
						return usagef("-f %q: want key=value", kv)
					}
					obj[k] = v
				}
				for _, kv := range typed {
					k, v, ok := strings.Cut(kv, "=")
					if !ok || k == "" {
						return usagef("-F %q: want key=value", kv)
					}
					var j json.RawMessage
					if json.Unmarshal([]byte(v), &j) == nil {
						obj[k] = j
					} else {
						obj[k] = v
					}
				}
				var err error
				if body, err = json.Marshal(obj); err != nil {
					return err
				}
			}
			a.fieldNames = map[string]string{"method": "METHOD", "path": "PATH"}
			cn, err := a.connect(optionalSession)
			if err != nil {
				return err
			}
			resp, err := cn.Raw(cmd.Context(), method, path, q, body)
			// The body, even an error's (but not as --json, which promises JSON on stdout); an
			// empty one prints nothing, unless --jq makes something of it.
			if resp != nil && (err == nil || !a.jsonWanted()) && (len(resp.Body) > 0 || a.g.jq != "") {
				if perr := a.printRawJSON(resp.Body); perr != nil {
					return perr
				}
			}
			return err
		},
	}
	fs := cmd.Flags()
	fs.StringArrayVarP(&fields, "field", "f", nil, "a body field as `key=value`, the value a string (repeatable)")
	fs.StringArrayVarP(&typed, "typed-field", "F", nil, "a body field as `key=value`, the value JSON: 12, true, null, … (repeatable)")
	fs.StringArrayVarP(&queries, "query", "q", nil, "a query parameter as `key=value` (repeatable)")
	return cmd
}
