package briefings

import (
	"slices"
	"strings"
)

// quoteSpan is a quotation within one sentence: tokens (open, close) exclusive.
type quoteSpan struct {
	s           *sent
	open, close int // indexes of the quote marks; open -1 when the quote started earlier, close len(toks) when it goes on
}

// quotes finds direct quotations and their speakers: the quote stage. Each
// piece of a quotation spoken by an actor is kept with its speaker, for the
// stages after (voices, claims).
func (a *analyzer) quotes() quoted {
	q := &quoting{a: a, out: quoted{quotes: []Quote{}}, lastActor: -1, lastPara: -1}
	for _, s := range a.sents {
		if s.para > q.lastPara+1 {
			q.lastSpeaker, q.lastActor = "", -1
		}
		if s.label != "" {
			q.turn(s)
		} else {
			q.line = nil
			q.sentence(s)
		}
		q.lastPara = s.para
	}
	return q.out
}

// quoted is the quote stage's result.
type quoted struct {
	quotes []Quote
	actors []int    // the actor who speaks each quote, or -1
	pieces []spoken // each sentence's piece of a quotation an actor speaks, in order
}

// spoken is one piece of a quotation, with the actor who speaks it and the
// one it is about (or -1).
type spoken struct {
	span         quoteSpan
	actor, about int
}

// quoting is the quote stage's walk through the report: the quotes so far
// and who spoke last, who speaks on in a paragraph.
type quoting struct {
	a           *analyzer
	out         quoted
	line        *Quote // the transcript turn being continued
	lastSpeaker string
	lastActor   int
	lastPara    int
}

// turn: a transcript line is its speaker's own words, one quote per
// paragraph.
func (q *quoting) turn(s *sent) {
	if q.line != nil && (q.a.sents[q.line.Sentence].para == s.para || s.goesOn) {
		q.line.Text += " " + s.text
		return
	}
	name, k := titleCase(s.label), s.speaker
	if k >= 0 {
		name = q.a.reg.actors[k].Name
	} else if questionLabels[strings.ToLower(s.label)] {
		name = "a questioner"
	}
	q.out.quotes = append(q.out.quotes, Quote{Text: s.text, Speaker: name, Sentence: s.idx, Rule: ruleTurn})
	q.out.actors = append(q.out.actors, k)
	q.line = &q.out.quotes[len(q.out.quotes)-1]
}

// sentence finds the quotations that open in s, each with its speaker.
func (q *quoting) sentence(s *sent) {
	quoted := false
	for _, span := range spans(s) {
		if span.open < 0 {
			continue // the tail of a quotation handled with its head
		}
		quoted = q.quotation(s, span) || quoted
	}
	// Someone reporting without a quote still speaks for what follows.
	if quoted {
		return // the quote's speaker, set then, speaks on
	}
	if s.reporter != "" {
		q.lastSpeaker, q.lastActor = s.reporter, -1
	} else if r, at := q.a.reporterBefore(s, len(s.toks)); at >= 0 {
		q.lastSpeaker, q.lastActor = r, -1
	}
}

// quotation records the quotation opening at span, over as many sentences
// of the paragraph as it runs, when its speaker can be told.
func (q *quoting) quotation(s *sent, span quoteSpan) bool {
	a := q.a
	parts := a.quoteParts(span)
	var texts []string
	for _, p := range parts {
		if t := quoteText(p.s, p); t != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) == 0 {
		return false
	}
	speaker, actor, about, rule := q.speaker(s, span, parts)
	if speaker == "" {
		return false
	}
	aboutName := ""
	if about >= 0 && about != actor {
		aboutName = a.reg.actors[about].Name
	}
	q.out.quotes = append(q.out.quotes, Quote{Text: strings.Join(texts, " "), Speaker: speaker, About: aboutName, Sentence: s.idx, Rule: rule})
	q.out.actors = append(q.out.actors, actor)
	q.lastSpeaker, q.lastActor = speaker, actor
	for _, p := range parts {
		p.s.owners = append(p.s.owners, quoteOwner{from: p.open, to: p.close, actor: actor, speaker: speaker})
		if actor >= 0 {
			q.out.pieces = append(q.out.pieces, spoken{p, actor, about})
		}
	}
	return true
}

