package briefings

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/lexicon"
)

// Options tune Analyze.
type Options struct {
	MaxBytes  int // refuse larger reports; 0 means DefaultMaxBytes
	KeyPoints int // how many key points; 0 means 5
}

// sent is one body sentence as the stages see it. Each layer is one
// stage's result, written by that stage alone and only read after it.
type sent struct {
	sentence              // split: the text, its tokens and its parse
	speaker  int          // discover: the actor of a transcript speaker label, or -1
	mentions []mention    // resolve: names, descriptions and pronouns, with whom they mean
	reported              // attribution: who the sentence says reported it
	clauses               // clauses: subjects and their verbs
	owners   []quoteOwner // quotes: who speaks each quotation in it
}

// sentence is what the split stage makes of one sentence of the body.
type sentence struct {
	idx       int
	para      int
	text      string
	toks      []token
	label     string // the transcript speaker label as written
	goesOn    bool   // the label is the one before: the paragraph goes on with its turn
	answer    bool   // an interview's answer without a label: the interviewee speaks
	endsQuote bool   // the sentence ends inside an open quotation
	tree      *tree  // the backbone's parse, or nil
}

// reported is the attribution stage's reading of a sentence.
type reported struct {
	attrStart   int    // token where a trailing attribution begins, or len(toks)
	statementOf bool   // the attribution is the reporter's own statement: "according to a tweet by X"
	reporter    string // who the sentence says reported it
	preamble    bool   // "The following is attributable to …": not news itself
	statementBy string // whom the statement this sentence belongs to is attributed to
}

// clauses is the clause stage's reading of a sentence.
type clauses struct {
	pairBefore []int // the people of the last joint subject before, in view for "they"
	subjects   []subject
}

// quoteOwner says who speaks the quotation between two tokens.
type quoteOwner struct {
	from, to int
	actor    int
	speaker  string
}

// ownerAt: the speaker of the quotation holding token i, if any.
func (s *sent) ownerAt(i int) (quoteOwner, bool) {
	for _, o := range s.owners {
		if i > o.from && i < o.to {
			return o, true
		}
	}
	return quoteOwner{}, false
}

type analyzer struct {
	appos   int            // while finding mentions: the person a description at this token stands beside
	lone    map[string]int // recurring single names registered as organisations
	doc     document
	sents   []*sent
	reg     *registry
	midCaps map[string]bool
	alone   map[string]int // how often each capitalised word is a name run on its own
	authors map[string]bool
	nouns   map[string]bool // words the report also uses as lower-case common nouns
	// While resolving: whose ministry, government … (a country's) or
	// spokesperson (anyone's) was named last, by noun.
	ownersByNoun map[string]int
}

func newAnalyzer(doc document) *analyzer {
	a := &analyzer{doc: doc, reg: newRegistry(), midCaps: map[string]bool{}, alone: map[string]int{}, nouns: map[string]bool{}, authors: map[string]bool{}, lone: map[string]int{}, ownersByNoun: map[string]int{}}
	for _, au := range doc.byline {
		a.authors[fold(au)] = true
	}
	return a
}

// Analyze turns a report into a briefing.
func Analyze(text []byte, opt Options) (*Briefing, error) {
	_, b, err := analyze(text, opt)
	return b, err
}

