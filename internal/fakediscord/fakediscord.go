// Package fakediscord is a fake Discord REST server on loopback for tests,
// and helpers to sign interactions as Discord does.
package fakediscord

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one call the fake server received.
type Request struct {
	Method string
	Path   string // without the /api/vN prefix
	Body   json.RawMessage
	Auth   string
}

// Answer is a scripted reply.
type Answer struct {
	Status  int
	Body    string
	Headers map[string]string
}

// Server is a fake Discord REST API.
type Server struct {
	URL      string // base URL to use as DISCORD_API_URL
	srv      *httptest.Server
	mu       sync.Mutex
	requests []Request
	script   map[string][]Answer // kind → answers, in order
	// Posted receives every request, for tests to wait on.
	Posted chan Request
}

// New starts a fake server; it stops when the test ends.
func New(t testing.TB) *Server {
	s := &Server{script: map[string][]Answer{}, Posted: make(chan Request, 4096)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/api"
	t.Cleanup(s.srv.Close)
	return s
}

// Kind names a request by what it does: "commands", "callback", "edit",
// "followup" or "message".
func Kind(method, path string) string {
	switch {
	case strings.Contains(path, "/commands"):
		return "commands"
	case strings.HasSuffix(path, "/callback"):
		return "callback"
	case method == http.MethodPatch && strings.HasPrefix(path, "/webhooks/"):
		return "edit"
	case strings.HasPrefix(path, "/webhooks/"):
		return "followup"
	case strings.HasPrefix(path, "/channels/") && strings.HasSuffix(path, "/messages"):
		return "message"
	}
	return "other"
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if i := strings.Index(path, "/api/v"); i >= 0 {
		rest := path[i+len("/api/v"):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			path = rest[j:]
		}
	}
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: path, Body: body, Auth: r.Header.Get("Authorization")}
	kind := Kind(r.Method, path)
	s.mu.Lock()
	s.requests = append(s.requests, req)
	var ans *Answer
	if q := s.script[kind]; len(q) > 0 {
		ans, s.script[kind] = &q[0], q[1:]
	}
	s.mu.Unlock()
	select {
	case s.Posted <- req:
	default:
	}
	w.Header().Set("Content-Type", "application/json")
	if ans != nil {
		for k, v := range ans.Headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(ans.Status)
		fmt.Fprint(w, ans.Body)
		return
	}
	switch kind {
	case "callback":
		w.WriteHeader(http.StatusNoContent)
	case "commands":
		w.Write(body)
	default:
		fmt.Fprintf(w, `{"id":"%d","channel_id":"c","content":""}`, time.Now().UnixNano())
	}
}

// On scripts the next answers for a kind of request.
func (s *Server) On(kind string, answers ...Answer) {
	s.mu.Lock()
	s.script[kind] = append(s.script[kind], answers...)
	s.mu.Unlock()
}

// Requests lists the requests of a kind, in order ("" for all).
func (s *Server) Requests(kind string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if kind == "" || Kind(r.Method, r.Path) == kind {
			out = append(out, r)
		}
	}
	return out
}

// Signer signs interactions with a test key, as Discord signs them.
type Signer struct {
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// NewSigner makes a key pair from a fixed seed.
func NewSigner() *Signer {
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "briefbot test key for discord!!")
	priv := ed25519.NewKeyFromSeed(seed)
	return &Signer{Public: priv.Public().(ed25519.PublicKey), private: priv}
}

// PublicHex is the key as DISCORD_PUBLIC_KEY takes it.
func (s *Signer) PublicHex() string { return hex.EncodeToString(s.Public) }

// Sign returns the signature and timestamp headers for body at time t.
func (s *Signer) Sign(body []byte, t time.Time) (sig, ts string) {
	ts = strconv.FormatInt(t.Unix(), 10)
	return hex.EncodeToString(ed25519.Sign(s.private, append([]byte(ts), body...))), ts
}

// Command builds an APPLICATION_COMMAND interaction. perms is the member's
// permission bitfield; guild "" makes it a direct message.
func Command(id, guild string, perms int64, name string, options map[string]any) []byte {
	return interaction(2, id, guild, perms, name, options, "")
}

// CommandFrom is Command sent by another user in another channel, as load
// from many people looks.
func CommandFrom(id, guild, channel, user string, name string, options map[string]any) []byte {
	var in map[string]any
	json.Unmarshal(interaction(2, id, guild, 0, name, options, ""), &in)
	in["channel_id"] = channel
	for _, k := range []string{"member", "user"} {
		if m, ok := in[k].(map[string]any); ok {
			if u, ok := m["user"].(map[string]any); ok {
				u["id"] = user
			} else {
				m["id"] = user
			}
		}
	}
	b, _ := json.Marshal(in)
	return b
}

// Autocomplete builds an autocomplete interaction with one focused option.
func Autocomplete(id, name, option, typed string) []byte {
	return interaction(4, id, "g1", 0, name, map[string]any{option: typed}, option)
}

func interaction(typ int, id, guild string, perms int64, name string, options map[string]any, focused string) []byte {
	var opts []map[string]any
	for k, v := range options {
		o := map[string]any{"name": k, "type": 3, "value": v}
		if _, ok := v.(bool); ok {
			o["type"] = 5
		}
		if k == focused {
			o["focused"] = true
		}
		opts = append(opts, o)
	}
	in := map[string]any{"id": id, "application_id": "app1", "type": typ, "token": "itoken-" + id, "version": 1,
		"channel_id": "chan1", "data": map[string]any{"id": "cmd", "name": name, "type": 1, "options": opts}}
	if guild != "" {
		in["guild_id"] = guild
		in["member"] = map[string]any{"user": map[string]any{"id": "u1", "username": "ann"}, "permissions": strconv.FormatInt(perms, 10)}
	} else {
		in["user"] = map[string]any{"id": "u1", "username": "ann"}
	}
	b, _ := json.Marshal(in)
	return b
}
