package briefings

import (
	"slices"
	"strings"

	"github.com/briefbot/briefbot/briefings/nlp"
)

// tree is one sentence's dependency parse from the language backbone,
// aligned with the analyser's own tokens by byte offset.
type tree struct {
	words  []string
	upos   []string
	lemmas []string
	labels []string
	heads  []int   // 0-based head of each word, -1 for a root
	kids   [][]int // dependents of each word, in order
	at     []int   // the analyser token each word falls in
}

// parseSentence parses s with the embedded models, the words of names as
// proper nouns, or returns nil when they cannot be loaded (the analyser
// then finds actors and quotes but no claims).
func parseSentence(s *sentence, names [][2]int) *tree {
	m, err := nlp.Default()
	if err != nil || len(s.toks) == 0 {
		return nil
	}
	t := &tree{}
	for _, ps := range m.ParseNaming(s.text, names).Sentences { // the analyser finds its own names
		base := len(t.words)
		for i, tok := range ps.Tokens {
			t.words = append(t.words, tok.Text)
			t.upos = append(t.upos, ps.UPOS[i])
			t.lemmas = append(t.lemmas, ps.Lemmas[i])
			t.labels = append(t.labels, ps.Labels[i])
			h := ps.Heads[i] - 1
			if h >= 0 {
				h += base
			}
			t.heads = append(t.heads, h)
			t.at = append(t.at, tokenAt(s.toks, tok.Start))
		}
	}
	t.kids = make([][]int, len(t.words))
	for i, h := range t.heads {
		if h >= 0 {
			t.kids[h] = append(t.kids[h], i)
		}
	}
	return t
}

// namesReparsed is s parsed again, with the words of the people its
// mentions name read as proper nouns, where the tagger read one otherwise
// ("Begin insisted", "Cengiz called …" with the surname a verb or a noun);
// nil where it read them all.
func (a *analyzer) namesReparsed(s *sent) *tree {
	t := s.tree
	if t == nil {
		return nil
	}
	var names [][2]int
	misread := false
	for _, m := range s.mentions {
		if m.kind != byName || m.actor < 0 || a.reg.actors[m.actor].Kind != Person {
			continue
		}
		own := strings.Fields(a.reg.actors[m.actor].Name)
		for i := m.start; i < m.end; i++ {
			if !slices.Contains(own, s.toks[i].text) {
				continue
			}
			names = append(names, [2]int{s.toks[i].start, s.toks[i].end})
			if w := t.wordAt(i); w >= 0 && t.upos[w] != "PROPN" {
				misread = true
			}
		}
	}
	if !misread {
		return nil
	}
	return parseSentence(&s.sentence, names)
}

// tokenAt is the analyser token holding byte offset off.
func tokenAt(toks []token, off int) int {
	for i, t := range toks {
		if off < t.end {
			return i
		}
	}
	return len(toks) - 1
}

// clauseSpan is the span of clause w without what is not its holders':
// clauses whose subject is another actor ("…, while Y said …"), relative
// clauses, and openers before the subject ("According to X, …").
func (a *analyzer) clauseSpan(s *sent, w int, holders []int) (start, end int) {
	t := s.tree
	first := w
	if ag := t.agentWords(w); len(ag) > 0 {
		first = min(w, ag[0])
	}
	start, end = t.at[w], t.at[w]+1
	for _, k := range t.kids[w] {
		if k < first && opener[t.labels[k]] {
			continue
		}
		if ks, ke, ok := a.ownSpan(s, k, holders, false); ok {
			start, end = min(start, ks), max(end, ke)
		}
	}
	for _, k := range append(t.strandedSubjects(w), t.participleSubjects(w)...) {
		ks, _, _ := a.ownSpan(s, k, holders, false)
		start = min(start, ks) // "but both Saudi Arabia and the United States have alleged"
	}
	for _, k := range t.agentWords(w) {
		if m := mentionCovering(s, t.at[k]); m != nil {
			start = min(start, m.start) // "Foreign ministry spokesperson Lin Qiao told", the title parsed apart
		}
	}
	for start < end && (s.toks[start].kind == punct || s.toks[start].lower == "but" || s.toks[start].lower == "and") {
		start++
	}
	for end > start && s.toks[end-1].kind == punct {
		end--
	}
	return start, end
}

var opener = set(`obl obl:tmod obl:npmod advcl advmod discourse punct mark cc`)

// ownSpan is the span of w and its dependents, leaving out punctuation and
// the clauses that are someone else's; ok is false when w itself is one.
// Inside what is said (content: below a complement clause), a clause with
// another subject is part of the saying ("explained that Putin was not the
// same as he was in 2017").
func (a *analyzer) ownSpan(s *sent, w int, holders []int, content bool) (start, end int, ok bool) {
	t := s.tree
	if t.labels[w] == "punct" || a.othersClause(s, w, holders, content) {
		return 0, 0, false
	}
	content = content || t.labels[w] == "ccomp"
	start, end = t.at[w], t.at[w]+1
	for _, k := range t.kids[w] {
		if ks, ke, ok := a.ownSpan(s, k, holders, content); ok {
			start, end = min(start, ks), max(end, ke)
		}
	}
	return start, end, true
}

// restrictive: relative clause k picks out which thing its noun means ("any
// bloc that targeted a third country"), so it is part of what is said; an
// aside set off by a comma, or one on a name or a subject, is not.
func (t *tree) restrictive(k int) bool {
	h := t.heads[k]
	first := t.leftmost(k)
	return first > 0 && t.words[first-1] != "," && t.upos[h] == "NOUN" && !strings.HasPrefix(t.labels[h], "nsubj")
}

// othersClause: dependent k is a relative clause or aside, or a clause
// whose subject is an actor other than the holders.
func (a *analyzer) othersClause(s *sent, k int, holders []int, content bool) bool {
	switch s.tree.labels[k] {
	case "parataxis":
		return true
	case "acl:relcl":
		return !s.tree.restrictive(k) || mentionCovering(s, s.tree.at[s.tree.heads[k]]) != nil
	case "advcl", "conj":
		if content && !speechVerb(s.tree, k) {
			return false // but "…, while Y said …" is Y's saying
		}
		for _, x := range a.agentActors(s, k) {
			if !containsInt(holders, x) {
				return true
			}
		}
	}
	return false
}

