package bot

import (
	"context"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Clock is the time source of everything that schedules, paces or retries,
// so tests can move time without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ManualClock is a clock for tests: it moves only when told, and Sleep
// moves it forward at once instead of waiting.
type ManualClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

// NewManualClock starts a manual clock at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Sleep advances the clock by d at once.
func (c *ManualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.mu.Lock()
		c.now = c.now.Add(d)
		c.slept += d
		c.mu.Unlock()
	}
	return nil
}

// Slept is the total time Sleep was asked to wait.
func (c *ManualClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// dstSafe wraps a schedule so that a time in the hour daylight saving skips
// still fires once, at the moment the clocks jump. (robfig/cron skips it;
// the repeated hour fires twice there, and the delivery ledger, keyed by
// local wall time, sends one digest for it.)
type dstSafe struct {
	inner cron.Schedule
	wall  cron.Schedule // the same expression on wall-clock time, zone-free
	loc   *time.Location
}

func (s dstSafe) Next(t time.Time) time.Time {
	next := s.inner.Next(t)
	end := next
	if end.IsZero() || end.Sub(t) > 8*24*time.Hour {
		end = t.Add(8 * 24 * time.Hour)
	}
	// Look for a forward jump between t and end.
	_, off := t.In(s.loc).Zone()
	for h := t.Truncate(time.Hour).Add(time.Hour); h.Before(end); h = h.Add(time.Hour) {
		_, o := h.In(s.loc).Zone()
		if o == off {
			continue
		}
		if o > off {
			jump := findJump(t, h, s.loc, off)
			gap := time.Duration(o-off) * time.Second
			before := jump.In(s.loc)
			// Wall time of the gap's start, as if there were no jump.
			wallStart := time.Date(before.Year(), before.Month(), before.Day(), before.Hour(), before.Minute(), 0, 0, time.UTC).Add(-gap)
			if m := s.wall.Next(wallStart.Add(-time.Second)); !m.IsZero() && m.Before(wallStart.Add(gap)) && jump.After(t) {
				if next.IsZero() || jump.Before(next) {
					return jump
				}
			}
		}
		off = o
	}
	return next
}

// findJump finds the first instant in (from, to] whose offset is not off.
func findJump(from, to time.Time, loc *time.Location, off int) time.Time {
	lo, hi := from, to
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if _, o := mid.In(loc).Zone(); o == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi.Truncate(time.Second)
}
