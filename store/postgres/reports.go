package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/dedupe"
	"github.com/briefbot/briefbot/lookup"
	"github.com/briefbot/briefbot/store"
)

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// report is an analysed report on its way in.
type report struct {
	r      bot.Report
	hash   string
	sig    dedupe.Signature
	signed bool
	e      bot.Entry
	js     []byte
}

// AddReport analyses and stores a report, once: the same text, the same
// canonical URL or the same story republished (MinHash) returns the first
// entry and bot.ErrDuplicate, and records the new source. The analysis runs
// outside any transaction; the check and the insert run under the write
// lock, so copies arriving at two replicas at once are stored once.
func (s *Store) AddReport(ctx context.Context, r bot.Report) (bot.Entry, error) {
	p := &report{r: r, hash: bot.ContentHash(r.Text)}
	p.sig, p.signed = dedupe.Sign(string(r.Text))
	if id, err := s.findAnyDuplicate(ctx, s.pool, p); err != nil || id != "" {
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
	p.e = bot.Entry{ID: p.hash[:8], Title: r.Title, Source: r.Source, Sources: []string{r.Source}, Published: r.Published, Briefing: b}
	if p.e.Title == "" {
		p.e.Title = bot.TitleOf(b)
	}
	var dupOf string
	// A caller gone does not undo a write begun.
	err = s.writeTx(context.WithoutCancel(ctx), func(tx pgx.Tx) error {
		var err error
		if dupOf, err = s.findAnyDuplicate(ctx, tx, p); err != nil || dupOf != "" {
			return err
		}
		return s.insert(ctx, tx, p)
	})
	switch {
	case err != nil:
		return bot.Entry{}, fmt.Errorf("store: add report: %w", err)
	case dupOf != "":
		return s.duplicate(ctx, dupOf, r)
	}
	s.cache.Put(p.e.ID, b, len(p.js))
	return p.e, nil
}

// insert writes one report and its derived rows.
func (s *Store) insert(ctx context.Context, tx pgx.Tx, p *report) error {
	if err := freeID(ctx, tx, p); err != nil {
		return err
	}
	now := s.now()
	p.e.Added = now
	b, r := p.e.Briefing, p.r
	var minhash []byte
	if p.signed {
		minhash = p.sig.Bytes()
	}
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO reports (id, hash, source, url, title, published, added, dated, indexed, text, minhash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
		p.e.ID, p.hash, clean(r.Source), clean(r.URL), clean(p.e.Title), store.UnixOrZero(r.Published), now.Unix(), store.Dated(p.e), b.Analyzer, string(r.Text), minhash).Scan(&seq)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO report_sources (report_id, source, added) VALUES ($1, $2, $3)`, p.e.ID, clean(r.Source), now.Unix())
	batch.Queue(`INSERT INTO report_scopes (scope, report_id) VALUES ($1, $2)`, r.Scope, p.e.ID)
	batch.Queue(`INSERT INTO briefings (report_id, analyzer, json) VALUES ($1, $2, $3)`, p.e.ID, b.Analyzer, p.js)
	if p.signed {
		queueBands(batch, p.e.ID, p.sig)
	}
	queueIndex(batch, seq, p.e, b)
	return tx.SendBatch(ctx, batch).Close()
}

// freeID makes the report's short id unique, growing a taken one two hex
// digits at a time (see the SQLite store).
func freeID(ctx context.Context, tx pgx.Tx, p *report) error {
	for n := len(p.e.ID); n <= len(p.hash); n += 2 {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reports WHERE id = $1)`, p.hash[:n]).Scan(&taken); err != nil {
			return err
		}
		if !taken {
			p.e.ID = p.hash[:n]
			return nil
		}
	}
	return fmt.Errorf("no free id for %s", p.hash)
}

