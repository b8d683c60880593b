package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/lookup"
)

// Entry is a stored report with its briefing.
type Entry struct {
	ID        string // short id: the first hex digits of the text's hash
	Title     string
	Source    string // file, URL or feed it came from
	Sources   []string
	Published time.Time
	Added     time.Time
	Briefing  *brief.Briefing
}

// dated is the report's own date, or when it came when it gives none: what
// "newest first" orders by.
func (e Entry) dated() time.Time {
	if e.Published.IsZero() {
		return e.Added
	}
	return e.Published
}

// Report is a text to store and brief, with where it came from.
type Report struct {
	Source    string // file path, page URL or feed name
	Scope     string // SharedScope, or the chat it was added from
	URL       string // canonical URL, if it came from the web
	Title     string // overrides the analysed headline when set
	Published time.Time
	Text      []byte
}

// Library is where the router finds briefings. Every method is one bounded
// look-up, never a walk over the whole library: the SQLite store answers
// from its indexes, the in-memory library (the console's single report, and
// tests) by scanning what it holds.
type Library interface {
	// Recent lists up to limit briefings a scope sees (the shared ones and
	// its own), newest first, from offset, and how many it sees in all.
	// Their Briefing is nil: a list needs no analysis.
	Recent(ctx context.Context, scope string, offset, limit int) (page []Entry, total int, err error)
	// Pick returns one briefing by short id or by words of its title; ""
	// is the newest. ErrNotFound when nothing matches.
	Pick(ctx context.Context, scope, arg string) (Entry, error)
	// WithActor lists the newest briefings, at most limit, with an actor
	// the query names, and whether older ones have the actor too.
	WithActor(ctx context.Context, scope, query string, limit int) (found []Entry, more bool, err error)
	// Search returns up to limit briefings whose sentences best match the
	// words of text, best first.
	Search(ctx context.Context, scope, text string, limit int) ([]Entry, error)
	// ActorNames offers up to limit names of actors with a name word
	// starting with prefix, for autocomplete.
	ActorNames(ctx context.Context, scope, prefix string, limit int) ([]string, error)
}

// ErrDuplicate says a report was already there.
var ErrDuplicate = errors.New("the same report is already stored")

// ContentHash is the SHA-256 of a text with its spacing and line endings
// normalised, so the same report saved twice hashes alike.
func ContentHash(text []byte) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(string(text)), " ")))
	return hex.EncodeToString(sum[:])
}

// ShortID is the id people type: the first 8 hex digits of ContentHash.
func ShortID(text []byte) string { return ContentHash(text)[:8] }

// Memory is a Library held in memory, for the console and for tests.
type Memory struct {
	mu      sync.RWMutex
	entries []Entry
	ids     map[string]string // ContentHash of a text → its entry's id
	an      brief.Analyzer
	now     func() time.Time
}

// NewMemory returns an empty library whose reports an analyses.
func NewMemory(an brief.Analyzer, now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{an: an, now: now, ids: map[string]string{}}
}

// Add analyses a report and keeps it. The same text twice is kept once.
func (m *Memory) Add(ctx context.Context, source string, text []byte, published time.Time) (Entry, error) {
	hash := ContentHash(text)
	m.mu.RLock()
	id, seen := m.ids[hash]
	m.mu.RUnlock()
	if seen {
		for _, e := range m.all() {
			if e.ID == id {
				return e, ErrDuplicate
			}
		}
	}
	b, err := m.an.Analyze(text)
	if err != nil {
		return Entry{}, fmt.Errorf("analyse %s: %w", source, err)
	}
	now := m.now()
	e := Entry{Title: TitleOf(b), Source: source, Sources: []string{source}, Published: published, Added: now, Briefing: b}
	m.mu.Lock()
	defer m.mu.Unlock()
	e.ID = m.freeID(hash)
	m.ids[hash] = e.ID
	m.entries = append(m.entries, e)
	sort.SliceStable(m.entries, func(i, j int) bool { return m.entries[i].dated().After(m.entries[j].dated()) })
	return e, nil
}

var _ Library = (*Memory)(nil)

// all returns what the library holds, newest first. Everything in memory is shared.
func (m *Memory) all() []Entry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]Entry(nil), m.entries...)
}

