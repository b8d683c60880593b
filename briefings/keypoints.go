package briefings

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/lookup"
)

// vec is a sparse term vector sorted by term id, with its norm.
type vec struct {
	ids  []int32
	w    []float64
	norm float64
}

func cosine(a, b vec) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] == b.ids[j]:
			dot += a.w[i] * b.w[j]
			i++
			j++
		case a.ids[i] < b.ids[j]:
			i++
		default:
			j++
		}
	}
	return dot / (a.norm * b.norm)
}

// keyPoints ranks sentences by centrality (LexRank over TF-IDF; a centroid on
// long reports, to stay linear) with a prior for the lead and for sentences
// that carry actors' positions, then picks them with maximal marginal
// relevance so they cover the report.
func (a *analyzer) keyPoints(n int) []KeyPoint {
	if len(a.sents) == 0 {
		return []KeyPoint{}
	}
	vecs := termVectors(a.sents)
	central := centrality(vecs)
	acting := a.mainActorsAct()
	score := make([]float64, len(a.sents))
	for i, s := range a.sents {
		score[i] = 0.35*central[i] + 0.4/(1+float64(i)/4) + 0.25*acting[i] - sentencePenalty(s)
	}
	chosen := pickDiverse(vecs, score, n)
	out := make([]KeyPoint, 0, len(chosen))
	for _, i := range chosen {
		out = append(out, KeyPoint{Text: a.display(a.sents[i]), Sentences: []int{i}})
	}
	return out
}

// termVectors are the sentences' TF-IDF vectors over stemmed content words.
func termVectors(sents []*sent) []vec {
	ns := len(sents)
	termID := map[string]int32{}
	var df []int
	tfs := make([][]int32, ns) // term ids of each sentence, sorted, repeated per use
	for i, s := range sents {
		var ids []int32
		for _, t := range s.toks {
			if t.kind == word && !stopwords[t.lower] && len(t.lower) > 1 {
				w := lookup.Stem(t.lower)
				id, ok := termID[w]
				if !ok {
					id = int32(len(df))
					termID[w] = id
					df = append(df, 0)
				}
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		tfs[i] = ids
		for k, id := range ids {
			if k == 0 || ids[k-1] != id {
				df[id]++
			}
		}
	}
	vecs := make([]vec, ns)
	for i, ids := range tfs {
		var v vec
		for k := 0; k < len(ids); {
			n := 1
			for k+n < len(ids) && ids[k+n] == ids[k] {
				n++
			}
			x := (1 + math.Log(float64(n))) * math.Log(1+float64(ns)/float64(df[ids[k]]))
			v.ids = append(v.ids, ids[k])
			v.w = append(v.w, x)
			v.norm += x * x
			k += n
		}
		v.norm = math.Sqrt(v.norm)
		vecs[i] = v
	}
	return vecs
}

// mainActorsAct is 1 for the sentences in which one of the main actors
// wants, says or does something (not a neutral verb, not embedded).
func (a *analyzer) mainActorsAct() []float64 {
	weight := make([]float64, len(a.sents))
	top := a.mainActors(4)
	for _, s := range a.sents {
		for _, sub := range s.subjects {
			if sub.embedded >= 0 || neutralVerbs[sub.lemma] {
				continue
			}
			if slices.ContainsFunc(sub.actors, func(k int) bool { return top[k] }) {
				weight[s.idx] = 1
			}
		}
	}
	return weight
}

// sentencePenalty keeps out what reads badly as a key point: short lines,
// questions in a transcript, preambles, a moderator's turn, quotations
// alone or in pieces.
func sentencePenalty(s *sent) float64 {
	words := 0
	for _, t := range s.toks {
		if t.kind == word {
			words++
		}
	}
	p := 0.0
	if words < 7 || s.label != "" && strings.HasSuffix(s.text, "?") {
		p++
	}
	if s.preamble {
		p++
	}
	if s.label != "" && s.speaker < 0 {
		p += 0.5 // a moderator or a questioner, not a party to the talks
	}
	if quoteOnly(s) {
		p += 0.2
	}
	if len(s.toks) > 0 && (s.toks[0].inQuote || s.endsQuote) {
		p += 0.5 // a piece of a longer quotation reads badly alone
	}
	return p
}

// pickDiverse picks up to n sentences by score, each new one penalised by
// its likeness to those already picked (maximal marginal relevance).
func pickDiverse(vecs []vec, score []float64, n int) []int {
	var chosen []int
	used := make([]bool, len(score))
	for len(chosen) < n && len(chosen) < len(score) {
		best, bestScore := -1, math.Inf(-1)
		for i := range score {
			if used[i] {
				continue
			}
			red := 0.0
			for _, c := range chosen {
				red = max(red, cosine(vecs[i], vecs[c]))
			}
			if v := 0.65*score[i] - 0.35*red; v > bestScore {
				best, bestScore = i, v
			}
		}
		if best < 0 || score[best] < -0.5 {
			break
		}
		used[best] = true
		chosen = append(chosen, best)
	}
	return chosen
}

func quoteOnly(s *sent) bool {
	in := 0
	for _, t := range s.toks {
		if t.inQuote {
			in++
		}
	}
	return in*10 >= len(s.toks)*8
}

// centrality scores sentences in [0,1].
func centrality(vecs []vec) []float64 {
	n := len(vecs)
	out := make([]float64, n)
	if n <= 300 {
		// LexRank: power iteration over the thresholded similarity graph.
		adj := make([][]int, n)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if cosine(vecs[i], vecs[j]) > 0.08 {
					adj[i] = append(adj[i], j)
					adj[j] = append(adj[j], i)
				}
			}
		}
		for i := range out {
			out[i] = 1 / float64(n)
		}
		next := make([]float64, n)
		for it := 0; it < 30; it++ {
			for i := range next {
				next[i] = 0.15 / float64(n)
			}
			for i := 0; i < n; i++ {
				if len(adj[i]) == 0 {
					continue
				}
				share := 0.85 * out[i] / float64(len(adj[i]))
				for _, j := range adj[i] {
					next[j] += share
				}
			}
			out, next = next, out
		}
	} else {
		sum := map[int32]float64{}
		for _, v := range vecs {
			for k, id := range v.ids {
				sum[id] += v.w[k]
			}
		}
		var centroid vec
		for id := range sum {
			centroid.ids = append(centroid.ids, id)
		}
		sort.Slice(centroid.ids, func(x, y int) bool { return centroid.ids[x] < centroid.ids[y] })
		for _, id := range centroid.ids {
			centroid.w = append(centroid.w, sum[id])
			centroid.norm += sum[id] * sum[id]
		}
		centroid.norm = math.Sqrt(centroid.norm)
		for i, v := range vecs {
			out[i] = cosine(v, centroid)
		}
	}
	max := 0.0
	for _, x := range out {
		max = math.Max(max, x)
	}
	if max > 0 {
		for i := range out {
			out[i] /= max
		}
	}
	return out
}

