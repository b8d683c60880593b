package answer

import (
	"slices"
	"strings"

	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/lexicon"
)

// tree is one parsed sentence with each word's dependents.
type tree struct {
	s    nlp.Sentence
	kids [][]int
}

func newTree(s nlp.Sentence) tree {
	t := tree{s: s, kids: make([][]int, len(s.Words))}
	for i, h := range s.Heads {
		if h > 0 {
			t.kids[h-1] = append(t.kids[h-1], i)
		}
	}
	return t
}

func (t tree) head(i int) int { return t.s.Heads[i] - 1 }

// matches says whether word i is the predicate or a word of its family.
func (t tree) matches(m *nlp.Models, i int, predicate string) bool {
	w := lexicon.Fold(t.s.Words[i])
	for _, form := range []string{w, strings.ToLower(t.s.Lemmas[i]), m.Lemma(w, "VERB")} {
		if form == predicate || slices.Contains(family[predicate], form) {
			return true
		}
	}
	return false
}

func (t tree) hasCase(i int, word string) bool {
	for _, k := range t.kids[i] {
		if t.s.Labels[k] == "case" && strings.EqualFold(t.s.Words[k], word) {
			return true
		}
	}
	return false
}

// clauseLabels start material that is not part of a noun phrase's name.
var clauseLabels = map[string]bool{"acl": true, "acl:relcl": true, "parataxis": true, "punct": true, "case": true, "advcl": true, "dep": true}

// phrase is the span of word i's noun phrase: its subtree without clauses
// and punctuation, and without the words in skip.
func (t tree) phrase(i, skip int) span {
	sp := span{t.s.Tokens[i].Start, t.s.Tokens[i].End}
	var walk func(int)
	walk = func(k int) {
		for _, c := range t.kids[k] {
			if c == skip || clauseLabels[t.s.Labels[c]] && !(t.s.Labels[c] == "case" && t.s.Words[c] == "'s") {
				continue
			}
			sp.start = min(sp.start, t.s.Tokens[c].Start)
			sp.end = max(sp.end, t.s.Tokens[c].End)
			walk(c)
		}
	}
	walk(i)
	return sp
}

// doer is the noun phrase at word i when it names someone new: not a
// pronoun, not only the question's own words.
func (t tree) doer(i int, ask map[string]bool) (span, bool) {
	if (t.s.UPOS[i] == "PRON" || t.s.UPOS[i] == "DET") && !t.partitive(i) {
		return span{}, false
	}
	sp := t.phrase(i, -1)
	text := t.text(sp)
	if len(fresh([]span{{0, len(text)}}, text, ask)) == 0 || !t.namesSomeone(sp) {
		return span{}, false
	}
	return sp, true
}

// peopleNouns are the common nouns that stand for people or bodies: a
// doer a "who" question can be answered with.
var peopleNouns = set("official officials lawmaker lawmakers member members leader leaders minister ministers spokesperson spokesman spokeswoman president government governments police protesters people group groups party parties court judge source sources diplomat diplomats authorities military forces troops army committee commission ministry agency coalition states countries nations rebels militants residents voters students workers union envoy ambassador officer officers")

// namesSomeone says whether span sp holds a name or a noun for people,
// so "the conflict" does not answer "who leads…".
func (t tree) namesSomeone(sp span) bool {
	for k, tok := range t.s.Tokens {
		if tok.Start < sp.start || tok.End > sp.end {
			continue
		}
		if t.s.UPOS[k] == "PROPN" || t.s.UPOS[k] == "NUM" || peopleNouns[strings.ToLower(tok.Text)] {
			return true
		}
	}
	return false
}

// partitive says whether pronoun i heads "one of the sources", "some of
// the officials": a doer the report does not name but does describe.
func (t tree) partitive(i int) bool {
	for _, k := range t.kids[i] {
		if t.s.Labels[k] == "nmod" && t.hasCase(k, "of") {
			return true
		}
	}
	return false
}

func (t tree) text(sp span) string {
	var b strings.Builder
	for _, tok := range t.s.Tokens {
		if tok.Start >= sp.start && tok.End <= sp.end {
			b.WriteString(tok.Text + " ")
		}
	}
	return b.String()
}