// quoteParts are the pieces of a quotation that runs on over the next
// sentences of its paragraph.
func (a *analyzer) quoteParts(span quoteSpan) []quoteSpan {
	parts := []quoteSpan{span}
	for q2 := span; q2.close == len(q2.s.toks) && q2.s.idx+1 < len(a.sents) && a.sents[q2.s.idx+1].para == span.s.para; {
		next := spans(a.sents[q2.s.idx+1])
		if len(next) == 0 || next[0].open >= 0 {
			break
		}
		q2 = next[0]
		parts = append(parts, q2)
	}
	return parts
}

// speaker of a quotation: named around its last piece or by the parse,
// around its first piece, the speaker of the paragraph so far for a whole
// quoted sentence, or who the sentence says reported it.
func (q *quoting) speaker(s *sent, span quoteSpan, parts []quoteSpan) (speaker string, actor, about int, rule string) {
	a := q.a
	tail := parts[len(parts)-1]
	speaker, actor, about, rule = a.speakerOf(tail.s, tail)
	if f, ok := a.treeSpeakerOf(parts); ok && (f.actor >= 0 || speaker == "") {
		speaker, actor, rule = f.name, f.actor, f.rule
	}
	if speaker == "" && len(parts) > 1 {
		speaker, actor, about, rule = a.speakerOf(s, span)
	}
	if speaker == "" && span.coversSentence() && q.lastSpeaker != "" {
		speaker, actor, rule = q.lastSpeaker, q.lastActor, "context: the speaker of the paragraph so far"
	}
	if speaker == "" {
		if r := tail.s.reporter; r != "" {
			speaker, rule = r, "words: who the sentence says reported it"
		} else if r, at := a.reporterBefore(s, span.open); at >= 0 {
			speaker, rule = r, "words: a reporter named before the quote"
		}
	}
	return speaker, actor, about, rule
}

// voices is the stage after quotes: "I" and "we" inside a quotation mean
// its speaker. A sentence where that gives a pronoun its actor gets a new
// mention layer and its clauses read again from it; what the earlier stages
// made of the sentence stays as it was. It returns the pieces on the
// sentences as they now stand.
func (a *analyzer) voices(pieces []spoken) []spoken {
	bySentence := map[int][]spoken{}
	for _, p := range pieces {
		bySentence[p.span.s.idx] = append(bySentence[p.span.s.idx], p)
	}
	for idx, ps := range bySentence {
		if v, ok := a.voiced(a.sents[idx], ps); ok {
			a.sents[idx] = v
		}
	}
	out := make([]spoken, len(pieces))
	for i, p := range pieces {
		p.span.s = a.sents[p.span.s.idx]
		out[i] = p
	}
	return out
}

// voiced is s with the first-person pronouns of its quoted pieces given to
// their speakers, if any were not known before.
func (a *analyzer) voiced(s *sent, pieces []spoken) (*sent, bool) {
	var ms []mention
	for _, p := range pieces {
		for i, m := range s.mentions {
			if m.kind == byPronoun && m.actor < 0 && firstPerson[m.pronoun] && m.start > p.span.open && m.start < p.span.close {
				if ms == nil {
					ms = slices.Clone(s.mentions)
				}
				if ms[i].actor < 0 {
					ms[i].actor = p.actor
					a.reg.actors[p.actor].Mentions++
				}
			}
		}
	}
	if ms == nil {
		return s, false
	}
	v := *s
	v.mentions = ms
	v.clauses = clauses{pairBefore: s.pairBefore}
	v.subjects = a.subjectsOf(&v)
	return &v, true
}

func (q quoteSpan) coversSentence() bool {
	n := len(q.s.toks)
	inside := 0
	for _, t := range q.s.toks {
		if t.inQuote {
			inside++
		}
	}
	return inside*10 >= n*7
}

// spans lists a sentence's quotations.
func spans(s *sent) []quoteSpan {
	var out []quoteSpan
	open := -1
	if len(s.toks) > 0 && s.toks[0].inQuote {
		open = -2 // began before this sentence
	}
	for i, t := range s.toks {
		if t.kind != quoteMark {
			continue
		}
		if open == -1 {
			open = i
			continue
		}
		o := open
		if o == -2 {
			o = -1
		}
		out = append(out, quoteSpan{s: s, open: o, close: i})
		open = -1
	}
	if open != -1 {
		o := open
		if o == -2 {
			o = -1
		}
		out = append(out, quoteSpan{s: s, open: o, close: len(s.toks)})
	}
	return out
}

