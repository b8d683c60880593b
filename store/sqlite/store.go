// Package sqlite stores reports, briefings, subscriptions and the delivery
// ledger in one SQLite file (pure Go driver, no cgo).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/store"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a SQLite-backed bot.Store.
type Store struct {
	db    *sql.DB        // the one writer
	read  *sql.DB        // a pool of readers, which WAL lets run beside the writer
	an    brief.Analyzer // makes briefings, and says when a stored one is stale
	now   func() time.Time
	cache *store.Cache
	stmts sync.Map // query → *sql.Stmt, for the hot paths

	recent recent // what the writer stored lately, for its duplicate checks
	// The writer's: the database's data_version when it last looked, and
	// recent's mark when it last found another process had written.
	dataVersion   int64
	othersWroteAt uint64
	adds          chan *pending // analysed reports for the writer
	closing       chan struct{}
	written       chan struct{} // closed when the writer has stopped
	closeOnce     sync.Once

	ckpt     *sql.DB       // one connection that checkpoints the WAL
	ckptDue  chan struct{} // the writer asks for a checkpoint
	ckptDone chan struct{} // closed when checkpoints have stopped
	commits  int           // the writer's, to pace checkpoints
}

// cacheBytes bounds the decoded briefings kept in memory (by the size of
// their JSON): about two thousand briefings of a long news report.
const cacheBytes = 48 << 20

// prepared returns the writer's statement for a query, preparing it once.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	return s.preparedOn(ctx, s.db, "w:", query)
}

// reader returns the reader pool's statement for a query.
func (s *Store) reader(ctx context.Context, query string) (*sql.Stmt, error) {
	return s.preparedOn(ctx, s.read, "r:", query)
}

