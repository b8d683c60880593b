package nlp

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// NameTags are the name finder's BIO classes.
var NameTags = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

func nameIndex(t string) int {
	for i, x := range NameTags {
		if x == t {
			return i
		}
	}
	return 0
}

// namer is a greedy BIO sequence labeller over words, their tags and
// their tree.
type namer struct{ m scorer }

// nameInput is what the name finder reads of a sentence.
type nameInput struct {
	words, lower, tags []string
	heads              []int // 1-based, 0 for the root
	labels             []string
	doc                *docNames  // the first pass over the document, or nil in the first pass
	hashed             *nameParts // parts(), once worked out
}

// docNames is what a first pass found in a whole document: how often each
// capitalised word was inside a name of each type, or outside any, and
// which words the document also writes in lower case. The second pass
// reads it, so a name is of one type throughout ("Norton" the person in
// every sentence, once most say so).
type docNames struct {
	types map[string]*[4]int // O, PER, ORG, LOC
	lower map[string]bool
}

var docTypes = [4]string{"O", "PER", "ORG", "LOC"}

func newDocNames(sents []*nameInput, names [][]string) *docNames {
	d := &docNames{types: map[string]*[4]int{}, lower: map[string]bool{}}
	for si, in := range sents {
		for i, w := range in.words {
			if w == in.lower[i] {
				d.lower[w] = true
				continue
			}
			c := d.types[in.lower[i]]
			if c == nil {
				c = new([4]int)
				d.types[in.lower[i]] = c
			}
			t := 0
			if n := names[si][i]; len(n) > 2 {
				t = indexOf(docTypes[:], n[2:])
			}
			c[max(t, 0)]++
		}
	}
	return d
}

// majorHash is major, hashed for features.
func (d *docNames) majorHash(lower string) uint64 {
	return majorHashes[d.major(lower)]
}

var majorHashes = func() map[string]uint64 {
	out := map[string]uint64{"<none>": hNone}
	for _, t := range docTypes {
		out[t], out[t+"!"] = phash(t), phash(t+"!")
	}
	return out
}()

// major is the type most of a word's capitalised uses had, and whether it
// was the only one.
func (d *docNames) major(lower string) string {
	c := d.types[lower]
	if c == nil {
		return "<none>"
	}
	best, total := 0, 0
	for t, n := range c {
		total += n
		if n > c[best] {
			best = t
		}
	}
	if c[best] == total {
		return docTypes[best] + "!"
	}
	return docTypes[best]
}

// nameParts are the hashed parts of a sentence's name features, worked
// out once per word rather than once per feature (see phash).
type nameParts struct {
	word, low, shape, suf3, suf2, pre3, tag, gaz []uint64
	rel, head, cases                             []uint64 // of the word the name hangs by
}

var (
	hStart     = phash("<s>")
	nameHashes = func() []uint64 {
		out := make([]uint64, len(NameTags))
		for i, t := range NameTags {
			out[i] = phash(t)
		}
		return out
	}()
)

// labelHash hashes the name tag of an earlier word (-1 before the first).
func labelHash(t int) uint64 {
	if t < 0 {
		return hStart
	}
	return nameHashes[t]
}

func (in *nameInput) parts() *nameParts {
	if in.hashed != nil {
		return in.hashed
	}
	n := len(in.words)
	p := &nameParts{}
	for _, a := range []*[]uint64{&p.word, &p.low, &p.shape, &p.suf3, &p.suf2, &p.pre3, &p.tag, &p.gaz, &p.rel, &p.head, &p.cases} {
		*a = make([]uint64, n)
	}
	cases := make([]string, n)
	for k := range in.words {
		if h := in.heads[k] - 1; h >= 0 && in.labels[k] == "case" && cases[h] == "" {
			cases[h] = in.lower[k]
		}
	}
	for i, w := range in.words {
		lw := in.lower[i]
		p.word[i], p.low[i], p.shape[i] = phash(w), phash(lw), phash(shape(w))
		p.suf3[i], p.suf2[i], p.pre3[i] = phash(suffix(lw, 3)), phash(suffix(lw, 2)), phash(prefix(lw, 3))
		p.tag[i], p.gaz[i] = phash(in.tags[i]), phash(gazClass(lw))
		h := in.nameHead(i)
		p.rel[i] = phash(in.labels[h])
		p.head[i] = hNone
		if in.heads[h] > 0 {
			p.head[i] = phash(in.lower[in.heads[h]-1])
		}
		p.cases[i] = hNone
		if cases[h] != "" {
			p.cases[i] = phash(cases[h])
		}
	}
	in.hashed = p
	return p
}

