// Package e2e runs the real briefbot binary against fake Telegram and Discord
// servers on loopback: commands, digests, restarts, faults, load and bad input.
//
// go test ./e2e          the default suite (about a minute: it waits for a scheduled minute)
// go test ./e2e -long    also 1,000 chats with a SIGKILL mid fan-out, and 1,000-command load
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/internal/faketg"
	"github.com/briefbot/briefbot/internal/loadstat"
	"github.com/briefbot/briefbot/internal/synth"

	_ "modernc.org/sqlite"
)

var long = flag.Bool("long", false, "run the long end-to-end parts: 1,000 chats with a SIGKILL, 1,000-command load")

var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "briefbot-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "briefbot")
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build briefbot:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const tgToken = "4242:e2e-telegram-token"
const discordToken = "e2e-discord-token"

// report is the seed report when the shared folder is beside the
// repository, else the sample compiled into briefbot.
func report(t *testing.T) string {
	for _, p := range []string{"../../shared/seed/000_23354147e0474606.txt", "../samples/paris-2024.txt"} {
		if _, err := os.Stat(p); err == nil {
			abs, _ := filepath.Abs(p)
			return abs
		}
	}
	t.Fatal("no report to ingest")
	return ""
}

// world is one briefbot process with its fakes and database.
type world struct {
	t      *testing.T
	db     string
	tg     *faketg.Server
	dc     *fakediscord.Server
	signer *fakediscord.Signer
	env    []string
	proc   *proc
}

func newWorld(t *testing.T) *world {
	w := &world{t: t, db: filepath.Join(t.TempDir(), "briefbot.db"), tg: faketg.New(t, tgToken), dc: fakediscord.New(t), signer: fakediscord.NewSigner()}
	w.tg.SetMember("6", "administrator")
	w.env = []string{
		"PATH=" + os.Getenv("PATH"), "BRIEFBOT_DB=" + w.db, "BRIEFBOT_HTTP_ADDR=127.0.0.1:0", "BRIEFBOT_LOG_LEVEL=info",
		"TELEGRAM_TOKEN=" + tgToken, "TELEGRAM_API_URL=" + w.tg.URL, "TELEGRAM_WEBHOOK_URL=https://bot.example.org/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET=e2e-secret",
		"DISCORD_TOKEN=" + discordToken, "DISCORD_APP_ID=app1", "DISCORD_PUBLIC_KEY=" + w.signer.PublicHex(), "DISCORD_API_URL=" + w.dc.URL,
	}
	return w
}

// run runs a briefbot command to completion.
func (w *world) run(args ...string) string {
	cmd := exec.Command(binary, args...)
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("briefbot %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// proc is a running `briefbot serve`.
type proc struct {
	cmd   *exec.Cmd
	addr  string
	mu    sync.Mutex
	lines []string
	done  chan error
}

var servingRe = regexp.MustCompile(`"msg":"briefbot serving".*"http":"([^"]+)"`)

// start runs `briefbot serve` and waits for the line saying where it listens.
func (w *world) start() *proc {
	cmd := exec.Command(binary, "serve")
	cmd.Env = w.env
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	p := &proc{cmd: cmd, done: make(chan error, 1)}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.lines = append(p.lines, line)
			p.mu.Unlock()
			if m := servingRe.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
		}
		p.done <- cmd.Wait()
	}()
	select {
	case p.addr = <-ready:
	case err := <-p.done:
		w.t.Fatalf("serve exited at start: %v\n%s", err, p.logs())
	case <-time.After(30 * time.Second):
		w.t.Fatalf("serve did not start:\n%s", p.logs())
	}
	w.proc = p
	w.t.Cleanup(func() { p.stop() })
	return p
}