func (s *Store) preparedOn(ctx context.Context, db *sql.DB, pool, query string) (*sql.Stmt, error) {
	key := pool + query
	if st, ok := s.stmts.Load(key); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(key, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file and brings its schema up
// to date. now may be nil for the wall clock.
func Open(ctx context.Context, path string, an brief.Analyzer, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)"
	// The writer never checkpoints (see checkpoints). Its transactions take
	// the write lock when they begin: one that read first and then wrote
	// would fail at once, not wait, were another process to write between.
	db, err := sql.Open("sqlite", dsn+"&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One writer at a time is SQLite's rule: one connection for writes
	// avoids busy errors between our own goroutines.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, an: an, now: now, cache: store.NewCache(cacheBytes)}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	read.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	s.read = read
	ckpt, err := sql.Open("sqlite", dsn)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open %s for checkpoints: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	s.ckpt = ckpt
	for _, q := range writerQueries() {
		if _, err := s.prepared(ctx, q); err != nil {
			s.Close()
			return nil, fmt.Errorf("store: prepare: %w", err)
		}
	}
	s.adds, s.closing, s.written = make(chan *pending), make(chan struct{}), make(chan struct{})
	s.ckptDue, s.ckptDone = make(chan struct{}, 1), make(chan struct{})
	go s.write()
	go s.checkpoints()
	if err := s.indexAll(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// SchemaVersion is the number of the newest migration this briefbot knows.
func SchemaVersion() int {
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	return len(files)
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.closing != nil {
			close(s.closing)
		}
	})
	if s.written != nil {
		<-s.written
		<-s.ckptDone
	}
	s.stmts.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	var err error
	if s.ckpt != nil {
		err = s.ckpt.Close()
	}
	if s.read != nil {
		err = errors.Join(err, s.read.Close())
	}
	return errors.Join(err, s.db.Close()) // the last connection folds the WAL into the file
}

// checkpointEvery is how many of the writer's commits go by between
// checkpoints: a report writes a few hundred WAL pages, so about as often as
// SQLite's default of 1,000 pages would.
const checkpointEvery = 8

// checkpoints copies the WAL into the database file on a connection of its
// own. SQLite's automatic checkpoint runs inside a commit, so the writer,
// and every report waiting for it, would wait for the copy and its fsync;
// a passive checkpoint here runs beside the writer instead.
func (s *Store) checkpoints() {
	defer close(s.ckptDone)
	for {
		select {
		case <-s.closing:
			return
		case <-s.ckptDue:
			// An error (a full disk, say) shows in the writer's next
			// commit, which is where a caller can hear of it.
			s.ckpt.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// committed counts a commit of the writer's and asks for a checkpoint when
// one is due, without waiting for it.
func (s *Store) committed() {
	s.commits++
	if s.commits%checkpointEvery != 0 {
		return
	}
	select {
	case s.ckptDue <- struct{}{}:
	default: // one is running or asked for already
	}
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	if err := s.refuseNewerSchema(ctx, files); err != nil {
		return err
	}
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: name must start with a number", base)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil {
			return fmt.Errorf("store: read migrations: %w", err)
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(f)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied) VALUES (?, ?)`, v, s.now().Unix()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	return nil
}

// ErrRecorded says a slot's digest was recorded as sent already.
var ErrRecorded = errors.New("that digest is recorded as sent already")

// ErrSchemaTooNew says the database was written by a newer briefbot.
var ErrSchemaTooNew = errors.New("the database schema is newer than this briefbot")

// refuseNewerSchema stops an older binary from writing into a database whose
// tables it does not know.
func (s *Store) refuseNewerSchema(ctx context.Context, files []string) error {
	var newest sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	known := 0
	for _, f := range files {
		if v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(f, "migrations/"), "_", 2)[0]); err == nil && v > known {
			known = v
		}
	}
	if newest.Valid && newest.Int64 > int64(known) {
		return fmt.Errorf("store: %w (schema %d, this binary knows up to %d): upgrade briefbot", ErrSchemaTooNew, newest.Int64, known)
	}
	return nil
}

// PutSubscription creates or replaces a chat's subscription.
func (s *Store) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	now := s.now().Unix()
	_, err := s.db.ExecContext(ctx, `INSERT INTO subscriptions (platform, chat_id, spec, tz, only_words, skip_words, daily, active, reason, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?)
		ON CONFLICT (platform, chat_id) DO UPDATE SET spec = excluded.spec, tz = excluded.tz, only_words = excluded.only_words,
			skip_words = excluded.skip_words, daily = excluded.daily, active = 1, reason = '', updated = excluded.updated`,
		sub.Chat.Platform, sub.Chat.ChatID, sub.Spec, sub.TZ, strings.Join(sub.Only, ","), strings.Join(sub.Skip, ","), sub.Daily, now, now)
	if err != nil {
		return fmt.Errorf("store: put subscription %s: %w", sub.Chat, err)
	}
	return nil
}

const subColumns = `platform, chat_id, spec, tz, only_words, skip_words, daily, active, reason, created, updated`

func scanSub(sc interface{ Scan(...any) error }) (bot.Subscription, error) {
	var sub bot.Subscription
	var only, skip string
	var created, updated int64
	err := sc.Scan(&sub.Chat.Platform, &sub.Chat.ChatID, &sub.Spec, &sub.TZ, &only, &skip, &sub.Daily, &sub.Active, &sub.Reason, &created, &updated)
	sub.Only, sub.Skip = store.SplitWords(only), store.SplitWords(skip)
	sub.Created, sub.Updated = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return sub, err
}

// Subscription returns a chat's subscription, active or not.
func (s *Store) Subscription(ctx context.Context, chat bot.ChatRef) (bot.Subscription, error) {
	sub, err := scanSub(s.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE platform = ? AND chat_id = ?`, chat.Platform, chat.ChatID))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, bot.ErrNotFound
	}
	if err != nil {
		return sub, fmt.Errorf("store: subscription %s: %w", chat, err)
	}
	return sub, nil
}

// DeleteSubscription removes a chat's subscription.
func (s *Store) DeleteSubscription(ctx context.Context, chat bot.ChatRef) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM subscriptions WHERE platform = ? AND chat_id = ?`, chat.Platform, chat.ChatID)
	if err != nil {
		return fmt.Errorf("store: delete subscription %s: %w", chat, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// Deactivate stops a subscription and keeps why.
func (s *Store) Deactivate(ctx context.Context, chat bot.ChatRef, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE subscriptions SET active = 0, reason = ?, updated = ? WHERE platform = ? AND chat_id = ?`,
		reason, s.now().Unix(), chat.Platform, chat.ChatID)
	if err != nil {
		return fmt.Errorf("store: deactivate %s: %w", chat, err)
	}
	return nil
}

