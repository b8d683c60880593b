package briefings

import (
	"fmt"
	"strings"
	"testing"
)

// analyzed runs the whole analysis and returns the analyser's workings.
func analyzed(t *testing.T, text string) *analyzer {
	t.Helper()
	a, _, err := analyze([]byte(text), Options{})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	return a
}

// The attribution stage, alone: who a sentence says reported it, and where
// that attribution starts.
func TestAttributionStage(t *testing.T) {
	tests := []struct {
		text, reporter, rest string
	}{
		{"Talks will resume on Monday, two diplomats said.", "two diplomats", "Talks will resume on Monday"},
		{"Talks will resume on Monday, according to the foreign ministry.", "the foreign ministry", "Talks will resume on Monday"},
		{"The ministry said talks would resume on Monday.", "", "The ministry said talks would resume on Monday."},
		{"Talks will resume.", "", "Talks will resume."},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			a := analyzed(t, tt.text)
			s := a.sents[0]
			r, next := attribution(s, "")
			if r.reporter != tt.reporter || next != "" {
				t.Errorf("reporter %q (statement after %q), want %q", r.reporter, next, tt.reporter)
			}
			if got := spanText(s, 0, r.attrStart); got != strings.TrimSuffix(tt.rest, ".") {
				t.Errorf("before the attribution: %q, want %q", got, tt.rest)
			}
		})
	}
}

// A preamble speaks for the sentences after it.
func TestAttributionStageCarriesTheStatement(t *testing.T) {
	a := analyzed(t, "Readout of the minister's call\n\nThe following is attributable to Spokesperson Lena Park:\n\nThe minister met the envoy.")
	first, by := attribution(a.sents[0], "")
	if !first.preamble || by != "Spokesperson Lena Park" {
		t.Fatalf("preamble %v, statement %q", first.preamble, by)
	}
	second, _ := attribution(a.sents[1], by)
	if second.preamble || second.statementBy != by {
		t.Errorf("second sentence: preamble %v, statement by %q, want %q", second.preamble, second.statementBy, by)
	}
}

// The clause stage: each subject with its verb's lemma.
func TestClauseStage(t *testing.T) {
	tests := []struct {
		text   string
		actors []string // each subject's first actor, with its lemma
	}{
		{"Chancellor Olaf Weber rejected the plan.", []string{"Olaf Weber reject"}},
		{"Olaf Weber and Mia Costa signed the accord on Friday.", []string{"Olaf Weber sign"}},
		{"Mia Costa said Olaf Weber would resign.", []string{"Mia Costa say", "Olaf Weber resign (in 0)"}},
		{"Olaf Weber would resign, Mia Costa said.", []string{"Olaf Weber resign"}}, // the reporter is the attribution stage's
		// the tagger reads the surname as a verb until told it is a name
		{"Ada Begin met Olaf Weber. Begin insisted that Weber must act.", []string{"Ada Begin insist", "Olaf Weber act (in 0)"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			a := analyzed(t, tt.text)
			var got []string
			for _, sub := range a.sents[len(a.sents)-1].subjects {
				g := a.reg.actors[sub.actors[0]].Name + " " + sub.lemma
				if sub.embedded >= 0 {
					g += fmt.Sprintf(" (in %d)", sub.embedded)
				}
				got = append(got, g)
			}
			if strings.Join(got, "; ") != strings.Join(tt.actors, "; ") {
				t.Errorf("subjects %q, want %q", got, tt.actors)
			}
		})
	}
}

// The voices stage gives "I" in a quotation to its speaker in a new layer
// of the sentence; the layer the resolve stage made stays as it was.
func TestVoicesStageAddsALayer(t *testing.T) {
	text := `"I will not sign this," said Foreign Minister Olaf Weber.`
	a, _, err := analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := a.sents[0]
	weber := a.reg.personByName("Olaf Weber")
	if weber < 0 {
		t.Fatal("no Olaf Weber")
	}
	mentionOfI := func(s *sent) (mention, bool) {
		for _, m := range s.mentions {
			if m.pronoun == "i" {
				return m, true
			}
		}
		return mention{}, false
	}
	m, ok := mentionOfI(s)
	if !ok || m.actor != weber {
		t.Fatalf(`after voices "I" means %d, want Weber (%d)`, m.actor, weber)
	}
	// Again up to the quote stage: the resolve stage's "I" has no one.
	b := newAnalyzer(a.doc)
	b.split()
	b.discover()
	b.resolve()
	b.treeRoles()
	b.attribute()
	b.clauses()
	before := b.sents[0]
	q := b.quotes()
	pieces := b.voices(q.pieces)
	if m, _ := mentionOfI(before); m.actor >= 0 {
		t.Errorf(`the resolve stage's "I" was changed to %d`, m.actor)
	}
	if len(pieces) != 1 || pieces[0].span.s != b.sents[0] || b.sents[0] == before {
		t.Errorf("voices should hand on the new sentence: %d pieces", len(pieces))
	}
}

