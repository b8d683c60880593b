package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/lookup"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/sqlite"
)

var start = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

func testStore(t *testing.T, clock *bot.ManualClock) *sqlite.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"), briefings.Analyzer{}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func sampleParagraphs(t *testing.T) []string {
	data, err := os.ReadFile("../samples/paris-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return lines[3:] // body paragraphs, after headline, byline and the dateline paragraph
}

func articleHTML(t *testing.T) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><title>Paris talks | Example News</title>
<meta property="og:title" content="Zelenskiy presses Trump on guarantees in Paris">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-12-08T09:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Zelenskiy presses Trump on guarantees in Paris</h1>`)
	for _, p := range sampleParagraphs(t) {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`</article><footer>Subscribe to our newsletter. Share on social media.</footer></body></html>`)
	return b.String()
}

const rssHead = `<?xml version="1.0"?><rss version="2.0"><channel><title>Example World</title><link>https://example.org</link>`

func rssItem(n int, body string) string {
	return fmt.Sprintf(`<item><title>Story %d</title><link>https://example.org/story-%d?utm_source=rss</link><pubDate>Mon, 0%d Dec 2024 10:00:00 GMT</pubDate><description><![CDATA[%s]]></description></item>`, n, n, n, body)
}

func TestPageExtraction(t *testing.T) {
	page := articleHTML(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "briefbot/") {
			t.Errorf("User-Agent %q", ua)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, nil, 5<<20)
	reply := p.AddURL(context.Background(), bot.Request{Operator: true}, srv.URL+"/world/paris#top")
	if reply.Error {
		t.Fatalf("add: %s", bot.RenderText(reply))
	}
	es, _, _ := st.Recent(context.Background(), bot.SharedScope, 0, 1000)
	if len(es) != 1 {
		t.Fatalf("got %d entries", len(es))
	}
	e, err := st.Entry(context.Background(), es[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Zelenskiy presses Trump on guarantees in Paris" || e.Source != srv.URL+"/world/paris" {
		t.Errorf("title %q source %q", e.Title, e.Source)
	}
	if got := strings.Join(e.Briefing.Byline, ","); got != "Jane Roe" {
		t.Errorf("byline %q", got)
	}
	if !e.Published.Equal(time.Date(2024, 12, 8, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("published %s", e.Published)
	}
	if lookup.FindActor(e.Briefing, "trump") == nil || strings.Contains(e.Briefing.SentenceText(len(e.Briefing.Sentences)-1), "newsletter") {
		t.Errorf("article text not extracted cleanly: %v", e.Briefing.Sentences)
	}
	again := p.AddURL(context.Background(), bot.Request{Operator: true}, srv.URL+"/world/paris?utm_source=x")
	if !strings.Contains(bot.RenderText(again), "already briefed") {
		t.Errorf("the same page twice: %s", bot.RenderText(again))
	}
}

func TestFetchRefusals(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := strings.Repeat("a", 1<<20)
		for i := 0; i < 50; i++ { // 50 MB, if anyone read it all
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte{0x89, 'P', 'N', 'G'})
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	open := NewFetcher(FetchConfig{AllowPrivate: true, MaxBytes: 5 << 20})
	closed := NewFetcher(FetchConfig{})
	tests := []struct {
		name string
		f    *Fetcher
		url  string
		want error
	}{
		{"50 MB body", open, srv.URL + "/huge", ErrTooLarge},
		{"wrong content type", open, srv.URL + "/image", ErrContentType},
		{"redirect loop", open, srv.URL + "/loop", ErrRedirects},
		{"loopback refused", closed, srv.URL + "/image", ErrPrivateAddress},
		{"localhost refused", closed, "http://localhost:9/x", ErrPrivateAddress},
		{"private range refused", closed, "http://10.1.2.3/x", ErrPrivateAddress},
		{"link-local refused", closed, "http://169.254.169.254/latest/meta-data", ErrPrivateAddress},
		{"other scheme refused", closed, "file:///etc/passwd", ErrBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.Get(context.Background(), tt.url, pageTypes, "", "")
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// feedServer serves a feed whose items the test changes, with an ETag.
type feedServer struct {
	mu     sync.Mutex
	items  []string
	status int
	body   string
	seen   []string // If-None-Match of each request
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, r.Header.Get("If-None-Match"))
	if f.status != 0 {
		w.WriteHeader(f.status)
		return
	}
	body := f.body
	if body == "" {
		body = rssHead + strings.Join(f.items, "") + `</channel></rss>`
	}
	etag := fmt.Sprintf(`"v%d"`, len(body))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, body)
}

func TestFeedPolling(t *testing.T) {
	paras := sampleParagraphs(t)
	long := strings.Join(paras, "\n")
	other, _ := os.ReadFile("../briefings/testdata/news.txt")
	fs := &feedServer{items: []string{rssItem(1, long), rssItem(2, string(other))}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, nil, 5<<20)
	ctx := context.Background()
	owner := bot.Request{Platform: "test", ChatID: "c1", IsAdmin: true, Args: "add " + srv.URL + "/feed.xml"}
	if r := p.Feeds(ctx, owner); r.Error {
		t.Fatalf("feeds add: %s", bot.RenderText(r))
	}
	p.PollAll(ctx)
	if es, _, _ := st.Recent(ctx, owner.Scope(), 0, 1000); len(es) != 2 {
		t.Fatalf("first poll: %d briefings, want 2", len(es))
	}
	p.PollAll(ctx) // unchanged: 304
	if fs.seen[len(fs.seen)-1] == "" {
		t.Errorf("the second poll sent no If-None-Match")
	}
	fs.mu.Lock()
	fs.items = append(fs.items, rssItem(3, strings.Join(paras[:4], "\n")+"\nThe delegations will meet again in Geneva next month, officials said, to draft a framework for talks."))
	fs.mu.Unlock()
	p.PollAll(ctx)
	es, _, _ := st.Recent(ctx, owner.Scope(), 0, 1000)
	if len(es) != 3 {
		t.Errorf("after a new item: %d briefings, want 3", len(es))
	}
	lister := owner
	lister.Args = ""
	list := bot.RenderText(p.Feeds(ctx, lister))
	if !strings.Contains(list, "Example World") || !strings.Contains(list, "ok") {
		t.Errorf("/feeds: %s", list)
	}

	// Another chat neither sees the feed's stories nor its feed, and cannot remove it.
	stranger := bot.Request{Platform: "test", ChatID: "c2", Private: true, IsAdmin: true}
	if es, _, _ := st.Recent(ctx, stranger.Scope(), 0, 1000); len(es) != 0 {
		t.Errorf("a stranger's chat sees %d of c1's briefings", len(es))
	}
	if list := bot.RenderText(p.Feeds(ctx, stranger)); strings.Contains(list, srv.URL) {
		t.Errorf("a stranger's /feeds lists c1's feed: %s", list)
	}
	stranger.Args = "remove " + srv.URL + "/feed.xml"
	if r := p.Feeds(ctx, stranger); !r.Error {
		t.Errorf("a stranger removed c1's feed: %s", bot.RenderText(r))
	}
	if feeds, _ := st.Feeds(ctx); len(feeds) != 1 {
		t.Errorf("%d feeds after a stranger's remove, want 1", len(feeds))
	}
}

func TestFailingFeedBacksOffWarnsThenStops(t *testing.T) {
	fs := &feedServer{status: http.StatusInternalServerError}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	var told []string
	notify := func(ctx context.Context, chat bot.ChatRef, r bot.Reply) error {
		told = append(told, chat.ChatID+": "+bot.RenderText(r))
		return nil
	}
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, notify, 5<<20)
	ctx := context.Background()
	if err := st.PutFeed(ctx, store.Feed{URL: srv.URL + "/feed", Owner: bot.ChatRef{Platform: "test", ChatID: "c1"}}); err != nil {
		t.Fatal(err)
	}
	var gaps []time.Duration
	for i := 0; i < 10; i++ {
		p.PollAll(ctx)
		feeds, _ := st.Feeds(ctx)
		if feeds[0].Disabled {
			break
		}
		gaps = append(gaps, feeds[0].NextTry.Sub(clock.Now()))
		clock.Set(feeds[0].NextTry)
	}
	feeds, _ := st.Feeds(ctx)
	if !feeds[0].Disabled || feeds[0].Failures != DisableAfter {
		t.Fatalf("feed %+v, want disabled after %d failures", feeds[0], DisableAfter)
	}
	for i := 1; i < len(gaps); i++ {
		if gaps[i] <= gaps[i-1] {
			t.Errorf("back-off did not grow: %v", gaps)
		}
	}
	if len(told) != 2 || !strings.Contains(told[0], "failed 3 times") || !strings.Contains(told[1], "stopped reading") {
		t.Errorf("chat was told %q", told)
	}
	polls := len(fs.seen)
	p.PollAll(ctx)
	if len(fs.seen) != polls {
		t.Errorf("a disabled feed was polled")
	}
}

func TestMalformedFeed(t *testing.T) {
	fs := &feedServer{body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</ti`}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, nil, 5<<20)
	if r := p.Feeds(context.Background(), bot.Request{Args: "add " + srv.URL}); !r.Error {
		t.Errorf("a malformed feed was added: %s", bot.RenderText(r))
	}
	st.PutFeed(context.Background(), store.Feed{URL: srv.URL})
	if _, err := p.Poll(context.Background(), store.Feed{URL: srv.URL}); err == nil {
		t.Errorf("malformed XML parsed")
	}
}

func TestFolderIngest(t *testing.T) {
	dir := t.TempDir()
	sample, _ := os.ReadFile("../samples/paris-2024.txt")
	news, _ := os.ReadFile("../briefings/testdata/news.txt")
	readout, _ := os.ReadFile("../briefings/testdata/readout.txt")
	os.WriteFile(filepath.Join(dir, "a.txt"), sample, 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("# "+strings.Replace(string(news), "\n", "\n\n", -1)), 0o644)
	os.WriteFile(filepath.Join(dir, "c.html"), []byte("<html><head><title>Readout</title></head><body><article><p>"+strings.ReplaceAll(string(readout), "\n", "</p><p>")+"</p></article></body></html>"), 0o644)
	os.WriteFile(filepath.Join(dir, "d.png"), []byte{0x89, 'P', 'N', 'G'}, 0o644)
	os.WriteFile(filepath.Join(dir, "e.txt"), sample, 0o644) // the same text again
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	results := Add(context.Background(), st, nil, []string{dir}, 5<<20)
	if len(results) != 4 {
		t.Fatalf("got %d results, want 4 (the png skipped): %+v", len(results), results)
	}
	for _, r := range results[:3] {
		if r.Err != nil || r.Duplicate {
			t.Errorf("%s: %v duplicate=%v", r.Input, r.Err, r.Duplicate)
		}
	}
	if !results[3].Duplicate {
		t.Errorf("the same text twice was stored twice")
	}
	es, _, _ := st.Recent(context.Background(), bot.SharedScope, 0, 1000)
	if len(es) != 3 {
		t.Errorf("got %d briefings, want 3", len(es))
	}
}

func TestRepublishedStoryMerged(t *testing.T) {
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	ctx := context.Background()
	sample, _ := os.ReadFile("../samples/paris-2024.txt")
	first, err := st.AddReport(ctx, bot.Report{Source: "https://wire.example/story", URL: "https://wire.example/story", Text: sample})
	if err != nil {
		t.Fatal(err)
	}
	republished := "Partner content\n" + strings.Replace(string(sample), "By the briefbot sample desk", "By Agency Staff", 1) + "\nRead more world news on our site."
	again, err := st.AddReport(ctx, bot.Report{Source: "https://portal.example/world/1", URL: "https://portal.example/world/1", Text: []byte(republished)})
	if !errors.Is(err, bot.ErrDuplicate) || again.ID != first.ID {
		t.Fatalf("republished story: %v, id %s vs %s", err, again.ID, first.ID)
	}
	es, _, _ := st.Recent(ctx, bot.SharedScope, 0, 1000)
	if len(es) != 1 || len(es[0].Sources) != 2 {
		t.Fatalf("want one briefing with two sources, got %d briefings, sources %v", len(es), es[0].Sources)
	}
}

func TestStripMarkdown(t *testing.T) {
	got := StripMarkdown("# Title\n\n**Bold** and _it_ with [a link](https://x.org) ![img](a.png)\n> quoted\n- item")
	want := "Title\n\nBold and it with a link \nquoted\nitem"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAddRunsInTheWorkerPoolAndPostsWhenDone(t *testing.T) {
	page := articleHTML(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	posted := make(chan bot.Reply, 1)
	notify := func(ctx context.Context, chat bot.ChatRef, r bot.Reply) error {
		if chat.String() != "telegram:5" {
			t.Errorf("posted to %s", chat)
		}
		posted <- r
		return nil
	}
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, notify, 5<<20)
	ctx, cancel := context.WithCancel(context.Background())
	wait := p.StartWorkers(ctx, 1)
	defer func() { cancel(); wait() }()
	req := bot.Request{Platform: "telegram", ChatID: "5", IsAdmin: true, Private: true}
	first := p.AddURL(ctx, req, srv.URL+"/a")
	if first.Error || !strings.Contains(bot.RenderText(first), "in a moment") {
		t.Fatalf("first reply: %s", bot.RenderText(first))
	}
	got := <-posted
	if !strings.Contains(got.Title, "Zelenskiy presses Trump") && got.Title != "Already there" {
		t.Errorf("posted: %s", bot.RenderText(got))
	}
	if es, _, _ := st.Recent(ctx, req.Scope(), 0, 1000); len(es) != 1 {
		t.Errorf("chat sees %d briefings, want 1", len(es))
	}
	if es, _, _ := st.Recent(ctx, bot.SharedScope, 0, 1000); len(es) != 0 {
		t.Errorf("the shared scope sees %d of a chat's briefings", len(es))
	}
}

func TestMarkupBudget(t *testing.T) {
	deep := "<html><body>" + strings.Repeat("<div>", 100000) + "text"
	if _, err := FromBytes([]byte(deep), "text/html", ""); !errors.Is(err, ErrTooComplex) {
		t.Errorf("100,000 unclosed divs: %v, want ErrTooComplex", err)
	}
	wide := "<html><body>" + strings.Repeat("<span>a</span>", 70000)
	if _, err := FromBytes([]byte(wide), "text/html", ""); !errors.Is(err, ErrTooComplex) {
		t.Errorf("70,000 spans: %v, want ErrTooComplex", err)
	}
	if _, err := FromBytes([]byte(articleHTML(t)), "text/html", ""); err != nil {
		t.Errorf("an ordinary article: %v", err)
	}
}

// An item whose page turns out to be a report already stored is fetched
// once, not on every poll.
func TestDuplicateItemPageFetchedOnce(t *testing.T) {
	page := articleHTML(t)
	var pageHits atomic.Int64
	mux := http.NewServeMux()
	var items []string
	var mu sync.Mutex
	mux.HandleFunc("/copy", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssHead+strings.Join(items, "")+`</channel></rss>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	ctx := context.Background()
	// The same article is already stored from elsewhere.
	first, err := FromBytes([]byte(page), "text/html", "https://wire.example/original")
	if err != nil {
		t.Fatal(err)
	}
	first.Source, first.URL = "https://wire.example/original", "https://wire.example/original"
	if _, err := st.AddReport(ctx, first); err != nil {
		t.Fatal(err)
	}
	p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true}), clock, nil, nil, 5<<20)
	st.PutFeed(ctx, store.Feed{URL: srv.URL + "/feed"})
	link := `<item><title>Copy</title><link>` + srv.URL + `/copy</link><description>short</description></item>`
	mu.Lock()
	items = []string{link}
	mu.Unlock()
	for poll := 0; poll < 3; poll++ {
		mu.Lock()
		items = append(items, fmt.Sprintf(`<item><title>Other %d</title><description>tiny</description></item>`, poll))
		mu.Unlock()
		feeds, _ := st.Feeds(ctx)
		p.Poll(ctx, feeds[0])
	}
	if n := pageHits.Load(); n != 1 {
		t.Errorf("the duplicate page was fetched %d times in 3 polls, want 1", n)
	}
}

