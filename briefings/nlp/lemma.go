package nlp

import (
	"strings"
	"unicode/utf8"
)

// lemmatizer looks a word up by its form and tag, and otherwise applies the
// suffix rule learned for its tag and ending ("-ies" NOUN → "-y").
type lemmatizer struct {
	forms map[string]string // lower form + "\x00" + UPOS → lemma
	rules map[string]rule   // UPOS + "\x00" + suffix → rule
}

// rule rewrites the end of a word: cut Strip bytes, then add Add.
type rule struct {
	Strip int
	Add   string
}

func (l *lemmatizer) lemma(form, upos string) string {
	lower := strings.ToLower(form)
	if lm, ok := l.forms[lower+"\x00"+upos]; ok {
		return lm
	}
	if upos == "PROPN" {
		return form
	}
	for n := min(5, len(lower)); n >= 1; n-- {
		// A rule rewrites only the ending it was found under: one that cuts
		// deeper ("better" → "good" under "-ter") would make "blunter"
		// "bgood". Rules work on bytes; one learned on another word may cut
		// a character in two, and is then not for this word.
		if r, ok := l.rules[upos+"\x00"+lower[len(lower)-n:]]; ok && r.Strip <= n {
			if lm := lower[:len(lower)-r.Strip] + r.Add; utf8.ValidString(lm) && lm != "" {
				return lm
			}
		}
	}
	return lower
}

// ruleFor is the rewrite that turns form into lemma.
func ruleFor(form, lemma string) rule {
	i := 0
	for i < len(form) && i < len(lemma) && form[i] == lemma[i] {
		i++
	}
	return rule{Strip: len(form) - i, Add: lemma[i:]}
}

// Lemma is the lemma of form read as upos ("VERB", "NOUN"…), for callers
// that match words without parsing the sentence they are in.
func (m *Models) Lemma(form, upos string) string { return m.lemmas.lemma(form, upos) }

// commonTags are the classes of a language's own words, as opposed to names.
var commonTags = [...]string{"NOUN", "ADJ", "VERB", "ADV"}

// CommonWord: the treebanks use the lower-cased form as a noun, adjective,
// verb or adverb, so a run made only of such words ("Living Wage", "Free
// Culture") reads as a capitalised phrase rather than a person's name.
func (m *Models) CommonWord(lower string) bool {
	for _, t := range commonTags {
		if _, ok := m.lemmas.forms[lower+"\x00"+t]; ok {
			return true
		}
	}
	return false
}
