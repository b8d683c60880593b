package briefings

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// document is a report split into its parts.
type document struct {
	title    string
	byline   []string
	dateline string
	headings []string
	paras    []paragraph
}

// paragraph is a run of body text; speaker is set for transcript lines.
type paragraph struct {
	text    string
	speaker string
	goesOn  bool // a paragraph of the turn before it: no label of its own, between two labelled ones
	answer  bool // an interview's answer, written without a label: the interviewee's turn
}

// validate refuses input that is not a report.
func validate(raw []byte, limit int) error {
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if len(raw) > limit {
		return &TooLargeError{Size: len(raw), Limit: limit}
	}
	if !utf8.Valid(raw) {
		return ErrBinary
	}
	control := 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		i += n
		if r == 0 {
			return ErrBinary
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' || r >= 0x7f && r < 0xa0 {
			control++
		}
	}
	if control > 8 && control*50 > len(raw) {
		return ErrBinary
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return ErrEmpty
	}
	return nil
}

var normalizer = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n", "\u00a0", " ", "\u2009", " ", "\u202f", " ", "\u200b", "", "\ufeff", "",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u00ab", `"`, "\u00bb", `"`,
	"\u2019", "'", "\u2018", "'", "\u2032", "'",
	" \u2013 ", " \u2014 ", " \u2014 ", " \u2014 ", " - ", " \u2014 ", " -- ", " \u2014 ",
	"\u2014", " \u2014 ", "\u2026", "...", "\t", " ",
)

// normalize makes quotes straight and dashes uniform. Reports that quote with
// single curly marks only get them turned into double quotes first.
func normalize(s string) string {
	if !strings.ContainsAny(s, "\"\u201c\u201d") && strings.Contains(s, "\u2018") {
		s = singleQuotes.ReplaceAllString(s, "\"$1\"$2")
	}
	s = normalizer.Replace(s)
	for strings.Contains(s, "  \u2014") || strings.Contains(s, "\u2014  ") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "  \u2014", " \u2014"), "\u2014  ", "\u2014 ")
	}
	return s
}

var singleQuotes = regexp.MustCompile("\u2018([^\u2018\u2019]{2,}?)\u2019(\\W|$)")

var (
	bylineRe   = regexp.MustCompile(`^(?i:by)\s+([A-Z][\p{L}.'\- ]+(?:(?:,| and | &)\s*[A-Z][\p{L}.'\- ]+)*)\s*$`)
	datelineRe = regexp.MustCompile(`^([A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\p{L}\d. ]{1,30})?\s*(?:\([^)]{1,60}\))?)\s*(?:\x{2014}|--|-|:)\s+`)
	speakerRe  = regexp.MustCompile(`^((?:[A-Z][\p{L}.'\-]*\s){0,3}[A-Z][\p{L}.'\-]*)\s*:\s+(\S.*)$`)
)

// read splits a normalised report into title, byline, dateline, headings and
// body paragraphs, dropping boilerplate.
func read(text string) document {
	var d document
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	start := 0
	if len(lines) > 1 && looksLikeTitle(lines[0]) {
		d.title = strings.TrimSuffix(lines[0], ".")
		start = 1
	}
	bodyStarted := false
	for _, l := range lines[start:] {
		if !bodyStarted {
			if m := bylineRe.FindStringSubmatch(l); m != nil && len(strings.Fields(l)) <= 14 {
				d.byline = append(d.byline, splitNames(m[1])...)
				continue
			}
		}
		if l = withoutCredit(l); l == "" || isBoilerplate(l) {
			continue
		}
		if isHeading(l) {
			d.headings = append(d.headings, l)
			continue
		}
		if !bodyStarted {
			d.dateline, l = dateline(l)
		}
		bodyStarted = true
		d.paras = append(d.paras, labelled(l))
	}
	continueTurns(d.paras)
	interviewTurns(&d)
	if len(d.paras) == 0 && d.title != "" {
		d.paras = append(d.paras, paragraph{text: d.title})
		d.title = ""
	}
	return d
}

// creditRe is a picture's credit at the end of its caption ("… in
// September 2010. Image: Mark Rathbun."), which names no one in the report.
var creditRe = regexp.MustCompile(`(?:^|\s)(?:Image|Photo|Picture|Photograph|Credit)s?:\s[^:]{1,100}$`)

// withoutCredit is line l without a picture credit at its end.
func withoutCredit(l string) string {
	if loc := creditRe.FindStringIndex(l); loc != nil {
		return strings.TrimSpace(l[:loc[0]])
	}
	return l
}

