package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/pgtest"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/storetest"
)

func openAt(t *testing.T, where string, now func() time.Time) *Store {
	t.Helper()
	st, err := Open(context.Background(), where, briefings.Options{}, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New:  func(t *testing.T) string { return pgtest.NewDatabase(t) },
		Open: func(t *testing.T, where string, now func() time.Time) store.Store { return openAt(t, where, now) },
	})
}
