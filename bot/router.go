package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefings"
)

// CommandSpec describes a command for help texts and platform menus.
type CommandSpec struct {
	Name        string
	Args        string
	Description string
	Admin       bool // changes the chat's settings
	Slow        bool // may take more than a moment (platforms show typing or defer)
}

// Commands is the command set, the same on every platform.
var Commands = []CommandSpec{
	{Name: "start", Description: "Welcome, and what to try first"},
	{Name: "help", Description: "What briefbot can do"},
	{Name: "briefings", Description: "The briefings, newest first, with their ids"},
	{Name: "brief", Args: "[briefing]", Description: "A briefing: key points, actors and positions"},
	{Name: "keypoints", Args: "[briefing]", Description: "The key points of a briefing"},
	{Name: "actors", Args: "[briefing]", Description: "Who is in a briefing, with their roles"},
	{Name: "sources", Args: "[briefing]", Description: "Whom the report relies on"},
	{Name: "positions", Args: "<actor> [briefing]", Description: "What an actor wants, said or did, and who reported it"},
	{Name: "quotes", Args: "[actor] [briefing]", Description: "Direct quotes and their speakers"},
	{Name: "ask", Args: "<question>", Description: "Ask the briefings a question", Slow: true},
	{Name: "digest", Description: "Show this chat's next digest now"},
	{Name: "subscribe", Args: `[HH:MM] [Area/City] | cron "<expr>" [Area/City] [only:…] [skip:…]`, Description: "Get a digest every day (admins)", Admin: true},
	{Name: "unsubscribe", Description: "Stop this chat's digest (admins)", Admin: true},
	{Name: "subscriptions", Description: "This chat's digest schedule"},
	{Name: "add", Args: "<url>", Description: "Add a report from a web page (admins)", Admin: true, Slow: true},
	{Name: "feeds", Args: "[add|remove <url>]", Description: "The feeds briefbot reads (admins change them)", Admin: true},
}

// Spec returns the spec of a command, or false.
func Spec(name string) (CommandSpec, bool) {
	for _, c := range Commands {
		if c.Name == name {
			return c, true
		}
	}
	return CommandSpec{}, false
}

// Subscriptions is what the router needs from the digest service.
type Subscriptions interface {
	Subscribe(ctx context.Context, req Request) Reply
	Unsubscribe(ctx context.Context, req Request) Reply
	Subscriptions(ctx context.Context, req Request) Reply
	Preview(ctx context.Context, req Request) Reply
}

// Sources is what the router needs to add pages and manage feeds.
type Sources interface {
	AddURL(ctx context.Context, req Request, url string) Reply
	Feeds(ctx context.Context, req Request) Reply
}

// Router turns requests into replies. It is safe for concurrent use.
type Router struct {
	lib       Library
	subs      Subscriptions
	sources   Sources
	log       *slog.Logger
	asker     *asker
	operators map[string]bool // "platform:user-id"
	clock     Clock
	limits    *limiter
}

var _ Handler = (*Router)(nil)

// RouterOption configures a Router.
type RouterOption func(*Router)

// WithSubscriptions enables /subscribe, /unsubscribe, /subscriptions and /digest.
func WithSubscriptions(s Subscriptions) RouterOption { return func(r *Router) { r.subs = s } }

// WithSources enables /add and /feeds.
func WithSources(s Sources) RouterOption { return func(r *Router) { r.sources = s } }

// WithOperators names the users (platform:user-id) who may add reports and
// feeds that every chat shares.
func WithOperators(ids []string) RouterOption {
	return func(r *Router) {
		for _, id := range ids {
			r.operators[strings.TrimSpace(id)] = true
		}
	}
}

// WithBudgets turns on per-user and per-chat rate limits (zero fields take
// the defaults). Without it the router answers everything.
func WithBudgets(b Budgets) RouterOption { return func(r *Router) { r.limits = newLimiter(b) } }

// WithClock sets the clock the rate limits run on.
func WithClock(c Clock) RouterOption { return func(r *Router) { r.clock = c } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) RouterOption { return func(r *Router) { r.log = l } }

