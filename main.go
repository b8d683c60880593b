// Command briefbot delivers briefings on meetings and negotiations to
// Discord, Telegram and a terminal.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/telegram"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/ingest"
	"github.com/briefbot/briefbot/samples"
	"github.com/briefbot/briefbot/store/sqlite"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ())
	stop()
	os.Exit(code)
}

// command is one subcommand of the command line.
type command struct {
	name, args, summary string
	maxArgs             int // -1: any number
	flags               func(fs *flag.FlagSet, o *cmdOptions)
}

// cmdOptions are the flags that belong to one command.
type cmdOptions struct {
	json bool
	docs multiFlag
}

var commands = []command{
	{name: "serve", summary: "run every platform configured (the console when none is)", flags: docFlag},
	{name: "console", args: "[--doc FILE]…", summary: "answer commands typed or piped on standard input", flags: docFlag},
	{name: "brief", args: "[--json] FILE|-", summary: "print the briefing of one report", maxArgs: 1,
		flags: func(fs *flag.FlagSet, o *cmdOptions) {
			fs.BoolVar(&o.json, "json", false, "print the briefing as JSON")
		}},
	{name: "ingest", args: "FILE|DIR|URL|-…", summary: "add reports to the database, shared by every chat", maxArgs: -1},
	{name: "config", summary: "print the settings in force, secrets redacted"},
	{name: "env-example", summary: "print .env.example, generated from the settings"},
	{name: "version", summary: "print the version and the analyser's version"},
	{name: "help", summary: "print this help"},
}

func docFlag(fs *flag.FlagSet, o *cmdOptions) {
	fs.Var(&o.docs, "doc", "add a report for this run (repeatable)")
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func usage() string {
	var b strings.Builder
	b.WriteString("briefbot: briefings on meetings and negotiations\n\nusage: briefbot [global flags] [command] [flags] [args]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nglobal flags (before or after the command):\n")
	fs := flag.NewFlagSet("briefbot", flag.ContinueOnError)
	var c Config
	c.bindFlags(fs)
	fs.SetOutput(&b)
	fs.PrintDefaults()
	b.WriteString("  -version\n    \tprint the version\n\nbriefbot COMMAND --help shows a command's own flags. Settings come from defaults, then .env,\nthen the environment, then flags; .env.example lists them all.\n")
	return b.String()
}

// commandUsage is one command's help: its arguments and its own flags.
func commandUsage(c command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: briefbot %s %s\n\n%s\n", c.name, c.args, c.summary)
	if c.flags != nil {
		own := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(own, &cmdOptions{})
		b.WriteString("\nflags:\n")
		own.SetOutput(&b)
		own.PrintDefaults()
	}
	b.WriteString("\nThe global flags (briefbot --help) work here too.\n")
	return b.String()
}

// exit codes
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// run is main without the process: testable, and the one place that wires
// configuration, logging, storage, the router and the adapters.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, environ []string) int {
	cfg, err := loadConfig(".env", environ)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitUsage
	}
	cmd, opts, rest, code := parseCommandLine(&cfg, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "briefbot: bad setting:", err)
		return exitUsage
	}
	log := newLogger(stderr, cfg.LogLevel)
	switch cmd.name {
	case "version":
		fmt.Fprintf(stdout, "briefbot %s (analyser %s)\n", version, briefings.Version)
	case "config":
		fmt.Fprint(stdout, cfg.String())
	case "env-example":
		envExample(stdout)
	case "help":
		fmt.Fprint(stdout, usage())
	case "brief":
		return brief(rest, opts.json, cfg, stdin, stdout, stderr)
	case "console", "serve":
		return serve(ctx, cmd.name, cfg, opts.docs, stdin, stdout, stderr, log)
	case "ingest":
		return ingestCmd(ctx, cfg, rest, stdin, stdout, stderr)
	}
	return exitOK
}

