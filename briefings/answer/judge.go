package answer

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/lexicon"
)

// judgement is one sentence held against the question.
type judgement struct {
	source   int
	sentence int
	text     string
	forms    forms
	ctx      cast

	holds   bool    // the question's subject holds a claim in it
	cover   float64 // share of the question's words, by weight, it holds
	gated   bool    // it has the question's subject and verb
	answers bool    // it also has an answer of the kind asked for
	near    bool    // it has the subject and verb and most words, but no answer
	score   float64
	mark    span
}

func (j judgement) line() Line {
	l := Line{Source: j.source, Sentence: j.sentence, Text: j.text, Score: j.score}
	if j.mark.ok() && j.mark.end <= len(j.text) {
		l.Mark = strings.TrimSpace(j.text[j.mark.start:j.mark.end])
	}
	return l
}

// judge scores the sentence and decides whether it answers.
func (j *judgement) judge(q Question, weights map[string]float64) {
	subjectHere, holds := j.subjectHere(q)
	j.holds = holds
	var got, total float64
	for _, t := range q.Terms {
		if q.Kind == Claim && slices.Contains(q.alts[t], q.Predicate) {
			continue // a claim's verb is the subject's, not any word of the sentence (claimBonus)
		}
		total += weights[t]
		if j.termHere(q, t, subjectHere) {
			got += weights[t]
		}
	}
	if total > 0 {
		j.cover = got / total
	}
	predAt, predHere := 0, q.Predicate == ""
	if !predHere {
		predAt, predHere = j.forms.has(q.Predicate)
	}
	if q.Focus == "whether" && !predHere {
		predAt, predHere = j.opposite(q.Predicate) // "did X accept": "X rejected" answers no
	}
	if q.Kind == Reason && !predHere && subjectHere {
		predAt, predHere = 0, j.hasReasonNoun() // "cited … as his motivation": the reason may come before the noun
	}
	if q.Kind == Claim && speechVerbs[q.Predicate] && (holds || j.speaks()) {
		predHere = true // X's own claim answers "what did X say/want"
	}
	j.gated = predHere && subjectHere && (q.Kind != Claim || holds || j.ctx.subject == nil || j.speaks())
	j.score = j.cover
	if holds {
		j.score += 0.3 + j.claimBonus(q)
	}
	if !j.gated {
		return
	}
	threshold := minTypedCover
	if q.Kind == Open || q.Kind == Claim {
		threshold = minOpenCover
	}
	switch {
	case q.Kind == Claim && holds:
		threshold = 0 // the subject's own claim; the other words only rank
	case holds:
		threshold -= heldClaimCredit // "why did X say…" answered in X's own claim
	}
	if q.Kind == Who && q.Predicate == "" && j.ctx.subject != nil && j.ctx.subject.Role != "" {
		j.answers, j.mark = j.roleOf(j.ctx.subject) // "who is X": the sentence that says what X is
		if j.answers {
			j.score += 0.5
		}
		return
	}
	if q.Kind == Claim || q.Kind == Open || q.Kind == Who && q.Predicate == "" {
		j.answers = j.cover >= threshold
		j.mark = j.claimMark(q)
		return
	}
	if q.Kind == Who {
		j.near = j.cover >= threshold // the parse decides, in findAgents
		return
	}
	if j.cover < threshold {
		return // too far from the question to be worth the patterns
	}
	spans := j.anchored(q, evidence(q.Kind, j.text, q.asked, predAt))
	j.answers = len(spans) > 0
	j.near = !j.answers && j.cover >= minNearCover
	if j.answers {
		j.mark = spans[0]
		j.score += 0.2
		if at, ok := j.besideTerm(q, spans); ok {
			j.mark = spans[at]
			j.score += 0.2 // "350 thousand illegal abortions": the figure of the thing asked
		}
	}
}

// anchorReach is how far, in bytes, an answer may sit from the words of
// the question it answers: "35 minutes" answers how long the leaders
// talked, not how long a ceasefire named two clauses later will last.
const anchorReach = 80

// anchored keeps the spans near a word of the question, and for "how
// many N" those that count N.
func (j *judgement) anchored(q Question, spans []span) []span {
	if q.Kind == Reason || q.Kind == Thing {
		return spans
	}
	var anchors []int
	for _, t := range q.Terms {
		for _, alt := range q.alts[t] {
			if at, ok := j.forms.has(alt); ok {
				anchors = append(anchors, at)
			}
		}
	}
	if a := j.ctx.subject; a != nil {
		for _, w := range wordsOf(a.Name) {
			if at, ok := j.forms[w]; ok {
				anchors = append(anchors, at)
			}
		}
	}
	var out []span
	for _, s := range spans {
		if near(s, anchors) && (q.Kind != Count || q.Noun == "" || j.counts(q, s)) {
			out = append(out, s)
		}
	}
	return out
}

