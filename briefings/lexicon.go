package briefings

import (
	"strings"

	"github.com/briefbot/briefbot/lexicon"
)

// General English and world knowledge the analyser leans on. Nothing here names
// a person: people are found in each report's own text.

// stateNouns follow a nationality or a country to mean its state: "the German
// government", "Iranian authorities".
var stateNouns = set(lexicon.StateNouns)

func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			out[w] = true
		}
	}
	return out
}

func set(words string) map[string]bool { return lexicon.Set(words) }

// The countries, nationalities and their adjectives come from the lexicon.
var (
	countries     = lexicon.Countries
	nationalities = lexicon.Nationalities
)

// seats of government stand for their country: "the Kremlin leader".
var seats = map[string]string{
	"kremlin": "russia", "white house": "united states", "elysee": "france", "élysée": "france",
	"downing street": "united kingdom", "pentagon": "united states", "zhongnanhai": "china",
	"chancellery": "germany", "quai d'orsay": "france", "state department": "united states",
}

// cities are well-known places whose names look like people's: two
// capitalised words.
var cities = set(lexicon.CityNames)

// regions are places that are not countries.
// The analyser's list adds, to the backbone's (which its models were
// trained with, so it stays as it is), the nations of the United Kingdom and
// the states and provinces of other federations.
var regions = set(lexicon.RegionNames + ` scotland wales ontario quebec alberta british_columbia manitoba saskatchewan
nova_scotia new_brunswick newfoundland yukon nunavut new_south_wales queensland tasmania western_australia
south_australia northern_territory bavaria saxony catalonia basque_country andalusia lombardy tuscany sicily
sardinia kurdistan punjab kerala bengal tamil_nadu xinjiang tibet siberia chechnya dagestan patagonia flanders
wallonia corsica brittany normandy`)

var regionAdjectives = set(lexicon.RegionAdjectives)

// stateSpeakers are who speak for a state without a name ("an Iranian
// official"; "a Palestinian state" is none: it is what is talked about).
var stateSpeakers = set(`official delegation spokesman spokeswoman spokesperson diplomat negotiator envoy`)

var placeHeads = set(lexicon.PlaceHeadWords + " museum mosque cathedral church temple monument basilica shrine synagogue")

// orgHeads mark a name as an organisation.
// "Deutsche Bahn", "Task Force", "Kataeb Hezbollah" (Arabic: brigades).
// kindNouns, just before a name, say it names a body: "the rights group
// X", "the broadcaster X".
var kindNouns = set(`group organisation organization company firm charity party movement coalition alliance agency
network union association foundation institute watchdog broadcaster newspaper militia faction consultancy
think-tank thinktank lobby nonprofit non-profit`)

// titleAbbreviations are the short forms of titles, so a later "the
// general" finds "Gen. X".
var titleAbbreviations = map[string]string{"gen": "general", "lt": "lieutenant", "col": "colonel", "capt": "captain",
	"sgt": "sergeant", "adm": "admiral", "sen": "senator", "rep": "representative", "gov": "governor", "prof": "professor",
	"dr": "doctor", "amb": "ambassador", "cmdr": "commander", "maj": "major", "brig": "brigadier", "supt": "superintendent"}

// nameSuffixes end a person's name: "Jr.", "III".
var nameSuffixes = set(`jr. jr sr. sr ii iii iv`)

// questionLabels mark a transcript's questions from the floor.
var questionLabels = set(`q question questioner reporter journalist audience`)

// collectiveNouns name the members a movement or party is named for, with
// a possessive: "People's", "Workers'".
var collectiveNouns = set(`people peoples workers women peasants farmers citizens soldiers veterans students nations martyrs toilers`)

// outletHeads end the names of newspapers, magazines and broadcasters.
var outletHeads = set(`news times post journal press telegraph herald weekly gazette tribune chronicle magazine
radio television tv insider wire`)

// Newspapers, magazines, colleges and laboratories end in their kind too.
var orgHeads = set(lexicon.OrgHeadWords + ` deutsche force brigade brigades battalion kataeb international house
magazine herald weekly gazette tribune chronicle academy college laboratory laboratories lab labs observatory
planetarium aviation studios wiki instituto istituto institut universidad universidade università université
universität banco partido partito`)

// eventWords name events, agreements, documents and prizes, never people.
var eventWords = set(`accord accords treaty agreement agreements prize award awards summit talks conference act plan
initiative declaration protocol charter convention war wars crisis forum day cup games olympics festival
memorandum pact deal doctrine programme program strategy report index law bill resolution process
round dialogue format framework peace fair expo exhibition tour tournament championship championships
paralympics jubilee carnival cavalcade`)

// placeWords name buildings and landmarks, never people.
// Arabic and Greek words that open a place's name: "Tell Tamer" (hill),
// "Ain Issa" (spring), "Ras", "Jebel", "Wadi", "Deir", "Kafr", "Masjid"
// (mosque), "Hagia Sophia" (holy).
var placeWords = set(lexicon.PlaceWords + " tell ain ras jebel jabal wadi deir kafr masjid hagia cape springs arena base complex facility st. saint santo santa")

