package synth

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

func TestReportsAreDistinctAndRich(t *testing.T) {
	lib := bot.NewMemory(briefings.Analyzer{}, nil)
	ctx := context.Background()
	for i := range 50 {
		e, err := lib.Add(ctx, fmt.Sprintf("synth-%d", i), Report(i), time.Time{})
		if err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		if len(e.Briefing.Actors) < 3 || len(e.Briefing.Sentences) < 5 || len(e.Briefing.Positions) == 0 {
			t.Fatalf("report %d is thin: %d actors, %d sentences, %d positions", i, len(e.Briefing.Actors), len(e.Briefing.Sentences), len(e.Briefing.Positions))
		}
	}
	if _, total, _ := lib.Recent(ctx, bot.SharedScope, 0, 1); total != 50 {
		t.Errorf("%d distinct briefings of 50", total)
	}
	if found, more, _ := lib.WithActor(ctx, bot.SharedScope, "Calloway", 100); len(found) != 13 || more {
		t.Errorf("the recurring envoy is in %d briefings of 50 (more: %v), want 13", len(found), more)
	}
	if !bytes.Equal(Report(7), Report(7)) {
		t.Error("the same index gives two texts")
	}
}
