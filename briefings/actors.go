package briefings

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/lexicon"
)

type mentionKind uint8

const (
	byName mentionKind = iota
	byDescription
	byPronoun
	byGroup
)

type synRole uint8

const (
	roleObject synRole = iota
	roleSubject
	rolePossessor
	rolePrepObject
)

// mention is a stretch of a sentence that refers to an actor.
type mention struct {
	actor      int   // index into analyzer.actors; -1 when unresolved
	members    []int // for group mentions ("the two leaders")
	start, end int   // token indexes, end exclusive
	kind       mentionKind
	role       synRole
	pronoun    string
}

// actorRec is an actor while the analysis runs.
type actorRec struct {
	Actor
	key      string // folded canonical name
	folded   string // fold(Name)
	given    string
	surname  string
	gender   string
	titles   []string
	aliasSet map[string]bool
	lastSeen int // sentence of the latest mention
}

func (a *actorRec) addAlias(s string) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, a.Name) {
		return
	}
	if a.aliasSet == nil {
		a.aliasSet = map[string]bool{}
	}
	k := fold(s)
	if !a.aliasSet[k] {
		a.aliasSet[k] = true
		a.Aliases = append(a.Aliases, s)
	}
}

func (a *actorRec) hasLeaderTitle() bool {
	for _, t := range a.titles {
		if leaderTitles[t] {
			return true
		}
	}
	return false
}

func (a *actorRec) hasTitle(t string) bool {
	if t == "leader" {
		return a.hasLeaderTitle()
	}
	for _, have := range a.titles {
		if have == t || strings.HasSuffix(have, " "+t) && !lesserTitle(have) || strings.HasPrefix(have, t+" ") {
			return true
		}
	}
	return false
}

// lesserTitle: a title below or after the post it names: "vice president"
// is not "the president", "former minister" not "the minister".
func lesserTitle(title string) bool {
	for _, p := range []string{"vice ", "vice-", "deputy ", "former ", "ex-", "assistant ", "under "} {
		if strings.HasPrefix(title, p) {
			return true
		}
	}
	return false
}

// isNameToken: capitalised, or a name particle joined to a capital ("al-Assad").
func isNameToken(t token) bool {
	if t.kind != word || t.lower == "'s" || t.lower == "i" || strings.HasPrefix(t.lower, "i'") || strings.HasPrefix(t.lower, "i’") {
		return false // "I'm Mario": the pronoun opens no name
	}
	if t.cap {
		return true
	}
	if i := strings.IndexByte(t.text, '-'); i > 0 && i+1 < len(t.text) {
		switch t.lower[:i] {
		case "al", "el", "ul", "bin", "ibn", "abu", "de", "van", "von":
			return unicode.IsUpper(rune(t.text[i+1]))
		}
	}
	return false
}

var nameParticles = set(`al bin ibn abu de del della van von der den da di du la le dos das ter`)

// run is a maximal stretch of capitalised words.
type run struct{ start, end int }

// particlesThenName: name particles from token i, then a capitalised word
// ("von der Leyen", "de la Cruz"); it returns where the name word is, or -1.
func particlesThenName(toks []token, i int) int {
	j := i
	for j < len(toks) && j-i < 3 && toks[j].kind == word && nameParticles[toks[j].lower] && !toks[j].cap {
		j++
	}
	if j > i && j < len(toks) && isNameToken(toks[j]) {
		return j
	}
	return -1
}

func capRuns(toks []token) []run {
	var out []run
	i := 0
	for i < len(toks) {
		if !isNameToken(toks[i]) && particlesThenName(toks, i) < 0 {
			i++
			continue
		}
		j := i + 1
		if k := particlesThenName(toks, i); k >= 0 {
			j = k + 1
		}
		for n := nameStep(toks, i, j); n > 0; n = nameStep(toks, i, j) {
			j += n
		}
		out = append(out, run{i, j})
		i = j
	}
	return out
}

// nameStep is how many tokens from j carry on the name run that began at
// i: a name word, particles before one, a possessive inside a name, or a
// joining word between name words; 0 where the run ends.
func nameStep(toks []token, i, j int) int {
	if j >= len(toks) {
		return 0
	}
	if isNameToken(toks[j]) || possessiveInName(toks, j) {
		return 1
	}
	if k := particlesThenName(toks, j); k >= 0 {
		return k + 1 - j
	}
	if j+1 < len(toks) && toks[j].kind == word && isNameToken(toks[j+1]) && joinsName(toks, i, j) {
		return 2
	}
	return 0
}

