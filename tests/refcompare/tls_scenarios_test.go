package refcompare

// The tls_ scenarios: lookups by name and identifier, and list filters on
// names, as Mistral 15 on MariaDB answers them. Its tables compare text by
// utf8mb4_general_ci: without case or accents, trailing spaces ignored
// ("café" = "CAFE "), which our embedded SQLite database must answer
// alike. And WSME's reading of a method's argument named in the query:
// it replaces the path's (the last value when given twice).

func init() {
	scenarios = append(scenarios, tlsWorkflowNamesScenario, tlsNamespaceNamesScenario, tlsEnvironmentNamesScenario,
		tlsDefinitionNamesScenario, tlsExecutionNamesScenario, tlsQueryArgsScenario, tlsActionListScenario, tlsIDsScenario,
		tlsLikeEscapeScenario, tlsScriptNamesScenario, tlsJSONFiltersScenario,
		tlsMarkerPagesScenario)
}

// tlsNoop is a workflow definition of one task, named name.
func tlsNoop(name string) string {
	return name + ":\n  tasks:\n    t:\n      action: std.noop\n"
}

const tlsHeader = "---\nversion: '2.0'\n"

// tlsWorkflowNamesScenario: workflows found, refused as duplicates,
// filtered and sorted by names that differ in case, accents and trailing
// spaces.
var tlsWorkflowNamesScenario = scenario{name: "tls_workflow_names", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_wn_Café") + tlsNoop("tls_wn_cafe2") + tlsNoop("tls_wn_cafd") +
		tlsNoop("tls_wn_straße"), save: map[string]string{"cafe": "workflows.0.id"}},

	// Lookups by any spelling.
	{method: get, path: "/workflows/tls_wn_cafe"},
	{method: get, path: "/workflows/TLS_WN_CAF%C3%89%20%20"},
	{method: get, path: "/workflows/tls_wn_c%C3%A0f%C3%AB"},
	{method: get, path: "/workflows/%20tls_wn_cafe"},
	{method: get, path: "/workflows/tls_wn_cafe%09"},
	{method: get, path: "/workflows/tls_wn_strase"},
	{method: get, path: "/workflows/tls_wn_strasse"},
	{method: get, path: "/workflows/tls_wn_cafe?namespace=%20"},

	// Duplicates by any spelling.
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_wn_cafe")},
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("\"tls_wn_CAFE \"")},
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_wn_cafè")},

	// List filters and sorting.
	{method: get, path: "/workflows?name=has:tls_wn_&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:tls_wn_&sort_keys=name&sort_dirs=desc&fields=name"},
	{method: get, path: "/workflows?name=tls_wn_cafe&fields=name"},
	{method: get, path: "/workflows?name=eq:TLS_WN_CAF%C3%89%20&fields=name"},
	{method: get, path: "/workflows?name=in:tls_wn_cafe%20,tls_wn_CAFD&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=nin:tls_wn_cafe,tls_wn_cafd&definition=has:tls_wn_&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?definition=has:tls_wn_&name=neq:tls_wn_cafe%20&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:tls_wn_cafe&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:WN_CAF%C3%88&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:tls_wn_caf%C3%A9%20&fields=name"},
	{method: get, path: "/workflows?name=has:tls_wn_stras&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=gt:tls_wn_cafe&definition=has:tls_wn_caf&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=lte:TLS_WN_CAF%C3%89%20&definition=has:tls_wn_caf&sort_keys=name&fields=name"},
	{method: get, path: "/workflows?name=has:tls_wn_&sort_keys=name&limit=2&fields=name", save: map[string]string{"m": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_wn_&sort_keys=name&limit=2&fields=name&marker={m}"},
	{method: get, path: "/workflows?name=has:tls_wn_&sort_keys=name&sort_dirs=desc&fields=name&marker={cafe}"},

	// An update by another spelling renames; a delete by one deletes.
	{method: put, path: "/workflows", body: tlsHeader + tlsNoop("tls_wn_CAFE")},
	{method: get, path: "/workflows/{cafe}?fields=name"},
	{method: get, path: "/workflows/{cafe}"},
	{method: del, path: "/workflows/tls_wn_caf%C3%A9%20"},
	{method: get, path: "/workflows/{cafe}"},
	{method: del, path: "/workflows/TLS_WN_CAFE2"},
	{method: del, path: "/workflows/tls_wn_cafd%20"},
	{method: del, path: "/workflows/tls_wn_strase"},
	{method: get, path: "/workflows?name=has:tls_wn_&fields=name"},
}}

