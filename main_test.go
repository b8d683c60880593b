package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/internal/faketg"
	"github.com/briefbot/briefbot/internal/pgtest"
)

func runMain(t *testing.T, stdin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, append([]string{"BRIEFBOT_DB=" + filepath.Join(t.TempDir(), "test.db")}, env...))
	return code, out.String(), errb.String()
}

func TestBriefExitCodes(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("  \n "), 0o644)
	binary := filepath.Join(dir, "bin.dat")
	os.WriteFile(binary, []byte{0, 1, 2, 3, 0xff}, 0o644)
	huge := filepath.Join(dir, "huge.txt")
	os.WriteFile(huge, bytes.Repeat([]byte("word "), 1000), 0o644)
	tests := []struct {
		name string
		args []string
		env  []string
		code int
		err  string
	}{
		{"empty", []string{"brief", empty}, nil, 1, "empty"},
		{"binary", []string{"brief", binary}, nil, 1, "not text"},
		{"too large", []string{"brief", huge}, []string{"BRIEFBOT_MAX_DOC_BYTES=2000"}, 1, "limit of 2000"},
		{"missing", []string{"brief", filepath.Join(dir, "nope.txt")}, nil, 1, "no such file"},
		{"no file", []string{"brief"}, nil, 2, "usage"},
		{"unknown command", []string{"frobnicate"}, nil, 2, "unknown command"},
		{"bad setting", []string{"version"}, []string{"BRIEFBOT_TZ=Mars/Olympus"}, 2, "BRIEFBOT_TZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runMain(t, "", tt.env, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Errorf("got exit %d and %q, want %d and %q", code, stderr, tt.code, tt.err)
			}
		})
	}
}

func TestBriefJSONFromStdin(t *testing.T) {
	data, err := os.ReadFile("samples/paris-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runMain(t, string(data), nil, "brief", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var b struct {
		Actors []struct {
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"actors"`
		Positions []struct{ Actor, Text string } `json:"positions"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(b.Actors) == 0 || len(b.Positions) == 0 || b.Actors[0].Kind != "person" {
		t.Errorf("thin briefing: %+v", b)
	}
}

func TestConsoleOnEmbeddedSample(t *testing.T) {
	code, out, stderr := runMain(t, "/positions trump\n", nil, "console")
	if code != 0 || !strings.Contains(out, "Positions of Donald Trump") || !strings.Contains(out, "ceasefire") {
		t.Errorf("exit %d, stderr %q, out:\n%s", code, stderr, out)
	}
}

func TestConfigRedactsSecrets(t *testing.T) {
	code, out, _ := runMain(t, "", []string{"TELEGRAM_TOKEN=123:zz-tg-value-zz", "DISCORD_TOKEN=discord-secret", "DISCORD_APP_ID=1",
		"BRIEFBOT_DB=postgres://bot:pg-pass-zz@db.internal:5432/briefbot"}, "config")
	if code != 0 || strings.Contains(out, "zz-tg-value-zz") || strings.Contains(out, "discord-secret") || strings.Contains(out, "pg-pass-zz") ||
		!strings.Contains(out, "TELEGRAM_TOKEN=[redacted]") || !strings.Contains(out, "BRIEFBOT_DB=postgres://bot:redacted@db.internal:5432/briefbot") {
		t.Errorf("exit %d, out:\n%s", code, out)
	}
}

// A PostgreSQL server that cannot be reached is named in the error, without
// the password.
func TestUnreachablePostgresNamedWithoutPassword(t *testing.T) {
	code, _, stderr := runMain(t, "", []string{"BRIEFBOT_DB=postgres://bot:pg-pass-zz@127.0.0.1:1/briefbot?connect_timeout=2"}, "console")
	if code == 0 || strings.Contains(stderr, "pg-pass-zz") || !strings.Contains(stderr, "127.0.0.1") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestConfigOrder(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, ".env")
	os.WriteFile(env, []byte("# comment\nBRIEFBOT_TZ=Europe/Paris\nBRIEFBOT_DIGEST_TIME=\"07:30\"\nBRIEFBOT_LOG_LEVEL=debug # inline\n"), 0o644)
	c, err := loadConfig(env, []string{"BRIEFBOT_DIGEST_TIME=09:15"})
	if err != nil {
		t.Fatal(err)
	}
	if c.TZ != "Europe/Paris" || c.DigestTime != "09:15" || c.LogLevel != "debug" || c.DB != "briefbot.db" {
		t.Errorf("got %+v", c)
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	tests := map[string][]string{
		"BRIEFBOT_DIGEST_TIME":    {"BRIEFBOT_DIGEST_TIME=25:00"},
		"TELEGRAM_WEBHOOK_SECRET": {"TELEGRAM_WEBHOOK_URL=https://example.org/telegram/webhook"},
		"BRIEFBOT_LOG_LEVEL":      {"BRIEFBOT_LOG_LEVEL=loud"},
		"DISCORD_APP_ID":          {"DISCORD_PUBLIC_KEY=abcd"},
		"TELEGRAM_API_URL":        {"TELEGRAM_API_URL=ftp://x"},
	}
	for name, env := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := loadConfig("", env)
			if err == nil {
				err = c.Validate()
			}
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("got %v, want an error naming %s", err, name)
			}
		})
	}
}

