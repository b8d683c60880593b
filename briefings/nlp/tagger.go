package nlp

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UPOSTags are the universal part-of-speech tags, in the order the tagger's
// classes use.
var UPOSTags = []string{"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}

func tagIndex(tag string) int {
	for i, t := range UPOSTags {
		if t == tag {
			return i
		}
	}
	return len(UPOSTags) - 1 // X
}

// tagger is a greedy left-to-right averaged-perceptron tagger. Words seen
// often with one tag only take it from the tag dictionary. A second pass,
// where there is one, tags again the words the first was unsure of, now
// seeing the tags the first gave the words to their right.
type tagger struct {
	m      scorer
	second scorer         // nil for one pass
	dict   map[string]int // lower-cased frequent unambiguous word → tag
}

// secondPassMargin: a word whose best tag beats the next by less than this
// (in weight units) is tagged again. On EWT dev a second pass over these
// words, about one in twelve, scores as well as one over every word.
const secondPassMargin = 16

// shape maps a word to its pattern of character classes: "Xxxx", "dd",
// "X.X.", with runs collapsed, so unseen words still tell their kind.
func shape(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range w {
		if i >= 24 {
			break
		}
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
	}
	return b.String()
}

func suffix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	i := len(w) - n
	for i > 0 && !utf8.RuneStart(w[i]) {
		i--
	}
	return w[i:]
}

func prefix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	i := n
	for i < len(w) && !utf8.RuneStart(w[i]) {
		i++
	}
	return w[:i]
}

// ctxWord is the lower-cased word at i, or a boundary marker.
func ctxWord(lower []string, i int) string {
	switch {
	case i < 0:
		return "<s>"
	case i >= len(lower):
		return "</s>"
	}
	return lower[i]
}

// tagFeatures are the features of word i given the two tags before it.
func tagFeatures(words, lower []string, i int, p1, p2 string, buf []feat) []feat {
	w, lw := words[i], lower[i]
	buf = append(buf[:0],
		fhash(0),
		fhash(1, lw),
		fhash(2, suffix(lw, 1)),
		fhash(3, suffix(lw, 2)),
		fhash(4, suffix(lw, 3)),
		fhash(5, suffix(lw, 4)),
		fhash(6, prefix(lw, 1)),
		fhash(7, prefix(lw, 3)),
		fhash(8, shape(w)),
		fhash(9, p1),
		fhash(10, p2, p1),
		fhash(11, p1, lw),
		fhash(12, ctxWord(lower, i-1)),
		fhash(13, ctxWord(lower, i-2)),
		fhash(14, ctxWord(lower, i+1)),
		fhash(15, ctxWord(lower, i+2)),
		fhash(16, suffix(ctxWord(lower, i-1), 3)),
		fhash(17, suffix(ctxWord(lower, i+1), 3)),
		fhash(18, ctxWord(lower, i-1), lw),
		fhash(19, lw, ctxWord(lower, i+1)),
		fhash(20, p1, ctxWord(lower, i+1)),
		fhash(21, shape(w), p1),
		fhash(25, p1, suffix(lw, 3)),
		fhash(26, p1, ctxWord(lower, i-1)),
		fhash(27, suffix(ctxWord(lower, i+2), 3)),
		fhash(28, ctxWord(lower, i+1), ctxWord(lower, i+2)),
		fhash(29, shape(w), suffix(lw, 2)),
		fhash(30, ctxWord(lower, i-1), suffix(lw, 3)),
		fhash(31, gazClass(lw), shape(w)),
		fhash(32, shape(ctxWord(words, i+1))),
		fhash(33, shape(ctxWord(words, i-1)), shape(w)),
		fhash(34, suffix(lw, 5)),
		fhash(35, p1, shape(ctxWord(words, i+1))),
	)
	if i == 0 {
		buf = append(buf, fhash(22, shape(w)))
	}
	if w != lw && i > 0 {
		buf = append(buf, fhash(23, "midcap"))
	}
	if strings.ContainsRune(w, '-') {
		buf = append(buf, fhash(24, suffix(lw[strings.LastIndexByte(lw, '-')+1:], 3)))
	}
	return buf
}

func lowerAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}

// rightFeatures are the second pass's features of word i: the first
// pass's tags of it and of the two words after it.
func rightFeatures(lower, first []string, i int, p1 string, buf []feat) []feat {
	r1, r2 := "</s>", "</s>"
	if i+1 < len(first) {
		r1 = first[i+1]
	}
	if i+2 < len(first) {
		r2 = first[i+2]
	}
	return append(buf, fhash(40, r1), fhash(41, r1, r2), fhash(42, p1, r1), fhash(43, lower[i], r1),
		fhash(44, suffix(lower[i], 3), r1), fhash(45, first[i]), fhash(46, p1, first[i], r1))
}

// tag gives each word a UPOS tag, the tag known gives where it gives one
// (known may be nil).
func (t *tagger) tag(words []string, known []string) []string {
	lower := lowerAll(words)
	out, margins := t.firstPass(words, lower, known)
	if t.second != nil {
		t.secondPass(words, lower, out, margins)
	}
	return out
}

// firstPass tags left to right, with how sure it was of each word.
func (t *tagger) firstPass(words, lower, known []string) ([]string, []float32) {
	out := make([]string, len(words))
	margins := make([]float32, len(words))
	scores := make([]float32, len(UPOSTags))
	var buf []feat
	p1, p2 := "<s>", "<s>"
	for i := range words {
		tg, ok := t.dict[lower[i]]
		margins[i] = secondPassMargin
		if known != nil && known[i] != "" {
			tg, ok = tagIndex(known[i]), true
		}
		if !ok {
			buf = tagFeatures(words, lower, i, p1, p2, buf)
			t.m.scores(buf, scores)
			tg = argmax(scores)
			margins[i] = margin(scores, tg)
		}
		out[i] = UPOSTags[tg]
		p2, p1 = p1, out[i]
	}
	return out, margins
}

// secondPass tags again, in place, the words the first pass was unsure of.
func (t *tagger) secondPass(words, lower, out []string, margins []float32) {
	first := slices.Clone(out)
	scores := make([]float32, len(UPOSTags))
	var buf []feat
	p1, p2 := "<s>", "<s>"
	for i := range words {
		if margins[i] < secondPassMargin {
			buf = tagFeatures(words, lower, i, p1, p2, buf)
			buf = rightFeatures(lower, first, i, p1, buf)
			t.second.scores(buf, scores)
			out[i] = UPOSTags[argmax(scores)]
		}
		p2, p1 = p1, out[i]
	}
}

// margin is how far the best class's score is above the next one's.
func margin(scores []float32, best int) float32 {
	next := float32(math.Inf(-1))
	for c, v := range scores {
		if c != best && v > next {
			next = v
		}
	}
	return scores[best] - next
}
