package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/brief"
)

// asker answers questions from the few briefings the library offers
// (Library.Search) with the Answerer it was given, and turns what it found,
// or did not, into a reply. It keeps nothing between questions.
type asker struct {
	answerer brief.Answerer // nil: this bot answers no questions
	log      *slog.Logger
}

// askWords carry no topic of their own: the library is not searched for them.
var askWords = map[string]bool{
	"what": true, "who": true, "whom": true, "why": true, "how": true, "when": true, "where": true, "which": true,
	"did": true, "does": true, "do": true, "is": true, "are": true, "was": true, "were": true, "tell": true, "about": true,
	"the": true, "a": true, "an": true, "me": true, "say": true, "said": true, "think": true,
}

func (a *asker) ask(ctx context.Context, entries []Entry, question string) Reply {
	question = strings.TrimSpace(question)
	if question == "" {
		return Errorf("Ask what?", "Usage: /ask <question>, for example /ask what did Macron argue?")
	}
	if a.answerer == nil {
		return Errorf("Questions are off", "This bot was started without the answer finder; /brief, /positions and /quotes still work.")
	}
	sources := make([]brief.AskSource, len(entries))
	for i, e := range entries {
		sources[i] = brief.AskSource{Label: e.Title + " (" + e.ID + ")", Briefing: e.Briefing}
	}
	res, err := a.answerer.Answer(ctx, sources, question)
	if err != nil {
		a.log.Error("answering a question", "err", err)
		return Errorf("Cannot answer now", "The question could not be answered; the operator's log says why.")
	}
	if !res.Answered() {
		return declined(res, sources)
	}
	r := Reply{Title: "From the briefings"}
	if len(question) <= maxEchoedQuestion {
		r.Title += ": " + question
	}
	var items []Item
	for _, l := range res.Lines {
		it := Item{Text: l.Text, Mark: l.Mark, Cite: fmt.Sprintf("s%d", l.Sentence)}
		if len(sources) > 1 {
			it.Note = sources[l.Source].Label
		}
		items = append(items, it)
	}
	r.Blocks = []Block{{Items: items}}
	r.Footer = "Only what the reports say, with the sentence each line comes from."
	if len(sources) == 1 {
		r.Footer = "From " + sources[0].Label + ", with the sentence each line comes from."
	}
	return r
}

// maxEchoedQuestion is the longest question repeated in an answer's
// title; a longer one would crowd out the answer.
const maxEchoedQuestion = 80

// declined says plainly that the briefings do not answer, and, when one
// sentence came close, what they do say.
func declined(res brief.Answer, sources []brief.AskSource) Reply {
	r := notCovered()
	if n := res.Nearest; n != nil {
		it := Item{Text: n.Text, Cite: fmt.Sprintf("s%d", n.Sentence)}
		if len(sources) > 1 {
			it.Note = sources[n.Source].Label
		}
		r.Blocks = []Block{{Text: "The briefings do not cover this. The nearest they come:", Items: []Item{it}}}
		if res.NotSaid != "" {
			r.Footer = "They do not say " + res.NotSaid + "."
		}
	}
	return r
}

// SearchWords are the words of a question worth looking up: lower-cased,
// without the question's own words.
func SearchWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 1 && !askWords[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func notCovered() Reply {
	return Reply{Title: "Not in the briefings", Blocks: []Block{{Text: "The briefings do not cover this. Try /briefings to see what they are about."}}}
}
