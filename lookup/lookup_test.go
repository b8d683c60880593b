package lookup

import (
	"reflect"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/brief"
)

// briefing is a small cast, written here, of the kinds lookups meet.
func briefing() *brief.Briefing {
	return &brief.Briefing{Actors: []brief.Actor{
		{ID: "a1", Name: "Lucía Ferreira Duarte", Kind: brief.Person, Role: "Brazilian foreign minister", Country: "brazil", Aliases: []string{"Duarte"}, Mentions: 6},
		{ID: "a2", Name: "Tomasz Wielgosz", Kind: brief.Person, Role: "President", Country: "poland", Mentions: 4},
		{ID: "a3", Name: "Hamid Rezaei", Kind: brief.Person, Role: "President", Country: "iran", Mentions: 2},
		{ID: "a4", Name: "France", Kind: brief.Place, Mentions: 3},
		{ID: "a5", Name: "Atlantic Fisheries Council", Kind: brief.Organization, Aliases: []string{"AFC"}, Mentions: 2},
		{ID: "a6", Name: "Selim Doğan", Kind: brief.Person, Role: "spokesman", Mentions: 1},
		{ID: "a7", Name: "Northern Defence Units", Kind: brief.Organization, Role: "Turkish-led", Mentions: 2},
		{ID: "a8", Name: "DGSI", Kind: brief.Organization, Country: "france", Mentions: 1},
	}}
}

func TestFindActor(t *testing.T) {
	b := briefing()
	for _, tt := range []struct{ query, want string }{
		{"Lucía Ferreira Duarte", "a1"},
		{"duarte", "a1"},
		{"lucia duarte", "a1"},                   // no diacritics, a middle name left out
		{"Minister Duarte", "a1"},                // title with a surname
		{"Mr Wielgosz", "a2"},                    // honorific
		{"President Wielgosz", "a2"},             // title with a surname
		{"wielgocz", "a2"},                       // one letter wrong
		{"the brazilian foreign minister", "a1"}, // the role
		{"Iran's president", "a3"},               // a title and a country
		{"the French government", "a4"},          // a state noun after a nationality
		{"afc", "a5"},                            // an alias
		{"selim dogan", "a6"},
		{"Mr. Doğan's", "a6"},
		{"the turks", "a7"},       // a people, for a body its role says they lead
		{"the French DGSI", "a8"}, // a country's agency with its nationality
		{"nobody at all", ""},
		{"", ""},
	} {
		t.Run(tt.query, func(t *testing.T) {
			got := ""
			if a := FindActor(b, tt.query); a != nil {
				got = a.ID
			}
			if got != tt.want {
				t.Errorf("FindActor(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestSuggestNamesTheClosest(t *testing.T) {
	// Half a name is no match, but it is the closest.
	if a := FindActor(briefing(), "tomasz kowalski"); a != nil {
		t.Fatalf("FindActor(tomasz kowalski) = %s, want none", a.Name)
	}
	got := Suggest(briefing(), "tomasz kowalski", 2)
	if len(got) == 0 || got[0].ID != "a2" {
		t.Fatalf("Suggest(tomasz kowalski) = %v, want Wielgosz first", got)
	}
	// Nothing close: people, not the whole cast.
	for _, a := range Suggest(briefing(), "zzzz", 4) {
		if a.Kind != brief.Person {
			t.Errorf("Suggest(zzzz) offers %s, a %s", a.Name, a.Kind)
		}
	}
}

// An index of IndexTerms answers any QueryTerms of a query FindActor
// accepts without a typo.
func TestIndexAndQueryTermsMeet(t *testing.T) {
	b := briefing()
	for _, q := range []string{"duarte", "President Wielgosz", "Mr. Doğan", "afc", "the French government"} {
		a := FindActor(b, q)
		if a == nil {
			t.Fatalf("FindActor(%q) = nil", q)
		}
		terms := IndexTerms(a)
		if !slices.ContainsFunc(QueryTerms(q), func(w string) bool { return slices.Contains(terms, w) }) {
			t.Errorf("query %q: terms %v meet none of %s's %v", q, QueryTerms(q), a.Name, terms)
		}
	}
	if got := QueryTerms("the president"); len(got) != 0 {
		t.Errorf("QueryTerms(the president) = %v, want none: a title alone names no one", got)
	}
}

func TestTerms(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"The negotiations resumed in Geneva.", []string{"negoti", "resum", "geneva"}},
		{"Erdoğan's U.S. visit isn't over", []string{"erdogan", "u.s.", "visit", "isn't"}},
		{"al-Assad and Mr. Lee", []string{"al-assad", "mr.", "lee"}},
		{"", nil},
		{"— ! ?", nil},
	} {
		if got := Terms(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzTerms(f *testing.F) {
	f.Add("Erdoğan's U.S. visit isn't over.")
	f.Add("a.b.c.'s -- '&")
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Terms(s) {
			if w == "" {
				t.Fatalf("Terms(%q) holds an empty term", s)
			}
		}
	})
}