func quoteText(s *sent, q quoteSpan) string {
	from, to := q.open+1, q.close
	if from >= to || from >= len(s.toks) {
		return ""
	}
	t := s.text[s.toks[from].start:s.toks[to-1].end]
	return strings.TrimSpace(strings.TrimRight(t, ", "))
}

// speakerOf finds who spoke a quotation: "…," X said; X said: "…"; his
// remarks … calling him "…"; Y described it as "…".
func (a *analyzer) speakerOf(s *sent, q quoteSpan) (speaker string, actor int, about int, rule string) {
	about = a.quoteAbout(s, q)
	f, ok := a.speakerAfter(s, q)
	if !ok && q.open >= 0 {
		f, ok = a.statementBefore(s, q)
		if !ok {
			f, about, ok = a.labeller(s, q, about)
		}
		if !ok {
			f, ok = a.statementFrom(s, q)
		}
		if !ok {
			f, ok = a.clauseSpeaker(s, q)
		}
	}
	if !ok {
		return "", -1, about, ""
	}
	return f.name, f.actor, about, f.rule
}

// speakerFound is a quote's speaker as written, the actor, and the rule.
type speakerFound struct {
	name  string
	actor int
	rule  string
}

// quoteAbout is whom a quote is about: "referring to X", or a pronoun
// opening the quote; -1 when neither.
func (a *analyzer) quoteAbout(s *sent, q quoteSpan) int {
	toks := s.toks
	about := -1
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].lower == "referring" && toks[i+1].lower == "to" {
			if m := a.mentionAt(s, i+2); m != nil {
				about = m.actor
			}
		}
	}
	if about < 0 && q.open >= 0 && q.open+1 < len(toks) {
		if m := a.mentionAt(s, q.open+1); m != nil && m.kind == byPronoun {
			about = m.actor
		}
	}
	return about
}

// speakerAfter: `," X said`, `," said X`, `," according to X` and
// `," read the statement` after the quote.
func (a *analyzer) speakerAfter(s *sent, q quoteSpan) (speakerFound, bool) {
	toks := s.toks
	if q.close >= len(toks) {
		return speakerFound{}, false
	}
	i := q.close + 1
	if i < len(toks) && toks[i].text == "," {
		i++
	}
	if sp, who, ok := a.accordingTo(s, i); ok {
		return speakerFound{sp, who, "words: \"according to\" after the quote"}, true
	}
	if who := a.readTheStatement(s, i); who >= 0 {
		return speakerFound{a.reg.actors[who].Name, who, "words: \"read the statement\" after the quote"}, true
	}
	return speakerFound{}, false
}

// statementBefore: whoever issued the statement a verb before the quote
// names ("X released a statement which said "…"").
func (a *analyzer) statementBefore(s *sent, q quoteSpan) (speakerFound, bool) {
	toks := s.toks
	for v := q.open - 1; v >= 0; v-- {
		if !a.reportVerb(s, v) || toks[v].paren && !toks[q.open].paren {
			continue // an aside's verb ("— which the BBC noted —") is not the quote's
		}
		if who := a.statementOwner(s, v); who >= 0 {
			return speakerFound{a.reg.actors[who].Name, who, "words: whoever issued the statement before the quote"}, true
		}
		return speakerFound{}, false
	}
	return speakerFound{}, false
}

// labeller: a label put on someone ("calling him "…"") is the remarks of
// whoever made them, and is about the one labelled.
func (a *analyzer) labeller(s *sent, q quoteSpan, about int) (speakerFound, int, bool) {
	toks := s.toks
	for k := q.open - 1; k >= 0 && k >= q.open-4; k-- {
		if !callingVerbs[toks[k].lower] {
			continue
		}
		if k+1 < q.open {
			if m := a.mentionAt(s, k+1); m != nil && m.actor >= 0 {
				about = m.actor
			}
		}
		if who := a.remarksOwner(s, k); who >= 0 {
			return speakerFound{a.reg.actors[who].Name, who, "words: whoever called someone so"}, about, true
		}
	}
	return speakerFound{}, about, false
}