// joinsName: the lower-case word at j joins two parts of one name: "Bank
// of England", "Leonardo da Vinci", "Organization for Security and
// Co-operation in Europe", "Special Representative for Iran Brian Hook",
// "Ambassador to Germany X"; but "President X of Iran" is X.
func joinsName(toks []token, i, j int) bool {
	w, prev, next := toks[j].lower, toks[j-1].lower, toks[j+1].lower
	switch {
	case nameParticles[w], officeAnd(toks[i:j], w, next), orgConnector(toks[i:j], w, next):
		return true
	case w == "of":
		return orgHeads[prev] || titleWords[prev]
	case w == "for" || w == "to":
		return titleWords[prev]
	}
	return false
}

// inOffice: the words before are a title and the start of its office:
// "minister of", "secretary of state for health".
func inOffice(lows []string) bool {
	for k := 1; k < len(lows); k++ {
		if (lows[k] == "of" || lows[k] == "for") && isTitleToken(lows[k-1]) {
			return true
		}
	}
	return false
}

// officeAnd: "and" joins two portfolios of one office ("Minister of Trade
// and Industry"), not two people or bodies.
func officeAnd(run []token, w, next string) bool {
	if w != "and" || !officeWords[next] {
		return false
	}
	lows := make([]string, len(run))
	for k, t := range run {
		lows[k] = t.lower
	}
	return inOffice(lows)
}

// possessiveInName: the possessive at j is part of a body's name, as in
// "the People's Liberation Army" or "the Kurdistan Workers' Party": it
// follows a collective noun and the capitalised words after it end in an
// organisation's head word. "Russia's Foreign Ministry" stays Russia's.
func possessiveInName(toks []token, j int) bool {
	if j == 0 || j+1 >= len(toks) || !collectiveNouns[toks[j-1].lower] || !toks[j-1].cap {
		return false
	}
	if t := toks[j].text; t != "'s" && t != "’s" && t != "'" && t != "’" {
		return false
	}
	for k := j + 1; k < len(toks) && k <= j+4 && isNameToken(toks[k]); k++ {
		if orgHeads[toks[k].lower] {
			return true
		}
	}
	return false
}

// orgConnector: a small word inside an organisation's name. "and" joins only
// when the name is still going ("… Security and Co-operation"), not after a
// complete one ("the United Nations and Russia").
func orgConnector(run []token, w, next string) bool {
	hasOrg := false
	for _, t := range run {
		if orgHeads[t.lower] {
			hasOrg = true
		}
	}
	if !hasOrg {
		return false
	}
	switch w {
	case "for", "on", "in":
		// "in May", "on Monday" say when, and are no part of the name (months holds the weekdays too).
		return (countryOf(next) == "" || next == "europe" || next == "africa" || next == "asia") && !months[next]
	case "and":
		return !orgHeads[run[len(run)-1].lower] && countryOf(next) == "" && !isTitleToken(next)
	}
	return false
}

// entity is what a capitalised run turned out to be.
type entity struct {
	kind     string
	name     string
	role     string
	country  string
	gender   string
	titles   []string
	start    int  // first token of the name (after titles)
	ofBody   bool // the run opens with the body the person works for
	descOnly bool
}

func countryOf(lower string) string {
	if c, ok := countries[lower]; ok {
		return c
	}
	return ""
}

func isTitleToken(l string) bool { return titleWords[l] }

// classify decides what a run of capitalised tokens names.
func classify(toks []token, nextLower string) (entity, bool) {
	lows := make([]string, len(toks))
	for i, t := range toks {
		lows[i] = t.lower
	}
	if ent, ok := wholePlace(toks, strings.Join(lows, " ")); ok {
		return ent, true
	}
	nameStart := nameStartOf(lows)
	if ent, ok := personRun(toks, lows, nameStart); ok {
		return ent, true
	}
	return bodyOrPlace(toks, lows, nameStart, nextLower)
}

// wholePlace classifies a run that is, as a whole, a seat of government,
// the EU, a country, a region or city, or a people ("Ukrainians").
func wholePlace(toks []token, full string) (entity, bool) {
	if c, ok := seats[full]; ok {
		return entity{kind: Organization, name: joinText(toks), country: c}, true
	}
	if full == "european union" {
		return entity{kind: Organization, name: joinText(toks)}, true
	}
	if full == "eu" || full == "e.u." {
		// one body however it is written, so "EU climate commissioner X"
		// after "the European Union" adds no second union
		return entity{kind: Organization, name: "European Union"}, true
	}
	if c := countryOf(full); c != "" && (len(toks) > 1 || !isAdjectiveOnly(full)) {
		return entity{kind: Place, name: placeName(full, toks), country: c}, true
	}
	if regions[full] || cities[full] {
		return entity{kind: Place, name: joinText(toks)}, true
	}
	// Plural nationalities are groups: "Europeans", "Ukrainians".
	if len(toks) == 1 && strings.HasSuffix(full, "s") {
		if c := countryOf(strings.TrimSuffix(full, "s")); c != "" && isAdjectiveOnly(strings.TrimSuffix(full, "s")) {
			return entity{kind: Group, name: toks[0].text, country: c}, true
		}
	}
	return entity{}, false
}