// parseCommandLine reads global flags, the command, and the command's flags
// and arguments. code is -1 to go on, else the exit code (help, version
// and usage errors are answered here). No word is ever ignored.
func parseCommandLine(cfg *Config, args []string, stdout, stderr io.Writer) (command, *cmdOptions, []string, int) {
	global := flag.NewFlagSet("briefbot", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	cfg.bindFlags(global)
	help := global.Bool("help", false, "")
	global.BoolVar(help, "h", false, "")
	showVersion := global.Bool("version", false, "")
	if err := global.Parse(args); err != nil {
		fmt.Fprintf(stderr, "briefbot: %v\n\n%s", err, usage())
		return command{}, nil, nil, exitUsage
	}
	switch {
	case *help:
		fmt.Fprint(stdout, usage())
		return command{}, nil, nil, exitOK
	case *showVersion:
		fmt.Fprintf(stdout, "briefbot %s (analyser %s)\n", version, briefings.Version)
		return command{}, nil, nil, exitOK
	}
	rest := global.Args()
	name := "serve"
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	cmd, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(stderr, "briefbot: unknown command %q\n\n%s", name, usage())
		return command{}, nil, nil, exitUsage
	}
	fs := flag.NewFlagSet("briefbot "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.bindFlags(fs)
	opts := &cmdOptions{}
	if cmd.flags != nil {
		cmd.flags(fs, opts)
	}
	switch err := fs.Parse(rest); {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, commandUsage(cmd))
		return command{}, nil, nil, exitOK
	case err != nil:
		fmt.Fprintf(stderr, "briefbot %s: %v\n\n%s", name, err, commandUsage(cmd))
		return command{}, nil, nil, exitUsage
	case cmd.maxArgs >= 0 && fs.NArg() > cmd.maxArgs:
		fmt.Fprintf(stderr, "briefbot %s: unexpected %q\n\n%s", name, strings.Join(fs.Args()[cmd.maxArgs:], " "), commandUsage(cmd))
		return command{}, nil, nil, exitUsage
	}
	return cmd, opts, fs.Args(), -1
}

type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func newLogger(w io.Writer, level string) *slog.Logger {
	lvl, _ := parseLevel(level)
	opts := &slog.HandlerOptions{Level: lvl}
	if f, ok := w.(*os.File); ok && console.IsTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// readReport reads a report file, or standard input for "-", within the
// size limit, the same way ingest does: HTML and Markdown by content and
// extension, the file's name as its source and its time as its date.
func readReport(path string, stdin io.Reader, limit int) (bot.Report, error) {
	if path == "-" {
		return ingest.ReadReport(stdin, "standard input", int64(limit))
	}
	return ingest.ReadFile(path, int64(limit))
}

func brief(args []string, asJSON bool, cfg Config, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: briefbot brief [--json] FILE|-")
		return exitUsage
	}
	r, err := readReport(args[0], stdin, cfg.MaxDocBytes)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	b, err := briefings.Analyze(r.Text, briefings.Options{MaxBytes: cfg.MaxDocBytes})
	if err != nil {
		fmt.Fprintf(stderr, "briefbot: %s: %v\n", args[0], err)
		return exitError
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b); err != nil {
			return exitError
		}
		return exitOK
	}
	lib := bot.NewMemory(briefings.Options{MaxBytes: cfg.MaxDocBytes}, nil)
	if _, err := lib.Add(context.Background(), r.Source, r.Text, r.Published); err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	fmt.Fprint(stdout, bot.RenderText(bot.NewRouter(lib).Handle(context.Background(), bot.Request{Command: "brief"})))
	return exitOK
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// openStore opens the database and, when it holds no report yet, adds the
// embedded sample so a fresh install has something to answer from.
func openStore(ctx context.Context, cfg Config) (*sqlite.Store, error) {
	st, err := sqlite.Open(ctx, cfg.DB, briefings.Options{MaxBytes: cfg.MaxDocBytes}, nil)
	if err != nil {
		return nil, err
	}
	es, err := st.List(ctx, bot.SharedScope)
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(es) == 0 {
		_, err := st.AddReport(ctx, bot.Report{Source: samples.Source, Text: samples.Paris2024, Published: time.Date(2024, 12, 7, 18, 0, 0, 0, time.UTC)})
		if err != nil && !errors.Is(err, bot.ErrDuplicate) {
			st.Close()
			return nil, fmt.Errorf("sample report: %w", err)
		}
	}
	return st, nil
}

