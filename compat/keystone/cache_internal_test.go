package keystone

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"
)

func TestTokenCache(t *testing.T) {
	now := time.Now()
	c := newTokenCache(3)
	a := &Identity{UserID: "a"}
	c.put("ta", a, now.Add(time.Minute), now)
	if got, ok := c.get("ta", now); got != a || !ok {
		t.Fatalf("get = %v, %v", got, ok)
	}
	if got, ok := c.get("ta", now.Add(time.Minute)); got != nil || ok {
		t.Errorf("an entry past its deadline is still returned")
	}
	c.put("refused", nil, now.Add(time.Minute), now)
	if got, ok := c.get("refused", now); got != nil || !ok {
		t.Errorf("a refused token: %v, %v; want found with no identity", got, ok)
	}
	delete(c.entries, sha256.Sum256([]byte("refused")))
	if c.len() != 0 {
		t.Errorf("an expired entry is kept once seen expired")
	}
	c.put("dead", a, now, now) // already expired: not kept
	if c.len() != 0 {
		t.Errorf("an already expired token was cached")
	}

	// Bounded: expired entries go first, then arbitrary ones.
	c.put("old", a, now.Add(time.Second), now)
	for i := range 5 {
		c.put(fmt.Sprint("t", i), a, now.Add(time.Hour), now.Add(2*time.Second))
	}
	if c.len() != 3 {
		t.Errorf("cache holds %d tokens, bound is 3", c.len())
	}
	if id, _ := c.get("t4", now.Add(2*time.Second)); id == nil {
		t.Errorf("the newest token was evicted")
	}
}

func TestNeedsRenewal(t *testing.T) {
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		lifetime time.Duration
		age      time.Duration
		want     bool
	}{
		{"fresh hour token", time.Hour, time.Minute, false},
		{"hour token in its last minute", time.Hour, 59*time.Minute + time.Second, true},
		{"short token before two thirds", 30 * time.Second, 15 * time.Second, false},
		{"short token after two thirds", 30 * time.Second, 21 * time.Second, true},
		{"expired", time.Hour, 2 * time.Hour, true},
	} {
		id := &Identity{Issued: issued, Expires: issued.Add(tc.lifetime)}
		if got := needsRenewal(id, issued.Add(tc.age)); got != tc.want {
			t.Errorf("%s: needsRenewal = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseToken(t *testing.T) {
	raw := []byte(`{"token": {"methods": ["password"], "user": {"domain": {"id": "default", "name": "Default"}, "id": "u1", "name": "alice"},
 "expires_at": "2026-11-27T08:56:43.000000Z", "issued_at": "2026-11-27T08:46:43.000000Z",
 "project": {"domain": {"id": "default", "name": "Default"}, "id": "p1", "name": "demo"}, "is_admin_project": false,
 "roles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "admin"}], "OS-TRUST:trust": {"id": "tr1"}, "catalog": []}}`)
	id, err := parseToken("tok", raw)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != "u1" || id.ProjectID != "p1" || id.ProjectDomainName != "Default" || id.IsAdminProject ||
		!id.HasRole("admin") || id.TrustID != "tr1" || id.Expires.Sub(id.Issued) != 10*time.Minute ||
		id.ExpiresAt != "2026-11-27T08:56:43.000000Z" || id.Body.Value("catalog") == nil {
		t.Errorf("identity = %+v", id)
	}
	if _, err := parseToken("tok", []byte(`{"token": {"expires_at": "yesterday"}}`)); err == nil {
		t.Error("a malformed expires_at was accepted")
	}
}
