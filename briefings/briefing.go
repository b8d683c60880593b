// Package briefings turns the text of a report on a meeting into a grounded
// briefing: key points, actors, their positions, what others say about them,
// and direct quotes, each tied to the sentences it rests on.
//
// The package is pure: text in, briefing out. It knows nothing of chats or storage.
package briefings

import (
	"errors"
	"fmt"

	"github.com/briefbot/briefbot/brief"
)

// Version identifies the analyser. Stored briefings made by another version are
// analysed again.
const Version = "2026.12.82"

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

// The analyser speaks the domain's types under their own names.
type (
	Briefing = brief.Briefing
	Sentence = brief.Sentence
	KeyPoint = brief.KeyPoint
	Actor    = brief.Actor
	Position = brief.Position
	About    = brief.About
	Quote    = brief.Quote
	Source   = brief.Source
)

// Actor kinds.
const (
	Person       = brief.Person
	Organization = brief.Organization
	Place        = brief.Place
	Group        = brief.Group
)

// Analyzer is the briefing core as the brief.Analyzer the stores and the
// bot are given.
type Analyzer struct{ Options Options }

var _ brief.Analyzer = Analyzer{}

// Analyze analyses a report with the analyser's options.
func (a Analyzer) Analyze(text []byte) (*Briefing, error) { return Analyze(text, a.Options) }

// Version is the analyser's Version.
func (Analyzer) Version() string { return Version }
