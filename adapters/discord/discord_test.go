package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/fakediscord"
	"github.com/briefbot/briefbot/store/sqlite"
)

const testToken = "discord-test-token-SECRET"

var now = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

func library(t testing.TB, files ...string) *bot.Memory {
	lib := bot.NewMemory(briefings.Analyzer{}, nil)
	if len(files) == 0 {
		files = []string{"../../samples/paris-2024.txt"}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lib.Add(context.Background(), f, data, now); err != nil {
			t.Fatal(err)
		}
	}
	return lib
}

type logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.buf.Write(p) }
func (l *logs) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.buf.String() }

type rig struct {
	fake   *fakediscord.Server
	signer *fakediscord.Signer
	a      *Adapter
	srv    *httptest.Server
	logs   *logs
	clock  *bot.ManualClock
}

func newRig(t testing.TB, lib bot.Library, token string) *rig {
	t.Helper()
	if lib == nil {
		lib = library(t)
	}
	r := &rig{fake: fakediscord.New(t), signer: fakediscord.NewSigner(), logs: &logs{}, clock: bot.NewManualClock(now)}
	a, err := New(Config{Token: token, AppID: "app1", PublicKey: r.signer.PublicHex(), APIURL: r.fake.URL, Clock: r.clock},
		bot.NewRouter(lib, bot.WithAnswerer(answer.Finder{})), lib, slog.New(slog.NewJSONHandler(r.logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	r.a = a
	r.srv = httptest.NewServer(a)
	t.Cleanup(r.srv.Close)
	return r
}

// post sends a body to the endpoint, signed at time at unless told otherwise.
func (r *rig) post(t testing.TB, body []byte, mutate func(h http.Header)) (int, discordgo.InteractionResponse) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL, bytes.NewReader(body))
	sig, ts := r.signer.Sign(body, now)
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	if mutate != nil {
		mutate(req.Header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out discordgo.InteractionResponse
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestEndpointVerification(t *testing.T) {
	r := newRig(t, nil, "")
	ping := []byte(`{"id":"1","application_id":"app1","type":1,"token":"t","version":1}`)
	tests := []struct {
		name   string
		body   []byte
		mutate func(h http.Header)
		want   int
	}{
		{"valid ping", ping, nil, http.StatusOK},
		{"forged body", ping, func(h http.Header) {
			sig, ts := r.signer.Sign([]byte(`{"type":1}`), now)
			h.Set("X-Signature-Ed25519", sig)
			h.Set("X-Signature-Timestamp", ts)
		}, http.StatusUnauthorized},
		{"forged signature", ping, func(h http.Header) { h.Set("X-Signature-Ed25519", strings.Repeat("ab", 64)) }, http.StatusUnauthorized},
		{"missing headers", ping, func(h http.Header) { h.Del("X-Signature-Ed25519"); h.Del("X-Signature-Timestamp") }, http.StatusUnauthorized},
		{"stale timestamp", ping, func(h http.Header) {
			sig, ts := r.signer.Sign(ping, now.Add(-6*time.Minute))
			h.Set("X-Signature-Ed25519", sig)
			h.Set("X-Signature-Timestamp", ts)
		}, http.StatusUnauthorized},
		{"malformed JSON, signed", []byte(`{"type":`), nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, resp := r.post(t, tt.body, tt.mutate)
			if code != tt.want {
				t.Fatalf("got %d, want %d", code, tt.want)
			}
			if tt.want == http.StatusOK && resp.Type != discordgo.InteractionResponsePong {
				t.Errorf("PING answered with type %d", resp.Type)
			}
		})
	}
}

func TestSlashCommands(t *testing.T) {
	r := newRig(t, nil, "")
	tests := []struct {
		name      string
		cmd       string
		opts      map[string]any
		perms     int64
		contains  string
		ephemeral bool
	}{
		{"positions", "positions", map[string]any{"actor": "trump"}, 0, "Positions of Donald Trump", false},
		{"positions by description", "positions", map[string]any{"actor": "the french leader"}, 0, "Emmanuel Macron", false},
		{"a page of briefings", "briefings", map[string]any{"page": 1}, 0, "newest first", false},
		{"a page past the end", "briefings", map[string]any{"page": 2}, 0, "the last page", true},
		{"help is ephemeral", "help", nil, 0, "briefbot", true},
		{"errors are ephemeral", "positions", map[string]any{"actor": "nobody at all"}, 0, "No one called", true},
		{"subscribe needs Manage Server", "subscribe", map[string]any{"time": "08:00"}, 0, "Only an administrator", true},
		{"admins pass the check", "subscribe", map[string]any{"time": "08:00"}, int64(discordgo.PermissionManageGuild), "Digests", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, resp := r.post(t, fakediscord.Command(string(rune('a'+i)), "g1", tt.perms, tt.cmd, tt.opts), nil)
			if code != http.StatusOK || resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil || len(resp.Data.Embeds) == 0 {
				t.Fatalf("got %d %+v", code, resp)
			}
			e := resp.Data.Embeds[0]
			if !strings.Contains(e.Title+e.Description, tt.contains) {
				t.Errorf("embed lacks %q: %s / %s", tt.contains, e.Title, e.Description)
			}
			if got := resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v, want %v", got, tt.ephemeral)
			}
		})
	}
}

func TestSlowCommandIsDeferredThenEdited(t *testing.T) {
	r := newRig(t, nil, "")
	code, resp := r.post(t, fakediscord.Command("ask1", "g1", 0, "ask", map[string]any{"question": "how long did the three leaders speak?"}), nil)
	if code != http.StatusOK || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("got %d type %d, want a deferred answer", code, resp.Type)
	}
	select {
	case req := <-r.fake.Posted:
		if fakediscord.Kind(req.Method, req.Path) != "edit" || req.Path != "/webhooks/app1/itoken-ask1/messages/@original" || !strings.Contains(string(req.Body), `about **35 minutes**`) {
			t.Errorf("got %s %s %s", req.Method, req.Path, req.Body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the deferred answer was never edited in")
	}
}

func TestAutocomplete(t *testing.T) {
	r := newRig(t, library(t, "../../samples/paris-2024.txt", "../../briefings/testdata/news.txt"), "")
	_, resp := r.post(t, fakediscord.Autocomplete("ac1", "positions", "actor", "tr"), nil)
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || resp.Data == nil {
		t.Fatalf("got %+v", resp)
	}
	if len(resp.Data.Choices) == 0 || len(resp.Data.Choices) > 25 || resp.Data.Choices[0].Name != "Donald Trump" {
		t.Errorf("choices %+v", resp.Data.Choices)
	}
	_, all := r.post(t, fakediscord.Autocomplete("ac2", "positions", "briefing", ""), nil)
	if all.Data == nil || len(all.Data.Choices) != 2 {
		t.Errorf("briefing choices %+v", all.Data)
	}
}

// Every reply for the seed-like sample stays within Discord's limits.
func TestEmbedsWithinLimits(t *testing.T) {
	lib := library(t, "../../samples/paris-2024.txt", "../../briefings/testdata/news.txt", "../../briefings/testdata/readout.txt", "../../briefings/testdata/encyclopedia.txt")
	if data, err := os.ReadFile("../../../shared/seed/000_23354147e0474606.txt"); err == nil {
		lib.Add(context.Background(), "seed", data, now.Add(time.Hour))
	}
	router := bot.NewRouter(lib, bot.WithAnswerer(answer.Finder{}))
	replies := []bot.Reply{}
	for _, q := range []struct{ cmd, args string }{{"help", ""}, {"briefings", ""}, {"brief", ""}, {"keypoints", ""}, {"actors", ""}, {"sources", ""}, {"positions", "trump"}, {"positions", "zelenskiy"}, {"quotes", ""}, {"ask", "security guarantees"}} {
		replies = append(replies, router.Handle(context.Background(), bot.Request{Command: q.cmd, Args: q.args}))
	}
	var items []bot.Item
	for i := 0; i < 300; i++ {
		items = append(items, bot.Item{Text: strings.Repeat("word ", 40), Note: "note"})
	}
	replies = append(replies, bot.Reply{Title: strings.Repeat("T", 400), Blocks: []bot.Block{{Heading: "h", Items: items}}, Footer: strings.Repeat("f", 3000)})
	for _, reply := range replies {
		for _, e := range Embeds(reply) {
			title, desc := utf8.RuneCountInString(e.Title), utf8.RuneCountInString(e.Description)
			footer := 0
			if e.Footer != nil {
				footer = utf8.RuneCountInString(e.Footer.Text)
			}
			if title > maxTitle || desc > maxDescription || footer > maxFooter || title+desc+footer > maxEmbedTotal || len(e.Fields) > 25 {
				t.Errorf("%q: embed over a limit: title %d, description %d, footer %d", reply.Title, title, desc, footer)
			}
		}
	}
}

func TestRegistration(t *testing.T) {
	for _, guild := range []string{"", "g42"} {
		r := newRig(t, nil, testToken)
		r.a.cfg.GuildID = guild
		if err := r.a.Register(context.Background()); err != nil {
			t.Fatal(err)
		}
		reqs := r.fake.Requests("commands")
		want := "/applications/app1/commands"
		if guild != "" {
			want = "/applications/app1/guilds/g42/commands"
		}
		if len(reqs) != 1 || reqs[0].Method != http.MethodPut || reqs[0].Path != want || reqs[0].Auth != "Bot "+testToken {
			t.Fatalf("got %+v, want one PUT %s", reqs, want)
		}
		var cmds []map[string]any
		json.Unmarshal(reqs[0].Body, &cmds)
		byName := map[string]map[string]any{}
		for _, c := range cmds {
			byName[c["name"].(string)] = c
		}
		if len(cmds) != len(bot.Commands) {
			t.Errorf("registered %d commands, want %d", len(cmds), len(bot.Commands))
		}
		if p := byName["subscribe"]["default_member_permissions"]; p != "32" {
			t.Errorf("subscribe default_member_permissions = %v, want \"32\" (Manage Server)", p)
		}
		opts, _ := byName["positions"]["options"].([]any)
		if len(opts) != 2 || opts[0].(map[string]any)["autocomplete"] != true || opts[0].(map[string]any)["required"] != true {
			t.Errorf("positions options %v", opts)
		}
	}
}

func TestNoTokenMeansNoRegistration(t *testing.T) {
	r := newRig(t, nil, "")
	if err := r.a.Register(context.Background()); err == nil {
		t.Error("registered without a token")
	}
	if code, _ := r.post(t, fakediscord.Command("x", "g1", 0, "positions", map[string]any{"actor": "trump"}), nil); code != http.StatusOK {
		t.Errorf("endpoint without a token answered %d", code)
	}
}

func TestDigestDelivery(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*rig, *bot.Courier, *sqlite.Store) {
		r := newRig(t, nil, testToken)
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "b.db"), briefings.Analyzer{}, r.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		c := bot.NewCourier(st, r.clock, nil)
		c.Register(Platform, r.a, bot.Pacing{})
		st.PutSubscription(ctx, bot.Subscription{Chat: bot.ChatRef{Platform: Platform, ChatID: "chan9"}, Spec: "0 8 * * *", TZ: "UTC"})
		return r, c, st
	}
	chat := bot.ChatRef{Platform: Platform, ChatID: "chan9"}
	t.Run("429 then success", func(t *testing.T) {
		r, c, _ := setup(t)
		r.fake.On("message", fakediscord.Answer{Status: 429, Body: `{"message":"You are being rate limited.","retry_after":2.5,"global":false}`})
		if _, err := c.Send(ctx, chat, bot.Reply{Title: "Digest", Blocks: []bot.Block{{Text: "x"}}}); err != nil {
			t.Fatal(err)
		}
		msgs := r.fake.Requests("message")
		if len(msgs) != 2 || msgs[1].Path != "/channels/chan9/messages" || msgs[1].Auth != "Bot "+testToken {
			t.Errorf("got %+v", msgs)
		}
		if r.clock.Slept() < 2500*time.Millisecond {
			t.Errorf("waited %s, want Discord's 2.5s", r.clock.Slept())
		}
	})
	t.Run("50013 stops the subscription", func(t *testing.T) {
		r, c, st := setup(t)
		r.fake.On("message", fakediscord.Answer{Status: 403, Body: `{"message":"Missing Permissions","code":50013}`})
		_, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"})
		if !errors.Is(err, bot.ErrForbidden) {
			t.Fatalf("got %v", err)
		}
		sub, _ := st.Subscription(ctx, chat)
		if sub.Active || !strings.Contains(sub.Reason, "50013") {
			t.Errorf("subscription %+v", sub)
		}
	})
	t.Run("10003 unknown channel", func(t *testing.T) {
		r, c, _ := setup(t)
		r.fake.On("message", fakediscord.Answer{Status: 404, Body: `{"message":"Unknown Channel","code":10003}`})
		if _, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"}); !errors.Is(err, bot.ErrChatGone) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("50001 missing access", func(t *testing.T) {
		r, c, _ := setup(t)
		r.fake.On("message", fakediscord.Answer{Status: 403, Body: `{"message":"Missing Access","code":50001}`})
		if _, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"}); !errors.Is(err, bot.ErrForbidden) {
			t.Errorf("got %v", err)
		}
		if strings.Contains(r.logs.String(), testToken) {
			t.Errorf("token in logs")
		}
	})
	t.Run("500 retried", func(t *testing.T) {
		r, c, _ := setup(t)
		r.fake.On("message", fakediscord.Answer{Status: 500, Body: `{"message":"oops"}`})
		if _, err := c.Send(ctx, chat, bot.Reply{Title: "Digest"}); err != nil || len(r.fake.Requests("message")) != 2 {
			t.Errorf("got %v after %d tries", err, len(r.fake.Requests("message")))
		}
	})
}

