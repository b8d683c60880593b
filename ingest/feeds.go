package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/robfig/cron/v3"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/store"
)

// FeedStore is what the poller needs from storage.
type FeedStore interface {
	Adder
	PutFeed(ctx context.Context, f store.Feed) error
	RemoveFeed(ctx context.Context, url, scope string) error
	Feeds(ctx context.Context) ([]store.Feed, error)
	ScopeFeeds(ctx context.Context, scope string) ([]store.Feed, error)
	CountFeeds(ctx context.Context, scope *string) (int, error)
	FeedPolled(ctx context.Context, f store.Feed, title, etag, lastModified string) error
	FeedFailed(ctx context.Context, f store.Feed, lastErr string, next time.Time, disable bool) (store.Feed, error)
	ShareURL(ctx context.Context, url, scope string) (bool, error)
}

// Limits keeps what strangers can make briefbot fetch bounded.
type Limits struct {
	FeedsPerChat int // feeds one chat may add; default 20
	FeedsTotal   int // feeds in all; default 1000
	ItemsPerPoll int // new items read from one feed per poll; default 30
	Parallel     int // feeds polled at once; default 8
	PerHost      int // feeds of one host polled at once; default 2
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.FeedsPerChat, 20)
	def(&l.FeedsTotal, 1000)
	def(&l.ItemsPerPoll, 30)
	def(&l.Parallel, 8)
	def(&l.PerHost, 2)
	return l
}

// Notifier tells a chat something (the courier's Send).
type Notifier func(ctx context.Context, chat bot.ChatRef, r bot.Reply) error

// Failures before the owning chat is warned, and before the feed is disabled.
const (
	WarnAfter    = 3
	DisableAfter = 6
)

var feedTypes = []string{"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/feed+json", "application/json", "text/plain"}

// Poller polls feeds, stores their new items and manages /add and /feeds.
type Poller struct {
	store  FeedStore
	fetch  *Fetcher
	clock  bot.Clock
	log    *slog.Logger
	notify Notifier
	limit  int64
	base   time.Duration // first back-off step
	caps   Limits

	jobs    chan addJob // /add work for the workers
	workers atomic.Int64
}

// SetLimits replaces the default limits.
func (p *Poller) SetLimits(l Limits) { p.caps = l.withDefaults() }

var _ bot.Sources = (*Poller)(nil)

// NewPoller returns a poller; notify may be nil.
func NewPoller(store FeedStore, fetch *Fetcher, clock bot.Clock, log *slog.Logger, notify Notifier, limit int64) *Poller {
	if clock == nil {
		clock = bot.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{store: store, fetch: fetch, clock: clock, log: log, notify: notify, limit: limit, base: 15 * time.Minute, caps: Limits{}.withDefaults(), jobs: make(chan addJob, 16)}
}

// Run polls every feed on the cron schedule until ctx ends.
func (p *Poller) Run(ctx context.Context, spec string) error {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger), cron.Recover(cron.DiscardLogger)))
	if _, err := c.AddFunc(spec, func() { p.PollAll(ctx) }); err != nil {
		return fmt.Errorf("feeds: schedule %q: %w", spec, err)
	}
	c.Start()
	first := make(chan struct{})
	go func() { defer close(first); p.PollAll(ctx) }()
	<-ctx.Done()
	<-c.Stop().Done()
	<-first // nothing of the poller outlives Run
	return nil
}

// PollAll polls each enabled feed that is due.
func (p *Poller) PollAll(ctx context.Context) {
	feeds, err := p.store.Feeds(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Error("feeds", "err", err)
		}
		return
	}
	now := p.clock.Now()
	// Feeds are polled side by side, so one slow site holds up only itself,
	// and at most PerHost at a time from one host.
	all := make(chan struct{}, p.caps.Parallel)
	hosts := map[string]chan struct{}{}
	var wg sync.WaitGroup
	for _, f := range feeds {
		if f.Disabled || f.NextTry.After(now) {
			continue
		}
		host := strings.ToLower(hostOf(f.URL))
		if hosts[host] == nil {
			hosts[host] = make(chan struct{}, p.caps.PerHost)
		}
		slot := hosts[host]
		wg.Add(1)
		go func() {
			defer wg.Done()
			slot <- struct{}{}
			all <- struct{}{}
			defer func() { <-all; <-slot }()
			p.pollOne(ctx, f)
		}()
	}
	wg.Wait()
}

func (p *Poller) pollOne(ctx context.Context, f store.Feed) {
	if ctx.Err() != nil {
		return
	}
	if n, err := p.Poll(ctx, f); err != nil {
		p.log.Warn("feed failed", "feed", f.URL, "err", err.Error())
	} else if n > 0 {
		p.log.Info("feed read", "feed", f.URL, "new", n)
	}
}

