package store

import (
	"container/list"
	"sync"

	"github.com/briefbot/briefbot/brief"
)

// Cache keeps recently used decoded briefings within a budget of bytes (the
// size of their stored JSON, a fair proxy for what they take decoded), so a
// large library costs the memory of the briefings people ask about, not of
// all of them.
type Cache struct {
	mu     sync.Mutex
	budget int
	used   int
	order  *list.List // front: most recently used
	byID   map[string]*list.Element
}

type cached struct {
	id   string
	b    *brief.Briefing
	size int
}

// NewCache keeps briefings up to budget bytes.
func NewCache(budget int) *Cache {
	return &Cache{budget: budget, order: list.New(), byID: map[string]*list.Element{}}
}

// Get returns a cached briefing.
func (c *Cache) Get(id string) (*brief.Briefing, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cached).b, true
}

// Put keeps a briefing of a given size, dropping the least recently used.
func (c *Cache) Put(id string, b *brief.Briefing, size int) {
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
