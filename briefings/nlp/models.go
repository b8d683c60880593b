package nlp

import (
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Models are the trained tagger, lemmatizer, parser and name finder.
type Models struct {
	tagDict map[string]int
	tagger  *model // dense, while training
	tagger2 *model // the tagger's second pass
	lemmas  *lemmatizer
	labels  []string
	parser  *model
	namer   *model

	ctagger, ctagger2, cparser, cnamer *compact // for use
}

// The file: gob of these, gzip-compressed. Rows are sparse (only the
// weights that survived pruning), quantised to 16 bits with one scale per
// model.
type fileModel struct {
	Classes int
	Feats   []uint64 // 32-bit folded features, sorted, each stored as its difference from the one before
	Counts  []uint8  // weights kept per feature
	Cls     []uint8
	W       []int16
	Scale   float32
}

type fileModels struct {
	Version   int
	TagWords  []string
	TagTags   []uint8
	Tagger    fileModel
	Tagger2   fileModel
	LemmaKeys []string
	LemmaVals []string
	RuleKeys  []string
	RuleStrip []uint8
	RuleAdd   []string
	Labels    []string
	Parser    fileModel
	Namer     fileModel
}

const fileVersion = 4

// Pruning keeps the file small: weights smaller than this share of the
// model's largest are dropped.
const pruneShare = 0.02

// fold narrows a feature to the 32 bits the file keeps: a few hundred of a
// million features share a key, which costs nothing measurable and halves
// the file.
func fold(f feat) uint32 { return uint32(f ^ f>>32) }

func toFile(m *model) fileModel {
	rows := map[uint32][]float32{}
	var maxAbs float32
	for f, r := range m.index {
		row := m.w[int(r)*m.classes : int(r+1)*m.classes]
		k := fold(f)
		if rows[k] == nil {
			rows[k] = make([]float32, m.classes)
		}
		for c, w := range row {
			rows[k][c] += w
			maxAbs = max(maxAbs, float32(math.Abs(float64(rows[k][c]))))
		}
	}
	keys := make([]uint32, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	cut := maxAbs * pruneShare
	out := fileModel{Classes: m.classes, Scale: scale}
	last := uint32(0)
	for _, k := range keys {
		n := 0
		for c, w := range rows[k] {
			if float32(math.Abs(float64(w))) < cut || n == 255 {
				continue
			}
			out.Cls = append(out.Cls, uint8(c))
			out.W = append(out.W, int16(math.Round(float64(w/scale))))
			n++
		}
		if n > 0 {
			out.Feats = append(out.Feats, uint64(k-last))
			out.Counts = append(out.Counts, uint8(n))
			last = k
		}
	}
	return out
}

func fromFile(fm fileModel) (*compact, error) {
	if err := fm.check(); err != nil {
		return nil, err
	}
	size := 1
	for size < len(fm.Feats)*5/4+1 {
		size <<= 1
	}
	// One pair more than the file has, so a feature not found reads a pair
	// without a test (see scoreBatch).
	c := &compact{classes: fm.Classes, slots: make([]slot, size), pairs: make([]pair, len(fm.W)+1), scale: fm.Scale}
	for i, w := range fm.W {
		c.pairs[i] = pair{class: fm.Cls[i], w: w}
	}
	at, key := uint32(0), uint32(0)
	for i, d := range fm.Feats {
		key += uint32(d)
		k := key
		if k == 0 {
			k = 1
		}
		n := uint32(fm.Counts[i])
		c.slots[c.find(k)] = slot{key: k, run: at<<8 | n}
		at += n
	}
	return c, nil
}

var errBadModel = errors.New("nlp: malformed model file")

// check refuses a model whose parts do not fit together, so a damaged
// file is an error at load, not a crash while tagging.
func (fm fileModel) check() error {
	if fm.Classes <= 0 || fm.Classes > 256 || len(fm.Counts) != len(fm.Feats) || len(fm.Cls) != len(fm.W) || len(fm.W) >= maxPairs {
		return errBadModel
	}
	total := 0
	for _, n := range fm.Counts {
		if n == 0 {
			return errBadModel
		}
		total += int(n)
	}
	if total != len(fm.W) {
		return errBadModel
	}
	for _, c := range fm.Cls {
		if int(c) >= fm.Classes {
			return errBadModel
		}
	}
	return nil
}

// Write saves the models; the same models give the same bytes.
func (m *Models) Write(w io.Writer) error {
	f := fileModels{Version: fileVersion, Tagger: toFile(m.tagger), Tagger2: toFile(m.tagger2), Labels: m.labels, Parser: toFile(m.parser), Namer: toFile(m.namer)}
	for _, word := range sortedKeys(m.tagDict) {
		f.TagWords = append(f.TagWords, word)
		f.TagTags = append(f.TagTags, uint8(m.tagDict[word]))
	}
	for _, k := range sortedKeys(m.lemmas.forms) {
		f.LemmaKeys = append(f.LemmaKeys, k)
		f.LemmaVals = append(f.LemmaVals, m.lemmas.forms[k])
	}
	for _, k := range sortedKeys(m.lemmas.rules) {
		r := m.lemmas.rules[k]
		f.RuleKeys = append(f.RuleKeys, k)
		f.RuleStrip = append(f.RuleStrip, uint8(r.Strip))
		f.RuleAdd = append(f.RuleAdd, r.Add)
	}
	return encodeFile(w, f)
}

// encodeFile and decodeFile are the file's one format: gob, gzip-compressed.
func encodeFile(w io.Writer, f fileModels) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(f); err != nil {
		return fmt.Errorf("nlp: write models: %w", err)
	}
	return zw.Close()
}

func decodeFile(r io.Reader) (fileModels, error) {
	var f fileModels
	zr, err := gzip.NewReader(r)
	if err != nil {
		return f, fmt.Errorf("nlp: read models: %w", err)
	}
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return f, fmt.Errorf("nlp: read models: %w", err)
	}
	return f, nil
}