// nameStartOf is where the name after any titles and nationalities
// begins: the run's last words that are none of those.
func nameStartOf(lows []string) int {
	nameStart := len(lows)
	last := len(lows) - 1
	if last >= 1 && nameSuffixes[lows[last]] {
		// "Martin Luther King Jr.": the word before a suffix is a surname,
		// whatever else it may be.
		nameStart, last = last-1, last-2
	}
	for k := last; k >= 0 && !endsNameAt(lows, k); k-- {
		nameStart = k
	}
	if nameStart == 1 && len(lows) > 1 && placeGivenNames[lows[0]] {
		return 0 // "Jordan Ellis", "Israel Katz": a given name that is also a place
	}
	if n := len(lows); nameStart == n && placeSurname(lows, n-1) {
		return n - 2 // "Valeska Paris": a surname that is also a place, after a word that is only a name
	}
	return nameStart
}

// endsNameAt: word k, read from the end of a run, is no part of the name:
// a title, a country or place, an organisation's head word, a month, an
// office ("United States Donald Trump", "New Jersey governor").
func endsNameAt(lows []string, k int) bool {
	l := lows[k]
	if isTitleToken(l) || countryOf(l) != "" || orgHeads[l] || months[l] || commonCapitalized[l] || seats[l] != "" {
		return true
	}
	if regions[l] || regionAdjectives[l] || officeWords[l] && inOffice(lows[:k]) {
		return true
	}
	return k > 0 && (countryOf(lows[k-1]+" "+l) != "" || regions[lows[k-1]+" "+l])
}

// placeGivenNames are places that are also given names.
var placeGivenNames = set(`jordan georgia chad israel india victoria florence sydney austin paris lincoln madison savannah`)

// beforeName is what the words before a name say of the person: the
// country, the gender of an honorific, the titles.
func beforeName(lows []string) (country, gender string, titles []string) {
	for _, l := range lows {
		if c := countryOf(l); c != "" && country == "" {
			country = c
		}
		if c, ok := seats[l]; ok && country == "" {
			country = c
		}
		if isTitleToken(l) {
			titles = append(titles, strings.TrimSuffix(l, "."))
		}
		if maleTitles[l] {
			gender = "m"
		} else if femaleTitles[l] {
			gender = "f"
		}
	}
	return country, gender, titles
}

// personRun classifies a run that names a person, or a post only ("the
// Secretary of Transportation").
func personRun(toks []token, lows []string, nameStart int) (entity, bool) {
	country, gender, titles := beforeName(lows[:nameStart])
	roleToks, nameToks := toks[:nameStart], toks[nameStart:]
	hasTitle := len(titles) > 0
	if hasTitle && nameStart > 0 && (lows[nameStart-1] == "of" || lows[nameStart-1] == "for") {
		// "Secretary of Transportation", "High Commissioner for Human
		// Rights": what follows the title's "of" is its office, not a name.
		return entity{kind: Person, role: joinText(toks), country: country, titles: compoundTitles(lows), descOnly: true}, true
	}
	if len(nameToks) > 0 && !nonPersonRun(lows[nameStart:]) && !headWordOnly(lows[nameStart:]) && namesAPerson(lows, nameStart, hasTitle) {
		return entity{kind: Person, name: joinText(nameToks), role: roleText(roleToks), country: country, gender: gender, titles: compoundTitles(lows[:nameStart]), start: nameStart}, true
	}
	if nameStart > 0 && orgHeads[lows[nameStart-1]] && len(nameToks) >= 2 && len(nameToks) <= 3 && plausibleName(lows[nameStart:]) && !hasConnector(lows[:nameStart]) {
		// "Amnesty International Man-kei Tam": the body, then its person.
		return entity{kind: Person, name: joinText(nameToks), role: joinText(roleToks), country: country, start: nameStart, ofBody: true}, true
	}
	if len(nameToks) == 0 && hasTitle && allTitleOrNation(lows) {
		return entity{kind: Person, role: joinText(toks), country: country, titles: compoundTitles(lows), descOnly: true}, true
	}
	return entity{}, false
}

