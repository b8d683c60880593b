package bot

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/briefings"
)

// asker answers questions from the briefings' own sentences with BM25,
// aware of actors: a question naming someone looks first at what they hold.
type asker struct {
	mu    sync.Mutex
	key   string
	index *bm25
}

func newAsker() *asker { return &asker{} }

type doc struct {
	entry    int
	sentence int
	terms    map[string]int
	length   int
}

type bm25 struct {
	entries []Entry
	docs    []doc
	df      map[string]int
	avgLen  float64
}

// questionWords carry no topic of their own.
var questionWords = map[string]bool{
	"what": true, "who": true, "whom": true, "why": true, "how": true, "when": true, "where": true, "which": true,
	"did": true, "does": true, "do": true, "is": true, "are": true, "was": true, "were": true, "tell": true, "about": true,
	"the": true, "a": true, "an": true, "me": true, "say": true, "said": true, "think": true,
}

// related widens a question's verbs to the words reports use for them.
var related = map[string][]string{
	"argu":     {"case", "argument", "contend"},
	"want":     {"seek", "sought", "demand", "call", "push", "urg", "need", "wish"},
	"think":    {"believ", "view", "fear", "expect"},
	"believ":   {"think", "view", "fear"},
	"agre":     {"accept", "deal", "agreement"},
	"reject":   {"refus", "oppos", "dismiss"},
	"promis":   {"pledg", "vow"},
	"propos":   {"offer", "suggest", "plan"},
	"worri":    {"fear", "concern"},
	"criticiz": {"accus", "blame", "complain"},
}

func (a *asker) indexFor(entries []Entry) *bm25 {
	var key strings.Builder
	for _, e := range entries {
		key.WriteString(e.ID)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.index != nil && a.key == key.String() {
		return a.index
	}
	ix := &bm25{entries: entries, df: map[string]int{}}
	total := 0
	for ei, e := range entries {
		for _, s := range e.Briefing.Sentences {
			d := doc{entry: ei, sentence: s.I, terms: map[string]int{}}
			for _, t := range briefings.Terms(s.Text) {
				d.terms[t]++
				d.length++
			}
			for t := range d.terms {
				ix.df[t]++
			}
			total += d.length
			ix.docs = append(ix.docs, d)
		}
	}
	if len(ix.docs) > 0 {
		ix.avgLen = float64(total) / float64(len(ix.docs))
	}
	a.key, a.index = key.String(), ix
	return ix
}

func (ix *bm25) idf(t string) float64 {
	n := float64(len(ix.docs))
	df := float64(ix.df[t])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

func (ix *bm25) score(d doc, terms []string) float64 {
	const k1, b = 1.2, 0.75
	s := 0.0
	for _, t := range terms {
		f := float64(d.terms[t])
		if f == 0 {
			continue
		}
		s += ix.idf(t) * f * (k1 + 1) / (f + k1*(1-b+b*float64(d.length)/ix.avgLen))
	}
	return s
}

type hit struct {
	d     doc
	score float64
}

func (a *asker) ask(entries []Entry, question string) Reply {
	question = strings.TrimSpace(question)
	if question == "" {
		return Errorf("Ask what?", "Usage: /ask <question>, for example /ask what did Macron argue?")
	}
	ix := a.indexFor(entries)
	// Actors named in the question, and the words left once their names are gone.
	words := strings.Fields(strings.Trim(question, "?!. "))
	actorSentences := map[[2]int]bool{}
	nameTerms := map[string]bool{}
	var named []string
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			phrase := strings.Join(words[i:i+n], " ")
			if len(phrase) < 3 || questionWords[strings.ToLower(phrase)] {
				continue
			}
			for ei, e := range entries {
				act := e.Briefing.FindActor(phrase)
				if act == nil {
					continue
				}
				if len(named) == 0 || named[len(named)-1] != act.Name {
					named = append(named, act.Name)
				}
				for _, t := range briefings.Terms(phrase) {
					nameTerms[t] = true
				}
				for _, p := range e.Briefing.PositionsOf(act.ID) {
					for _, s := range p.Sentences {
						actorSentences[[2]int{ei, s}] = true
					}
				}
			}
		}
	}
	var topic []string
	for _, t := range briefings.Terms(question) {
		if !nameTerms[t] && !questionWords[t] {
			topic = append(topic, t)
		}
	}
	expanded := append([]string(nil), topic...)
	for _, t := range topic {
		for k, syn := range related {
			if strings.HasPrefix(t, k) {
				expanded = append(expanded, syn...)
			}
		}
	}
	var hits []hit
	for _, d := range ix.docs {
		key := [2]int{d.entry, d.sentence}
		if len(actorSentences) > 0 && !actorSentences[key] {
			continue
		}
		s := ix.score(d, prefixTerms(d, expanded))
		if len(actorSentences) > 0 {
			s += 0.1 // the question's actor holds a position here
		}
		if s > 0 {
			hits = append(hits, hit{d, s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	// Covered only if the best sentence holds most of what was asked.
	if len(hits) == 0 || len(topic) > 0 && coverage(hits[0].d, topic, expanded) < 0.5 && len(actorSentences) == 0 {
		return Reply{Title: "Not in the briefings", Blocks: []Block{{Text: "The briefings do not cover this. Try /briefings to see what they are about."}}}
	}
	r := Reply{Title: "From the briefings: " + question}
	var items []Item
	for i, h := range hits {
		if i == 3 || h.score < hits[0].score*0.5 {
			break
		}
		e := entries[h.d.entry]
		items = append(items, Item{Text: e.Briefing.SentenceText(h.d.sentence), Note: e.Title + " (" + e.ID + ")", Cite: fmt.Sprintf("s%d", h.d.sentence)})
	}
	r.Blocks = []Block{{Items: items}}
	r.Footer = "Only what the reports say, with the sentence each line comes from."
	return r
}

// prefixTerms maps question terms onto the document's terms that start with
// them, so "argu" meets "argued" and "argument".
func prefixTerms(d doc, terms []string) []string {
	var out []string
	for _, t := range terms {
		if d.terms[t] > 0 {
			out = append(out, t)
			continue
		}
		for dt := range d.terms {
			if len(t) >= 4 && strings.HasPrefix(dt, t) {
				out = append(out, dt)
			}
		}
	}
	return out
}

// coverage: the share of the question's topic words found in the sentence.
func coverage(d doc, topic, expanded []string) float64 {
	found := 0
	for _, t := range topic {
		ok := len(prefixTerms(d, []string{t})) > 0
		for k, syn := range related {
			if !ok && strings.HasPrefix(t, k) && len(prefixTerms(d, syn)) > 0 {
				ok = true
			}
		}
		if ok {
			found++
		}
	}
	return float64(found) / float64(len(topic))
}
