package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/faketg"
	"github.com/briefbot/briefbot/store/sqlite"
)

func TestCommands(t *testing.T) {
	tests := []struct {
		name     string
		chatType string
		chatID   int64
		text     string
		answered bool
		contains string
	}{
		{"private command", "private", 7, "/positions trump", true, "Positions of Donald Trump"},
		{"group command with our name", "group", -100, "/positions@briefbot_test trump", true, "Positions of Donald Trump"},
		{"group command without a name", "supergroup", -100, "/quotes", true, "Quotes:"},
		{"command for another bot", "group", -100, "/positions@other_bot trump", false, ""},
		{"plain text in private is a question", "private", 7, "what did Macron argue?", true, "security burden"},
		{"the span that answers is bold", "private", 7, "/ask how long did the three leaders speak?", true, "about <b>35 minutes</b>"},
		{"plain text in a group is ignored", "group", -100, "hello all", false, ""},
		{"unknown command", "private", 7, "/frobnicate", true, "There is no /frobnicate"},
		{"unknown command in a group is someone else's", "group", -100, "/frobnicate", false, ""},
		{"start greets", "private", 7, "/start", true, "Welcome to briefbot"},
		{"settings shows the schedule", "private", 7, "/settings", true, "Digests"},
		{"html is escaped", "private", 7, "/positions <b>x</b>", true, "&lt;b&gt;x&lt;/b&gt;"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			a := newAdapter(t, f, nil, nil, nil, nil)
			if code := postHook(t, a, "hook-secret", update(100+i, tt.chatID, tt.chatType, 5, tt.text)); code != http.StatusOK {
				t.Fatalf("webhook answered %d", code)
			}
			sent := f.Sent("sendMessage")
			if !tt.answered {
				if len(sent) != 0 {
					t.Fatalf("answered %q", sent[0].Form.Get("text"))
				}
				return
			}
			if len(sent) == 0 {
				t.Fatal("no reply sent")
			}
			m := sent[0].Form
			if m.Get("chat_id") != fmt.Sprint(tt.chatID) || m.Get("parse_mode") != "HTML" || !strings.Contains(m.Get("text"), tt.contains) {
				t.Errorf("sent chat %s mode %s text %q; want chat %d, HTML, containing %q", m.Get("chat_id"), m.Get("parse_mode"), m.Get("text"), tt.chatID, tt.contains)
			}
		})
	}
}

// bigReply answers every command with a reply far over Telegram's limit.
type bigReply struct{}

func (bigReply) Handle(ctx context.Context, req bot.Request) bot.Reply {
	var items []bot.Item
	for i := 0; i < 400; i++ {
		items = append(items, bot.Item{Text: fmt.Sprintf("item %03d: Zelenskiy — «ceasefire» & guarantees 🇺🇦", i)})
	}
	return bot.Reply{Title: "Big", Blocks: []bot.Block{{Heading: "All", Items: items}}}
}

func TestLongReplySplitInOrder(t *testing.T) {
	f := newFakeAPI(t)
	a := newAdapter(t, f, bigReply{}, nil, nil, nil)
	postHook(t, a, "hook-secret", update(1, 7, "private", 5, "/brief"))
	sent := f.Sent("sendMessage")
	if len(sent) < 2 || len(sent) > bot.MaxParts {
		t.Fatalf("got %d messages, want the reply split into 2 to %d", len(sent), bot.MaxParts)
	}
	var all string
	for _, c := range sent {
		text := c.Form.Get("text")
		if n := len(utf16.Encode([]rune(text))); n > MaxMessage {
			t.Errorf("a message of %d UTF-16 units", n)
		}
		all += text + "\n"
	}
	last, kept := -1, 0
	for i := 0; i < 400; i++ {
		at := strings.Index(all, fmt.Sprintf("item %03d:", i))
		if at < 0 {
			break
		}
		if at < last {
			t.Fatalf("item %d out of order", i)
		}
		last, kept = at, i+1
	}
	if kept < 50 || kept == 400 {
		t.Fatalf("kept %d items of 400", kept)
	}
	if strings.Contains(all, fmt.Sprintf("item %03d:", kept+1)) {
		t.Errorf("items after the cut were sent")
	}
	if want := fmt.Sprintf("and %d more lines", 400-kept); !strings.Contains(sent[len(sent)-1].Form.Get("text"), want) {
		t.Errorf("the last message does not say %q", want)
	}
	if !strings.Contains(all, "&amp; guarantees") {
		t.Errorf("ampersand not escaped")
	}
}

