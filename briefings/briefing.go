// Package briefings turns the text of a report on a meeting into a grounded
// briefing: key points, actors, their positions, what others say about them,
// and direct quotes, each tied to the sentences it rests on.
//
// The package is pure: text in, briefing out. It knows nothing of chats or storage.
package briefings

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// Version identifies the analyser. Stored briefings made by another version are
// analysed again.
const Version = "2026.12.29"

// DefaultMaxBytes is the largest report Analyze accepts unless told otherwise.
const DefaultMaxBytes = 5 << 20

// Errors returned by Analyze; test them with errors.Is.
var (
	ErrEmpty    = errors.New("the report is empty")
	ErrBinary   = errors.New("the report is not text (binary data or invalid UTF-8)")
	ErrTooLarge = errors.New("the report is too large")
)

// TooLargeError names the limit a report went over.
type TooLargeError struct {
	Size, Limit int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the report is %d bytes, over the limit of %d bytes (BRIEFBOT_MAX_DOC_BYTES)", e.Size, e.Limit)
}

func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

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
	Analyzer  string     `json:"analyzer"`

	names atomic.Pointer[[]actorNames] // folded names for FindActor, built once
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
