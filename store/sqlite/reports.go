package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/dedupe"
)

// sentenceSlots is how many FTS rows each report may use: a sentence's row
// id is the report's row id times this plus the sentence's number, so a
// report's sentences are one range of row ids, deleted in one step.
const sentenceSlots = 1 << 16

// AddReport analyses and stores a report. The same text, the same canonical
// URL, or the same story republished with small edits (MinHash similarity of
// word shingles at least dedupe.Threshold) is stored once: the second call
// returns the first entry and bot.ErrDuplicate, and records the new source.
// The analysis runs before the write transaction, so writers wait only for
// the inserts.
func (s *Store) AddReport(ctx context.Context, r bot.Report) (bot.Entry, error) {
	h := bot.ContentHash(r.Text)
	sig, signed := dedupe.Sign(string(r.Text))
	if id, err := s.findAnyDuplicate(ctx, h, r.URL, sig, signed); err != nil || id != "" {
		if err != nil {
			return bot.Entry{}, err
		}
		return s.duplicate(ctx, id, r)
	}
	b, err := briefings.Analyze(r.Text, s.opt)
	if err != nil {
		return bot.Entry{}, err
	}
	// Reports are analysed side by side; the check and the insert are not,
	// so two copies of one story arriving at once are stored once.
	s.adding.Lock()
	defer s.adding.Unlock()
	if id, err := s.findAnyDuplicate(ctx, h, r.URL, sig, signed); err != nil || id != "" {
		if err != nil {
			return bot.Entry{}, err
		}
		return s.duplicate(ctx, id, r)
	}
	js, err := json.Marshal(b)
	if err != nil {
		return bot.Entry{}, err
	}
	now := s.now()
	e := bot.Entry{ID: h[:8], Title: r.Title, Source: r.Source, Sources: []string{r.Source}, Published: r.Published, Added: now, Briefing: b}
	if e.Title == "" {
		e.Title = b.Title
	}
	if e.Title == "" && len(b.Sentences) > 0 {
		e.Title = bot.ShortText(b.Sentences[0].Text, 80)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var minhash []byte
		if signed {
			minhash = sig.Bytes()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reports (id, hash, source, url, title, published, added, dated, indexed, text, minhash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, h, r.Source, r.URL, e.Title, unixOrZero(r.Published), now.Unix(), dated(e), b.Analyzer, string(r.Text), minhash)
		if err != nil {
			return err
		}
		row, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_sources (report_id, source, added) VALUES (?, ?, ?)`, e.ID, r.Source, now.Unix()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_scopes (scope, report_id) VALUES (?, ?)`, r.Scope, e.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO briefings (report_id, analyzer, json) VALUES (?, ?, ?)`, e.ID, b.Analyzer, js); err != nil {
			return err
		}
		if signed {
			if err := writeBands(ctx, tx, e.ID, sig); err != nil {
				return err
			}
		}
		return writeIndex(ctx, tx, row, e, b)
	})
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: add report: %w", err)
	}
	s.cache.put(e.ID, b, len(js))
	return e, nil
}

// dated is what reports are listed by: the report's own date, or when it
// came when it gives none.
func dated(e bot.Entry) int64 {
	if e.Published.IsZero() {
		return e.Added.Unix()
	}
	return e.Published.Unix()
}

// writeIndex writes the rows derived from a briefing: its actors' name
// words, its sentences and its title.
func writeIndex(ctx context.Context, tx *sql.Tx, row int64, e bot.Entry, b *briefings.Briefing) error {
	for _, q := range []string{
		`DELETE FROM actor_terms WHERE report_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, e.ID); err != nil {
			return fmt.Errorf("index %s: %w", e.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sentences_fts WHERE rowid >= ? AND rowid < ?`, row*sentenceSlots, (row+1)*sentenceSlots); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM titles_fts WHERE rowid = ?`, row); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	at := dated(e)
	for i := range b.Actors {
		a := &b.Actors[i]
		for _, t := range briefings.IndexTerms(a) {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO actor_terms (term, dated, report_id, actor, kind) VALUES (?, ?, ?, ?, ?)`,
				t, at, e.ID, a.Name, a.Kind); err != nil {
				return fmt.Errorf("index %s: actors: %w", e.ID, err)
			}
		}
	}
	for _, sn := range b.Sentences {
		if sn.I >= sentenceSlots {
			break
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sentences_fts (rowid, terms, report_id, sentence) VALUES (?, ?, ?, ?)`,
			row*sentenceSlots+int64(sn.I), strings.Join(briefings.Terms(sn.Text), " "), e.ID, sn.I); err != nil {
			return fmt.Errorf("index %s: sentences: %w", e.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO titles_fts (rowid, terms, report_id) VALUES (?, ?, ?)`, row, strings.Join(briefings.Terms(e.Title), " "), e.ID); err != nil {
		return fmt.Errorf("index %s: title: %w", e.ID, err)
	}
	return nil
}

func writeBands(ctx context.Context, tx *sql.Tx, id string, sig dedupe.Signature) error {
	for band, key := range sig.BandKeys() {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO minhash_bands (band, key, report_id) VALUES (?, ?, ?)`, band, key, id); err != nil {
			return fmt.Errorf("minhash bands %s: %w", id, err)
		}
	}
	return nil
}

// indexAll writes the derived rows of reports stored before there were any
// (a database from an older briefbot), once.
func (s *Store) indexAll(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM reports WHERE indexed = ''`)
	if err != nil {
		return fmt.Errorf("store: reports to index: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := s.reindex(ctx, id, nil); err != nil {
			return err
		}
	}
	return nil
}

// reindex analyses a report again when b is nil, saves the briefing and
// rewrites its derived rows.
func (s *Store) reindex(ctx context.Context, id string, b *briefings.Briefing) (*briefings.Briefing, error) {
	var text, minhash []byte
	var row int64
	var e bot.Entry
	var pub, added int64
	err := s.db.QueryRowContext(ctx, `SELECT rowid, text, minhash, title, published, added FROM reports WHERE id = ?`, id).
		Scan(&row, &text, &minhash, &e.Title, &pub, &added)
	if err != nil {
		return nil, fmt.Errorf("store: read report %s: %w", id, err)
	}
	e.ID, e.Added = id, time.Unix(added, 0).UTC()
	if pub != 0 {
		e.Published = time.Unix(pub, 0).UTC()
	}
	if b == nil || b.Analyzer != briefings.Version {
		if b, err = briefings.Analyze(text, s.opt); err != nil {
			return nil, fmt.Errorf("store: analyse %s: %w", id, err)
		}
	}
	js, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO briefings (report_id, analyzer, json) VALUES (?, ?, ?)
			ON CONFLICT (report_id) DO UPDATE SET analyzer = excluded.analyzer, json = excluded.json`, id, b.Analyzer, js); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET indexed = ? WHERE id = ?`, b.Analyzer, id); err != nil {
			return err
		}
		if sig, ok := dedupe.FromBytes(minhash); ok {
			if err := writeBands(ctx, tx, id, sig); err != nil {
				return err
			}
		}
		return writeIndex(ctx, tx, row, e, b)
	})
	if err != nil {
		return nil, fmt.Errorf("store: index %s: %w", id, err)
	}
	s.cache.put(id, b, len(js))
	return b, nil
}

// findAnyDuplicate returns the stored report with the same text or URL, or
// telling the same story.
func (s *Store) findAnyDuplicate(ctx context.Context, hash, url string, sig dedupe.Signature, signed bool) (string, error) {
	id, err := s.findDuplicate(ctx, hash, url)
	if err == nil && id == "" && signed {
		id, err = s.findNearDuplicate(ctx, sig)
	}
	return id, err
}

func (s *Store) findDuplicate(ctx context.Context, hash, url string) (string, error) {
	st, err := s.reader(ctx, `SELECT id FROM reports WHERE hash = ? UNION ALL SELECT id FROM reports WHERE url = ? AND url != '' LIMIT 1`)
	if err != nil {
		return "", fmt.Errorf("store: find duplicate: %w", err)
	}
	var id string
	err = st.QueryRowContext(ctx, hash, url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: find duplicate: %w", err)
	}
	return id, nil
}

// nearWindow bounds the search for republished stories to recent reports.
const nearWindow = 14 * 24 * time.Hour

// findNearDuplicate returns a recent report telling the same story: the
// reports sharing a MinHash band with the text are the only ones compared.
func (s *Store) findNearDuplicate(ctx context.Context, sig dedupe.Signature) (string, error) {
	keys := sig.BandKeys()
	var q strings.Builder
	args := make([]any, 0, 2*len(keys)+1)
	q.WriteString(`SELECT r.id, r.minhash FROM reports r WHERE r.added >= ? AND r.id IN (SELECT report_id FROM minhash_bands WHERE `)
	args = append(args, s.now().Add(-nearWindow).Unix())
	for band, key := range keys {
		if band > 0 {
			q.WriteString(" OR ")
		}
		q.WriteString("(band = ? AND key = ?)")
		args = append(args, band, key)
	}
	q.WriteString(`) LIMIT 64`)
	st, err := s.reader(ctx, q.String())
	if err != nil {
		return "", fmt.Errorf("store: near duplicates: %w", err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return "", fmt.Errorf("store: near duplicates: %w", err)
	}
	defer rows.Close()
	best, bestSim := "", 0.0
	for rows.Next() {
		var id string
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			return "", err
		}
		if other, ok := dedupe.FromBytes(blob); ok {
			if sim := dedupe.Similarity(sig, other); sim >= dedupe.Threshold && sim > bestSim {
				best, bestSim = id, sim
			}
		}
	}
	return best, rows.Err()
}

// duplicate records a second arrival of a stored report and returns the
// first, with bot.ErrDuplicate.
func (s *Store) duplicate(ctx context.Context, id string, r bot.Report) (bot.Entry, error) {
	if err := s.addDuplicate(ctx, id, r); err != nil {
		return bot.Entry{}, err
	}
	e, err := s.Entry(ctx, id)
	if err != nil {
		return bot.Entry{}, err
	}
	return e, bot.ErrDuplicate
}

// addDuplicate records one more source, one more scope that sees the
// report, and its URL as read.
func (s *Store) addDuplicate(ctx context.Context, id string, r bot.Report) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now().Unix()
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO report_sources (report_id, source, added) VALUES (?, ?, ?)`, id, r.Source, now); err != nil {
			return fmt.Errorf("store: add source: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO report_scopes (scope, report_id) VALUES (?, ?)`, r.Scope, id); err != nil {
			return fmt.Errorf("store: add scope: %w", err)
		}
		if r.URL != "" {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO seen_urls (url, report_id) VALUES (?, ?)`, r.URL, id); err != nil {
				return fmt.Errorf("store: seen url: %w", err)
			}
		}
		return nil
	})
}

// ShareURL gives scope the report already stored for a canonical URL, if
// there is one, so a feed item is never fetched twice. It says whether there was.
func (s *Store) ShareURL(ctx context.Context, url, scope string) (bool, error) {
	var id string
	err := s.queryRow(ctx, `SELECT id FROM reports WHERE url = ? AND url != '' UNION ALL SELECT report_id FROM seen_urls WHERE url = ? LIMIT 1`, url, url)(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: known url: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO report_scopes (scope, report_id) VALUES (?, ?)`, scope, id); err != nil {
		return false, fmt.Errorf("store: add scope: %w", err)
	}
	return true, nil
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// briefing returns the briefing of a report from the cache or the database,
// analysing it again when another analyser version made it.
func (s *Store) briefing(ctx context.Context, id string) (*briefings.Briefing, error) {
	if b, ok := s.cache.get(id); ok {
		return b, nil
	}
	st, err := s.reader(ctx, `SELECT analyzer, json FROM briefings WHERE report_id = ?`)
	if err != nil {
		return nil, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	var analyzer string
	var js []byte
	err = st.QueryRowContext(ctx, id).Scan(&analyzer, &js)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	if err != nil || analyzer != briefings.Version {
		return s.reindex(ctx, id, nil)
	}
	b := new(briefings.Briefing)
	if err := json.Unmarshal(js, b); err != nil {
		return nil, fmt.Errorf("store: decode briefing %s: %w", id, err)
	}
	s.cache.put(id, b, len(js))
	return b, nil
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
