package bot

import (
	"testing"

	"github.com/robfig/cron/v3"
)

// A job that panics once must still run the next time it fires.
func TestJobChainSurvivesPanic(t *testing.T) {
	runs := 0
	job := cron.NewChain(jobChain(cron.DiscardLogger)...).Then(cron.FuncJob(func() {
		runs++
		if runs == 1 {
			panic("first run fails")
		}
	}))
	job.Run()
	job.Run()
	if runs != 2 {
		t.Errorf("the job ran %d times after a panic, want 2", runs)
	}
	// The wrong order, for contrast: the guard stays held after the panic.
	stuck := 0
	bad := cron.NewChain(cron.Recover(cron.DiscardLogger), cron.SkipIfStillRunning(cron.DiscardLogger)).Then(cron.FuncJob(func() {
		stuck++
		panic("always")
	}))
	bad.Run()
	bad.Run()
	if stuck != 1 {
		t.Errorf("with Recover outside the guard the job ran %d times; the test no longer shows why the order matters", stuck)
	}
}