// The rows that follow a chat to its new id: in each table, a row the new
// id already has is replaced by the old id's. Deleted first, not by UPDATE
// OR REPLACE, so the triggers that keep the scope counts see it. chatMoves
// take the platform, the old id and the new; scopeMoves the old scope and
// the new.
var (
	chatMoves = []string{
		`DELETE FROM subscriptions WHERE platform = ?1 AND chat_id = ?3
			AND EXISTS (SELECT 1 FROM subscriptions o WHERE o.platform = ?1 AND o.chat_id = ?2)`,
		`UPDATE subscriptions SET chat_id = ?3 WHERE platform = ?1 AND chat_id = ?2`,
		`DELETE FROM deliveries WHERE platform = ?1 AND chat_id = ?3
			AND EXISTS (SELECT 1 FROM deliveries o WHERE o.platform = ?1 AND o.chat_id = ?2 AND o.slot = deliveries.slot)`,
		`UPDATE deliveries SET chat_id = ?3 WHERE platform = ?1 AND chat_id = ?2`,
		`DELETE FROM delivered_reports WHERE platform = ?1 AND chat_id = ?3
			AND EXISTS (SELECT 1 FROM delivered_reports o WHERE o.platform = ?1 AND o.chat_id = ?2 AND o.report_id = delivered_reports.report_id)`,
		`UPDATE delivered_reports SET chat_id = ?3 WHERE platform = ?1 AND chat_id = ?2`,
		`UPDATE feeds SET chat_id = ?3 WHERE platform = ?1 AND chat_id = ?2`,
	}
	scopeMoves = []string{
		`DELETE FROM report_scopes WHERE scope = ?2
			AND EXISTS (SELECT 1 FROM report_scopes o WHERE o.scope = ?1 AND o.report_id = report_scopes.report_id)`,
		`UPDATE report_scopes SET scope = ?2 WHERE scope = ?1`,
		`DELETE FROM feeds WHERE scope = ?2 AND EXISTS (SELECT 1 FROM feeds o WHERE o.scope = ?1 AND o.url = feeds.url)`,
		`UPDATE feeds SET scope = ?2 WHERE scope = ?1`,
	}
)