func (t *tree) kidsLabelled(w int, labels ...string) []int {
	var out []int
	for _, k := range t.kids[w] {
		for _, l := range labels {
			if t.labels[k] == l {
				out = append(out, k)
			}
		}
	}
	return out
}

// agentWords are the words naming who does what word w says: its subject, or
// the agent of a passive, each conjunct of a coordinated one included. A
// relative pronoun stands for the noun its clause describes.
func (t *tree) agentWords(w int) []int {
	var out []int
	passive := t.passive(w)
	// A clause passive() reads as active has no passive subject, whatever
	// the parse labelled it: "X has been forthcoming", "X was speaking".
	kids := t.kidsLabelled(w, "nsubj", "obl:agent", "csubj", "nsubj:pass")
	if len(kids) == 0 && !passive {
		// "On Thursday, the leader …, Pope Francis, imposed": the parse
		// hung the subject on the day it opens with.
		for _, o := range t.kidsLabelled(w, "obl", "obl:unmarked") {
			if d, ok := t.dayOpener(o); ok {
				kids = append(kids, d)
			}
		}
		if len(kids) == 0 {
			kids = t.strandedSubjects(w)
		}
		if len(kids) == 0 {
			kids = t.participleSubjects(w)
		}
	}
	for _, k := range t.clauseSubjects(kids, w) {
		if d, ok := t.dayOpener(k); ok {
			k = d // "This Thursday the Commission …": the day as the subject
		}
		if t.labels[k] == "nsubj:pass" && passive {
			continue
		}
		if (t.labels[k] == "obl:agent") != passive {
			continue // the subject of a passive is who it happens to
		}
		if relativePronoun[t.lemmas[k]] {
			k = t.antecedent(w, k)
		}
		k = t.bodyOfMembers(k)
		out = append(out, k)
		out = append(out, t.kidsLabelled(k, "conj")...)
	}
	return out
}

// clauseSubjects drops the subjects the parse gave verb w before the
// "with" that opens w's clause: the subject of "with Y stating" follows it
// ("critics like X, and Y, with Y stating" gave X to "stating" too).
func (t *tree) clauseSubjects(kids []int, w int) []int {
	marks := t.kidsLabelled(w, "mark")
	if len(marks) == 0 || t.lemmas[marks[0]] != "with" {
		return kids
	}
	var out []int
	for _, k := range kids {
		if k > marks[0] {
			out = append(out, k)
		}
	}
	return out
}

// strandedSubjects are the subjects of the verb w, which has none, where
// the parse joined them to a noun of the clause before: in "… was claimed
// by the movement in Yemen, but both Saudi Arabia and the United States
// have alleged …" it made Saudi Arabia and the United States conjuncts of
// Yemen. They are the conjuncts of one noun that end just before w (its
// auxiliaries apart), from the one a "but" or a comma opens.
func (t *tree) strandedSubjects(w int) []int {
	p := t.leftmost(w) - 1
	if p < 1 || t.labels[p] != "conj" || t.heads[p] >= p || (t.upos[p] != "PROPN" && t.upos[p] != "NOUN") {
		return nil
	}
	h := t.heads[p]
	var run []int
	for _, c := range slices.Backward(t.kids[h]) {
		if c > p || t.labels[c] != "conj" {
			continue
		}
		run = append(run, c)
		if first := t.leftmost(c); first > 0 && (t.words[first-1] == "," || t.words[first] == "but") {
			slices.Reverse(run)
			return run
		}
		for _, cc := range t.kidsLabelled(c, "cc") {
			if w := strings.ToLower(t.words[cc]); w == "but" || w == "yet" {
				slices.Reverse(run)
				return run
			}
		}
	}
	return nil
}

// participleSubjects are the subjects of verb w, which has none, where the
// parse took the participle modifying them for their verb: in "some
// militias associated with Iran had made threats" it made "associated" the
// militias' verb and "made" a conjunct with no subject.
func (t *tree) participleSubjects(w int) []int {
	if v := t.participleBefore(w); v >= 0 {
		return t.kidsLabelled(v, "nsubj")
	}
	return nil
}

// participleBefore is the participle (see participleSubjects) standing
// right before conjunct w, no conjunction or comma between them, or -1.
func (t *tree) participleBefore(w int) int {
	first := t.leftmost(w)
	if first < 1 || t.labels[w] != "conj" || len(t.kidsLabelled(w, "cc")) > 0 || t.upos[first] != "AUX" {
		return -1
	}
	for _, v := range t.kids[t.heads[w]] {
		if v < w && t.labels[v] == "conj" && t.rightmost(v) == first-1 && strings.HasSuffix(strings.ToLower(t.words[v]), "ed") && len(t.kidsLabelled(v, "aux", "aux:pass")) == 0 {
			return v
		}
	}
	return -1
}

// modifierParticiple: verb v only modifies its "subject" (participleBefore
// of the verb after it), so it says nothing of its own.
func (t *tree) modifierParticiple(v int) bool {
	h := t.heads[v]
	if h < 0 || t.labels[v] != "conj" {
		return false
	}
	for _, w := range t.kids[h] {
		if w > v && t.participleBefore(w) == v {
			return true
		}
	}
	return false
}

// dayOpener: word k is the day or month a sentence opens with and the
// parse took the subject set after it for an appositive of the day ("This
// Thursday the Commission … criticized", "On Thursday, the leader …, Pope
// Francis, imposed"); it returns that subject.
func (t *tree) dayOpener(k int) (int, bool) {
	if !months[strings.ToLower(t.words[k])] {
		return 0, false
	}
	for _, c := range t.kidsLabelled(k, "appos") {
		if c > k {
			return c, true
		}
	}
	return 0, false
}

// antecedent is what relative pronoun k (the subject of clause w) stands
// for: the noun the relative clause hangs on, or, where the parse hung the
// clause elsewhere, the name or noun just before ", which" / ", who".
func (t *tree) antecedent(w, k int) int {
	if t.labels[w] == "acl:relcl" && t.heads[w] >= 0 {
		return t.heads[w]
	}
	if k >= 2 && t.words[k-1] == "," && (t.upos[k-2] == "PROPN" || t.upos[k-2] == "NOUN") {
		return k - 2
	}
	return k
}

