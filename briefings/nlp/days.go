package nlp

import "github.com/briefbot/briefbot/lexicon"

// News says on which day things happened where the treebanks seldom do
// (weekdays are about 300 of their 315,000 words): "Germany on Monday
// banned …", "Friday, the House issued …". The parser, which saw few such
// phrases, sometimes hangs the whole sentence on the day or on the name
// before it. Where a parse has that look (a root that is no predicate, or a
// verb left hanging as "dep"), the sentence is parsed again with its day
// phrases taken out, and they are hung back on their verbs as time
// adjuncts, the way the treebanks annotate them.

var weekdays = lexicon.Set("monday tuesday wednesday thursday friday saturday sunday")

// dayLeads are the words a day phrase may open with, and their relation to
// the day; dayParts may follow the day and head the phrase ("Monday night").
var (
	dayLeads = map[string]string{"on": "case", "last": "amod", "next": "amod", "this": "det", "early": "amod", "late": "amod"}
	dayParts = lexicon.Set("morning afternoon evening night")
)

// dayPhrase is words [start, end) of a sentence; head is the word the rest
// of the phrase hangs on, comma the comma after an opening phrase or -1.
type dayPhrase struct {
	start, end, head, comma int
}

// dayPhrases finds the day phrases of a sentence of lower-cased words.
func dayPhrases(lower []string) []dayPhrase {
	var out []dayPhrase
	for i := 0; i < len(lower); i++ {
		if !weekdays[lower[i]] || i+1 < len(lower) && (lower[i+1] == "'s" || lower[i+1] == "’s") {
			continue
		}
		ph := dayPhrase{start: i, end: i + 1, head: i, comma: -1}
		if i > 0 && dayLeads[lower[i-1]] != "" {
			ph.start = i - 1
		}
		if ph.end < len(lower) && dayParts[lower[ph.end]] {
			ph.head = ph.end
			ph.end++
		}
		if ph.start == 0 && ph.end < len(lower) && lower[ph.end] == "," {
			ph.comma = ph.end
			ph.end++
		}
		out = append(out, ph)
		i = ph.end - 1
	}
	return out
}

// parseAroundDays parses a sentence, and again around its day phrases when
// the first parse looks misled by them; it keeps the second only where that
// one looks sound.
func (p *parser) parseAroundDays(words, lower, tags []string) ([]int, []string) {
	heads, labels := p.parse(words, lower, tags)
	phrases := dayPhrases(lower)
	if len(phrases) == 0 || !misparsed(heads, labels, tags) {
		return heads, labels
	}
	h, l, ok := p.parseWithout(phrases, words, lower, tags)
	if !ok || misparsed(h, l, tags) {
		return heads, labels
	}
	return h, l
}

// misparsed: the parse has no predicate for its root, or leaves a verb
// hanging as an unknown dependent.
func misparsed(heads []int, labels, tags []string) bool {
	for i, h := range heads {
		switch {
		case labels[i] == "dep" && tags[i] == "VERB":
			return true
		case h == 0 && tags[i] != "VERB" && tags[i] != "AUX" && !hasKid(heads, labels, i, "cop"):
			return true
		}
	}
	return false
}

func hasKid(heads []int, labels []string, w int, label string) bool {
	for i, h := range heads {
		if h == w+1 && labels[i] == label {
			return true
		}
	}
	return false
}

// parseWithout parses the sentence with the day phrases taken out and hangs
// them back on their verbs; ok is false when one has no verb to hang on.
func (p *parser) parseWithout(phrases []dayPhrase, words, lower, tags []string) ([]int, []string, bool) {
	keep := make([]int, 0, len(words))
	for i, ph := 0, 0; i < len(words); i++ {
		for ph < len(phrases) && phrases[ph].end <= i {
			ph++
		}
		if ph == len(phrases) || i < phrases[ph].start {
			keep = append(keep, i)
		}
	}
	if len(keep) < 2 {
		return nil, nil, false
	}
	h, l := p.parse(pick(words, keep), pick(lower, keep), pick(tags, keep))
	heads, labels := make([]int, len(words)), make([]string, len(words))
	for k, i := range keep {
		heads[i], labels[i] = 0, l[k]
		if h[k] > 0 {
			heads[i] = keep[h[k]-1] + 1
		}
	}
	for _, ph := range phrases {
		v := dayHost(ph, heads, labels, tags)
		if v < 0 {
			return nil, nil, false
		}
		hangDay(ph, v, lower, heads, labels, p.dayLabel(ph, lower))
	}
	return heads, labels, true
}

// dayHost is the word (0-based) a day phrase hangs on: the root for an
// opening phrase, else the verb just before it or just after it; -1 when
// there is none.
func dayHost(ph dayPhrase, heads []int, labels, tags []string) int {
	if ph.start == 0 {
		for i, h := range heads {
			if h == 0 && labels[i] != "" {
				return i
			}
		}
		return -1
	}
	if tags[ph.start-1] == "VERB" && labels[ph.start-1] != "" {
		return ph.start - 1
	}
	if r := ph.end; r < len(tags) && labels[r] != "" && (tags[r] == "VERB" || tags[r] == "AUX") {
		if heads[r] > 0 && (labels[r] == "aux" || labels[r] == "aux:pass" || labels[r] == "cop") {
			return heads[r] - 1 // "X on Monday had agreed": the main verb
		}
		return r
	}
	return -1
}

// hangDay attaches the words of a day phrase: its head to host, the rest
// to its head.
func hangDay(ph dayPhrase, host int, lower []string, heads []int, labels []string, label string) {
	for i := ph.start; i < ph.end; i++ {
		switch {
		case i == ph.head:
			heads[i], labels[i] = host+1, label
		case i == ph.comma:
			heads[i], labels[i] = host+1, "punct"
		case weekdays[lower[i]]:
			heads[i], labels[i] = ph.head+1, "compound" // "Monday night"
		default:
			heads[i], labels[i] = ph.head+1, dayLeads[lower[i]]
		}
	}
}

// dayLabel: "on Monday" is an oblique; a bare "Monday" an unmarked one, in
// whichever name the model's treebank version gives it.
func (p *parser) dayLabel(ph dayPhrase, lower []string) string {
	if lower[ph.start] == "on" {
		return "obl"
	}
	for _, l := range []string{"obl:unmarked", "obl:tmod"} {
		if p.labelIndex(l) >= 0 {
			return l
		}
	}
	return "obl"
}

func pick(xs []string, at []int) []string {
	out := make([]string, len(at))
	for k, i := range at {
		out[k] = xs[i]
	}
	return out
}
