package refcompare

import "net/http"

func init() {
	scenarios = append(scenarios, vlqWorkflowListScenario, vlqDefinitionListsScenario, vlqExecutionListScenario, vlqActionSortScenario,
		vlqAdminListsScenario, vlqNullMarkersScenario, vlqSubListsScenario)
}

// Why we knowingly answer otherwise than Mistral 15 in the vlq_ scenarios.
const (
	vlqLimitSQL500 = "Mistral 15 fails with 500 (the database refuses a LIMIT beyond 2**64-1); we read a limit beyond int64 as no limit"
	vlqActionMixed = "Mistral 15 fails with 500 ('>' not supported between instances of 'str' and 'datetime.datetime') on an " +
		"action list sorted by created_at that holds system and ad-hoc actions (what python-mistralclient's action-list " +
		"sends); we sort a system action by its name in place of its time"
	vlqActionTie = "Mistral 15 fails with 500 ('str' object has no attribute 'name') on an action list sorted by two keys " +
		"when the first ties; we sort by the second"
	vlqParamsFields = "with fields naming params (no column of action executions), Mistral 15 pairs the other columns' " +
		"values with the wrong names and refuses its own answer (400 JsonType field value must be a dictionary); we answer the " +
		"fields that are columns"
	vlqNullsID = "Mistral 15 fails with 500 (ValueError: The field 'id' can't hold None value.) on nulls naming id; " +
		"we refuse it with 400 and that message"
	vlqEmptyNames = "Mistral 15 fails with 500 (SQL syntax: name = ()) on an empty name of a task's action executions, " +
		"which it reads as a list; we match no action execution"
	vlqInterface = "with fields naming interface and input, Mistral 15 pairs the spec column's value with the name " +
		"interface and renders no input; we answer the fields asked for"
)

// vlqWorkflows: names that sort alike under MySQL's case-blind collation
// and SQLite's binary one (no capitals, no '_' after the common prefix).
const vlqWorkflows = `---
version: '2.0'
vlq_la:
  tags: [vlqt1, vlqt2]
  input:
    - x: 1
  tasks:
    t:
      action: std.echo output=<% $.x %>
vlq_lb:
  tags: [vlqt2]
  tasks:
    t:
      action: std.noop
vlq_l1c:
  tasks:
    t:
      action: std.fail
`

