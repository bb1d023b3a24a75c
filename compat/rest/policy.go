package rest

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
)

// authorize is Mistral's acl.enforce(rule, context): the caller's policy
// values decide rule against a target of the caller's own project and
// user, so admin_or_owner holds for every caller and only the admin-only
// defaults, or an operator's policy file, refuse.
func (a *api) authorize(c *gin.Context, rule string) error {
	creds := policyValues(a.requestContext(c))
	target := map[string]any{"project_id": creds["project_id"], "user_id": creds["user_id"]}
	ok, err := a.Policy.Enforce(rule, target, creds)
	if err != nil {
		return fmt.Errorf("enforce policy %s: %w", rule, err)
	}
	if !ok {
		return forbidden()
	}
	return nil
}

// enforce is the middleware of a route whose handler starts with
// acl.enforce(rule): a refusal is a 403 in WSME's error shape.
func (a *api) enforce(rule string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := a.authorize(c, rule); err != nil {
			fail(c, err)
		}
	}
}

// enforceText is enforce for the text-body definition endpoints, which
// answer errors in Pecan's shape.
func (a *api) enforceText(rule string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := a.authorize(c, rule); err != nil {
			failPecan(c, err)
		}
	}
}

// policyValues are oslo.context's to_policy_values of a request context,
// plus is_admin as Mistral adds it.
func policyValues(rc *data.Map) map[string]any {
	get := func(keys ...string) any {
		for _, k := range keys {
			if v, ok := rc.Get(k); ok && v != nil {
				return v
			}
		}
		return nil
	}
	roles := []any{}
	if l, ok := get("roles").([]any); ok {
		roles = l
	}
	isAdmin, _ := get("is_admin").(bool)
	isAdminProject := get("is_admin_project")
	if isAdminProject == nil {
		isAdminProject = true // oslo.context's default
	}
	return map[string]any{
		"user_id":           get("user_id", "user"),
		"user_domain_id":    get("user_domain_id", "user_domain"),
		"system_scope":      get("system_scope"),
		"domain_id":         get("domain_id", "domain"),
		"project_id":        get("project_id", "tenant"),
		"project_domain_id": get("project_domain_id", "project_domain"),
		"roles":             roles,
		"is_admin_project":  isAdminProject,
		"service_user_id":   get("service_user_id"),
		"service_roles":     get("service_roles"),
		"is_admin":          isAdmin,
	}
}
