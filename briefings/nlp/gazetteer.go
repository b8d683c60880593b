package nlp

import (
	"strings"

	"github.com/briefbot/briefbot/lexicon"
)

// What the word lists say of one lower-case word, as bits.
const (
	gazPlace     = 1 << iota // a country, capital or region of one word
	gazPlacePart             // a word of a many-word place
	gazNation                // a nationality adjective
	gazOrg                   // an organisation's last word
	gazPlaceHead             // a landmark's or a place's last word
	gazTitle
	gazGiven
)

var gazetteer = buildGazetteer()

func buildGazetteer() map[string]uint8 {
	g := map[string]uint8{}
	add := func(words string, whole, part uint8) {
		for _, w := range strings.FieldsFunc(words, func(r rune) bool { return r == ' ' || r == '\n' || r == ',' }) {
			if !strings.Contains(w, "_") {
				g[w] |= whole
				continue
			}
			for _, p := range strings.Split(w, "_") {
				g[p] |= part
			}
		}
	}
	for _, line := range strings.Split(lexicon.CountryTable, "\n") {
		parts := strings.Split(line, "|")
		for i, p := range parts {
			if i == 1 {
				add(p, gazNation, gazNation)
			} else {
				add(p, gazPlace, gazPlacePart)
			}
		}
	}
	add(lexicon.CityNames, gazPlace, gazPlacePart)
	add(lexicon.RegionNames, gazPlace, gazPlacePart)
	add(lexicon.OrgHeadWords, gazOrg, 0)
	add(lexicon.PlaceWords+" "+lexicon.PlaceHeadWords, gazPlaceHead, 0)
	add(lexicon.TitleWords, gazTitle, 0)
	add(lexicon.GivenNames, gazGiven, 0)
	return g
}

// gazClass is the word lists' verdict on a word, as a feature value.
func gazClass(lower string) string {
	return string(rune('A' + gazetteer[lower]))
}
