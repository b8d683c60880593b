package answer

import (
	"slices"
	"strings"

	"github.com/briefbot/briefbot/briefings/nlp"
	"github.com/briefbot/briefbot/lexicon"
)

// Kind is what a question asks for: the shape its answer must have.
type Kind int

// The kinds of question, by what answers them.
const (
	Open     Kind = iota // no answer type: the sentence that holds the question
	Who                  // the person or body behind the predicate
	When                 // a date, a time or a condition
	Clock                // a time of day
	Duration             // how long
	Count                // how many
	Amount               // how much
	Age                  // how old
	Place                // where
	Reason               // why
	Claim                // what did X say, want, think; how did X describe
	Thing                // which N, what N: a name or figure beside N
)

var kindNames = [...]string{"open", "who", "when", "what time", "how long", "how many", "how much", "how old", "where", "why", "claim", "which"}

func (k Kind) String() string { return kindNames[k] }

// Question is a question taken apart: what it asks for, about whom, with
// which verb, and the words an answer should share with it.
type Question struct {
	Text      string
	Kind      Kind
	Focus     string   // the words that ask: "how long", "who"
	Subject   []string // who the question is about, as typed: ["merkel's", "spokesman"]
	Predicate string   // lemma of the main verb; "" for be, have, do
	Passive   bool     // "who was elected": the answer is the verb's passive subject
	Object    bool     // "who did X endorse": the answer is the verb's object
	Noun      string   // which/what N: "hospital"
	Terms     []string // the content words, the subject's included

	alts  map[string][]string // each term's forms: itself and its lemmas
	asked map[string]bool     // every word of the question, so an answer is not the question said back
}

// auxiliaries open a question's clause ("what did…", "how long had…").
var auxiliaries = set("did does do has have had will would is are was were can could should might may must 's 're")

// lightVerbs carry no topic: "what is…", "what did X do".
var lightVerbs = set("be have do get make happen")

// questionStop are content-looking words that only shape the question.
var questionStop = set("what who whom whose which when where why how long many much old often far time also again ever exactly")

// speechVerbs are the predicates a claim question asks of its subject.
var speechVerbs = set("say tell denounce criticise criticize condemn want think believe call describe argue ask demand expect claim warn urge propose suggest promise accuse react respond feel view see plan hope order announce insist threaten offer agree reject deny admit explain write tweet add")

// ParseQuestion takes a question apart with the language models.
func ParseQuestion(m *nlp.Models, text string) Question {
	q := Question{Text: strings.TrimSpace(text), alts: map[string][]string{}}
	var words, lemmas, tags []string
	for _, s := range m.Parse(q.Text).Sentences {
		for i, w := range s.Words {
			if s.UPOS[i] == "PUNCT" {
				continue
			}
			words = append(words, lexicon.Fold(w))
			lemmas = append(lemmas, strings.ToLower(s.Lemmas[i]))
			tags = append(tags, s.UPOS[i])
		}
	}
	q.asked = map[string]bool{}
	for _, w := range wordsOf(q.Text) { // split as answers are, hyphens and all
		q.asked[w] = true
	}
	if len(words) == 0 {
		return q
	}
	rest := q.classify(words, lemmas, tags)
	if rest > 0 && modal[words[rest-1]] {
		guessVerb(words[rest:], lemmas[rest:], tags[rest:])
	}
	q.findPredicate(words[rest:], lemmas[rest:], tags[rest:])
	for i, w := range words {
		if q.Kind == Duration && spanVerbs[lemmas[i]] && i >= rest {
			continue // "how long did it last": the verb only asks the time
		}
		if tags[i] == "PUNCT" || tags[i] == "SYM" || stopword[w] || questionStop[w] || auxiliaries[w] || lightVerbs[lemmas[i]] {
			continue
		}
		q.Terms = append(q.Terms, w)
		q.alts[w] = uniq(w, lemmas[i], m.Lemma(w, "VERB"), m.Lemma(w, "NOUN"), lexicon.Fold(lexicon.CountryAdjective(w)))
	}
	return q
}

// termOf is the form a word is matched by: its lemma, unless the tagger
// took a name for a verb ("rouhani" → "rouhani", not a made-up lemma).
func termOf(word, lemma string) string {
	if lemma == "" || !strings.HasPrefix(word, lemma[:min(2, len(lemma))]) {
		return word
	}
	return lemma
}

// classify reads the question words at the front and returns where the
// rest of the clause starts.
func (q *Question) classify(words, lemmas, tags []string) int {
	next := func(i int) string {
		if i < len(words) {
			return words[i]
		}
		return ""
	}
	w := words[0]
	q.Focus = w
	switch w {
	case "who", "whom", "whose":
		q.Kind = Who
		return skipAux(words, 1) // "who runs X", "who will replace X"
	case "when":
		q.Kind = When
	case "where":
		q.Kind = Place
	case "why":
		q.Kind = Reason
	case "how":
		return q.classifyHow(next(1), words, tags)
	case "what", "which":
		return q.classifyWhat(words, lemmas)
	default:
		if auxiliaries[w] {
			q.Kind, q.Focus = Open, "whether"
			return 1
		}
		q.Kind, q.Focus = Open, ""
		return 0
	}
	return skipAux(words, 1)
}