func near(s span, anchors []int) bool {
	for _, a := range anchors {
		if a >= s.start-anchorReach && a <= s.end+anchorReach {
			return true
		}
	}
	return false
}

// counts says whether the figure at s counts the question's noun: "1,200
// boats", "33 Russian individuals" for "how many russians".
func (j *judgement) counts(q Question, s span) bool {
	noun := q.Noun
	stem := noun[:min(len(noun), 5)]
	alts := append([]string{noun, strings.TrimSuffix(noun, "s")}, family[noun]...)
	alts = append(alts, q.alts[noun]...)
	for i, w := range wordsOf(j.text[s.end:min(len(j.text), s.end+40)]) {
		if i == 2 { // the noun, or one word and the noun: "33 Russian individuals"
			break
		}
		if slices.Contains(alts, w) || slices.Contains(alts, strings.TrimSuffix(w, "s")) || len(stem) == 5 && strings.HasPrefix(w, stem) {
			return true
		}
		for _, a := range alts {
			if slices.Contains(family[a], w) {
				return true
			}
		}
	}
	return false
}

// someoneIn says whether the doer at s is someone: an actor of the
// briefing, a noun for people, or a capitalised word that does not merely
// open the sentence ("Thick fog caused…" is nobody).
func (j *judgement) someoneIn(s span) bool {
	text := j.text[s.start:s.end]
	names := plainForms(text)
	for i := range j.ctx.b.Actors {
		if a := &j.ctx.b.Actors[i]; a.Kind != brief.Place && mentions(a, names) {
			return true
		}
	}
	for _, w := range wordSpans(text) {
		word := text[w.start:w.end]
		if peopleNouns[strings.ToLower(word)] {
			return true
		}
		if r := []rune(word); s.start+w.start > 0 && unicode.IsUpper(r[0]) {
			return true
		}
	}
	return false
}

// roleOf finds the actor's role written out in the sentence: "national
// security advisor John R. Bolton".
func (j *judgement) roleOf(a *brief.Actor) (bool, span) {
	if a.Role == "" || !mentions(a, j.forms) {
		return false, span{}
	}
	i := strings.Index(lexicon.Fold(j.text), lexicon.Fold(a.Role))
	if i < 0 || len(lexicon.Fold(j.text)) != len(j.text) {
		for _, w := range wordsOf(a.Role) {
			if _, ok := j.forms[w]; !ok {
				return false, span{}
			}
		}
		return true, span{}
	}
	return true, span{i, i + len(a.Role)}
}

// besideTerm finds the answer span that runs into one of the question's
// words, a few bytes on: the figure beside the noun it counts.
func (j *judgement) besideTerm(q Question, spans []span) (int, bool) {
	const reach = 30
	for i, s := range spans {
		rest := j.text[s.end:min(len(j.text), s.end+reach)]
		for _, w := range wordsOf(rest) {
			for _, t := range q.Terms {
				if slices.Contains(q.alts[t], w) || slices.Contains(q.alts[t], strings.TrimSuffix(w, "s")) {
					return i, true
				}
			}
		}
	}
	return 0, false
}

// subjectHead is the last content word of a subject: "spokesman" in
// "Merkel's spokesman", "groups" in "the working groups".
func subjectHead(words []string) string {
	for i := len(words) - 1; i >= 0; i-- {
		if w := words[i]; !stopword[w] && !functionWord(w) && w != "'s" && w != "’s" {
			return w
		}
	}
	return ""
}

// opposite finds a word that answers a yes-or-no question with no.
func (j *judgement) opposite(predicate string) (int, bool) {
	for _, o := range opposites[predicate] {
		if at, ok := j.forms.has(o); ok {
			return at, true
		}
	}
	return 0, false
}

// hasWord says whether the sentence has the question's word w in any of
// its forms.
func (j *judgement) hasWord(q Question, w string) bool {
	for _, alt := range append([]string{w}, q.alts[w]...) {
		if _, ok := j.forms.has(alt); ok {
			return true
		}
	}
	return false
}

// reasonNouns name a reason outright: "cited X as his motivation".
var reasonNouns = set("reason reasons motivation motive rationale justification grounds")

func (j *judgement) hasReasonNoun() bool {
	for w := range reasonNouns {
		if _, ok := j.forms[w]; ok {
			return true
		}
	}
	return false
}

// claimBonus ranks the subject's claims by their verb: one of the
// question's ("want": sought, urged) first, then any verb of saying or
// thinking, before things merely done ("hosted").
func (j *judgement) claimBonus(q Question) float64 {
	best := 0.0
	for _, p := range j.ctx.b.PositionsOf(j.ctx.subject.ID) {
		if !slices.Contains(p.Sentences, j.sentence) {
			continue
		}
		v := lexicon.Fold(p.Verb)
		switch {
		case q.Predicate != "" && (v == q.Predicate || slices.Contains(family[q.Predicate], v)):
			return 0.3
		case speechVerbs[v] || speechVerbs[strings.TrimSuffix(v, "ed")] || v == "said":
			best = 0.15
		}
	}
	for _, qt := range j.ctx.b.Quotes {
		if qt.Actor == j.ctx.subject.ID && qt.Sentence == j.sentence {
			best = 0.15
		}
	}
	return best
}