// mainActors: the most mentioned people and organisations.
func (a *analyzer) mainActors(n int) map[int]bool {
	var idx []int
	for i, r := range a.reg.actors {
		if r.Kind == Person && r.Mentions > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(x, y int) bool { return a.reg.actors[idx[x]].Mentions > a.reg.actors[idx[y]].Mentions })
	out := map[int]bool{}
	for i, k := range idx {
		if i >= n {
			break
		}
		out[k] = true
	}
	return out
}

// display shows a sentence on its own: a pronoun whose person is named only
// in an earlier sentence becomes that name, and long sentences are shortened.
func (a *analyzer) display(s *sent) string {
	var b strings.Builder
	last := 0
	named := map[int]bool{}
	for _, m := range s.mentions {
		if m.kind != byPronoun {
			named[m.actor] = true
			continue
		}
		if _, third := pronounGender[m.pronoun]; !third || m.actor < 0 || named[m.actor] || s.speaker >= 0 {
			continue
		}
		name := a.reg.actors[m.actor].Name
		if f := strings.Fields(name); len(f) > 1 {
			name = familyName(f)
		}
		if m.start == 0 {
			name = upperFirst(name) // "Van der Berg is expected …"
		}
		switch m.pronoun {
		case "his", "her":
			if m.role == rolePossessor {
				name += "'s"
			}
		}
		t := s.toks[m.start]
		b.WriteString(s.text[last:t.start])
		b.WriteString(name)
		last = t.end
		named[m.actor] = true
	}
	b.WriteString(s.text[last:])
	return shorten(b.String(), 400)
}

// shorten cuts at a word boundary and marks the cut.
func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut < max/2 {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut-- // never inside a character
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// sources lists who the report relies on.
func (a *analyzer) sources() []Source {
	var out []Source
	idx := map[string]int{}
	add := func(text string, i int) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		k := strings.ToLower(text)
		if j, ok := idx[k]; ok {
			out[j].Sentences = append(out[j].Sentences, i)
			return
		}
		idx[k] = len(out)
		out = append(out, Source{Text: text, Sentences: []int{i}})
	}
	for _, s := range a.sents {
		if s.reporter != "" {
			add(s.reporter, s.idx)
		}
		if r, at := a.reporterBefore(s, len(s.toks)); at >= 0 && r != s.reporter {
			add(r, s.idx)
		}
		for _, src := range spokenTo(s) {
			add(src, s.idx)
		}
	}
	if out == nil {
		out = []Source{}
	}
	return out
}

// spokenTo are the sources a sentence says the reporter spoke to: "Reuters
// spoke to five people who were briefed on the meeting."
func spokenTo(s *sent) []string {
	var out []string
	for i := 0; i+2 < len(s.toks); i++ {
		j := i + 1
		switch t, next := s.toks[i].lower, s.toks[i+1].lower; {
		case t == "interviewed":
		case (t == "spoke" || t == "talked") && (next == "to" || next == "with"):
			j++
		default:
			continue
		}
		end := j
		for end < len(s.toks) && s.toks[end].kind == word {
			end++
		}
		if head := phraseHead(s.toks[j:end]); sourceNouns[head] {
			out = append(out, spanText(s, j, end))
		}
	}
	return out
}

// upperFirst capitalises the first letter only.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
