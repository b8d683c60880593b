package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word is one syntactic word of a sentence, as CoNLL-U has it.
type Word struct {
	Form, Lemma, UPOS, XPOS, Feats string
	Head                           int // 0 for the root, else 1-based index
	Deprel                         string
	Misc                           string
}

// TreebankSentence is one CoNLL-U sentence: its comments and words
// (multiword-token ranges and empty nodes skipped).
type TreebankSentence struct {
	Comments []string
	Words    []Word
}

// Comment is the value of "# key = value", or "".
func (s TreebankSentence) Comment(key string) string {
	for _, c := range s.Comments {
		k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(c, "#")), "=")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ReadCoNLLU reads every sentence of a CoNLL-U stream.
func ReadCoNLLU(r io.Reader) ([]TreebankSentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []TreebankSentence
	var cur TreebankSentence
	flush := func() {
		if len(cur.Words) > 0 || len(cur.Comments) > 0 {
			out = append(out, cur)
		}
		cur = TreebankSentence{}
	}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			continue
		case strings.HasPrefix(line, "#"):
			cur.Comments = append(cur.Comments, line)
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("conllu line %d: %d columns, want 10", n, len(cols))
		}
		if strings.ContainsAny(cols[0], "-.") {
			continue
		}
		head, err := strconv.Atoi(cols[6])
		if err != nil && cols[6] != "_" {
			return nil, fmt.Errorf("conllu line %d: head %q", n, cols[6])
		}
		cur.Words = append(cur.Words, Word{Form: cols[1], Lemma: cols[2], UPOS: cols[3], XPOS: cols[4], Feats: cols[5], Head: head, Deprel: cols[7], Misc: cols[9]})
	}
	flush()
	return out, sc.Err()
}