// namesAPerson: the words from nameStart are a person's name, by the title
// just before them, the titles and nationalities before them, or (with
// nothing before) a plausible name of two words or more.
func namesAPerson(lows []string, nameStart int, hasTitle bool) bool {
	before := lows[:nameStart]
	if nameStart == 0 {
		return len(lows) >= 2 && plausibleName(lows)
	}
	last := before[nameStart-1]
	titled := isTitleToken(last) && !orgHeads[last] ||
		officeWords[last] && inOffice(before) // "… Secretary for Foreign and Diaspora Affairs X"
	return titled || hasTitle && allTitleOrNation(before)
}

// bodyOrPlace classifies what is not a person by its head words: an event
// (nothing), a place, an organisation, an acronym; a plausible name last.
func bodyOrPlace(toks []token, lows []string, nameStart int, nextLower string) (entity, bool) {
	country, _, _ := beforeName(lows[:nameStart])
	last := lows[len(lows)-1]
	switch {
	case eventWords[last]:
		return entity{}, false
	case placeHeads[last] && len(lows) > 1 || placeWords[lows[0]] && !orgHeads[lows[0]]:
		return entity{kind: Place, name: joinText(toks), country: country}, true
	case slices.ContainsFunc(lows, func(l string) bool { return orgHeads[l] }):
		return entity{kind: Organization, name: joinText(toks), country: country}, true
	case nonPersonRun(lows):
		return entity{}, false
	}
	if len(toks) == 1 {
		t := toks[0].text
		if len(t) >= 2 && len(t) <= 6 && strings.ToUpper(t) == t && !strings.Contains(t, ".") {
			return entity{kind: Organization, name: t}, true
		}
		if placeHeads[nextLower] && !isAdjectiveOnly(toks[0].lower) {
			return entity{kind: Place, name: t}, true
		}
	}
	if len(toks)-nameStart >= 2 && plausibleName(lows[nameStart:]) {
		return entity{kind: Person, name: joinText(toks[nameStart:]), role: roleText(toks[:nameStart]), country: country, titles: compoundTitles(lows[:nameStart]), start: nameStart}, true
	}
	return entity{}, false
}

// hasConnector: the words hold an "of", "on", "for" or "and", as a body's
// long name does ("Commission on International Religious Freedom"), where a
// person's employer named before them rarely does.
func hasConnector(lows []string) bool {
	for _, l := range lows {
		switch l {
		case "of", "on", "for", "and":
			return true
		}
	}
	return false
}

// isAdjectiveOnly: a nationality ("French"), not a country or a capital.
func isAdjectiveOnly(l string) bool {
	c, ok := nationalities[l]
	return ok && c != l && l != "us" && l != "uk"
}

func placeName(full string, toks []token) string {
	c := countries[full]
	if _, adj := nationalities[full]; adj && c != full || full == "america" || full == "britain" {
		if c == "united states" {
			return "United States"
		}
		return titleCase(c)
	}
	return joinText(toks)
}

func allTitleOrNation(lows []string) bool {
	for _, l := range lows {
		if !isTitleToken(l) && countryOf(l) == "" && seats[l] == "" && l != "of" && !nameParticles[l] {
			return false
		}
	}
	return true
}

// eventOpeners start the names of operations and campaigns: "Operation X".
var eventOpeners = set(`operation exercise battle siege campaign cyclone hurricane typhoon storm tropical`)

// nonPersonRun: names of events, documents, prizes and buildings, which end
// in an event word ("Paris Agreement") or start or end in a place word
// ("Camp David", "Union Square"). A first name such as "Bill" inside a run
// does not count.
func nonPersonRun(lows []string) bool {
	if len(lows) == 0 {
		return false
	}
	first, last := lows[0], lows[len(lows)-1]
	return eventWords[last] || placeWords[first] || placeWords[last] || eventOpeners[first]
}

// plausibleName rejects runs of ordinary capitalised words.
func plausibleName(lows []string) bool {
	if nonPersonRun(lows) {
		return false
	}
	if n := len(lows); n >= 3 && nameSuffixes[lows[n-1]] {
		lows = lows[:n-2] // "… King Jr.": a surname before a suffix may be any word
	}
	for i, l := range lows {
		if i == 0 && len(lows) > 1 && placeGivenNames[l] || placeSurname(lows, i) {
			continue
		}
		if countryOf(l) != "" || orgHeads[l] || months[l] || titleWords[l] || commonCapitalized[l] || regions[l] || regionAdjectives[l] || placeHeads[l] {
			return false
		}
	}
	return true
}

