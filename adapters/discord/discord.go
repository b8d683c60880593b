// Package discord connects briefbot to Discord: slash commands over the
// gateway or an HTTP interactions endpoint, and digests posted to channels.
package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Platform is the name requests and subscriptions carry.
const Platform = "discord"

// Discord's limits.
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxChoices     = 25
	maxSkew        = 5 * time.Minute
	deadline       = 3 * time.Second // to answer an interaction
)

// Config holds the adapter's settings.
type Config struct {
	Token     string // bot token; without it the endpoint still answers but nothing is registered or posted
	AppID     string
	PublicKey string // hex; enables the HTTP interactions endpoint
	GuildID   string // register commands in this guild only
	APIURL    string // REST base URL, https://discord.com/api by default
	Clock     bot.Clock
	Transport http.RoundTripper // under the rewriting of the API URL; nil means the default
}

// Adapter is briefbot on Discord.
type Adapter struct {
	cfg     Config
	s       *discordgo.Session
	key     ed25519.PublicKey
	handler bot.Handler
	lib     bot.Library
	log     *slog.Logger
	clock   bot.Clock
	pending sync.WaitGroup // follow-ups still being sent
	slots   chan struct{}  // bounds the follow-ups sent in the background

	seenMu sync.Mutex
	seen   map[string]time.Time // interaction ids lately answered, against replays
}

// maxBackground is how many deferred answers and follow-ups may be under way
// at once in the background; past it they are sent before the request ends.
const maxBackground = 64

var (
	_ bot.Poster   = (*Adapter)(nil)
	_ bot.Runner   = (*Adapter)(nil)
	_ http.Handler = (*Adapter)(nil)
)

// Wait blocks until the follow-ups and deferred answers under way are sent.
func (a *Adapter) Wait() { a.pending.Wait() }

// rewrite sends requests meant for discord.com/api to the configured base URL.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "discord.com" && strings.HasPrefix(r.URL.Path, "/api/") {
		u := *r.URL
		u.Scheme, u.Host = rw.base.Scheme, rw.base.Host
		u.Path = strings.TrimRight(rw.base.Path, "/") + strings.TrimPrefix(r.URL.Path, "/api")
		u.RawPath = ""
		r = r.Clone(r.Context())
		r.URL = &u
		r.Host = u.Host
	}
	return rw.next.RoundTrip(r)
}

// New returns the adapter. lib feeds autocomplete.
func New(cfg Config, h bot.Handler, lib bot.Library, log *slog.Logger) (*Adapter, error) {
	if cfg.AppID == "" {
		return nil, errors.New("discord: DISCORD_APP_ID is empty")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://discord.com/api"
	}
	base, err := url.Parse(cfg.APIURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("discord: DISCORD_API_URL %q is not a URL", cfg.APIURL)
	}
	if cfg.Clock == nil {
		cfg.Clock = bot.SystemClock{}
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{cfg: cfg, handler: h, lib: lib, log: log, clock: cfg.Clock, slots: make(chan struct{}, maxBackground), seen: map[string]time.Time{}}
	if cfg.PublicKey != "" {
		k, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, errors.New("discord: DISCORD_PUBLIC_KEY must be 64 hex digits")
		}
		a.key = ed25519.PublicKey(k)
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	s.Client = &http.Client{Transport: rewrite{base: base, next: cfg.Transport}, Timeout: 20 * time.Second}
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.Identify.Intents = discordgo.IntentsGuilds // slash commands need no message content
	s.LogLevel = discordgo.LogError
	a.s = s
	return a, nil
}

// Run serves Discord until ctx ends: it registers the slash commands when
// it has a token, then answers interactions from the gateway, or, with a
// public key, from the HTTP endpoint (ServeHTTP), and finally waits for the
// follow-ups under way.
func (a *Adapter) Run(ctx context.Context) error {
	if a.CanPost() {
		if err := a.Register(ctx); err != nil {
			a.log.Error("commands not registered", "err", err)
		}
	} else {
		a.log.Warn("no DISCORD_TOKEN: answering interactions only; registering no commands and posting no digests")
	}
	if a.key == nil {
		if err := a.Open(ctx); err != nil {
			return err
		}
		defer a.Close()
	}
	<-ctx.Done()
	a.Wait()
	return nil
}

// CanPost says whether digests can be posted (a token is configured).
func (a *Adapter) CanPost() bool { return a.cfg.Token != "" }

// scrub takes the bot token, and any interaction tokens given, out of an
// error's text: both sit in the URLs that net/http repeats in its errors.
func (a *Adapter) scrub(err error, interactionTokens ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, tok := range append([]string{a.cfg.Token}, interactionTokens...) {
		if tok != "" {
			msg = strings.ReplaceAll(msg, tok, "<token>")
		}
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// Register overwrites the application's commands: in one guild when
// DISCORD_GUILD_ID is set, else globally.
func (a *Adapter) Register(ctx context.Context) error {
	if a.cfg.Token == "" {
		return errors.New("discord: no DISCORD_TOKEN: commands are not registered")
	}
	_, err := a.s.ApplicationCommandBulkOverwrite(a.cfg.AppID, a.cfg.GuildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: register commands: %w", a.scrub(err))
	}
	return nil
}

// Open connects to the gateway (guilds intent only) and answers interactions
// from it until Close.
func (a *Adapter) Open(ctx context.Context) error {
	a.s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		a.gatewayInteraction(ctx, ic.Interaction)
	})
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord: gateway: %w", a.scrub(err))
	}
	return nil
}