// tlsNamespaceNamesScenario: namespaces compare as names do.
var tlsNamespaceNamesScenario = scenario{name: "tls_namespace_names", steps: []step{
	{method: post, path: "/workflows?namespace=tls_nn_Ns", body: tlsHeader + tlsNoop("tls_nn_wf")},
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_nn_wf")},
	{method: post, path: "/workflows?namespace=TLS_NN_NS%20", body: tlsHeader + tlsNoop("tls_nn_wf")},
	{method: get, path: "/workflows/tls_nn_wf?namespace=tls_nn_ns"},
	{method: get, path: "/workflows/TLS_NN_WF?namespace=tls_nn_n%C5%9B%20"},
	{method: get, path: "/workflows?namespace=TLS_NN_NS&fields=name,namespace"},
	{method: get, path: "/workflows?namespace=in:tls_nn_ns%20,x&fields=name,namespace"},
	{method: get, path: "/workflows?name=tls_nn_wf&namespace=has:NN_n&fields=name,namespace"},
	{method: get, path: "/workflows?name=TLS_NN_WF&sort_keys=namespace&fields=name,namespace"},
	{method: get, path: "/workflows?name=TLS_NN_WF&sort_keys=namespace&sort_dirs=desc&fields=name,namespace"},
	{method: put, path: "/workflows?namespace=tls_nn_ns%20", body: tlsHeader + "tls_nn_wf:\n  description: up\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: get, path: "/workflows?name=tls_nn_wf&sort_keys=namespace&fields=name,namespace"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "TLS_NN_WF ", "workflow_namespace": "tls_nn_NS"},
		save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions?workflow_namespace=TLS_NN_NS&workflow_name=has:tls_nn&fields=workflow_name,workflow_namespace"},
	{method: get, path: "/executions?workflow_name=TLS_NN_WF%20&fields=workflow_name,workflow_namespace,params"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/tls_nn_wf?namespace=TLS_NN_NS"},
	{method: del, path: "/workflows/tls_nn_wf"},
}}

// tlsEnvironmentNamesScenario: environments by other spellings; an update
// takes the spelling given; a name that ends in spaces is kept, and found
// without them.
var tlsEnvironmentNamesScenario = scenario{name: "tls_environment_names", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "tls_en_Env", "variables": map[string]any{"a": 1}}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_en_sp  ", "description": "spaces"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_en_env "}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_en_ÉNV"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_en_sp"}},
	{method: get, path: "/environments/tls_en_ENV"},
	{method: get, path: "/environments/tls_en_%C3%A9nv%20"},
	{method: get, path: "/environments/tls_en_sp"},
	{method: get, path: "/environments/TLS_EN_SP%20"},
	{method: get, path: "/environments?name=has:tls_en_&sort_keys=name&fields=name,description"},
	{method: get, path: "/environments?name=tls_en_sp&fields=name"},
	{method: get, path: "/environments?name=in:tls_en_sp,tls_en_env&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_en_sp%20&fields=name"},
	{method: get, path: "/environments?name=has:tls_en_&description=SPACES%20&fields=name"},
	{method: get, path: "/environments?name=has:tls_en_&description=has:%C3%A1ces&fields=name"},
	{method: put, path: "/environments", body: map[string]any{"name": "TLS_EN_ÉNV ", "description": "renamed"}},
	{method: get, path: "/environments/tls_en_env"},
	{method: put, path: "/environments", body: map[string]any{"name": "tls_en_SP", "variables": map[string]any{"b": 2}}},
	{method: get, path: "/environments?name=has:tls_en_&sort_keys=name&fields=name,description,variables"},
	{method: del, path: "/environments/tls_en_env"},
	{method: del, path: "/environments/TLS_EN_SP%20%20%20"},
	{method: get, path: "/environments?name=has:tls_en_&fields=name"},
}}

