package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

// countingPoster records what it was asked to post.
type countingPoster struct {
	mu    sync.Mutex
	posts int
}

func (p *countingPoster) Post(ctx context.Context, chatID string, r bot.Reply) error {
	p.mu.Lock()
	p.posts++
	p.mu.Unlock()
	return nil
}

// A database that cannot grow (SQLite's max_page_count, as a full disk
// does) means the claim is not written: no digest is posted, none repeats
// slot after slot, and the health check says why.
func TestFullDatabaseMeansNoDigestAndUnhealthy(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 8, 0, 30, 0, time.UTC))
	st, err := Open(ctx, filepath.Join(t.TempDir(), "full.db"), briefings.Analyzer{}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddReport(ctx, bot.Report{Source: "a", Text: sample(t)}); err != nil {
		t.Fatal(err)
	}
	chat := bot.ChatRef{Platform: "test", ChatID: "1"}
	if err := st.PutSubscription(ctx, bot.Subscription{Chat: chat, Spec: "0 8 * * *", TZ: "UTC", Daily: true}); err != nil {
		t.Fatal(err)
	}
	sub, _ := st.Subscription(ctx, chat)
	sub.Created = clock.Now().Add(-time.Hour)
	poster := &countingPoster{}
	courier := bot.NewCourier(st, clock, nil)
	courier.Register("test", poster, bot.Pacing{})
	health := &bot.Health{}
	d, err := bot.NewDigests(bot.DigestConfig{Catchup: time.Hour, Health: health}, st, courier, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	st.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := st.db.Exec(`PRAGMA max_page_count = ` + itoa(pages)); err != nil {
		t.Fatal(err)
	}
	// Fill what is left of the ledger's pages, so one more row needs a new one.
	for i := 0; i < 100000; i++ {
		if _, err := st.db.Exec(`INSERT INTO deliveries (platform, chat_id, slot, sent, reports) VALUES ('other', ?, 'filler-slot-filler-slot', 0, 0)`, itoa(i)); err != nil {
			break
		}
	}
	for i := 0; i < 3; i++ {
		if err := d.RunDue(ctx, sub); err == nil {
			t.Fatalf("run %d: a digest went ahead on a full database", i)
		}
	}
	if poster.posts != 0 {
		t.Errorf("%d digests posted without a claim", poster.posts)
	}
	if health.Err() == nil {
		t.Error("the health check does not report the full database")
	}
	// Room again: the digest goes once, and health recovers.
	st.db.Exec(`PRAGMA max_page_count = 1000000`)
	if err := d.RunDue(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if err := d.RunDue(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if poster.posts != 1 || health.Err() != nil {
		t.Errorf("after the disk has room: %d posts (want 1), health %v", poster.posts, health.Err())
	}
}

func itoa(n int) string { return fmt.Sprint(n) }
