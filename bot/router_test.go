package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/briefings"
)

// library builds a real in-memory library from the reports in ../briefings/testdata
// and the embedded sample.
func library(t testing.TB) (*Memory, []Entry) {
	t.Helper()
	lib := NewMemory(briefings.Analyzer{}, nil)
	files := []string{"../samples/paris-2024.txt", "../briefings/testdata/readout.txt", "../briefings/testdata/news.txt"}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lib.Add(context.Background(), f, data, time.Date(2025, 1, 10-i, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	es, _, _ := lib.Recent(context.Background(), SharedScope, 0, 1000)
	return lib, es
}

func TestRouterCommands(t *testing.T) {
	lib, es := library(t)
	r := NewRouter(lib, WithAnswerer(answer.Finder{}))
	sample := es[0].ID
	tests := []struct {
		name     string
		cmd      string
		args     string
		admin    bool
		wantErr  bool
		contains []string
		absent   []string
	}{
		{name: "help lists commands", cmd: "help", contains: []string{"/positions <actor> [briefing]", "/ask <question>"}},
		{name: "briefings newest first", cmd: "briefings", contains: []string{sample, "3 briefings"}},
		{name: "brief defaults to newest", cmd: "brief", contains: []string{"Key points", "Donald Trump"}},
		{name: "brief by title words", cmd: "brief", args: "minerals deal", contains: []string{"Helena Marsh"}},
		{name: "brief by id", cmd: "brief", args: es[1].ID, contains: []string{"Okafor"}},
		{name: "brief unknown briefing", cmd: "brief", args: "zzzz nothing like it", wantErr: true, contains: []string{"No briefing matches"}},
		{name: "keypoints", cmd: "keypoints", contains: []string{"Key points", "[s"}},
		{name: "actors grouped", cmd: "actors", contains: []string{"People", "Emmanuel Macron, French President", "Places"}},
		{name: "sources", cmd: "sources", contains: []string{"two of the people"}},
		{name: "positions with attribution", cmd: "positions", args: "trump", contains: []string{"Positions of Donald Trump", "ceasefire", "per three of the people", "[s2]"}},
		{name: "positions misspelt", cmd: "positions", args: "zelensky", contains: []string{"Volodymyr Zelenskiy", "diplomacy could spare lives"}},
		{name: "positions by description", cmd: "positions", args: "the french leader", contains: []string{"Emmanuel Macron", "security burden"}},
		{name: "positions in one briefing", cmd: "positions", args: "okafor " + es[1].ID, contains: []string{"Grace Okafor", "humanitarian truce"}},
		{name: "positions unknown actor", cmd: "positions", args: "xyzzy", wantErr: true, contains: []string{"No one called 'xyzzy'", "Closest:"}},
		{name: "positions without actor", cmd: "positions", wantErr: true, contains: []string{"Usage: /positions"}},
		{name: "about kept apart", cmd: "positions", args: "ukraine", contains: []string{"What others in the report say about Ukraine"}},
		{name: "quotes all", cmd: "quotes", contains: []string{"Quotes:", "the aide"}},
		{name: "quotes of actor", cmd: "quotes", args: "okafor " + es[1].ID, contains: []string{"Said by Grace Okafor", "civilians starve"}},
		{name: "ask answers with citation", cmd: "ask", args: "what did Macron argue?", contains: []string{"security burden", "[s8]"}},
		{name: "ask says when not covered", cmd: "ask", args: "who won the football?", contains: []string{"do not cover this"}},
		{name: "ask without question", cmd: "ask", wantErr: true, contains: []string{"Usage: /ask"}},
		{name: "unknown command", cmd: "frobnicate", wantErr: true, contains: []string{"There is no /frobnicate", "/help"}},
		{name: "subscribe needs admin", cmd: "subscribe", args: "08:00", wantErr: true, contains: []string{"Only an administrator"}},
		{name: "digests off without store", cmd: "digest", wantErr: true, contains: []string{"Digests need the database"}},
		{name: "feeds listing off without store", cmd: "feeds", wantErr: true, contains: []string{"Adding pages and feeds needs"}},
		{name: "feeds change needs admin", cmd: "feeds", args: "add https://example.org/feed", wantErr: true, contains: []string{"Only an administrator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := r.Handle(context.Background(), Request{Platform: "test", ChatID: "c", Command: tt.cmd, Args: tt.args, IsAdmin: tt.admin})
			got := RenderText(reply)
			if reply.Error != tt.wantErr {
				t.Errorf("error reply = %v, want %v:\n%s", reply.Error, tt.wantErr, got)
			}
			for _, w := range tt.contains {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(got, w) {
					t.Errorf("reply holds %q:\n%s", w, got)
				}
			}
		})
	}
}

// failingAnswerer stands for an answer finder whose models did not load.
type failingAnswerer struct{ err error }

func (f failingAnswerer) Answer(context.Context, []brief.AskSource, string) (brief.Answer, error) {
	return brief.Answer{}, f.err
}

// /ask without an answer finder, or with one that fails, says so in plain
// words; what failed stays in the log.
func TestAskWithoutAnAnswerer(t *testing.T) {
	lib, _ := library(t)
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	secret := errors.New("open /srv/models/secret-path: permission denied")
	tests := []struct {
		name string
		opts []RouterOption
		want string
	}{
		{"none", nil, "Questions are off"},
		{"failing", []RouterOption{WithAnswerer(failingAnswerer{secret}), WithLogger(log)}, "Cannot answer now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := NewRouter(lib, tt.opts...).Handle(context.Background(), Request{Command: "ask", Args: "what did Ruiz want?"})
			got := RenderText(reply)
			if !reply.Error || !strings.Contains(got, tt.want) || strings.Contains(got, "secret-path") {
				t.Errorf("got %q, want an error reply with %q and no internal detail", got, tt.want)
			}
		})
	}
	if !strings.Contains(logs.String(), "secret-path") {
		t.Errorf("the log should say what failed: %q", logs.String())
	}
}

func TestRouterNoBriefings(t *testing.T) {
	r := NewRouter(NewMemory(briefings.Analyzer{}, nil))
	reply := r.Handle(context.Background(), Request{Command: "positions", Args: "trump"})
	if !reply.Error || !strings.Contains(RenderText(reply), "no briefings yet") && !strings.Contains(RenderText(reply), "There are no briefings") {
		t.Errorf("got %q", RenderText(reply))
	}
}

func TestPositionsAcrossBriefings(t *testing.T) {
	lib := NewMemory(briefings.Analyzer{}, nil)
	ctx := context.Background()
	old := "President Ana Ruiz wants a new dam, two officials said."
	newer := "President Ana Ruiz rejected the dam plan on Friday, her spokesman said."
	lib.Add(ctx, "old", []byte(old), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	lib.Add(ctx, "new", []byte(newer), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC))
	got := RenderText(NewRouter(lib).Handle(ctx, Request{Command: "positions", Args: "ruiz"}))
	i, j := strings.Index(got, "rejected the dam"), strings.Index(got, "wants a new dam")
	if i < 0 || j < 0 || i > j {
		t.Errorf("want both briefings, newest first:\n%s", got)
	}
	if !strings.Contains(got, "2 briefings mention Ana Ruiz") {
		t.Errorf("no count of briefings:\n%s", got)
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in, cmd, args, to string
		ok                bool
	}{
		{"/positions trump", "positions", "trump", "", true},
		{"/positions@briefbot the french leader", "positions", "the french leader", "briefbot", true},
		{"help", "help", "", "", true},
		{"  /Ask  why?  ", "ask", "why?", "", true},
		{"/", "", "", "", false},
		{"", "", "", "", false},
		{"/po$itions", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cmd, args, to, ok := ParseCommand(tt.in)
			if cmd != tt.cmd || args != tt.args || to != tt.to || ok != tt.ok {
				t.Errorf("got %q %q %q %v, want %q %q %q %v", cmd, args, to, ok, tt.cmd, tt.args, tt.to, tt.ok)
			}
		})
	}
}