// tlsDefinitionNamesScenario: workbooks, ad-hoc actions and cron triggers
// by other spellings.
var tlsDefinitionNamesScenario = scenario{name: "tls_definition_names", steps: []step{
	{method: post, path: "/workbooks", body: tlsHeader + "name: tls_dn_Wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n"},
	{method: get, path: "/workbooks/tls_dn_wb%20"},
	{method: get, path: "/workbooks/TLS_DN_WB?namespace=%20"},
	{method: get, path: "/workflows/tls_dn_WB.w%20"},
	{method: post, path: "/workbooks", body: tlsHeader + "name: tls_dn_wB\n"},
	{method: get, path: "/workbooks?name=TLS_DN_WB%20&fields=name"},
	{method: put, path: "/workbooks", body: tlsHeader + "name: TLS_dn_wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n"},
	{method: get, path: "/workbooks?name=has:tls_dn_&fields=name"},
	{method: get, path: "/workflows?name=has:tls_dn_&sort_keys=name&fields=name"},

	{method: post, path: "/actions", body: tlsHeader + "tls_dn_Äct:\n  base: std.echo output=1\n"},
	{method: get, path: "/actions/tls_dn_act%20"},
	{method: get, path: "/actions/TLS_DN_%C3%84CT?namespace="},
	{method: post, path: "/actions", body: tlsHeader + "tls_dn_act:\n  base: std.echo output=2\n"},
	{method: put, path: "/actions", body: tlsHeader + "tls_dn_ACT:\n  base: std.echo output=3\n"},
	{method: get, path: "/actions/tls_dn_%C3%A4ct?fields=name"},
	{method: get, path: "/actions/tls_dn_%C3%A4ct"},

	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_dn_cw")},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "tls_dn_Cron", "workflow_name": "TLS_DN_CW ",
		"pattern": "0 0 1 1 *", "first_execution_time": "2099-01-01 00:00"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "tls_dn_cron ", "workflow_name": "tls_dn_cw",
		"pattern": "0 0 1 1 *", "first_execution_time": "2099-01-01 00:00"}},
	{method: get, path: "/cron_triggers/TLS_DN_CRON%20"},
	{method: get, path: "/cron_triggers/tls_dn_cr%C3%B3n"},
	{method: get, path: "/cron_triggers?name=tls_dn_cron%20&fields=name,workflow_name"},
	{method: get, path: "/cron_triggers?workflow_name=TLS_DN_CW&fields=name,workflow_name"},
	{method: del, path: "/workflows/tls_dn_cw"},
	{method: del, path: "/cron_triggers/tls_dn_cron%20%20"},
	{method: get, path: "/cron_triggers?name=has:tls_dn_&fields=name"},
	{method: del, path: "/workflows/TLS_DN_CW"},

	{method: del, path: "/actions/tls_dn_%C3%A1ct%20"},
	{method: del, path: "/workbooks/tls_dn_wb%20"},
	{method: get, path: "/workbooks?name=has:tls_dn_&fields=name"},
	{method: get, path: "/workflows?name=has:tls_dn_&fields=name"},
	{method: del, path: "/workflows/TLS_DN_WB.W"},
}}

// tlsExecutionNamesScenario: executions started by other spellings of a
// workflow's name, and the execution, task and action execution lists
// filtered by them.
var tlsExecutionNamesScenario = scenario{name: "tls_execution_names", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + "tls_xn_Wörk:\n  tasks:\n    Täsk:\n      action: std.echo output=1\n"},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_xn_env", "variables": map[string]any{"v": 1}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "TLS_XN_WORK  ", "description": "by name",
		"params": map[string]any{"env": "TLS_XN_ÉNV "}}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true, save: map[string]string{"wf": "workflow_id"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{wf}", "description": "by id"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions?workflow_name=tls_xn_work&sort_keys=description&fields=workflow_name,description,params"},
	{method: get, path: "/executions?workflow_name=in:tls_xn_w%C3%B2rk%20,x&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=has:xn_WORK&description=BY%20ID%20&fields=description"},
	{method: get, path: "/executions?workflow_name=has:tls_xn_&description=neq:by%20name%20&fields=description"},
	{method: get, path: "/executions?workflow_name=has:tls_xn_&description=has:Y%20N&fields=description"},
	{method: get, path: "/tasks?workflow_name=TLS_XN_WORK&name=T%C3%84SK%20&fields=name,workflow_name,state"},
	{method: get, path: "/tasks?workflow_name=TLS_XN_WORK&name=TASK%20&workflow_execution_id={e1}&fields=name,workflow_name"},
	{method: get, path: "/executions/{e1}/tasks?name=t%C3%A0sk&fields=name"},
	{method: get, path: "/action_executions?workflow_name=tls_xn_w%C3%B6rk%20&fields=name,workflow_name&limit=1"},
	{method: get, path: "/action_executions?workflow_name=has:tls_xn_&name=STD.ECHO%20&fields=name&limit=1"},
	{method: get, path: "/action_executions?workflow_name=in:TLS_XN_WORK,x&name=in:std.%C3%A9cho&fields=name&limit=1"},
	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/environments/tls_xn_env"},
	{method: del, path: "/workflows/tls_xn_work"},
}}

