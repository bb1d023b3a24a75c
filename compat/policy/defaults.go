package policy

// Rule names Mistral's API enforces (mistral/policies/*.py).
const (
	adminOnly    = "rule:admin_only"
	adminOrOwner = "rule:admin_or_owner"
)

// Defaults are Mistral 15's registered rules and their default check
// strings. None has scope types or a deprecated rule, so enforce_scope and
// enforce_new_defaults do not change them.
func Defaults() map[string]string {
	d := map[string]string{
		"admin_only":     "is_admin:True",
		"admin_or_owner": "is_admin:True or project_id:%(project_id)s",
	}
	set := func(resource, rule string, ops ...string) {
		for _, op := range ops {
			d[resource+":"+op] = rule
		}
	}
	crud := []string{"create", "delete", "get", "list", "update"}
	set("actions", adminOrOwner, crud...)
	set("actions", adminOnly, "publicize")
	set("action_executions", adminOrOwner, crud...)
	set("code_sources", adminOnly, append(crud, "publicize")...)
	set("dynamic_actions", adminOnly, append(crud, "publicize")...)
	set("cron_triggers", adminOrOwner, "create", "delete", "get", "list")
	set("cron_triggers", adminOnly, "publicize", "list:all_projects")
	set("environments", adminOrOwner, crud...)
	set("environments", adminOnly, "publicize")
	set("event_triggers", adminOrOwner, crud...)
	set("event_triggers", adminOnly, "publicize", "list:all_projects")
	set("executions", adminOrOwner, crud...)
	set("executions", adminOnly, "list:all_projects")
	set("members", adminOrOwner, crud...)
	set("services", adminOrOwner, "list")
	set("tasks", adminOrOwner, "get", "list", "update")
	set("workbooks", adminOrOwner, crud...)
	set("workbooks", adminOnly, "publicize")
	set("workflows", adminOrOwner, crud...)
	set("workflows", adminOnly, "publicize", "list:all_projects")
	return d
}