// NewRouter returns a router over a library of briefings.
func NewRouter(lib Library, opts ...RouterOption) *Router {
	r := &Router{lib: lib, log: slog.New(slog.DiscardHandler), asker: newAsker(), operators: map[string]bool{},
		clock: SystemClock{}}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Handle answers one request, and logs at debug level which command was
// handled where and how long it took (never what was asked).
func (r *Router) Handle(ctx context.Context, req Request) Reply {
	start := r.clock.Now()
	reply := r.handle(ctx, req)
	r.log.Debug("handled", "platform", req.Platform, "chat", req.ChatID, "command", req.Command, "error", reply.Error,
		"latency", r.clock.Now().Sub(start))
	return reply
}

func (r *Router) handle(ctx context.Context, req Request) Reply {
	if r.limits != nil && req.Platform != "console" { // the console is the operator's own terminal
		switch v, wait := r.limits.take(req, r.clock.Now()); v {
		case slowDown:
			return slowDownReply(wait)
		case silent:
			r := slowDownReply(wait) // platforms that must answer show it to the asker alone
			r.Silent = true
			return r
		}
	}
	if req.Command == "settings" { // Telegram's global command for a bot's settings
		req.Command = "subscriptions"
	}
	spec, known := Spec(req.Command)
	if !known {
		return Errorf("Unknown command", fmt.Sprintf("There is no /%s. Try /help for the list, or /positions <actor> for what someone wants.", req.Command))
	}
	if reply, long := tooLong(req); long {
		return reply
	}
	req.Operator = req.UserID != "" && r.operators[req.Platform+":"+req.UserID]
	// Listing feeds is for everyone; changing them, like subscribing, is for admins.
	needsAdmin := spec.Admin && !(req.Command == "feeds" && strings.TrimSpace(req.Args) == "")
	if needsAdmin && !req.IsAdmin && !req.Operator {
		return Errorf("Admins only", fmt.Sprintf("Only an administrator of this chat can use /%s.", req.Command))
	}
	switch req.Command {
	case "start":
		return welcome()
	case "help":
		return help()
	case "subscribe", "unsubscribe", "subscriptions", "digest":
		if r.subs == nil {
			return Errorf("Digests are off", "Digests need the database; start briefbot with serve to use them.")
		}
		switch req.Command {
		case "subscribe":
			return r.subs.Subscribe(ctx, req)
		case "unsubscribe":
			return r.subs.Unsubscribe(ctx, req)
		case "subscriptions":
			return r.subs.Subscriptions(ctx, req)
		default:
			return r.subs.Preview(ctx, req)
		}
	case "add", "feeds":
		if r.sources == nil {
			return Errorf("Sources are off", "Adding pages and feeds needs briefbot serve with its database.")
		}
		if req.Command == "add" {
			if req.Args == "" {
				return Errorf("Which page?", "Usage: /add <url>")
			}
			return r.sources.AddURL(ctx, req, req.Args)
		}
		return r.sources.Feeds(ctx, req)
	}
	entries, err := r.lib.List(ctx, req.Scope())
	if err != nil {
		r.log.Error("list briefings", "err", err)
		return Errorf("Something went wrong", "briefbot could not read its briefings. Please try again in a moment.")
	}
	if len(entries) == 0 {
		return Errorf("No briefings yet", "There are no briefings yet. Add a report with briefbot ingest FILE or /add <url>.")
	}
	switch req.Command {
	case "briefings":
		return listBriefings(entries)
	case "brief", "keypoints", "actors", "sources":
		e, ok := pick(entries, req.Args)
		if !ok {
			return noBriefing(req.Args, entries)
		}
		switch req.Command {
		case "brief":
			return briefReply(e)
		case "keypoints":
			return keyPointsReply(e)
		case "actors":
			return actorsReply(e)
		default:
			return sourcesReply(e)
		}
	case "positions":
		return positionsReply(entries, req.Args)
	case "quotes":
		return quotesReply(entries, req.Args)
	case "ask":
		return r.asker.ask(entries, req.Args)
	}
	return Errorf("Unknown command", "Try /help.")
}

// welcome is the first reply anyone gets: Telegram sends /start when a
// person opens the bot.
func welcome() Reply {
	return Reply{
		Title: "Welcome to briefbot",
		Blocks: []Block{
			{Text: "briefbot reads reports of meetings and negotiations and briefs you on them: the key points, who took part, what each wants and said, and who reported it."},
			{Heading: "Try", Items: []Item{
				{Text: "/brief", Note: "the newest briefing"},
				{Text: "/positions trump", Note: "what someone wants, said or did"},
				{Text: "/ask what was agreed?", Note: "a question; plain text in a private chat works too"},
			}},
		},
		Footer: "/help lists every command.",
	}
}

func help() Reply {
	var items []Item
	for _, c := range Commands {
		text := "/" + c.Name
		if c.Args != "" {
			text += " " + c.Args
		}
		items = append(items, Item{Text: text, Note: c.Description})
	}
	return Reply{
		Title:     "briefbot: briefings on meetings and negotiations",
		Blocks:    []Block{{Items: items}},
		Footer:    "[briefing] is a short id from /briefings or words of its title; without it, the newest. Example: /positions trump",
		Ephemeral: true,
	}
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

func listBriefings(entries []Entry) Reply {
	var items []Item
	for _, e := range entries {
		items = append(items, Item{Text: e.Title, Note: dateOrUnknown(e.Published) + " · " + sourceLabel(e), Cite: e.ID})
	}
	return Reply{Title: Count(len(entries), "briefing", "briefings") + ", newest first", Blocks: []Block{{Items: items}},
		Footer: "Use an id with a command: /brief " + entries[0].ID}
}

// dateOrUnknown says so when a report gives no date, rather than show the
// day it was added as if it were the report's.
func dateOrUnknown(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	return date(t)
}

func sourceLabel(e Entry) string {
	if len(e.Sources) > 1 {
		return fmt.Sprintf("%s and %d more", e.Sources[0], len(e.Sources)-1)
	}
	return e.Source
}

// pick chooses a briefing by short id or by words of its title; "" is the newest.
func pick(entries []Entry, arg string) (Entry, bool) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return entries[0], true
	}
	if e, ok := byID(entries, arg); ok {
		return e, true
	}
	words := strings.Fields(strings.ToLower(arg))
	best, bestScore := -1, 0
	for i, e := range entries {
		title := strings.ToLower(e.Title)
		score := 0
		for _, w := range words {
			if strings.Contains(title, w) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 && bestScore*2 >= len(words) {
		return entries[best], true
	}
	return Entry{}, false
}

func byID(entries []Entry, id string) (Entry, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) < 4 {
		return Entry{}, false
	}
	for _, e := range entries {
		if strings.HasPrefix(e.ID, id) {
			return e, true
		}
	}
	return Entry{}, false
}

func noBriefing(arg string, entries []Entry) Reply {
	return Errorf("No such briefing", fmt.Sprintf("No briefing matches %q. /briefings lists them; the newest is %s (%s).", arg, entries[0].ID, entries[0].Title))
}

func cite(i []int) string {
	if len(i) == 0 {
		return ""
	}
	parts := make([]string, len(i))
	for k, n := range i {
		parts[k] = fmt.Sprintf("s%d", n)
	}
	return strings.Join(parts, ",")
}

func briefHeader(e Entry) string {
	parts := []string{e.ID}
	if d := date(e.Published); d != "" {
		parts = append(parts, d)
	}
	if e.Briefing.Dateline != "" {
		parts = append(parts, e.Briefing.Dateline)
	}
	parts = append(parts, sourceLabel(e))
	return strings.Join(parts, " · ")
}

// mainPeople are the most mentioned people of a briefing.
func mainPeople(b *briefings.Briefing, n int) []*briefings.Actor {
	var out []*briefings.Actor
	for i := range b.Actors {
		if a := &b.Actors[i]; a.Kind == briefings.Person && len(out) < n {
			out = append(out, a)
		}
	}
	return out
}

func briefReply(e Entry) Reply {
	b := e.Briefing
	r := Reply{Title: e.Title, Footer: briefHeader(e)}
	r.Blocks = append(r.Blocks, keyPointsBlock(b, 5))
	var who []Item
	for _, a := range mainPeople(b, 5) {
		line := a.Name
		if a.Role != "" {
			line += ", " + a.Role
		}
		item := Item{Text: line}
		if ps := b.PositionsOf(a.ID); len(ps) > 0 {
			item.Note = ShortText(ps[0].Text, 160)
			item.Cite = cite(ps[0].Sentences)
		}
		who = append(who, item)
	}
	if len(who) > 0 {
		r.Blocks = append(r.Blocks, Block{Heading: "Who and what they want", Items: who})
	}
	if len(b.Quotes) > 0 {
		q := b.Quotes[0]
		r.Blocks = append(r.Blocks, Block{Heading: "Quote", Items: []Item{{Text: "“" + q.Text + "”", Note: q.Speaker, Cite: cite([]int{q.Sentence})}}})
	}
	return r
}

func keyPointsBlock(b *briefings.Briefing, n int) Block {
	var items []Item
	for i, k := range b.KeyPoints {
		if i == n {
			break
		}
		items = append(items, Item{Text: k.Text, Cite: cite(k.Sentences)})
	}
	return Block{Heading: "Key points", Items: items}
}

func keyPointsReply(e Entry) Reply {
	return Reply{Title: "Key points: " + e.Title, Blocks: []Block{keyPointsBlock(e.Briefing, 10)}, Footer: briefHeader(e)}
}

func actorsReply(e Entry) Reply {
	b := e.Briefing
	groups := []struct{ kind, heading string }{
		{briefings.Person, "People"}, {briefings.Organization, "Organisations"}, {briefings.Group, "Groups"}, {briefings.Place, "Places"},
	}
	r := Reply{Title: "Who is in: " + e.Title, Footer: briefHeader(e)}
	for _, g := range groups {
		var items []Item
		for _, a := range b.Actors {
			if a.Kind != g.kind {
				continue
			}
			note := Count(a.Mentions, "mention", "mentions")
			if n := len(b.PositionsOf(a.ID)); n > 0 {
				note += ", " + Count(n, "position", "positions")
			}
			text := a.Name
			if a.Role != "" {
				text += ", " + a.Role
			}
			items = append(items, Item{Text: text, Note: note})
		}
		if len(items) > 0 {
			r.Blocks = append(r.Blocks, Block{Heading: g.heading, Items: items})
		}
	}
	return r
}

func sourcesReply(e Entry) Reply {
	b := e.Briefing
	var items []Item
	for _, s := range b.Sources {
		items = append(items, Item{Text: s.Text, Cite: cite(s.Sentences)})
	}
	r := Reply{Title: "Whom the report relies on: " + e.Title, Footer: briefHeader(e)}
	if len(items) == 0 {
		r.Blocks = []Block{{Text: "The report names no sources of its own."}}
	} else {
		r.Blocks = []Block{{Items: items}}
	}
	if len(b.Byline) > 0 {
		r.Blocks = append(r.Blocks, Block{Heading: "Written by", Text: strings.Join(b.Byline, ", ")})
	}
	return r
}

// splitActorArgs separates "<actor> [briefing id]" where the last word may be an id.
func splitActorArgs(entries []Entry, args string) (query string, scope []Entry, explicit bool) {
	words := strings.Fields(args)
	if len(words) > 1 {
		if e, ok := byID(entries, words[len(words)-1]); ok {
			return strings.Join(words[:len(words)-1], " "), []Entry{e}, true
		}
	}
	if len(words) == 1 {
		if e, ok := byID(entries, words[0]); ok && len(entries) > 0 {
			return "", []Entry{e}, true
		}
	}
	return strings.TrimSpace(args), entries, false
}

func attribution(p briefings.Position) string {
	if p.Attribution == "" {
		return "as the report states"
	}
	return "per " + lowerFirstWord(p.Attribution)
}

// lowerFirstWord turns "Another official" into "another official" mid-sentence,
// leaving names ("Reuters", "Berg") alone.
func lowerFirstWord(s string) string {
	first, _, _ := strings.Cut(s, " ")
	switch strings.ToLower(first) {
	case "a", "an", "the", "another", "several", "some", "two", "three", "four", "five", "one", "many", "other", "senior", "according":
		return strings.ToLower(first) + s[len(first):]
	}
	return s
}

func positionsReply(entries []Entry, args string) Reply {
	query, scope, explicit := splitActorArgs(entries, args)
	if query == "" {
		return Errorf("Whose positions?", "Usage: /positions <actor> [briefing], for example /positions trump")
	}
	r := Reply{}
	found := 0
	var name string
	for _, e := range scope {
		b := e.Briefing
		a := b.FindActor(query)
		if a == nil {
			continue
		}
		found++
		if name == "" {
			name = a.Name
			r.Title = "Positions of " + a.Name
			if a.Role != "" {
				r.Title += ", " + a.Role
			}
		}
		heading := e.Title + " (" + e.ID + ", " + dateOrUnknown(e.Published) + ")"
		var own []Item
		for _, p := range b.PositionsOf(a.ID) {
			own = append(own, Item{Text: p.Text, Note: attribution(p), Cite: cite(p.Sentences)})
		}
		if len(own) == 0 {
			r.Blocks = append(r.Blocks, Block{Heading: heading, Text: "The report gives no position of " + a.Name + "'s own."})
		} else {
			r.Blocks = append(r.Blocks, Block{Heading: heading, Items: own})
		}
		var about []Item
		for _, x := range b.AboutOf(a.ID) {
			about = append(about, Item{Text: x.Text, Note: "said by " + x.By, Cite: cite(x.Sentences)})
		}
		if len(about) > 0 {
			r.Blocks = append(r.Blocks, Block{Heading: "What others in the report say about " + a.Name, Items: about})
		}
	}
	if found == 0 {
		where := "in this briefing"
		if !explicit && len(scope) > 1 {
			where = "in the briefings"
		}
		var close []string
		for _, a := range scope[0].Briefing.Suggest(query, 4) {
			close = append(close, a.Name)
		}
		text := fmt.Sprintf("No one called '%s' %s.", query, where)
		if len(close) > 0 {
			text += " Closest: " + strings.Join(close, ", ") + "."
		}
		return Errorf("No such actor", text)
	}
	if found > 1 {
		r.Footer = fmt.Sprintf("%s mention %s, newest first.", Count(found, "briefing", "briefings"), name)
	} else {
		r.Footer = "Each line: the claim, who reported it, and the report's sentence [s#]."
	}
	return r
}

func quotesReply(entries []Entry, args string) Reply {
	query, scope, explicit := splitActorArgs(entries, args)
	if !explicit {
		if e, ok := pick(entries, args); ok && query != "" && entries[0].Briefing.FindActor(query) == nil {
			scope, query = []Entry{e}, ""
		} else {
			scope = scope[:1]
		}
	}
	e := scope[0]
	b := e.Briefing
	r := Reply{Title: "Quotes: " + e.Title, Footer: briefHeader(e)}
	if query == "" {
		var items []Item
		for _, q := range b.Quotes {
			items = append(items, quoteItem(q))
		}
		if len(items) == 0 {
			r.Blocks = []Block{{Text: "The report quotes no one directly."}}
		} else {
			r.Blocks = []Block{{Items: items}}
		}
		return r
	}
	a := b.FindActor(query)
	if a == nil {
		var close []string
		for _, c := range b.Suggest(query, 4) {
			close = append(close, c.Name)
		}
		return Errorf("No such actor", fmt.Sprintf("No one called '%s' in this briefing. Closest: %s.", query, strings.Join(close, ", ")))
	}
	r.Title = "Quotes of " + a.Name
	var by, about []Item
	for _, q := range b.Quotes {
		switch {
		case q.Actor == a.ID:
			by = append(by, quoteItem(q))
		case q.About == a.Name:
			about = append(about, quoteItem(q))
		}
	}
	if len(by) == 0 {
		r.Blocks = append(r.Blocks, Block{Text: "The report quotes nothing " + a.Name + " said."})
	} else {
		r.Blocks = append(r.Blocks, Block{Heading: "Said by " + a.Name, Items: by})
	}
	if len(about) > 0 {
		r.Blocks = append(r.Blocks, Block{Heading: "Said about " + a.Name, Items: about})
	}
	return r
}

func quoteItem(q briefings.Quote) Item {
	note := q.Speaker
	if q.About != "" {
		note += ", about " + q.About
	}
	return Item{Text: "“" + q.Text + "”", Note: note, Cite: cite([]int{q.Sentence})}
}