// Poll fetches one feed (conditionally) and stores its new items. A failure
// backs the feed off; repeated failures warn its chat and then disable it.
func (p *Poller) Poll(ctx context.Context, f store.Feed) (int, error) {
	resp, err := p.fetch.Get(ctx, f.URL, feedTypes, f.ETag, f.LastModified)
	var feed *gofeed.Feed
	if err == nil && resp.Status != 304 {
		feed, err = gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
		if err != nil {
			err = fmt.Errorf("parse %s: %w", f.URL, err)
		}
	}
	if err != nil {
		return 0, p.failed(ctx, f, err)
	}
	if resp.Status == 304 {
		return 0, p.store.FeedPolled(ctx, f, "", f.ETag, f.LastModified)
	}
	added, read := 0, 0
	for _, it := range feed.Items {
		if read == p.caps.ItemsPerPoll {
			p.log.Info("feed item cap reached; the rest wait for the next poll", "feed", f.URL, "cap", read)
			break
		}
		ok, fetched, err := p.item(ctx, f.Scope, feed, it)
		if err != nil {
			p.log.Warn("feed item skipped", "feed", f.URL, "item", it.Link, "err", err.Error())
		}
		if fetched {
			read++
		}
		if ok {
			added++
		}
	}
	return added, p.store.FeedPolled(ctx, f, feed.Title, resp.ETag, resp.LastModified)
}

// item stores one feed item in scope: its own text when it carries the
// article, else the linked page. A link already read is never fetched again;
// fetched says whether this item cost a fetch or an analysis.
func (p *Poller) item(ctx context.Context, scope string, feed *gofeed.Feed, it *gofeed.Item) (added, fetched bool, err error) {
	link := Canonical(it.Link)
	if link != "" {
		if known, err := p.store.ShareURL(ctx, link, scope); err != nil || known {
			return false, false, err
		}
	}
	fetched = true
	text := HTMLText(it.Content)
	if len(text) < 400 {
		if d := HTMLText(it.Description); len(d) > len(text) {
			text = d
		}
	}
	r := bot.Report{Title: strings.TrimSpace(it.Title), URL: link, Source: feedSource(feed, link), Scope: scope}
	if len(text) >= 400 || link == "" {
		r.Text = []byte(strings.TrimSpace(it.Title) + "\n" + text)
	} else {
		page, err := p.fetch.Page(ctx, link)
		if err != nil {
			return false, true, err
		}
		r.Text, r.Published = page.Text, page.Published
	}
	if it.PublishedParsed != nil {
		r.Published = *it.PublishedParsed
	}
	if int64(len(r.Text)) > p.limit {
		return false, true, fmt.Errorf("%w: item over %d bytes", ErrTooLarge, p.limit)
	}
	_, err = p.store.AddReport(ctx, r)
	if errors.Is(err, bot.ErrDuplicate) {
		return false, true, nil
	}
	return err == nil, true, err
}

func feedSource(feed *gofeed.Feed, link string) string {
	if link != "" {
		return link
	}
	return feed.Title
}

func (p *Poller) failed(ctx context.Context, f store.Feed, cause error) error {
	n := f.Failures + 1
	wait := p.base << min(n-1, 6)
	if wait > 24*time.Hour {
		wait = 24 * time.Hour
	}
	disable := n >= DisableAfter
	if _, err := p.store.FeedFailed(ctx, f, cause.Error(), p.clock.Now().Add(wait), disable); err != nil {
		return err
	}
	if f.Owner.ChatID != "" && p.notify != nil {
		var msg string
		switch {
		case disable:
			msg = fmt.Sprintf("briefbot stopped reading %s after %d failures in a row (last: %v). /feeds add it again once it works.", f.URL, n, cause)
		case n == WarnAfter:
			msg = fmt.Sprintf("%s has failed %d times in a row (last: %v). briefbot keeps trying, less often, and stops after %d failures.", f.URL, n, cause, DisableAfter)
		}
		if msg != "" {
			if err := p.notify(ctx, f.Owner, bot.Reply{Title: "A feed is failing", Blocks: []bot.Block{{Text: msg}}}); err != nil {
				p.log.Warn("could not tell the chat about a failing feed", "feed", f.URL, "err", err.Error())
			}
		}
	}
	return cause
}

