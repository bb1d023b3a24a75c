package rest

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

var cronTriggerList = &listSpec{
	collection: "cron_triggers",
	fields: []string{"id", "name", "workflow_name", "workflow_id", "workflow_input", "workflow_params", "project_id",
		"scope", "pattern", "remaining_executions", "first_execution_time", "next_execution_time", "created_at", "updated_at"},
	filters: []filterParam{
		{name: "name"}, {name: "workflow_name"}, {name: "workflow_id", kind: fUUID}, {name: "workflow_input", kind: fJSON},
		{name: "workflow_params", kind: fJSON}, {name: "scope"}, {name: "pattern"}, {name: "remaining_executions", kind: fInt},
		{name: "first_execution_time", kind: fTime}, {name: "next_execution_time", kind: fTime},
		{name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime}, {name: "project_id", kind: fUUID},
	},
	// Mistral's order of the filters in next links.
	linkOrder: []string{"created_at", "name", "updated_at", "workflow_name", "workflow_id", "workflow_input", "workflow_params", "scope",
		"pattern", "remaining_executions", "first_execution_time", "next_execution_time", "project_id"},
	params: []string{"all_projects"},
	public: true,
}

var cronTriggerBody = bodySpec{arg: "cron_trigger", attrs: map[string]attrKind{
	"id": aText, "name": aText, "workflow_name": aText, "workflow_id": aText, "workflow_input": aJSON,
	"workflow_params": aJSON, "project_id": aReadonly, "scope": aText, "pattern": aText, "remaining_executions": aInt,
	"first_execution_time": aText, "next_execution_time": aText, "created_at": aText, "updated_at": aText,
}, order: []string{
	"id", "name", "workflow_name", "workflow_id", "workflow_input", "workflow_params", "project_id", "scope", "pattern",
	"remaining_executions", "first_execution_time", "next_execution_time", "created_at", "updated_at",
}}

func (a *api) cronTriggerRoutes(g *gin.RouterGroup) {
	g.GET("/cron_triggers", a.enforce("cron_triggers:list"), a.listCronTriggers)
	// WSME takes the identifier from the query too, over the path's.
	g.GET("/cron_triggers/:id", onlyArgs("identifier"), wsmeArg("id", "identifier"), a.enforce("cron_triggers:get"), a.getCronTrigger)
	g.POST("/cron_triggers", onlyArgs(), a.enforce("cron_triggers:create"), a.createCronTrigger)
	g.POST("/cron_triggers/:id", bodyArgFromPath("id", "cron_trigger", "CronTrigger"))
	for _, path := range []string{"/cron_triggers", "/cron_triggers/:id"} {
		g.DELETE(path, onlyArgs("identifier"), wsmeArg("id", "identifier"), a.enforce("cron_triggers:delete"), a.deleteCronTrigger)
	}
}

func cronTriggerResource(t *db.CronTrigger) *data.Map {
	var remaining any
	if t.RemainingExecutions != nil {
		remaining = *t.RemainingExecutions
	}
	return data.MapOf(
		"id", t.ID,
		"name", t.Name,
		"workflow_name", t.WorkflowName,
		"workflow_id", t.WorkflowID,
		"workflow_input", jsonText(t.WorkflowInput),
		"workflow_params", jsonText(t.WorkflowParams),
		"project_id", t.ProjectID,
		"scope", t.Scope,
		"pattern", str(t.Pattern),
		"remaining_executions", remaining,
		"first_execution_time", tsPtr(t.FirstExecutionTime),
		"next_execution_time", ts(t.NextExecutionTime),
		"created_at", ts(t.CreatedAt),
		"updated_at", tsPtr(t.UpdatedAt),
	)
}

