package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// Feed is a feed briefbot polls.
type Feed struct {
	URL          string
	Owner        bot.ChatRef // the chat that added it; empty for BRIEFBOT_FEEDS
	Title        string
	ETag         string
	LastModified string
	Failures     int
	LastError    string
	NextTry      time.Time
	Disabled     bool
}

// PutFeed adds a feed, or enables it again if it was there.
func (s *Store) PutFeed(ctx context.Context, f Feed) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO feeds (url, platform, chat_id, title, added) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET disabled = 0, failures = 0, last_error = '', next_try = 0,
			platform = CASE WHEN excluded.platform != '' THEN excluded.platform ELSE feeds.platform END,
			chat_id = CASE WHEN excluded.chat_id != '' THEN excluded.chat_id ELSE feeds.chat_id END`,
		f.URL, f.Owner.Platform, f.Owner.ChatID, f.Title, s.now().Unix())
	if err != nil {
		return fmt.Errorf("store: put feed: %w", err)
	}
	return nil
}

// RemoveFeed forgets a feed.
func (s *Store) RemoveFeed(ctx context.Context, url string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE url = ?`, url)
	if err != nil {
		return fmt.Errorf("store: remove feed: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// Feeds lists every feed.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url, platform, chat_id, title, etag, last_modified, failures, last_error, next_try, disabled FROM feeds ORDER BY added`)
	if err != nil {
		return nil, fmt.Errorf("store: feeds: %w", err)
	}
	defer rows.Close()
	var out []Feed
	for rows.Next() {
		var f Feed
		var next int64
		if err := rows.Scan(&f.URL, &f.Owner.Platform, &f.Owner.ChatID, &f.Title, &f.ETag, &f.LastModified, &f.Failures, &f.LastError, &next, &f.Disabled); err != nil {
			return nil, fmt.Errorf("store: feeds: %w", err)
		}
		f.NextTry = time.Unix(next, 0).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// FeedPolled records a successful poll.
func (s *Store) FeedPolled(ctx context.Context, url, title, etag, lastModified string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END, etag = ?, last_modified = ?,
		failures = 0, last_error = '', next_try = 0 WHERE url = ?`, title, title, etag, lastModified, url)
	if err != nil {
		return fmt.Errorf("store: feed polled: %w", err)
	}
	return nil
}

// FeedFailed records a failed poll, when to try next, and whether it is now disabled.
func (s *Store) FeedFailed(ctx context.Context, url, lastErr string, next time.Time, disable bool) (Feed, error) {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET failures = failures + 1, last_error = ?, next_try = ?, disabled = ? WHERE url = ?`,
		lastErr, next.Unix(), disable, url)
	if err != nil {
		return Feed{}, fmt.Errorf("store: feed failed: %w", err)
	}
	fs, err := s.Feeds(ctx)
	if err != nil {
		return Feed{}, err
	}
	for _, f := range fs {
		if f.URL == url {
			return f, nil
		}
	}
	return Feed{}, errors.New("store: feed vanished")
}

// KnownURL says whether a report with this canonical URL is stored.
func (s *Store) KnownURL(ctx context.Context, url string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE url = ?`, url).Scan(&n)
	return n > 0, err
}