func TestFetchErrorsInChatSayNoInternals(t *testing.T) {
	tests := []struct {
		url string
		err error
	}{
		{"https://nowhere.invalid/x", errors.New(`fetch https://nowhere.invalid/x: dial tcp: lookup nowhere.invalid on 10.255.255.53:53: no such host`)},
		{"https://example.org:8443/x", errors.New(`dial tcp 93.184.215.14:8443: connect: connection refused`)},
		{"http://[::1%25lo]:9/", fmt.Errorf("%w: [::1%%lo]:9", ErrPrivateAddress)},
	}
	for _, tt := range tests {
		msg := friendly(tt.url, tt.err)
		for _, leak := range []string{"10.255", "93.184", "8443", "::1", "dial", "lookup"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%q tells the chat %q", msg, leak)
			}
		}
	}
}

// The inbox adds what is there, then what arrives or changes, each once,
// until its context ends.
func TestWatchInbox(t *testing.T) {
	dir := t.TempDir()
	news, _ := os.ReadFile("../briefings/testdata/news.txt")
	readout, _ := os.ReadFile("../briefings/testdata/readout.txt")
	os.WriteFile(filepath.Join(dir, "a.txt"), news, 0o644)
	clock := bot.NewManualClock(start)
	st := testStore(t, clock)
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan Result, 16)
	done := make(chan error, 1)
	go func() {
		done <- WatchInbox(ctx, dir, time.Minute, clock, st, 5<<20, func(r Result) { results <- r })
	}()
	if r := <-results; r.Err != nil || r.Duplicate || r.Input != filepath.Join(dir, "a.txt") {
		t.Fatalf("first scan: %+v", r)
	}
	// A new file and a file that is not text: each reported once.
	os.WriteFile(filepath.Join(dir, "b.txt"), readout, 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("PK\x03\x04\x00 binary"), 0o644)
	got := map[string]Result{}
	for len(got) < 2 {
		r := <-results
		got[filepath.Base(r.Input)] = r
	}
	if r := got["b.txt"]; r.Err != nil || r.Duplicate {
		t.Errorf("new file: %+v", r)
	}
	if r := got["c.txt"]; !errors.Is(r.Err, briefings.ErrBinary) {
		t.Errorf("binary file: %v, want ErrBinary", r.Err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("WatchInbox ended with %v", err)
	}
	if len(results) > 0 {
		t.Errorf("a file was added again on a rescan: %+v", <-results)
	}
	es, _, _ := st.Recent(context.Background(), bot.SharedScope, 0, 10)
	if len(es) != 2 {
		t.Errorf("%d briefings stored, want 2", len(es))
	}
}

