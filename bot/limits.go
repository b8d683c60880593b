package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"
)

// Budgets keep one person or one chat from taking the bot for themselves.
// Each user and each chat has a token bucket; a command costs tokens, more
// for the ones that read the whole library.
type Budgets struct {
	UserBurst  float64       // commands a user may send at once; default 8
	UserRefill time.Duration // one more token every; default 3s
	ChatBurst  float64       // commands a chat may send at once; default 20
	ChatRefill time.Duration // default 1s
}

func (b Budgets) withDefaults() Budgets {
	if b.UserBurst <= 0 {
		b.UserBurst = 8
	}
	if b.UserRefill <= 0 {
		b.UserRefill = 3 * time.Second
	}
	if b.ChatBurst <= 0 {
		b.ChatBurst = 20
	}
	if b.ChatRefill <= 0 {
		b.ChatRefill = time.Second
	}
	return b
}

// Argument limits, in characters: longer questions and names are refused
// before any work is done.
const (
	MaxQuestion = 300
	MaxActor    = 100
	MaxArgs     = 500
)

// argLimit is the longest argument a command takes.
func argLimit(cmd string) int {
	switch cmd {
	case "ask":
		return MaxQuestion
	case "positions", "quotes":
		return MaxActor + 20 // the name and a briefing id
	}
	return MaxArgs
}

// tooLong refuses an argument over its command's limit.
func tooLong(req Request) (Reply, bool) {
	limit := argLimit(req.Command)
	if n := utf8.RuneCountInString(req.Args); n > limit {
		return Errorf("Too long", fmt.Sprintf("/%s takes at most %d characters; this was %d. Please shorten it.", req.Command, limit, n)), true
	}
	return Reply{}, false
}

// cost is what a command takes from the buckets.
func cost(cmd string) float64 {
	switch cmd {
	case "ask", "add", "digest":
		return 3
	case "positions", "quotes", "feeds":
		return 2
	}
	return 1
}

type bucket struct {
	tokens float64
	at     time.Time
	warned bool // told to slow down since it last had tokens
}

// SharedBudgets keeps buckets in the database every replica shares, so a
// chat's budget holds for the whole deployment whichever replica a command
// reaches (replies then stay within the platforms' per-chat limits). Both
// stores implement it; a user's own bucket stays in each process.
type SharedBudgets interface {
	// TakeTokens takes cost from the bucket named key (burst at most, one
	// token back every refill), and says whether it had them; a bucket
	// without them is left as it was.
	TakeTokens(ctx context.Context, key string, burst, cost float64, refill time.Duration, now time.Time) (bool, error)
}

// limiter holds the buckets; idle ones are dropped so memory stays bounded
// by the number of recently active users and chats.
type limiter struct {
	mu      sync.Mutex
	cfg     Budgets
	buckets map[string]*bucket
	swept   time.Time
	shared  SharedBudgets // chats' buckets, when replicas share them
}

func newLimiter(cfg Budgets) *limiter {
	return &limiter{cfg: cfg.withDefaults(), buckets: map[string]*bucket{}}
}

// verdict of one request against the buckets.
type verdict int

const (
	allowed  verdict = iota
	slowDown         // over the budget: say so once
	silent           // over the budget and already told
)

// take charges a request to its user and its chat, both or neither. The
// lock is not held while a shared store is asked.
func (l *limiter) take(ctx context.Context, req Request, now time.Time) (verdict, time.Duration) {
	c, chatKey := cost(req.Command), "c:"+req.Scope()
	l.mu.Lock()
	l.sweep(now)
	user := l.get("u:"+req.Platform+":"+req.UserID, l.cfg.UserBurst, l.cfg.UserRefill, now)
	if user.tokens < c {
		defer l.mu.Unlock()
		return l.over(user), l.cfg.UserRefill
	}
	user.tokens -= c // held while the chat's bucket is asked
	ok := l.shared != nil || l.takeLocal(chatKey, c, now)
	l.mu.Unlock()
	if l.shared != nil {
		// A store that fails to answer lets the command through: budgets
		// guard against floods, and an outage is not one.
		taken, err := l.shared.TakeTokens(ctx, chatKey, l.cfg.ChatBurst, c, l.cfg.ChatRefill, now)
		ok = taken || err != nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ok {
		user.tokens += c
		return l.over(user), l.cfg.ChatRefill
	}
	user.warned = false
	return allowed, 0
}

// takeLocal charges a bucket this process keeps.
func (l *limiter) takeLocal(key string, c float64, now time.Time) bool {
	b := l.get(key, l.cfg.ChatBurst, l.cfg.ChatRefill, now)
	if b.tokens < c {
		return false
	}
	b.tokens -= c
	return true
}

// over answers a request over budget: a note the first time, then silence.
func (l *limiter) over(user *bucket) verdict {
	if user.warned {
		return silent
	}
	user.warned = true
	return slowDown
}

func (l *limiter) get(key string, burst float64, refill time.Duration, now time.Time) *bucket {
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, at: now}
		l.buckets[key] = b
	}
	if now.After(b.at) {
		b.tokens = min(burst, b.tokens+float64(now.Sub(b.at))/float64(refill))
		b.at = now
	}
	return b
}

// sweep forgets buckets that have been full for a while.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	idle := time.Duration(max(l.cfg.UserBurst, l.cfg.ChatBurst)) * max(l.cfg.UserRefill, l.cfg.ChatRefill)
	for k, b := range l.buckets {
		if now.Sub(b.at) > idle {
			delete(l.buckets, k)
		}
	}
}

func slowDownReply(wait time.Duration) Reply {
	r := Errorf("Slow down", fmt.Sprintf("That is a lot of commands at once. briefbot answers again in about %d seconds.", max(1, int(wait.Round(time.Second).Seconds()))))
	return r
}
