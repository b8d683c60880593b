package bot_test

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
	"github.com/briefbot/briefbot/store/sqlite"
)

// fakePoster records what it was asked to post, at the clock's time, and
// answers with the errors it was given for a chat, one per call.
type fakePoster struct {
	mu     sync.Mutex
	clock  bot.Clock
	posts  []post
	script map[string][]error
}

type post struct {
	chat string
	at   time.Time
	text string
}

func (p *fakePoster) Post(ctx context.Context, chat string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if errs := p.script[chat]; len(errs) > 0 {
		p.script[chat] = errs[1:]
		if errs[0] != nil {
			return errs[0]
		}
	}
	p.posts = append(p.posts, post{chat: chat, at: p.clock.Now(), text: bot.RenderText(r)})
	return nil
}

func (p *fakePoster) count(chat string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, x := range p.posts {
		if x.chat == chat {
			n++
		}
	}
	return n
}

type rig struct {
	path    string
	clock   *bot.ManualClock
	store   *sqlite.Store
	poster  *fakePoster
	digests *bot.Digests
	router  *bot.Router
}

func newRig(t testing.TB, path string, clock *bot.ManualClock, poster *fakePoster) *rig {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, briefings.Analyzer{}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if poster == nil {
		poster = &fakePoster{clock: clock, script: map[string][]error{}}
	}
	courier := bot.NewCourier(st, clock, nil)
	courier.Register("test", poster, bot.Pacing{})
	d, err := bot.NewDigests(bot.DigestConfig{DefaultTime: "08:00", DefaultTZ: "UTC", Catchup: 6 * time.Hour}, st, courier, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{path: path, clock: clock, store: st, poster: poster, digests: d, router: bot.NewRouter(st, bot.WithSubscriptions(d))}
}

func (r *rig) addReport(t testing.TB, name string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.AddReport(context.Background(), bot.Report{Source: name, Text: data}); err != nil && !errors.Is(err, bot.ErrDuplicate) {
		t.Fatal(err)
	}
}

func (r *rig) subscribe(t testing.TB, chat, args string) bot.Reply {
	t.Helper()
	return r.router.Handle(context.Background(), bot.Request{Platform: "test", ChatID: chat, IsAdmin: true, Command: "subscribe", Args: args})
}

// runDue runs every active subscription's due digest, as the cron entries would.
func (r *rig) runDue(t testing.TB) {
	t.Helper()
	subs, err := r.store.ActiveSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if err := r.digests.RunDue(context.Background(), s); err != nil {
			t.Fatalf("RunDue %s: %v", s.Chat, err)
		}
	}
}

func TestDigestExactlyOnceAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(t, path, clock, nil)
	r.addReport(t, "../samples/paris-2024.txt")
	if reply := r.subscribe(t, "c1", "08:00 UTC"); reply.Error {
		t.Fatalf("subscribe: %s", bot.RenderText(reply))
	}
	r.runDue(t) // 07:00: yesterday's 08:00 predates the subscription
	if n := r.poster.count("c1"); n != 0 {
		t.Fatalf("before the time: got %d digests, want 0", n)
	}
	clock.Set(time.Date(2026, 5, 4, 8, 0, 30, 0, time.UTC))
	r.runDue(t)
	r.runDue(t)
	if n := r.poster.count("c1"); n != 1 {
		t.Fatalf("at the time, run twice: got %d digests, want 1", n)
	}
	if !strings.Contains(r.poster.posts[0].text, "Zelenskiy presses Trump") {
		t.Errorf("digest lacks the briefing:\n%s", r.poster.posts[0].text)
	}
	// A new process on the same file sends nothing again.
	r.store.Close()
	r2 := newRig(t, path, clock, r.poster)
	r2.runDue(t)
	if n := r.poster.count("c1"); n != 1 {
		t.Fatalf("after restart: got %d digests, want 1", n)
	}
	// The next day, nothing new: nothing sent, but the slot is recorded.
	clock.Set(time.Date(2026, 5, 5, 8, 1, 0, 0, time.UTC))
	r2.runDue(t)
	if n := r.poster.count("c1"); n != 1 {
		t.Fatalf("a day with nothing new: got %d digests, want 1", n)
	}
}