// vlqWorkflowListScenario: the workflow list's filters (has: with LIKE
// wildcards, text tags split at commas as given, times as MySQL reads
// them), its sorting, limits as Python's int() reads them, next links
// and fields.
var vlqWorkflowListScenario = scenario{name: "vlq_workflow_list", steps: []step{
	{method: post, path: "/workflows", body: vlqWorkflows},
	{method: post, path: "/workflows?namespace=vlq_ns", body: "---\nversion: '2.0'\nvlq_la:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=name,namespace&fields=name,namespace,scope,tags"},

	// has: is LIKE '%value%': '_' is any one character, '%' any text.
	{method: get, path: "/workflows?name=has:vlq_l_c&fields=name"},
	{method: get, path: "/workflows?name=has:vlq%25c&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l%25&sort_keys=name&fields=name&namespace="},

	// Tags: text split at every comma, blanks kept.
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt1,vlqt2&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt2,vlqt1&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt1,%20vlqt2&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt1,&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=,&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=%20&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=VLQT1&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=eq:vlqt2&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=eq:&sort_keys=name,namespace&fields=name,namespace"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=in:vlqt1&sort_keys=name,namespace&fields=name,namespace"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=vlqt2&limit=1&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=in:vlqt1,x&limit=1&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=has:vlqt&limit=1&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&tags=&limit=1&sort_keys=name&fields=name"},

	// Namespace and scope.
	{method: get, path: "/workflows?name=has:vlq_l&namespace=vlq_ns&fields=name,namespace,scope"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=neq:&fields=name,namespace"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=has:ns&fields=name,namespace"},
	{method: get, path: "/workflows?name=has:vlq_l&scope=public&fields=name,scope"},
	{method: get, path: "/workflows?name=has:vlq_l&scope=private&namespace=vlq_ns&fields=name,scope"},
	{method: get, path: "/workflows?name=has:vlq_l&scope=in:public,private&sort_keys=scope,name,namespace&sort_dirs=desc&fields=name,scope"},
	{method: get, path: "/workflows?name=has:vlq_l&scope=bogus"},
	{method: get, path: "/workflows?name=has:vlq_l&definition=has:std.fail&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&input=x", differs: column500, status: http.StatusBadRequest},

	// Times as MySQL reads them: zones and trailing text dropped, any
	// punctuation, digits only, hours alone.
	{method: get, path: "/workflows?name=has:vlq_l&created_at=lt:2099-01-01T00:00:00Z&namespace=&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=gt:2099-01-01T00:00:00%2B05:00&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=lt:2099/01/01&namespace=&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=gt:20000101&namespace=&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=gt:20990101000000&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=lt:2000-01-01T10&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=lte:2099-01-01%2000:00:00.5Z&namespace=&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=gte:2099-02-30&namespace=&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&updated_at=eq:&fields=name&namespace=&sort_keys=name"},
	{method: get, path: "/workflows?name=has:vlq_l&created_at=has:20&limit=1&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?namespace=&definition=has:std&tags=vlqt2&scope=private&name=has:vlq_l&created_at=gt:2000-01-01" +
		"&limit=1&sort_keys=name&fields=name"},

	// Sorting.
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=NAME&sort_dirs=DESC&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name,&sort_dirs=desc,&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=namespace,name&sort_dirs=desc&fields=name,namespace"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=name,name&sort_dirs=desc,asc&namespace=&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=name,%20name&namespace=&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=name,&sort_dirs=desc,asc"},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=interface", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/workflows?name=has:vlq_l&sort_keys=input", differs: sortKey500, status: http.StatusBadRequest},

	// Limits as Python's int() reads them.
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=name&limit=1_0"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=name&limit=%201"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=name&limit=+2"},
	{method: get, path: "/workflows?name=has:vlq_l&limit=1__0"},
	{method: get, path: "/workflows?name=has:vlq_l&limit=-1"},
	{method: get, path: "/workflows?name=has:vlq_l&limit=1.5"},
	{method: get, path: "/workflows?name=has:vlq_l&limit=0x10"},
	{method: get, path: "/workflows?name=has:vlq_l&limit=99999999999999999999&fields=name", differs: vlqLimitSQL500, status: http.StatusOK},

	// Arguments given twice: typed ones are refused with the list of
	// their values, text and list ones take the last.
	{method: get, path: "/workflows?name=has:vlq_l&limit=5&limit=1"},
	{method: get, path: "/workflows?name=has:vlq_l&marker=" + noID + "&marker=" + noID},
	{method: get, path: "/workflows?name=has:vlq_l&project_id=abc&project_id=def"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&sort_keys=namespace,name&sort_dirs=desc&sort_dirs=asc&fields=tags&fields=name"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&all_projects=&all_projects=&sort_keys=name&fields=name"},
	{method: get, path: "/actions?name=in:std.echo,std.noop&limit=2&limit=1"},

	// Pages: a next link and the page it leads to; markers of another
	// kind or no uuid.
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&sort_dirs=desc&limit=2", save: map[string]string{"m": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&sort_dirs=desc&limit=2&marker={m}"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=created_at,name&limit=2&fields=name,created_at", save: map[string]string{"m2": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=created_at,name&limit=2&fields=name&marker={m2}"},
	{method: post, path: "/environments", body: map[string]any{"name": "vlq_lenv"}, save: map[string]string{"env": "id"}},
	{method: get, path: "/workflows?name=has:vlq_l&marker={env}"},
	{method: get, path: "/workflows?name=has:vlq_l&marker=vlq_la"},
	{method: get, path: "/workflows?name=has:vlq_l&marker=" + noID[:8] + noID[9:13] + noID[14:18] + noID[19:23] + noID[24:]},
	{method: del, path: "/environments/vlq_lenv"},

	// Fields: interface is no column, rendered from the spec input brings.
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=name,interface"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=interface&limit=1"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=input,name&limit=1"},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=interface,input&limit=1", differs: vlqInterface, status: http.StatusOK},
	{method: get, path: "/workflows?name=has:vlq_l&namespace=&sort_keys=name&fields=name,,ID,%20scope"},
	{method: get, path: "/workflows?name=has:vlq_l&fields=name,bogus,other"},
	{method: get, path: "/workflows?name=has:vlq_l&fields=spec"},

	{method: del, path: "/workflows/vlq_la?namespace=vlq_ns"},
	{method: del, path: "/workflows/vlq_la"},
	{method: del, path: "/workflows/vlq_lb"},
	{method: del, path: "/workflows/vlq_l1c"},
}}

