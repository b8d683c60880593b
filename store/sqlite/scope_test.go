package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

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
		es, err := st.List(ctx, scope)
		if err != nil {
			t.Fatal(err)
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
	db.Exec(`INSERT INTO reports (id, hash, source, title, published, added, text) VALUES ('abcd1234', 'h', 'old.txt', 'Old', 0, 0, 'Talks resumed in Geneva on Monday, officials said.')`)
	db.Exec(`INSERT INTO feeds (url, platform, chat_id, added) VALUES ('https://news.example/rss', 'telegram', '7', 0)`)
	db.Close()

	st := open(t, path)
	for _, scope := range []string{bot.SharedScope, "discord:99"} {
		if es, err := st.List(ctx, scope); err != nil || len(es) != 1 {
			t.Errorf("scope %q sees %d old reports (%v), want 1", scope, len(es), err)
		}
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
