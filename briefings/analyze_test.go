package briefings

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/brief"
	"github.com/briefbot/briefbot/lookup"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func analyzeText(t *testing.T, text string) *Briefing {
	t.Helper()
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return b
}

// positionsOf returns the texts of the positions held by the actor named.
func positionsOf(b *Briefing, name string) []string {
	a := lookup.FindActor(b, name)
	if a == nil {
		return nil
	}
	var out []string
	for _, p := range b.PositionsOf(a.ID) {
		out = append(out, p.Text)
	}
	return out
}

func anyContains(texts []string, sub string) bool {
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), strings.ToLower(sub)) {
			return true
		}
	}
	return false
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test reports: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Analyze(data, Options{})
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			got, _ := json.MarshalIndent(b, "", "  ")
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run go test -update): %v", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("briefing of %s differs from %s; run go test ./briefings -update and review the diff:\n%s", f, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations stay", "Gen. Smith met Sen. Jones on Dec. 7 in the U.S. capital. They talked.",
			[]string{"Gen. Smith met Sen. Jones on Dec. 7 in the U.S. capital.", "They talked."}},
		{"initials stay", "George H. W. Bush met him. It was brief.",
			[]string{"George H. W. Bush met him.", "It was brief."}},
		{"a.m. before a number stays", "The talks began at 9 a.m. Tuesday and ended late.",
			[]string{"The talks began at 9 a.m. Tuesday and ended late."}},
		{"U.S. at the end of a sentence", "Aid came from the U.S. The minister thanked them.",
			[]string{"Aid came from the U.S.", "The minister thanked them."}},
		{"closing quote kept", `"We agree." She left.`, []string{`"We agree."`, "She left."}},
		{"attribution after quote kept", `"We agree," she said. He nodded.`, []string{`"We agree," she said.`, "He nodded."}},
		{"a question and who asked it", `"Who pays?" Senator Lia Moss asked. She sat down.`, []string{`"Who pays?" Senator Lia Moss asked.`, "She sat down."}},
		{"a full stop and who said it", `"We agree." said the minister. She left.`, []string{`"We agree." said the minister.`, "She left."}},
		{"question and exclamation", "Will they sign? Yes! Tomorrow.", []string{"Will they sign?", "Yes!", "Tomorrow."}},
		{"Sept. abbreviation", "It happened on Sept. 11 in New York.", []string{"It happened on Sept. 11 in New York."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitSentences(normalize(tt.in))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadStructure(t *testing.T) {
	text := "Leaders agree to meet again\r\nBy Ann Lee and Raj Patel\r\nBRUSSELS (March 3, 2025) -- Chancellor Anna Weber said on Monday that talks would go on.\r\nNEXT STEPS\r\nThe talks will resume in May, Weber said.\r\nReporting by Ann Lee; Editing by Sam Hill\r\nCopyright 2025 Example News. All rights reserved.\r\n"
	b := analyzeText(t, text)
	if b.Title != "Leaders agree to meet again" {
		t.Errorf("title: got %q", b.Title)
	}
	if strings.Join(b.Byline, ",") != "Ann Lee,Raj Patel" {
		t.Errorf("byline: got %q", b.Byline)
	}
	if b.Dateline != "BRUSSELS (March 3, 2025)" {
		t.Errorf("dateline: got %q", b.Dateline)
	}
	for _, s := range b.Sentences {
		for _, bad := range []string{"NEXT STEPS", "Reporting by", "Copyright", "By Ann Lee"} {
			if strings.Contains(s.Text, bad) {
				t.Errorf("sentence %q holds %q", s.Text, bad)
			}
		}
	}
	for _, a := range b.Actors {
		if a.Name == "Ann Lee" || a.Name == "Raj Patel" {
			t.Errorf("an author became an actor: %q", a.Name)
		}
	}
	if len(b.Sentences) != 2 {
		t.Errorf("got %d sentences, want 2: %v", len(b.Sentences), b.Sentences)
	}
}

func TestActorsKindsRolesAliases(t *testing.T) {
	text := "Kenyan Foreign Minister Grace Okafor met Japanese Prime Minister Kenji Sato in Tokyo. " +
		"The Kenyan minister asked the Japanese leader for help, and NATO and the African Union sent observers. " +
		"Okafor said Kenya wanted roads and spoke at the opening of Defence Unity Week, the third such week this year. " +
		"A senator from Vermont spoke. The Organization for Security and Co-operation in Europe sent monitors, and the United Nations and Japan paid for them. " +
		"The United States Embassy in Tokyo stayed silent. Supreme Leader Sayyid Reza Tabrizi praised the deal. Ana Pires, the secretary of state, left early. President Omar Farid of Egypt spoke last. Egypt later sent observers too. " +
		"Nairobi director of Amnesty International Wanjiru Kamau said the talks cannot ignore the prisons. NATO Secretary-General Lars Brekke and Monsignor Pedro Alvarado Ruiz also spoke. " +
		"The Northern Fisheries Oversight Board (NFOB) approved the deal. The NFOB later asked for quotas. " +
		"The Kenyan-led Southern Fishing Alliance (SFA) objected."
	b := analyzeText(t, text)
	tests := []struct {
		query, name, kind, role string
	}{
		{"okafor", "Grace Okafor", Person, "Kenyan Foreign Minister"},
		{"Kenji Sato", "Kenji Sato", Person, "Japanese Prime Minister"},
		{"the japanese leader", "Kenji Sato", Person, "Japanese Prime Minister"},
		{"Okafer", "Grace Okafor", Person, "Kenyan Foreign Minister"},
		{"tokyo", "Tokyo", Place, ""},
		{"osce", "Organization for Security and Co-operation in Europe", Organization, ""},
		{"united nations", "United Nations", Organization, ""},
		{"nato", "NATO", Organization, ""},
		{"african union", "African Union", Organization, ""},
		{"minister okafor", "Grace Okafor", Person, "Kenyan Foreign Minister"},
		{"unity week", "Defence Unity Week", Organization, ""},
		{"vermont", "Vermont", Place, ""},
		{"Prime Minister Sato", "Kenji Sato", Person, "Japanese Prime Minister"},
		{"Mr Sato", "Kenji Sato", Person, "Japanese Prime Minister"},
		{"the japanese government", "Japan", Place, ""},
		{"Kenyan authorities", "Kenya", Place, ""},
		{"US embassy", "United States Embassy", Organization, ""},
		{"Ayatollah Tabrizi", "Sayyid Reza Tabrizi", Person, "Supreme Leader"},
		{"secretary of state", "Ana Pires", Person, "secretary of state"},
		{"egypt's president", "Omar Farid", Person, "President"},
		{"kamau", "Wanjiru Kamau", Person, "Amnesty International"},
		{"brekke", "Lars Brekke", Person, "NATO Secretary-General"},
		{"monsignor alvarado", "Pedro Alvarado Ruiz", Person, ""}, // an honorific is no post
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			a := lookup.FindActor(b, tt.query)
			if a == nil {
				t.Fatalf("no actor for %q among %v", tt.query, b.Actors)
			}
			if a.Name != tt.name || a.Kind != tt.kind || a.Role != tt.role {
				t.Errorf("got %q %s %q, want %q %s %q", a.Name, a.Kind, a.Role, tt.name, tt.kind, tt.role)
			}
		})
	}
	for _, a := range b.Actors {
		if a.Name == "NFOB" {
			t.Errorf("the acronym in brackets is an actor of its own, not the board's short name")
		}
	}
	if a := lookup.FindActor(b, "sfa"); a == nil || a.Name != "Southern Fishing Alliance" {
		t.Errorf("SFA: %+v", a)
	}
	if a := lookup.FindActor(b, "nfob"); a == nil || a.Name != "Northern Fisheries Oversight Board" || a.Mentions < 3 {
		t.Errorf("NFOB: %+v", a)
	}
	if a := lookup.FindActor(b, "farid"); a == nil || a.Country != "egypt" {
		t.Errorf("\"President Omar Farid of Egypt\" gave no country: %+v", a)
	}
	if a := lookup.FindActor(b, "the Japanese leader"); a == nil || a.Mentions < 2 {
		t.Errorf("the description did not count as a mention of Sato: %+v", a)
	}
}

