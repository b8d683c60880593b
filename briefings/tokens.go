package briefings

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/lexicon"
)

type tokKind uint8

const (
	word tokKind = iota
	punct
	quoteMark
)

type token struct {
	text       string
	lower      string
	start, end int // byte offsets in the sentence
	kind       tokKind
	cap        bool // starts with an upper-case letter
	inQuote    bool // inside a direct quotation
	paren      bool // inside a parenthetical aside (dashes or brackets)
}

func isWordRune(r rune) bool { return lexicon.IsWordRune(r) }

// tokenize splits a sentence into words and punctuation. "U.S.", "al-Assad" and
// "isn't" stay whole; a possessive "'s" becomes its own token.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+4)
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' {
			i += size
			continue
		}
		if !isWordRune(r) {
			k := punct
			if r == '"' {
				k = quoteMark
			}
			toks = append(toks, token{text: s[i : i+size], lower: s[i : i+size], start: i, end: i + size, kind: k})
			i += size
			continue
		}
		j := lexicon.WordEnd(s, i+size)
		w := s[i:j]
		// Keep the final period of abbreviations and dotted acronyms.
		if j < len(s) && s[j] == '.' {
			lw := strings.ToLower(w) + "."
			if abbreviations[lw] || strings.Contains(w, ".") || utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r) {
				j++
				w = s[i:j]
			}
		}
		lw := strings.ToLower(w)
		if strings.HasSuffix(lw, "'s") && len(lw) > 2 {
			base := w[:len(w)-2]
			toks = append(toks, token{text: base, lower: lw[:len(lw)-2], start: i, end: j - 2, kind: word, cap: unicode.IsUpper(r)})
			toks = append(toks, token{text: w[len(w)-2:], lower: "'s", start: j - 2, end: j, kind: word})
		} else {
			toks = append(toks, token{text: w, lower: lw, start: i, end: j, kind: word, cap: unicode.IsUpper(r)})
		}
		i = j
	}
	markSpans(toks)
	return toks
}

// markSpans flags tokens inside quotation marks and inside asides set off by
// dashes or brackets.
func markSpans(toks []token) {
	open := -1
	for i := range toks {
		if toks[i].kind == quoteMark {
			if open < 0 {
				open = i
			} else {
				for k := open + 1; k < i; k++ {
					toks[k].inQuote = true
				}
				open = -1
			}
		}
	}
	if open >= 0 { // a quote that runs on past the sentence
		for k := open + 1; k < len(toks); k++ {
			toks[k].inQuote = true
		}
	}
	dash := -1
	depth := 0
	for i := range toks {
		switch toks[i].text {
		case "(":
			depth++
		case ")":
			if depth > 0 {
				depth--
				toks[i].paren = true
			}
		case "\u2014":
			if dash < 0 {
				dash = i
			} else {
				for k := dash; k <= i; k++ {
					toks[k].paren = true
				}
				dash = -1
			}
		}
		if depth > 0 {
			toks[i].paren = true
		}
	}
}

func titleCase(s string) string { return lexicon.TitleCase(s) }

// fold is the lexicon's folding of names for comparison.
func fold(s string) string { return lexicon.Fold(s) }