var relativePronoun = map[string]bool{"who": true, "which": true, "that": true}

// relativeHead is the doer of a relative clause's verb: "X, who issued…".
func (t tree) relativeHead(i int, ask map[string]bool) (span, bool) {
	h := t.head(i)
	if t.s.Labels[i] != "acl:relcl" || h < 0 || t.s.UPOS[h] != "NOUN" && t.s.UPOS[h] != "PROPN" {
		return span{}, false
	}
	for _, k := range t.kids[i] {
		if t.s.Labels[k] == "aux:pass" {
			return span{}, false // "X, who was poisoned": X is not the doer
		}
	}
	for _, k := range t.kids[i] {
		if t.s.Labels[k] == "nsubj" && relativePronoun[strings.ToLower(t.s.Words[k])] {
			sp, ok := t.doer(h, ask)
			if ok {
				sp = t.phrase(h, i)
			}
			return sp, ok
		}
	}
	return span{}, false
}

// namedBy is the name beside a role noun: its apposition ("director,
// Hamid …"), the name it is in apposition to, or a name it titles.
func (t tree) namedBy(i int, ask map[string]bool) (span, bool) {
	for _, k := range t.kids[i] {
		agentive := agentNouns[strings.ToLower(t.s.Lemmas[i])] // "the request of X", not "the killing of X"
		named := (t.s.Labels[k] == "appos" || t.s.Labels[k] == "flat") ||
			agentive && (t.s.Labels[k] == "nmod" && t.hasCase(k, "of") || t.s.Labels[k] == "nmod:poss")
		if named && t.s.UPOS[k] == "PROPN" {
			if sp, ok := t.doer(k, ask); ok {
				return sp, true
			}
		}
	}
	h := t.head(i)
	if h >= 0 && t.s.UPOS[h] == "PROPN" && (t.s.Labels[i] == "appos" || t.s.Labels[i] == "compound") {
		if _, ok := t.doer(h, ask); ok {
			return t.phrase(h, i), true
		}
	}
	return t.besideRole(i, ask)
}

// agentNouns name an act by whoever is "of" them: "the request of X",
// "X's decision"; for other nouns "of X" is what the act is done to.
var agentNouns = set("request order decision proposal call plan demand initiative offer announcement statement invitation approval")

// besideRole reads the words around a role noun when the parse has not
// joined them: "director, Hamid A. K.," or "Hamid A. K., the director".
func (t tree) besideRole(i int, ask map[string]bool) (span, bool) {
	run := func(from, step int) span {
		sp := span{-1, -1}
		for k := from; k >= 0 && k < len(t.s.Words) && t.s.UPOS[k] == "PROPN"; k += step {
			tok := t.s.Tokens[k]
			if sp.start < 0 || tok.Start < sp.start {
				sp.start = tok.Start
			}
			sp.end = max(sp.end, tok.End)
		}
		return sp
	}
	if i+2 < len(t.s.Words) && t.s.Words[i+1] == "," {
		if sp := run(i+2, 1); sp.ok() {
			return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
		}
	}
	if i >= 3 && strings.EqualFold(t.s.Words[i-1], "the") && t.s.Words[i-2] == "," {
		if sp := run(i-3, -1); sp.ok() {
			return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
		}
	}
	return span{}, false
}

// phraseAfter is the noun phrase right after verb i when the parse gave
// it no object: "endorsed former Vice President Joe Biden for president".
func (t tree) phraseAfter(i int, ask map[string]bool) (span, bool) {
	sp, named := span{-1, -1}, false
	for k := i + 1; k < len(t.s.Words); k++ {
		switch t.s.UPOS[k] {
		case "PROPN":
			named = true
		case "ADJ", "NOUN", "DET":
		default:
			k = len(t.s.Words)
			continue
		}
		if sp.start < 0 {
			sp.start = t.s.Tokens[k].Start
		}
		sp.end = t.s.Tokens[k].End
	}
	if !named || !sp.ok() {
		return span{}, false
	}
	return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
}

// passive says whether verb i has a passive auxiliary or subject.
func (t tree) passive(i int) bool {
	for _, k := range t.kids[i] {
		if l := t.s.Labels[k]; l == "aux:pass" || l == "nsubj:pass" {
			return true
		}
	}
	return false
}

