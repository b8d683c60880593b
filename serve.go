package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/telegram"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/ingest"
	"github.com/briefbot/briefbot/store"
)

// platform is one configured chat platform: every adapter has this shape.
type platform struct {
	name   string
	run    bot.Runner
	poster bot.Poster // digests go here; nil when the platform cannot post
	pacing bot.Pacing
	routes map[string]http.Handler // on the one HTTP listener
}

// serve runs the platforms that are configured, or the console when none
// is. "console" always runs the console; with --doc it answers from those
// reports alone, for this run, and leaves the database untouched.
func serve(ctx context.Context, cmd string, cfg Config, docs []string, stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger) int {
	if len(docs) > 0 {
		return consoleOnDocs(ctx, cfg, docs, stdin, stdout, stderr, log)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	defer st.Close()
	core, err := newCore(cfg, st, log)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	var platforms []platform
	if cmd == "serve" {
		if platforms, err = chatPlatforms(ctx, cfg, core, log); err != nil {
			fmt.Fprintln(stderr, "briefbot:", err)
			return exitError
		}
	}
	if len(platforms) == 0 {
		c, err := console.New(console.Config{Handler: core.router, In: stdin, Out: stdout})
		if err != nil {
			fmt.Fprintln(stderr, "briefbot:", err)
			return exitError
		}
		platforms = []platform{{name: "console", run: c, poster: c}}
	}
	return core.run(ctx, cfg, platforms, log)
}

// consoleOnDocs answers from the given reports alone, for this run.
func consoleOnDocs(ctx context.Context, cfg Config, docs []string, stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger) int {
	lib := bot.NewMemory(cfg.analyzer(), nil)
	for _, d := range docs {
		r, err := readReport(d, stdin, cfg.MaxDocBytes)
		if err == nil {
			_, err = lib.Add(ctx, r.Source, r.Text, r.Published)
		}
		if err != nil && !errors.Is(err, bot.ErrDuplicate) {
			fmt.Fprintf(stderr, "briefbot: %s: %v\n", d, withoutPath(err))
			return exitError
		}
	}
	c, err := console.New(console.Config{Handler: bot.NewRouter(lib, bot.WithLogger(log), bot.WithAnswerer(answer.Finder{})), In: stdin, Out: stdout})
	if err == nil {
		err = c.Run(ctx)
	}
	if err != nil {
		log.Error("console stopped", "err", err)
		return exitError
	}
	return exitOK
}

// core is what every platform shares: the store, delivery, digests, feeds
// and the router.
type core struct {
	st      store.Store
	lease   bot.Lease // elects the process that runs digests and feeds
	courier *bot.Courier
	digests *bot.Digests
	poller  *ingest.Poller
	router  *bot.Router
	health  *bot.Health
}

func newCore(cfg Config, st store.Store, log *slog.Logger) (*core, error) {
	c := &core{st: st, health: &bot.Health{}, lease: schedulerLease(st, cfg.Replica, log)}
	c.courier = bot.NewCourier(st, bot.SystemClock{}, log.With("part", "delivery"))
	var err error
	c.digests, err = bot.NewDigests(bot.DigestConfig{DefaultTime: cfg.DigestTime, DefaultTZ: cfg.TZ, Catchup: cfg.DigestCatchup, MaxBriefings: cfg.DigestMax, Health: c.health},
		st, c.courier, bot.SystemClock{}, log.With("part", "digests"))
	if err != nil {
		return nil, err
	}
	fetch := ingest.NewFetcher(ingest.FetchConfig{MaxBytes: int64(cfg.MaxDocBytes), AllowPrivate: cfg.AllowPrivate})
	notify := func(ctx context.Context, chat bot.ChatRef, r bot.Reply) error {
		_, err := c.courier.Send(ctx, chat, r)
		return err
	}
	c.poller = ingest.NewPoller(st, fetch, bot.SystemClock{}, log.With("part", "feeds"), notify, int64(cfg.MaxDocBytes))
	for _, u := range strings.Split(cfg.Feeds, ",") {
		if u = strings.TrimSpace(u); u != "" {
			if err := st.PutFeed(context.Background(), store.Feed{URL: u}); err != nil {
				return nil, fmt.Errorf("BRIEFBOT_FEEDS: %w", err)
			}
		}
	}
	opts := []bot.RouterOption{bot.WithLogger(log), bot.WithAnswerer(answer.Finder{}), bot.WithSubscriptions(c.digests), bot.WithSources(c.poller),
		bot.WithOperators(cfg.operators()), bot.WithBudgets(bot.Budgets{})}
	if shared, ok := st.(bot.SharedBudgets); ok { // PostgreSQL: replicas share each chat's budget and each platform's rate
		opts = append(opts, bot.WithSharedBudgets(shared))
		c.courier.ShareRate(shared)
	}
	c.router = bot.NewRouter(st, opts...)
	return c, nil
}

// chatPlatforms builds the adapters whose settings are there.
func chatPlatforms(ctx context.Context, cfg Config, c *core, log *slog.Logger) ([]platform, error) {
	var out []platform
	if cfg.TelegramToken != "" {
		tg, err := telegram.New(ctx, telegram.Config{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, WebhookURL: cfg.TelegramHook,
			Secret: cfg.TelegramSecret, Sender: c.courier}, c.router, c.st, log.With("adapter", "telegram"))
		if err != nil {
			return nil, err
		}
		p := platform{name: telegram.Platform, run: tg, poster: tg, pacing: bot.TelegramPacing}
		if cfg.TelegramHook != "" {
			p.routes = map[string]http.Handler{"POST /telegram/webhook": tg}
		}
		out = append(out, p)
	}
	if cfg.DiscordToken != "" || cfg.DiscordKey != "" {
		dc, err := discord.New(discord.Config{Token: cfg.DiscordToken, AppID: cfg.DiscordAppID, PublicKey: cfg.DiscordKey, GuildID: cfg.DiscordGuild,
			APIURL: cfg.DiscordAPIURL}, c.router, c.st, log.With("adapter", "discord"))
		if err != nil {
			return nil, err
		}
		p := platform{name: discord.Platform, run: dc}
		if dc.CanPost() {
			p.poster = dc
		}
		if cfg.DiscordKey != "" {
			p.routes = map[string]http.Handler{"POST /discord/interactions": dc}
		}
		out = append(out, p)
	}
	return out, nil
}

// run serves the platforms, the HTTP listener when something needs it, the
// /add workers and, while this process holds the lease, digests and feeds,
// until ctx ends or a platform fails.
func (c *core) run(ctx context.Context, cfg Config, platforms []platform, log *slog.Logger) int {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup // everything started here; all done before run returns
	defer wg.Wait()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", c.healthz)
	needHTTP := cfg.httpAddrSet
	var names []string
	for _, p := range platforms {
		if p.poster != nil {
			c.courier.Register(p.name, p.poster, p.pacing)
		}
		for route, h := range p.routes {
			mux.Handle(route, h)
			needHTTP = true
		}
		names = append(names, p.name)
	}
	srv, addr, err := listen(cfg, mux, needHTTP && names[0] != "console", log)
	if err != nil {
		log.Error("not serving", "err", err)
		return exitError
	}
	waitWorkers := c.poller.StartWorkers(runCtx, 2)
	wg.Add(2)
	go func() { defer wg.Done(); waitWorkers() }()
	go func() {
		defer wg.Done()
		c.lease.Run(runCtx, func(ctx context.Context) { lead(ctx, c.st, c.digests, c.poller, cfg, log) })
	}()
	if cfg.Inbox != "" {
		wg.Add(1)
		go func() { defer wg.Done(); watchInbox(runCtx, cfg, c.st, log.With("part", "inbox")) }()
	}
	finished := make(chan error, len(platforms))
	for _, p := range platforms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := p.run.Run(runCtx)
			if err != nil {
				err = fmt.Errorf("%s: %w", p.name, err)
			}
			finished <- err
		}()
	}
	if names[0] == "console" {
		log.Info("briefbot ready", "db", cfg.DB, "platforms", "console",
			"hint", "set TELEGRAM_TOKEN, or DISCORD_TOKEN and DISCORD_APP_ID, to serve chats (see .env.example)")
	} else {
		log.Info("briefbot serving", "platforms", strings.Join(names, ","), "http", addr, "db", cfg.DB)
	}
	code := exitOK
	select {
	case <-ctx.Done():
	case err := <-finished: // a platform failed, or the console's input ended
		if err != nil {
			log.Error("stopping", "err", err)
			code = exitError
		}
	}
	stop()
	if srv != nil {
		shutdown(srv)
	}
	return code
}

