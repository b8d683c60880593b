package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/dedupe"
	"github.com/briefbot/briefbot/lookup"
	"github.com/briefbot/briefbot/store"
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
	qInsertTitlesFts     = `INSERT INTO titles_fts (rowid, terms, report_id) VALUES (?, ?, ?)`
	qFindDuplicate       = `SELECT id FROM reports WHERE hash = ? UNION ALL SELECT id FROM reports WHERE url = ? AND url != '' LIMIT 1`
	qDataVersion         = `PRAGMA data_version`
)

// The near-duplicate check in two statements, not one per band and
// candidate: the reports sharing each band (at most bandRows of each, so a
// band key that thousands of reports share, boilerplate, costs no more than a
// rare one), then the signatures of the few that share most.
var (
	qBandRows      = strings.Repeat(`SELECT report_id FROM (SELECT report_id FROM minhash_bands WHERE band = ? AND key = ? LIMIT `+strconv.Itoa(bandRows)+`) UNION ALL `, dedupe.Bands-1) + `SELECT report_id FROM (SELECT report_id FROM minhash_bands WHERE band = ? AND key = ? LIMIT ` + strconv.Itoa(bandRows) + `)`
	qRecentMinhash = `SELECT id, minhash FROM reports WHERE id IN (?` + strings.Repeat(`, ?`, nearCandidates-1) + `) AND added >= ?`
)

// The rows a report adds to the indexes go in a few statements of many
// rows each, not one statement a row: a report has dozens, and each
// statement costs the writer more than its row.
var (
	insertActorTerms = newMultiInsert(`INSERT OR IGNORE INTO actor_terms (term, dated, report_id, actor, kind) VALUES `, 5)
	insertSentences  = newMultiInsert(`INSERT INTO sentences_fts (rowid, terms, report_id, sentence) VALUES `, 4)
	insertBands      = newMultiInsert(`INSERT OR IGNORE INTO minhash_bands (band, key, report_id) VALUES `, 3)
)

// writerQueries lists them, with the near-duplicate queries.
func writerQueries() []string {
	qs := []string{qInsertReports, qInsertReportSources, qInsertReportScopes, qInsertBriefings, qDeleteSentencesFts, qDeleteTitlesFts, qDeleteActorTerms, qTakenID, qBandRows, qRecentMinhash, qInsertTitlesFts, qFindDuplicate, qDataVersion}
	for _, m := range []*multiInsert{insertActorTerms, insertSentences, insertBands} {
		qs = append(qs, m.q[1:]...)
	}
	return qs
}

// insertChunk is the most rows one statement inserts.
const insertChunk = 16

// multiInsert is an INSERT of 1 to insertChunk rows (q[n] inserts n).
type multiInsert struct {
	cols int
	q    [insertChunk + 1]string
}

func newMultiInsert(head string, cols int) *multiInsert {
	m := &multiInsert{cols: cols}
	row := "(?" + strings.Repeat(", ?", cols-1) + ")"
	for n := 1; n <= insertChunk; n++ {
		m.q[n] = head + strings.Repeat(row+", ", n-1) + row
	}
	return m
}

// execRows inserts rows given as their values one after another.
func (s *Store) execRows(ctx context.Context, tx *sql.Tx, m *multiInsert, values []any) error {
	for len(values) > 0 {
		n := min(len(values), m.cols*insertChunk)
		if _, err := s.exec(ctx, tx, m.q[n/m.cols], values[:n]...); err != nil {
			return err
		}
		values = values[n:]
	}
	return nil
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
	p.seen = s.recent.mark()
	if id, err := s.findAnyDuplicate(ctx, nil, p); err != nil || id != "" {
		if err != nil {
			return bot.Entry{}, err
		}
		return s.duplicate(ctx, id, r)
	}
	b, err := s.an.Analyze(r.Text)
	if err != nil {
		return bot.Entry{}, err
	}
	if p.js, err = json.Marshal(b); err != nil {
		return bot.Entry{}, err
	}
	p.terms = termsOf(b)
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
	seen   uint64 // recent.mark() before the caller's own duplicate check
	e      bot.Entry
	js     []byte
	terms  indexTerms
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

	var stored []recentReport
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.noteOtherWriters(ctx, tx); err != nil {
			return err
		}
		for i, p := range batch {
			dup, err := s.insert(ctx, tx, p, stored)
			if err != nil {
				return err
			}
			results[i].dupOf = dup
			if dup == "" {
				stored = append(stored, reportOf(p))
			}
		}
		return nil
	})
	if err == nil {
		s.recent.add(stored)
		s.committed()
	}
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
			s.cache.Put(p.e.ID, p.e.Briefing, len(p.js))
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
// (mates, stored before it in this batch) or a report stored since the
// caller looked already holds a duplicate of it, whose id it returns.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, p *pending, mates []recentReport) (string, error) {
	if id, err := s.duplicateSince(ctx, tx, p, mates); err != nil || id != "" {
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
		p.e.ID, p.hash, r.Source, r.URL, p.e.Title, store.UnixOrZero(r.Published), now.Unix(), store.Dated(p.e), b.Analyzer, string(r.Text), minhash)
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
	return "", s.writeIndex(ctx, tx, row, p.e, b, p.terms, true)
}