// treeOf builds a parse by hand: heads are 1-based, 0 the root.
func treeOf(words, upos, lemmas, labels []string, heads []int) *tree {
	t := &tree{words: words, upos: upos, lemmas: lemmas, labels: labels, heads: make([]int, len(words)), kids: make([][]int, len(words)), at: make([]int, len(words))}
	for i, h := range heads {
		t.heads[i], t.at[i] = h-1, i
		if h > 0 {
			t.kids[h-1] = append(t.kids[h-1], i)
		}
	}
	return t
}

// A clause whose subject is a relative pronoun is its noun's own, even where
// the parse hung it on the sentence's verb as parataxis (as it does with
// "…, such as X, who …"); a complement of a verb of speech is reported.
func TestRelativeClauseIsNotReported(t *testing.T) {
	words := strings.Fields("Senators broke ranks , such as Ann Ellis , who denounced it")
	upos := strings.Fields("NOUN VERB NOUN PUNCT ADJ ADP PROPN PROPN PUNCT PRON VERB PRON")
	lemmas := strings.Fields("senator break rank , such as Ann Ellis , who denounce it")
	misparse := treeOf(words, upos, lemmas,
		strings.Fields("nsubj root obj punct case fixed obl flat punct nsubj parataxis obj"),
		[]int{2, 0, 2, 7, 7, 5, 2, 7, 11, 11, 2, 11})
	if v := misparse.reportingVerb(10); v != -1 {
		t.Errorf("the relative clause hung as parataxis is reported by %q", misparse.words[v])
	}
	words = strings.Fields("Senators said Ann Ellis denounced it")
	reported := treeOf(words, strings.Fields("NOUN VERB PROPN PROPN VERB PRON"), strings.Fields("senator say Ann Ellis denounce it"),
		strings.Fields("nsubj root nsubj flat ccomp obj"), []int{2, 0, 5, 3, 2, 5})
	if v := reported.reportingVerb(4); v != 1 {
		t.Errorf("the complement of said is reported by %d, want 1", v)
	}
}

// A conjunct with a subject of its own is a clause beside the one before,
// not inherited from it nor reported by its verb: in "… did not discuss
// details, but Ruiz repeated that …" Ruiz's clause is hers.
func TestConjunctWithItsOwnSubject(t *testing.T) {
	words := strings.Fields("Leaders did not discuss details , but Ruiz repeated that she wanted talks")
	upos := strings.Fields("NOUN AUX PART VERB NOUN PUNCT CCONJ PROPN VERB SCONJ PRON VERB NOUN")
	lemmas := strings.Fields("leader do not discuss detail , but Ruiz repeat that she want talk")
	tr := treeOf(words, upos, lemmas,
		strings.Fields("nsubj aux advmod root obj punct cc nsubj conj mark nsubj ccomp obj"),
		[]int{4, 4, 4, 0, 4, 9, 9, 9, 4, 12, 12, 9, 12})
	if tr.inherited(8) {
		t.Error("the conjunct with its own subject is read as part of the clause before")
	}
	if v := tr.reportingVerb(8); v != -1 {
		t.Errorf("the conjunct is reported by %q", tr.words[v])
	}
	if v := tr.reportingVerb(11); v != 8 {
		t.Errorf("the complement of repeated is reported by %d, want 8", v)
	}
	shared := treeOf(strings.Fields("Ruiz met Novak and agreed"), strings.Fields("PROPN VERB PROPN CCONJ VERB"),
		strings.Fields("Ruiz meet Novak and agree"), strings.Fields("nsubj root obj cc conj"), []int{2, 0, 2, 5, 2})
	if !shared.inherited(4) {
		t.Error("a conjunct without a subject of its own is not inherited")
	}
}