// vlqDefinitionListsScenario: the lists of workbooks, environments, cron
// triggers and actions: filters, sorting, pages and fields.
var vlqDefinitionListsScenario = scenario{name: "vlq_definition_lists", steps: []step{
	{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: vlq_dwa\ntags: [vlqk]\nworkflows:\n  w:\n    input: [y]\n    tasks:\n      t:\n        action: std.noop\n"},
	{method: post, path: "/workbooks?namespace=vlq_dns", body: "---\nversion: '2.0'\nname: vlq_dwb\n"},
	{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: vlq_dwc\ntags: [vlqk, vlqj]\n"},
	{method: get, path: "/workbooks?name=has:vlq_dw&sort_keys=name&fields=name,namespace,scope,tags"},
	{method: get, path: "/workbooks?name=has:vlq_dw&tags=vlqj,vlqk&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&tags=vlqk,%20vlqj&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&tags=vlqk,&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_d_b&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&namespace=vlq_dns&fields=name,namespace"},
	{method: get, path: "/workbooks?name=has:vlq_dw&scope=private&sort_keys=name&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&definition=has:workflows&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&created_at=lt:2099-01-01T00:00:00Z&sort_keys=name&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&sort_keys=namespace,name&sort_dirs=desc,desc&limit=2&fields=name,namespace"},
	{method: get, path: "/workbooks?name=has:vlq_dw&sort_keys=name&limit=1"},
	{method: get, path: "/workbooks?name=has:vlq_dw&sort_keys=bogus", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/workbooks?name=has:vlq_dw&fields=name,bogus"},
	{method: get, path: "/workbooks?name=has:vlq_dw&limit=1_0&sort_keys=name&fields=name"},
	{method: get, path: "/workbooks?name=has:vlq_dw&project_id=abc"},
	{method: get, path: "/workflows?name=has:vlq_dwa&fields=name,input,interface", differs: vlqInterface, status: http.StatusOK},
	{method: get, path: "/workflows?name=has:vlq_dwa&fields=name,interface"},

	// Environments: has: wildcards in text with % and _, descriptions
	// that are null sort first.
	{method: post, path: "/environments", body: map[string]any{"name": "vlq_dea", "description": "first env", "variables": map[string]any{"a": 1}}},
	{method: post, path: "/environments", body: map[string]any{"name": "vlq_deb", "variables": map[string]any{"b": []any{1, 2}}}},
	{method: post, path: "/environments", body: map[string]any{"name": "vlq_dec", "description": "50% off_"}},
	{method: get, path: "/environments?name=has:vlq_de&sort_keys=name&fields=name,description,scope,variables"},
	{method: get, path: "/environments?name=has:vlq_de&description=has:0%25%20o&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&description=has:f_&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&description=has:rst%25v&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&description=neq:first%20env&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&description=in:first%20env,50%25%20off_&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&description=gt:a&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&variables=%7B%22a%22:%201%7D&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&variables=eq:%7B%7D"},
	{method: get, path: "/environments?name=has:vlq_de&sort_keys=description,name&sort_dirs=desc&fields=name,description"},
	{method: get, path: "/environments?name=has:vlq_de&sort_keys=description,name&fields=name,description&limit=2",
		save: map[string]string{"em": "environments.1.id"}},
	{method: get, path: "/environments?name=has:vlq_de&scope=private&sort_keys=name&limit=1"},
	{method: get, path: "/environments?scope=private&description=has:e&name=has:vlq_de&created_at=gt:2000-01-01&sort_keys=name&limit=1&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&updated_at=gt:2000-01-01T00:00:00Z&fields=name"},
	{method: get, path: "/environments?name=has:vlq_de&sort_keys=name&fields=NAME,%20Scope"},
	{method: get, path: "/environments?name=has:vlq_de&namespace=x"},

	// Cron triggers far in the future, for their times.
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlq_dcw:\n  input:\n    - x: 0\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vlq_dca", "workflow_name": "vlq_dcw", "pattern": "0 5 * * *",
		"first_execution_time": "2099-01-01 00:00", "remaining_executions": 3, "workflow_input": map[string]any{"x": 7}}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vlq_dcb", "workflow_name": "vlq_dcw",
		"first_execution_time": "2098-06-01 12:30"}},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&sort_keys=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&first_execution_time=2099-01-01T00:00:00Z&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&first_execution_time=20990101&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&next_execution_time=lt:2099-01-01T00:00:00%2B01:00&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&next_execution_time=gte:2098/06/01%2012:30&sort_keys=name&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&pattern=has:5%25*&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&remaining_executions=3_0&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&remaining_executions=%203&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&remaining_executions=3.0&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&remaining_executions=3&remaining_executions=3"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&workflow_input=%7B%22x%22:%207%7D&fields=name"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&sort_keys=remaining_executions,name&sort_dirs=desc&fields=name,remaining_executions"},
	{method: get, path: "/cron_triggers?name=has:vlq_dc&sort_keys=first_execution_time&limit=1&fields=name,first_execution_time"},
	{method: get, path: "/cron_triggers?pattern=has:*&scope=private&workflow_name=vlq_dcw&remaining_executions=3&name=has:vlq_dc&created_at=gt:2000-01-01" +
		"&first_execution_time=gt:2000-01-01&next_execution_time=gt:2000-01-01&limit=1&fields=name"},
	{method: del, path: "/cron_triggers/vlq_dca"},
	{method: del, path: "/cron_triggers/vlq_dcb"},

	// Actions: ordered by name, paged by name.
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvlq_daa:\n  base: std.noop\nvlq_dab:\n  base: std.noop\nvlq_d1c:\n  base: std.noop\n"},
	{method: get, path: "/actions?name=has:vlq_d&fields=name"},
	{method: get, path: "/actions?name=has:vlq_da_&fields=name"},
	{method: get, path: "/actions?name=has:vlq_d&sort_dirs=desc&limit=2"},
	{method: get, path: "/actions?name=has:vlq_d&limit=1_0"},
	{method: get, path: "/actions?name=has:vlq_d&marker=vlq_daa&limit=1"},

	{method: del, path: "/actions/vlq_daa"},
	{method: del, path: "/actions/vlq_dab"},
	{method: del, path: "/actions/vlq_d1c"},
	{method: del, path: "/workflows/vlq_dcw"},
	{method: del, path: "/environments/vlq_dea"},
	{method: del, path: "/environments/vlq_deb"},
	{method: del, path: "/environments/vlq_dec"},
	{method: del, path: "/workbooks/vlq_dwa"},
	{method: del, path: "/workflows/vlq_dwa.w"},
	{method: del, path: "/workbooks/vlq_dwb?namespace=vlq_dns"},
	{method: del, path: "/workbooks/vlq_dwc"},
}}

