// Command briefbot delivers briefings on meetings and negotiations to
// Discord, Telegram and a terminal.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/ingest"
	"github.com/briefbot/briefbot/samples"
	"github.com/briefbot/briefbot/store"
	"github.com/briefbot/briefbot/store/migrate"
	"github.com/briefbot/briefbot/store/postgres"
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
	json     bool
	conllu   bool
	docs     multiFlag
	from, to string
	actor    string
}

var commands = []command{
	{name: "serve", summary: "run every platform configured (the console when none is)", flags: docFlag},
	{name: "console", args: "[--doc FILE]…", summary: "answer commands typed or piped on standard input", flags: docFlag},
	{name: "brief", args: "[--json] FILE|-", summary: "print the briefing of one report", maxArgs: 1,
		flags: func(fs *flag.FlagSet, o *cmdOptions) {
			fs.BoolVar(&o.json, "json", false, "print the briefing as JSON")
		}},
	{name: "explain", args: "[--actor NAME] FILE|-", summary: "show how the briefing of a report was made: per sentence the parse, the mentions and each claim's rule", maxArgs: 1,
		flags: func(fs *flag.FlagSet, o *cmdOptions) {
			fs.StringVar(&o.actor, "actor", "", "only the sentences about this actor")
		}},
	{name: "parse", args: "[--conllu] FILE|-", summary: "print the language backbone's analysis of a text as CoNLL-U", maxArgs: 1,
		flags: func(fs *flag.FlagSet, o *cmdOptions) {
			fs.BoolVar(&o.conllu, "conllu", false, "the input is CoNLL-U: take its FORM column as the tokens")
		}},
	{name: "ingest", args: "FILE|DIR|URL|-…", summary: "add reports to the database, shared by every chat", maxArgs: -1},
	{name: "migrate", args: "--from FILE --to postgres://…", summary: "copy a SQLite database into PostgreSQL (running it twice changes nothing)", maxArgs: 0,
		flags: func(fs *flag.FlagSet, o *cmdOptions) {
			fs.StringVar(&o.from, "from", "", "the SQLite file to copy (default BRIEFBOT_DB)")
			fs.StringVar(&o.to, "to", "", "the PostgreSQL database to copy into, as a postgres:// URL")
		}},
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
		return brief(rest, opts.json, cfg.analyzer(), stdin, stdout, stderr)
	case "console", "serve":
		return serve(ctx, cmd.name, cfg, opts.docs, stdin, stdout, stderr, log)
	case "ingest":
		return ingestCmd(ctx, cfg, rest, stdin, stdout, stderr)
	case "parse":
		return parseCmd(rest, opts.conllu, stdin, stdout, stderr)
	case "explain":
		return explain(rest, opts.actor, cfg.analyzer(), stdin, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, cfg, opts.from, opts.to, stdout, stderr)
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

func brief(args []string, asJSON bool, an briefings.Analyzer, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: briefbot brief [--json] FILE|-")
		return exitUsage
	}
	r, err := readReport(args[0], stdin, an.Options.MaxBytes)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	b, err := briefings.Analyze(r.Text, an.Options)
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
	lib := bot.NewMemory(an, nil)
	if _, err := lib.Add(context.Background(), r.Source, r.Text, r.Published); err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	fmt.Fprint(stdout, bot.RenderText(bot.NewRouter(lib).Handle(context.Background(), bot.Request{Command: "brief"})))
	return exitOK
}

// explain prints the workings of one report's briefing.
func explain(args []string, actor string, an briefings.Analyzer, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: briefbot explain [--actor NAME] FILE|-")
		return exitUsage
	}
	r, err := readReport(args[0], stdin, an.Options.MaxBytes)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	x, err := briefings.Explain(r.Text, an.Options)
	if err != nil {
		fmt.Fprintf(stderr, "briefbot: %s: %v\n", args[0], err)
		return exitError
	}
	if actor != "" && !x.Only(actor) {
		fmt.Fprintf(stderr, "briefbot: no one called %q in %s\n", actor, args[0])
		return exitError
	}
	w := bufio.NewWriter(stdout)
	if err := x.WriteText(w); err != nil || w.Flush() != nil {
		return exitError
	}
	return exitOK
}

// openDB opens the store BRIEFBOT_DB names: a postgres:// URL is a
// PostgreSQL database that several replicas may share; anything else is a
// SQLite file (a "sqlite:" prefix is allowed).
func openDB(ctx context.Context, cfg Config) (store.Store, error) {
	an := cfg.analyzer()
	if postgres.IsURL(cfg.DB) {
		return postgres.Open(ctx, cfg.DB, an, nil)
	}
	return sqlite.Open(ctx, strings.TrimPrefix(cfg.DB, "sqlite:"), an, nil)
}

// openStore opens the database and, when it holds no report yet, adds the
// embedded sample so a fresh install has something to answer from.
func openStore(ctx context.Context, cfg Config) (store.Store, error) {
	st, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	_, total, err := st.Recent(ctx, bot.SharedScope, 0, 1)
	if err != nil {
		st.Close()
		return nil, err
	}
	if total == 0 {
		_, err := st.AddReport(ctx, bot.Report{Source: samples.Source, Text: samples.Paris2024, Published: time.Date(2024, 12, 7, 18, 0, 0, 0, time.UTC)})
		if err != nil && !errors.Is(err, bot.ErrDuplicate) {
			st.Close()
			return nil, fmt.Errorf("sample report: %w", err)
		}
	}
	return st, nil
}

// migrateCmd copies a SQLite database into PostgreSQL.
func migrateCmd(ctx context.Context, cfg Config, from, to string, stdout, stderr io.Writer) int {
	if from == "" {
		from = strings.TrimPrefix(cfg.DB, "sqlite:")
	}
	if !postgres.IsURL(to) || postgres.IsURL(from) {
		fmt.Fprintln(stderr, "usage: briefbot migrate --from FILE --to postgres://user:password@host:5432/db")
		return exitUsage
	}
	copied, err := migrate.SQLiteToPostgres(ctx, cfg.analyzer(), from, to)
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	fmt.Fprintf(stdout, "copied %s into %s: %s\n", from, redactPassword(to), copied)
	return exitOK
}

// parseCmd writes the backbone's tokens, tags, lemmas, trees and names.
func parseCmd(args []string, conllu bool, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: briefbot parse [--conllu] FILE|-")
		return exitUsage
	}
	m, err := nlp.Default()
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	in := stdin
	if args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			fmt.Fprintln(stderr, "briefbot:", err)
			return exitError
		}
		defer f.Close()
		in = f
	}
	var sents []nlp.Sentence
	if conllu {
		sents, err = m.AnalyzeCoNLLU(in)
	} else {
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(in, 64<<20)); err == nil {
			sents = m.Analyze(string(data)).Sentences
		}
	}
	if err == nil {
		w := bufio.NewWriter(stdout)
		if err = nlp.WriteCoNLLU(w, sents); err == nil {
			err = w.Flush()
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "briefbot:", err)
		return exitError
	}
	return exitOK
}

// ingest adds reports to the database: files, folders, web pages, or
// standard input for "-".
func ingestCmd(ctx context.Context, cfg Config, inputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(inputs) == 0 {
		fmt.Fprintln(stderr, "usage: briefbot ingest FILE|DIR|URL|-…")
		return exitUsage
	}
	st, err := openDB(ctx, cfg)
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