// A clause that passive() reads as active keeps its subject whatever the
// parse labelled it: "Ruiz has been forthcoming" is not something done to Ruiz.
func TestMislabelledPassiveSubject(t *testing.T) {
	tr := treeOf(strings.Fields("Ruiz has been forthcoming"), strings.Fields("PROPN AUX AUX VERB"),
		strings.Fields("Ruiz have be forthcoming"), strings.Fields("nsubj:pass aux aux:pass root"), []int{4, 4, 4, 0})
	if got := tr.agentWords(3); len(got) != 1 || got[0] != 0 {
		t.Errorf("agents of forthcoming = %v, want [0]", got)
	}
	// an active subject beside a "passive" one: the verb is active
	both := treeOf(strings.Fields("House of Commons Speaker Ruiz commented"), strings.Fields("NOUN ADP PROPN PROPN PROPN VERB"),
		strings.Fields("house of Commons Speaker Ruiz comment"), strings.Fields("nsubj:pass mark obl nmod:desc nsubj root"), []int{6, 6, 6, 5, 6, 0})
	if got := both.agentWords(5); len(got) != 2 || got[1] != 4 {
		t.Errorf("agents of commented = %v, want the nsubj among them", got)
	}
	pass := treeOf(strings.Fields("Ruiz was slain"), strings.Fields("PROPN AUX VERB"),
		strings.Fields("Ruiz be slay"), strings.Fields("nsubj:pass aux:pass root"), []int{3, 3, 0})
	if got := pass.agentWords(2); len(got) != 0 {
		t.Errorf("agents of the passive slain = %v, want none", got)
	}
}

// Where the parse takes the day a sentence opens with for the subject, or
// for a phrase the verb's subject hangs on, the subject is the appositive it
// gave the day.
func TestDayOpenerIsNoSubject(t *testing.T) {
	words := strings.Fields("On Thursday , the envoy , Ann Ellis , imposed a rule")
	tr := treeOf(words, strings.Fields("ADP PROPN PUNCT DET NOUN PUNCT PROPN PROPN PUNCT VERB DET NOUN"),
		strings.Fields("on Thursday , the envoy , Ann Ellis , impose a rule"),
		strings.Fields("case obl punct det appos punct appos flat punct root det obj"),
		[]int{2, 10, 5, 5, 2, 7, 5, 7, 10, 0, 12, 10})
	if got := tr.agentWords(9); len(got) != 1 || got[0] != 4 {
		t.Errorf("agents of imposed = %v, want [4] (envoy)", got)
	}
	subj := treeOf(strings.Fields("Thursday the Commission criticized it"), strings.Fields("PROPN DET PROPN VERB PRON"),
		strings.Fields("Thursday the Commission criticize it"), strings.Fields("nsubj det appos root obj"), []int{4, 3, 1, 0, 4})
	if got := subj.agentWords(3); len(got) != 1 || got[0] != 2 {
		t.Errorf("agents of criticized = %v, want [2] (Commission)", got)
	}
	plain := treeOf(strings.Fields("On Thursday Ellis left"), strings.Fields("ADP PROPN PROPN VERB"),
		strings.Fields("on Thursday Ellis leave"), strings.Fields("case obl nsubj root"), []int{2, 4, 4, 0})
	if got := plain.agentWords(3); len(got) != 1 || got[0] != 2 {
		t.Errorf("agents of left = %v, want [2]", got)
	}
}

// Subjects the parse joined to a noun of the clause before ("… by rebels in
// Peru, but both Chile and Bolivia have blamed …" as conjuncts of Peru) are
// still the subjects of the verb that has none.
func TestStrandedSubjects(t *testing.T) {
	words := strings.Fields("The attack was claimed by rebels in Peru , but both Chile and Bolivia have blamed the army")
	upos := strings.Fields("DET NOUN AUX VERB ADP NOUN ADP PROPN PUNCT CCONJ CCONJ PROPN CCONJ PROPN AUX VERB DET NOUN")
	lemmas := strings.Fields("the attack be claim by rebel in Peru , but both Chile and Bolivia have blame the army")
	tr := treeOf(words, upos, lemmas,
		strings.Fields("det nsubj:pass aux:pass root case obl:agent case nmod punct cc cc:preconj conj cc conj aux conj det obj"),
		[]int{2, 4, 4, 0, 6, 4, 8, 6, 12, 12, 12, 8, 14, 8, 16, 4, 18, 16})
	if got := tr.agentWords(15); fmt.Sprint(got) != "[11 13]" {
		t.Errorf("subjects of blamed = %v, want [11 13] (Chile, Bolivia)", got)
	}
	if tr.inherited(15) {
		t.Error("blamed, with subjects of its own, is read as part of the clause before")
	}
	joined := treeOf(strings.Fields("Rebels met envoys from Chile and Bolivia and agreed"), strings.Fields("NOUN VERB NOUN ADP PROPN CCONJ PROPN CCONJ VERB"),
		strings.Fields("rebel meet envoy from Chile and Bolivia and agree"), strings.Fields("nsubj root obj case nmod cc conj cc conj"),
		[]int{2, 0, 2, 5, 3, 7, 5, 9, 2})
	if got := joined.agentWords(8); len(got) != 0 {
		t.Errorf("without a but or a comma, the nouns before agreed are not its subjects: %v", got)
	}
}

