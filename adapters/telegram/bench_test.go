package telegram

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/internal/loadstat"
)

// BenchmarkWebhook: an update posted to the webhook on loopback, handled by
// the real router, and the reply sent to the fake Bot API, end to end.
func BenchmarkWebhook(b *testing.B) {
	f := newFakeAPI(b)
	a := newAdapter(b, f, nil, nil, nil, nil)
	srv := httptest.NewServer(a)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var id atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			n := int(id.Add(1))
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(update(n, int64(n), "private", 5, "/positions trump")))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "hook-secret")
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(f.Sent("sendMessage")) < b.N {
		b.Fatalf("only %d replies for %d updates", len(f.Sent("sendMessage")), b.N)
	}
	loadstat.Report(b, lat, elapsed, "updates")
}
