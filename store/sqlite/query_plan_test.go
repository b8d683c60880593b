package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/bot"
)

// TestCommandPathUsesIndexes runs every library command through the router,
// then asks SQLite how it runs each query the readers prepared on the way:
// none may scan a table, so no command grows with the library.
func TestCommandPathUsesIndexes(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir()+"/plan.db")
	for _, f := range []string{"../../samples/paris-2024.txt", "../../briefings/testdata/news.txt"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddReport(ctx, bot.Report{Source: f, Text: data}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := st.Pick(ctx, bot.SharedScope, "")
	if err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(st, bot.WithAnswerer(answer.Finder{}))
	for _, c := range []struct{ cmd, args string }{
		{"briefings", ""}, {"briefings", "2"}, {"brief", ""}, {"brief", first.ID}, {"brief", "paris talks"},
		{"keypoints", ""}, {"actors", first.ID[:6]}, {"sources", ""}, {"positions", "trump"},
		{"positions", "president trump " + first.ID}, {"positions", "zelensky"}, {"positions", "nobody at all"},
		{"quotes", ""}, {"quotes", "macron"}, {"ask", "how long did the meeting last?"},
	} {
		req := bot.Request{Platform: "test", ChatID: "1", Command: c.cmd, Args: c.args}
		if reply := r.Handle(ctx, req); reply.Error && c.args != "nobody at all" && c.args != "2" {
			t.Fatalf("/%s %s: %s", c.cmd, c.args, bot.RenderText(reply))
		}
	}
	if _, err := st.ActorNames(ctx, "test:1", "tru", 25); err != nil {
		t.Fatal(err)
	}
	if _, err := st.findNearDuplicate(ctx, nil, [128]uint32{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undelivered(ctx, bot.ChatRef{Platform: "test", ChatID: "1"}, first.Added.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.findDuplicate(ctx, nil, "hash", "https://example.org/a"); err != nil {
		t.Fatal(err)
	}
	n := 0
	st.stmts.Range(func(k, _ any) bool {
		q, ok := strings.CutPrefix(k.(string), "r:")
		if !ok {
			return true
		}
		n++
		for _, step := range fullScans(plan(t, st.read, q)) {
			t.Errorf("a full scan (%s) in:\n%s", step, q)
		}
		return true
	})
	if n < 8 {
		t.Errorf("only %d reader queries seen; the test no longer covers the command path", n)
	}
}

// plan returns SQLite's query plan, one step per line.
func plan(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	args := make([]any, strings.Count(q, "?"))
	if strings.Contains(q, "?1") {
		args = args[:highestNumbered(q)]
	}
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}

func highestNumbered(q string) int {
	n := 0
	for i := 1; i < 10; i++ {
		if strings.Contains(q, fmt.Sprintf("?%d", i)) {
			n = i
		}
	}
	return n
}

// fullScans are the steps that read a whole table: "SCAN r" with no index.
// Walking an index in order under a LIMIT ("SCAN r USING INDEX
// reports_dated"), an FTS index, or a bounded subquery's rows
// ("CO-ROUTINE f" then "SCAN f") is not.
func fullScans(steps []string) []string {
	subqueries := map[string]bool{}
	for _, s := range steps {
		for _, p := range []string{"CO-ROUTINE ", "MATERIALIZE "} {
			if name, ok := strings.CutPrefix(s, p); ok {
				subqueries[strings.Fields(name)[0]] = true
			}
		}
	}
	var out []string
	for _, s := range steps {
		rest, ok := strings.CutPrefix(s, "SCAN ")
		if !ok || strings.Contains(s, "USING") || strings.Contains(s, "VIRTUAL TABLE") || strings.Contains(s, "CONSTANT ROW") {
			continue
		}
		if !subqueries[strings.Fields(rest)[0]] {
			out = append(out, s)
		}
	}
	return out
}