// memberNouns stand for the body they belong to or speak for: "members of
// the European Union condemned it" is the European Union's act,
// "representatives from Iran acknowledged" Iran's. Plural only: "a Member
// of Parliament" is a person, not the body.
var memberNouns = set("members representatives officials delegates diplomats negotiators")

// bodyOfMembers is the body in "members of X" at word k, or k.
func (t *tree) bodyOfMembers(k int) int {
	if !memberNouns[strings.ToLower(t.words[k])] || t.counted(k) {
		return k // "220 members of the House" are some of it, not the House
	}
	for _, c := range t.kidsLabelled(k, "nmod") {
		if t.upos[c] == "PROPN" && (t.hasCase(c, "of") || t.hasCase(c, "from")) {
			return c
		}
	}
	return k
}

// counted: noun k has a number or a quantity before it ("220 members",
// "several officials").
func (t *tree) counted(k int) bool {
	if len(t.kidsLabelled(k, "nummod")) > 0 {
		return true
	}
	for _, d := range t.kidsLabelled(k, "det", "amod") {
		switch strings.ToLower(t.words[d]) {
		case "some", "several", "many", "few", "two", "three", "most", "other":
			return true
		}
	}
	return false
}

// passive: "was slain", "had been poisoned", or a participle describing a
// noun ("the plan announced by").
func (t *tree) passive(w int) bool {
	if strings.HasSuffix(strings.ToLower(t.words[w]), "ing") {
		return false // no participle of a passive: "have been forthcoming", whatever the parse says
	}
	if feelingVerbs[t.lemmas[w]] {
		return false // "X was disappointed by the decision": a state of X's, X's stance
	}
	// A verb the parse gave an active subject as well is active: "House of
	// Commons Speaker X commented" with "House" read as a passive subject.
	if len(t.kidsLabelled(w, "aux:pass")) > 0 || t.labels[w] == "acl" || len(t.kidsLabelled(w, "nsubj:pass")) > 0 && len(t.kidsLabelled(w, "nsubj")) == 0 {
		return true
	}
	if t.upos[w] != "VERB" {
		return false
	}
	for _, k := range t.kidsLabelled(w, "aux") {
		if t.lemmas[k] == "be" {
			return true
		}
	}
	return false
}

var relativePronoun = set(`who which that whom`)

// feelingVerbs are those whose passive says how its subject feels about
// something: "disappointed by", "concerned about", "pleased with".
var feelingVerbs = lemmaSet(`disappoint concern please worry alarm encourage frustrate satisfy surprise shock trouble dismay
delight anger outrage disturb upset disgust sadden hearten`)

// relativeClause: clause w's subject is a relative pronoun ("…, such as X,
// who denounced …"): X's own clause wherever the parse hung it, never a
// report of the clause it hangs on.
func (t *tree) relativeClause(w int) bool {
	subj := t.kidsLabelled(w, "nsubj")
	return len(subj) > 0 && relativePronoun[t.lemmas[subj[0]]]
}

// predicate reports whether word w heads a clause: a verb, or a noun or
// adjective with a copula ("X is opposed to").
func (t *tree) predicate(w int) bool {
	if t.upos[w] == "VERB" {
		return true
	}
	return (t.upos[w] == "ADJ" || t.upos[w] == "NOUN") && len(t.kidsLabelled(w, "cop")) > 0
}

// inherited: a verb coordinated with or controlled by another predicate
// ("agreed to open", "met and agreed"), whose clause is part of that
// predicate's. A coordinated clause with a subject of its own ("…, but
// Trump repeated …") is a clause of its own.
func (t *tree) inherited(w int) bool {
	switch t.labels[w] {
	case "conj":
		return t.heads[w] >= 0 && t.predicate(t.heads[w]) && len(t.kidsLabelled(w, "nsubj", "nsubj:pass")) == 0 && t.strandedSubjects(w) == nil && t.participleSubjects(w) == nil
	case "xcomp":
		return t.heads[w] >= 0 && t.predicate(t.heads[w])
	}
	return false
}

// bodyNouns stand for the country or body named beside them: "the Saudi
// government", "members of the European Union", and an official the report
// does not name: "Kenya's lead negotiator". Words match by their lemma.
var bodyNouns = union(stateNouns, stateSpeakers, set(`ministry members forces military army troops cabinet embassy
statement office delegates representative leader minister lawmaker legislator`))

// voiceNouns are those who speak for a person: an office, a spokesperson.
var voiceNouns = set(`office spokesman spokeswoman spokesperson`)

// actorsOf are the actors word k of the tree names: the mention it falls in,
// the members of a group, or for a body noun the country or body beside it.
func (a *analyzer) actorsOf(s *sent, k int) []int {
	t := s.tree
	if m := mentionCovering(s, t.at[k]); m != nil {
		return a.mentionActors(s, m)
	}
	// "They released a statement which said …": the statement's words are
	// whoever released it.
	if speechNouns[strings.ToLower(t.words[k])] && t.labels[k] == "obj" && t.heads[k] >= 0 {
		if ks := a.agentActors(s, t.heads[k]); len(ks) > 0 {
			return ks
		}
	}
	// "Merkel's spokesperson, Steffen Seibert, said", "someone, seemingly
	// X, says": the person the appositive names.
	if p := a.personIn(s, t.kidsLabelled(k, "appos"), true); p >= 0 {
		return []int{p}
	}
	if !bodyNouns[t.lemmas[k]] {
		return nil
	}
	if voiceNouns[t.lemmas[k]] {
		// "Netanyahu's office said …", "the president's spokesman said …": they speak for that person
		if p := a.personIn(s, t.kidsLabelled(k, "nmod:poss"), false); p >= 0 {
			return []int{p}
		}
	}
	if b := a.bodyBeside(s, k); b >= 0 {
		return []int{b}
	}
	return nil
}

