package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/pgtest"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/storetest"
)

func openAt(t *testing.T, where string, now func() time.Time) *Store {
	t.Helper()
	st, err := Open(context.Background(), where, briefings.Analyzer{}, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New:  func(t *testing.T) string { return pgtest.NewDatabase(t) },
		Open: func(t *testing.T, where string, now func() time.Time) store.Store { return openAt(t, where, now) },
	})
}

// A chat's budget holds across replicas: two routers on one database give
// the chat one bucket between them.
func TestBudgetsSharedByReplicas(t *testing.T) {
	where := pgtest.NewDatabase(t)
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	var routers []*bot.Router
	for range 2 {
		st := openAt(t, where, clock.Now)
		routers = append(routers, bot.NewRouter(st, bot.WithBudgets(bot.Budgets{UserBurst: 100, ChatBurst: 6, ChatRefill: time.Second}),
			bot.WithSharedBudgets(st), bot.WithClock(clock)))
	}
	ctx := context.Background()
	answered := 0
	for i := range 10 { // different users of one chat, through either replica
		req := bot.Request{Platform: "telegram", ChatID: "-42", UserID: fmt.Sprint(i), Command: "help"}
		if r := routers[i%2].Handle(ctx, req); r.Title != "Slow down" {
			answered++
		}
	}
	if answered != 6 {
		t.Errorf("%d of 10 commands answered across two replicas, want the chat's burst of 6", answered)
	}
	clock.Advance(2 * time.Second)
	req := bot.Request{Platform: "telegram", ChatID: "-42", UserID: "1", Command: "help"}
	for i, want := range []bool{true, true, false} { // two tokens back after two seconds
		if got := routers[i%2].Handle(ctx, req).Title != "Slow down"; got != want {
			t.Errorf("command %d after 2 s: answered %v, want %v", i, got, want)
		}
	}
	other := bot.Request{Platform: "telegram", ChatID: "-43", UserID: "1", Command: "help"}
	if routers[0].Handle(ctx, other).Title == "Slow down" {
		t.Error("another chat was slowed down")
	}
}
