package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zone data in the binary, so any Area/City works anywhere

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

// Config is every setting of briefbot. Each field's env tag names its
// variable; secret fields are never printed.
type Config struct {
	DB             string        `env:"BRIEFBOT_DB" default:"briefbot.db" secret:"password" help:"where reports, briefings, subscriptions and deliveries are kept: a SQLite file, or postgres://user:password@host:5432/db for a database several replicas share"`
	Replica        string        `env:"BRIEFBOT_REPLICA" default:"" help:"this process's name among replicas sharing one database, in logs, /healthz and the scheduler lease; empty means the host name"`
	HTTPAddr       string        `env:"BRIEFBOT_HTTP_ADDR" default:"127.0.0.1:8080" help:"address of the one HTTP listener: /telegram/webhook, /discord/interactions, /healthz"`
	LogLevel       string        `env:"BRIEFBOT_LOG_LEVEL" default:"info" help:"debug, info, warn or error"`
	TZ             string        `env:"BRIEFBOT_TZ" default:"UTC" help:"time zone for digests when a chat names none (Area/City)"`
	DigestTime     string        `env:"BRIEFBOT_DIGEST_TIME" default:"08:00" help:"local time of the daily digest when /subscribe names none (HH:MM)"`
	DigestCatchup  time.Duration `env:"BRIEFBOT_DIGEST_CATCHUP" default:"6h" help:"a digest missed while briefbot was down is still sent if it is at most this late"`
	DigestMax      int           `env:"BRIEFBOT_DIGEST_MAX" default:"10" help:"most briefings a digest lists; the rest are counted"`
	MaxDocBytes    int           `env:"BRIEFBOT_MAX_DOC_BYTES" default:"5242880" help:"largest report accepted, in bytes"`
	Inbox          string        `env:"BRIEFBOT_INBOX" default:"" help:"folder that serve watches for new report files"`
	Feeds          string        `env:"BRIEFBOT_FEEDS" default:"" help:"comma-separated RSS, Atom or JSON Feed URLs to poll"`
	FeedSchedule   string        `env:"BRIEFBOT_FEED_SCHEDULE" default:"*/15 * * * *" help:"cron schedule for polling feeds"`
	Admins         string        `env:"BRIEFBOT_ADMINS" default:"" help:"operators who may add reports and feeds that every chat shares, as platform:user-id, comma-separated (telegram:12345,discord:678)"`
	AllowPrivate   bool          `env:"BRIEFBOT_ALLOW_PRIVATE_URLS" default:"false" help:"let /add and feeds reach loopback and private addresses (tests only)"`
	TelegramToken  string        `env:"TELEGRAM_TOKEN" default:"" secret:"true" help:"bot token from @BotFather; enables Telegram"`
	TelegramAPIURL string        `env:"TELEGRAM_API_URL" default:"https://api.telegram.org" help:"Bot API base URL (a self-hosted Bot API server, or a fake one in tests)"`
	TelegramHook   string        `env:"TELEGRAM_WEBHOOK_URL" default:"" help:"public HTTPS URL of /telegram/webhook; empty means long polling"`
	TelegramSecret string        `env:"TELEGRAM_WEBHOOK_SECRET" default:"" secret:"true" help:"secret token Telegram sends with each webhook call (1-256 of A-Z a-z 0-9 _ -)"`
	DiscordToken   string        `env:"DISCORD_TOKEN" default:"" secret:"true" help:"bot token; registers commands and posts digests"`
	DiscordAppID   string        `env:"DISCORD_APP_ID" default:"" help:"application id (needed to register commands and answer interactions)"`
	DiscordKey     string        `env:"DISCORD_PUBLIC_KEY" default:"" help:"application public key (hex); enables the HTTP interactions endpoint"`
	DiscordGuild   string        `env:"DISCORD_GUILD_ID" default:"" help:"register commands in this guild only (instant while developing); empty means global"`
	DiscordAPIURL  string        `env:"DISCORD_API_URL" default:"https://discord.com/api" help:"Discord REST base URL (a fake one in tests)"`

	// httpAddrSet says BRIEFBOT_HTTP_ADDR was given (in .env, the
	// environment or a flag): the listener then runs even when no webhook
	// or endpoint needs it.
	httpAddrSet bool
}

