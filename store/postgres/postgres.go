// Package postgres stores what the SQLite store does in a PostgreSQL
// database that any number of briefbot processes share. Its behaviour is the
// SQLite store's, checked by one test suite run against both
// (store/storetest); what differs is how writers agree: where SQLite has one
// writer goroutine, reports here are written under a transaction-scoped
// advisory lock, so duplicate checks hold across every replica.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock keys, arbitrary but fixed: every replica must use the same.
const (
	migrateLock = 0x62726966_00000001 // schema migrations
	writeLock   = 0x62726966_00000002 // reports and their derived rows
)

// cacheBytes bounds the decoded briefings each process keeps in memory.
const cacheBytes = 48 << 20

// Store is a PostgreSQL-backed store.Store.
type Store struct {
	pool  *pgxpool.Pool
	an    brief.Analyzer // makes briefings, and says when a stored one is stale
	now   func() time.Time
	cache *store.Cache
}

var _ store.Store = (*Store)(nil)

// IsURL says whether a BRIEFBOT_DB setting names a PostgreSQL database.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database at url (postgres://user@host:port/db) and
// brings its schema up to date. now may be nil for the wall clock.
func Open(ctx context.Context, url string, an brief.Analyzer, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message would repeat the URL, password and all.
		return nil, errors.New("store: BRIEFBOT_DB is not a valid postgres:// URL")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect to %s: %w", redact(cfg), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", redact(cfg), err)
	}
	s := &Store{pool: pool, an: an, now: now, cache: store.NewCache(cacheBytes)}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.indexAll(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// redact names the database without the password.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("postgres://%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// SchemaVersion is the number of the newest migration this briefbot knows.
func SchemaVersion() int {
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	return len(files)
}

// ErrSchemaTooNew says the database was written by a newer briefbot.
var ErrSchemaTooNew = errors.New("the database schema is newer than this briefbot")

// migrate applies the migrations not yet applied, holding a session lock so
// that replicas starting together apply each once.
func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrateLock)); err != nil {
		return fmt.Errorf("store: migrations lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrateLock))
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	var newest int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(files)
	if newest > len(files) {
		return fmt.Errorf("store: %w (schema %d, this binary knows up to %d): upgrade briefbot", ErrSchemaTooNew, newest, len(files))
	}
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: name must start with a number", base)
		}
		if v <= newest {
			continue
		}
		body, _ := migrations.ReadFile(f)
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)`, v, s.now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	return nil
}

// tx runs fn in a transaction that holds the write lock: reports, their
// derived rows and their duplicate checks are one writer at a time across
// every replica, as SQLite's one writer is within one process.
func (s *Store) writeTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLock)); err != nil {
			return err
		}
		return fn(tx)
	})
}

// PutSubscription creates or replaces a chat's subscription.
func (s *Store) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	now := s.now().Unix()
	_, err := s.pool.Exec(ctx, `INSERT INTO subscriptions (platform, chat_id, spec, tz, only_words, skip_words, daily, active, reason, created, updated)
		VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, '', $8, $8)
		ON CONFLICT (platform, chat_id) DO UPDATE SET spec = excluded.spec, tz = excluded.tz, only_words = excluded.only_words,
			skip_words = excluded.skip_words, daily = excluded.daily, active = TRUE, reason = '', updated = excluded.updated`,
		sub.Chat.Platform, sub.Chat.ChatID, sub.Spec, sub.TZ, strings.Join(sub.Only, ","), strings.Join(sub.Skip, ","), sub.Daily, now)
	if err != nil {
		return fmt.Errorf("store: put subscription %s: %w", sub.Chat, err)
	}
	return nil
}

const subColumns = `platform, chat_id, spec, tz, only_words, skip_words, daily, active, reason, created, updated`

func scanSub(row pgx.Row) (bot.Subscription, error) {
	var sub bot.Subscription
	var only, skip string
	var created, updated int64
	err := row.Scan(&sub.Chat.Platform, &sub.Chat.ChatID, &sub.Spec, &sub.TZ, &only, &skip, &sub.Daily, &sub.Active, &sub.Reason, &created, &updated)
	sub.Only, sub.Skip = store.SplitWords(only), store.SplitWords(skip)
	sub.Created, sub.Updated = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return sub, err
}

// Subscription returns a chat's subscription, active or not.
func (s *Store) Subscription(ctx context.Context, chat bot.ChatRef) (bot.Subscription, error) {
	sub, err := scanSub(s.pool.QueryRow(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE platform = $1 AND chat_id = $2`, chat.Platform, chat.ChatID))
	if errors.Is(err, pgx.ErrNoRows) {
		return sub, bot.ErrNotFound
	}
	if err != nil {
		return sub, fmt.Errorf("store: subscription %s: %w", chat, err)
	}
	return sub, nil
}

