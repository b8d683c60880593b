package bot

import (
	"errors"
	"sync"
)

// Health collects the failures that make the bot unable to do its work
// (a database that refuses writes), for /healthz to report.
type Health struct {
	mu     sync.Mutex
	failed map[string]error
}

// Fail records that part cannot work, and why.
func (h *Health) Fail(part string, err error) {
	if h == nil || err == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed == nil {
		h.failed = map[string]error{}
	}
	h.failed[part] = err
}

// OK records that part works again.
func (h *Health) OK(part string) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.failed, part)
}

// Err is every current failure, or nil when all is well.
func (h *Health) Err() error {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var errs []error
	for part, err := range h.failed {
		errs = append(errs, errors.New(part+": "+err.Error()))
	}
	return errors.Join(errs...)
}