// speaks says whether the sentence has a verb of saying or judging, so a
// claim question's subject, named in it, may be the one who says.
func (j *judgement) speaks() bool {
	for w := range speechVerbs {
		if _, ok := j.forms.has(w); ok {
			return true
		}
	}
	return false
}

// subjectHere says whether the sentence is about the question's subject,
// and whether the subject holds a claim in it.
func (j *judgement) subjectHere(q Question) (here, holds bool) {
	a := j.ctx.subject
	if a == nil && q.Predicate == "" {
		return true, false // "what is the maximum sentence…": the words decide
	}
	if a == nil {
		// Unknown to the briefing ("the working groups"): the head word
		// must be there; the rest only weigh as terms.
		head := subjectHead(q.Subject)
		return head == "" || j.hasWord(q, head) || j.namesOther(head), false
	}
	holds = holdsClaim(j.ctx.b, a.ID, j.sentence)
	return holds || mentions(a, j.forms) || describes(a, j.text), holds
}

func functionWord(w string) bool { return auxiliaries[w] || questionStop[w] }

// termHere says whether term t of the question is in the sentence, as a
// word, as a word of its family, or as the name of an actor it stands for.
func (j *judgement) termHere(q Question, t string, subjectHere bool) bool {
	for _, alt := range q.alts[t] {
		if _, ok := j.forms.has(alt); ok {
			return true
		}
	}
	if j.ctx.subject != nil && slices.Contains(q.Subject, t) {
		return subjectHere
	}
	if q.Kind == Reason && slices.Contains(q.alts[t], q.Predicate) {
		if j.hasReasonNoun() {
			return true
		}
	}
	return j.namesOther(t)
}

// namesOther says whether word names one of the question's other actors
// and the sentence mentions that actor.
func (j *judgement) namesOther(word string) bool {
	a := j.ctx.byWord[word]
	return a != nil && mentions(a, j.forms)
}

// claimMark marks the subject's own words in the sentence: a quote, or the
// text of a position.
func (j *judgement) claimMark(q Question) span {
	a := j.ctx.subject
	if a == nil {
		return span{}
	}
	for _, qt := range j.ctx.b.Quotes {
		if qt.Actor == a.ID && qt.Sentence == j.sentence {
			if i := strings.Index(j.text, qt.Text); i >= 0 {
				return span{i, i + len(qt.Text)}
			}
		}
	}
	for _, p := range j.ctx.b.PositionsOf(a.ID) {
		if slices.Contains(p.Sentences, j.sentence) {
			if i := strings.Index(j.text, p.Text); i >= 0 && len(p.Text) < len(j.text) {
				return span{i, i + len(p.Text)}
			}
		}
	}
	return span{}
}

func holdsClaim(b *brief.Briefing, id string, sentence int) bool {
	for _, p := range b.Positions {
		if p.Actor == id && slices.Contains(p.Sentences, sentence) {
			return true
		}
	}
	for _, qt := range b.Quotes {
		if qt.Actor == id && qt.Sentence == sentence {
			return true
		}
	}
	return false
}

// mentions says whether the sentence names the actor by any of its names,
// or by the last word of its role ("the princess").
func mentions(a *brief.Actor, f forms) bool {
	for _, name := range append([]string{a.Name}, a.Aliases...) {
		ws := wordsOf(name)
		if len(ws) == 0 || !properName(name) {
			continue
		}
		if _, ok := f[ws[len(ws)-1]]; ok {
			return true
		}
		if _, ok := f[ws[0]]; ok && len(ws) > 1 && len(ws[0]) > 3 {
			return true // "Princess Ubolratana" for Ubolratana Mahidol
		}
	}
	if a.Kind == brief.Place && placeWord(a.Name, f) {
		return true
	}
	return false
}

// properName says whether every word of name is capitalised: "Vladimir
// Putin" is a name whose surname alone names him; "the Kremlin leader" is
// a description, found whole by describes.
func properName(name string) bool {
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) > 0 && unicode.IsLower(r[0]) {
			return false
		}
	}
	return true
}

// describes says whether text names the actor by its role, as "the
// princess" or "the minister" would.
func describes(a *brief.Actor, text string) bool {
	folded := lexicon.Fold(text)
	for _, alias := range a.Aliases {
		if !properName(alias) && strings.Contains(folded, lexicon.Fold(alias)) {
			return true
		}
	}
	ws := wordsOf(a.Role)
	if len(ws) == 0 || stopword[ws[len(ws)-1]] {
		return false
	}
	return strings.Contains(folded, "the "+ws[len(ws)-1])
}