// vlqExecutionWorkflows: three workflows whose names differ in a letter
// or digit only.
const vlqExecutionWorkflows = `---
version: '2.0'
vlq_exa:
  input:
    - x: 1
  tasks:
    t:
      action: std.echo output=<% $.x %>
  output:
    got: <% task(t).result %>
vlq_exb:
  tasks:
    t:
      action: std.noop
vlq_ex1:
  tasks:
    t:
      action: std.fail
`

// vlqExecutionListScenario: nulls as Mistral reads it (lower-cased, for
// the filters left out only, shown in next links), has: wildcards and
// times on executions, tasks and action executions.
var vlqExecutionListScenario = scenario{name: "vlq_execution_list", steps: []step{
	{method: post, path: "/workflows", body: vlqExecutionWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlq_exa", "description": "vlq one", "input": map[string]any{"x": 1}},
		save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlq_exb", "description": "vlq two"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlq_ex1"}, save: map[string]string{"e3": "id"}},
	{method: get, path: "/executions/{e3}", settle: true},

	// nulls.
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=description&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=DESCRIPTION&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=%20Description%20,&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?description=has:vlq&nulls=description&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=state_info&sort_keys=workflow_name&limit=1&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=description,state_info,task_execution_id&sort_keys=workflow_name&limit=1&fields=state"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=workflow_namespace&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=,&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=tags,root_execution_id&sort_keys=workflow_name&limit=1&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=state,input&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=id", differs: vlqNullsID, status: http.StatusBadRequest},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&nulls=bogus", differs: nulls500, status: http.StatusBadRequest},

	// has: wildcards, states, times.
	{method: get, path: "/executions?workflow_name=has:vlq_ex_&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq%25b&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&state=in:SUCCESS,%20ERROR&sort_keys=workflow_name&fields=workflow_name,state"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&state=nin:SUCCESS,&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&state_info=has:Fail&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&created_at=lt:2099-01-01T00:00:00Z&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&updated_at=gt:2000-01-01T00:00:00.000000Z&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&created_at=gt:2099-01-01%2000:00:00%2B00:00&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&sort_keys=state,workflow_name&sort_dirs=asc,desc&fields=workflow_name,state"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&sort_keys=description&sort_dirs=desc&fields=description"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&sort_keys=workflow_name&include_output=1&limit=2&fields=output"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&sort_keys=workflow_name&limit=1_0&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&tags=a,&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&workflow_id=" + noID + "&workflow_id=" + noID},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&input=%7B%7D&input=%7B%7D"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&state=ERROR&state=SUCCESS&include_output=1&include_output=&sort_keys=workflow_name&fields=state"},
	{method: get, path: "/executions/{e1}/executions?max_depth=1&max_depth=2"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&tags=,&sort_keys=workflow_name&limit=1&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&tags=&sort_keys=workflow_name&limit=1&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:vlq_ex&tags=in:A,%20b,a&sort_keys=workflow_name&limit=1&fields=workflow_name"},

	// Tasks and action executions of the executions.
	{method: get, path: "/tasks?workflow_name=has:vlq_ex_&sort_keys=workflow_name&fields=workflow_name,state"},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&created_at=lt:2099-01-01T00:00:00Z&state=in:ERROR,%20SUCCESS&sort_keys=workflow_name&fields=workflow_name"},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&sort_keys=workflow_name&sort_dirs=desc&limit=2&fields=name"},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&tags=x,&sort_keys=workflow_name&limit=1&fields=name"},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&tags=,&sort_keys=workflow_name&limit=1&fields=name"},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&tags=eq:&sort_keys=workflow_name&limit=1&fields=name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex_&sort_keys=workflow_name&fields=workflow_name,state,name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&name=has:std.e_ho&fields=workflow_name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&updated_at=gt:2000-01-01T00:00:00Z&sort_keys=workflow_name&limit=2&fields=name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&tags=&sort_keys=workflow_name&limit=1&fields=name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&tags=nin:a&sort_keys=workflow_name&limit=1&fields=name"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&sort_keys=workflow_name&fields=params,accepted", differs: vlqParamsFields, status: http.StatusOK},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&sort_keys=accepted,workflow_name&sort_dirs=desc&fields=name,accepted"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&sort_keys=workflow_name&include_output=&fields=name,output"},
	{method: get, path: "/action_executions?workflow_name=has:vlq_ex&params=%7B%7D", differs: column500, status: http.StatusBadRequest},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&env=%7B%7D", differs: column500, status: http.StatusBadRequest},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&reset=", differs: column500, status: http.StatusBadRequest},
	{method: get, path: "/tasks?workflow_name=has:vlq_ex&sort_keys=workflow_name&fields=result,published_global,env,reset"},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/workflows/vlq_exa"},
	{method: del, path: "/workflows/vlq_exb"},
	{method: del, path: "/workflows/vlq_ex1"},
}}

