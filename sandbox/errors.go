package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/procuret/procuret-go/gen"
)

// apiError is an error the API answers with Procuret's error body. Handlers return it from the
// strict server interface; the response error handler writes it.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.msg) }

func newError(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, format, args...)
}

func notAuthenticated(format string, args ...any) *apiError {
	return newError(http.StatusUnauthorized, "Not authenticated: "+format, args...)
}

func notAuthorised(format string, args ...any) *apiError {
	return newError(http.StatusForbidden, "Not authorised: "+format, args...)
}

func notFound(format string, args ...any) *apiError {
	return newError(http.StatusNotFound, format, args...)
}

func unprocessable(format string, args ...any) *apiError {
	return newError(http.StatusUnprocessableEntity, format, args...)
}

// writeError answers with Procuret's error body: {"error-information": msg, "response-code": status}.
func writeError(w http.ResponseWriter, status int, msg string) {
	body, _ := json.Marshal(gen.Error{ErrorInformation: msg, ResponseCode: status}) // cannot fail
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", fmt.Sprint(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeAPIError(w http.ResponseWriter, e *apiError) { writeError(w, e.status, e.msg) }
