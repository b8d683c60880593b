package briefings

import (
	"fmt"
	"io"
	"strings"

	"github.com/briefbot/briefbot/lookup"
)

// Explanation is a briefing with the workings behind it, sentence by
// sentence: the parse, the mentions and whom they were taken to mean, and
// each claim with the rule that made it. `briefbot explain` prints it.
type Explanation struct {
	Briefing  *Briefing
	Sentences []ExplainedSentence
}

// ExplainedSentence is one body sentence and what the analysis made of it.
type ExplainedSentence struct {
	I        int
	Text     string
	Speaker  string // the transcript label it falls under
	Reporter string // who the sentence says reported it
	Words    []ParsedWord
	Mentions []ExplainedMention
	// The claims made from this sentence (each records its rule).
	Positions []Position
	About     []About
	Quotes    []Quote
}

// ParsedWord is one word of the parse: its head is a 1-based word number, 0
// for the root, as in CoNLL-U.
type ParsedWord struct {
	Form, UPOS, Lemma, Rel string
	Head                   int
}

// ExplainedMention is a stretch of words taken to mean an actor (or no one).
type ExplainedMention struct {
	Text  string
	How   string // by name, description, pronoun or group
	Role  string // subject, object, possessor, after a preposition
	Actor string // the actor's name, "" when unresolved
}

var (
	mentionKinds = [...]string{byName: "name", byDescription: "description", byPronoun: "pronoun", byGroup: "group"}
	mentionRoles = [...]string{roleObject: "object", roleSubject: "subject", rolePossessor: "possessor", rolePrepObject: "after a preposition"}
)

// Explain analyses a report as Analyze does and keeps the workings.
func Explain(text []byte, opt Options) (*Explanation, error) {
	a, b, err := analyze(text, opt)
	if err != nil {
		return nil, err
	}
	x := &Explanation{Briefing: b}
	names := map[string]string{}
	for _, act := range b.Actors {
		names[act.ID] = act.Name
	}
	for _, s := range a.sents {
		es := ExplainedSentence{I: s.idx, Text: s.text, Reporter: s.reporter, Words: parsedWords(s.tree)}
		if s.label != "" {
			es.Speaker = s.label
		}
		for _, m := range s.mentions {
			es.Mentions = append(es.Mentions, a.explainMention(s, m))
		}
		x.Sentences = append(x.Sentences, es)
	}
	for _, p := range b.Positions {
		p.Actor = names[p.Actor]
		x.Sentences[p.Sentences[0]].Positions = append(x.Sentences[p.Sentences[0]].Positions, p)
	}
	for _, ab := range b.About {
		ab.Actor = names[ab.Actor]
		x.Sentences[ab.Sentences[0]].About = append(x.Sentences[ab.Sentences[0]].About, ab)
	}
	for _, q := range b.Quotes {
		x.Sentences[q.Sentence].Quotes = append(x.Sentences[q.Sentence].Quotes, q)
	}
	return x, nil
}

func parsedWords(t *tree) []ParsedWord {
	if t == nil {
		return nil
	}
	out := make([]ParsedWord, len(t.words))
	for i := range t.words {
		out[i] = ParsedWord{Form: t.words[i], UPOS: t.upos[i], Lemma: t.lemmas[i], Rel: t.labels[i], Head: t.heads[i] + 1}
	}
	return out
}

func (a *analyzer) explainMention(s *sent, m mention) ExplainedMention {
	em := ExplainedMention{Text: spanText(s, m.start, m.end), How: mentionKinds[m.kind], Role: mentionRoles[m.role]}
	if em.Text == "" {
		em.Text = joinText(s.toks[m.start:m.end]) // a name in brackets, which spanText leaves out as an aside
	}
	if m.pronoun != "" {
		em.Text = m.pronoun
	}
	switch {
	case m.actor >= 0:
		em.Actor = a.reg.actors[m.actor].Name
	case len(m.members) > 0:
		em.Actor = a.names(m.members)
	}
	return em
}

// Only keeps the sentences that mention the actor a query names, or hold
// a claim of theirs; false when the briefing has no such actor.
func (x *Explanation) Only(query string) bool {
	act := lookup.FindActor(x.Briefing, query)
	if act == nil {
		return false
	}
	var kept []ExplainedSentence
	for _, s := range x.Sentences {
		if s.concerns(act.Name) {
			kept = append(kept, s)
		}
	}
	x.Sentences = kept
	return true
}

func (s ExplainedSentence) concerns(name string) bool {
	for _, m := range s.Mentions {
		if m.Actor == name || strings.Contains(m.Actor, name) {
			return true
		}
	}
	for _, p := range s.Positions {
		if p.Actor == name {
			return true
		}
	}
	for _, ab := range s.About {
		if ab.Actor == name {
			return true
		}
	}
	return false
}

// WriteText prints the explanation for people: per sentence its text, the
// parse as an indented list of words (word, tag, relation → head), the
// mentions, then the claims with their rules.
func (x *Explanation) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	for _, s := range x.Sentences {
		ew.printf("[s%d] %s\n", s.I, s.Text)
		if s.Speaker != "" {
			ew.printf("  speaker label: %s\n", s.Speaker)
		}
		if s.Reporter != "" {
			ew.printf("  reported by: %s\n", s.Reporter)
		}
		if len(s.Words) > 0 {
			ew.printf("  parse:\n")
			for i, pw := range s.Words {
				head := "root"
				if pw.Head > 0 {
					head = fmt.Sprintf("%d %s", pw.Head, s.Words[pw.Head-1].Form)
				}
				ew.printf("    %2d %-16s %-5s %-12s → %s\n", i+1, pw.Form, pw.UPOS, pw.Rel, head)
			}
		}
		for _, m := range s.Mentions {
			who := m.Actor
			if who == "" {
				who = "(no actor)"
			}
			ew.printf("  mention %q (%s, %s) → %s\n", m.Text, m.How, m.Role, who)
		}
		for _, p := range s.Positions {
			ew.printf("  position of %s: %q\n    rule: %s%s\n", p.Actor, p.Text, p.Rule, attributed(p.Attribution))
		}
		for _, ab := range s.About {
			ew.printf("  about %s, by %s: %q\n    rule: %s\n", ab.Actor, orNoOne(ab.By), ab.Text, ab.Rule)
		}
		for _, q := range s.Quotes {
			ew.printf("  quote by %s: %q\n    rule: %s\n", q.Speaker, q.Text, q.Rule)
		}
		ew.printf("\n")
	}
	return ew.err
}

func attributed(by string) string {
	if by == "" {
		return ""
	}
	return "; reported by " + by
}

func orNoOne(s string) string {
	if s == "" {
		return "no one named"
	}
	return s
}

// errWriter keeps the first write error, so printing needs no check per line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