func BenchmarkPositions(b *testing.B) {
	lib, _ := library(b)
	r := NewRouter(lib)
	ctx := context.Background()
	req := Request{Platform: "bench", ChatID: "c", Command: "positions", Args: "trump"}
	b.ReportAllocs()
	for b.Loop() {
		r.Handle(ctx, req)
	}
}

// recordingSources keeps the scope each request would add to.
type recordingSources struct{ scopes []string }

func (s *recordingSources) AddURL(ctx context.Context, req Request, url string) Reply {
	s.scopes = append(s.scopes, req.AddScope())
	return Reply{Title: "added"}
}

func (s *recordingSources) Feeds(ctx context.Context, req Request) Reply {
	s.scopes = append(s.scopes, req.AddScope())
	return Reply{Title: "feeds"}
}

func TestScopesAndOperators(t *testing.T) {
	lib, _ := library(t)
	src := &recordingSources{}
	r := NewRouter(lib, WithSources(src), WithOperators([]string{"telegram:42"}))
	ctx := context.Background()
	tests := []struct {
		name      string
		req       Request
		wantError bool
		wantScope string
	}{
		{"a private chat adds to itself", Request{Platform: "telegram", ChatID: "7", UserID: "7", Private: true, IsAdmin: true, Command: "add", Args: "https://a.example/x"}, false, "telegram:7"},
		{"a group admin adds to the group", Request{Platform: "telegram", ChatID: "-100", UserID: "8", IsAdmin: true, Command: "feeds", Args: "add https://a.example/rss"}, false, "telegram:-100"},
		{"a group member may not add", Request{Platform: "telegram", ChatID: "-100", UserID: "9", Command: "add", Args: "https://a.example/x"}, true, ""},
		{"an operator adds for everyone", Request{Platform: "telegram", ChatID: "42", UserID: "42", Private: true, IsAdmin: true, Command: "add", Args: "https://a.example/x"}, false, SharedScope},
		{"an operator in a group adds for everyone", Request{Platform: "telegram", ChatID: "-100", UserID: "42", Command: "feeds", Args: "add https://a.example/rss"}, false, SharedScope},
		{"the same id on another platform is no operator", Request{Platform: "discord", ChatID: "5", UserID: "42", Private: true, IsAdmin: true, Command: "add", Args: "https://a.example/x"}, false, "discord:5"},
		{"anyone lists feeds", Request{Platform: "telegram", ChatID: "-100", UserID: "9", Command: "feeds"}, false, "telegram:-100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src.scopes = nil
			reply := r.Handle(ctx, tt.req)
			if reply.Error != tt.wantError {
				t.Fatalf("error %v, want %v: %s", reply.Error, tt.wantError, RenderText(reply))
			}
			if !tt.wantError && (len(src.scopes) != 1 || src.scopes[0] != tt.wantScope) {
				t.Errorf("added to %q, want %q", src.scopes, tt.wantScope)
			}
		})
	}
}