// dateline splits "KYIV (Reuters) - …" off the first body line l: the
// dateline and the rest ("" and l when there is none).
func dateline(l string) (string, string) {
	if len(l) <= 4 || !unicode.IsUpper(rune(l[0])) || !unicode.IsUpper(rune(l[1])) {
		return "", l
	}
	if m := datelineRe.FindStringSubmatch(l); m != nil && hasUpperWord(m[1]) && !speakerLabel(m[1]) {
		return strings.TrimSpace(m[1]), strings.TrimSpace(l[len(m[0]):])
	}
	return "", l
}

// labelled is paragraph l, with its transcript speaker label if it opens
// with one ("CHANCELLOR WEBER: …").
func labelled(l string) paragraph {
	p := paragraph{text: l}
	if c := strings.IndexByte(l, ':'); c > 0 && c < 60 {
		if m := speakerRe.FindStringSubmatch(l); m != nil && speakerLabel(m[1]) {
			p.speaker, p.text = m[1], m[2]
		}
	}
	return p
}

// continueTurns gives a transcript speaker's turn the paragraphs after its
// label, up to the next label; an aside in brackets ("(Laughter)") and what
// follows the last turn stay the reporter's.
func continueTurns(paras []paragraph) {
	speaker := ""
	var pending []int
	for i := range paras {
		p := &paras[i]
		switch {
		case p.speaker != "":
			for _, k := range pending {
				paras[k].speaker, paras[k].goesOn = speaker, true
			}
			speaker, pending = p.speaker, nil
		case strings.HasPrefix(p.text, "(") || strings.HasPrefix(p.text, "["):
			// an aside neither goes on with the turn nor ends it
		case speaker != "":
			pending = append(pending, i)
		}
	}
}

// interviewTurns reads an interview written without labels, a question
// then its answer, paragraph by paragraph: from the first question on, a
// question is the interviewer's and every other paragraph the interviewee's.
// It takes the report to be one when it says it is an interview and two
// questions or more are answered.
func interviewTurns(d *document) {
	first, answered := -1, 0
	for i, p := range d.paras {
		if p.speaker != "" {
			return // a transcript with labels
		}
		if isQuestion(p.text) {
			if first < 0 {
				first = i
			}
			if i+1 < len(d.paras) && !isQuestion(d.paras[i+1].text) {
				answered++
			}
		}
	}
	if answered < 2 || !saysInterview(d, first) {
		return
	}
	for i := first; i < len(d.paras); i++ {
		if isQuestion(d.paras[i].text) {
			d.paras[i].speaker = "QUESTION"
		} else {
			d.paras[i].answer = true
		}
	}
}

// isQuestion: paragraph text is a question of a few sentences, not quoted.
func isQuestion(text string) bool {
	t := strings.TrimRight(text, "\"'”) ")
	return strings.HasSuffix(t, "?") && len(strings.Fields(t)) <= 80 && !strings.ContainsAny(text[:1], "\"'“(")
}

// saysInterview: the title, a heading or a paragraph before the first
// question calls the report an interview.
func saysInterview(d *document, first int) bool {
	texts := append([]string{d.title}, d.headings...)
	for _, p := range d.paras[:first] {
		texts = append(texts, p.text)
	}
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), "interview") {
			return true
		}
	}
	return false
}

func looksLikeTitle(l string) bool {
	words := len(strings.Fields(l))
	if words == 0 || words > 25 || bylineRe.MatchString(l) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	return !strings.ContainsRune(".?!\"'", last) || words <= 12 && !strings.HasSuffix(l, ".")
}

func isBoilerplate(l string) bool {
	low := strings.ToLower(l)
	for _, p := range boilerplatePrefixes {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return strings.Contains(low, "all rights reserved") || strings.Contains(low, "has not been edited by")
}

// isHeading: a short line in capitals, or short with no sentence punctuation.
func isHeading(l string) bool {
	words := strings.Fields(l)
	if len(words) == 0 || len(words) > 10 || strings.Contains(l, ":") {
		return false
	}
	letters, upper := 0, 0
	for _, r := range l {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters >= 3 && upper == letters {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	return len(words) <= 6 && !strings.ContainsRune(".?!\"',;)", last) && unicode.IsUpper([]rune(l)[0])
}

func hasUpperWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) > 2 && strings.ToUpper(w) == w {
			return true
		}
	}
	return false
}

