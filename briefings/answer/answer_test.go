package answer

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/briefings"
	"github.com/briefbot/briefbot/briefings/nlp"
)

var harbour = sync.OnceValues(func() (*brief.Briefing, error) {
	text, err := os.ReadFile("testdata/harbour-talks.txt")
	if err != nil {
		return nil, err
	}
	return briefings.Analyze(text, briefings.Options{})
})

func models(t testing.TB) *nlp.Models {
	t.Helper()
	m, err := nlp.Default()
	if err != nil {
		t.Fatalf("models: %v", err)
	}
	return m
}

// TestFind asks one question of each kind, and some the report does not
// answer, of a report written for the test.
func TestFind(t *testing.T) {
	b, err := harbour()
	if err != nil {
		t.Fatal(err)
	}
	m := models(t)
	tests := []struct {
		question string
		kind     Kind
		want     string // in the answer; "" when it must decline
		mark     string // in the marked span, when there is one to check
	}{
		{"how long did the talks last?", Duration, "four hours", "four hours"},
		{"how many boats can fish in the shared waters?", Count, "1,200", "1,200"},
		{"how much will Norland pay into the fund?", Amount, "€40 million", "€40 million"},
		{"how old is Brenner?", Age, "58", "58"},
		{"what time was the agreement signed?", Clock, "6:30 p.m.", "6:30 p.m."},
		{"when does the deal take effect?", When, "June 1", "June 1"},
		{"where did the ministers meet?", Place, "Kessel", "Kessel"},
		{"why does Varga want a joint coast guard?", Reason, "fishermen deserve", "because"},
		{"who hosted the talks?", Who, "Ilse Kohl", "Ilse Kohl"},
		{"what did Varga say about the quarrel?", Claim, "will not sink", ""},
		{"what does Varga want?", Claim, "joint coast guard", ""},
		{"what did the foreign minister tell reporters?", Claim, "will not sink", ""},
		{"did Brenner accept the proposal?", Open, "rejected", ""},
		{"who requested the second round?", Who, "Ada Lind", "Ada Lind"},
		{"who led Sudmark's delegation?", Who, "Brenner", "Brenner"},
		{"how many boats may fish?", Count, "1,200", "1,200"},
		{"who did Varga thank?", Who, "Ilse Kohl", "Ilse Kohl"},
		// Not in the report: each must be declined.
		{"how many people attended the talks?", Count, "", ""},
		{"who will ratify the treaty?", Who, "", ""},
		{"why did Brenner reject the proposal?", Reason, "", ""},
		{"what did the prime minister say?", Claim, "", ""},
		{"when will the next round of talks be held?", When, "", ""},
		{"who caused the delays?", Who, "", ""}, // fog is nobody
		{"how many ferries were delayed?", Count, "", ""},
		{"who killed Piet Ros?", Who, "", ""}, // "the killing of X" says nothing of who
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			res := Find(m, []Source{{Label: "harbour", Briefing: b}}, tt.question)
			if res.Question.Kind != tt.kind {
				t.Errorf("kind = %v, want %v", res.Question.Kind, tt.kind)
			}
			if tt.want == "" {
				if res.Answered() {
					t.Fatalf("answered %q; want a decline", res.Lines[0].Text)
				}
				return
			}
			if !res.Answered() {
				t.Fatalf("declined; want an answer with %q (nearest: %+v)", tt.want, res.Nearest)
			}
			var all strings.Builder
			for _, l := range res.Lines {
				all.WriteString(l.Text + "\n")
			}
			if !strings.Contains(all.String(), tt.want) {
				t.Errorf("answer %q lacks %q", all.String(), tt.want)
			}
			if tt.mark != "" && !strings.Contains(res.Lines[0].Mark, tt.mark) {
				t.Errorf("mark = %q, want it to hold %q", res.Lines[0].Mark, tt.mark)
			}
		})
	}
}

// TestFindAcrossBriefings names the briefing an answer comes from when
// several are asked.
func TestFindAcrossBriefings(t *testing.T) {
	b, err := harbour()
	if err != nil {
		t.Fatal(err)
	}
	other, err := briefings.Analyze([]byte("Rail strike ends\n\nUnion leader Piet Mols said on Friday the strike would end after pay rose by 4%."), briefings.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := Find(models(t), []Source{{Label: "rail", Briefing: other}, {Label: "harbour", Briefing: b}}, "how old is Brenner?")
	if !res.Answered() || res.Lines[0].Source != 1 {
		t.Fatalf("lines %+v; want the harbour briefing's", res.Lines)
	}
}

func TestParseQuestion(t *testing.T) {
	m := models(t)
	tests := []struct {
		question, predicate, subject string
		kind                         Kind
	}{
		{"what did Varga tell reporters?", "tell", "varga", Claim},
		{"who runs the fund?", "run", "", Who},
		{"what will the working groups cover?", "cover", "the working groups", Open},
		{"why did the minister resign?", "resign", "the minister", Reason},
		{"what's the current maximum sentence?", "", "the current maximum sentence", Open},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			q := ParseQuestion(m, tt.question)
			if q.Kind != tt.kind || q.Predicate != tt.predicate || strings.Join(q.Subject, " ") != tt.subject {
				t.Errorf("kind %v predicate %q subject %q; want %v %q %q", q.Kind, q.Predicate, strings.Join(q.Subject, " "), tt.kind, tt.predicate, tt.subject)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"who?", "how many", "what did  say", "why did X 's", "''", "\x00", "how long how long"} {
		f.Add(s)
	}
	b, err := harbour()
	if err != nil {
		f.Fatal(err)
	}
	m := models(f)
	f.Fuzz(func(t *testing.T, q string) {
		res := Find(m, []Source{{Briefing: b}}, q)
		for _, l := range res.Lines {
			if l.Mark != "" && !strings.Contains(l.Text, l.Mark) {
				t.Fatalf("mark %q not in %q", l.Mark, l.Text)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	br, err := harbour()
	if err != nil {
		b.Fatal(err)
	}
	m := models(b)
	srcs := make([]Source, 8) // what the library hands the asker
	for i := range srcs {
		srcs[i] = Source{Briefing: br}
	}
	for _, q := range []string{"who hosted the talks?", "what does Varga want?", "how many people attended the talks?"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				Find(m, srcs, q)
			}
		})
	}
}