func TestPositions(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		actor  string
		want   string // a position of the actor contains this
		absent string // no position of the actor contains this
	}{
		{"pronoun resolves to subject", "Chancellor Lena Berg met the press. She said Germany would pay for the bridge.", "berg", "pay for the bridge", ""},
		{"joint subject gives both", "President Ana Ruiz and Prime Minister Tomas Novak agreed to open the border.", "novak", "open the border", ""},
		{"joint subject first", "President Ana Ruiz and Prime Minister Tomas Novak agreed to open the border.", "ruiz", "open the border", ""},
		{"two leaders", "President Ana Ruiz met Prime Minister Tomas Novak. The two leaders agreed to cut tariffs.", "novak", "cut tariffs", ""},
		{"object is not holder", "Ruiz criticised Novak for the delay. President Ana Ruiz spoke first.", "novak", "", "delay"},
		{"belief about another", "Minister Omar Haddad believes President Ana Ruiz fears a strike.", "ruiz", "", "fears"},
		{"belief is the believer's", "Minister Omar Haddad believes President Ana Ruiz fears a strike.", "haddad", "fears a strike", ""},
		{"reported by sources", "President Ana Ruiz wants a deal by June, two officials said.", "ruiz", "deal by June", ""},
		{"passive agent", "The summit was hosted by President Ana Ruiz.", "ruiz", "hosted", ""},
		{"appositive", "Ruiz, who arrived late, said the deal was dead. President Ana Ruiz left.", "ruiz", "deal was dead", ""},
		{"recurring name is an organisation", "Mediators pressed Israel and Hamas to talk. Hamas rejected the condition.", "hamas", "rejected the condition", "to talk"},
		{"country's title before a name", "Qatar's Prime Minister Ali Nasser told reporters that the gaps had narrowed.", "nasser", "gaps had narrowed", ""},
		{"the before an organisation", "The European Union welcomed the talks.", "european union", "welcomed the talks", ""},
		{"appositive name then said", "Its negotiator, Khalil Darwish, said the group wanted guarantees.", "darwish", "wanted guarantees", ""},
		{"passive agent with a modifier", "The talks were chaired by former Senator Ann Mitchell.", "mitchell", "chaired", ""},
		{"a first name that is also a word", "The deal was signed by President Bill Clinton.", "clinton", "signed", ""},
		{"led by describes a body", "The Unity Party, led by Omar Haddad, agreed to share power. Haddad spoke later.", "haddad", "", "share power"},
		{"a body led by someone holds the clause", "Sinn Féin, led by Gerry Adams, accepted the principle of consent.", "sinn féin", "accepted the principle", ""},
		{"name between commas then a verb", "Its leader, Ian Paisley, called the deal a betrayal.", "paisley", "called the deal", ""},
		{"they after a pair", "President Ana Ruiz and Prime Minister Tomas Novak met in Lima. They agreed to reopen the railway.", "novak", "reopen the railway", ""},
		{"they without a pair", "President Ana Ruiz met reporters. Officials said they expected rain.", "ruiz", "", "expected rain"},
		{"Mr without a full stop", "Chancellor Olaf Berger spoke first. Mr Berger said the budget would pass.", "berger", "budget would pass", ""},
		{"a second speaker after while", "Chancellor Olaf Berger said the deal was close, while President Ana Ruiz said more time was needed.", "berger", "", "more time"},
		{"the second speaker holds her words", "Chancellor Olaf Berger said the deal was close, while President Ana Ruiz said more time was needed.", "ruiz", "more time was needed", ""},
		{"name particles", "Commission President Ursula von der Leyen arrived. Later von der Leyen said the EU was ready.", "ursula von der leyen", "EU was ready", ""},
		{"the group for a body named before", "Mediators met Hamas and Israel. Hamas said little. The group later rejected the plan.", "hamas", "rejected the plan", ""},
		{"the union is not a unionist party", "The Unionist Party walked out. The leader called it a betrayal of the union.", "unionist party", "walked out", "betrayal"},
		{"relayed for someone else", "Chancellor Lena Berg stayed home. Envoy Paul Dufour reiterated Berg's call for a ceasefire in the north.", "berg", "call for a ceasefire", ""},
		{"relayed still the envoy's", "Chancellor Lena Berg stayed home. Envoy Paul Dufour reiterated Berg's call for a ceasefire in the north.", "dufour", "reiterated", ""},
		{"description", "French President Marc Lenoir met Ruiz. The French leader urged restraint.", "lenoir", "urged restraint", ""},
		{"any verb of an act", "Last spring Chilean President Ana Ruiz withdrew her country from the fishing treaty.", "ruiz", "withdrew her country", ""},
		{"subject behind a long aside", "Omar Haddad, an envoy for the office of the regional commissioner who had studied the case, cautioned patience.", "haddad", "cautioned patience", ""},
		{"a country's agency named once", "The Chilean ANI detained two suspects near the port on Friday.", "chilean ani", "detained two suspects", ""},
		{"the request of someone is theirs", "Chancellor Lena Berg said she would honour the request of Prime Minister Tomas Novak to close the session early.", "novak", "request of Prime Minister Tomas Novak to close the session", ""},
		{"a royal title as a description", "Princess Ana Vidal of Norland arrived on Friday. The princess announced her candidacy for the senate.", "vidal", "announced her candidacy", ""},
		{"an announced act is the actor's", "Chancellor Lena Berg announced that Envoy Paul Dufour had resigned on Friday.", "dufour", "had resigned", ""},
		{"an announcement is the announcer's too", "Chancellor Lena Berg announced that Envoy Paul Dufour had resigned on Friday.", "berg", "announced", ""},
		{"a second verb after a meeting", "Chancellor Olaf Berger met Ana Ribeiro on Monday and argued that the fund was too small.", "berger", "argued that the fund was too small", ""},
		{"a logistics verb with an object is an act", "On Monday, President Ana Ruiz, a candidate in the regional election to be held in May, held a rally in Lima.", "ruiz", "held a rally", ""},
		{"representatives speak for their country", "On Saturday, representatives from Chile acknowledged their navy had fired on the trawler.", "chile", "acknowledged", ""},
		{"a report passes on another's act", "The Andean Broadcasting Corporation reported President Ana Ruiz, the caretaker leader, recommended the troops withdraw.", "ruiz", "recommended the troops", ""},
		{"the post before an honorific, then the post alone", "The bill was criticised by archbishop Monsignor Pedro Alvarado Ruiz. Later the archbishop said the vote was a mistake.", "alvarado ruiz", "vote was a mistake", ""},
		{"a body's short forms are the body", "The Kenya Council of Ministers criticised the tax. Later the Council of Ministers asked for talks. The Council also wrote to the governor.", "council of ministers", "wrote to the governor", ""},
		{"they after a sentence about things", "The Kenya Council of Ministers criticised the tax. The only remedies the law allows are fines. They do not help exporters.", "council of ministers", "criticised the tax", "help exporters"},
		{"some members are not the body", "The Senate of Chile met on Monday. Some 40 members of the Senate of Chile opposed the bill.", "senate", "", "opposed the bill"},
		{"a vice president is not the president", "President Ana Ruiz met former Vice President Tomas Novak in Lima. Novak spoke first. The president then refused to sign the accord.", "ruiz", "refused to sign", ""},
		{"the parse's speaker where the words see none", "President Ana Ruiz met donors in Lima. Later, businessman and party donor Pedro Alvarado said the president should accept the result.", "ruiz", "met donors", "accept the result"},
		{"a nation's government, the country unnamed", "On Monday the Chilean government said the strike was illegal.", "chile", "strike was illegal", ""},
		{"a country's embassy, later the embassy", "The United States Embassy in Lima closed on Monday. The Embassy asked citizens to stay home.", "united states embassy", "asked citizens", ""},
		{"which after a comma", "Other members of the pact include Chile, which has been taking a lead in efforts by the remaining members to keep the pact alive.", "chile", "taking a lead", ""},
		{"a government for its country", "Peru and Chile sent envoys. The Peruvian government later denied the report.", "peru", "denied the report", ""},
		{"passive subject is not the doer", "Omar Haddad had been arrested in Lima, and President Ana Ruiz spoke.", "haddad", "", "arrested"},
		{"of and a country after a name", "Yesterday, President Hassan Amiri of Iran said the strait would stay open.", "amiri", "strait would stay open", ""},
		{"a state before a name", "On Monday, Senator from Vermont Ann Ellis endorsed the plan.", "ann ellis", "endorsed the plan", ""},
		{"told that: the teller's", "Omar Haddad told reporters that Chile needed copper.", "chile", "", "needed copper"},
		{"members of a body act for it", "Turkey began an offensive. The operation was condemned by members of the European Union.", "european union", "condemned", ""},
		{"a statement by someone is theirs", `President Ana Ruiz arrived. "The port must reopen this week," according to a statement on Sunday by President Ana Ruiz.`, "ruiz", "port must reopen", ""},
		{"a relative clause after such as", "Some ministers have split with the premier and have pressed her to go ahead with the reform, such as former finance minister Omar Haddad, who called the delay a scandal.", "haddad", "called the delay", ""},
		{"a bystander's quotation is about its subject", "President Ana Ruiz toured the farms on Monday.\n\n\"She wants our votes and nothing else. Nobody here believes a word,\" said a farmer in the village.", "ruiz", "toured the farms", "our votes"},
		{"an unnamed source's quotation passes on the subject's position", `President Ana Ruiz met the envoy. Asked about the talks, an aide said, "She wants a deal by June."`, "ruiz", "deal by June", ""},
		{"a clause its conjunction opens ends at its comma", "Senator Ana Ruiz toured Lima on Monday. Shortly after she formally entered the race, the electoral board issued a ruling against her campaign.", "ruiz", "entered the race", "issued a ruling"},
		{"the object of a relative clause is not the subject after it", "President Ada Vogel, who appointed Ivo Lind to the board in 2019, responded to his letter on Twitter, calling for an audit.", "ivo lind", "", "responded"},
		{"a government source of a nationality speaks for its country", "Chile closed the port. A Chilean government source said the closure would last a week.", "chile", "closure would last a week", ""},
		{"a body's leaders or ministers act for it", "NATO ministers agreed on Tuesday to send more air defence systems to the region.", "nato", "send more air defence", ""},
		{"a person's office speaks for them", "Chilean President Ana Ruiz's office said the visit would go ahead.", "ruiz", "visit would go ahead", ""},
		{"a relative clause that says which thing is part of the claim", "Chile's trade ministry spokesman Paul Dufour said Santiago opposed any pact that raised tariffs on copper.", "dufour", "any pact that raised tariffs on copper", ""},
		{"according to a newspaper is only its report", `Ruiz arrived. "The port must reopen," according to the Lima Herald.`, "lima herald", "", "port must reopen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := analyzeText(t, tt.text)
			got := positionsOf(b, tt.actor)
			if tt.want != "" && !anyContains(got, tt.want) {
				t.Errorf("positions of %s: got %q, want one containing %q", tt.actor, got, tt.want)
			}
			if tt.absent != "" && anyContains(got, tt.absent) {
				t.Errorf("positions of %s: got %q, want none containing %q", tt.actor, got, tt.absent)
			}
		})
	}
}