// indexTerms are the words a briefing adds to the indexes, worked out by
// the caller, so the one writer only writes.
type indexTerms struct {
	actors    [][]string // name words of each actor
	sentences []string   // terms of each sentence, joined by spaces
}

func termsOf(b *brief.Briefing) indexTerms {
	var t indexTerms
	for i := range b.Actors {
		t.actors = append(t.actors, lookup.IndexTerms(&b.Actors[i]))
	}
	for _, sn := range b.Sentences {
		if sn.I >= sentenceSlots {
			break
		}
		t.sentences = append(t.sentences, strings.Join(lookup.Terms(sn.Text), " "))
	}
	return t
}

// writeIndex writes the rows derived from a briefing: its actors' name
// words, its sentences and its title. Rows of an earlier analysis are
// deleted first, unless the report is new.
func (s *Store) writeIndex(ctx context.Context, tx *sql.Tx, row int64, e bot.Entry, b *brief.Briefing, t indexTerms, fresh bool) error {
	if !fresh {
		if err := s.deleteIndex(ctx, tx, row, e.ID); err != nil {
			return fmt.Errorf("index %s: %w", e.ID, err)
		}
	}
	at := store.Dated(e)
	var values []any
	for i, terms := range t.actors {
		for _, term := range terms {
			values = append(values, term, at, e.ID, b.Actors[i].Name, b.Actors[i].Kind)
		}
	}
	if err := s.execRows(ctx, tx, insertActorTerms, values); err != nil {
		return fmt.Errorf("index %s: actors: %w", e.ID, err)
	}
	values = values[:0]
	for i, terms := range t.sentences {
		values = append(values, row*sentenceSlots+int64(b.Sentences[i].I), terms, e.ID, b.Sentences[i].I)
	}
	if err := s.execRows(ctx, tx, insertSentences, values); err != nil {
		return fmt.Errorf("index %s: sentences: %w", e.ID, err)
	}
	if _, err := s.exec(ctx, tx, qInsertTitlesFts, row, strings.Join(lookup.Terms(e.Title), " "), e.ID); err != nil {
		return fmt.Errorf("index %s: title: %w", e.ID, err)
	}
	return nil
}

func (s *Store) deleteIndex(ctx context.Context, tx *sql.Tx, row int64, id string) error {
	if _, err := s.exec(ctx, tx, qDeleteActorTerms, id); err != nil {
		return err
	}
	if _, err := s.exec(ctx, tx, qDeleteSentencesFts, row*sentenceSlots, (row+1)*sentenceSlots); err != nil {
		return err
	}
	_, err := s.exec(ctx, tx, qDeleteTitlesFts, row)
	return err
}