// vlqStd are system actions of the action list scenario.
const vlqStd = "name=in:std.echo,std.noop,std.fail,std.async_noop"

// vlqActionSortScenario: the action list sorted by its attributes:
// system actions have no times and sort by name in their place; keys that
// are no column of Mistral's action table are refused.
var vlqActionSortScenario = scenario{name: "vlq_action_sort", steps: []step{
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=created_at&sort_dirs=desc&fields=name"},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=updated_at"},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=id&sort_dirs=desc&limit=3"},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=created_at&limit=2&marker=std.echo"},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=created_at&sort_dirs=asc" +
		"&fields=id%2Cname%2Cis_system%2Cinput%2Cdescription%2Ctags%2Ccreated_at%2Cupdated_at"},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=description", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=is_system", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=tags", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=input", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=definition", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/actions?" + vlqStd + "&sort_keys=namespace,name&sort_dirs=desc,desc", differs: vlqActionTie, status: http.StatusOK},
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvlq_sa_std.echo:\n  base: std.echo output=1\n"},
	{method: get, path: "/actions?name=in:std.echo,vlq_sa_std.echo&sort_keys=name&sort_dirs=desc&fields=name"},
	{method: get, path: "/actions?name=in:std.echo,vlq_sa_std.echo&sort_keys=created_at", differs: vlqActionMixed, status: http.StatusOK},
	{method: get, path: "/actions?name=has:vlq_sa_std&sort_keys=created_at,name&limit=1"},
	{method: del, path: "/actions/vlq_sa_std.echo"},
}}

