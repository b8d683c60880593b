// Package migrate copies a SQLite database into a PostgreSQL one, so a
// deployment can move to replicas without losing its history: reports and
// their briefings, sources and scopes, subscriptions, the delivery ledger and
// feeds. Rows already there are left alone, so running it twice changes
// nothing. The derived index rows are not copied: the PostgreSQL store
// writes them from the copied briefings when it opens.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/store/postgres"
	"github.com/briefbot/briefbot/store/sqlite"
)

// table is one table to copy: its key, which the copy skips when there,
// and its columns, some of which change type on the way.
type table struct {
	name  string
	key   string   // the columns of its primary key
	cols  []string // copied as they are
	bools []string // SQLite's 0/1 become booleans
	blobs []string // bytea: SQLite may hold them as text
	// extra are columns PostgreSQL needs that SQLite has not: name = value.
	extra map[string]any
}

// tables are copied in this order, reports before the rows that name them.
var tables = []table{
	{name: "reports", key: "id", cols: []string{"id", "hash", "source", "url", "title", "published", "added", "dated", "text"},
		blobs: []string{"minhash"}, extra: map[string]any{"indexed": ""}},
	{name: "report_sources", key: "report_id, source", cols: []string{"report_id", "source", "added"}},
	{name: "report_scopes", key: "scope, report_id", cols: []string{"scope", "report_id"}},
	{name: "briefings", key: "report_id", cols: []string{"report_id", "analyzer"}, blobs: []string{"json"}},
	{name: "seen_urls", key: "url", cols: []string{"url", "report_id"}},
	{name: "subscriptions", key: "platform, chat_id", cols: []string{"platform", "chat_id", "spec", "tz", "only_words", "skip_words", "reason", "created", "updated"},
		bools: []string{"daily", "active"}},
	{name: "deliveries", key: "platform, chat_id, slot", cols: []string{"platform", "chat_id", "slot", "sent", "reports", "state", "claimed"}},
	{name: "delivered_reports", key: "platform, chat_id, report_id", cols: []string{"platform", "chat_id", "report_id", "slot"}},
	{name: "feeds", key: "url, scope", cols: []string{"url", "scope", "platform", "chat_id", "title", "etag", "last_modified", "failures", "last_error", "next_try", "added"},
		bools: []string{"disabled"}},
}

// Copied counts the rows each table gained.
type Copied map[string]int

func (c Copied) String() string {
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("%s %d", t.name, c[t.name]))
	}
	return strings.Join(parts, ", ")
}

// ErrNoSource says the SQLite file to copy from is not there.
var ErrNoSource = errors.New("no such SQLite database")

// SQLiteToPostgres copies the SQLite database at from into the PostgreSQL
// database at to, creating its schema if needed. an is the analyser both
// stores are opened with: briefings it made are copied as they are.
func SQLiteToPostgres(ctx context.Context, an brief.Analyzer, from, to string) (Copied, error) {
	if _, err := os.Stat(from); err != nil {
		return nil, fmt.Errorf("migrate: %s: %w", from, ErrNoSource)
	}
	// Opening each store brings its schema up to date first.
	src, err := sqlite.Open(ctx, from, an, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	src.Close()
	dst, err := postgres.Open(ctx, to, an, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	dst.Close()

	db, err := sql.Open("sqlite", "file:"+from+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("migrate: open %s: %w", from, err)
	}
	defer db.Close()
	pool, err := pgxpool.New(ctx, to)
	if err != nil {
		return nil, errors.New("migrate: BRIEFBOT_DB is not a valid postgres:// URL")
	}
	defer pool.Close()
	copied := Copied{}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, t := range tables {
			n, err := copyTable(ctx, db, tx, t)
			if err != nil {
				return fmt.Errorf("migrate: %s: %w", t.name, err)
			}
			copied[t.name] = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The PostgreSQL store indexes the copied reports as it opens.
	dst, err = postgres.Open(ctx, to, an, nil)
	if err != nil {
		return copied, fmt.Errorf("migrate: index the copied reports: %w", err)
	}
	dst.Close()
	// The planner needs to know the tables just filled, or it would plan
	// for empty ones until autovacuum came round.
	if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
		return copied, fmt.Errorf("migrate: analyze: %w", err)
	}
	return copied, nil
}

// batchRows is how many rows one round trip inserts.
const batchRows = 500

// copyTable reads a table in SQLite's order and inserts its rows in
// batches, skipping those already there. It returns how many were new.
func copyTable(ctx context.Context, db *sql.DB, tx pgx.Tx, t table) (int, error) {
	read := append(append(append([]string{}, t.cols...), t.bools...), t.blobs...)
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(read, ", ")+` FROM `+t.name+` ORDER BY rowid`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert := insertFor(t, read)
	var extras []any
	for _, c := range sortedKeys(t.extra) {
		extras = append(extras, t.extra[c])
	}
	batch, copied := &pgx.Batch{}, 0
	flush := func() error {
		if batch.Len() == 0 {
			return nil
		}
		res := tx.SendBatch(ctx, batch)
		for range batch.Len() {
			tag, err := res.Exec()
			if err != nil {
				res.Close()
				return err
			}
			copied += int(tag.RowsAffected())
		}
		batch = &pgx.Batch{}
		return res.Close()
	}
	for rows.Next() {
		values := make([]any, len(read))
		ptrs := make([]any, len(read))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return copied, err
		}
		convert(t, values)
		batch.Queue(insert, append(values, extras...)...)
		if batch.Len() == batchRows {
			if err := flush(); err != nil {
				return copied, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return copied, err
	}
	return copied, flush()
}

// insertFor is the INSERT of one row of t, its columns read then its extras.
func insertFor(t table, read []string) string {
	cols := append(append([]string{}, read...), sortedKeys(t.extra)...)
	params := make([]string, len(cols))
	for i := range cols {
		params[i] = fmt.Sprintf("$%d", i+1)
	}
	return `INSERT INTO ` + t.name + ` (` + strings.Join(cols, ", ") + `) VALUES (` + strings.Join(params, ", ") +
		`) ON CONFLICT (` + t.key + `) DO NOTHING`
}

// convert turns SQLite's values into the types of the PostgreSQL columns:
// the read order is t.cols, then t.bools, then t.blobs.
func convert(t table, values []any) {
	for i := range t.bools {
		j := len(t.cols) + i
		n, _ := values[j].(int64)
		values[j] = n != 0
	}
	for i := range t.blobs {
		j := len(t.cols) + len(t.bools) + i
		if s, ok := values[j].(string); ok {
			values[j] = []byte(s)
		}
	}
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
