package expr

import (
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// Language is one expression language.
type Language interface {
	// Compile parses expression text. For YAQL the text is what stands
	// inside <% %>; for Jinja it is the whole string with its delimiters.
	// A syntax error is returned as *GrammarError.
	Compile(text string) (Program, error)
}

// Program is a compiled expression, safe for concurrent use.
type Program interface {
	// Eval runs the program. A failure is returned as *EvalError.
	Eval(ctx *Context) (any, error)
}

// TextProgram is a Program that also renders its result as the text that
// replaces it inside a longer string, where that text is not data.Str of
// Eval's result (YAQL dicts keep non-string keys there: {1: 2}).
type TextProgram interface {
	Program
	EvalText(ctx *Context) (string, error)
}

// Context is what an expression sees: Data is `$` in YAQL and `_` in Jinja
// (a *data.Map in practice), Host answers Mistral's functions. Host may be
// nil; the functions that need it then fail.
type Context struct {
	Data any
	// Load, when set, computes Data the first time an expression reads it
	// (Value): the engine builds its layered contexts only for the
	// definitions that hold expressions.
	Load Loader
	Host Host
	// View, when set, is what error messages print for the data instead of
	// Data: Mistral prints its layered context view, layer by layer.
	View fmt.Stringer
}

// Loader computes a context's data when an expression first needs it.
type Loader interface {
	LoadData() any
}

// Value returns Data, computed by Load first if it has not been yet.
func (c *Context) Value() any {
	if c == nil {
		return nil
	}
	if c.Load != nil {
		c.Data, c.Load = c.Load.LoadData(), nil
	}
	return c.Data
}

// Describe returns what an error message shows as the expression's data.
func (c *Context) Describe() any {
	if c == nil {
		return nil
	}
	if c.View != nil {
		return c.View
	}
	return c.Value()
}

// Host gives Mistral's expression functions access to the engine. Results
// use the engine/data value model. Implementations read within the
// transaction of the evaluation that called them.
type Host interface {
	// Env is env(): the root execution's environment, an empty map if none,
	// nil where the data context has no __env (there Mistral's env() is
	// None in YAQL and a KeyError in Jinja).
	Env() any
	// Execution is execution(): the current workflow execution.
	Execution() (any, error)
	// Executions is executions(...).
	Executions(f ExecutionsFilter) (any, error)
	// Task is task(name); an empty name means the current task. It returns
	// nil when no such task execution exists.
	Task(name string) (any, error)
	// Tasks is tasks(...).
	Tasks(f TasksFilter) (any, error)
	// Global is global(name): a key of the workflow execution context.
	Global(name string) (any, error)
}

// TaskCache is implemented by a Host that keeps task()'s answers for the
// transaction, as Mistral's tx_cached does: CachedTask returns the answer
// kept for task(name), if there is one, without reading anything.
type TaskCache interface {
	CachedTask(name string) (any, bool)
}

// ExecutionsFilter holds the arguments of executions(); empty strings mean
// "any".
type ExecutionsFilter struct {
	ID, RootExecutionID, State, FromTime, ToTime string
}

// TasksFilter holds the arguments of tasks().
type TasksFilter struct {
	WorkflowExecutionID string
	Recursive           bool
	State               string
	Flat                bool
}

// GrammarError is a syntax error, found when a definition is uploaded.
// Its message is Mistral's, so that upload errors read the same.
type GrammarError struct {
	Lang string // "yaql" or "jinja"
	Expr string
	Msg  string
	// RunMsg is the error text Mistral's evaluator reports when it meets
	// the text at run time (an env value is never validated), where it
	// differs from Msg: Jinja's own message without "Syntax error '...'."
	// around it, and for a whole-string {{ }} the message of parsing the
	// inner expression alone.
	RunMsg string
}

func (e *GrammarError) Error() string { return e.Msg }

// AtRunTime returns err as Mistral reports it when the expression is
// evaluated rather than validated: a *GrammarError becomes the *EvalError
// "Can not evaluate ... expression [expression=..., error=..., data=...]"
// of its text, with ctx's data; other errors are returned as they are.
func AtRunTime(err error, ctx *Context) error {
	ge, ok := err.(*GrammarError)
	if !ok {
		return err
	}
	msg := ge.RunMsg
	if msg == "" {
		msg = ge.Msg
	}
	return &EvalError{Lang: ge.Lang, Expr: ge.Expr, Msg: msg, Data: ctx.Describe()}
}

// EvalError is a failure while evaluating. Error() renders Mistral's text,
// "Can not evaluate YAQL expression [expression=..., error=..., data=...]".
type EvalError struct {
	Lang string
	Expr string
	Msg  string // the language's own message, e.g. "'missing'"
	Data any    // the data context for the message (Context.Describe)
}

func (e *EvalError) Error() string {
	lang := "YAQL"
	if e.Lang == "jinja" {
		lang = "Jinja"
	}
	return fmt.Sprintf("Can not evaluate %s expression [expression=%s, error=%s, data=%s]",
		lang, e.Expr, e.Msg, dataText(e.Data))
}

// dataText is the data as Mistral's "%s" prints it: Python's str(), so a
// string data context appears without quotes.
func dataText(v any) string {
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return data.Str(v)
}
