package brief

import "context"

// An Answerer finds what briefings say in answer to a question. The bot
// asks one for /ask; package briefings/answer is the one main wires in.
type Answerer interface {
	Answer(ctx context.Context, sources []AskSource, question string) (Answer, error)
}

// AskSource is one briefing a question is asked of.
type AskSource struct {
	Label    string // how a reply names it: title and id
	Briefing *Briefing
}

// Answer is what an Answerer found: the lines that answer, or none and,
// when one sentence came close, that sentence.
type Answer struct {
	Lines   []AnswerLine
	Nearest *AnswerLine
	NotSaid string // what the question asked for that the nearest sentence does not say, or ""
}

// Answered says whether the briefings answer the question.
func (a Answer) Answered() bool { return len(a.Lines) > 0 }

// AnswerLine is one sentence of an answer, with the part that answers it.
type AnswerLine struct {
	Source   int // index into the sources
	Sentence int
	Text     string
	Mark     string // a substring of Text to emphasise; "" for none
}