func (s *Store) writeBands(ctx context.Context, tx *sql.Tx, id string, sig dedupe.Signature) error {
	keys := sig.BandKeys()
	values := make([]any, 0, 3*len(keys))
	for band, key := range keys {
		values = append(values, band, key, id)
	}
	if err := s.execRows(ctx, tx, insertBands, values); err != nil {
		return fmt.Errorf("minhash bands %s: %w", id, err)
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
func (s *Store) reindex(ctx context.Context, id string, b *brief.Briefing) (*brief.Briefing, error) {
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
	if b == nil || b.Analyzer != s.an.Version() {
		if b, err = s.an.Analyze(text); err != nil {
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
		return s.writeIndex(ctx, tx, row, e, b, termsOf(b), false)
	})
	if err != nil {
		return nil, fmt.Errorf("store: index %s: %w", id, err)
	}
	s.cache.Put(id, b, len(js))
	return b, nil
}

// noteOtherWriters notices, inside the writer's transaction, that another
// process (a `briefbot ingest` beside `serve`) committed since the writer
// last looked: SQLite's data_version changes with every commit but the
// connection's own. Reports whose callers looked before then are checked
// in the database, not only against recent.
func (s *Store) noteOtherWriters(ctx context.Context, tx *sql.Tx) error {
	rows, err := s.rows(ctx, tx, qDataVersion)
	if err != nil {
		return err
	}
	var v int64
	if rows.Next() {
		err = rows.Scan(&v)
	}
	if err = errors.Join(err, rows.Close()); err != nil {
		return err
	}
	if v != s.dataVersion {
		s.dataVersion, s.othersWroteAt = v, s.recent.mark()
	}
	return nil
}

// duplicateSince finds a duplicate among the reports stored after the
// caller's own check: in memory when recent still holds them all, else in
// the database.
func (s *Store) duplicateSince(ctx context.Context, tx *sql.Tx, p *pending, mates []recentReport) (string, error) {
	if id := duplicateAmong(p, mates); id != "" {
		return id, nil
	}
	if p.seen <= s.othersWroteAt {
		return s.findAnyDuplicate(ctx, tx, p) // recent holds only this process's reports
	}
	if later, ok := s.recent.since(p.seen); ok {
		return duplicateAmong(p, later), nil
	}
	return s.findAnyDuplicate(ctx, tx, p)
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
func (s *Store) findNearDuplicate(ctx context.Context, tx *sql.Tx, sig dedupe.Signature) (string, error) {
	keys := sig.BandKeys()
	args := make([]any, 0, 2*len(keys))
	for band, key := range keys {
		args = append(args, band, key)
	}
	shared := map[string]int{}
	var order []string
	err := s.eachRow(ctx, tx, qBandRows, args, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if shared[id] == 0 {
			order = append(order, id)
		}
		shared[id]++
		return nil
	})
	if err != nil || len(order) == 0 {
		return "", wrapNear(err)
	}
	sort.SliceStable(order, func(i, j int) bool { return shared[order[i]] > shared[order[j]] })
	args = args[:0]
	for i := range nearCandidates {
		id := "" // no report has the empty id
		if i < len(order) {
			id = order[i]
		}
		args = append(args, id)
	}
	args = append(args, s.now().Add(-nearWindow).Unix())
	best, bestSim := "", 0.0
	err = s.eachRow(ctx, tx, qRecentMinhash, args, func(rows *sql.Rows) error {
		var id string
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			return err
		}
		if other, ok := dedupe.FromBytes(blob); ok {
			if sim := dedupe.Similarity(sig, other); sim >= dedupe.Threshold && (sim > bestSim || sim == bestSim && shared[id] > shared[best]) {
				best, bestSim = id, sim
			}
		}
		return nil
	})
	return best, wrapNear(err)
}

func wrapNear(err error) error {
	if err != nil {
		return fmt.Errorf("store: near duplicates: %w", err)
	}
	return nil
}

// eachRow runs a query (see rows) and calls fn on each row.
func (s *Store) eachRow(ctx context.Context, tx *sql.Tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.rows(ctx, tx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
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
func (s *Store) briefing(ctx context.Context, id string) (*brief.Briefing, error) {
	if b, ok := s.cache.Get(id); ok {
		return b, nil
	}
	b, size, err := s.stored(ctx, id)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return s.reindex(ctx, id, nil)
	}
	s.cache.Put(id, b, size)
	return b, nil
}

// stored decodes the stored briefing of a report, or returns nil when there
// is none of this analyser's version.
func (s *Store) stored(ctx context.Context, id string) (*brief.Briefing, int, error) {
	st, err := s.reader(ctx, `SELECT analyzer, json FROM briefings WHERE report_id = ?`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	var analyzer string
	var js []byte
	err = st.QueryRowContext(ctx, id).Scan(&analyzer, &js)
	if errors.Is(err, sql.ErrNoRows) || err == nil && analyzer != s.an.Version() {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: read briefing %s: %w", id, err)
	}
	b := new(brief.Briefing)
	if err := json.Unmarshal(js, b); err != nil {
		return nil, 0, fmt.Errorf("store: decode briefing %s: %w", id, err)
	}
	return b, len(js), nil
}
