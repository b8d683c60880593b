// Package telegram connects briefbot to Telegram through the Bot API, by long
// polling or a webhook, and posts digests to chats.
package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// Platform is the name requests and subscriptions carry.
const Platform = "telegram"

// MaxMessage is Telegram's limit on a message's text, in UTF-16 units.
const MaxMessage = 4096

// Subscriptions is what the adapter changes when the bot leaves a chat.
type Subscriptions interface {
	Deactivate(ctx context.Context, chat bot.ChatRef, reason string) error
}

// Config holds the adapter's settings.
type Config struct {
	Token      string
	APIURL     string // base URL, such as https://api.telegram.org
	WebhookURL string // public URL of /telegram/webhook; empty means long polling
	Secret     string // webhook secret token
	HTTPClient *http.Client
	Clock      bot.Clock
	// Sender, when set, carries command replies through the same pacing as
	// digests (the courier); otherwise replies are posted directly.
	Sender Sender
	// Parallel is how many chats' updates are handled at once while long
	// polling; each chat's own updates stay in order. Default 8.
	Parallel int
}

// Sender posts a reply once, paced; *bot.Courier is one.
type Sender interface {
	Attempt(ctx context.Context, chat bot.ChatRef, r bot.Reply) (bot.ChatRef, error)
}

// Adapter is briefbot on Telegram.
type Adapter struct {
	cfg     Config
	api     *tgbotapi.BotAPI
	handler bot.Handler
	subs    Subscriptions
	log     *slog.Logger
	clock   bot.Clock

	failures *failures // what failed calls answered, per method

	seenMu sync.Mutex
	seen   map[int]bool // update ids handled lately
	order  []int
}

var (
	_ bot.PacedPoster = (*Adapter)(nil)
	_ bot.Runner      = (*Adapter)(nil)
	_ http.Handler    = (*Adapter)(nil)
)

// ctxClient carries a context into the library's requests, which take none.
type ctxClient struct {
	ctx      context.Context
	c        *http.Client
	failures *failures
}

func (c ctxClient) Do(r *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(r.WithContext(c.ctx))
	if err != nil || resp.StatusCode == http.StatusOK {
		return resp, err
	}
	// Keep what a failed call answered, so an error without a description
	// can still say what came back.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.failures.Store(path.Base(r.URL.Path), failure{status: resp.Status, body: body})
	return resp, nil
}

// failure is what the Bot API answered to a failed call of one method.
type failure struct {
	status string
	body   []byte
}

// failures holds an adapter's latest failure per method, for describe.
type failures struct{ sync.Map }

// describe names the method of a failed Bot API call and, when Telegram
// gave no description, says what it did give.
func (fs *failures) describe(method string, err error) error {
	var te *tgbotapi.Error
	if errors.As(err, &te) && te.Message != "" {
		return fmt.Errorf("%s: %w", method, err)
	}
	detail := fmt.Sprintf("%T", err)
	if te != nil {
		detail = fmt.Sprintf("error %d", te.Code)
	} else if err.Error() != "" {
		detail = err.Error()
	}
	if f, ok := fs.Load(method); ok {
		fl := f.(failure)
		return fmt.Errorf("%s: HTTP %s, no description (%s), body %q: %w", method, fl.status, detail, firstBytes(fl.body, 120), err)
	}
	return fmt.Errorf("%s: %s, no description: %w", method, detail, err)
}

// New connects to the Bot API (getMe) and returns the adapter.
func New(ctx context.Context, cfg Config, h bot.Handler, subs Subscriptions, log *slog.Logger) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: TELEGRAM_TOKEN is empty")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.telegram.org"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	// The token is in every request's path: a redirect would hand it to
	// whatever host the Bot API URL points at.
	noRedirects := *cfg.HTTPClient
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cfg.HTTPClient = &noRedirects
	if cfg.Parallel <= 0 {
		cfg.Parallel = 8
	}
	if cfg.Clock == nil {
		cfg.Clock = bot.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	endpoint := strings.TrimRight(cfg.APIURL, "/") + "/bot%s/%s"
	fails := &failures{}
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, endpoint, ctxClient{ctx, cfg.HTTPClient, fails})
	if err != nil {
		return nil, fmt.Errorf("telegram: connect to %s: %w", cfg.APIURL, scrub(fails.describe("getMe", err), cfg.Token))
	}
	return &Adapter{cfg: cfg, api: api, handler: h, subs: subs, log: log, clock: cfg.Clock, seen: map[int]bool{}, failures: fails}, nil
}

