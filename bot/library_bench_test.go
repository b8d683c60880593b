package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefings"
)

// The synthetic library: short reports of meetings between invented people
// of real countries, made from word lists, the same for the same index.
var (
	synthGiven   = []string{"Amara", "Bogdan", "Chiara", "Dawit", "Esra", "Fumiko", "Goran", "Hana", "Ilya", "Joana", "Kemal", "Lucia", "Mateus", "Noor", "Otto", "Paulina"}
	synthTitles  = []string{"Foreign Minister", "Prime Minister", "President", "Defence Minister", "Trade Minister", "Envoy"}
	synthPlaces  = []string{"Geneva", "Vienna", "Doha", "Oslo", "Nairobi", "Jakarta", "Lima", "Warsaw", "Ankara", "Hanoi"}
	synthTopics  = []string{"grain exports", "a ceasefire", "border crossings", "gas prices", "prisoner exchanges", "fishing rights", "debt relief", "water sharing"}
	synthVerbs   = []string{"wants", "demanded", "rejected", "proposed", "welcomed", "criticised"}
	synthNations = []string{"Kenya", "Chile", "Norway", "Poland", "Vietnam", "Qatar", "Peru", "Austria", "Turkey", "Indonesia"}
)

func synthName(i int) string {
	parts := []string{"ba", "ko", "li", "mu", "ne", "ra", "si", "to", "vu", "ze"}
	var b strings.Builder
	for n := i; ; n /= 10 {
		b.WriteString(parts[n%10])
		if n < 10 {
			break
		}
	}
	s := b.String() + "ski"
	return synthGiven[i%len(synthGiven)] + " " + strings.ToUpper(s[:1]) + s[1:]
}

// synthReport is report i of the synthetic library.
func synthReport(i int) []byte {
	a, b := synthName(2*i), synthName(2*i+1)
	pick := func(list []string, k int) string { return list[(i*7+k)%len(list)] }
	surname := func(n string) string { return n[strings.LastIndexByte(n, ' ')+1:] }
	return []byte(fmt.Sprintf(`%s and %s meet in %s over %s
%s, %s (Reuters) - %s %s of %s met %s %s of %s on Tuesday to discuss %s, officials said.
%s %s a deal on %s before the end of the month, according to two people briefed on the talks.
"We will not sign anything that hurts our farmers," %s told reporters after the meeting, which lasted %d minutes.
%s said the talks on %s would resume next week in %s.
Report number %d.
`,
		surname(a), surname(b), pick(synthPlaces, 0), pick(synthTopics, 1),
		strings.ToUpper(pick(synthPlaces, 0)), "May 4", pick(synthTitles, 2), a, pick(synthNations, 3), pick(synthTitles, 4), b, pick(synthNations, 5), pick(synthTopics, 1),
		surname(a), pick(synthVerbs, 6), pick(synthTopics, 7),
		surname(b), 20+i%70,
		surname(b), pick(synthTopics, 1), pick(synthPlaces, 8),
		i))
}

// synthLibrary analyses n synthetic reports into a library.
func synthLibrary(tb testing.TB, n int) *Memory {
	tb.Helper()
	lib := NewMemory(briefings.Options{}, nil)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		if _, err := lib.Add(context.Background(), fmt.Sprintf("synth-%d", i), synthReport(i), start.Add(time.Duration(i)*time.Minute)); err != nil {
			tb.Fatal(err)
		}
	}
	return lib
}

// BenchmarkLibraryAsk is /ask with a question at the length limit over a
// large library, once its index is built (the index is built once per
// change of the library, not per question).
func BenchmarkLibraryAsk(b *testing.B) {
	question := "what did the foreign minister of kenya say about grain exports and a ceasefire and border crossings and gas prices when the talks in geneva resumed after the meeting, and did anyone reject the proposal on prisoner exchanges or fishing rights or debt relief or water sharing at the end?"
	question = question[:min(len(question), MaxQuestion)]
	for _, n := range []int{1000, 10000} {
		lib := synthLibrary(b, n)
		r := NewRouter(lib)
		req := Request{Platform: "telegram", ChatID: "1", UserID: "1", Command: "ask", Args: question}
		r.Handle(context.Background(), req)
		b.Run(fmt.Sprintf("%dbriefings", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if reply := r.Handle(context.Background(), req); reply.Title == "" {
					b.Fatal("no reply")
				}
			}
		})
	}
}

func TestSynthLibraryIsDistinct(t *testing.T) {
	lib := synthLibrary(t, 50)
	es, _, _ := lib.Recent(context.Background(), SharedScope, 0, 1000)
	if len(es) != 50 {
		t.Fatalf("%d distinct briefings of 50", len(es))
	}
	for _, h := range es {
		e, err := lib.Pick(context.Background(), SharedScope, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Briefing.Actors) == 0 || len(e.Briefing.Sentences) < 5 {
			t.Fatalf("%s: a thin briefing: %d actors, %d sentences", e.ID, len(e.Briefing.Actors), len(e.Briefing.Sentences))
		}
	}
}
