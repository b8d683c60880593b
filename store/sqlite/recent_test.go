package sqlite

import (
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/dedupe"
)

func pendingOf(text, url string) *pending {
	p := &pending{r: bot.Report{Text: []byte(text), URL: url}, hash: bot.ContentHash([]byte(text))}
	p.sig, p.signed = dedupe.Sign(text)
	p.e.ID = p.hash[:8]
	return p
}

const story = "The two ministers met in the capital on Tuesday and agreed to reopen the border crossing for trucks carrying grain, officials from both sides said after the talks ended late in the evening. " +
	"Customs teams will return to the crossing next week, and the first convoys are expected before the end of the month, according to a statement from the transport ministry. " +
	"Farmers on both sides of the border had pressed for months for the route to open before the harvest."

func TestRecentSince(t *testing.T) {
	var r recent
	r.add([]recentReport{reportOf(pendingOf("one report about a meeting of envoys in a far city", ""))})
	seen := r.mark()
	if later, ok := r.since(seen); !ok || len(later) != 0 {
		t.Fatalf("nothing stored since the mark: got %d, %v", len(later), ok)
	}
	r.add([]recentReport{reportOf(pendingOf(story, "https://example.org/a"))})
	later, ok := r.since(seen)
	if !ok || len(later) != 1 {
		t.Fatalf("one stored since the mark: got %d, %v", len(later), ok)
	}
	for i := range recentMax {
		r.add([]recentReport{{id: fmt.Sprint(i)}})
	}
	if _, ok := r.since(seen); ok {
		t.Error("the ring no longer holds what was stored after the mark, and says so")
	}
	if later, ok := r.since(r.mark() - 10); !ok || len(later) != 10 {
		t.Errorf("the last ten: got %d, %v", len(later), ok)
	}
}

func TestDuplicateAmong(t *testing.T) {
	stored := []recentReport{reportOf(pendingOf(story, "https://example.org/a"))}
	for _, c := range []struct {
		name string
		p    *pending
		dup  bool
	}{
		{"same text", pendingOf(story, ""), true},
		{"same URL", pendingOf("A different text about the same meeting, written again from the start.", "https://example.org/a"), true},
		{"near copy", pendingOf(story+" Reporting by a partner agency.", ""), true},
		{"another story", pendingOf("A storm closed every school in the northern province and cut power to forty thousand homes overnight, the utility company said on its website.", ""), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := duplicateAmong(c.p, stored) != ""; got != c.dup {
				t.Errorf("duplicate: got %v, want %v", got, c.dup)
			}
		})
	}
}
