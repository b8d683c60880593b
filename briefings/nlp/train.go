package nlp

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// TrainConfig says how long to train each model.
type TrainConfig struct {
	TaggerEpochs, ParserEpochs, NamerEpochs int
	Folds                                   int // jackknife folds for the parser's training tags
	Log                                     io.Writer
}

func (c TrainConfig) withDefaults() TrainConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.TaggerEpochs, 8)
	def(&c.ParserEpochs, 12)
	def(&c.NamerEpochs, 15)
	def(&c.Folds, 4)
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// Treebank is the training data: EWT and GUM train, with GUM's documents
// kept whole for its entity annotation.
type Treebank struct {
	Train        []TreebankSentence
	GUMDocs      [][]TreebankSentence
	GUMDocFields [][]string
}

// LoadTreebanks reads dir/en_ewt and dir/en_gum for one split ("train",
// "dev" or "test").
func LoadTreebanks(dir, split string) (ewt, gum []TreebankSentence, err error) {
	read := func(name string) ([]TreebankSentence, error) {
		f, err := os.Open(filepath.Join(dir, name, split+".conllu"))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return ReadCoNLLU(f)
	}
	if ewt, err = read("en_ewt"); err != nil {
		return nil, nil, err
	}
	gum, err = read("en_gum")
	return ewt, gum, err
}

// Documents splits GUM sentences into documents, with the entity field
// names of each.
func Documents(sents []TreebankSentence) (docs [][]TreebankSentence, fields [][]string) {
	for _, s := range sents {
		if len(docs) == 0 || s.Comment("newdoc id") != "" {
			docs = append(docs, nil)
			spec := "GRP-etype-infstat-salience-centering-minspan-link-identity"
			if g := s.Comment("global.Entity"); g != "" {
				spec = g
			}
			fields = append(fields, strings.Split(spec, "-")[1:])
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], s)
	}
	return docs, fields
}

func forms(s TreebankSentence) []string {
	out := make([]string, len(s.Words))
	for i, w := range s.Words {
		out[i] = w.Form
	}
	return out
}

// Train learns the tagger, the lemmatizer, the parser and the name finder.
// It is deterministic: the same data gives the same model.
func Train(ewt, gum []TreebankSentence, cfg TrainConfig) *Models {
	cfg = cfg.withDefaults()
	all := append(append([]TreebankSentence(nil), ewt...), gum...)
	start := time.Now()
	m := &Models{}
	m.tagDict = buildTagDict(all)
	m.tagger = trainTagger(all, nil, m.tagDict, cfg.TaggerEpochs, cfg.Log)
	fmt.Fprintf(cfg.Log, "tagger: %d features, %s\n", len(m.tagger.index), time.Since(start).Round(time.Second))
	m.lemmas = trainLemmas(all)
	// The tagger's second pass and the parser learn on tags a first pass
	// would give, from models that never saw the sentence (jackknifing),
	// so they meet at training the errors they will meet in use.
	tags := jackknife(all, cfg)
	fmt.Fprintf(cfg.Log, "jackknifed tags: %s\n", time.Since(start).Round(time.Second))
	m.tagger2 = trainTagger(all, tags, m.tagDict, cfg.TaggerEpochs, cfg.Log)
	fmt.Fprintf(cfg.Log, "tagger, second pass: %d features, %s\n", len(m.tagger2.index), time.Since(start).Round(time.Second))
	m.labels = labelSet(all)
	m.parser = trainParser(all, tags, m.labels, cfg.ParserEpochs, cfg.Log)
	fmt.Fprintf(cfg.Log, "parser: %d features, %s\n", len(m.parser.index), time.Since(start).Round(time.Second))
	docs, fields := Documents(gum)
	ndocs := make([][]*nameInput, len(docs))
	nlabels := make([][][]string, len(docs))
	gumTags := tags[len(ewt):]
	p := newParser(m.parser, m.labels)
	k := 0
	for d, doc := range docs {
		nlabels[d] = GoldNames(doc, fields[d])
		for _, s := range doc {
			// The name finder learns on the trees the parser gives, as
			// it will meet them in use.
			in := &nameInput{words: forms(s), tags: gumTags[k]}
			in.lower = lowerAll(in.words)
			in.heads, in.labels = p.parse(in.words, in.lower, in.tags)
			ndocs[d] = append(ndocs[d], in)
			k++
		}
	}
	m.namer = trainNamerDocs(ndocs, nlabels, cfg.NamerEpochs, cfg.Folds, cfg.Log)
	fmt.Fprintf(cfg.Log, "names: %d features, %s\n", len(m.namer.index), time.Since(start).Round(time.Second))
	return m
}

