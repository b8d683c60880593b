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

	"github.com/briefbot/briefbot/briefings"
)

// Entry is a stored report with its briefing.
type Entry struct {
	ID        string // short id: the first hex digits of the text's hash
	Title     string
	Source    string // file, URL or feed it came from
	Sources   []string
	Published time.Time
	Added     time.Time
	Briefing  *briefings.Briefing
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

// Library is where the router finds briefings. The SQLite store and the
// in-memory library implement it.
type Library interface {
	// List returns the briefings a scope sees (the shared ones and its own),
	// newest first. Briefings are analysed once and cached; List never analyses.
	List(ctx context.Context, scope string) ([]Entry, error)
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
	opt     briefings.Options
	now     func() time.Time
}

// NewMemory returns an empty library; opt is passed to the analyser.
func NewMemory(opt briefings.Options, now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{opt: opt, now: now}
}

// Add analyses a report and keeps it. The same text twice is kept once.
func (m *Memory) Add(ctx context.Context, source string, text []byte, published time.Time) (Entry, error) {
	id := ShortID(text)
	m.mu.RLock()
	for _, e := range m.entries {
		if e.ID == id {
			m.mu.RUnlock()
			return e, ErrDuplicate
		}
	}
	m.mu.RUnlock()
	b, err := briefings.Analyze(text, m.opt)
	if err != nil {
		return Entry{}, fmt.Errorf("analyse %s: %w", source, err)
	}
	now := m.now()
	title := b.Title
	if title == "" && len(b.Sentences) > 0 {
		title = ShortText(b.Sentences[0].Text, 80)
	}
	e := Entry{ID: id, Title: title, Source: source, Sources: []string{source}, Published: published, Added: now, Briefing: b}
	m.mu.Lock()
	m.entries = append(m.entries, e)
	sort.SliceStable(m.entries, func(i, j int) bool { return m.entries[i].dated().After(m.entries[j].dated()) })
	m.mu.Unlock()
	return e, nil
}

// List returns the briefings, newest first. Everything in memory is shared.
func (m *Memory) List(ctx context.Context, _ string) ([]Entry, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]Entry(nil), m.entries...), nil
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