// Close disconnects from the gateway.
func (a *Adapter) Close() error { return a.s.Close() }

var manageServer = int64(discordgo.PermissionManageGuild)

func str(name, desc string, required, auto bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required, Autocomplete: auto}
}

var firstPage = 1.0

// Commands is the slash command set, with typed options.
func Commands() []*discordgo.ApplicationCommand {
	briefing := str("briefing", "A briefing id or words of its title (default: the newest)", false, true)
	options := map[string][]*discordgo.ApplicationCommandOption{
		"briefings": {{Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Which page of the list (default: the first, newest)", MinValue: &firstPage}},
		"brief":     {briefing},
		"keypoints": {briefing},
		"actors":    {briefing},
		"sources":   {briefing},
		"positions": {str("actor", "A person, organisation or place, e.g. trump or the french leader", true, true), briefing},
		"quotes":    {str("actor", "Whose quotes (default: everyone's)", false, true), briefing},
		"ask":       {str("question", "Your question", true, false)},
		"subscribe": {
			str("time", "Local time HH:MM (default 08:00)", false, false),
			str("zone", "Time zone Area/City, e.g. Europe/Paris", false, false),
			str("cron", `A cron expression instead of a time, e.g. "0 8 * * 1-5"`, false, false),
			str("only", "Only briefings about these words, comma-separated", false, false),
			str("skip", "Skip briefings about these words, comma-separated", false, false),
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "daily", Description: "Post even when nothing is new"},
		},
		"add": {str("url", "The web page of a report", true, false)},
		"feeds": {
			{Type: discordgo.ApplicationCommandOptionString, Name: "action", Description: "Add or remove a feed", Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "add", Value: "add"}, {Name: "remove", Value: "remove"}}},
			str("url", "The feed's URL", false, false),
		},
	}
	var out []*discordgo.ApplicationCommand
	for _, c := range bot.Commands {
		cmd := &discordgo.ApplicationCommand{Name: c.Name, Description: c.Description, Options: options[c.Name]}
		switch c.Name {
		case "subscribe", "unsubscribe", "add":
			cmd.DefaultMemberPermissions = &manageServer
		}
		out = append(out, cmd)
	}
	return out
}

