package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/lookup"
	"github.com/briefbot/briefbot/store"
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
	es, err := s.entries(ctx, []string{id})
	if err != nil {
		return bot.Entry{}, err
	}
	if len(es) == 0 {
		return bot.Entry{}, bot.ErrNotFound
	}
	return es[0], nil
}

// entries loads reports by id, in the order given, in one query.
func (s *Store) entries(ctx context.Context, ids []string) ([]bot.Entry, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	es, err := s.scanEntries(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	at := map[string]int{}
	for i, id := range ids {
		at[id] = i
	}
	sort.Slice(es, func(i, j int) bool { return at[es[i].ID] < at[es[j].ID] })
	return es, nil
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
const titleCandidates = 100

func (s *Store) pickByTitle(ctx context.Context, scope, arg string) (bot.Entry, error) {
	words := strings.Fields(arg)
	rare, err := s.rarest(ctx, "titles_fts", store.SearchTerms(arg), 1)
	if err != nil {
		return bot.Entry{}, err
	}
	if len(rare) == 0 {
		return bot.Entry{}, bot.ErrNotFound
	}
	// The newest titles holding the rarest word; of those, the one holding
	// most of the words. One word's list read newest first stops at the
	// limit, where an AND of common words reads every list through.
	rows, err := s.query(ctx, `SELECT r.id, r.title FROM reports r WHERE r.rowid IN (SELECT f.rowid FROM titles_fts f WHERE titles_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?)
		AND `+inScope+` ORDER BY `+newestFirst, `terms:"`+rare[0].term+`"`, titleCandidates, scope)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	defer rows.Close()
	best, bestScore := "", 0
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
		}
		if score := bot.TitleScore(title, words); score > bestScore {
			best, bestScore = id, score
		}
	}
	if err := rows.Err(); err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	if best == "" || bestScore*2 < len(words) {
		return bot.Entry{}, bot.ErrNotFound
	}
	rows.Close()
	return s.Entry(ctx, best)
}

// actorWindow is the fewest index rows per name word WithActor reads,
// newest first (four per briefing asked for, when more); fallbackWindow how many of the newest briefings it asks directly
// when the index has nothing (a typo, a description) .
const (
	actorWindow    = 16
	fallbackWindow = 32
)

// WithActor lists the newest briefings with an actor the query names: the
// actor index gives the briefings whose actors carry the query's name words,
// and FindActor, the same matching as within one briefing, confirms them.
func (s *Store) WithActor(ctx context.Context, scope, query string, limit int) ([]bot.Entry, bool, error) {
	terms := lookup.QueryTerms(query)
	ids, err := s.actorCandidates(ctx, scope, terms, max(actorWindow, 4*(limit+1)))
	if err != nil {
		return nil, false, err
	}
	if len(ids) == 0 {
		recent, _, err := s.Recent(ctx, scope, 0, fallbackWindow)
		if err != nil {
			return nil, false, err
		}
		for _, e := range recent {
			ids = append(ids, e.ID)
		}
	}
	confirmed, err := store.ConfirmActor(ctx, ids, query, limit, s.briefing)
	if err != nil {
		return nil, false, err
	}
	more := len(confirmed) > limit
	found, err := s.entries(ctx, confirmed[:min(len(confirmed), limit)])
	return found, more, err
}

