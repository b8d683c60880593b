package nlp

import (
	"fmt"
	"strings"
	"testing"
)

func TestAsidesOf(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The army — whose chief is the president — entered the town", "[{2 8}]"},
		{"The army -- whose chief is the president -- entered", "[{2 8}]"},
		{"Talks ( held in Oslo last week ) failed", "[{1 7}]"},
		{"The agency ( IAEA ) said so", "[]"},            // too short to be a clause
		{"— The army entered the town —", "[]"},          // no word before it
		{"The army — which had waited — and", "[{2 6}]"}, // closed
		{"The army — which never closed", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := asidesOf(strings.Fields(tt.text))
			if s := fmt.Sprint(got); s != tt.want && !(tt.want == "[]" && len(got) == 0) {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

// The sentence around an aside keeps its own subject and verb, and the
// aside hangs on the noun before it.
func TestAsideDoesNotTakeTheSentence(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := m.Parse("The Syrian Army — whose commander-in-chief is President Bashar al-Assad — entered the town yesterday.").Sentences[0]
	const army, bashar, entered = 2, 8, 11
	if s.Tokens[entered].Text != "entered" || s.Heads[entered] != 0 || s.Heads[army] != entered+1 || s.Labels[army] != "nsubj" {
		t.Errorf("heads %v labels %v: want entered the root and Army its nsubj", s.Heads, s.Labels)
	}
	if s.Heads[bashar] != army+1 || s.Labels[bashar] != "acl:relcl" {
		t.Errorf("the aside's head %q hangs on %d as %s, want a relative clause on Army", s.Tokens[bashar].Text, s.Heads[bashar], s.Labels[bashar])
	}
}
