package nlp

import (
	"fmt"
	"strings"
	"testing"
)

func TestAsidesOf(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The army — whose chief is the president — entered the town", "[{2 8 false}]"},
		{"The army -- whose chief is the president -- entered", "[{2 8 false}]"},
		{"Talks ( held in Oslo last week ) failed", "[{1 7 false}]"},
		{"The agency ( IAEA ) said so", "[]"},                  // too short to be a clause
		{"— The army entered the town —", "[]"},                // no word before it
		{"The army — which had waited — and", "[{2 6 false}]"}, // closed
		{"The army — which never closed", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := asidesOf(strings.Fields(tt.text))
			if s := fmt.Sprint(got); s != tt.want && !(tt.want == "[]" && len(got) == 0) {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

// The sentence around an aside keeps its own subject and verb, and the
// aside hangs on the noun before it.
func TestAsideDoesNotTakeTheSentence(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse("The Syrian Army — whose commander-in-chief is President Bashar al-Assad — entered the town yesterday.").Sentences[0]
	const army, bashar, entered = 2, 8, 11
	if s.Tokens[entered].Text != "entered" || s.Heads[entered] != 0 || s.Heads[army] != entered+1 || s.Labels[army] != "nsubj" {
		t.Errorf("heads %v labels %v: want entered the root and Army its nsubj", s.Heads, s.Labels)
	}
	if s.Heads[bashar] != army+1 || s.Labels[bashar] != "acl:relcl" {
		t.Errorf("the aside's head %q hangs on %d as %s, want a relative clause on Army", s.Tokens[bashar].Text, s.Heads[bashar], s.Labels[bashar])
	}
}

func TestCommaAsides(t *testing.T) {
	tests := []struct{ words, tags, want string }{
		{"X had not , as of yesterday , announced plans", "PROPN AUX PART PUNCT ADP ADP NOUN PUNCT VERB NOUN", "[{3 7 true}]"},
		{"X has , for years , argued", "PROPN AUX PUNCT ADP NOUN PUNCT VERB", "[{2 5 true}]"},
		{"I did , so just sit in there , read", "PRON AUX PUNCT ADV ADV VERB ADP ADV PUNCT VERB", "[]"}, // a verb of its own
		{"X said , as of yesterday , that", "PROPN VERB PUNCT ADP ADP NOUN PUNCT SCONJ", "[]"},          // no auxiliary
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			got := commaAsides(strings.Fields(tt.words), strings.Fields(tt.tags))
			if s := fmt.Sprint(got); s != tt.want && !(tt.want == "[]" && len(got) == 0) {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse("The United States had not, as of yesterday, announced any plans to remove the troops.").Sentences[0]
	const states, announced = 2, 10
	if s.Tokens[announced].Text != "announced" || s.Heads[announced] != 0 || s.Heads[states] != announced+1 || s.Labels[states] != "nsubj" {
		t.Errorf("heads %v labels %v: want announced the root and States its nsubj", s.Heads, s.Labels)
	}
}

// Where a sentence misparses around the description set off by commas
// after its subject, the description is parsed apart and hung on the
// name's head.
func TestAppositiveApart(t *testing.T) {
	words := strings.Fields("On Thursday , Ana Ruiz , a candidate for the election to be held in May , held a rally")
	tags := strings.Fields("ADP PROPN PUNCT PROPN PROPN PUNCT DET NOUN ADP DET NOUN PART AUX VERB ADP PROPN PUNCT VERB DET NOUN")
	if got := fmt.Sprint(appositives(words, lowerAll(words), tags)); got != "[{5 16 false}]" {
		t.Errorf("appositives: %s", got)
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse("On Thursday, Sviatlana Tsikhanouskaya, an opposition candidate for the Belarusian presidential election to be held on August 9, held a rally in Minsk, Belarus.").Sentences[0]
	const name, candidate, held = 3, 8, 21
	if s.Tokens[held].Text != "held" || s.Heads[held] != 0 || s.Heads[name] != held+1 || s.Labels[name] != "nsubj" {
		t.Errorf("heads %v labels %v: want the second held the root and the name its nsubj", s.Heads, s.Labels)
	}
	if s.Heads[candidate] != name+1 || s.Labels[candidate] != "appos" {
		t.Errorf("candidate hangs on %d as %s, want an appositive of the name", s.Heads[candidate], s.Labels[candidate])
	}
}

// A name set off by commas after the noun it names ("the minister's
// spokesperson, Ilse Brandt, said") is parsed apart too, but a list of
// names is not an appositive.
func TestNamedAppositiveApart(t *testing.T) {
	tests := []struct{ words, tags, want string }{
		{"the spokesperson , Ilse Brandt , said it", "DET NOUN PUNCT PROPN PROPN PUNCT VERB PRON", "[{2 5 false}]"},
		{"Buses , City Buses , Call Cabs", "NOUN PUNCT PROPN PROPN PUNCT VERB NOUN", "[]"},
		{"the spokesperson , Ilse Brandt , working", "DET NOUN PUNCT PROPN PROPN PUNCT VERB", "[{2 5 false}]"},
		{"the spokesperson , Ilse of Brandt , said", "DET NOUN PUNCT PROPN ADP PROPN PUNCT VERB", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			words := strings.Fields(tt.words)
			got := appositives(words, lowerAll(words), strings.Fields(tt.tags))
			if s := fmt.Sprint(got); s != tt.want && !(tt.want == "[]" && len(got) == 0) {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse("Austrian Chancellor Otto Varga's spokesperson, Ilse Brandt, said the ban followed talks in Europe.").Sentences[0]
	const spokesperson, said = 5, 10
	if s.Tokens[said].Text != "said" || s.Heads[said] != 0 || s.Heads[spokesperson] != said+1 || s.Labels[spokesperson] != "nsubj" {
		t.Errorf("heads %v labels %v: want said the root and spokesperson its nsubj", s.Heads, s.Labels)
	}
}

// The text settles some tags: the words of names the reader knows, and the
// apostrophe of a plural possessive, which is no quotation mark.
func TestKnownTags(t *testing.T) {
	text := "The Farmers' Union met Begin. She said 'no' twice."
	toks := Tokenize(text)
	var flat []Token
	for _, s := range toks {
		flat = append(flat, s...)
	}
	begin := strings.Index(text, "Begin")
	got := knownTags(flat, [][2]int{{begin, begin + len("Begin")}})
	want := map[string]string{"Farmers": "", "'": "PART", "Begin": "PROPN", "no": ""}
	for i, tok := range flat {
		if w, ok := want[tok.Text]; ok && got[i] != w {
			t.Errorf("%q at %d: got %q, want %q", tok.Text, tok.Start, got[i], w)
		}
		if tok.Text == "'" {
			delete(want, "'") // only the first, the possessive; the quotation marks after it are free
		}
	}
	doc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := doc.ParseNaming("Begin insisted that any deal must protect the north.", [][2]int{{0, 5}}).Sentences[0]
	if s.UPOS[0] != "PROPN" || s.Labels[0] != "nsubj" || s.Tokens[1].Text != "insisted" || s.Heads[1] != 0 {
		t.Errorf("tags %v heads %v labels %v: want Begin the subject of insisted", s.UPOS, s.Heads, s.Labels)
	}
}
