package answer

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/briefings/nlp"
)

// Finder is the answer finder as a brief.Answerer, on the language models
// Models loads (nlp.Default when nil).
type Finder struct {
	Models func() (*nlp.Models, error)
}

var _ brief.Answerer = Finder{}

// Answer answers question from the sources.
func (f Finder) Answer(ctx context.Context, sources []brief.AskSource, question string) (brief.Answer, error) {
	load := f.Models
	if load == nil {
		load = nlp.Default
	}
	m, err := load()
	if err != nil {
		return brief.Answer{}, fmt.Errorf("answer: loading the language models: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return brief.Answer{}, err
	}
	src := make([]Source, len(sources))
	for i, s := range sources {
		src[i] = Source{Label: s.Label, Briefing: s.Briefing}
	}
	res := Find(m, src, question)
	out := brief.Answer{}
	for _, l := range res.Lines {
		out.Lines = append(out.Lines, l.brief())
	}
	if n := res.Nearest; n != nil {
		l := n.brief()
		out.Nearest = &l
		if res.Question.Kind != Open {
			out.NotSaid = res.Question.Focus
		}
	}
	return out, nil
}

func (l Line) brief() brief.AnswerLine {
	return brief.AnswerLine{Source: l.Source, Sentence: l.Sentence, Text: l.Text, Mark: l.Mark}
}