// buildTagDict keeps words seen at least 20 times with one tag 97% of the time.
func buildTagDict(sents []TreebankSentence) map[string]int {
	counts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			lw := strings.ToLower(w.Form)
			if counts[lw] == nil {
				counts[lw] = map[int]int{}
			}
			counts[lw][tagIndex(w.UPOS)]++
		}
	}
	dict := map[string]int{}
	for w, byTag := range counts {
		total, best, bestN := 0, 0, 0
		for t, n := range byTag {
			total += n
			if n > bestN || n == bestN && t < best {
				best, bestN = t, n
			}
		}
		if total >= 20 && float64(bestN)/float64(total) >= 0.97 {
			dict[w] = best
		}
	}
	return dict
}

func shuffled(n int, seed uint64) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx
}

// trainTagger learns the first pass when first is nil, else the second,
// which sees first's tags of the words to the right.
func trainTagger(sents []TreebankSentence, first [][]string, dict map[string]int, epochs int, log io.Writer) *model {
	tr := newTrainer(len(UPOSTags))
	scores := make([]float32, len(UPOSTags))
	var buf []feat
	// pass tags a sentence as the tagger would and learns from its
	// mistakes.
	pass := func(si int, words, lower []string) (correct int) {
		p1, p2 := "<s>", "<s>"
		for i, w := range sents[si].Words {
			gold := tagIndex(w.UPOS)
			guess, ok := dict[lower[i]]
			if !ok {
				buf = tagFeatures(words, lower, i, p1, p2, buf)
				if first != nil {
					buf = rightFeatures(lower, first[si], i, p1, buf)
				}
				tr.m.scores(buf, scores)
				guess = argmax(scores)
				tr.update(buf, gold, guess)
			}
			tr.tick()
			if guess == gold {
				correct++
			}
			p2, p1 = p1, UPOSTags[guess]
		}
		return correct
	}
	for ep := 0; ep < epochs; ep++ {
		correct, total := 0, 0
		for _, si := range shuffled(len(sents), uint64(ep)) {
			words := forms(sents[si])
			correct += pass(si, words, lowerAll(words))
			total += len(words)
		}
		fmt.Fprintf(log, "  tagger epoch %d: %.4f on train\n", ep+1, float64(correct)/float64(total))
	}
	return tr.average(0.001)
}

// jackknife tags every training sentence with a tagger trained on the
// other folds.
func jackknife(sents []TreebankSentence, cfg TrainConfig) [][]string {
	out := make([][]string, len(sents))
	type result struct {
		fold int
		tags map[int][]string
	}
	done := make(chan result, cfg.Folds)
	for fold := 0; fold < cfg.Folds; fold++ {
		go func() {
			var train []TreebankSentence
			for i, s := range sents {
				if i%cfg.Folds != fold {
					train = append(train, s)
				}
			}
			dict := buildTagDict(train)
			t := &tagger{m: trainTagger(train, nil, dict, max(3, cfg.TaggerEpochs/2), io.Discard), dict: dict}
			res := result{fold, map[int][]string{}}
			for i, s := range sents {
				if i%cfg.Folds == fold {
					res.tags[i] = t.tag(forms(s), nil)
				}
			}
			done <- res
		}()
	}
	for range cfg.Folds {
		r := <-done
		for i, t := range r.tags {
			out[i] = t
		}
	}
	return out
}

