package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Poster sends a reply to a chat on one platform. Each adapter implements it.
type Poster interface {
	Post(ctx context.Context, chatID string, r Reply) error
}

// Gate waits until the platform's limits let one more message go to chatID.
type Gate func(ctx context.Context, chatID string) error

// PacedPoster posts a reply that may take several messages, passing the
// gate before each, so long replies are paced message by message.
type PacedPoster interface {
	Poster
	PostPaced(ctx context.Context, chatID string, r Reply, gate Gate) error
}

// Delivery failures, for adapters to wrap in a PostError and callers to test
// with errors.Is.
var (
	ErrRateLimited = errors.New("rate limited by the platform")
	ErrChatGone    = errors.New("the chat is gone or the bot was removed or blocked")
	ErrForbidden   = errors.New("the bot may not post in this chat")
	ErrTemporary   = errors.New("temporary platform failure")
	ErrMigrated    = errors.New("the chat moved to a new id")
	ErrRejected    = errors.New("the platform refused the message")
)

// PostError is a failed post with what the platform said about it.
type PostError struct {
	Kind       error         // one of the Err… values above
	RetryAfter time.Duration // for ErrRateLimited
	NewChatID  string        // for ErrMigrated
	Err        error         // the platform's own error, without secrets
}

func (e *PostError) Error() string {
	msg := e.Kind.Error()
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	if e.NewChatID != "" {
		msg += " (now " + e.NewChatID + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *PostError) Unwrap() []error { return []error{e.Kind, e.Err} }

// Permanent says retrying cannot help: the subscription should stop.
func Permanent(err error) bool {
	return errors.Is(err, ErrChatGone) || errors.Is(err, ErrForbidden)
}

// Pacing is a platform's sending limits.
type Pacing struct {
	PerSecond      int           // all chats together; 0 means no limit
	PerChat        time.Duration // least time between two messages to one chat
	GroupPerMinute int           // messages a minute to one group chat; 0 means no limit
}

// slack widens the windows a little: the platform times messages on arrival,
// and the network does not deliver them exactly as spaced.
const slack = 50 * time.Millisecond

const second = time.Second + slack

// TelegramPacing follows the Bot API's published limits.
var TelegramPacing = Pacing{PerSecond: 30, PerChat: time.Second, GroupPerMinute: 20}

// pacer hands out send times that keep every window within the limits.
type pacer struct {
	mu          sync.Mutex
	p           Pacing
	pausedUntil time.Time              // a rate limit the platform asked for
	recent      []time.Time            // sends in the last second, all chats
	lastChat    map[string]time.Time   // last send per chat
	group       map[string][]time.Time // sends in the last minute per group
}

func newPacer(p Pacing) *pacer {
	return &pacer{p: p, lastChat: map[string]time.Time{}, group: map[string][]time.Time{}}
}

// pause holds every send until t: a platform's rate limit is for the bot,
// not for one chat.
func (pc *pacer) pause(t time.Time) {
	pc.mu.Lock()
	if t.After(pc.pausedUntil) {
		pc.pausedUntil = t
	}
	pc.mu.Unlock()
}

// take books a send to chat now if every limit allows it; otherwise it
// books nothing and says how long to wait. Booking the real send time (not a
// planned one) keeps the windows true even when a sender wakes late.
func (pc *pacer) take(chat string, isGroup bool, now time.Time) time.Duration {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if wait := pc.due(chat, isGroup, now); wait > 0 {
		return wait
	}
	pc.recent = dropBefore(insertSorted(pc.recent, now), now.Add(-second))
	pc.lastChat[chat] = now
	if isGroup && pc.p.GroupPerMinute > 0 {
		pc.group[chat] = dropBefore(insertSorted(pc.group[chat], now), now.Add(-time.Minute))
	}
	return 0
}

// wait says how long until the limits let a send to chat go, booking nothing.
func (pc *pacer) wait(chat string, isGroup bool, now time.Time) time.Duration {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.due(chat, isGroup, now)
}

// due is wait, with the lock held.
func (pc *pacer) due(chat string, isGroup bool, now time.Time) time.Duration {
	at := maxTime(now, pc.pausedUntil)
	if last, ok := pc.lastChat[chat]; ok && pc.p.PerChat > 0 && at.Before(last.Add(pc.p.PerChat+slack)) {
		at = last.Add(pc.p.PerChat + slack)
	}
	if pc.p.PerSecond > 0 {
		if n := len(pc.recent); n > 0 && pc.recent[n-1].After(at) {
			at = pc.recent[n-1] // a booking in the future: the start-up pause
		}
		if countFrom(pc.recent, at.Add(-second)) >= pc.p.PerSecond {
			at = maxTime(at, pc.recent[len(pc.recent)-pc.p.PerSecond].Add(second))
		}
	}
	if isGroup && pc.p.GroupPerMinute > 0 {
		if g := pc.group[chat]; countFrom(g, at.Add(-time.Minute)) >= pc.p.GroupPerMinute {
			at = maxTime(at, g[len(g)-pc.p.GroupPerMinute].Add(time.Minute))
		}
	}
	return max(0, at.Sub(now))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dropBefore keeps times at or after t, so memory stays bounded by the window.
func dropBefore(ts []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(t) {
		i++
	}
	return ts[i:]
}

// countFrom counts the times after t (sorted input).
func countFrom(ts []time.Time, t time.Time) int {
	n := 0
	for i := len(ts) - 1; i >= 0 && ts[i].After(t); i-- {
		n++
	}
	return n
}

func insertSorted(ts []time.Time, t time.Time) []time.Time {
	i := len(ts)
	for i > 0 && ts[i-1].After(t) {
		i--
	}
	ts = append(ts, time.Time{})
	copy(ts[i+1:], ts[i:])
	ts[i] = t
	return ts
}

// postTimeout bounds one post that runs on through a shutdown.
const postTimeout = 30 * time.Second

// Courier posts digests with pacing per platform and retries, and stops
// subscriptions whose chats are gone.
type Courier struct {
	posters  map[string]Poster
	pacers   map[string]*pacer
	store    Store
	clock    Clock
	log      *slog.Logger
	attempts int
	// IsGroup says whether a chat id is a group (Telegram: negative ids).
	isGroup func(platform, chatID string) bool
	shared  SharedBudgets // the platform's rate for every replica, when shared
}

// ShareRate makes every replica on one database share each platform's
// messages a second: a send takes a token from the platform's bucket in the
// store as well as from this process's pacer. Telegram's 30 a second is
// for the bot, however many processes send for it.
func (c *Courier) ShareRate(s SharedBudgets) { c.shared = s }

// sharedTurn takes the platform's shared token for one send, or says how
// long to wait for the next. Its bucket holds one token and refills at four
// fifths of the limit: sends taken a turn apart can arrive closer together
// (a busy machine delays one, not the next, and at nine tenths a loaded
// machine was seen to land 31 in one second), and the platform counts them
// as they arrive. A store that fails to answer leaves the pacing to this
// process and the platform.
func (c *Courier) sharedTurn(ctx context.Context, platform string, perSecond int) time.Duration {
	if c.shared == nil || perSecond <= 2 {
		return 0
	}
	every := time.Second / time.Duration(perSecond*4/5)
	ok, err := c.shared.TakeTokens(ctx, "send:"+platform, 1, 1, every, c.clock.Now())
	if ok || err != nil {
		return 0
	}
	return every
}

// NewCourier returns a courier for the given posters, keyed by platform.
func NewCourier(store Store, clock Clock, log *slog.Logger) *Courier {
	if clock == nil {
		clock = SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Courier{posters: map[string]Poster{}, pacers: map[string]*pacer{}, store: store, clock: clock, log: log, attempts: 6,
		isGroup: func(platform, id string) bool { return platform == "telegram" && len(id) > 0 && id[0] == '-' }}
}

// Register adds a platform's poster with its limits (zero Pacing: no pacing).
// A paced platform's first second is left empty: the process may have just
// restarted after a second of full sending, and the platform counts both.
func (c *Courier) Register(platform string, p Poster, pacing Pacing) {
	c.posters[platform] = p
	pc := newPacer(pacing)
	if pacing.PerSecond > 0 {
		pc.recent = []time.Time{c.clock.Now().Add(time.Second)}
	}
	c.pacers[platform] = pc
}

// Send posts one reply, waiting out rate limits and retrying temporary
// failures with backoff. A chat that moved is followed; a chat that is gone
// ends its subscription. It returns the chat the reply went to.
func (c *Courier) Send(ctx context.Context, chat ChatRef, r Reply) (ChatRef, error) {
	for attempt := 0; ; attempt++ {
		var err error
		chat, err = c.Attempt(ctx, chat, r)
		if err == nil {
			return chat, nil
		}
		wait, again := c.RetryAfter(err, attempt)
		if !again {
			return chat, err
		}
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return chat, err
		}
	}
}

// Attempt posts once, after pacing. A chat that moved is followed at once; a
// chat that is gone has its subscription stopped; a rate limit pauses the
// whole platform for as long as it asks.
func (c *Courier) Attempt(ctx context.Context, chat ChatRef, r Reply) (ChatRef, error) {
	p, ok := c.posters[chat.Platform]
	if !ok {
		return chat, fmt.Errorf("deliver to %s: no poster for platform %q", chat, chat.Platform)
	}
	pc := c.pacers[chat.Platform]
	gate := func(ctx context.Context, chatID string) error {
		for {
			group := c.isGroup(chat.Platform, chatID)
			wait := pc.wait(chatID, group, c.clock.Now())
			if wait <= 0 {
				// This process may send: then the deployment's turn, then
				// the booking (another goroutine may have taken the slot).
				wait = c.sharedTurn(ctx, chat.Platform, pc.p.PerSecond)
			}
			if wait <= 0 {
				wait = pc.take(chatID, group, c.clock.Now())
			}
			if wait <= 0 {
				return nil
			}
			if err := c.clock.Sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
	for moves := 0; ; moves++ {
		if err := gate(ctx, chat.ChatID); err != nil {
			return chat, err
		}
		if err := ctx.Err(); err != nil {
			return chat, err // shutting down: start nothing new
		}
		// A post that has started is let finish, even when shutdown begins, so
		// it can be recorded instead of sent again after the restart.
		postCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), postTimeout)
		var err error
		if pp, ok := p.(PacedPoster); ok {
			first := true // the first message's turn was taken above
			err = pp.PostPaced(postCtx, chat.ChatID, r, func(ctx context.Context, id string) error {
				if first {
					first = false
					return nil
				}
				return gate(ctx, id)
			})
		} else {
			err = p.Post(postCtx, chat.ChatID, r)
		}
		cancel()
		if err == nil {
			return chat, nil
		}
		var pe *PostError
		errors.As(err, &pe)
		switch {
		case errors.Is(err, ErrMigrated) && pe != nil && pe.NewChatID != "" && moves < 3:
			c.log.Info("chat moved", "chat", chat.String(), "to", pe.NewChatID)
			if err := c.store.MoveChat(ctx, chat, pe.NewChatID); err != nil {
				return chat, err
			}
			chat.ChatID = pe.NewChatID
			continue
		case Permanent(err):
			c.log.Warn("subscription stopped", "chat", chat.String(), "reason", err.Error())
			if derr := c.store.Deactivate(ctx, chat, err.Error()); derr != nil {
				return chat, derr
			}
		case errors.Is(err, ErrRateLimited) && pe != nil && pe.RetryAfter > 0:
			c.log.Info("rate limited", "chat", chat.String(), "retry_after", pe.RetryAfter)
			pc.pause(c.clock.Now().Add(pe.RetryAfter))
		}
		return chat, fmt.Errorf("deliver to %s: %w", chat, err)
	}
}

// RetryAfter says how long to wait before attempt+1, or false when another
// attempt cannot help: the chat is gone, the message was refused, or six
// attempts failed.
func (c *Courier) RetryAfter(err error, attempt int) (time.Duration, bool) {
	if attempt+1 >= c.attempts || Permanent(err) || errors.Is(err, ErrRejected) || errors.Is(err, context.Canceled) {
		return 0, false
	}
	var pe *PostError
	if errors.As(err, &pe) && errors.Is(err, ErrRateLimited) && pe.RetryAfter > 0 {
		return 0, true // the pacer holds every send until the platform's time is up
	}
	return min(time.Second<<attempt, time.Minute), true
}