// AddURL fetches a page and stores it in the asker's scope (/add). While the
// worker pool runs, the fetch, extraction and analysis happen there, one of
// a bounded number at a time, and the briefing is posted to the chat when
// it is ready; otherwise the work is done before the reply.
func (p *Poller) AddURL(ctx context.Context, req bot.Request, raw string) bot.Reply {
	job := addJob{req: req, url: strings.TrimSpace(raw)}
	if p.notify == nil || p.workers.Load() == 0 {
		return p.addNow(ctx, job)
	}
	select {
	case p.jobs <- job:
		return bot.Reply{Title: "Adding the page", Blocks: []bot.Block{{Text: "briefbot is reading " + hostOf(job.url) + "; the briefing follows here in a moment."}}}
	default:
		return bot.Errorf("Busy", "briefbot is reading many pages right now. Please try again in a minute.")
	}
}

type addJob struct {
	req bot.Request
	url string
}

// StartWorkers starts n workers that read /add pages until ctx ends; wait
// returns once they have all stopped.
func (p *Poller) StartWorkers(ctx context.Context, n int) (wait func()) {
	if n <= 0 {
		n = 2
	}
	var wg sync.WaitGroup
	p.workers.Add(int64(n))
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.workers.Add(-1)
			for {
				select {
				case <-ctx.Done():
					return
				case job := <-p.jobs:
					p.finishAdd(ctx, job)
				}
			}
		}()
	}
	return wg.Wait
}

func (p *Poller) finishAdd(ctx context.Context, job addJob) {
	reply := p.addNow(ctx, job)
	chat := bot.ChatRef{Platform: job.req.Platform, ChatID: job.req.ChatID}
	if err := p.notify(ctx, chat, reply); err != nil {
		p.log.Warn("could not post an added page", "chat", chat.String(), "err", err.Error())
	}
}

func (p *Poller) addNow(ctx context.Context, job addJob) bot.Reply {
	res := addURL(ctx, p.store, p.fetch, job.url, job.req.AddScope())
	switch {
	case res.Err != nil:
		p.log.Info("page not added", "url", job.url, "err", res.Err.Error())
		return bot.Errorf("Not added", friendly(job.url, res.Err))
	case res.Duplicate:
		return bot.Reply{Title: "Already there", Blocks: []bot.Block{{Text: fmt.Sprintf("That report is already briefed as %s (%s); this page is now listed among its sources.", res.Entry.ID, res.Entry.Title)}}}
	}
	e := res.Entry
	r := bot.Reply{Title: "Added: " + e.Title, Footer: "/brief " + e.ID + " for the briefing"}
	var items []bot.Item
	for i, k := range e.Briefing.KeyPoints {
		if i == 3 {
			break
		}
		items = append(items, bot.Item{Text: k.Text})
	}
	r.Blocks = []bot.Block{{Heading: "Key points", Items: items}}
	return r
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "the page"
}

// Feeds lists, adds or removes feeds (/feeds, /feeds add <url>, /feeds remove <url>).
// A chat sees the shared feeds and its own, and changes only its own;
// operators change the shared ones.
func (p *Poller) Feeds(ctx context.Context, req bot.Request) bot.Reply {
	fields := strings.Fields(req.Args)
	if len(fields) == 0 {
		return p.listFeeds(ctx, req)
	}
	if len(fields) != 2 || (fields[0] != "add" && fields[0] != "remove") {
		return bot.Errorf("Usage", "/feeds, /feeds add <url> or /feeds remove <url>")
	}
	if fields[0] == "remove" {
		return p.removeFeed(ctx, req, fields[1])
	}
	return p.addFeed(ctx, req, fields[1])
}

func (p *Poller) listFeeds(ctx context.Context, req bot.Request) bot.Reply {
	feeds, err := p.store.ScopeFeeds(ctx, req.Scope())
	if err != nil {
		p.log.Error("feeds", "err", err)
		return bot.Errorf("Something went wrong", "briefbot could not read its feeds.")
	}
	if len(feeds) == 0 {
		return bot.Reply{Title: "No feeds", Blocks: []bot.Block{{Text: "This chat reads no feeds yet. An admin can add one with /feeds add <url>."}}}
	}
	var own, shared []bot.Item
	for _, f := range feeds {
		item := bot.Item{Text: f.URL, Note: feedState(f)}
		if f.Title != "" {
			item.Text = f.Title + " (" + f.URL + ")"
		}
		if f.Scope == bot.SharedScope {
			shared = append(shared, item)
		} else {
			own = append(own, item)
		}
	}
	r := bot.Reply{Title: bot.Count(len(feeds), "feed", "feeds")}
	if len(own) > 0 {
		r.Blocks = append(r.Blocks, bot.Block{Heading: "This chat's feeds", Items: own})
	}
	if len(shared) > 0 {
		r.Blocks = append(r.Blocks, bot.Block{Heading: "Shared by every chat", Items: shared})
	}
	return r
}

