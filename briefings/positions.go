package briefings

import (
	"sort"
	"strings"
)

// subject is an actor (or several) doing something in a clause.
type subject struct {
	actors   []int
	start    int // first token of the clause
	verb     int // first verb token (auxiliary included)
	main     int // the main verb
	lemma    string
	end      int // end of the clause (exclusive)
	embedded int // index of the subject whose claim this is inside, or -1
}

// claim is a position or an about entry while the analysis runs.
type claim struct {
	actor    int
	sentence int
	start    int
	end      int
	text     string
	by       string
	verb     string
	rule     string // what made it (Position.Rule)
}

// The rules that make claims, as Position.Rule, About.Rule and
// `briefbot explain` name them.
const (
	ruleSpokesperson      = "words: a spokesperson speaks for the actor"
	ruleTurn              = "transcript: the speaker's turn"
	ruleRelayed           = "parse: a position passed on (\"X's call for\")"
	ruleQuote             = "quote: the speaker's quoted words"
	ruleAboutSpokesperson = "about: in a statement made for another"
	ruleTreeAbout         = "about: parse: a clause someone else says"
	ruleAboutQuote        = "about: what a quotation says of someone"
)

// extraction collects claims for the whole report.
type extraction struct {
	a          *analyzer
	pos        []claim
	about      []claim
	quotes     []Quote
	quoteActor []int
}

func (e *extraction) toPositions(ids []string) []Position {
	out := make([]Position, 0, len(e.pos)+1)
	for _, c := range e.merge(e.pos) {
		if ids[c.actor] == "" || c.text == "" { // "" : a clause wholly inside an aside
			continue
		}
		out = append(out, Position{Actor: ids[c.actor], Text: c.text, Sentences: []int{c.sentence}, Attribution: c.by, Verb: c.verb, Rule: c.rule})
	}
	return out
}

func (e *extraction) toAbout(ids []string) []About {
	out := make([]About, 0, len(e.about))
	for _, c := range e.merge(e.about) {
		if ids[c.actor] == "" || c.text == "" {
			continue
		}
		out = append(out, About{Actor: ids[c.actor], Text: c.text, Sentences: []int{c.sentence}, By: c.by, Rule: c.rule})
	}
	return out
}

// merge keeps one claim per actor and sentence, covering its clauses.
func (e *extraction) merge(cs []claim) []claim {
	type key struct{ actor, sentence int }
	idx := map[key]int{}
	var out []claim
	for _, c := range cs {
		k := key{c.actor, c.sentence}
		if i, ok := idx[k]; ok {
			o := &out[i]
			if c.start < o.start || c.end > o.end {
				if c.start < o.start {
					o.start = c.start
				}
				if c.end > o.end {
					o.end = c.end
				}
				o.text = "" // rebuilt below
			}
			if o.by == "" {
				o.by = c.by
			}
			if !strings.Contains(o.rule, c.rule) {
				o.rule += " + " + c.rule
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, c)
	}
	for i := range out {
		if out[i].text == "" {
			out[i].text = spanText(e.a.sents[out[i].sentence], out[i].start, out[i].end)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].sentence != out[j].sentence {
			return out[i].sentence < out[j].sentence
		}
		return out[i].start < out[j].start
	})
	return out
}

// attribute is the attribution stage: who each sentence says reported it.
func (a *analyzer) attribute() {
	statement := ""
	for _, s := range a.sents {
		s.reported, statement = attribution(s, statement)
	}
}

// clauses is the clause stage: each sentence's subjects and their verbs.
func (a *analyzer) clauses() {
	// "They" after "X and Y met …" are X and Y: each sentence keeps the
	// pair in view when it was reached.
	var pair []int
	pairAt := -2
	for _, s := range a.sents {
		c := clauses{}
		if s.idx-pairAt <= 1 {
			c.pairBefore = pair
		}
		s.clauses = c
		s.subjects = a.subjectsOf(s)
		if p := a.jointPeople(s.subjects); p != nil {
			pair, pairAt = p, s.idx
		}
	}
}