// .env.example is written from the Config struct; this keeps them in step.
func TestEnvExampleUpToDate(t *testing.T) {
	var want bytes.Buffer
	envExample(&want)
	got, err := os.ReadFile(".env.example")
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf(".env.example is stale: run go run . env-example > .env.example")
	}
}

func TestServeTelegramAnswersPositions(t *testing.T) {
	const token = "999:serve-test-token"
	f := faketg.New(t, token)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var out, errb bytes.Buffer
	env := []string{"BRIEFBOT_DB=" + filepath.Join(t.TempDir(), "s.db"), "BRIEFBOT_HTTP_ADDR=127.0.0.1:0", "TELEGRAM_TOKEN=" + token, "TELEGRAM_API_URL=" + f.URL}
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &out, &errb, env) }()
	f.Updates <- []json.RawMessage{faketg.Update(1, 7, "private", 5, "/positions trump")}
	select {
	case m := <-f.Messages:
		if !strings.Contains(m.Form.Get("text"), "Positions of Donald Trump") || m.Form.Get("chat_id") != "7" {
			t.Errorf("sent %q to %s", m.Form.Get("text"), m.Form.Get("chat_id"))
		}
	case code := <-done:
		t.Fatalf("serve stopped with %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("no reply within 20s")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, errb.String())
	}
	if strings.Contains(errb.String(), token) {
		t.Errorf("token in the logs")
	}
}

// serveInBackground runs `serve` in-process and returns the address it
// listens on, read from its "briefbot serving" log line.
// The logs can be read once serve has stopped and its output has been read.
func serveInBackground(t *testing.T, ctx context.Context, env []string) (addr string, done chan int, logs func() string) {
	pr, pw := io.Pipe()
	done = make(chan int, 1)
	var buf strings.Builder
	scanned := make(chan struct{})
	logs = func() string { <-scanned; return buf.String() }
	go func() {
		done <- run(ctx, []string{"serve"}, strings.NewReader(""), io.Discard, pw, env)
		pw.Close()
	}()
	ready := make(chan string, 1)
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			buf.WriteString(sc.Text() + "\n")
			var line struct{ Msg, HTTP string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "briefbot serving" {
				ready <- line.HTTP
			}
		}
	}()
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("serve stopped with %d", code)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return addr, done, logs
}

func TestServeDiscordEndpointAnswersPositions(t *testing.T) {
	f := fakediscord.New(t)
	signer := fakediscord.NewSigner()
	ctx, cancel := context.WithCancel(context.Background())
	env := []string{"BRIEFBOT_DB=" + filepath.Join(t.TempDir(), "s.db"), "BRIEFBOT_HTTP_ADDR=127.0.0.1:0",
		"DISCORD_APP_ID=app1", "DISCORD_PUBLIC_KEY=" + signer.PublicHex(), "DISCORD_API_URL=" + f.URL}
	addr, done, logs := serveInBackground(t, ctx, env)
	body := fakediscord.Command("i1", "g1", 0, "positions", map[string]any{"actor": "trump"})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/discord/interactions", bytes.NewReader(body))
	sig, ts := signer.Sign(body, time.Now())
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Type int `json:"type"`
		Data struct {
			Embeds []struct{ Title, Description string } `json:"embeds"`
		} `json:"data"`
	}
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Type != 4 || len(got.Data.Embeds) == 0 || !strings.Contains(got.Data.Embeds[0].Title, "Positions of Donald Trump") {
		t.Errorf("got %+v", got)
	}
	health, err := http.Get("http://" + addr + "/healthz")
	if err != nil || health.StatusCode != 200 {
		t.Errorf("healthz: %v %v", health, err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if out := logs(); !strings.Contains(out, "registering no commands") {
		t.Errorf("no word at start about the missing token: %s", out)
	}
}

func TestIngestThenConsoleAnswersFromTheStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	env := []string{"BRIEFBOT_DB=" + db}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"ingest", "briefings/testdata/news.txt", "briefings/testdata/readout.txt", "briefings/testdata/news.txt"}, strings.NewReader(""), &out, &errb, env)
	if code != 0 || strings.Count(out.String(), ": stored as") != 2 || !strings.Contains(out.String(), "already stored") {
		t.Fatalf("ingest exit %d: %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	code = run(context.Background(), []string{"console"}, strings.NewReader("/briefings\n/positions okafor\n"), &out, &errb, env)
	if code != 0 || !strings.Contains(out.String(), "2 briefings") || !strings.Contains(out.String(), "Positions of Grace Okafor") {
		t.Errorf("console exit %d:\n%s", code, out.String())
	}
	// One missing input stores the others, and names only itself.
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"ingest", "missing.txt", "samples/paris-2024.txt", "also-missing.txt"}, strings.NewReader(""), &out, &errb, env)
	if code != 1 || !strings.Contains(out.String(), "samples/paris-2024.txt: stored as") {
		t.Errorf("missing inputs: exit %d, out %q", code, out.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(errb.String()), "\n") {
		if strings.Count(line, "missing") != 1 {
			t.Errorf("a failure line names more than its own input: %q", line)
		}
	}
}