func TestDigestCatchUpAfterDowntime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(t, path, clock, nil)
	r.addReport(t, "../samples/paris-2024.txt")
	r.subscribe(t, "late", "08:00 UTC")
	r.subscribe(t, "tooLate", "01:00 UTC daily")
	r.store.Close()
	// Down from 07:00 to 10:00: the 08:00 digest is 2h late, within 6h.
	clock.Set(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
	r2 := newRig(t, path, clock, r.poster)
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel(); r2.digests.Wait() }()
	if err := r2.digests.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r2.digests.CatchUp(ctx); err != nil { // and the one Start runs, at the same time
		t.Fatal(err)
	}
	if n := r.poster.count("late"); n != 1 {
		t.Errorf("missed digest within the window: got %d, want 1", n)
	}
	if n := r.poster.count("tooLate"); n != 0 {
		t.Errorf("a slot from before the subscription was sent: got %d", n)
	}
	if r2.digests.Scheduled() != 2 {
		t.Errorf("scheduled %d subscriptions, want 2", r2.digests.Scheduled())
	}
}

func TestDigestOutsideCatchUpIsSkipped(t *testing.T) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(t, filepath.Join(t.TempDir(), "b.db"), clock, nil)
	r.addReport(t, "../samples/paris-2024.txt")
	r.subscribe(t, "c", "08:00 UTC")
	clock.Set(time.Date(2026, 5, 4, 15, 0, 0, 0, time.UTC)) // 7h late
	r.runDue(t)
	if n := r.poster.count("c"); n != 0 {
		t.Errorf("got %d digests 7h late, want 0", n)
	}
}

func TestDigestDaylightSaving(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		name       string
		spec       string
		from, to   time.Time
		want       int
		wantFirstH int // local hour of the first digest
	}{
		{"spring, skipped hour", "02:30 Europe/Paris", time.Date(2026, 3, 28, 12, 0, 0, 0, paris), time.Date(2026, 3, 30, 12, 0, 0, 0, paris), 2, 3},
		{"autumn, repeated hour", "02:30 Europe/Paris", time.Date(2026, 10, 24, 12, 0, 0, 0, paris), time.Date(2026, 10, 26, 12, 0, 0, 0, paris), 2, 2},
		{"autumn, ordinary hour", "08:00 Europe/Paris", time.Date(2026, 10, 24, 12, 0, 0, 0, paris), time.Date(2026, 10, 26, 12, 0, 0, 0, paris), 2, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := bot.NewManualClock(tt.from)
			r := newRig(t, filepath.Join(t.TempDir(), "b.db"), clock, nil)
			r.subscribe(t, "c", tt.spec+" daily")
			for now := tt.from; now.Before(tt.to); now = now.Add(10 * time.Minute) {
				clock.Set(now)
				r.runDue(t)
			}
			if n := r.poster.count("c"); n != tt.want {
				t.Fatalf("got %d digests, want %d", n, tt.want)
			}
			if h := r.poster.posts[0].at.In(paris).Hour(); h != tt.wantFirstH {
				t.Errorf("first digest at %s, want hour %d", r.poster.posts[0].at.In(paris), tt.wantFirstH)
			}
		})
	}
}

func TestSubscribeValidates(t *testing.T) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(t, filepath.Join(t.TempDir(), "b.db"), clock, nil)
	tests := []struct{ args, want string }{
		{"25:00", "not a time"},
		{"08:00 Mars/Olympus", "not a time zone"},
		{`cron "61 * * * *" UTC`, "not a cron expression"},
		{`cron "0 8 * *" UTC`, "five fields"},
		{`cron "CRON_TZ= 0 8 * * *"`, "time zone"},
		{`cron 0 8 * * *`, "quotes"},
		{"tomorrow", "neither a time"},
		{"08:00 Local", "neither a time"},
		{"08:00 Europe/Nowhere", "not a time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			reply := r.subscribe(t, "c", tt.args)
			if !reply.Error || !strings.Contains(bot.RenderText(reply), tt.want) {
				t.Errorf("got %q, want an error with %q", bot.RenderText(reply), tt.want)
			}
			if _, err := r.store.Subscription(context.Background(), bot.ChatRef{Platform: "test", ChatID: "c"}); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("a bad subscription was stored: %v", err)
			}
		})
	}
	good := r.subscribe(t, "c", `cron "0 8 * * 1-5" Europe/Kyiv only:ukraine,nato skip:sports`)
	if good.Error || !strings.Contains(bot.RenderText(good), "Europe/Kyiv") {
		t.Fatalf("got %q", bot.RenderText(good))
	}
	again := r.subscribe(t, "c", "07:15 Asia/Tokyo")
	sub, err := r.store.Subscription(context.Background(), bot.ChatRef{Platform: "test", ChatID: "c"})
	if again.Error || err != nil || sub.Spec != "15 7 * * *" || sub.TZ != "Asia/Tokyo" || len(sub.Only) != 0 {
		t.Errorf("subscribing again did not update: %+v %v", sub, err)
	}
	if reply := r.router.Handle(context.Background(), bot.Request{Platform: "test", ChatID: "g", Command: "subscribe", Args: "08:00"}); !reply.Error {
		t.Errorf("a non-admin subscribed: %s", bot.RenderText(reply))
	}
	if reply := r.router.Handle(context.Background(), bot.Request{Platform: "test", ChatID: "c", IsAdmin: true, Command: "unsubscribe"}); reply.Error {
		t.Errorf("unsubscribe: %s", bot.RenderText(reply))
	}
	if _, err := r.store.Subscription(context.Background(), bot.ChatRef{Platform: "test", ChatID: "c"}); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("still subscribed after /unsubscribe: %v", err)
	}
}