// claimAll is the claim stage: who holds which position and who is only
// talked about, from the quotations' pieces first, then from every clause.
func (a *analyzer) claimAll(q quoted, pieces []spoken) *extraction {
	e := &extraction{a: a, quotes: q.quotes, quoteActor: q.actors}
	for _, p := range pieces {
		a.quotePosition(e, p.span.s, p.span, p.actor, p.about)
	}
	for _, s := range a.sents {
		a.claims(e, s)
	}
	return e
}

// spanText is the sentence text for tokens [i, j), asides left out.
func spanText(s *sent, i, j int) string {
	if j > len(s.toks) {
		j = len(s.toks)
	}
	for j > i && (s.toks[j-1].kind != word && s.toks[j-1].text != ")" || s.toks[j-1].paren) {
		j--
	}
	var b strings.Builder
	segStart := -1
	flush := func(end int) {
		if segStart >= 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.TrimSpace(s.text[s.toks[segStart].start:s.toks[end-1].end]))
			segStart = -1
		}
	}
	for k := i; k < j; k++ {
		if s.toks[k].paren {
			flush(k)
			continue
		}
		if segStart < 0 {
			segStart = k
		}
	}
	flush(j)
	t := b.String()
	// An unbalanced quote mark left by the cut would confuse readers.
	if strings.Count(t, `"`)%2 == 1 {
		if strings.HasSuffix(t, `"`) {
			t = strings.TrimSuffix(t, `"`)
		} else {
			t += `"`
		}
	}
	return strings.TrimRight(strings.TrimSpace(t), ",;:")
}

// attribution finds a trailing "…, two sources said." and the reporter
// phrase. statement is whom the statement the sentence belongs to is
// attributed to so far; it returns the one for the sentences after.
func attribution(s *sent, statement string) (reported, string) {
	toks := s.toks
	r := reported{attrStart: len(toks), statementBy: statement}
	n := len(toks)
	for n > 0 && toks[n-1].kind == punct && (toks[n-1].text == "." || toks[n-1].text == "!" || toks[n-1].text == "?") {
		n--
	}
	if n < 3 {
		return r, statement
	}
	// "The following is attributable to Spokesperson Daniel Reyes:" speaks
	// for the rest of the statement.
	if k := attributableTo(toks); k > 0 {
		end := k
		for end < len(toks) && toks[end].text != ":" {
			end++
		}
		r.statementBy, r.preamble = spanText(s, k, end), true
		return r, r.statementBy
	}
	for _, find := range []func(*sent, int) (attributionAt, bool){accordingAfter, accordingBefore, saidAfter, saidBefore} {
		if at, ok := find(s, n); ok {
			if at.start >= 0 {
				r.attrStart = at.start
			}
			r.reporter, r.statementOf = at.reporter, at.statementOf
			return r, statement
		}
	}
	return r, statement
}

// attributionAt is who a sentence says reported it, and the token where the
// attribution starts (-1 when it opens the sentence).
type attributionAt struct {
	start       int
	reporter    string
	statementOf bool // the reporter is a statement's maker: "according to a tweet by X"
}

// accordingAfter: "…, according to X."; n is the length without the final
// stop.
func accordingAfter(s *sent, n int) (attributionAt, bool) {
	toks := s.toks
	for k := n - 2; k > 0 && n-k <= 16; k-- {
		if toks[k].lower == "according" && k+1 < n && toks[k+1].lower == "to" && (toks[k-1].text == "," || toks[k-1].kind == quoteMark) {
			if by := statementBy(toks, k+2); by > 0 {
				return attributionAt{k - 1, spanText(s, by, n), true}, true
			}
			return attributionAt{k - 1, spanText(s, k+2, n), false}, true
		}
		if toks[k].kind != word && toks[k].lower != "'s" {
			break
		}
	}
	return attributionAt{}, false
}