// clean makes a caller's string (a file name, say) text PostgreSQL takes:
// valid UTF-8 without NUL. Report texts are checked by the analyser already.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// queueIndex queues the rows derived from a briefing: its actors' name
// words, the terms of its sentences and of its title, each kind in one
// statement over arrays.
func queueIndex(batch *pgx.Batch, seq int64, e bot.Entry, b *brief.Briefing) {
	var terms, actors, kinds []string
	for i := range b.Actors {
		for _, t := range lookup.IndexTerms(&b.Actors[i]) {
			terms, actors, kinds = append(terms, t), append(actors, b.Actors[i].Name), append(kinds, string(b.Actors[i].Kind))
		}
	}
	batch.Queue(`INSERT INTO actor_terms (term, dated, report_id, actor, kind)
		SELECT t, $2, $3, a, k FROM unnest($1::text[], $4::text[], $5::text[]) AS u(t, a, k) ON CONFLICT DO NOTHING`,
		terms, store.Dated(e), e.ID, actors, kinds)
	seen := map[string]bool{}
	var words []string
	for _, sn := range b.Sentences {
		for _, t := range store.SearchTerms(sn.Text) {
			if !seen[t] {
				seen[t] = true
				words = append(words, t)
			}
		}
	}
	batch.Queue(`INSERT INTO sentence_terms (term, seq) SELECT t, $2 FROM unnest($1::text[]) AS t ON CONFLICT DO NOTHING`, words, seq)
	batch.Queue(`INSERT INTO title_terms (term, seq) SELECT t, $2 FROM unnest($1::text[]) AS t ON CONFLICT DO NOTHING`, store.SearchTerms(e.Title), seq)
}

func queueBands(batch *pgx.Batch, id string, sig dedupe.Signature) {
	keys := sig.BandKeys()
	bands := make([]int32, len(keys))
	for i := range keys {
		bands[i] = int32(i)
	}
	batch.Queue(`INSERT INTO minhash_bands (band, key, report_id) SELECT b, k, $3 FROM unnest($1::int[], $2::bigint[]) AS u(b, k) ON CONFLICT DO NOTHING`,
		bands, keys[:], id)
}

