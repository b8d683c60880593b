package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/internal/faketg"
)

const testToken = "123456:test-token-SECRET-value"

func newFakeAPI(t testing.TB) *faketg.Server { return faketg.New(t, testToken) }

// logs collects everything the adapter logs, to check no token leaks.
type logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// sampleRouter is the real router over the embedded sample report.
func sampleRouter(t testing.TB) *bot.Router {
	lib := bot.NewMemory(briefings.Analyzer{}, nil)
	data, err := os.ReadFile("../../samples/paris-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Add(context.Background(), "sample", data, time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return bot.NewRouter(lib, bot.WithAnswerer(answer.Finder{}))
}

type subsRecorder struct {
	mu      sync.Mutex
	stopped []string
}

func (s *subsRecorder) Deactivate(ctx context.Context, chat bot.ChatRef, reason string) error {
	s.mu.Lock()
	s.stopped = append(s.stopped, chat.ChatID+": "+reason)
	s.mu.Unlock()
	return nil
}

func newAdapter(t testing.TB, f *faketg.Server, h bot.Handler, subs Subscriptions, lg *logs, clock bot.Clock) *Adapter {
	t.Helper()
	if h == nil {
		h = sampleRouter(t)
	}
	if lg == nil {
		lg = &logs{}
	}
	a, err := New(context.Background(), Config{Token: testToken, APIURL: f.URL, Secret: "hook-secret", Clock: clock}, h, subs, slog.New(slog.NewJSONHandler(lg, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func update(id int, chatID int64, chatType string, userID int64, text string) []byte {
	return faketg.Update(id, chatID, chatType, userID, text)
}

func postHook(t testing.TB, a *Adapter, secret string, body []byte) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	return rec.Code
}

func chatIDs(cs []faketg.Call) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Form.Get("chat_id"))
	}
	return out
}
