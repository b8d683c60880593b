package lexicon

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Erdoğan": "erdogan", "Zelenskyý": "zelenskyy", "Łukasz Müller": "lukasz muller",
		"Straße": "strasse", "Nguyễn": "nguyen", "it’s": "it's", "": "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCountries(t *testing.T) {
	for _, tt := range []struct{ word, country, adjective string }{
		{"french", "france", "French"},
		{"paris", "france", "French"},
		{"britain", "united kingdom", "British"},
		{"u.s.", "united states", "U.S."},
		{"kyiv", "ukraine", "Ukrainian"},
		{"atlantis", "", ""},
	} {
		if got := CountryOf(tt.word); got != tt.country {
			t.Errorf("CountryOf(%q) = %q, want %q", tt.word, got, tt.country)
		}
		if got := CountryAdjective(tt.country); got != tt.adjective {
			t.Errorf("CountryAdjective(%q) = %q, want %q", tt.country, got, tt.adjective)
		}
	}
	if Nationalities["french"] != "france" || Nationalities["paris"] != "" {
		t.Errorf("Nationalities holds adjectives only: french=%q paris=%q", Nationalities["french"], Nationalities["paris"])
	}
}

func TestGenderOf(t *testing.T) {
	for name, want := range map[string]string{"helena": "f", "angela": "f", "volodymyr": "m", "emmanuel": "m", "jean": "", "kim": "", "": ""} {
		if got := GenderOf(name); got != want {
			t.Errorf("GenderOf(%q) = %q, want %q", name, got, want)
		}
	}
}