func TestBudgets(t *testing.T) {
	lib, _ := library(t)
	clock := NewManualClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	r := NewRouter(lib, WithBudgets(Budgets{UserBurst: 3, UserRefill: 2 * time.Second, ChatBurst: 100}), WithClock(clock))
	ctx := context.Background()
	req := Request{Platform: "telegram", ChatID: "7", UserID: "7", Private: true, Command: "help"}
	for i := 0; i < 3; i++ {
		if reply := r.Handle(ctx, req); reply.Error || reply.Silent {
			t.Fatalf("command %d refused: %s", i, RenderText(reply))
		}
	}
	if reply := r.Handle(ctx, req); !strings.Contains(RenderText(reply), "Slow down") {
		t.Fatalf("the fourth command at once: %s", RenderText(reply))
	}
	if reply := r.Handle(ctx, req); !reply.Silent {
		t.Fatalf("after the warning: %s, want silence", RenderText(reply))
	}
	other := req
	other.UserID, other.ChatID = "8", "8"
	if reply := r.Handle(ctx, other); reply.Error {
		t.Errorf("another user was slowed down too: %s", RenderText(reply))
	}
	clock.Advance(2 * time.Second)
	if reply := r.Handle(ctx, req); reply.Error || reply.Silent {
		t.Errorf("after the refill: %s", RenderText(reply))
	}
	console := Request{Platform: "console", ChatID: "console", Command: "help"}
	for i := 0; i < 20; i++ {
		if reply := r.Handle(ctx, console); reply.Error {
			t.Fatalf("the console was rate limited")
		}
	}
}