// brief and console --doc read a saved page as a page, whatever its name.
func TestHTMLReadByContent(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "saved-page.txt")
	text, _ := os.ReadFile("samples/paris-2024.txt")
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	html := "<!DOCTYPE html><html><head><title>" + lines[0] + "</title></head><body><article><h1>" + lines[0] + "</h1>"
	for _, l := range lines[1:] {
		html += "<p>" + l + "</p>"
	}
	os.WriteFile(page, []byte(html+"</article></body></html>"), 0o644)
	for _, args := range [][]string{{"brief", page}, {"console", "--doc", page}} {
		code, out, stderr := runMain(t, "/keypoints\n", nil, args...)
		if code != 0 || strings.Contains(out, "<p>") || strings.Contains(out, "<title>") || !strings.Contains(out, "Zelenskiy") {
			t.Errorf("%v: exit %d, %s\n%.600s", args, code, stderr, out)
		}
		if strings.Contains(out, dir) {
			t.Errorf("%v shows the server's path: %.600s", args, out)
		}
	}
}

func TestHelpVersionAndGlobalFlags(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "r.txt")
	data, _ := os.ReadFile("samples/paris-2024.txt")
	os.WriteFile(report, data, 0o644)
	db := filepath.Join(dir, "flag.db")
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"--help lists the commands", []string{"--help"}, 0, "ingest", ""},
		{"-h too", []string{"-h"}, 0, "commands:", ""},
		{"help", []string{"help"}, 0, "commands:", ""},
		{"a command's own help", []string{"brief", "--help"}, 0, "-json", ""},
		{"--version", []string{"--version"}, 0, "analyser", ""},
		{"a global flag before the command", []string{"--db", db, "config"}, 0, "BRIEFBOT_DB=" + db, ""},
		{"a global flag after it", []string{"config", "--db", db}, 0, "BRIEFBOT_DB=" + db, ""},
		{"words a command does not take", []string{"config", "extra"}, 2, "", `unexpected "extra"`},
		{"an unknown flag", []string{"--frob", "config"}, 2, "", "frob"},
		{"ingest after a global flag", []string{"--db", db, "ingest", report}, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runMain(t, "", nil, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, out %.300q, err %.300q; want %d, %q, %q", code, out, stderr, tt.code, tt.out, tt.err)
			}
		})
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("ingest with --db before it did not use that database: %v", err)
	}
}