// A participle the parse took for its noun's verb ("militias associated
// with Iran had made threats") gives its subject to the verb after it, and
// says nothing itself.
func TestParticipleTakenForAVerb(t *testing.T) {
	words := strings.Fields("No group claimed the attack , but some militias associated with Chile had made threats")
	upos := strings.Fields("DET NOUN VERB DET NOUN PUNCT CCONJ DET NOUN VERB ADP PROPN AUX VERB NOUN")
	lemmas := strings.Fields("no group claim the attack , but some militia associate with Chile have make threat")
	tr := treeOf(words, upos, lemmas,
		strings.Fields("det nsubj root det obj punct cc det nsubj conj case obl aux conj obj"),
		[]int{2, 3, 0, 5, 3, 10, 10, 9, 10, 3, 12, 10, 14, 3, 14})
	if got := tr.agentWords(13); fmt.Sprint(got) != "[8]" {
		t.Errorf("subjects of made = %v, want [8] (militias)", got)
	}
	if !tr.modifierParticiple(9) || tr.inherited(13) {
		t.Errorf("associated modifies: %v; made inherited: %v", tr.modifierParticiple(9), tr.inherited(13))
	}
	words[12] = "and" // "… associated with Chile and made threats": two verbs of the militias
	upos[12], lemmas[12] = "CCONJ", "and"
	two := treeOf(words, upos, lemmas, strings.Fields("det nsubj root det obj punct cc det nsubj conj case obl cc conj obj"),
		[]int{2, 3, 0, 5, 3, 10, 10, 9, 10, 3, 12, 10, 14, 3, 14})
	if two.modifierParticiple(9) || len(two.participleSubjects(13)) > 0 {
		t.Error("with a conjunction between them, the first verb is read as a participle")
	}
}

// A mention's part in its clause comes from the relation of its head word
// in the parse.
func TestMentionRoles(t *testing.T) {
	names := map[synRole]string{roleSubject: "subject", roleObject: "object", rolePossessor: "possessor", rolePrepObject: "after a preposition"}
	tests := []struct{ text, want string }{
		{"Ana Ruiz and Olaf Weber met in Lima.", "Ana Ruiz subject; Olaf Weber subject; Lima after a preposition"},
		{"Olaf Weber praised Ana Ruiz.", "Olaf Weber subject; Ana Ruiz object"},
		{"Ana Ruiz's plan angered Olaf Weber.", "Ana Ruiz possessor; Olaf Weber object"},
		{"Chancellor Olaf Weber will honour the request of Prime Minister Ana Ruiz to close the port.", "Olaf Weber subject; Ana Ruiz after a preposition"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			a := analyzed(t, tt.text)
			var got []string
			for _, m := range a.sents[0].mentions {
				if m.actor >= 0 {
					got = append(got, a.reg.actors[m.actor].Name+" "+names[m.role])
				}
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("roles %q, want %q", g, tt.want)
			}
		})
	}
}

// The subject of "with Y stating" is Y, even where the parse gave the verb
// a subject from before the "with" too.
func TestWithClauseHasItsOwnSubject(t *testing.T) {
	words := strings.Fields("It quoted Petrov , with Lind stating it")
	tr := treeOf(words, strings.Fields("PRON VERB PROPN PUNCT SCONJ PROPN VERB PRON"),
		strings.Fields("it quote Petrov , with Lind state it"),
		strings.Fields("nsubj root nsubj punct mark nsubj advcl obj"), []int{2, 0, 7, 7, 7, 7, 2, 7})
	if got := tr.agentWords(6); len(got) != 1 || got[0] != 5 {
		t.Errorf("subjects of stating: %v, want [5] (Lind)", got)
	}
}