// ingest adds reports to the database: files, folders, web pages, or
// standard input for "-".
func ingestCmd(ctx context.Context, cfg Config, inputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(inputs) == 0 {
		fmt.Fprintln(stderr, "usage: briefbot ingest FILE|DIR|URL|-…")
		return exitUsage
	}
	st, err := sqlite.Open(ctx, cfg.DB, briefings.Options{MaxBytes: cfg.MaxDocBytes}, nil)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	defer st.Close()
	var results []ingest.Result
	var rest []string
	for _, in := range inputs {
		if in != "-" {
			rest = append(rest, in)
			continue
		}
		r, err := readReport("-", stdin, cfg.MaxDocBytes)
		if err != nil {
			results = append(results, ingest.Result{Input: "-", Err: err})
			continue
		}
		e, err := st.AddReport(ctx, r)
		results = append(results, ingest.Result{Input: "-", Entry: e, Duplicate: errors.Is(err, bot.ErrDuplicate), Err: ignoreDuplicate(err)})
	}
	fetch := ingest.NewFetcher(ingest.FetchConfig{MaxBytes: int64(cfg.MaxDocBytes), AllowPrivate: cfg.AllowPrivate})
	results = append(results, ingest.Add(ctx, st, fetch, rest, int64(cfg.MaxDocBytes))...)
	code := exitOK
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "briefbot: %s: %v\n", r.Input, withoutPath(r.Err))
			code = exitError
		case r.Duplicate:
			fmt.Fprintf(stdout, "%s: already stored as %s (%s)\n", r.Input, r.Entry.ID, r.Entry.Title)
		default:
			fmt.Fprintf(stdout, "%s: stored as %s (%s)\n", r.Input, r.Entry.ID, r.Entry.Title)
		}
	}
	return code
}

// withoutPath drops the path a file error repeats, since the line names
// its input already.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func ignoreDuplicate(err error) error {
	if errors.Is(err, bot.ErrDuplicate) {
		return nil
	}
	return err
}

