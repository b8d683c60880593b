package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

// The library's queries: each reads an index range bounded by a limit, so
// its cost does not grow with the library (query_plan_test.go checks that
// none scans a table).

const entryColumns = `r.id, r.title, r.source, r.published, r.added, (SELECT group_concat(source, char(10)) FROM report_sources WHERE report_id = r.id)`

// newestFirst orders reports by their date, or when they came for those
// that give none (reports_dated).
const newestFirst = `r.dated DESC, r.added DESC`

// inScope keeps the reports a scope sees: the shared ones and its own.
const inScope = `EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = r.id AND sc.scope IN ('', ?))`

var _ bot.Library = (*Store)(nil)

// query runs a reader statement.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.reader(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a reader statement for one row and returns its Scan.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) func(dest ...any) error {
	st, err := s.reader(ctx, q)
	if err != nil {
		return func(...any) error { return err }
	}
	return st.QueryRowContext(ctx, args...).Scan
}

// scanHeaders reads entries without their briefings.
func scanHeaders(rows *sql.Rows) ([]bot.Entry, error) {
	defer rows.Close()
	var out []bot.Entry
	for rows.Next() {
		var e bot.Entry
		var pub, added int64
		var sources sql.NullString
		if err := rows.Scan(&e.ID, &e.Title, &e.Source, &pub, &added, &sources); err != nil {
			return nil, err
		}
		e.Added = time.Unix(added, 0).UTC()
		if pub != 0 { // 0: the report gives no date
			e.Published = time.Unix(pub, 0).UTC()
		}
		e.Sources = []string{e.Source}
		if sources.Valid {
			e.Sources = strings.Split(sources.String, "\n")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanEntries reads entries with their briefings.
func (s *Store) scanEntries(ctx context.Context, rows *sql.Rows) ([]bot.Entry, error) {
	out, err := scanHeaders(rows)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Briefing, err = s.briefing(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Recent lists a page of the briefings a scope sees, newest first.
func (s *Store) Recent(ctx context.Context, scope string, offset, limit int) ([]bot.Entry, int, error) {
	rows, err := s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE `+inScope+` ORDER BY `+newestFirst+` LIMIT ? OFFSET ?`, scope, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: recent: %w", err)
	}
	page, err := scanHeaders(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("store: recent: %w", err)
	}
	total, err := s.count(ctx, scope)
	return page, total, err
}

// count is how many reports a scope sees: the shared ones and its own,
// less those that are both, from the counts the triggers keep.
func (s *Store) count(ctx context.Context, scope string) (int, error) {
	var shared, own, both int
	err := s.queryRow(ctx, `SELECT
		COALESCE((SELECT n FROM scope_counts WHERE scope = ''), 0),
		COALESCE((SELECT n FROM scope_counts WHERE scope = ?1 AND ?1 != ''), 0),
		(SELECT COUNT(*) FROM report_scopes a WHERE a.scope = ?1 AND ?1 != ''
			AND EXISTS (SELECT 1 FROM report_scopes b WHERE b.scope = '' AND b.report_id = a.report_id))`, scope)(&shared, &own, &both)
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return shared + own - both, nil
}

// Entry returns one stored report with its briefing.
func (s *Store) Entry(ctx context.Context, id string) (bot.Entry, error) {
	rows, err := s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.id = ?`, id)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: entry: %w", err)
	}
	es, err := s.scanEntries(ctx, rows)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: entry: %w", err)
	}
	if len(es) == 0 {
		return bot.Entry{}, bot.ErrNotFound
	}
	return es[0], nil
}

// Pick finds a briefing by short id, else by words of its title; "" is the
// newest.
func (s *Store) Pick(ctx context.Context, scope, arg string) (bot.Entry, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	var rows *sql.Rows
	var err error
	switch {
	case arg == "":
		rows, err = s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE `+inScope+` ORDER BY `+newestFirst+` LIMIT 1`, scope)
	case bot.LooksLikeID(arg):
		rows, err = s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.id >= ? AND r.id < ? AND `+inScope+` ORDER BY r.id LIMIT 1`,
			arg, arg+"g", scope) // ids are lower-case hex: "g" sorts after every digit
	default:
		return s.pickByTitle(ctx, scope, arg)
	}
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick: %w", err)
	}
	es, err := s.scanEntries(ctx, rows)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick: %w", err)
	}
	if len(es) == 0 {
		if arg != "" && !strings.ContainsRune(arg, ' ') {
			return s.pickByTitle(ctx, scope, arg) // "face", "deaf": hex, but words too
		}
		return bot.Entry{}, bot.ErrNotFound
	}
	return es[0], nil
}

// titleCandidates is how many titles full-text search offers for picking.
const titleCandidates = 20

