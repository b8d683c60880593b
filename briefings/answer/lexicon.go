package answer

import (
	"slices"
	"strings"
)

// stopword are words too common to tell sentences apart.
var stopword = set("up out off any some all each every such own other more most very just only also too so if because while during before after under again further once here both few nor same than ourselves yourself himself herself itself themselves us its a an the of to in on at for by with from and or but as is are was were be been it its this that these those s he she they his her their them him we our you your i my me not no do does did has have had will would can could should about into over than then there which who what when where why how")

// families are words reports use for one another's meaning: a question's
// "job" is a report's "position", its "runs" a report's "director". They
// are general English, not any report's wording.
var families = []string{
	"say tell add stress remark comment",
	"want seek demand call urge push ask expect need wish insist request",
	"think believe view consider feel fear expect",
	"run head lead leader director chief chair chairman manage boss",
	"job position post office role",
	"current currently present presently now",
	"allow permit permitted legal lawful",
	"sit meet reconvene convene return resume",
	"take pull divert redirect transfer",
	"spokesman spokeswoman spokesperson",
	"kill killing death die dead",
	"injure injured injury wound wounded hurt",
	"arrest arrested detain detained",
	"lose lost strip stripped",
	"agree accept accede approve",
	"reject refuse decline oppose dismiss",
	"promise pledge vow",
	"propose offer suggest plan",
	"worry fear concern",
	"criticise criticize accuse blame attack condemn denounce",
	"describe call characterise characterize denounce",
	"order instruct direct command declare",
	"resign quit",
	"win won victory",
	"start begin began launch",
	"charge charged indict",
	"announce declare unveil",
	"respond react reply response reaction",
	"airline carrier",
	"troop troops soldier soldiers",
	"sentence prison jail",
	"board aboard onboard passenger",
	"file filed lodge",
	"replace successor succeed",
	"rule ruling decide decision verdict",
	"happen occur",
	"leave depart departure exit",
	"poison poisoned poisoning",
	"hospital clinic",
	"child children minor minors",
	"fire dismiss oust ousted sack remove",
	"sue sued suit lawsuit",
	"exempt exception except excluding",
	"suspend suspension prorogue",
	"people person persons individuals civilians",
	"meeting meet talks talk talked discussion discussions summit",
	"rule rules policy regulation regulations measure measures restriction restrictions",
	"work cooperate cooperation collaborate collaboration partner",
}

// family maps a word to the other words of its families.
var family = func() map[string][]string {
	out := map[string][]string{}
	for _, f := range families {
		ws := strings.Fields(f)
		for _, w := range ws {
			for _, o := range ws {
				if o != w && !slices.Contains(out[w], o) {
					out[w] = append(out[w], o)
				}
			}
		}
	}
	return out
}()

// opposites answer a yes-or-no question with no: "did X accept" is
// answered by "X rejected".
var opposites = func() map[string][]string {
	pairs := [][2]string{{"accept", "reject"}, {"agree", "reject"}, {"support", "oppose"}, {"win", "lose"},
		{"attend", "boycott"}, {"approve", "veto"}, {"confirm", "deny"}, {"admit", "deny"}, {"resign", "stay"}}
	out := map[string][]string{}
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
		out[p[1]] = append(out[p[1]], p[0])
	}
	return out
}()