// vlqAdminListsScenario: the code source and dynamic action lists, which
// the default policy keeps for admins, refuse bad arguments (WSME) before
// the policy refuses the caller.
var vlqAdminListsScenario = scenario{name: "vlq_admin_lists", steps: []step{
	{method: get, path: "/code_sources?name=has:vlq&fields=name"},
	{method: get, path: "/code_sources?foo=1"},
	{method: get, path: "/code_sources?limit=abc"},
	{method: get, path: "/code_sources?limit=1_0"},
	{method: get, path: "/code_sources?marker=x"},
	{method: get, path: "/code_sources?limit=0"},
	{method: get, path: "/code_sources?sort_keys=bogus&fields=bogus"},
	{method: get, path: "/dynamic_actions?foo=1"},
	{method: get, path: "/dynamic_actions?marker=x&limit=abc"},
	{method: get, path: "/dynamic_actions?marker=" + noID},
	{method: get, path: "/dynamic_actions?created_at=x&name=has:vlq"},
	{method: get, path: "/dynamic_actions?limit=-1"},
}}

// vlqNullMarkersScenario: pages after a marker whose sort value is NULL,
// or of rows whose value is NULL, as oslo.db's paginate_query builds them
// for Mistral: a NULL marker value orders nothing and a NULL never sorts
// after a value. One of four workflows is updated (updated_at set).
var vlqNullMarkersScenario = scenario{name: "vlq_null_markers", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlq_pa:\n  tasks:\n    t:\n      action: std.noop\n" +
		"vlq_pb:\n  tasks:\n    t:\n      action: std.noop\nvlq_pc:\n  tasks:\n    t:\n      action: std.noop\n" +
		"vlq_pd:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: put, path: "/workflows", body: "---\nversion: '2.0'\nvlq_pc:\n  description: changed\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=name&fields=name", save: map[string]string{
		"pa": "workflows.0.id", "pb": "workflows.1.id", "pc": "workflows.2.id", "pd": "workflows.3.id"}},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&fields=name&marker={pa}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&fields=name&marker={pb}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&fields=name&marker={pd}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,desc&fields=name&marker={pa}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,desc&fields=name&marker={pb}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,desc&fields=name&marker={pc}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,desc&fields=name&marker={pd}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,asc&fields=name&marker={pa}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=desc,asc&fields=name&marker={pb}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=asc,desc&fields=name&marker={pc}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&sort_dirs=asc,desc&fields=name&marker={pd}"},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&limit=2&fields=name", save: map[string]string{"m": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:vlq_p&sort_keys=updated_at,name&limit=2&fields=name&marker={m}"},
	{method: del, path: "/workflows/vlq_pa"},
	{method: del, path: "/workflows/vlq_pb"},
	{method: del, path: "/workflows/vlq_pc"},
	{method: del, path: "/workflows/vlq_pd"},
}}