func feedState(f store.Feed) string {
	switch {
	case f.Disabled:
		return "stopped after repeated failures"
	case f.Failures > 0:
		return fmt.Sprintf("%s, next try %s", bot.Count(f.Failures, "failure", "failures"), f.NextTry.Format("2 Jan 15:04 MST"))
	}
	return "ok"
}

func (p *Poller) removeFeed(ctx context.Context, req bot.Request, u string) bot.Reply {
	err := p.store.RemoveFeed(ctx, u, req.AddScope())
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return bot.Errorf("No such feed", "This chat does not read "+u+".")
	case err != nil:
		p.log.Error("remove feed", "err", err)
		return bot.Errorf("Something went wrong", "briefbot could not remove the feed.")
	}
	return bot.Reply{Title: "Feed removed", Blocks: []bot.Block{{Text: "briefbot no longer reads " + u + " for this chat."}}}
}

func (p *Poller) addFeed(ctx context.Context, req bot.Request, u string) bot.Reply {
	scope := req.AddScope()
	if reply, full := p.feedsFull(ctx, scope); full {
		return reply
	}
	// Check it is a feed before keeping it.
	resp, err := p.fetch.Get(ctx, u, feedTypes, "", "")
	var feed *gofeed.Feed
	if err == nil {
		if feed, err = gofeed.NewParser().Parse(bytes.NewReader(resp.Body)); err != nil {
			err = fmt.Errorf("%w: %v", ErrNotFeed, err)
		}
	}
	if err != nil {
		p.log.Info("feed refused", "feed", u, "err", err.Error())
		return bot.Errorf("Not a feed", friendly(u, err))
	}
	if err := p.store.PutFeed(ctx, store.Feed{URL: u, Scope: scope, Title: feed.Title, Owner: bot.ChatRef{Platform: req.Platform, ChatID: req.ChatID}}); err != nil {
		p.log.Error("put feed", "err", err)
		return bot.Errorf("Something went wrong", "briefbot could not save the feed.")
	}
	who := "this chat's digest"
	if scope == bot.SharedScope {
		who = "every chat's briefings"
	}
	return bot.Reply{Title: "Feed added", Blocks: []bot.Block{{Text: fmt.Sprintf("briefbot now reads %s (%s). New stories reach %s; this chat hears if the feed keeps failing.",
		feedName(feed, u), bot.Count(len(feed.Items), "item", "items"), who)}}}
}

// feedsFull refuses a feed past the per-chat or the total cap.
func (p *Poller) feedsFull(ctx context.Context, scope string) (bot.Reply, bool) {
	mine, err := p.store.CountFeeds(ctx, &scope)
	if err == nil && scope != bot.SharedScope && mine >= p.caps.FeedsPerChat {
		return bot.Errorf("Too many feeds", fmt.Sprintf("A chat may read at most %d feeds; /feeds remove one first.", p.caps.FeedsPerChat)), true
	}
	total, err2 := p.store.CountFeeds(ctx, nil)
	if err == nil && err2 == nil && total >= p.caps.FeedsTotal {
		return bot.Errorf("Too many feeds", "briefbot reads as many feeds as it can; ask its operator."), true
	}
	if err != nil || err2 != nil {
		p.log.Error("count feeds", "err", errors.Join(err, err2))
		return bot.Errorf("Something went wrong", "briefbot could not read its feeds."), true
	}
	return bot.Reply{}, false
}

func feedName(f *gofeed.Feed, u string) string {
	if f.Title != "" {
		return f.Title
	}
	return u
}

// friendly says in words what went wrong with a URL, without the internals
// (addresses, resolvers, ports), which stay in the log.
func friendly(raw string, err error) string {
	host := hostOf(strings.TrimSpace(raw))
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return "briefbot only fetches addresses on the public internet."
	case errors.Is(err, ErrTooLarge):
		return "That page is larger than briefbot reads."
	case errors.Is(err, ErrTooComplex):
		return "That page is built of more markup than briefbot reads."
	case errors.Is(err, ErrContentType):
		return "That address does not serve a page or a feed briefbot can read."
	case errors.Is(err, ErrRedirects):
		return "That address redirects too many times."
	case errors.Is(err, ErrBadURL):
		return "That is not an http or https address."
	case errors.Is(err, ErrHTTPStatus):
		return "The site " + host + " answered with an error."
	case errors.Is(err, context.DeadlineExceeded):
		return "The site " + host + " took too long to answer."
	}
	if errors.Is(err, ErrNotFeed) {
		return "That address does not serve a feed briefbot can read."
	}
	return "briefbot could not reach " + host + "."
}
