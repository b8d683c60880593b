package nlp

import (
	"fmt"
	"strings"
	"testing"
)

func TestDayPhrases(t *testing.T) {
	tests := []struct {
		text string
		want string // start-end/head/comma of each phrase
	}{
		{"friday , the house issued a subpoena", "[{0 2 0 1}]"},
		{"germany on monday banned the airline", "[{1 3 2 -1}]"},
		{"talks resume on tuesday morning in oslo", "[{2 5 4 -1}]"},
		{"monday 's vote was close", "[]"},
		{"the talks ended", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ph := dayPhrases(strings.Fields(tt.text))
			if got := fmt.Sprint(ph); got != tt.want && !(tt.want == "[]" && len(ph) == 0) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// A sentence the parser hangs on its day, or on the name before it, gets
// its verb back as root, with the day a time adjunct of it.
func TestDaysDoNotHeadTheSentence(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, subject, verb, day string }{
		{"Friday, the United States House of Representatives issued a subpoena for documents from the secretary.", "House", "issued", "Friday"},
		{"Germany on Monday banned Iranian airline Mahan Air from flying in the country.", "Germany", "banned", "Monday"},
	}
	for _, tt := range tests {
		t.Run(tt.verb, func(t *testing.T) {
			s := m.Parse(tt.text).Sentences[0]
			at := func(w string) int {
				for i, tok := range s.Tokens {
					if tok.Text == w {
						return i
					}
				}
				t.Fatalf("no %q in %q", w, tt.text)
				return -1
			}
			v, subj, day := at(tt.verb), at(tt.subject), at(tt.day)
			if s.Heads[v] != 0 || s.Heads[subj] != v+1 || s.Labels[subj] != "nsubj" || s.Heads[day] != v+1 {
				t.Errorf("heads %v labels %v: want %s the root, %s its nsubj and %s on it", s.Heads, s.Labels, tt.verb, tt.subject, tt.day)
			}
		})
	}
}