// freeID is the first 8 hex digits of hash, or more when another text's
// id has them, as the SQLite store does.
func (m *Memory) freeID(hash string) string {
	taken := map[string]bool{}
	for _, id := range m.ids {
		taken[id] = true
	}
	for n := 8; n < len(hash); n += 2 {
		if !taken[hash[:n]] {
			return hash[:n]
		}
	}
	return hash
}

// Recent lists a page of briefings, newest first.
func (m *Memory) Recent(_ context.Context, _ string, offset, limit int) ([]Entry, int, error) {
	es := m.all()
	if offset >= len(es) {
		return nil, len(es), nil
	}
	page := es[offset:min(len(es), offset+limit)]
	out := make([]Entry, len(page))
	for i, e := range page {
		e.Briefing = nil
		out[i] = e
	}
	return out, len(es), nil
}

// Pick finds a briefing by id or title words.
func (m *Memory) Pick(_ context.Context, _ string, arg string) (Entry, error) {
	if e, ok := pickEntry(m.all(), arg); ok {
		return e, nil
	}
	return Entry{}, ErrNotFound
}

// WithActor asks every briefing for the actor.
func (m *Memory) WithActor(_ context.Context, _ string, query string, limit int) ([]Entry, bool, error) {
	var found []Entry
	for _, e := range m.all() {
		if lookup.FindActor(e.Briefing, query) == nil {
			continue
		}
		if len(found) == limit {
			return found, true, nil
		}
		found = append(found, e)
	}
	return found, false, nil
}

// Search returns the newest briefings that share a word with text.
func (m *Memory) Search(_ context.Context, _ string, text string, limit int) ([]Entry, error) {
	want := map[string]bool{}
	for _, t := range lookup.Terms(text) {
		want[t] = true
	}
	var out []Entry
	for _, e := range m.all() {
		if len(out) == limit {
			break
		}
		if sharesTerm(e.Briefing, want) {
			out = append(out, e)
		}
	}
	return out, nil
}

func sharesTerm(b *brief.Briefing, want map[string]bool) bool {
	for _, s := range b.Sentences {
		for _, t := range lookup.Terms(s.Text) {
			if want[t] {
				return true
			}
		}
	}
	return false
}

// ActorNames lists the names with a word starting with prefix.
func (m *Memory) ActorNames(_ context.Context, _ string, prefix string, limit int) ([]string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	seen := map[string]bool{}
	var out []string
	for _, e := range m.all() {
		for i := range e.Briefing.Actors {
			a := &e.Briefing.Actors[i]
			if len(out) == limit || seen[a.Name] || !hasWordPrefix(lookup.IndexTerms(a), prefix) {
				continue
			}
			seen[a.Name] = true
			out = append(out, a.Name)
		}
	}
	return out, nil
}

func hasWordPrefix(words []string, prefix string) bool {
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// pickEntry chooses a briefing by short id or by words of its title; "" is
// the newest.
func pickEntry(entries []Entry, arg string) (Entry, bool) {
	arg = strings.TrimSpace(arg)
	if len(entries) == 0 {
		return Entry{}, false
	}
	if arg == "" {
		return entries[0], true
	}
	if e, ok := byID(entries, arg); ok {
		return e, true
	}
	words := strings.Fields(strings.ToLower(arg))
	best, bestScore := -1, 0
	for i, e := range entries {
		if score := TitleScore(e.Title, words); score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 && bestScore*2 >= len(words) {
		return entries[best], true
	}
	return Entry{}, false
}

// TitleScore counts the words found in a title: a title picked by words
// must hold at least half of them.
func TitleScore(title string, words []string) int {
	title = strings.ToLower(title)
	score := 0
	for _, w := range words {
		if strings.Contains(title, w) {
			score++
		}
	}
	return score
}

func byID(entries []Entry, id string) (Entry, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if !LooksLikeID(id) {
		return Entry{}, false
	}
	for _, e := range entries {
		if strings.HasPrefix(e.ID, id) {
			return e, true
		}
	}
	return Entry{}, false
}

// LooksLikeID says whether s could be a short id or its start: at least four
// hex digits.
func LooksLikeID(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// TitleOf is what a briefing is listed by when its report brings no title:
// its headline, else the start of its first sentence.
func TitleOf(b *brief.Briefing) string {
	if b.Title == "" && len(b.Sentences) > 0 {
		return ShortText(b.Sentences[0].Text, 80)
	}
	return b.Title
}

// ShortText cuts s to at most n runes at a word boundary, marking the cut.
func ShortText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
