package lookup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/lexicon"
)

var (
	stopwords     = lexicon.Set(lexicon.Stopwords)
	abbreviations = lexicon.Set(lexicon.Abbreviations)
)

// Terms returns the content words of a text, folded and stemmed, for
// retrieval: the stores index sentences and titles by them and look up a
// question's. Words are cut as the analyser cuts them: "U.S.", "al-Assad"
// and "isn't" stay whole, a possessive "'s" is a word of its own.
func Terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		if lw := strings.ToLower(w); !stopwords[lw] && len(lw) > 1 {
			out = append(out, Stem(lexicon.Fold(lw)))
		}
	}
	return out
}

// Stem is a light suffix stripper, so "negotiations" meets "negotiate".
func Stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// words are the runs of letters and digits of s, joined across one inner
// apostrophe, hyphen, period or ampersand, with the final period of an
// abbreviation or a dotted acronym.
func words(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !lexicon.IsWordRune(r) {
			i += size
			continue
		}
		j := lexicon.WordEnd(s, i+size)
		if w := s[i:j]; j < len(s) && s[j] == '.' &&
			(abbreviations[strings.ToLower(w)+"."] || strings.Contains(w, ".") || utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r)) {
			j++
		}
		w := s[i:j]
		if len(w) > 2 && strings.HasSuffix(strings.ToLower(w), "'s") {
			out = append(out, w[:len(w)-2], "'s")
		} else {
			out = append(out, w)
		}
		i = j
	}
	return out
}
