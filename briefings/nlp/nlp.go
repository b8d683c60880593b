// Package nlp is the briefing core's language backbone: a tokenizer, a
// part-of-speech tagger and lemmatizer, a dependency parser and a name
// finder, trained from the UD English EWT and GUM treebanks by
// ./train and embedded in the binary. Pure Go, no network.
package nlp

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

//go:embed models.bin.gz
var embedded []byte

var (
	loadOnce sync.Once
	loaded   *Models
	loadErr  error
)

// ErrNoModels says the binary was built without trained models.
var ErrNoModels = errors.New("nlp: no trained models are embedded (run go run ./briefings/nlp/train ../shared/treebanks)")

// Default returns the embedded models, loaded once on first use.
func Default() (*Models, error) {
	loadOnce.Do(func() {
		if len(embedded) == 0 {
			loadErr = ErrNoModels
			return
		}
		loaded, loadErr = ReadModels(bytes.NewReader(embedded))
	})
	return loaded, loadErr
}

// Scores are a model's figures on a treebank split, with gold tokens.
type Scores struct {
	Tokens, UPOS, UAS, LAS int
	NamesGold, NamesFound  int
	NamesRight             int
	Elapsed                time.Duration
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// F1 of the name finder (exact span and type).
func (s Scores) F1() (p, r, f float64) {
	p, r = pct(s.NamesRight, s.NamesFound)/100, pct(s.NamesRight, s.NamesGold)/100
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s Scores) String() string {
	out := fmt.Sprintf("UPOS %.2f%%, UAS %.2f%%, LAS %.2f%% over %d tokens", pct(s.UPOS, s.Tokens), pct(s.UAS, s.Tokens), pct(s.LAS, s.Tokens), s.Tokens)
	if s.NamesGold > 0 {
		p, r, f := s.F1()
		out += fmt.Sprintf("; names P %.3f R %.3f F1 %.3f (%d gold)", p, r, f, s.NamesGold)
	}
	if s.Elapsed > 0 {
		out += fmt.Sprintf("; %.0f tokens/s on one goroutine", float64(s.Tokens)/s.Elapsed.Seconds())
	}
	return out
}

// universal is the part of a relation before its subtype ("nsubj:pass" → "nsubj").
func universal(l string) string {
	u, _, _ := strings.Cut(l, ":")
	return u
}

// Evaluate annotates each sentence from its gold tokens and scores it as
// the CoNLL 2018 evaluation does (punctuation included, LAS on universal
// relations); with names, GUM's entity annotation gives the gold names.
func Evaluate(m *Models, sents []TreebankSentence, names bool) Scores {
	var s Scores
	var gold [][]string
	if names {
		docs, fields := Documents(sents)
		for d, doc := range docs {
			gold = append(gold, GoldNames(doc, fields[d])...)
		}
	}
	start := time.Now()
	var all []Annotated
	docs, _ := Documents(sents)
	for _, doc := range docs {
		words := make([][]string, len(doc))
		for i, s := range doc {
			words[i] = forms(s)
		}
		all = append(all, m.AnnotateDocument(words)...)
	}
	s.Elapsed = time.Since(start)
	for i, sent := range sents {
		a := all[i]
		for k, w := range sent.Words {
			s.Tokens++
			if a.UPOS[k] == w.UPOS {
				s.UPOS++
			}
			if a.Heads[k] == w.Head {
				s.UAS++
				if universal(a.Labels[k]) == universal(w.Deprel) {
					s.LAS++
				}
			}
		}
		if names {
			g, f := spansOf(gold[i]), spansOf(a.Names)
			s.NamesGold += len(g)
			s.NamesFound += len(f)
			for sp := range f {
				if g[sp] {
					s.NamesRight++
				}
			}
		}
	}
	return s
}

// spansOf reads BIO tags as a set of "start-end-type" spans.
func spansOf(tags []string) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < len(tags); i++ {
		if !strings.HasPrefix(tags[i], "B-") {
			continue
		}
		typ := tags[i][2:]
		j := i
		for j+1 < len(tags) && tags[j+1] == "I-"+typ {
			j++
		}
		out[fmt.Sprintf("%d-%d-%s", i, j, typ)] = true
	}
	return out
}
