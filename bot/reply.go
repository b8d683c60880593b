// Package bot holds what every chat platform shares: platform-neutral requests
// and replies, the command router, digests, the scheduler and delivery.
// Adapters translate a platform's events into Requests and render Replies.
package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Handler answers requests; *Router is one, and every adapter takes one.
type Handler interface {
	Handle(ctx context.Context, req Request) Reply
}

// Runner is the shape of every adapter: it serves its platform until ctx
// ends, and returns once everything it started has stopped.
type Runner interface {
	Run(ctx context.Context) error
}

// Request is one command from a person in a chat.
type Request struct {
	Platform string // "console", "telegram", "discord"
	ChatID   string
	UserID   string
	Private  bool // a one-to-one chat with the bot
	IsAdmin  bool // may change this chat's settings (the adapter decides)
	Operator bool // named in BRIEFBOT_ADMINS: may add reports every chat shares (the router decides)
	Command  string
	Args     string
}

// SharedScope is the scope of what the operator adds: every chat sees it.
const SharedScope = ""

// Scope is the chat's own scope: the reports and feeds added from it.
func (r Request) Scope() string { return ChatRef{Platform: r.Platform, ChatID: r.ChatID}.String() }

// AddScope is where what this request adds goes: an operator's additions
// are shared, anyone else's stay in their chat.
func (r Request) AddScope() string {
	if r.Operator {
		return SharedScope
	}
	return r.Scope()
}

// Reply is a structured answer; each platform renders it its own way.
type Reply struct {
	Title     string
	Blocks    []Block
	Footer    string
	Ephemeral bool // help and errors: only the asker needs to see them
	Error     bool
	Silent    bool // send nothing where the platform allows it (a flood already told to slow down)
}

// Block is a titled group of items.
type Block struct {
	Heading string
	Text    string
	Items   []Item
}

// Item is one line of a reply, with the sentence it rests on.
type Item struct {
	Text string
	Note string // who said so, or a date
	Cite string // "s3": the report's sentence, for the curious
	Mark string // a part of Text shown in bold where the platform can: what answers
}

// Errorf makes a short error reply.
func Errorf(title, text string) Reply {
	return Reply{Title: title, Blocks: []Block{{Text: text}}, Ephemeral: true, Error: true}
}

// ParseCommand splits "/positions@briefbot trump" into "positions", "trump"
// and the bot it was addressed to. Lines without a slash are commands too, so
// people can type "help" in a terminal.
func ParseCommand(text string) (cmd, args, addressee string, ok bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", "", "", false
	}
	text = strings.TrimPrefix(text, "/")
	head, rest, _ := strings.Cut(text, " ")
	head, addressee, _ = strings.Cut(head, "@")
	head = strings.ToLower(head)
	for _, r := range head {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return "", "", "", false
		}
	}
	if head == "" {
		return "", "", "", false
	}
	return head, strings.TrimSpace(rest), addressee, true
}

// Chunk is a piece of a rendered reply that may be cut only between pieces.
// Body may be cut at spaces when a piece alone is over the limit; Open and
// Close wrap every part of it, so markup stays balanced.
type Chunk struct {
	Open, Body, Close string
	Break             bool // a block boundary: prefer to start a new message here
}

// Split packs chunks into messages of at most limit, measured by size.
// It cuts between chunks, and inside a chunk only at spaces, never inside a
// word, an entity or a tag. Nothing is lost: joining the parts gives back
// every chunk's text.
func Split(chunks []Chunk, limit int, size func(string) int) []string {
	if size == nil {
		size = func(s string) int { return len([]rune(s)) }
	}
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimRight(cur.String(), "\n"); strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for _, c := range chunks {
		whole := c.Open + c.Body + c.Close + "\n"
		if size(cur.String())+size(whole) <= limit {
			cur.WriteString(whole)
			continue
		}
		flush()
		if size(whole) <= limit {
			cur.WriteString(whole)
			continue
		}
		room := limit - size(c.Open) - size(c.Close) - 1
		if room < 1 {
			room = 1
		}
		for _, part := range cutWords(c.Body, room, size) {
			out = append(out, c.Open+part+c.Close)
		}
	}
	flush()
	return out
}

// MaxParts is the most messages one reply may take; longer replies end
// with a line saying how much was left out.
const MaxParts = 3

// SplitCapped is Split with at most maxParts messages. When the reply is
// longer, it keeps as many leading chunks as fit and ends with a line that
// says how many were left out, so one command never floods a chat.
func SplitCapped(chunks []Chunk, limit int, size func(string) int, maxParts int) []string {
	parts := Split(chunks, limit, size)
	if len(parts) <= maxParts {
		return parts
	}
	with := func(keep int) []string {
		more := Chunk{Body: fmt.Sprintf("… and %d more lines. Name a briefing or an actor to narrow it down.", len(chunks)-keep), Break: true}
		return Split(append(chunks[:keep:keep], more), limit, size)
	}
	lo, hi := 0, len(chunks)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(with(mid)) <= maxParts {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return with(lo)
}

// cutWords cuts s into parts of at most room, at spaces where it can; a
// single word longer than room is cut between runes (never inside an
// entity such as "&amp;").
func cutWords(s string, room int, size func(string) int) []string {
	var parts []string
	words := strings.Split(s, " ")
	var cur string
	for _, w := range words {
		cand := w
		if cur != "" {
			cand = cur + " " + w
		}
		if size(cand) <= room {
			cur = cand
			continue
		}
		if cur != "" {
			parts = append(parts, cur)
			cur = ""
		}
		for size(w) > room {
			cut := cutPoint(w, room, size)
			parts = append(parts, w[:cut])
			w = w[cut:]
		}
		cur = w
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	return parts
}

func cutPoint(w string, room int, size func(string) int) int {
	cut := 0
	for i := range w {
		if i > 0 && size(w[:i]) > room {
			break
		}
		cut = i
	}
	// Never inside an HTML entity.
	if amp := strings.LastIndexByte(w[:cut], '&'); amp >= 0 && !strings.Contains(w[amp:cut], ";") && amp > 0 {
		cut = amp
	}
	if cut == 0 {
		_, cut = utf8.DecodeRuneInString(w)
	}
	return cut
}