// loadConfig applies defaults, then a .env file if present, then the environment.
func loadConfig(envFile string, environ []string) (Config, error) {
	var c Config
	values := map[string]string{}
	fields(&c, func(f reflect.StructField, _ reflect.Value) {
		values[f.Tag.Get("env")] = f.Tag.Get("default")
	})
	given := map[string]bool{} // set in .env or the environment, not left at its default
	if envFile != "" {
		const unset = "\x00"
		file := map[string]string{}
		for k := range values {
			file[k] = unset
		}
		if err := readDotEnv(envFile, file); err != nil && !errors.Is(err, os.ErrNotExist) {
			return c, err
		}
		for k, v := range file {
			if v != unset {
				values[k], given[k] = v, true
			}
		}
	}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if _, ok := values[k]; ok {
			values[k], given[k] = v, true
		}
	}
	c.httpAddrSet = given["BRIEFBOT_HTTP_ADDR"]
	var err error
	fields(&c, func(f reflect.StructField, v reflect.Value) {
		if err == nil {
			err = setField(v, f.Tag.Get("env"), values[f.Tag.Get("env")])
		}
	})
	return c, err
}

func fields(c *Config, fn func(reflect.StructField, reflect.Value)) {
	v := reflect.ValueOf(c).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.Tag.Get("env") != "" {
			fn(f, v.Field(i))
		}
	}
}

func setField(v reflect.Value, name, s string) error {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%s: %q is not true or false", name, s)
		}
		v.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%s: %q is not a whole number", name, s)
		}
		v.SetInt(int64(n))
	case reflect.Int64: // time.Duration
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%s: %q is not a duration such as 6h or 90m", name, s)
		}
		v.SetInt(int64(d))
	}
	return nil
}

// readDotEnv reads KEY=VALUE lines; # starts a comment; quotes are optional.
func readDotEnv(path string, into map[string]string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return parseDotEnv(f, path, into)
}

func parseDotEnv(r io.Reader, name string, into map[string]string) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("%s line %d: want KEY=VALUE", name, n)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		} else if i := strings.Index(v, " #"); i >= 0 {
			v = strings.TrimSpace(v[:i])
		}
		if _, known := into[k]; known {
			into[k] = v
		}
	}
	return sc.Err()
}

// bindFlags lets flags override the settings people change most.
func (c *Config) bindFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file or postgres:// URL (BRIEFBOT_DB)")
	fs.Func("http-addr", "HTTP listener address (BRIEFBOT_HTTP_ADDR)", func(v string) error { c.HTTPAddr, c.httpAddrSet = v, true; return nil })
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (BRIEFBOT_LOG_LEVEL)")
	fs.StringVar(&c.TZ, "tz", c.TZ, "default time zone for digests (BRIEFBOT_TZ)")
	fs.IntVar(&c.MaxDocBytes, "max-doc-bytes", c.MaxDocBytes, "largest report accepted (BRIEFBOT_MAX_DOC_BYTES)")
}