// vlqSubListsScenario: the lists under an execution or a task: the
// method's argument named in the query takes the path's place, and a
// task's action executions read name as a list (WSME types one off).
var vlqSubListsScenario = scenario{name: "vlq_sub_lists", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlq_sla:\n  tasks:\n    t1:\n      action: std.noop\n      on-success: t2\n" +
		"    t2:\n      with-items: i in [1, 2]\n      action: std.echo output=<% $.i %>\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlq_sla"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlq_sla"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name", save: map[string]string{"t1": "tasks.0.id", "t2": "tasks.1.id"}},
	{method: get, path: "/tasks/{t2}/action_executions?name=std.echo&fields=name&limit=1"},
	{method: get, path: "/tasks/{t2}/action_executions?name=STD.ECHO&fields=name,state"},
	{method: get, path: "/tasks/{t2}/action_executions?name=%20std.echo%20,std.echo&fields=name&limit=1"},
	{method: get, path: "/tasks/{t2}/action_executions?name=eq:std.echo&fields=name"},
	{method: get, path: "/tasks/{t2}/action_executions?name=has:std&fields=name"},
	{method: get, path: "/tasks/{t2}/action_executions?name=&fields=name", differs: vlqEmptyNames, status: http.StatusOK},
	{method: get, path: "/tasks/{t2}/action_executions?task_execution_id={t1}&fields=name"},
	{method: get, path: "/tasks/{t2}/action_executions?task_execution_id=" + noID},
	{method: get, path: "/tasks/{t2}/action_executions?task_execution_id=abc"},
	{method: get, path: "/executions/{e}/tasks?workflow_execution_id=" + noID},
	{method: get, path: "/executions/{e}/tasks?workflow_execution_id={e2}&sort_keys=name&fields=name,workflow_execution_id"},
	{method: get, path: "/executions/{e}/tasks?workflow_execution_id={e2}&sort_keys=name&limit=1&fields=name"},
	{method: get, path: "/executions/{e}/tasks?workflow_execution_id=abc"},
	{method: get, path: "/tasks/{t2}/workflow_executions?task_execution_id=" + noID},
	{method: get, path: "/tasks/{t2}/workflow_executions?task_execution_id=abc"},
	{method: get, path: "/executions/{e}/executions?id={e2}"},
	{method: get, path: "/executions/{e}/executions?id=abc"},
	{method: get, path: "/executions/{e}/executions?id=" + noID},
	{method: get, path: "/tasks/{t2}/executions?id=abc"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/workflows/vlq_sla"},
}}