func (a *api) listCronTriggers(c *gin.Context) {
	req, err := a.parseList(c, cronTriggerList)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.allProjects(c, req, "cron_triggers"); err != nil {
		fail(c, err)
		return
	}
	rows, err := db.List[db.CronTrigger](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, t := range rows {
		items = append(items, pick(cronTriggerResource(t), req.fields))
	}
	collection(c, "cron_triggers", items, nextLink(c, "cron_triggers", req, len(rows), lastID(rows, func(t *db.CronTrigger) string { return t.ID })))
}

func (a *api) getCronTrigger(c *gin.Context) {
	t, err := a.Store.Read(c.Request.Context()).CronTriggers().Get(c.Param("id"), a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, cronTriggerResource(t))
}

func (a *api) createCronTrigger(c *gin.Context) {
	b, err := readJSON(c, cronTriggerBody)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.checkScope(c, b, "cron_triggers"); err != nil {
		fail(c, err)
		return
	}
	t, err := a.newCronTrigger(c, b, time.Now().UTC())
	if err != nil {
		fail(c, err)
		return
	}
	if t.TrustID, err = a.newTrust(c); err != nil {
		fail(c, err)
		return
	}
	if err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error { return tx.CronTriggers().Create(t) }); err != nil {
		a.dropTrust(c.Request.Context(), t.TrustID)
		fail(c, err)
		return
	}
	a.cronChanged()
	// Mistral's answer leaves out updated_at, which the insert did not set.
	m := cronTriggerResource(t)
	m.Delete("updated_at")
	respond(c, http.StatusCreated, m)
}

// firstTimeRe is Python's strptime pattern for "%Y-%m-%d %H:%M", which
// matches a prefix of the text and allows one-digit fields.
var firstTimeRe = regexp.MustCompile(`^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(2[0-3]|[0-1]\d|\d):([0-5]\d|\d)`)

// parseFirstExecutionTime reads a first_execution_time as Mistral does,
// with Python's strptime and its error texts.
func parseFirstExecutionTime(s string) (time.Time, error) {
	m := firstTimeRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, badRequest("time data '%s' does not match format '%%Y-%%m-%%d %%H:%%M'", s)
	}
	if rest := s[len(m[0]):]; rest != "" {
		return time.Time{}, badRequest("unconverted data remains: %s", rest)
	}
	var n [5]int
	for i := range n {
		n[i], _ = strconv.Atoi(strings.TrimSpace(m[i+1]))
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], 0, 0, time.UTC)
	if t.Day() != n[2] {
		return time.Time{}, badRequest("day is out of range for month")
	}
	return t, nil
}

// newCronTrigger validates a cron trigger body as Mistral's triggers
// service does and builds the row.
func (a *api) newCronTrigger(c *gin.Context, b *jsonBody, now time.Time) (*db.CronTrigger, error) {
	// Mistral takes an empty name (the trigger is then reached by its id
	// only); it fails with 500 on a missing one, which we refuse.
	if b.textPtr("name") == nil {
		return nil, badRequest("Invalid input for field/attribute name. Value: 'None'. Mandatory field missing.")
	}
	var first *time.Time
	// An empty first time is parsed (and refused), as Mistral does.
	if s := b.textPtr("first_execution_time"); s != nil {
		ft, err := parseFirstExecutionTime(*s)
		if err != nil {
			return nil, err
		}
		first = &ft
	}
	pattern := b.text("pattern")
	count, hasCount := b.integer("remaining_executions")
	if hasCount && count < 1 {
		return nil, badRequest("Invalid input for field/attribute remaining_executions. Value: '%d'. Value should be greater or equal to 1", count)
	}
	if hasCount && count > math.MaxInt32 {
		// Mistral 15 answers 409 with MySQL's "Out of range value" for
		// its INT column; we refuse the count before the insert.
		return nil, badRequest("Invalid input for field/attribute remaining_executions. Value: '%d'. Value should be lower or equal to %d",
			count, math.MaxInt32)
	}
	if pattern == "" && first == nil {
		return nil, exc.New(exc.InvalidModel, "Pattern or first_execution_time must be specified.")
	}
	if first != nil && first.Sub(now) < time.Minute {
		return nil, exc.New(exc.InvalidModel, "first_execution_time must be at least 1 minute in the future.")
	}
	if first != nil && pattern == "" && hasCount && count > 1 {
		return nil, exc.New(exc.InvalidModel, "Pattern must be provided if count is superior to 1.")
	}
	var next time.Time
	if pattern != "" {
		sched, err := engine.ParseCronPattern(pattern)
		if err != nil {
			return nil, exc.New(exc.InvalidModel, "The specified pattern is not valid: %s", pattern)
		}
		// With a first time the pattern is only read here: a pattern that
		// never matches is taken, and fails when the trigger first fires.
		if first == nil {
			if next, err = sched.Next(now); err != nil {
				// Mistral 15 fails with 500 here (croniter's CroniterBadDateError).
				return nil, badRequest("%s", err.Error())
			}
		}
	}
	if first != nil {
		next = *first
		if pattern == "" && !hasCount {
			// A single execution at first_execution_time.
			count, hasCount = 1, true
		}
	}

	ident := b.text("workflow_id")
	if ident == "" {
		ident = b.text("workflow_name")
	}
	if ident == "" {
		// Mistral looks the workflow up by Python's None.
		return nil, exc.NotFound("Workflow not found [workflow_identifier=None, namespace=]")
	}
	wf, err := a.Store.Read(c.Request.Context()).WorkflowDefinitions().Get(ident, "", a.viewer(c))
	if err != nil {
		return nil, err
	}
	input := b.dict("workflow_input")
	if err := checkInput(wf, input); err != nil {
		return nil, err
	}
	params := b.dict("workflow_params")
	scope := b.text("scope")
	if scope == "" {
		scope = "private"
	}
	t := &db.CronTrigger{
		Timestamps:         db.Timestamps{CreatedAt: db.Now()},
		ID:                 db.NewID(),
		Name:               b.text("name"),
		FirstExecutionTime: first,
		NextExecutionTime:  next.Truncate(time.Second),
		WorkflowName:       wf.Name,
		WorkflowID:         wf.ID,
		WorkflowInput:      db.JSONOf(input),
		WorkflowInputHash:  hashText(db.JSONOf(input).Raw),
		WorkflowParams:     db.JSONOf(params),
		WorkflowParamsHash: hashText(db.JSONOf(params).Raw),
		Scope:              scope,
		ProjectID:          a.project(c),
	}
	if b.textPtr("pattern") == nil {
		// Mistral's column default when the pattern is absent or null (an
		// empty one is kept): a pattern that never matches (the 30th
		// of February), shown for a trigger that only has a first time.
		pattern = neverPattern
	}
	t.Pattern = &pattern
	if hasCount {
		t.RemainingExecutions = &count
	}
	return t, nil
}

