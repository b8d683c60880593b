// Package lexicon is general knowledge of English and of the world's names,
// shared by the language backbone (as features), the analyser (as rules)
// and the reader's lookups: countries with their adjectives and capitals,
// regions, titles, given-name forms, the head words of organisations and
// places, and how names fold for comparison. It imports nothing of the
// project.
//
// Lists are lower case, with the words of a many-word name joined by "_".
// Nothing here names a person; given names are forms a person's name may
// take, not people.
package lexicon

// CountryTable lists countries, one a line: name|adjectives|capitals.
const CountryTable = `afghanistan|afghan|kabul
albania|albanian|tirana
algeria|algerian|algiers
argentina|argentine,argentinian|buenos_aires
armenia|armenian|yerevan
australia|australian|canberra
austria|austrian|vienna
azerbaijan|azerbaijani|baku
bahrain|bahraini|manama
bangladesh|bangladeshi|dhaka
belarus|belarusian|minsk
belgium|belgian|brussels
bolivia|bolivian|la_paz
bosnia|bosnian|sarajevo
brazil|brazilian|brasilia
bulgaria|bulgarian|sofia
cambodia|cambodian|phnom_penh
canada|canadian|ottawa
chile|chilean|santiago
china|chinese|beijing
colombia|colombian|bogota
croatia|croatian|zagreb
cuba|cuban|havana
cyprus|cypriot|nicosia
czech_republic|czech|prague
denmark|danish|copenhagen
egypt|egyptian|cairo
estonia|estonian|tallinn
ethiopia|ethiopian|addis_ababa
finland|finnish|helsinki
france|french|paris
georgia|georgian|tbilisi
germany|german|berlin
ghana|ghanaian|accra
greece|greek|athens
hungary|hungarian|budapest
india|indian|new_delhi
indonesia|indonesian|jakarta
iran|iranian|tehran
iraq|iraqi|baghdad
ireland|irish|dublin
israel|israeli|jerusalem
italy|italian|rome
japan|japanese|tokyo
jordan|jordanian|amman
kazakhstan|kazakh|astana
kenya|kenyan|nairobi
kosovo|kosovar|pristina
kuwait|kuwaiti|kuwait_city
latvia|latvian|riga
lebanon|lebanese|beirut
libya|libyan|tripoli
lithuania|lithuanian|vilnius
luxembourg|luxembourgish|
malaysia|malaysian|kuala_lumpur
mali|malian|bamako
mexico|mexican|mexico_city
moldova|moldovan|chisinau
morocco|moroccan|rabat
netherlands|dutch|amsterdam,the_hague
new_zealand|new_zealander|wellington
niger|nigerien|niamey
nigeria|nigerian|abuja
north_korea|north_korean|pyongyang
norway|norwegian|oslo
oman|omani|muscat
pakistan|pakistani|islamabad
palestine|palestinian|ramallah
peru|peruvian|lima
philippines|filipino,philippine|manila
poland|polish|warsaw
portugal|portuguese|lisbon
qatar|qatari|doha
romania|romanian|bucharest
russia|russian|moscow
rwanda|rwandan|kigali
saudi_arabia|saudi|riyadh
senegal|senegalese|dakar
serbia|serbian|belgrade
singapore|singaporean|
slovakia|slovak|bratislava
slovenia|slovenian|ljubljana
somalia|somali|mogadishu
south_africa|south_african|pretoria
south_korea|south_korean|seoul
spain|spanish|madrid
sudan|sudanese|khartoum
sweden|swedish|stockholm
switzerland|swiss|bern,geneva
syria|syrian|damascus
taiwan|taiwanese|taipei
tanzania|tanzanian|dodoma
thailand|thai|bangkok
tunisia|tunisian|tunis
turkey|turkish|ankara
uganda|ugandan|kampala
ukraine|ukrainian|kyiv,kiev
united_arab_emirates|emirati|abu_dhabi
united_kingdom|british,u.k.,uk|london
united_states|u.s.,us,american,usa|washington
uzbekistan|uzbek|tashkent
venezuela|venezuelan|caracas
vietnam|vietnamese|hanoi
yemen|yemeni|sanaa
myanmar|burmese|naypyidaw
sri_lanka|sri_lankan|colombo
nepal|nepali|kathmandu
laos|lao|vientiane
mongolia|mongolian|ulaanbaatar
iceland|icelandic|reykjavik
montenegro|montenegrin|podgorica
north_macedonia|macedonian|skopje
kyrgyzstan|kyrgyz|bishkek
tajikistan|tajik|dushanbe
turkmenistan|turkmen|ashgabat
ecuador|ecuadorian|quito
uruguay|uruguayan|montevideo
paraguay|paraguayan|asuncion
guatemala|guatemalan|guatemala_city
honduras|honduran|tegucigalpa
panama|panamanian|panama_city
costa_rica|costa_rican|san_jose
haiti|haitian|port-au-prince
dominican_republic|dominican|santo_domingo
jamaica|jamaican|kingston
cameroon|cameroonian|yaounde
ivory_coast|ivorian|yamoussoukro
angola|angolan|luanda
mozambique|mozambican|maputo
zambia|zambian|lusaka
malawi|malawian|lilongwe
botswana|botswanan|gaborone
namibia|namibian|windhoek
eritrea|eritrean|asmara
south_sudan|south_sudanese|juba
chad|chadian|n'djamena
burkina_faso|burkinabe|ouagadougou
congo|congolese|kinshasa,brazzaville
madagascar|malagasy|antananarivo
zimbabwe|zimbabwean|harare
european_union|european,eu,e.u.|brussels`