// accordingBefore: "According to X, …".
func accordingBefore(s *sent, n int) (attributionAt, bool) {
	toks := s.toks
	if toks[0].lower != "according" || toks[1].lower != "to" {
		return attributionAt{}, false
	}
	for k := 2; k < n && k < 18; k++ {
		if toks[k].text == "," {
			return attributionAt{-1, spanText(s, 2, k), false}, true
		}
	}
	return attributionAt{}, false
}

// saidAfter: "…, X said." or "…," X said (told reporters).
func saidAfter(s *sent, n int) (attributionAt, bool) {
	toks := s.toks
	verbAt := closingReportVerb(toks, n-adjunctTail(toks, n))
	if verbAt <= 0 {
		return attributionAt{}, false
	}
	k := verbAt - 1
	for k >= 0 && toks[k].kind == word && verbAt-k <= 16 {
		k--
	}
	if k < 0 || k >= verbAt-1 || toks[k].text != "," && toks[k].kind != quoteMark || hasVerb(toks, k+1, verbAt) {
		return attributionAt{}, false
	}
	at := attributionAt{start: k, reporter: spanText(s, k+1, verbAt)}
	if toks[k].kind == quoteMark {
		at.start = k + 1
	}
	return at, true
}

// closingReportVerb is the reporting verb toks[:n] ends with ("… said",
// "… told reporters"), or -1.
func closingReportVerb(toks []token, n int) int {
	last := toks[n-1].lower
	switch {
	case reportVerbs[last]:
		return n - 1
	case n >= 2 && reportVerbs[toks[n-2].lower] && (last == "reporters" || last == "journalists" || last == "reuters" || last == "me"):
		return n - 2
	}
	return -1
}

// adjunctOpeners start the when or where that may close an attribution:
// "X said late on Thursday", "X said in a statement".
var adjunctOpeners = set(`on in at late earlier later yesterday today tonight last this during after before while from via`)

// adjunctTail is how many words at the end of toks[:n] are such an
// adjunct: up to eight words, opened by one of adjunctOpeners, with no verb
// or comma in them; 0 when there is none.
func adjunctTail(toks []token, n int) int {
	for k := n - 1; k > 0 && n-k <= 8; k-- {
		if toks[k].kind != word || auxVerbs[toks[k].lower] || reportVerbs[toks[k].lower] || toks[k].lower == "that" {
			return 0
		}
		if adjunctOpeners[toks[k].lower] && reportVerbs[toks[k-1].lower] {
			return n - k
		}
	}
	return 0
}

// saidBefore: "…, said X."
func saidBefore(s *sent, n int) (attributionAt, bool) {
	toks := s.toks
	for k := n - 2; k > 0 && n-k <= 16; k-- {
		if toks[k].kind != word {
			break
		}
		if reportVerbs[toks[k].lower] && (toks[k-1].text == "," || toks[k-1].kind == quoteMark) && !anyVerb(toks, k+1, n) && n-k <= 10 {
			at := attributionAt{start: k - 1, reporter: spanText(s, k+1, n)}
			if toks[k-1].kind == quoteMark {
				at.start = k
			}
			return at, true
		}
	}
	return attributionAt{}, false
}

// attributableTo finds "The following is attributable to X" and where X starts.
func attributableTo(toks []token) int {
	for i := 0; i+2 < len(toks) && i < 6; i++ {
		if toks[i].lower == "attributable" && toks[i+1].lower == "to" {
			return i + 2
		}
	}
	return -1
}

func hasVerb(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if auxVerbs[toks[k].lower] && toks[k].lower != "'s" {
			return true
		}
	}
	return false
}

// anyVerb: does [i, j) hold a verb of any kind ("said the deal was dead")?
func anyVerb(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if isVerb(toks, k) {
			return true
		}
	}
	return false
}

