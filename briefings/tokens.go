package briefings

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

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
		j := i + size
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r2) {
				j += sz
				continue
			}
			if (r2 == '\'' || r2 == '-' || r2 == '.' || r2 == '&') && j+sz < len(s) {
				r3, _ := utf8.DecodeRuneInString(s[j+sz:])
				if isWordRune(r3) {
					j += sz
					continue
				}
			}
			break
		}
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

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
	}
	return strings.Join(words, " ")
}

// fold lower-cases and strips diacritics so "Zelenskyy" and "Zelenskyý" meet.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		if r >= utf8.RuneSelf {
			// Any other letter with marks: its base letters ("ğ" → "g").
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ā': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ž': "z", 'ź': "z", 'ż': "z", '’': "'",
}

// Fold lower-cases s and drops its diacritics, the way the analyser
// compares names: "Erdoğan" and "erdogan" fold alike.
func Fold(s string) string { return fold(s) }