// mentionActors are the actors mention m stands for: its own, a group's
// members, or for "they" the pair in view.
func (a *analyzer) mentionActors(s *sent, m *mention) []int {
	switch {
	case m.kind == byGroup:
		return m.members
	case m.actor < 0 && m.pronoun == "they" && len(s.pairBefore) >= 2:
		return s.pairBefore // "They agreed …" after "X and Y met …"
	case m.actor >= 0:
		return []int{m.actor}
	}
	return nil
}

// personIn is the first person one of the words ws names (not as a
// possessor, where notPossessor), or -1.
func (a *analyzer) personIn(s *sent, ws []int, notPossessor bool) int {
	for _, c := range ws {
		m := mentionCovering(s, s.tree.at[c])
		if m != nil && m.actor >= 0 && !(notPossessor && m.role == rolePossessor) && a.reg.actors[m.actor].Kind == Person {
			return m.actor
		}
	}
	return -1
}

// bodyBeside is the body or country named beside body noun k ("the Saudi
// government", "Egypt's ministry"), or -1.
func (a *analyzer) bodyBeside(s *sent, k int) int {
	t := s.tree
	for _, c := range t.kidsLabelled(k, "amod", "compound", "nmod", "nmod:poss") {
		if m := mentionCovering(s, t.at[c]); m != nil && m.actor >= 0 && a.reg.actors[m.actor].Kind != Person {
			return m.actor
		}
		if i, ok := a.reg.byKey[Place+":"+nationalities[fold(t.words[c])]]; ok {
			return i
		}
	}
	return -1
}

// mentionCovering is the widest mention over token tok: "Qatar's Prime
// Minister X" over its "Qatar".
func mentionCovering(s *sent, tok int) *mention {
	var best *mention
	for i := range s.mentions {
		if m := &s.mentions[i]; m.start <= tok && tok < m.end && (best == nil || m.end-m.start > best.end-best.start) {
			best = m
		}
	}
	return best
}

// agentActors: the actors doing what clause w says.
func (a *analyzer) agentActors(s *sent, w int) []int {
	ks, _ := a.agentsAndRelations(s, w)
	return ks
}

// agentsAndRelations: agentActors, and for each the relation that makes it
// the doer.
func (a *analyzer) agentsAndRelations(s *sent, w int) ([]int, map[int]string) {
	var out []int
	rels := map[int]string{}
	for _, k := range s.tree.agentWords(w) {
		for _, x := range a.actorsOf(s, k) {
			out = appendUnique(out, x)
			if rels[x] == "" {
				rels[x] = s.tree.agentRelation(w, k)
			}
		}
	}
	return out, rels
}

// agentRelation names how word k does what clause w says (agentWords).
func (t *tree) agentRelation(w, k int) string {
	switch {
	case t.heads[k] == w:
		return t.labels[k] // nsubj, obl:agent, csubj
	case k == t.heads[w] && t.labels[w] == "acl:relcl", k+2 < len(t.words) && t.words[k+1] == "," && relativePronoun[t.lemmas[k+2]]:
		return "the noun of a relative clause"
	case t.labels[k] == "conj":
		return "a conjoined subject"
	case t.heads[k] >= 0 && t.heads[k] == t.participleBefore(w):
		return "the subject of the participle before"
	}
	return "members of a body"
}

// reportedWithin: clause w is what an actor says or believes, inside a
// complement of a higher clause with a subject of its own, or anywhere under
// a verb of speech or belief. That clause's holder owns it; the actors in w
// are only talked about. Under the verb of someone the report does not
// name as an actor ("Another official said X explained …") the clause stays
// its subject's, with that reporter.
func (a *analyzer) reportedWithin(s *sent, w int) bool {
	t := s.tree
	for h := t.reportingVerb(w); h >= 0; h = t.reportingVerb(h) {
		if t.inherited(h) || len(a.agentActors(s, h)) > 0 {
			return true
		}
	}
	return false
}

// reportingVerb is the verb of speech or belief whose complement clause w
// sits in (see reportedWithin), or -1.
func (t *tree) reportingVerb(w int) int {
	complement := false
	for t.heads[w] >= 0 {
		if t.contrasted(w) {
			return -1 // "X said the deal was close, while Y said …": Y's own
		}
		h := t.heads[w]
		switch t.labels[w] {
		case "ccomp", "parataxis", "csubj":
			complement = complement || !t.relativeClause(w)
		}
		// A conjunct is a clause beside h, not one h reports ("…did not
		// discuss details, but Trump repeated …"); it is reported only where
		// h is.
		if t.labels[w] != "conj" && t.predicate(h) && (complement || embedVerbs[t.lemmas[h]]) && !relayingVerbs[t.lemmas[h]] && (len(t.agentWords(h)) > 0 || t.inherited(h)) {
			return h
		}
		w = h
	}
	return -1
}

// contrasted: clause w, with a subject of its own, is set against the one
// it hangs on by "while" or "whereas": a clause beside it, not part of it.
func (t *tree) contrasted(w int) bool {
	if t.labels[w] != "advcl" || len(t.kidsLabelled(w, "nsubj")) == 0 {
		return false
	}
	for _, m := range t.kidsLabelled(w, "mark") {
		if l := strings.ToLower(t.words[m]); l == "while" || l == "whereas" {
			return true
		}
	}
	return false
}

// treeClaims adds a claim for each clause of the parse whose subject is an
// actor: acts and stances of any verb, subjects behind long titles and
// asides. Claims of one actor in one sentence merge into one covering all.
func (a *analyzer) treeClaims(e *extraction, s *sent) {
	t := s.tree
	if t == nil {
		return
	}
	if s.speaker >= 0 {
		a.turnAbout(e, s)
		return
	}
	have := map[int]bool{}
	for w := range t.words {
		if h := a.asideHead(s, w); h >= 0 && !s.toks[t.at[w]].inQuote && !s.toks[t.at[h]].inQuote {
			a.asideClaims(e, s, w, h, have)
			continue
		}
		if !t.clauseHead(w) || t.asked(w) {
			continue
		}
		source, quoted := a.sourceQuoting(s, t.at[w])
		if quoted && source == "" || a.reportedWithin(s, w) {
			a.treeAbout(e, s, w)
			continue
		}
		a.clauseClaims(e, s, w, source, quoted, have)
	}
}

