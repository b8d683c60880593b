// Package synth writes a deterministic library of synthetic reports for
// benchmarks at scale: meetings between invented people of real countries,
// made from word lists, the same text for the same index.
package synth

import (
	"fmt"
	"strings"
)

// Word lists. The envoys recur: each is in a quarter of the library, as a
// head of state is in much of a year's news, so look-ups of one actor
// across the library meet their worst case.
var (
	envoys  = []string{"Ines Calloway", "Tobias Wren", "Marisol Achebe", "Piet Vandermeer"}
	given   = []string{"Amara", "Bogdan", "Chiara", "Dawit", "Esra", "Fumiko", "Goran", "Hana", "Ilya", "Joana", "Kemal", "Lucia", "Mateus", "Noor", "Otto", "Paulina"}
	titles  = []string{"Foreign Minister", "Prime Minister", "President", "Defence Minister", "Trade Minister", "Envoy"}
	places  = []string{"Geneva", "Vienna", "Doha", "Oslo", "Nairobi", "Jakarta", "Lima", "Warsaw", "Ankara", "Hanoi"}
	topics  = []string{"grain exports", "a ceasefire", "border crossings", "gas prices", "prisoner exchanges", "fishing rights", "debt relief", "water sharing"}
	verbs   = []string{"wants", "demanded", "rejected", "proposed", "welcomed", "criticised"}
	nations = []string{"Kenya", "Chile", "Norway", "Poland", "Vietnam", "Qatar", "Peru", "Austria", "Turkey", "Indonesia"}
)

func name(i int) string {
	parts := []string{"ba", "ko", "li", "mu", "ne", "ra", "si", "to", "vu", "ze"}
	var b strings.Builder
	for n := i; ; n /= 10 {
		b.WriteString(parts[n%10])
		if n < 10 {
			break
		}
	}
	s := b.String() + "ski"
	return given[i%len(given)] + " " + strings.ToUpper(s[:1]) + s[1:]
}

// Report is report i of the synthetic library: short, and different for
// every i (its people's names are built from the digits of i).
func Report(i int) []byte {
	a, b := name(2*i), name(2*i+1)
	pick := func(list []string, k int) string { return list[(i*7+k)%len(list)] }
	surname := func(n string) string { return n[strings.LastIndexByte(n, ' ')+1:] }
	return []byte(fmt.Sprintf(`%s and %s meet in %s over %s
%s, %s (Reuters) - %s %s of %s met %s %s of %s on Tuesday to discuss %s, officials said.
%s %s a deal on %s before the end of the month, according to two people briefed on the talks.
"We will not sign anything that hurts our farmers," %s told reporters after the meeting, which lasted %d minutes.
%s said the talks on %s would resume next week in %s.
United Nations envoy %s welcomed the meeting and said a deal on %s was within reach.
Report number %d.
`,
		surname(a), surname(b), pick(places, 0), pick(topics, 1),
		strings.ToUpper(pick(places, 0)), "May 4", pick(titles, 2), a, pick(nations, 3), pick(titles, 4), b, pick(nations, 5), pick(topics, 1),
		surname(a), pick(verbs, 6), pick(topics, 7),
		surname(b), 20+i%70,
		surname(b), pick(topics, 1), pick(places, 8),
		envoys[i%len(envoys)], pick(topics, 1),
		i))
}
