// Package console lets people use briefbot from a terminal or a pipe.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// Adapter reads commands line by line and writes replies. It is also the
// console chat's Poster: digests for it are printed.
type Adapter struct {
	handler     bot.Handler
	in          io.Reader
	out         io.Writer
	interactive bool
	user        string
	mu          sync.Mutex // one reply or digest at a time on out
}

var (
	_ bot.Poster = (*Adapter)(nil)
	_ bot.Runner = (*Adapter)(nil)
)

// ChatID is the console's one chat.
const ChatID = "console"

// Post prints a digest.
func (a *Adapter) Post(ctx context.Context, chatID string, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, err := fmt.Fprintln(a.out, bot.RenderText(r))
	return err
}

// Config says where the console reads and writes.
type Config struct {
	Handler bot.Handler // answers each line
	In      io.Reader
	Out     io.Writer
	// Interactive shows a prompt and a greeting; by default it is on when In
	// is a terminal.
	Interactive *bool
}

// New returns a console adapter.
func New(cfg Config) (*Adapter, error) {
	if cfg.In == nil || cfg.Out == nil || cfg.Handler == nil {
		return nil, fmt.Errorf("console: a handler, an input and an output are needed")
	}
	a := &Adapter{handler: cfg.Handler, in: cfg.In, out: cfg.Out, user: os.Getenv("USER")}
	if cfg.Interactive != nil {
		a.interactive = *cfg.Interactive
	} else {
		a.interactive = IsTerminal(cfg.In)
	}
	if a.user == "" {
		a.user = "console"
	}
	return a, nil
}

// IsTerminal reports whether r is a character device such as a terminal.
func IsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// maxLine is the longest line the console reads; a longer one is refused
// with a message and the console goes on.
const maxLine = 1 << 20

// errLineTooLong marks a line over maxLine.
const tooLong = "\x00too long"

// readLines sends each line of r, and tooLong for each line over maxLine.
func readLines(ctx context.Context, r io.Reader, lines chan<- string) error {
	defer close(lines)
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	over := false
	for {
		part, isPrefix, err := br.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if !over {
			line = append(line, part...)
			over = len(line) > maxLine
		}
		if isPrefix {
			continue
		}
		text := string(line)
		if over {
			text = tooLong
		}
		line, over = line[:0], false
		select {
		case lines <- text:
		case <-ctx.Done():
			return nil
		}
	}
}

// Run answers each line until the input ends, /quit, or ctx is done. On a
// pipe it prints one reply per command and nothing else.
func (a *Adapter) Run(ctx context.Context) error {
	if a.interactive {
		fmt.Fprintln(a.out, "briefbot console. Ask a question in plain words, or type /start, /help or /positions trump. /quit or Ctrl-D to leave.")
		fmt.Fprint(a.out, "> ")
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() { errc <- readLines(ctx, a.in, lines) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if a.interactive {
					fmt.Fprintln(a.out) // Ctrl-D leaves the prompt on a line of its own
				}
				if err := <-errc; err != nil {
					return fmt.Errorf("console: read: %w", err)
				}
				return nil
			}
			if q := strings.ToLower(strings.TrimSpace(line)); q == "/quit" || q == "/exit" {
				return nil
			}
			a.answer(ctx, line)
		}
	}
}

func (a *Adapter) answer(ctx context.Context, line string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case line == tooLong:
		fmt.Fprintln(a.out, bot.RenderText(bot.Errorf("Too long", fmt.Sprintf("That line is over %d bytes; briefbot reads lines up to 1 MiB.", maxLine))))
	case strings.TrimSpace(line) != "":
		a.mu.Unlock()
		reply := a.handle(ctx, line)
		a.mu.Lock()
		fmt.Fprintln(a.out, bot.RenderText(reply))
	}
	if a.interactive {
		fmt.Fprint(a.out, "> ")
	}
}

// handle answers one line: a command with or without its slash ("help"),
// or else a question, as in a private chat.
func (a *Adapter) handle(ctx context.Context, line string) bot.Reply {
	req := bot.Request{Platform: "console", ChatID: ChatID, UserID: a.user, Private: true, IsAdmin: true}
	cmd, args, _, ok := bot.ParseCommand(line)
	_, known := bot.Spec(cmd)
	switch {
	case strings.HasPrefix(strings.TrimSpace(line), "/") && ok:
		req.Command, req.Args = cmd, args
	case ok && known:
		req.Command, req.Args = cmd, args
	default:
		req.Command, req.Args = "ask", strings.TrimSpace(line)
	}
	return a.handler.Handle(ctx, req)
}