func TestWebhookSecret(t *testing.T) {
	f := newFakeAPI(t)
	a := newAdapter(t, f, nil, nil, nil, nil)
	tests := []struct {
		name, secret string
		body         []byte
		want         int
	}{
		{"wrong secret", "nope", update(1, 7, "private", 5, "/help"), http.StatusUnauthorized},
		{"missing secret", "", update(2, 7, "private", 5, "/help"), http.StatusUnauthorized},
		{"malformed JSON", "hook-secret", []byte(`{"update_id":`), http.StatusBadRequest},
		{"huge body", "hook-secret", []byte(`{"update_id":3,"message":{"text":"` + strings.Repeat("a", 2<<20) + `"}}`), http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := postHook(t, a, tt.secret, tt.body); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
	if n := len(f.Sent("sendMessage")); n != 0 {
		t.Errorf("refused updates were processed: %d replies", n)
	}
	if got := postHook(t, a, "hook-secret", update(4, 7, "private", 5, "/help")); got != http.StatusOK || len(f.Sent("sendMessage")) != 1 {
		t.Errorf("right secret: got %d and %d replies", got, len(f.Sent("sendMessage")))
	}
}

func TestRepeatedUpdateHandledOnce(t *testing.T) {
	f := newFakeAPI(t)
	a := newAdapter(t, f, nil, nil, nil, nil)
	u := update(77, 7, "private", 5, "/help")
	postHook(t, a, "hook-secret", u)
	postHook(t, a, "hook-secret", u)
	if n := len(f.Sent("sendMessage")); n != 1 {
		t.Errorf("got %d replies, want 1", n)
	}
}

func TestGroupSubscribeNeedsAdmin(t *testing.T) {
	f := newFakeAPI(t)
	f.SetMember("5", "member")
	f.SetMember("6", "administrator")
	a := newAdapter(t, f, nil, nil, nil, nil)
	postHook(t, a, "hook-secret", update(1, -100, "group", 5, "/subscribe 08:00"))
	postHook(t, a, "hook-secret", update(2, -100, "group", 6, "/subscribe 08:00"))
	sent := f.Sent("sendMessage")
	if len(sent) != 2 {
		t.Fatalf("got %d replies", len(sent))
	}
	if !strings.Contains(sent[0].Form.Get("text"), "Only an administrator") {
		t.Errorf("a member subscribed: %q", sent[0].Form.Get("text"))
	}
	// The admin gets past the check (this router has no digests configured).
	if !strings.Contains(sent[1].Form.Get("text"), "Digests") {
		t.Errorf("admin got %q", sent[1].Form.Get("text"))
	}
	if n := len(f.Sent("getChatMember")); n != 2 {
		t.Errorf("getChatMember called %d times, want 2", n)
	}
}

func TestRemovedFromChatStopsDigest(t *testing.T) {
	f := newFakeAPI(t)
	subs := &subsRecorder{}
	a := newAdapter(t, f, nil, subs, nil, nil)
	body := []byte(`{"update_id":9,"my_chat_member":{"chat":{"id":-100,"type":"group"},"from":{"id":5,"is_bot":false,"first_name":"A"},"date":0,
		"old_chat_member":{"user":{"id":42,"is_bot":true,"first_name":"b"},"status":"member"},"new_chat_member":{"user":{"id":42,"is_bot":true,"first_name":"b"},"status":"kicked"}}}`)
	postHook(t, a, "hook-secret", body)
	if len(subs.stopped) != 1 || !strings.HasPrefix(subs.stopped[0], "-100:") {
		t.Errorf("got %v", subs.stopped)
	}
}

// deliveryRig is a courier with the Telegram adapter and a real SQLite store.
func deliveryRig(t *testing.T, f *faketg.Server, lg *logs) (*bot.Courier, *sqlite.Store, *bot.ManualClock) {
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"), briefings.Analyzer{}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := newAdapter(t, f, nil, st, lg, clock)
	c := bot.NewCourier(st, clock, nil)
	c.Register(Platform, a, bot.TelegramPacing)
	return c, st, clock
}

func TestDigestDeliveryErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("429 then success after retry_after", func(t *testing.T) {
		f := newFakeAPI(t)
		f.On("sendMessage", `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}`)
		c, _, clock := deliveryRig(t, f, nil)
		if _, err := c.Send(ctx, bot.ChatRef{Platform: Platform, ChatID: "7"}, bot.Reply{Title: "Digest"}); err != nil {
			t.Fatal(err)
		}
		if got := f.Sent("sendMessage"); len(got) != 2 || got[1].Form.Get("chat_id") != "7" {
			t.Errorf("got %v", chatIDs(got))
		}
		if clock.Slept() < 5*time.Second {
			t.Errorf("waited %s, want the 5s Telegram asked for", clock.Slept())
		}
	})
	t.Run("403 stops the subscription", func(t *testing.T) {
		f := newFakeAPI(t)
		f.On("sendMessage", `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
		c, st, _ := deliveryRig(t, f, nil)
		chat := bot.ChatRef{Platform: Platform, ChatID: "7"}
		st.PutSubscription(ctx, bot.Subscription{Chat: chat, Spec: "0 8 * * *", TZ: "UTC"})
		_, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"})
		if !errors.Is(err, bot.ErrChatGone) {
			t.Fatalf("got %v", err)
		}
		sub, _ := st.Subscription(ctx, chat)
		if sub.Active || !strings.Contains(sub.Reason, "blocked") {
			t.Errorf("subscription %+v", sub)
		}
	})
	t.Run("chat migrated to a supergroup", func(t *testing.T) {
		f := newFakeAPI(t)
		f.On("sendMessage", `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009}}`)
		c, st, _ := deliveryRig(t, f, nil)
		chat := bot.ChatRef{Platform: Platform, ChatID: "-5"}
		st.PutSubscription(ctx, bot.Subscription{Chat: chat, Spec: "0 8 * * *", TZ: "UTC"})
		got, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"})
		if err != nil || got.ChatID != "-1009" {
			t.Fatalf("got %v %v", got, err)
		}
		if ids := chatIDs(f.Sent("sendMessage")); strings.Join(ids, ",") != "-5,-1009" {
			t.Errorf("sent to %v", ids)
		}
		if _, err := st.Subscription(ctx, bot.ChatRef{Platform: Platform, ChatID: "-1009"}); err != nil {
			t.Errorf("subscription did not follow: %v", err)
		}
	})
	t.Run("chat not found", func(t *testing.T) {
		f := newFakeAPI(t)
		f.On("sendMessage", `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`)
		c, _, _ := deliveryRig(t, f, nil)
		if _, err := c.Send(ctx, bot.ChatRef{Platform: Platform, ChatID: "8"}, bot.Reply{Title: "x"}); !errors.Is(err, bot.ErrChatGone) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("5xx retried", func(t *testing.T) {
		f := newFakeAPI(t)
		f.On("sendMessage", `{"ok":false,"error_code":502,"description":"Bad Gateway"}`)
		c, _, _ := deliveryRig(t, f, nil)
		if _, err := c.Send(ctx, bot.ChatRef{Platform: Platform, ChatID: "8"}, bot.Reply{Title: "x"}); err != nil || len(f.Sent("sendMessage")) != 2 {
			t.Errorf("got %v after %d tries", err, len(f.Sent("sendMessage")))
		}
	})
}

func TestPolling(t *testing.T) {
	f := newFakeAPI(t)
	f.On("getUpdates", `{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":3}}`)
	clock := bot.NewManualClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	a := newAdapter(t, f, nil, nil, nil, clock)
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(f.Sent("setMyCommands")) != 1 || len(f.Sent("deleteWebhook")) != 1 {
		t.Errorf("start did not register commands and clear the webhook")
	}
	f.Updates <- []json.RawMessage{faketg.Update(10, 7, "private", 5, "/help"), faketg.Update(11, 7, "private", 5, "/briefings")}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Poll(ctx) }()
	// The third getUpdates (after the 429 and the batch) blocks until we stop.
	for i := 0; i < 3; i++ {
		if err := f.Polled(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(f.Sent("sendMessage")); n != 2 {
		t.Errorf("got %d replies, want 2", n)
	}
	calls := f.Sent("getUpdates")
	if calls[2].Form.Get("offset") != "12" {
		t.Errorf("offset after updates 10 and 11: got %q", calls[2].Form.Get("offset"))
	}
	if clock.Slept() < 3*time.Second {
		t.Errorf("did not wait out the 429: slept %s", clock.Slept())
	}
}

func TestPollingStopsOnBadToken(t *testing.T) {
	f := newFakeAPI(t)
	f.On("getUpdates", `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
	a := newAdapter(t, f, nil, nil, nil, bot.NewManualClock(time.Now()))
	err := a.Poll(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN") || strings.Contains(err.Error(), testToken) {
		t.Errorf("got %v", err)
	}
}

func TestTokenNeverLeaks(t *testing.T) {
	lg := &logs{}
	f := newFakeAPI(t)
	a := newAdapter(t, f, nil, nil, lg, bot.NewManualClock(time.Now()))
	// A network failure: net/http puts the request URL, token and all, in its error.
	f.Close()
	err := a.Post(context.Background(), "7", bot.Reply{Title: "x"})
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("error leaks the token or is nil: %v", err)
	}
	postHook(t, a, "hook-secret", update(1, 7, "private", 5, "/help"))
	if _, err := New(context.Background(), Config{Token: testToken, APIURL: f.URL}, nil, nil, nil); err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("constructor error leaks the token or is nil: %v", err)
	}
	if strings.Contains(lg.String(), testToken) || strings.Contains(lg.String(), "SECRET") {
		t.Errorf("token in logs:\n%s", lg.String())
	}
	if lg.String() == "" {
		t.Errorf("nothing was logged; the check above proves nothing")
	}
}

func TestWebhookRegistration(t *testing.T) {
	f := newFakeAPI(t)
	a, err := New(context.Background(), Config{Token: testToken, APIURL: f.URL, WebhookURL: "https://bot.example.org/telegram/webhook", Secret: "s3cr3t"}, sampleRouter(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	hooks := f.Sent("setWebhook")
	if len(hooks) != 1 || hooks[0].Form.Get("url") != "https://bot.example.org/telegram/webhook" || hooks[0].Form.Get("secret_token") != "s3cr3t" {
		t.Errorf("setWebhook: %+v", hooks)
	}
	cmds := f.Sent("setMyCommands")
	if len(cmds) != 1 || !strings.Contains(cmds[0].Form.Get("commands"), `"command":"positions"`) {
		t.Errorf("setMyCommands: %+v", cmds)
	}
}
