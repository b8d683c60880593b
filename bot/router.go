package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/lexicon"
	"github.com/briefbot/briefbot/lookup"
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
	{Name: "briefings", Args: "[page]", Description: "The briefings, newest first, with their ids"},
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
	answerer  brief.Answerer
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

// WithSharedBudgets keeps the chats' buckets in a store every replica
// shares; it needs WithBudgets, given before it.
func WithSharedBudgets(s SharedBudgets) RouterOption {
	return func(r *Router) {
		if r.limits != nil {
			r.limits.shared = s
		}
	}
}

// WithClock sets the clock the rate limits run on.
func WithClock(c Clock) RouterOption { return func(r *Router) { r.clock = c } }

// WithAnswerer sets what answers /ask; without one, /ask says questions
// are off.
func WithAnswerer(a brief.Answerer) RouterOption { return func(r *Router) { r.answerer = a } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) RouterOption { return func(r *Router) { r.log = l } }

// NewRouter returns a router over a library of briefings.
func NewRouter(lib Library, opts ...RouterOption) *Router {
	r := &Router{lib: lib, log: slog.New(slog.DiscardHandler), operators: map[string]bool{},
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
		switch v, wait := r.limits.take(ctx, req, r.clock.Now()); v {
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
	reply, err := r.library(ctx, req)
	if err != nil {
		r.log.Error("read briefings", "command", req.Command, "err", err)
		return Errorf("Something went wrong", "briefbot could not read its briefings. Please try again in a moment.")
	}
	return reply
}

var errNoBriefings = Errorf("No briefings yet", "There are no briefings yet. Add a report with briefbot ingest FILE or /add <url>.")

// library answers the commands that read briefings, each with a bounded
// look-up of the library.
func (r *Router) library(ctx context.Context, req Request) (Reply, error) {
	switch req.Command {
	case "briefings":
		return r.listBriefings(ctx, req)
	case "brief", "keypoints", "actors", "sources":
		e, err := r.lib.Pick(ctx, req.Scope(), req.Args)
		if errors.Is(err, ErrNotFound) {
			return r.noBriefing(ctx, req)
		}
		if err != nil {
			return Reply{}, err
		}
		switch req.Command {
		case "brief":
			return briefReply(e), nil
		case "keypoints":
			return keyPointsReply(e), nil
		case "actors":
			return actorsReply(e), nil
		}
		return sourcesReply(e), nil
	case "positions":
		return r.positions(ctx, req)
	case "quotes":
		return r.quotes(ctx, req)
	case "ask":
		return r.ask(ctx, req)
	}
	return Errorf("Unknown command", "Try /help."), nil
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

// pageSize is how many briefings one /briefings page lists.
const pageSize = 15

func (r *Router) listBriefings(ctx context.Context, req Request) (Reply, error) {
	page := 1
	if arg := strings.TrimSpace(req.Args); arg != "" {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			return Errorf("Which page?", "Usage: /briefings [page], for example /briefings 2"), nil
		}
		page = n
	}
	entries, total, err := r.lib.Recent(ctx, req.Scope(), (page-1)*pageSize, pageSize)
	if err != nil {
		return Reply{}, err
	}
	if total == 0 {
		return errNoBriefings, nil
	}
	if len(entries) == 0 {
		pages := (total + pageSize - 1) / pageSize
		return Errorf("No such page", fmt.Sprintf("There are %s on %s; /briefings %d is the last page.",
			Count(total, "briefing", "briefings"), Count(pages, "page", "pages"), pages)), nil
	}
	var items []Item
	for _, e := range entries {
		items = append(items, Item{Text: e.Title, Note: dateOrUnknown(e.Published) + " · " + sourceLabel(e), Cite: e.ID})
	}
	title := Count(total, "briefing", "briefings") + ", newest first"
	if page > 1 {
		title += fmt.Sprintf(" (page %d)", page)
	}
	footer := "Use an id with a command: /brief " + entries[0].ID
	if shown := (page-1)*pageSize + len(entries); shown < total {
		footer = fmt.Sprintf("and %d more: /briefings %d. ", total-shown, page+1) + footer
	}
	return Reply{Title: title, Blocks: []Block{{Items: items}}, Footer: footer}, nil
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

// noBriefing says nothing matched, naming the newest briefing instead.
func (r *Router) noBriefing(ctx context.Context, req Request) (Reply, error) {
	newest, total, err := r.lib.Recent(ctx, req.Scope(), 0, 1)
	if err != nil {
		return Reply{}, err
	}
	if total == 0 {
		return errNoBriefings, nil
	}
	return Errorf("No such briefing", fmt.Sprintf("No briefing matches %q. /briefings lists them; the newest is %s (%s).", req.Args, newest[0].ID, newest[0].Title)), nil
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

// actorPosition is an actor of a briefing with the position that sums
// them up.
type actorPosition struct {
	actor    *brief.Actor
	position brief.Position
}

// mainActors are up to n of the most mentioned actors that hold a
// position, people first, each with its leading position: a list of "who
// and what they want" names no one who wants nothing.
func mainActors(b *brief.Briefing, n int) []actorPosition {
	var out []actorPosition
	for _, people := range []bool{true, false} {
		for i := range b.Actors {
			a := &b.Actors[i]
			if len(out) == n || (a.Kind == brief.Person) != people {
				continue
			}
			if p, ok := leadingPosition(b.PositionsOf(a.ID)); ok {
				out = append(out, actorPosition{a, p})
			}
		}
	}
	return out
}

var stanceVerbs = lexicon.Set(lexicon.StanceVerbs)

// leadingPosition is the actor's first position that states what they
// want, say or believe, else their first; never a relative clause ("which
// took place this week", "that X took part in", "X, whose promise … has
// raised"). False when the
// actor holds no other kind.
func leadingPosition(ps []brief.Position) (brief.Position, bool) {
	for _, stance := range []bool{true, false} {
		for _, p := range ps {
			if !relativeClause(p.Text) && (!stance || stanceVerbs[strings.ToLower(p.Verb)]) {
				return p, true
			}
		}
	}
	return brief.Position{}, false
}

// relativeClause: the text is a relative clause, alone or on the name it
// opens with.
func relativeClause(text string) bool {
	opens := func(t string) bool {
		for _, w := range []string{"which ", "who ", "whose ", "whom ", "that "} {
			if strings.HasPrefix(t, w) {
				return true
			}
		}
		return false
	}
	if opens(text) {
		return true
	}
	i := strings.Index(text, ", ")
	return i >= 0 && i <= 60 && opens(strings.ToLower(text[i+2:]))
}

func briefReply(e Entry) Reply {
	b := e.Briefing
	r := Reply{Title: e.Title, Footer: briefHeader(e)}
	r.Blocks = append(r.Blocks, keyPointsBlock(b, 5))
	var who []Item
	for _, ap := range mainActors(b, 5) {
		line := ap.actor.Name
		if ap.actor.Role != "" {
			line += ", " + ap.actor.Role
		}
		who = append(who, Item{Text: line, Note: ShortText(ap.position.Text, 160), Cite: cite(ap.position.Sentences)})
	}
	if len(who) > 0 {
		r.Blocks = append(r.Blocks, Block{Heading: "Who and what they want", Items: who})
	}
	if q, ok := showcaseQuote(b.Quotes); ok {
		r.Blocks = append(r.Blocks, Block{Heading: "Quote", Items: []Item{{Text: "“" + ShortText(q.Text, 280) + "”", Note: q.Speaker, Cite: cite([]int{q.Sentence})}}})
	}
	return r
}

// showcaseQuote is the quote /brief shows: the first that says something
// (five words or more), else the longest; a word in quotation marks
// ("defensive") is no quote to show off.
func showcaseQuote(qs []brief.Quote) (brief.Quote, bool) {
	best := -1
	for i, q := range qs {
		n := len(strings.Fields(q.Text))
		if n >= 5 {
			return q, true
		}
		if best < 0 || n > len(strings.Fields(qs[best].Text)) {
			best = i
		}
	}
	if best < 0 {
		return brief.Quote{}, false
	}
	return qs[best], true
}

func keyPointsBlock(b *brief.Briefing, n int) Block {
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
		{brief.Person, "People"}, {brief.Organization, "Organisations"}, {brief.Group, "Groups"}, {brief.Place, "Places"},
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

// splitActorArgs separates "<actor> [briefing id]": when the last word is
// the id of a briefing the scope sees, that briefing alone is asked.
func (r *Router) splitActorArgs(ctx context.Context, req Request) (query string, one *Entry, err error) {
	words := strings.Fields(req.Args)
	if len(words) == 0 {
		return "", nil, nil
	}
	last := strings.ToLower(words[len(words)-1])
	if !LooksLikeID(last) {
		return strings.Join(words, " "), nil, nil
	}
	e, err := r.lib.Pick(ctx, req.Scope(), last)
	if errors.Is(err, ErrNotFound) || err == nil && !strings.HasPrefix(e.ID, last) {
		return strings.Join(words, " "), nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	return strings.Join(words[:len(words)-1], " "), &e, nil
}

func attribution(p brief.Position) string {
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

// shownBriefings is how many briefings a reply across the library shows;
// the ids of a few more follow in its footer.
const shownBriefings = 3

func (r *Router) positions(ctx context.Context, req Request) (Reply, error) {
	query, one, err := r.splitActorArgs(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if query == "" {
		return Errorf("Whose positions?", "Usage: /positions <actor> [briefing], for example /positions trump"), nil
	}
	var found []Entry
	more := false
	if one != nil {
		if lookup.FindActor(one.Briefing, query) != nil {
			found = []Entry{*one}
		}
	} else if found, more, err = r.lib.WithActor(ctx, req.Scope(), query, shownBriefings+3); err != nil {
		return Reply{}, err
	}
	if len(found) == 0 {
		return r.noActor(ctx, req, query, one)
	}
	shown := found[:min(len(found), shownBriefings)]
	reply := Reply{}
	var name string
	for _, e := range shown {
		a := lookup.FindActor(e.Briefing, query)
		if reply.Title == "" {
			name = a.Name
			reply.Title = "Positions of " + a.Name
			if a.Role != "" {
				reply.Title += ", " + a.Role
			}
		}
		reply.Blocks = append(reply.Blocks, positionBlocks(e, a)...)
	}
	reply.Footer = "Each line: the claim, who reported it, and the report's sentence [s#]."
	if rest := found[len(shown):]; len(rest) > 0 {
		var ids []string
		for _, e := range rest {
			ids = append(ids, e.ID)
		}
		reply.Footer = fmt.Sprintf("The newest %d briefings that mention %s; older ones: /positions %s %s", len(shown),
			name, query, strings.Join(ids, ", "))
		if more {
			reply.Footer += " and more (/briefings lists them all)"
		}
	} else if len(found) > 1 {
		reply.Footer = fmt.Sprintf("%s mention %s, newest first.", Count(len(found), "briefing", "briefings"), name)
	}
	return reply, nil
}

// positionBlocks are an actor's positions in one briefing, and what others
// there say about them.
func positionBlocks(e Entry, a *brief.Actor) []Block {
	b := e.Briefing
	heading := e.Title + " (" + e.ID + ", " + dateOrUnknown(e.Published) + ")"
	var own []Item
	for _, p := range b.PositionsOf(a.ID) {
		own = append(own, Item{Text: p.Text, Note: attribution(p), Cite: cite(p.Sentences)})
	}
	var out []Block
	if len(own) == 0 {
		out = append(out, Block{Heading: heading, Text: "The report gives no position of " + a.Name + "'s own."})
	} else {
		out = append(out, Block{Heading: heading, Items: own})
	}
	var about []Item
	for _, x := range b.AboutOf(a.ID) {
		about = append(about, Item{Text: x.Text, Note: "said by " + x.By, Cite: cite(x.Sentences)})
	}
	if len(about) > 0 {
		out = append(out, Block{Heading: "What others in the report say about " + a.Name, Items: about})
	}
	return out
}

// noActor says no briefing has the actor, with the closest names in the
// briefing asked (or the newest).
func (r *Router) noActor(ctx context.Context, req Request, query string, one *Entry) (Reply, error) {
	where := "in this briefing"
	if one == nil {
		e, err := r.lib.Pick(ctx, req.Scope(), "")
		if errors.Is(err, ErrNotFound) {
			return errNoBriefings, nil
		}
		if err != nil {
			return Reply{}, err
		}
		one, where = &e, "in the briefings"
	}
	var close []string
	for _, a := range lookup.Suggest(one.Briefing, query, 4) {
		close = append(close, a.Name)
	}
	text := fmt.Sprintf("No one called '%s' %s.", query, where)
	if len(close) > 0 {
		text += " Closest: " + strings.Join(close, ", ") + "."
	}
	return Errorf("No such actor", text), nil
}

// quotes lists a briefing's quotes, or an actor's in the newest briefing
// that has the actor; words that name no actor may name a briefing.
func (r *Router) quotes(ctx context.Context, req Request) (Reply, error) {
	query, one, err := r.splitActorArgs(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if one == nil && query != "" {
		found, _, err := r.lib.WithActor(ctx, req.Scope(), query, 1)
		if err != nil {
			return Reply{}, err
		}
		if len(found) > 0 {
			one = &found[0]
		} else if e, err := r.lib.Pick(ctx, req.Scope(), query); err == nil {
			one, query = &e, ""
		} else if !errors.Is(err, ErrNotFound) {
			return Reply{}, err
		}
	}
	if one == nil {
		if query != "" {
			return r.noActor(ctx, req, query, nil)
		}
		e, err := r.lib.Pick(ctx, req.Scope(), "")
		if errors.Is(err, ErrNotFound) {
			return errNoBriefings, nil
		}
		if err != nil {
			return Reply{}, err
		}
		one = &e
	}
	if query == "" {
		return allQuotes(*one), nil
	}
	a := lookup.FindActor(one.Briefing, query)
	if a == nil {
		return r.noActor(ctx, req, query, one)
	}
	return actorQuotes(*one, a), nil
}

func allQuotes(e Entry) Reply {
	r := Reply{Title: "Quotes: " + e.Title, Footer: briefHeader(e)}
	var items []Item
	for _, q := range e.Briefing.Quotes {
		items = append(items, quoteItem(q))
	}
	if len(items) == 0 {
		r.Blocks = []Block{{Text: "The report quotes no one directly."}}
	} else {
		r.Blocks = []Block{{Items: items}}
	}
	return r
}

func actorQuotes(e Entry, a *brief.Actor) Reply {
	r := Reply{Title: "Quotes of " + a.Name, Footer: briefHeader(e)}
	var by, about []Item
	for _, q := range e.Briefing.Quotes {
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

// askCandidates is how many briefings a question is asked of: the ones
// whose sentences share most of its words.
const askCandidates = 8

func (r *Router) asker() *asker { return &asker{answerer: r.answerer, log: r.log} }

func (r *Router) ask(ctx context.Context, req Request) (Reply, error) {
	if strings.TrimSpace(req.Args) == "" {
		return r.asker().ask(ctx, nil, req.Args), nil
	}
	entries, err := r.lib.Search(ctx, req.Scope(), req.Args, askCandidates)
	if err != nil {
		return Reply{}, err
	}
	if len(entries) == 0 {
		if _, total, err := r.lib.Recent(ctx, req.Scope(), 0, 1); err != nil || total == 0 {
			return errNoBriefings, err
		}
		return notCovered(), nil
	}
	return r.asker().ask(ctx, entries, req.Args), nil
}

func quoteItem(q brief.Quote) Item {
	note := q.Speaker
	if q.About != "" {
		note += ", about " + q.About
	}
	return Item{Text: "“" + q.Text + "”", Note: note, Cite: cite([]int{q.Sentence})}
}