// ServeHTTP is the interactions endpoint. Every request is verified with
// Ed25519 before anything is parsed.
func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if !a.verify(r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp"), body) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var in discordgo.Interaction
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if !a.firstTime(in.ID) {
		http.Error(w, "interaction already answered", http.StatusConflict)
		return
	}
	resp, after := a.respond(r.Context(), &in)
	if after != nil {
		a.pending.Add(1) // before the answer goes, so Wait never misses it
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if after == nil {
		return
	}
	// Follow-ups and deferred edits go by REST once the answer is out: in the
	// background while there is room, else before this request ends.
	ctx := context.WithoutCancel(r.Context())
	select {
	case a.slots <- struct{}{}:
		go func() {
			defer a.pending.Done()
			defer func() { <-a.slots }()
			after(ctx)
		}()
	default:
		defer a.pending.Done()
		after(ctx)
	}
}

// firstTime remembers an interaction id for as long as its signature would
// be accepted, so a captured request cannot be replayed.
func (a *Adapter) firstTime(id string) bool {
	now := a.clock.Now()
	a.seenMu.Lock()
	defer a.seenMu.Unlock()
	if _, dup := a.seen[id]; dup || id == "" {
		return false
	}
	if len(a.seen) > 1000 {
		for k, at := range a.seen {
			if now.Sub(at) > 2*maxSkew {
				delete(a.seen, k)
			}
		}
	}
	a.seen[id] = now
	return true
}

// verify checks the signature over timestamp+body and refuses stale requests.
func (a *Adapter) verify(sigHex, ts string, body []byte) bool {
	if a.key == nil || sigHex == "" || ts == "" {
		return false
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if skew := a.clock.Now().Sub(time.Unix(secs, 0)); skew > maxSkew || skew < -maxSkew {
		return false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	return ed25519.Verify(a.key, msg, sig)
}

// gatewayInteraction answers an interaction that came over the gateway.
func (a *Adapter) gatewayInteraction(ctx context.Context, in *discordgo.Interaction) {
	resp, after := a.respond(ctx, in)
	cctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	// Never wait out a rate limit past the interaction's deadline.
	if err := a.s.InteractionRespond(in, resp, discordgo.WithContext(cctx), discordgo.WithRetryOnRatelimit(false)); err != nil {
		a.log.Warn("interaction response failed", "err", a.scrub(err, in.Token).Error())
		return
	}
	if after != nil {
		after(ctx)
	}
}

// respond builds the immediate answer to an interaction, and what to do
// after it (follow-ups, or the work of a deferred command).
func (a *Adapter) respond(ctx context.Context, in *discordgo.Interaction) (*discordgo.InteractionResponse, func(context.Context)) {
	switch in.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: a.autocomplete(ctx, bot.ChatRef{Platform: Platform, ChatID: in.ChannelID}.String(), in.ApplicationCommandData())}}, nil
	case discordgo.InteractionApplicationCommand:
	default:
		return message(bot.Errorf("Not supported", "briefbot answers slash commands only."))[0], nil
	}
	req := a.request(in)
	spec, _ := bot.Spec(req.Command)
	if spec.Slow {
		work := func(ctx context.Context) {
			parts := message(a.handler.Handle(ctx, req))
			if _, err := a.s.InteractionResponseEdit(in, &discordgo.WebhookEdit{Embeds: &parts[0].Data.Embeds}, discordgo.WithContext(ctx)); err != nil {
				a.log.Warn("deferred edit failed", "err", a.scrub(err, in.Token).Error())
				return
			}
			a.followUps(ctx, in, parts[1:])
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}, work
	}
	parts := message(a.handler.Handle(ctx, req))
	if len(parts) == 1 {
		return parts[0], nil
	}
	return parts[0], func(ctx context.Context) { a.followUps(ctx, in, parts[1:]) }
}

func (a *Adapter) followUps(ctx context.Context, in *discordgo.Interaction, parts []*discordgo.InteractionResponse) {
	for _, p := range parts {
		_, err := a.s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Embeds: p.Data.Embeds, Flags: p.Data.Flags}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.Warn("follow-up failed", "err", a.scrub(err, in.Token).Error())
			return
		}
	}
}

