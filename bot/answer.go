package bot

import (
	"regexp"
	"strings"
)

// answerKind is the kind of span a question asks for.
type answerKind int

const (
	anyAnswer      answerKind = iota
	numberAnswer              // how many, how much, how old
	durationAnswer            // how long
	timeAnswer                // when, what time, what date
)

// expectedAnswer reads the kind of answer from the question's opening words.
func expectedAnswer(question string) answerKind {
	q := " " + strings.ToLower(strings.Join(strings.Fields(question), " ")) + " "
	switch {
	case strings.Contains(q, " how many ") || strings.Contains(q, " how much ") || strings.Contains(q, " how old "):
		return numberAnswer
	case strings.Contains(q, " how long "):
		return durationAnswer
	case strings.HasPrefix(q, " when ") || strings.Contains(q, " what time ") || strings.Contains(q, " what date ") || strings.Contains(q, " what day "):
		return timeAnswer
	}
	return anyAnswer
}

var (
	numberPattern   = regexp.MustCompile(`(?i)\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|half|several)\b`)
	durationPattern = regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|an?)[- ](second|minute|hour|day|week|month|year|decade)s?\b|\bsince\b|\bfor (the past|more than|over)\b`)
	timePattern     = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight|morning|evening|afternoon|noon|midnight|ago|next|later|until|by then)\b|\b(1[89]|20)\d\d\b|\d{1,2}:\d\d|\b[ap]\.m\.`)
)

// hasAnswerKind reports whether text holds a span of the kind asked for.
func hasAnswerKind(text string, k answerKind) bool {
	switch k {
	case numberAnswer:
		return numberPattern.MatchString(text)
	case durationAnswer:
		return durationPattern.MatchString(text)
	case timeAnswer:
		return timePattern.MatchString(text)
	}
	return true
}
