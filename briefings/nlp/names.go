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

// namer is a greedy BIO sequence labeller over words and their tags.
type namer struct{ m scorer }

func nameFeatures(words, lower, tags []string, i int, prev, prev2 string, buf []feat) []feat {
	w, lw := words[i], lower[i]
	tag := func(k int) string {
		if k < 0 || k >= len(tags) {
			return "<none>"
		}
		return tags[k]
	}
	word := func(k int) string {
		if k < 0 || k >= len(words) {
			return "<none>"
		}
		return words[k]
	}
	return append(buf[:0],
		fhash(0), fhash(1, w), fhash(2, lw), fhash(3, shape(w)), fhash(4, suffix(lw, 3)), fhash(5, prefix(lw, 3)),
		fhash(6, tag(i)), fhash(7, tag(i-1), tag(i)), fhash(8, tag(i), tag(i+1)),
		fhash(9, word(i-1)), fhash(10, word(i+1)), fhash(11, word(i-2)), fhash(12, word(i+2)),
		fhash(13, prev), fhash(14, prev, w), fhash(15, prev, tag(i)), fhash(16, prev2, prev),
		fhash(17, shape(word(i-1)), shape(w)), fhash(18, shape(w), shape(word(i+1))),
		fhash(19, strings.ToLower(word(i-1)), tag(i)), fhash(20, tag(i), strings.ToLower(word(i+1))),
		fhash(21, suffix(lw, 2), tag(i)), fhash(22, prev, word(i+1)),
		fhash(23, word(i-1), w), fhash(24, w, word(i+1)), fhash(25, tag(i-2), tag(i-1), tag(i)), fhash(26, tag(i), tag(i+1), tag(i+2)),
		fhash(27, prev, shape(w), tag(i)), fhash(28, strings.ToLower(word(i-2)), strings.ToLower(word(i-1))),
	)
}

// names labels words with BIO name tags, repairing an I- that follows
// nothing of its type into a B-.
func (n *namer) names(words, tags []string) []string {
	lower := lowerAll(words)
	out := make([]string, len(words))
	scores := make([]float32, len(NameTags))
	var buf []feat
	prev, prev2 := "<s>", "<s>"
	for i := range words {
		buf = nameFeatures(words, lower, tags, i, prev, prev2, buf)
		n.m.scores(buf, scores)
		t := NameTags[argmax(scores)]
		if strings.HasPrefix(t, "I-") && prev[min(2, len(prev)):] != t[2:] {
			t = "B-" + t[2:]
		}
		out[i] = t
		prev2, prev = prev, t
	}
	return out
}

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
