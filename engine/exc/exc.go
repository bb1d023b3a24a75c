package exc

import (
	"errors"
	"fmt"
)

// Mistral's exception class names, as they appear in oslo.messaging failure
// replies and decide HTTP status codes.
const (
	MistralException         = "MistralException"
	DBError                  = "DBError"
	DBDuplicateEntry         = "DBDuplicateEntryError"
	DBEntityNotFound         = "DBEntityNotFoundError"
	DSLParsing               = "DSLParsingException"
	ExpressionGrammar        = "ExpressionGrammarException"
	JinjaGrammar             = "JinjaGrammarException"
	YaqlGrammar              = "YaqlGrammarException"
	InvalidModel             = "InvalidModelException"
	YaqlEvaluation           = "YaqlEvaluationException"
	JinjaEvaluation          = "JinjaEvaluationException"
	InvalidAction            = "InvalidActionException"
	Action                   = "ActionException"
	Engine                   = "EngineException"
	Workflow                 = "WorkflowException"
	Input                    = "InputException"
	InvalidResult            = "InvalidResultException"
	SizeLimitExceeded        = "SizeLimitExceededException"
	CoordinationNotSupported = "CoordinationNotSupportedException"
	NotAllowed               = "NotAllowedException"
	Unauthorized             = "UnauthorizedException"
	InvalidStateTransition   = "InvalidStateTransitionException"
	EventTrigger             = "EventTriggerException"
	Forbidden                = "Forbidden"       // policy denial
	MaintenanceMode          = "MaintenanceMode" // 423 while operators repair
	UnsupportedMediaType     = "UnsupportedMediaType"
	MethodNotAllowed         = "MethodNotAllowed"
)

// Error is a Mistral error: a class name from the list above and the message
// users see (the faultstring).
type Error struct {
	Class string
	Msg   string
	Err   error // optional cause, for errors.Is/As
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given class.
func New(class, format string, args ...any) *Error {
	return &Error{Class: class, Msg: fmt.Sprintf(format, args...)}
}

// NotFound is DBEntityNotFoundError.
func NotFound(format string, args ...any) *Error { return New(DBEntityNotFound, format, args...) }

// Duplicate is DBDuplicateEntryError.
func Duplicate(format string, args ...any) *Error { return New(DBDuplicateEntry, format, args...) }

// InputErr is InputException.
func InputErr(format string, args ...any) *Error { return New(Input, format, args...) }

// WorkflowErr is WorkflowException.
func WorkflowErr(format string, args ...any) *Error { return New(Workflow, format, args...) }

// ClassOf returns the Mistral class of err: the class of the first *Error in
// its chain, or MistralException for anything else.
func ClassOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return MistralException
}

// Is reports whether err carries the given class.
func Is(err error, class string) bool {
	var e *Error
	return errors.As(err, &e) && e.Class == class
}