// neverPattern is the pattern of a cron trigger created without one.
const neverPattern = "0 0 30 2 0"

func hashText(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// checkInput checks a workflow input against the workflow's declared
// parameters as the engine will when the trigger fires.
func checkInput(d *db.WorkflowDefinition, input *data.Map) error {
	wf, err := lang.WorkflowFromSpec(d.Spec.Map())
	if err != nil {
		return err
	}
	declared := map[string]bool{}
	var missing, unexpected []any
	for _, p := range wf.Input {
		declared[p.Name] = true
		if !p.HasDefault && !input.Has(p.Name) {
			missing = append(missing, p.Name)
		}
	}
	for _, k := range input.Keys() {
		if !declared[k] {
			unexpected = append(unexpected, k)
		}
	}
	if len(missing) == 0 && len(unexpected) == 0 {
		return nil
	}
	class := "DirectWorkflowSpec"
	if wf.Type == lang.Reverse {
		class = "ReverseWorkflowSpec"
	}
	msg := "Invalid input [name=" + wf.Name + ", class=" + class
	if len(missing) > 0 {
		msg += ", missing=" + data.Repr(missing)
	}
	if len(unexpected) > 0 {
		msg += ", unexpected=" + data.Repr(unexpected)
	}
	return exc.InputErr("%s]", msg)
}

func (a *api) deleteCronTrigger(c *gin.Context) {
	var trustID *string
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		v := a.viewer(c)
		t, err := tx.CronTriggers().Get(c.Param("id"), v)
		if err != nil {
			return err
		}
		trustID = t.TrustID
		if err := v.CheckAccess("CronTrigger", t.ID, t.ProjectID, false); err != nil {
			return err
		}
		return tx.CronTriggers().Delete(t.ID)
	})
	if err != nil {
		fail(c, err)
		return
	}
	a.dropTrust(c.Request.Context(), trustID)
	noContent(c)
}

// cronChanged wakes this process's cron trigger service, if it runs one, so
// that a new trigger's first firing is not missed by a sleeping service.
func (a *api) cronChanged() {
	if a.CronWake != nil {
		a.CronWake()
	}
}
