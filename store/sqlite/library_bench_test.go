package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/synth"
)

// librarySizes are the sizes BenchmarkLibrary builds: 1,000 and 10,000 by
// default, BRIEFBOT_BENCH_LIBRARY=1000,10000,100000 for more. A built
// library is kept in the temporary directory (named by its size and the
// analyser's version) so the next run starts at once.
func librarySizes(b *testing.B) []int {
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

// libraryPath names a kept library by its size, the analyser's version and
// the schema's, so neither change reuses a stale one.
func libraryPath(n int) string {
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	return filepath.Join(os.TempDir(), fmt.Sprintf("briefbot-library-%d-%s-%d.db", n, briefings.Version, len(files)))
}

var libraryStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// synthLibrary opens a store holding synthetic reports 0..n-1, building it
// first (on every core) when it is not kept from an earlier run.
func synthLibrary(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	path := libraryPath(n)
	if _, err := os.Stat(path); err != nil {
		building := path + ".building"
		os.Remove(building)
		st, err := Open(ctx, building, briefings.Options{}, func() time.Time { return libraryStart.Add(time.Duration(n) * time.Minute) })
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := addSynth(ctx, st, 0, n); err != nil {
			b.Fatal(err)
		}
		if _, err := st.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		st.Close()
		b.Logf("built a library of %d briefings in %s", n, time.Since(start).Round(time.Second))
		if err := os.Rename(building, path); err != nil {
			b.Fatal(err)
		}
	}
	st, err := Open(ctx, path, briefings.Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// addSynth adds synthetic reports from..to-1 with one writer per core.
func addSynth(ctx context.Context, st *Store, from, to int) error {
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
				r := bot.Report{Source: fmt.Sprintf("synth-%d", i), Text: synth.Report(i), Published: libraryStart.Add(time.Duration(i) * time.Minute)}
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

// BenchmarkLibrary is each command on the real command path (router and
// store) over a large library; every figure should stay flat as it grows.
func BenchmarkLibrary(b *testing.B) {
	ctx := context.Background()
	for _, n := range librarySizes(b) {
		st := synthLibrary(b, n)
		r := bot.NewRouter(st)
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
}

// BenchmarkLibraryIngest adds new reports to a copy of each library: the
// items per second at its size (fetching excluded; analysis, dedupe and
// the writes included).
func BenchmarkLibraryIngest(b *testing.B) {
	ctx := context.Background()
	for _, n := range librarySizes(b) {
		kept := synthLibrary(b, n)
		kept.Close()
		src := libraryPath(n)
		dst := filepath.Join(b.TempDir(), "copy.db")
		if err := copyFile(src, dst); err != nil {
			b.Fatal(err)
		}
		st, err := Open(ctx, dst, briefings.Options{}, func() time.Time { return libraryStart.Add(time.Duration(n) * time.Minute) })
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			next := n
			for b.Loop() {
				if err := addSynth(ctx, st, next, next+100); err != nil {
					b.Fatal(err)
				}
				next += 100
			}
			b.ReportMetric(float64(100*b.N)/b.Elapsed().Seconds(), "items/s")
		})
		st.Close()
	}
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}