// statementFrom: `… the following statement from X: "…"`: a quotation
// the colon after a statement by or from someone opens is theirs.
func (a *analyzer) statementFrom(s *sent, q quoteSpan) (speakerFound, bool) {
	toks := s.toks
	colon := q.open - 1
	if colon < 2 || toks[colon].text != ":" {
		return speakerFound{}, false
	}
	if from := statementBy(toks[:colon], max(0, colon-8)); from >= 0 {
		if m := a.mentionAt(s, from); m != nil && m.actor >= 0 && m.end == colon {
			return speakerFound{a.reg.actors[m.actor].Name, m.actor, "words: the statement from X the quote follows"}, true
		}
	}
	return speakerFound{}, false
}

// clauseSpeaker: the one subject of the clause the quote sits in ("Berg
// described it as "…"").
func (a *analyzer) clauseSpeaker(s *sent, q quoteSpan) (speakerFound, bool) {
	for _, sub := range s.subjects {
		if sub.start < q.open && sub.verb < q.open && len(sub.actors) == 1 && sub.embedded < 0 && !s.toks[sub.start].inQuote {
			k := sub.actors[0]
			return speakerFound{a.reg.actors[k].Name, k, "words: the subject of the clause the quote is in"}, true
		}
	}
	return speakerFound{}, false
}

// readTheStatement: `…" read the statement` at token i: the words are
// those of whoever the report last said released or issued a statement,
// or -1.
func (a *analyzer) readTheStatement(s *sent, i int) int {
	toks := s.toks
	if i+2 >= len(toks) || toks[i].lower != "read" && toks[i].lower != "reads" || toks[i+1].lower != "the" || !speechNouns[toks[i+2].lower] {
		return -1
	}
	for k := s.idx; k >= 0 && k >= s.idx-5; k-- {
		if who := a.releaser(a.sents[k], toks[i+2].lower); who >= 0 {
			return who
		}
	}
	return -1
}

// releaser: the doer of a verb whose object is the noun (a statement, a
// report) in sentence s, by the parse, or -1.
func (a *analyzer) releaser(s *sent, noun string) int {
	t := s.tree
	if t == nil {
		return -1
	}
	for w := range t.words {
		if strings.ToLower(t.words[w]) != noun || t.labels[w] != "obj" || t.heads[w] < 0 {
			continue
		}
		if ks := a.agentActors(s, t.heads[w]); len(ks) == 1 {
			return ks[0]
		}
	}
	return -1
}

// statementOwner: whoever released the statement of "a statement which
// said" at report verb v, or -1.
func (a *analyzer) statementOwner(s *sent, v int) int {
	if v < 2 || s.toks[v-1].lower != "which" && s.toks[v-1].lower != "that" || !speechNouns[s.toks[v-2].lower] {
		return -1
	}
	return a.releaser(s, s.toks[v-2].lower)
}

// reportVerb: token i is a verb of reporting ("said", "told"), not a noun
// that looks like one ("United States").
func (a *analyzer) reportVerb(s *sent, i int) bool {
	l := s.toks[i].lower
	return reportVerbs[l] && l != "according" && s.tree.verbAt(i)
}

// remarksOwner: whose words a labelling verb at token k belongs to: the
// sentence's subject, or the owner of "his remarks".
func (a *analyzer) remarksOwner(s *sent, k int) int {
	for _, sub := range s.subjects {
		if sub.start < k && len(sub.actors) == 1 && sub.embedded < 0 {
			return sub.actors[0]
		}
	}
	for _, m := range s.mentions {
		if m.start >= k || m.role != rolePossessor || m.actor < 0 {
			continue
		}
		for j := m.end; j < len(s.toks) && j < m.end+4; j++ {
			if speechNouns[s.toks[j].lower] {
				return m.actor
			}
		}
	}
	return a.controller(s, k)
}