func TestDeliveryFailures(t *testing.T) {
	timeout := &bot.PostError{Kind: bot.ErrTemporary, Err: context.DeadlineExceeded}
	tests := []struct {
		name       string
		script     []error
		wantPosts  int
		wantActive bool
		wantChat   string
		minSlept   time.Duration
	}{
		{"429 then success", []error{&bot.PostError{Kind: bot.ErrRateLimited, RetryAfter: 7 * time.Second}}, 1, true, "c", 7 * time.Second},
		{"500 twice then success", []error{&bot.PostError{Kind: bot.ErrTemporary}, &bot.PostError{Kind: bot.ErrTemporary}}, 1, true, "c", 3 * time.Second},
		{"timeout then success", []error{timeout}, 1, true, "c", time.Second},
		{"blocked", []error{&bot.PostError{Kind: bot.ErrChatGone, Err: errors.New("bot was blocked by the user")}}, 0, false, "c", 0},
		{"no permission", []error{&bot.PostError{Kind: bot.ErrForbidden}}, 0, false, "c", 0},
		{"migrated", []error{&bot.PostError{Kind: bot.ErrMigrated, NewChatID: "c-new"}}, 1, true, "c-new", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
			poster := &fakePoster{clock: clock, script: map[string][]error{"c": tt.script}}
			r := newRig(t, filepath.Join(t.TempDir(), "b.db"), clock, poster)
			r.addReport(t, "../samples/paris-2024.txt")
			r.subscribe(t, "c", "08:00 UTC")
			clock.Set(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
			subs, _ := r.store.ActiveSubscriptions(context.Background())
			err := r.digests.RunDue(context.Background(), subs[0])
			if tt.wantActive && err != nil {
				t.Fatalf("RunDue: %v", err)
			}
			if !tt.wantActive && !bot.Permanent(err) {
				t.Fatalf("got %v, want a permanent error", err)
			}
			if got := poster.count(tt.wantChat); got != tt.wantPosts {
				t.Errorf("got %d posts to %s, want %d", got, tt.wantChat, tt.wantPosts)
			}
			sub, err := r.store.Subscription(context.Background(), bot.ChatRef{Platform: "test", ChatID: tt.wantChat})
			if err != nil || sub.Active != tt.wantActive {
				t.Errorf("subscription %+v (%v), want active=%v", sub, err, tt.wantActive)
			}
			if !tt.wantActive && sub.Reason == "" {
				t.Errorf("no reason kept for stopping")
			}
			if clock.Slept() < tt.minSlept {
				t.Errorf("waited %s, want at least %s", clock.Slept(), tt.minSlept)
			}
		})
	}
}