// Claims from the parse: a relative clause on the first of two subjects
// does not take the place of the main clause they share; …
func TestParseClaims(t *testing.T) {
	text := "President Ana Ruiz met Chancellor Olaf Berger in Lima. The Chilean leader — who over the years has developed a talent for using personal ties to advance her diplomatic goals — and Berger worked together to outline a plan for the railway, an aide said. " +
		"Another aide said Ruiz and Berger explained to Envoy Omar Haddad that President Tomas Novak in 2024 was not the same as he was in 2019, when the envoy first met him. " +
		"Chancellor Lena Berg said she would honour the request of Prime Minister Tomas Novak to close the session early. " +
		`Asked about the talks, an aide said, "She wants a deal by June." ` +
		`"She wants our votes and nothing else," said a farmer in the village. ` +
		"Chancellor Lena Berg later praised Envoy Ivo Lind, whose plan to cut tariffs has angered farmers in the south. " +
		"President Ana Ruiz and Prime Minister Tomas Novak met in Lima. They agreed to reopen the railway. " +
		"Chancellor Olaf Berger said the deal was close, while President Ana Ruiz said more time was needed. " +
		"Envoy Ivo Lind met Berger and argued that Chile needs a new port."
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"ruiz", "berger"} {
		got := positionsOf(b, who)
		if !anyContains(got, "worked together to outline a plan") {
			t.Errorf("positions of %s: got %q", who, got)
		}
		// inside what is said, a clause with another subject is part of the saying
		if !anyContains(got, "as he was in 2019") {
			t.Errorf("positions of %s: got %q, want the comparison in full", who, got)
		}
	}
	if got := positionsOf(b, "novak"); !anyContains(got, "request of Prime Minister Tomas Novak to close the session") {
		t.Errorf("positions of novak: got %q, want the request relayed", got)
	}
	if got := positionsOf(b, "lind"); !anyContains(got, "whose plan to cut tariffs") {
		t.Errorf("positions of lind: got %q, want the plan the report says is theirs", got)
	}
	if got := positionsOf(b, "novak"); !anyContains(got, "They agreed to reopen the railway") {
		t.Errorf("positions of novak: got %q, want the pair's \"they\"", got)
	}
	if got := positionsOf(b, "ruiz"); !anyContains(got, "more time was needed") {
		t.Errorf("positions of ruiz: got %q, want her saying after \"while\"", got)
	}
	if got := positionsOf(b, "berger"); anyContains(got, "more time") {
		t.Errorf("positions of berger: got %q, want none with Ruiz's words", got)
	}
	about := false
	for _, ab := range b.About {
		about = about || ab.Actor == "chile" && strings.Contains(ab.Text, "new port") && strings.Contains(ab.By, "Lind")
	}
	if !about {
		t.Errorf("what Lind argued is not about Chile: %+v", b.About)
	}
	// an unnamed source's quotation passes on its subject's position; a bystander's is the bystander's
	if got := positionsOf(b, "berg"); !anyContains(got, "deal by June") || anyContains(got, "our votes") {
		t.Errorf("positions of berg: got %q, want the aide's quotation and not the farmer's", got)
	}
}

func TestAttribution(t *testing.T) {
	b := analyzeText(t, "President Ana Ruiz wants a deal by June, two officials said. Another diplomat said Ruiz rejected the offer. According to the ministry, Ruiz will sign.")
	a := lookup.FindActor(b, "ruiz")
	if a == nil {
		t.Fatal("no Ruiz")
	}
	want := []string{"two officials", "Another diplomat", "the ministry"}
	ps := b.PositionsOf(a.ID)
	if len(ps) != len(want) {
		t.Fatalf("got %d positions %+v, want %d", len(ps), ps, len(want))
	}
	for i, p := range ps {
		if p.Attribution != want[i] {
			t.Errorf("position %d: got attribution %q, want %q", i, p.Attribution, want[i])
		}
	}
}