// titles that come before a person's name.
// titleWords add, to the backbone's list (which its models were trained
// with, so it stays as it is), hyphenated and clerical titles.
var titleWords = set(lexicon.TitleWords + " " + lexicon.MoreTitles)

// officeWords name a minister's or secretary's portfolio: after "of" or
// "for" in a title they belong to the office, not to the name ("Minister of
// Trade and Industry Kari Haugen").
var officeWords = set(`trade industry agriculture transport transportation environment culture labour labor commerce
tourism fisheries infrastructure communications development housing employment welfare security planning science
technology innovation climate social care immigration affairs women youth sport sports digital finance economy health
education energy justice defence defense interior foreign state european relations cooperation co-operation food rural
water resources mines mining veterans family families children equality diaspora`)

// leaderTitles are the titles a description such as "the French leader" can mean.
var leaderTitles = set(`president president-elect prime_minister premier chancellor king queen emir sultan leader
supreme_leader head_of_state crown_prince`)

// descriptionNouns can follow a nationality to describe a person: "the Kenyan foreign minister".
var descriptionNouns = set(`leader president president-elect premier chancellor minister secretary king queen emir
sultan envoy ambassador prime_minister foreign_minister defence_minister defense_minister finance_minister
foreign_secretary secretary_of_state secretary-general head_of_state crown_prince monarch counterpart
archbishop bishop cardinal pope patriarch governor mayor senator judge prosecutor commissioner chairman chairwoman
spokesman spokeswoman spokesperson speaker general admiral colonel commander lieutenant captain prince princess
duke duchess sheikh emperor empress ayatollah`)

var maleTitles = set(`mr. mr king prince sir lord emir sultan spokesman chairman duke pope sheikh`)
var femaleTitles = set(`mrs. ms. mrs ms queen princess dame spokeswoman chairwoman duchess`)

// sourceNouns head the phrases reports use for unnamed sources.
var sourceNouns = set(`source sources official officials people person diplomat diplomats aide aides adviser advisers
advisor advisors insider insiders participant participants attendee attendees witness witnesses analyst analysts
spokesman spokeswoman spokesperson spokespeople representative representatives statement readout report reports
document documents memo briefing member members delegate delegates envoy negotiator negotiators ally allies
observer observers expert experts lawmaker lawmakers ministry office government administration team camp`)

// reportVerbs introduce who reported something.
var reportVerbs = set(lexicon.SpeechVerbs + " according")

// embedVerbs take a clause that belongs to their subject: what follows is the
// subject's claim, and other actors in it are only talked about.
var embedVerbs = lemmaSet(`say tell add state explain argue claim insist stress emphasize emphasise underscore underline
note warn acknowledge admit concede believe think feel fear hope expect suggest propose reiterate repeat announce
declare assert maintain contend agree deny confirm promise pledge vow predict recall complain caution assure reassure
reply respond remark conclude recognize recognise understand know worry doubt question signal indicate write tweet
post report tell allege accept urge`)

// positionVerbs are stances and acts worth reporting even without a clause.
var positionVerbs = lemmaSet(`want seek wish need try aim plan intend push press reject refuse oppose support back endorse
welcome praise criticize criticise condemn accuse blame call host offer threaten sign approve veto sanction order
decide choose use invite behave appear seem remain commit resist pursue promote defend advocate favor favour prefer
express voice outline present pitch lobby gear work help move demand ask request make lead chair announce insist
vow pledge promise propose suggest say tell argue believe fear hope expect acknowledge admit warn urge describe
dismiss downplay raise stress thank congratulate visit meet be have do`)

// neutralVerbs report logistics, not a stance.
var neutralVerbs = lemmaSet(`discuss talk meet sit arrive depart land travel fly return deal spend last begin end
hold take get go come live die bear`)

// auxiliaries and modal verbs.
var auxVerbs = set(`is are was were be been being am has have had having will would could can may might must shall
should did does do 's 've 'd 'll 're 'm won't can't don't didn't doesn't isn't wasn't weren't hasn't haven't
hadn't wouldn't couldn't shouldn't`)

var irregularPast = map[string]string{
	"said": "say", "told": "tell", "sought": "seek", "made": "make", "thought": "think", "felt": "feel",
	"held": "hold", "led": "lead", "left": "leave", "kept": "keep", "spoke": "speak", "wrote": "write",
	"won": "win", "lost": "lose", "became": "become", "began": "begin", "came": "come", "went": "go",
	"knew": "know", "brought": "bring", "built": "build", "sent": "send", "spent": "spend", "stood": "stand",
	"understood": "understand", "met": "meet", "saw": "see", "gave": "give", "took": "take", "got": "get",
	"dealt": "deal", "meant": "mean", "paid": "pay", "sat": "sit", "ran": "run", "rose": "rise", "fell": "fall",
	"drew": "draw", "chose": "choose", "flew": "fly", "threw": "throw", "withdrew": "withdraw", "struck": "strike",
	"broke": "break", "forgave": "forgive", "undertook": "undertake", "overtook": "overtake", "upheld": "uphold",
	"withheld": "withhold", "did": "do", "had": "have", "was": "be", "were": "be", "is": "be", "are": "be",
	"has": "have", "does": "do", "says": "say",
}