// request turns a slash command into the bot's request.
func (a *Adapter) request(in *discordgo.Interaction) bot.Request {
	data := in.ApplicationCommandData()
	// A guild is known by guild_id: a guild interaction that lacks its
	// member is no direct message, and its sender administers nothing.
	req := bot.Request{Platform: Platform, ChatID: in.ChannelID, Private: in.GuildID == "", Command: data.Name}
	switch {
	case in.GuildID != "" && in.Member != nil:
		req.IsAdmin = in.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0
		if in.Member.User != nil {
			req.UserID = in.Member.User.ID
		}
	case in.GuildID == "":
		req.IsAdmin = true // a direct message: the user decides
		if in.User != nil {
			req.UserID = in.User.ID
		}
	}
	opts := map[string]string{}
	for _, o := range data.Options {
		switch o.Type {
		case discordgo.ApplicationCommandOptionBoolean:
			opts[o.Name] = strconv.FormatBool(o.BoolValue())
		default:
			opts[o.Name] = strings.TrimSpace(fmt.Sprint(o.Value))
		}
	}
	req.Args = argsFor(data.Name, opts)
	return req
}

// argsFor writes typed options as the text arguments the router reads.
func argsFor(cmd string, o map[string]string) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	switch cmd {
	case "subscribe":
		if o["cron"] != "" {
			add(`cron "` + strings.ReplaceAll(o["cron"], `"`, "") + `"`)
		} else {
			add(o["time"])
		}
		add(o["zone"])
		if o["only"] != "" {
			add("only:" + strings.ReplaceAll(o["only"], " ", ""))
		}
		if o["skip"] != "" {
			add("skip:" + strings.ReplaceAll(o["skip"], " ", ""))
		}
		if o["daily"] == "true" {
			add("daily")
		}
	case "feeds":
		add(o["action"])
		add(o["url"])
	default:
		for _, k := range []string{"actor", "question", "url", "briefing", "page"} {
			add(o[k])
		}
	}
	return strings.Join(parts, " ")
}

// autocomplete offers actors or briefings matching what was typed, at most 25.
func (a *Adapter) autocomplete(ctx context.Context, scope string, data discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if a.lib == nil {
		return choices
	}
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o.Focused {
			focused = o
		}
	}
	if focused == nil {
		return choices
	}
	typed := strings.ToLower(strings.TrimSpace(fmt.Sprint(focused.Value)))
	switch focused.Name {
	case "briefing":
		entries, _, err := a.lib.Recent(ctx, scope, 0, autocompleteWindow)
		if err != nil {
			return choices
		}
		for _, e := range entries {
			name := clip(e.Title+" ("+e.ID+")", 100)
			if len(choices) < maxChoices && (typed == "" || strings.Contains(strings.ToLower(name), typed)) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: e.ID})
			}
		}
	case "actor":
		names, err := a.lib.ActorNames(ctx, scope, typed, maxChoices)
		if err != nil {
			return choices
		}
		for _, n := range names {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: clip(n, 100), Value: clip(n, 100)})
		}
	}
	return choices
}

// autocompleteWindow is how many of the newest briefings are offered by title.
const autocompleteWindow = 100

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// message renders a reply as interaction responses, one embed each, every
// embed within Discord's limits; help and errors are ephemeral.
func message(r bot.Reply) []*discordgo.InteractionResponse {
	embeds := Embeds(r)
	var out []*discordgo.InteractionResponse
	for _, e := range embeds {
		d := &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}
		if r.Ephemeral {
			d.Flags = discordgo.MessageFlagsEphemeral
		}
		out = append(out, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d})
	}
	return out
}

// markdown escapes what Discord would read as formatting, links included:
// "[text](url)" from a report must not become a masked link, nor "<@id>" a mention.
var markdown = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`,
	"[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`, "<", `\<`, "#", `\#`, "-", `\-`)

