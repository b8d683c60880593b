package briefings

import (
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
		{"Mia Costa said Olaf Weber would resign.", []string{"Mia Costa say", "Olaf Weber resign"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			a := analyzed(t, tt.text)
			var got []string
			for _, sub := range a.sents[0].subjects {
				got = append(got, a.reg.actors[sub.actors[0]].Name+" "+sub.lemma)
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
