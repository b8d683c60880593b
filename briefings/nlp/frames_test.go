package nlp

import (
	"fmt"
	"strings"
	"testing"
)

func TestQuoteFrame(t *testing.T) {
	tests := []struct{ words, tags, want string }{
		{`" We stay , " said the minister .`, "PUNCT PRON VERB PUNCT PUNCT VERB DET NOUN PUNCT", "{4 5 [6 7 5] -1 -1} true"},
		{`" We stay , " wrote the minister on Twitter .`, "PUNCT PRON VERB PUNCT PUNCT VERB DET NOUN ADP PROPN PUNCT", "{4 5 [6 7 5 8 9] -1 -1} true"},
		{`" We stay , " the minister said .`, "PUNCT PRON VERB PUNCT PUNCT DET NOUN VERB PUNCT", "{4 7 [5 6 7] -1 -1} true"},
		{`We stay , " the minister said .`, "PRON VERB PUNCT PUNCT DET NOUN VERB PUNCT", "{3 6 [4 5 6] -1 -1} true"}, // the end of a longer quotation
		{`He said " we stay , " she added .`, "PRON VERB PUNCT PRON VERB PUNCT PUNCT PRON VERB PUNCT", "false"},      // a quotation inside the sentence
		{`" We stay , " said a man using a pseudonym .`, "PUNCT PRON VERB PUNCT PUNCT VERB DET NOUN VERB DET NOUN PUNCT", "{4 5 [6 7 8 9 10 5] -1 -1} true"},
		{`" We stay , " he thought he said .`, "PUNCT PRON VERB PUNCT PUNCT PRON VERB PRON VERB PUNCT", "false"},                                                                             // the first verb is no verb of speech
		{`" We stay , " he thought .`, "PUNCT PRON VERB PUNCT PUNCT PRON VERB PUNCT", "false"},                                                                                               // no verb of speech
		{`" We stay , " wrote Ruiz on Twitter , " and we win . "`, "PUNCT PRON VERB PUNCT PUNCT VERB PROPN ADP PROPN PUNCT PUNCT CCONJ PRON VERB PUNCT PUNCT", "{4 5 [6 5 7 8] 10 15} true"}, // a second part after the frame
		{`We stay , " wrote Ruiz , " and we win`, "PRON VERB PUNCT PUNCT VERB PROPN PUNCT PUNCT CCONJ PRON VERB", "{3 4 [5 4] 7 11} true"},                                                   // the second part goes on in the next sentence
		{`" We stay , " said .`, "PUNCT PRON VERB PUNCT PUNCT VERB PUNCT", "false"},                                                                                                          // no subject
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			words := strings.Fields(tt.words)
			f, ok := quoteFrame(words, lowerAll(words), strings.Fields(tt.tags))
			got := fmt.Sprint(ok)
			if ok {
				got = fmt.Sprint(f, " ", ok)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse(`"The governor treats the courts with open disdain," said Oregon Attorney General Maria Delgado.`).Sentences[0]
	const treats, said, general = 3, 11, 14
	if s.Tokens[said].Text != "said" || s.Heads[said] != treats+1 || s.Labels[said] != "parataxis" || s.Heads[treats] != 0 {
		t.Errorf("heads %v labels %v: want said a parataxis of treats, the root", s.Heads, s.Labels)
	}
	subject := false
	for i, h := range s.Heads {
		subject = subject || h == said+1 && s.Labels[i] == "nsubj" && i >= general-2
	}
	if !subject {
		t.Errorf("heads %v labels %v: want the attorney general the subject of said", s.Heads, s.Labels)
	}
}
