package nlp

import (
	"math"
	"sort"
)

// feat is a hashed feature: a template and its values folded into 64 bits.
type feat uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fhash hashes a template id and its string parts with FNV-1a, inline so it
// allocates nothing; collisions at these feature counts cost nothing
// measurable.
func fhash(template byte, parts ...string) feat {
	h := uint64(fnvOffset)
	h = (h ^ uint64(template)) * fnvPrime
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * fnvPrime
		}
		h = (h ^ 0xff) * fnvPrime
	}
	return feat(h)
}

// model is a multi-class linear model: one row of class weights per
// feature, all rows in one array so the garbage collector has nothing to
// scan however many features there are.
type model struct {
	classes int
	index   map[feat]int32 // feature → row
	w       []float32
}

func newModel(classes int) *model { return &model{classes: classes, index: map[feat]int32{}} }

// scores adds up the rows of the features into out (len classes).
func (m *model) scores(fs []feat, out []float32) {
	clear(out)
	for _, f := range fs {
		if r, ok := m.index[f]; ok {
			row := m.w[int(r)*m.classes : int(r+1)*m.classes]
			for c, w := range row {
				out[c] += w
			}
		}
	}
}

// trainer is an averaged perceptron over a model: alongside each weight it
// keeps the sum of its updates weighted by when they happened, so the
// average over all steps is w - acc/steps (Daumé's trick).
type trainer struct {
	m     *model
	acc   []float32
	steps float32
}

func newTrainer(classes int) *trainer {
	return &trainer{m: newModel(classes), steps: 1}
}

func (t *trainer) rowOf(f feat) int {
	r, ok := t.m.index[f]
	if !ok {
		r = int32(len(t.m.index))
		t.m.index[f] = r
		t.m.w = append(t.m.w, make([]float32, t.m.classes)...)
		t.acc = append(t.acc, make([]float32, t.m.classes)...)
	}
	return int(r) * t.m.classes
}

// update moves weights towards gold and away from guess.
func (t *trainer) update(fs []feat, gold, guess int) {
	if gold == guess {
		return
	}
	for _, f := range fs {
		at := t.rowOf(f)
		t.m.w[at+gold]++
		t.m.w[at+guess]--
		t.acc[at+gold] += t.steps
		t.acc[at+guess] -= t.steps
	}
}

// tick counts one training step (one decision).
func (t *trainer) tick() { t.steps++ }

// average returns the averaged model, without features whose averaged row
// is all below prune.
func (t *trainer) average(prune float32) *model {
	out := newModel(t.m.classes)
	avg := make([]float32, t.m.classes)
	for _, f := range t.m.sortedFeats() {
		at := int(t.m.index[f]) * t.m.classes
		keep := false
		for c := range avg {
			avg[c] = t.m.w[at+c] - t.acc[at+c]/t.steps
			keep = keep || float32(math.Abs(float64(avg[c]))) >= prune
		}
		if keep {
			out.index[f] = int32(len(out.index))
			out.w = append(out.w, avg...)
		}
	}
	return out
}

// sortedFeats lists a model's features in order, for a deterministic file.
func (m *model) sortedFeats() []feat {
	fs := make([]feat, 0, len(m.index))
	for f := range m.index {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i] < fs[j] })
	return fs
}

func argmax(xs []float32) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
