package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
)

func TestScopesKeepChatsApart(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "b.db"))
	a := bot.ChatRef{Platform: "telegram", ChatID: "1"}
	b := bot.ChatRef{Platform: "telegram", ChatID: "2"}
	news, _ := os.ReadFile("../../briefings/testdata/news.txt")
	if _, err := st.AddReport(ctx, bot.Report{Source: "a", Text: sample(t), Scope: a.String()}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddReport(ctx, bot.Report{Source: "shared", Text: news, Scope: bot.SharedScope}); err != nil {
		t.Fatal(err)
	}
	count := func(scope string) int {
		es, total, err := st.Recent(ctx, scope, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if total != len(es) {
			t.Errorf("scope %q: the count says %d, the list has %d", scope, total, len(es))
		}
		return len(es)
	}
	if got := count(a.String()); got != 2 {
		t.Errorf("chat a sees %d, want its own and the shared one", got)
	}
	if got := count(b.String()); got != 1 {
		t.Errorf("chat b sees %d, want only the shared one", got)
	}
	if got := count(bot.SharedScope); got != 1 {
		t.Errorf("the shared scope sees %d, want 1", got)
	}
	un, _ := st.Undelivered(ctx, b, st.now().Add(-1e15))
	if len(un) != 1 {
		t.Errorf("chat b's digest would carry %d briefings, want 1", len(un))
	}
	// The same text from b: stored once, now seen by b as well.
	if _, err := st.AddReport(ctx, bot.Report{Source: "b", Text: sample(t), Scope: b.String()}); !errors.Is(err, bot.ErrDuplicate) {
		t.Fatalf("second add: %v", err)
	}
	if got := count(b.String()); got != 2 {
		t.Errorf("after b added it too, b sees %d, want 2", got)
	}
}

// A database made before scopes keeps every report and feed shared.
func TestMigrationKeepsOldReportsShared(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for v, f := range []string{"migrations/001_init.sql", "migrations/002_feeds_and_near_duplicates.sql"} {
		body, _ := migrations.ReadFile(f)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(err)
		}
		db.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, v+1)
	}
	db.Exec(`INSERT INTO reports (id, hash, source, title, published, added, text) VALUES ('abcd1234', 'h', 'old.txt', 'Old talks', 0, 0, 'Envoy Lina Obradovic said talks resumed in Geneva on Monday, officials said.')`)
	db.Exec(`INSERT INTO feeds (url, platform, chat_id, added) VALUES ('https://news.example/rss', 'telegram', '7', 0)`)
	db.Close()

	st := open(t, path)
	for _, scope := range []string{bot.SharedScope, "discord:99"} {
		if es, _, err := st.Recent(ctx, scope, 0, 1000); err != nil || len(es) != 1 {
			t.Errorf("scope %q sees %d old reports (%v), want 1", scope, len(es), err)
		}
	}
	// Opening indexed the old report: its actor, its sentences and its title.
	if found, _, err := st.WithActor(ctx, bot.SharedScope, "obradovic", 3); err != nil || len(found) != 1 {
		t.Errorf("the old report's actor is not in the index: %v %d", err, len(found))
	}
	if found, err := st.Search(ctx, bot.SharedScope, "where did the talks resume?", 3); err != nil || len(found) != 1 {
		t.Errorf("the old report's sentences are not in the index: %v %d", err, len(found))
	}
	if e, err := st.Pick(ctx, bot.SharedScope, "old talks"); err != nil || e.ID != "abcd1234" {
		t.Errorf("the old report's title is not in the index: %v %s", err, e.ID)
	}
	feeds, _ := st.ScopeFeeds(ctx, "discord:99")
	if len(feeds) != 1 || feeds[0].Scope != bot.SharedScope || feeds[0].Owner.ChatID != "7" {
		t.Errorf("old feed after migration: %+v", feeds)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	st := open(t, path)
	st.db.Exec(`INSERT INTO schema_migrations VALUES (999, 0)`)
	st.Close()
	_, err := Open(context.Background(), path, st.opt, st.now)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("got %v, want ErrSchemaTooNew", err)
	}
}

func TestLeaseElectsOneHolder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	a, b := open(t, path), open(t, path)
	now := a.now()
	const ttl = 15 * time.Second
	steps := []struct {
		st     *Store
		holder string
		at     time.Duration
		force  bool
		want   bool
	}{
		{a, "a", 0, false, true},
		{b, "b", time.Second, false, false},      // held
		{a, "a", 5 * time.Second, false, true},   // renewed
		{b, "b", 19 * time.Second, false, false}, // still within a's renewed lease
		{b, "b", 21 * time.Second, false, true},  // a stopped renewing: b takes over
		{a, "a", 22 * time.Second, false, false}, // a has lost it
		{a, "a", 23 * time.Second, true, true},   // unless it knows b died
	}
	for i, s := range steps {
		got, err := s.st.AcquireLease(ctx, "scheduler", s.holder, now.Add(s.at), ttl, s.force)
		if err != nil || got != s.want {
			t.Fatalf("step %d (%s at %s): got %v %v, want %v", i, s.holder, s.at, got, err, s.want)
		}
	}
	if err := a.ReleaseLease(ctx, "scheduler", "a"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.AcquireLease(ctx, "scheduler", "b", now.Add(24*time.Second), ttl, false); !got {
		t.Error("a released lease was not free")
	}
}

func TestClaimBeforePost(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	stores := []*Store{open(t, path), open(t, path)}
	chat := bot.ChatRef{Platform: "telegram", ChatID: "42"}
	const slot = "2026-05-04T08:00 Europe/Paris"
	var wins atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := stores[i%2].ClaimDelivery(ctx, chat, slot, stores[0].now())
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d claims won, want exactly 1", wins.Load())
	}
	// A failed post gives the slot back; a pending claim left by a dead
	// process is settled so the digest goes once more.
	if err := stores[0].ReleaseDelivery(ctx, chat, slot); err != nil {
		t.Fatal(err)
	}
	if ok, _ := stores[1].ClaimDelivery(ctx, chat, slot, stores[0].now()); !ok {
		t.Fatal("a released slot could not be claimed")
	}
	if n, err := stores[0].ResolvePending(ctx, stores[0].now().Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("resolved %d pending (%v), want 1", n, err)
	}
	if ok, _ := stores[0].ClaimDelivery(ctx, chat, slot, stores[0].now()); !ok {
		t.Fatal("a settled slot could not be claimed again")
	}
	if err := stores[0].RecordDelivery(ctx, chat, slot, nil, stores[0].now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := stores[1].ResolvePending(ctx, stores[0].now().Add(time.Hour)); n != 0 {
		t.Errorf("a sent digest was settled as pending")
	}
	if ok, _ := stores[1].ClaimDelivery(ctx, chat, slot, stores[0].now()); ok {
		t.Error("a sent slot was claimed again")
	}
}

// A database that refuses writes (read-only here, as a full disk would)
// means no claim, so no post.
func TestNoClaimOnAReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	st := open(t, path)
	st.Close()
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	s := &Store{db: ro, read: ro, now: st.now, cache: newCache(cacheBytes)}
	ok, err := s.ClaimDelivery(ctx, bot.ChatRef{Platform: "telegram", ChatID: "1"}, "slot", st.now())
	if ok || err == nil {
		t.Fatalf("claim on a read-only database: %v %v", ok, err)
	}
}