// controller: who does what the participle at token k says, by the parse:
// "X spoke out against the attack, calling it …" is X calling it.
func (a *analyzer) controller(s *sent, k int) int {
	t := s.tree
	for w, n := t.wordAt(k), 0; n < 4 && w >= 0; n++ {
		if ks := a.agentActors(s, w); len(ks) == 1 {
			return ks[0]
		}
		if l := t.labels[w]; l != "advcl" && l != "xcomp" && l != "conj" {
			break
		}
		w = t.heads[w]
	}
	return -1
}

// speakerPhrase is the speaker as written; a pronoun becomes the name it means.
func (a *analyzer) speakerPhrase(s *sent, i, j int) string {
	for _, m := range s.mentions {
		if m.start == i && m.end == j && m.kind == byPronoun && m.actor >= 0 {
			return a.reg.actors[m.actor].Name
		}
	}
	return spanText(s, i, j)
}

// headActor: the actor a speaker phrase names, if the phrase is that actor.
func (a *analyzer) headActor(s *sent, i, j int) int {
	for _, m := range s.mentions {
		if m.start >= i && m.end <= j && m.actor >= 0 && m.role != rolePrepObject && m.role != rolePossessor {
			// "Foreign Ministry spokeswoman Anna Berg", "Berg", "Berg on Twitter".
			if m.end == j || m.end+1 == j && s.toks[m.end].text == "," || m.end < j && prepositions[s.toks[m.end].lower] {
				return m.actor
			}
		}
	}
	return -1
}

func (a *analyzer) mentionAt(s *sent, i int) *mention {
	for k := range s.mentions {
		if s.mentions[k].start == i {
			return &s.mentions[k]
		}
	}
	return nil
}

// quotePosition records a quoted actor's words as their position, unless a
// clause of theirs in the sentence already holds them.
func (a *analyzer) quotePosition(e *extraction, s *sent, q quoteSpan, actor, about int) {
	start := max(q.open, 0)
	// Begin at a labelling verb just before the quote: "calling him "…"".
	for k := q.open - 1; k >= 0 && k >= q.open-4; k-- {
		if callingVerbs[s.toks[k].lower] {
			start = k
		}
	}
	end := min(max(quoteClauseEnd(s, q, actor), q.close+1), len(s.toks))
	e.pos = append(e.pos, claim{actor: actor, sentence: s.idx, start: start, end: end, verb: "said", rule: ruleQuote})
	if about >= 0 && about != actor {
		e.about = append(e.about, claim{actor: about, sentence: s.idx, start: start, end: end, by: a.reg.actors[actor].Name, rule: ruleAboutQuote})
	}
}

// quoteClauseEnd is where the clause of quote q ends: the speaker's own
// clause when one holds it, else the next clause boundary after the quote.
func quoteClauseEnd(s *sent, q quoteSpan, actor int) int {
	end := s.attrStart
	for _, sub := range s.subjects {
		if containsInt(sub.actors, actor) && sub.start <= q.open && q.open < sub.end {
			end = sub.end
		}
	}
	if end != s.attrStart {
		return end
	}
	for k := q.close + 1; k < s.attrStart; k++ {
		if s.toks[k].text == ";" || s.toks[k].text == "," && k+1 < len(s.toks) && contrastive(s.toks, k) {
			return k
		}
	}
	return end
}

// accordingTo reads `," according to X` after a quote, and through a
// medium: "according to a tweet on Monday by X" is X's.
func (a *analyzer) accordingTo(s *sent, i int) (string, int, bool) {
	toks := s.toks
	if i+2 >= len(toks) || toks[i].lower != "according" || toks[i+1].lower != "to" {
		return "", -1, false
	}
	start, end := i+2, i+2
	for end < len(toks) && toks[end].kind == word && end-start < 16 {
		if toks[end].lower == "by" {
			start = end + 1
		}
		end++
	}
	if start >= end {
		return "", -1, false
	}
	who := -1
	for _, m := range s.mentions { // after "by" a name is a prepositional object, and still the speaker
		if m.start >= start && m.end <= end && m.actor >= 0 && m.kind != byPronoun && m.role != rolePossessor {
			who = m.actor
		}
	}
	if who >= 0 && a.reg.outlet(who) {
		who = -1 // "according to the Lima Herald": a newspaper reports the words, it does not hold them
	}
	return a.speakerPhrase(s, start, end), who, true
}
