package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// Adder stores reports; the SQLite store is one. Add calls it from several
// goroutines at once.
type Adder interface {
	AddReport(ctx context.Context, r bot.Report) (bot.Entry, error)
}

// Result is what became of one input.
type Result struct {
	Input     string
	Entry     bot.Entry
	Duplicate bool
	Err       error
}

// readable are the file types ingest reads.
var readable = map[string]string{".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html"}

// ReadFile reads a report file (plain text, Markdown or HTML) within limit.
// The type comes from the extension and, for HTML, from the content too, so
// a page saved as .txt or without an extension is still read as a page.
func ReadFile(path string, limit int64) (bot.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return bot.Report{}, err
	}
	defer f.Close()
	r, err := ReadReport(f, filepath.Base(path), limit)
	if err != nil {
		return bot.Report{}, err
	}
	if st, err := f.Stat(); err == nil && r.Published.IsZero() {
		r.Published = st.ModTime()
	}
	return r, nil
}

// ReadReport reads a report from r within limit; name is what it is called
// (a file name, or "standard input") and gives the type by its extension.
func ReadReport(r io.Reader, name string, limit int64) (bot.Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return bot.Report{}, err
	}
	if int64(len(data)) > limit {
		return bot.Report{}, fmt.Errorf("%w: %s is over the limit of %d bytes (BRIEFBOT_MAX_DOC_BYTES)", ErrTooLarge, name, limit)
	}
	rep, err := FromBytes(data, mediaType(name, data), "")
	if err != nil {
		return bot.Report{}, fmt.Errorf("%s: %w", name, err)
	}
	rep.Source = name
	return rep, nil
}

// mediaType is a report's type: HTML whenever the content is HTML, else by
// the extension, else plain text.
func mediaType(name string, data []byte) string {
	if looksLikeHTML(data) {
		return "text/html"
	}
	if mt := readable[strings.ToLower(filepath.Ext(name))]; mt != "" {
		return mt
	}
	return "text/plain"
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<article"} {
		if bytes.HasPrefix(head, []byte(tag)) {
			return true
		}
	}
	return strings.HasPrefix(http.DetectContentType(data), "text/html")
}

// Expand turns folders into the report files inside them, sorted; files
// stay as they are.
func Expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return filepath.SkipDir
			}
			if !d.IsDir() && readable[strings.ToLower(filepath.Ext(path))] != "" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Add reads and stores each input: files, folders, http(s) URLs. Every
// input that can be stored is; each failure is reported with its own input.
func Add(ctx context.Context, store Adder, fetch *Fetcher, inputs []string, limit int64) []Result {
	var jobs []func() Result
	var paths []string
	var at []int // the job of each path
	for _, in := range inputs {
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			jobs = append(jobs, func() Result { return addURL(ctx, store, fetch, in, bot.SharedScope) })
			continue
		}
		files, err := Expand([]string{in})
		if err != nil {
			jobs = append(jobs, func() Result { return Result{Input: in, Err: err} })
			continue
		}
		for _, p := range files {
			paths = append(paths, p)
			at = append(at, len(jobs))
			jobs = append(jobs, nil)
		}
	}
	// The files are read on every core first, so their texts are known:
	// a text that comes twice is stored from its first file and the later
	// ones report the duplicate, however the workers interleave, since a
	// later copy waits for the first to be stored.
	reports := make([]bot.Report, len(paths))
	errs := make([]error, len(paths))
	eachParallel(len(paths), runtime.NumCPU(), func(i int) { reports[i], errs[i] = ReadFile(paths[i], limit) })
	firsts := map[string]chan struct{}{}
	for i, p := range paths {
		r, err := reports[i], errs[i]
		done := make(chan struct{})
		var first chan struct{}
		if err == nil {
			h := bot.ContentHash(r.Text)
			if first = firsts[h]; first == nil {
				firsts[h] = done
			}
		}
		jobs[at[i]] = func() Result {
			defer close(done)
			if err != nil {
				return Result{Input: p, Err: err}
			}
			if first != nil {
				<-first // dispatched before this job, so already under way
			}
			return store1(ctx, store, p, r)
		}
	}
	return runAll(jobs, runtime.NumCPU())
}

// runAll runs jobs on n workers and returns their results in the jobs'
// order: analysis, the slow part of adding a report, uses every core.
func runAll(jobs []func() Result, n int) []Result {
	out := make([]Result, len(jobs))
	eachParallel(len(jobs), n, func(i int) { out[i] = jobs[i]() })
	return out
}

// eachParallel calls fn(0) … fn(count-1) on n workers, handing the
// indexes out in order.
func eachParallel(count, n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range count {
		next <- i
	}
	close(next)
	wg.Wait()
}

// fileStamp is what a scan sees of a file without reading it.
type fileStamp struct {
	mod  time.Time
	size int64
}

// inboxScan remembers each file as the previous scan saw it and as it was
// when last read.
type inboxScan struct {
	last, taken map[string]fileStamp
}

func stampOf(p string) (fileStamp, bool) {
	st, err := os.Stat(p)
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{st.ModTime(), st.Size()}, true
}

// settled reports whether p is unchanged since the previous scan, not empty
// (a file just created is) and not yet read as it now stands, and if so marks
// it read.
func (w inboxScan) settled(p string) bool {
	now, ok := stampOf(p)
	if !ok {
		return false
	}
	before, seen := w.last[p]
	w.last[p] = now
	if !seen || before != now || now.size == 0 || w.taken[p] == now {
		return false
	}
	w.taken[p] = now
	return true
}

// keep reports whether p still looks as it did when settled said to read it;
// if a write landed during the read, what was read is dropped and the file
// waits to settle again.
func (w inboxScan) keep(p string) bool {
	now, _ := stampOf(p)
	if now == w.taken[p] {
		return true
	}
	delete(w.taken, p)
	w.last[p] = now
	return false
}

func addURL(ctx context.Context, store Adder, fetch *Fetcher, u, scope string) Result {
	if fetch == nil {
		return Result{Input: u, Err: errors.New("fetching pages is off")}
	}
	r, err := fetch.Page(ctx, u)
	if err != nil {
		return Result{Input: u, Err: err}
	}
	r.Scope = scope
	return store1(ctx, store, u, r)
}

func store1(ctx context.Context, store Adder, input string, r bot.Report) Result {
	e, err := store.AddReport(ctx, r)
	if errors.Is(err, bot.ErrDuplicate) {
		return Result{Input: input, Entry: e, Duplicate: true}
	}
	return Result{Input: input, Entry: e, Err: err}
}

// WatchInbox adds new or changed report files in dir every interval until
// ctx ends. The store keeps the same text once, so a rescan adds nothing twice.
// A file is read once it looks the same on two scans in a row: one still being
// written would otherwise be read half-done, or read whole under the stamp of
// its creation and then again under the stamp of its last write.
func WatchInbox(ctx context.Context, dir string, every time.Duration, clock bot.Clock, store Adder, limit int64, onResult func(Result)) error {
	w := inboxScan{last: map[string]fileStamp{}, taken: map[string]fileStamp{}}
	for {
		files, err := Expand([]string{dir})
		if err != nil && ctx.Err() == nil {
			onResult(Result{Input: dir, Err: err})
		}
		for _, p := range files {
			if !w.settled(p) {
				continue
			}
			r, err := ReadFile(p, limit)
			if !w.keep(p) {
				continue
			}
			if err != nil {
				onResult(Result{Input: p, Err: err})
				continue
			}
			onResult(store1(ctx, store, p, r))
		}
		if err := clock.Sleep(ctx, every); err != nil {
			return nil
		}
	}
}