// reporterBefore finds "the source said" / "Another official added that"
// before token i: a phrase of unnamed sources and a reporting verb.
func (a *analyzer) reporterBefore(s *sent, i int) (string, int) {
	toks := s.toks
	for v := i - 1; v > 0; v-- {
		if !reportVerbs[toks[v].lower] || toks[v].lower == "according" {
			continue
		}
		phraseEnd := subjectEndBefore(toks, v)
		start := phraseEnd
		for start > 0 && toks[start-1].kind == word && !(clauseOpeners[toks[start-1].lower] && toks[start-1].lower != "both") && phraseEnd-start < 12 {
			start--
		}
		if start == phraseEnd {
			continue
		}
		if head := phraseHead(toks[start:phraseEnd]); sourceNouns[head] && !a.hasActorHead(s, start, phraseEnd) {
			return spanText(s, start, phraseEnd), start
		}
	}
	return "", -1
}

// subjectEndBefore is where the subject of the reporting verb at v ends:
// before its auxiliaries and adverbs, and before a relative clause set off
// by commas ("A senior diplomat, who asked not to be named, said …").
func subjectEndBefore(toks []token, v int) int {
	end := v
	for end > 0 && (auxVerbs[toks[end-1].lower] || adverbs[toks[end-1].lower]) {
		end--
	}
	if end == 0 || toks[end-1].text != "," {
		return end
	}
	for k := end - 2; k > 0 && end-k < 16; k-- {
		if toks[k].text == "," {
			if toks[k+1].lower == "who" || toks[k+1].lower == "which" {
				return k
			}
			return end
		}
	}
	return end
}

// unnamedSource: a speaker phrase headed by a source noun ("the source",
// "two officials familiar with the talks").
func unnamedSource(phrase string) bool {
	return sourceNouns[phraseHead(tokenize(phrase))]
}

// phraseHead: the noun a phrase is about ("officials" in "officials close to Trump").
func phraseHead(toks []token) string {
	head := ""
	for _, t := range toks {
		if t.lower == "of" && quantityNouns[head] {
			continue
		}
		if prepositions[t.lower] || t.lower == "close" || t.lower == "familiar" || t.lower == "who" || strings.HasSuffix(t.lower, "ing") && head != "" {
			break
		}
		if t.kind == word && t.lower != "'s" {
			head = t.lower
		}
	}
	return head
}

func (a *analyzer) hasActorHead(s *sent, start, end int) bool {
	for _, m := range s.mentions {
		if m.start >= start && m.end <= end && m.role != rolePrepObject && m.role != rolePossessor && (m.actor >= 0 || len(m.members) > 0) {
			return true
		}
	}
	return false
}

// namedIn is the actor named in phrase, a part of the sentence, or -1.
func (a *analyzer) namedIn(s *sent, phrase string) int {
	lo := strings.Index(s.text, phrase)
	if lo < 0 {
		return -1
	}
	for _, m := range s.mentions {
		if m.actor >= 0 && m.kind != byPronoun && m.kind != byDescription && s.toks[m.start].start >= lo && s.toks[m.end-1].end <= lo+len(phrase) {
			return m.actor
		}
	}
	return -1
}

// affiliate: the actor an unnamed reporter speaks for ("a source in the
// Ukrainian president's office", "Macron's spokesman").
func (a *analyzer) affiliate(s *sent, phrase string) int {
	if phrase == "" {
		return -1
	}
	lo := strings.Index(s.text, phrase)
	if lo < 0 {
		return -1
	}
	hi := lo + len(phrase)
	for _, m := range s.mentions {
		if m.actor < 0 || s.toks[m.start].start < lo || s.toks[m.end-1].end > hi {
			continue
		}
		if m.kind == byDescription && !namesCountry(s.toks[m.start:m.end]) {
			continue // "the prime minister's office" could be anyone's
		}
		if speaksForMention(s, m) {
			return m.actor
		}
	}
	return -1
}

// entourage are those who speak for whoever owns them: "X's office", "his
// aides", "the president's team".
var entourage = set(`office spokesman spokeswoman spokesperson aide aides adviser advisers team camp press chief staff
ministry government`)