// clauseClaims gives clause w to the actors who do it: their position, as
// reported by whoever the sentence names (the unnamed source quoting, when
// quoted), and a position it passes on ("the request of Y to …").
func (a *analyzer) clauseClaims(e *extraction, s *sent, w int, source string, quoted bool, have map[int]bool) {
	t := s.tree
	lem := t.lemmas[w]
	if neutralVerbs[lem] && len(t.kidsLabelled(w, "ccomp", "xcomp", "obj")) == 0 {
		return // "the talks ended"; but "X ended his bid" is an act
	}
	holders, rels := a.agentsAndRelations(s, w)
	start, end := a.clauseSpan(s, w, holders)
	end = min(end, s.attrStart)
	if end <= start {
		return
	}
	reporter := a.reportedBy(s, start)
	if quoted {
		reporter = source
	}
	aside := t.relativeClause(w) // "X, who has long wanted Y, said Z": X's main claim is still to come
	for _, k := range holders {
		if have[k] {
			continue
		}
		have[k] = !aside
		by := reporter
		if a.selfReported(s, by, k) {
			by = ""
		}
		e.pos = append(e.pos, claim{actor: k, sentence: s.idx, start: start, end: end, by: by, verb: lem, rule: "parse: " + rels[k] + " of " + lem})
	}
	if len(holders) > 0 {
		a.relayed(e, s, subject{actors: holders, main: t.at[w], end: end}) // "X will honour the request of Y to …"
	}
}

// turnAbout files what a transcript speaker's turn says of others as about
// them ("Norway wants grain to move …" in the minister's turn), by the
// speaker.
func (a *analyzer) turnAbout(e *extraction, s *sent) {
	t := s.tree
	by := a.reg.actors[s.speaker].Name
	for w := range t.words {
		if !t.predicate(w) || t.inherited(w) || t.labels[w] == "acl" {
			continue
		}
		holders := a.agentActors(s, w)
		start, end := a.clauseSpan(s, w, holders)
		if end <= start {
			continue
		}
		for _, k := range holders {
			if k != s.speaker {
				e.about = append(e.about, claim{actor: k, sentence: s.idx, start: start, end: end, by: by, rule: ruleTreeAbout})
			}
		}
	}
}

// treeAbout files clause w, which someone else says (in their quotation, or
// under their verb of speech), as about its subjects: "X argued that
// Ukraine needs guarantees" is about Ukraine, by X.
func (a *analyzer) treeAbout(e *extraction, s *sent, w int) {
	t := s.tree
	var by []int
	name := ""
	if o, ok := s.ownerAt(t.at[w]); ok && s.toks[t.at[w]].inQuote {
		by, name = []int{o.actor}, o.speaker
	} else if h := t.reportingVerb(w); h >= 0 {
		for t.inherited(h) {
			h = t.heads[h] // "X met Y and argued that …": X argued
		}
		by = a.agentActors(s, h)
		name = a.names(by)
	}
	if name == "" {
		return
	}
	holders := a.agentActors(s, w)
	start, end := a.clauseSpan(s, w, holders)
	if end = min(end, s.attrStart); end <= start {
		return
	}
	about := holders
	for _, k := range t.agentWords(w) {
		for _, c := range t.kidsLabelled(k, "compound", "nmod:poss") {
			for _, x := range a.actorsOf(s, c) {
				about = appendUnique(about, x) // "Ukraine's army needs …" is about Ukraine too
			}
		}
	}
	for _, k := range about {
		switch {
		case containsInt(by, k):
		case a.speaksFor(by, k) && containsInt(holders, k):
			// "a State Department spokesperson, X, indicated the United States
			// was disappointed": the country's stance, as its spokesperson gives it
			e.pos = append(e.pos, claim{actor: k, sentence: s.idx, start: start, end: end, by: name, verb: t.lemmas[w], rule: ruleSpokesperson})
		default:
			e.about = append(e.about, claim{actor: k, sentence: s.idx, start: start, end: end, by: name, rule: ruleTreeAbout})
		}
	}
}

// speaksFor: one of the speakers is a spokesperson whose role names k, the
// country or body they speak for.
func (a *analyzer) speaksFor(speakers []int, k int) bool {
	principal := a.reg.actors[k]
	for _, sp := range speakers {
		if sp < 0 {
			continue
		}
		r := a.reg.actors[sp]
		if r.Kind != Person || principal.Kind == Person || !slices.ContainsFunc(strings.Fields(strings.ToLower(r.Role)), func(w string) bool { return voiceNouns[w] }) {
			continue
		}
		if principal.Kind == Place && r.Country != "" && r.Country == principal.Country || strings.Contains(r.Role, principal.Name) {
			return true
		}
	}
	return false
}

// sourceQuoting: token i is inside a quotation (quoted), and source is its
// speaker where that is an unnamed source, whose words pass on their
// subject's position ("the source said, referring to Trump, "He's thinking
// about all the details.""); what anyone else quoted says of a third person
// is theirs, not the subject's (see othersClaim).
func (a *analyzer) sourceQuoting(s *sent, i int) (source string, quoted bool) {
	if !s.toks[i].inQuote {
		return "", false
	}
	if o, ok := s.ownerAt(i); ok && o.actor < 0 && o.speaker != "" && unnamedSource(o.speaker) {
		return o.speaker, true
	}
	return "", true
}

// asideHead: w is a verb of speech set after the clause it reports ("The
// deal will take months, the minister said", "…, he said, and …"); it
// returns that clause's verb, or -1.
func (a *analyzer) asideHead(s *sent, w int) int {
	t := s.tree
	h := t.heads[w]
	if h < 0 || h > w || !speechVerb(t, w) || !t.predicate(h) || len(t.kidsLabelled(w, "nsubj")) == 0 {
		return -1
	}
	if t.relativeClause(w) {
		return -1
	}
	// An aside has nothing of its own to say: "…; NPR reported that …"
	// reports something else.
	if len(t.kidsLabelled(w, "ccomp", "xcomp")) > 0 {
		return -1
	}
	if t.at[w] >= s.attrStart {
		return h // the attribution stage read it so, whatever the label
	}
	if first := t.leftmost(w); !t.asideLabel(w) || first == 0 || t.words[first-1] != "," && t.words[first] != "," {
		return -1
	}
	return h
}

