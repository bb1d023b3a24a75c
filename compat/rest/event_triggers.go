package rest

import (
	"context"
	"net/http"
	"reflect"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// Event triggers accept no filters: Mistral's are broken (500), so any
// other query parameter is refused with 400.
var eventTriggerList = &listSpec{
	collection: "event_triggers",
	fields: []string{"id", "created_at", "updated_at", "project_id", "name", "workflow_id", "workflow_input",
		"workflow_params", "exchange", "topic", "event", "scope"},
	params: []string{"all_projects"},
	public: true,
}

var eventTriggerBody = bodySpec{arg: "event_trigger", attrs: map[string]attrKind{
	"id": aReadonly, "created_at": aReadonly, "updated_at": aReadonly, "project_id": aReadonly, "name": aText, "workflow_id": aUUID,
	"workflow_input": aJSON, "workflow_params": aJSON, "exchange": aText, "topic": aText, "event": aText, "scope": aText,
}, order: []string{
	"id", "created_at", "updated_at", "project_id", "name", "workflow_id", "workflow_input", "workflow_params",
	"exchange", "topic", "event", "scope",
}}

// eventEngine is where trigger changes are told: every event engine, or
// nobody when this API runs without a transport (unit tests).
func (a *api) eventEngine() rpc.EventEngineAPI {
	if a.EventEngine == nil {
		return noEventEngine{}
	}
	return a.EventEngine
}

// noEventEngine tells nobody.
type noEventEngine struct{}

func (noEventEngine) CreateEventTrigger(context.Context, *data.Map, []string) error { return nil }
func (noEventEngine) DeleteEventTrigger(context.Context, *data.Map, []string) error { return nil }
func (noEventEngine) UpdateEventTrigger(context.Context, *data.Map) error           { return nil }

func (a *api) eventTriggerRoutes(g *gin.RouterGroup) {
	g.GET("/event_triggers", a.enforce("event_triggers:list"), a.listEventTriggers)
	// WSME takes the id from the query too, over the path's.
	g.GET("/event_triggers/:id", onlyArgs("id"), wsmeUUIDArg("id"), a.enforce("event_triggers:get"), a.getEventTrigger)
	g.POST("/event_triggers", onlyArgs(), a.enforce("event_triggers:create"), a.createEventTrigger)
	g.POST("/event_triggers/:id", bodyArgFromPath("id", "event_trigger", "EventTrigger"))
	for _, path := range []string{"/event_triggers", "/event_triggers/:id"} {
		g.PUT(path, onlyArgs("id"), wsmeUUIDArg("id"), a.enforce("event_triggers:update"), a.updateEventTrigger)
		g.DELETE(path, onlyArgs("id"), wsmeUUIDArg("id"), a.enforce("event_triggers:delete"), a.deleteEventTrigger)
	}
	g.PUT("/event_triggers/:id/:body", wsmeUUIDArg("id"), bodyArgFromPath("body", "event_trigger", "EventTrigger"))
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		g.Handle(method, "/event_triggers/:id/:part", notFound)
	}
}

func eventTriggerResource(t *db.EventTrigger) *data.Map {
	return data.MapOf(
		"id", t.ID,
		"created_at", ts(t.CreatedAt),
		"updated_at", tsPtr(t.UpdatedAt),
		"project_id", t.ProjectID,
		"name", str(t.Name),
		"workflow_id", t.WorkflowID,
		"workflow_input", jsonText(t.WorkflowInput),
		"workflow_params", jsonText(t.WorkflowParams),
		"exchange", t.Exchange,
		"topic", t.Topic,
		"event", t.Event,
		"scope", t.Scope,
	)
}

func (a *api) listEventTriggers(c *gin.Context) {
	req, err := a.parseList(c, eventTriggerList)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.allProjects(c, req, "event_triggers"); err != nil {
		fail(c, err)
		return
	}
	rows, err := db.List[db.EventTrigger](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, t := range rows {
		items = append(items, pick(eventTriggerResource(t), req.fields))
	}
	collection(c, "event_triggers", items, nextLink(c, "event_triggers", req, len(rows), lastID(rows, func(t *db.EventTrigger) string { return t.ID })))
}

func (a *api) getEventTrigger(c *gin.Context) {
	id := c.Param("id")
	if err := checkUUID("id", id); err != nil {
		fail(c, err)
		return
	}
	t, err := a.Store.Read(c.Request.Context()).EventTriggers().Get(id, a.project(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, eventTriggerResource(t))
}

func (a *api) createEventTrigger(c *gin.Context) {
	b, err := readJSON(c, eventTriggerBody)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.checkScope(c, b, "event_triggers"); err != nil {
		fail(c, err)
		return
	}
	for _, k := range []string{"workflow_id", "exchange", "topic", "event"} {
		if b.text(k) == "" {
			// Mistral prints the Python set of the four, whose order
			// varies between its processes.
			fail(c, exc.New(exc.EventTrigger, "Params {'workflow_id', 'exchange', 'topic', 'event'} must be provided for creating event trigger."))
			return
		}
	}
	wf, err := a.Store.Read(c.Request.Context()).WorkflowDefinitions().Get(b.text("workflow_id"), "", a.viewer(c))
	if exc.Is(err, exc.DBEntityNotFound) {
		err = exc.NotFound("Workflow not found [workflow_id=%s]", b.text("workflow_id"))
	}
	if err != nil {
		fail(c, err)
		return
	}
	input := b.dict("workflow_input")
	if err := checkInput(wf, input); err != nil {
		fail(c, err)
		return
	}
	scope := b.text("scope")
	if scope == "" {
		scope = "private"
	}
	name := b.text("name")
	t := &db.EventTrigger{
		Timestamps:     db.Timestamps{CreatedAt: db.Now()},
		ID:             db.NewID(),
		Name:           &name,
		WorkflowID:     b.text("workflow_id"), // as given: its capitals are kept
		WorkflowInput:  db.JSONOf(input),
		WorkflowParams: db.JSONOf(b.dict("workflow_params")),
		Exchange:       b.text("exchange"),
		Topic:          b.text("topic"),
		Event:          b.text("event"),
		Scope:          scope,
		ProjectID:      a.project(c),
	}
	ctx := c.Request.Context()
	if t.TrustID, err = a.newTrust(c); err != nil {
		fail(c, err)
		return
	}
	err = a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		if err := tx.EventTriggers().Create(t); err != nil {
			return err
		}
		events, err := tx.EventTriggers().Events(t.Exchange, t.Topic)
		if err != nil {
			return err
		}
		// Inside the transaction, as Mistral: a failed cast undoes the
		// creation.
		return a.eventEngine().CreateEventTrigger(ctx, t.WireDict(&wf.Namespace), events)
	})
	if err != nil {
		a.dropTrust(ctx, t.TrustID)
		fail(c, err)
		return
	}
	respond(c, http.StatusCreated, eventTriggerResource(t))
}