// serve runs the platforms that are configured, or the console when none
// is. "console" always runs the console; with --doc it answers from those
// reports alone, for this run, and leaves the database untouched.
func serve(ctx context.Context, cmd string, cfg Config, docs []string, stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger) int {
	opt := briefings.Options{MaxBytes: cfg.MaxDocBytes}
	c, err := console.New(console.Config{In: stdin, Out: stdout})
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	if len(docs) > 0 {
		lib := bot.NewMemory(opt, nil)
		for _, d := range docs {
			r, err := readReport(d, stdin, cfg.MaxDocBytes)
			if err == nil {
				_, err = lib.Add(ctx, r.Source, r.Text, r.Published)
			}
			if err != nil && !errors.Is(err, bot.ErrDuplicate) {
				fmt.Fprintf(stderr, "briefbot: %s: %v\n", d, err)
				return exitError
			}
		}
		if err := c.Run(ctx, bot.NewRouter(lib, bot.WithLogger(log))); err != nil {
			log.Error("console stopped", "err", err)
			return exitError
		}
		return exitOK
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	defer st.Close()
	courier := bot.NewCourier(st, bot.SystemClock{}, log.With("part", "delivery"))
	health := &bot.Health{}
	digests, err := bot.NewDigests(bot.DigestConfig{DefaultTime: cfg.DigestTime, DefaultTZ: cfg.TZ, Catchup: cfg.DigestCatchup, Health: health}, st, courier, bot.SystemClock{}, log.With("part", "digests"))
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	fetch := ingest.NewFetcher(ingest.FetchConfig{MaxBytes: int64(cfg.MaxDocBytes), AllowPrivate: cfg.AllowPrivate})
	notify := func(ctx context.Context, chat bot.ChatRef, r bot.Reply) error {
		_, err := courier.Send(ctx, chat, r)
		return err
	}
	poller := ingest.NewPoller(st, fetch, bot.SystemClock{}, log.With("part", "feeds"), notify, int64(cfg.MaxDocBytes))
	for _, u := range strings.Split(cfg.Feeds, ",") {
		if u = strings.TrimSpace(u); u != "" {
			if err := st.PutFeed(ctx, sqlite.Feed{URL: u}); err != nil {
				fmt.Fprintln(stderr, "briefbot: BRIEFBOT_FEEDS:", err)
				return exitError
			}
		}
	}
	router := bot.NewRouter(st, bot.WithLogger(log), bot.WithSubscriptions(digests), bot.WithSources(poller), bot.WithOperators(cfg.operators()), bot.WithBudgets(bot.Budgets{}))
	runCtx, stop := context.WithCancel(ctx)
	var background sync.WaitGroup // platform loops; all done before serve returns
	defer func() { stop(); digests.Wait(); background.Wait() }()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := health.Err(); err != nil {
			http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	var platforms []string
	errc := make(chan error, 4)
	if cfg.TelegramToken != "" && cmd == "serve" {
		tg, err := telegram.New(runCtx, telegram.Config{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, WebhookURL: cfg.TelegramHook, Secret: cfg.TelegramSecret, Sender: courier},
			router, st, log.With("adapter", "telegram"))
		if err == nil {
			err = tg.Start(runCtx)
		}
		if err != nil {
			fmt.Fprintln(stderr, "briefbot:", err)
			return exitError
		}
		courier.Register(telegram.Platform, tg, bot.TelegramPacing)
		if cfg.TelegramHook != "" {
			mux.Handle("POST /telegram/webhook", tg)
		} else {
			background.Add(1)
			go func() { defer background.Done(); errc <- tg.Poll(runCtx) }()
		}
		platforms = append(platforms, "telegram")
	}
	if (cfg.DiscordToken != "" || cfg.DiscordKey != "") && cmd == "serve" {
		dlog := log.With("adapter", "discord")
		dc, err := discord.New(discord.Config{Token: cfg.DiscordToken, AppID: cfg.DiscordAppID, PublicKey: cfg.DiscordKey, GuildID: cfg.DiscordGuild, APIURL: cfg.DiscordAPIURL},
			router, st, dlog)
		if err != nil {
			fmt.Fprintln(stderr, "briefbot:", err)
			return exitError
		}
		if dc.CanPost() {
			if err := dc.Register(runCtx); err != nil {
				dlog.Error("commands not registered", "err", err)
			}
			courier.Register(discord.Platform, dc, bot.Pacing{})
		} else {
			dlog.Warn("no DISCORD_TOKEN: answering interactions only; registering no commands and posting no digests")
		}
		if cfg.DiscordKey != "" {
			mux.Handle("POST /discord/interactions", dc)
			defer dc.Wait()
		} else {
			if err := dc.Open(runCtx); err != nil {
				fmt.Fprintln(stderr, "briefbot:", err)
				return exitError
			}
			defer dc.Close()
		}
		platforms = append(platforms, "discord")
	}
	waitWorkers := poller.StartWorkers(runCtx, 2)
	background.Add(2)
	go func() { defer background.Done(); waitWorkers() }()
	go func() {
		defer background.Done()
		schedulerLease(st, log).Run(runCtx, func(ctx context.Context) { lead(ctx, st, digests, poller, cfg, log) })
	}()
	if cfg.Inbox != "" {
		background.Add(1)
		go func() {
			defer background.Done()
			ilog := log.With("part", "inbox")
			ingest.WatchInbox(runCtx, cfg.Inbox, time.Minute, bot.SystemClock{}, st, int64(cfg.MaxDocBytes), func(r ingest.Result) {
				switch {
				case r.Err != nil:
					ilog.Warn("inbox file not added", "file", r.Input, "err", r.Err.Error())
				case !r.Duplicate:
					ilog.Info("inbox file added", "file", r.Input, "id", r.Entry.ID)
				}
			})
		}()
	}
	if len(platforms) > 0 {
		srv := &http.Server{Addr: cfg.HTTPAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			fmt.Fprintf(stderr, "briefbot: BRIEFBOT_HTTP_ADDR %s: %v\n", cfg.HTTPAddr, err)
			return exitError
		}
		background.Add(1)
		go func() {
			defer background.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
		log.Info("briefbot serving", "platforms", strings.Join(platforms, ","), "http", ln.Addr().String(), "db", cfg.DB)
		select {
		case <-runCtx.Done():
		case err := <-errc:
			if err != nil {
				log.Error("stopping", "err", err)
				stop()
				shutdown(srv)
				return exitError
			}
			<-runCtx.Done()
		}
		shutdown(srv)
		return exitOK
	}
	courier.Register("console", c, bot.Pacing{})
	if cmd == "serve" && console.IsTerminal(stdin) {
		fmt.Fprintln(stdout, "No Telegram or Discord settings: running the console. Set TELEGRAM_TOKEN or DISCORD_TOKEN (see .env.example) to serve chats.")
	}
	log.Info("briefbot ready", "db", cfg.DB, "platforms", "console",
		"hint", "set TELEGRAM_TOKEN, or DISCORD_TOKEN and DISCORD_APP_ID, to serve chats (see .env.example)")
	if err := c.Run(runCtx, router); err != nil {
		log.Error("console stopped", "err", err)
		return exitError
	}
	return exitOK
}

// leaseTTL is how long a scheduler that stopped renewing keeps its lease: the
// longest another process waits to take over.
const leaseTTL = 15 * time.Second

// schedulerLease elects the one process of those on this database that runs
// digests and feeds.
func schedulerLease(st *sqlite.Store, log *slog.Logger) bot.Lease {
	host, _ := os.Hostname()
	var nonce [4]byte
	rand.Read(nonce[:])
	return bot.Lease{Store: st, Name: "scheduler", Holder: fmt.Sprintf("%s:%d:%x", host, os.Getpid(), nonce), TTL: leaseTTL,
		Log: log.With("part", "lease"), Dead: func(holder string) bool { return deadHere(host, holder) }}
}

// deadHere says a lease holder was a process on this machine that is gone.
func deadHere(host, holder string) bool {
	parts := strings.Split(holder, ":")
	if len(parts) != 3 || parts[0] != host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid == os.Getpid() || pid <= 0 {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// lead is the elected process's work: settle claims a dead scheduler left
// pending (each such digest is sent once more), then run digests and feeds,
// picking up subscriptions made through other processes, until ctx ends.
func lead(ctx context.Context, st *sqlite.Store, digests *bot.Digests, poller *ingest.Poller, cfg Config, log *slog.Logger) {
	if n, err := st.ResolvePending(ctx, time.Now()); err != nil {
		log.Error("pending digests not settled", "err", err)
	} else if n > 0 {
		log.Info("digests left pending by the last scheduler will be sent again", "count", n)
	}
	if err := digests.Start(ctx); err != nil {
		log.Error("digests not started", "err", err)
		return
	}
	feeds := make(chan struct{})
	go func() {
		defer close(feeds)
		if err := poller.Run(ctx, cfg.FeedSchedule); err != nil {
			log.Error("feeds not polled", "err", err)
		}
	}()
	clock := bot.SystemClock{}
	for clock.Sleep(ctx, 30*time.Second) == nil {
		if err := digests.Sync(ctx); err != nil && ctx.Err() == nil {
			log.Warn("subscriptions not synced", "err", err)
		}
	}
	<-feeds
	digests.Wait()
}