// indexAll writes the derived rows of reports that have none (a database
// filled by `briefbot migrate`), once.
func (s *Store) indexAll(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, `SELECT id FROM reports WHERE indexed = ''`)
	if err != nil {
		return fmt.Errorf("store: reports to index: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("store: reports to index: %w", err)
	}
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

// reindex analyses a report again when b is nil (or of an older analyser),
// saves the briefing and rewrites its derived rows.
func (s *Store) reindex(ctx context.Context, id string, b *brief.Briefing) (*brief.Briefing, error) {
	var text string
	var minhash []byte
	var seq, pub, added int64
	e := bot.Entry{ID: id}
	err := s.pool.QueryRow(ctx, `SELECT seq, text, minhash, title, published, added FROM reports WHERE id = $1`, id).
		Scan(&seq, &text, &minhash, &e.Title, &pub, &added)
	if err != nil {
		return nil, fmt.Errorf("store: read report %s: %w", id, err)
	}
	e.Added = time.Unix(added, 0).UTC()
	if pub != 0 {
		e.Published = time.Unix(pub, 0).UTC()
	}
	if b == nil || b.Analyzer != s.an.Version() {
		if b, err = s.an.Analyze([]byte(text)); err != nil {
			return nil, fmt.Errorf("store: analyse %s: %w", id, err)
		}
	}
	js, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	err = s.writeTx(ctx, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		batch.Queue(`INSERT INTO briefings (report_id, analyzer, json) VALUES ($1, $2, $3)
			ON CONFLICT (report_id) DO UPDATE SET analyzer = excluded.analyzer, json = excluded.json`, id, b.Analyzer, js)
		batch.Queue(`UPDATE reports SET indexed = $1 WHERE id = $2`, b.Analyzer, id)
		batch.Queue(`DELETE FROM actor_terms WHERE report_id = $1`, id)
		batch.Queue(`DELETE FROM sentence_terms WHERE seq = $1`, seq)
		batch.Queue(`DELETE FROM title_terms WHERE seq = $1`, seq)
		if sig, ok := dedupe.FromBytes(minhash); ok {
			queueBands(batch, id, sig)
		}
		queueIndex(batch, seq, e, b)
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return nil, fmt.Errorf("store: index %s: %w", id, err)
	}
	s.cache.Put(id, b, len(js))
	return b, nil
}

// findAnyDuplicate returns the stored report with the same text or URL, or
// telling the same story.
func (s *Store) findAnyDuplicate(ctx context.Context, q querier, p *report) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM reports WHERE hash = $1 UNION ALL SELECT id FROM reports WHERE url = $2 AND url <> '' LIMIT 1`, p.hash, p.r.URL).Scan(&id)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("store: find duplicate: %w", err)
	}
	if id == "" && p.signed {
		return s.findNearDuplicate(ctx, q, p.sig)
	}
	return id, nil
}

// The bounds of a near-duplicate check and its window, as in the SQLite store.
const (
	bandRows       = 50
	nearCandidates = 8
	nearWindow     = 14 * 24 * time.Hour
)

// findNearDuplicate returns a recent report telling the same story: of the
// reports sharing a MinHash band with the text (at most bandRows a band),
// the few sharing most are compared whole.
func (s *Store) findNearDuplicate(ctx context.Context, q querier, sig dedupe.Signature) (string, error) {
	keys := sig.BandKeys()
	bands := make([]int32, len(keys))
	for i := range keys {
		bands[i] = int32(i)
	}
	rows, err := q.Query(ctx, `SELECT m.report_id FROM unnest($1::int[], $2::bigint[]) AS u(b, k),
		LATERAL (SELECT report_id FROM minhash_bands WHERE band = u.b AND key = u.k LIMIT $3) AS m`, bands, keys[:], bandRows)
	if err != nil {
		return "", fmt.Errorf("store: near duplicates: %w", err)
	}
	shared := map[string]int{}
	var order []string
	var id string
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error {
		if shared[id] == 0 {
			order = append(order, id)
		}
		shared[id]++
		return nil
	}); err != nil || len(order) == 0 {
		return "", wrapNear(err)
	}
	sort.SliceStable(order, func(i, j int) bool { return shared[order[i]] > shared[order[j]] })
	order = order[:min(len(order), nearCandidates)]
	rows, err = q.Query(ctx, `SELECT id, minhash FROM reports WHERE id = ANY($1) AND added >= $2`, order, s.now().Add(-nearWindow).Unix())
	if err != nil {
		return "", wrapNear(err)
	}
	best, bestSim := "", 0.0
	var blob []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &blob}, func() error {
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

// duplicate records a second arrival of a stored report and returns the
// first, with bot.ErrDuplicate.
func (s *Store) duplicate(ctx context.Context, id string, r bot.Report) (bot.Entry, error) {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		batch.Queue(`INSERT INTO report_sources (report_id, source, added) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, id, clean(r.Source), s.now().Unix())
		batch.Queue(`INSERT INTO report_scopes (scope, report_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, r.Scope, id)
		if r.URL != "" {
			batch.Queue(`INSERT INTO seen_urls (url, report_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, r.URL, id)
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: add source: %w", err)
	}
	e, err := s.Entry(ctx, id)
	if err != nil {
		return bot.Entry{}, err
	}
	return e, bot.ErrDuplicate
}

// ShareURL gives scope the report already stored for a canonical URL, if
// there is one, so a feed item is never fetched twice.
func (s *Store) ShareURL(ctx context.Context, url, scope string) (bool, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT id FROM reports WHERE url = $1 AND url <> '' UNION ALL SELECT report_id FROM seen_urls WHERE url = $1 LIMIT 1`, url).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: known url: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO report_scopes (scope, report_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, scope, id); err != nil {
		return false, fmt.Errorf("store: add scope: %w", err)
	}
	return true, nil
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
	var analyzer string
	var js []byte
	err := s.pool.QueryRow(ctx, `SELECT analyzer, json FROM briefings WHERE report_id = $1`, id).Scan(&analyzer, &js)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && analyzer != s.an.Version() {
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
