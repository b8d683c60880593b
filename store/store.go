// Package store says what briefbot keeps and how the rest of it reaches
// what is kept: one interface that the SQLite store (one file, one machine)
// and the PostgreSQL store (a shared database, any number of replicas) both
// implement, and the types they share. Which one runs is main's choice.
package store

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/lookup"
)

// Store is everything briefbot keeps: reports and their briefings, the
// library's indexes, subscriptions, the delivery ledger, feeds and the
// scheduler's lease. Every method is safe for concurrent use, and for use by
// several processes sharing one database.
type Store interface {
	bot.Store
	bot.LeaseStore
	Feeds

	// AddReport analyses and stores a report, once: a copy (same text, same
	// canonical URL, or the same story republished) returns the first entry
	// and bot.ErrDuplicate, and records the new source and scope.
	AddReport(ctx context.Context, r bot.Report) (bot.Entry, error)
	// Entry returns one stored report with its briefing.
	Entry(ctx context.Context, id string) (bot.Entry, error)
	// ShareURL gives scope the report stored for a canonical URL, if any.
	ShareURL(ctx context.Context, url, scope string) (bool, error)
	// Delivered says whether a slot's digest went out or is being sent.
	Delivered(ctx context.Context, chat bot.ChatRef, slot string) (bool, error)
	// ResolvePending drops claims left pending before a time by a process
	// that died between claiming and recording, so they are sent once more.
	ResolvePending(ctx context.Context, before time.Time) (int, error)
	Close() error
}

// Feeds is the part of the store the feed poller uses.
type Feeds interface {
	PutFeed(ctx context.Context, f Feed) error
	RemoveFeed(ctx context.Context, url, scope string) error
	Feeds(ctx context.Context) ([]Feed, error)
	ScopeFeeds(ctx context.Context, scope string) ([]Feed, error)
	CountFeeds(ctx context.Context, scope *string) (int, error)
	FeedPolled(ctx context.Context, f Feed, title, etag, lastModified string) error
	FeedFailed(ctx context.Context, f Feed, lastErr string, next time.Time, disable bool) (Feed, error)
}

// Feed is a feed briefbot polls.
type Feed struct {
	URL          string
	Scope        string      // who sees its items: bot.SharedScope or a chat's scope
	Owner        bot.ChatRef // the chat told when it keeps failing; empty for BRIEFBOT_FEEDS
	Title        string
	ETag         string
	LastModified string
	Failures     int
	LastError    string
	NextTry      time.Time
	Disabled     bool
}

// SearchTerms are the words /ask and /brief <words> look reports up by: the
// analyser's terms (folded, stemmed, no stop words), cut at anything but a
// letter or digit, each once. Both stores index and query by them.
func SearchTerms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range lookup.Terms(text) {
		for _, part := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if !seen[part] {
				seen[part] = true
				out = append(out, part)
			}
		}
	}
	return out
}

// The pieces both stores share, so the two keep one behaviour.

// Dated is what reports are listed by: the report's own date, or when it
// came when it gives none.
func Dated(e bot.Entry) int64 {
	if e.Published.IsZero() {
		return e.Added.Unix()
	}
	return e.Published.Unix()
}

// UnixOrZero stores a missing time as 0.
func UnixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// SplitWords reads a subscription's comma-joined words.
func SplitWords(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// NamesOf are the people and bodies of a briefing, at most limit, for an
// autocomplete with nothing typed yet.
func NamesOf(b *brief.Briefing, limit int) []string {
	var out []string
	for _, a := range b.Actors {
		if len(out) < limit && a.Kind != brief.Place {
			out = append(out, a.Name)
		}
	}
	return out
}

// ConfirmActor keeps, of the candidate reports in order, those whose
// briefing has an actor the query names, up to limit+1 (one more than asked
// says whether there are more): the same matching as within one briefing.
func ConfirmActor(ctx context.Context, ids []string, query string, limit int, briefing func(context.Context, string) (*brief.Briefing, error)) ([]string, error) {
	var confirmed []string
	for _, id := range ids {
		if len(confirmed) == limit+1 {
			break
		}
		b, err := briefing(ctx, id)
		if err != nil {
			return nil, err
		}
		if lookup.FindActor(b, query) != nil {
			confirmed = append(confirmed, id)
		}
	}
	return confirmed, nil
}