func TestQuotes(t *testing.T) {
	text := `Foreign Ministry spokeswoman Anna Berg spoke after the meeting. "We will not back down," Berg said. "Our position is clear." ` +
		`Asked about the envoy, a senior official said, referring to Berg, "She is tired." ` +
		`President Ana Ruiz described the plan as "a dead end". "Our ships are ready to sail," according to a post by President Ana Ruiz. ` +
		`House of Assembly Speaker Tom Reid spoke on the bill — which the Gazette noted as a rare step for a Speaker — "The house will sit in June." ` +
		`Businessman Pedro Alvarado said the president should accept the result and "move on". ` +
		`The palace released this statement from Queen Maria Lenz: "The crown stays out of politics." ` +
		`Mayor Ivo Sand opened the fair. "Rents have doubled in five years and the harbour is our only answer," he continued. ` +
		`"Who pays for the new bridge?" Senator Lia Moss asked. ` +
		`"The union accepts the offer," the union informed its members. ` +
		`Premier Vera Holm called the tax "a fine on work" and said she would repeal it. ` +
		`President Ada Vogel, who named Ivo Lind to the board in 2019, replied to his memo, urging a pause in the merger "for the good of the staff".`
	b := analyzeText(t, text)
	tests := []struct{ text, speaker, about string }{
		{"We will not back down", "Berg", ""},
		{"Our position is clear.", "Berg", ""},
		{"She is tired.", "a senior official", "Anna Berg"},
		{"a dead end", "Ana Ruiz", ""},
		{"Our ships are ready to sail", "Ana Ruiz", ""},
		{"The house will sit in June.", "Tom Reid", ""}, // not the Gazette, whose verb is inside the aside
		{"move on", "Pedro Alvarado", ""},               // not the president, who is only urged to
		{"The crown stays out of politics.", "Maria Lenz", ""},
		{"Rents have doubled in five years and the harbour is our only answer", "Ivo Sand", ""}, // a speech verb other than "said"
		{"Who pays for the new bridge?", "Lia Moss", ""},
		{"The union accepts the offer", "the union", ""},
		{"a fine on work", "Vera Holm", ""},            // not "and", before the second verb
		{"for the good of the staff", "Ada Vogel", ""}, // in a participle that hangs on a verb of speech
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			for _, q := range b.Quotes {
				if q.Text == tt.text {
					if !strings.Contains(q.Speaker, tt.speaker) || q.About != tt.about {
						t.Errorf("got speaker %q about %q, want %q about %q", q.Speaker, q.About, tt.speaker, tt.about)
					}
					return
				}
			}
			t.Errorf("quote %q not found in %+v", tt.text, b.Quotes)
		})
	}
}

func TestTranscript(t *testing.T) {
	const transcript = "Press conference\nMODERATOR: Welcome.\nCHANCELLOR WEBER: We want the pipeline finished this year. Poland agrees with us.\nMinister Okafor: I support that plan.\n"
	b := analyzeText(t, transcript)
	if got := positionsOf(b, "weber"); !anyContains(got, "pipeline finished") {
		t.Errorf("Weber's positions: got %q", got)
	}
	if got := positionsOf(b, "okafor"); !anyContains(got, "support that plan") {
		t.Errorf("Okafor's positions: got %q", got)
	}
	if got := positionsOf(b, "poland"); len(got) != 0 {
		t.Errorf("Poland holds what Weber says about it: %q", got)
	}
	// and files it as about Poland, by the speaker
	about := false
	for _, ab := range b.About {
		about = about || ab.Actor == "poland" && strings.Contains(ab.Text, "agrees with us") && strings.Contains(ab.By, "Weber")
	}
	if !about {
		t.Errorf("with the parse alone, what Weber says of Poland is not about Poland: %+v", b.About)
	}
}

func TestAnalyzeRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want error
	}{
		{"empty", nil, Options{}, ErrEmpty},
		{"whitespace", []byte(" \n\t \r\n"), Options{}, ErrEmpty},
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 1}, Options{}, ErrBinary},
		{"invalid utf-8", []byte("caf\xe9 au lait"), Options{}, ErrBinary},
		{"too large", bytes.Repeat([]byte("a "), 600), Options{MaxBytes: 1000}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(tt.in, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	var tl *TooLargeError
	_, err := Analyze(bytes.Repeat([]byte("a "), 600), Options{MaxBytes: 1000})
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "1000") {
		t.Errorf("the error does not name the limit: %v", err)
	}
}

func TestNonEnglish(t *testing.T) {
	b := analyzeText(t, "Der Bundeskanzler traf den Präsidenten in Berlin. Sie sprachen über den Handel. Прези\u00adдент сказал, что переговоры продолжатся. 会谈将继续。")
	if len(b.Sentences) == 0 || len(b.KeyPoints) == 0 {
		t.Errorf("got %d sentences and %d key points", len(b.Sentences), len(b.KeyPoints))
	}
}

// Text without full stops is cut into bounded sentences, so no step runs on
// one endless sentence.
func TestNoFullStops(t *testing.T) {
	b := analyzeText(t, strings.Repeat("delegates from many countries discussed trade, ", 4000))
	for _, s := range b.Sentences {
		if len(s.Text) > maxSentence {
			t.Fatalf("a sentence of %d bytes", len(s.Text))
		}
	}
	if len(b.Sentences) < 100 {
		t.Errorf("got %d sentences", len(b.Sentences))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "a", `"`, "By X\n", "A: b", "Mr. . . \"", "\u2014 \u2014", "He said \"she"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Analyze(data, Options{MaxBytes: 1 << 16})
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, a := range b.Actors {
			ids[a.ID] = true
		}
		for _, p := range b.Positions {
			if !ids[p.Actor] {
				t.Fatalf("position for unknown actor %q", p.Actor)
			}
			for _, i := range p.Sentences {
				if i < 0 || i >= len(b.Sentences) {
					t.Fatalf("position cites sentence %d of %d", i, len(b.Sentences))
				}
			}
		}
		for _, k := range b.KeyPoints {
			if !utf8.ValidString(k.Text) {
				t.Fatalf("key point is not valid UTF-8: %q", k.Text)
			}
		}
		if _, err := json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRolesAroundNames(t *testing.T) {
	b := analyzeText(t, "Kremlin spokesman Dmitry Peskov said talks would go on. Amara Diallo, a campaigner from Senegal, disagreed. Diallo said so twice. "+
		"The veteran Chilean archbishop Tomas Ferro blessed the accord. Ines Varela, a UN rapporteur for the island states, asked for patience. "+
		"EU Special Representative for Peru Marta Solis spoke next. The prosecutor general of Lima, Jorge Ramos Vidal, said charges would follow.")
	tests := map[string]string{"peskov": "Kremlin spokesman", "diallo": "campaigner from Senegal", "ferro": "Chilean archbishop", "varela": "UN rapporteur",
		"solis": "EU Special Representative for Peru", "ramos vidal": "prosecutor general of Lima"}
	for q, want := range tests {
		if a := lookup.FindActor(b, q); a == nil || a.Role != want {
			t.Errorf("%s: got %+v, want role %q", q, a, want)
		}
	}
}

// lineDiff lists the first lines where two texts differ, "-" for want and
// "+" for got, each with its line number.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 20; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("%4d - %s", i+1, a), fmt.Sprintf("%4d + %s", i+1, b))
		}
	}
	return strings.Join(out, "\n")
}

func TestMiddleInitialIsTheSamePerson(t *testing.T) {
	b := analyzeText(t, `Security adviser John R. Baker resigned on Monday. "I thanked John Baker for his work," President Ana Ruiz said.`)
	var bakers []string
	for _, a := range b.Actors {
		if strings.Contains(a.Name, "Baker") {
			bakers = append(bakers, a.Name)
		}
	}
	if len(bakers) != 1 || bakers[0] != "John R. Baker" {
		t.Fatalf("Baker actors: %q, want one, John R. Baker", bakers)
	}
}

// One person however the report spells the name: with its diacritics
// ("Doğan", a letter no table lists) or without.
func TestDiacriticsAreTheSamePerson(t *testing.T) {
	b := analyzeText(t, "Mayor Dogan opens the bridge\n\nOn Friday the mayor of the port city, Selim Doğan, opened the new bridge. Doğan said the toll would stay low.")
	var found []string
	for _, a := range b.Actors {
		if a.Kind == Person {
			found = append(found, a.Name)
		}
	}
	if len(found) != 1 || found[0] != "Selim Doğan" {
		t.Fatalf("people: %q, want one, Selim Doğan", found)
	}
	if a := lookup.FindActor(b, "dogan"); a == nil || a.Name != "Selim Doğan" {
		t.Errorf("/positions dogan: got %+v", a)
	}
}

// "The Portuguese foreign minister" before the report names her is the
// person it later names with that title, not someone named earlier; a
// weekday in front of a title is not part of it.
func TestDescriptionBeforeTheName(t *testing.T) {
	b := analyzeText(t, "Tania Reis Alto joined the talks on the port deal. "+
		"Prime Minister Rui Lobo defended the deal, despite criticism by the Portuguese foreign minister. "+
		"On Thursday Portuguese Foreign Minister Clara Nunes said the deal needed a vote in parliament.")
	a := lookup.FindActor(b, "the portuguese foreign minister")
	if a == nil || a.Name != "Clara Nunes" {
		t.Fatalf("the Portuguese foreign minister: got %+v, want Clara Nunes", a)
	}
	if a.Role != "Portuguese Foreign Minister" {
		t.Errorf("role %q, want Portuguese Foreign Minister", a.Role)
	}
	if a := lookup.FindActor(b, "tania reis alto"); a == nil || strings.Contains(strings.ToLower(a.Role), "minister") {
		t.Errorf("the earlier person took the description: %+v", a)
	}
}