// headWordOnly: the name is one word that heads places' or bodies' names:
// "Grand Mosque" is no Mosque styled Grand.
func headWordOnly(lows []string) bool {
	return len(lows) == 1 && (placeHeads[lows[0]] || orgHeads[lows[0]])
}

// placeSurname: the last word, i, is a place after a word that is only a
// name, so a surname: "Valeska Paris".
func placeSurname(lows []string, i int) bool {
	c := countryOf(lows[i])
	return i >= 1 && i == len(lows)-1 && c != "" && c != lows[i] && nameOnly(lows[i-1])
}

// nameOnly: l is used only as a name: no word of the language, title,
// place or body.
func nameOnly(l string) bool {
	m, err := nlp.Default()
	return err == nil && !m.CommonWord(l) && !endsNameAt([]string{l}, 0) && !nameParticles[l] && !eventWords[l]
}

// ordinaryPhrase: every word of a name is one the language uses in lower case too,
// and the first is no given name: a capitalised phrase ("Term Limits",
// "Moon Rocks", "Magic Circle"), not a person ("Mark Little" has a given
// name; "Condoleezza Rice" a word used only as a name).
func ordinaryPhrase(words []string) bool {
	lows := make([]string, len(words))
	for i, w := range words {
		lows[i] = fold(w)
	}
	m, err := nlp.Default()
	if err != nil || givenNames[lows[0]] {
		return false
	}
	for _, l := range lows {
		if !m.CommonWord(l) {
			return false
		}
	}
	return true
}

var givenNames = set(lexicon.GivenNames + " " + lexicon.FemaleGivenNames + " " + lexicon.MaleGivenNames)

// compoundTitles turns "french prime minister" into ["prime minister", "minister"...].
func compoundTitles(lows []string) []string {
	var words []string
	for _, l := range lows {
		if countryOf(l) == "" && seats[l] == "" {
			l = strings.TrimSuffix(l, ".")
			if full, ok := titleAbbreviations[l]; ok {
				l = full // "Gen. X" is "the general" later
			}
			words = append(words, l)
		}
	}
	if len(words) == 0 {
		return nil
	}
	out := []string{strings.Join(words, " ")}
	if n := len(words); n > 1 {
		// "Foreign Minister" is a minister; a vice president no president.
		if !lesserTitle(words[n-2] + " ") {
			out = append(out, words[n-1])
		}
		if n > 2 {
			out = append(out, strings.Join(words[n-2:], " "))
		}
	}
	return out
}

