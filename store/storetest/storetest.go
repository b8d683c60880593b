// Package storetest is one test suite for every store.Store: each behaviour
// is a function that the SQLite and the PostgreSQL stores' tests both call,
// so the two cannot drift apart. Where a behaviour involves several
// processes on one database (leases, claims, copies arriving together), the
// suite opens the database twice.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/samples"
	"github.com/briefbot/briefbot/store"
)

// Harness makes and opens databases of one kind.
type Harness struct {
	// New makes an empty database for one test and says where it is.
	New func(t *testing.T) string
	// Open opens the database at where, and closes it when the test ends.
	Open func(t *testing.T, where string, now func() time.Time) store.Store
}

// Now is the suite's clock.
var Now = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

func fixed() time.Time { return Now }

// Run runs every behaviour against the harness's store.
func Run(t *testing.T, h Harness) {
	for _, c := range []struct {
		name string
		test func(*testing.T, Harness)
	}{
		{"AddReportStoresOnce", addReportStoresOnce},
		{"SurvivesReopening", survivesReopening},
		{"ScopesKeepChatsApart", scopesKeepChatsApart},
		{"LibraryLookups", libraryLookups},
		{"LedgerIsAtomic", ledgerIsAtomic},
		{"SubscriptionsAndMove", subscriptionsAndMove},
		{"CopiesStoredOnceAcrossProcesses", copiesStoredOnce},
		{"ShortIDCollision", shortIDCollision},
		{"LeaseElectsOneHolder", leaseElectsOneHolder},
		{"ClaimBeforePost", claimBeforePost},
		{"Feeds", feeds},
		{"ShareURL", shareURL},
	} {
		t.Run(c.name, func(t *testing.T) { c.test(t, h) })
	}
}

// open makes a database and opens it with the suite's clock.
func open(t *testing.T, h Harness) store.Store {
	t.Helper()
	return h.Open(t, h.New(t), fixed)
}

func add(t *testing.T, st store.Store, r bot.Report) bot.Entry {
	t.Helper()
	e, err := st.AddReport(context.Background(), r)
	if err != nil {
		t.Fatalf("add %s: %v", r.Source, err)
	}
	return e
}

// story is a short report of the suite's own, different for each n.
func story(n int) []byte {
	return []byte(fmt.Sprintf("Envoy Mara Quist of Norland met Trade Minister Ilse Varga in Brenburg on day %d to discuss grain tariffs. "+
		"Quist wants the tariffs cut before winter, officials said. \"We are close to a deal,\" Varga told reporters after talks on the harbour number %d.", n, n*7+3))
}