// speakerLabel accepts "CHANCELLOR WEBER" and "Minister Okafor", not "Note".
func speakerLabel(label string) bool {
	words := strings.Fields(label)
	if len(words) == 0 || len(words) > 4 || strings.ContainsAny(label, "()[]") {
		return false // "CAIRO (Reuters)" is a dateline
	}
	low := strings.ToLower(label)
	switch low {
	case "note", "update", "editor's note", "source", "sources", "photo", "image", "warning", "correction", "related":
		return false
	}
	if strings.ToUpper(label) == label && (len(label) >= 2 || label == "Q" || label == "A") {
		return true // "Q:" and "A:" are a transcript's question and answer
	}
	// Mixed case needs a title first ("Minister Okafor") or two capitalised words.
	return titleWords[strings.ToLower(words[0])] && len(words) >= 2 || len(words) == 2 && !commonCapitalized[strings.ToLower(words[0])]
}

func splitNames(s string) []string {
	s = strings.NewReplacer(" and ", ",", " & ", ",").Replace(s)
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" && !strings.EqualFold(n, "Reuters") {
			out = append(out, n)
		}
	}
	return out
}

// splitSentences cuts a paragraph into sentences. It does not break after
// abbreviations or initials and keeps a closing quote with its sentence.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		j, k, ok := sentenceBreak(p, i)
		if !ok {
			continue
		}
		if k >= len(p) {
			break
		}
		if s := strings.TrimSpace(p[start:j]); s != "" {
			out = append(out, s)
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// sentenceBreak: a sentence of p ends with the stop at i, its closing
// marks running to j, the next starting at k (k may be len(p), at the end).
func sentenceBreak(p string, i int) (j, k int, ok bool) {
	c := p[i]
	if c != '.' && c != '?' && c != '!' {
		return 0, 0, false
	}
	j = i + 1
	for j < len(p) && strings.IndexByte(`"')'.?!`, p[j]) >= 0 {
		j++
	}
	if j < len(p) && p[j] != ' ' {
		return 0, 0, false
	}
	k = j
	for k < len(p) && p[k] == ' ' {
		k++
	}
	if k >= len(p) {
		return j, k, true
	}
	if !opensSentence(p[k:]) || c == '.' && !endsSentence(p[:i+1], p[k:]) {
		return 0, 0, false
	}
	if p[i+1] == '"' && attributionOnly(p[k:]) {
		return 0, 0, false // `"Who pays?" Senator Moss asked.` is one sentence
	}
	return j, k, true
}

// opensSentence: s starts as a sentence may, with a capital, a digit, a
// quotation mark or a bracket.
func opensSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"('`, r)
}

// attributionOnly: the text starts with a short sentence that only says who
// spoke ("Senator Moss asked.", "said the minister.").
func attributionOnly(s string) bool {
	end := strings.IndexAny(s, ".?!\"")
	if end < 0 || s[end] != '.' {
		return false
	}
	ws := strings.Fields(s[:end])
	if len(ws) < 2 || len(ws) > 8 {
		return false
	}
	return reportVerbs[strings.ToLower(ws[len(ws)-1])] || reportVerbs[strings.ToLower(ws[0])]
}

// endsSentence decides whether the period closing before is a full stop.
func endsSentence(before, after string) bool {
	w := lastWord(before)
	lw := strings.ToLower(w)
	if lw == "" {
		return true
	}
	nextWord := strings.ToLower(strings.Trim(firstWord(after), `"'(`))
	// Initials: "H." "W." and single letters.
	core := strings.TrimSuffix(w, ".")
	if utf8.RuneCountInString(core) == 1 && unicode.IsUpper([]rune(core)[0]) {
		return false
	}
	if abbreviations[lw] {
		switch lw {
		case "u.s.", "u.k.", "u.n.", "e.u.", "d.c.", "a.m.", "p.m.", "etc.", "inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "no.":
			return sentenceStarters[nextWord]
		}
		return false
	}
	// Dotted acronyms not in the list: "N.A.T.O." behaves like "U.S.".
	if strings.Count(core, ".") >= 1 && len(core) <= 8 && !strings.ContainsAny(core, " ") {
		return sentenceStarters[nextWord]
	}
	return true
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	if len(s) > 64 {
		s = s[len(s)-64:] // a word is short; looking further makes splitting quadratic
	}
	i := strings.LastIndexAny(s, " (\"")
	return s[i+1:]
}

func firstWord(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}
