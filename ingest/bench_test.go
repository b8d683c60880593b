package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/sqlite"
)

// syntheticItem writes a short report of a meeting from word lists, different
// for every n; every tenth item republishes an earlier one.
func syntheticItem(n int) string {
	if n%10 == 9 {
		return "Republished: " + syntheticItem(n-5) + " Copyright partner site."
	}
	r := rand.New(rand.NewPCG(uint64(n), 7))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	given := []string{"Amina", "Lukas", "Sofia", "Tomas", "Grace", "Kenji", "Ana", "Omar", "Lena", "Marc"}
	family := []string{"Okafor", "Weber", "Ruiz", "Novak", "Sato", "Haddad", "Berg", "Lenoir", "Moreau", "Kowalski"}
	a := fmt.Sprintf("%s %s%d", pick(given...), pick(family...), n)
	b := fmt.Sprintf("%s %s%d", pick(given...), pick(family...), n+1)
	topics := []string{"grain exports", "a ceasefire", "tariffs on steel", "a gas pipeline", "refugee aid", "port security", "debt relief", "election monitors"}
	cities := []string{"Geneva", "Nairobi", "Vienna", "Ankara", "Doha", "Oslo", "Lima", "Hanoi"}
	var s strings.Builder
	fmt.Fprintf(&s, "Talks on %s in %s, round %d\n", pick(topics...), pick(cities...), n)
	fmt.Fprintf(&s, "Foreign Minister %s met Prime Minister %s in %s on day %d to discuss %s. ", a, b, pick(cities...), n%28+1, pick(topics...))
	fmt.Fprintf(&s, "%s said the talks on %s had made progress and urged a deal within %d weeks. ", family[n%10], pick(topics...), n%9+2)
	fmt.Fprintf(&s, "%s warned that %s could not wait, two officials said. ", b, pick(topics...))
	fmt.Fprintf(&s, "\"We need %s now,\" %s told reporters after meeting number %d. ", pick(topics...), a, n)
	fmt.Fprintf(&s, "The two leaders agreed to meet again in %s, according to a statement issued in round %d.", pick(cities...), n)
	return s.String()
}

// BenchmarkFeedIngest: one poll of a feed of 1,000 items into an empty
// SQLite file: fetch, parse, dedupe, analyse, store.
func BenchmarkFeedIngest(b *testing.B) {
	var feed strings.Builder
	feed.WriteString(rssHead)
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&feed, `<item><title>Item %d</title><link>https://example.org/item-%d</link><description><![CDATA[%s]]></description></item>`, i, i, syntheticItem(i))
	}
	feed.WriteString(`</channel></rss>`)
	body := feed.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	ctx := context.Background()
	stored := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)), briefings.Analyzer{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		st.PutFeed(ctx, store.Feed{URL: srv.URL})
		p := NewPoller(st, NewFetcher(FetchConfig{AllowPrivate: true, MaxBytes: 16 << 20}), bot.SystemClock{}, nil, nil, 5<<20)
		b.StartTimer()
		p.PollAll(ctx)
		b.StopTimer()
		es, _, _ := st.Recent(ctx, bot.SharedScope, 0, 1000)
		stored = len(es)
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(stored), "briefings")
}