// with returns a copy of the client whose requests end with ctx.
func (a *Adapter) with(ctx context.Context) *tgbotapi.BotAPI {
	c := *a.api
	c.Client = ctxClient{ctx, a.cfg.HTTPClient, a.failures}
	return &c
}

// scrubbed is an error with the token taken out of its text.
type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

// scrub removes the token from an error's text: the library puts it in
// request URLs, and net/http repeats them in its errors.
func scrub(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), token, "<token>"), err: err}
}

// Run serves Telegram until ctx ends: it registers the command menu, then
// either sets the webhook (updates then arrive through ServeHTTP) or long-polls.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.Start(ctx); err != nil {
		return err
	}
	if a.cfg.WebhookURL != "" {
		<-ctx.Done()
		return nil
	}
	return a.Poll(ctx)
}

// Start registers the command menu and either sets the webhook or removes it
// so long polling can run.
func (a *Adapter) Start(ctx context.Context) error {
	var cmds []tgbotapi.BotCommand
	for _, c := range bot.Commands {
		cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	// Telegram's global commands are start, help and settings.
	cmds = append(cmds, tgbotapi.BotCommand{Command: "settings", Description: "This chat's digest schedule"})
	if _, err := a.with(ctx).Request(tgbotapi.NewSetMyCommands(cmds...)); err != nil {
		// The menu is a convenience; the bot works without it.
		a.log.Warn("command menu not set", "err", scrub(a.failures.describe("setMyCommands", err), a.cfg.Token).Error())
	}
	if a.cfg.WebhookURL != "" {
		params := tgbotapi.Params{}
		params["url"] = a.cfg.WebhookURL
		params["secret_token"] = a.cfg.Secret
		params["allowed_updates"] = `["message","my_chat_member"]`
		if _, err := a.with(ctx).MakeRequest("setWebhook", params); err != nil {
			return fmt.Errorf("telegram: set webhook: %w", scrub(err, a.cfg.Token))
		}
		a.log.Info("webhook set", "url", a.cfg.WebhookURL)
		return nil
	}
	if _, err := a.with(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{}); err != nil {
		return fmt.Errorf("telegram: delete webhook: %w", scrub(err, a.cfg.Token))
	}
	return nil
}

// Poll reads updates with getUpdates until ctx ends, backing off on errors.
// (The library's GetUpdatesChan hides 401, 409 and 429; this loop does not.)
func (a *Adapter) Poll(ctx context.Context) error {
	offset := 0
	backoff := time.Second
	// An update taken from Telegram is answered even if shutdown begins
	// meanwhile: its offset is acknowledged by the next poll, so it would
	// not come again.
	d := newDispatcher(a.cfg.Parallel, func(u tgbotapi.Update) {
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		a.handleUpdate(hctx, u)
	})
	defer d.wait() // nothing handled outlives Poll
	for ctx.Err() == nil {
		cfg := tgbotapi.UpdateConfig{Offset: offset, Timeout: 25, AllowedUpdates: []string{"message", "my_chat_member"}}
		updates, err := a.with(ctx).GetUpdates(cfg)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			err = scrub(err, a.cfg.Token)
			var te *tgbotapi.Error
			wait := backoff
			switch {
			case errors.As(err, &te) && te.Code == http.StatusUnauthorized:
				return fmt.Errorf("telegram: the token was refused (401): check TELEGRAM_TOKEN")
			case errors.As(err, &te) && te.Code == http.StatusConflict:
				a.log.Warn("getUpdates conflict (409): another instance is polling or a webhook is set", "err", err.Error())
			case errors.As(err, &te) && te.Code == http.StatusTooManyRequests && te.RetryAfter > 0:
				wait = time.Duration(te.RetryAfter) * time.Second
			default:
				a.log.Warn("getUpdates failed", "err", err.Error(), "retry_in", wait)
			}
			if a.clock.Sleep(ctx, wait) != nil {
				return nil
			}
			backoff = min(backoff*2, 30*time.Second)
			continue
		}
		backoff = time.Second
		for _, u := range updates {
			if u.UpdateID >= offset {
				offset = u.UpdateID + 1
			}
			if !d.submit(ctx, updateChat(u), u) {
				break
			}
		}
	}
	return nil
}