// byAgent is the "by" phrase right after passive verb i when the parse
// hung it elsewhere: "was issued jointly by Representatives A, B, and C"
// is issued by all three. Names joined by commas and "and" stay together.
func (t tree) byAgent(i int, ask map[string]bool) (span, bool) {
	n := len(t.s.Words)
	k := i + 1
	for k < n && k <= i+2 && t.s.UPOS[k] == "ADV" {
		k++
	}
	if k+1 >= n || !strings.EqualFold(t.s.Words[k], "by") {
		return span{}, false
	}
	sp := span{-1, -1}
	for j := k + 1; j < n; j++ {
		joins := (t.s.Words[j] == "," || t.s.UPOS[j] == "CCONJ") && j+1 < n && (t.s.UPOS[j+1] == "PROPN" || t.s.UPOS[j+1] == "CCONJ")
		if !joins && t.s.UPOS[j] != "PROPN" && t.s.UPOS[j] != "NOUN" && t.s.UPOS[j] != "ADJ" && t.s.UPOS[j] != "DET" {
			break
		}
		if sp.start < 0 {
			sp.start = t.s.Tokens[j].Start
		}
		if !joins {
			sp.end = t.s.Tokens[j].End
		}
	}
	if !sp.ok() || !t.namesSomeone(sp) {
		return span{}, false
	}
	return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
}

// looseHead is the doer when the parse hung the verb off its subject:
// "Brenner, 58, has led…" parsed with Brenner as the root.
func (t tree) looseHead(i int, ask map[string]bool) (span, bool) {
	h := t.head(i)
	if h < 0 || h > i || t.s.Labels[i] != "dep" || t.s.UPOS[h] != "PROPN" {
		return span{}, false
	}
	for _, k := range t.kids[i] {
		if strings.HasPrefix(t.s.Labels[k], "nsubj") {
			return span{}, false
		}
	}
	if _, ok := t.doer(h, ask); !ok {
		return span{}, false
	}
	return t.nameRun(h, ask)
}

// reportingTail is the speaker of a closing reporting clause the parse
// left loose: "…, one of the sources said." is said by the words between
// the comma and the verb.
func (t tree) reportingTail(i int, ask map[string]bool) (span, bool) {
	n := len(t.s.Words)
	if i+1 < n && t.s.UPOS[i+1] != "PUNCT" {
		return span{}, false
	}
	k := i - 1
	for k >= 0 && t.s.Words[k] != "," && t.s.UPOS[k] != "VERB" && t.s.UPOS[k] != "PUNCT" {
		k--
	}
	if k < 0 || t.s.Words[k] != "," || k+1 >= i {
		return span{}, false
	}
	sp := span{t.s.Tokens[k+1].Start, t.s.Tokens[i-1].End}
	if t.s.UPOS[k+1] == "PRON" && !t.partitive(k+1) {
		return span{}, false
	}
	return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
}

// beforeWho is the name a "who" subject stands for when the parse has not
// made its clause relative: "…, Chris Christie, who denounced…".
func (t tree) beforeWho(k int, ask map[string]bool) (span, bool) {
	if !strings.EqualFold(t.s.Words[k], "who") || k < 2 || t.s.Words[k-1] != "," {
		return span{}, false
	}
	return t.nameRun(k-2, ask)
}

// nameRun is the run of proper nouns that ends at word i.
func (t tree) nameRun(i int, ask map[string]bool) (span, bool) {
	sp := span{-1, -1}
	for k := i; k >= 0 && t.s.UPOS[k] == "PROPN"; k-- {
		sp.start = t.s.Tokens[k].Start
		if sp.end < 0 {
			sp.end = t.s.Tokens[k].End
		}
	}
	if !sp.ok() {
		return span{}, false
	}
	return sp, len(fresh([]span{sp}, t.rawText(), ask)) > 0
}

// rawText is the text the tokens' offsets point into, rebuilt with spaces
// where the offsets leave gaps.
func (t tree) rawText() string {
	var b strings.Builder
	for _, tok := range t.s.Tokens {
		for b.Len() < tok.Start {
			b.WriteByte(' ')
		}
		b.WriteString(tok.Text)
	}
	return b.String()
}
