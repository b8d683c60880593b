package nlp

import "strconv"

// The parser is greedy arc-eager (Nivre 2003) with an averaged perceptron,
// trained with Goldberg and Nivre's dynamic oracle (2012): it learns to
// recover from its own mistakes, not only to follow the gold path.

const (
	opShift = iota
	opReduce
	opFirstArc // then left(l) = opFirstArc+2l, right(l) = opFirstArc+2l+1
)

// pstate is a parser configuration. Word 0 is the root, words 1..n the
// sentence.
type pstate struct {
	n              int
	stack          []int
	b              int // the next word of the buffer; n+1 when it is empty
	heads, labels  []int
	lmost, rmost   []int // leftmost and rightmost child so far, or -1
	lmost2, rmost2 []int // the next ones in, or -1
	lval, rval     []int // children on each side so far
	rootHasChild   bool
	hw, ht         []uint64 // hashed lower-cased words and tags; index 0 is the root
}

func newPState(words, lower, tags []string) *pstate {
	n := len(words)
	s := &pstate{n: n, stack: []int{0}, b: 1,
		heads: make([]int, n+1), labels: make([]int, n+1), lmost: make([]int, n+1), rmost: make([]int, n+1),
		lmost2: make([]int, n+1), rmost2: make([]int, n+1),
		lval: make([]int, n+1), rval: make([]int, n+1), hw: make([]uint64, n+1), ht: make([]uint64, n+1)}
	for i := range s.heads {
		s.heads[i], s.labels[i], s.lmost[i], s.rmost[i], s.lmost2[i], s.rmost2[i] = -1, -1, -1, -1, -1, -1
	}
	s.hw[0], s.ht[0] = phash("<root>"), phash("ROOT")
	for i := range words {
		s.hw[i+1], s.ht[i+1] = phash(lower[i]), phash(tags[i])
	}
	return s
}

func (s *pstate) done() bool { return s.b > s.n }

func (s *pstate) s0() int { return s.stack[len(s.stack)-1] }

func (s *pstate) legal(op int) bool {
	s0 := s.s0()
	switch {
	case op == opShift:
		return s.b <= s.n
	case op == opReduce:
		return s0 != 0 && s.heads[s0] >= 0
	case (op-opFirstArc)%2 == 0: // left
		return s.b <= s.n && s0 != 0 && s.heads[s0] < 0
	default: // right
		return s.b <= s.n && !(s0 == 0 && s.rootHasChild)
	}
}

func (s *pstate) apply(op int) {
	s0 := s.s0()
	switch {
	case op == opShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case op == opReduce:
		s.stack = s.stack[:len(s.stack)-1]
	case (op-opFirstArc)%2 == 0:
		s.arc(s.b, s0, (op-opFirstArc)/2)
		s.stack = s.stack[:len(s.stack)-1]
	default:
		s.arc(s0, s.b, (op-opFirstArc)/2)
		if s0 == 0 {
			s.rootHasChild = true
		}
		s.stack = append(s.stack, s.b)
		s.b++
	}
}

func (s *pstate) arc(head, dep, label int) {
	s.heads[dep], s.labels[dep] = head, label
	if dep < head {
		s.lval[head]++
		switch {
		case s.lmost[head] < 0 || dep < s.lmost[head]:
			s.lmost2[head], s.lmost[head] = s.lmost[head], dep
		case s.lmost2[head] < 0 || dep < s.lmost2[head]:
			s.lmost2[head] = dep
		}
	} else {
		s.rval[head]++
		switch {
		case dep > s.rmost[head]:
			s.rmost2[head], s.rmost[head] = s.rmost[head], dep
		case dep > s.rmost2[head]:
			s.rmost2[head] = dep
		}
	}
}

// costs are how many gold arcs each kind of transition makes unreachable
// (the dynamic oracle); an arc with the wrong label costs one more.
type costs struct {
	shift, reduce, left, right int
	leftGold, rightGold        int // the gold label when the arc is gold, else -1
}

func (s *pstate) costs(gold, goldLabel []int) costs {
	s0, b := s.s0(), s.b
	c := costs{leftGold: -1, rightGold: -1}
	if b > s.n {
		return c
	}
	headInStack := false
	for _, k := range s.stack {
		if gold[b] == k || gold[k] == b && s.heads[k] < 0 {
			c.shift++
		}
		if gold[k] == b && s.heads[k] < 0 {
			c.right++
		}
		headInStack = headInStack || gold[b] == k
	}
	for k := b; k <= s.n; k++ {
		if gold[k] == s0 {
			c.reduce++
			c.left++
		}
		if k > b && gold[s0] == k {
			c.left++
		}
	}
	if gold[b] != s0 && (gold[b] > b || headInStack) {
		c.right++
	}
	if gold[s0] == b {
		c.leftGold = goldLabel[s0]
	}
	if gold[b] == s0 {
		c.rightGold = goldLabel[b]
	}
	return c
}

