package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(context.Background(), path, briefings.Options{}, func() time.Time { return time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func sample(t *testing.T) []byte {
	data, err := os.ReadFile("../../samples/paris-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestAddReportStoresOnce(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "b.db"))
	data := sample(t)
	first, err := st.AddReport(ctx, bot.Report{Source: "a.txt", Text: data})
	if err != nil {
		t.Fatal(err)
	}
	crlf := []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
	again, err := st.AddReport(ctx, bot.Report{Source: "b.txt", Text: crlf})
	if !errors.Is(err, bot.ErrDuplicate) || again.ID != first.ID {
		t.Fatalf("the same text twice: got %v, id %s vs %s", err, again.ID, first.ID)
	}
	es, _, err := st.Recent(ctx, bot.SharedScope, 0, 1000)
	if err != nil || len(es) != 1 {
		t.Fatalf("got %d entries (%v), want 1", len(es), err)
	}
	if got := strings.Join(es[0].Sources, ","); got != "a.txt,b.txt" {
		t.Errorf("sources: got %q", got)
	}
	if found, _, err := st.WithActor(ctx, bot.SharedScope, "trump", 3); err != nil || len(found) != 1 || found[0].ID != first.ID {
		t.Errorf("the actor index does not find Trump: %v %+v", err, found)
	}
	if _, err := st.AddReport(ctx, bot.Report{Source: "empty", Text: []byte("   ")}); !errors.Is(err, briefings.ErrEmpty) {
		t.Errorf("empty report: got %v", err)
	}
}

func TestBriefingRedoneForNewAnalyser(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	st := open(t, path)
	e, err := st.AddReport(ctx, bot.Report{Source: "a", Text: sample(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec(`UPDATE briefings SET analyzer = 'old', json = '{}' WHERE report_id = ?`, e.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st2 := open(t, path) // a new process: no cache
	got, err := st2.Pick(ctx, bot.SharedScope, "")
	if err != nil || len(got.Briefing.Positions) == 0 {
		t.Fatalf("briefing not analysed again: %v %+v", err, got)
	}
	var analyzer string
	st2.db.QueryRow(`SELECT analyzer FROM briefings WHERE report_id = ?`, e.ID).Scan(&analyzer)
	if analyzer != briefings.Version {
		t.Errorf("stored analyser %q, want %q", analyzer, briefings.Version)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	open(t, path).Close()
	st := open(t, path)
	var n int
	st.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	files, _ := migrations.ReadDir("migrations")
	if n != len(files) {
		t.Errorf("got %d migration rows, want %d", n, len(files))
	}
	var mode string
	st.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal mode %q, want wal", mode)
	}
}

func TestLedgerIsAtomic(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "b.db"))
	chat := bot.ChatRef{Platform: "telegram", ChatID: "42"}
	e, _ := st.AddReport(ctx, bot.Report{Source: "a", Text: sample(t)})
	if err := st.RecordDelivery(ctx, chat, "2026-05-04T08:00 UTC", []string{e.ID}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordDelivery(ctx, chat, "2026-05-04T08:00 UTC", []string{"other"}, time.Now()); err == nil {
		t.Fatal("the same slot was recorded twice")
	}
	var n int
	st.db.QueryRow(`SELECT COUNT(*) FROM delivered_reports WHERE report_id = 'other'`).Scan(&n)
	if n != 0 {
		t.Errorf("a failed ledger write still marked a briefing delivered")
	}
	done, err := st.Delivered(ctx, chat, "2026-05-04T08:00 UTC")
	if err != nil || !done {
		t.Errorf("Delivered: %v %v", done, err)
	}
	left, err := st.Undelivered(ctx, chat, time.Time{})
	if err != nil || len(left) != 0 {
		t.Errorf("undelivered after delivery: %d %v", len(left), err)
	}
}

func TestSubscriptionsAndMove(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "b.db"))
	old := bot.ChatRef{Platform: "telegram", ChatID: "-1"}
	if err := st.PutSubscription(ctx, bot.Subscription{Chat: old, Spec: "0 8 * * *", TZ: "Europe/Paris", Only: []string{"nato"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordDelivery(ctx, old, "slot", nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.MoveChat(ctx, old, "-1001"); err != nil {
		t.Fatal(err)
	}
	moved := bot.ChatRef{Platform: "telegram", ChatID: "-1001"}
	sub, err := st.Subscription(ctx, moved)
	if err != nil || sub.Spec != "0 8 * * *" || sub.Only[0] != "nato" || !sub.Active {
		t.Fatalf("moved subscription: %+v %v", sub, err)
	}
	if done, _ := st.Delivered(ctx, moved, "slot"); !done {
		t.Errorf("the ledger did not follow the chat")
	}
	if err := st.Deactivate(ctx, moved, "bot was kicked"); err != nil {
		t.Fatal(err)
	}
	active, _ := st.ActiveSubscriptions(ctx)
	if len(active) != 0 {
		t.Errorf("deactivated subscription still active")
	}
	if err := st.DeleteSubscription(ctx, old); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("deleting a missing subscription: got %v", err)
	}
}

// Copies of one story arriving at once (a folder ingested on every core)
// are stored once: the check and the insert are one step.
func TestConcurrentCopiesStoredOnce(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "c.db"))
	story := "Foreign Minister Ada Brenn of Norway met her Chilean counterpart in Oslo on Monday to discuss fishing rights. Brenn wants a deal before the summer, officials said. \"We are close,\" Brenn told reporters after the talks, which lasted an hour. The Chilean side asked for a joint survey of the southern fishing grounds and for quotas to be reviewed every two years. Both delegations will meet again in Santiago next month to draft the text, a spokesman for the Norwegian ministry said."
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := story
			if i%2 == 1 {
				text += " Reporting by a partner agency."
			}
			if _, err := st.AddReport(ctx, bot.Report{Source: fmt.Sprintf("copy-%d", i), Text: []byte(text)}); err != nil && !errors.Is(err, bot.ErrDuplicate) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, total, err := st.Recent(ctx, bot.SharedScope, 0, 10); err != nil || total != 1 {
		t.Errorf("%d reports stored of one story (%v)", total, err)
	}
}

// Two reports whose hashes share their first eight hex digits (about one
// pair in a library of 77,000) are both stored, the second under a longer id.
func TestShortIDCollision(t *testing.T) {
	text := func(i int) []byte {
		return []byte(fmt.Sprintf("Envoy Ada Brenn met delegation %d in Oslo on Monday to discuss fishing rights, officials said.", i))
	}
	seen := map[string]int{}
	a, b := -1, -1
	for i := 0; a < 0; i++ {
		id := bot.ShortID(text(i))
		if j, ok := seen[id]; ok {
			a, b = j, i
		}
		seen[id] = i
	}
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "ids.db"))
	first, err := st.AddReport(ctx, bot.Report{Source: "a", Text: text(a)})
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.AddReport(ctx, bot.Report{Source: "b", Text: text(b)})
	if err != nil {
		t.Fatalf("the second of two colliding ids: %v", err)
	}
	if len(second.ID) <= len(first.ID) || !strings.HasPrefix(second.ID, first.ID) {
		t.Errorf("ids %s and %s", first.ID, second.ID)
	}
	for _, c := range []struct{ typed, want string }{{first.ID, first.ID}, {second.ID, second.ID}} {
		if e, err := st.Pick(ctx, bot.SharedScope, c.typed); err != nil || e.ID != c.want {
			t.Errorf("/brief %s: got %s (%v), want %s", c.typed, e.ID, err, c.want)
		}
	}
}