// updateChat is the chat an update belongs to, for keeping its order.
func updateChat(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// ServeHTTP is the webhook: Telegram's secret token checked in constant time
// before anything is read.
func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if a.cfg.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.Secret)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil {
		http.Error(w, "malformed update", http.StatusBadRequest)
		return
	}
	a.handleUpdate(r.Context(), u)
	w.WriteHeader(http.StatusOK)
}

// firstTime remembers an update id; Telegram may deliver one twice.
func (a *Adapter) firstTime(id int) bool {
	a.seenMu.Lock()
	defer a.seenMu.Unlock()
	if a.seen[id] {
		return false
	}
	a.seen[id] = true
	a.order = append(a.order, id)
	if len(a.order) > 10000 {
		delete(a.seen, a.order[0])
		a.order = a.order[1:]
	}
	return true
}

func (a *Adapter) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	if !a.firstTime(u.UpdateID) {
		return
	}
	// One malformed update must not take the bot down, nor come back after
	// a restart: it is logged here and acknowledged by the next poll.
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("update handling failed", "update", u.UpdateID, "panic", fmt.Sprint(p))
		}
	}()
	switch {
	case u.MyChatMember != nil:
		a.membership(ctx, u.MyChatMember)
	case u.Message != nil:
		a.message(ctx, u.Message)
	}
}

// membership stops a chat's digest when the bot is removed from it.
func (a *Adapter) membership(ctx context.Context, m *tgbotapi.ChatMemberUpdated) {
	switch m.NewChatMember.Status {
	case "left", "kicked":
		chat := bot.ChatRef{Platform: Platform, ChatID: strconv.FormatInt(m.Chat.ID, 10)}
		if a.subs != nil {
			if err := a.subs.Deactivate(ctx, chat, "the bot was removed from the chat"); err != nil {
				a.log.Error("deactivate", "chat", chat.String(), "err", err)
			}
		}
		a.log.Info("removed from chat", "chat", chat.String())
	}
}

func (a *Adapter) message(ctx context.Context, m *tgbotapi.Message) {
	if m.Chat == nil {
		return
	}
	if m.From != nil && m.From.IsBot {
		return // other bots' messages are not for us, and answering them can loop
	}
	private := m.Chat.Type == "private"
	var cmd, args string
	if text := strings.TrimSpace(m.Text); strings.HasPrefix(text, "/") {
		// Parsed from the text itself: the library's Command() trusts the
		// entity's length and panics when it is longer than the text.
		c, rest, to, ok := bot.ParseCommand(text)
		if !ok || to != "" && !strings.EqualFold(to, a.api.Self.UserName) {
			return // not a command, or one for another bot
		}
		cmd, args = c, rest
		if _, known := bot.Spec(cmd); !known && !private && cmd != "settings" {
			return // in groups, other bots' commands are common: not ours to answer
		}
	} else if private && text != "" {
		cmd, args = "ask", strings.TrimSpace(m.Text) // a plain question in a private chat
	} else {
		return
	}
	req := bot.Request{Platform: Platform, ChatID: strconv.FormatInt(m.Chat.ID, 10), Private: private, Command: cmd, Args: args}
	if m.From != nil {
		req.UserID = strconv.FormatInt(m.From.ID, 10)
	}
	if spec, ok := bot.Spec(cmd); ok {
		if spec.Admin {
			admin, err := a.isAdmin(ctx, m, private)
			if err != nil {
				a.log.Warn("admin check failed", "chat", req.ChatID, "err", scrub(err, a.cfg.Token).Error())
				a.reply(ctx, req.ChatID, bot.Errorf("Could not check", "briefbot could not ask Telegram whether you administer this chat. Please try again in a moment."))
				return
			}
			req.IsAdmin = admin
		}
		if spec.Slow {
			a.with(ctx).Request(tgbotapi.NewChatAction(m.Chat.ID, tgbotapi.ChatTyping))
		}
	}
	a.reply(ctx, req.ChatID, a.handler.Handle(ctx, req))
}

// reply posts a command's answer, through the courier's pacing when there is one.
func (a *Adapter) reply(ctx context.Context, chatID string, r bot.Reply) {
	if r.Silent {
		return
	}
	var err error
	if a.cfg.Sender != nil {
		_, err = a.cfg.Sender.Attempt(ctx, bot.ChatRef{Platform: Platform, ChatID: chatID}, r)
	} else {
		err = a.Post(ctx, chatID, r)
	}
	if err != nil {
		a.log.Warn("reply not sent", "chat", chatID, "err", err.Error())
	}
}

