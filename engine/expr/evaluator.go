package expr

import (
	"regexp"
	"strings"
	"sync"

	"github.com/tramontane/tramontane/engine/data"
)

var (
	yaqlInline  = regexp.MustCompile(`<%.*?%>`)
	jinjaVar    = regexp.MustCompile(`{{.*?}}`)
	jinjaBlock  = regexp.MustCompile(`{%.*?%}`)
	cacheLimits = 20000
)

// Evaluator finds and evaluates the expressions in definition values with
// Mistral's rules. It caches compiled programs and is safe for concurrent
// use.
type Evaluator struct {
	yaql, jinja Language

	mu    sync.RWMutex
	cache map[cacheKey]Program
}

type cacheKey struct {
	jinja bool
	text  string
}

// NewEvaluator returns an evaluator over the two languages.
func NewEvaluator(yaql, jinja Language) *Evaluator {
	return &Evaluator{yaql: yaql, jinja: jinja, cache: make(map[cacheKey]Program)}
}

// IsYAQL reports whether s contains a <% %> expression.
func IsYAQL(s string) bool { return strings.Contains(s, "<%") && yaqlInline.MatchString(s) }

// IsJinja reports whether s contains a {{ }} or {% %} expression.
func IsJinja(s string) bool {
	return strings.Contains(s, "{") && (jinjaVar.MatchString(s) || jinjaBlock.MatchString(s))
}

// IsExpression reports whether s holds an expression of either language.
func IsExpression(s string) bool { return IsJinja(s) || IsYAQL(s) }

// Compile returns the cached program for text in the given language.
func (e *Evaluator) compile(jinja bool, text string) (Program, error) {
	key := cacheKey{jinja, text}
	e.mu.RLock()
	p, ok := e.cache[key]
	e.mu.RUnlock()
	if ok {
		return p, nil
	}
	lang := e.yaql
	if jinja {
		lang = e.jinja
	}
	// The text may be a slice of a whole decoded spec (data.ParseString):
	// the cache and the program keep a copy, not the spec.
	text = strings.Clone(text)
	p, err := lang.Compile(text)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if len(e.cache) >= cacheLimits {
		clear(e.cache)
	}
	e.cache[cacheKey{jinja, text}] = p
	e.mu.Unlock()
	return p, nil
}

// Evaluate evaluates one string. Jinja is tried first, as in Mistral. A string
// that is exactly one YAQL expression keeps the type of its result; YAQL
// expressions inside other text are replaced by their str() value. A string
// with no expression is returned as it is.
func (e *Evaluator) Evaluate(s string, ctx *Context) (any, error) {
	if IsJinja(s) {
		p, err := e.compile(true, s)
		if err != nil {
			return nil, AtRunTime(err, ctx)
		}
		return p.Eval(ctx)
	}
	if !IsYAQL(s) {
		return s, nil
	}
	matches := yaqlInline.FindAllString(s, -1)
	result := s
	for _, m := range matches {
		p, err := e.compile(false, yaqlText(m))
		if err != nil {
			return nil, AtRunTime(err, ctx)
		}
		if tp, ok := p.(TextProgram); ok && len(m) != len(s) {
			text, err := tp.EvalText(ctx)
			if err != nil {
				return nil, err
			}
			result = strings.ReplaceAll(result, m, text)
			continue
		}
		v, err := p.Eval(ctx)
		if err != nil {
			return nil, err
		}
		if len(m) == len(s) {
			return v, nil
		}
		result = strings.ReplaceAll(result, m, data.Str(v))
	}
	return result, nil
}

// yaqlText strips the delimiters as Mistral does: '<', '%' and '>' from both
// ends, then white space.
func yaqlText(m string) string {
	return strings.TrimSpace(strings.Trim(m, "<%>"))
}

// EvaluateRecursively evaluates every string inside v (map values and list
// items, never map keys) and returns a new value; v is not modified.
func (e *Evaluator) EvaluateRecursively(v any, ctx *Context) (any, error) {
	switch t := v.(type) {
	case string:
		return e.Evaluate(t, ctx)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			r, err := e.EvaluateRecursively(item, ctx)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case *data.Map:
		out := data.NewMap(t.Len())
		var err error
		t.Range(func(k string, item any) bool {
			var r any
			r, err = e.EvaluateRecursively(item, ctx)
			out.Set(k, r)
			return err == nil
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	return v, nil
}

// Validate checks the syntax of every expression inside v, as Mistral does
// at upload: each string may hold expressions of one language only.
func (e *Evaluator) Validate(v any) error {
	switch t := v.(type) {
	case string:
		return e.ValidateString(t)
	case []any:
		for _, item := range t {
			if err := e.Validate(item); err != nil {
				return err
			}
		}
	case *data.Map:
		var err error
		t.Range(func(_ string, item any) bool {
			err = e.Validate(item)
			return err == nil
		})
		return err
	}
	return nil
}

// ValidateString checks the expressions in one string the way Mistral's
// expressions.validate does: Jinja first (its evaluators in name order),
// then, only if the Jinja is valid, the mix with YAQL.
func (e *Evaluator) ValidateString(s string) error {
	isJinja, isYAQL := IsJinja(s), IsYAQL(s)
	if isJinja {
		if _, err := e.compile(true, s); err != nil {
			return err
		}
		if isYAQL {
			return &GrammarError{Lang: "mixed", Expr: s, Msg: "The line already contains an expression of type 'jinja'. " +
				"Mixing expression types in a single line is not allowed."}
		}
		return nil
	}
	if isYAQL {
		for _, m := range yaqlInline.FindAllString(s, -1) {
			if _, err := e.compile(false, yaqlText(m)); err != nil {
				return e.yaqlUploadError(m, err)
			}
		}
	}
	return nil
}

// yaqlUploadError is the error Mistral reports at upload for the YAQL
// expression m, which failed to compile with err: Mistral checks the text
// between the delimiters with its white space, so the positions in its
// message count that space.
func (e *Evaluator) yaqlUploadError(m string, err error) error {
	if _, untrimmedErr := e.yaql.Compile(strings.Trim(m, "<%>")); untrimmedErr != nil {
		return untrimmedErr
	}
	return err
}

// Languages returns the two languages, for tools that compile expression
// text directly rather than through Mistral's embedding rules (the
// `mistral-server expr` debugging command).
func (e *Evaluator) Languages() (yaql, jinja Language) { return e.yaql, e.jinja }