// resident is the process's resident memory as Linux reports it, or
// "unknown" elsewhere.
func (p *proc) resident() string {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func (p *proc) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// stop ends the process with SIGTERM, as a service manager would.
func (p *proc) stop() error {
	if p.cmd.ProcessState != nil {
		return nil
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		return fmt.Errorf("did not stop on SIGTERM")
	}
}

// kill ends the process with SIGKILL: no clean-up at all.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

func (p *proc) alive() bool {
	resp, err := http.Get("http://" + p.addr + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// telegram posts an update to the webhook.
func (w *world) telegram(secret string, body []byte) int {
	return w.telegramAt(w.proc, secret, body)
}

// telegramAt posts an update to one process of several.
func (w *world) telegramAt(p *proc, secret string, body []byte) int {
	req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/telegram/webhook", bytes.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// discord posts a signed interaction (signed at `at`) and decodes the answer.
func (w *world) discord(body []byte, at time.Time, forge bool) (int, map[string]any) {
	return w.discordTo(w.proc, body, at, forge)
}

// discordAt posts a signed interaction to one process of several.
func (w *world) discordAt(p *proc, body []byte, at time.Time) (int, map[string]any) {
	return w.discordTo(p, body, at, false)
}

func (w *world) discordTo(p *proc, body []byte, at time.Time, forge bool) (int, map[string]any) {
	req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/discord/interactions", bytes.NewReader(body))
	sig, ts := w.signer.Sign(body, at)
	if forge {
		sig = strings.Repeat("0", len(sig))
	}
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func embedText(resp map[string]any) string {
	data, _ := resp["data"].(map[string]any)
	embeds, _ := data["embeds"].([]any)
	var b strings.Builder
	for _, e := range embeds {
		m := e.(map[string]any)
		fmt.Fprint(&b, m["title"], "\n", m["description"], "\n")
	}
	return b.String()
}

var bulletRe = regexp.MustCompile(`(?m)^• (.+?) — `)

// discordPlain undoes the Discord adapter's markdown escapes: any
// backslash-escaped character is the character ("president\-elect").
var discordPlain = regexp.MustCompile(`\\(.)`)

// positionLines pulls the claims out of a rendered /positions reply.
func positionLines(text string) []string {
	text = html.UnescapeString(text)
	var out []string
	for _, m := range bulletRe.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// nextMinute is a daily cron expression for a minute soon enough to wait
// for and far enough to set up before it.
func nextMinute() (string, time.Time) {
	now := time.Now().UTC()
	at := now.Truncate(time.Minute).Add(time.Minute)
	if at.Sub(now) < 20*time.Second {
		at = at.Add(time.Minute)
	}
	return fmt.Sprintf("%d %d * * *", at.Minute(), at.Hour()), at
}

func openDB(t *testing.T, path string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor waits for n Telegram messages (or fails after limit).
func waitForTelegram(t *testing.T, tg *faketg.Server, n int, limit time.Duration, filter func(faketg.Call) bool) []faketg.Call {
	var got []faketg.Call
	deadline := time.After(limit)
	for len(got) < n {
		select {
		case c := <-tg.Messages:
			if filter == nil || filter(c) {
				got = append(got, c)
			}
		case <-deadline:
			t.Fatalf("got %d of %d Telegram messages in %s", len(got), n, limit)
		}
	}
	return got
}

var citation = regexp.MustCompile(`\[s\d+\]`)

func TestCommandsDigestsAndBadInput(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.run("ingest", report(t))
	start := time.Now()
	w.run("ingest", synthFolder(t, libraryForLoad))
	t.Logf("ingested a library of %d synthetic reports in %s", libraryForLoad, time.Since(start).Round(time.Second))
	p := w.start()

	// 1. The same positions on Telegram and on Discord.
	if code := w.telegram("e2e-secret", faketg.Update(1, 7, "private", 5, "/positions trump")); code != 200 {
		t.Fatalf("webhook answered %d", code)
	}
	tgReply := waitForTelegram(t, w.tg, 1, 10*time.Second, nil)[0].Form.Get("text")
	code, dcReply := w.discord(fakediscord.Command("i1", "g1", 0, "positions", map[string]any{"actor": "trump"}), time.Now(), false)
	if code != 200 {
		t.Fatalf("interaction answered %d", code)
	}
	a, b := positionLines(tgReply), positionLines(discordPlain.ReplaceAllString(embedText(dcReply), "$1"))
	if len(a) < 4 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("Telegram and Discord differ:\n%q\n%q", a, b)
	}

	// 6. Bad input is refused, stores nothing, and the process stays up.
	db := openDB(t, w.db)
	reports := count(t, db, `SELECT COUNT(*) FROM reports`)
	sent := len(w.tg.Sent("sendMessage"))
	ping := []byte(`{"id":"p","application_id":"app1","type":1,"token":"t","version":1}`)
	checks := []struct {
		name string
		got  int
		want int
	}{
		{"forged interaction", first(w.discord(ping, time.Now(), true)), 401},
		{"stale interaction", first(w.discord(ping, time.Now().Add(-10*time.Minute), false)), 401},
		{"malformed interaction", first(w.discord([]byte(`{"type":`), time.Now(), false)), 400},
		{"10 MB interaction", first(w.discord(bytes.Repeat([]byte("a"), 10<<20), time.Now(), false)), 413},
		{"wrong webhook secret", w.telegram("wrong", faketg.Update(2, 7, "private", 5, "/help")), 401},
		{"missing webhook secret", w.telegram("", faketg.Update(3, 7, "private", 5, "/help")), 401},
		{"malformed update", w.telegram("e2e-secret", []byte(`{"update_id":`)), 400},
		{"10 MB update", w.telegram("e2e-secret", bytes.Repeat([]byte("a"), 10<<20)), 413},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	if !p.alive() {
		t.Fatal("the process died on bad input")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM reports`); n != reports {
		t.Errorf("bad input stored %d reports", n-reports)
	}
	if n := len(w.tg.Sent("sendMessage")); n != sent {
		t.Errorf("bad input made briefbot send %d messages", n-sent)
	}

	// 5. Load: concurrent /positions through each platform.
	n := 200
	if *long {
		n = 1000
	}
	tgLat := load(t, n, func(i int) bool {
		return w.telegram("e2e-secret", faketg.Update(1000+i, int64(10000+i), "private", int64(10000+i), "/positions trump")) == 200
	})
	dcLat := load(t, n, func(i int) bool {
		code, resp := w.discord(fakediscord.CommandFrom(fmt.Sprintf("load%d", i), "g1", fmt.Sprintf("chan%d", i), fmt.Sprintf("user%d", i), "positions", map[string]any{"actor": "trump"}), time.Now(), false)
		return code == 200 && strings.Contains(embedText(resp), "Positions of Donald Trump")
	})
	waitForTelegram(t, w.tg, n, 30*time.Second, nil)
	t.Logf("load: %d concurrent /positions each; Telegram webhook %.0f/s, p50 %s p99 %s; Discord endpoint %.0f/s, p50 %s p99 %s; serve resident memory %s",
		n, rate(tgLat), pct(tgLat, 50), pct(tgLat, 99), rate(dcLat), pct(dcLat, 50), pct(dcLat, 99), p.resident())

	// 2. A Telegram group admin and a Discord channel subscribe; the schedule fires once each.
	spec, at := nextMinute()
	w.telegram("e2e-secret", faketg.Update(5000, -100, "group", 6, `/subscribe cron "`+spec+`" UTC`))
	if r := waitForTelegram(t, w.tg, 1, 10*time.Second, nil)[0].Form.Get("text"); !strings.Contains(r, "Subscribed") {
		t.Fatalf("Telegram subscribe: %s", r)
	}
	_, sub := w.discord(fakediscord.Command("s1", "g1", int64(32), "subscribe", map[string]any{"cron": spec, "zone": "UTC"}), time.Now(), false)
	if !strings.Contains(embedText(sub), "Subscribed") {
		t.Fatalf("Discord subscribe: %s", embedText(sub))
	}
	t.Logf("waiting for the digest at %s", at.Format("15:04:05"))
	isDigest := func(c faketg.Call) bool {
		return c.Form.Get("chat_id") == "-100" && strings.Contains(c.Form.Get("text"), "Your briefing digest")
	}
	digest := waitForTelegram(t, w.tg, 1, time.Until(at)+30*time.Second, isDigest)
	// Key points with the sentence each rests on; which sentences they are
	// depends on the briefings the digest picks.
	if text := digest[0].Form.Get("text"); !strings.Contains(text, "• ") || !citation.MatchString(text) {
		t.Errorf("Telegram digest: %s", digest[0].Form.Get("text"))
	}
	// A digest of many briefings takes several messages; its first carries the title.
	dcDigests := func() int {
		n := 0
		for _, r := range w.dc.Requests("message") {
			if strings.Contains(string(r.Body), "Your briefing digest") {
				n++
			}
		}
		return n
	}
	deadline := time.After(30 * time.Second)
	for dcDigests() == 0 {
		select {
		case <-w.dc.Posted:
		case <-deadline:
			t.Fatal("no Discord digest")
		}
	}
	// Both slots are in the ledger; stop, start again, and nothing repeats.
	if err := p.stop(); err != nil {
		t.Fatal(err)
	}
	w.start().stop()
	tgDigests := 0
	for _, c := range w.tg.Delivered() {
		if isDigest(c) {
			tgDigests++
		}
	}
	if tgDigests != 1 || dcDigests() != 1 {
		t.Errorf("got %d Telegram and %d Discord digests, want one each", tgDigests, dcDigests())
		for _, r := range w.dc.Requests("") {
			t.Logf("discord request: %s %s %.200s", r.Method, r.Path, r.Body)
		}
		t.Logf("first process:\n%s", p.logs())
	}
	if strings.Contains(p.logs(), tgToken) || strings.Contains(p.logs(), discordToken) {
		t.Errorf("a token reached the logs")
	}
}

func first(code int, _ map[string]any) int { return code }

// libraryForLoad is how many synthetic reports sit beside the real one
// while the load test runs, so its figures are those of a large library.
const libraryForLoad = 10000

// synthFolder writes synthetic reports 0..n-1, one file each.
func synthFolder(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("synth-%05d.txt", i)), synth.Report(i), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// load runs n calls at once and returns their latencies.
func load(t *testing.T, n int, call func(i int) bool) []time.Duration {
	var wg sync.WaitGroup
	lat := make([]time.Duration, n)
	var failed sync.Map
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			t0 := time.Now()
			if !call(i) {
				failed.Store(i, true)
			}
			lat[i] = time.Since(t0)
		}(i)
	}
	close(start)
	wg.Wait()
	bad := 0
	failed.Range(func(_, _ any) bool { bad++; return true })
	if bad > 0 {
		t.Errorf("%d of %d calls failed", bad, n)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat
}

// rate: calls a second, all started at once, so the slowest ends the batch.
func rate(sorted []time.Duration) float64 {
	return float64(len(sorted)) / sorted[len(sorted)-1].Seconds()
}

func pct(lat []time.Duration, p int) time.Duration {
	return loadstat.Percentile(lat, p).Round(time.Millisecond)
}

// subscribeChats writes n Telegram subscriptions and a report into the
// database before briefbot starts, as earlier /subscribe commands would have.
func subscribeChats(t *testing.T, w *world, n int, spec string) []string {
	ctx := context.Background()
	st := openStore(t, w.db)
	defer st.Close()
	data, _ := os.ReadFile(report(t))
	if _, err := st.AddReport(ctx, bot.Report{Source: "e2e", Text: data}); err != nil {
		t.Fatal(err)
	}
	var chats []string
	for i := 0; i < n; i++ {
		chat := fmt.Sprint(100000 + i)
		chats = append(chats, chat)
		if err := st.PutSubscription(ctx, bot.Subscription{Chat: bot.ChatRef{Platform: "telegram", ChatID: chat}, Spec: spec, TZ: "UTC"}); err != nil {
			t.Fatal(err)
		}
	}
	return chats
}

// maxInWindow is the most calls inside any window of length d.
func maxInWindow(calls []faketg.Call, d time.Duration) int {
	times := make([]time.Time, len(calls))
	for i, c := range calls {
		times[i] = c.At
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= d {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestFaultsLoseNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	spec, at := nextMinute()
	chats := subscribeChats(t, w, 90, spec)
	blocked := map[string]bool{}
	for i, c := range chats {
		switch i % 6 {
		case 1:
			w.tg.Script(c, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}}`)
		case 2:
			w.tg.Script(c, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, `{"ok":false,"error_code":502,"description":"Bad Gateway"}`)
		case 3:
			w.tg.Script(c, faketg.Hangup)
		case 4:
			if i%12 == 4 {
				w.tg.Script(c, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
				blocked[c] = true
			}
		}
	}
	w.start()
	want := len(chats) - len(blocked)
	t.Logf("waiting for %d digests at %s", want, at.Format("15:04:05"))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("briefbot's log:\n%s", w.proc.logs())
		}
	})
	waitForTelegram(t, w.tg, want, time.Until(at)+90*time.Second, nil)
	w.proc.stop()
	got := map[string]int{}
	delivered := w.tg.Delivered()
	for _, c := range delivered {
		got[c.Form.Get("chat_id")]++
	}
	for _, c := range chats {
		switch {
		case blocked[c] && got[c] != 0:
			t.Errorf("blocked chat %s got %d digests", c, got[c])
		case !blocked[c] && got[c] != 1:
			t.Errorf("chat %s got %d digests, want 1", c, got[c])
		}
	}
	db := openDB(t, w.db)
	if n := count(t, db, `SELECT COUNT(*) FROM subscriptions WHERE active = 0`); n != len(blocked) {
		t.Errorf("%d subscriptions stopped, want %d", n, len(blocked))
	}
	all := w.tg.Sent("sendMessage")
	if m := maxInWindow(all, time.Second); m > 30 {
		t.Errorf("the fake server saw %d sends within a second (limit 30)", m)
	}
	t.Logf("faults: %d chats, %d blocked and stopped, %d digests delivered, %d send attempts, at most %d a second",
		len(chats), len(blocked), len(delivered), len(all), maxInWindow(all, time.Second))
}

func TestKillMidFanOut(t *testing.T) {
	if !*long {
		t.Skip("long: run with -long")
	}
	t.Parallel()
	w := newWorld(t)
	spec, at := nextMinute()
	chats := subscribeChats(t, w, 1000, spec)
	p := w.start()
	t.Logf("waiting for the fan-out at %s", at.Format("15:04:05"))
	waitForTelegram(t, w.tg, 300, time.Until(at)+60*time.Second, nil)
	p.kill()
	before := len(w.tg.Delivered())
	w.start()
	deadline := time.After(3 * time.Minute)
	for {
		got := map[string]int{}
		for _, c := range w.tg.Delivered() {
			got[c.Form.Get("chat_id")]++
		}
		if len(got) == len(chats) {
			repeated := 0
			for _, c := range chats {
				if got[c] > 1 {
					repeated += got[c] - 1
				}
			}
			all := w.tg.Sent("sendMessage")
			t.Logf("SIGKILL after %d of %d digests; after restart every chat has its digest; %d repeated (at most the one in flight), 0 lost; at most %d sends a second",
				before, len(chats), repeated, maxInWindow(all, time.Second))
			if repeated > 1 {
				t.Errorf("%d digests repeated, want at most 1", repeated)
			}
			if m := maxInWindow(all, time.Second); m > 30 {
				t.Errorf("%d sends within a second (limit 30)", m)
			}
			return
		}
		select {
		case <-w.tg.Messages:
		case <-deadline:
			t.Fatalf("after the restart only %d of %d chats have their digest", len(got), len(chats))
		}
	}
}

// Two serve processes on one database: one wins the scheduler lease, and
// every digest goes out once.
func TestTwoProcessesOneDatabase(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	spec, at := nextMinute()
	chats := subscribeChats(t, w, 30, spec)
	first, second := w.start(), w.start()
	waitForTelegram(t, w.tg, len(chats), time.Until(at)+60*time.Second, nil)
	// Stopping both lets anything in flight finish before counting.
	if err := first.stop(); err != nil {
		t.Error(err)
	}
	if err := second.stop(); err != nil {
		t.Error(err)
	}
	got := map[string]int{}
	for _, c := range w.tg.Delivered() {
		got[c.Form.Get("chat_id")]++
	}
	for _, c := range chats {
		if got[c] != 1 {
			t.Errorf("chat %s got %d digests, want 1", c, got[c])
		}
	}
	leaders := 0
	for _, p := range []*proc{first, second} {
		if strings.Contains(p.logs(), "lease won") {
			leaders++
		}
	}
	if leaders != 1 {
		t.Errorf("%d processes ran the scheduler, want 1", leaders)
	}
}