func skipAux(words []string, i int) int {
	for i < len(words) && auxiliaries[words[i]] {
		i++
	}
	return i
}

func (q *Question) classifyHow(second string, words, tags []string) int {
	kinds := map[string]Kind{"long": Duration, "many": Count, "much": Amount, "old": Age, "often": Count, "far": Amount}
	k, ok := kinds[second]
	if !ok {
		q.Kind = Claim // "how did X describe, react, respond…"
		return skipAux(words, 1)
	}
	q.Kind, q.Focus = k, "how "+second
	i := 2
	for i < len(words) && !auxiliaries[words[i]] && (i == 2 || tags[i] != "VERB") { // "how many illegal abortions are…", "how many states sued"
		q.Noun = words[i]
		i++
	}
	if i > 2 {
		q.Focus += " " + strings.Join(words[2:i], " ")
	}
	return skipAux(words, i)
}

// timeNouns turn "what/which N" into a question about when.
var timeNouns = set("year day date month week")

func (q *Question) classifyWhat(words, lemmas []string) int {
	if len(words) < 2 {
		return 1
	}
	second := words[1]
	switch {
	case second == "time":
		q.Kind, q.Focus = Clock, "what time"
		return skipAux(words, 2)
	case timeNouns[second]:
		q.Kind, q.Focus = When, words[0]+" "+second
		return skipAux(words, 2)
	case auxiliaries[second]:
		q.Kind = Claim // settled once the predicate is known
		return skipAux(words, 1)
	}
	q.Kind, q.Focus = Thing, words[0]+" "+second
	q.Noun = lemmas[1]
	i := 2
	for i < len(words) && !auxiliaries[words[i]] {
		i++
	}
	return skipAux(words, i)
}

// spanVerbs only carry time in "how long did X last/take".
var spanVerbs = set("last take spend run continue")

// modal auxiliaries are followed by a bare verb: "why did X resign".
var modal = set("did does do will would can could should might may must")

// guessVerb corrects the tagger after a modal, where lower-case names
// throw it off: the first word is the subject, not the verb, and when no
// verb is left the last word is the bare verb the modal needs.
func guessVerb(words, lemmas, tags []string) {
	if len(words) > 1 && tags[0] == "VERB" {
		tags[0], lemmas[0] = "PROPN", words[0] // after "did", the subject comes first: "who did sanders endorse"
	}
	for i := 0; i+1 < len(words); i++ {
		if tags[i] == "VERB" && strings.HasSuffix(words[i], "ing") && tags[i+1] == "NOUN" {
			tags[i] = "ADJ" // "the working groups", "the ruling party"
		}
	}
	for _, t := range tags {
		if t == "VERB" {
			return
		}
	}
	if n := len(words); n >= 2 {
		tags[n-1], lemmas[n-1] = "VERB", words[n-1]
	}
}

// findPredicate finds the main verb of the clause after the question
// words, and the subject before it.
func (q *Question) findPredicate(words, lemmas, tags []string) {
	// The first verb of saying, else the last verb: "what did X say Y
	// should do" asks what X said; "what will the working groups cover"
	// asks about covering.
	at := -1
	for i := range words {
		if tags[i] != "VERB" && !speechVerbs[words[i]] {
			continue
		}
		if speechVerbs[lemmas[i]] || speechVerbs[words[i]] {
			lemmas[i] = termOf(words[i], lemmas[i])
			at = i
			break
		}
		at = i
	}
	if at < 0 {
		q.Subject = words
		if q.Kind == Claim {
			q.Kind = Open // "what is the maximum sentence": nobody's claim
		}
		return
	}
	q.Subject = words[:at]
	if lemma := termOf(words[at], lemmas[at]); !lightVerbs[lemma] && !(q.Kind == Duration && spanVerbs[lemma]) {
		q.Predicate = lemma
	}
	q.Passive = at > 0 && strings.HasSuffix(words[at], "ed") && isBe(words[at-1])
	q.Object = q.Kind == Who && at > 0 && !q.Passive
	if q.Kind == Claim && (len(q.Subject) == 0 || !speechVerbs[q.Predicate] && q.Focus == "what") {
		q.Kind = Open // "what happened", "what did the commission decide"
	}
	if q.Kind == Claim && q.Focus == "how" && !speechVerbs[q.Predicate] {
		q.Kind = Open
	}
}

func isBe(w string) bool {
	switch w {
	case "is", "are", "was", "were", "been", "be", "being":
		return true
	}
	return false
}

func uniq(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func set(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}