func TestLongReplyFollowsUp(t *testing.T) {
	var items []bot.Item
	for i := 0; i < 200; i++ {
		items = append(items, bot.Item{Text: strings.Repeat("guarantees ", 10)})
	}
	h := handlerFunc(func(ctx context.Context, req bot.Request) bot.Reply {
		return bot.Reply{Title: "Long", Blocks: []bot.Block{{Items: items}}}
	})
	r := newRig(t, nil, "")
	r.a.handler = h
	_, resp := r.post(t, fakediscord.Command("long", "g1", 0, "brief", nil), nil)
	if resp.Data == nil || len(resp.Data.Embeds) != 1 {
		t.Fatalf("got %+v", resp)
	}
	select {
	case req := <-r.fake.Posted:
		if fakediscord.Kind(req.Method, req.Path) != "followup" || req.Path != "/webhooks/app1/itoken-long" {
			t.Errorf("got %s %s", req.Method, req.Path)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no follow-up message")
	}
}

type handlerFunc func(ctx context.Context, req bot.Request) bot.Reply

func (f handlerFunc) Handle(ctx context.Context, req bot.Request) bot.Reply { return f(ctx, req) }

func TestReplayedInteractionRefused(t *testing.T) {
	r := newRig(t, nil, "")
	body := fakediscord.Command("once1", "g1", 0, "help", nil)
	if code, _ := r.post(t, body, nil); code != http.StatusOK {
		t.Fatalf("first: %d", code)
	}
	if code, _ := r.post(t, body, nil); code != http.StatusConflict {
		t.Errorf("the same signed interaction again: %d, want 409", code)
	}
}

func TestInteractionTokenNotLogged(t *testing.T) {
	r := newRig(t, nil, "")
	// A transport error repeats the URL, and the interaction token is in it.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	r.a.s.Client.Transport = rewrite{base: mustURL(t, gone.URL+"/api"), next: http.DefaultTransport}
	r.post(t, fakediscord.Command("tok1", "g1", 0, "ask", map[string]any{"question": "what did Macron argue?"}), nil)
	r.a.Wait()
	if strings.Contains(r.logs.String(), "itoken-tok1") {
		t.Errorf("the interaction token is in the log: %s", r.logs.String())
	}
	if !strings.Contains(r.logs.String(), "deferred edit failed") {
		t.Errorf("the failure was not logged: %s", r.logs.String())
	}
}

func TestReportTextCannotMakeLinksOrMentions(t *testing.T) {
	embeds := Embeds(bot.Reply{Title: "t", Blocks: []bot.Block{{Items: []bot.Item{{Text: "see [the deal](https://evil.example) <@123> # big"}}}}})
	d := embeds[0].Description
	for _, raw := range []string{"[the deal](", "<@123>"} {
		if strings.Contains(d, raw) {
			t.Errorf("%q survives unescaped in %q", raw, d)
		}
	}
}

func TestGuildWithoutMemberIsNoDirectMessage(t *testing.T) {
	var got bot.Request
	h := handlerFunc(func(ctx context.Context, req bot.Request) bot.Reply { got = req; return bot.Reply{Title: "ok"} })
	a, err := New(Config{AppID: "app1"}, h, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := &discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand, GuildID: "g1", ChannelID: "c1", User: &discordgo.User{ID: "u1"},
		Data: discordgo.ApplicationCommandInteractionData{Name: "subscribe"}}
	a.respond(context.Background(), in)
	if got.Private || got.IsAdmin {
		t.Errorf("a guild interaction without member: private %v admin %v", got.Private, got.IsAdmin)
	}
}

func mustURL(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
