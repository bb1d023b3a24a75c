package refcompare

import "slices"

// The vsw_ scenarios: sub-workflows seen through the REST API: the
// children a retried, timed out or paused-before workflow task made, as
// GET /v2/executions?task_execution_id= lists them, and what the task
// shows. Waits are on states the API shows, never on time.

func init() {
	scenarios = append(scenarios, vswChildrenScenario, vswRerunScenario, vswTreeScenario, vswEnvNamesScenario, vswIndexInputScenario)
}

// vswChildrenWorkflows: a child that fails with a message, retried; a
// child that never ends under a timeout; a task paused before its child
// starts; a child whose result the task does not keep.
const vswChildrenWorkflows = `---
version: '2.0'
vsw_ch_fail:
  input:
    - why: no
  tasks:
    t:
      action: std.noop
      on-success:
        - fail msg=<% 'failed ' + $.why %>
  output-on-error: {why: <% $.why %>}
vsw_ch_retry:
  tasks:
    call:
      workflow: vsw_ch_fail why="twice"
      retry: {count: 1, delay: 0}
vsw_ch_async:
  tasks:
    t:
      action: std.async_noop
vsw_ch_timeout:
  tasks:
    call:
      workflow: vsw_ch_async
      timeout: 1
vsw_ch_ok:
  input: [v]
  tasks:
    t:
      action: std.echo output=<% $.v %>
      publish: {v: <% task().result %>}
  output: {v: <% $.v %>}
vsw_ch_pause:
  tasks:
    call:
      workflow: vsw_ch_ok v=1
      pause-before: true
      keep-result: false
      publish: {own: <% task().result %>}
`

// vswChildrenFields are the execution fields the children lists show.
const vswChildrenFields = "&fields=workflow_name,state,state_info,input,output,params,task_execution_id,root_execution_id"

// vswChildOrder: Mistral lists a task's children in the database's order
// of their random ids.
var vswChildOrder = map[string]string{
	"executions.0.id": "Mistral lists a task's children in the database's order of their random ids",
	"executions.1.id": "Mistral lists a task's children in the database's order of their random ids",
}

var vswChildrenScenario = scenario{name: "vsw_children", steps: []step{
	{method: post, path: "/workflows", body: vswChildrenWorkflows},

	// A child failing twice under retry: two children, the task's
	// state_info and result from the last.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_ch_retry"}, save: map[string]string{"r": "id"}},
	{method: get, path: "/executions/{r}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/executions/{r}/tasks", save: map[string]string{"rt": "tasks.0.id"}},
	{method: get, path: "/tasks/{rt}"},
	{method: get, path: "/executions?task_execution_id={rt}" + vswChildrenFields, ignore: vswChildOrder},

	// A child that never ends, under a timeout: the task fails, the child
	// stays as Mistral leaves it.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_ch_timeout"}, save: map[string]string{"t": "id"}},
	{method: get, path: "/executions/{t}", settle: true},
	{method: get, path: "/executions/{t}/tasks", save: map[string]string{"tt": "tasks.0.id"}},
	{method: get, path: "/tasks/{tt}"},
	{method: get, path: "/executions?task_execution_id={tt}" + vswChildrenFields, save: map[string]string{"tc": "executions.0.id"}},
	{method: get, path: "/executions/{tc}/tasks?fields=name,state,state_info"},
	{method: put, path: "/executions/{tc}", body: map[string]any{"state": "CANCELLED"}},
	{method: get, path: "/executions/{t}"},

	// Paused before its child starts: no child yet; resumed, the child
	// runs, and the task does not keep its result.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_ch_pause"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}/tasks?state=IDLE", until: "tasks.0.id", save: map[string]string{"pt": "tasks.0.id"}},
	{method: get, path: "/executions/{p}"},
	{method: get, path: "/executions?task_execution_id={pt}" + vswChildrenFields},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/tasks/{pt}"},
	{method: get, path: "/executions?task_execution_id={pt}" + vswChildrenFields},

	{method: del, path: "/executions/{r}?force=true"},
	{method: del, path: "/executions/{t}?force=true"},
	{method: del, path: "/executions/{p}?force=true"},
	{method: del, path: "/workflows/vsw_ch_retry"},
	{method: del, path: "/workflows/vsw_ch_fail"},
	{method: del, path: "/workflows/vsw_ch_timeout"},
	{method: del, path: "/workflows/vsw_ch_async"},
	{method: del, path: "/workflows/vsw_ch_pause"},
	{method: del, path: "/workflows/vsw_ch_ok"},
}}

