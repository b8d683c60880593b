package sqlite_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/synthlib"
	"github.com/briefbot/briefbot/store/sqlite"
)

// BenchmarkLibrary is each command on the real command path (router and
// store) over a large library; every figure should stay flat as it grows.
func BenchmarkLibrary(b *testing.B) {
	ctx := context.Background()
	for _, n := range synthlib.Sizes(b) {
		st := synthlib.Open(b, n)
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
	for _, n := range synthlib.Sizes(b) {
		kept := synthlib.Open(b, n)
		kept.Close()
		src := synthlib.Path(n)
		dst := filepath.Join(b.TempDir(), "copy.db")
		if err := copyFile(src, dst); err != nil {
			b.Fatal(err)
		}
		st, err := sqlite.Open(ctx, dst, briefings.Options{}, func() time.Time { return synthlib.Start.Add(time.Duration(n) * time.Minute) })
		if err != nil {
			b.Fatal(err)
		}
		next := n // kept across -count runs, which share the copy
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			for b.Loop() {
				if err := synthlib.Add(ctx, st, next, next+100); err != nil {
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
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
