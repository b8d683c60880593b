// Package synthlib keeps libraries of synthetic reports (internal/synth) in
// SQLite files for benchmarks at 1,000 to 100,000 briefings.
package synthlib

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/synth"
	"github.com/briefbot/briefbot/store/sqlite"
)

// Sizes are the library sizes to benchmark: 1,000 and 10,000 by
// default, BRIEFBOT_BENCH_LIBRARY=1000,10000,100000 for more. A built
// library is kept in the temporary directory (named by its size and the
// analyser's version) so the next run starts at once.
func Sizes(b testing.TB) []int {
	spec := os.Getenv("BRIEFBOT_BENCH_LIBRARY")
	if spec == "" {
		spec = "1000,10000"
	}
	var out []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("BRIEFBOT_BENCH_LIBRARY: %q is not a size", f)
		}
		out = append(out, n)
	}
	return out
}

// Path names a kept library by its size, the analyser's version and
// the schema's, so neither change reuses a stale one.
func Path(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("briefbot-library-%d-%s-%d.db", n, briefings.Version, sqlite.SchemaVersion()))
}

// Start is the publication time of report 0; report i is i minutes later.
var Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Open opens a store holding synthetic reports 0..n-1, building it first
// when it is not kept from an earlier run. The store closes with the test.
func Open(b testing.TB, n int) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	path := Path(n)
	if _, err := os.Stat(path); err != nil {
		building := path + ".building"
		os.Remove(building)
		st, err := sqlite.Open(ctx, building, briefings.Analyzer{}, func() time.Time { return Start.Add(time.Duration(n) * time.Minute) })
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := Add(ctx, st, 0, n); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil { // the last connection's close folds the WAL into the file
			b.Fatal(err)
		}
		b.Logf("built a library of %d briefings in %s", n, time.Since(start).Round(time.Second))
		if err := os.Rename(building, path); err != nil {
			b.Fatal(err)
		}
	}
	st, err := sqlite.Open(ctx, path, briefings.Analyzer{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// Adder is a store reports go into.
type Adder interface {
	AddReport(ctx context.Context, r bot.Report) (bot.Entry, error)
}

// Add adds synthetic reports from..to-1, several callers per core as a
// feed poll or a folder ingest does.
func Add(ctx context.Context, st Adder, from, to int) error {
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	// More writers than cores: while some wait for the writer's commit,
	// others analyse, and the writer finds a batch waiting.
	workers := 4 * runtime.NumCPU()
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < to; i = int(next.Add(1) - 1) {
				r := bot.Report{Source: fmt.Sprintf("synth-%d", i), Text: synth.Report(i), Published: Start.Add(time.Duration(i) * time.Minute)}
				if _, err := st.AddReport(ctx, r); err != nil {
					errs <- fmt.Errorf("report %d: %w", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// BenchCommands runs each command on the real command path (router and
// store) over a library of n briefings; every figure should stay flat as
// the library grows. Both stores' BenchmarkLibrary call it.
func BenchCommands(b *testing.B, st bot.Library, n int) {
	ctx := context.Background()
	r := bot.NewRouter(st, bot.WithAnswerer(answer.Finder{}))
	newest, err := st.Pick(ctx, bot.SharedScope, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, cmd, args string }{
		{"briefings", "briefings", ""},
		{"brief", "brief", ""},
		{"brief-by-id", "brief", newest.ID},
		{"brief-by-title", "brief", "grain exports geneva"},
		{"positions-recurring", "positions", "calloway"},
		{"positions-one", "positions", strings.Fields(newest.Title)[0]},
		{"positions-unknown", "positions", "nobody"},
		{"quotes", "quotes", "calloway"},
		{"ask", "ask", "how long did the meeting in geneva last?"},
	} {
		req := bot.Request{Platform: "discord", ChatID: "1", UserID: "1", Command: c.cmd, Args: c.args}
		r.Handle(ctx, req) // warm the statements and the cache, as a running bot is
		b.Run(fmt.Sprintf("%d/%s", n, c.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if reply := r.Handle(ctx, req); reply.Title == "" {
					b.Fatal("no reply")
				}
			}
		})
	}
	b.Run(fmt.Sprintf("%d/autocomplete", n), func(b *testing.B) {
		for b.Loop() {
			if names, err := st.ActorNames(ctx, "discord:1", "cal", 25); err != nil || len(names) == 0 {
				b.Fatal(names, err)
			}
		}
	})
}