func addReportStoresOnce(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	first := add(t, st, bot.Report{Source: "a.txt", Text: samples.Paris2024})
	crlf := []byte(strings.ReplaceAll(string(samples.Paris2024), "\n", "\r\n"))
	again, err := st.AddReport(ctx, bot.Report{Source: "b.txt", Text: crlf})
	if !errors.Is(err, bot.ErrDuplicate) || again.ID != first.ID {
		t.Fatalf("the same text twice: got %v, id %s vs %s", err, again.ID, first.ID)
	}
	es, total, err := st.Recent(ctx, bot.SharedScope, 0, 1000)
	if err != nil || len(es) != 1 || total != 1 {
		t.Fatalf("got %d entries of %d (%v), want 1", len(es), total, err)
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
	if _, err := st.AddReport(ctx, bot.Report{Source: "binary", Text: []byte("PK\x03\x04\x00\x00 not text")}); !errors.Is(err, briefings.ErrBinary) {
		t.Errorf("binary report: got %v", err)
	}
	// A file name is whatever bytes the file system allows.
	if _, err := st.AddReport(ctx, bot.Report{Source: "caf\xe9\x00.txt", Text: story(4)}); err != nil {
		t.Errorf("a source name that is not UTF-8: %v", err)
	}
	if e, err := st.Entry(ctx, "00000000"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a missing entry: got %+v, %v", e, err)
	}
}

// A second process (or a restart) sees everything the first stored.
func survivesReopening(t *testing.T, h Harness) {
	ctx := context.Background()
	where := h.New(t)
	st := h.Open(t, where, fixed)
	e := add(t, st, bot.Report{Source: "a", Text: story(1), Published: Now.Add(-time.Hour)})
	chat := bot.ChatRef{Platform: "telegram", ChatID: "5"}
	if err := st.PutSubscription(ctx, bot.Subscription{Chat: chat, Spec: "0 8 * * *", TZ: "UTC", Daily: true}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	again := h.Open(t, where, fixed)
	got, err := again.Entry(ctx, e.ID)
	if err != nil || got.Title != e.Title || !got.Published.Equal(e.Published) || got.Briefing == nil || len(got.Briefing.Actors) == 0 {
		t.Fatalf("after reopening: %+v %v", got, err)
	}
	if sub, err := again.Subscription(ctx, chat); err != nil || !sub.Daily || !sub.Active {
		t.Errorf("subscription after reopening: %+v %v", sub, err)
	}
}

func scopesKeepChatsApart(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	a := bot.ChatRef{Platform: "telegram", ChatID: "1"}
	b := bot.ChatRef{Platform: "telegram", ChatID: "2"}
	add(t, st, bot.Report{Source: "a", Text: samples.Paris2024, Scope: a.String()})
	add(t, st, bot.Report{Source: "shared", Text: story(1), Scope: bot.SharedScope})
	count := func(scope string) int {
		t.Helper()
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
	if found, _, _ := st.WithActor(ctx, b.String(), "macron", 3); len(found) != 0 {
		t.Errorf("chat b finds chat a's actor")
	}
	if un, _ := st.Undelivered(ctx, b, Now.Add(-24*time.Hour)); len(un) != 1 {
		t.Errorf("chat b's digest would carry %d briefings, want 1", len(un))
	}
	if _, err := st.AddReport(ctx, bot.Report{Source: "b", Text: samples.Paris2024, Scope: b.String()}); !errors.Is(err, bot.ErrDuplicate) {
		t.Fatalf("second add: %v", err)
	}
	if got := count(b.String()); got != 2 {
		t.Errorf("after b added it too, b sees %d, want 2", got)
	}
}

// libraryLookups: pages newest first, picking by id, id prefix and title
// words, search by a question's words, and autocomplete of actor names.
func libraryLookups(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	var ids []string
	for i := range 5 {
		ids = append(ids, add(t, st, bot.Report{Source: fmt.Sprint(i), Text: story(i), Title: fmt.Sprintf("Grain talks, round %d", i),
			Published: Now.Add(time.Duration(i-10) * time.Hour)}).ID)
	}
	paris := add(t, st, bot.Report{Source: "paris", Text: samples.Paris2024, Published: Now.Add(-48 * time.Hour)})
	page, total, err := st.Recent(ctx, bot.SharedScope, 1, 2)
	if err != nil || total != 6 || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] {
		t.Errorf("the second page of two: %v of %d (%v), want %s %s", idsOf(page), total, err, ids[3], ids[2])
	}
	for _, c := range []struct{ arg, want string }{
		{"", ids[4]},
		{ids[1], ids[1]},
		{ids[2][:5], ids[2]},
		{"round 3", ids[3]},
		{"grain talks round 0", ids[0]},
	} {
		if e, err := st.Pick(ctx, bot.SharedScope, c.arg); err != nil || e.ID != c.want || e.Briefing == nil {
			t.Errorf("Pick(%q): got %s (%v), want %s", c.arg, e.ID, err, c.want)
		}
	}
	if _, err := st.Pick(ctx, bot.SharedScope, "submarine fleet"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Pick of words no title has: %v", err)
	}
	found, err := st.Search(ctx, bot.SharedScope, "What did Zelenskiy ask of Trump in Paris?", 3)
	if err != nil || len(found) == 0 || found[0].ID != paris.ID {
		t.Errorf("Search: got %v (%v), want %s first", idsOf(found), err, paris.ID)
	}
	names, err := st.ActorNames(ctx, bot.SharedScope, "qu", 10)
	if err != nil || len(names) != 1 || !strings.Contains(names[0], "Quist") {
		t.Errorf("ActorNames(qu): %q %v", names, err)
	}
	if names, _ := st.ActorNames(ctx, bot.SharedScope, "", 3); len(names) == 0 {
		t.Errorf("ActorNames with nothing typed offers nothing")
	}
	withQuist, more, err := st.WithActor(ctx, bot.SharedScope, "Mara Quist", 2)
	if err != nil || len(withQuist) != 2 || !more || withQuist[0].ID != ids[4] {
		t.Errorf("WithActor(Mara Quist, 2): %v more=%v (%v)", idsOf(withQuist), more, err)
	}
}

func idsOf(es []bot.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func ledgerIsAtomic(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	chat := bot.ChatRef{Platform: "telegram", ChatID: "42"}
	e1 := add(t, st, bot.Report{Source: "a", Text: story(1)})
	e2 := add(t, st, bot.Report{Source: "b", Text: samples.Paris2024})
	const slot = "2026-05-04T08:00 UTC"
	if err := st.RecordDelivery(ctx, chat, slot, []string{e1.ID}, Now); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordDelivery(ctx, chat, slot, []string{e2.ID}, Now); err == nil {
		t.Fatal("the same slot was recorded twice")
	}
	if done, err := st.Delivered(ctx, chat, slot); err != nil || !done {
		t.Errorf("Delivered: %v %v", done, err)
	}
	left, err := st.Undelivered(ctx, chat, time.Time{})
	if err != nil || len(left) != 1 || left[0].ID != e2.ID {
		t.Errorf("undelivered after delivery: %v %v, want only %s (a failed ledger write marks nothing)", idsOf(left), err, e2.ID)
	}
}

func subscriptionsAndMove(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	old := bot.ChatRef{Platform: "telegram", ChatID: "-1"}
	if err := st.PutSubscription(ctx, bot.Subscription{Chat: old, Spec: "0 8 * * *", TZ: "Europe/Paris", Only: []string{"nato"}}); err != nil {
		t.Fatal(err)
	}
	add(t, st, bot.Report{Source: "own", Text: story(2), Scope: old.String()})
	if err := st.PutFeed(ctx, store.Feed{URL: "https://news.example/rss", Scope: old.String(), Owner: old}); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordDelivery(ctx, old, "slot", nil, Now); err != nil {
		t.Fatal(err)
	}
	if err := st.MoveChat(ctx, old, "-1001"); err != nil {
		t.Fatal(err)
	}
	moved := bot.ChatRef{Platform: "telegram", ChatID: "-1001"}
	sub, err := st.Subscription(ctx, moved)
	if err != nil || sub.Spec != "0 8 * * *" || len(sub.Only) != 1 || sub.Only[0] != "nato" || !sub.Active {
		t.Fatalf("moved subscription: %+v %v", sub, err)
	}
	if _, err := st.Subscription(ctx, old); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the old chat keeps a subscription: %v", err)
	}
	if done, _ := st.Delivered(ctx, moved, "slot"); !done {
		t.Errorf("the ledger did not follow the chat")
	}
	if es, total, err := st.Recent(ctx, moved.String(), 0, 10); err != nil || len(es) != 1 || total != 1 {
		t.Errorf("the chat's own report after the move: %d listed, %d counted (%v)", len(es), total, err)
	}
	if fs, _ := st.ScopeFeeds(ctx, moved.String()); len(fs) != 1 || fs[0].Owner != moved {
		t.Errorf("the chat's feed after the move: %+v", fs)
	}
	if err := st.Deactivate(ctx, moved, "bot was kicked"); err != nil {
		t.Fatal(err)
	}
	if active, _ := st.ActiveSubscriptions(ctx); len(active) != 0 {
		t.Errorf("deactivated subscription still active")
	}
	if sub, _ := st.Subscription(ctx, moved); sub.Active || sub.Reason != "bot was kicked" {
		t.Errorf("deactivated: %+v", sub)
	}
	if err := st.DeleteSubscription(ctx, old); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("deleting a missing subscription: got %v", err)
	}
	if err := st.DeleteSubscription(ctx, moved); err != nil {
		t.Errorf("deleting: %v", err)
	}
}

// Copies of one story arriving at once, through two processes on one
// database, are stored once.
func copiesStoredOnce(t *testing.T, h Harness) {
	ctx := context.Background()
	where := h.New(t)
	stores := []store.Store{h.Open(t, where, fixed), h.Open(t, where, fixed)}
	text := string(story(9))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			copy := text
			if i%2 == 1 {
				copy += " Reporting by a partner agency."
			}
			if _, err := stores[i%2].AddReport(ctx, bot.Report{Source: fmt.Sprintf("copy-%d", i), Text: []byte(copy)}); err != nil && !errors.Is(err, bot.ErrDuplicate) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if es, total, err := stores[0].Recent(ctx, bot.SharedScope, 0, 10); err != nil || total != 1 || len(es[0].Sources) != 8 {
		t.Errorf("%d reports stored of one story (%v)", total, err)
	}
}

// Two reports whose hashes share their first eight hex digits are both
// stored, the second under a longer id.
func shortIDCollision(t *testing.T, h Harness) {
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
	st := open(t, h)
	first := add(t, st, bot.Report{Source: "a", Text: text(a)})
	second, err := st.AddReport(ctx, bot.Report{Source: "b", Text: text(b)})
	if err != nil {
		t.Fatalf("the second of two colliding ids: %v", err)
	}
	if len(second.ID) <= len(first.ID) || !strings.HasPrefix(second.ID, first.ID) {
		t.Errorf("ids %s and %s", first.ID, second.ID)
	}
	for _, id := range []string{first.ID, second.ID} {
		if e, err := st.Pick(ctx, bot.SharedScope, id); err != nil || e.ID != id {
			t.Errorf("/brief %s: got %s (%v)", id, e.ID, err)
		}
	}
}

func leaseElectsOneHolder(t *testing.T, h Harness) {
	ctx := context.Background()
	where := h.New(t)
	a, b := h.Open(t, where, fixed), h.Open(t, where, fixed)
	const ttl = 15 * time.Second
	steps := []struct {
		st     store.Store
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
		got, err := s.st.AcquireLease(ctx, "scheduler", s.holder, Now.Add(s.at), ttl, s.force)
		if err != nil || got != s.want {
			t.Fatalf("step %d (%s at %s): got %v %v, want %v", i, s.holder, s.at, got, err, s.want)
		}
	}
	if holder, err := b.LeaseHolder(ctx, "scheduler"); err != nil || holder != "a" {
		t.Errorf("holder: %q %v", holder, err)
	}
	if err := a.ReleaseLease(ctx, "scheduler", "a"); err != nil {
		t.Fatal(err)
	}
	if holder, _ := b.LeaseHolder(ctx, "scheduler"); holder != "" {
		t.Errorf("holder after release: %q", holder)
	}
	if got, _ := b.AcquireLease(ctx, "scheduler", "b", Now.Add(24*time.Second), ttl, false); !got {
		t.Error("a released lease was not free")
	}
}

func claimBeforePost(t *testing.T, h Harness) {
	ctx := context.Background()
	where := h.New(t)
	stores := []store.Store{h.Open(t, where, fixed), h.Open(t, where, fixed)}
	chat := bot.ChatRef{Platform: "telegram", ChatID: "42"}
	const slot = "2026-05-04T08:00 Europe/Paris"
	var wins atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := stores[i%2].ClaimDelivery(ctx, chat, slot, Now)
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
	if ok, _ := stores[1].ClaimDelivery(ctx, chat, slot, Now); !ok {
		t.Fatal("a released slot could not be claimed")
	}
	if n, err := stores[0].ResolvePending(ctx, Now.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("resolved %d pending (%v), want 1", n, err)
	}
	if ok, _ := stores[0].ClaimDelivery(ctx, chat, slot, Now); !ok {
		t.Fatal("a settled slot could not be claimed again")
	}
	if err := stores[0].RecordDelivery(ctx, chat, slot, nil, Now); err != nil {
		t.Fatal(err)
	}
	if n, _ := stores[1].ResolvePending(ctx, Now.Add(time.Hour)); n != 0 {
		t.Errorf("a sent digest was settled as pending")
	}
	if ok, _ := stores[1].ClaimDelivery(ctx, chat, slot, Now); ok {
		t.Error("a sent slot was claimed again")
	}
}

func feeds(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	owner := bot.ChatRef{Platform: "discord", ChatID: "7"}
	shared := store.Feed{URL: "https://wire.example/rss"}
	own := store.Feed{URL: "https://local.example/atom", Scope: owner.String(), Owner: owner}
	for _, f := range []store.Feed{shared, own} {
		if err := st.PutFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	all, err := st.Feeds(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("Feeds: %d %v", len(all), err)
	}
	if fs, _ := st.ScopeFeeds(ctx, owner.String()); len(fs) != 2 || fs[0].URL != own.URL {
		t.Errorf("the owner's feeds, its own first: %+v", fs)
	}
	if fs, _ := st.ScopeFeeds(ctx, "telegram:1"); len(fs) != 1 || fs[0].URL != shared.URL {
		t.Errorf("another chat's feeds: %+v", fs)
	}
	scope := owner.String()
	if n, err := st.CountFeeds(ctx, &scope); err != nil || n != 1 {
		t.Errorf("CountFeeds(owner): %d %v", n, err)
	}
	if n, err := st.CountFeeds(ctx, nil); err != nil || n != 2 {
		t.Errorf("CountFeeds(all): %d %v", n, err)
	}
	next := Now.Add(time.Hour)
	got, err := st.FeedFailed(ctx, own, "503 from the server", next, true)
	if err != nil || got.Failures != 1 || !got.Disabled || got.LastError != "503 from the server" || !got.NextTry.Equal(next) {
		t.Errorf("FeedFailed: %+v %v", got, err)
	}
	if err := st.PutFeed(ctx, own); err != nil { // adding it again enables it
		t.Fatal(err)
	}
	if err := st.FeedPolled(ctx, shared, "Wire", `"v2"`, "Mon, 04 May 2026 08:00:00 GMT"); err != nil {
		t.Fatal(err)
	}
	all, _ = st.Feeds(ctx)
	for _, f := range all {
		if f.URL == own.URL && (f.Disabled || f.Failures != 0) {
			t.Errorf("a feed added again stays disabled: %+v", f)
		}
		if f.URL == shared.URL && (f.Title != "Wire" || f.ETag != `"v2"` || f.LastModified == "") {
			t.Errorf("a polled feed: %+v", f)
		}
	}
	if err := st.RemoveFeed(ctx, own.URL, own.Scope); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveFeed(ctx, own.URL, own.Scope); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("removing a missing feed: %v", err)
	}
}

func shareURL(t *testing.T, h Harness) {
	ctx := context.Background()
	st := open(t, h)
	const url = "https://news.example/talks"
	if ok, err := st.ShareURL(ctx, url, "telegram:1"); ok || err != nil {
		t.Fatalf("an unknown URL: %v %v", ok, err)
	}
	add(t, st, bot.Report{Source: url, URL: url, Text: story(3), Scope: "telegram:2"})
	if ok, err := st.ShareURL(ctx, url, "telegram:1"); !ok || err != nil {
		t.Fatalf("a stored URL: %v %v", ok, err)
	}
	if es, _, _ := st.Recent(ctx, "telegram:1", 0, 10); len(es) != 1 {
		t.Errorf("the chat that shared the URL sees %d reports, want 1", len(es))
	}
	// The same story under another URL: the second URL is remembered too.
	if _, err := st.AddReport(ctx, bot.Report{Source: "mirror", URL: url + "-mirror", Text: story(3), Scope: "telegram:3"}); !errors.Is(err, bot.ErrDuplicate) {
		t.Fatalf("the same story from a mirror: %v", err)
	}
	if ok, _ := st.ShareURL(ctx, url+"-mirror", "telegram:4"); !ok {
		t.Errorf("a mirror URL of a stored report is not known")
	}
}
