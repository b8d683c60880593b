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

func leftOp(label int) int  { return opFirstArc + 2*label }
func rightOp(label int) int { return opFirstArc + 2*label + 1 }

// pstate is a parser configuration. Word 0 is the root, words 1..n the
// sentence.
type pstate struct {
	n                 int
	stack             []int
	b                 int // the next word of the buffer; n+1 when it is empty
	heads, labels     []int
	lmost, rmost      []int // leftmost and rightmost child so far, or -1
	lval, rval        []int // children on each side so far
	rootHasChild      bool
	words, tags, lows []string // index 0 is the root
}

func newPState(words, lower, tags []string) *pstate {
	n := len(words)
	s := &pstate{n: n, stack: []int{0}, b: 1,
		heads: make([]int, n+1), labels: make([]int, n+1), lmost: make([]int, n+1), rmost: make([]int, n+1),
		lval: make([]int, n+1), rval: make([]int, n+1),
		words: append([]string{"<root>"}, words...), lows: append([]string{"<root>"}, lower...), tags: append([]string{"ROOT"}, tags...)}
	for i := range s.heads {
		s.heads[i], s.labels[i], s.lmost[i], s.rmost[i] = -1, -1, -1, -1
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
		if s.lmost[head] < 0 || dep < s.lmost[head] {
			s.lmost[head] = dep
		}
	} else {
		s.rval[head]++
		if dep > s.rmost[head] {
			s.rmost[head] = dep
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

func dist(a, b int) string {
	d := b - a
	switch {
	case d > 10:
		return "10+"
	case d > 5:
		return "6-10"
	}
	return strconv.Itoa(d)
}

// at returns the word and tag of i, or markers for none.
func (s *pstate) at(i int) (string, string) {
	if i < 0 || i > s.n {
		return "<none>", "<none>"
	}
	return s.lows[i], s.tags[i]
}

func (s *pstate) label(i int, labels []string) string {
	if i < 0 || s.labels[i] < 0 {
		return "<none>"
	}
	return labels[s.labels[i]]
}

// features of the configuration (after Zhang and Nivre 2011).
func (s *pstate) features(labels []string, buf []feat) []feat {
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
	b0lw, b0lt, b0ll := "<none>", "<none>", "<none>"
	if b0 >= 0 {
		b0lw, b0lt = s.at(s.lmost[b0])
		b0ll = s.label(s.lmost[b0], labels)
	}
	s0h2t := "<none>"
	if s0h >= 0 {
		_, s0h2t = s.at(s.heads[s0h])
	}
	d := "<none>"
	if b0 >= 0 {
		d = dist(s0, b0)
	}
	s0l, s0rl, s0ll := s.label(s0, labels), s.label(s.rmost[s0], labels), s.label(s.lmost[s0], labels)
	vr, vl := strconv.Itoa(s.rval[s0]), strconv.Itoa(s.lval[s0])
	bvl := "0"
	if b0 >= 0 {
		bvl = strconv.Itoa(s.lval[b0])
	}
	return append(buf[:0],
		fhash(0),
		fhash(1, s0w), fhash(2, s0t), fhash(3, s0w, s0t),
		fhash(4, b0w), fhash(5, b0t), fhash(6, b0w, b0t),
		fhash(7, b1w), fhash(8, b1t), fhash(9, b1w, b1t), fhash(10, b2t),
		fhash(11, s0w, s0t, b0w, b0t), fhash(12, s0w, s0t, b0w), fhash(13, s0w, b0w, b0t),
		fhash(14, s0w, s0t, b0t), fhash(15, s0t, b0w, b0t), fhash(16, s0w, b0w), fhash(17, s0t, b0t),
		fhash(18, b0t, b1t), fhash(19, b0t, b1t, b2t), fhash(20, s0t, b0t, b1t),
		fhash(21, s0ht, s0t, b0t), fhash(22, s0t, s0lt, b0t), fhash(23, s0t, s0rt, b0t), fhash(24, s0t, b0t, b0lt),
		fhash(25, s0w, d), fhash(26, s0t, d), fhash(27, b0w, d), fhash(28, b0t, d), fhash(29, s0t, b0t, d),
		fhash(30, s0w, vr), fhash(31, s0t, vr), fhash(32, s0w, vl), fhash(33, s0t, vl), fhash(34, b0w, bvl), fhash(35, b0t, bvl),
		fhash(36, s0hw), fhash(37, s0ht), fhash(38, s0l), fhash(39, s0w, s0l), fhash(40, s0rl, s0t), fhash(41, s0ll, s0t), fhash(42, b0ll, b0t),
		fhash(43, s1t, s0t, b0t), fhash(44, s1t, s0t), fhash(45, s0t, s0l, b0t), fhash(46, b0w, b1w), fhash(47, s0w, b1w),
		fhash(48, s1w), fhash(49, s1w, s0w), fhash(50, s0ht, s0l, b0t), fhash(51, s0w, s0rl, b0t), fhash(52, b0w, b0ll),
		fhash(53, s0lw), fhash(54, s0rw), fhash(55, b0lw), fhash(56, s0h2t, s0ht, s0t), fhash(57, s0w, s0t, b0t, b1t),
		fhash(58, s0t, s0lt, s0rt), fhash(59, b0t, b0lt, b0ll),
	)
}

// parser holds the transition model and the label set.
type parser struct {
	m      scorer
	labels []string
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
		buf = s.features(p.labels, buf)
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
