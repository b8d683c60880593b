package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/storetest"
)

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) string { return filepath.Join(t.TempDir(), "briefbot.db") },
		Open: func(t *testing.T, where string, now func() time.Time) store.Store {
			st := openWith(t, where, now)
			return st
		},
	})
}