func TestArgumentCaps(t *testing.T) {
	lib, _ := library(t)
	r := NewRouter(lib)
	ctx := context.Background()
	tests := []struct {
		cmd, args string
		refused   bool
	}{
		{"ask", strings.Repeat("why ", 75), false},
		{"ask", strings.Repeat("why ", 76), true},
		{"positions", strings.Repeat("a", 120), false},
		{"positions", strings.Repeat("a", 121), true},
		{"quotes", strings.Repeat("é", 200), true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.cmd, len([]rune(tt.args))), func(t *testing.T) {
			reply := r.Handle(ctx, Request{Platform: "telegram", ChatID: "1", UserID: "1", Command: tt.cmd, Args: tt.args})
			if got := strings.Contains(RenderText(reply), "Too long"); got != tt.refused {
				t.Errorf("refused %v, want %v: %s", got, tt.refused, RenderText(reply))
			}
		})
	}
}

func TestZonesInAnyCase(t *testing.T) {
	tests := map[string]string{
		"europe/paris":                   "Europe/Paris",
		"EUROPE/KYIV":                    "Europe/Kyiv",
		"america/new_york":               "America/New_York",
		"america/port-au-prince":         "America/Port-au-Prince",
		"america/argentina/buenos_aires": "America/Argentina/Buenos_Aires",
		"utc":                            "UTC",
		"Asia/Tokyo":                     "Asia/Tokyo",
	}
	for typed, want := range tests {
		got, err := CanonicalZone(typed)
		if err != nil || got != want {
			t.Errorf("CanonicalZone(%q) = %q, %v; want %q", typed, got, err, want)
		}
	}
	if _, err := CanonicalZone("mars/olympus"); err == nil {
		t.Error("a zone that does not exist was accepted")
	}
}