// analyze is Analyze, keeping the analyser's workings for Explain.
func analyze(text []byte, opt Options) (*analyzer, *Briefing, error) {
	if err := validate(text, opt.MaxBytes); err != nil {
		return nil, nil, err
	}
	if opt.KeyPoints <= 0 {
		opt.KeyPoints = 5
	}
	a := newAnalyzer(read(normalize(string(text)))) // the read stage
	// The stages, in order; each writes its own layer of the sentences
	// (see sent) or returns its own result, and none changes an earlier one.
	a.split()     // sentences, tokens and their parse
	a.discover()  // the people, bodies and places the report names
	a.resolve()   // mentions, and whom each means
	a.treeRoles() // roles and countries the parse gives the people
	a.attribute() // who each sentence says reported it
	a.clauses()   // subjects and their verbs
	q := a.quotes()
	pieces := a.voices(q.pieces) // "I" and "we" in a quotation are its speaker
	ex := a.claimAll(q, pieces)
	b := &Briefing{
		Title:     a.doc.title,
		Byline:    nonNil(a.doc.byline),
		Dateline:  a.doc.dateline,
		Sentences: make([]Sentence, len(a.sents)),
		Analyzer:  Version,
	}
	for i, s := range a.sents {
		b.Sentences[i] = Sentence{I: i, Text: s.text}
	}
	b.Quotes = ex.quotes
	b.Actors = a.reg.finish()
	ids := make([]string, len(a.reg.actors))
	for i, r := range a.reg.actors {
		ids[i] = r.ID
	}
	b.Positions, b.About = ex.toPositions(ids), ex.toAbout(ids)
	for i := range b.Quotes {
		if k := ex.quoteActor[i]; k >= 0 {
			b.Quotes[i].Actor = ids[k]
		}
	}
	b.Sources = a.sources()
	b.KeyPoints = a.keyPoints(opt.KeyPoints)
	return a, b, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// split cuts the body into tokenised sentences and notes which words are
// capitalised inside sentences (and so are names, not sentence starts).
func (a *analyzer) split() {
	for pi, p := range a.doc.paras {
		inQuote := false
		for _, st := range capLength(splitSentences(p.text)) {
			toks := tokenize(st)
			inQuote = markQuotes(toks, inQuote)
			s := &sent{sentence: sentence{idx: len(a.sents), para: pi, text: st, toks: toks, label: p.speaker, goesOn: p.goesOn, answer: p.answer, endsQuote: inQuote}, speaker: -1}
			s.tree = parseSentence(&s.sentence, nil)
			a.noteNouns(s.tree)
			a.sents = append(a.sents, s)
			for i, t := range toks {
				if i > 0 && t.cap && toks[i-1].kind != quoteMark && toks[i-1].text != ":" {
					a.midCaps[t.lower] = true
				}
			}
			for _, r := range capRuns(toks) {
				if r.end-r.start == 1 {
					a.alone[toks[r.start].lower]++
				}
			}
		}
	}
}

// maxSentence bounds a sentence's length: text with no full stops (lists,
// tables, machine output) is cut into pieces, so no step works on one
// endless sentence.
const maxSentence = 1200

func capLength(sents []string) []string {
	var out []string
	for _, s := range sents {
		for len(s) > maxSentence {
			end := strings.LastIndexAny(s[:maxSentence], ";,") + 1
			if end < maxSentence/2 {
				end = strings.LastIndexByte(s[:maxSentence], ' ') + 1
			}
			if end < maxSentence/2 {
				end = maxSentence
				for end > 0 && !utf8.RuneStart(s[end]) {
					end--
				}
			}
			out = append(out, strings.TrimSpace(s[:end]))
			s = strings.TrimSpace(s[end:])
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// markQuotes redoes the quotation flags of a sentence knowing whether it
// starts inside a quotation, and says whether it ends inside one.
func markQuotes(toks []token, open bool) bool {
	for i := range toks {
		if toks[i].kind == quoteMark {
			open = !open
			continue
		}
		toks[i].inQuote = open
	}
	return open
}

// initialToken: the first word of a sentence or of a quotation.
func initialToken(toks []token, i int) bool {
	if i == 0 || toks[i-1].kind == quoteMark {
		return true
	}
	switch toks[i-1].text {
	case "(", ":", "\u2014", "'", "\u2018":
		return true
	}
	return false
}

// nameRuns yields the capitalised runs of a sentence that can name something,
// without sentence-initial common words.
func (a *analyzer) nameRuns(s *sent) []run {
	toks := s.toks
	var out []run
	for _, r := range capRuns(toks) {
		for r.start < r.end && opensNoName(s, r.start) {
			r.start++
		}
		if r.start >= r.end || r.end-r.start == 1 && initialToken(toks, r.start) && !a.nameAtStart(toks[r.start]) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// opensNoName: token i, capitalised, is no name's first word: a common word
// at a sentence's start or after "the", a word that opens no name, or a
// word the parse reads as a function word or adverb at a sentence's start.
func opensNoName(s *sent, i int) bool {
	t, initial := s.toks[i], initialToken(s.toks, i)
	return commonCapitalized[t.lower] && (initial || t.lower == "the") || ledBySuffix(t.lower) || initial && s.tree.functionWord(i)
}

// nameAtStart: a single capitalised word at a sentence's start names
// something: the report capitalises it elsewhere too, or it is a known
// place or body, or an acronym.
func (a *analyzer) nameAtStart(t token) bool {
	l := t.lower
	return a.midCaps[l] || countryOf(l) != "" || seats[l] != "" || regions[l] || orgHeads[l] || len(l) <= 6 && strings.ToUpper(t.text) == t.text
}

func nextLower(toks []token, i int) string {
	if i < len(toks) {
		return toks[i].lower
	}
	return ""
}

// discover registers the named actors before mentions are resolved, so a
// surname can be matched wherever it first appears.
// acronymOf: run r is "(USCIRF)" right after the name of body k (ending at
// token end) and spells its initials, so it is the body's short name, not
// another body.
func (a *analyzer) acronymOf(toks []token, r run, k, end int) bool {
	if r.end-r.start != 1 || r.start != end+1 || toks[end].text != "(" || r.end >= len(toks) || toks[r.end].text != ")" {
		return false
	}
	short := toks[r.start].text
	if short != strings.ToUpper(short) || !strings.HasSuffix(acronym(a.reg.actors[k].Name), short) || len(short) < 2 {
		return false
	}
	a.reg.actors[k].addAlias(short)
	a.reg.byKey[Organization+":"+fold(short)] = k
	return true
}

// ledBySuffix: a modifier such as "Kurdish-led" or "Iran-backed", which
// describes the name after it and is no part of it.
func ledBySuffix(l string) bool {
	for _, suf := range []string{"-led", "-backed", "-based", "-allied", "-born", "-owned", "-run", "-funded"} {
		if strings.HasSuffix(l, suf) && len(l) > len(suf) {
			return true
		}
	}
	return false
}

func (a *analyzer) discover() {
	lone := map[string]int{} // unknown single capitalised words, by how often they occur
	loneText := map[string]string{}
	for _, s := range a.sents {
		if s.label != "" && s.speaker < 0 {
			s.speaker = a.labelSpeaker(s.label)
		}
		for _, w := range a.discoverIn(s) {
			lone[w.lower]++
			loneText[w.lower] = w.text
		}
	}
	// A name that recurs on its own and is no one's surname is an
	// organisation or movement: "Hamas rejected the condition".
	// In a fixed order, so the same report always lists its actors
	// the same way.
	for _, l := range slices.Sorted(maps.Keys(lone)) {
		if lone[l] >= 2 && a.reg.personByName(l) < 0 && a.midCaps[l] {
			kind := Organization
			if givenNames[l] {
				kind = Person // "Gloria developed eczema": someone named by a given name alone
			}
			a.lone[l] = a.reg.add(entity{kind: kind, name: loneText[l]}, 0)
		}
	}
	a.discoverGroups()
	a.giveAnswers()
}

// introducedPerson is the person whose surname the paragraphs before an
// interview's first question write most often, at least twice, or -1.
func (a *analyzer) introducedPerson() int {
	var intro strings.Builder
	for _, s := range a.sents {
		if s.answer || s.label != "" {
			break
		}
		intro.WriteString(" " + fold(s.text) + " ")
	}
	text := strings.NewReplacer(",", " ", ".", " ", "'s", " ").Replace(intro.String())
	best, most := -1, 1
	for _, i := range a.reg.people {
		if name := a.reg.actors[i].Name; name != "" {
			if n := strings.Count(text, " "+fold(lastWord(name))+" "); n > most {
				best, most = i, n
			}
		}
	}
	return best
}

// titlePerson registers the first person the title names, or is -1.
func (a *analyzer) titlePerson() int {
	toks := tokenize(a.doc.title)
	for _, r := range capRuns(toks) {
		if e, ok := classify(toks[r.start:r.end], nextLower(toks, r.end)); ok && e.kind == Person && e.name != "" {
			return a.reg.add(e, 0)
		}
	}
	return -1
}

// giveAnswers gives an interview's answers to the interviewee: the person
// the title names (the most mentioned of them), else the one the
// introduction before the questions names most, twice at least; else no one.
func (a *analyzer) giveAnswers() {
	if !slices.ContainsFunc(a.sents, func(s *sent) bool { return s.answer }) {
		return
	}
	title := fold(a.doc.title)
	k := a.reg.mostMentionedAnywhere(func(r *actorRec) bool {
		return r.Kind == Person && r.Name != "" && strings.Contains(title, fold(lastWord(r.Name)))
	})
	if k < 0 {
		k = a.titlePerson()
	}
	if k < 0 {
		k = a.introducedPerson()
	}
	for _, s := range a.sents {
		if s.answer && s.speaker < 0 {
			s.speaker = k
		}
	}
}

// discoverIn adds the people, bodies and places sentence s names to the
// cast, and returns the single capitalised words it could not place.
func (a *analyzer) discoverIn(s *sent) []token {
	var unknown []token
	lastBody, lastEnd := -1, -1 // the body named last in the sentence, and where its name ends
	for _, r := range a.nameRuns(s) {
		if lastBody >= 0 && a.acronymOf(s.toks, r, lastBody, lastEnd) {
			continue
		}
		e, ok := a.runEntity(s.toks, r)
		if !ok {
			if r.end-r.start == 1 && plausibleName([]string{s.toks[r.start].lower}) {
				unknown = append(unknown, s.toks[r.start])
			}
			if r.end-r.start == 2 && nationalAcronym(s.toks, r.start+1) {
				// "the Belarusian KGB": a country's agency, named once or not
				ac := s.toks[r.start+1]
				a.lone[ac.lower] = a.reg.add(entity{kind: Organization, name: ac.text, country: nationalities[fold(s.toks[r.start].text)]}, s.idx)
			}
			continue
		}
		if e.descOnly || e.name == "" || a.authors[fold(e.name)] {
			continue
		}
		switch e.kind {
		case Person:
			roleAround(&e, s.toks, r)
		case Organization:
			e.role = compoundDescription(s.toks, r.start)
		}
		if k := a.reg.add(e, s.idx); e.kind == Organization {
			lastBody, lastEnd = k, r.end
		}
	}
	return unknown
}

// discoverGroups makes an actor of each group noun the parse finds as the
// subject of a clause somewhere in the report ("Protesters have claimed …"):
// a group that only appears as an object or in passing is no actor.
func (a *analyzer) discoverGroups() {
	for _, s := range a.sents {
		t := s.tree
		if t == nil {
			continue
		}
		for v := range t.words {
			if !t.predicate(v) {
				continue
			}
			for _, w := range t.agentWords(v) {
				i := t.at[w]
				if s.toks[i].lower == "general" && i > 0 {
					i-- // "attorneys general": the parse heads it on "general"
				}
				g, _ := groupAt(s.toks, i)
				if g == "" || t.upos[w] != "NOUN" {
					continue
				}
				country := ""
				for _, c := range t.kidsLabelled(w, "amod") {
					country = cmp.Or(country, nationalities[fold(t.words[c])]) // "Iraqi militias"
				}
				a.reg.add(entity{kind: Group, name: g, country: country}, s.idx)
			}
		}
	}
}

// groupAt: the group noun at token i ("protesters", "attorneys general") and
// the token after it, or "".
func groupAt(toks []token, i int) (string, int) {
	l := toks[i].lower
	if l == "attorneys" && i+1 < len(toks) && toks[i+1].lower == "general" {
		return "attorneys general", i + 2
	}
	if actingGroups[l] {
		return l, i + 1
	}
	return "", i
}

// groupMention is a mention of a group actor at token i, taking in a
// nationality or a determiner just before it ("some Iraqi militias").
func (a *analyzer) groupMention(s *sent, i int) (mention, bool) {
	g, end := groupAt(s.toks, i)
	if g == "" {
		return mention{}, false
	}
	k, ok := a.reg.byKey[Group+":"+fold(g)]
	if !ok {
		return mention{}, false
	}
	start := i
	for start > 0 && (groupDeterminers[s.toks[start-1].lower] || nationalities[fold(s.toks[start-1].text)] != "") {
		start--
	}
	return mention{actor: k, start: start, end: end, kind: byDescription}, true
}

var groupDeterminers = set(`the some many several other`)

// nationalAcronym: token i is an acronym after a nationality ("Belarusian
// KGB", "Russian FSB"), the way a country's agency is named.
func nationalAcronym(toks []token, i int) bool {
	t := toks[i].text
	return i > 0 && len(t) >= 2 && len(t) <= 6 && strings.ToUpper(t) == t && nationalities[fold(toks[i-1].text)] != ""
}

// runEntity classifies a run of capitalised words in its sentence:
// "Qatar's Prime Minister …" gives a country, "X, led by Y," is a body.
func (a *analyzer) runEntity(toks []token, r run) (entity, bool) {
	e, ok := a.classifyRun(toks[r.start:r.end], nextLower(toks, r.end))
	if ok && e.kind == Person && r.start >= 2 && toks[r.start-1].lower == "'s" {
		possessiveCountry(&e, toks[r.start-2].lower) // "Qatar's Prime Minister …"
	}
	kindBefore := r.start > 0 && kindNouns[toks[r.start-1].lower]
	if !ok && kindBefore {
		return entity{kind: Organization, name: joinText(toks[r.start:r.end])}, true // "the campaign group Polar Watch"
	}
	if ok && e.kind == Person && e.role == "" && (ledBy(toks, r.end) || kindBefore) {
		e.kind = Organization // "Sinn Féin, led by Gerry Adams, …", "the rights group Ana Vega"
	}
	return e, ok
}

// compoundDescription is a hyphenated description just before a body's
// name, "the Kurdish-led Syrian Democratic Forces", "the Iran-backed
// militia", which readers may ask for it by ("the Kurds").
func compoundDescription(toks []token, start int) string {
	if start == 0 {
		return ""
	}
	t := toks[start-1]
	i := strings.LastIndexByte(t.lower, '-')
	if i <= 0 || !describingParticiples[t.lower[i+1:]] {
		return ""
	}
	return t.text
}

var describingParticiples = set(`led backed based allied run owned funded supported sponsored dominated controlled aligned`)

// roleAround gives a person named without a post the one written around
// the name: lower case before it, or in an appositive after it.
func roleAround(e *entity, toks []token, r run) {
	if e.role == "" || honorifics[strings.ToLower(e.role)] {
		// "archbishop Monsignor X": the post before the honorific.
		if role := lowerRole(toks, r.start); role != "" || e.role == "" {
			e.role = role
		}
		roleInfo(e) // "Chinese leader Xi Jinping": China, a leader
	}
	if e.role == "" {
		e.role = appositiveRole(toks, r.end)
	}
}

// roleInfo takes a country and titles from a role written in words.
func roleInfo(e *entity) {
	words := strings.Fields(strings.ToLower(e.role))
	for i, w := range words {
		if c, ok := nationalities[w]; ok && e.country == "" {
			e.country = c
		}
		if !titleWords[w] && !roleNouns[w] {
			continue
		}
		if i > 0 && lesserTitle(words[i-1]+" ") {
			w = words[i-1] + " " + w // a vice president is no president
		}
		e.titles = append(e.titles, w)
	}
}

// roleNouns are lower-case roles written before a name: "Kremlin spokesman Dmitry Peskov".
var roleNouns = set(`spokesman spokeswoman spokesperson envoy adviser advisor negotiator ambassador minister secretary
official diplomat aide chief commander lawmaker senator mediator leader president chairman chairwoman director
analyst campaigner activist economist correspondent rapporteur archbishop bishop judge governor mayor lawyer attorney
prosecutor researcher journalist editor founder executive officer candidate legislator commissioner`)

// relativeRole reads "(,) who is the secretary of state" after a name: a
// role of up to six words ending the sentence or the clause.
func relativeRole(toks []token, i int) string {
	if i < len(toks) && toks[i].text == "," {
		i++
	}
	if !whoIsA(toks, i) {
		return ""
	}
	from, j := i+3, i+3
	for j < len(toks) && toks[j].kind == word && j-i < 9 {
		j++
	}
	closed := j == len(toks) || toks[j].text == "," || toks[j].text == "."
	if j == from || j-i >= 9 || !closed || !roleNouns[toks[j-1].lower] && !roleNouns[toks[from].lower] && !titleWords[toks[from].lower] {
		return ""
	}
	return joinText(toks[from:j])
}

// whoIsA: tokens from i read "who is the", "who was a" ….
func whoIsA(toks []token, i int) bool {
	if i+3 >= len(toks) || toks[i].lower != "who" {
		return false
	}
	be, det := toks[i+1].lower, toks[i+2].lower
	return (be == "is" || be == "was") && (det == "the" || det == "a" || det == "an")
}

// roleModifiers are lower-case words that open a title before its noun:
// "national security advisor", "foreign policy adviser".
var roleModifiers = set(`national security policy economic foreign defence defense trade climate senior chief top deputy
principal special former acting`)

// lowerRole reads a role in lower case just before a name, with the
// capitalised words before it: "Foreign Ministry spokeswoman Anna Berg",
// "a Department of State spokesperson, Morgan Ortagus,".
func lowerRole(toks []token, start int) string {
	role, _ := roleBefore(toks, start)
	return role
}

// roleBefore is lowerRole with the token the role starts at.
func roleBefore(toks []token, start int) (string, int) {
	k := start - 1
	if k > 0 && toks[k].text == "," {
		k-- // set off by commas
	}
	last := k
	if n := portfolioBefore(toks, k); n >= 0 {
		k = n // "the United Nations envoy for water, X"
	}
	if k < 0 || toks[k].kind != word || toks[k].cap || !roleNouns[toks[k].lower] {
		return "", -1
	}
	from := k
	for from > 0 && toks[from-1].kind == word && k-from < 6 && inRole(toks, from-1, k) {
		from--
	}
	return joinText(toks[from : last+1]), from
}

// inRole: word p, before the role noun at k, belongs to the role: a
// capitalised or role word ("Foreign Ministry spokeswoman"), or the "of"
// of "Department of State".
func inRole(toks []token, p, k int) bool {
	w := toks[p]
	if w.lower == "of" && p > 0 && toks[p-1].cap && p+1 < k {
		return true
	}
	return (w.cap || roleNouns[w.lower] || orgHeads[w.lower] || roleModifiers[w.lower]) && !commonCapitalized[w.lower]
}

// portfolioBefore: the words ending at k are a role noun's portfolio, "for
// water", "of state"; it returns where the role noun is, or -1.
func portfolioBefore(toks []token, k int) int {
	for j := k; j >= 2 && j >= k-3; j-- {
		t := toks[j]
		if t.kind != word {
			return -1
		}
		if (t.lower == "for" || t.lower == "of" || t.lower == "on") && j < k && roleNouns[toks[j-1].lower] && !toks[j-1].cap {
			return j - 1
		}
	}
	return -1
}

// appositiveRole reads "Amara Diallo, a campaigner from Senegal," after a
// name, or "Mike Pompeo, who is the secretary of state".
func appositiveRole(toks []token, i int) string {
	if r := relativeRole(toks, i); r != "" {
		return r
	}
	if i+2 >= len(toks) || toks[i].text != "," {
		return ""
	}
	switch toks[i+1].lower {
	case "a", "an", "the":
	default:
		return ""
	}
	j := i + 2
	for j < len(toks) && toks[j].kind == word && j-i <= 8 {
		if isVerb(toks, j) || toks[j].lower == "who" || toks[j].lower == "which" {
			return ""
		}
		j++
	}
	if j-i > 8 || j == i+2 || j < len(toks) && toks[j].text != "," && toks[j].text != "." {
		return ""
	}
	return joinText(toks[i+2 : j])
}

// possessiveCountry gives "Qatar's Prime Minister X" the country Qatar.
func possessiveCountry(e *entity, word string) {
	c := countryOf(word)
	if c == "" || e.country != "" || isAdjectiveOnly(word) {
		return
	}
	e.country = c
	if adj := lexicon.CountryAdjective(c); adj != "" {
		e.role = strings.TrimSpace(adj + " " + e.role)
	}
}

// labelSpeaker turns a transcript label ("CHANCELLOR WEBER") into an actor.
func (a *analyzer) labelSpeaker(label string) int {
	if questionLabels[strings.ToLower(label)] {
		return -1 // the quote stage calls them "a questioner"
	}
	words := strings.Fields(label)
	for i, w := range words {
		if strings.ToUpper(w) == w {
			words[i] = titleCase(w)
		}
	}
	toks := tokenize(strings.Join(words, " "))
	for i := range toks {
		toks[i].cap = true
	}
	e, ok := classify(toks, "")
	if !ok || e.kind != Person || e.name == "" {
		if len(toks) == 1 && !titleWords[toks[0].lower] && !commonCapitalized[toks[0].lower] && len(toks[0].text) > 2 {
			e = entity{kind: Person, name: toks[0].text}
		} else {
			return -1
		}
	}
	if i := a.reg.personByName(e.name); i >= 0 {
		a.reg.enrich(i, e)
		return i
	}
	return a.reg.add(e, 0)
}

// resolve finds every mention, sentence by sentence, resolving descriptions
// and pronouns against what came before.
func (a *analyzer) resolve() {
	var prevSubjects []int
	prevBody := -1 // the organisation the last sentence with a subject had as its subject
	for _, s := range a.sents {
		s.mentions = a.findMentions(s)
		if t := a.namesReparsed(s); t != nil {
			s.tree = t
		}
		a.noteOwners(s)
		for mi := range s.mentions {
			m := &s.mentions[mi]
			m.role = s.tree.roleOf(s.toks, m)
			if m.kind == byPronoun {
				m.actor = a.resolvePronoun(s, mi, prevSubjects)
				if m.actor < 0 && m.pronoun == "they" && m.role == roleSubject && mi == 0 && !s.toks[m.start].inQuote {
					m.actor = prevBody // "The commission criticised the move. They released a statement…"
				}
			}
			a.seen(s, m)
		}
		people, body, subjects := a.subjectsIn(s)
		if len(people) > 0 {
			prevSubjects = people
		}
		switch {
		case subjects > 0 && len(people) == 0 && subjects == 1:
			prevBody = body
		case subjects > 0 || s.tree.hasMainSubject():
			prevBody = -1 // "The only punishments … are removal. They do not …": they are the punishments
		}
	}
}

// seen counts mention m for the actors it stands for, as last seen in s.
func (a *analyzer) seen(s *sent, m *mention) {
	ks := m.members
	if m.actor >= 0 {
		ks = append([]int{m.actor}, ks...)
	}
	for _, k := range ks {
		a.reg.actors[k].Mentions++
		a.reg.actors[k].lastSeen = s.idx
	}
}

// subjectsIn are the people among the subjects of s, the last body among
// them (or -1), and how many subjects are actors.
func (a *analyzer) subjectsIn(s *sent) (people []int, body, subjects int) {
	body = -1
	for _, m := range s.mentions {
		if !(m.role == roleSubject || s.tree.subjectIn(m.start, m.end)) || m.actor < 0 {
			continue
		}
		subjects++
		switch a.reg.actors[m.actor].Kind {
		case Person:
			people = append(people, m.actor)
		case Organization:
			body = m.actor
		}
	}
	return people, body, subjects
}

// noteOwners remembers, for each body noun, the country a sentence names
// it for ("Egypt's foreign ministry", "the Egyptian government"), and
// whose spokesperson it names ("an Interpol spokesperson").
func (a *analyzer) noteOwners(s *sent) {
	for _, m := range s.mentions {
		if m.actor < 0 {
			continue
		}
		place := a.reg.actors[m.actor].Kind == Place
		for k := m.end; k < len(s.toks) && k <= m.end+3; k++ {
			t := s.toks[k]
			if t.cap || t.kind != word {
				break
			}
			// "an Interpol spokesperson", "the president's spokesman": the
			// spokesperson of whom a later "the spokesperson" speaks.
			if orgNouns[t.lower] && place || voiceNouns[t.lower] {
				a.ownersByNoun[t.lower] = m.actor
				break
			}
		}
	}
}

var firstPerson = set(`i me my we us our myself`)

// ledBy: ", led by" or ", headed by" follows: what came before is a body.
func ledBy(toks []token, i int) bool {
	return i+2 < len(toks) && toks[i].text == "," && (toks[i+1].lower == "led" || toks[i+1].lower == "headed" || toks[i+1].lower == "chaired") && toks[i+2].lower == "by"
}

// findMentions lists the mentions of one sentence in order.
// apposTo is the person a description at token i stands beside, set off
// by a comma ("Khamenei, the Supreme Leader of Iran,"), or -1.
func apposTo(out []mention, toks []token, i int, reg *registry) int {
	if i > 1 && toks[i-1].lower == "the" {
		i-- // the run begins after its article
	}
	if len(out) == 0 || i < 1 || toks[i-1].text != "," {
		return -1
	}
	last := out[len(out)-1]
	if last.end != i-1 || last.actor < 0 || last.kind != byName || reg.actors[last.actor].Kind != Person {
		return -1
	}
	return last.actor
}

// describe resolves a description to the person it stands beside, else
// as the registry guesses (see registry.describe).
// countryActor is the actor of a country, added when the report has not
// named it yet.
func (a *analyzer) countryActor(country string, sentence int) int {
	if k, ok := a.reg.byKey[Place+":"+fold(country)]; ok {
		return k
	}
	return a.reg.add(entity{kind: Place, name: titleCase(country), country: country}, sentence)
}

func (a *analyzer) describe(s *sent, start, end int, country, title string) int {
	if a.appos >= 0 {
		return a.appos
	}
	if k := a.namedBeside(s, start, end); k >= 0 {
		if r := a.reg.actors[k]; r.Role == "" && r.Country == "" {
			r.describedAs(country, title, false)
		}
		return k
	}
	return a.reg.describe(country, title, s.idx)
}

// namedBeside is the person the parse sets beside the description at
// tokens [start, end) as its appositive ("Malaysia's Prime Minister,
// Najib Razak, said") or, after a title's "of", as the name its office
// ends with ("CEO of the Refugee Council Enver Solomon"), or -1.
func (a *analyzer) namedBeside(s *sent, start, end int) int {
	t := s.tree
	h := -1
	if t != nil {
		h = t.headIn(start, end)
	}
	if h < 0 {
		return -1
	}
	for _, k := range t.kidsLabelled(h, "appos", "nmod") {
		if t.labels[k] == "nmod" && (!titleWords[strings.ToLower(t.words[h])] || !t.hasCase(k, "of")) {
			continue
		}
		for _, r := range a.nameRuns(s) {
			if r.start > t.at[k] || t.at[k] >= r.end || t.labels[k] == "nmod" && t.at[k] != r.end-1 {
				continue
			}
			if e, ok := a.runEntity(s.toks, r); ok && e.kind == Person && e.name != "" {
				return a.reg.personByName(e.name)
			}
		}
	}
	return -1
}

func (a *analyzer) findMentions(s *sent) []mention {
	toks := s.toks
	var out []mention
	runs := a.nameRuns(s)
	ri := 0
	for i := 0; i < len(toks); {
		for ri < len(runs) && runs[ri].end <= i {
			ri++
		}
		a.appos = apposTo(out, toks, i, a.reg)
		if m, ok := a.descriptionAt(s, i); ok {
			out = append(out, m)
			i = m.end
			continue
		}
		if ri < len(runs) && runs[ri].start == i {
			r := runs[ri]
			if m, ok := a.runMention(s, r); ok {
				out = append(out, m)
				i = m.end
				continue
			}
		}
		if m, ok := a.groupMention(s, i); ok {
			out = append(out, m)
			i = m.end
			continue
		}
		if m, ok := pronounAt(s, i); ok {
			out = append(out, m)
		}
		i++
	}
	return out
}

// pronounAt: token i is a pronoun that may mean an actor: he, she, they
// (outside quotations), "I" and "we" of a transcript speaker, or of a
// quotation (resolved once quotes have speakers).
func pronounAt(s *sent, i int) (mention, bool) {
	t := s.toks[i]
	if t.kind != word {
		return mention{}, false
	}
	m := mention{actor: -1, start: i, end: i + 1, kind: byPronoun, pronoun: t.lower}
	_, gendered := pronounGender[t.lower]
	switch {
	case gendered || t.lower == "they" && !t.inQuote:
	case firstPerson[t.lower] && !t.inQuote && s.speaker >= 0:
		m.actor = s.speaker
	case firstPerson[t.lower] && t.inQuote:
	default:
		return mention{}, false
	}
	return m, true
}

// runMention turns a capitalised run into a mention, if it names an actor.
func (a *analyzer) runMention(s *sent, r run) (mention, bool) {
	e, ok := a.runEntity(s.toks, r)
	if ok && e.descOnly {
		return a.postMention(s, r, e)
	}
	if k := a.placeAsSurname(s, r, e, ok); k >= 0 {
		return mention{actor: k, start: r.start, end: r.end, kind: byName}, true
	}
	if ok && e.kind == Person && e.role == "" && a.reg.personByName(e.name) < 0 {
		if k, found := a.reg.byKey[Organization+":"+fold(e.name)]; found {
			return mention{actor: k, start: r.start, end: r.end, kind: byName}, true // named as a body elsewhere
		}
	}
	if ok && e.name != "" {
		if a.authors[fold(e.name)] {
			return mention{}, false
		}
		if m, found := a.namedMention(s, r, e); found {
			return m, true
		}
	}
	return a.knownName(s, r)
}

// placeAsSurname is the person a one-word place's name is the surname of
// ("Paris claims" after "Valeska Paris"), unless the parse puts a
// preposition before it; or -1.
func (a *analyzer) placeAsSurname(s *sent, r run, e entity, ok bool) int {
	if !ok || e.kind != Place || r.end-r.start != 1 || s.tree.prepositional(r.start) {
		return -1
	}
	return a.reg.personByName(e.name)
}

// postMention: a post without a name ("the Secretary of Transportation")
// stands for whoever holds it in the report.
func (a *analyzer) postMention(s *sent, r run, e entity) (mention, bool) {
	title := "leader"
	if len(e.titles) > 0 {
		title = e.titles[0]
	}
	start := r.start
	if start > 0 && s.toks[start-1].lower == "the" {
		start--
	}
	k := a.describe(s, start, r.end, e.country, title)
	if k < 0 {
		return mention{}, false
	}
	a.reg.actors[k].addAlias(joinText(s.toks[start:r.end]))
	return mention{actor: k, start: start, end: r.end, kind: byDescription}, true
}

// namedMention is the mention of a named actor, registered or enriched,
// with what opens it: "Qatar's", "the", a role that begins the clause.
func (a *analyzer) namedMention(s *sent, r run, e entity) (mention, bool) {
	var k int
	if e.kind == Person {
		k = a.reg.personByName(e.name)
	} else {
		k = a.reg.add(e, s.idx)
	}
	if k < 0 {
		return mention{}, false
	}
	if e.kind == Person && e.role != "" {
		a.reg.enrich(k, e)
	}
	if e.ofBody {
		// "director of Amnesty International Man-kei Tam": the "of"
		// is the body's; the person's mention is the name.
		return mention{actor: k, start: r.start + e.start, end: r.end, kind: byName}, true
	}
	start := r.start
	switch role, from := roleBefore(s.toks, r.start); {
	case start >= 2 && s.toks[start-1].lower == "'s" && countryOf(s.toks[start-2].lower) != "":
		start -= 2 // "Qatar's Prime Minister X" is one mention
	case start >= 1 && s.toks[start-1].lower == "the":
		start-- // "The European Union welcomed …"
	case role != "" && e.kind == Person:
		// "Foreign ministry spokesperson Lin Qiao told …": the role opens the clause.
		if from >= 0 && clauseStart(s.toks, from) {
			start = from
		}
	}
	return mention{actor: k, start: start, end: r.end, kind: byName}, true
}

// knownName: a single word registered as a body, a lone surname or given
// name of someone already known, or an unknown capitalised word that says
// or does something ("Okafor said"), even when no full name is given.
func (a *analyzer) knownName(s *sent, r run) (mention, bool) {
	toks := s.toks[r.start:r.end]
	if k, found := a.lone[toks[0].lower]; found && r.end-r.start == 1 {
		return mention{actor: k, start: r.start, end: r.end, kind: byName}, true
	}
	if k, found := a.lone[toks[len(toks)-1].lower]; found && r.end-r.start == 2 && nationalAcronym(s.toks, r.start+1) {
		return mention{actor: k, start: r.start, end: r.end, kind: byName}, true // "Belarusian KGB"
	}
	if r.end-r.start > 2 {
		return mention{}, false
	}
	if k := a.reg.personByName(joinText(toks)); k >= 0 {
		return mention{actor: k, start: r.start, end: r.end, kind: byName}, true
	}
	if r.end-r.start == 1 && r.end < len(s.toks) && a.midCaps[toks[0].lower] && (reportVerbs[s.toks[r.end].lower] || embedVerbs[s.toks[r.end].lower]) && plausibleName([]string{toks[0].lower}) {
		k := a.reg.add(entity{kind: Person, name: toks[0].text}, s.idx)
		return mention{actor: k, start: r.start, end: r.end, kind: byName}, true
	}
	return mention{}, false
}

// titleFirst and seatFirst hold the first words of description nouns and of
// seats of government, so most tokens are passed over at once.
var titleFirst, seatFirst = func() (map[string]bool, map[string]bool) {
	t, s := map[string]bool{}, map[string]bool{}
	for k := range descriptionNouns {
		t[strings.Fields(k)[0]] = true
	}
	for k := range seats {
		s[strings.Fields(k)[0]] = true
	}
	return t, s
}()

// indefiniteState: "an Iranian official", "a senior Saudi delegation": some
// official of that state, so the state, named or not.
func (a *analyzer) indefiniteState(s *sent, i int) (mention, bool) {
	toks := s.toks
	if toks[i].lower != "a" && toks[i].lower != "an" {
		return mention{}, false
	}
	j := i + 1
	for j < len(toks) && (toks[j].lower == "senior" || toks[j].lower == "top" || toks[j].lower == "former") {
		j++
	}
	if j+1 >= len(toks) || !isAdjectiveOnly(toks[j].lower) {
		return mention{}, false
	}
	end := j + 2
	if stateNouns[toks[j+1].lower] && j+2 < len(toks) && (stateSpeakers[toks[j+2].lower] || toks[j+2].lower == "source") {
		end = j + 3 // "a German government source", "an Iranian government official"
	} else if !stateSpeakers[toks[j+1].lower] {
		return mention{}, false
	}
	return mention{actor: a.countryActor(countries[toks[j].lower], s.idx), start: i, end: end, kind: byDescription}, true
}

var groupNumbers = map[string]int{"two": 2, "three": 3, "four": 4, "both": 2}
var groupNouns = set(`leaders presidents ministers heads men women`)

var pairNouns = set(`pair duo`)

// descriptionAt matches "the French leader", "Ukraine's leader", "the Kremlin
// leader", "the president" and "the two leaders" at token i.
func (a *analyzer) descriptionAt(s *sent, i int) (mention, bool) {
	toks := s.toks
	if m, ok := a.indefiniteState(s, i); ok {
		return m, true
	}
	if toks[i].kind != word || !opensDescription(toks[i].lower) {
		return mention{}, false
	}
	j := i
	det := descriptionDeterminers[toks[j].lower]
	if det {
		j++
	}
	if j >= len(toks) {
		return mention{}, false
	}
	if m, ok, decided := a.bodyOrGroupAt(s, i, j, det); decided {
		return m, ok
	}
	country, j, ok := countryBefore(toks, j, det)
	if !ok {
		return mention{}, false
	}
	if country != "" && j < len(toks) && stateNouns[toks[j].lower] && (j+1 == len(toks) || !isNameToken(toks[j+1])) {
		// "the German government said …": Germany, named or not.
		return mention{actor: a.countryActor(country, s.idx), start: i, end: j + 1, kind: byDescription}, true
	}
	return a.titleAt(s, i, j, country)
}

var descriptionDeterminers = set(`the its their`)

// opensDescription: a description may start with word l: a determiner,
// "both", a country or its seat ("the Kremlin", "Iran's").
func opensDescription(l string) bool {
	return descriptionDeterminers[l] || l == "both" || seats[l] != "" || countries[l] != "" || seatFirst[l]
}

// bodyOrGroupAt: "the group", "the ministry" (the latest body of that
// kind), "the two leaders", "both leaders" (the most mentioned people);
// decided is false when the words are neither.
func (a *analyzer) bodyOrGroupAt(s *sent, i, j int, det bool) (m mention, ok, decided bool) {
	toks := s.toks
	the := toks[i].lower == "the" && standsAlone(toks, j)
	switch n, isNumber := groupNumbers[toks[j].lower]; {
	case the && !toks[j].cap && (orgNouns[toks[j].lower] || voiceNouns[toks[j].lower]):
		m, ok = a.bodyNounAt(s, i, j)
	case the && pairNouns[toks[j].lower]:
		m, ok = a.groupOf(2, s, i, j+1) // "the pair", "the duo": the two people most in view
	case isNumber && j+1 < len(toks) && groupNouns[toks[j+1].lower] && (det || toks[j].lower == "both"):
		m, ok = a.groupOf(n, s, i, j+2)
	default:
		return mention{}, false, false
	}
	return m, ok, true
}

// standsAlone: the noun at j is not part of a name or an "of" phrase.
func standsAlone(toks []token, j int) bool {
	return j+1 == len(toks) || !isNameToken(toks[j+1]) && toks[j+1].lower != "of"
}

// bodyNounAt: "the ministry" at i..j is the latest body of that kind, or
// the one the report named for a country ("Egypt's foreign ministry
// rejected …. The ministry said …").
func (a *analyzer) bodyNounAt(s *sent, i, j int) (mention, bool) {
	k := a.recentBody(s.toks[j].lower)
	if k < 0 {
		var ok bool
		if k, ok = a.ownersByNoun[s.toks[j].lower]; !ok {
			return mention{}, false
		}
	}
	return mention{actor: k, start: i, end: j + 1, kind: byDescription}, true
}

// groupOf: the n people most in view, as the group mentioned at i..end.
func (a *analyzer) groupOf(n int, s *sent, i, end int) (mention, bool) {
	if members := a.topPeople(n, s.idx); len(members) == n {
		return mention{actor: -1, members: members, start: i, end: end, kind: byGroup}, true
	}
	return mention{}, false
}

// countryBefore reads the country a description opens with ("the
// Kremlin", "the French", "Iran's") and the token after it; false when an
// undetermined description has none.
func countryBefore(toks []token, j int, det bool) (string, int, bool) {
	switch l := toks[j].lower; {
	case seats[l] != "":
		return seats[l], j + 1, true
	case j+1 < len(toks) && seats[l+" "+toks[j+1].lower] != "":
		return seats[l+" "+toks[j+1].lower], j + 2, true
	case isAdjectiveOnly(l) && det:
		return countries[l], j + 1, true
	case countryOf(l) != "" && j+1 < len(toks) && toks[j+1].lower == "'s" && !det:
		return countries[l], j + 2, true
	case !det:
		return "", j, false
	}
	return "", j, true
}

// titleAt: a title not before a name ("the French president", "the
// minister") is the actor the report's roles fit best.
func (a *analyzer) titleAt(s *sent, i, j int, country string) (mention, bool) {
	toks := s.toks
	title, end := matchTitle(toks, j)
	if title == "" {
		return mention{}, false
	}
	if end < len(toks) && isNameToken(toks[end]) && !toks[end].inQuote {
		return mention{}, false // a title before a name: the run handles it
	}
	if w, v := s.tree.wordAt(end-1), s.tree.wordAt(end); w >= 0 && s.tree.upos[w] == "ADJ" || v >= 0 && s.tree.upos[v] == "NOUN" {
		return mention{}, false // "the general election": the title word describes a noun
	}
	if country == "" && (title == "leader" || title == "counterpart") {
		return mention{}, false
	}
	k := a.describe(s, i, end, country, title)
	if k < 0 {
		return mention{}, false
	}
	a.reg.actors[k].addAlias(joinText(toks[i:end]))
	return mention{actor: k, start: i, end: end, kind: byDescription}, true
}

// orgNouns can stand for an organisation named earlier.
var orgNouns = set(`group movement organisation organization alliance bloc ministry agency commission council party
company union government administration militia`)

// recentBody: the organisation last mentioned whose name has the noun, or for
// a general noun ("the group"), any organisation or group.
func (a *analyzer) recentBody(noun string) int {
	general := noun == "group" || noun == "movement" || noun == "organisation" || noun == "organization" || noun == "militia"
	best := -1
	for i, r := range a.reg.actors {
		if r.lastSeen < 0 || r.Kind != Organization && r.Kind != Group {
			continue
		}
		if !general && !containsWord(strings.Fields(strings.ToLower(r.Name)), noun) {
			continue
		}
		if best < 0 || r.lastSeen > a.reg.actors[best].lastSeen {
			best = i
		}
	}
	return best
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

// matchTitle finds the longest description noun starting at token j.
func matchTitle(toks []token, j int) (string, int) {
	if j >= len(toks) || !titleFirst[strings.TrimSuffix(toks[j].lower, ".")] {
		return "", j
	}
	for n := 3; n >= 1; n-- {
		if j+n > len(toks) {
			continue
		}
		words := make([]string, n)
		for k := 0; k < n; k++ {
			words[k] = strings.TrimSuffix(toks[j+k].lower, ".")
		}
		if t := strings.Join(words, " "); descriptionNouns[t] {
			return t, j + n
		}
	}
	return "", j
}

// topPeople: the n most mentioned people so far, for "the two leaders".
func (a *analyzer) topPeople(n, sentence int) []int {
	var cands []int
	for _, i := range a.reg.people {
		if p := a.reg.actors[i]; p.lastSeen >= 0 && len(p.titles) > 0 {
			cands = append(cands, i)
		}
	}
	if len(cands) < n {
		return nil
	}
	for x := 0; x < len(cands); x++ {
		for y := x + 1; y < len(cands); y++ {
			if a.reg.actors[cands[y]].Mentions > a.reg.actors[cands[x]].Mentions {
				cands[x], cands[y] = cands[y], cands[x]
			}
		}
	}
	return cands[:n]
}

// governingPrep: a preposition whose object is not a clause's subject ("as",
// "after" and "before" may open a clause instead).
func governingPrep(p string) bool {
	return prepositions[p] && p != "as" && p != "after" && p != "before"
}

// clauseStart: can a subject begin at token i?
func clauseStart(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	if p.kind != word {
		return p.text != "'" && p.text != "-"
	}
	if i == 1 && (adverbs[p.lower] || strings.HasSuffix(p.lower, "ly")) {
		return true // "Later X said …", "Separately, …"
	}
	return clauseOpeners[p.lower] || embedVerbs[p.lower] || reportVerbs[p.lower] || p.lower == "neither" || p.lower == "both" || p.lower == "either"
}

// isVerb: could token i be a finite verb or auxiliary?
func isVerb(toks []token, i int) bool {
	t := toks[i]
	if t.kind != word || t.cap && i > 0 {
		return false
	}
	l := t.lower
	if l == "'s" {
		return false
	}
	if auxVerbs[l] {
		return true
	}
	if strings.HasSuffix(l, "ing") {
		return false
	}
	if _, ok := irregularPast[l]; ok {
		return true
	}
	if embedVerbs[l] || positionVerbs[l] || neutralVerbs[l] {
		return true
	}
	return strings.HasSuffix(l, "ed") && len(l) > 4 && !strings.HasSuffix(l, "eed")
}

// resolvePronoun picks the person a pronoun most likely means: someone earlier
// in the sentence (a subject first), else the last sentence's subject.
func (a *analyzer) resolvePronoun(s *sent, mi int, prevSubjects []int) int {
	m := s.mentions[mi]
	if m.actor >= 0 {
		return m.actor
	}
	g, third := pronounGender[m.pronoun]
	if !third {
		return -1
	}
	agrees := func(k int) bool {
		if k < 0 {
			return false
		}
		r := a.reg.actors[k]
		return r.Kind == Person && (r.gender == "" || r.gender == g)
	}
	pick := a.antecedents(s, mi, prevSubjects, agrees).preferred(s, m)
	if pick < 0 {
		pick = a.lastPersonSeen(agrees)
	}
	if pick >= 0 && g != "" && a.reg.actors[pick].gender == "" && (m.pronoun == "she" || m.pronoun == "he") {
		a.reg.actors[pick].gender = g
	}
	return pick
}

// antecedents are the people a pronoun may mean, by where they stand: the
// last subject, possessor and mention before it in its sentence that
// agree with it, and the last agreeing subject of the sentence before.
type antecedents struct{ subj, poss, any, prevSubj int }

// preferred is the antecedent pronoun m means, by its part in the clause,
// or -1.
func (c antecedents) preferred(s *sent, m mention) int {
	switch m.role {
	case roleObject, rolePrepObject:
		return firstOf(c.any, c.prevSubj)
	case rolePossessor:
		return firstOf(c.subj, c.poss, c.any, c.prevSubj)
	case roleSubject:
		if s.tree.mainSubject(m.start) || m.start > 0 && s.toks[m.start-1].text == "," {
			// The subject of the sentence's main clause (or of the clause
			// after an opening phrase) goes on from the last sentence's
			// subject before it takes someone this one only mentions in
			// passing: "Speaking to X of PBS, he said".
			return firstOf(c.subj, c.prevSubj, c.any)
		}
	}
	return firstOf(c.subj, c.any, c.prevSubj) // "officials close to X said he …"
}

func (a *analyzer) antecedents(s *sent, mi int, prevSubjects []int, agrees func(int) bool) antecedents {
	c := antecedents{-1, -1, -1, -1}
	for _, p := range s.mentions[:mi] {
		if !agrees(p.actor) {
			continue
		}
		c.any = p.actor
		switch p.role {
		case roleSubject:
			c.subj = p.actor
		case rolePossessor:
			c.poss = p.actor
		}
	}
	for i := len(prevSubjects) - 1; i >= 0; i-- {
		if agrees(prevSubjects[i]) {
			c.prevSubj = prevSubjects[i]
			break
		}
	}
	return c
}

// lastPersonSeen is the agreeing person mentioned last, or -1.
func (a *analyzer) lastPersonSeen(agrees func(int) bool) int {
	best := -1
	for _, k := range a.reg.people {
		if agrees(k) && a.reg.actors[k].lastSeen >= 0 && (best < 0 || a.reg.actors[k].lastSeen > a.reg.actors[best].lastSeen) {
			best = k
		}
	}
	return best
}

func firstOf(xs ...int) int {
	for _, x := range xs {
		if x >= 0 {
			return x
		}
	}
	return -1
}
