package lang

import "github.com/tramontane/tramontane/engine/data"

// The DSL's JSON schemas, with the same structure and key order as Mistral's
// (after its spec classes merge their "meta" properties in), so that
// validation accepts and rejects the same documents and best_match picks
// the same message.

func obj(kv ...any) *data.Map { return data.MapOf(kv...) }

func list(v ...any) []any { return v }

func oneOf(s ...any) *data.Map { return obj("oneOf", list(s...)) }

var (
	sNonEmptyString = obj("type", "string", "minLength", 1)
	sUniqueStrings  = obj("type", "array", "items", sNonEmptyString, "uniqueItems", true, "minItems", 1)
	sPositiveInt    = obj("type", "integer", "minimum", 0)
	sPositiveNumber = obj("type", "number", "minimum", 0.0)
	sExpression     = oneOf(
		obj("type", "string", "pattern", `^({{(.*?)}})\s*$`),
		obj("type", "string", "pattern", `^<%.*?%>\s*$`),
	)
	sAnyNullable = obj("anyOf", list(
		obj("type", "null"), obj("type", "array"), obj("type", "boolean"), obj("type", "integer"),
		obj("type", "number"), obj("type", "object"), obj("type", "string")))
	sAny = obj("anyOf", list(
		obj("type", "array"), obj("type", "boolean"), obj("type", "integer"),
		obj("type", "number"), obj("type", "object"), obj("type", "string")))
	sNonEmptyDict = obj("type", "object", "minProperties", 1,
		"patternProperties", obj(`^\w+$`, sAnyNullable))
	sOneKeyDict = obj("type", "object", "minProperties", 1, "maxProperties", 1,
		"patternProperties", obj(`^\w+$`, sAnyNullable))
	sInputList = obj("type", "array",
		"items", oneOf(sNonEmptyString, sOneKeyDict),
		"uniqueItems", true, "minItems", 1)
	sExprOrPositiveInt = oneOf(sExpression, sPositiveInt)
	sExprOrBool        = oneOf(sExpression, obj("type", "boolean"))
	sVersion           = obj("anyOf", list(sNonEmptyString, sPositiveInt, sPositiveNumber))
	sStringOrStrings   = oneOf(sNonEmptyString, sUniqueStrings)
)

// metaProperties are the properties every spec class merges into its schema.
func metaProperties(props *data.Map) *data.Map {
	for _, kv := range [][2]any{
		{"name", sNonEmptyString}, {"version", sVersion},
		{"description", sNonEmptyString}, {"tags", sUniqueStrings},
	} {
		if !props.Has(kv[0].(string)) {
			props.Set(kv[0].(string), kv[1])
		}
	}
	return props
}

var (
	sRetry = obj(
		"oneOf", list(
			obj("type", "object",
				"properties", obj(
					"count", oneOf(sExpression, sPositiveInt),
					"break-on", sExpression,
					"continue-on", sExpression,
					"delay", oneOf(sExpression, sPositiveInt),
				),
				"required", list("delay", "count"),
				"additionalProperties", false),
			sNonEmptyString),
		"properties", metaProperties(data.NewMap(4)),
	)

	sPublish = obj("type", "object",
		"properties", metaProperties(obj(
			"branch", sNonEmptyDict, "global", sNonEmptyDict, "atomic", sNonEmptyDict)),
		"additionalProperties", false)

	sNextTask = oneOf(
		obj("type", "string", "pattern", `^\S+$`, "description", "Task name (e.g.: `task1`)"),
		obj("type", "string", "pattern", `^\w+ \w+=(.*)$`,
			"description", "Task name with dict parameter (e.g.: `fail msg=\"test\"`, `fail msg=<% task() %>`)"),
		obj("type", "string", "pattern", `^\w+\(\w+=(.*)\)$`,
			"description", "Task name with func parameter (e.g.: `fail(msg=\"test\")`, `fail(msg=<% task() %>)`)"),
	)
	sTaskWithExpression = obj("type", "object", "minProperties", 1, "maxProperties", 1,
		"patternProperties", obj(`^\S+$`, sExpression, `^\w+ \w+=(.*)$`, sExpression, `^\w+\(\w+=(.*)\)$`, sExpression),
		"description", "All next task variants plus expression (e.g.: `task1: <% $.vm_id != null %>`, `fail(msg=\"test\"): <% $.vm_id != null %>`).")
	sTaskList = obj("type", "array", "items", oneOf(sNextTask, sTaskWithExpression),
		"uniqueItems", true, "minItems", 1)
	sOnClause = obj(
		"oneOf", list(
			sNextTask,
			sTaskWithExpression,
			sTaskList,
			obj("type", "object", "minProperties", 1,
				"properties", obj("publish", sPublish, "next", oneOf(sNextTask, sTaskWithExpression, sTaskList)),
				"additionalProperties", false),
		),
		"properties", metaProperties(data.NewMap(4)),
	)

	sPolicyProps = [][2]any{
		{"retry", sRetry},
		{"wait-before", sExprOrPositiveInt},
		{"wait-after", sExprOrPositiveInt},
		{"timeout", sExprOrPositiveInt},
		{"pause-before", sExprOrBool},
		{"concurrency", sExprOrPositiveInt},
		{"fail-on", sExprOrBool},
	}

	sTaskDefaults = obj("type", "object",
		"properties", metaProperties(propsOf(sPolicyProps, [][2]any{
			{"on-complete", sOnClause}, {"on-success", sOnClause}, {"on-error", sOnClause},
			{"safe-rerun", sExprOrBool}, {"requires", sStringOrStrings},
		})),
		"additionalProperties", false)
)

