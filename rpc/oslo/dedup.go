package oslo

import "sync"

// dedupSize is how many _unique_id values a listener remembers. oslo keeps
// 16; more costs little and catches later repeats too.
const dedupSize = 1024

// dedup remembers the last unique ids seen, to drop repeated deliveries.
type dedup struct {
	mu   sync.Mutex
	ring []string
	next int
	set  map[string]struct{}
}

func newDedup(n int) *dedup {
	return &dedup{ring: make([]string, n), set: make(map[string]struct{}, n)}
}

// seen reports whether id was seen recently, and remembers it.
func (d *dedup) seen(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.set[id]; ok {
		return true
	}
	if old := d.ring[d.next]; old != "" {
		delete(d.set, old)
	}
	d.ring[d.next] = id
	d.next = (d.next + 1) % len(d.ring)
	d.set[id] = struct{}{}
	return false
}

// forget drops id, so that its next delivery is not taken for a repeat
// (a request this listener handed back to its topic may come back to it).
func (d *dedup) forget(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.set, id)
}