// Validate names the first bad setting.
func (c Config) Validate() error {
	if c.DB == "" {
		return errors.New("BRIEFBOT_DB: a database file or postgres:// URL is needed")
	}
	if strings.Contains(c.DB, "://") {
		if u, err := url.Parse(c.DB); err != nil || u.Host == "" || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("BRIEFBOT_DB: not a URL such as postgres://user:password@host:5432/briefbot")
		}
	}
	if strings.ContainsAny(c.Replica, ": \t\n") {
		return fmt.Errorf("BRIEFBOT_REPLICA: %q must be one word without colons", c.Replica)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if _, err := time.LoadLocation(c.TZ); err != nil || c.TZ == "" || strings.EqualFold(c.TZ, "local") {
		return fmt.Errorf("BRIEFBOT_TZ: %q is not a time zone such as Europe/Paris", c.TZ)
	}
	if t, err := time.Parse("15:04", c.DigestTime); err != nil || t.Format("15:04") != c.DigestTime {
		return fmt.Errorf("BRIEFBOT_DIGEST_TIME: %q is not a time such as 08:00", c.DigestTime)
	}
	if c.DigestCatchup < 0 {
		return errors.New("BRIEFBOT_DIGEST_CATCHUP: must not be negative")
	}
	if c.DigestMax < 1 || c.DigestMax > 50 {
		return fmt.Errorf("BRIEFBOT_DIGEST_MAX: %d is not between 1 and 50", c.DigestMax)
	}
	if c.MaxDocBytes < 1024 {
		return fmt.Errorf("BRIEFBOT_MAX_DOC_BYTES: %d is too small (at least 1024)", c.MaxDocBytes)
	}
	for name, u := range map[string]string{"TELEGRAM_API_URL": c.TelegramAPIURL, "DISCORD_API_URL": c.DiscordAPIURL, "TELEGRAM_WEBHOOK_URL": c.TelegramHook} {
		if u == "" && name == "TELEGRAM_WEBHOOK_URL" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%s: %q is not an http(s) URL", name, u)
		}
	}
	for _, id := range c.operators() {
		platform, user, ok := strings.Cut(id, ":")
		if !ok || (platform != "telegram" && platform != "discord") || user == "" || strings.Trim(user, "0123456789") != "" {
			return fmt.Errorf("BRIEFBOT_ADMINS: %q is not platform:user-id, such as telegram:12345", id)
		}
	}
	if _, err := bot.ParseSchedule(c.FeedSchedule, "UTC"); err != nil {
		return fmt.Errorf("BRIEFBOT_FEED_SCHEDULE: %v", err)
	}
	if c.TelegramHook != "" && c.TelegramSecret == "" {
		return errors.New("TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL, so forged updates can be refused")
	}
	for _, r := range c.TelegramSecret {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return errors.New("TELEGRAM_WEBHOOK_SECRET: only A-Z, a-z, 0-9, _ and - are allowed")
		}
	}
	if len(c.TelegramSecret) > 256 {
		return errors.New("TELEGRAM_WEBHOOK_SECRET: at most 256 characters")
	}
	if c.DiscordKey != "" && c.DiscordAppID == "" {
		return errors.New("DISCORD_APP_ID: required with DISCORD_PUBLIC_KEY")
	}
	if c.DiscordToken != "" && c.DiscordAppID == "" {
		return errors.New("DISCORD_APP_ID: required with DISCORD_TOKEN")
	}
	return nil
}

// operators lists BRIEFBOT_ADMINS.
func (c Config) operators() []string {
	var out []string
	for _, id := range strings.Split(c.Admins, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("BRIEFBOT_LOG_LEVEL: %q is not debug, info, warn or error", s)
	}
	return l, nil
}

// String prints every setting with secrets redacted.
func (c Config) String() string {
	var b strings.Builder
	fields(&c, func(f reflect.StructField, v reflect.Value) {
		val := fmt.Sprint(v.Interface())
		switch f.Tag.Get("secret") {
		case "true":
			if val != "" {
				val = "[redacted]"
			}
		case "password":
			val = redactPassword(val)
		}
		fmt.Fprintf(&b, "%s=%s\n", f.Tag.Get("env"), val)
	})
	return b.String()
}

// redactPassword hides the password of a URL setting.
func redactPassword(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "redacted")
	}
	return u.String()
}

// LogValue keeps secrets out of logs when a Config is logged.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// envExample writes .env.example from the struct, so the two never differ.
func envExample(w io.Writer) {
	fmt.Fprintln(w, "# briefbot settings. Copy to .env and fill in what you need; the environment and flags override .env.")
	fmt.Fprintln(w, "# With no Telegram or Discord settings, `briefbot serve` runs the console on a local SQLite file.")
	var c Config
	fields(&c, func(f reflect.StructField, _ reflect.Value) {
		fmt.Fprintf(w, "\n# %s\n%s=%s\n", f.Tag.Get("help"), f.Tag.Get("env"), f.Tag.Get("default"))
	})
}

// analyzer is the briefing core with the configured limits: main's one
// place of making it, for every store and library it opens.
func (c Config) analyzer() briefings.Analyzer {
	return briefings.Analyzer{Options: briefings.Options{MaxBytes: c.MaxDocBytes}}
}
