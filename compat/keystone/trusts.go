package keystone

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/tramontane/tramontane/engine/data"
)

// Trusts let cron and event triggers run later as the user who created them
// (Mistral's security.create_trust, create_context and delete_trust): the
// creator's token creates a trust delegating the creator's roles on its
// project to the service user, with impersonation; when the trigger fires,
// the service user gets a token scoped to that trust, which acts as the
// creator in the creator's project.

// CreateTrust creates a trust from the caller (trustor) to the service user
// for the caller's project and roles, and returns its id.
func (c *Client) CreateTrust(ctx context.Context, caller *Identity) (string, error) {
	if caller.ProjectID == "" {
		return "", errors.New("keystone: create trust: the caller's token is not scoped to a project")
	}
	trustee, err := c.ServiceUserID(ctx)
	if err != nil {
		return "", err
	}
	roles := make([]map[string]string, 0, len(caller.Roles))
	for _, r := range caller.Roles {
		roles = append(roles, map[string]string{"name": r})
	}
	body := map[string]any{"trust": map[string]any{
		"trustor_user_id": caller.UserID,
		"trustee_user_id": trustee,
		"project_id":      caller.ProjectID,
		"impersonation":   true,
		"roles":           roles,
	}}
	resp, raw, err := c.do(ctx, http.MethodPost, "/OS-TRUST/trusts", caller.Token, body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("keystone: create trust: %s: %s", resp.Status, snippet(raw))
	}
	v, err := data.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("keystone: create trust: %w", err)
	}
	trust, _ := v.(*data.Map).Value("trust").(*data.Map)
	id, _ := trust.Value("id").(string)
	if id == "" {
		return "", fmt.Errorf("keystone: create trust: no id in %s", snippet(raw))
	}
	return id, nil
}

// TrustToken authenticates the service user scoped to a trust: the token
// acts as the trustor, in the trust's project, with the trust's roles.
func (c *Client) TrustToken(ctx context.Context, trustID string) (*Identity, error) {
	id, err := c.Authenticate(ctx, c.passwordAuth(map[string]any{"OS-TRUST:trust": map[string]any{"id": trustID}}))
	if err != nil {
		return nil, fmt.Errorf("keystone: token for trust %s: %w", trustID, err)
	}
	return id, nil
}

// DeleteTrust deletes a trust with a token scoped to it, as Mistral's
// delete_trust does. A trust already gone is not an error.
func (c *Client) DeleteTrust(ctx context.Context, trustID string) error {
	tok, err := c.TrustToken(ctx, trustID)
	if err != nil {
		return err
	}
	resp, raw, err := c.do(ctx, http.MethodDelete, "/OS-TRUST/trusts/"+trustID, tok.Token, nil)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound:
		return nil
	}
	return fmt.Errorf("keystone: delete trust %s: %s: %s", trustID, resp.Status, snippet(raw))
}

// TriggerContext is the request context a trigger's workflow starts with,
// as Mistral's security.create_context makes it when authentication is on:
// the user and token of a token scoped to the trigger's trust (which acts
// as the trigger's creator), the trigger's project, is_trust_scoped and
// trust_id. A trigger without a trust (created while authentication was
// off) runs with the service user's token.
func (c *Client) TriggerContext(ctx context.Context, trustID, projectID string) (*data.Map, error) {
	var id *Identity
	var err error
	if trustID != "" {
		id, err = c.TrustToken(ctx, trustID)
	} else {
		id, err = c.serviceToken(ctx)
	}
	if err != nil {
		return nil, err
	}
	var trust any
	if trustID != "" {
		trust = trustID
	}
	project := any(projectID)
	if projectID == "" {
		project = nil
	}
	return data.MapOf(
		"user", id.UserID, "project_id", project, "project", project, "auth_token", id.Token,
		"is_admin", false, "roles", []any{}, "request_id", "req-"+uuid.NewString(),
		"is_trust_scoped", true, "trust_id", trust,
	), nil
}
