package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word of the text with its byte offsets: text[Start:End] is
// Text, except where a contraction's part was respelled (none are).
type Token struct {
	Text       string
	Start, End int
}

// abbreviations keep their full stop and do not end a sentence.
var abbreviations = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true, "gen.": true, "lt.": true, "col.": true, "sgt.": true,
	"capt.": true, "cmdr.": true, "adm.": true, "gov.": true, "sen.": true, "rep.": true, "rev.": true, "st.": true, "jr.": true,
	"sr.": true, "mt.": true, "no.": true, "vs.": true, "etc.": true, "e.g.": true, "i.e.": true, "inc.": true, "corp.": true,
	"co.": true, "ltd.": true, "jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true,
	"sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true, "approx.": true, "dept.": true, "est.": true, "fig.": true,
	"u.s.": true, "u.k.": true, "u.n.": true, "e.u.": true, "d.c.": true, "a.m.": true, "p.m.": true,
}

// clitics split off the end of a word, as UD does ("he's" → "he" "'s").
var clitics = []string{"n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’s", "’re", "’ve", "’ll", "’d", "’m"}

const openPunct = "([{\"'“‘«"
const closePunct = ")]}\"'”’».,;:!?…"

// Tokenize splits text into sentences of UD-style tokens with byte offsets.
// A line break ends a sentence (reports put one paragraph on a line), and
// so does a full stop, question or exclamation mark before a new word
// that starts with a capital, a digit or a quote, unless it ends an
// abbreviation.
func Tokenize(text string) [][]Token {
	var sents [][]Token
	var cur []Token
	flush := func() {
		if len(cur) > 0 {
			sents = append(sents, cur)
			cur = nil
		}
	}
	pos := 0
	for pos < len(text) {
		r, size := utf8.DecodeRuneInString(text[pos:])
		if r == '\n' {
			flush()
			pos += size
			continue
		}
		if unicode.IsSpace(r) {
			pos += size
			continue
		}
		end := pos
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r2) {
				break
			}
			end += s2
		}
		for _, t := range splitChunk(text[pos:end], pos) {
			cur = append(cur, t)
			if endsSentence(cur, text, end) {
				flush()
			}
		}
		pos = end
	}
	flush()
	return sents
}

// endsSentence says whether a token closes its sentence: terminal
// punctuation at the end of a chunk, before something that starts one.
func endsSentence(cur []Token, text string, chunkEnd int) bool {
	t := cur[len(cur)-1]
	if t.End != chunkEnd || !(isStop(t.Text) || t.Text == "\"" && len(cur) > 1 && isStop(cur[len(cur)-2].Text)) {
		return false // a quotation mark after a comma goes on: `"…," Lam said.`
	}
	rest := strings.TrimLeft(text[chunkEnd:], " \t\r")
	if rest == "" || rest[0] == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(", r)
}

// splitChunk splits one whitespace-free chunk at base into tokens.
func splitChunk(chunk string, base int) []Token {
	var lead, trail []Token
	start, end := 0, len(chunk)
	for start < end {
		r, size := utf8.DecodeRuneInString(chunk[start:])
		if !strings.ContainsRune(openPunct, r) {
			break
		}
		lead = append(lead, Token{chunk[start : start+size], base + start, base + start + size})
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(chunk[start:end])
		if !strings.ContainsRune(closePunct, r) {
			break
		}
		word := chunk[start:end]
		if r == '.' && keepsStop(word) {
			break
		}
		if (r == '\'' || r == '’') && strings.HasSuffix(strings.ToLower(word[:len(word)-size]), "s") && len(word) > size+1 && !closesQuote(lead) {
			trail = append(trail, Token{chunk[end-size : end], base + end - size, base + end}) // plural possessive
			end -= size
			break
		}
		trail = append(trail, Token{chunk[end-size : end], base + end - size, base + end})
		end -= size
	}
	out := lead
	if start < end {
		out = append(out, splitWord(chunk[start:end], base+start)...)
	}
	for i := len(trail) - 1; i >= 0; i-- {
		out = append(out, trail[i])
	}
	return out
}

// closesQuote says whether the chunk opened with a quote its trailing
// apostrophe may close.
func closesQuote(lead []Token) bool {
	for _, t := range lead {
		if t.Text == "'" || t.Text == "‘" {
			return true
		}
	}
	return false
}

// keepsStop says whether a word ending in a full stop keeps it: known
// abbreviations, initials ("J."), and dotted acronyms ("U.S.").
func keepsStop(word string) bool {
	lw := strings.ToLower(word)
	if abbreviations[lw] {
		return true
	}
	if utf8.RuneCountInString(word) == 2 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return strings.Count(word, ".") >= 2 && !strings.Contains(word, "..")
}

// splitWord splits clitics and inner punctuation off a word.
func splitWord(w string, base int) []Token {
	lw := strings.ToLower(w)
	if lw == "cannot" { // "can" "not", as UD writes it
		return []Token{{w[:3], base, base + 3}, {w[3:], base + 3, base + len(w)}}
	}
	for _, c := range clitics {
		if strings.HasSuffix(lw, c) && len(w) > len(c) {
			stem := len(w) - len(c)
			if strings.HasPrefix(c, "n") && (lw == "can't" || lw == "can’t") {
				stem = 2 // "ca" "n't", as UD writes it
			}
			return []Token{{w[:stem], base, base + stem}, {w[stem:], base + stem, base + len(w)}}
		}
	}
	// Dashes between words stand alone: "talks—and" → "talks" "—" "and".
	for _, d := range []string{"—", "–", "--"} {
		if i := strings.Index(w, d); i > 0 && i+len(d) < len(w) {
			out := splitWord(w[:i], base)
			out = append(out, Token{d, base + i, base + i + len(d)})
			return append(out, splitChunk(w[i+len(d):], base+i+len(d))...)
		}
	}
	return []Token{{w, base, base + len(w)}}
}

func isStop(w string) bool { return w == "." || w == "!" || w == "?" || w == "…" }