// DeleteSubscription removes a chat's subscription.
func (s *Store) DeleteSubscription(ctx context.Context, chat bot.ChatRef) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM subscriptions WHERE platform = $1 AND chat_id = $2`, chat.Platform, chat.ChatID)
	if err != nil {
		return fmt.Errorf("store: delete subscription %s: %w", chat, err)
	}
	if tag.RowsAffected() == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// Deactivate stops a subscription and keeps why.
func (s *Store) Deactivate(ctx context.Context, chat bot.ChatRef, reason string) error {
	_, err := s.pool.Exec(ctx, `UPDATE subscriptions SET active = FALSE, reason = $1, updated = $2 WHERE platform = $3 AND chat_id = $4`,
		reason, s.now().Unix(), chat.Platform, chat.ChatID)
	if err != nil {
		return fmt.Errorf("store: deactivate %s: %w", chat, err)
	}
	return nil
}

// The rows that follow a chat to its new id: in each table, a row the new
// id already has is replaced by the old id's (SQLite's UPDATE OR REPLACE).
// chatMoves take the platform, the old id and the new; scopeMoves the old
// scope and the new.
var (
	chatMoves = []string{
		`DELETE FROM subscriptions n WHERE n.platform = $1 AND n.chat_id = $3
			AND EXISTS (SELECT 1 FROM subscriptions o WHERE o.platform = $1 AND o.chat_id = $2)`,
		`UPDATE subscriptions SET chat_id = $3 WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM deliveries n WHERE n.platform = $1 AND n.chat_id = $3
			AND EXISTS (SELECT 1 FROM deliveries o WHERE o.platform = $1 AND o.chat_id = $2 AND o.slot = n.slot)`,
		`UPDATE deliveries SET chat_id = $3 WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM delivered_reports n WHERE n.platform = $1 AND n.chat_id = $3
			AND EXISTS (SELECT 1 FROM delivered_reports o WHERE o.platform = $1 AND o.chat_id = $2 AND o.report_id = n.report_id)`,
		`UPDATE delivered_reports SET chat_id = $3 WHERE platform = $1 AND chat_id = $2`,
		`UPDATE feeds SET chat_id = $3 WHERE platform = $1 AND chat_id = $2`,
	}
	scopeMoves = []string{
		`DELETE FROM report_scopes n WHERE n.scope = $2
			AND EXISTS (SELECT 1 FROM report_scopes o WHERE o.scope = $1 AND o.report_id = n.report_id)`,
		`UPDATE report_scopes SET scope = $2 WHERE scope = $1`,
		`DELETE FROM feeds n WHERE n.scope = $2 AND EXISTS (SELECT 1 FROM feeds o WHERE o.scope = $1 AND o.url = n.url)`,
		`UPDATE feeds SET scope = $2 WHERE scope = $1`,
	}
)

// MoveChat follows a chat to its new id (a Telegram group that became a supergroup).
func (s *Store) MoveChat(ctx context.Context, from bot.ChatRef, newID string) error {
	to := bot.ChatRef{Platform: from.Platform, ChatID: newID}
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		for _, q := range scopeMoves {
			if _, err := tx.Exec(ctx, q, from.String(), to.String()); err != nil {
				return err
			}
		}
		for _, q := range chatMoves {
			if _, err := tx.Exec(ctx, q, from.Platform, from.ChatID, newID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: move chat %s: %w", from, err)
	}
	return nil
}

// ActiveSubscriptions lists the subscriptions that get digests.
func (s *Store) ActiveSubscriptions(ctx context.Context) ([]bot.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE active ORDER BY platform, chat_id`)
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	defer rows.Close()
	var out []bot.Subscription
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, fmt.Errorf("store: subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// digestOverlap is how far before a chat's last digest Undelivered still
// looks for briefings the chat has not had.
const digestOverlap = 48 * time.Hour

// Undelivered lists briefings added since `since` that the chat has not had, newest first.
func (s *Store) Undelivered(ctx context.Context, chat bot.ChatRef, since time.Time) ([]bot.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r
		WHERE r.added >= GREATEST($1, COALESCE((SELECT MAX(sent) FROM deliveries WHERE platform = $3 AND chat_id = $4 AND state = 'sent'), 0) - $5)
		AND `+inScope("$2")+`
		AND NOT EXISTS (SELECT 1 FROM delivered_reports d WHERE d.platform = $3 AND d.chat_id = $4 AND d.report_id = r.id)
		ORDER BY `+newestFirst,
		since.Unix(), chat.String(), chat.Platform, chat.ChatID, int64(digestOverlap/time.Second))
	if err != nil {
		return nil, fmt.Errorf("store: undelivered %s: %w", chat, err)
	}
	es, err := s.scanEntries(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("store: undelivered %s: %w", chat, err)
	}
	return es, nil
}

// Delivered says whether the digest for a slot went out or is being sent.
func (s *Store) Delivered(ctx context.Context, chat bot.ChatRef, slot string) (bool, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM deliveries WHERE platform = $1 AND chat_id = $2 AND slot = $3`, chat.Platform, chat.ChatID, slot).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: ledger %s: %w", chat, err)
	}
	return n > 0, nil
}