// Across many briefings /positions shows the newest few and names the
// rest, so the reply stays the same size however large the library.
func TestPositionsBoundedAcrossLibrary(t *testing.T) {
	lib := NewMemory(briefings.Analyzer{}, nil)
	ctx := context.Background()
	var ids []string
	for i := range 8 {
		text := fmt.Sprintf("President Ana Ruiz wants dam number %d finished by spring, two officials said.", i)
		e, err := lib.Add(ctx, "r", []byte(text), time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	r := NewRouter(lib).Handle(ctx, Request{Command: "positions", Args: "ruiz"})
	got := RenderText(r)
	if n := strings.Count(got, "• President Ana Ruiz wants dam number"); n != shownBriefings {
		t.Errorf("%d briefings shown, want %d:\n%s", n, shownBriefings, got)
	}
	if !strings.Contains(got, "dam number 7") || strings.Contains(got, "dam number 4 ") {
		t.Errorf("not the newest first:\n%s", got)
	}
	if !strings.Contains(r.Footer, "The newest 3 briefings") || !strings.Contains(r.Footer, ids[4]) || !strings.Contains(r.Footer, "and more") {
		t.Errorf("footer does not lead to the rest: %q", r.Footer)
	}
	// The id of an older briefing shows that one.
	older := RenderText(NewRouter(lib).Handle(ctx, Request{Command: "positions", Args: "ruiz " + ids[0]}))
	if !strings.Contains(older, "dam number 0") || strings.Contains(older, "dam number 7") {
		t.Errorf("/positions ruiz %s:\n%s", ids[0], older)
	}
}

func TestBriefingsPaginated(t *testing.T) {
	lib := NewMemory(briefings.Analyzer{}, nil)
	ctx := context.Background()
	for i := range pageSize + 5 {
		text := fmt.Sprintf("Envoy Piet Marr met delegation number %d in Lima on Tuesday, officials said.", i)
		if _, err := lib.Add(ctx, "r", []byte(text), time.Date(2025, 1, 1, i, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	router := NewRouter(lib)
	first := router.Handle(ctx, Request{Command: "briefings"})
	if n := len(first.Blocks[0].Items); n != pageSize || !strings.Contains(first.Footer, "and 5 more: /briefings 2") {
		t.Errorf("page 1: %d items, footer %q", n, first.Footer)
	}
	second := router.Handle(ctx, Request{Command: "briefings", Args: "2"})
	if n := len(second.Blocks[0].Items); n != 5 || !strings.Contains(RenderText(second), "delegation number 0") {
		t.Errorf("page 2:\n%s", RenderText(second))
	}
	for _, bad := range []string{"3", "0", "x"} {
		if r := router.Handle(ctx, Request{Command: "briefings", Args: bad}); !r.Error {
			t.Errorf("/briefings %s: %s", bad, RenderText(r))
		}
	}
}

// Two texts whose ids collide are both kept, the second under a longer id.
func TestMemoryKeepsCollidingIDs(t *testing.T) {
	text := func(i int) []byte {
		return []byte(fmt.Sprintf("Envoy Ada Brenn met delegation %d in Oslo on Monday, officials said.", i))
	}
	seen := map[string]int{}
	a, b := -1, -1
	for i := 0; a < 0; i++ {
		id := ShortID(text(i))
		if j, ok := seen[id]; ok {
			a, b = j, i
		}
		seen[id] = i
	}
	lib := NewMemory(briefings.Analyzer{}, nil)
	ctx := context.Background()
	first, err := lib.Add(ctx, "a", text(a), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := lib.Add(ctx, "b", text(b), time.Time{})
	if err != nil || second.ID == first.ID || !strings.HasPrefix(second.ID, first.ID) {
		t.Fatalf("ids %s and %s (%v)", first.ID, second.ID, err)
	}
	if _, err := lib.Add(ctx, "c", text(a), time.Time{}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("the same text again: %v", err)
	}
}

// /brief lists who holds a position, each with one that says what they
// want rather than a relative clause on their name, and no one else; its
// quote is one that says something.
func TestBriefListsActorsWithRealPositions(t *testing.T) {
	b := &brief.Briefing{
		Actors: []brief.Actor{
			{ID: "p1", Name: "Ana Duarte", Kind: brief.Person, Role: "minister"},
			{ID: "p2", Name: "Tomas Berg", Kind: brief.Person},
			{ID: "p3", Name: "Lena Holt", Kind: brief.Person},
			{ID: "o1", Name: "Fisheries Council", Kind: brief.Organization},
		},
		Positions: []brief.Position{
			{Actor: "p1", Text: "Duarte, whose plan to cut quotas has angered fleets, arrived late", Verb: "arrive", Sentences: []int{0}},
			{Actor: "p1", Text: "Duarte hosted the talks", Verb: "host", Sentences: []int{1}},
			{Actor: "p1", Text: "Duarte wants the quotas cut by half", Verb: "want", Sentences: []int{2}},
			{Actor: "o1", Text: "which met on Monday", Verb: "meet", Sentences: []int{3}},
			{Actor: "p3", Text: "Holt rejected the plan", Verb: "reject", Sentences: []int{4}},
			{Actor: "p2", Text: "that Berg had drafted", Verb: "draft", Sentences: []int{5}},
		},
		Quotes: []brief.Quote{
			{Text: "reckless", Speaker: "Lena Holt", Sentence: 4},
			{Text: "We will not sign this plan", Speaker: "Lena Holt", Sentence: 6},
		},
	}
	r := briefReply(Entry{ID: "abc", Title: "Quota talks", Briefing: b})
	var who []Item
	for _, bl := range r.Blocks {
		if bl.Heading == "Who and what they want" {
			who = bl.Items
		}
	}
	if len(who) != 2 {
		t.Fatalf("listed %d actors, want Duarte and Holt only: %+v", len(who), who)
	}
	if !strings.HasPrefix(who[0].Text, "Ana Duarte") || who[0].Note != "Duarte wants the quotas cut by half" {
		t.Errorf("Duarte's line: %+v", who[0])
	}
	if !strings.HasPrefix(who[1].Text, "Lena Holt") || who[1].Note != "Holt rejected the plan" {
		t.Errorf("Holt's line: %+v", who[1])
	}
	for _, bl := range r.Blocks {
		if bl.Heading == "Quote" && (len(bl.Items) != 1 || bl.Items[0].Text != "“We will not sign this plan”") {
			t.Errorf("the quote shown is %+v, want the first of five words or more", bl.Items)
		}
	}
}