// actorCandidates merges the newest reports of each name word, newest first.
func (s *Store) actorCandidates(ctx context.Context, scope string, terms []string, window int) ([]string, error) {
	type cand struct {
		id    string
		dated int64
	}
	seen := map[string]bool{}
	var all []cand
	for _, t := range terms {
		rows, err := s.query(ctx, `SELECT t.report_id, t.dated FROM actor_terms t WHERE t.term = ?
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', ?))
			ORDER BY t.dated DESC LIMIT ?`, t, scope, window)
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

// Search bounds: the rarest searchTerms words of a question are looked up,
// and the newest searchRows sentences holding each.
const (
	searchTerms = 3
	searchRows  = 200
)

// Search finds the briefings worth asking a question. Each of its words is
// probed for how many sentences hold it (up to probeCap); the
// newest sentences holding each of the rarest few are read, and a briefing
// scores the inverse document frequency of every word its sentences held.
// A common word costs no more than a rare one: its rows are read newest
// first, a bounded few.
func (s *Store) Search(ctx context.Context, scope, text string, limit int) ([]bot.Entry, error) {
	words, err := s.rarest(ctx, "sentences_fts", store.SearchTerms(strings.Join(bot.SearchWords(text), " ")), searchTerms)
	if err != nil {
		return nil, err
	}
	// A sentence's row id holds its report's (reports.rowid*sentenceSlots +
	// sentence), so the rows are read from the index alone.
	score := map[int64]float64{}
	var order []int64 // first seen, newest first within the rarest word
	for _, w := range words {
		idf := math.Log(1 + 1e6/float64(w.docs))
		held := map[int64]bool{}
		rows, err := s.query(ctx, `SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
			`terms:"`+w.term+`"`, searchRows)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		for rows.Next() {
			var rowid int64
			if err := rows.Scan(&rowid); err != nil {
				rows.Close()
				return nil, err
			}
			report := rowid / sentenceSlots
			if _, ok := score[report]; !ok {
				order = append(order, report)
			}
			if !held[report] {
				held[report] = true
				score[report] += idf
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return score[order[i]] > score[order[j]] })
	out := make([]bot.Entry, 0, limit)
	for _, report := range order {
		if len(out) == limit {
			break
		}
		rows, err := s.query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.rowid = ? AND `+inScope, report, scope)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		es, err := s.scanEntries(ctx, rows)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		out = append(out, es...)
	}
	return out, nil
}

type termDocs struct {
	term string
	docs int
}

// rarest returns up to searchTerms of the terms an FTS table holds, rarest
// first, by their probe counts.
func (s *Store) rarest(ctx context.Context, table string, terms []string, n int) ([]termDocs, error) {
	var out []termDocs
	for _, t := range terms {
		docs, err := s.probe(ctx, table, t)
		if err != nil {
			return nil, err
		}
		if docs > 0 {
			out = append(out, termDocs{t, docs})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].docs < out[j].docs })
	return out[:min(len(out), n)], nil
}

// probeCap bounds probe: a word in more rows than this is common, and how
// common no longer matters.
const probeCap = 2000

// probe counts the rows holding a term, up to probeCap: reading the start
// of its list costs the same however long the list is, where the FTS
// vocabulary table reads all of it.
func (s *Store) probe(ctx context.Context, table, term string) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT rowid FROM `+table+` WHERE `+table+` MATCH ? LIMIT ?)`, `terms:"`+term+`"`, probeCap)(&n)
	if err != nil {
		return 0, fmt.Errorf("store: probe %s: %w", table, err)
	}
	return n, nil
}

// ActorNames offers names of actors with a word starting with prefix, one
// index seek per name: after each name it seeks past all of that name's rows.
func (s *Store) ActorNames(ctx context.Context, scope, prefix string, limit int) ([]string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return s.recentNames(ctx, scope, limit)
	}
	var out []string
	term, actor := prefix, "" // every row of the prefix sorts after (prefix, "")
	for len(out) < limit {
		next, name, err := s.nextName(ctx, scope, prefix, term, actor)
		if err != nil {
			return nil, err
		}
		if name == "" {
			break
		}
		if len(out) == 0 || out[len(out)-1] != name {
			out = append(out, name)
		}
		term, actor = next, name
	}
	return dedupeNames(out), nil
}

// nextName is the first (term, actor) of the prefix after (term, actor):
// first a later actor of the same term, else the first of a later term. Two
// plain seeks: SQLite reads a row-value range by its first column only, so
// one query would walk every row of a name that many briefings share.
func (s *Store) nextName(ctx context.Context, scope, prefix, term, actor string) (string, string, error) {
	const inScopeT = `AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', ?))`
	var next, name string
	err := s.queryRow(ctx, `SELECT t.term, t.actor FROM actor_terms t INDEXED BY actor_terms_names
		WHERE t.term = ? AND t.actor > ? `+inScopeT+` ORDER BY t.actor LIMIT 1`, term, actor, scope)(&next, &name)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.queryRow(ctx, `SELECT t.term, t.actor FROM actor_terms t INDEXED BY actor_terms_names
			WHERE t.term > ? AND t.term < ? `+inScopeT+` ORDER BY t.term, t.actor LIMIT 1`, term, prefix+"\uffff", scope)(&next, &name)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("store: actor names: %w", err)
	}
	return next, name, nil
}

// dedupeNames keeps the first of each name: one actor has several name words.
func dedupeNames(names []string) []string {
	seen := map[string]bool{}
	out := names[:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
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
	return store.NamesOf(e.Briefing, limit), nil
}