// lemmaSet returns a predicate matching every common inflection of the verbs.
func lemmaSet(words string) map[string]bool {
	m := set(words)
	for w := range set(words) {
		for _, f := range inflect(w) {
			m[f] = true
		}
	}
	for form, lemma := range irregularPast {
		if m[lemma] {
			m[form] = true
		}
	}
	return m
}

func inflect(w string) []string {
	var out []string
	switch {
	case strings.HasSuffix(w, "e"):
		out = append(out, w+"s", w+"d", w[:len(w)-1]+"ing")
	case strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		out = append(out, w[:len(w)-1]+"ies", w[:len(w)-1]+"ied", w+"ing")
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "x"):
		out = append(out, w+"es", w+"ed", w+"ing")
	default:
		out = append(out, w+"s", w+"ed", w+"ing")
		// doubled consonant: "plan" -> "planned", "commit" -> "committed"
		n := len(w)
		if n >= 3 && !strings.ContainsRune("aeiouwxy", rune(w[n-1])) && strings.ContainsRune("aeiou", rune(w[n-2])) && !strings.ContainsRune("aeiou", rune(w[n-3])) {
			d := w + w[n-1:]
			out = append(out, d+"ed", d+"ing")
		}
	}
	return out
}

// prepositions make the name after them an object, never a subject.
var prepositions = set(`with to of for about on at by from in into onto against between among toward towards than like
including over under after before during without within via per despite upon across behind beyond near unlike
alongside amid around through throughout versus vs.`)

// clauseOpeners may stand right before a clause's subject.
var clauseOpeners = set(`and but or nor yet so that as while because although though if when whereas since after before
until unless whether which who whom whose where neither either both even also then meanwhile however`)

var adverbs = set(`also not never still already again now then just even ultimately reportedly previously recently
regularly repeatedly later once further long first often always soon too only largely publicly privately
personally separately jointly firmly strongly clearly initially finally eventually apparently reportedly
since yet no longer`)

var pronounGender = map[string]string{
	"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f",
}

// stopwords carry no topic.
var stopwords = set(lexicon.Stopwords)

// commonCapitalized are words that are capitalised only because a sentence
// starts with them.
var commonCapitalized = set(`the a an this that these those neither either both several some many most another other each
every all no asked after before when while as in on at for with but and or if although though because since during
despite however meanwhile it he she they we i you his her their our its my your there here what who why how where
which one two three four five six seven eight nine ten first last next earlier later speaking asked according
under over from to by of about into yet so nor not instead also still even only then such once whether among
between against without within upon amid following given having being referring including adding saying
regarding concerning yesterday today tomorrow tonight`)

var months = set(`january february march april may june july august september october november december jan. feb.
mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. monday tuesday wednesday thursday friday saturday sunday`)

// abbreviations never end a sentence.
var abbreviations = set(lexicon.Abbreviations)

// sentenceStarters after an abbreviation such as "U.S." mean a new sentence did start.
var sentenceStarters = set(`the he she it they we i but and in on at a an this that these those his her their our
its there what when while however meanwhile after before if`)

// speechNouns are things a person says: "his remarks", "her statement".
var speechNouns = set(`pronouncements remarks comments statement statements words speech speeches post posts tweet
tweets interview message letter address op-ed column testimony declaration`)

// callingVerbs introduce a label put on someone: "calling him "the greatest ..."".
var callingVerbs = set(`calling called call calls describing described describe describes dubbing dubbed labelling
labeling labelled labeled branding branded`)

// positionNouns let "X, whose promise to ..." and "X's call for ..." be X's position.
var positionNouns = set(`promise promises pledge call calls demand demands plan plans proposal proposals insistence offer
threat threats vow refusal decision push bid warning warnings position stance view views request appeal
ultimatum goal aim intention vision`)

// boilerplatePrefixes start lines that are not part of the report.
var boilerplatePrefixes = []string{
	"this article was", "this story was", "this article has", "this story has", "it has not been edited",
	"reporting by", "additional reporting", "writing by", "editing by", "(reporting by", "(additional reporting",
	"(writing by", "(editing by", "copyright", "©", "all rights reserved", "our standards", "sign up",
	"read more", "follow us", "related:", "click here", "subscribe to", "share this", "for more news",
	"compiled by", "(compiled by", "produced by", "this content was", "image:", "photo:", "picture:",
}

// actingGroups are the people a report may treat as one actor without a
// name: "Protesters have claimed …", "some Iraqi militias had made threats".
// Plural only; groupAt reads the two words of "attorneys general".
var actingGroups = set(`protesters demonstrators militias rebels insurgents militants activists lawmakers legislators
strikers unions`)
