package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	return openWith(t, path, func() time.Time { return time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC) })
}

func openWith(t *testing.T, path string, now func() time.Time) *Store {
	t.Helper()
	st, err := Open(context.Background(), path, briefings.Analyzer{}, now)
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