// A file is read only once two scans see it alike, and once per state.
func TestInboxReadsSettledFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(p, []byte("half"), 0o644)
	w := inboxScan{last: map[string]fileStamp{}, taken: map[string]fileStamp{}}
	later := time.Now().Add(time.Hour)
	steps := []struct {
		name   string
		change func()
		want   bool
	}{
		{"first sight", nil, false},
		{"unchanged since", nil, true},
		{"already read", nil, false},
		{"still being written", func() {
			os.WriteFile(p, []byte("half and the rest"), 0o644)
			os.Chtimes(p, later, later)
		}, false},
		{"written out", nil, true},
		{"emptied", func() { os.WriteFile(p, nil, 0o644) }, false},
		{"empty, so maybe just created", nil, false},
		{"gone", func() { os.Remove(p) }, false},
	}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		if got := w.settled(p); got != s.want {
			t.Errorf("%s: settled = %v, want %v", s.name, got, s.want)
		}
	}
}

// What was read while a write landed is dropped, and the file read again
// once it settles.
func TestInboxDropsAReadOverlappingAWrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(p, []byte("half"), 0o644)
	w := inboxScan{last: map[string]fileStamp{}, taken: map[string]fileStamp{}}
	w.settled(p)
	if !w.settled(p) {
		t.Fatal("an unchanged file did not settle")
	}
	later := time.Now().Add(time.Hour)
	os.WriteFile(p, []byte("half and the rest"), 0o644)
	os.Chtimes(p, later, later)
	if w.keep(p) {
		t.Error("a read overlapping a write was kept")
	}
	if !w.settled(p) {
		t.Error("the written-out file did not settle on the next scan")
	}
	if !w.keep(p) {
		t.Error("a read of a settled file was dropped")
	}
}
