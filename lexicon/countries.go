package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Countries maps a country's name, a nationality adjective or a capital,
// lower case ("france", "french", "paris"), to the country it stands for.
// Callers read it and never write to it.
var Countries = map[string]string{}

// Nationalities maps nationality adjectives ("french", "u.s.") to their
// country.
var Nationalities = map[string]string{}

// adjectiveOf is the usual adjective for a country, for descriptions such as
// "the French leader"; most come from CountryTable.
var adjectiveOf = map[string]string{
	"united states": "U.S.", "united kingdom": "British", "european union": "European",
}

// StateNouns follow a nationality or a country to mean its state: "the
// German government", "Iranian authorities", "the Saudi delegation".
const StateNouns = `government administration authorities officials official regime leadership state side delegation`

// MoreTitles are title words the name finder's list lacks, which the
// analyser and lookups read as titles too.
const MoreTitles = `secretary-general under-secretary vice-president deputy-minister monsignor monsenor msgr. reverend rev. father patriarch
attorney ceo cfo coo founder co-founder chairperson executive professor emeritus undersecretary`

func init() {
	for _, line := range strings.Split(CountryTable, "\n") {
		addCountry(strings.Split(line, "|"))
	}
	for k, v := range map[string]string{
		"america": "united states", "britain": "united kingdom", "uk": "united kingdom",
		"great britain": "united kingdom", "england": "united kingdom", "holland": "netherlands",
		"the united states": "united states", "the netherlands": "netherlands", "europe": "european union",
		"islamic republic": "iran",
	} {
		Countries[k] = v
	}
}

// addCountry reads one line of CountryTable: name, adjectives, capitals.
// The first country to claim a word keeps it.
func addCountry(parts []string) {
	country := strings.ReplaceAll(parts[0], "_", " ")
	Countries[country] = country
	if adj := strings.Split(parts[1], ",")[0]; adj != "" && !strings.Contains(adj, ".") {
		if _, set := adjectiveOf[country]; !set {
			adjectiveOf[country] = TitleCase(strings.ReplaceAll(adj, "_", " "))
		}
	}
	for pi, p := range parts[1:] {
		for _, w := range strings.Split(p, ",") {
			if w = strings.ReplaceAll(w, "_", " "); w != "" {
				if _, taken := Countries[w]; !taken {
					Countries[w] = country
				}
				if pi == 0 {
					Nationalities[w] = country
				}
			}
		}
	}
}

// CountryOf is the country a lower-case name, adjective or capital stands
// for, or "".
func CountryOf(lower string) string { return Countries[lower] }

// CountryAdjective is the usual adjective for a country named in lower
// case ("poland" → "Polish"), or "".
func CountryAdjective(country string) string { return adjectiveOf[country] }

// TitleCase capitalises each word of s and lower-cases the rest.
func TitleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
	}
	return strings.Join(words, " ")
}

// givenGender: "f" or "m" for the given names of the two lists.
var givenGender = func() map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(FemaleGivenNames) {
		m[w] = "f"
	}
	for _, w := range strings.Fields(MaleGivenNames) {
		m[w] = "m"
	}
	return m
}()

// GenderOf is "f" or "m" for a given name (folded) borne almost only by
// women or by men, else "".
func GenderOf(given string) string { return givenGender[given] }