// Places and posts that look like people's names are not people; roles
// after "who is the" and lower-case titles before a name are read whole.
func TestPlacesAndPostsAreNotPeople(t *testing.T) {
	b := analyzeText(t, "Fighting reached Tell Abyad and Ain Sifa on Monday. The Secretary of Transportation said the roads were closed. "+
		"Sara Lind, who is the secretary of state, met national security adviser Tom Hale in Tell Abyad. "+
		"The president will name a new National Security Adviser next week.")
	for _, a := range b.Actors {
		if a.Kind == Person && (strings.Contains(a.Name, "Abyad") || strings.Contains(a.Name, "Sifa") || strings.Contains(a.Name, "Transportation") || strings.Contains(a.Name, "Adviser")) {
			t.Errorf("%q is not a person", a.Name)
		}
		if a.Kind == Organization && strings.Contains(a.Name, "Adviser") {
			t.Errorf("%q is a post, not an organisation", a.Name)
		}
	}
	for q, want := range map[string]string{"lind": "secretary of state", "hale": "national security adviser"} {
		if a := lookup.FindActor(b, q); a == nil || a.Role != want {
			t.Errorf("%s: got %+v, want role %q", q, a, want)
		}
	}
}

// A description set off beside a name is that person; "he" after an
// opening phrase goes on from the last sentence's subject, not the person
// the phrase mentions; "a Member of Parliament" speaks for herself.
func TestAppositivesAndOpeningPhrases(t *testing.T) {
	b := analyzeText(t, "Omar Haddad, the Prime Minister of Jordan, ordered a day of mourning. "+
		"Speaking to Lena Fisk of the BBC, he said, \"We will rebuild every school that was lost.\" "+
		"Member of Parliament (MP) Ruth Ayers of the Green Party added, \"The budget must pay for the schools before anything else.\"")
	if a := lookup.FindActor(b, "the prime minister of jordan"); a == nil || a.Name != "Omar Haddad" {
		t.Errorf("the Prime Minister of Jordan: got %+v", a)
	}
	for words, want := range map[string]string{"rebuild every school": "omar-haddad", "budget must pay": "ruth-ayers"} {
		if got, ok := quoteActor(b, words); !ok || got != want {
			t.Errorf("quote %q: speaker %q (found %v), want %s", words, got, ok, want)
		}
	}
}

// quoteActor is the actor id of the quote holding words, or "" with ok
// false when there is no such quote.
func quoteActor(b *Briefing, words string) (id string, ok bool) {
	for _, q := range b.Quotes {
		if strings.Contains(q.Text, words) {
			return q.Actor, true
		}
	}
	return "", false
}

// A statement's words are whoever released it: "They" opening a sentence
// after one whose subject was a body is that body; `…" read the statement`
// is whoever the report last said released one.
func TestStatementsSpeakForWhoReleasedThem(t *testing.T) {
	for _, c := range []struct{ name, text, words, want string }{
		{"they, a statement which said", "The Harbour Workers Union criticised the port deal on Monday. " +
			"They released a statement which said, \"The deal hands the docks to a foreign operator without a single guarantee for jobs.\"",
			"hands the docks", "harbour-workers-union"},
		{"read the statement", "On Friday the Harbour Authority released a statement about the storm. " +
			"A spokesperson said the port would reopen on Monday. \"No ships were damaged,\" read the statement.",
			"No ships", "harbour-authority"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := analyzeText(t, c.text)
			if got, ok := quoteActor(b, c.words); !ok || got != c.want {
				t.Errorf("quote %q: speaker %q (found %v), want %s; quotes %+v", c.words, got, ok, c.want, b.Quotes)
			}
		})
	}
}

// A body is one actor however the report names it, and an act with an
// object is a position even of a verb that alone is logistics.
func TestOneBodyAndActsWithObjects(t *testing.T) {
	b := analyzeText(t, "Chilean Senate backs fishing law\n\nOn Monday the Senate of Chile voted on the fishing law. Later, Senator Ana Ruiz ended her campaign for the leadership.")
	var senates []string
	for _, a := range b.Actors {
		if strings.Contains(a.Name, "Senate") {
			senates = append(senates, a.Name)
		}
	}
	if len(senates) != 1 {
		t.Errorf("senates: %q, want one", senates)
	}
	found := false
	for _, p := range b.Positions {
		found = found || p.Actor == "ana-ruiz" && strings.Contains(p.Text, "ended her campaign")
	}
	if !found {
		t.Errorf("no position for Ana Ruiz's ended campaign: %+v", b.Positions)
	}
}

// Every claim records the rule that made it, and Explain shows the
// workings behind each sentence.
func TestExplainNamesTheRules(t *testing.T) {
	text := "Talks on fishing rights\n\nForeign Minister Ada Brenn of Norland met her Vestrian counterpart, Tomas Quell, in Oslo on Monday. " +
		"Brenn wants a deal before the summer. \"We are close,\" Quell told reporters after the talks.\n"
	x, err := Explain([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range x.Briefing.Positions {
		if p.Rule == "" {
			t.Errorf("position %q has no rule", p.Text)
		}
	}
	var rules []string
	for _, s := range x.Sentences {
		if len(s.Words) == 0 {
			t.Errorf("sentence %d has no parse", s.I)
		}
		for _, p := range s.Positions {
			rules = append(rules, p.Actor+": "+p.Rule)
		}
		for _, q := range s.Quotes {
			rules = append(rules, "quote "+q.Speaker+": "+q.Rule)
		}
	}
	joined := strings.Join(rules, "\n")
	for _, want := range []string{"Ada Brenn: ", "parse: nsubj of want", "quote Tomas Quell: parse: the subject of the verb of speech the quote hangs on"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q among the rules:\n%s", want, joined)
		}
	}
	if !x.Only("minister brenn") {
		t.Fatal("Only does not find the minister")
	}
	var out strings.Builder
	if err := x.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, "We are close") || !strings.Contains(got, "rule: ") || !strings.Contains(got, "mention \"Brenn\"") {
		t.Errorf("the explanation for Brenn alone:\n%s", got)
	}
	if x.Only("nobody at all") {
		t.Error("Only found an actor the report does not have")
	}
}