// speaksForMention: the phrase around mention m is someone speaking for
// its actor: "X's spokesman", "a spokesperson for X", "an aide to X".
func speaksForMention(s *sent, m mention) bool {
	noun := m.end + 1
	if m.kind == byPronoun {
		noun = m.end
	}
	if m.role == rolePossessor && noun < len(s.toks) && entourage[s.toks[noun].lower] {
		return true
	}
	if m.start < 2 || s.toks[m.start-1].lower != "for" && s.toks[m.start-1].lower != "to" {
		return false
	}
	switch s.toks[m.start-2].lower {
	case "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor":
		return true
	}
	return false
}

// statementMedia are what people speak through: "according to a tweet by X".
var statementMedia = set("tweet tweets statement statements post posts letter interview message video speech")

// statementBy finds X in "a tweet on Monday by X" or "a statement from X"
// within eight words from i (after "according to", before a quotation's
// colon), and returns where X starts, or -1.
func statementBy(toks []token, i int) int {
	medium := false
	for k := i; k < len(toks) && k-i < 8; k++ {
		switch {
		case statementMedia[toks[k].lower]:
			medium = true
		case medium && (toks[k].lower == "by" || toks[k].lower == "from") && k+1 < len(toks):
			return k + 1
		}
	}
	return -1
}

// jointPeople are the people of the sentence's last subject of two or more
// (in the order clauses were found), or nil.
func (a *analyzer) jointPeople(subs []subject) []int {
	var out []int
	for _, sub := range subs {
		if len(sub.actors) >= 2 && a.reg.actors[sub.actors[0]].Kind == Person {
			out = sub.actors
		}
	}
	return out
}

