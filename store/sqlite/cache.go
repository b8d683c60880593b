package sqlite

import (
	"container/list"
	"sync"

	"github.com/briefbot/briefbot/briefings"
)

// cache keeps recently used decoded briefings within a budget of bytes (the
// size of their stored JSON, a fair proxy for what they take decoded), so a
// large library costs the memory of the briefings people ask about, not of
// all of them.
type cache struct {
	mu     sync.Mutex
	budget int
	used   int
	order  *list.List // front: most recently used
	byID   map[string]*list.Element
}

type cached struct {
	id   string
	b    *briefings.Briefing
	size int
}

func newCache(budget int) *cache {
	return &cache{budget: budget, order: list.New(), byID: map[string]*list.Element{}}
}

func (c *cache) get(id string) (*briefings.Briefing, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cached).b, true
}

func (c *cache) put(id string, b *briefings.Briefing, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.used -= el.Value.(*cached).size
		c.order.Remove(el)
	}
	c.byID[id] = c.order.PushFront(&cached{id: id, b: b, size: size})
	c.used += size
	for c.used > c.budget && c.order.Len() > 1 {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.byID, old.id)
		c.used -= old.size
	}
}
