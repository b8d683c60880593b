package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/internal/faketg"
)

// panicky panics on /boom, as a bug in any handler might.
type panicky struct{ next bot.Handler }

func (p panicky) Handle(ctx context.Context, req bot.Request) bot.Reply {
	if req.Command == "boom" {
		panic("a bug")
	}
	return p.next.Handle(ctx, req)
}

// pollOnce feeds one batch of updates to a polling adapter and stops it
// once it has asked for the next batch, which acknowledges this one.
func pollOnce(t *testing.T, f *faketg.Server, a *Adapter, batch ...json.RawMessage) {
	t.Helper()
	f.Updates <- batch
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Poll(ctx) }()
	for i := 0; i < 2; i++ {
		if err := f.Polled(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestPoisonedUpdatesNeitherKillNorRepeat(t *testing.T) {
	f := newFakeAPI(t)
	lg := &logs{}
	a := newAdapter(t, f, panicky{sampleRouter(t)}, nil, lg, nil)
	// An entity longer than its text made the library's Command() panic.
	lying := json.RawMessage(`{"update_id":20,"message":{"message_id":20,"date":0,"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":7,"type":"private"},"text":"/x","entities":[{"type":"bot_command","offset":0,"length":90}]}}`)
	pollOnce(t, f, a, lying, faketg.Update(21, 7, "private", 5, "/boom"), faketg.Update(22, 7, "private", 5, "/help"))
	sent := f.Sent("sendMessage")
	if len(sent) != 2 || !strings.Contains(sent[0].Form.Get("text"), "There is no /x") || !strings.Contains(sent[1].Form.Get("text"), "/positions") {
		var texts []string
		for _, c := range sent {
			texts = append(texts, c.Form.Get("text"))
		}
		t.Fatalf("replies %q; want the bad command named and /help answered", texts)
	}
	if !strings.Contains(lg.String(), `"update":21`) || !strings.Contains(lg.String(), "update handling failed") {
		t.Errorf("the panic was not logged with its update id: %s", lg.String())
	}
	calls := f.Sent("getUpdates")
	if got := calls[len(calls)-1].Form.Get("offset"); got != "23" {
		t.Errorf("offset after the batch: %q, want 23 (all acknowledged)", got)
	}
}

func TestOtherBotsAreIgnored(t *testing.T) {
	f := newFakeAPI(t)
	a := newAdapter(t, f, nil, nil, nil, nil)
	fromBot := strings.Replace(string(update(30, 7, "private", 5, "/help")), `"is_bot":false`, `"is_bot":true`, 1)
	postHook(t, a, "hook-secret", []byte(fromBot))
	if n := len(f.Sent("sendMessage")); n != 0 {
		t.Errorf("answered a bot %d times", n)
	}
}

func TestStartCarriesOnWhenTheMenuFails(t *testing.T) {
	f := newFakeAPI(t)
	f.On("setMyCommands", `{"ok":false,"error_code":500}`)
	lg := &logs{}
	a := newAdapter(t, f, nil, nil, lg, nil)
	if err := a.Start(context.Background()); err != nil {
		t.Fatalf("start failed over the command menu: %v", err)
	}
	if !strings.Contains(lg.String(), "setMyCommands") || !strings.Contains(lg.String(), "500") {
		t.Errorf("the warning does not name the method and status: %s", lg.String())
	}
	if strings.Contains(lg.String(), testToken) {
		t.Error("the token is in the log")
	}
}

func TestFailedAdminCheckIsNotAdminsOnly(t *testing.T) {
	f := newFakeAPI(t)
	f.On("getChatMember", `{"ok":false,"error_code":502}`)
	a := newAdapter(t, f, nil, nil, nil, nil)
	postHook(t, a, "hook-secret", update(40, -100, "group", 5, "/subscribe 08:00"))
	sent := f.Sent("sendMessage")
	if len(sent) != 1 || !strings.Contains(sent[0].Form.Get("text"), "try again") || strings.Contains(sent[0].Form.Get("text"), "Only an administrator") {
		t.Fatalf("replies: %v", sent)
	}
}

func TestNoRedirectsFromTheBotAPI(t *testing.T) {
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.URL.Path)
		mu.Unlock()
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	_, err := New(context.Background(), Config{Token: testToken, APIURL: redirector.URL}, nil, nil, nil)
	if err == nil {
		t.Fatal("connected through a redirect")
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("the token is in the error: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(elsewhere) != 0 {
		t.Errorf("the token went to another host: %v", elsewhere)
	}
}

// A flood from one chat is answered in order, and other chats are served
// alongside it.
func TestChatsInParallelEachInOrder(t *testing.T) {
	f := newFakeAPI(t)
	a := newAdapter(t, f, nil, nil, nil, nil)
	var batch []json.RawMessage
	for i := 0; i < 6; i++ {
		batch = append(batch, faketg.Update(100+i, 7, "private", 5, fmt.Sprintf("/step%d", i)))
		batch = append(batch, faketg.Update(200+i, int64(8+i), "private", int64(8+i), "/briefings"))
	}
	pollOnce(t, f, a, batch...)
	var seven []string
	for _, c := range f.Sent("sendMessage") {
		if c.Form.Get("chat_id") == "7" {
			seven = append(seven, c.Form.Get("text"))
		}
	}
	if len(f.Sent("sendMessage")) != 12 || len(seven) != 6 {
		t.Fatalf("%d replies, %d to chat 7; want 12 and 6", len(f.Sent("sendMessage")), len(seven))
	}
	for i, text := range seven {
		if !strings.Contains(text, fmt.Sprintf("/step%d", i)) {
			t.Errorf("chat 7's reply %d answers %q", i, text)
		}
	}
}

func TestErrorsWithoutDescriptionSayWhatCameBack(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   []string
	}{
		{"a web page where the Bot API should be", 404, "<html><body>Not Found " + testToken + "</body></html>", []string{"getMe", "404", "Not Found"}},
		{"an envelope without a description", 502, `{"ok":false,"error_code":502}`, []string{"getMe", "502", `error_code`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			_, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL}, nil, nil, nil)
			if err == nil {
				t.Fatal("connected")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("the token is in the error: %q", err)
			}
		})
	}
}

// The same through the fake Bot API: a call refused with no description
// still says the method and the status.
func TestFakeAPIErrorsWithoutDescription(t *testing.T) {
	f := newFakeAPI(t)
	f.On("getMe", `{"ok":false,"error_code":503}`)
	_, err := New(context.Background(), Config{Token: testToken, APIURL: f.URL}, nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "getMe") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("got %v", err)
	}
}
