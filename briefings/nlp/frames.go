package nlp

import (
	"slices"

	"github.com/briefbot/briefbot/lexicon"
)

var speechForms = lexicon.Set(lexicon.SpeechVerbs)

// A quotation closed by who said it (`"We will not back down," said the
// minister.`, `"…," the minister told reporters.`) is rare in the
// treebanks, and the parser, seeing the verb after the quotation and its
// subject after the verb, often hangs them anywhere. Where the verb of such
// a frame is left without a subject, the quotation and the frame are
// parsed apart, the frame in the order of its subject and verb, and the
// verb hung on the quotation as UD does: parataxis.
type frame struct {
	close         int   // the closing quotation mark
	verb          int   // the verb of speech
	order         []int // the frame's words, subject first
	more, moreEnd int   // the marks around the quotation's second part, or -1
}

// quoteFrame finds the frame at the end of a sentence that is (or ends) a
// quotation, if its first verb is a verb of speech and it has words for a
// subject.
func quoteFrame(words, lower, tags []string) (frame, bool) {
	n := len(words)
	for n > 0 && tags[n-1] == "PUNCT" && !isQuote(words[n-1]) {
		n--
	}
	c := lastQuote(words, n)
	if c >= 1 && c+2 <= n && opensOnlyAt0(words, c) {
		return frameIn(lower, tags, c, n, -1, -1)
	}
	// `"A," wrote X on Twitter, "and B."`: the frame between two parts, the
	// second closed here or in a later sentence
	o, moreEnd := c, n
	if c == n-1 {
		o, moreEnd = lastQuote(words, c), c
	}
	if o < 2 || words[o-1] != "," {
		return frame{}, false
	}
	c1 := lastQuote(words, o)
	if c1 < 1 || c1+2 > o-1 || !opensOnlyAt0(words, c1) {
		return frame{}, false
	}
	return frameIn(lower, tags, c1, o-1, o, moreEnd)
}

// frameIn reads words c+1 … end-1, after the closing mark at c, as a frame
// (with a second part of the quotation between more and moreEnd, or -1).
func frameIn(lower, tags []string, c, end, more, moreEnd int) (frame, bool) {
	f := frame{close: c, verb: -1, more: more, moreEnd: moreEnd}
	for i := c + 1; i < end && f.verb < 0; i++ {
		if tags[i] == "VERB" || tags[i] == "AUX" {
			if !speechForms[lower[i]] {
				return frame{}, false
			}
			f.verb = i // what follows may have verbs of its own: "…," said a man using a pseudonym
		}
	}
	if f.verb < 0 || f.verb == end-1 && f.verb == c+1 {
		return frame{}, false // no subject
	}
	if f.verb == c+1 { // "said the minister on Twitter": the subject first
		subj := c + 2
		for subj < end && tags[subj] != "ADP" {
			subj++
		}
		f.order = append(append(rangeOf(c+2, subj), f.verb), rangeOf(subj, end)...)
	} else {
		f.order = rangeOf(c+1, end)
	}
	return f, true
}

// lastQuote is the last quotation mark before n, or -1.
func lastQuote(words []string, n int) int {
	for i := n - 1; i >= 0; i-- {
		if isQuote(words[i]) {
			return i
		}
	}
	return -1
}

func isQuote(w string) bool { return w == `"` || w == "“" || w == "”" }

// opensOnlyAt0: no quotation mark before c but, perhaps, the first word.
func opensOnlyAt0(words []string, c int) bool {
	for i := 1; i < c; i++ {
		if isQuote(words[i]) {
			return false
		}
	}
	return true
}

func rangeOf(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// joinFrame parses the quotation and the frame apart and joins them: the
// quotation's root is the sentence's, the frame's verb its parataxis, the
// marks and the final stop on the root.
func (p *parser) joinFrame(f frame, words, lower, tags []string) ([]int, []string) {
	heads, labels := make([]int, len(words)), make([]string, len(words))
	var inner []int
	for i := 0; i < f.close; i++ {
		if !isQuote(words[i]) {
			inner = append(inner, i)
		}
	}
	root := place(inner, heads, labels, p.parseAroundAsides, words, lower, tags)
	if place(f.order, heads, labels, p.parse, words, lower, tags) != f.verb && !p.placeFrameParts(f, heads, labels, words, lower, tags) {
		return nil, nil
	}
	verb := f.verb
	heads[root], labels[root] = 0, "root"
	heads[verb], labels[verb] = root+1, "parataxis"
	if f.more >= 0 && f.moreEnd > f.more+1 {
		second := place(rangeOf(f.more+1, f.moreEnd), heads, labels, p.parseAroundAsides, words, lower, tags)
		heads[second], labels[second] = verb+1, "parataxis"
	}
	for i := range words {
		if labels[i] == "" {
			heads[i], labels[i] = root+1, "punct"
		}
	}
	return heads, labels
}

// parseQuoteFrame is the parse of a sentence with its frame parsed apart
// where the whole parse gives the frame's verb no subject of the frame's
// own, or hangs the quotation on it other than as what is said.
func (p *parser) parseQuoteFrame(words, lower, tags []string) ([]int, []string) {
	heads, labels := p.parseAroundAsides(words, lower, tags)
	f, ok := quoteFrame(words, lower, tags)
	if !ok || subjectInFrame(f, heads, labels) && quotationHangs(f, heads, labels) {
		return heads, labels
	}
	if h, l := p.joinFrame(f, words, lower, tags); h != nil {
		return h, l
	}
	return heads, labels
}

// subjectInFrame: the parse gives the frame's verb a subject after the
// quotation (not one inside it: "treats" as the subject of "said").
func subjectInFrame(f frame, heads []int, labels []string) bool {
	for _, i := range f.order {
		if heads[i] == f.verb+1 && labels[i] == "nsubj" {
			return true
		}
	}
	return false
}

// quotationHangs: the words of the quotation hang on the frame, if at all,
// as what is said (ccomp, parataxis) or its marks.
func quotationHangs(f frame, heads []int, labels []string) bool {
	for i := 0; i < f.close; i++ {
		if h := heads[i] - 1; h > f.close && labels[i] != "ccomp" && labels[i] != "parataxis" && labels[i] != "punct" {
			return false
		}
	}
	return true
}

// placeFrameParts parses a frame the parser will not read as a clause of
// its verb ("student protester X wrote on Twitter" as a noun phrase) in
// parts: the subject (the words before the verb in f.order) as the verb's
// nsubj, the rest as its adverbials; false when there is no subject.
func (p *parser) placeFrameParts(f frame, heads []int, labels []string, words, lower, tags []string) bool {
	at := slices.Index(f.order, f.verb)
	if at <= 0 {
		return false
	}
	heads[f.verb], labels[f.verb] = 0, "root"
	subj := place(f.order[:at], heads, labels, p.parse, words, lower, tags)
	heads[subj], labels[subj] = f.verb+1, "nsubj"
	if rest := f.order[at+1:]; len(rest) > 0 {
		r := place(rest, heads, labels, p.parse, words, lower, tags)
		heads[r], labels[r] = f.verb+1, adverbialRelation(tags[r])
	}
	return true
}
