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

func TestBandKeys(t *testing.T) {
	base := "The two ministers met in the capital on Tuesday and agreed to reopen the border crossing for trucks carrying grain, officials from both sides said after the talks ended late in the evening."
	a, _ := Sign(base)
	b, _ := Sign(base + " A further round is planned for next month.")
	c, _ := Sign("A storm closed every school in the northern province and cut power to forty thousand homes overnight, the utility company said on its website.")
	shared := func(x, y Signature) int {
		n := 0
		kx, ky := x.BandKeys(), y.BandKeys()
		for i := range kx {
			if kx[i] == ky[i] {
				n++
			}
		}
		return n
	}
	if shared(a, b) == 0 {
		t.Errorf("a republished story shares no band with the original (similarity %.2f)", Similarity(a, b))
	}
	if n := shared(a, c); n != 0 {
		t.Errorf("unrelated stories share %d bands", n)
	}
	// The store keeps signatures as bytes: one read back must land in the same bands.
	if back, ok := FromBytes(a.Bytes()); !ok || back.BandKeys() != a.BandKeys() {
		t.Error("band keys differ for a signature read back from its bytes")
	}
}
