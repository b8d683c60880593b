// Package lookup finds what a reader typed among a briefing's actors:
// "zelensky", "President Trump", "the french leader", "Mr Macron", a
// misspelt name. The stores use its terms to index actors and sentences,
// the bot to answer /positions and /quotes. It knows nothing of how a
// briefing was made.
package lookup

import (
	"sort"
	"strings"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/lexicon"
)

// Match is an actor found for a query, with how well it matched (0..1).
type Match struct {
	Actor *brief.Actor
	Score float64
}

// FindActor resolves what a reader typed ("zelensky", "the french leader",
// "president-elect") to an actor of the briefing. Case and diacritics are
// folded and name words may be misspelt by an edit or two. It returns nil
// when nothing matches well; Suggest lists the closest actors instead.
func FindActor(b *brief.Briefing, query string) *brief.Actor {
	ms := rank(b, query)
	if len(ms) == 0 || ms[0].Score < 0.6 {
		return nil
	}
	return ms[0].Actor
}

// Suggest lists up to n actors closest to the query, people first.
func Suggest(b *brief.Briefing, query string, n int) []*brief.Actor {
	ms := rank(b, query)
	var out []*brief.Actor
	for _, m := range ms {
		if len(out) == n {
			break
		}
		if m.Score > 0.2 {
			out = append(out, m.Actor)
		}
	}
	if len(out) == 0 {
		for i := range b.Actors {
			if len(out) == n {
				break
			}
			if b.Actors[i].Kind == brief.Person {
				out = append(out, &b.Actors[i])
			}
		}
	}
	return out
}

func queryTokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(lexicon.Fold(s)) {
		w = strings.TrimSuffix(strings.Trim(w, `"'.,;:!?()`), "'s")
		if w == "" || queryFiller[w] {
			continue
		}
		if full, ok := shortNames[w]; ok {
			out = append(out, strings.Fields(full)...) // "US embassy" is the "United States Embassy"
			continue
		}
		// Hyphenated names are typed either way: "Abdul-Mahdi", "Abdul Mahdi".
		for _, part := range strings.Split(w, "-") {
			if part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// shortNames are the short forms of names that queries and reports
// both use.
var shortNames = map[string]string{"us": "united states", "u.s": "united states", "usa": "united states",
	"uk": "united kingdom", "u.k": "united kingdom", "eu": "european union", "un": "united nations"}

// queryFiller are words a query may carry that never tell actors apart.
var queryFiller = lexicon.Set(`the of s a an mr mr. mrs mrs. ms ms. dr dr.`)

// asCountry reads a query such as "the US" or "the Saudi government" as the
// country it stands for, or returns nil.
func asCountry(q []string) []string {
	var rest []string
	for _, w := range q {
		if !stateNouns[w] {
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 || len(rest) > 3 {
		return nil
	}
	if c, ok := lexicon.Countries[strings.Join(rest, " ")]; ok {
		return strings.Fields(c)
	}
	return nil
}

// splitTitles separates the title words of a query ("president", "secretary")
// from the rest, which name or describe the actor.
func splitTitles(q []string) (rest, titles []string) {
	for _, w := range q {
		if titleWords[w] || titleWords[w+"."] {
			titles = append(titles, w)
		} else {
			rest = append(rest, w)
		}
	}
	return rest, titles
}

// actorNames are an actor's name, role and aliases, folded into words.
type actorNames struct {
	name  string     // the folded name, words joined by spaces
	forms [][]string // name, role and each alias
	role  []string   // the words of the role and aliases, for titles typed with a name
}

// namesKey is the key of a briefing's actorNames in its Memo.
type namesKey struct{}

func namesOf(b *brief.Briefing) []actorNames {
	return b.Memo(namesKey{}, func() any { return buildNames(b) }).([]actorNames)
}

func buildNames(b *brief.Briefing) []actorNames {
	out := make([]actorNames, len(b.Actors))
	for i, a := range b.Actors {
		out[i].name = strings.Join(queryTokens(a.Name), " ")
		for j, c := range append([]string{a.Name, a.Role}, a.Aliases...) {
			if t := queryTokens(c); len(t) > 0 {
				out[i].forms = append(out[i].forms, t)
				if j > 0 {
					out[i].role = append(out[i].role, t...)
				}
			}
		}
	}
	return out
}

func rank(b *brief.Briefing, query string) []Match {
	q := queryTokens(query)
	if len(q) == 0 {
		return nil
	}
	joined := strings.Join(q, " ")
	country := asCountry(q)
	rest, titles := splitTitles(q)
	names := namesOf(b)
	var out []Match
	for i := range b.Actors {
		a := &b.Actors[i]
		best := bestForm(q, names[i].forms)
		if len(rest) > 0 && len(titles) > 0 {
			// "President Trump", "Secretary Pompeo": the name decides, the
			// title only breaks ties between people who share it.
			s := bestForm(rest, names[i].forms) * (0.9 + 0.1*tokenMatch(titles, names[i].role))
			best = max(best, s)
		}
		if a.Country != "" && len(q) > 1 && lexicon.Nationalities[q[0]] == a.Country {
			best = max(best, bestForm(q[1:], names[i].forms)) // "Belarusian KGB": the KGB of Belarus
		}
		if country != nil && strings.Join(country, " ") == names[i].name {
			best = max(best, 1)
		}
		if a.Kind == brief.Person && len(titles) > 0 && a.Country != "" && lexicon.CountryOf(strings.Join(rest, " ")) == a.Country {
			best = max(best, tokenMatch(titles, names[i].role)) // "Iran's president": the president of Iran
		}
		if joined == names[i].name {
			best += 0.1 // the name itself beats a description that shares a word
		}
		if best > 0 {
			// Prefer people, then the most mentioned, when scores tie.
			bonus := 0.0
			if a.Kind == brief.Person {
				bonus = 0.02
			}
			out = append(out, Match{Actor: a, Score: best + bonus + float64(a.Mentions)/1e4})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func bestForm(q []string, forms [][]string) float64 {
	best := 0.0
	for _, c := range forms {
		best = max(best, tokenMatch(q, c))
	}
	return best
}

// tokenMatch: the share of query words found in the candidate, each allowed a
// small spelling difference.
func tokenMatch(q, cand []string) float64 {
	if len(cand) == 0 {
		return 0
	}
	total := 0.0
	for _, w := range q {
		best := 0.0
		for _, c := range cand {
			if s := wordMatch(w, c); s > best {
				best = s
			}
		}
		total += best
	}
	return total / float64(len(q))
}

func wordMatch(w, c string) float64 {
	if w == c {
		return 1
	}
	if strings.ReplaceAll(w, "-", "") == strings.ReplaceAll(c, "-", "") {
		return 1
	}
	n := len([]rune(w))
	allowed := 0
	switch {
	case n >= 8:
		allowed = 2
	case n >= 4:
		allowed = 1
	}
	if allowed == 0 {
		return 0
	}
	if d := editDistance(w, c, allowed); d <= allowed {
		return 1 - 0.1*float64(d)
	}
	if r := peopleRoot(w); len(r) >= 3 && r == peopleRoot(c) {
		return 0.9
	}
	return 0
}

// peopleRoot is what a people's name and its adjective share: "kurds" and
// "kurdish" are "kurd", "turks" and "turkish" "turk".
func peopleRoot(w string) string {
	if r, ok := strings.CutSuffix(w, "ish"); ok {
		return r
	}
	return strings.TrimSuffix(w, "s")
}

// editDistance is Levenshtein's distance, giving up past max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// IndexTerms are the words an index finds actor a by: each word of its name
// and aliases, folded as queries are. QueryTerms of any query FindActor
// accepts without a typo meet at least one of them.
func IndexTerms(a *brief.Actor) []string {
	seen := map[string]bool{}
	var out []string
	for _, form := range append([]string{a.Name}, a.Aliases...) {
		for _, w := range queryTokens(form) {
			if !seen[w] && !titleWords[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// QueryTerms are the words of an actor query to look up in an index of
// IndexTerms: the country a nationality or "X government" stands for, else
// the words that are not titles. None when the query is only a title or a
// description, which an index of names cannot answer.
func QueryTerms(query string) []string {
	q := queryTokens(query)
	if c := asCountry(q); c != nil {
		return c
	}
	rest, _ := splitTitles(q)
	return rest
}

var (
	titleWords = lexicon.Set(lexicon.TitleWords + " " + lexicon.MoreTitles)
	stateNouns = lexicon.Set(lexicon.StateNouns)
)