// vswRerunWorkflows: a child that fails unless the env says otherwise,
// called alone and from a with-items task (where only item 1 fails).
const vswRerunWorkflows = `---
version: '2.0'
vsw_rr_child:
  input:
    - i: 1
  tasks:
    t:
      action: std.noop
      on-success:
        - fail msg="bad item": <% $.i = 1 and env().get('bad', true) %>
  output: {i: <% $.i %>, bad: <% env().get('bad') %>}
vsw_rr_parent:
  tasks:
    call:
      workflow: vsw_rr_child
      publish: {r: <% task().result %>}
      on-success: after
    after:
      action: std.echo output=<% env().get('bad') %>
      publish: {a: <% task().result %>}
vsw_rr_wi:
  tasks:
    each:
      with-items: i in [0, 1]
      workflow: vsw_rr_child i=<% $.i %>
      publish: {r: <% task().result %>}
`

// vswRerunFields are the fields of a task's children compared after a
// rerun, listed by state (Mistral lists them in no particular order).
const vswRerunFields = "&fields=workflow_name,state,state_info,input,output,params"

// vswRerunScenario: a failed workflow task rerun with reset and an env
// that fixes its child; a with-items task over sub-workflows rerun
// without reset.
var vswRerunScenario = scenario{name: "vsw_rerun", steps: []step{
	{method: post, path: "/workflows", body: vswRerunWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_rr_parent"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks", save: map[string]string{"pt": "tasks.0.id"}},
	{method: put, path: "/tasks/{pt}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"bad": false}}, ignore: vlcSubRerunRace},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info,published"},
	{method: get, path: "/tasks/{pt}"},
	{method: get, path: "/executions?task_execution_id={pt}&state=ERROR" + vswRerunFields},
	{method: get, path: "/executions?task_execution_id={pt}&state=SUCCESS" + vswRerunFields},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_rr_wi"}, save: map[string]string{"w": "id"}},
	{method: get, path: "/executions/{w}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/executions/{w}/tasks", save: map[string]string{"wt": "tasks.0.id"}, ignore: vlcIdxOrder},
	{method: put, path: "/tasks/{wt}", body: map[string]any{"reset": false, "state": "RUNNING", "env": map[string]any{"bad": false}}, ignore: vlcSubRerunRace},
	{method: get, path: "/executions/{w}", settle: true},
	{method: get, path: "/tasks/{wt}"},
	{method: get, path: "/executions?task_execution_id={wt}&state=ERROR" + vswRerunFields},
	{method: get, path: "/executions?task_execution_id={wt}&state=SUCCESS&sort_keys=input" + vswRerunFields},

	{method: del, path: "/executions/{p}?force=true"},
	{method: del, path: "/executions/{w}?force=true"},
	{method: del, path: "/workflows/vsw_rr_parent"},
	{method: del, path: "/workflows/vsw_rr_wi"},
	{method: del, path: "/workflows/vsw_rr_child"},
}}

// vswTreeWorkflows: three levels, the leaf waiting on an asynchronous
// action, the middle one handling nothing, the root handling its task's
// error.
const vswTreeWorkflows = `---
version: '2.0'
vsw_tr_leaf:
  tasks:
    w:
      action: std.async_noop
vsw_tr_mid:
  tasks:
    call:
      workflow: vsw_tr_leaf
      on-success: after
    after:
      action: std.noop
vsw_tr_root:
  tasks:
    call:
      workflow: vsw_tr_mid
      on-error: handle
    handle:
      action: std.echo output=<% task(call).state_info %>
      publish: {h: <% task().result %>}
`