// Embeds renders a reply as embeds, one per message.
func Embeds(r bot.Reply) []*discordgo.MessageEmbed {
	esc := markdown.Replace
	var chunks []bot.Chunk
	for _, b := range r.Blocks {
		if b.Heading != "" {
			chunks = append(chunks, bot.Chunk{Open: "\n**", Body: esc(b.Heading), Close: "**", Break: true})
		}
		if b.Text != "" {
			chunks = append(chunks, bot.Chunk{Body: esc(b.Text)})
		}
		for _, it := range b.Items {
			chunks = append(chunks, bot.Chunk{Open: "• ", Body: bot.FormatItem(it, esc, func(s string) string { return "**" + s + "**" })})
		}
	}
	title := clip(r.Title, maxTitle)
	parts := bot.SplitCapped(chunks, maxDescription, utf8.RuneCountInString, bot.MaxParts)
	if len(parts) == 0 {
		parts = []string{"\u200b"}
	}
	color := 0x2b6cb0
	if r.Error {
		color = 0xc53030
	}
	var out []*discordgo.MessageEmbed
	for i, p := range parts {
		e := &discordgo.MessageEmbed{Description: strings.TrimLeft(p, "\n"), Color: color}
		if i == 0 {
			e.Title = title
		}
		if i == len(parts)-1 && r.Footer != "" {
			room := min(maxFooter, maxEmbedTotal-utf8.RuneCountInString(e.Title)-utf8.RuneCountInString(e.Description))
			if room > 1 {
				e.Footer = &discordgo.MessageEmbedFooter{Text: clip(r.Footer, room)}
			}
		}
		out = append(out, e)
	}
	return out
}

// Post sends a digest to a channel, one embed per message.
func (a *Adapter) Post(ctx context.Context, channelID string, r bot.Reply) error {
	if a.cfg.Token == "" {
		return &bot.PostError{Kind: bot.ErrRejected, Err: errors.New("discord: no DISCORD_TOKEN to post with")}
	}
	for _, e := range Embeds(r) {
		_, err := a.s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}}, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		if err != nil {
			return a.classify(err)
		}
	}
	return nil
}

// classify turns a REST failure into the bot's delivery errors.
func (a *Adapter) classify(err error) error {
	err = a.scrub(err)
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil {
		return &bot.PostError{Kind: bot.ErrRateLimited, RetryAfter: rl.RetryAfter, Err: err}
	}
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return &bot.PostError{Kind: bot.ErrTemporary, Err: fmt.Errorf("discord: %w", err)}
	}
	code := 0
	if re.Message != nil {
		code = re.Message.Code
	}
	status := re.Response.StatusCode
	switch {
	case code == discordgo.ErrCodeMissingAccess || code == discordgo.ErrCodeMissingPermissions:
		return &bot.PostError{Kind: bot.ErrForbidden, Err: briefError(re)}
	case code == discordgo.ErrCodeUnknownChannel || status == http.StatusNotFound:
		return &bot.PostError{Kind: bot.ErrChatGone, Err: briefError(re)}
	case status == http.StatusForbidden:
		return &bot.PostError{Kind: bot.ErrForbidden, Err: briefError(re)}
	case status == http.StatusTooManyRequests:
		return &bot.PostError{Kind: bot.ErrRateLimited, RetryAfter: time.Second, Err: briefError(re)}
	case status >= 500:
		return &bot.PostError{Kind: bot.ErrTemporary, Err: briefError(re)}
	}
	return &bot.PostError{Kind: bot.ErrRejected, Err: briefError(re)}
}

// briefError keeps Discord's code and message, not the whole response.
func briefError(re *discordgo.RESTError) error {
	if re.Message != nil {
		return fmt.Errorf("discord: HTTP %d, code %d: %s", re.Response.StatusCode, re.Message.Code, re.Message.Message)
	}
	return fmt.Errorf("discord: HTTP %d: %s", re.Response.StatusCode, bytes.TrimSpace(re.ResponseBody))
}