// placeWord finds a place's adjective: the usual one ("Polish"), or a
// word that starts like the name ("Argentinian", "Iranian").
func placeWord(name string, f forms) bool {
	n := lexicon.Fold(name)
	if adj := lexicon.Fold(lexicon.CountryAdjective(n)); adj != "" {
		if _, ok := f[adj]; ok {
			return true
		}
	}
	const stem = 5
	if len(n) <= stem || strings.Contains(n, " ") {
		return false
	}
	for w := range f {
		if len(w) > len(n) && strings.HasPrefix(w, n[:stem]) {
			return true
		}
	}
	return false
}

// findAgents parses the best sentences that have a "who" question's verb
// and keeps those where someone other than the question's people does it.
func findAgents(m *nlp.Models, q Question, judged []judgement) {
	var order []int
	for i, j := range judged {
		if j.gated && j.near {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return compareFloat(judged[b].cover, judged[a].cover)
	})
	ask := maps.Clone(q.asked)
	if len(order) > 0 {
		for _, a := range append([]*brief.Actor{judged[order[0]].ctx.subject}, judged[order[0]].ctx.others...) {
			if a != nil {
				for _, w := range wordsOf(a.Name) {
					ask[w] = true // "the killing of Jamal" does not answer who killed Jamal Khashoggi
				}
			}
		}
	}
	type found struct {
		s  span
		ok bool
	}
	seen := map[string]found{} // the same sentence in near-duplicate briefings
	for _, i := range order {
		j := &judged[i]
		f, done := seen[j.text]
		if !done {
			if len(seen) == parsedPerKind {
				break
			}
			f.s, f.ok = agent(m, q, j.text, ask)
			seen[j.text] = f
		}
		if s, ok := f.s, f.ok; ok && j.someoneIn(s) {
			j.answers, j.near, j.mark = true, false, s
			j.score += 0.2
		}
	}
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkSpeakers parses the sentences that would answer a claim question
// only because they name its subject beside a verb of saying, and keeps
// those where the subject is the one who says ("Christie, who denounced").
func checkSpeakers(m *nlp.Models, q Question, judged []judgement) {
	parsed := 0
	for i := range judged {
		j := &judged[i]
		if !j.answers || j.holds || j.ctx.subject == nil {
			continue
		}
		j.answers = false
		if parsed == parsedPerKind {
			continue
		}
		parsed++
		sq := q
		for w := range speechVerbs {
			sq.Predicate = w
			if sp, ok := agent(m, sq, j.text, map[string]bool{}); ok && mentions(j.ctx.subject, read(m, j.text[sp.start:sp.end])) {
				j.answers = true
				break
			}
		}
	}
}

// agentLabels are the relations that hold the doer of a verb.
var agentLabels = map[string]bool{"nsubj": true, "obl:agent": true}

// agent finds, in the parse of text, the doer of the question's verb: its
// subject, the agent of its passive, or the person a role noun names
// ("Mahan's director, Hamid …" for "who runs Mahan").
func agent(m *nlp.Models, q Question, text string, ask map[string]bool) (span, bool) {
	for _, s := range m.Parse(text).Sentences {
		t := newTree(s)
		for i := range s.Words {
			if !t.matches(m, i, q.Predicate) {
				continue
			}
			for _, k := range t.kids[i] {
				label := s.Labels[k]
				if q.Object {
					if label == "obj" || label == "iobj" || label == "obl" && (t.hasCase(k, "with") || t.hasCase(k, "to")) {
						if sp, ok := t.doer(k, ask); ok {
							return sp, true
						}
					}
					continue
				}
				if agentLabels[label] || q.Passive && label == "nsubj:pass" || label == "obl" && t.hasCase(k, "by") {
					if sp, ok := t.doer(k, ask); ok {
						return sp, true
					}
					if sp, ok := t.beforeWho(k, ask); ok {
						return sp, true
					}
				}
			}
			if q.Object {
				if sp, ok := t.phraseAfter(i, ask); ok {
					return sp, true
				}
				continue // the doer-finding fallbacks below look for subjects
			}
			if sp, ok := t.byAgent(i, ask); ok && (q.Passive || t.passive(i)) {
				return sp, true
			}
			if sp, ok := t.looseHead(i, ask); ok {
				return sp, true
			}
			if sp, ok := t.reportingTail(i, ask); ok {
				return sp, true
			}
			if sp, ok := t.relativeHead(i, ask); ok {
				return sp, true
			}
			if s.UPOS[i] == "NOUN" {
				if sp, ok := t.namedBy(i, ask); ok {
					return sp, true
				}
			}
		}
	}
	return span{}, false
}