// isAdmin says whether the sender administers the chat: in a private chat
// always; in a group, as Telegram's getChatMember says.
func (a *Adapter) isAdmin(ctx context.Context, m *tgbotapi.Message, private bool) (bool, error) {
	if private || m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID {
		return true, nil // a private chat, or an anonymous admin posting as the group
	}
	if m.From == nil {
		return false, nil
	}
	member, err := a.with(ctx).GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: m.Chat.ID, UserID: m.From.ID}})
	if err != nil {
		return false, scrub(a.failures.describe("getChatMember", err), a.cfg.Token)
	}
	return member.IsCreator() || member.IsAdministrator(), nil
}

// firstBytes is the start of a body, cut at a character boundary.
func firstBytes(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "…"
}

// Post sends a reply as HTML messages under Telegram's limit, in order, at
// most bot.MaxParts of them.
func (a *Adapter) Post(ctx context.Context, chatID string, r bot.Reply) error {
	return a.PostPaced(ctx, chatID, r, nil)
}

// PostPaced is Post with gate passed before each message.
func (a *Adapter) PostPaced(ctx context.Context, chatID string, r bot.Reply, gate bot.Gate) error {
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return &bot.PostError{Kind: bot.ErrRejected, Err: fmt.Errorf("telegram: chat id %q is not a number", chatID)}
	}
	for _, part := range bot.SplitCapped(Render(r), MaxMessage, utf16Len, bot.MaxParts) {
		if gate != nil {
			if err := gate(ctx, chatID); err != nil {
				return err
			}
		}
		msg := tgbotapi.NewMessage(id, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if _, err := a.with(ctx).Request(msg); err != nil {
			return classify(scrub(err, a.cfg.Token))
		}
	}
	return nil
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// classify turns a Bot API failure into the bot's delivery errors.
func classify(err error) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return &bot.PostError{Kind: bot.ErrTemporary, Err: fmt.Errorf("telegram: %w", err)}
	}
	desc := strings.ToLower(te.Message)
	switch {
	case te.Code == http.StatusTooManyRequests:
		return &bot.PostError{Kind: bot.ErrRateLimited, RetryAfter: time.Duration(te.RetryAfter) * time.Second, Err: err}
	case te.MigrateToChatID != 0:
		return &bot.PostError{Kind: bot.ErrMigrated, NewChatID: strconv.FormatInt(te.MigrateToChatID, 10), Err: err}
	case te.Code == http.StatusForbidden:
		return &bot.PostError{Kind: bot.ErrChatGone, Err: err} // blocked, kicked, user deactivated
	case te.Code == http.StatusBadRequest && strings.Contains(desc, "chat not found"):
		return &bot.PostError{Kind: bot.ErrChatGone, Err: err}
	case te.Code == http.StatusBadRequest && (strings.Contains(desc, "not enough rights") || strings.Contains(desc, "have no rights")):
		return &bot.PostError{Kind: bot.ErrForbidden, Err: err}
	case te.Code >= 500:
		return &bot.PostError{Kind: bot.ErrTemporary, Err: err}
	}
	return &bot.PostError{Kind: bot.ErrRejected, Err: err}
}

// Render turns a reply into HTML chunks for Telegram.
func Render(r bot.Reply) []bot.Chunk {
	esc := html.EscapeString
	var out []bot.Chunk
	if r.Title != "" {
		out = append(out, bot.Chunk{Open: "<b>", Body: esc(r.Title), Close: "</b>", Break: true})
	}
	for _, b := range r.Blocks {
		if b.Heading != "" {
			out = append(out, bot.Chunk{Open: "\n<b>", Body: esc(b.Heading), Close: "</b>", Break: true})
		}
		if b.Text != "" {
			out = append(out, bot.Chunk{Body: esc(b.Text)})
		}
		for _, it := range b.Items {
			out = append(out, bot.Chunk{Open: "• ", Body: bot.FormatItem(it, esc, func(s string) string { return "<b>" + s + "</b>" })})
		}
	}
	if r.Footer != "" {
		out = append(out, bot.Chunk{Open: "\n<i>", Body: esc(r.Footer), Close: "</i>", Break: true})
	}
	return out
}
