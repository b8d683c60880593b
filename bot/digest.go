package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// DigestConfig holds the defaults and limits of digests.
type DigestConfig struct {
	DefaultTime string        // "08:00"
	DefaultTZ   string        // "UTC"
	Catchup     time.Duration // a digest missed while down is still sent if at most this late
	Workers     int           // digests composed and sent at once
	FirstWindow time.Duration // a new subscription's first digest covers briefings this old
	// MaxBriefings is the most briefings a digest lists (default 10); the
	// rest are counted, and delivered with it all the same.
	MaxBriefings int
	Health       *Health // told when the ledger cannot be written; may be nil
}

// Digests schedules, composes and delivers digests, and answers the
// subscription commands. It implements the router's Subscriptions.
type Digests struct {
	cfg     DigestConfig
	store   Store
	courier *Courier
	clock   Clock
	log     *slog.Logger

	cron    *cron.Cron
	mu      sync.Mutex
	entries map[ChatRef]cron.EntryID
	locks   map[ChatRef]*sync.Mutex
	queue   chan Subscription
	wg      sync.WaitGroup
	runCtx  context.Context // the scheduler's life; jobs never use a request's context
}

var _ Subscriptions = (*Digests)(nil)

// NewDigests returns the digest service; Start runs its scheduler.
func NewDigests(cfg DigestConfig, store Store, courier *Courier, clock Clock, log *slog.Logger) (*Digests, error) {
	if cfg.DefaultTime == "" {
		cfg.DefaultTime = "08:00"
	}
	if cfg.DefaultTZ == "" {
		cfg.DefaultTZ = "UTC"
	}
	if _, err := loadZone(cfg.DefaultTZ); err != nil {
		return nil, fmt.Errorf("digests: default zone: %w", err)
	}
	if _, err := parseHHMM(cfg.DefaultTime); err != nil {
		return nil, fmt.Errorf("digests: default time: %w", err)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.MaxBriefings <= 0 {
		cfg.MaxBriefings = 10
	}
	if cfg.FirstWindow <= 0 {
		cfg.FirstWindow = 24 * time.Hour
	}
	if clock == nil {
		clock = SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cl := cronLogger{log}
	d := &Digests{cfg: cfg, store: store, courier: courier, clock: clock, log: log, entries: map[ChatRef]cron.EntryID{}, locks: map[ChatRef]*sync.Mutex{}}
	d.cron = cron.New(cron.WithChain(jobChain(cl)...), cron.WithLogger(cl))
	return d, nil
}

// jobChain wraps every digest job. SkipIfStillRunning comes before Recover: a
// panic is then recovered inside the skip guard, which is released, and the
// job runs next time. (The other order leaves the guard held for ever.)
func jobChain(l cron.Logger) []cron.JobWrapper {
	return []cron.JobWrapper{cron.SkipIfStillRunning(l), cron.Recover(l)}
}

// cronLogger sends robfig/cron's messages to slog.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}

// Start loads the active subscriptions into the scheduler, sends the digests
// missed while briefbot was down (within the catch-up window) and runs until
// ctx ends.
func (d *Digests) Start(ctx context.Context) error {
	subs, err := d.store.ActiveSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("digests: start: %w", err)
	}
	queue := make(chan Subscription, 1024)
	d.mu.Lock()
	d.queue = queue
	d.runCtx = ctx
	d.mu.Unlock()
	for i := 0; i < d.cfg.Workers; i++ {
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			for sub := range queue {
				if err := d.RunDue(ctx, sub); err != nil && ctx.Err() == nil {
					d.log.Error("digest failed", "chat", sub.Chat.String(), "err", err)
				}
			}
		}()
	}
	for _, sub := range subs {
		if err := d.schedule(sub); err != nil {
			d.log.Error("bad subscription skipped", "chat", sub.Chat.String(), "err", err)
		}
	}
	d.cron.Start()
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		if err := d.CatchUp(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("catch-up", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		<-d.cron.Stop().Done()
		d.mu.Lock()
		close(d.queue)
		d.queue = nil
		d.mu.Unlock()
	}()
	return nil
}

// Sync brings the scheduler in line with the database: subscriptions made
// or stopped through another process are picked up.
func (d *Digests) Sync(ctx context.Context) error {
	subs, err := d.store.ActiveSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("digests: sync: %w", err)
	}
	active := map[ChatRef]bool{}
	for _, sub := range subs {
		active[sub.Chat] = true
		d.mu.Lock()
		_, known := d.entries[sub.Chat]
		d.mu.Unlock()
		if !known {
			if err := d.schedule(sub); err != nil {
				d.log.Error("bad subscription skipped", "chat", sub.Chat.String(), "err", err)
			}
		}
	}
	d.mu.Lock()
	var gone []ChatRef
	for chat := range d.entries {
		if !active[chat] {
			gone = append(gone, chat)
		}
	}
	d.mu.Unlock()
	for _, chat := range gone {
		d.unschedule(chat)
	}
	return nil
}

