// Package answer finds the sentence of a briefing that answers a question,
// and says plainly when none does.
//
// It runs in stages, each a function of the one before:
//
//	ParseQuestion: the question taken apart (kind, subject, predicate, terms)
//	resolve:       the question's people found among each briefing's actors
//	read:          each sentence as the set of word forms it can match
//	judge:         each sentence scored, and held to what the question needs
//	               (its subject, its verb, an answer of the asked kind)
//	Find:          the best one or two, or a decline with the nearest miss
//
// A sentence answers only when it has the kind of thing asked for: "how
// long" needs a duration, "who issued" a subject or agent of "issue" in the
// sentence's parse, "what did X say" one of X's own claims.
package answer

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/lexicon"
	"github.com/briefbot/briefbot/lookup"
)

// Source is one briefing the question is asked of.
type Source struct {
	Label    string // how a reply names it: title and id
	Briefing *brief.Briefing
}

// Line is one sentence of an answer, with the part that answers marked.
type Line struct {
	Source   int // index into the sources
	Sentence int
	Text     string
	Mark     string // a substring of Text to emphasise; "" for none
	Score    float64
}

// Result is what Find concluded: lines that answer, or none and, when a
// sentence came close, that sentence.
type Result struct {
	Question Question
	Lines    []Line
	Nearest  *Line
}

// Answered says whether the briefings answer the question.
func (r Result) Answered() bool { return len(r.Lines) > 0 }

// Thresholds on the share of the question's words (weighted by rarity) a
// sentence must hold. They were set on the dev questions: 0.5 is the lowest
// at which no declined question was answered by a typed sentence, and open
// questions, with no answer type to check, need more.
const (
	minTypedCover   = 0.5
	minOpenCover    = 0.6
	minNearCover    = 0.75
	heldClaimCredit = 0.1 // less cover needed in a claim of the question's subject
	secondLineNear  = 0.7 // a second line when it scores this close to the first
	maxAnswerBytes  = 650
	parsedPerKind   = 6 // sentences parsed to find the agent of a "who" question
)

// Find answers question from the sources.
func Find(m *nlp.Models, sources []Source, question string) Result {
	q := ParseQuestion(m, question)
	res := Result{Question: q}
	if len(q.Terms) == 0 && q.Kind == Open {
		return res
	}
	var judged []judgement
	for si, src := range sources {
		ctx := resolve(q, src.Briefing)
		for _, s := range src.Briefing.Sentences {
			judged = append(judged, judgement{source: si, sentence: s.I, text: s.Text, forms: read(m, s.Text), ctx: ctx})
		}
	}
	weights := termWeights(q, judged)
	for i := range judged {
		judged[i].judge(q, weights)
	}
	if q.Kind == Who && q.Predicate != "" {
		findAgents(m, q, judged)
	}
	if q.Kind == Claim {
		checkSpeakers(m, q, judged)
	}
	sort.SliceStable(judged, func(i, j int) bool { return judged[i].score > judged[j].score })
	for _, j := range judged {
		if !j.answers {
			continue
		}
		if len(res.Lines) > 0 && (j.score < res.Lines[0].Score*secondLineNear || len(res.Lines) == 2 ||
			len(res.Lines[0].Text)+len(j.text) > maxAnswerBytes) {
			break
		}
		res.Lines = append(res.Lines, j.line())
	}
	if len(res.Lines) == 0 {
		res.Nearest = nearest(judged)
	}
	return res
}

func nearest(judged []judgement) *Line {
	for _, j := range judged {
		if j.near {
			l := j.line()
			l.Mark = ""
			return &l
		}
	}
	return nil
}

// cast is what a briefing says about the question's people.
type cast struct {
	b       *brief.Briefing
	subject *brief.Actor            // the actor the question is about, if the briefing has them
	others  []*brief.Actor          // actors named elsewhere in the question
	byWord  map[string]*brief.Actor // the question's words that name one of the others
}

