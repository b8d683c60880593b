package answer

import (
	"regexp"
	"strings"
)

// span is a byte range of a sentence: the part that answers.
type span struct{ start, end int }

func (s span) ok() bool { return s.end > s.start }

// Patterns for the answer types a sentence can hold. They are written
// for English news prose and know no report in particular.
var (
	numberWord = `(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|dozens|hundreds|thousands|millions|a dozen)`
	number     = `(?:\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|hundred))?|` + numberWord + `(?:[ -]` + numberWord + `)*)`
	unitWords  = `(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)`
	months     = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)`
	weekdays   = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`

	reCount     = regexp.MustCompile(`(?i)\b(?:more than |over |about |at least |nearly |almost |some |around |up to )?` + number + `\b`)
	reYear      = regexp.MustCompile(`^(?:1[89]|20)\d\d$`)
	reAmount    = regexp.MustCompile(`(?i)(?:(?:US|A|C)?\$|€|£|¥)\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m)\b)?|\b\d[\d,.]*\s?(?:million|billion|trillion)?\s?(?:dollars|euros|pounds|yuan|rubles|roubles|yen|rupees|percent|per cent)\b|\b\d[\d,.]*%`)
	reDuration  = regexp.MustCompile(`(?i)\b` + number + `[ -]` + unitWords + `\b|\bsince (?:early |late |mid-)?(?:` + months + `(?: \d{1,2},?)?(?: \d{4})?|\d{4})\b|\bfor (?:a|an|the past|the last) ` + unitWords + `\b`)
	reDate      = regexp.MustCompile(`\b(?:(?:early |late |mid-)?` + months + `(?: \d{1,2}(?:st|nd|rd|th)?)?(?:,? \d{4})?|\d{1,2} ` + months + `(?: \d{4})?|` + weekdays + `|(?:19|20)\d\d)\b|(?i)\b(?:yesterday|today|tomorrow|tonight|last (?:week|month|year|night)|next (?:week|month|year)|this (?:week|month|year))\b`)
	reClock     = regexp.MustCompile(`(?i)\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b|\b(?:midnight|noon|dawn|dusk)\b`)
	reAge       = regexp.MustCompile(`(?i), (\d{1,3}),|\baged? (\d{1,3})\b|\b(\d{1,3})-year-old\b|\b(\d{1,3}) years old\b`)
	rePlace     = regexp.MustCompile(`\b(?:in|at|near|outside|inside|to|from) (?:the )?((?:[A-Z][\p{L}.'’-]*)(?:(?: of| for| de| the)? [A-Z][\p{L}.'’-]*)*)`)
	reName      = regexp.MustCompile(`[A-Z][\p{L}'’.-]+(?:\s+(?:of |de |al-|von |van )?[A-Z][\p{L}'’.-]+)*`)
	reReason    = regexp.MustCompile(`(?i)\b(?:because|due to|owing to|after|upon|over|amid|following|in response to|as a result of|in protest|so that|in order to|citing|cited|since|for fear|in retaliation|to prevent|to protect|to stop)\b`)
	reCondition = regexp.MustCompile(`(?i)\b(?:if|unless|only in|only when|in cases? (?:of|where)|provided)\b`)
)

// find returns the spans of re in text.
func find(re *regexp.Regexp, text string) []span {
	var out []span
	for _, m := range re.FindAllStringIndex(text, -1) {
		out = append(out, span{m[0], m[1]})
	}
	return out
}

// evidence returns the spans of text that have the shape kind asks for,
// leaving out those that only repeat the question.
func evidence(kind Kind, text string, asked map[string]bool, after int) []span {
	var spans []span
	switch kind {
	case Count:
		for _, s := range find(reCount, text) {
			if !reYear.MatchString(strings.TrimSpace(text[s.start:s.end])) {
				spans = append(spans, s)
			}
		}
	case Amount:
		spans = append(find(reAmount, text), find(reCount, text)...)
	case Duration:
		spans = find(reDuration, text)
	case When:
		spans = append(find(reDate, text), find(reClock, text)...)
		for _, c := range find(reCondition, text) {
			spans = append(spans, span{c.start, clauseEnd(text, c.end)})
		}
	case Clock:
		spans = find(reClock, text)
	case Age:
		spans = find(reAge, text)
	case Place:
		for _, m := range rePlace.FindAllStringSubmatchIndex(text, -1) {
			spans = append(spans, span{m[2], m[3]})
		}
	case Thing:
		spans = append(names(text), find(reCount, text)...)
	case Reason:
		for _, s := range find(reReason, text) {
			if s.start >= after {
				spans = append(spans, span{s.start, clauseEnd(text, s.end)})
			}
		}
	}
	return fresh(spans, text, asked)
}

// names are runs of capitalised words, not counting the one that opens the
// sentence.
func names(text string) []span {
	var out []span
	for _, s := range find(reName, text) {
		if s.start > 0 {
			out = append(out, s)
		}
	}
	return out
}

// fresh drops spans whose every word is already in the question.
func fresh(spans []span, text string, asked map[string]bool) []span {
	var out []span
	for _, s := range spans {
		for _, w := range wordsOf(text[s.start:s.end]) {
			if !asked[w] && !stopword[w] {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// clauseEnd is where the clause that starts at i ends: the next comma,
// semicolon or full stop.
func clauseEnd(text string, i int) int {
	if j := strings.IndexAny(text[i:], ",;."); j > 0 {
		return i + j
	}
	return len(text)
}
