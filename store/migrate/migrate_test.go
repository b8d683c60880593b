package migrate

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/pgtest"
	"github.com/briefbot/briefbot/samples"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/postgres"
	"github.com/briefbot/briefbot/store/sqlite"
)

var now = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

// fill writes one of everything a deployment keeps into a SQLite file.
func fill(t *testing.T, path string) (paris, talks bot.Entry) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, briefings.Analyzer{}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	chat := bot.ChatRef{Platform: "telegram", ChatID: "-1001"}
	if paris, err = st.AddReport(ctx, bot.Report{Source: "paris.txt", Text: samples.Paris2024, Published: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.AddReport(ctx, bot.Report{Source: "again.txt", Text: samples.Paris2024, Scope: chat.String()})
	talks, err = st.AddReport(ctx, bot.Report{Source: "talks.txt", URL: "https://news.example/talks", Scope: chat.String(),
		Text: []byte("Envoy Mara Quist of Norland met Trade Minister Ilse Varga in Brenburg on Monday. Quist wants grain tariffs cut before winter, officials said.")})
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		st.PutSubscription(ctx, bot.Subscription{Chat: chat, Spec: "0 8 * * *", TZ: "Europe/Paris", Only: []string{"grain"}, Daily: true}),
		st.RecordDelivery(ctx, chat, "2026-05-04T08:00 Europe/Paris", []string{paris.ID}, now),
		st.PutFeed(ctx, store.Feed{URL: "https://news.example/rss", Scope: chat.String(), Owner: chat}),
	}
	_, err = st.FeedFailed(ctx, store.Feed{URL: "https://news.example/rss", Scope: chat.String()}, "404", now.Add(time.Hour), true)
	if err = errors.Join(append(steps, err)...); err != nil {
		t.Fatal(err)
	}
	return paris, talks
}

func TestSQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	to := pgtest.NewDatabase(t)
	from := filepath.Join(t.TempDir(), "briefbot.db")
	paris, talks := fill(t, from)
	copied, err := SQLiteToPostgres(ctx, briefings.Analyzer{}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := Copied{"reports": 2, "report_sources": 3, "report_scopes": 3, "briefings": 2, "seen_urls": 0, "subscriptions": 1,
		"deliveries": 1, "delivered_reports": 1, "feeds": 1}
	if copied.String() != want.String() {
		t.Errorf("copied %s\nwant   %s", copied, want)
	}
	check(t, to, paris, talks)

	again, err := SQLiteToPostgres(ctx, briefings.Analyzer{}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != (Copied{}).String() {
		t.Errorf("a second run copied %s, want nothing", again)
	}
	check(t, to, paris, talks)
}

// check reads the copy through the PostgreSQL store, as replicas would.
func check(t *testing.T, to string, paris, talks bot.Entry) {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, to, briefings.Analyzer{}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	chat := bot.ChatRef{Platform: "telegram", ChatID: "-1001"}
	if es, total, err := st.Recent(ctx, chat.String(), 0, 10); err != nil || total != 2 || len(es) != 2 {
		t.Errorf("the chat sees %d of %d (%v), want 2", len(es), total, err)
	}
	if _, total, _ := st.Recent(ctx, bot.SharedScope, 0, 10); total != 1 {
		t.Errorf("the shared scope sees %d, want 1", total)
	}
	if e, err := st.Entry(ctx, paris.ID); err != nil || strings.Join(e.Sources, ",") != "paris.txt,again.txt" || !e.Published.Equal(paris.Published) {
		t.Errorf("the sample: %+v %v", e, err)
	}
	if found, _, err := st.WithActor(ctx, chat.String(), "quist", 3); err != nil || len(found) != 1 || found[0].ID != talks.ID {
		t.Errorf("the actor index after the copy: %v %+v", err, found)
	}
	if found, err := st.Search(ctx, bot.SharedScope, "What did Zelenskiy want from Trump?", 3); err != nil || len(found) == 0 || found[0].ID != paris.ID {
		t.Errorf("search after the copy: %v %+v", err, found)
	}
	if ok, _ := st.ShareURL(ctx, "https://news.example/talks", "discord:5"); !ok {
		t.Errorf("the copied report's URL is not known")
	}
	if sub, err := st.Subscription(ctx, chat); err != nil || !sub.Daily || !sub.Active || sub.TZ != "Europe/Paris" || len(sub.Only) != 1 {
		t.Errorf("subscription: %+v %v", sub, err)
	}
	if done, _ := st.Delivered(ctx, chat, "2026-05-04T08:00 Europe/Paris"); !done {
		t.Errorf("the ledger was not copied")
	}
	if left, _ := st.Undelivered(ctx, chat, time.Time{}); len(left) != 1 || left[0].ID != talks.ID {
		t.Errorf("undelivered after the copy: %+v", left)
	}
	if fs, _ := st.ScopeFeeds(ctx, chat.String()); len(fs) != 1 || !fs[0].Disabled || fs[0].Failures != 1 || fs[0].Owner != chat {
		t.Errorf("feeds: %+v", fs)
	}
}

func TestMissingSource(t *testing.T) {
	_, err := SQLiteToPostgres(context.Background(), briefings.Analyzer{}, filepath.Join(t.TempDir(), "none.db"), "postgres://nobody@127.0.0.1:1/none")
	if !errors.Is(err, ErrNoSource) {
		t.Errorf("got %v, want ErrNoSource", err)
	}
}
