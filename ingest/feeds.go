package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/robfig/cron/v3"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/store/sqlite"
)

// FeedStore is what the poller needs from storage.
type FeedStore interface {
	Adder
	PutFeed(ctx context.Context, f sqlite.Feed) error
	RemoveFeed(ctx context.Context, url string) error
	Feeds(ctx context.Context) ([]sqlite.Feed, error)
	FeedPolled(ctx context.Context, url, title, etag, lastModified string) error
	FeedFailed(ctx context.Context, url, lastErr string, next time.Time, disable bool) (sqlite.Feed, error)
	KnownURL(ctx context.Context, url string) (bool, error)
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
}

var _ bot.Sources = (*Poller)(nil)

// NewPoller returns a poller; notify may be nil.
func NewPoller(store FeedStore, fetch *Fetcher, clock bot.Clock, log *slog.Logger, notify Notifier, limit int64) *Poller {
	if clock == nil {
		clock = bot.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{store: store, fetch: fetch, clock: clock, log: log, notify: notify, limit: limit, base: 15 * time.Minute}
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
	for _, f := range feeds {
		if f.Disabled || f.NextTry.After(now) {
			continue
		}
		if n, err := p.Poll(ctx, f); err != nil {
			p.log.Warn("feed failed", "feed", f.URL, "err", err.Error())
		} else if n > 0 {
			p.log.Info("feed read", "feed", f.URL, "new", n)
		}
	}
}

// Poll fetches one feed (conditionally) and stores its new items. A failure
// backs the feed off; repeated failures warn its chat and then disable it.
func (p *Poller) Poll(ctx context.Context, f sqlite.Feed) (int, error) {
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
		return 0, p.store.FeedPolled(ctx, f.URL, "", f.ETag, f.LastModified)
	}
	added := 0
	for _, it := range feed.Items {
		ok, err := p.item(ctx, feed, it)
		if err != nil {
			p.log.Warn("feed item skipped", "feed", f.URL, "item", it.Link, "err", err.Error())
		}
		if ok {
			added++
		}
	}
	return added, p.store.FeedPolled(ctx, f.URL, feed.Title, resp.ETag, resp.LastModified)
}

// item stores one feed item: its own text when it carries the article, else
// the linked page.
func (p *Poller) item(ctx context.Context, feed *gofeed.Feed, it *gofeed.Item) (bool, error) {
	link := Canonical(it.Link)
	if link != "" {
		if known, err := p.store.KnownURL(ctx, link); err != nil || known {
			return false, err
		}
	}
	text := HTMLText(it.Content)
	if len(text) < 400 {
		if d := HTMLText(it.Description); len(d) > len(text) {
			text = d
		}
	}
	r := bot.Report{Title: strings.TrimSpace(it.Title), URL: link, Source: feedSource(feed, link)}
	if len(text) >= 400 || link == "" {
		r.Text = []byte(strings.TrimSpace(it.Title) + "\n" + text)
	} else {
		page, err := p.fetch.Page(ctx, link)
		if err != nil {
			return false, err
		}
		r.Text, r.Published = page.Text, page.Published
	}
	if it.PublishedParsed != nil {
		r.Published = *it.PublishedParsed
	}
	if int64(len(r.Text)) > p.limit {
		return false, fmt.Errorf("%w: item over %d bytes", ErrTooLarge, p.limit)
	}
	_, err := p.store.AddReport(ctx, r)
	if errors.Is(err, bot.ErrDuplicate) {
		return false, nil
	}
	return err == nil, err
}

func feedSource(feed *gofeed.Feed, link string) string {
	if link != "" {
		return link
	}
	return feed.Title
}