// A given name borne almost only by women or by men tells "she" from "he".
func TestGivenNamesTellHeFromShe(t *testing.T) {
	b, err := Analyze([]byte("Talks in Oslo\n\nPedro Ruiz met Helena Brandt in Oslo on Monday. She said the talks would resume in March.\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	she := lookup.FindActor(b, "brandt")
	if she == nil {
		t.Fatal("Helena Brandt not found")
	}
	for _, p := range b.Positions {
		if strings.Contains(p.Text, "resume in March") && p.Actor != she.ID {
			t.Errorf("%q went to %s, not to Helena Brandt", p.Text, p.Actor)
		}
	}
	if len(b.PositionsOf(she.ID)) == 0 {
		t.Errorf("Helena Brandt holds no position; positions: %+v", b.Positions)
	}
}

// Two names that recur alone and are no one's surname become bodies; they
// were once registered in a map's order, so the actor list changed from run
// to run.
func TestSameReportSameActors(t *testing.T) {
	text := "Rival factions met in Cairo on Monday.\n\n" +
		"Officials said that Hamas turned down the offer while Fatah took it. " +
		"On Tuesday both Hamas and Fatah said they would wait."
	names := func() string {
		var out []string
		for _, a := range analyzeText(t, text).Actors {
			out = append(out, a.Name)
		}
		return strings.Join(out, ", ")
	}
	first := names()
	if !strings.Contains(first, "Hamas") || !strings.Contains(first, "Fatah") {
		t.Fatalf("actors %q: want Hamas and Fatah among them", first)
	}
	for range 20 {
		if got := names(); got != first {
			t.Fatalf("actors changed between runs:\n%s\n%s", first, got)
		}
	}
}

// A possessive inside a body's name keeps the name whole, and a hyphenated
// description before it ("the Kurdish-led …") becomes its role.
func TestPossessiveNamesAndLedBodies(t *testing.T) {
	b := analyzeText(t, "Border clashes go on\n\n"+
		"The Tamil-led Eastern Coastal Front said on Monday that it would join the talks. "+
		"The People's Liberation Army and the Farmers' Alliance did not comment, while Greece's Foreign Ministry welcomed the move.")
	want := map[string]string{"People's Liberation Army": "", "Farmers' Alliance": "", "Eastern Coastal Front": "Tamil-led"}
	got := map[string]string{}
	for _, a := range b.Actors {
		got[a.Name] = a.Role
	}
	for name, role := range want {
		if r, ok := got[name]; !ok || r != role {
			t.Errorf("actor %q with role %q: got %v", name, role, got)
		}
	}
	if _, ok := got["Greece's Foreign Ministry"]; ok {
		t.Errorf("a country's possessive joined a body's name: %v", got)
	}
	if a := lookup.FindActor(b, "the tamils"); a == nil || a.Name != "Eastern Coastal Front" {
		t.Errorf("/positions the tamils found %v", a)
	}
}

// What someone said without quotation marks is theirs: "…, the minister
// said." at the end, or ", he said," in the middle.
func TestUnquotedReportedSpeech(t *testing.T) {
	b := analyzeText(t, "Talks on the shipping code\n\n"+
		"Swedish Minister for Foreign Trade Johan Ekdahl was cautious on Monday. "+
		"The code would need the backing of Russia and Canada, he said, and neither had yet signalled support. "+
		"The deal will take months, Ekdahl said. "+
		"Talks will resume in June, the minister told reporters.")
	a := lookup.FindActor(b, "ekdahl")
	if a == nil {
		t.Fatal("no Ekdahl")
	}
	var texts []string
	for _, p := range b.PositionsOf(a.ID) {
		texts = append(texts, p.Text)
	}
	got := strings.Join(texts, "|")
	for _, want := range []string{"The code would need the backing of Russia and Canada", "The deal will take months", "Talks will resume in June"} {
		if !slices.Contains(texts, want) {
			t.Errorf("positions %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "neither had") {
		t.Errorf("what follows the aside is not what he said: %q", got)
	}
}

// Titles with two portfolios, a body named after its kind, and a month
// after a body's name.
func TestOfficesKindsAndDates(t *testing.T) {
	b := analyzeText(t, "Arctic shipping talks\n\n"+
		"Norway's Minister of Trade and Industry Kari Lunde Haugen met the campaign group Polar Watch. "+
		"The draft goes to the Arctic Council in May.")
	got := map[string]string{}
	for _, a := range b.Actors {
		got[a.Name] = a.Kind + " " + a.Role
	}
	for name, want := range map[string]string{
		"Kari Lunde Haugen": "person Norwegian Minister of Trade and Industry",
		"Polar Watch":       "organization ",
		"Arctic Council":    "organization ",
	} {
		if got[name] != want {
			t.Errorf("%s: got %q, want %q (all: %v)", name, got[name], want, got)
		}
	}
}

// A speaker's turn goes on over the paragraphs after its label, up to the
// next label; a bracketed aside and what follows the last turn are the
// reporter's, and questions from the floor are a questioner's.
func TestTranscriptTurnsGoOn(t *testing.T) {
	b := analyzeText(t, "Press conference on the dam\n\n"+
		"The following are remarks by the United Nations envoy for water, Dr. Miriam Okafor, and Minister Hany Soliman.\n\n"+
		"OKAFOR: Good afternoon. Both delegations agreed to a technical committee.\n\n"+
		"The committee will meet every month.\n\n"+
		"(Laughter)\n\n"+
		"SOLIMAN: Egypt wants a binding agreement.\n\n"+
		"QUESTION: Is Ethiopia ready to sign?\n\n"+
		"SOLIMAN: Ask them.\n\n"+
		"The two ministers last met in March.")
	if got := positionsOf(b, "okafor"); !anyContains(got, "committee will meet every month") {
		t.Errorf("Okafor's turn should go on into the next paragraph: %q", got)
	}
	var turns []string
	for _, q := range b.Quotes {
		turns = append(turns, q.Speaker+": "+q.Text)
	}
	want := []string{
		"Miriam Okafor: Good afternoon. Both delegations agreed to a technical committee. The committee will meet every month.",
		"Hany Soliman: Egypt wants a binding agreement.",
		"a questioner: Is Ethiopia ready to sign?",
		"Hany Soliman: Ask them.",
	}
	if strings.Join(turns, "\n") != strings.Join(want, "\n") {
		t.Errorf("turns:\n%s\nwant:\n%s", strings.Join(turns, "\n"), strings.Join(want, "\n"))
	}
	if a := lookup.FindActor(b, "okafor"); a == nil || a.Role != "United Nations envoy for water" {
		t.Errorf("Okafor's role from the appositive before her name: %+v", a)
	}
}

// Conventions of wire copy: a dateline with the agency in brackets, a name
// with a suffix, "the ministry" for the country's ministry named before,
// and a speaker's aside the parse reads as a conjunct.
func TestWireConventions(t *testing.T) {
	b := analyzeText(t, "Pact signed in Cairo\n\n"+
		"CAIRO (Agency) \u2014 Egyptian President Abdel Fattah al-Sisi signed the pact on Sunday.\n\n"+
		"Egypt's foreign ministry rejected the criticism. The ministry said the country had taken in millions of refugees.\n\n"+
		"Martin Luther King Jr. once said the arc of history bends towards justice, al-Sisi told the audience.")
	if b.Dateline != "CAIRO (Agency)" {
		t.Errorf("dateline %q", b.Dateline)
	}
	names := map[string]bool{}
	for _, a := range b.Actors {
		names[a.Name] = true
	}
	if !names["Martin Luther King Jr."] || names["CAIRO"] || names["Agency"] {
		t.Errorf("actors %v", names)
	}
	if got := positionsOf(b, "egypt"); !anyContains(got, "had taken in millions") {
		t.Errorf("Egypt's positions %q lack what its ministry said", got)
	}
	if got := positionsOf(b, "al-sisi"); !slices.Contains(got, "Martin Luther King Jr. once said the arc of history bends towards justice") {
		t.Errorf("al-Sisi's positions %q lack what he told the audience", got)
	}
}

// A title's abbreviation is the title ("Gen. X" is "the general" after),
// never an adjective before a noun ("the general election"); a portfolio of
// two words keeps its person.
func TestAbbreviatedTitlesAndPortfolios(t *testing.T) {
	b := analyzeText(t, "Mission to Haiti\n\n"+
		"Secretary of State Rebecca Hale spoke with Kenyan Cabinet Secretary for Foreign and Diaspora Affairs Musalia Kamau. "+
		"Hale later met Army Chief of Staff Gen. Paul Odhiambo. The general said the first units were ready. "+
		"The general election is due in August.")
	if a := lookup.FindActor(b, "kamau"); a == nil || a.Kind != brief.Person || a.Name != "Musalia Kamau" {
		t.Errorf("Kamau: %+v", a)
	}
	got := positionsOf(b, "odhiambo")
	if !slices.Contains(got, "The general said the first units were ready") || anyContains(got, "election") {
		t.Errorf("Odhiambo's positions: %q", got)
	}
}

// "The pair" are the two people most in view, as "the two leaders" are.
func TestThePair(t *testing.T) {
	b := analyzeText(t, "Leaders meet in Brussels\n\n"+
		"Serbian President Aleksandar Petrovic and Kosovo Prime Minister Albin Kurtaj met on Tuesday. "+
		"The pair agreed to set up a joint commission on missing persons.")
	for _, name := range []string{"petrovic", "kurtaj"} {
		if got := positionsOf(b, name); !anyContains(got, "joint commission") {
			t.Errorf("%s: positions %q lack what the pair agreed", name, got)
		}
	}
}

// Delegations and unnamed negotiators speak for their country, a regional
// adjective is nobody, and "EU" is the European Union named before.
func TestDelegationsAndUnnamedNegotiators(t *testing.T) {
	b := analyzeText(t, "Finance talks\n\n"+
		"The proposal was rejected by the Chilean delegation. "+
		"Ghana's chief negotiator, who speaks for the group of African states, warned that the bloc would walk out. "+
		"The European Union offered more money. Later EU envoy Marta Lind said the offer was final.")
	for _, c := range []struct{ actor, want string }{
		{"chile", "rejected by the Chilean delegation"},
		{"ghana", "would walk out"},
	} {
		if got := positionsOf(b, c.actor); !anyContains(got, c.want) {
			t.Errorf("%s: positions %q lack %q", c.actor, got, c.want)
		}
	}
	unions := 0
	for _, a := range b.Actors {
		if a.Name == "African" {
			t.Errorf("a regional adjective became an actor: %+v", a)
		}
		if a.Name == "EU" || a.Name == "European Union" {
			unions++
		}
	}
	if unions != 1 {
		t.Errorf("%d actors for the European Union, want 1", unions)
	}
}

// Wire copy closes an attribution with when or where it was said, and opens
// a subject with the role its name stands beside.
func TestAttributionWithItsCircumstances(t *testing.T) {
	b := analyzeText(t, "Talks\n\n"+
		"The ministry will not raise its offer, Finance Minister Tomas Berg said late on Thursday. "+
		"Chile's environment minister, Rosa Vidal, urged rich countries to pay more.")
	berg := lookup.FindActor(b, "berg")
	if berg == nil {
		t.Fatal("no Berg")
	}
	pos := b.PositionsOf(berg.ID)
	if len(pos) == 0 || pos[0].Text != "The ministry will not raise its offer" {
		t.Errorf("Berg's positions %+v", pos)
	}
	if got := positionsOf(b, "vidal"); !slices.Contains(got, "Chile's environment minister, Rosa Vidal, urged rich countries to pay more") {
		t.Errorf("Vidal's positions %q", got)
	}
}

// A given name that is also a country stays the person's; a family name
// keeps its particles; a body inside a speaker's appositive, or after "from
// X and", is not the subject.
func TestPlaceGivenNamesParticlesAndAppositives(t *testing.T) {
	b := analyzeText(t, "Truce talks\n\n"+
		"Envoys from Oman and Jordan urged both sides to hold fire. "+
		"Israel Navon, a senior adviser to the delegation, said the talks would resume. "+
		"Liesbeth van den Broek, the United Nations coordinator for the region, said aid had reached the north. "+
		"An Iranian official said the team would return to Geneva. "+
		"Officials met in Geneva. She is expected to brief the council on Friday.")
	if a := lookup.FindActor(b, "navon"); a == nil || a.Name != "Israel Navon" || a.Kind != brief.Person {
		t.Errorf("Navon: %+v", a)
	}
	if got := positionsOf(b, "jordan"); len(got) > 0 {
		t.Errorf("Jordan holds %q, though only envoys from it urged", got)
	}
	if got := positionsOf(b, "united nations"); len(got) > 0 {
		t.Errorf("the United Nations holds its coordinator's words %q", got)
	}
	if got := positionsOf(b, "iran"); !anyContains(got, "would return to Geneva") {
		t.Errorf("Iran's positions %q lack what its official said", got)
	}
	found := false
	for _, k := range b.KeyPoints {
		found = found || strings.HasPrefix(k.Text, "Van den Broek is expected")
	}
	if !found {
		t.Errorf("key points %+v: no 'Van den Broek is expected'", b.KeyPoints)
	}
}

// A role is written as the text has it, clitics and all.
func TestRolesKeepTheirSpacing(t *testing.T) {
	b := analyzeText(t, "Envoy arrives\n\nKarin van der Berg, the European Union's special envoy, arrived in Doha.")
	if a := lookup.FindActor(b, "van der berg"); a == nil || a.Role != "European Union's special envoy" {
		t.Errorf("van der Berg: %+v", a)
	}
	for in, want := range map[string]string{"European Union 's envoy": "European Union's envoy", "the ( acting ) head , then": "the (acting) head, then"} {
		if got := joinWords(strings.Fields(in)); got != want {
			t.Errorf("joinWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// `"…," she said` after her name is her own word, reported by no one else.
func TestSpeakerIsNotHerOwnReporter(t *testing.T) {
	b := analyzeText(t, "Talks\n\nMinister Priya Raman spoke after the talks. \"We have put a fair offer on the table,\" she said.")
	a := lookup.FindActor(b, "raman")
	if a == nil {
		t.Fatal("no Raman")
	}
	for _, p := range b.PositionsOf(a.ID) {
		if p.Attribution != "" {
			t.Errorf("position %q reported by %q", p.Text, p.Attribution)
		}
	}
}

// What someone the report does not name says of actors ("An aide said X
// and Y explained …") stays theirs, by the parse as by the words, with the
// aide as its reporter.
func TestParseKeepsWhatAnUnnamedSourceRelays(t *testing.T) {
	text := "Talks in Lima\n\nChancellor Lena Berg met President Ana Ruiz in Lima on Monday. " +
		"An aide said Berg and Ruiz explained to reporters that the border would reopen in May.\n"
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"lena-berg", "ana-ruiz"} {
		found := false
		for _, p := range b.Positions {
			if p.Actor == id && strings.Contains(p.Text, "border would reopen") {
				found = true
				if !strings.Contains(p.Rule, "parse: ") || p.Attribution != "An aide" {
					t.Errorf("%s: rule %q, reported by %q; want a parse rule, reported by An aide", id, p.Rule, p.Attribution)
				}
			}
		}
		if !found {
			t.Errorf("no position of %s on the border: %+v", id, b.Positions)
		}
	}
}

// A name in brackets is shown as written, though position texts leave
// brackets out.
func TestExplainShowsBracketedNames(t *testing.T) {
	text := "Fishing rules\n\nThe Norland Fisheries Agency (NFA) criticised the quota on Monday. The NFA said it was too low.\n"
	x, err := Explain([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, s := range x.Sentences {
		for _, m := range s.Mentions {
			if m.Text == "" {
				t.Errorf("sentence %d: a mention of %q without text", s.I, m.Actor)
			}
			seen = seen || m.Text == "NFA"
		}
	}
	if !seen {
		t.Error("no mention reads NFA")
	}
}

// People a report names only by what they are ("protesters", "Iraqi
// militias", "attorneys general") are one actor where they do or say
// something, and no actor where they are only done to.
func TestGroupsThatAct(t *testing.T) {
	text := "Unrest in Lima\n\nOn Sunday, attorneys general from nine provinces filed a joint complaint. " +
		"Protesters claimed that the mayor had lied about the budget. " +
		"Some Peruvian militias had made threats against the police. Later the police dispersed the strikers.\n"
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"attorneys-general": "joint complaint", "protesters": "mayor had lied", "militias": "made threats"}
	for id, text := range want {
		found := false
		for _, p := range b.Positions {
			found = found || p.Actor == id && strings.Contains(p.Text, text)
		}
		if !found {
			t.Errorf("no position of %s with %q: %+v", id, text, b.Positions)
		}
	}
	for _, a := range b.Actors {
		if a.ID == "strikers" {
			t.Errorf("the strikers, only dispersed, are an actor: %+v", a)
		}
		if a.ID == "militias" && a.Country != "peru" {
			t.Errorf("the Peruvian militias have country %q", a.Country)
		}
	}
}

// "The spokesman" after "a Harbour Authority spokesman" speaks for the
// same body.
func TestTheSpokespersonAgain(t *testing.T) {
	text := `Officials of the Harbour Authority met shipping firms in Gdynia on Monday. "The talks were useful," a Harbour Authority spokesman said. ` +
		`The spokesman added that the authority "will not reopen the north pier this year".`
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range b.Actors {
		ids = append(ids, a.ID)
	}
	if got := positionsOf(b, "harbour-authority"); !anyContains(got, "will not reopen the north pier") {
		t.Errorf("positions of the Harbour Authority (actors %v): %q", ids, got)
	}
}

// How someone feels about something ("was disappointed by") is their
// stance, and what a country's spokesperson says of the country is its
// position, as the spokesperson gives it.
func TestFeelingsAndSpokespeople(t *testing.T) {
	text := "Chancellor Olaf Weber was disappointed by the court's ruling, aides said. " +
		"After the vote, a Norwegian foreign ministry spokesperson, Kari Lund, indicated that Norway was alarmed by the decision."
	b, err := Analyze([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := positionsOf(b, "weber"); !anyContains(got, "disappointed by the court's ruling") {
		t.Errorf("positions of Weber: %q", got)
	}
	got := positionsOf(b, "norway")
	if !anyContains(got, "Norway was alarmed by the decision") {
		t.Errorf("positions of Norway: %q", got)
	}
	for _, p := range b.Positions {
		if p.Actor == "norway" && !strings.Contains(p.Attribution, "Lund") {
			t.Errorf("Norway's position %q reported by %q, want the spokesperson", p.Text, p.Attribution)
		}
	}
}

// Capitalised words that are no one: a sentence's opening adverb, a phrase
// made of ordinary words, a newspaper, a cape; and a question is no claim.
func TestCapitalisedPhrasesAreNoOne(t *testing.T) {
	b := analyzeText(t, "Harbour wage talks\n\n"+
		"Yesterday Lena Marsh met the editors of the Coastal Weekly at Cape Orla. "+
		"Marsh said Living Wage and Moon Rocks were the names of the two proposals. "+
		"Will Norway sign the pact? Marsh wants a vote.")
	kinds := map[string]string{}
	for _, a := range b.Actors {
		kinds[a.Name] = a.Kind
	}
	for name, want := range map[string]string{"Lena Marsh": Person, "Coastal Weekly": Organization} {
		if kinds[name] != want {
			t.Errorf("%s: kind %q, want %q (all: %v)", name, kinds[name], want, kinds)
		}
	}
	for _, name := range []string{"Yesterday Lena Marsh", "Living Wage", "Moon Rocks", "Cape Orla", "Coastal Weekly"} {
		if kinds[name] == Person {
			t.Errorf("%s is a person (all: %v)", name, kinds)
		}
	}
	if got := positionsOf(b, "norway"); len(got) > 0 {
		t.Errorf("a question gives Norway positions %q", got)
	}
	if got := positionsOf(b, "marsh"); !anyContains(got, "wants a vote") {
		t.Errorf("positions of Marsh: %q", got)
	}
}

// A title whose office ends with a name ("CEO of the X Council Jonas
// Brekke") is that person, and a description with a name set beside it
// ("Peru's Prime Minister, Ana Quispe,") is that person, not the
// registry's guess among those named before.
func TestTitleBesideAName(t *testing.T) {
	b := analyzeText(t, "Refugee claims\n\n"+
		"Tomas Irala said the forms were late. "+
		`After the leak, CEO of the Migrant Aid Council Jonas Brekke told reporters any process "must be fair". `+
		`Peru's Prime Minister, Ana Quispe, said, "We want a deal by June."`)
	speakers := map[string]string{"must be fair": "jonas-brekke", "deal by June": "ana-quispe"}
	for _, q := range b.Quotes {
		for text, want := range speakers {
			if strings.Contains(q.Text, text) && q.Actor != want {
				t.Errorf("quote %q: speaker %q (%s), want %s", q.Text, q.Speaker, q.Actor, want)
			}
		}
	}
	for _, a := range b.Actors {
		if a.Kind != Person && strings.EqualFold(a.Name, "ceo") {
			t.Errorf("the title is an actor: %+v", a)
		}
		if a.Name == "Ana Quispe" && !strings.Contains(strings.ToLower(a.Role), "prime minister") {
			t.Errorf("Ana Quispe: role %q, want the prime minister's", a.Role)
		}
		if a.Name == "Tomas Irala" && a.Role != "" {
			t.Errorf("Tomas Irala: role %q, want none", a.Role)
		}
	}
}

// A given name alone, again and again, is someone; a federation's state is
// a place.
func TestGivenNameAloneAndStates(t *testing.T) {
	b := analyzeText(t, "Flood appeal\n\n"+
		"The parents of Elena asked for help. Doctors said Elena needed care in New South Wales. Later Elena recovered.")
	kinds := map[string]string{}
	for _, a := range b.Actors {
		kinds[a.Name] = a.Kind
	}
	if kinds["Elena"] != Person {
		t.Errorf("Elena: kind %q, want person (all: %v)", kinds["Elena"], kinds)
	}
	if kinds["New South Wales"] == Person {
		t.Errorf("New South Wales is a person (all: %v)", kinds)
	}
}

// A picture's credit at the end of its caption is cut; a sentence that
// only mentions a photo keeps its words.
func TestWithoutCredit(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"The harbour at dawn. Image: Lena Marsh.", "The harbour at dawn."},
		{"Protesters outside the court Photo: Reuters / Ivan Petrov", "Protesters outside the court"},
		{"Image: Lena Marsh.", ""},
		{"She said the photo: it was staged.", "She said the photo: it was staged."},
		{"The ministry published an image of the draft.", "The ministry published an image of the draft."},
	} {
		if got := withoutCredit(tt.in); got != tt.want {
			t.Errorf("withoutCredit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A surname that is also a capital is the person's, where the report names
// the person in full and the sentence does not put it after a preposition;
// a title word before a place's head word names no one.
func TestPlaceSurnames(t *testing.T) {
	b := analyzeText(t, "Ship case\n\n"+
		"Valeska Paris, an Australian woman, sued the firm in Paris. Paris claims she was held on the ship. "+
		"Pilgrims prayed at the Grand Mosque.")
	kinds := map[string]string{}
	for _, a := range b.Actors {
		kinds[a.Name] = a.Kind
	}
	if kinds["Valeska Paris"] != Person || kinds["Mosque"] == Person {
		t.Errorf("kinds: %v, want Valeska Paris a person and no Mosque", kinds)
	}
	if got := positionsOf(b, "valeska"); !anyContains(got, "held on the ship") {
		t.Errorf("positions of Valeska Paris: %q", got)
	}
}

// An interview written as questions and answers without labels: each
// answer is the interviewee's turn, each question the interviewer's.
func TestInterviewWithoutLabels(t *testing.T) {
	b := analyzeText(t, "Briefbot interviews Lena Marsh, candidate for harbour mayor\n\n"+
		"Lena Marsh is running for mayor of the harbour town. Marsh spoke to us by e-mail.\n\n"+
		"Why are you running?\n\n"+
		"I want the ferry to run every hour. The council has ignored the islands for years.\n\n"+
		"What would you change first?\n\n"+
		"The budget must pay for new piers before anything else.")
	got := positionsOf(b, "marsh")
	for _, want := range []string{"ferry to run every hour", "budget must pay for new piers"} {
		if !anyContains(got, want) {
			t.Errorf("positions of Lena Marsh: %q, want one containing %q", got, want)
		}
	}
	if anyContains(got, "Why are you running") {
		t.Errorf("the interviewer's question is Marsh's position: %q", got)
	}
}

// A report that only asks questions of its readers is no interview.
func TestQuestionsAreNoInterview(t *testing.T) {
	d := read("Harbour vote\n\nThe council meets today.\n\nWill the ferry run?\n\nNobody knows.\n\nWho pays?\n\nThe town does.")
	for _, p := range d.paras {
		if p.answer || p.speaker != "" {
			t.Errorf("paragraph %q read as a turn (%q, answer %v)", p.text, p.speaker, p.answer)
		}
	}
}

// A storm's name and a pronoun before a name are no part of a person.
func TestStormsAndPronounsBeforeNames(t *testing.T) {
	b := analyzeText(t, "Storm season\n\n"+
		"Cyclone Orla reached the coast on Monday. \"Hello, I'm Tomas Vik,\" the forecaster began. Vik said the winds would ease.")
	kinds := map[string]string{}
	for _, a := range b.Actors {
		kinds[a.Name] = a.Kind
	}
	if kinds["Tomas Vik"] != Person || kinds["Cyclone Orla"] == Person || kinds["I'm Tomas Vik"] != "" {
		t.Errorf("kinds: %v, want Tomas Vik a person and no cyclone", kinds)
	}
}
