package rest

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/engine/exc"
)

// TrustManager creates and deletes the trusts cron and event triggers run
// with: compat/keystone.Client.
type TrustManager interface {
	CreateTrust(ctx context.Context, caller *keystone.Identity) (string, error)
	DeleteTrust(ctx context.Context, trustID string) error
}

// newTrust is Mistral's security.add_trust_id: with authentication on, the
// caller's token creates a trust delegating its roles on its project to
// the service user, so that the trigger later runs as the caller. Without
// authentication there is no trust (nil).
func (a *api) newTrust(c *gin.Context) (*string, error) {
	id := identity(c)
	if a.Trusts == nil || id == nil {
		return nil, nil
	}
	trustID, err := a.Trusts.CreateTrust(c.Request.Context(), id)
	if err != nil {
		a.Log.Error("create trust", "user_id", id.UserID, "project_id", id.ProjectID, "error", err)
		return nil, exc.New(exc.MistralException, "Failed to create a trust for the trigger: %v", err)
	}
	return &trustID, nil
}

// dropTrust is Mistral's security.delete_trust: a trust that cannot be
// deleted is logged, never an error of the request.
func (a *api) dropTrust(ctx context.Context, trustID *string) {
	if a.Trusts == nil || trustID == nil || *trustID == "" {
		return
	}
	if err := a.Trusts.DeleteTrust(context.WithoutCancel(ctx), *trustID); err != nil {
		a.Log.Warn("failed to delete trust", "trust_id", *trustID, "error", err)
	}
}