func (s *Store) pickByTitle(ctx context.Context, scope, arg string) (bot.Entry, error) {
	words := strings.Fields(arg)
	match := ftsMatch(words)
	if match == "" {
		return bot.Entry{}, bot.ErrNotFound
	}
	rows, err := s.query(ctx, `SELECT `+entryColumns+` FROM (SELECT report_id, rank FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rank LIMIT ?) t
		JOIN reports r ON r.id = t.report_id WHERE `+inScope+` ORDER BY t.rank, `+newestFirst, match, titleCandidates, scope)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	es, err := scanHeaders(rows)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	best, bestScore := -1, 0
	for i, e := range es {
		if score := bot.TitleScore(e.Title, words); score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore*2 < len(words) {
		return bot.Entry{}, bot.ErrNotFound
	}
	return s.Entry(ctx, es[best].ID)
}

// ftsMatch is an FTS5 query for any of the words, each quoted so nothing in
// them is read as FTS syntax.
func ftsMatch(words []string) string {
	var parts []string
	for _, w := range words {
		w = strings.Map(func(r rune) rune {
			if r == '"' {
				return -1
			}
			return r
		}, w)
		if strings.TrimSpace(w) != "" {
			parts = append(parts, `"`+w+`"`)
		}
	}
	return strings.Join(parts, " OR ")
}

// actorWindow is how many index rows per name word WithActor reads, newest
// first; fallbackWindow how many of the newest briefings it asks directly
// when the index has nothing (a typo, a description) .
const (
	actorWindow    = 64
	fallbackWindow = 32
	countCap       = 1000
)

// WithActor lists the newest briefings with an actor the query names: the
// actor index gives the briefings whose actors carry the query's name words,
// and FindActor, the same matching as within one briefing, confirms them.
func (s *Store) WithActor(ctx context.Context, scope, query string, limit int) ([]bot.Entry, int, error) {
	terms := briefings.QueryTerms(query)
	ids, err := s.actorCandidates(ctx, scope, terms)
	if err != nil {
		return nil, 0, err
	}
	if len(ids) == 0 {
		recent, _, err := s.Recent(ctx, scope, 0, fallbackWindow)
		if err != nil {
			return nil, 0, err
		}
		for _, e := range recent {
			ids = append(ids, e.ID)
		}
	}
	var found []bot.Entry
	for _, id := range ids {
		if len(found) == limit {
			break
		}
		e, err := s.Entry(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		if e.Briefing.FindActor(query) != nil {
			found = append(found, e)
		}
	}
	if len(found) < limit || len(terms) == 0 {
		return found, 0, nil
	}
	n, err := s.countWithTerm(ctx, scope, terms)
	return found, max(0, n-len(found)), err
}

// actorCandidates merges the newest reports of each name word, newest first.
func (s *Store) actorCandidates(ctx context.Context, scope string, terms []string) ([]string, error) {
	type cand struct {
		id    string
		dated int64
	}
	seen := map[string]bool{}
	var all []cand
	for _, t := range terms {
		rows, err := s.query(ctx, `SELECT t.report_id, t.dated FROM actor_terms t WHERE t.term = ?
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', ?))
			ORDER BY t.dated DESC LIMIT ?`, t, scope, actorWindow)
		if err != nil {
			return nil, fmt.Errorf("store: actor index: %w", err)
		}
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.id, &c.dated); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[c.id] {
				seen[c.id] = true
				all = append(all, c)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dated > all[j].dated })
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.id
	}
	return ids, nil
}

// countWithTerm counts, up to countCap, the reports whose actors carry the
// rarest of the words.
func (s *Store) countWithTerm(ctx context.Context, scope string, terms []string) (int, error) {
	least := -1
	for _, t := range terms {
		var n int
		err := s.queryRow(ctx, `SELECT COUNT(DISTINCT report_id) FROM (SELECT t.report_id FROM actor_terms t WHERE t.term = ?
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', ?)) LIMIT ?)`, t, scope, countCap)(&n)
		if err != nil {
			return 0, fmt.Errorf("store: count actor: %w", err)
		}
		if least < 0 || n < least {
			least = n
		}
	}
	return least, nil
}

// searchRows is how many matching sentences Search ranks.
const searchRows = 200

// Search ranks sentences by BM25 over their words (FTS5) and returns the
// briefings of the best, best first.
func (s *Store) Search(ctx context.Context, scope, text string, limit int) ([]bot.Entry, error) {
	match := ftsMatch(bot.SearchWords(text))
	if match == "" {
		return nil, nil
	}
	rows, err := s.query(ctx, `SELECT f.report_id FROM (SELECT report_id, rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?) f
		WHERE EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = f.report_id AND sc.scope IN ('', ?)) ORDER BY f.rank`, match, searchRows, scope)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	var ids []string
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		if !seen[id] && len(ids) < limit {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	out := make([]bot.Entry, 0, len(ids))
	for _, id := range ids {
		e, err := s.Entry(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ActorNames offers names of actors with a word starting with prefix, one
// index seek per name: after each name it seeks past all of that name's rows.
func (s *Store) ActorNames(ctx context.Context, scope, prefix string, limit int) ([]string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return s.recentNames(ctx, scope, limit)
	}
	var out []string
	seen := map[string]bool{}
	term, actor := prefix, ""
	for len(out) < limit {
		err := s.queryRow(ctx, `SELECT t.term, t.actor FROM actor_terms t INDEXED BY actor_terms_names
			WHERE t.term >= ?1 AND t.term < ?2 AND (t.term > ?1 OR t.actor > ?3)
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', ?4))
			ORDER BY t.term, t.actor LIMIT 1`, term, prefix+"\uffff", actor, scope)(&term, &actor)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("store: actor names: %w", err)
		}
		if !seen[actor] {
			seen[actor] = true
			out = append(out, actor)
		}
	}
	return out, nil
}

// recentNames are the people and bodies of the newest briefing, for an
// autocomplete with nothing typed yet.
func (s *Store) recentNames(ctx context.Context, scope string, limit int) ([]string, error) {
	e, err := s.Pick(ctx, scope, "")
	if errors.Is(err, bot.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range e.Briefing.Actors {
		if len(out) < limit && a.Kind != briefings.Place {
			out = append(out, a.Name)
		}
	}
	return out, nil
}
