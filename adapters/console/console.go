// Package console lets people use briefbot from a terminal or a pipe.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// Handler answers requests; *bot.Router is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Adapter reads commands line by line and writes replies. It is also the
// console chat's Poster: digests for it are printed.
type Adapter struct {
	in          io.Reader
	out         io.Writer
	interactive bool
	user        string
	mu          sync.Mutex // one reply or digest at a time on out
}

var _ bot.Poster = (*Adapter)(nil)

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
	In  io.Reader
	Out io.Writer
	// Interactive shows a prompt and a greeting; by default it is on when In
	// is a terminal.
	Interactive *bool
}

// New returns a console adapter.
func New(cfg Config) (*Adapter, error) {
	if cfg.In == nil || cfg.Out == nil {
		return nil, fmt.Errorf("console: both input and output are needed")
	}
	a := &Adapter{in: cfg.In, out: cfg.Out, user: os.Getenv("USER")}
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

// Run answers each line until the input ends or ctx is done. On a pipe it
// prints one reply per command and nothing else.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	sc := bufio.NewScanner(a.in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if a.interactive {
		fmt.Fprintln(a.out, "briefbot console. Type /help for commands, /positions trump to start, Ctrl-D to leave.")
		fmt.Fprint(a.out, "> ")
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return fmt.Errorf("console: read: %w", err)
				}
				return nil
			}
			if strings.TrimSpace(line) == "" {
				if a.interactive {
					fmt.Fprint(a.out, "> ")
				}
				continue
			}
			reply := a.handle(ctx, h, line)
			a.mu.Lock()
			fmt.Fprintln(a.out, bot.RenderText(reply))
			if a.interactive {
				fmt.Fprint(a.out, "> ")
			}
			a.mu.Unlock()
		}
	}
}

func (a *Adapter) handle(ctx context.Context, h Handler, line string) bot.Reply {
	cmd, args, _, ok := bot.ParseCommand(line)
	if !ok {
		return bot.Errorf("Not a command", "Commands start with a slash, for example /help or /positions trump.")
	}
	return h.Handle(ctx, bot.Request{Platform: "console", ChatID: ChatID, UserID: a.user, Private: true, IsAdmin: true, Command: cmd, Args: args})
}
