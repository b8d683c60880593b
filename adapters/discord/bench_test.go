package discord

import (
	"bytes"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/internal/loadstat"
)

// BenchmarkInteractions: a signed /positions interaction in over loopback,
// verified, handled by the real router and answered in the response.
func BenchmarkInteractions(b *testing.B) {
	r := newRig(b, nil, "")
	r.clock.Set(time.Now())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	body := fakediscord.Command("bench", "g1", 0, "positions", map[string]any{"actor": "trump"})
	var mu sync.Mutex
	var lat []time.Duration
	var failed atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, r.srv.URL, bytes.NewReader(body))
			sig, ts := r.signer.Sign(body, time.Now())
			req.Header.Set("X-Signature-Ed25519", sig)
			req.Header.Set("X-Signature-Timestamp", ts)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK {
				failed.Add(1)
				continue
			}
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if failed.Load() > 0 || len(lat) == 0 {
		b.Fatalf("%d interactions failed", failed.Load())
	}
	loadstat.Report(b, lat, elapsed, "interactions")
}
