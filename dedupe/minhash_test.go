package dedupe

import (
	"os"
	"strings"
	"testing"
)

func TestSimilarity(t *testing.T) {
	data, err := os.ReadFile("../samples/paris-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	republished := "From our partners: " + strings.Replace(text, "By the briefbot sample desk", "By Agency Staff", 1) + "\nShare this story."
	other, _ := os.ReadFile("../briefings/testdata/news.txt")
	a, _ := Sign(text)
	b, _ := Sign(republished)
	c, _ := Sign(string(other))
	if s := Similarity(a, b); s < Threshold {
		t.Errorf("republished story: similarity %.2f, want at least %.2f", s, Threshold)
	}
	if s := Similarity(a, c); s > 0.2 {
		t.Errorf("different stories: similarity %.2f", s)
	}
	back, ok := FromBytes(a.Bytes())
	if !ok || back != a {
		t.Errorf("signature does not survive storage")
	}
	if _, ok := Sign("too short"); ok {
		t.Errorf("a two-word text got a signature")
	}
}