// CatchUp sends, once, each digest missed while briefbot was down that is
// still within the catch-up window, and returns when they are done.
func (d *Digests) CatchUp(ctx context.Context) error {
	subs, err := d.store.ActiveSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("digests: catch-up: %w", err)
	}
	work := make(chan Subscription)
	var wg sync.WaitGroup
	for i := 0; i < d.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sub := range work {
				if err := d.RunDue(ctx, sub); err != nil && ctx.Err() == nil {
					d.log.Error("catch-up digest failed", "chat", sub.Chat.String(), "err", err)
				}
			}
		}()
	}
	for _, sub := range subs {
		select {
		case work <- sub:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return ctx.Err()
}

// lock serialises the work on one chat, so a cron firing and a catch-up
// never send the same slot twice.
func (d *Digests) lock(chat ChatRef) func() {
	d.mu.Lock()
	m, ok := d.locks[chat]
	if !ok {
		m = &sync.Mutex{}
		d.locks[chat] = m
	}
	d.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// lockPlatform holds a platform's send slot.
func (d *Digests) lockPlatform(platform string) func() {
	return d.lock(ChatRef{Platform: platform, ChatID: "\x00platform"})
}

// Wait blocks until the workers have finished after ctx ended.
func (d *Digests) Wait() { d.wg.Wait() }

func (d *Digests) enqueue(ctx context.Context, sub Subscription) {
	d.mu.Lock()
	q := d.queue
	d.mu.Unlock()
	if q == nil {
		return
	}
	defer func() { recover() }() // the queue closed while shutting down
	select {
	case q <- sub:
	case <-ctx.Done():
	}
}

// schedule adds or replaces the cron entry of a subscription.
func (d *Digests) schedule(sub Subscription) error {
	sched, err := ParseSchedule(sub.Spec, sub.TZ)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	ctx := d.runCtx
	if ctx == nil {
		ctx = context.Background() // not started: the entry waits for Start's cron
	}
	if id, ok := d.entries[sub.Chat]; ok {
		d.cron.Remove(id)
	}
	chat := sub.Chat
	d.entries[sub.Chat] = d.cron.Schedule(sched, cron.FuncJob(func() {
		// Read it again: it may have changed or stopped since it was scheduled.
		cur, err := d.store.Subscription(ctx, chat)
		if err != nil || !cur.Active {
			return
		}
		d.enqueue(ctx, cur)
	}))
	return nil
}

func (d *Digests) unschedule(chat ChatRef) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if id, ok := d.entries[chat]; ok {
		d.cron.Remove(id)
		delete(d.entries, chat)
	}
}

// Scheduled is how many subscriptions have a cron entry.
func (d *Digests) Scheduled() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.entries)
}

// RunDue sends the subscription's latest scheduled digest if it is due, not
// yet delivered and not older than the catch-up window. Running it twice for
// one slot sends one digest: the ledger says it went.
func (d *Digests) RunDue(ctx context.Context, sub Subscription) error {
	sched, err := ParseSchedule(sub.Spec, sub.TZ)
	if err != nil {
		return err
	}
	defer d.lock(sub.Chat)()
	loc, _ := loadZone(sub.TZ)
	now := d.clock.Now()
	slot, ok := lastSlot(sched, now)
	if !ok || now.Sub(slot) > d.cfg.Catchup || slot.Before(sub.Created.Add(-time.Minute)) {
		return nil
	}
	key := slotKey(slot, loc)
	// Claim before post: only the process whose claim is written may send,
	// and a claim that cannot be written means no digest at all.
	claimed, err := d.store.ClaimDelivery(ctx, sub.Chat, key, now)
	if err != nil {
		d.cfg.Health.Fail("ledger", err)
		return err
	}
	d.cfg.Health.OK("ledger")
	if !claimed {
		return nil // sent already, or being sent by another process
	}
	err = d.send(ctx, sub, slot, key)
	if err != nil {
		if rerr := d.store.ReleaseDelivery(context.WithoutCancel(ctx), sub.Chat, key); rerr != nil {
			d.log.Error("claim not released", "chat", sub.Chat.String(), "slot", key, "err", rerr)
		}
	}
	return err
}

