package telegram

import (
	"context"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxQueued bounds the updates waiting for one busy chat; past it, a flood
// from one chat is dropped instead of held in memory.
const maxQueued = 64

// dispatcher handles updates of up to n chats at once, each chat's in the
// order they came. A full house makes submit wait, which slows the poll
// loop instead of piling up goroutines.
type dispatcher struct {
	mu     sync.Mutex
	queues map[int64][]tgbotapi.Update // chats being handled, with what waits
	slots  chan struct{}
	wg     sync.WaitGroup
	handle func(tgbotapi.Update)
}

func newDispatcher(n int, handle func(tgbotapi.Update)) *dispatcher {
	return &dispatcher{queues: map[int64][]tgbotapi.Update{}, slots: make(chan struct{}, n), handle: handle}
}

// submit queues u behind its chat's earlier updates, or starts the chat. It
// returns false when ctx ended while waiting for a slot.
func (d *dispatcher) submit(ctx context.Context, chat int64, u tgbotapi.Update) bool {
	d.mu.Lock()
	if q, busy := d.queues[chat]; busy {
		if len(q) < maxQueued {
			d.queues[chat] = append(q, u)
		}
		d.mu.Unlock()
		return true
	}
	d.queues[chat] = nil
	d.mu.Unlock()
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		d.mu.Lock()
		delete(d.queues, chat)
		d.mu.Unlock()
		return false
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer func() { <-d.slots }()
		d.drain(chat, u)
	}()
	return true
}

func (d *dispatcher) drain(chat int64, u tgbotapi.Update) {
	for {
		d.handle(u)
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		u, d.queues[chat] = q[0], q[1:]
		d.mu.Unlock()
	}
}

// wait returns once every started update has been handled.
func (d *dispatcher) wait() { d.wg.Wait() }