// Pacing: no one-second window holds more than 30 sends, no chat gets two
// within a second, no group more than 20 a minute.
func TestTelegramPacing(t *testing.T) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	poster := &fakePoster{clock: clock, script: map[string][]error{}}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"), briefings.Analyzer{}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := bot.NewCourier(st, clock, nil)
	c.Register("telegram", poster, bot.TelegramPacing)
	ctx := context.Background()
	for i := 0; i < 200; i++ {
		chat := fmt.Sprintf("%d", 1000+i%80)
		if i%4 == 0 {
			chat = "-100" // one busy group
		}
		if _, err := c.Send(ctx, bot.ChatRef{Platform: "telegram", ChatID: chat}, bot.Reply{Title: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	posts := poster.posts
	for i := range posts {
		inSecond, inMinuteGroup := 0, 0
		for j := range posts {
			d := posts[j].at.Sub(posts[i].at)
			if d >= 0 && d < time.Second {
				inSecond++
				if j != i && posts[j].chat == posts[i].chat {
					t.Fatalf("chat %s got two messages %s apart", posts[i].chat, d)
				}
			}
			if posts[i].chat == "-100" && posts[j].chat == "-100" && d >= 0 && d < time.Minute {
				inMinuteGroup++
			}
		}
		if inSecond > 30 {
			t.Fatalf("%d sends within a second from %s", inSecond, posts[i].at)
		}
		if inMinuteGroup > 20 {
			t.Fatalf("%d sends to the group within a minute from %s", inMinuteGroup, posts[i].at)
		}
	}
}

func TestTopicFilters(t *testing.T) {
	_, es := func() (*bot.Memory, []bot.Entry) {
		lib := bot.NewMemory(briefings.Analyzer{}, nil)
		var all []bot.Entry
		for _, f := range []string{"../samples/paris-2024.txt", "../briefings/testdata/news.txt"} {
			data, _ := os.ReadFile(f)
			e, _ := lib.Add(context.Background(), f, data, time.Time{})
			all = append(all, e)
		}
		return lib, all
	}()
	tests := []struct {
		only, skip []string
		want       int
	}{
		{nil, nil, 2},
		{[]string{"ukraine"}, nil, 1},
		{[]string{"ukraine", "canada"}, nil, 2},
		{nil, []string{"minerals"}, 1},
		{[]string{"football"}, nil, 0},
	}
	for _, tt := range tests {
		if got := bot.FilterTopics(es, tt.only, tt.skip); len(got) != tt.want {
			t.Errorf("only %v skip %v: got %d, want %d", tt.only, tt.skip, len(got), tt.want)
		}
	}
}

func TestPreviewMarksNothing(t *testing.T) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(t, filepath.Join(t.TempDir(), "b.db"), clock, nil)
	r.addReport(t, "../samples/paris-2024.txt")
	r.subscribe(t, "c", "08:00 UTC")
	for i := 0; i < 2; i++ {
		reply := r.router.Handle(context.Background(), bot.Request{Platform: "test", ChatID: "c", Command: "digest"})
		if !strings.Contains(bot.RenderText(reply), "Zelenskiy presses Trump") {
			t.Fatalf("preview %d lacks the briefing:\n%s", i, bot.RenderText(reply))
		}
	}
	clock.Set(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	r.runDue(t)
	if n := r.poster.count("c"); n != 1 {
		t.Errorf("after previews, got %d digests, want 1", n)
	}
}

func TestDigestListsAtMostMax(t *testing.T) {
	lib := bot.NewMemory(briefings.Analyzer{}, nil)
	var es []bot.Entry
	for i := range 12 {
		text := fmt.Sprintf("Minister Lena Okafor met envoy number %d in Lagos on Monday. She wants talks on river shipping to resume, aides said.", i)
		e, err := lib.Add(context.Background(), "r", []byte(text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	r := bot.ComposeDigest(es, time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC), 10)
	if len(r.Blocks) != 10 {
		t.Errorf("%d briefings listed, want 10", len(r.Blocks))
	}
	if !strings.Contains(r.Footer, "12 new briefings, the newest 10") {
		t.Errorf("footer does not count the rest: %q", r.Footer)
	}
}

func BenchmarkComposeDigest(b *testing.B) {
	lib := bot.NewMemory(briefings.Analyzer{}, nil)
	var es []bot.Entry
	for _, f := range []string{"../samples/paris-2024.txt", "../briefings/testdata/news.txt", "../briefings/testdata/readout.txt"} {
		data, _ := os.ReadFile(f)
		e, _ := lib.Add(context.Background(), f, data, time.Time{})
		es = append(es, e)
	}
	at := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		bot.ComposeDigest(es, at, 10)
	}
}

// BenchmarkFanOut: one digest to 10,000 subscribed chats through a fake
// poster with no pacing; the figure per op is the store and scheduler work
// of one delivery.
func BenchmarkFanOut(b *testing.B) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC))
	r := newRig(b, filepath.Join(b.TempDir(), "b.db"), clock, nil)
	r.addReport(b, "../samples/paris-2024.txt")
	const chats = 10000
	for i := 0; i < chats; i++ {
		r.subscribe(b, fmt.Sprintf("chat-%d", i), "08:00 UTC")
	}
	subs, _ := r.store.ActiveSubscriptions(context.Background())
	ctx := context.Background()
	day := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%chats == 0 {
			clock.Set(time.Date(2026, 5, 4+day, 8, 0, 0, 0, time.UTC))
			day++
		}
		sub := subs[i%chats]
		if err := r.digests.RunDue(ctx, sub); err != nil {
			b.Fatal(err)
		}
	}
}