// healthz says whether this process is well, then which process it is and
// which one runs the scheduler, so an operator can tell the elected replica.
func (c *core) healthz(w http.ResponseWriter, r *http.Request) {
	if err := c.health.Err(); err != nil {
		http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	holder, err := c.st.LeaseHolder(r.Context(), c.lease.Name)
	if err != nil {
		holder = "unknown (the database did not answer)"
	} else if holder == "" {
		holder = "none yet"
	}
	fmt.Fprintf(w, "ok\nthis process: %s\nscheduler: %s\n", c.lease.Holder, holder)
}

// listen opens the HTTP listener when it is needed: for webhooks and the
// interactions endpoint, or when BRIEFBOT_HTTP_ADDR was set on purpose.
func listen(cfg Config, mux *http.ServeMux, need bool, log *slog.Logger) (*http.Server, string, error) {
	if !need {
		return nil, "", nil
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, "", fmt.Errorf("BRIEFBOT_HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http listener stopped", "err", err)
		}
	}()
	return srv, ln.Addr().String(), nil
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// leaseTTL is how long a scheduler that stopped renewing keeps its lease.
// It renews every third of that, and the others ask as often, so a
// replica on another machine takes over at most 12 seconds after the
// scheduler died; one on the same machine sees the process gone sooner.
const leaseTTL = 9 * time.Second

// schedulerLease elects the one process of those on this database that runs
// digests and feeds. Its holder is "replica:pid:nonce", the replica being
// BRIEFBOT_REPLICA or the host name.
func schedulerLease(st store.Store, replica string, log *slog.Logger) bot.Lease {
	host, _ := os.Hostname()
	if replica == "" {
		replica = host
	}
	var nonce [4]byte
	rand.Read(nonce[:])
	return bot.Lease{Store: st, Name: "scheduler", Holder: fmt.Sprintf("%s:%d:%x", replica, os.Getpid(), nonce), TTL: leaseTTL,
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
// watchInbox adds the report files that appear in BRIEFBOT_INBOX, every
// process its own folder: the store keeps each text once however many
// replicas or rescans meet it.
func watchInbox(ctx context.Context, cfg Config, st store.Store, log *slog.Logger) {
	log.Info("watching", "folder", cfg.Inbox)
	ingest.WatchInbox(ctx, cfg.Inbox, time.Minute, bot.SystemClock{}, st, int64(cfg.MaxDocBytes), func(r ingest.Result) {
		switch {
		case r.Err != nil:
			log.Warn("inbox file not added", "file", r.Input, "err", r.Err.Error())
		case !r.Duplicate:
			log.Info("inbox file added", "file", r.Input, "id", r.Entry.ID)
		}
	})
}

func lead(ctx context.Context, st store.Store, digests *bot.Digests, poller *ingest.Poller, cfg Config, log *slog.Logger) {
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
