package nlp

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one analysed sentence: its tokens (with byte offsets into
// the text) and what the models give each.
type Sentence struct {
	Tokens []Token
	Annotated
}

// Entity is a name: a run of tokens of one sentence and its type (PER,
// ORG, LOC).
type Entity struct {
	Start, End int // token indexes, End exclusive
	Type       string
}

// Entities reads the sentence's BIO name tags as spans.
func (s Sentence) Entities() []Entity {
	var out []Entity
	for i := 0; i < len(s.Names); i++ {
		if !strings.HasPrefix(s.Names[i], "B-") {
			continue
		}
		typ := s.Names[i][2:]
		j := i + 1
		for j < len(s.Names) && s.Names[j] == "I-"+typ {
			j++
		}
		out = append(out, Entity{i, j, typ})
		i = j - 1
	}
	return out
}

// Document is a text analysed sentence by sentence.
type Document struct {
	Text      string
	Sentences []Sentence
}

// maxSentenceTokens bounds one sentence, so a text without punctuation
// cannot make the parser's work grow with the square of its length.
const maxSentenceTokens = 200

// Analyze tokenizes text and annotates every sentence, names included.
func (m *Models) Analyze(text string) Document {
	doc := m.Parse(text)
	ann := make([]Annotated, len(doc.Sentences))
	for i, s := range doc.Sentences {
		ann[i] = s.Annotated
	}
	m.addNames(ann)
	for i := range doc.Sentences {
		doc.Sentences[i].Annotated = ann[i]
	}
	return doc
}

// Parse is Analyze without the names: tokens, tags, lemmas and trees, for
// a reader that needs no more.
func (m *Models) Parse(text string) Document {
	return m.ParseNaming(text, nil)
}

// ParseNaming is Parse for a reader that knows some of the text's names: a
// capitalised word wholly inside one of the byte ranges of names (start,
// end pairs) is tagged a proper noun, as the tagger may not see in "Begin
// insisted" or "Cengiz called".
func (m *Models) ParseNaming(text string, names [][2]int) Document {
	doc := Document{Text: text}
	for _, toks := range Tokenize(text) {
		for len(toks) > 0 {
			n := min(len(toks), maxSentenceTokens)
			words := make([]string, n)
			for i, t := range toks[:n] {
				words[i] = t.Text
			}
			doc.Sentences = append(doc.Sentences, Sentence{Tokens: toks[:n], Annotated: m.annotateSyntax(words, knownTags(toks[:n], names))})
			toks = toks[n:]
		}
	}
	return doc
}

// Analyze is Models.Analyze with the embedded models.
func Analyze(text string) (Document, error) {
	m, err := Default()
	if err != nil {
		return Document{}, err
	}
	return m.Analyze(text), nil
}

// WriteCoNLLU writes sentences in CoNLL-U, the names in MISC as NE=B-PER….
func WriteCoNLLU(w io.Writer, sents []Sentence) error {
	for n, s := range sents {
		var text strings.Builder
		for i, t := range s.Tokens {
			if i > 0 && (t.Start > s.Tokens[i-1].End || t.End == 0) {
				text.WriteByte(' ') // a gap in the text, or gold tokens without offsets
			}
			text.WriteString(t.Text)
		}
		if _, err := fmt.Fprintf(w, "# sent_id = %d\n# text = %s\n", n+1, text.String()); err != nil {
			return err
		}
		for i := range s.Words {
			misc := "_"
			if s.Names[i] != "O" {
				misc = "NE=" + s.Names[i]
			}
			if _, err := fmt.Fprintf(w, "%d\t%s\t%s\t%s\t_\t_\t%d\t%s\t_\t%s\n", i+1, s.Words[i], s.Lemmas[i], s.UPOS[i], s.Heads[i], s.Labels[i], misc); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}

// AnalyzeCoNLLU annotates the sentences of a CoNLL-U file from its FORM
// column (gold tokens), for scoring against the treebanks; names are found
// document by document ("# newdoc" comments).
func (m *Models) AnalyzeCoNLLU(r io.Reader) ([]Sentence, error) {
	tb, err := ReadCoNLLU(r)
	if err != nil {
		return nil, err
	}
	out := make([]Sentence, 0, len(tb))
	docs, _ := Documents(tb)
	for _, doc := range docs {
		words := make([][]string, len(doc))
		for i, s := range doc {
			words[i] = forms(s)
		}
		for i, a := range m.AnnotateDocument(words) {
			toks := make([]Token, len(words[i]))
			for k, w := range words[i] {
				toks[k] = Token{Text: w}
			}
			out = append(out, Sentence{Tokens: toks, Annotated: a})
		}
	}
	return out, nil
}

// knownTags are the tags the text itself settles ("" where it does not):
// PROPN for a capitalised word inside one of names, and PART for the
// possessive apostrophe of a plural ("the Workers' Party"), which the
// tagger, seeing no spaces, takes for a closing quotation mark.
func knownTags(toks []Token, names [][2]int) []string {
	out := make([]string, len(toks))
	open := false
	for i, t := range toks {
		switch {
		case inRanges(names, t.Start, t.End) && startsUpper(t.Text):
			out[i] = "PROPN"
		case t.Text == "'" && i > 0 && toks[i-1].End == t.Start && !open && strings.HasSuffix(toks[i-1].Text, "s") && (i+1 == len(toks) || toks[i+1].Start > t.End):
			out[i] = "PART"
		case t.Text == "'":
			open = !open
		}
	}
	return out
}

func inRanges(rs [][2]int, start, end int) bool {
	for _, r := range rs {
		if r[0] <= start && end <= r[1] {
			return true
		}
	}
	return false
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
