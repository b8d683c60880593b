package brief

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestMemoBuildsOnce(t *testing.T) {
	b := &Briefing{}
	type key struct{}
	var builds atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := b.Memo(key{}, func() any { builds.Add(1); return 42 }); got != 42 {
				t.Errorf("Memo = %v, want 42", got)
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n < 1 {
		t.Fatalf("built %d times", n)
	}
	if got := b.Memo(key{}, func() any { return 7 }); got != 42 {
		t.Errorf("a second Memo rebuilt: %v", got)
	}
}

func TestPositionsAndAboutOf(t *testing.T) {
	b := &Briefing{
		Sentences: []Sentence{{I: 0, Text: "One."}, {I: 1, Text: "Two."}},
		Positions: []Position{{Actor: "a", Text: "x"}, {Actor: "b", Text: "y"}, {Actor: "a", Text: "z"}},
		About:     []About{{Actor: "b", Text: "w", By: "a"}},
	}
	if ps := b.PositionsOf("a"); len(ps) != 2 || ps[0].Text != "x" || ps[1].Text != "z" {
		t.Errorf("PositionsOf(a) = %v", ps)
	}
	if as := b.AboutOf("b"); len(as) != 1 || as[0].By != "a" {
		t.Errorf("AboutOf(b) = %v", as)
	}
	if b.SentenceText(1) != "Two." || b.SentenceText(2) != "" || b.SentenceText(-1) != "" {
		t.Errorf("SentenceText out of range should be empty")
	}
}
