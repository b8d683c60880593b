package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/pgtest"
	"github.com/briefbot/briefbot/internal/synthlib"
	"github.com/briefbot/briefbot/store/migrate"
	"github.com/briefbot/briefbot/store/postgres"
)

// library is a PostgreSQL database holding the synthetic library of n
// briefings, copied from the SQLite one (synthlib) by `briefbot migrate`'s
// code and kept on the server for the next run.
func library(b *testing.B, n int) *postgres.Store {
	name := fmt.Sprintf("briefbot_library_%d_%s_%d", n, strings.NewReplacer(".", "_", "-", "_").Replace(briefings.Version), postgres.SchemaVersion())
	url := pgtest.Kept(b, name, func(url string) error {
		synthlib.Open(b, n).Close()
		start := time.Now()
		_, err := migrate.SQLiteToPostgres(context.Background(), briefings.Analyzer{}, synthlib.Path(n), url)
		b.Logf("copied a library of %d briefings into PostgreSQL in %s", n, time.Since(start).Round(time.Second))
		return err
	})
	st, err := postgres.Open(context.Background(), url, briefings.Analyzer{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkLibrary is the SQLite store's BenchmarkLibrary on PostgreSQL:
// the same commands over the same libraries.
func BenchmarkLibrary(b *testing.B) {
	for _, n := range synthlib.Sizes(b) {
		synthlib.BenchCommands(b, library(b, n), n)
	}
}

// BenchmarkLibraryIngest adds new reports to each library: items per
// second with analysis, duplicate checks and the writes.
func BenchmarkLibraryIngest(b *testing.B) {
	ctx := context.Background()
	for _, n := range synthlib.Sizes(b) {
		st := library(b, n)
		var next int
		if _, total, err := st.Recent(ctx, "", 0, 1); err == nil {
			next = total // kept across runs, which share the library
		}
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			for b.Loop() {
				if err := synthlib.Add(ctx, st, next, next+100); err != nil {
					b.Fatal(err)
				}
				next += 100
			}
			b.ReportMetric(float64(100*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