// CityNames are well-known places whose names look like people's: two capitalised words.
const CityNames = `new_york los_angeles san_francisco hong_kong tel_aviv sao_paulo rio_de_janeiro cape_town st._petersburg
saint_petersburg sharm_el-sheikh las_vegas new_orleans ho_chi_minh_city dar_es_salaam port_moresby palm_beach
new_jersey new_mexico new_hampshire north_carolina south_carolina north_dakota south_dakota west_virginia
rhode_island new_england gaza_strip golan_heights west_jerusalem east_jerusalem northern_ireland nagorno-karabakh
south_ossetia sri_lanka puerto_rico el_salvador costa_rica saudi_arabia new_zealand south_africa south_korea north_korea
east_timor burkina_faso hong_kong_island marshall_islands solomon_islands san_marino vatican_city monte_carlo`

// RegionNames are places that are not countries: regions, seas, states of the United States.
const RegionNames = `middle_east global_south global_north west_africa east_africa north_africa southern_africa
horn_of_africa sahel balkans caucasus black_sea baltic_sea red_sea mediterranean gulf persian_gulf arctic
gaza west_bank crimea donbas kashmir darfur tigray central_asia southeast_asia latin_america
eastern_europe western_europe asia africa europe antarctica indo-pacific pacific atlantic middle_eastern
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina north_dakota ohio oklahoma
oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas utah vermont virginia washington_state
west_virginia wisconsin wyoming`

// RegionAdjectives describe a region or a family of peoples rather than one
// country ("African states", "Arab ministers"): never a name on their own.
const RegionAdjectives = `african asian arab arabian latin caribbean scandinavian nordic balkan baltic slavic
western eastern northern southern central sub-saharan transatlantic pan-african pan-arab gulf pacific
atlantic mediterranean middle_eastern north_african west_african east_african south_asian southeast_asian
latin_american central_american south_american north_american`

// OrgHeadWords are the last words of organisations' names.
const OrgHeadWords = `ministry office council union nations party bank fund agency commission parliament
congress senate assembly court department forces army navy alliance organization organisation group company
corporation corp inc ltd committee federation association institute university foundation coalition cabinet
government administration secretariat bureau service services authority board league movement front
news times post journal press agency guard police network television radio tribunal
summit conference club church embassy consulate delegation mission command
air airlines airways guard guards units workers holdings library insider telegraph branch constitution members
catholic catholics christianity islam sunni shia shiite muslim christian orthodox protestant`

// PlaceWords are the last words of buildings' and landmarks' names.
const PlaceWords = `camp street avenue road hotel palace hall center centre airport school hospital bridge tower
park square castle stadium building house station gate plaza boulevard lane lake mount mountains bay desert
canal ocean`

// PlaceHeadWords are the nouns a place's name may end with.
const PlaceHeadWords = `strip heights region province oblast state city district river sea valley mountains island islands peninsula
county border coast strait port capital town village square airport`