// send composes and posts a claimed digest and records it.
func (d *Digests) send(ctx context.Context, sub Subscription, slot time.Time, key string) error {
	loc, _ := loadZone(sub.TZ)
	entries, err := d.store.Undelivered(ctx, sub.Chat, sub.Created.Add(-d.cfg.FirstWindow))
	if err != nil {
		return err
	}
	entries = FilterTopics(entries, sub.Only, sub.Skip)
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	if len(entries) == 0 && !sub.Daily {
		// A day with nothing new is recorded too, so a restart does not send
		// that slot later with what arrived after it.
		return d.store.RecordDelivery(ctx, sub.Chat, key, ids, d.clock.Now())
	}
	reply := ComposeDigest(entries, slot.In(loc), d.cfg.MaxBriefings)
	chat := sub.Chat
	for attempt := 0; ; attempt++ {
		// One message in flight per platform: posted and recorded before the
		// next goes, so a crash can repeat at most that one. Waiting to retry
		// happens outside, so one failing chat does not hold up the rest.
		release := d.lockPlatform(sub.Chat.Platform)
		chat, err = d.courier.Attempt(ctx, chat, reply)
		if err == nil {
			// Posted: record it even if briefbot is shutting down meanwhile.
			// Should that fail, the claim stays pending and the rule for
			// pending claims (sent once more) applies.
			if err := d.store.RecordDelivery(context.WithoutCancel(ctx), chat, key, ids, d.clock.Now()); err != nil {
				d.cfg.Health.Fail("ledger", err)
				d.log.Error("digest posted but not recorded", "chat", chat.String(), "slot", key, "err", err)
			}
			release()
			return nil
		}
		release()
		wait, again := d.courier.RetryAfter(err, attempt)
		if !again {
			return fmt.Errorf("digest %s for %s: %w", key, sub.Chat, err)
		}
		if err := d.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// ComposeDigest is the digest of some briefings: for each of the newest max,
// its title, date, source, top three key points and one line per main
// actor's position; the others are counted.
func ComposeDigest(entries []Entry, at time.Time, max int) Reply {
	r := Reply{Title: "Your briefing digest, " + at.Format("Mon 2 Jan 2006 15:04 MST")}
	if len(entries) == 0 {
		r.Blocks = []Block{{Text: "Nothing new since your last digest."}}
		return r
	}
	for _, e := range entries[:min(len(entries), max)] {
		b := Block{Heading: e.Title + " (" + dateOrUnknown(e.Published) + ", " + sourceLabel(e) + ", " + e.ID + ")"}
		for i, k := range e.Briefing.KeyPoints {
			if i == 3 {
				break
			}
			b.Items = append(b.Items, Item{Text: k.Text, Cite: cite(k.Sentences)})
		}
		for _, ap := range mainActors(e.Briefing, 3) {
			p := ap.position
			b.Items = append(b.Items, Item{Text: ap.actor.Name + ": " + ShortText(p.Text, 200), Note: attribution(p), Cite: cite(p.Sentences)})
		}
		r.Blocks = append(r.Blocks, b)
	}
	r.Footer = fmt.Sprintf("%s. /positions <actor> for more; /unsubscribe to stop.", Count(len(entries), "new briefing", "new briefings"))
	if len(entries) > max {
		r.Footer = fmt.Sprintf("%d new briefings, the newest %d above; /briefings lists them all. /unsubscribe to stop.", len(entries), max)
	}
	return r
}

// FilterTopics keeps briefings that mention any "only" word (if given) and
// no "skip" word, in the title, key points or actors. Plain words, no
// patterns: nothing a chat types can make this slow.
func FilterTopics(entries []Entry, only, skip []string) []Entry {
	if len(only) == 0 && len(skip) == 0 {
		return entries
	}
	var out []Entry
	for _, e := range entries {
		text := topicText(e)
		keep := len(only) == 0
		for _, w := range only {
			if containsWord(text, w) {
				keep = true
			}
		}
		for _, w := range skip {
			if containsWord(text, w) {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

func topicText(e Entry) string {
	var b strings.Builder
	b.WriteString(e.Title)
	for _, k := range e.Briefing.KeyPoints {
		b.WriteString(" " + k.Text)
	}
	for _, a := range e.Briefing.Actors {
		b.WriteString(" " + a.Name + " " + a.Role + " " + strings.Join(a.Aliases, " "))
	}
	return strings.ToLower(b.String())
}

func containsWord(text, w string) bool {
	w = strings.ToLower(strings.TrimSpace(w))
	if w == "" {
		return false
	}
	for i := strings.Index(text, w); i >= 0; {
		before := i == 0 || !isWordByte(text[i-1])
		end := i + len(w)
		if before && (end >= len(text) || !isWordByte(text[end]) || text[end] == 's') {
			return true
		}
		next := strings.Index(text[i+1:], w)
		if next < 0 {
			break
		}
		i += next + 1
	}
	return false
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

func parseHHMM(s string) (time.Time, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || t.Format("15:04") != s && t.Format("3:04") != s {
		return t, fmt.Errorf("%q is not a time such as 08:00", s)
	}
	return t, nil
}

// ParseSubscribe reads "/subscribe [HH:MM] [Area/City] [daily] [only:a,b] [skip:c]"
// and `/subscribe cron "0 8 * * 1-5" [Area/City] …`.
func ParseSubscribe(args, defTime, defTZ string) (Subscription, error) {
	sub := Subscription{TZ: defTZ}
	hhmm := defTime
	rest := strings.TrimSpace(args)
	if strings.HasPrefix(strings.ToLower(rest), "cron ") {
		rest = strings.TrimSpace(rest[5:])
		if !strings.HasPrefix(rest, `"`) {
			return sub, errors.New(`put the cron expression in quotes: /subscribe cron "0 8 * * 1-5" Europe/Kyiv`)
		}
		end := strings.Index(rest[1:], `"`)
		if end < 0 {
			return sub, errors.New("the cron expression's closing quote is missing")
		}
		sub.Spec = strings.TrimSpace(rest[1 : end+1])
		rest = rest[end+2:]
	}
	for _, w := range strings.Fields(rest) {
		lw := strings.ToLower(w)
		switch {
		case strings.HasPrefix(lw, "only:"):
			sub.Only = splitList(w[5:])
		case strings.HasPrefix(lw, "skip:"):
			sub.Skip = splitList(w[5:])
		case lw == "daily":
			sub.Daily = true
		case strings.Contains(w, ":") && w[0] >= '0' && w[0] <= '9':
			if sub.Spec != "" {
				return sub, errors.New("give either a time or a cron expression, not both")
			}
			hhmm = w
		case strings.Contains(w, "/") || strings.EqualFold(w, "UTC"):
			tz, err := CanonicalZone(w)
			if err != nil {
				return sub, err
			}
			sub.TZ = tz
		default:
			return sub, fmt.Errorf("%q is neither a time (HH:MM), a time zone (Area/City) nor only:/skip: settings", w)
		}
	}
	if sub.Spec == "" {
		t, err := parseHHMM(hhmm)
		if err != nil {
			return sub, err
		}
		sub.Spec = fmt.Sprintf("%d %d * * *", t.Minute(), t.Hour())
	}
	if _, err := ParseSchedule(sub.Spec, sub.TZ); err != nil {
		return sub, err
	}
	return sub, nil
}

func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" && len(out) < 20 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

func describe(sub Subscription) string {
	var when string
	var min, hour int
	if n, _ := fmt.Sscanf(sub.Spec, "%d %d * * *", &min, &hour); n == 2 && strings.HasSuffix(sub.Spec, " * * *") {
		when = fmt.Sprintf("every day at %02d:%02d", hour, min)
	} else {
		when = fmt.Sprintf("on the schedule %q", sub.Spec)
	}
	s := when + " (" + sub.TZ + ")"
	if len(sub.Only) > 0 {
		s += ", only about " + strings.Join(sub.Only, ", ")
	}
	if len(sub.Skip) > 0 {
		s += ", skipping " + strings.Join(sub.Skip, ", ")
	}
	if sub.Daily {
		s += ", even on days with nothing new"
	}
	return s
}

// Subscribe creates or updates the chat's subscription.
func (d *Digests) Subscribe(ctx context.Context, req Request) Reply {
	sub, err := ParseSubscribe(req.Args, d.cfg.DefaultTime, d.cfg.DefaultTZ)
	if err != nil {
		return Errorf("Not subscribed", err.Error()+"\nExamples: /subscribe 07:30 Europe/Paris, /subscribe cron \"0 8 * * 1-5\" Europe/Kyiv only:ukraine,nato")
	}
	sub.Chat = ChatRef{req.Platform, req.ChatID}
	sub.Active = true
	if err := d.store.PutSubscription(ctx, sub); err != nil {
		d.log.Error("subscribe", "chat", sub.Chat.String(), "err", err)
		return Errorf("Not subscribed", "briefbot could not save the subscription. Please try again.")
	}
	stored, err := d.store.Subscription(ctx, sub.Chat)
	if err == nil {
		sub = stored
	}
	if err := d.schedule(sub); err != nil {
		return Errorf("Not subscribed", err.Error())
	}
	sched, _ := ParseSchedule(sub.Spec, sub.TZ)
	loc, _ := loadZone(sub.TZ)
	next := sched.Next(d.clock.Now()).In(loc)
	return Reply{Title: "Subscribed", Blocks: []Block{{Text: "This chat gets a digest " + describe(sub) + ". Next: " + next.Format("Mon 2 Jan 15:04 MST") + "."}},
		Footer: "/digest shows it now; /unsubscribe stops it."}
}

// Unsubscribe stops the chat's digest.
func (d *Digests) Unsubscribe(ctx context.Context, req Request) Reply {
	chat := ChatRef{req.Platform, req.ChatID}
	err := d.store.DeleteSubscription(ctx, chat)
	d.unschedule(chat)
	switch {
	case errors.Is(err, ErrNotFound):
		return Reply{Title: "Not subscribed", Blocks: []Block{{Text: "This chat had no digest."}}}
	case err != nil:
		d.log.Error("unsubscribe", "chat", chat.String(), "err", err)
		return Errorf("Still subscribed", "briefbot could not remove the subscription. Please try again.")
	}
	return Reply{Title: "Unsubscribed", Blocks: []Block{{Text: "This chat gets no more digests."}}}
}

// Subscriptions shows the chat's subscription.
func (d *Digests) Subscriptions(ctx context.Context, req Request) Reply {
	sub, err := d.store.Subscription(ctx, ChatRef{req.Platform, req.ChatID})
	if errors.Is(err, ErrNotFound) {
		return Reply{Title: "No digest", Blocks: []Block{{Text: "This chat has no digest. An admin can start one with /subscribe 08:00 Europe/Paris."}}}
	}
	if err != nil {
		return Errorf("Something went wrong", "briefbot could not read the subscription.")
	}
	text := "A digest " + describe(sub) + "."
	if !sub.Active {
		text = "Stopped: " + sub.Reason + ". It was " + describe(sub) + ". /subscribe starts it again."
	}
	return Reply{Title: "This chat's digest", Blocks: []Block{{Text: text}}}
}

// Preview shows the chat's next digest now, marking nothing delivered.
func (d *Digests) Preview(ctx context.Context, req Request) Reply {
	chat := ChatRef{req.Platform, req.ChatID}
	sub, err := d.store.Subscription(ctx, chat)
	since := d.clock.Now().Add(-d.cfg.FirstWindow)
	if err == nil {
		since = sub.Created.Add(-d.cfg.FirstWindow)
	}
	entries, err2 := d.store.Undelivered(ctx, chat, since)
	if err2 != nil {
		return Errorf("Something went wrong", "briefbot could not read the briefings.")
	}
	entries = FilterTopics(entries, sub.Only, sub.Skip)
	r := ComposeDigest(entries, d.clock.Now(), d.cfg.MaxBriefings)
	r.Title = "Preview: " + r.Title
	return r
}
