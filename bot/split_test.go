package bot

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitKeepsOrderAndLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"ceasefire", "Zelenskiy", "a", "&amp;", "guarantees", "é", "Trump's", "—", "negotiations", "🇺🇦"}
	for round := 0; round < 500; round++ {
		limit := 20 + rng.IntN(200)
		var chunks []Chunk
		for c := 0; c < 1+rng.IntN(30); c++ {
			var body []string
			for w := 0; w < 1+rng.IntN(60); w++ {
				body = append(body, words[rng.IntN(len(words))])
			}
			ch := Chunk{Body: strings.Join(body, " ")}
			if rng.IntN(3) == 0 {
				ch.Open, ch.Close = "<b>", "</b>"
			}
			chunks = append(chunks, ch)
		}
		parts := Split(chunks, limit, nil)
		for _, p := range parts {
			if n := utf8.RuneCountInString(p); n > limit {
				t.Fatalf("round %d: part of %d runes over the limit %d: %q", round, n, limit, p)
			}
			if strings.Count(p, "<b>") != strings.Count(p, "</b>") {
				t.Fatalf("round %d: unbalanced tags in %q", round, p)
			}
			if strings.Contains(p, "&am") && !strings.Contains(p, "&amp;") {
				t.Fatalf("round %d: cut inside an entity: %q", round, p)
			}
		}
		// Nothing lost: every word comes back, in order.
		var want, got []string
		for _, c := range chunks {
			want = append(want, strings.Fields(c.Body)...)
		}
		for _, p := range parts {
			got = append(got, strings.Fields(strings.NewReplacer("<b>", " ", "</b>", " ").Replace(p))...)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("round %d: words lost or reordered\n got %q\nwant %q", round, got, want)
		}
	}
}

func TestSplitCutsAtBlockBoundaries(t *testing.T) {
	chunks := []Chunk{{Body: strings.Repeat("a ", 20)}, {Body: strings.Repeat("b ", 20)}, {Body: strings.Repeat("c ", 20)}}
	parts := Split(chunks, 90, nil)
	if len(parts) != 2 || !strings.HasPrefix(parts[1], "c") {
		t.Errorf("got %q, want two parts with the third chunk alone", parts)
	}
}