// ClaimDelivery writes a slot's ledger row as pending; only the caller whose
// insert succeeded, on any replica, may post the digest.
func (s *Store) ClaimDelivery(ctx context.Context, chat bot.ChatRef, slot string, at time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO deliveries (platform, chat_id, slot, sent, reports, state, claimed)
		VALUES ($1, $2, $3, 0, 0, 'pending', $4) ON CONFLICT DO NOTHING`, chat.Platform, chat.ChatID, slot, at.Unix())
	if err != nil {
		return false, fmt.Errorf("store: claim %s %s: %w", chat, slot, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseDelivery drops a pending claim whose post failed.
func (s *Store) ReleaseDelivery(ctx context.Context, chat bot.ChatRef, slot string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM deliveries WHERE platform = $1 AND chat_id = $2 AND slot = $3 AND state = 'pending'`, chat.Platform, chat.ChatID, slot)
	if err != nil {
		return fmt.Errorf("store: release %s %s: %w", chat, slot, err)
	}
	return nil
}

// ResolvePending drops the claims left pending before a time by a process
// that died between claiming and recording, so each is sent once more.
func (s *Store) ResolvePending(ctx context.Context, before time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM deliveries WHERE state = 'pending' AND claimed < $1`, before.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: resolve pending: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// ErrRecorded says a slot's digest was recorded as sent already.
var ErrRecorded = errors.New("that digest is recorded as sent already")

// RecordDelivery marks the slot sent and the briefings delivered, in one
// transaction.
func (s *Store) RecordDelivery(ctx context.Context, chat bot.ChatRef, slot string, reportIDs []string, at time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO deliveries (platform, chat_id, slot, sent, reports, state, claimed) VALUES ($1, $2, $3, $4, $5, 'sent', $4)
			ON CONFLICT (platform, chat_id, slot) DO UPDATE SET sent = excluded.sent, reports = excluded.reports, state = 'sent'
			WHERE deliveries.state = 'pending'`, chat.Platform, chat.ChatID, slot, at.Unix(), len(reportIDs))
		if err != nil {
			return fmt.Errorf("store: record delivery %s %s: %w", chat, slot, err)
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("store: record delivery %s %s: %w", chat, slot, ErrRecorded)
		}
		_, err = tx.Exec(ctx, `INSERT INTO delivered_reports (platform, chat_id, report_id, slot)
			SELECT $1, $2, id, $4 FROM unnest($3::text[]) AS id ON CONFLICT DO NOTHING`, chat.Platform, chat.ChatID, reportIDs, slot)
		if err != nil {
			return fmt.Errorf("store: record delivery %s: %w", chat, err)
		}
		return nil
	})
}

// AcquireLease takes or renews the named lease for holder until now+ttl: it
// succeeds when nobody holds it, holder already does, or the last holder let
// it expire; force takes it from a holder known to be dead. One statement,
// so two replicas asking at once cannot both win.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, force bool) (bool, error) {
	var got string
	err := s.pool.QueryRow(ctx, `INSERT INTO leases (name, holder, expires) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
		WHERE leases.holder = excluded.holder OR leases.expires < $4 OR $5
		RETURNING holder`, name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli(), force).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return got == holder, nil
}

// LeaseHolder says who holds the named lease ("" for nobody).
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, error) {
	var holder string
	err := s.pool.QueryRow(ctx, `SELECT holder FROM leases WHERE name = $1`, name).Scan(&holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: lease %s: %w", name, err)
	}
	return holder, nil
}

// ReleaseLease gives the lease up, so another process need not wait for it
// to expire.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}

var _ bot.SharedBudgets = (*Store)(nil)

// TakeTokens takes cost from a chat's bucket, shared by every replica, in
// one statement: the bucket refills by the time since its last charge, and
// is charged only if it then holds cost. The row lock of the upsert keeps
// two replicas from spending the same tokens.
func (s *Store) TakeTokens(ctx context.Context, key string, burst, cost float64, refill time.Duration, now time.Time) (bool, error) {
	if cost > burst || refill <= 0 {
		return false, nil
	}
	var left float64
	err := s.pool.QueryRow(ctx, `INSERT INTO budgets AS b (key, tokens, at) VALUES ($1, $2::float8 - $3::float8, $4)
		ON CONFLICT (key) DO UPDATE SET
			tokens = LEAST($2, b.tokens + GREATEST(0, $4 - b.at)::float8 / $5) - $3,
			at = GREATEST(b.at, $4)
		WHERE LEAST($2, b.tokens + GREATEST(0, $4 - b.at)::float8 / $5) >= $3
		RETURNING tokens`, key, burst, cost, now.UnixMilli(), float64(refill.Milliseconds())).Scan(&left)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: budget %s: %w", key, err)
	}
	return true, nil
}