// tlsQueryArgsScenario: the method's argument of a one-object endpoint
// named in the query takes the path's place, its last value when given
// twice; so does a namespace given twice.
var tlsQueryArgsScenario = scenario{name: "tls_query_args", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_qa_wf")},
	{method: post, path: "/workflows?namespace=tls_qa_ns", body: tlsHeader + tlsNoop("tls_qa_wf")},
	{method: get, path: "/workflows/tls_qa_wf?namespace=tls_qa_ns&namespace=&fields=name"},
	{method: get, path: "/workflows/tls_qa_wf?namespace=&namespace=tls_qa_ns"},
	{method: get, path: "/workflows/zzz?identifier=tls_qa_wf&namespace=tls_qa_ns"},
	{method: get, path: "/workflows/zzz?identifier=tls_qa_wf&identifier=tls_qa_x"},
	{method: get, path: "/workflows/tls_qa_wf?identifier="},
	{method: put, path: "/workflows/zzz?identifier=tls_qa_wf", body: tlsHeader + tlsNoop("tls_qa_wf")},
	{method: del, path: "/workflows/zzz?identifier=tls_qa_wf&namespace=tls_qa_ns"},

	{method: post, path: "/environments", body: map[string]any{"name": "tls_qa_env"}},
	{method: get, path: "/environments/zzz?name=tls_qa_env"},
	{method: get, path: "/environments/tls_qa_env?name=tls_qa_x"},
	{method: get, path: "/environments/tls_qa_env?fields=name"},
	{method: del, path: "/environments/zzz?name=tls_qa_env"},

	{method: post, path: "/workbooks?namespace=tls_qa_ns", body: tlsHeader + "name: tls_qa_wb\n"},
	{method: get, path: "/workbooks/zzz?name=tls_qa_wb&namespace=tls_qa_ns"},
	{method: get, path: "/workbooks/zzz/tls_qa_ns?name=tls_qa_wb"},
	{method: get, path: "/workbooks/zzz/yyy?name=tls_qa_wb&namespace=x&namespace=tls_qa_ns"},
	{method: del, path: "/workbooks/zzz?namespace=tls_qa_ns&name=tls_qa_wb"},

	{method: post, path: "/actions", body: tlsHeader + "tls_qa_act:\n  base: std.noop\n"},
	{method: get, path: "/actions/zzz?identifier=tls_qa_act"},
	{method: get, path: "/actions/zzz/yyy?identifier=tls_qa_act"},
	{method: get, path: "/actions/zzz/yyy?identifier=tls_qa_act&namespace="},
	{method: del, path: "/actions/zzz?identifier=tls_qa_act"},

	{method: post, path: "/cron_triggers", body: map[string]any{"name": "tls_qa_ct", "workflow_name": "tls_qa_wf",
		"pattern": "0 0 1 1 *", "first_execution_time": "2099-01-01 00:00"}, save: map[string]string{"ct": "id"}},
	{method: get, path: "/cron_triggers/zzz?identifier={ct}&fields=name"},
	{method: get, path: "/cron_triggers/zzz?identifier=tls_qa_ct"},
	{method: get, path: "/cron_triggers/tls_qa_ct?identifier="},
	{method: del, path: "/cron_triggers/zzz?identifier=tls_qa_ct"},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "tls_qa_wf"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions", save: map[string]string{"a": "action_executions.0.id"}},
	{method: get, path: "/executions/zzz?id={e}"},
	{method: get, path: "/executions/{e}?id=zzz"},
	{method: get, path: "/executions/{e}?id="},
	{method: put, path: "/executions/zzz?id={e}", body: map[string]any{"description": "renamed"}},
	{method: get, path: "/tasks/zzz?id={t}"},
	{method: get, path: "/tasks/zzz?id=yyy&id={t}"},
	{method: put, path: "/tasks/zzz?id={t}", body: map[string]any{"state": "RUNNING", "reset": true}},
	{method: get, path: "/action_executions/zzz?id={a}"},
	{method: put, path: "/action_executions/zzz?id={a}", body: map[string]any{"state": "SUCCESS", "output": "x"}},
	{method: del, path: "/action_executions/zzz?id={a}"},
	{method: get, path: "/tasks/zzz/action_executions/yyy?action_ex_id={a}"},
	{method: get, path: "/tasks/zzz/action_executions/{a}?task_execution_id={t}"},
	{method: get, path: "/event_triggers/" + noID + "?id=x"},
	{method: get, path: "/event_triggers/x?id=" + noID},
	{method: get, path: "/event_triggers/" + noID + "?id=" + noID[:35] + "1"},
	{method: del, path: "/event_triggers/" + noID + "?id=" + noID[:35] + "1"},
	{method: del, path: "/executions/zzz?id={e}"},
	{method: get, path: "/executions/{e}"},
	{method: del, path: "/workflows/tls_qa_wf"},
}}