// TitleWords are the words of titles that come before a person's name.
const TitleWords = `ayatollah mr mrs ms dr president president-elect vice prime minister premier chancellor secretary foreign defence
defense finance interior state general gen. sen. senator rep. representative governor gov. mayor king queen prince
princess emir sheikh crown pope ambassador envoy special commissioner chairman chairwoman chair chief director mr.
mrs. ms. dr. prof. lt. col. capt. admiral adm. marshal speaker deputy acting former supreme lord sir dame
minister-president grand duke sultan archbishop cardinal bishop rabbi imam judge justice colonel captain lieutenant
sergeant commander economy trade health education energy justice spokesman spokeswoman spokesperson
high representative top opposition leader head taoiseach tanaiste first`

// GivenNames are common given names of many languages: a capitalised word
// among them is likely a person's name.
const GivenNames = `aaron abdul abdullah abu adam adrian ahmad ahmed aisha alan albert alejandro alex alexander
alexandra alexei alexis alfred ali alice alicia alison amanda amir amy ana anastasia andrea andreas andrew andrei
andrzej angela angelina ann anna anne annie anthony antonio ariel arthur ashley aziz barack barbara barry ben
benjamin bernard bill billy bob bobby boris brad brandon brenda brian bruce carl carla carlos carol caroline
catherine charles charlie charlotte chen cheryl chris christian christina christine christopher claire clara
claude claudia colin craig cynthia dan daniel danielle david dean deborah denis dennis diana diane dmitry
donald donna dorothy douglas edward elena elizabeth ellen emily emma emmanuel eric erik ethan eva evan fatima
francesca francis francisco frank franz fred frederick gabriel gary george georgia gerald gerhard giorgia
giuseppe gloria gordon grace greg gregory hamid hannah hans harold harry hassan heather helen helmut henry
hillary howard hugo hussein ian igor irene isaac isabel ivan jack jacob james jamie jan jane janet janice jason
javier jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan joe joel johann john johnny jonathan jorge
jose joseph joshua joyce juan judith julia julian julie justin karen karl kate katherine kathleen kathryn keith
kelly ken kenneth kevin kim kimberly klaus kyle larry laura lauren lawrence lee leo leonid liam linda lisa liu
louis louise lucas luis luke lydia magnus mahmoud manuel marc marco margaret maria marie marina mario mark
martha martin mary matthew maurice max melissa michael michel michelle miguel mikhail mohamed mohammad mohammed
muhammad nancy natalia natasha nathan nicholas nicola nicolas nikolai noah olaf olga oliver olivia omar oscar
pablo pamela patricia patrick paul paula pedro peter philip philippe pierre rachel rafael ralph randy raymond
rebecca richard rita robert roberto roger ronald rose ruth ryan sally samantha samuel sandra sarah scott sean
sebastian sergei sergey sharon shirley sophia sophie stefan stephanie stephen steve steven susan tatiana teresa
theresa thomas tim timothy tina todd tom tony tyler ursula valentina valerie vanessa victor victoria vincent
virginia vladimir walter wang wayne wei william wolfgang xavier yan yasmin yuri yusuf zhang`

// Stopwords are the words that never tell one text from another in a search.
const Stopwords = `a an the and or but nor so yet of to in on at by for with from as into onto about over under
after before during without within is are was were be been being am has have had having do does did will would
could can may might must shall should it its it's this that these those there here he him his she her hers they
them their theirs we us our ours you your i me my mine who whom whose which what when where why how all any both
each few more most other some such no not only own same than too very just also s 's said says say told according
one two three four five six seven eight nine ten if then because while although though since until up down out
off again further once per via vs whether ever never still even much many well back upon amid among between`

// Abbreviations are the words whose final period does not end a sentence.
const Abbreviations = `mr. mrs. ms. dr. prof. gen. sen. rep. gov. lt. col. capt. sgt. adm. st. jr. sr. no. vs. etc.
inc. corp. co. ltd. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. e.g. i.e. a.m. p.m. approx. dept.
est. fig. mt. ft. maj. pres. gov't. u.s. u.k. u.n. e.u. d.c.`

