package nlp

import (
	"slices"

	"github.com/briefbot/briefbot/lexicon"
)

// An aside between dashes or brackets ("The Syrian Army — whose
// commander-in-chief is President Bashar al-Assad — entered …") is a
// sentence of its own dropped into another, and the parser, which reads
// left to right, often takes its verb for the sentence's. So a sentence
// with such an aside is parsed without it, the aside is parsed alone, and
// its head is hung on the word before it: a relative clause on its noun,
// an appositive, or else a parenthetical (parataxis).

// aside is words [open, close] of a sentence, the dashes, brackets or
// commas included; between commas it is an adverbial that splits a verb
// from its auxiliary ("had not, as of yesterday, announced"), and hangs on
// the verb after it.
type aside struct {
	open, close int
	commas      bool
}

var asideDashes = lexicon.Set("— – --")

// asidesOf finds the asides of at least three words inside a sentence:
// between two dashes, or in brackets, with a word before them.
func asidesOf(words []string) []aside {
	var out []aside
	for i := 1; i < len(words); i++ {
		end := -1
		switch {
		case asideDashes[words[i]]:
			end = next(words, i+1, func(w string) bool { return asideDashes[w] })
		case words[i] == "(":
			end = next(words, i+1, func(w string) bool { return w == ")" || w == "(" })
			if end >= 0 && words[end] != ")" {
				end = -1
			}
		}
		if end < 0 || end-i-1 < 3 {
			continue
		}
		out = append(out, aside{open: i, close: end})
		i = end
	}
	return out
}

// commaAsides finds the adverbials without a verb set off by commas between
// an auxiliary (and "not") and its verb: "X had not, as of yesterday,
// announced …", "X has, for years, argued …".
func commaAsides(words, tags []string) []aside {
	var out []aside
	for i := 1; i+2 < len(words); i++ {
		if words[i] != "," || !(tags[i-1] == "AUX" || tags[i-1] == "PART" && i > 1 && tags[i-2] == "AUX") {
			continue
		}
		end := next(words, i+1, func(w string) bool { return w == "," })
		if end < 0 || end-i-1 < 2 || end-i-1 > 8 || end+1 >= len(words) || tags[end+1] != "VERB" || slices.Contains(tags[i+1:end], "VERB") {
			continue // a clause between the commas may be the sentence's own ("I did, so just sit …")
		}
		out = append(out, aside{open: i, close: end, commas: true})
		i = end
	}
	return out
}

func next(words []string, from int, is func(string) bool) int {
	for j := from; j < len(words); j++ {
		if is(words[j]) {
			return j
		}
	}
	return -1
}

// parseAroundAsides parses the sentence without its asides, each aside
// alone, and joins them; a sentence without asides is parsed as it is.
func (p *parser) parseAroundAsides(words, lower, tags []string) ([]int, []string) {
	as := asidesOf(words)
	if len(as) == 0 {
		as = commaAsides(words, tags)
	}
	if len(as) > 0 {
		return p.joinAsides(as, words, lower, tags)
	}
	heads, labels := p.parseAroundDays(words, lower, tags)
	if !misparsed(heads, labels, tags) {
		return heads, labels
	}
	// "X, an opposition candidate for the election to be held in May, held
	// a rally": the appositive between the subject and its verb, apart.
	if as = appositives(words, lower, tags); len(as) == 0 {
		return heads, labels
	}
	if h, l := p.joinAsides(as, words, lower, tags); !misparsed(h, l, tags) {
		return h, l
	}
	return heads, labels
}

// appositives finds the descriptions set off by commas between a name or
// noun and the verb after them (", an opposition candidate …, held").
func appositives(words, lower, tags []string) []aside {
	var out []aside
	for i := 1; i+2 < len(words); i++ {
		if words[i] != "," || (tags[i-1] != "PROPN" && tags[i-1] != "NOUN") {
			continue
		}
		end := next(words, i+1, func(w string) bool { return w == "," })
		if end < 0 || end+1 >= len(words) || (tags[end+1] != "VERB" && tags[end+1] != "AUX") {
			continue
		}
		described := (lower[i+1] == "a" || lower[i+1] == "an" || lower[i+1] == "the") && end-i-1 >= 2
		// "the chancellor's spokesperson, Steffen Seibert, said"; not a list
		// ("Buses, DTC Buses, Call Center Cabs, …").
		named := i >= 2 && tags[i-1] == "NOUN" && tags[i-2] != "PUNCT" && allTagged(tags[i+1:end], "PROPN")
		if !described && !named {
			continue
		}
		out = append(out, aside{open: i, close: end})
		i = end
	}
	return out
}

// joinAsides parses a sentence without its asides, each aside alone, and
// hangs each on its host.
func (p *parser) joinAsides(as []aside, words, lower, tags []string) ([]int, []string) {
	var keep []int
	for i, a := 0, 0; i < len(words); i++ {
		for a < len(as) && as[a].close < i {
			a++
		}
		if a == len(as) || i < as[a].open {
			keep = append(keep, i)
		}
	}
	heads, labels := make([]int, len(words)), make([]string, len(words))
	place(keep, heads, labels, p.parseAroundDays, words, lower, tags)
	for _, a := range as {
		inner := make([]int, 0, a.close-a.open-1)
		for i := a.open + 1; i < a.close; i++ {
			inner = append(inner, i)
		}
		root := place(inner, heads, labels, p.parse, words, lower, tags)
		host, rel := a.open-1, asideRelation(lower[a.open+1], tags[root])
		for host > 0 && labels[host] == "" { // the word before is itself in an aside
			host--
		}
		if labels[host] == "flat" && heads[host] > 0 {
			host = heads[host] - 1 // a name's first word heads it
		}
		if a.commas {
			host, rel = a.close+1, adverbialRelation(tags[root])
		}
		heads[root], labels[root] = host+1, rel
		heads[a.open], labels[a.open] = root+1, "punct"
		heads[a.close], labels[a.close] = root+1, "punct"
	}
	return heads, labels
}

// place parses the words at positions at with parse and writes their
// heads and labels at those positions; it returns the position of the
// root.
func place(at []int, heads []int, labels []string, parse func(w, l, t []string) ([]int, []string), words, lower, tags []string) int {
	h, l := parse(pick(words, at), pick(lower, at), pick(tags, at))
	root := at[0]
	for k, i := range at {
		heads[i], labels[i] = 0, l[k]
		if h[k] > 0 {
			heads[i] = at[h[k]-1] + 1
		} else {
			root = i
		}
	}
	return root
}

// asideRelation: an aside opening with a relative pronoun is a relative
// clause, one headed by a noun an appositive, anything else a
// parenthetical.
func asideRelation(first, headTag string) string {
	switch {
	case first == "who" || first == "whose" || first == "which" || first == "whom" || first == "where":
		return "acl:relcl"
	case headTag == "NOUN" || headTag == "PROPN":
		return "appos"
	}
	return "parataxis"
}

// adverbialRelation: how an adverbial between commas hangs on its verb.
func adverbialRelation(headTag string) string {
	switch headTag {
	case "NOUN", "PROPN", "PRON", "NUM":
		return "obl"
	case "ADV":
		return "advmod"
	}
	return "advcl"
}

// allTagged: every tag of tags is tag, and there is at least one.
func allTagged(tags []string, tag string) bool {
	for _, t := range tags {
		if t != tag {
			return false
		}
	}
	return len(tags) > 0
}
