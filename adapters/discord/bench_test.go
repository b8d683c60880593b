package discord

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/internal/loadstat"
	"github.com/briefbot/briefbot/internal/synthlib"
)

// BenchmarkInteractions: a signed /positions interaction in over loopback,
// verified, handled by the real router and answered in the response.
func BenchmarkInteractions(b *testing.B) { benchInteractions(b, nil, "trump") }

// BenchmarkInteractionsLibrary is the same over libraries of synthetic
// briefings (synthlib.Sizes), asking for an envoy a quarter of them quote.
func BenchmarkInteractionsLibrary(b *testing.B) {
	for _, n := range synthlib.Sizes(b) {
		lib := synthlib.Open(b, n)
		b.Run(fmt.Sprintf("%dbriefings", n), func(b *testing.B) { benchInteractions(b, lib, "calloway") })
	}
}

func benchInteractions(b *testing.B, lib bot.Library, actor string) {
	r := newRig(b, lib, "")
	r.clock.Set(time.Now())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var seq atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var failed atomic.Int64
	// The load is built and signed before the clock starts, as wrk sends
	// requests prepared once: the endpoint's work is what is measured.
	type signed struct {
		body    []byte
		sig, ts string
	}
	load := make([]signed, b.N)
	for i := range load {
		// Each interaction has its own id: the same one twice is refused as a replay.
		body := fakediscord.CommandFrom(fmt.Sprintf("bench%d", i), "g1", "c1", fmt.Sprintf("u%d", i%64), "positions", map[string]any{"actor": actor})
		sig, ts := r.signer.Sign(body, time.Now())
		load[i] = signed{body, sig, ts}
	}
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			l := load[seq.Add(1)-1]
			req, _ := http.NewRequest(http.MethodPost, r.srv.URL, bytes.NewReader(l.body))
			req.Header.Set("X-Signature-Ed25519", l.sig)
			req.Header.Set("X-Signature-Timestamp", l.ts)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK {
				if failed.Add(1) == 1 && resp != nil {
					b.Logf("status %d", resp.StatusCode)
				}
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