// FemaleGivenNames and MaleGivenNames are given names borne, in the
// languages they come from, almost only by women or by men. Names borne by
// both ("jean", "andrea", "kim", "alex") are in neither.
const FemaleGivenNames = `aisha alexandra alice alicia alison amanda amina amy ana anastasia angela angelina ann anna
annalena anne annie ashley barbara beatriz benazir birgit brenda carla carmen carol caroline catherine charlotte
cheryl christina christine chrystia claire clara claudia cristina cynthia danielle deborah diana diane dilma donna
dorothy elena elisabeth elizabeth ellen emily emma eva fatima fatma federica francesca gabriela giorgia gloria grace
hana hannah hasina heather helen helena helene hillary indira ingrid irene isabel isabella jacinda jane janet janice
jennifer jessica joan joyce judith julia julie kamala karen kate katherine kathleen kathryn keiko kristalina kimberly
laura lauren layla leila linda lisa liz louise lucia lydia margaret margarethe maria mariam marie marina marine mariko
martha mary maryam melanie melissa mette michelle nadia nancy natalia natasha ngozi nikki nirmala olga olivia pamela
patricia paula petra priya rachel rania rebecca rita roberta rose ruth sally samantha sandra sanna sarah segolene
sharon shirley sonia sophia sophie stephanie susan svetlana tatiana teresa theresa tina ursula valentina valerie
vanessa victoria yasmin yoko yulia zainab`

const MaleGivenNames = `aaron abbas abdul abdullah abiy abu adam adrian ahmad ahmed alan albert alejandro aleksandar
aleksander alexander alexei alfred ali amir amit andreas andres andrew andrei andrzej anthony antonio antony anwar
arthur asif aziz barack barry bashar ben benjamin bernard bill billy bob bobby bola boris brad brandon brian bruce
carl carlos charles christian christopher claude colin craig cyril dan daniel david dean denis dennis dmitry dmytro donald
douglas ebrahim edward emmanuel emmerson enrico eric erik ethan evan ferdinand francis francisco frank franz fred
frederick friedrich fumio gabriel gary george gerald gerhard gianni giuseppe gordon greg gregory gustavo hamid hans
harold harry hassan helmut henry howard hugo hussein ian igor imran ismail isaac ivan jack jacob jair james jason
javier jeff jeffrey jens jeremy jerry jim jimmy joe joel johann john johnny jonathan jorge jose joseph joshua juan
julian justin karl keir keith ken kenneth kevin klaus kyle larry lawrence leo leonid liam louis lucas luis luiz luke
magnus mahmoud manuel marc marco mario mark martin masoud mateusz matteo matthew maurice max michael michel miguel
mikhail mohamed mohammad mohammed muhammad muhammadu narendra nathan nawaz nayib nicholas nicolas nikol nikolai noah
olaf omar oscar pablo patrick paul pedro peter petr philip philippe pierre rafael rahul ralph randy raymond recep
richard rishi robert roberto rodrigo roger ronald ryan samuel scott sean sebastian sergei sergey sergio shehbaz
shinzo silvio stefan stephen steve steven tayyip thomas tim timothy todd tom tomas tomasz tony tyler uhuru victor viktor vincent
vladimir volodymyr walter wayne william wolfgang xavier yoshihide yoweri yuri yusuf diego mustafa mehmet ahmet oleksandr andriy taras yevgeny alexey anatoly`

// StanceVerbs say what someone wants, says or believes, as lemmas and the
// past forms reports use most: the verbs of a position that sums an actor
// up ("wants a ceasefire", "rejected the plan"), where "hosted" or "used"
// tell only what they did.
const StanceVerbs = `want seek wish need aim plan intend push press reject refuse oppose support back endorse welcome
criticize criticise condemn accuse blame call demand ask request urge insist vow pledge promise propose suggest say
said tell told argue believe fear hope expect acknowledge admit warn repeat reiterate stress explain announce agree
deny offer threaten dismiss`

// SpeechVerbs are the forms of the verbs that say who spoke: "…," the
// minister said; "…," said the minister.
const SpeechVerbs = `said says say added adds told tells stated states noted notes explained explains
reported reports confirmed confirms wrote writes recounted recalled tweeted tweets continued asked replied
responded answered insisted argued warned stressed declared remarked countered concluded acknowledged admitted
complained claimed informed`
