package rest

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

// statusOf maps a Mistral exception class to its HTTP status (REST.md §1.9).
func statusOf(class string) int {
	switch class {
	case exc.DBDuplicateEntry:
		return http.StatusConflict
	case exc.DBEntityNotFound:
		return http.StatusNotFound
	case exc.DBError, exc.DSLParsing, exc.ExpressionGrammar, exc.JinjaGrammar, exc.YaqlGrammar,
		exc.InvalidModel, exc.YaqlEvaluation, exc.JinjaEvaluation, exc.Action, exc.InvalidAction,
		exc.Workflow, exc.Input, exc.InvalidResult, exc.SizeLimitExceeded, exc.InvalidStateTransition,
		exc.EventTrigger, "DataAccessException", "ApplicationContextNotFoundException":
		return http.StatusBadRequest
	case exc.CoordinationNotSupported:
		return http.StatusNotAcceptable
	case exc.NotAllowed, exc.Forbidden:
		return http.StatusForbidden
	case exc.Unauthorized:
		return http.StatusUnauthorized
	case exc.MaintenanceMode:
		return http.StatusLocked
	case exc.UnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case exc.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// errorStatus returns the status and message of any error a handler meets.
func errorStatus(err error) (int, string) {
	var me *exc.Error
	if errors.As(err, &me) {
		return statusOf(me.Class), me.Msg
	}
	var ge *expr.GrammarError
	if errors.As(err, &ge) {
		return http.StatusBadRequest, ge.Error()
	}
	var ee *expr.EvalError
	if errors.As(err, &ee) {
		return http.StatusBadRequest, ee.Error()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("Request body is larger than the limit of %d bytes.", mbe.Limit)
	}
	var te *rpc.TimeoutError
	if errors.As(err, &te) {
		return http.StatusInternalServerError, te.Error()
	}
	var re *rpc.RemoteError
	if errors.As(err, &re) {
		return http.StatusInternalServerError, re.Error()
	}
	return http.StatusInternalServerError, err.Error()
}

// fail writes err in WSME's error shape:
// {"faultcode": "Client"|"Server", "faultstring": ..., "debuginfo": null}.
func fail(c *gin.Context, err error) {
	status, msg := errorStatus(err)
	failWith(c, status, msg)
}

func failWith(c *gin.Context, status int, msg string) {
	code := "Client"
	if status >= 500 {
		code = "Server"
	}
	c.Abort()
	respond(c, status, data.MapOf("faultcode", code, "faultstring", msg, "debuginfo", nil))
}

// failPecan writes err in Pecan's error shape, {"faultstring": ...}, used by
// the definition endpoints that take YAML text.
func failPecan(c *gin.Context, err error) {
	status, msg := errorStatus(err)
	c.Abort()
	respond(c, status, data.MapOf("faultstring", msg))
}

// badRequest is a 400 with Mistral's message.
func badRequest(format string, args ...any) error {
	return exc.New(exc.Input, format, args...)
}

// forbidden is the policy denial of operations that need the admin role.
func forbidden() error {
	return exc.New(exc.Forbidden, "Operation forbidden (insufficient permissions)")
}