// resolve finds the question's subject, and anyone else it names, among
// the briefing's actors: the longest run of the subject's words that names
// one, then single words and pairs of the rest.
func resolve(q Question, b *brief.Briefing) cast {
	c := cast{b: b, byWord: map[string]*brief.Actor{}}
	subj := q.Subject
	var possessor []string
	if i := max(slices.Index(subj, "'s"), slices.Index(subj, "’s")); i > 0 && i < len(subj)-1 {
		possessor, subj = subj[:i], subj[i+1:] // "Merkel's spokesman" is the spokesman
	}
	for len(subj) > 0 && stopword[subj[0]] {
		subj = subj[1:]
	}
	for n := min(len(subj), 5); n > 0 && c.subject == nil; n-- {
		c.subject = lookup.FindActor(b, strings.Join(subj[:n], " "))
	}
	seen := map[string]bool{}
	if c.subject != nil {
		seen[c.subject.ID] = true
	}
	if a := lookup.FindActor(b, strings.Join(possessor, " ")); len(possessor) > 0 && a != nil && !seen[a.ID] {
		seen[a.ID] = true
		c.others = append(c.others, a)
	}
	for _, t := range q.Terms {
		a := lookup.FindActor(b, t)
		if a == nil || len(t) <= 2 || slices.Contains(q.Subject, t) {
			continue
		}
		c.byWord[t] = a
		if !seen[a.ID] {
			seen[a.ID] = true
			c.others = append(c.others, a)
		}
	}
	return c
}

// forms are the words of a sentence as they can be matched: each word,
// its lemmas as a verb and as a noun, and where it first occurs.
type forms map[string]int

func read(m *nlp.Models, text string) forms {
	f := make(forms, 24)
	for _, w := range wordSpans(text) {
		for _, form := range lemmasOf(m, text[w.start:w.end]) {
			if _, ok := f[form]; !ok {
				f[form] = w.start
			}
		}
	}
	return f
}

// wordForms memoises each word's folded form and lemmas: the same words
// come back in every sentence and every question. It stops growing at
// maxMemo words, so odd input cannot make it grow without bound.
var wordForms = struct {
	sync.RWMutex
	m map[string][3]string
}{m: map[string][3]string{}}

const maxMemo = 200_000

func lemmasOf(m *nlp.Models, raw string) [3]string {
	wordForms.RLock()
	f, ok := wordForms.m[raw]
	wordForms.RUnlock()
	if ok {
		return f
	}
	word := lexicon.Fold(raw)
	f = [3]string{word, m.Lemma(word, "VERB"), m.Lemma(word, "NOUN")}
	wordForms.Lock()
	if len(wordForms.m) < maxMemo {
		wordForms.m[raw] = f
	}
	wordForms.Unlock()
	return f
}

// plainForms are the folded words of text, without lemmas: enough to see
// a name in it.
func plainForms(text string) forms {
	f := forms{}
	for _, w := range wordSpans(text) {
		word := lexicon.Fold(text[w.start:w.end])
		if _, ok := f[word]; !ok {
			f[word] = w.start
		}
	}
	return f
}

// has reports whether the sentence holds term or a word of its family,
// and where.
func (f forms) has(term string) (int, bool) {
	if at, ok := f[term]; ok {
		return at, true
	}
	best, found := math.MaxInt, false
	for _, w := range family[term] {
		if at, ok := f[w]; ok && at < best {
			best, found = at, true
		}
	}
	return best, found
}

// termWeights weighs each question term by how rare it is among the
// sentences asked, so "the" matters less than "subpoena".
func termWeights(q Question, judged []judgement) map[string]float64 {
	w := map[string]float64{}
	n := float64(len(judged))
	for _, t := range q.Terms {
		df := 0
		for _, j := range judged {
			for _, alt := range q.alts[t] {
				if _, ok := j.forms.has(alt); ok {
					df++
					break
				}
			}
		}
		w[t] = math.Log(1 + (n+1)/float64(df+1))
	}
	return w
}

func wordSpans(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

func wordsOf(text string) []string {
	var out []string
	for _, s := range wordSpans(text) {
		out = append(out, lexicon.Fold(text[s.start:s.end]))
	}
	return out
}