// asideLabel: how the parse hangs "…, the minister said" on the clause
// before: parataxis as UD has it, the labels it gives in its place, or a
// conjunct with no "and".
func (t *tree) asideLabel(w int) bool {
	return asideLabels[t.labels[w]] || t.labels[w] == "conj" && len(t.kidsLabelled(w, "cc")) == 0
}

var asideLabels = set(`parataxis obl dep advcl`)

// asideClaims gives the clause of h, up to the aside of speech w, to whoever
// w's subject names: what they said, without quotation marks.
func (a *analyzer) asideClaims(e *extraction, s *sent, w, h int, have map[int]bool) {
	t := s.tree
	holders, rels := a.agentsAndRelations(s, w)
	if len(holders) == 0 {
		return
	}
	start, _ := a.clauseSpan(s, h, nil)
	end := t.at[t.leftmost(w)]
	for _, k := range t.agentWords(w) {
		// the whole name of the speaker, where the parse split it
		if m := mentionCovering(s, t.at[k]); m != nil && m.start > start {
			end = min(end, m.start)
		}
	}
	for end > start && s.toks[end-1].kind == punct {
		end--
	}
	if end <= start {
		return
	}
	relayed := len(a.agentActors(s, h)) > 0
	for _, k := range holders {
		if relayed && a.reg.actors[k].Kind != Person {
			continue // "X believes …, the Ukrainian official said": X's position, relayed
		}
		if !have[k] {
			have[k] = true
			e.pos = append(e.pos, claim{actor: k, sentence: s.idx, start: start, end: end, verb: t.lemmas[w], rule: "parse: what the " + rels[k] + " of " + t.lemmas[w] + " reports"})
		}
	}
}

// treeSpeaker is who the parse says speaks quotation q: the subject of the
// verb of speech the quotation depends on ("X said, "…"", "X said that
// "…"") or that hangs off it (""…," X said", ""…," said a man using a
// pseudonym"); the subject's own words where it is no actor. ok is false
// when there is none.
func (a *analyzer) treeSpeaker(q quoteSpan) (speakerFound, bool) {
	s, t := q.s, q.s.tree
	if t == nil {
		return speakerFound{}, false
	}
	inside := func(w int) bool { return t.at[w] > q.open && t.at[w] < q.close }
	for w := range t.words {
		h := t.heads[w]
		if h < 0 || inside(w) == inside(h) {
			continue
		}
		v := t.frameVerb(h) // the quotation depends on the verb outside
		if inside(h) {
			v = t.frameVerb(w) // the verb hangs off the quotation
		}
		if v < 0 || s.toks[t.at[v]].paren && q.open >= 0 && !s.toks[q.open].paren {
			continue // a verb inside an aside speaks for the aside
		}
		for t.inherited(v) {
			v = t.heads[v] // "X cited Y and said, "…"": X said it
		}
		if f, ok := a.subjectSpeaks(s, v); ok {
			return f, true
		}
	}
	return speakerFound{}, false
}

const ruleTreeSpeaker = "parse: the subject of the verb of speech the quote hangs on"

// subjectSpeaks is the subject of verb v as a quotation's speaker: its
// actor, or the words of a subject that is none ("a protester using the
// pseudonym Katya"); a pronoun the analyser did not resolve is no one.
func (a *analyzer) subjectSpeaks(s *sent, v int) (speakerFound, bool) {
	t := s.tree
	for _, k := range a.agentActors(s, v) {
		return speakerFound{a.reg.actors[k].Name, k, ruleTreeSpeaker}, true
	}
	ag := t.agentWords(v)
	if len(ag) == 0 || t.upos[ag[0]] == "PRON" {
		return speakerFound{}, false
	}
	i, j := t.at[t.leftmost(ag[0])], t.at[t.rightmost(ag[0])]+1
	for i < j && s.toks[i].kind == punct {
		i++ // "Asked about it, a senior official said": not the comma
	}
	for j > i && s.toks[j-1].kind == punct {
		j--
	}
	if i == j {
		return speakerFound{}, false
	}
	return speakerFound{spanText(s, i, j), a.headActor(s, i, j), ruleTreeSpeaker}, true
}

// frameVerb is the verb of speech w, or that w hangs on, where a quotation
// and w are joined: a frame's verb speaks, whatever it means elsewhere
// (""…," Lam continued").
func (t *tree) frameVerb(w int) int {
	if t.upos[w] == "VERB" && reportVerbs[strings.ToLower(t.words[w])] {
		return w
	}
	return t.speakingVerb(w)
}

// wordAt is the first word of the parse at analyser token tok, or -1.
func (t *tree) wordAt(tok int) int {
	if t != nil {
		for w, at := range t.at {
			if at == tok {
				return w
			}
		}
	}
	return -1
}

// functionWord: the parse reads analyser token tok as a word of a closed
// class or an adverb ("Yesterday", "Hey", "Like", the "I" of "I'm"), which
// capitalised at a sentence's start opens no name.
func (t *tree) functionWord(tok int) bool {
	w := t.wordAt(tok)
	if w < 0 {
		return false
	}
	switch t.upos[w] {
	case "ADV", "INTJ", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "AUX", "PART":
		return true
	}
	return false
}

// prepositional: the parse makes analyser token tok the object of a
// preposition ("in Paris").
func (t *tree) prepositional(tok int) bool {
	w := t.wordAt(tok)
	if w < 0 {
		return false
	}
	for _, k := range t.kidsLabelled(w, "case") {
		if t.upos[k] == "ADP" {
			return true
		}
	}
	return false
}

// isMainSubject: word w is the subject of the sentence's main verb.
func (t *tree) isMainSubject(w int) bool {
	h := t.heads[w]
	return t.labels[w] == "nsubj" && h >= 0 && t.heads[h] < 0
}

// verbAt: the parse takes analyser token tok for a verb, or there is no
// parse to say otherwise ("United States" is no "states").
func (t *tree) verbAt(tok int) bool {
	w := t.wordAt(tok)
	return w < 0 || t.upos[w] == "VERB" || t.upos[w] == "AUX"
}

// mainSubject: the parse makes analyser token tok the subject of the
// sentence's main verb.
func (t *tree) mainSubject(tok int) bool {
	w := t.wordAt(tok)
	return w >= 0 && t.isMainSubject(w)
}

