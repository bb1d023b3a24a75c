package rest

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
)

// validateOnlyPost answers 405 to the other methods on a .../validate
// endpoint: it is a controller of its own in Mistral, not an object of the
// collection.
func validateOnlyPost(g *gin.RouterGroup, path string) {
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		g.Handle(method, path, methodNotAllowed)
	}
}

// validate answers a .../validate endpoint: 200 with {"valid": true} or,
// for a DSL error, {"valid": false, "error": <message>}.
func (a *api) validate(c *gin.Context, parse func(text string) error) {
	text, err := readText(c)
	if err != nil {
		failPecan(c, err)
		return
	}
	err = parse(text)
	if isDSLError(err) {
		_, msg := errorStatus(err)
		respond(c, http.StatusOK, data.MapOf("valid", false, "error", msg))
		return
	}
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusOK, data.MapOf("valid", true))
}

// isDSLError reports whether err belongs to Mistral's DSLParsingException
// family (parse, schema, model and expression grammar errors).
func isDSLError(err error) bool {
	switch exc.ClassOf(err) {
	case exc.DSLParsing, exc.InvalidModel, exc.ExpressionGrammar, exc.YaqlGrammar, exc.JinjaGrammar:
		return true
	}
	var ge *expr.GrammarError
	return errors.As(err, &ge)
}