// of is the cost of one transition.
func (c costs) of(op int) int {
	switch {
	case op == opShift:
		return c.shift
	case op == opReduce:
		return c.reduce
	case (op-opFirstArc)%2 == 0:
		if c.leftGold >= 0 && c.leftGold != (op-opFirstArc)/2 {
			return c.left + 1
		}
		return c.left
	}
	if c.rightGold >= 0 && c.rightGold != (op-opFirstArc)/2 {
		return c.right + 1
	}
	return c.right
}

// finish gives every word left without a head one: the root's child, or
// the root itself when there is none.
func (s *pstate) finish(rootLabel, depLabel int) {
	top := -1
	for i := 1; i <= s.n; i++ {
		if s.heads[i] == 0 {
			top = i
			break
		}
	}
	for i := 1; i <= s.n; i++ {
		if s.heads[i] >= 0 {
			continue
		}
		if top < 0 {
			s.heads[i], s.labels[i], top = 0, rootLabel, i
			continue
		}
		s.heads[i], s.labels[i] = top, depLabel
	}
}

// The parser's features are built from parts hashed once: each word's
// lower-cased form and tag when the sentence starts, labels and small
// numbers once for all, so a feature costs a few multiplications, not a
// pass over the bytes of every string in it.

// phash hashes one part of a feature.
func phash(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// fmix folds a template id and hashed parts into a feature.
func fmix(template byte, parts ...uint64) feat {
	h := uint64(fnvOffset) ^ uint64(template)*0x9E3779B97F4A7C15
	for _, p := range parts {
		h = (h ^ p) * fnvPrime
		h ^= h >> 29
	}
	return feat(h)
}

var (
	hNone = phash("<none>")
	// hSmall hashes the numbers features use: distances and child counts
	// up to 10, and 11 for more.
	hSmall = func() (out [12]uint64) {
		for i := range out {
			out[i] = phash("#" + strconv.Itoa(i))
		}
		return out
	}()
)

func small(n int) uint64 { return hSmall[min(max(n, 0), 11)] }

// dist is the distance from a to b, in buckets: 1 to 5, 6 to 10, more.
func dist(a, b int) uint64 {
	switch d := b - a; {
	case d > 10:
		return hSmall[11]
	case d > 5:
		return hSmall[6]
	default:
		return small(d)
	}
}

// at returns the hashed word and tag of i, or markers for none.
func (s *pstate) at(i int) (uint64, uint64) {
	if i < 0 || i > s.n {
		return hNone, hNone
	}
	return s.hw[i], s.ht[i]
}

func (s *pstate) label(i int, labels []uint64) uint64 {
	if i < 0 || s.labels[i] < 0 {
		return hNone
	}
	return labels[s.labels[i]]
}

// features of the configuration (after Zhang and Nivre 2011).
func (s *pstate) features(labels []uint64, buf []feat) []feat {
	s0 := s.s0()
	s1 := -1
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	b0, b1, b2 := s.b, s.b+1, s.b+2
	if b0 > s.n {
		b0, b1, b2 = -1, -1, -1
	}
	s0w, s0t := s.at(s0)
	b0w, b0t := s.at(b0)
	b1w, b1t := s.at(b1)
	_, b2t := s.at(b2)
	s1w, s1t := s.at(s1)
	s0h := -1
	if s0 >= 0 {
		s0h = s.heads[s0]
	}
	s0hw, s0ht := s.at(s0h)
	s0lw, s0lt := s.at(s.lmost[s0])
	s0rw, s0rt := s.at(s.rmost[s0])
	b0lw, b0lt, b0ll := hNone, hNone, hNone
	if b0 >= 0 {
		b0lw, b0lt = s.at(s.lmost[b0])
		b0ll = s.label(s.lmost[b0], labels)
	}
	s0h2t := hNone
	if s0h >= 0 {
		_, s0h2t = s.at(s.heads[s0h])
	}
	d := hNone
	if b0 >= 0 {
		d = dist(s0, b0)
	}
	s0l, s0rl, s0ll := s.label(s0, labels), s.label(s.rmost[s0], labels), s.label(s.lmost[s0], labels)
	_, s0l2t := s.at(s.lmost2[s0])
	_, s0r2t := s.at(s.rmost2[s0])
	s0l2l, s0r2l := s.label(s.lmost2[s0], labels), s.label(s.rmost2[s0], labels)
	b0l2t, b0l2l := hNone, hNone
	if b0 >= 0 {
		_, b0l2t = s.at(s.lmost2[b0])
		b0l2l = s.label(s.lmost2[b0], labels)
	}
	s0hl := s.label(s0h, labels)

	vr, vl := small(s.rval[s0]), small(s.lval[s0])
	bvl := small(0)
	if b0 >= 0 {
		bvl = small(s.lval[b0])
	}
	buf = append(buf[:0],
		fmix(0),
		fmix(1, s0w), fmix(2, s0t), fmix(3, s0w, s0t),
		fmix(4, b0w), fmix(5, b0t), fmix(6, b0w, b0t),
		fmix(7, b1w), fmix(8, b1t), fmix(9, b1w, b1t), fmix(10, b2t),
		fmix(11, s0w, s0t, b0w, b0t), fmix(12, s0w, s0t, b0w), fmix(13, s0w, b0w, b0t),
		fmix(14, s0w, s0t, b0t), fmix(15, s0t, b0w, b0t), fmix(16, s0w, b0w), fmix(17, s0t, b0t),
		fmix(18, b0t, b1t), fmix(19, b0t, b1t, b2t), fmix(20, s0t, b0t, b1t),
		fmix(21, s0ht, s0t, b0t), fmix(22, s0t, s0lt, b0t), fmix(23, s0t, s0rt, b0t), fmix(24, s0t, b0t, b0lt),
		fmix(25, s0w, d), fmix(26, s0t, d), fmix(27, b0w, d), fmix(28, b0t, d), fmix(29, s0t, b0t, d),
		fmix(30, s0w, vr), fmix(31, s0t, vr), fmix(32, s0w, vl), fmix(33, s0t, vl), fmix(34, b0w, bvl), fmix(35, b0t, bvl),
		fmix(36, s0hw), fmix(37, s0ht), fmix(38, s0l), fmix(39, s0w, s0l), fmix(40, s0rl, s0t), fmix(41, s0ll, s0t), fmix(42, b0ll, b0t),
		fmix(43, s1t, s0t, b0t), fmix(44, s1t, s0t), fmix(45, s0t, s0l, b0t), fmix(46, b0w, b1w), fmix(47, s0w, b1w),
		fmix(48, s1w), fmix(49, s1w, s0w), fmix(50, s0ht, s0l, b0t), fmix(51, s0w, s0rl, b0t), fmix(52, b0w, b0ll),
		fmix(53, s0lw), fmix(54, s0rw), fmix(55, b0lw), fmix(56, s0h2t, s0ht, s0t), fmix(57, s0w, s0t, b0t, b1t),
		fmix(58, s0t, s0lt, s0rt), fmix(59, b0t, b0lt, b0ll),
	)
	// Children further in and the head's label (third-order features of
	// Zhang and Nivre 2011): on the dev splits they add 0.3-0.5 UAS and
	// 0.5-1 LAS; their label sets and the words' endings added nothing more.
	return append(buf, fmix(60, s0l2t), fmix(61, s0l2l), fmix(62, s0r2t), fmix(63, s0r2l), fmix(64, b0l2t), fmix(65, b0l2l),
		fmix(66, s0t, s0lt, s0l2t), fmix(67, s0t, s0rt, s0r2t), fmix(68, b0t, b0lt, b0l2t),
		fmix(69, s0hl), fmix(70, s0w, s0hl), fmix(71, s0h2t, s0t))
}

// parser holds the transition model and the label set.
type parser struct {
	m      scorer
	labels []string
	hashed []uint64 // the labels, hashed for features
}

func newParser(m scorer, labels []string) *parser {
	p := &parser{m: m, labels: labels, hashed: make([]uint64, len(labels))}
	for i, l := range labels {
		p.hashed[i] = phash(l)
	}
	return p
}

func (p *parser) labelIndex(l string) int {
	for i, x := range p.labels {
		if x == l {
			return i
		}
	}
	return -1
}

// parse returns the head (0 for the root) and label of each word.
func (p *parser) parse(words, lower, tags []string) ([]int, []string) {
	s := newPState(words, lower, tags)
	scores := make([]float32, opFirstArc+2*len(p.labels))
	var buf []feat
	for !s.done() {
		buf = s.features(p.hashed, buf)
		p.m.scores(buf, scores)
		best := -1
		for op := range scores {
			if s.legal(op) && (best < 0 || scores[op] > scores[best]) {
				best = op
			}
		}
		s.apply(best)
	}
	s.finish(p.labelIndex("root"), p.labelIndex("dep"))
	heads := make([]int, len(words))
	labels := make([]string, len(words))
	for i := range words {
		heads[i] = s.heads[i+1]
		labels[i] = p.labels[s.labels[i+1]]
	}
	return heads, labels
}