// hasMainSubject: the sentence's main verb has a subject at all.
func (t *tree) hasMainSubject() bool {
	if t == nil {
		return false
	}
	for w := range t.words {
		if t.isMainSubject(w) {
			return true
		}
	}
	return false
}

// subjectIn: the parse makes a word of tokens start..end-1 the subject of
// the sentence's main verb, where the word rules may not see it
// ("X, a UN rapporteur who had investigated the case, cautioned …").
func (t *tree) subjectIn(start, end int) bool {
	if t == nil {
		return false
	}
	for w, at := range t.at {
		if at >= start && at < end && t.isMainSubject(w) {
			return true
		}
	}
	return false
}

// speechVerb: the word at v says someone spoke or wrote; whose words a
// quotation hanging on it are. Verbs of belief and will ("accept", "hope",
// "urge") take a clause too, but a quotation in it is not their subject's.
func speechVerb(t *tree, v int) bool {
	return t.upos[v] == "VERB" && (embedVerbs[t.lemmas[v]] && !stanceVerbs[t.lemmas[v]] || reportVerbs[t.lemmas[v]])
}

// speakingVerb is v if it is a verb of speech, or the verb of speech that v,
// a noun or a participle, hangs on ("X responded …, calling for a
// transition "in the best interests of the country"" is X's wording); -1 if
// neither.
func (t *tree) speakingVerb(v int) int {
	for n := 0; n < 4 && v >= 0; n++ {
		switch l := t.labels[v]; {
		case speechVerb(t, v):
			return v
		case t.predicate(v) && l != "advcl" && l != "xcomp":
			return -1
		case !t.predicate(v) && l != "obj" && l != "obl" && l != "nmod":
			return -1
		}
		v = t.heads[v]
	}
	return -1
}

var stanceVerbs = lemmaSet(`believe think feel fear hope expect agree recognize recognise understand know worry doubt accept urge`)

// treeSpeakerOf: the speaker of a quotation over several sentences, named
// with its last part or its first.
func (a *analyzer) treeSpeakerOf(parts []quoteSpan) (speakerFound, bool) {
	if f, ok := a.treeSpeaker(parts[len(parts)-1]); ok {
		return f, true
	}
	return a.treeSpeaker(parts[0])
}

// noteNouns remembers the words a sentence uses as lower-case common nouns.
func (a *analyzer) noteNouns(t *tree) {
	if t == nil {
		return
	}
	for i, w := range t.words {
		if t.upos[i] == "NOUN" && strings.ToLower(w) == w {
			a.nouns[w], a.nouns[t.lemmas[i]] = true, true
		}
	}
}

// classify is the word rules' reading of a capitalised run, checked against
// the rest of the report: a "person" whose surname the report also writes
// as a common noun ("Sacred Defence Week", "Human Rights") is a body or an
// event named with it; one made only of words of the language, no given
// name first, whose surname the report never writes alone, is no one.
func (a *analyzer) classifyRun(toks []token, next string) (entity, bool) {
	e, ok := classify(toks, next)
	if !ok || e.kind != Person || e.name == "" {
		return e, ok
	}
	words := strings.Fields(e.name)
	last := fold(words[len(words)-1])
	if e.role == "" && len(e.titles) == 0 && a.alone[last] == 0 && ordinaryPhrase(words) {
		return entity{}, false // "Term Limits", "Moon Rocks": a phrase in capitals, never one word of it alone
	}
	if a.nouns[last] || a.nouns[strings.TrimSuffix(last, "s")] {
		if roleNouns[last] {
			return entity{}, false // "a new National Security Advisor": a post, no one named
		}
		return entity{kind: Organization, name: joinText(toks), country: e.country}, true
	}
	return e, ok
}

// treeRoles gives a person named without a title the role the parse puts
// around the name: "the senior Polish archbishop Wojciech Polak",
// "Agnès Callamard, a UN rapporteur for …". Roles from the word rules
// stay.
func (a *analyzer) treeRoles() {
	for _, s := range a.sents {
		if s.tree == nil {
			continue
		}
		for _, m := range s.mentions {
			if m.kind != byName || m.actor < 0 {
				continue
			}
			rec := a.reg.actors[m.actor]
			if rec.Kind != Person {
				continue
			}
			if rec.Country == "" {
				rec.Country = s.tree.countryAfter(m) // "President Hassan Rouhani of Iran"
			}
			if rec.Role == "" {
				rec.Role = s.tree.roleAround(m)
			}
		}
	}
}

// roleAround reads the role words next to mention m: a run of lower-case
// title words just before the name, or the noun in apposition to it.
func (t *tree) roleAround(m mention) string {
	first := slices.IndexFunc(t.at, func(at int) bool { return at >= m.start && at < m.end })
	if first < 0 {
		return ""
	}
	head := t.headIn(m.start, m.end)
	if r := t.titleRunBefore(first); r != "" {
		return r
	}
	if head >= 0 {
		return t.apposRole(head)
	}
	return ""
}

// countryAfter is the country in "X of Iran" right after a name.
func (t *tree) countryAfter(m mention) string {
	last := -1
	for w := range t.words {
		if t.at[w] >= m.start && t.at[w] < m.end {
			last = w
		}
	}
	if last < 0 || last+2 >= len(t.words) || !strings.EqualFold(t.words[last+1], "of") {
		return ""
	}
	return countryOf(strings.ToLower(t.words[last+2]))
}

// titleRunBefore is "former New Jersey governor" before "Chris Christie":
// modifiers ending in a lower-case title or role noun.
func (t *tree) titleRunBefore(first int) string {
	k := first - 1
	if k < 0 || t.upos[k] != "NOUN" || strings.ToLower(t.words[k]) != t.words[k] || !(titleWords[t.words[k]] || roleNouns[t.words[k]]) {
		return ""
	}
	start := k
	for start > 0 && first-start < 5 && (t.upos[start-1] == "ADJ" || t.upos[start-1] == "NOUN" || t.upos[start-1] == "PROPN") {
		start--
	}
	return joinWords(t.words[start:first])
}

