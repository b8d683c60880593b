package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/internal/faketg"
	"github.com/briefbot/briefbot/internal/pgtest"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/postgres"
	"github.com/briefbot/briefbot/store/sqlite"
)

// openStore opens the world's database as briefbot would: PostgreSQL for a
// postgres:// URL, else SQLite.
func openStore(t *testing.T, where string) store.Store {
	t.Helper()
	var st store.Store
	var err error
	if postgres.IsURL(where) {
		st, err = postgres.Open(context.Background(), where, briefings.Analyzer{}, nil)
	} else {
		st, err = sqlite.Open(context.Background(), where, briefings.Analyzer{}, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// startReplica starts `briefbot serve` under a replica name.
func (w *world) startReplica(name string) *proc {
	base := w.env
	w.env = append(slices.Clone(base), "BRIEFBOT_REPLICA="+name)
	defer func() { w.env = base }()
	return w.start()
}

var schedulerRe = regexp.MustCompile(`scheduler: ([^:\n]+):`)

// scheduler asks a replica's /healthz which replica runs the scheduler.
func (p *proc) scheduler() string {
	resp, err := http.Get("http://" + p.addr + "/healthz")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := schedulerRe.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}

// Three replicas on one PostgreSQL database serve commands through any of
// them; one is elected to send digests; SIGKILL it in the middle of the
// fan-out, and another takes over: no digest lost, at most the one in
// flight repeated, never more than Telegram's 30 sends a second.
func TestReplicasOnePostgres(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.db = pgtest.NewDatabase(t)
	for i, kv := range w.env {
		if strings.HasPrefix(kv, "BRIEFBOT_DB=") {
			w.env[i] = "BRIEFBOT_DB=" + w.db
		}
	}
	spec, at := nextMinute()
	chats := subscribeChats(t, w, 1000, spec)
	names := []string{"r1", "r2", "r3"}
	replicas := map[string]*proc{}
	for _, n := range names {
		replicas[n] = w.startReplica(n)
	}

	// Commands through one replica, then through all three in turn.
	// Each call from a user and channel of its own: command budgets are
	// per user and per process.
	positions := func(from int, via func(i int) *proc) func(i int) bool {
		return func(i int) bool {
			i += from
			code, resp := w.discordAt(via(i), fakediscord.CommandFrom(fmt.Sprintf("rep%d", i), "g1", fmt.Sprintf("chan%d", i), fmt.Sprintf("user%d", i), "positions", map[string]any{"actor": "trump"}), time.Now())
			return code == 200 && strings.Contains(embedText(resp), "Positions of Donald Trump")
		}
	}
	const n = 600
	one := load(t, n, positions(0, func(int) *proc { return replicas["r1"] }))
	three := load(t, n, positions(n, func(i int) *proc { return replicas[names[i%3]] }))
	t.Logf("load: %d concurrent /positions on the Discord endpoint: one replica %.0f/s (p50 %s, p99 %s); three replicas %.0f/s (p50 %s, p99 %s)",
		n, rate(one), pct(one, 50), pct(one, 99), rate(three), pct(three, 50), pct(three, 99))
	// The Telegram webhook: updates in through one replica, then all three;
	// the figure is updates answered a second, until the last reply is sent.
	// Telegram allows a bot 30 messages a second, and the replicas share that.
	const tgLoad = 150
	for _, via := range []struct {
		name  string
		procs []*proc
	}{{"one replica", []*proc{replicas["r1"]}}, {"three replicas", []*proc{replicas["r1"], replicas["r2"], replicas["r3"]}}} {
		start := time.Now()
		base := len(via.procs) * 10000 // chats of their own, for their own budgets
		load(t, tgLoad, func(i int) bool {
			return w.telegramAt(via.procs[i%len(via.procs)], "e2e-secret", faketg.Update(base+i, int64(base+i), "private", int64(base+i), "/positions trump")) == 200
		})
		waitForTelegram(t, w.tg, tgLoad, 60*time.Second, nil)
		t.Logf("load: %d concurrent /positions on the Telegram webhook, %s: %.0f answered/s", tgLoad, via.name, float64(tgLoad)/time.Since(start).Seconds())
	}

	leader := electedReplica(t, replicas)
	t.Logf("%s runs the scheduler; waiting for the fan-out at %s", leader, at.Format("15:04:05"))
	subscribed := map[string]bool{}
	for _, c := range chats {
		subscribed[c] = true
	}
	digests := func() map[string]int {
		got := map[string]int{}
		for _, c := range w.tg.Delivered() {
			if id := c.Form.Get("chat_id"); subscribed[id] {
				got[id]++
			}
		}
		return got
	}
	waitForTelegram(t, w.tg, 300, time.Until(at)+60*time.Second, func(c faketg.Call) bool { return subscribed[c.Form.Get("chat_id")] })
	replicas[leader].kill()
	killed := time.Now()
	before := len(digests())
	delete(replicas, leader)
	next := electedReplica(t, replicas)
	takeover := time.Since(killed)
	if takeover > 15*time.Second {
		t.Errorf("takeover took %s, want at most 15 s", takeover.Round(time.Millisecond))
	}

	deadline := time.After(3 * time.Minute)
	for {
		got := digests()
		if len(got) >= len(chats) {
			checkFanOut(t, w, chats, got)
			t.Logf("SIGKILL of %s after %d of %d digests; %s took over in %s; every chat has its digest",
				leader, before, len(chats), next, takeover.Round(time.Millisecond))
			break
		}
		select {
		case <-w.tg.Messages:
		case <-deadline:
			t.Fatalf("after the takeover only %d of %d chats have their digest", len(got), len(chats))
		}
	}
	won := 0
	for _, p := range replicas {
		won += strings.Count(p.logs(), "lease won")
	}
	if won != 1 {
		t.Errorf("%d surviving replicas won the lease, want 1", won)
	}
}

// electedReplica waits until the replicas agree that one of them runs the
// scheduler, and names it.
func electedReplica(t *testing.T, replicas map[string]*proc) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range replicas {
			if name := p.scheduler(); replicas[name] != nil {
				return name
			}
		}
		time.Sleep(100 * time.Millisecond) // polling a real process from outside
	}
	t.Fatal("no replica took the scheduler lease")
	return ""
}

// checkFanOut: every chat has its digest, at most one repeated, and no more
// than 30 sends in any second across the replicas.
func checkFanOut(t *testing.T, w *world, chats []string, got map[string]int) {
	t.Helper()
	repeated := 0
	for _, c := range chats {
		switch {
		case got[c] == 0:
			t.Errorf("chat %s lost its digest", c)
		case got[c] > 1:
			repeated += got[c] - 1
		}
	}
	if repeated > 1 {
		t.Errorf("%d digests repeated, want at most 1 (the one in flight)", repeated)
	}
	all := w.tg.Sent("sendMessage")
	if m := maxInWindow(all, time.Second); m > 30 {
		t.Errorf("%d sends within a second across the replicas (limit 30)", m)
	}
	t.Logf("%d repeated, 0 lost, at most %d sends in any second", repeated, maxInWindow(all, time.Second))
}