func appendUnique(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// contrastive: the boundary at b opens a contrasting clause (", while",
// ", whereas", ", but").
func contrastive(toks []token, b int) bool {
	for k := b; k < len(toks) && k <= b+1; k++ {
		switch toks[k].lower {
		case "while", "whereas", "but":
			return true
		}
	}
	return false
}

var quantityNouns = set(`total number group handful dozen couple few majority pair`)

// claims turns a sentence's subjects into positions and about entries.
func (a *analyzer) claims(e *extraction, s *sent) {
	if a.spokespersonClaims(e, s) {
		return
	}
	// A transcript speaker holds what they say, even without "I" or "we",
	// pleasantries and questions apart.
	if s.speaker >= 0 && !strings.HasSuffix(strings.TrimSpace(s.text), "?") && words(s.toks) >= 4 && !pleasantry(s.toks) {
		e.pos = append(e.pos, claim{actor: s.speaker, sentence: s.idx, start: 0, end: len(s.toks), verb: "said", rule: ruleTurn})
	}
	a.treeClaims(e, s)
}

// spokespersonClaims: someone speaking for an actor ("a spokesman for X
// said", "according to a tweet by X") makes the whole sentence that
// actor's, and what it says of others about them; false when the sentence
// has no such principal, or the principal is its own subject.
func (a *analyzer) spokespersonClaims(e *extraction, s *sent) bool {
	principal := a.affiliate(s, s.reporter)
	if principal < 0 && s.statementOf {
		principal = a.namedIn(s, s.reporter) // "according to a tweet by X": X said it
	}
	if principal < 0 || s.attrStart <= 0 {
		return false
	}
	for _, sub := range s.subjects {
		if sub.embedded < 0 && containsInt(sub.actors, principal) {
			return false
		}
	}
	e.pos = append(e.pos, claim{actor: principal, sentence: s.idx, start: 0, end: s.attrStart, by: s.reporter, verb: "said", rule: ruleSpokesperson})
	for _, sub := range s.subjects {
		for _, k := range sub.actors {
			if k != principal {
				e.about = append(e.about, claim{actor: k, sentence: s.idx, start: sub.start, end: sub.end, by: s.reporter, rule: ruleAboutSpokesperson})
			}
		}
	}
	return true
}

// relayingVerbs pass on what others did or said without making it the
// reporter's own claim: "NPR reported X recommended …" is X's position, and
// "the president announced that X had resigned" X's act. A belief or a
// plain "said" stays the speaker's (see embedVerbs).
var relayingVerbs = lemmaSet(`report announce confirm reveal disclose`)

// reportedBy: who the sentence says reported the clause starting at token
// start: a reporter named before it, else the sentence's, else the statement's.
func (a *analyzer) reportedBy(s *sent, start int) string {
	by := s.reporter
	if r, at := a.reporterBefore(s, start); at >= 0 {
		by = r
	}
	if by == "" {
		by = s.statementBy
	}
	return by
}

// selfReported: the reporter is actor k itself, by name or as the pronoun
// after a quote that resolved to k (`"…," she said`).
func (a *analyzer) selfReported(s *sent, by string, k int) bool {
	if a.names([]int{k}) == by || a.reg.personByName(by) == k {
		return true
	}
	if _, ok := pronounGender[strings.ToLower(by)]; !ok || by != s.reporter {
		return false
	}
	for _, m := range s.mentions {
		if m.kind == byPronoun && m.start >= s.attrStart && strings.EqualFold(m.pronoun, by) {
			return m.actor == k
		}
	}
	return false
}

// relayed gives a position passed on for someone else to them too: "the
// envoy reiterated the chancellor's call for talks" is also the
// chancellor's, and "she will comply with the request of the prime minister
// to …" the prime minister's.
func (a *analyzer) relayed(e *extraction, s *sent, sub subject) {
	for _, m := range s.mentions {
		if m.actor < 0 || m.start <= sub.main || m.start >= sub.end || containsInt(sub.actors, m.actor) || a.reg.actors[m.actor].Kind != Person {
			continue
		}
		noun, start, own := stanceNoun(s, m)
		if noun < 0 || noun >= len(s.toks) || !positionNouns[s.toks[noun].lower] {
			continue
		}
		by := a.names(sub.actors)
		if own {
			by = ""
		}
		e.pos = append(e.pos, claim{actor: m.actor, sentence: s.idx, start: start, end: sub.end, by: by, verb: s.toks[noun].lower, rule: ruleRelayed})
	}
}

// stanceNoun is the token of the noun that may hold mention m's stance
// ("X's call", "his plan", "the request of X", "X, whose promise"), or -1,
// with where the stance's text starts; own is true where the report says
// it in its own words.
func stanceNoun(s *sent, m mention) (noun, start int, own bool) {
	switch {
	case m.end+2 < len(s.toks) && s.toks[m.end].text == "," && s.toks[m.end+1].lower == "whose":
		return m.end + 2, m.start, true
	case m.role == rolePossessor && m.kind == byPronoun:
		return m.end, m.start, false
	case m.role == rolePossessor:
		return m.end + 1, m.start, false
	case m.role == rolePrepObject && m.start >= 2 && s.toks[m.start-1].lower == "of":
		return m.start - 2, m.start - 2, false
	}
	return -1, m.start, false
}

func namesCountry(toks []token) bool {
	for _, t := range toks {
		if countryOf(t.lower) != "" || seats[t.lower] != "" {
			return true
		}
	}
	return false
}

func words(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.kind == word {
			n++
		}
	}
	return n
}

// pleasantry: "Thank you, Madam President." "Good afternoon."
func pleasantry(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[0].lower {
	case "thank", "thanks", "hello", "hi", "welcome", "goodbye":
		return true
	case "good", "well":
		return len(toks) > 1 && (toks[1].lower == "morning" || toks[1].lower == "afternoon" || toks[1].lower == "evening" || toks[1].lower == "," && len(toks) > 2 && toks[2].lower == "good")
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (a *analyzer) names(ks []int) string {
	var ns []string
	for _, k := range ks {
		ns = append(ns, a.reg.actors[k].Name)
	}
	return strings.Join(ns, " and ")
}
