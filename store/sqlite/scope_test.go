package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/store"
)

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
	_, err := Open(context.Background(), path, st.an, st.now)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("got %v, want ErrSchemaTooNew", err)
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
	s := &Store{db: ro, read: ro, now: st.now, cache: store.NewCache(cacheBytes)}
	ok, err := s.ClaimDelivery(ctx, bot.ChatRef{Platform: "telegram", ChatID: "1"}, "slot", st.now())
	if ok || err == nil {
		t.Fatalf("claim on a read-only database: %v %v", ok, err)
	}
}
