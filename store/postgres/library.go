package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/lookup"
	"github.com/briefbot/briefbot/store"
)

// The library's queries read an index range bounded by a limit, as the
// SQLite store's do, so their cost does not grow with the library.

const entryColumns = `r.id, r.title, r.source, r.published, r.added,
	(SELECT string_agg(source, E'\n' ORDER BY seq) FROM report_sources WHERE report_id = r.id)`

const newestFirst = `r.dated DESC, r.added DESC`

// inScope keeps the reports a scope (the parameter named) sees: the shared
// ones and its own.
func inScope(param string) string {
	return `EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = r.id AND sc.scope IN ('', ` + param + `))`
}

// scanHeaders reads entries without their briefings.
func scanHeaders(rows pgx.Rows) ([]bot.Entry, error) {
	defer rows.Close()
	var out []bot.Entry
	for rows.Next() {
		var e bot.Entry
		var pub, added int64
		var sources *string
		if err := rows.Scan(&e.ID, &e.Title, &e.Source, &pub, &added, &sources); err != nil {
			return nil, err
		}
		e.Added = time.Unix(added, 0).UTC()
		if pub != 0 {
			e.Published = time.Unix(pub, 0).UTC()
		}
		e.Sources = []string{e.Source}
		if sources != nil {
			e.Sources = strings.Split(*sources, "\n")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanEntries reads entries with their briefings.
func (s *Store) scanEntries(ctx context.Context, rows pgx.Rows) ([]bot.Entry, error) {
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
	rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE `+inScope("$1")+` ORDER BY `+newestFirst+` LIMIT $2 OFFSET $3`, scope, limit, offset)
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

// count is how many reports a scope sees, from the counts the trigger keeps.
func (s *Store) count(ctx context.Context, scope string) (int, error) {
	var shared, own, both int
	err := s.pool.QueryRow(ctx, `SELECT
		COALESCE((SELECT n FROM scope_counts WHERE scope = ''), 0),
		COALESCE((SELECT n FROM scope_counts WHERE scope = $1 AND $1 <> ''), 0),
		(SELECT COUNT(*) FROM report_scopes a WHERE a.scope = $1 AND $1 <> ''
			AND EXISTS (SELECT 1 FROM report_scopes b WHERE b.scope = '' AND b.report_id = a.report_id))`, scope).Scan(&shared, &own, &both)
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
	rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r JOIN unnest($1::text[]) WITH ORDINALITY AS want(id, n) ON r.id = want.id ORDER BY want.n`, ids)
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	es, err := s.scanEntries(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	return es, nil
}

// Pick finds a briefing by short id, else by words of its title; "" is the
// newest.
func (s *Store) Pick(ctx context.Context, scope, arg string) (bot.Entry, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	var rows pgx.Rows
	var err error
	switch {
	case arg == "":
		rows, err = s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE `+inScope("$1")+` ORDER BY `+newestFirst+` LIMIT 1`, scope)
	case bot.LooksLikeID(arg):
		rows, err = s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.id >= $1 AND r.id < $2 AND `+inScope("$3")+` ORDER BY r.id LIMIT 1`,
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

// titleCandidates is how many titles holding the rarest word are weighed.
const titleCandidates = 100

// pickByTitle weighs the newest titles holding the rarest of the words for
// the one holding most of them.
func (s *Store) pickByTitle(ctx context.Context, scope, arg string) (bot.Entry, error) {
	words := strings.Fields(arg)
	rare, err := s.rarest(ctx, "title_terms", store.SearchTerms(arg), 1)
	if err != nil {
		return bot.Entry{}, err
	}
	if len(rare) == 0 {
		return bot.Entry{}, bot.ErrNotFound
	}
	rows, err := s.pool.Query(ctx, `SELECT r.id, r.title FROM reports r
		WHERE r.seq IN (SELECT seq FROM title_terms WHERE term = $1 ORDER BY seq DESC LIMIT $2)
		AND `+inScope("$3")+` ORDER BY `+newestFirst, rare[0].term, titleCandidates, scope)
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	best, bestScore := "", 0
	var id, title string
	_, err = pgx.ForEachRow(rows, []any{&id, &title}, func() error {
		if score := bot.TitleScore(title, words); score > bestScore {
			best, bestScore = id, score
		}
		return nil
	})
	if err != nil {
		return bot.Entry{}, fmt.Errorf("store: pick by title: %w", err)
	}
	if best == "" || bestScore*2 < len(words) {
		return bot.Entry{}, bot.ErrNotFound
	}
	return s.Entry(ctx, best)
}

// The windows of WithActor, as in the SQLite store.
const (
	actorWindow    = 16
	fallbackWindow = 32
)

// WithActor lists the newest briefings with an actor the query names: the
// actor index offers candidates, FindActor confirms them.
func (s *Store) WithActor(ctx context.Context, scope, query string, limit int) ([]bot.Entry, bool, error) {
	ids, err := s.actorCandidates(ctx, scope, lookup.QueryTerms(query), max(actorWindow, 4*(limit+1)))
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
	found, err := s.entries(ctx, confirmed[:min(len(confirmed), limit)])
	return found, len(confirmed) > limit, err
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
		rows, err := s.pool.Query(ctx, `SELECT t.report_id, t.dated FROM actor_terms t WHERE t.term = $1
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', $2))
			ORDER BY t.dated DESC LIMIT $3`, t, scope, window)
		if err != nil {
			return nil, fmt.Errorf("store: actor index: %w", err)
		}
		var c cand
		_, err = pgx.ForEachRow(rows, []any{&c.id, &c.dated}, func() error {
			if !seen[c.id] {
				seen[c.id] = true
				all = append(all, c)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: actor index: %w", err)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dated > all[j].dated })
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.id
	}
	return ids, nil
}

// Search bounds, as in the SQLite store.
const (
	searchTerms = 3
	searchRows  = 200
	probeCap    = 2000
)

// Search finds the briefings worth asking a question: the newest reports
// holding each of the question's rarest few terms, each report scoring the
// inverse document frequency of every term it held.
func (s *Store) Search(ctx context.Context, scope, text string, limit int) ([]bot.Entry, error) {
	words, err := s.rarest(ctx, "sentence_terms", store.SearchTerms(strings.Join(bot.SearchWords(text), " ")), searchTerms)
	if err != nil {
		return nil, err
	}
	score := map[int64]float64{}
	var order []int64
	for _, w := range words {
		idf := math.Log(1 + 1e6/float64(w.docs))
		rows, err := s.pool.Query(ctx, `SELECT seq FROM sentence_terms WHERE term = $1 ORDER BY seq DESC LIMIT $2`, w.term, searchRows)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		var seq int64
		_, err = pgx.ForEachRow(rows, []any{&seq}, func() error {
			if _, ok := score[seq]; !ok {
				order = append(order, seq)
			}
			score[seq] += idf
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return score[order[i]] > score[order[j]] })
	out := make([]bot.Entry, 0, limit)
	for _, seq := range order {
		if len(out) == limit {
			break
		}
		rows, err := s.pool.Query(ctx, `SELECT `+entryColumns+` FROM reports r WHERE r.seq = $1 AND `+inScope("$2"), seq, scope)
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

// rarest returns up to n of the terms a term table holds, rarest first,
// each counted up to probeCap.
func (s *Store) rarest(ctx context.Context, table string, terms []string, n int) ([]termDocs, error) {
	var out []termDocs
	for _, t := range terms {
		var docs int
		err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+table+` WHERE term = $1 LIMIT $2) AS x`, t, probeCap).Scan(&docs)
		if err != nil {
			return nil, fmt.Errorf("store: probe %s: %w", table, err)
		}
		if docs > 0 {
			out = append(out, termDocs{t, docs})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].docs < out[j].docs })
	return out[:min(len(out), n)], nil
}

// ActorNames offers names of actors with a word starting with prefix, one
// index seek per name.
func (s *Store) ActorNames(ctx context.Context, scope, prefix string, limit int) ([]string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return s.recentNames(ctx, scope, limit)
	}
	seen := map[string]bool{}
	var out []string
	term, actor := prefix, ""
	for len(out) < limit {
		err := s.pool.QueryRow(ctx, `SELECT t.term, t.actor FROM actor_terms t
			WHERE (t.term, t.actor) > ($1, $2) AND t.term < $3
			AND EXISTS (SELECT 1 FROM report_scopes sc WHERE sc.report_id = t.report_id AND sc.scope IN ('', $4))
			ORDER BY t.term, t.actor LIMIT 1`, term, actor, prefix+"\uffff", scope).Scan(&term, &actor)
		if errors.Is(err, pgx.ErrNoRows) {
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

// recentNames are the people and bodies of the newest briefing.
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
