package keystone

import (
	"errors"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// Identity is what a validated token says about its bearer: the values
// keystonemiddleware passes on as X-User-Id, X-Project-Id, X-Roles, ... and
// the token body it keeps in keystone.token_info.
type Identity struct {
	Token             string
	UserID            string
	UserName          string
	UserDomainID      string
	UserDomainName    string
	ProjectID         string // empty for a token not scoped to a project
	ProjectName       string
	ProjectDomainID   string
	ProjectDomainName string
	DomainID          string // a domain-scoped token's domain
	DomainName        string
	Roles             []string
	IsAdminProject    bool
	TrustID           string // set for a trust-scoped token
	// ExpiresAt is the token's expires_at, as Keystone wrote it.
	ExpiresAt string
	// Expires is ExpiresAt parsed; Issued is the token's issued_at.
	Expires time.Time
	Issued  time.Time
	// Body is the "token" object of Keystone's answer, which Mistral passes
	// on as the context's service_catalog.
	Body *data.Map
}

// HasRole reports whether the token carries the role (names compare as
// Keystone returns them, case-sensitively, as oslo.context does).
func (id *Identity) HasRole(role string) bool {
	for _, r := range id.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// ErrInvalidToken is returned for a token Keystone does not accept: unknown,
// expired or revoked.
var ErrInvalidToken = errors.New("keystone: invalid token")