// at is part xs of word k, or the marker for none outside the sentence.
func at(xs []uint64, k int) uint64 {
	if k < 0 || k >= len(xs) {
		return hNone
	}
	return xs[k]
}

// runEnd is the last of the capitalised words that start at i (at most
// five), where an organisation's or a place's kind is usually said.
func (in *nameInput) runEnd(i int) int {
	end := i
	for k := i + 1; k < len(in.words) && k <= i+5 && in.words[k] != in.lower[k]; k++ {
		end = k
	}
	return end
}

// nameHead climbs from a word of a name to the word the name hangs from
// the rest of the sentence by: flat and compound stay inside a name.
func (in *nameInput) nameHead(i int) int {
	for n := 0; n < 8; n++ {
		h := in.heads[i] - 1
		l := in.labels[i]
		if h < 0 || l != "flat" && l != "compound" && l != "flat:name" {
			break
		}
		i = h
	}
	return i
}

// nameFeatures are the features of word i, given the tags of the two words
// before it (prev, prev2: indexes into NameTags, -1 for none).
func nameFeatures(in *nameInput, i, prevTag, prev2Tag int, buf []feat) []feat {
	p := in.parts()
	prev, prev2 := labelHash(prevTag), labelHash(prev2Tag)
	w, low, tag, shp, gaz := p.word, p.low, p.tag, p.shape, p.gaz
	rel, head, cs := p.rel[i], p.head[i], p.cases[i]
	buf = append(buf[:0],
		fmix(0), fmix(1, w[i]), fmix(2, low[i]), fmix(3, shp[i]), fmix(4, p.suf3[i]), fmix(5, p.pre3[i]),
		fmix(6, tag[i]), fmix(7, at(tag, i-1), tag[i]), fmix(8, tag[i], at(tag, i+1)),
		fmix(9, at(w, i-1)), fmix(10, at(w, i+1)), fmix(11, at(w, i-2)), fmix(12, at(w, i+2)),
		fmix(13, prev), fmix(14, prev, w[i]), fmix(15, prev, tag[i]), fmix(16, prev2, prev),
		fmix(17, at(shp, i-1), shp[i]), fmix(18, shp[i], at(shp, i+1)),
		fmix(19, at(low, i-1), tag[i]), fmix(20, tag[i], at(low, i+1)),
		fmix(21, p.suf2[i], tag[i]), fmix(22, prev, at(w, i+1)),
		fmix(23, at(w, i-1), w[i]), fmix(24, w[i], at(w, i+1)), fmix(25, at(tag, i-2), at(tag, i-1), tag[i]), fmix(26, tag[i], at(tag, i+1), at(tag, i+2)),
		fmix(27, prev, shp[i], tag[i]), fmix(28, at(low, i-2), at(low, i-1)),
		fmix(30, rel), fmix(31, rel, head), fmix(32, cs), fmix(33, cs, head), fmix(34, rel, cs), fmix(35, prev, rel),
		fmix(36, gaz[i]), fmix(37, at(gaz, i-1)), fmix(38, at(gaz, i+1)), fmix(39, gaz[i], tag[i]),
		fmix(40, at(gaz, i-1), gaz[i]), fmix(41, gaz[in.runEnd(i)]), fmix(42, prev, gaz[i]),
	)
	if in.doc != nil {
		d := in.doc
		major := d.majorHash(in.lower[i])
		lowSeen := hCap
		if in.words[i] != in.lower[i] && d.lower[in.lower[i]] {
			lowSeen = hLow
		}
		next, before := hNone, hNone
		if i+1 < len(in.words) {
			next = d.majorHash(in.lower[i+1])
		}
		if i > 0 {
			before = d.majorHash(in.lower[i-1])
		}
		buf = append(buf, fmix(43, major), fmix(44, major, prev), fmix(45, lowSeen, tag[i]), fmix(46, major, gaz[i]),
			fmix(47, major, next), fmix(48, before, major))
	}
	return buf
}

var hCap, hLow = phash("cap"), phash("low")

// document labels the sentences of one document in two passes: the
// first sentence by sentence, the second with what the first found in all.
func (n *namer) document(sents []*nameInput) [][]string {
	first := make([][]string, len(sents))
	for i, in := range sents {
		first[i] = n.names(in)
	}
	doc := newDocNames(sents, first)
	out := make([][]string, len(sents))
	for i, in := range sents {
		second := *in
		second.doc = doc
		out[i] = n.names(&second)
	}
	return out
}

