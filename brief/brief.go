// Package brief holds the domain of briefbot: a Briefing and what it is
// made of (key points, actors, positions, what others say about them,
// quotes, sources), and the Analyzer that makes one from a report's text.
//
// It imports nothing but the standard library, so the analyser
// (briefings), the stores and the bot all speak it without depending on
// one another.
package brief

import "sync"

// An Analyzer turns the text of a report into a briefing. A stored
// briefing whose Analyzer field is not the analyser's Version is stale:
// stores analyse its report again.
type Analyzer interface {
	Analyze(text []byte) (*Briefing, error)
	Version() string
}

// Briefing is what a report says, organised for people who were not in the room.
type Briefing struct {
	Title     string     `json:"title"`
	Byline    []string   `json:"byline"`
	Dateline  string     `json:"dateline"`
	Sentences []Sentence `json:"sentences"`
	KeyPoints []KeyPoint `json:"key_points"`
	Actors    []Actor    `json:"actors"`
	Positions []Position `json:"positions"`
	About     []About    `json:"about"`
	Quotes    []Quote    `json:"quotes"`
	Sources   []Source   `json:"sources"`
	Analyzer  string     `json:"analyzer"` // the Version of the analyser that made it

	memo sync.Map // what readers derived from the briefing, by key (see Memo)
}

// Memo returns build's value for key, building it once. A briefing is not
// changed once made, so what a reader derives from it (the folded names a
// lookup compares) stays true, and is kept with the briefing, and goes
// with it.
func (b *Briefing) Memo(key any, build func() any) any {
	if v, ok := b.memo.Load(key); ok {
		return v
	}
	v, _ := b.memo.LoadOrStore(key, build())
	return v
}

// Sentence is one sentence of the report's body, numbered from 0.
type Sentence struct {
	I    int    `json:"i"`
	Text string `json:"text"`
}

// KeyPoint is one of the report's most central sentences, best first.
type KeyPoint struct {
	Text      string `json:"text"`
	Sentences []int  `json:"sentences"`
}

// Actor kinds.
const (
	Person       = "person"
	Organization = "organization"
	Place        = "place"
	Group        = "group"
)

// Actor is a person, organisation, place or group the report mentions.
type Actor struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Role     string   `json:"role"`
	Country  string   `json:"country,omitempty"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
}

// Position is something an actor wants, said, believes or did, as reported.
type Position struct {
	Actor       string `json:"actor"`
	Text        string `json:"text"`
	Sentences   []int  `json:"sentences"`
	Attribution string `json:"attribution"`
	Verb        string `json:"verb"`
	Rule        string `json:"rule,omitempty"` // the rule that found it, as `briefbot explain` shows
}

// About is a claim others make about an actor: not the actor's own position.
type About struct {
	Actor     string `json:"actor"`
	Text      string `json:"text"`
	Sentences []int  `json:"sentences"`
	By        string `json:"by"`
	Rule      string `json:"rule,omitempty"`
}

// Quote is a direct quotation, whole or partial.
type Quote struct {
	Text     string `json:"text"`
	Speaker  string `json:"speaker"`
	Actor    string `json:"actor"`
	About    string `json:"about"`
	Sentence int    `json:"sentence"`
	Rule     string `json:"rule,omitempty"` // how its speaker was found
}

// Source is who the report relies on: "two sources familiar with the talks".
type Source struct {
	Text      string `json:"text"`
	Sentences []int  `json:"sentences"`
}

// PositionsOf returns the actor's own positions in report order.
func (b *Briefing) PositionsOf(id string) []Position {
	var out []Position
	for _, p := range b.Positions {
		if p.Actor == id {
			out = append(out, p)
		}
	}
	return out
}

// AboutOf returns what others say about the actor.
func (b *Briefing) AboutOf(id string) []About {
	var out []About
	for _, a := range b.About {
		if a.Actor == id {
			out = append(out, a)
		}
	}
	return out
}

// SentenceText returns the text of sentence i, or "".
func (b *Briefing) SentenceText(i int) string {
	if i < 0 || i >= len(b.Sentences) {
		return ""
	}
	return b.Sentences[i].Text
}
