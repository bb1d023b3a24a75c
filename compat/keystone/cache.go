package keystone

import (
	"crypto/sha256"
	"sync"
	"time"
)

// tokenCache keeps validated tokens until a deadline (their expiry, or
// sooner), at most size of them, keyed by the token's SHA-256 so that no
// token is kept in clear as a map key. Tokens Keystone refused are kept
// too, with a nil identity, as keystonemiddleware does, so that a client
// repeating a bad token does not cost a Keystone request each time.
type tokenCache struct {
	mu      sync.Mutex
	size    int
	entries map[[32]byte]cached
}

type cached struct {
	id    *Identity
	until time.Time
}

func newTokenCache(size int) *tokenCache {
	if size <= 0 {
		size = 10000
	}
	return &tokenCache{size: size, entries: map[[32]byte]cached{}}
}

// get returns the identity of a token cached and still valid at now, and
// whether the token was found (a refused token is found with a nil
// identity).
func (c *tokenCache) get(token string, now time.Time) (*Identity, bool) {
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	if !now.Before(e.until) {
		delete(c.entries, k)
		return nil, false
	}
	return e.id, true
}

// put caches a token's identity (nil for a refused token) until the
// deadline. A full cache first
// drops what has expired, then, if still full, arbitrary entries.
func (c *tokenCache) put(token string, id *Identity, until, now time.Time) {
	if !now.Before(until) {
		return
	}
	k := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= c.size {
		for ek, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, ek)
			}
		}
		for ek := range c.entries {
			if len(c.entries) < c.size {
				break
			}
			delete(c.entries, ek)
		}
	}
	c.entries[k] = cached{id: id, until: until}
}

// len is the number of cached tokens.
func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
