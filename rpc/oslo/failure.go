package oslo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

// mistralModule is the Python module of Mistral's exception classes.
const mistralModule = "mistral.exceptions"

// httpCodes are the http_code of the classes in mistral.exceptions. A Python
// Mistral exception's args[0] is "<http_code>: <message>"; a class missing
// here is a MistralException (500). The set also decides which received
// failures become *exc.Error: Mistral's wrap_messaging_exception re-raises
// a remote class by name when mistral.exceptions has it.
var httpCodes = map[string]int{
	"MistralFailuresBase":                 500,
	"MistralError":                        500,
	exc.MistralException:                  500,
	exc.DBError:                           400,
	exc.DBDuplicateEntry:                  409,
	exc.DBEntityNotFound:                  404,
	exc.DSLParsing:                        400,
	exc.ExpressionGrammar:                 400,
	exc.JinjaGrammar:                      400,
	exc.YaqlGrammar:                       400,
	exc.InvalidModel:                      400,
	"EvaluationException":                 400,
	exc.JinjaEvaluation:                   400,
	exc.YaqlEvaluation:                    400,
	"DataAccessException":                 400,
	exc.Action:                            400,
	exc.InvalidAction:                     400,
	"ActionRegistrationException":         400,
	exc.Engine:                            500,
	exc.Workflow:                          400,
	exc.EventTrigger:                      400,
	exc.Input:                             400,
	"ApplicationContextNotFoundException": 400,
	exc.InvalidResult:                     400,
	exc.SizeLimitExceeded:                 400,
	"CoordinationException":               500,
	exc.CoordinationNotSupported:          406,
	exc.NotAllowed:                        403,
	exc.Unauthorized:                      401,
	exc.InvalidStateTransition:            400,
}

// Failure is the decoded "failure" of a reply: oslo's serialized remote
// exception.
type Failure struct {
	Class   string
	Module  string
	Message string
	TB      []string
	Args    []any
	Kwargs  *data.Map
}

// failureOf describes err the way oslo's serialize_remote_exception
// describes a Python exception. An *exc.Error, or an expression's error,
// keeps its Mistral class (with
// args[0] "<http code>: <message>", so a Python caller re-raises the same
// class with the same message and status); an *rpc.RemoteError or an
// *EntityError keeps its own module and class; *rpc.UnknownMethodError is
// oslo's NoSuchMethod; anything else is a MistralException.
func failureOf(err error) Failure {
	var (
		me *exc.Error
		re *rpc.RemoteError
		ee *EntityError
		um *rpc.UnknownMethodError
		ve *expr.EvalError
		ge *expr.GrammarError
	)
	f := Failure{Module: mistralModule, Class: exc.MistralException, Message: err.Error(), Kwargs: data.NewMap(0)}
	switch {
	case errors.As(err, &me):
		f.Class, f.Message = me.Class, me.Msg
	case errors.As(err, &ve):
		// An expression that failed is the caller's mistake, as Mistral's
		// YaqlEvaluationException and JinjaEvaluationException say (400).
		f.Class, f.Message = exc.YaqlEvaluation, ve.Error()
		if ve.Lang == "jinja" {
			f.Class = exc.JinjaEvaluation
		}
	case errors.As(err, &ge):
		f.Class, f.Message = exc.YaqlGrammar, ge.Error()
		if ge.Lang == "jinja" {
			f.Class = exc.JinjaGrammar
		}
	case errors.As(err, &re):
		f.Module, f.Class, f.Message = re.Module, re.Class, re.Message
	case errors.As(err, &ee):
		f.Module, f.Class, f.Message = ee.Module, ee.Class, ee.Msg
	case errors.As(err, &um):
		f.Module, f.Class, f.Message = dispatcherModule, "NoSuchMethod", um.Error()
	}
	if f.Module == mistralModule {
		code, ok := httpCodes[f.Class]
		if !ok {
			code = 500
		}
		f.Args = []any{strconv.Itoa(code) + ": " + f.Message}
	} else {
		f.Args = []any{f.Message}
	}
	// Go has no Python traceback; the last line of one is what readers use.
	f.TB = []string{fmt.Sprintf("%s.%s: %s\n", f.Module, f.Class, f.Message)}
	return f
}

// encodeFailure returns the failure JSON text of a reply: class, module,
// message, tb, args, kwargs.
func encodeFailure(f Failure) (string, error) {
	tb := make([]any, len(f.TB))
	for i, l := range f.TB {
		tb[i] = l
	}
	kwargs := f.Kwargs
	if kwargs == nil {
		kwargs = data.NewMap(0)
	}
	args := f.Args
	if args == nil {
		args = []any{}
	}
	return data.EncodePython(data.MapOf(
		"class", f.Class, "module", f.Module, "message", f.Message,
		"tb", tb, "args", args, "kwargs", kwargs))
}

// decodeFailure parses the failure JSON text of a reply.
func decodeFailure(v any) (Failure, error) {
	s, ok := v.(string)
	if !ok {
		return Failure{}, fmt.Errorf("failure is a %s, not JSON text", pythonTypeName(v))
	}
	parsed, err := data.ParseString(s)
	if err != nil {
		return Failure{}, fmt.Errorf("failure is not JSON: %w", err)
	}
	m, ok := parsed.(*data.Map)
	if !ok {
		return Failure{}, fmt.Errorf("failure is a JSON %s, not an object", pythonTypeName(parsed))
	}
	f := Failure{}
	f.Class, _ = m.Value("class").(string)
	f.Module, _ = m.Value("module").(string)
	f.Message, _ = m.Value("message").(string)
	f.Args, _ = m.Value("args").([]any)
	f.Kwargs, _ = m.Value("kwargs").(*data.Map)
	tb, _ := m.Value("tb").([]any)
	for _, l := range tb {
		if s, ok := l.(string); ok {
			f.TB = append(f.TB, s)
		}
	}
	return f, nil
}

// Err turns a received failure into the error a Go caller sees: a Mistral
// class becomes *exc.Error with that class and the message (as Mistral's
// wrap_messaging_exception re-raises it), anything else *rpc.RemoteError.
// oslo strips a "_Remote" suffix from class names; so does Err.
func (f Failure) Err() error {
	class := strings.TrimSuffix(f.Class, "_Remote")
	if _, known := httpCodes[class]; known || f.Module == mistralModule {
		return &exc.Error{Class: class, Msg: f.Message}
	}
	return &rpc.RemoteError{Module: f.Module, Class: class, Message: f.Message}
}
