package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsWordRune: letters and digits make words.
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// WordEnd is where the word that runs on at byte j of s ends: runs of
// letters and digits, joined across one apostrophe, hyphen, period or
// ampersand between two of them, so "U.S", "al-Assad", "isn't" and "AT&T"
// stay whole. The analyser and the search terms cut words alike with it.
func WordEnd(s string, j int) int {
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		if IsWordRune(r) {
			j += sz
			continue
		}
		if (r == '\'' || r == '-' || r == '.' || r == '&') && j+sz < len(s) {
			if r3, _ := utf8.DecodeRuneInString(s[j+sz:]); IsWordRune(r3) {
				j += sz
				continue
			}
		}
		break
	}
	return j
}

// Set reads a word list (words apart by spaces or new lines, the words of
// a many-word name joined by "_") as a set of lower-case words and names.
func Set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[strings.ReplaceAll(w, "_", " ")] = true
	}
	return m
}