// apposRole is the noun in apposition to a name with the words that
// qualify it from the left: "a UN rapporteur for the Office…" gives "UN
// rapporteur".
func (t *tree) apposRole(head int) string {
	candidates := t.kids[head]
	if h := t.heads[head]; h >= 0 && t.labels[head] == "appos" {
		candidates = append([]int{h}, candidates...) // "the prosecutor general of Tehran, Ali Alghasi Mehr, said"
	}
	for _, k := range candidates {
		l := strings.ToLower(t.lemmas[k])
		if k != t.heads[head] && t.labels[k] != "appos" || t.upos[k] != "NOUN" || !roleNouns[l] && !titleWords[l] {
			continue
		}
		start := k
		for _, c := range t.kids[k] {
			if c < start && (t.labels[c] == "compound" || t.labels[c] == "amod" || t.labels[c] == "nmod:poss") {
				start = min(start, t.leftmost(c)) // "the United States special envoy"
			}
		}
		for start < k && (t.upos[start] == "DET" || t.upos[start] == "PUNCT") {
			start++
		}
		return joinWords(t.words[start : t.ofPart(k)+1])
	}
	return ""
}

// joinWords writes parse words as text: no space before a clitic or a
// closing mark ("the European Union's envoy", not "Union 's").
func joinWords(ws []string) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && !clitics[strings.ToLower(w)] && !strings.ContainsAny(w[:1], ",.;:)]") && ws[i-1] != "(" {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

var clitics = set(`'s ’s ' n't 're 've 'll 'd 'm`)

// leftmost is the first word of w's subtree.
func (t *tree) leftmost(w int) int {
	first := w
	for _, c := range t.kids[w] {
		if c < first {
			first = min(first, t.leftmost(c))
		}
	}
	return first
}

// rightmost is the last word of w's subtree (see leftmost).
func (t *tree) rightmost(w int) int {
	last := w
	for _, c := range t.kids[w] {
		if c > last {
			last = max(last, t.rightmost(c))
		}
	}
	return last
}

// ofPart extends role noun k over a short "of" phrase: "secretary of
// state", "minister of defence"; it returns the last word of the role.
func (t *tree) ofPart(k int) int {
	for _, c := range t.kids[k] {
		if c > k && c <= k+3 && t.labels[c] == "nmod" && t.hasCase(c, "of") && len(t.kids[c]) <= 2 {
			return c
		}
	}
	return k
}

// hasCase says whether word i has a case marker word.
func (t *tree) hasCase(i int, word string) bool {
	for _, k := range t.kids[i] {
		if t.labels[k] == "case" && strings.EqualFold(t.words[k], word) {
			return true
		}
	}
	return false
}

// subjectsOf are the sentence's clauses whose doer is an actor, from the
// parse: each predicate with its agents (a conjunct that shares its head's
// subject is part of the head's clause), where it runs, and whose verb of
// speech it sits under.
func (a *analyzer) subjectsOf(s *sent) []subject {
	t := s.tree
	if t == nil {
		return nil
	}
	var out []subject
	byWord := map[int]int{}
	var words []int
	for w := range t.words {
		if !t.clauseHead(w) {
			continue
		}
		holders := a.agentActors(s, w)
		start, end := a.clauseSpan(s, w, holders)
		if len(holders) == 0 || end <= start || start >= s.attrStart {
			continue
		}
		byWord[w] = len(out)
		words = append(words, w)
		out = append(out, subject{actors: holders, start: start, verb: t.verbStart(w), main: t.at[w], lemma: t.lemmas[w], end: end, embedded: -1})
	}
	for i, w := range words {
		if h := t.reportingVerb(w); h >= 0 {
			for t.inherited(h) {
				h = t.heads[h]
			}
			if j, ok := byWord[h]; ok && j != i {
				out[i].embedded = j
			}
		}
	}
	return out
}

// clauseHead: w heads a clause of its own: a predicate, not one that shares
// its head's subject, nor a participle describing a noun.
func (t *tree) clauseHead(w int) bool {
	return t.predicate(w) && !t.inherited(w) && t.labels[w] != "acl" && !t.modifierParticiple(w)
}

// asked: clause w is a question with its auxiliary before its subject
// ("Will Moscow agree?"), which asks rather than says what anyone wants.
func (t *tree) asked(w int) bool {
	if n := len(t.words); n == 0 || t.words[n-1] != "?" {
		return false
	}
	subj := t.kidsLabelled(w, "nsubj", "nsubj:pass")
	aux := t.kidsLabelled(w, "aux", "aux:pass", "cop")
	return len(subj) > 0 && len(aux) > 0 && aux[0] < subj[0]
}

// verbStart is the token of predicate w's first auxiliary, or of w.
func (t *tree) verbStart(w int) int {
	verb := t.at[w]
	for _, k := range t.kidsLabelled(w, "aux", "aux:pass", "cop") {
		verb = min(verb, t.at[k])
	}
	return verb
}

// roleOf is mention m's part in its clause, from the relation of its head
// word: a subject, a possessor, the object of a preposition, or else an
// object.
func (t *tree) roleOf(toks []token, m *mention) synRole {
	w := -1
	if t != nil {
		w = t.headIn(m.start, m.end)
	}
	if w < 0 {
		return roleObject
	}
	for t.labels[w] == "conj" || t.labels[w] == "appos" || t.labels[w] == "flat" {
		w = t.heads[w] // "X and Y met": each takes the first conjunct's part
	}
	switch {
	case t.labels[w] == "nmod:poss" || t.hasCase(w, "'s"):
		return rolePossessor
	case len(t.kidsLabelled(w, "case")) > 0 || m.start > 0 && governingPrep(toks[m.start-1].lower):
		return rolePrepObject // "the request of X to …", however the parse labels X
	case strings.HasPrefix(t.labels[w], "nsubj"), t.labels[w] == "csubj":
		return roleSubject
	}
	return roleObject
}

// headIn is the word of tokens [start, end) whose head lies outside them,
// or -1.
func (t *tree) headIn(start, end int) int {
	for w, at := range t.at {
		if at < start || at >= end {
			continue
		}
		if h := t.heads[w]; h < 0 || t.at[h] < start || t.at[h] >= end {
			return w
		}
	}
	return -1
}
