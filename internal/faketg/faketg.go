// Package faketg is a fake Telegram Bot API server on loopback for tests:
// form-encoded requests in, JSON envelopes out, every call recorded.
package faketg

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// call is one request the fake Bot API received.
type Call struct {
	Method string
	Form   url.Values
	At     time.Time
	failed bool // answered with an error or a hang-up
}

// fakeAPI is a Bot API server on loopback: form-encoded requests in, JSON
// envelopes out. Answers can be scripted per method; every call is recorded.
type Server struct {
	URL     string
	srv     *httptest.Server
	token   string
	polled  chan struct{}
	mu      sync.Mutex
	calls   []Call
	script  map[string][]string    // method → raw JSON answers, used in order
	Members map[string]string      // user id → status for getChatMember
	Updates chan []json.RawMessage // batches getUpdates hands out
	// Messages receives every sendMessage call, for tests to wait on.
	Messages chan Call
	// PerChat scripts sendMessage answers for one chat id, used in order;
	// the answer Hangup closes the connection without a reply.
	PerChat map[string][]string
	nextID  int
}

// New starts a fake Bot API server for token; it stops when the test ends.
func New(t testing.TB, token string) *Server {
	f := &Server{token: token, script: map[string][]string{}, Updates: make(chan []json.RawMessage, 16), Messages: make(chan Call, 65536), PerChat: map[string][]string{}, polled: make(chan struct{}, 1024), Members: map[string]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	t.Cleanup(f.srv.Close)
	return f
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + f.token + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	f.mu.Lock()
	c := Call{Method: method, Form: r.PostForm, At: time.Now()}
	var scripted string
	if q := f.script[method]; len(q) > 0 {
		scripted, f.script[method] = q[0], q[1:]
	}
	if chat := r.PostForm.Get("chat_id"); method == "sendMessage" && scripted == "" && len(f.PerChat[chat]) > 0 {
		scripted, f.PerChat[chat] = f.PerChat[chat][0], f.PerChat[chat][1:]
	}
	c.failed = scripted != "" && !strings.Contains(scripted, `"ok":true`)
	f.calls = append(f.calls, c)
	if method == "sendMessage" && !c.failed {
		select {
		case f.Messages <- c:
		default:
		}
	}
	f.nextID++
	id := f.nextID
	status := f.Members[r.PostForm.Get("user_id")]
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if method == "getUpdates" {
		select {
		case f.polled <- struct{}{}:
		default:
		}
	}
	if scripted == Hangup {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	if scripted != "" {
		// The Bot API answers a failure with its error code as the HTTP status.
		var env struct {
			Code int `json:"error_code"`
		}
		if json.Unmarshal([]byte(scripted), &env) == nil && env.Code >= 400 {
			w.WriteHeader(env.Code)
		}
		fmt.Fprint(w, scripted)
		return
	}
	switch method {
	case "getMe":
		fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"briefbot","username":"briefbot_test"}}`)
	case "sendMessage":
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":0,"chat":{"id":%s,"type":"private"},"text":"ok"}}`, id, r.PostForm.Get("chat_id"))
	case "getChatMember":
		if status == "" {
			status = "member"
		}
		fmt.Fprintf(w, `{"ok":true,"result":{"user":{"id":%s,"is_bot":false,"first_name":"x"},"status":"%s"}}`, r.PostForm.Get("user_id"), status)
	case "getUpdates":
		select {
		case batch := <-f.Updates:
			out, _ := json.Marshal(batch)
			fmt.Fprintf(w, `{"ok":true,"result":%s}`, out)
		case <-r.Context().Done():
		}
	default:
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	}
}

// SetMember sets what getChatMember answers for a user ("administrator", …).
func (f *Server) SetMember(userID, status string) {
	f.mu.Lock()
	f.Members[userID] = status
	f.mu.Unlock()
}

// Script queues sendMessage answers for one chat.
func (f *Server) Script(chatID string, answers ...string) {
	f.mu.Lock()
	f.PerChat[chatID] = append(f.PerChat[chatID], answers...)
	f.mu.Unlock()
}

// Hangup as a scripted answer drops the connection, as a timeout or a
// network fault would.
const Hangup = "HANGUP"

// Delivered is every sendMessage that succeeded, in order.
func (f *Server) Delivered() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if c.Method == "sendMessage" && !c.failed {
			out = append(out, c)
		}
	}
	return out
}

// On scripts the next answers to a method.
func (f *Server) On(method string, answers ...string) {
	f.mu.Lock()
	f.script[method] = append(f.script[method], answers...)
	f.mu.Unlock()
}

// Sent lists the calls of a method, in order.
func (f *Server) Sent(method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Polled waits for the next getUpdates call to arrive.
func (f *Server) Polled(ctx context.Context) error {
	select {
	case <-f.polled:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the server, to test network failures.
func (f *Server) Close() { f.srv.Close() }

// Update builds a message update as Telegram sends it.
func Update(id int, chatID int64, chatType string, userID int64, text string) json.RawMessage {
	entities := ""
	if strings.HasPrefix(text, "/") {
		n := len(strings.SplitN(text, " ", 2)[0])
		entities = fmt.Sprintf(`,"entities":[{"type":"bot_command","offset":0,"length":%d}]`, n)
	}
	js, _ := json.Marshal(text)
	return json.RawMessage(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":0,"from":{"id":%d,"is_bot":false,"first_name":"Ann"},"chat":{"id":%d,"type":"%s"},"text":%s%s}}`,
		id, id, userID, chatID, chatType, js, entities))
}