func labelSet(sents []TreebankSentence) []string {
	seen := map[string]bool{"root": true, "dep": true}
	for _, s := range sents {
		for _, w := range s.Words {
			seen[w.Deprel] = true
		}
	}
	var out []string
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

func trainParser(sents []TreebankSentence, tags [][]string, labels []string, epochs int, log io.Writer) *model {
	classes := opFirstArc + 2*len(labels)
	tr := newTrainer(classes)
	p := newParser(tr.m, labels)
	scores := make([]float32, classes)
	var buf []feat
	r := rand.New(rand.NewPCG(7, 11))
	for ep := 0; ep < epochs; ep++ {
		var correct, total int
		for _, si := range shuffled(len(sents), uint64(100+ep)) {
			s := sents[si]
			n := len(s.Words)
			gold := make([]int, n+1)
			goldLabel := make([]int, n+1)
			gold[0], goldLabel[0] = -1, -1
			for i, w := range s.Words {
				gold[i+1], goldLabel[i+1] = w.Head, p.labelIndex(w.Deprel)
			}
			words := forms(s)
			st := newPState(words, lowerAll(words), tags[si])
			for !st.done() {
				buf = st.features(p.hashed, buf)
				tr.m.scores(buf, scores)
				pred, best, bestCost, predCost := -1, -1, 1<<30, 0
				c := st.costs(gold, goldLabel)
				for op := range scores {
					if !st.legal(op) {
						continue
					}
					cost := c.of(op)
					if pred < 0 || scores[op] > scores[pred] {
						pred, predCost = op, cost
					}
					if cost < bestCost || cost == bestCost && scores[op] > scores[best] {
						best, bestCost = op, cost
					}
				}
				if predCost > bestCost {
					tr.update(buf, best, pred)
				}
				tr.tick()
				next := best
				if ep > 0 && r.Float64() < 0.9 {
					next = pred // explore: learn to recover from its own choices
				}
				st.apply(next)
			}
			for i := 1; i <= n; i++ {
				if st.heads[i] == gold[i] {
					correct++
				}
				total++
			}
		}
		fmt.Fprintf(log, "  parser epoch %d: UAS %.4f on train (with exploration)\n", ep+1, float64(correct)/float64(total))
	}
	return tr.average(0.05)
}

// trainNamerDocs trains the name finder for both of its passes: each
// sentence is learned once as the first pass sees it and once with what a
// first pass found in its document. That first pass comes from models that
// never saw the document (folds of documents), so the second learns how far
// to trust it.
func trainNamerDocs(docs [][]*nameInput, labels [][][]string, epochs, folds int, log io.Writer) *model {
	firstPass := make([][][]string, len(docs))
	done := make(chan int, folds)
	for fold := range folds {
		go func() {
			var sents []*nameInput
			var gold [][]string
			for d := range docs {
				if d%folds != fold {
					sents = append(sents, docs[d]...)
					gold = append(gold, labels[d]...)
				}
			}
			n := &namer{m: trainNamer(sents, gold, epochs, io.Discard)}
			for d := range docs {
				if d%folds == fold {
					firstPass[d] = make([][]string, len(docs[d]))
					for i, in := range docs[d] {
						firstPass[d][i] = n.names(in)
					}
				}
			}
			done <- fold
		}()
	}
	for range folds {
		<-done
	}
	var sents []*nameInput
	var gold [][]string
	for d, doc := range docs {
		dn := newDocNames(doc, firstPass[d])
		for i, in := range doc {
			second := *in
			second.doc = dn
			sents = append(sents, in, &second)
			gold = append(gold, labels[d][i], labels[d][i])
		}
	}
	return trainNamer(sents, gold, epochs, log)
}

func trainNamer(sents []*nameInput, labels [][]string, epochs int, log io.Writer) *model {
	tr := newTrainer(len(NameTags))
	scores := make([]float32, len(NameTags))
	var buf []feat
	for ep := 0; ep < epochs; ep++ {
		for _, si := range shuffled(len(sents), uint64(200+ep)) {
			in := sents[si]
			prev, prev2 := -1, -1
			for i := range in.words {
				buf = nameFeatures(in, i, prev, prev2, buf)
				tr.m.scores(buf, scores)
				guess := argmax(scores)
				gold := nameIndex(labels[si][i])
				tr.update(buf, gold, guess)
				tr.tick()
				prev2, prev = prev, gold
			}
		}
		fmt.Fprintf(log, "  names epoch %d\n", ep+1)
	}
	return tr.average(0.01)
}

func trainLemmas(sents []TreebankSentence) *lemmatizer {
	formCounts := map[string]map[string]int{}
	ruleCounts := map[string]map[rule]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			lower := strings.ToLower(w.Form)
			key := lower + "\x00" + w.UPOS
			if formCounts[key] == nil {
				formCounts[key] = map[string]int{}
			}
			lemma := w.Lemma
			if w.UPOS != "PROPN" {
				lemma = strings.ToLower(lemma)
			}
			formCounts[key][lemma]++
			if w.UPOS == "PROPN" {
				continue
			}
			r := ruleFor(lower, lemma)
			for n := 1; n <= min(5, len(lower)); n++ {
				k := w.UPOS + "\x00" + lower[len(lower)-n:]
				if ruleCounts[k] == nil {
					ruleCounts[k] = map[rule]int{}
				}
				ruleCounts[k][r]++
			}
		}
	}
	l := &lemmatizer{forms: map[string]string{}, rules: map[string]rule{}}
	for key, byLemma := range formCounts {
		best, bestN := "", 0
		for lm, n := range byLemma {
			if n > bestN || n == bestN && lm < best {
				best, bestN = lm, n
			}
		}
		l.forms[key] = best
	}
	for key, byRule := range ruleCounts {
		var best rule
		bestN, total := 0, 0
		for r, n := range byRule {
			total += n
			if n > bestN || n == bestN && (r.Strip < best.Strip || r.Strip == best.Strip && r.Add < best.Add) {
				best, bestN = r, n
			}
		}
		if total >= 3 && float64(bestN)/float64(total) >= 0.6 {
			l.rules[key] = best
		}
	}
	return l
}
