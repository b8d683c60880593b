package bot

import (
	"context"
	"log/slog"
	"time"
)

// LeaseStore keeps leases in the shared database; the SQLite store is one.
type LeaseStore interface {
	AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, force bool) (bool, error)
	LeaseHolder(ctx context.Context, name string) (string, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Lease elects one process among those sharing a database to do work that
// must not run twice at once (the scheduler and the feed poller).
type Lease struct {
	Store  LeaseStore
	Name   string
	Holder string        // this process, unique among all
	TTL    time.Duration // a holder that stops renewing loses it after this
	Clock  Clock
	Log    *slog.Logger
	// Dead, when set, says a holder is known to have died (a process on this
	// machine that no longer exists), so its lease need not be waited out.
	Dead func(holder string) bool
}

// Run calls work each time this process wins the lease, with a context that
// ends when the lease is lost or ctx ends, and waits for work to return.
// Run returns when ctx ends, giving the lease up.
func (l Lease) Run(ctx context.Context, work func(ctx context.Context)) {
	if l.Clock == nil {
		l.Clock = SystemClock{}
	}
	if l.Log == nil {
		l.Log = slog.New(slog.DiscardHandler)
	}
	renew := l.TTL / 3
	for {
		if l.acquire(ctx) {
			l.Log.Info("lease won: running the scheduler and feeds here", "lease", l.Name, "holder", l.Holder)
			l.hold(ctx, renew, work)
			if ctx.Err() != nil {
				l.Store.ReleaseLease(context.WithoutCancel(ctx), l.Name, l.Holder)
				return
			}
		}
		if l.Clock.Sleep(ctx, renew) != nil {
			return
		}
	}
}

// hold runs work while renewing the lease, and stops it when renewal fails.
func (l Lease) hold(ctx context.Context, renew time.Duration, work func(context.Context)) {
	term, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); work(term) }()
	defer func() { cancel(); <-done }()
	for {
		if l.Clock.Sleep(ctx, renew) != nil {
			return
		}
		ok, err := l.Store.AcquireLease(ctx, l.Name, l.Holder, l.Clock.Now(), l.TTL, false)
		if err != nil || !ok {
			l.Log.Warn("lease lost: stopping the scheduler and feeds here", "lease", l.Name, "err", err)
			return
		}
	}
}

func (l Lease) acquire(ctx context.Context) bool {
	ok, err := l.Store.AcquireLease(ctx, l.Name, l.Holder, l.Clock.Now(), l.TTL, false)
	if err == nil && !ok && l.Dead != nil {
		if holder, herr := l.Store.LeaseHolder(ctx, l.Name); herr == nil && holder != "" && l.Dead(holder) {
			l.Log.Info("taking the lease of a process that died", "lease", l.Name, "from", holder)
			ok, err = l.Store.AcquireLease(ctx, l.Name, l.Holder, l.Clock.Now(), l.TTL, true)
		}
	}
	if err != nil && ctx.Err() == nil {
		l.Log.Warn("lease not acquired", "lease", l.Name, "err", err)
	}
	return ok && err == nil
}