// tlsActionListScenario: the action list filters in Mistral's action
// providers, not in the database: names and namespaces as written, where
// a lookup of one action finds any spelling.
var tlsActionListScenario = scenario{name: "tls_action_list", steps: []step{
	{method: post, path: "/actions?namespace=tls_al_Ns", body: tlsHeader + "tls_al_Act:\n  base: std.noop\n"},
	{method: get, path: "/actions?namespace=tls_al_Ns&fields=name"},
	{method: get, path: "/actions?namespace=TLS_AL_NS&fields=name"},
	{method: get, path: "/actions?namespace=tls_al_Ns%20&fields=name"},
	{method: get, path: "/actions?namespace=tls_al_Ns&name=tls_al_act"},
	{method: get, path: "/actions?namespace=tls_al_Ns&name=in:tls_al_Act%20,TLS_AL_ACT"},
	{method: get, path: "/actions?namespace=tls_al_Ns&name=has:AL_ACT"},
	{method: get, path: "/actions?namespace=tls_al_Ns&name=neq:tls_al_act&fields=name"},
	{method: get, path: "/actions?namespace=tls_al_Ns&scope=PRIVATE"},
	{method: get, path: "/actions?namespace=tls_al_Ns&limit=1&marker=TLS_AL_ACT"},
	{method: get, path: "/actions?name=STD.ECHO"},
	{method: get, path: "/actions?name=std.echo%20"},
	{method: get, path: "/actions/STD.ECHO"},
	{method: get, path: "/actions/tls_al_act%20?namespace=TLS_AL_NS"},
	{method: get, path: "/actions/TLS_AL_ACT/tls_al_ns%20"},
	{method: del, path: "/actions/tls_al_act?namespace=TLS_AL_NS%20"},
	{method: get, path: "/actions?namespace=tls_al_Ns"},
	// The list sorts in Python, by code points: capitals first, accents last.
	{method: post, path: "/actions", body: tlsHeader + "tls_al_B:\n  base: std.noop\ntls_al_a:\n  base: std.noop\n" +
		"tls_al_é:\n  base: std.noop\ntls_al__:\n  base: std.noop\ntls_al_Z:\n  base: std.noop\n"},
	{method: get, path: "/actions?name=in:tls_al_B,tls_al_a,tls_al_%C3%A9,tls_al__,tls_al_Z&sort_keys=name&fields=name"},
	{method: get, path: "/actions?name=in:tls_al_B,tls_al_a,tls_al_%C3%A9,tls_al__,tls_al_Z&sort_keys=name&sort_dirs=desc"},
	{method: get, path: "/actions?name=in:tls_al_B,tls_al_a,tls_al_%C3%A9,tls_al__,tls_al_Z&sort_keys=name&limit=2"},
	{method: del, path: "/actions/tls_al_B"},
	{method: del, path: "/actions/tls_al_a"},
	{method: del, path: "/actions/tls_al_%C3%A9"},
	{method: del, path: "/actions/tls_al__"},
	{method: del, path: "/actions/tls_al_Z"},
}}