// Long polling needs no HTTP port unless one is asked for, and a command
// menu Telegram refuses is no reason to stop.
func TestPollingWithoutPortAndWithoutMenu(t *testing.T) {
	const token = "998:poll-test-token"
	f := faketg.New(t, token)
	f.On("setMyCommands", `{"ok":false,"error_code":400}`)
	ctx, cancel := context.WithCancel(context.Background())
	env := []string{"BRIEFBOT_DB=" + filepath.Join(t.TempDir(), "s.db"), "TELEGRAM_TOKEN=" + token, "TELEGRAM_API_URL=" + f.URL}
	addr, done, logs := serveInBackground(t, ctx, env)
	if addr != "" {
		t.Errorf("polling listens on %s without BRIEFBOT_HTTP_ADDR", addr)
	}
	f.Updates <- []json.RawMessage{faketg.Update(1, 7, "private", 5, "/start")}
	select {
	case m := <-f.Messages:
		if !strings.Contains(m.Form.Get("text"), "Welcome") {
			t.Errorf("sent %q", m.Form.Get("text"))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reply within 20s")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if l := logs(); !strings.Contains(l, "command menu not set") || !strings.Contains(l, "setMyCommands") {
		t.Errorf("no warning about the menu: %s", l)
	}
}

func TestParseWritesCoNLLU(t *testing.T) {
	code, out, stderr := runMain(t, "President Emmanuel Macron met Volodymyr Zelenskiy in Paris. They didn't agree.", nil, "parse", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows, roots int
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			t.Fatalf("a line of %d columns: %q", len(cols), line)
		}
		rows++
		if cols[6] == "0" {
			roots++
		}
	}
	if rows != 14 || roots != 2 || !strings.Contains(out, "did\tdo") || !strings.Contains(out, "n't") || !strings.Contains(out, "NE=B-") {
		t.Errorf("%d words, %d roots:\n%s", rows, roots, out)
	}
	code, out, _ = runMain(t, "", nil, "parse", "--conllu", "briefings/nlp/testdata/tiny.conllu")
	if code != 0 || strings.Count(out, "# sent_id") != 3 || !strings.Contains(out, "\tminister\t") {
		t.Errorf("--conllu: exit %d\n%s", code, out)
	}
}

// A deployment moves from its SQLite file to PostgreSQL and answers the
// same from there; moving twice changes nothing.
func TestMigrateCommand(t *testing.T) {
	to := pgtest.NewDatabase(t)
	file := filepath.Join(t.TempDir(), "old.db")
	db := []string{"BRIEFBOT_DB=" + file}
	if code, _, stderr := runMain(t, "", db, "ingest", "samples/paris-2024.txt"); code != 0 {
		t.Fatalf("ingest: exit %d, %s", code, stderr)
	}
	for i, want := range []string{"reports 1,", "reports 0,"} {
		code, out, stderr := runMain(t, "", db, "migrate", "--to", to)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("run %d: exit %d, out %q, stderr %q", i+1, code, out, stderr)
		}
	}
	code, out, stderr := runMain(t, "/positions President Trump\n", []string{"BRIEFBOT_DB=" + to}, "console")
	if code != 0 || !strings.Contains(out, "Positions of Donald Trump") {
		t.Errorf("the console on the copy: exit %d, stderr %q, out:\n%s", code, stderr, out)
	}
	if code, _, _ := runMain(t, "", db, "migrate", "--to", "not-a-url"); code != exitUsage {
		t.Errorf("migrate to a file: exit %d, want %d", code, exitUsage)
	}
}

func TestExplainCommand(t *testing.T) {
	code, out, stderr := runMain(t, "", nil, "explain", "--actor", "President Trump", "samples/paris-2024.txt")
	if code != 0 || !strings.Contains(out, "position of Donald Trump") || !strings.Contains(out, "rule: ") || !strings.Contains(out, "parse:") {
		t.Errorf("exit %d, stderr %q, out:\n%.2000s", code, stderr, out)
	}
	if code, _, stderr := runMain(t, "", nil, "explain", "--actor", "Nobody Atall", "samples/paris-2024.txt"); code != exitError || !strings.Contains(stderr, "no one called") {
		t.Errorf("an actor the report lacks: exit %d, %q", code, stderr)
	}
	if code, _, _ := runMain(t, "", nil, "explain"); code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
}

// lineWatch is a log writer that says when a line holding want was written.
type lineWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *lineWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func TestServeWatchesTheInbox(t *testing.T) {
	inbox := t.TempDir()
	news, err := os.ReadFile("briefings/testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inbox, "news.txt"), news, 0o644)
	env := []string{"BRIEFBOT_DB=" + filepath.Join(t.TempDir(), "s.db"), "BRIEFBOT_INBOX=" + inbox}
	stdin, typed := io.Pipe()
	logs := &lineWatch{want: "inbox file added", seen: make(chan struct{})}
	var out bytes.Buffer
	code := make(chan int, 1)
	go func() { code <- run(context.Background(), []string{"console"}, stdin, &out, logs, env) }()
	select {
	case <-logs.seen:
	case c := <-code:
		t.Fatalf("console ended (exit %d) before the inbox was read: %s", c, logs.buf.String())
	}
	typed.Write([]byte("/positions marsh\n"))
	typed.Close()
	if c := <-code; c != 0 || !strings.Contains(out.String(), "Positions of Helena Marsh") {
		t.Errorf("exit %d, out:\n%s", c, out.String())
	}
}
