package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/dedupe"
)

// The writer's statements, prepared when the store opens: with one
// connection, none can be prepared while a transaction holds it.
const (
	qInsertReports = `INSERT INTO reports (id, hash, source, url, title, published, added, dated, indexed, text, minhash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertReportSources = `INSERT INTO report_sources (report_id, source, added) VALUES (?, ?, ?)`
	qInsertReportScopes  = `INSERT INTO report_scopes (scope, report_id) VALUES (?, ?)`
	qInsertBriefings     = `INSERT INTO briefings (report_id, analyzer, json) VALUES (?, ?, ?)`
	qDeleteSentencesFts  = `DELETE FROM sentences_fts WHERE rowid >= ? AND rowid < ?`
	qDeleteTitlesFts     = `DELETE FROM titles_fts WHERE rowid = ?`
	qDeleteActorTerms    = `DELETE FROM actor_terms WHERE report_id = ?`
	qTakenID             = `SELECT 1 FROM reports WHERE id = ?`
	qBandRows            = `SELECT report_id FROM minhash_bands WHERE band = ? AND key = ? LIMIT ?`
	qRecentMinhash       = `SELECT minhash FROM reports WHERE id = ? AND added >= ?`
	qInsertActorTerms    = `INSERT OR IGNORE INTO actor_terms (term, dated, report_id, actor, kind) VALUES (?, ?, ?, ?, ?)`
	qInsertSentencesFts  = `INSERT INTO sentences_fts (rowid, terms, report_id, sentence) VALUES (?, ?, ?, ?)`
	qInsertTitlesFts     = `INSERT INTO titles_fts (rowid, terms, report_id) VALUES (?, ?, ?)`
	qInsertMinhashBands  = `INSERT OR IGNORE INTO minhash_bands (band, key, report_id) VALUES (?, ?, ?)`
	qFindDuplicate       = `SELECT id FROM reports WHERE hash = ? UNION ALL SELECT id FROM reports WHERE url = ? AND url != '' LIMIT 1`
)

// writerQueries lists them, with the near-duplicate query.
func writerQueries() []string {
	return []string{qInsertReports, qInsertReportSources, qInsertReportScopes, qInsertBriefings, qDeleteSentencesFts, qDeleteTitlesFts, qDeleteActorTerms, qTakenID, qBandRows, qRecentMinhash, qInsertActorTerms, qInsertSentencesFts, qInsertTitlesFts, qInsertMinhashBands, qFindDuplicate}
}

// sentenceSlots is how many FTS rows each report may use: a sentence's row
// id is the report's row id times this plus the sentence's number, so a
// report's sentences are one range of row ids, deleted in one step.
const sentenceSlots = 1 << 16

// AddReport analyses and stores a report. The same text, the same canonical
// URL, or the same story republished with small edits (MinHash similarity of
// word shingles at least dedupe.Threshold) is stored once: the second call
// returns the first entry and bot.ErrDuplicate, and records the new source.
// Reports are analysed by their callers side by side; the writer stores
// them (see write).
func (s *Store) AddReport(ctx context.Context, r bot.Report) (bot.Entry, error) {
	p := &pending{r: r, hash: bot.ContentHash(r.Text), done: make(chan added, 1)}
	p.sig, p.signed = dedupe.Sign(string(r.Text))
	if id, err := s.findAnyDuplicate(ctx, nil, p); err != nil || id != "" {
		if err != nil {
			return bot.Entry{}, err
		}
		return s.duplicate(ctx, id, r)
	}
	b, err := briefings.Analyze(r.Text, s.opt)
	if err != nil {
		return bot.Entry{}, err
	}
	if p.js, err = json.Marshal(b); err != nil {
		return bot.Entry{}, err
	}
	p.e = bot.Entry{ID: p.hash[:8], Title: r.Title, Source: r.Source, Sources: []string{r.Source}, Published: r.Published, Briefing: b}
	if p.e.Title == "" {
		p.e.Title = bot.TitleOf(b)
	}
	select {
	case s.adds <- p:
	case <-s.closing:
		return bot.Entry{}, ErrClosed
	case <-ctx.Done():
		return bot.Entry{}, ctx.Err()
	}
	res := <-p.done // the writer always answers, even once ctx is done
	switch {
	case res.err != nil:
		return bot.Entry{}, fmt.Errorf("store: add report: %w", res.err)
	case res.dupOf != "":
		return s.duplicate(ctx, res.dupOf, r)
	}
	return p.e, nil
}

// ErrClosed says the store was closed.
var ErrClosed = errors.New("the store is closed")

// pending is an analysed report on its way to the writer.
type pending struct {
	r      bot.Report
	hash   string
	sig    dedupe.Signature
	signed bool
	e      bot.Entry
	js     []byte
	done   chan added
}

type added struct {
	dupOf string // the report it turned out to duplicate
	err   error
}

// batchMax is the most reports one write transaction stores.
const batchMax = 64

// write is the one goroutine that stores reports. It takes every report
// waiting and stores them in one transaction (group commit): a feed or a
// folder arriving at once costs one commit, one FTS segment and one WAL
// flush, not one per report. Each is checked for duplicates inside the
// transaction, so two copies of one story are stored once even when they
// arrive together.
func (s *Store) write() {
	defer close(s.written)
	for {
		var batch []*pending
		select {
		case p := <-s.adds:
			batch = append(batch, p)
		case <-s.closing:
			return
		}
		for len(batch) < batchMax {
			select {
			case p := <-s.adds:
				batch = append(batch, p)
				continue
			default:
			}
			break
		}
		s.storeBatch(batch)
	}
}

// storeBatch stores a batch in one transaction; should that fail, each
// report is tried on its own, so one bad report fails alone.
func (s *Store) storeBatch(batch []*pending) {
	ctx := context.Background() // a caller gone does not undo a write begun
	results := make([]added, len(batch))

	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, p := range batch {
			dup, err := s.insert(ctx, tx, p)
			if err != nil {
				return err
			}
			results[i].dupOf = dup
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, p := range batch {
			s.storeBatch([]*pending{p})
		}
		return
	}
	for i, p := range batch {
		if err != nil {
			results[i] = added{err: err}
		} else if results[i].dupOf == "" {
			s.cache.put(p.e.ID, p.e.Briefing, len(p.js))
		}
		p.done <- results[i]
	}
}

// freeID makes the report's short id unique: eight hex digits of its hash
// collide about once in a library of 77,000 reports (the birthday bound of
// 32 bits), so a taken id grows two digits at a time. Typing the first eight
// still finds it, after the report that had them first.
func (s *Store) freeID(ctx context.Context, tx *sql.Tx, p *pending) error {
	for n := len(p.e.ID); n <= len(p.hash); n += 2 {
		rows, err := s.rows(ctx, tx, qTakenID, p.hash[:n])
		if err != nil {
			return err
		}
		taken := rows.Next()
		if err := rows.Close(); err != nil {
			return err
		}
		if !taken {
			p.e.ID = p.hash[:n]
			return nil
		}
	}
	return fmt.Errorf("no free id for %s", p.hash)
}

// insert writes one report and its derived rows, unless the transaction
// already holds a duplicate of it, whose id it returns.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, p *pending) (string, error) {
	if id, err := s.findAnyDuplicate(ctx, tx, p); err != nil || id != "" {
		return id, err
	}
	if err := s.freeID(ctx, tx, p); err != nil {
		return "", err
	}
	now := s.now()
	p.e.Added = now
	b, r := p.e.Briefing, p.r
	var minhash []byte
	if p.signed {
		minhash = p.sig.Bytes()
	}
	res, err := s.exec(ctx, tx, qInsertReports,
		p.e.ID, p.hash, r.Source, r.URL, p.e.Title, unixOrZero(r.Published), now.Unix(), dated(p.e), b.Analyzer, string(r.Text), minhash)
	if err != nil {
		return "", err
	}
	row, err := res.LastInsertId()
	if err != nil {
		return "", err
	}
	if _, err := s.exec(ctx, tx, qInsertReportSources, p.e.ID, r.Source, now.Unix()); err != nil {
		return "", err
	}
	if _, err := s.exec(ctx, tx, qInsertReportScopes, r.Scope, p.e.ID); err != nil {
		return "", err
	}
	if _, err := s.exec(ctx, tx, qInsertBriefings, p.e.ID, b.Analyzer, p.js); err != nil {
		return "", err
	}
	if p.signed {
		if err := s.writeBands(ctx, tx, p.e.ID, p.sig); err != nil {
			return "", err
		}
	}
	return "", s.writeIndex(ctx, tx, row, p.e, b)
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
func (s *Store) writeIndex(ctx context.Context, tx *sql.Tx, row int64, e bot.Entry, b *briefings.Briefing) error {
	if _, err := s.exec(ctx, tx, qDeleteActorTerms, qTakenID, qBandRows, qRecentMinhash, e.ID); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	if _, err := s.exec(ctx, tx, qDeleteSentencesFts, row*sentenceSlots, (row+1)*sentenceSlots); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	if _, err := s.exec(ctx, tx, qDeleteTitlesFts, row); err != nil {
		return fmt.Errorf("index %s: %w", e.ID, err)
	}
	at := dated(e)
	for i := range b.Actors {
		a := &b.Actors[i]
		for _, t := range briefings.IndexTerms(a) {
			if _, err := s.exec(ctx, tx, qInsertActorTerms,
				t, at, e.ID, a.Name, a.Kind); err != nil {
				return fmt.Errorf("index %s: actors: %w", e.ID, err)
			}
		}
	}
	for _, sn := range b.Sentences {
		if sn.I >= sentenceSlots {
			break
		}
		if _, err := s.exec(ctx, tx, qInsertSentencesFts,
			row*sentenceSlots+int64(sn.I), strings.Join(briefings.Terms(sn.Text), " "), e.ID, sn.I); err != nil {
			return fmt.Errorf("index %s: sentences: %w", e.ID, err)
		}
	}
	if _, err := s.exec(ctx, tx, qInsertTitlesFts, row, strings.Join(briefings.Terms(e.Title), " "), e.ID); err != nil {
		return fmt.Errorf("index %s: title: %w", e.ID, err)
	}
	return nil
}

func (s *Store) writeBands(ctx context.Context, tx *sql.Tx, id string, sig dedupe.Signature) error {
	for band, key := range sig.BandKeys() {
		if _, err := s.exec(ctx, tx, qInsertMinhashBands, band, key, id); err != nil {
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
		b, _, err := s.stored(ctx, id) // analysed again only if of an older version
		if err != nil {
			return err
		}
		if _, err := s.reindex(ctx, id, b); err != nil {
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
			if err := s.writeBands(ctx, tx, id, sig); err != nil {
				return err
			}
		}
		return s.writeIndex(ctx, tx, row, e, b)
	})
	if err != nil {
		return nil, fmt.Errorf("store: index %s: %w", id, err)
	}
	s.cache.put(id, b, len(js))
	return b, nil
}

// findAnyDuplicate returns the stored report with the same text or URL, or
// telling the same story: from the readers, or inside the writer's
// transaction when tx is not nil.
func (s *Store) findAnyDuplicate(ctx context.Context, tx *sql.Tx, p *pending) (string, error) {
	id, err := s.findDuplicate(ctx, tx, p.hash, p.r.URL)
	if err == nil && id == "" && p.signed {
		id, err = s.findNearDuplicate(ctx, tx, p.sig)
	}
	return id, err
}

// rows runs a query on tx, or on the readers when tx is nil; either way a
// statement prepared once.
func (s *Store) rows(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if tx == nil {
		return s.query(ctx, q, args...)
	}
	st, err := s.writerStmt(q)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// exec runs a statement prepared once on the writer inside tx: a report
// writes dozens of rows, and parsing the SQL each time would cost more
// than writing them.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	st, err := s.writerStmt(q)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// writerStmt is a statement Open prepared; preparing one inside a
// transaction would wait forever for the one connection.
func (s *Store) writerStmt(q string) (*sql.Stmt, error) {
	st, ok := s.stmts.Load("w:" + q)
	if !ok {
		return nil, fmt.Errorf("store: a statement not in writerQueries: %.60s", q)
	}
	return st.(*sql.Stmt), nil
}

func (s *Store) findDuplicate(ctx context.Context, tx *sql.Tx, hash, url string) (string, error) {
	rows, err := s.rows(ctx, tx, qFindDuplicate, hash, url)
	if err != nil {
		return "", fmt.Errorf("store: find duplicate: %w", err)
	}
	defer rows.Close()
	var id string
	if rows.Next() {
		err = rows.Scan(&id)
	}
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return "", fmt.Errorf("store: find duplicate: %w", err)
	}
	return id, nil
}

// nearWindow bounds the search for republished stories to recent reports.
const nearWindow = 14 * 24 * time.Hour

// findNearDuplicate returns a recent report telling the same story. Only
// reports sharing a MinHash band with the text are compared, and only the
// few that share most: a republished story shares about four of the
// sixteen bands, a report with only a template's phrasing in common one.
// Each band's rows are read up to bandRows, so a band key that thousands of
// reports share (boilerplate) costs no more than a rare one.
func (s *Store) findNearDuplicate(ctx context.Context, tx *sql.Tx, sig dedupe.Signature) (string, error) {
	shared := map[string]int{}
	var order []string
	for band, key := range sig.BandKeys() {
		rows, err := s.rows(ctx, tx, qBandRows, band, key, bandRows)
		if err != nil {
			return "", fmt.Errorf("store: near duplicates: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return "", err
			}
			if shared[id] == 0 {
				order = append(order, id)
			}
			shared[id]++
		}
		if err := rows.Close(); err != nil {
			return "", fmt.Errorf("store: near duplicates: %w", err)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return shared[order[i]] > shared[order[j]] })
	since := s.now().Add(-nearWindow).Unix()
	best, bestSim := "", 0.0
	for _, id := range order[:min(len(order), nearCandidates)] {
		rows, err := s.rows(ctx, tx, qRecentMinhash, id, since)
		if err != nil {
			return "", fmt.Errorf("store: near duplicates: %w", err)
		}
		var blob []byte
		if rows.Next() {
			err = rows.Scan(&blob)
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("store: near duplicates: %w", err)
		}
		if other, ok := dedupe.FromBytes(blob); ok {
			if sim := dedupe.Similarity(sig, other); sim >= dedupe.Threshold && sim > bestSim {
				best, bestSim = id, sim
			}
		}
	}
	return best, nil
}

// bandRows and nearCandidates bound a near-duplicate check.
const (
	bandRows       = 50
	nearCandidates = 8
)

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
	b, size, err := s.stored(ctx, id)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return s.reindex(ctx, id, nil)
	}
	s.cache.put(id, b, size)
	return b, nil
}

// stored decodes the stored briefing of a report, or returns nil when there
// is none of this analyser's version.
func (s *Store) stored(ctx context.Context, id string) (*briefings.Briefing, int, error) {
	st, err := s.reader(ctx, `SELECT analyzer, json FROM briefings WHERE report_id = ?`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	var analyzer string
	var js []byte
	err = st.QueryRowContext(ctx, id).Scan(&analyzer, &js)
	if errors.Is(err, sql.ErrNoRows) || err == nil && analyzer != briefings.Version {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	b := new(briefings.Briefing)
	if err := json.Unmarshal(js, b); err != nil {
		return nil, 0, fmt.Errorf("store: decode briefing %s: %w", id, err)
	}
	return b, len(js), nil
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