// tlsIDsScenario: ids compare as text in MySQL's collation too: in
// capitals or with trailing spaces, they name their row.
var tlsIDsScenario = scenario{name: "tls_ids", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_id_wf"), save: map[string]string{"wf": "workflows.0.id"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "tls_id_wf"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions", save: map[string]string{"a": "action_executions.0.id"}},
	{method: get, path: "/executions/{e}%20%20"},
	{method: get, path: "/tasks/{t}%20"},
	{method: get, path: "/action_executions/{a}%20"},
	{method: get, path: "/workflows/{wf}%20"},
	{method: get, path: "/workflows/%20{wf}"},
	{method: get, path: "/executions/{e}x"},
	{method: get, path: "/tasks?workflow_execution_id={e}%20"},
	{method: get, path: "/executions/{e}%20/tasks"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "tls_id_ct", "workflow_id": "{wf} ",
		"pattern": "0 0 1 1 *", "first_execution_time": "2099-01-01 00:00"}},
	{method: get, path: "/cron_triggers/tls_id_ct", save: map[string]string{"ct": "id"}},
	{method: get, path: "/cron_triggers/{ct}%20"},
	{method: del, path: "/cron_triggers/{ct}%20"},
	{method: del, path: "/cron_triggers/tls_id_ct"},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "tls_id_et", "workflow_id": "{{wf}}",
		"exchange": "tls_id_x", "topic": "tls_id_t", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "tls_id_et", "workflow_id": "{wf} ",
		"exchange": "tls_id_x", "topic": "tls_id_t", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "tls_id_et", "workflow_id": "{wf}",
		"exchange": "tls_id_x", "topic": "tls_id_t", "event": "e"}, save: map[string]string{"et": "id"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "tls_id_et2", "workflow_id": "{wf}",
		"exchange": "TLS_ID_X ", "topic": "tls_íd_t", "event": "É"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "tls_id_et3", "workflow_id": "{wf}",
		"exchange": "tls_id_x", "topic": "tls_id_t", "event": "f"}, save: map[string]string{"et3": "id"}},
	{method: get, path: "/event_triggers/{et}%20"},
	{method: del, path: "/event_triggers/{et}"},
	{method: del, path: "/event_triggers/{et3}"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/{wf}%20"},
	{method: get, path: "/workflows/{wf}"},
}}

// tlsLikeEscapeScenario: has: is MySQL's LIKE, whose escape character is
// the backslash: it makes the next character literal.
var tlsLikeEscapeScenario = scenario{name: "tls_like_escape", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "tls_le_a_b"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_le_axb"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_le_a\\b"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_le_a%b", "description": "50% \\ off"}},
	{method: get, path: "/environments?name=has:tls_le_a_b&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_a%5C_b&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_a%5C%25b&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_a%5C%5Cb&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_a%5Cb&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_a%5C&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_&description=has:%25%20%5C%5C%20O&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_&description=has:%5C%25&fields=name"},
	{method: get, path: "/environments?name=tls_le_a%5Cb&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_le_&sort_keys=name&sort_dirs=desc&fields=name"},
	{method: del, path: "/environments/tls_le_a_b"},
	{method: del, path: "/environments/tls_le_axb"},
	{method: del, path: "/environments/tls_le_a%5Cb"},
	{method: del, path: "/environments/tls_le_a%25b"},
	{method: get, path: "/environments?name=has:tls_le_&fields=name"},
}}

// tlsScriptNamesScenario: names beyond Latin letters, as
// utf8mb4_general_ci weighs them: Й is not И, ά is α, ß is s, Æ is not
// AE, a fullwidth letter is not its ASCII one. (Characters beyond the
// Basic Multilingual Plane, which weigh alike, Mistral's connection
// refuses with 500, slowly.)
var tlsScriptNamesScenario = scenario{name: "tls_script_names", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_Йод"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_Иод"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_йОД"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_άλφα"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_ΑΛΦΑ"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_Æther"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_AEther"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_Ａ"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_A"}},
	{method: post, path: "/environments", body: map[string]any{"name": "tls_sn_ａ"}},
	{method: get, path: "/environments?name=has:tls_sn_&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:tls_sn_&sort_keys=name&sort_dirs=desc&fields=name"},
	{method: get, path: "/environments/tls_sn_%D0%B8%D0%BE%D0%B4"},
	{method: get, path: "/environments/tls_sn_%CE%B1%CE%BB%CF%86%CE%B1"},
	{method: get, path: "/environments/tls_sn_%C3%A6THER"},
	{method: get, path: "/environments?name=has:%CE%91%CE%9B&fields=name"},
	{method: get, path: "/environments?name=has:tls_sn_%C3%A6&fields=name"},
	{method: del, path: "/environments/tls_sn_%D0%99%D0%BE%D0%B4"},
	{method: del, path: "/environments/tls_sn_%D0%98%D0%BE%D0%B4"},
	{method: del, path: "/environments/tls_sn_%CE%AC%CE%BB%CF%86%CE%B1"},
	{method: del, path: "/environments/tls_sn_%C3%86ther"},
	{method: del, path: "/environments/tls_sn_AEther"},
	{method: del, path: "/environments/tls_sn_%EF%BC%A1"},
	{method: del, path: "/environments/tls_sn_A"},
	{method: get, path: "/environments?name=has:tls_sn_&fields=name"},
}}