// ReadModels loads models written by Write.
func ReadModels(r io.Reader) (*Models, error) {
	f, err := decodeFile(r)
	if err != nil {
		return nil, err
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("nlp: models of version %d, want %d", f.Version, fileVersion)
	}
	m := &Models{tagDict: map[string]int{}, labels: f.Labels, lemmas: &lemmatizer{forms: map[string]string{}, rules: map[string]rule{}}}
	for i, w := range f.TagWords {
		m.tagDict[w] = int(f.TagTags[i])
	}
	for i, k := range f.LemmaKeys {
		m.lemmas.forms[k] = f.LemmaVals[i]
	}
	for i, k := range f.RuleKeys {
		m.lemmas.rules[k] = rule{Strip: int(f.RuleStrip[i]), Add: f.RuleAdd[i]}
	}
	for _, part := range []struct {
		to   **compact
		from fileModel
	}{{&m.ctagger, f.Tagger}, {&m.ctagger2, f.Tagger2}, {&m.cparser, f.Parser}, {&m.cnamer, f.Namer}} {
		c, err := fromFile(part.from)
		if err != nil {
			return nil, err
		}
		*part.to = c
	}
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// scorers return the models in the form used for decoding.
func (m *Models) taggerScorer() scorer {
	if m.ctagger != nil {
		return m.ctagger
	}
	return m.tagger
}

func (m *Models) secondTaggerScorer() scorer {
	switch {
	case m.ctagger2 != nil:
		return m.ctagger2
	case m.tagger2 != nil:
		return m.tagger2
	}
	return nil // a typed nil would pass for a second pass
}

func (m *Models) parserScorer() scorer {
	if m.cparser != nil {
		return m.cparser
	}
	return m.parser
}

func (m *Models) namerScorer() scorer {
	if m.cnamer != nil {
		return m.cnamer
	}
	return m.namer
}

// Annotated is one sentence with everything the models give it.
type Annotated struct {
	Words  []string
	UPOS   []string
	Lemmas []string
	Heads  []int // 0 for the root, else 1-based
	Labels []string
	Names  []string // BIO: B-PER, I-ORG, O…
}

// Annotate tags, lemmatises, parses and finds the names of one sentence of
// words.
func (m *Models) Annotate(words []string) Annotated {
	return m.AnnotateDocument([][]string{words})[0]
}

// AnnotateDocument annotates the sentences of one document. Names are
// found over the whole document (see namer.document).
func (m *Models) AnnotateDocument(sents [][]string) []Annotated {
	out := make([]Annotated, len(sents))
	for i, words := range sents {
		out[i] = m.annotateSyntax(words, nil)
	}
	m.addNames(out)
	return out
}

// annotateSyntax tags, lemmatises and parses one sentence; known holds the
// tags already settled, if any (see knownTags).
func (m *Models) annotateSyntax(words []string, known []string) Annotated {
	a := Annotated{Words: words}
	if len(words) == 0 {
		return a
	}
	t := &tagger{m: m.taggerScorer(), second: m.secondTaggerScorer(), dict: m.tagDict}
	a.UPOS = t.tag(words, known)
	a.Lemmas = make([]string, len(words))
	for i, w := range words {
		a.Lemmas[i] = m.lemmas.lemma(w, a.UPOS[i])
	}
	p := newParser(m.parserScorer(), m.labels)
	a.Heads, a.Labels = p.parseQuoteFrame(words, lowerAll(words), a.UPOS)
	return a
}

// addNames finds the names of a document's annotated sentences.
func (m *Models) addNames(sents []Annotated) {
	var inputs []*nameInput
	var at []int
	for i, a := range sents {
		if len(a.Words) > 0 {
			inputs = append(inputs, &nameInput{words: a.Words, lower: lowerAll(a.Words), tags: a.UPOS, heads: a.Heads, labels: a.Labels})
			at = append(at, i)
		}
	}
	n := &namer{m: m.namerScorer()}
	for k, names := range n.document(inputs) {
		sents[at[k]].Names = names
	}
}

// Reprune rewrites a model file keeping only weights of at least share of
// each model's largest, to trade a little accuracy for size without
// training again.
func Reprune(r io.Reader, w io.Writer, share float64) error {
	f, err := decodeFile(r)
	if err != nil {
		return err
	}
	for _, fm := range []*fileModel{&f.Tagger, &f.Tagger2, &f.Parser, &f.Namer} {
		*fm = pruneFile(*fm, share)
	}
	return encodeFile(w, f)
}

func pruneFile(fm fileModel, share float64) fileModel {
	cut := int16(math.Round(32767 * share))
	out := fileModel{Classes: fm.Classes, Scale: fm.Scale}
	at := 0
	key, last := uint64(0), uint64(0)
	for i, d := range fm.Feats {
		key += d
		n := 0
		for k := at; k < at+int(fm.Counts[i]); k++ {
			if fm.W[k] >= cut || fm.W[k] <= -cut {
				out.Cls = append(out.Cls, fm.Cls[k])
				out.W = append(out.W, fm.W[k])
				n++
			}
		}
		at += int(fm.Counts[i])
		if n > 0 {
			out.Feats = append(out.Feats, key-last)
			out.Counts = append(out.Counts, uint8(n))
			last = key
		}
	}
	return out
}
