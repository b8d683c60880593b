package console

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings/answer"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefings"
)

func router(t *testing.T) *bot.Router {
	t.Helper()
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

func TestPipeAnswersEachLineWithoutPrompt(t *testing.T) {
	in := strings.NewReader("/positions zelensky\n\n/quotes trump\n?? what is this\n/help\n")
	var out bytes.Buffer
	off := false
	c, err := New(Config{Handler: router(t), In: in, Out: &out, Interactive: &off})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	for _, want := range []string{"Positions of Volodymyr Zelenskiy", "Quotes of Donald Trump", "Not in the briefings", "/positions <actor> [briefing]"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.HasPrefix(got, "> ") || strings.Contains(got, "\n> ") {
		t.Errorf("a prompt on a pipe:\n%s", got)
	}
	if i, j := strings.Index(got, "Positions of"), strings.Index(got, "Quotes of"); i > j {
		t.Errorf("replies out of order")
	}
}

func TestInteractiveShowsPrompt(t *testing.T) {
	var out bytes.Buffer
	on := true
	c, _ := New(Config{Handler: router(t), In: strings.NewReader("/help\n"), Out: &out, Interactive: &on})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "> ") || !strings.Contains(out.String(), "briefbot console") {
		t.Errorf("no prompt or greeting:\n%s", out.String())
	}
}

func TestStopsWhenContextEnds(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := New(Config{Handler: router(t), In: r, Out: &bytes.Buffer{}})
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run after cancel: %v", err)
	}
}

func TestNewNeedsInputAndOutput(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("New without input and output did not fail")
	}
}

func TestPlainTextQuitAndLongLines(t *testing.T) {
	long := strings.Repeat("x", 2<<20)
	in := strings.NewReader("what did Macron argue?\nhelp\n" + long + "\n/briefings\n/quit\n/help\n")
	var out bytes.Buffer
	off := false
	c, _ := New(Config{Handler: router(t), In: in, Out: &out, Interactive: &off})
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	for _, want := range []string{"From the briefings: what did Macron argue?", "/positions <actor> [briefing]", "Too long", "briefings, newest first"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%.2000s", want, got)
		}
	}
	if strings.Count(got, "/positions <actor> [briefing]") != 1 {
		t.Errorf("a command after /quit was answered")
	}
}

func TestCtrlDEndsOnANewLine(t *testing.T) {
	var out bytes.Buffer
	on := true
	c, _ := New(Config{Handler: router(t), In: strings.NewReader("/start\n"), Out: &out, Interactive: &on})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "> \n") || !strings.Contains(out.String(), "Welcome to briefbot") {
		t.Errorf("output:\n%s", out.String())
	}
}