// tlsJSONFiltersScenario: filters on JSON text columns compare the text
// in MySQL's collation too: keys and values in other capitals match, an
// accent written as an escape as well.
var tlsJSONFiltersScenario = scenario{name: "tls_json_filters", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + "tls_js_wf:\n  input:\n    - who\n  tasks:\n    t:\n      action: std.echo output=<% $.who %>\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "tls_js_wf", "input": map[string]any{"who": "Café"},
		"description": "Desc"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions?workflow_name=tls_js_wf&input=%7B%22who%22:%20%22CAFE%22%7D&fields=input"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&input=%7B%22who%22:%20%22Caf%C3%A9%22%7D&fields=input"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&input=%7B%22who%22:%20%22caf%5Cu00e9%22%7D&fields=input"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&input=%7B%22WHO%22:%20%22Caf%C3%A9%22%7D&fields=input"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&description=DESC%20&fields=description"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&params=%7B%22NAMESPACE%22:%20%22%22,%20%22env%22:%20%7B%7D%7D&fields=description"},
	{method: get, path: "/executions?workflow_name=tls_js_wf&output=%7B%7D&fields=description"},
	{method: get, path: "/tasks?workflow_name=tls_js_wf&published=%7B%7D&fields=name"},
	{method: get, path: "/action_executions?workflow_name=tls_js_wf&input=%7B%22OUTPUT%22:%20%22Caf%C3%A9%22%7D&fields=name"},
	{method: get, path: "/action_executions?workflow_name=tls_js_wf&output=%7B%22RESULT%22:%20%22caf%5Cu00c9%22%7D&fields=name&include_output=true"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/tls_js_wf"},
}}

// tlsMarkerPagesScenario: pages after a marker in an order by names with
// accents and capitals, both ways.
var tlsMarkerPagesScenario = scenario{name: "tls_marker_pages", steps: []step{
	{method: post, path: "/workflows", body: tlsHeader + tlsNoop("tls_mp_cafe2") + tlsNoop("tls_mp_café") + tlsNoop("tls_mp_cafd") +
		tlsNoop("tls_mp_CAFF") + tlsNoop("tls_mp_cafè1") + tlsNoop("tls_mp_Ça")},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&limit=2&fields=name", save: map[string]string{"a1": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&limit=2&fields=name&marker={a1}", save: map[string]string{"a2": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&limit=2&fields=name&marker={a2}", save: map[string]string{"a3": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&limit=2&fields=name&marker={a3}"},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&sort_dirs=desc&limit=2&fields=name", save: map[string]string{"d1": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&sort_dirs=desc&limit=2&fields=name&marker={d1}", save: map[string]string{"d2": "workflows.1.id"}},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name&sort_dirs=desc&limit=2&fields=name&marker={d2}"},
	{method: get, path: "/workflows?name=has:tls_mp_&sort_keys=name,created_at&sort_dirs=desc,asc&limit=4&fields=name&marker={a1}"},
	{method: del, path: "/workflows/tls_mp_cafe2"},
	{method: del, path: "/workflows/tls_mp_caf%C3%A9"},
	{method: del, path: "/workflows/tls_mp_cafd"},
	{method: del, path: "/workflows/tls_mp_CAFF"},
	{method: del, path: "/workflows/tls_mp_caf%C3%A81"},
	{method: del, path: "/workflows/tls_mp_%C3%87a"},
}}
