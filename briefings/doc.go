package briefings

// How one sentence becomes a position
//
// Take this line of a report:
//
//	Last year US President Donald Trump withdrew the US from the treaty, officials said.
//
//  1. read (reader.go): the text is normalised, and its headline, byline,
//     dateline, paragraphs and transcript speaker labels are told apart.
//  2. split (analyze.go): paragraphs become sentences and sentences tokens
//     with byte offsets; quotation marks are paired. Each sentence is also
//     parsed by the language backbone (nlp/, embedded models trained on UD
//     English treebanks): tags, lemmas and a labelled dependency tree,
//     aligned with the analyser's tokens by offset (syntax.go, parseSentence).
//     Here "Trump" is the nsubj of "withdrew", "President" and "Donald" hang
//     off "Trump", and "officials said" is attached as parataxis.
//  3. discover (analyze.go, actors.go): capitalised runs are read as people,
//     bodies and places, titles split from names ("US President" is Trump's
//     role and gives him the country United States). A "person" whose last
//     name word the report also uses as a common noun is a body instead.
//  4. resolve (analyze.go): names, short names, descriptions ("the French
//     leader"), groups ("the two leaders") and pronouns become mentions of
//     actors, each with its part in the clause from the relation of its
//     head word in the tree (syntax.go, roleOf). A sentence where the tagger read
//     a word of a person's name as something else ("Begin insisted" with
//     "Begin" a verb) is parsed again with those words given as proper
//     nouns (syntax.go, namesReparsed), and later stages read that tree.
//  5. attribution (positions.go, attribution): "officials said" at the
//     end marks who reported the sentence, and where the claim stops.
//  6. clauses (syntax.go, subjectsOf): each predicate of the tree whose
//     doer is an actor, with the span of its clause and the verb of speech
//     it sits under, if any; the pair that "they" may mean next.
//  7. quotes (quotes.go): quotations, over several sentences if need be,
//     get their speaker, from the subject of the verb of speech the parse
//     joins them to (syntax.go, treeSpeaker), else from the clause they sit
//     in, the paragraph's speaker so far, or an idiom ("according to X").
//     Then voices (quotes.go): "I" and "we" inside a quotation mean its
//     speaker, a new mention layer of the sentence with its clauses read
//     again.
//  8. claims (positions.go, claimAll; syntax.go, treeClaims): each clause
//     whose subject is an actor becomes that actor's position. From the
//     tree: the subject of any verb (each conjunct of a coordinated one, the
//     agent of a passive, the noun a relative clause describes, the country
//     of "the Saudi government"), unless the clause is a complement of
//     someone else's verb of speech or belief; a passive subject is what
//     happens to an actor, never their position. What a speaker says
//     without quotation marks is theirs: the clause before "…, the minister
//     said" or ", he said," (syntax.go, asideClaims). The clause's span leaves
//     out relative clauses, openers before the subject and clauses with
//     another actor as subject. Claims of one actor in one sentence merge, so
//     Trump holds "Last year US President Donald Trump withdrew the US from
//     the treaty", reported by "officials".
//  9. key points (keypoints.go): sentences ranked by centrality, lead and
//     whether a main actor acts in them, with repetition penalised.
// 10. briefing: the result is a brief.Briefing (package brief, the domain,
//     which imports nothing of the project). Trump's position is found
//     again when a reader types "President Trump", "mr trump" or "trump"
//     (package lookup, which the stores and the bot use without the
//     analyser); the word lists the backbone and the analyser share
//     (countries, titles, given-name forms) are package lexicon.
//
// Each Position, About and Quote records the rule that made it (Rule: "parse:
// nsubj of withdraw", "words: \"according to\" after the quote", "transcript: the
// speaker's turn"); where two rules found one claim, both are named.
// `briefbot explain FILE [--actor NAME]` (explain.go) prints, per sentence,
// the parse, the mentions and whom they were taken to mean, and each claim
// with its rule: the way to see why a position was or was not found.
//
// Each stage writes one layer of the sentence (type sent: sentence,
// speaker, mentions, reported, clauses, owners) or returns a result of its
// own (quoted, extraction, the key points), and no stage changes what an
// earlier one made: where voices gives a sentence new mentions, it makes a
// new sentence value and leaves the resolve stage's as it was. The one
// result several stages add to is the cast (registry): discover makes it,
// resolve adds the actors descriptions stand for, treeRoles fills in roles
// and countries, voices counts the mentions it resolves. What one
// stage keeps for a later one is fixed when it is made: the pair that
// "they" may mean is the one in view when the sentence was reached
// (clauses.pairBefore), however often a later stage looks at it again.