// vswTreeStart starts vsw_tr_root as {name} and saves its middle
// execution {name}m, the leaf {name}l and the leaf's action {name}a.
func vswTreeStart(name string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_tr_root"}, save: map[string]string{name: "id"}},
		{method: get, path: "/executions?workflow_name=vsw_tr_mid&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "m": "executions.0.id"}},
		{method: get, path: "/executions?workflow_name=vsw_tr_leaf&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "l": "executions.0.id"}},
		{method: get, path: "/executions/{" + name + "l}/tasks", until: "tasks.0.id", save: map[string]string{name + "lt": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "lt}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "a": "action_executions.0.id"}},
	}
}

// vswTreeStates reads the three levels of tree {name} and their tasks.
func vswTreeStates(name string) []step {
	return []step{
		{method: get, path: "/executions/{" + name + "l}", settle: true},
		{method: get, path: "/executions/{" + name + "m}", settle: true},
		{method: get, path: "/executions/{" + name + "}", settle: true},
		{method: get, path: "/executions/{" + name + "m}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: get, path: "/executions/{" + name + "}/tasks?sort_keys=name&fields=name,state,state_info,published"},
	}
}

// vswTreeScenario: a three-level tree whose leaf is failed, cancelled, or
// whose middle execution is cancelled, through the API, and one cancelled
// from the middle while the leaf's action is then completed.
var vswTreeScenario = scenario{name: "vsw_tree", steps: slices.Concat(
	[]step{{method: post, path: "/workflows", body: vswTreeWorkflows}},
	vswTreeStart("f"),
	[]step{{method: put, path: "/executions/{fl}", body: map[string]any{"state": "ERROR", "state_info": "leaf stopped"}}},
	vswTreeStates("f"),
	vswTreeStart("c"),
	[]step{{method: put, path: "/executions/{cl}", body: map[string]any{"state": "CANCELLED", "state_info": "leaf cancelled"}}},
	vswTreeStates("c"),
	vswTreeStart("m"),
	[]step{
		{method: put, path: "/executions/{mm}", body: map[string]any{"state": "CANCELLED"}},
		{method: get, path: "/executions/{mm}"},
		{method: get, path: "/executions/{ml}"},
		{method: put, path: "/action_executions/{ma}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}}},
	},
	vswTreeStates("m"),
	[]step{
		{method: del, path: "/executions/{f}?force=true"},
		{method: del, path: "/executions/{c}?force=true"},
		{method: del, path: "/executions/{m}?force=true"},
		{method: del, path: "/workflows/vsw_tr_root"},
		{method: del, path: "/workflows/vsw_tr_mid"},
		{method: del, path: "/workflows/vsw_tr_leaf"},
	},
)}

// vswEnvWorkflows: a child that shows its env, called with the parent's
// env, with an environment given by name in its input, and with a dict.
const vswEnvWorkflows = `---
version: '2.0'
vsw_en_child:
  input: [tag]
  tasks:
    t:
      action: std.noop
      publish: {e: <% env() %>}
  output: {tag: <% $.tag %>, env: <% $.e %>}
vsw_en_parent:
  tasks:
    inherit:
      workflow: vsw_en_child tag="a"
      publish: {inherit: <% task().result.env %>}
      on-success: named
    named:
      workflow: vsw_en_child tag="b"
      input: {env: vsw_en_env2}
      publish: {named: <% task().result.env %>}
      on-success: dict
    dict:
      workflow: vsw_en_child tag="c"
      input:
        env: {d: 1}
      publish: {dict: <% task().result.env %>}
`

// vswEnvNamesScenario: environments given by name to the root execution
// and to a sub-workflow through its input: what each child sees and what
// its params keep.
var vswEnvNamesScenario = scenario{name: "vsw_env_names", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "vsw_en_env1", "variables": `{"k": "one", "n": 1}`}},
	{method: post, path: "/environments", body: map[string]any{"name": "vsw_en_env2", "variables": `{"k": "two"}`}},
	{method: post, path: "/workflows", body: vswEnvWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_en_parent", "params": `{"env": "vsw_en_env1"}`},
		save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions?root_execution_id={p}&workflow_name=vsw_en_child&sort_keys=output&fields=params,output,state"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_en_parent"}, save: map[string]string{"q": "id"}},
	{method: get, path: "/executions/{q}", settle: true},
	{method: get, path: "/executions?root_execution_id={q}&workflow_name=vsw_en_child&sort_keys=output&fields=params,output,state"},
	{method: del, path: "/executions/{p}?force=true"},
	{method: del, path: "/executions/{q}?force=true"},
	{method: del, path: "/workflows/vsw_en_parent"},
	{method: del, path: "/workflows/vsw_en_child"},
	{method: del, path: "/environments/vsw_en_env1"},
	{method: del, path: "/environments/vsw_en_env2"},
}}

// vswIndexInputScenario: a with-items task over sub-workflows given an
// undeclared "index" input, which overrides their params' index and
// orders the task's result.
var vswIndexInputScenario = scenario{name: "vsw_index_input", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvsw_ix_sub:\n  input: [v]\n  tasks:\n    t:\n      action: std.noop\n" +
		"  output: {v: <% $.v %>}\nvsw_ix:\n  tasks:\n    each:\n      with-items: v in [10, 20, 30]\n      concurrency: 1\n" +
		"      workflow: vsw_ix_sub\n      input:\n        v: <% $.v %>\n        index: <% 3 - $.v / 10 %>\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vsw_ix"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions?task_execution_id={t}&sort_keys=input&fields=input,params,output"},
	{method: del, path: "/executions/{e}?force=true"},
	{method: del, path: "/workflows/vsw_ix"},
	{method: del, path: "/workflows/vsw_ix_sub"},
}}