func (a *api) updateEventTrigger(c *gin.Context) {
	id := c.Param("id")
	if err := checkUUID("id", id); err != nil {
		fail(c, err)
		return
	}
	b, err := readJSON(c, eventTriggerBody)
	if err != nil {
		fail(c, err)
		return
	}
	// Mistral checks the scope's publicize rule, then the fields it does
	// not update, then looks the trigger up.
	if err := a.checkScope(c, b, "event_triggers"); err != nil {
		fail(c, err)
		return
	}
	// Mistral refuses these fields only when they are not empty; an empty
	// text is written, a null one fails on the NOT NULL column (500),
	// which we refuse as well.
	for _, k := range []string{"exchange", "topic", "event"} {
		if b.text(k) != "" || (b.given[k] && !b.has(k)) {
			fail(c, exc.New(exc.EventTrigger, "Can not update fields ['exchange', 'topic', 'event'] of event trigger."))
			return
		}
	}
	var t *db.EventTrigger
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		if t, err = tx.EventTriggers().Get(id, a.project(c)); err != nil {
			return err
		}
		before := *t
		// Every attribute given is written, null ones too.
		if b.given["name"] {
			t.Name = b.textPtr("name")
		}
		if b.given["exchange"] {
			t.Exchange = ""
		}
		if b.given["topic"] {
			t.Topic = ""
		}
		if b.given["event"] {
			t.Event = ""
		}
		if b.has("workflow_id") {
			if _, err := tx.WorkflowDefinitions().Get(b.text("workflow_id"), "", a.viewer(c)); err != nil {
				return err
			}
			t.WorkflowID = b.text("workflow_id") // as given, as on create
		}
		if b.given["workflow_input"] {
			t.WorkflowInput = jsonOrNull(b, "workflow_input")
		}
		if b.given["workflow_params"] {
			t.WorkflowParams = jsonOrNull(b, "workflow_params")
		}
		if b.has("scope") {
			t.Scope = b.text("scope")
		}
		// As Mistral's session, a trigger left as it was is not written,
		// so its updated_at stays; input and params compare by Python's
		// equality (jsonEqual). The answer shows the values given.
		same := *t
		same.WorkflowInput, same.WorkflowParams = before.WorkflowInput, before.WorkflowParams
		if !reflect.DeepEqual(same, before) || !jsonEqual(before.WorkflowInput, t.WorkflowInput) ||
			!jsonEqual(before.WorkflowParams, t.WorkflowParams) {
			if err := tx.EventTriggers().Save(t); err != nil {
				return err
			}
		}
		return a.eventEngine().UpdateEventTrigger(c.Request.Context(), t.WireDict(nil))
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, eventTriggerResource(t))
}

// jsonOrNull is a jsontype attribute of a body as its column: NULL when
// the body gave null.
func jsonOrNull(b *jsonBody, k string) db.JSON {
	if !b.has(k) {
		return db.JSON{}
	}
	return db.JSONOf(b.dict(k))
}

func (a *api) deleteEventTrigger(c *gin.Context) {
	id := c.Param("id")
	if err := checkUUID("id", id); err != nil {
		fail(c, err)
		return
	}
	var trustID *string
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		t, err := tx.EventTriggers().Get(id, a.project(c))
		if err != nil {
			return err
		}
		trustID = t.TrustID
		if err := tx.EventTriggers().Delete(id); err != nil {
			return err
		}
		events, err := tx.EventTriggers().Events(t.Exchange, t.Topic)
		if err != nil {
			return err
		}
		return a.eventEngine().DeleteEventTrigger(c.Request.Context(), t.WireDict(nil), slices.Compact(slices.Sorted(slices.Values(events))))
	})
	if err != nil {
		fail(c, err)
		return
	}
	a.dropTrust(c.Request.Context(), trustID)
	noContent(c)
}
