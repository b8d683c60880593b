package bot

import (
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

// limiter holds the buckets; idle ones are dropped so memory stays bounded
// by the number of recently active users and chats.
type limiter struct {
	mu      sync.Mutex
	cfg     Budgets
	buckets map[string]*bucket
	swept   time.Time
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

// take charges a request to its user and its chat.
func (l *limiter) take(req Request, now time.Time) (verdict, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	c := cost(req.Command)
	user := l.get("u:"+req.Platform+":"+req.UserID, l.cfg.UserBurst, l.cfg.UserRefill, now)
	chat := l.get("c:"+req.Scope(), l.cfg.ChatBurst, l.cfg.ChatRefill, now)
	if user.tokens >= c && chat.tokens >= c {
		user.tokens -= c
		chat.tokens -= c
		user.warned = false
		return allowed, 0
	}
	wait := l.cfg.UserRefill
	if chat.tokens < c {
		wait = l.cfg.ChatRefill
	}
	if user.warned {
		return silent, wait
	}
	user.warned = true
	return slowDown, wait
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
