package sqlite_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/synthlib"
	"github.com/briefbot/briefbot/store/sqlite"
)

// BenchmarkLibrary is each command on the real command path (router and
// store) over a large library; every figure should stay flat as it grows.
func BenchmarkLibrary(b *testing.B) {
	for _, n := range synthlib.Sizes(b) {
		synthlib.BenchCommands(b, synthlib.Open(b, n), n)
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
		st, err := sqlite.Open(ctx, dst, briefings.Analyzer{}, func() time.Time { return synthlib.Start.Add(time.Duration(n) * time.Minute) })
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