// MoveChat follows a chat to its new id (a Telegram group that became a supergroup).
func (s *Store) MoveChat(ctx context.Context, from bot.ChatRef, newID string) error {
	to := bot.ChatRef{Platform: from.Platform, ChatID: newID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range scopeMoves {
			if _, err := tx.ExecContext(ctx, q, from.String(), to.String()); err != nil {
				return err
			}
		}
		for _, q := range chatMoves {
			if _, err := tx.ExecContext(ctx, q, from.Platform, from.ChatID, newID); err != nil {
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE active = 1 ORDER BY platform, chat_id`)
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
	// Reports older than the chat's last digest less an overlap were either
	// in it or left out on purpose; not looking at them keeps this query to
	// what arrived lately, however large the library.
	st, err := s.reader(ctx, `SELECT `+entryColumns+` FROM reports r
		WHERE r.added >= MAX(?1, COALESCE((SELECT MAX(sent) FROM deliveries WHERE platform = ?3 AND chat_id = ?4 AND state = 'sent'), 0) - ?5)
		AND `+strings.ReplaceAll(inScope, "?", "?2")+`
		AND NOT EXISTS (SELECT 1 FROM delivered_reports d WHERE d.platform = ?3 AND d.chat_id = ?4 AND d.report_id = r.id)
		ORDER BY `+newestFirst)
	if err != nil {
		return nil, fmt.Errorf("store: undelivered %s: %w", chat, err)
	}
	rows, err := st.QueryContext(ctx, since.Unix(), chat.String(), chat.Platform, chat.ChatID, int64(digestOverlap/time.Second))
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
	st, err := s.prepared(ctx, `SELECT COUNT(*) FROM deliveries WHERE platform = ? AND chat_id = ? AND slot = ?`)
	if err == nil {
		err = st.QueryRowContext(ctx, chat.Platform, chat.ChatID, slot).Scan(&n)
	}
	if err != nil {
		return false, fmt.Errorf("store: ledger %s: %w", chat, err)
	}
	return n > 0, nil
}

// ClaimDelivery writes a slot's ledger row as pending. Only the caller whose
// insert succeeded may post the digest: a row already there, pending or
// sent, makes it false. The insert is one statement, so two processes on
// one database cannot both win.
func (s *Store) ClaimDelivery(ctx context.Context, chat bot.ChatRef, slot string, at time.Time) (bool, error) {
	st, err := s.prepared(ctx, `INSERT INTO deliveries (platform, chat_id, slot, sent, reports, state, claimed)
		VALUES (?, ?, ?, 0, 0, 'pending', ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return false, fmt.Errorf("store: claim %s: %w", chat, err)
	}
	res, err := st.ExecContext(ctx, chat.Platform, chat.ChatID, slot, at.Unix())
	if err != nil {
		return false, fmt.Errorf("store: claim %s %s: %w", chat, slot, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseDelivery drops a pending claim whose post failed, so the slot can
// be tried again.
func (s *Store) ReleaseDelivery(ctx context.Context, chat bot.ChatRef, slot string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM deliveries WHERE platform = ? AND chat_id = ? AND slot = ? AND state = 'pending'`, chat.Platform, chat.ChatID, slot)
	if err != nil {
		return fmt.Errorf("store: release %s %s: %w", chat, slot, err)
	}
	return nil
}

// ResolvePending settles the claims left pending by a process that died
// between claiming and recording: they are dropped, so the digest is sent
// once more. It returns how many there were.
func (s *Store) ResolvePending(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM deliveries WHERE state = 'pending' AND claimed < ?`, before.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: resolve pending: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// RecordDelivery marks the slot sent and the briefings delivered, in one
// transaction: either both happen or neither.
func (s *Store) RecordDelivery(ctx context.Context, chat bot.ChatRef, slot string, reportIDs []string, at time.Time) error {
	ledger, err := s.prepared(ctx, `INSERT INTO deliveries (platform, chat_id, slot, sent, reports, state, claimed) VALUES (?, ?, ?, ?, ?, 'sent', ?)
		ON CONFLICT (platform, chat_id, slot) DO UPDATE SET sent = excluded.sent, reports = excluded.reports, state = 'sent'
		WHERE deliveries.state = 'pending'`)
	if err != nil {
		return fmt.Errorf("store: record delivery %s: %w", chat, err)
	}
	mark, err := s.prepared(ctx, `INSERT OR IGNORE INTO delivered_reports (platform, chat_id, report_id, slot) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: record delivery %s: %w", chat, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, ledger).ExecContext(ctx, chat.Platform, chat.ChatID, slot, at.Unix(), len(reportIDs), at.Unix())
		if err != nil {
			return fmt.Errorf("store: record delivery %s %s: %w", chat, slot, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("store: record delivery %s %s: %w", chat, slot, ErrRecorded)
		}
		m := tx.StmtContext(ctx, mark)
		for _, id := range reportIDs {
			if _, err := m.ExecContext(ctx, chat.Platform, chat.ChatID, id, slot); err != nil {
				return fmt.Errorf("store: record delivery %s: %w", chat, err)
			}
		}
		return nil
	})
}

// AcquireLease takes or renews the named lease for holder until now+ttl. It
// succeeds when nobody holds it, holder already does, or the last holder let
// it expire; force takes it from a holder known to be dead.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, force bool) (bool, error) {
	_, err := s.db.ExecContext(ctx, `INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
		WHERE leases.holder = excluded.holder OR leases.expires < ? OR ?`,
		name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli(), force)
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	cur, err := s.LeaseHolder(ctx, name)
	return cur == holder, err
}

// LeaseHolder says who holds the named lease ("" for nobody).
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, error) {
	var holder string
	err := s.db.QueryRowContext(ctx, `SELECT holder FROM leases WHERE name = ?`, name).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
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
	_, err := s.db.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
	if err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}
