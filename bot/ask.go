package bot

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/briefings"
)

// asker answers questions from the briefings' own sentences with BM25,
// aware of actors: a question naming someone looks first at what they hold.
// The library hands it the few briefings worth asking (Library.Search), so
// it indexes those for each question and keeps nothing.
type asker struct{}

func newAsker() *asker { return &asker{} }

type doc struct {
	entry    int
	sentence int
	terms    map[string]int
	length   int
}

type posting struct {
	doc int32
	tf  int32
}

// bm25 is an inverted index over every sentence of the library, and an
// index of actor name words to the briefings that have such an actor, so a
// question reads the postings of its own words, never the whole library.
type bm25 struct {
	entries  []Entry
	docs     []doc
	postings map[string][]posting
	vocab    []string // sorted, for prefix look-ups
	avgLen   float64
	byName   map[string][]int // actor name, alias and role terms → entries
	docAt    map[[2]int]int32 // (entry, sentence) → doc
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

func buildIndex(entries []Entry) *bm25 {
	ix := &bm25{entries: entries, postings: map[string][]posting{}, byName: map[string][]int{}, docAt: map[[2]int]int32{}}
	total := 0
	for ei, e := range entries {
		for _, s := range e.Briefing.Sentences {
			d := doc{entry: ei, sentence: s.I, terms: map[string]int{}}
			for _, t := range briefings.Terms(s.Text) {
				d.terms[t]++
				d.length++
			}
			for t, n := range d.terms {
				ix.postings[t] = append(ix.postings[t], posting{int32(len(ix.docs)), int32(n)})
			}
			total += d.length
			ix.docAt[[2]int{ei, s.I}] = int32(len(ix.docs))
			ix.docs = append(ix.docs, d)
		}
		ix.indexActors(ei, e.Briefing)
	}
	for t := range ix.postings {
		ix.vocab = append(ix.vocab, t)
	}
	sort.Strings(ix.vocab)
	if len(ix.docs) > 0 {
		ix.avgLen = float64(total) / float64(len(ix.docs))
	}
	return ix
}

func (ix *bm25) indexActors(ei int, b *briefings.Briefing) {
	seen := map[string]bool{}
	for _, act := range b.Actors {
		words := append([]string{act.Name, act.Role}, act.Aliases...)
		for _, t := range briefings.Terms(strings.Join(words, " ")) {
			if !seen[t] {
				seen[t] = true
				ix.byName[t] = append(ix.byName[t], ei)
			}
		}
	}
}

// exhaustiveUpTo is the library size up to which every briefing is asked
// about every phrase, so typos and descriptions ("the french leader") are
// found; past it, only briefings whose actors' name words meet the phrase.
const exhaustiveUpTo = 64

// namedIn lists the briefings worth asking FindActor about phrase.
func (ix *bm25) namedIn(phrase string) []int {
	if len(ix.entries) <= exhaustiveUpTo {
		all := make([]int, len(ix.entries))
		for i := range all {
			all[i] = i
		}
		return all
	}
	terms := briefings.Terms(phrase)
	if len(terms) == 0 {
		return nil
	}
	out := ix.byName[terms[0]]
	for _, t := range terms[1:] {
		out = intersect(out, ix.byName[t])
	}
	return out
}

func intersect(a, b []int) []int {
	var out []int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

func (ix *bm25) idf(t string) float64 {
	n := float64(len(ix.docs))
	df := float64(len(ix.postings[t]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// expandPrefixes maps question terms onto the library's terms that start
// with them, so "argu" meets "argued" and "argument".
func (ix *bm25) expandPrefixes(terms []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range terms {
		if _, ok := ix.postings[t]; ok {
			add(t)
		}
		if len(t) < 4 {
			continue
		}
		for i := sort.SearchStrings(ix.vocab, t); i < len(ix.vocab) && strings.HasPrefix(ix.vocab[i], t); i++ {
			add(ix.vocab[i])
		}
	}
	return out
}

// scoreAll adds up BM25 over the postings of terms, for the docs allowed,
// into a slice indexed by doc (dense: cheaper than a map at library scale).
func (ix *bm25) scoreAll(terms []string, allowed func(int) bool) []float64 {
	const k1, b = 1.2, 0.75
	scores := make([]float64, len(ix.docs))
	for _, t := range terms {
		idf := ix.idf(t)
		for _, p := range ix.postings[t] {
			if allowed != nil && !allowed(int(p.doc)) {
				continue
			}
			f := float64(p.tf)
			dl := float64(ix.docs[p.doc].length)
			scores[p.doc] += idf * f * (k1 + 1) / (f + k1*(1-b+b*dl/ix.avgLen))
		}
	}
	return scores
}

type hit struct {
	d     doc
	score float64
}

// before orders hits best first, then by briefing and sentence, so equal
// scores come out the same way every time.
func (h hit) before(o hit) bool {
	if h.score != o.score {
		return h.score > o.score
	}
	if h.d.entry != o.d.entry {
		return h.d.entry < o.d.entry
	}
	return h.d.sentence < o.d.sentence
}

// topHits keeps the best few hits, in order, without sorting them all.
type topHits struct{ list []hit }

const keepHits = 8

func (t *topHits) offer(h hit) {
	if len(t.list) == keepHits && !h.before(t.list[keepHits-1]) {
		return
	}
	i := len(t.list)
	for i > 0 && h.before(t.list[i-1]) {
		i--
	}
	if len(t.list) < keepHits {
		t.list = append(t.list, hit{})
	}
	copy(t.list[i+1:], t.list[i:len(t.list)-1])
	t.list[i] = h
}

func (a *asker) ask(entries []Entry, question string) Reply {
	question = strings.TrimSpace(question)
	if question == "" {
		return Errorf("Ask what?", "Usage: /ask <question>, for example /ask what did Macron argue?")
	}
	ix := buildIndex(entries)
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
			for _, ei := range ix.namedIn(phrase) {
				e := entries[ei]
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
	var allowed func(int) bool
	if len(actorSentences) > 0 {
		allowed = func(i int) bool { return actorSentences[[2]int{ix.docs[i].entry, ix.docs[i].sentence}] }
	}
	scores := ix.scoreAll(ix.expandPrefixes(expanded), allowed)
	var top topHits
	if len(actorSentences) > 0 {
		for key := range actorSentences {
			if di, ok := ix.docAt[key]; ok {
				top.offer(hit{ix.docs[di], scores[di] + 0.1}) // the question's actor holds a position here
			}
		}
	} else {
		for i, sc := range scores {
			if sc > 0 {
				top.offer(hit{ix.docs[i], sc})
			}
		}
	}
	// A sentence without the kind of answer asked for ("how many" needs a
	// number) answers nothing, however close its words.
	kind := expectedAnswer(question)
	var hits []hit
	for _, h := range top.list {
		if hasAnswerKind(entries[h.d.entry].Briefing.SentenceText(h.d.sentence), kind) {
			hits = append(hits, h)
		}
	}
	// Covered only if the best sentence holds most of what was asked.
	if len(hits) == 0 || len(topic) > 0 && coverage(hits[0].d, topic, expanded) < 0.5 && len(actorSentences) == 0 {
		return notCovered()
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

// SearchWords are the words of a question worth looking up: lower-cased,
// without the question's own words.
func SearchWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 1 && !questionWords[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func notCovered() Reply {
	return Reply{Title: "Not in the briefings", Blocks: []Block{{Text: "The briefings do not cover this. Try /briefings to see what they are about."}}}
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
