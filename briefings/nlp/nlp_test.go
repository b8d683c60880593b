package nlp

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want string // sentences split by " | ", tokens by spaces
	}{
		{"They don't agree.", "They do n't agree ."},
		{"It can't wait, he said.", "It ca n't wait , he said ."},
		{"Talks cannot resume.", "Talks can not resume ."},
		{"Trump's envoy met the states' leaders.", "Trump 's envoy met the states ' leaders ."},
		{"Mr. Smith met U.S. officials on Jan. 5.", "Mr. Smith met U.S. officials on Jan. 5 ."},
		{"Talks ended. Both sides left.", "Talks ended . | Both sides left ."},
		{"\"We will not sign,\" she said.", "\" We will not sign , \" she said ."},
		{"\"We will not sign,\" Weber said.", "\" We will not sign , \" Weber said ."}, // a comma before the mark: the sentence goes on
		{"\"We will not sign.\" Weber left.", "\" We will not sign . \" | Weber left ."},
		{"First paragraph\nSecond one", "First paragraph | Second one"},
		{"The deal—signed today—holds.", "The deal — signed today — holds ."},
		{"Costs rose 3.5% to $1,200.", "Costs rose 3.5% to $1,200 ."},
		{"Ask J. Doe (the envoy)?", "Ask J. Doe ( the envoy ) ?"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var sents []string
			for _, s := range Tokenize(tt.text) {
				var words []string
				for _, tok := range s {
					if tt.text[tok.Start:tok.End] != tok.Text {
						t.Errorf("token %q has offsets %d-%d (%q)", tok.Text, tok.Start, tok.End, tt.text[tok.Start:tok.End])
					}
					words = append(words, tok.Text)
				}
				sents = append(sents, strings.Join(words, " "))
			}
			if got := strings.Join(sents, " | "); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func tinyTreebank(t testing.TB) []TreebankSentence {
	f, err := os.Open("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadCoNLLU(f)
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// Training is deterministic, and a model read back from its file decodes
// as the one trained.
func TestTrainWriteReadRoundTrip(t *testing.T) {
	sents := tinyTreebank(t)
	cfg := TrainConfig{TaggerEpochs: 5, ParserEpochs: 8, NamerEpochs: 3, Folds: 2}
	var a, b bytes.Buffer
	if err := Train(sents, nil, cfg).Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := Train(sents, nil, cfg).Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same data gave two different model files")
	}
	m, err := ReadModels(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got := m.Annotate(forms(sents[2]))
	if strings.Join(got.UPOS, " ") != "PRON VERB DET NOUN PUNCT" {
		t.Errorf("tags of a training sentence: %v", got.UPOS)
	}
	if got.Heads[1] != 0 || got.Heads[0] != 2 || got.Labels[0] != "nsubj" {
		t.Errorf("tree of a training sentence: heads %v labels %v", got.Heads, got.Labels)
	}
	if got.Lemmas[1] != "want" {
		t.Errorf("lemma of wants: %q", got.Lemmas[1])
	}
	if _, err := ReadModels(strings.NewReader("not a model")); err == nil {
		t.Error("garbage read as a model")
	}
}

// A model file whose parts do not fit together is refused at load: a
// damaged file must not crash the tagger later.
func TestDamagedModelIsRefused(t *testing.T) {
	var buf bytes.Buffer
	if err := Train(tinyTreebank(t), nil, TrainConfig{TaggerEpochs: 2, ParserEpochs: 2, NamerEpochs: 1, Folds: 2}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		damage func(f *fileModels)
	}{
		{"a run longer than the weights", func(f *fileModels) { f.Parser.Counts[0] += 3 }},
		{"a class outside the model", func(f *fileModels) { f.Tagger.Cls[0] = uint8(f.Tagger.Classes) }},
		{"weights without classes", func(f *fileModels) { f.Parser.Cls = f.Parser.Cls[:len(f.Parser.Cls)-1] }},
		{"no classes", func(f *fileModels) { f.Tagger2.Classes = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := decodeFile(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			tt.damage(&f)
			var damaged bytes.Buffer
			if err := encodeFile(&damaged, f); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadModels(&damaged); !errors.Is(err, errBadModel) {
				t.Errorf("got %v, want errBadModel", err)
			}
		})
	}
}

// treebanks is the shared folder's treebanks, when it is beside the project.
func treebanks(t testing.TB) string {
	dir := filepath.Join("..", "..", "..", "shared", "treebanks")
	if _, err := os.Stat(filepath.Join(dir, "en_ewt", "dev.conllu")); err != nil {
		t.Skip("the treebanks are not beside the repository")
	}
	return dir
}

// Floors on the dev splits for the embedded models, raised as they improve.
func TestAccuracyFloorsOnDev(t *testing.T) {
	dir := treebanks(t)
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ewt, gum, err := LoadTreebanks(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	type floor struct{ upos, uas, las, f1 float64 }
	for _, c := range []struct {
		name  string
		sents []TreebankSentence
		names bool
		min   floor
	}{
		{"EWT dev", ewt, false, floorEWT},
		{"GUM dev", gum, true, floorGUM},
	} {
		s := Evaluate(m, c.sents, c.names)
		t.Logf("%s: %s", c.name, s)
		_, _, f1 := s.F1()
		if pct(s.UPOS, s.Tokens) < c.min.upos || pct(s.UAS, s.Tokens) < c.min.uas || pct(s.LAS, s.Tokens) < c.min.las || c.names && f1 < c.min.f1 {
			t.Errorf("%s fell below its floors %+v: %s", c.name, c.min, s)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"They don't agree.", "Mr. Smith met U.S. officials.", "\"Quote,\" she said—then left...", "", "\x00\xff", "a\n\n\nb"} {
		f.Add(s)
	}
	m, err := Default()
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc := m.Analyze(text)
		for _, s := range doc.Sentences {
			if len(s.Tokens) != len(s.Heads) || len(s.Heads) != len(s.Names) {
				t.Fatalf("lengths differ: %d tokens, %d heads, %d names", len(s.Tokens), len(s.Heads), len(s.Names))
			}
			roots := 0
			for i, h := range s.Heads {
				if h < 0 || h > len(s.Heads) || h == i+1 {
					t.Fatalf("word %d has head %d", i+1, h)
				}
				if h == 0 {
					roots++
				}
				if tok := s.Tokens[i]; text[tok.Start:tok.End] != tok.Text {
					t.Fatalf("offsets of %q", tok.Text)
				}
				if utf8.ValidString(s.Words[i]) && !utf8.ValidString(s.Lemmas[i]) {
					t.Fatalf("lemma %q of %q is not UTF-8", s.Lemmas[i], s.Words[i])
				}
			}
			if roots != 1 {
				t.Fatalf("%d roots", roots)
			}
		}
	})
}

func BenchmarkAnnotate(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Skip(err)
	}
	data, err := os.ReadFile("../../samples/paris-2024.txt")
	if err != nil {
		b.Fatal(err)
	}
	tokens := 0
	for _, s := range Tokenize(string(data)) {
		tokens += len(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Analyze(string(data))
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	if len(embedded) == 0 {
		b.Skip(ErrNoModels)
	}
	for b.Loop() {
		if _, err := ReadModels(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGazetteer(t *testing.T) {
	for _, c := range []struct {
		word string
		bits uint8
	}{
		{"france", gazPlace}, {"paris", gazPlace}, {"french", gazNation}, {"york", gazPlacePart},
		{"ministry", gazOrg}, {"minister", gazTitle}, {"maria", gazGiven}, {"negotiations", 0},
	} {
		if got := gazetteer[c.word]; got&c.bits != c.bits || c.bits == 0 && got != 0 {
			t.Errorf("%s: bits %b, want %b", c.word, got, c.bits)
		}
	}
}

// Parse is Analyze without the names, and nothing else differs.
func TestParseLeavesOutNames(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Foreign Minister Ada Brenn of Norway met envoys from Chile in Oslo. She said the talks went well."
	full, err := Analyze(text) // the package's own entry, on the embedded models
	if err != nil {
		t.Fatal(err)
	}
	bare := m.Parse(text)
	if len(full.Sentences) != len(bare.Sentences) {
		t.Fatalf("%d sentences against %d", len(full.Sentences), len(bare.Sentences))
	}
	named := 0
	for i, s := range full.Sentences {
		b := bare.Sentences[i]
		if b.Names != nil {
			t.Errorf("sentence %d: Parse gave names %v", i, b.Names)
		}
		if strings.Join(s.UPOS, " ") != strings.Join(b.UPOS, " ") || fmt.Sprint(s.Heads) != fmt.Sprint(b.Heads) {
			t.Errorf("sentence %d: tags or tree differ", i)
		}
		named += len(s.Entities())
	}
	if named < 2 {
		t.Errorf("Analyze found %d names in %q", named, text)
	}
}

// A suffix rule rewrites only the ending it was learned under.
func TestLemmaRulesStayInTheirEnding(t *testing.T) {
	l := &lemmatizer{forms: map[string]string{}, rules: map[string]rule{
		"ADJ\x00ter":  {Strip: 6, Add: "good"}, // learned from "better"
		"NOUN\x00ies": {Strip: 3, Add: "y"},
	}}
	for _, tt := range []struct{ form, upos, want string }{
		{"blunter", "ADJ", "blunter"},
		{"Parties", "NOUN", "party"},
	} {
		if got := l.lemma(tt.form, tt.upos); got != tt.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", tt.form, tt.upos, got, tt.want)
		}
	}
}

// The embedded vocabulary tells words of the language from names.
func TestCommonWord(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"wage": true, "living": true, "quickly": true, "montalvo": false, "zelenskiy": false, "": false} {
		if got := m.CommonWord(w); got != want {
			t.Errorf("CommonWord(%q) = %v, want %v", w, got, want)
		}
	}
}
