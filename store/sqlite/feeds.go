package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/store"
)

// PutFeed adds a feed to its scope, or enables it again if it was there.
func (s *Store) PutFeed(ctx context.Context, f store.Feed) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO feeds (url, scope, platform, chat_id, title, added) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (url, scope) DO UPDATE SET disabled = 0, failures = 0, last_error = '', next_try = 0,
			platform = CASE WHEN excluded.platform != '' THEN excluded.platform ELSE feeds.platform END,
			chat_id = CASE WHEN excluded.chat_id != '' THEN excluded.chat_id ELSE feeds.chat_id END`,
		f.URL, f.Scope, f.Owner.Platform, f.Owner.ChatID, f.Title, s.now().Unix())
	if err != nil {
		return fmt.Errorf("store: put feed: %w", err)
	}
	return nil
}

// RemoveFeed forgets a feed of a scope.
func (s *Store) RemoveFeed(ctx context.Context, url, scope string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE url = ? AND scope = ?`, url, scope)
	if err != nil {
		return fmt.Errorf("store: remove feed: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bot.ErrNotFound
	}
	return nil
}

const feedColumns = `url, scope, platform, chat_id, title, etag, last_modified, failures, last_error, next_try, disabled`

// Feeds lists every feed of every scope, for the poller.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	return s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY added, url, scope`)
}

// ScopeFeeds lists the feeds a scope sees: the shared ones and its own.
func (s *Store) ScopeFeeds(ctx context.Context, scope string) ([]store.Feed, error) {
	return s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds WHERE scope IN ('', ?) ORDER BY scope DESC, added, url`, scope)
}

// CountFeeds counts the feeds of one scope, or of all when scope is nil.
func (s *Store) CountFeeds(ctx context.Context, scope *string) (int, error) {
	var n int
	var err error
	if scope == nil {
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feeds`).Scan(&n)
	} else {
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feeds WHERE scope = ?`, *scope).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count feeds: %w", err)
	}
	return n, nil
}

func (s *Store) queryFeeds(ctx context.Context, query string, args ...any) ([]store.Feed, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: feeds: %w", err)
	}
	defer rows.Close()
	var out []store.Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("store: feeds: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func scanFeed(sc interface{ Scan(...any) error }) (store.Feed, error) {
	var f store.Feed
	var next int64
	err := sc.Scan(&f.URL, &f.Scope, &f.Owner.Platform, &f.Owner.ChatID, &f.Title, &f.ETag, &f.LastModified, &f.Failures, &f.LastError, &next, &f.Disabled)
	f.NextTry = time.Unix(next, 0).UTC()
	return f, err
}

// FeedPolled records a successful poll.
func (s *Store) FeedPolled(ctx context.Context, f store.Feed, title, etag, lastModified string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END, etag = ?, last_modified = ?,
		failures = 0, last_error = '', next_try = 0 WHERE url = ? AND scope = ?`, title, title, etag, lastModified, f.URL, f.Scope)
	if err != nil {
		return fmt.Errorf("store: feed polled: %w", err)
	}
	return nil
}

// FeedFailed records a failed poll, when to try next, and whether it is now
// disabled, and returns the feed as it now stands.
func (s *Store) FeedFailed(ctx context.Context, f store.Feed, lastErr string, next time.Time, disable bool) (store.Feed, error) {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET failures = failures + 1, last_error = ?, next_try = ?, disabled = ? WHERE url = ? AND scope = ?`,
		lastErr, next.Unix(), disable, f.URL, f.Scope)
	if err != nil {
		return store.Feed{}, fmt.Errorf("store: feed failed: %w", err)
	}
	got, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = ? AND scope = ?`, f.URL, f.Scope))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Feed{}, errors.New("store: feed vanished")
	}
	if err != nil {
		return store.Feed{}, fmt.Errorf("store: feed failed: %w", err)
	}
	return got, nil
}