// names labels words with BIO name tags, repairing an I- that follows
// nothing of its type into a B-.
func (n *namer) names(in *nameInput) []string {
	out := make([]string, len(in.words))
	scores := make([]float32, len(NameTags))
	var buf []feat
	prev, prev2 := -1, -1
	for i := range in.words {
		buf = nameFeatures(in, i, prev, prev2, buf)
		n.m.scores(buf, scores)
		t := argmax(scores)
		if isInside(t) && (prev < 0 || typeOf(prev) != typeOf(t)) {
			t-- // an I- that follows nothing of its type begins a name: B- is just before it
		}
		out[i] = NameTags[t]
		prev2, prev = prev, t
	}
	return out
}

// NameTags alternate B- and I- of each type after "O".
func isInside(t int) bool { return t > 0 && t%2 == 0 }
func typeOf(t int) int    { return (t + 1) / 2 }

// GUM's entity annotation, read as the treebanks' README says: a mention of
// a person, organisation or place whose minimal span runs over proper nouns
// only is a name; where names nest, the outermost stays.

var (
	entityOpen  = regexp.MustCompile(`^\((\d+)-([^()]*)`)
	entityClose = regexp.MustCompile(`^(\d+)\)`)
)

var entityTypes = map[string]string{"person": "PER", "organization": "ORG", "place": "LOC"}

type mention struct {
	start, end int
	etype      string
	minspan    string
	order      int
}

// GoldNames derives BIO name tags for the sentences of one GUM document
// (fields names the parts of an entity's description, from the document's
// global.Entity comment).
func GoldNames(doc []TreebankSentence, fields []string) [][]string {
	typeAt, minAt := indexOf(fields, "etype"), indexOf(fields, "minspan")
	out := make([][]string, len(doc))
	open := map[string][]mention{}
	order := 0
	for si, s := range doc {
		var found []mention
		for wi, w := range s.Words {
			val := miscValue(w.Misc, "Entity")
			for val != "" {
				if m := entityOpen.FindStringSubmatch(val); m != nil {
					parts := strings.SplitN(m[2], "-", len(fields))
					mt := mention{start: wi, end: wi, etype: part(parts, typeAt), minspan: part(parts, minAt), order: order}
					order++
					val = val[len(m[0]):]
					if strings.HasPrefix(val, ")") {
						val = val[1:]
						found = append(found, mt)
					} else {
						open[m[1]] = append(open[m[1]], mention{start: wi, etype: mt.etype, minspan: mt.minspan, order: mt.order, end: si})
					}
					continue
				}
				if m := entityClose.FindStringSubmatch(val); m != nil {
					val = val[len(m[0]):]
					stack := open[m[1]]
					if len(stack) == 0 {
						continue
					}
					mt := stack[len(stack)-1]
					open[m[1]] = stack[:len(stack)-1]
					if mt.end == si { // opened in this sentence (end held its sentence)
						mt.end = wi
						found = append(found, mt)
					}
					continue
				}
				break // unreadable: skip the rest of this value
			}
		}
		out[si] = bioOf(s.Words, keepNames(s.Words, found))
	}
	return out
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func part(parts []string, i int) string {
	if i < 0 || i >= len(parts) {
		return ""
	}
	return parts[i]
}

func miscValue(misc, key string) string {
	for _, item := range strings.Split(misc, "|") {
		if k, v, ok := strings.Cut(item, "="); ok && k == key {
			return v
		}
	}
	return ""
}

type span struct {
	start, end int
	typ        string
	order      int
}

func keepNames(words []Word, ms []mention) []span {
	var cands []span
	for _, m := range ms {
		typ, ok := entityTypes[m.etype]
		if !ok {
			continue
		}
		lo, hi := -1, -1
		for _, k := range strings.Split(m.minspan, ",") {
			n, err := strconv.Atoi(k)
			if err != nil {
				lo = -1
				break
			}
			pos := m.start + n - 1
			if pos < m.start || pos > m.end {
				lo = -1
				break
			}
			if lo < 0 || pos < lo {
				lo = pos
			}
			if pos > hi {
				hi = pos
			}
		}
		if lo < 0 {
			continue
		}
		allPropn := true
		for k := lo; k <= hi; k++ {
			allPropn = allPropn && words[k].UPOS == "PROPN"
		}
		if allPropn {
			cands = append(cands, span{lo, hi, typ, m.order})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		return a.order < b.order
	})
	var kept []span
	for _, c := range cands {
		clash := false
		for _, k := range kept {
			if c.start <= k.end && k.start <= c.end {
				clash = true
			}
		}
		if !clash {
			kept = append(kept, c)
		}
	}
	return kept
}

func bioOf(words []Word, spans []span) []string {
	out := make([]string, len(words))
	for i := range out {
		out[i] = "O"
	}
	for _, s := range spans {
		out[s.start] = "B-" + s.typ
		for k := s.start + 1; k <= s.end; k++ {
			out[k] = "I-" + s.typ
		}
	}
	return out
}