// joinText writes tokens as the text has them: with a space where it has
// one ("Workers' Party", "People's").
func joinText(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// roleText is the title before a name, without honorifics ("Sir", "Mr")
// or a date in front ("This Wednesday Greek Foreign Minister X").
func roleText(toks []token) string {
	for len(toks) > 0 && honorifics[toks[len(toks)-1].lower] {
		toks = toks[:len(toks)-1]
	}
	for len(toks) > 0 && months[toks[0].lower] {
		toks = toks[1:]
	}
	return strings.TrimSpace(joinText(toks))
}

// honorifics are titles that say nothing of a post.
var honorifics = set(`sir dame lord lady mr mr. mrs mrs. ms ms. dr dr. monsignor monsenor msgr. reverend rev. father`)

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// registry holds the actors of one report.
type registry struct {
	actors []*actorRec
	// byHead indexes bodies by their name without a leading country, and
	// by its first word when that word heads a body ("house" of "United
	// States House of Representatives"), for the short forms reports use.
	byHead map[string]int
	byKey  map[string]int
	people []int // indexes of persons, in order of first appearance
	// byWord indexes persons by the folded words their names match on (full
	// name, surname with and without particle, given name), so a look-up
	// reads a few candidates rather than every person: analysis stays
	// linear in the number of names. Entries are only added; a candidate
	// is checked against the person's current name.
	byWord map[string][]int
	byBase map[string]int // organisations by orgBase
}

func newRegistry() *registry {
	return &registry{byKey: map[string]int{}, byWord: map[string][]int{}, byBase: map[string]int{}, byHead: map[string]int{}}
}

// withoutCountry is a folded body's name less a country written before it:
// "united states house of representatives" → "house of representatives".
func withoutCountry(f string) string {
	words := strings.Fields(f)
	for n := min(3, len(words)-1); n >= 1; n-- {
		if countryOf(strings.Join(words[:n], " ")) != "" {
			return strings.Join(words[n:], " ")
		}
	}
	return f
}

// indexBody records body i under its short forms (see byHead).
func (r *registry) indexBody(name string, i int) {
	f := fold(name)
	rest := withoutCountry(f)
	words := strings.Fields(rest)
	if len(words) < 2 && (rest == f || !orgHeads[rest]) {
		return // a one-word name is its own short form, unless a country came before it ("United States Embassy")
	}
	if _, ok := r.byHead[rest]; !ok {
		r.byHead[rest] = i
	}
	if first := words[0]; orgHeads[first] {
		if _, ok := r.byHead[first]; !ok {
			r.byHead[first] = i
		}
	}
}

// shortForm is the body a name is a short form of: "House of
// Representatives" or "House" after "the United States House of
// Representatives"; or -1.
func (r *registry) shortForm(name string) int {
	f := fold(name)
	if i, ok := r.byHead[f]; ok {
		return i
	}
	if rest := withoutCountry(f); rest != f {
		if i, ok := r.byHead[rest]; ok {
			return i
		}
	}
	return -1
}

// orgBase is an organisation's name without the country it belongs to
// ("Parliament of Iraq" → "parliament", Iraq), so the body is one actor
// however the report names it; other names stay whole.
func orgBase(e entity) (string, string) {
	f := fold(e.name)
	if head, of, ok := strings.Cut(f, " of "); ok {
		if c := countryOf(of); c != "" && !strings.Contains(head, " ") {
			return head, c
		}
		return f, e.country
	}
	if !strings.Contains(f, " ") && orgHeads[f] {
		return f, e.country
	}
	return "=" + f, e.country // never meets a base
}

// indexPerson adds a person's current name forms to byWord.
func (r *registry) indexPerson(i int) {
	a := r.actors[i]
	for _, k := range []string{"=" + a.folded, "s" + a.surname, "s" + fold(stripParticle(a.surname)), "g" + a.given} {
		ids := r.byWord[k]
		if n := len(ids); n == 0 || ids[n-1] != i {
			r.byWord[k] = append(ids, i)
		}
	}
}

// candidates are the persons whose name forms meet any of keys, in order of
// first appearance.
func (r *registry) candidates(keys ...string) []int {
	var out []int
	for _, k := range keys {
		out = append(out, r.byWord[k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (r *registry) add(e entity, sentence int) int {
	key := e.kind + ":" + fold(e.name)
	if e.kind == Person {
		key = Person + ":" + fold(e.name)
		// "Zelenskiy" after "Volodymyr Zelenskiy": the same person.
		if i := r.personByName(e.name); i >= 0 {
			r.enrich(i, e)
			return i
		}
	}
	if i, ok := r.byKey[key]; ok {
		r.enrich(i, e)
		return i
	}
	base, country := orgBase(e)
	if e.kind == Organization {
		if i := r.shortForm(e.name); i >= 0 {
			r.actors[i].addAlias(e.name)
			r.byKey[key] = i
			return i
		}
		if i, ok := r.byBase[base]; ok && (country == "" || r.actors[i].Country == "" || r.actors[i].Country == country) {
			// "Parliament of Iraq" after "Iraqi Parliament" or "Parliament": one body.
			r.actors[i].addAlias(e.name)
			if r.actors[i].Country == "" {
				r.actors[i].Country = country
			}
			r.byKey[key] = i
			return i
		}
	}
	a := &actorRec{Actor: Actor{Name: e.name, Kind: e.kind, Role: e.role, Country: e.country}, key: key, folded: fold(e.name), gender: e.gender, titles: e.titles, lastSeen: -1}
	if e.kind == Person {
		parts := strings.Fields(e.name)
		a.given = fold(parts[0])
		a.surname = fold(parts[len(parts)-1])
		a.genderFromName(len(parts))
		if len(parts) > 1 {
			a.addAlias(familyName(parts))
			a.addAlias(parts[len(parts)-1])
			if s := stripParticle(parts[len(parts)-1]); s != parts[len(parts)-1] {
				a.addAlias(s)
			}
		}
		r.people = append(r.people, len(r.actors))
	}
	r.byKey[key] = len(r.actors)
	if e.kind == Organization {
		r.byBase[base] = len(r.actors)
		r.indexBody(e.name, len(r.actors))
	}
	r.actors = append(r.actors, a)
	if e.kind == Person {
		r.indexPerson(len(r.actors) - 1)
	}
	return len(r.actors) - 1
}

func (r *registry) enrich(i int, e entity) {
	a := r.actors[i]
	if e.role != "" && (a.Role == "" || a.Country == "" && e.country != "") {
		a.Role = e.role
	}
	if a.Country == "" {
		a.Country = e.country
	}
	if a.gender == "" {
		a.gender = e.gender
	}
	a.titles = append(a.titles, e.titles...)
	if e.kind == Person && len(strings.Fields(e.name)) > len(strings.Fields(a.Name)) {
		a.addAlias(a.Name)
		a.Name = e.name
		a.folded = fold(e.name)
		parts := strings.Fields(e.name)
		a.given = fold(parts[0])
		a.surname = fold(parts[len(parts)-1])
		a.genderFromName(len(parts))
		r.indexPerson(i)
	}
}

// genderFromName: a full name whose given name is borne almost only by
// women or by men tells "he" and "she" apart; a title said so first.
func (a *actorRec) genderFromName(words int) {
	if a.gender == "" && words > 1 {
		a.gender = lexicon.GenderOf(a.given)
	}
}

// familyName is the name's last word with the lower-case particles before
// it: "van der Berg" of "Karin van der Berg", "bin Hamad".
func familyName(parts []string) string {
	i := len(parts) - 1
	for i > 1 && nameParticles[parts[i-1]] {
		i--
	}
	return strings.Join(parts[i:], " ")
}

func stripParticle(s string) string {
	if i := strings.IndexByte(s, '-'); i > 0 && nameParticles[strings.ToLower(s[:i])] {
		return s[i+1:]
	}
	return s
}

// personByName finds a person by full name, surname or given name.
func (r *registry) personByName(name string) int {
	f := fold(name)
	parts := strings.Fields(f)
	if len(parts) == 0 {
		return -1
	}
	last := parts[len(parts)-1]
	if i := r.bySurname(f, parts, last); i >= 0 || len(parts) > 1 {
		return i
	}
	// Only a lone word no surname matched may be a given name: "Lin" for
	// "Lin Qiao", where the family name comes first.
	best := -1
	for _, i := range r.candidates("g" + last) {
		if a := r.actors[i]; a.given == last && len(strings.Fields(a.folded)) > 1 && (best < 0 || a.lastSeen > r.actors[best].lastSeen) {
			best = i
		}
	}
	return best
}

func (r *registry) bySurname(f string, parts []string, last string) int {
	best := -1
	for _, i := range r.candidates("="+f, "="+last, "s"+last) {
		a := r.actors[i]
		af := a.folded
		switch {
		case af == f:
			return i
		case len(parts) == 1 && (a.surname == last || fold(stripParticle(a.surname)) == last || strings.HasSuffix(af, " "+f)):
			if best < 0 || r.actors[best].lastSeen < a.lastSeen {
				best = i
			}
		case len(parts) > 1 && len(strings.Fields(af)) == 1 && last == af:
			best = i
		case len(parts) > 1 && strings.HasSuffix(af, " "+f):
			best = i
		case len(parts) > 1 && a.given == parts[0] && a.surname == last:
			best = i // "John Bolton" for John R. Bolton: a middle name or initial left out, or added
		}
	}
	return best
}

// describe resolves "the French leader", "Ukraine's leader", "the president".
func (r *registry) describe(country, title string, sentence int) int {
	if country == "" {
		return r.lastSeenPerson(func(a *actorRec) bool { return a.hasTitle(title) })
	}
	if i := r.mostMentioned(func(a *actorRec) bool { return a.Country == country && a.hasTitle(title) }); i >= 0 {
		return i
	}
	// "the Greek foreign minister" before the report names him: the
	// person it names later with that title, rather than a guess among
	// those named so far.
	for _, i := range r.people {
		if a := r.actors[i]; a.lastSeen < 0 && a.Country == country && a.hasTitle(title) {
			return i
		}
	}
	// Then someone of that country without a title, someone of no country
	// with the title, someone of neither: the description gives them what
	// they lacked.
	steps := []func(a *actorRec) bool{
		func(a *actorRec) bool { return a.Country == country && len(a.titles) == 0 },
		func(a *actorRec) bool { return a.Country == "" && a.hasTitle(title) },
		func(a *actorRec) bool { return a.Country == "" && len(a.titles) == 0 },
	}
	for n, ok := range steps {
		if i := r.mostMentioned(ok); i >= 0 {
			r.actors[i].describedAs(country, title, n == len(steps)-1)
			return i
		}
	}
	return -1
}

// mostMentioned is the person seen so far who passes ok with the most
// mentions (the latest seen among equals), or -1.
func (r *registry) mostMentioned(ok func(a *actorRec) bool) int {
	best := -1
	for _, i := range r.people {
		a := r.actors[i]
		if a.lastSeen < 0 || !ok(a) {
			continue
		}
		if best < 0 || a.Mentions > r.actors[best].Mentions || a.Mentions == r.actors[best].Mentions && a.lastSeen > r.actors[best].lastSeen {
			best = i
		}
	}
	return best
}

// mostMentionedAnywhere is the actor passing ok with the most mentions in
// the whole report (the first registered among equals), or -1.
func (r *registry) mostMentionedAnywhere(ok func(a *actorRec) bool) int {
	best := -1
	for i, a := range r.actors {
		if ok(a) && (best < 0 || a.Mentions > r.actors[best].Mentions) {
			best = i
		}
	}
	return best
}

// lastSeenPerson is the person seen last who passes ok, or -1.
func (r *registry) lastSeenPerson(ok func(a *actorRec) bool) int {
	best := -1
	for _, i := range r.people {
		a := r.actors[i]
		if a.lastSeen >= 0 && ok(a) && (best < 0 || a.lastSeen > r.actors[best].lastSeen) {
			best = i
		}
	}
	return best
}

// describedAs gives a the country of a description ("the Greek foreign
// minister"), and its title where a has no role or anything of its own.
func (a *actorRec) describedAs(country, title string, untitled bool) {
	a.Country = country
	adj := lexicon.CountryAdjective(country)
	switch {
	case a.Role == "" || untitled:
		a.Role = strings.TrimSpace(adj + " " + title)
		a.titles = append(a.titles, title)
	case !strings.Contains(strings.ToLower(a.Role), strings.ToLower(adj)):
		a.Role = strings.TrimSpace(adj + " " + a.Role)
	}
}

// finish turns records into actors with ids, aliases and mention counts.
func (r *registry) finish() []Actor {
	out := make([]Actor, 0, len(r.actors))
	used := map[string]int{}
	for _, a := range r.actors {
		if a.Mentions == 0 {
			continue
		}
		if a.Kind == Person {
			addGeneratedAliases(a)
		}
		if a.Kind == Organization && hasOrgHead(a.Name) {
			if ac := acronym(a.Name); ac != "" {
				a.addAlias(ac) // "OSCE", "UN", "AU"
			}
		}
		id := slug(a.Name)
		if id == "" {
			id = "actor"
		}
		if n := used[id]; n > 0 {
			used[id]++
			id = id + "-" + string(rune('1'+n))
		} else {
			used[id] = 1
		}
		a.ID = id
		if a.Aliases == nil {
			a.Aliases = []string{}
		}
		out = append(out, a.Actor)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return kindRank(out[i].Kind) < kindRank(out[j].Kind)
		}
		return out[i].Mentions > out[j].Mentions
	})
	return out
}

// outlet: actor k is a newspaper, broadcaster or news agency, by the last
// word of its name.
func (r *registry) outlet(k int) bool {
	a := r.actors[k]
	words := strings.Fields(fold(a.Name))
	return a.Kind == Organization && len(words) > 0 && outletHeads[words[len(words)-1]]
}

func kindRank(k string) int {
	switch k {
	case Person:
		return 0
	case Organization:
		return 1
	case Group:
		return 2
	}
	return 3
}

func hasOrgHead(name string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if orgHeads[w] {
			return true
		}
	}
	return false
}

// acronym is the initials of a name's capitalised words, when it has two or more.
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 2 || b.Len() == len(strings.ReplaceAll(name, " ", "")) {
		return ""
	}
	return b.String()
}

// addGeneratedAliases adds the descriptions a reader might use for a person
// with a known country and title: "the French leader", "France's president".
func addGeneratedAliases(a *actorRec) {
	if a.Country == "" {
		return
	}
	adj := lexicon.CountryAdjective(a.Country)
	country := titleCase(a.Country)
	if a.Country == "united states" {
		country = "U.S."
	}
	var titles []string
	seen := map[string]bool{}
	for _, t := range a.titles {
		if !seen[t] && descriptionNouns[t] {
			seen[t] = true
			titles = append(titles, t)
		}
	}
	if a.hasLeaderTitle() && !seen["leader"] {
		titles = append(titles, "leader")
	}
	for _, t := range titles {
		if adj != "" {
			a.addAlias("the " + adj + " " + t)
		}
		if a.Country != "united states" {
			if strings.HasSuffix(country, "s") {
				a.addAlias(country + "' " + t)
			} else {
				a.addAlias(country + "'s " + t)
			}
		}
	}
	for _, seat := range []string{"kremlin"} {
		if seats[seat] == a.Country && a.hasLeaderTitle() {
			a.addAlias("the " + titleCase(seat) + " leader")
		}
	}
}
