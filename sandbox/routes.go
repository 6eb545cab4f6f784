package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/procuret/procuret-go/api"
	"github.com/procuret/procuret-go/sandbox/sandboxgen"
)

// maxBodyBytes bounds request bodies; larger ones answer 413.
const maxBodyBytes = 1 << 20

// routes assembles the sandbox: outermost the request log and panic recovery, then
//
//	/api/...       CORS (preflights answered here) → faults → route and validate against the contract,
//	               older SDK forms rewritten to the newest (compat.go) → authenticate → generated server
//	/openapi.yaml  the contract
//	/b?il=…        the customer's page of a link
func (s *Sandbox) routes() http.Handler {
	strict := sandboxgen.NewStrictHandlerWithOptions(&handlers{s}, nil, sandboxgen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, "request body: "+err.Error())
		},
		ResponseErrorHandlerFunc: s.responseError,
	})
	apiMux := http.NewServeMux()
	sandboxgen.HandlerWithOptions(strict, sandboxgen.StdHTTPServerOptions{
		BaseURL:    "/api",
		BaseRouter: apiMux,
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, bindErrorMessage(err))
		},
	})
	apiChain := withCORS(s.withFaults(s.withValidation(s.withAuthentication(apiMux))))

	root := http.NewServeMux()
	root.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		_, _ = w.Write(api.OpenAPI)
	})
	root.HandleFunc("GET /b", s.customerPage)
	s.inspectorRoutes(root)
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Nothing at %s: the API is under /api, the contract at /openapi.yaml, the inspector at /", r.URL.Path))
	})
	// Everything under /api goes to the API as sent: ServeMux would clean "//" and ".." into a
	// redirect, and the API answers every path with its JSON error body instead.
	return s.withLogAndRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
			apiChain.ServeHTTP(w, r)
			return
		}
		root.ServeHTTP(w, r)
	}))
}

// responseError writes the error a strict handler returned: an *apiError as itself, anything
// else as a 500 (and logged, since it is a sandbox bug).
func (s *Sandbox) responseError(w http.ResponseWriter, r *http.Request, err error) {
	if e, ok := err.(*apiError); ok {
		writeAPIError(w, e)
		return
	}
	s.log.ErrorContext(r.Context(), "handler failed", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "Internal server error")
}

// requestInfo travels with a request so that inner layers can tell the log what happened and
// handlers can build absolute URLs.
type requestInfo struct {
	baseURL string // scheme://host the request came to
	fault   FaultKind
	auth    string // the authentication verdict in words
	created string // what the request created
	session int64  // the session it came with, or created
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{baseURL: "http://127.0.0.1:8080"}
}

// statusWriter records the status for the log, whether anything was sent, and the start of
// an error's body, for its message.
type statusWriter struct {
	http.ResponseWriter
	status  int
	errBody []byte
}

// maxLoggedError bounds how much of an error body the log reads its message from.
const maxLoggedError = 4 << 10

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status >= 400 && len(w.errBody) < maxLoggedError {
		w.errBody = append(w.errBody, p[:min(len(p), maxLoggedError-len(w.errBody))]...)
	}
	return w.ResponseWriter.Write(p)
}

// errorMessage returns the error-information of the error body written, if any.
func (w *statusWriter) errorMessage() string {
	if w.status < 400 || len(w.errBody) == 0 {
		return ""
	}
	var e struct {
		Info string `json:"error-information"`
	}
	if json.Unmarshal(w.errBody, &e) != nil {
		return ""
	}
	return e.Info
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withLogAndRecover logs every request in one line (method, path, status, duration, the error's
// message for a 4xx or 5xx, the ID of what it created; never a header, query or body, so no
// key, signature, password or code), records it in the inspector's request log, sets Date from
// the sandbox's clock, and turns a panic into a 500 with the error body instead of a crash.
func (s *Sandbox) withLogAndRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		ri := &requestInfo{baseURL: scheme + "://" + r.Host}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
		aborted := false
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler {
				s.log.ErrorContext(r.Context(), "handler panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, "Internal server error")
					v = nil
				} else {
					v = http.ErrAbortHandler // too late for an error body: cut the connection
				}
			}
			aborted = v != nil
			took := time.Since(start)
			reason := sw.errorMessage()
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", sw.status),
				slog.Duration("duration", took),
			}
			if reason != "" {
				attrs = append(attrs, slog.String("reason", reason))
			}
			if ri.created != "" {
				attrs = append(attrs, slog.String("created", ri.created))
			}
			if aborted {
				attrs = append(attrs, slog.Bool("connection_dropped", true))
			}
			if ri.fault != 0 {
				attrs = append(attrs, slog.String("fault", ri.fault.String()))
			}
			if !isInspectorPath(r.URL.Path) {
				e := requestEntry{
					Time: s.clock(), Method: r.Method, Path: r.URL.Path, Status: sw.status, Auth: ri.auth,
					Error: reason, Created: ri.created, Session: ri.session, Duration: float64(took.Microseconds()) / 1000,
				}
				if ri.fault != 0 {
					e.Fault = ri.fault.String()
				}
				if aborted {
					e.Error = cmpStr(e.Error, "connection dropped")
				}
				if e.Auth == "" && strings.HasPrefix(r.URL.Path, "/api") {
					e.Auth = "not checked (refused before authentication)"
				}
				s.requests.add(e)
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelWarn
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
			if aborted {
				panic(http.ErrAbortHandler)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// bindErrorMessage turns the generated server's parameter binding errors into "name: reason".
func bindErrorMessage(err error) string {
	switch e := err.(type) {
	case *sandboxgen.RequiredParamError:
		return e.ParamName + ": required query parameter is missing"
	case *sandboxgen.InvalidParamFormatError:
		return e.ParamName + ": " + firstLine(e.Err.Error())
	case *sandboxgen.TooManyValuesForParamError:
		return e.ParamName + ": give it once"
	}
	return firstLine(err.Error())
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}