func (p *Poller) failed(ctx context.Context, f sqlite.Feed, cause error) error {
	n := f.Failures + 1
	wait := p.base << min(n-1, 6)
	if wait > 24*time.Hour {
		wait = 24 * time.Hour
	}
	disable := n >= DisableAfter
	if _, err := p.store.FeedFailed(ctx, f.URL, cause.Error(), p.clock.Now().Add(wait), disable); err != nil {
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

// AddURL fetches a page and stores it (/add).
func (p *Poller) AddURL(ctx context.Context, req bot.Request, raw string) bot.Reply {
	res := addURL(ctx, p.store, p.fetch, strings.TrimSpace(raw))
	switch {
	case res.Err != nil:
		return bot.Errorf("Not added", friendly(res.Err))
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

// Feeds lists, adds or removes feeds (/feeds, /feeds add <url>, /feeds remove <url>).
func (p *Poller) Feeds(ctx context.Context, req bot.Request) bot.Reply {
	fields := strings.Fields(req.Args)
	if len(fields) == 0 {
		feeds, err := p.store.Feeds(ctx)
		if err != nil {
			return bot.Errorf("Something went wrong", "briefbot could not read its feeds.")
		}
		if len(feeds) == 0 {
			return bot.Reply{Title: "No feeds", Blocks: []bot.Block{{Text: "briefbot reads no feeds yet. An admin can add one with /feeds add <url>."}}}
		}
		var items []bot.Item
		for _, f := range feeds {
			note := "ok"
			switch {
			case f.Disabled:
				note = "stopped after repeated failures: " + f.LastError
			case f.Failures > 0:
				note = fmt.Sprintf("%d failures, next try %s", f.Failures, f.NextTry.Format("2 Jan 15:04 MST"))
			}
			name := f.URL
			if f.Title != "" {
				name = f.Title + " (" + f.URL + ")"
			}
			items = append(items, bot.Item{Text: name, Note: note})
		}
		return bot.Reply{Title: fmt.Sprintf("%d feeds", len(feeds)), Blocks: []bot.Block{{Items: items}}}
	}
	if len(fields) != 2 || (fields[0] != "add" && fields[0] != "remove") {
		return bot.Errorf("Usage", "/feeds, /feeds add <url> or /feeds remove <url>")
	}
	u := fields[1]
	if fields[0] == "remove" {
		if err := p.store.RemoveFeed(ctx, u); errors.Is(err, bot.ErrNotFound) {
			return bot.Errorf("No such feed", "briefbot does not read "+u+".")
		} else if err != nil {
			return bot.Errorf("Something went wrong", "briefbot could not remove the feed.")
		}
		return bot.Reply{Title: "Feed removed", Blocks: []bot.Block{{Text: "briefbot no longer reads " + u + "."}}}
	}
	// Check it is a feed before keeping it.
	resp, err := p.fetch.Get(ctx, u, feedTypes, "", "")
	var feed *gofeed.Feed
	if err == nil {
		feed, err = gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	}
	if err != nil {
		return bot.Errorf("Not a feed", friendly(err))
	}
	if err := p.store.PutFeed(ctx, sqlite.Feed{URL: u, Title: feed.Title, Owner: bot.ChatRef{Platform: req.Platform, ChatID: req.ChatID}}); err != nil {
		return bot.Errorf("Something went wrong", "briefbot could not save the feed.")
	}
	return bot.Reply{Title: "Feed added", Blocks: []bot.Block{{Text: fmt.Sprintf("briefbot now reads %s (%d items). New stories reach this chat's digest; this chat hears if the feed keeps failing.", feedName(feed, u), len(feed.Items))}}}
}

func feedName(f *gofeed.Feed, u string) string {
	if f.Title != "" {
		return f.Title
	}
	return u
}

// friendly says what went wrong without the internals.
func friendly(err error) string {
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return "briefbot does not fetch private or local addresses."
	case errors.Is(err, ErrTooLarge):
		return "The page is too large."
	case errors.Is(err, ErrContentType):
		return "That address does not serve a page or a feed briefbot can read."
	case errors.Is(err, ErrRedirects):
		return "The address redirects too many times."
	case errors.Is(err, ErrBadURL):
		return "That is not an http or https address."
	case errors.Is(err, context.DeadlineExceeded):
		return "The site took too long to answer."
	}
	return "briefbot could not read it: " + err.Error()
}