func propsOf(groups ...[][2]any) *data.Map {
	m := data.NewMap(16)
	for _, g := range groups {
		for _, kv := range g {
			m.Set(kv[0].(string), kv[1])
		}
	}
	return m
}

// taskSchema is the schema of a task of a direct or reverse workflow.
func taskSchema(wfType string) *data.Map {
	common := [][2]any{
		{"type", obj("enum", list(wfType))},
		{"action", sNonEmptyString},
		{"workflow", sNonEmptyString},
		{"input", oneOf(sNonEmptyDict, sNonEmptyString)},
		{"with-items", oneOf(sNonEmptyString, sUniqueStrings)},
		{"publish", sNonEmptyDict},
		{"publish-on-error", sNonEmptyDict},
	}
	tail := [][2]any{
		{"target", sNonEmptyString},
		{"keep-result", sExprOrBool},
		{"safe-rerun", sExprOrBool},
	}
	var own [][2]any
	if wfType == "direct" {
		own = [][2]any{
			{"join", oneOf(obj("enum", list("all", "one")), sPositiveInt)},
			{"on-complete", sOnClause},
			{"on-success", sOnClause},
			{"on-error", sOnClause},
		}
	} else {
		own = [][2]any{{"requires", sStringOrStrings}}
	}
	return obj("type", "object",
		"properties", metaProperties(propsOf(common, sPolicyProps, tail, own)),
		"additionalProperties", false,
		"anyOf", list(
			obj("not", obj("type", "object", "required", list("action", "workflow"))),
			oneOf(
				obj("type", "object", "required", list("action")),
				obj("type", "object", "required", list("workflow")),
			),
		),
		"required", list("name", "version"),
	)
}

// workflowSchema has no additionalProperties: Mistral loses it when it
// merges its schemas, so unknown workflow keys are accepted.
var sWorkflow = obj(
	"properties", obj(
		"tasks", obj("type", "object", "minProperties", 1,
			"patternProperties", obj(`^\w+$`, sNonEmptyDict)),
		"type", obj("enum", list("reverse", "direct")),
		"task-defaults", sNonEmptyDict,
		"input", sInputList,
		"output", sNonEmptyDict,
		"output-on-error", sNonEmptyDict,
		"vars", sNonEmptyDict,
		"tags", sUniqueStrings,
	),
	"required", list("tasks"),
)

var sAction = obj("type", "object",
	"properties", metaProperties(obj(
		"base", sNonEmptyString,
		"base-input", sNonEmptyDict,
		"input", sInputList,
		"output", sAnyNullable,
	)),
	"required", list("base", "version", "name"),
	"additionalProperties", false)

var (
	sVersionEnum = obj("enum", list("2.0", 2.0))
	sWbSection   = obj("type", "object", "minProperties", 1,
		"patternProperties", obj(`^version$`, sVersionEnum, `^(?!version$)[\w-]+$`, sAny),
		"additionalProperties", false)
	sWorkbook = obj("type", "object",
		"properties", metaProperties(obj(
			"version", sVersionEnum,
			"actions", sWbSection,
			"workflows", sWbSection,
		)),
		"additionalProperties", false,
		// Mistral builds this list through a Python set, so which of the
		// two a workbook lacking both is said to miss depends on the
		// process's hash seed: name in some runs of the reference,
		// version in others.
		"required", list("name", "version"))
)

// sList is the schema of a workflow-list or action-list document.
var sList = obj("type", "object",
	"properties", obj("version", sVersion),
	"additionalProperties", sNonEmptyDict,
	"required", list("version"))

// schemas holds the compiled schemas; it is built once and never changed.
type schemaSet struct {
	list, workbook, action, workflow *schema
	directTask, reverseTask          *schema
	taskDefaults, policies, retry    *schema
	onClause, publish                *schema
}

var schemas = schemaSet{
	list:         compileSchema(sList),
	workbook:     compileSchema(sWorkbook),
	action:       compileSchema(sAction),
	workflow:     compileSchema(sWorkflow),
	directTask:   compileSchema(taskSchema("direct")),
	reverseTask:  compileSchema(taskSchema("reverse")),
	taskDefaults: compileSchema(sTaskDefaults),
	policies: compileSchema(obj("type", "object",
		"properties", metaProperties(propsOf(sPolicyProps)), "additionalProperties", false)),
	retry:    compileSchema(sRetry),
	onClause: compileSchema(sOnClause),
	publish:  compileSchema(sPublish),
}
