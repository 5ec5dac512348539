"""Hotels, motels and lodges, with their city when the text gives it; and cities in context.

A hotel is recognised by its shape: capitalised words followed by a lodging word (``Lakeview
Motel``, ``Northern Star Suites``, ``Evergreen Motor Inn``), or a French-style lodging word
followed by capitalised words (``Hôtel Champlain``, ``Motel Le Relais``); and by name, for the
chains whose names have no lodging word at their end (``Super 8``, ``Travelodge``, ``Best
Western Plus``, ``Ramada Plaza``, ``Holiday Inn Express``), with the brand's qualifiers kept.
Its city follows as ``in <City>`` / ``à <City>`` (``Sault Ste. Marie`` included).
A French lodging word in lower case names a place after an article when a saint's name or a
capitalised name that is no given name follows (« au motel st-jean »); « Motel 138 » is named
by its road; « au Château Moncton » is a hotel where the narrative speaks of lodging.
Leading capitalised function words (``At``, ``The``, ``Près``) are not part of the name. A
name that a narrative walks out of, or fails to return to after curfew, is a group home named
like a lodge, not a hotel.
"""

from __future__ import annotations

import re
from importlib import resources

from models.normalise import fold, place_key
from models.vocabulary import MentionKind
from nlp.names import is_given_name
from nlp.patterns.shapes import CAP_WORD, LOWER, UPPER, words
from nlp.spans import ExtractorId, Occupancy, Span, make_span, occurrences
from nlp.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

EXTRACTOR_NAME = "pattern.hotel"
#: 1.4: chains after an elided article, lower-case French lodging words, numbered motels, Château with lodging around;
#: more brands (Crowne Plaza, Fairmont, Econolodge, Home2 Suites...), the Hilton after an article.
#: 1.5: Budget Host, a chain capitalised on its first letter only ("the Econo lodge"), a quoted chain with where it
#: stands ("'Travelodge by Wyndham on Queen'"), « GÎTE » in capitals. 1.6: Four Points by Sheraton, SpringHill
#: Suites, AmericInn, Quality Hotel, Best Inn, Le Germain. 1.7: lower-case French names after an article (« au motel la
#: siesta »), quoted lower-case names, « motel 6 » after an article, names in capitals before their lodging word, every
#: repeat of a hotel's name once found, in any case. 1.8: a chain's branch named by its town ("Super 8 Kenora": the
#: chain's hotel in Kenora, ``attrs["name"]`` the chain's), what a narrative calls a hotel for short once named ("the
#: Capri", « au Voyageur », « à La Sapinière »), « du », « des », « de la » inside French names, a brand run into its
#: number ("super8"), no person's name before a chain, no chain read as a city.
#: 1.9: a quoted chain with its branch's town ('"Travelodge by Wyndham Niagara Falls"'), a name in capitals before its
#: lodging word in a table's cell or after a lower-case article ("| PINE RIDGE MOTOR INN -") or a column's gap, a saint's
#: abbreviation opening a name ("St. Lawrence Manor Inn") or a branch ("Super 8 St-Jérôme"), a town's quarter (« Days
#: Inn Montréal Est »), a road's number closing a French name (« Motel Le Relais 55 »); no person's title read as a town.
#: 1.10: "Motor Lodge" and "Hotel & Suites" end a name; a short name after a visit's verb ("attended Red Pine"), a
#: list's "+", a French elision (« l'Ambassadeur »), before a room's number, « Chez » names, in lower case in a message
#: typed in lower case; hyphenated words in capitals (« HÔTEL LE BASTION-LAURENTIEN »); the Hilton's branch after an
#: article (« au Hilton Lac-Leamy »); a visit's verb opening a line is no part of the name ("Attended Comfort Inn").
#: 1.11: Staybridge and Candlewood alone, « Hôtel & Suites » before a name, a chain in lower case after « au », short
#: names of « Motel du Ruisseau » and « Motel des Cascades », before the hotel's staff ("Maple Leaf mgr").
#: 1.12: the Red Carpet Inn; a branch ends before short days ("Days Inn Brampton Wed-Thu") and before "&".
#: 1.13: a name typed in lower case before a room's number ("fort henry motel, rm 9"), a French one in a table's cell
#: (« | motel le marquis ch 6 »).
#: 1.14: a chain's name with its lodging word in lower case ("the Sandman hotel"), a capitalised name before a lower-case
#: lodging word and a room ("the Falls Vista motel, room 227"), « HÔTEL-MOTEL » in capitals, « d'Or » inside a name,
#: an officer's "Attd" before one; a branch named by a town of nlp/data/towns.txt after a name that is no chain's
#: ("the Northstar Inn Cornwall"); a road's number before a parenthesis; no name starting at a lodging word that ends one.
#: 1.15: a given name as a short name after an article ("the Rosa"), a town that is a given name as a chain's branch,
#: one space inside a French-style name, "Bay of Quinte Motel", « d' » and a town no part of a name, « des bois », labels
#: before a name, "Lodge & Suites".
#: 1.16: a name written in capitals that ends with a town of nlp/data/towns.txt is that town's lodging (« MOTEL LE
#: FLAMINGO LAVAL », as a card statement writes a merchant), so its short name meets « au Flamingo ».
#: 1.17: a short name of two words or more wherever it stands written as the name writes it, one after a check's or a
#: denial's verb or alone in a table's cell; one space between a name's words (a wider gap is a column); « les » and
#: « aux » inside a French-style name; Journey's End and HoJo; a sentence's adverb (« Ensuite ») no part of a name.
#: 1.18: "Arms" a lodging word ("the Regal Arms"); a short name before a street's word is the street ("Riverside Dr"); a
#: chain in lower case keeps a known town as its branch ("comfort inn Kingston").
#: 1.19: a table's column gap ends a name, the town in the next cell its city ("MOTEL ROSE BLANCHE     TROIS-RIVIERES");
#: a room's number before a name ("Rm 214 Quality Inn"); a chain and its town both in lower case ("holiday inn express
#: markham"); a short name with its lodging's word in lower case ("the Stoney Creek lodge"); « M. » after a comma no town.
#: 1.20: a person's name after a comma no town; a numbered motel's next word ("Motel 417 Express"); a name after an elided
#: article (« l'Embassy Court Motel »); a register's or an invoice's word no part of a name (« Registre Motel Olympia »).
#: 1.21: a chain after « a quitté » is a hotel, a chain in capitals keeps its known town in title case, words in
#: capitals after a mixed-case name are not part of it, a stay at a lower-case name ("staying at the lakeview pines
#: motel"), « le boisé » after an article, « motel LE ROND-POINT », "+" ends a branch; a station's chain (« métro
#: Radisson »), a heading's "HOTEL SPEND", « su'l boulevard », « un hôtel chic » no hotel.
#: 1.22: a chain opening a sentence after « L' », a road's number before « puis », a branch ended by a tab or in capitals by
#: a known town ("SUPER 8 DRYDEN CONFIRMED"), « Comfort Inn Québec »; short names without the branch's town or district
#: (« du Pinacle »), listed together ("(Parkway, Portage, Rideau)"), quoted, in lower case inside a message; a lodging
#: named with a verb ("a motel in Niagara called the Starlite"); no column's gap after « l'hôtel », no verb after a
#: lower-case lodging word (« l'hôtel demande notre départ »), no English words quoted after "hotel".
#: 1.23: the last word of a name of two after an article or enclosed ("back to the Sands", "(Pines)"), short names of
#: names in lower case, a lodging named in apposition (« un motel sur la Lakeshore, le Chalet Bleu, »), capitalised words
#: and a lodging word in lower case after "the" ("the Royal Oak motel"), a lower-case name after "went to", an emoji
#: ending a branch.
#: 1.24: capitalised words before a lodging word in lower case are the name without it ("the Belvedere hotel"), or another
#: hotel's short name said with it ("the Stoney Creek lodge"); the first word before « du » or a road's number (« au
#: Manoir », « au Relais »); "Called" opening a line no part of a name; in capitals, a branch only where a town or an end
#: closes it; a quote after a branch; no « su » in a lower-case name.
#: 1.25: a lower-case French name's noun after an article whatever its ending (« au motel le sablier »), a name in
#: capitals after a room's number ("RM 6 NORTHERN PINES MOTEL"), "Gite" without its accent, « des Trois Pins » as a short
#: name, a known town of two words in capitals as a chain's branch, « QUÉBEC »; healing and treatment lodges no hotels;
#: no column's gap inside a French name in capitals.
EXTRACTOR_VERSION = "1.25"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)
#: 1.1: the cities of the hotels 1.3 finds (« à l'Econo Lodge de Lévis »).
CITY_EXTRACTOR = ExtractorId("pattern.city", "1.1")

_TYPES_AFTER = (
    r"(?:Motor\s+Inn|Motor\s+Hotel|Motor\s+Lodge|(?:Inn|Hotel|Lodge)\s*(?:&|and|et)\s*Suites|Suites\s+Hotel|Inn|Suites|Lodge|Hotel|Hôtel|Motel|Arms|"
    r"Resort|Hostel|Auberge|B&B|Bed\s*(?:&|and)\s*Breakfast)"
)
#: The last (or, for French-style names, the first) word of every lodging name.
_LODGING_WORD = re.compile(r"(?<![\w\-])(?:Motel|Inn|Suites|Lodge|Hotel|Hôtel|Resort|Hostel|Auberge|B&B|Breakfast|Gîte|Gite|Arms)")
#: A character going on with the word a lodging word ends: a letter, a hyphen, an apostrophe inside a word
#: ("Inn'o"), but not a closing quote ("staying 'at the Sunset Inn'") nor a possessive ("the Sunset Inn's lobby").
_WORD_CHAR = re.compile(r"[\w\-]|['’](?!s\b)\w")
#: How far before a lodging word its name may start (five words and more).
_WINDOW = 100
_TYPES_BEFORE = r"(?:(?:Hôtel|Hotel)-Motel|(?:Hôtel|Hotel)[ \u00a0]*&[ \u00a0]*Suites|Hôtel|Hotel|Motel|Auberge|Gîte|Gite)"
_NAME_PART = rf"(?:{CAP_WORD}|\d{{1,3}}|&)"
_SUFFIXED = re.compile(
    rf"(?:(?<![\w'’\-.])|(?<=(?<![\w'’])[lLdD]['’]))(?P<name>(?:(?:St|Ste|Mt|Pt)\.[ \u00a0]+)?{CAP_WORD}(?:[ \u00a0]{_NAME_PART}){{0,4}}?"
    rf"[ \u00a0]{_TYPES_AFTER})"
    # a saint's abbreviation may open it ("the St. Lawrence Manor Inn"); one space between its words, since a wider gap
    # is a table's column ("Gatineau            Rideau Heights Inn")
    r"(?![\w'’\-])"
)
#: The same, ending exactly where the search window ends (at one lodging word).
_SUFFIXED_HERE = re.compile(_SUFFIXED.pattern + r"\Z")
#: Inside a French-style name, « du », « des », « de la », « les » and « aux » join its words (« Motel Le Relais
#: des Chutes », « Auberge du Vieux Moulin », « Auberge Sous les Pins »); « de » alone before a capitalised word names
#: the town (« Motel Le Boréal de Drummondville »).
_PARTICLE_INSIDE = r"(?:[ \u00a0]+(?:du|des|de[ \u00a0]+la|les|aux))?"
_PREFIXED = re.compile(
    rf"(?<![\w\-])(?P<name>{_TYPES_BEFORE}[ \u00a0]+(?:(?:de|du|des|la|le|les|l['’])[ \u00a0]*){{0,2}}"
    rf"{CAP_WORD}(?:{_PARTICLE_INSIDE}[ \u00a0]{CAP_WORD}|[ \u00a0][dD]['’]{CAP_WORD}){{0,3}}"  # « Motel Soleil d'Or »; one space:
    # a last word in lower case after « des » or « du » (« Motel Le Coureur des bois »)
    r"(?:[ \u00a0](?:des|du|de[ \u00a0]la)[ \u00a0][a-zà-ÿ]{3,}(?=[ \u00a0]*(?:[),.;:»\n]|$)))?"
    # two are a table's column gap (« Motel Le Bivouac  PDF »); a road's number closing the name (« Motel Le Relais 55 »,
    # « Motel Le Relais 73 (Lévis) »), not a room's or a count's
    r"(?:[ \u00a0]\d{1,3}(?=[ \u00a0]*(?:[«\"“,;.)(|]|$)|[ \u00a0]+(?:puis|et|ou|où|then|and|or|pour|par|avec|with|sur|on)\b))?)"
    r"(?![\w'’\-])"
)
#: A French-style name after a lodging word written in lower case, when an article in capitals begins
#: the name (« l'hôtel Le Concorde », "the motel La Belle"): "the motel Kayla named" is no name.
_PREFIXED_LOWER = re.compile(
    rf"(?<![\w\-])(?P<name>(?:hôtel|hotel|motel|auberge)[ \u00a0](?:Le|La|Les|L['’]|Du|Des|LE|LA|LES|DU|DES)[ \u00a0]*"
    rf"{CAP_WORD}(?:[ \u00a0]{CAP_WORD}){{0,2}})(?![\w'’\-])"
)
#: A lodging word in lower case after a French article, then a saint's name in any case or a capitalised name
#: (« au motel st-jean », « Le motel Saint-Jean », « à l'auberge Belle-Rive »): a French narrative writes
#: « au motel » for one place; "the motel Kayla named" is English, and a given name there is someone.
_PREFIXED_LOWER_FR = re.compile(
    rf"(?<![\w\-])(?:[AaLlDd]u|[Ll]e|[Ll]['’]|à[ \u00a0]+l['’])[ \u00a0]*(?P<name>(?:hôtel|hotel|motel|auberge|gîte)[ \u00a0]"
    rf"(?P<first>(?i:st|ste|saint|sainte)-[{LOWER}{UPPER}][\w'’\-]*|{CAP_WORD})(?:[ \u00a0]+{CAP_WORD}){{0,2}})(?![\w'’\-])"
)
#: A motel named by a number (« Motel 138 », after its road), but not "Motel 2 km away" nor a room after a
#: name ("Lakeview Motel 214": the number is the room).
_NUMBERED = re.compile(
    # in lower case only after an article (« au motel 6 de drummondville »)
    r"(?<![\w\-])(?P<name>(?:Motel|MOTEL|Hôtel|Hotel|Auberge|(?<=au )motel|(?<=le )motel|(?<=the )motel|(?<=du )motel|(?<=at )motel)"
    r"[ \u00a0]+\d{1,4}(?:[ \u00a0](?:Express|Plus|Inn|Suites|Centre|Center|Nord|Sud|Est|Ouest))?)"
    r"(?![\w\-]|[.,]\d|[ \u00a0]*(?i:km|kms|m|mi|miles?|min|minutes?|h|heures?|hours?|rooms?|chambres?|units?|unités?|%)\b)"
)
_NAME_BEFORE = re.compile(rf"{CAP_WORD}[ \u00a0]+$")
#: A place's name with "of" in it before the lodging word ("Bay of Quinte Motel", "Lake of the Woods Motel").
_GEOGRAPHIC = re.compile(
    rf"(?<![\w'’\-])(?P<name>(?:Bay|Lake|Lakes|Isle|Islands?|Valley|Falls|Point|Gulf|Land|Sea)[ \u00a0]of(?:[ \u00a0]the)?[ \u00a0]"
    rf"{CAP_WORD}(?:[ \u00a0]{CAP_WORD})?[ \u00a0]{_TYPES_AFTER})(?![\w'’\-])")
#: « au Château Moncton »: a château is a hotel only when the narrative is about lodging around it.
_CHATEAU = re.compile(
    rf"(?:\b(?:[Aa]u|[Dd]u|[Ll]e|the|at)[ \u00a0]+)(?P<name>(?:Château|Chateau|CHÂTEAU)[ \u00a0]+{CAP_WORD}(?:[ \u00a0]+{CAP_WORD})?)"
    r"(?![\w'’\-])"
)
_LODGING_CONTEXT = re.compile(
    r"(?i)\b(?:motels?|hôtels?|hotels?|inns?|auberges?|suites|lodges?|chambres?|rooms?|rm|ch\.|réception|reception|"
    r"check[\s-]?in|nuitées?|nights?|stayed|séjourn\w*|booked|réserv\w*|loué\w*)\b"
)
#: The same in capitals (teletypes: "LAST KNOWN AT THE MOTEL MAJESTIC", « VUE AU MOTEL DES PINS »), where every
#: word is capitalised: the name stops at a word that says where in the lodging, or what follows it.
_PREFIXED_CAPS = re.compile(
    rf"(?<![\w\-])(?P<name>(?:(?:HÔTEL|HOTEL)-MOTEL|HÔTEL|HOTEL|MOTEL|AUBERGE|GÎTE|GITE)[ \u00a0]+(?:(?:DE|DU|DES|LA|LE|LES|L['’])[ \u00a0]*){{0,2}}"
    rf"[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})*(?:[ \u00a0]+[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})*){{0,2}})(?![\w'’\-])"
)
_NOT_IN_CAPS_NAMES = frozenset(words("""
ROOM RM ROOMS NEG POS CHECKED PARKING LOT LOBBY DESK CLERK STAFF MANAGER MGR OWNER IN ON AT NEAR BY WITH AND OR TO FROM FOR OF HWY RD ST
SPEND COSTS BILL BILLS EXPENSES CHARGES RECEIPTS STAYS BOOKINGS RÉSERVATIONS FACTURES FRAIS
AVE BLVD THE WAS IS WHERE CHAMBRE CH STATIONNEMENT RÉCEPTION RECEPTION GÉRANT GÉRANTE PRÈS AVEC ET OU SUR DANS EN VERS
RUE BOUL CHEMIN ROUTE
"""))
#: In capitals, a name before its lodging word ("STAY AT LAKEHEAD INN & SUITES", "LODGING: MCLAREN HOTEL OR ...",
#: "KNIGHTS INN AND VIKING MOTEL"): every word looks like a name, so it starts after a word or a mark that ends what
#: came before (at, the, and, or, a colon, a comma, a line's start), at most three words back.
_SUFFIXED_CAPS = re.compile(  # a lookahead: every boundary is tried, "TO STAY AT X INN" then "AT X INN"
    rf"(?=(?:^|(?<=[:,;(\n|])|(?<=[ \u00a0]{{3}})|(?<=[a-zà-ÿ][ \u00a0])|"
    # after a room's number ("RENTED RM 6 NORTHERN PINES MOTEL")
    rf"(?<=\bRM[ \u00a0]\d[ \u00a0])|(?<=\bRM[ \u00a0]\d\d[ \u00a0])|(?<=\bRM[ \u00a0]\d\d\d[ \u00a0])|"
    rf"(?<![\w'’\-])(?i:AT|THE|AND|OR|TO|IN|NEAR|À|AU|ET|OU)[ \u00a0]+)[ \u00a0]*"
    rf"(?P<name>(?:[{UPPER}][{UPPER}'’\-]*[{UPPER}0-9]|\d{{1,3}})(?:[ \u00a0]+(?:[{UPPER}][{UPPER}'’\-]*[{UPPER}]|\d{{1,3}}|&)){{0,2}}"
    r"[ \u00a0]+(?:MOTOR[ \u00a0]+INN|MOTOR[ \u00a0]+HOTEL|MOTOR[ \u00a0]+LODGE|(?:INN|HOTEL)[ \u00a0]*(?:&|AND)[ \u00a0]*SUITES|"
    r"SUITES[ \u00a0]+HOTEL|INN|SUITES|LODGE|"
    r"HOTEL|HÔTEL|MOTEL|RESORT|HOSTEL))(?![\w'’\-]))", re.M)
#: Words that are not part of a lodging's name in capitals, before its lodging word.
_NOT_BEFORE_CAPS_LODGING = frozenset(words("""
THE A AN AT AND OR TO IN NEAR STAY STAYED STAYING KNOWN POSS LODGING SEEN LAST BELIEVED FROM OF ON BY WITH HAS HAVE
SUBJ SUSP ROOM RM HWY RD ST AVE BLVD DOWNTOWN CHEAP LOCAL SAME OTHER AIRPORT OUTSIDE INSIDE BEHIND INTO ONTO
UN UNE LE LA LES DES DU DE AMI AMIE DANS SUR VERS CHEZ
NO NOT MORE ANY SOME THIS THAT EVERY WHICH WHAT ALL PAS PLUS
"""))
#: A lodging named in lower case after a French article, in a note or a message typed in lower case (« au motel la
#: siesta sur le boul », « le « motel la rose » », « l'hotel universel proche du stade », « au motel pelican chambre
#: 12 »): the name is the lodging word and the one to three words after it, up to a function word of either language,
#: a word about the room or a place, or punctuation; "the motel room" is English and names none.
_LOWER_FR_LODGING = re.compile(
    r"(?:\b(?:au|du|le|un)|\bl['’]|\bà[ \u00a0]+l['’]|\|(?=[ \u00a0]*\w+[ \u00a0]+(?:la|le|les|du|des|l['’])\b))[ \u00a0]*[«\"“]?[ \u00a0]*"
    r"(?P<name>(?:hôtel|hotel|motel|auberge|gîte|gite)(?:[ \u00a0]+(?:la|le|les|du|des|de[ \u00a0]+la|l['’]))?"
    r"(?:[ \u00a0]+[a-zà-ÿ][a-zà-ÿ'’\-]*){1,3})")
#: A lodging's name typed in lower case before a room's number ("staying @ fort henry motel, rm 9"): the room says it
#: is a lodging and its name; "the cheap motel, rm 9" names none.
_LOWER_SUFFIXED_ROOM = re.compile(  # its words capitalised too ("the Falls Vista motel, room 227")
    r"(?<![\w'’\-])(?P<name>[a-zà-ÿA-ZÀ-Ý][a-zà-ÿ'’\-]+(?:[ \u00a0]+[a-zà-ÿA-ZÀ-Ý][a-zà-ÿ'’\-]+){0,2}[ \u00a0]+"
    r"(?:motor[ \u00a0]+inn|motor[ \u00a0]+lodge|motel|inn|lodge|hotel|suites))"
    r"(?=[ \u00a0]*,?[ \u00a0]*(?:rm|room|unit|ch|chambre)\.?[ \u00a0]*#?[ \u00a0]*\d)")
#: A lodging's name typed in lower case after a stay at it ("they were staying at the lakeview pines motel"): the words
#: before the lodging word, up to the article (a word no name has ends it: "the cheap motel" names none).
_LOWER_STAYED_AT = re.compile(
    r"(?i:\b(?:(?:staying|stayed|stays|stay|living|lives|were|was|is|are|checked\s+in)\s+(?:at|@)|(?:went|go|goes|going|been|gone)"
    r"\s+(?:to|at))\s+)(?P<name>the[ \u00a0]+"
    r"[a-z][a-z'’\-]+(?:[ \u00a0]+[a-z][a-z'’\-]+){0,2}[ \u00a0]+(?:motor[ \u00a0]+inn|motor[ \u00a0]+lodge|motel|inn|lodge|hotel))"
    r"(?![\w'’\-])")
_NOT_LODGING_NAME_WORDS = frozenset(words("""
cheap same other old new local nearby sketchy dirty small big first second last next that this the a an another some
any usual regular their her his my our your its
"""))
#: A lodging's name quoted whole in lower case (« le nom d'un gîte "gite la belle etoile" »).
_QUOTED_LOWER_LODGING = re.compile(
    # an article after the lodging word, or a French lodging word ("hotel paid", "hotel vibes" quoted are English words)
    r"[«\"“][ \u00a0]*(?P<name>(?:(?:hotel|motel)(?=[ \u00a0]+(?:la|le|les|du|des|l['’]))|hôtel|auberge|gîte|gite)"
    r"(?:[ \u00a0]+[a-zà-ÿ0-9][a-zà-ÿ0-9'’\-]*){1,4})[ \u00a0]*[»\"”]")
_FUNCTION_WORDS = frozenset(fold(w) for w in ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS)
#: Verbs and participles end a lower-case name (« au motel situé sur ... », « le motel était plein »).
_VERB_ENDING = re.compile(r"(?:é|ée|és|ées|ait|aient|ant|er|ez)$|^(?:[dlsnmtcj]|qu|jusqu|lorsqu|puisqu)['’]")
_NOT_IN_LOWER_NAMES = frozenset(words("""
guy guys girl girls man men woman dude lady boss clerk staff owner manager spend spending bill bills costs cost
su'l sul su chic tout toute tous toutes svp stp familial paid vibes housekeeping
chambre ch chambres stationnement parking réception reception lobby room rooms proche près pres face derrière devant
voisin habituel habituelle miteux cheap pas cher même meme local abandonné hier aujourd'hui demain soir matin nuit
pis ben genre mais tsé tse jsuis jsais jai jpense jcrois semaine passé passée dernier dernière veut veux voulait
dit disait était est a avait sont cest c'est ya y'a avec sur dans pour vers chez entre avant après apres
"""))
#: A city: capitalised words, abbreviations such as ``Ste.`` inside, at most four words.
CITY = rf"(?:{CAP_WORD}|(?:St|Ste|Mt|Pt)\.)(?:(?:[ \u00a0]+|-)(?:(?:St|Ste|Mt|Pt)\.|{CAP_WORD})){{0,3}}"
_CITY_AFTER = re.compile(rf"(?:[ \u00a0]+(?:in|à|a|de|at|near|en)[ \u00a0]+|,[ \u00a0]*)(?P<city>{CITY})")
#: What may follow a city given after a comma, so ", Rachel said" is not a city.
_CITY_END = re.compile(r"\s*(?:[.,;:)!?]|$|\s(?:on|ON|Ontario|QC)\b)")
#: Capitalised words that begin sentences or follow prepositions, never part of a name.
LEADING_WORDS = frozenset(fold(w) for w in words("""
a at the in near by from to of on and or but then when possibly seen last she he her his their they this that
le la les l du de des au aux à a près pres vers chez dans en sur selon aperçue aperçu vue et ou puis
attended attend visited visit checked canvassed canvass stayed left entered arrived departed
attd att'd atnd visité visitée vérifié vérifiée rtn returned retour arrive arr arrivé arrivée
réception reception client cliente lieu lieux ensuite après apres enfin alors aussi finally later next also
denies denied deny check checks tried try registre register fiche facture reçu receipt invoice folio booking réservation
reservation called phoned contacted
"""))
#: Not cities: provinces and country, in both languages.
NOT_CITIES = frozenset(fold(w) for w in (
    "Ontario", "Manitoba", "Alberta", "Canada", "ON", "QC", "Nunavut", "Saskatchewan",
    "British Columbia", "Colombie-Britannique", "Nova Scotia", "Nouvelle-Écosse", "New Brunswick",
    "Nouveau-Brunswick", "the", "The",
))
#: What is said of a residence, not of a hotel: group homes are named like lodges
#: ("walked out of Eagle Feather Lodge", "did not return to Pine Lodge after curfew").
_RESIDENCE_BEFORE = re.compile(
    r"(?i)(?:walked\s+out\s+of|did\s+not\s+(?:return|come\s+back)\s+to|never\s+(?:returned|came\s+back)\s+to|"
    r"returned\s+to|ran\s+away\s+from|absconded\s+from|lives\s+at|resides\s+at|placed\s+at|residents?\s+of|"
    r"a\s+quitté|a\s+fugué\s+d[eu]|n['’]est\s+pas\s+revenue?\s+(?:à|au))\s+(?:the\s+|le\s+|la\s+|l['’])?$"
    # A home's staff, named without an article ("Staff at Pine Lodge report..."); a hotel's
    # take one ("staff at the Pine Lodge said...").
    r"|(?i:staff|residents?|workers?|personnel|intervenants?)\s+(?:at|of|du|de)\s+$"
)
_LEADING = re.compile(rf"(?P<word>[{UPPER}][^\s]*)[ \u00a0]+")
#: A room's number written before the hotel's name ("Rm 214 Quality Inn", « Ch. 12 Motel Le Phare »): not the name's.
#: Days written before a hotel's name in a schedule ("Wed-Thu Quality Inn", "Sun Super 8"): not the name's.
_DAYS_LEADING = re.compile(r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Lun|Mar|Mer|Jeu|Ven|Sam|Dim)\.?"
                           r"(?:[\-–/](?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Lun|Mar|Mer|Jeu|Ven|Sam|Dim)\.?)?[ \u00a0]+")
_ROOM_LEADING = re.compile(r"(?i:rm|room|ch|chambre|suite|unit|unité)\.?[ \u00a0]*#?[ \u00a0]*\d+[A-Za-z]?[ \u00a0,\-–]+")


def _trim_leading(text: str, start: int, end: int) -> int:
    """Drop capitalised function words at the front of a name (``At Lakeview Motel``)."""
    while True:
        room = _ROOM_LEADING.match(text, start, end) or _DAYS_LEADING.match(text, start, end)
        if room is not None:
            start = room.end()
            continue
        elided = _ELIDED_ARTICLE.match(text, start, end)
        if elided is not None and _CHAIN_ANY_CASE.match(text, elided.end(), end):
            start = elided.end()  # « R : L'Econo Lodge Sainte-Foy » opening a sentence: the article, not the name
            continue
        found = _LEADING.match(text, start, end)
        if not found or fold(found.group("word")) not in LEADING_WORDS:
            return start
        start = found.end()


#: An elided article in capitals opening a name (« L'Econo Lodge » at a sentence's start).
_ELIDED_ARTICLE = re.compile(rf"[LD]['’](?=[{UPPER}])")


#: A person's title opening what follows a hotel's name ("the Days Inn, Mme Rana Saliba"): no town starts so.
_TITLE_OPENING = re.compile(r"(?:Mme|Mlle|Mr|Mrs|Ms|Mx|Dr|Dre|M|Me|Sgt|Cst|Det|Insp|Agent|Agente)\.?[ \u00a0]")


def city_after(text: str, end: int) -> tuple[int, int] | None:
    """The span of the city named right after position ``end`` (``in Kingston``, ``à Sudbury``)."""
    found = _CITY_AFTER.match(text, end)
    if not found:
        return None
    city = found.group("city")
    if fold(city) in NOT_CITIES or _CHAIN_ANY_CASE.fullmatch(city):
        return None  # "RECEIPTS: SUPER 8 CORNWALL, RAMADA": another hotel, not a city
    if _TITLE_OPENING.match(text, found.start("city")) or len(city) < 2:
        return None  # "du Days Inn, Mme Rana Saliba": someone there, not a town
    parts = city.split()
    if (len(parts) >= 2 and city not in TOWNS and is_given_name(parts[0]) and found.group(0).lstrip().startswith(",")
            and fold(parts[1]).rstrip(".") not in _STREET_WORDS):
        return None  # "a housekeeper at the Ramada, Conceição Amaral, let her": a person named after it
    if found.group(0).lstrip().startswith(",") and not _CITY_END.match(text, found.end("city")):
        return None
    return found.start("city"), found.end("city")


#: Lodging chains seen in Ontario, Quebec and the neighbouring states, as written on their signs.
CHAINS = (
    "Super 8", "Motel 6", "Travelodge", "Best Western", "Ramada", "Days Inn", "Comfort Inn", "Comfort Suites", "Quality Inn",
    "Holiday Inn", "Howard Johnson", "Econo Lodge", "Knights Inn", "Red Roof", "Sandman", "Microtel", "Hampton Inn",
    "Fairfield Inn", "Days Hotel", "Delta Hotels", "Four Points", "Sheraton", "Marriott", "Hilton Garden Inn", "Homewood Suites",
    "Residence Inn", "Courtyard", "Courtyard by Marriott", "Courtyard Marriott", "Motel 8", "Rodeway Inn", "Sleep Inn",
    "Clarion", "Wingate", "Baymont", "La Quinta",
    "Extended Stay America", "Candlewood Suites", "Staybridge Suites", "Staybridge", "Candlewood", "Country Inn & Suites",
    "Americas Best Value Inn", "Red Carpet Inn",
    "Canadas Best Value Inn", "Canad Inns", "Coast Hotel", "Monte Carlo Inn", "Hôtel Universel", "Le Dauphin",
    "Radisson", "Novotel", "Hyatt Place", "Hyatt", "Westin", "DoubleTree", "Embassy Suites", "Ibis", "Microtel Inn",
    "Lakeview Inns", "Pomeroy Inn", "Motel 7", "Quality Suites", "Comfort Hotel", "Sandman Signature", "Wyndham",
    "Fairfield by Marriott",
    # The other brands on Canadian highways and in its cities, whose names carry no lodging word or run it into one.
    "Crowne Plaza", "Fairmont", "Aloft", "Econolodge", "Econo Lodge Inn", "Thriftlodge", "Studio 6", "Extended Stay",
    "Home2 Suites", "TownePlace Suites", "Hyatt Regency", "Ritz-Carlton", "InterContinental", "Holiday Inn Club",
    "Super 8 Motel", "Americas Best Value", "Canadas Best Value", "Budget Host", "Travelodge by Wyndham",
    "Quality Hotel", "SpringHill Suites", "AmericInn", "Best Inn", "Le Germain", "Hôtel Gouverneur", "Four Points by Sheraton",
    "Canada's Best Value Inn", "Canada’s Best Value Inn", "Journey's End", "Journey’s End", "HoJo",
)
#: What a chain's name may carry after the brand ("Holiday Inn Express & Suites", "Best Western Plus").
_QUALIFIER = (r"(?:Express|Xpress|Plus|Premier|Plaza|Signature|Select|Centre|Center|Airport|Inn|Suites|Hotel|Hôtel|"
              r"by\s+(?:Wyndham|Marriott|Hilton|IHG|Choice|Sheraton|Best\s+Western)|"
              r"&\s*Suites|and\s+Suites|et\s+Suites)")


def _chain_pattern(chain: str) -> str:
    """A chain's name with any white space between its words; a number run into the brand ("super8", "Motel6")."""
    pattern = re.escape(chain).replace(r"\ ", r"[ \u00a0]+")
    return re.sub(r"\[ \\u00a0\]\+(?=\d+$)", r"[ \\u00a0]*", pattern)


_CHAIN = re.compile(
    # Not inside a word ("O'Days Inn"), but after an opening quote ("a 'Super 8' towel") or an elided article
    # (« à l'Econo Lodge de Lévis »).
    r"(?<![\w\-])(?:(?<!\w['’])|(?<=\b[lLdD]['’]))(?P<name>(?:"
    + "|".join(_chain_pattern(c) for c in sorted(CHAINS, key=len, reverse=True))
    + rf")(?:[ \u00a0]+{_QUALIFIER})*)(?![\w\-])(?!['’](?!s\b)\w)"  # a possessive is fine ("the Days Inn's lobby")
    # A brand naming a street ("Fairmont Avenue", "Sheraton Dr") is the street.
    r"(?![ \u00a0]+(?:(?i:avenue|ave|street|road|rd|drive|dr|boulevard|blvd|crescent|cres|court|ct|lane|ln|way|place|pl)\b|"
    # "St" a street's only where no saint's town follows ("Super 8 St-Jérôme", "Days Inn St. Catharines")
    r"(?i:st)\b(?!-|\.?[ \u00a0]+[A-ZÀ-Ý])))"
)

_CHAIN_ANY_CASE = re.compile(_CHAIN.pattern, re.IGNORECASE)
#: French « au » or « du » right before a name.
_FRENCH_AT = re.compile(r"\b(?:au|du)[ \u00a0]+\Z")
#: A lower-case chain's qualifiers, dropped before it is looked up among :data:`_NOT_LOWER_CASE_CHAINS`.
_QUALIFIED_TAIL = re.compile(rf"(?i)(?:[ \u00a0]+{_QUALIFIER})+$")
#: Chains whose names, written in lower case ("at the super 8", "au quality suites"), are no ordinary
#: words of English or French: "a courtyard", "an ibis", "the coast hotel", "motel 7 km away" are.
_NOT_LOWER_CASE_CHAINS = frozenset(fold(c) for c in (
    "Courtyard", "Coast Hotel", "Comfort Hotel", "Ibis", "Motel 6", "Motel 7", "Motel 8", "Le Dauphin", "Four Points",
    "Clarion", "Sandman", "Days Hotel", "Aloft", "Extended Stay", "Studio 6", "Fairmont",
))
#: A chain named by one ordinary word (Delta: a town in BC, an airline) or a surname (Hilton), a hotel only after
#: an article ("stayed at the Delta", « au Delta de Trois-Rivières », "the Hilton on Fallowfield").
_ARTICLE_CHAIN = re.compile(
    r"\b(?:the|The|THE|au|Au|AU|du|Du|DU|le|Le|LE)[ \u00a0](?P<name>Delta|DELTA|Hilton|HILTON)"
    r"(?![\w'’\-]|[ \u00a0]+(?i:air|airlines?|police|bc|b\.c\.|hotels?)\b)"
)


#: A lodging the narrative names with a verb ("a motel in Niagara called the Starlite", « un motel qui s'appelle le
#: Bel-Air »): the capitalised words after it.
_CALLED = re.compile(
    rf"(?i:\b(?:motel|hotel|hôtel|inn|auberge|lodge|gîte)(?:[ \u00a0]+(?:in|near|on|à|a|en|près[ \u00a0]+de|de)[ \u00a0]+"
    rf"(?-i:{CAP_WORD})(?:[ \u00a0](?-i:{CAP_WORD})){{0,2}})?,?[ \u00a0]+(?:called|named|appel[ée]e?|nomm[ée]e?|"
    rf"qui[ \u00a0]+s['’]appelle)[ \u00a0]+[\"“«]?[ \u00a0]*(?:the[ \u00a0]+|le[ \u00a0]+|la[ \u00a0]+|l['’])?)"
    rf"(?P<name>{CAP_WORD}(?:[ \u00a0]{CAP_WORD}){{0,2}})(?![\w'’\-])")


#: A lodging named in apposition after its place (« un motel sur la Lakeshore, le Chalet Bleu, à cause », "a motel on
#: Dundas, the Blue Haven, where"): an article, capitalised words, a comma.
_APPOSED = re.compile(
    rf"(?i:\b(?:motel|hotel|hôtel|auberge|gîte|inn)\b[^.!?\n,]{{0,40}},[ \u00a0]+(?:the|le|la|l['’])[ \u00a0]*)"
    rf"(?P<name>{CAP_WORD}(?:[ \u00a0]{CAP_WORD}){{0,2}})(?=[ \u00a0]*,)")
#: Capitalised words then a lodging's word in lower case, after "the" ("at the Royal Oak motel on king st", "the Belvedere
#: hotel"): the capitalised words are the name.
_CAPITALISED_THEN_LOWER = re.compile(
    rf"(?<=\b[Tt]he[ \u00a0])(?P<name>{CAP_WORD}(?:[ \u00a0]{CAP_WORD}){{0,2}})(?=[ \u00a0](?:motel|hotel|inn|lodge)(?![\w'’\-]))")


def _quoted_in_other_words(match: re.Match[str]) -> bool:
    """A chain's name opening a quotation that goes on ("a group chat named 'Marriott crew'") names the quoted thing,
    not the hotel; quoted alone ("a 'Super 8' towel") it is the hotel."""
    text, start, end = match.string, match.start("name"), match.end("name")
    if re.search(r"\b[lLdD]['’]\Z", text[max(0, start - 3):start]):
        return False  # an elided article (« à l'Econo Lodge »), no quotation
    if re.match(r"[ \u00a0]+(?:on|at|in|near|by|off|downtown|sur|à|au|de|du|près)\b", text[end:end + 12]):
        return False  # 'Travelodge by Wyndham on Queen': the hotel, and where it stands
    if re.match(rf"(?:[ \u00a0]+{CAP_WORD}){{1,3}}[\"”'’»]", text[end:end + 40]):
        return False  # '"Travelodge by Wyndham Niagara Falls"' on a key card: the hotel and its branch's town, quoted
    if re.match(rf"(?:[ \u00a0]+{CAP_WORD}){{0,3}}[ \u00a0,]*(?i:rm|room|ch|chambre|suite|unit)\.?[ \u00a0]*#?\d", text[end:end + 40]):
        return False  # '"Best Western Plus Lakehead rm 306"' on a paper: the hotel and a room in it
    return start > 0 and text[start - 1] in "'’\"“‘«" and text[end:end + 1] not in ("'", "’", '"', "”", "»")


def _first_capital_only(name: str) -> bool:
    """Whether a name is written with its first letter alone in capitals ("Econo lodge", "Days inn")."""
    return name[:1].isupper() and not any(c.isupper() for c in name[1:])


def _caps_name(match: re.Match[str]) -> re.Match[str] | None:
    """A capitals name cut before its first word that is not part of it (``MOTEL MAJESTIC ROOM`` -> ``MOTEL MAJESTIC``)."""
    parts = list(re.finditer(r"\S+", match.string[match.start("name"):match.end("name")]))
    keep = 1
    while keep < len(parts) and parts[keep].group() not in _NOT_IN_CAPS_NAMES:
        keep += 1
    while keep > 1 and parts[keep - 1].group() in {"DE", "DU", "DES", "LA", "LE", "LES"}:
        keep -= 1
    if keep < 2:
        return None
    return _PREFIXED_CAPS.match(match.string, match.start("name"), match.start("name") + parts[keep - 1].end())


#: Everything up to where it is asked to stop, as a match with a ``name`` group (a name cut short by the caller).
_ANY_NAME = re.compile(r"(?P<name>.+)", re.S)


#: A possessive or an indefinite article right after a lower-case lodging's one word: the word was a verb.
_OBJECT_AFTER = re.compile(r"[ \u00a0]+(?:notre|votre|nos|vos|leur|leurs|son|sa|ses|mon|ma|mes|ton|ta|tes|une?|our|your|their|"
                           r"his|her|my)\b")


def _lower_name(match: re.Match[str]) -> re.Match[str] | None:
    """A lower-case lodging name cut before its first word that is not part of it; ``None`` if nothing names it."""
    parts = list(re.finditer(r"[^\s«»\"“”]+", match.string[match.start("name"):match.end("name")]))
    articles = {"la", "le", "les", "du", "des", "de", "l'", "l’"}
    keep = 1
    while keep < len(parts) and parts[keep].group() not in _NOT_IN_LOWER_NAMES and (
            parts[keep].group() in articles or (fold(parts[keep].group()) not in _FUNCTION_WORDS
                                                and (not _VERB_ENDING.search(parts[keep].group())
                                                     # « au motel le boisé », « le sablier »: after an article, a noun
                                                     or (parts[keep - 1].group() in articles
                                                         and not re.search(r"(?:ait|aient|ez)$|^\w{1,3}['’]", parts[keep].group()))))):
        keep += 1
    while keep > 1 and parts[keep - 1].group() in articles:
        keep -= 1
    if keep < 2:
        return None
    if keep == 2 and _OBJECT_AFTER.match(match.string, match.start("name") + parts[1].end()):
        return None  # « l'hôtel demande notre départ »: a verb and its object, no name
    return _ANY_NAME.match(match.string, match.start("name"), match.start("name") + parts[keep - 1].end())


def _matches(text: str) -> list[tuple[re.Match[str], float]]:
    """Hotel-shaped names, looked for only around lodging words (a narrative has one or two), and chains by name."""
    out: list[tuple[re.Match[str], float]] = [(m, 0.9) for m in _CHAIN.finditer(text) if not _quoted_in_other_words(m)]
    for m in _CHAIN_ANY_CASE.finditer(text):
        name = m.group("name")
        if name.isupper() and not _CHAIN.match(text, m.start()):
            out.append((m, 0.85))  # in capitals ("NEAR THE DAYS INN"), a chain's name is still its name
        elif name.islower() and fold(_QUALIFIED_TAIL.sub("", name)) not in _NOT_LOWER_CASE_CHAINS:
            out.append((m, 0.8))  # in lower case too, unless it is an ordinary word ("a courtyard")
        elif name.islower() and _FRENCH_AT.search(text, max(0, m.start() - 4), m.start()):
            out.append((m, 0.7))  # « jsuis pu au sandman »: after « au », no English word
        elif _first_capital_only(name) and len(name.split()) >= 2 and not _CHAIN.match(text, m.start()):
            out.append((m, 0.8))  # the first letter alone in capitals ("the Econo lodge", "Days inn")
    out += [(m, 0.8) for m in _ARTICLE_CHAIN.finditer(text)]
    out += [(m, 0.75) for m in (*_CALLED.finditer(text), *_APPOSED.finditer(text)) if fold(m.group("name").split()[0]) not in LEADING_WORDS
            and not (len(m.group("name").split()) == 1 and is_given_name(m.group("name")))]
    for m in _CAPITALISED_THEN_LOWER.finditer(text):
        head = m.group("name")
        if _LODGING_AFTER.search(head) is None and (
                head not in TOWNS and fold(head.split()[0]) not in LEADING_WORDS and not (len(head.split()) == 1 and is_given_name(head))
                and _CHAIN_ANY_CASE.fullmatch(head) is None):
            out.append((m, 0.65))  # not "the Kingston motel", "the Kayla motel", nor a chain's ("the Sandman hotel")
    out += [(m, 0.7) for m in _PREFIXED_LOWER.finditer(text)]
    out += [(m, 0.65) for m in _PREFIXED_LOWER_FR.finditer(text)
            if m.group("first")[0].islower() or "-" in m.group("first") or not is_given_name(m.group("first"))]
    out += [(m, 0.7) for m in _NUMBERED.finditer(text) if not _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())]
    out += [(m, 0.65) for m in _CHATEAU.finditer(text)
            if _LODGING_CONTEXT.search(text, max(0, m.start() - 200), m.start()) or _LODGING_CONTEXT.search(text, m.end(), m.end() + 200)]
    for caps in _SUFFIXED_CAPS.finditer(text):
        parts = caps.group("name").split()
        if any(p in _NOT_BEFORE_CAPS_LODGING for p in parts[:-1]) or all(p.isdigit() or p == "&" for p in parts[:-1]):
            continue  # "OUTSIDE THE COMFORT INN": the name starts after THE (a later boundary finds it)
        out.append((caps, 0.7))
    for lower in (*_LOWER_FR_LODGING.finditer(text), *_QUOTED_LOWER_LODGING.finditer(text)):
        kept = _lower_name(lower)
        if kept is not None:
            out.append((kept, 0.6))
    for lower in (*_LOWER_SUFFIXED_ROOM.finditer(text), *_LOWER_STAYED_AT.finditer(text)):
        head = lower.group("name").split()
        # the name starts after the last word no name has ("staying @ fort henry motel": "fort henry motel")
        keep = len(head) - 1
        while keep > 0 and head[keep - 1] not in _NOT_LODGING_NAME_WORDS and fold(head[keep - 1]) not in _FUNCTION_WORDS:
            keep -= 1
        if keep < len(head) - 1:
            start = lower.start("name") + lower.group("name").index(" ".join(head[keep:]))
            cut = _ANY_NAME.match(text, start, lower.end("name"))
            if cut is not None:
                out.append((cut, 0.6))
    for caps in _PREFIXED_CAPS.finditer(text):
        kept = _caps_name(caps)
        if kept is not None:
            out.append((kept, 0.7))
    out += [(m, 0.92) for m in _GEOGRAPHIC.finditer(text)]
    for word in _LODGING_WORD.finditer(text):
        # Suffixed names end at this word: the leftmost start in the window is the longest name.
        suffixed = _SUFFIXED_HERE.search(text, max(0, word.start() - _WINDOW), word.end())
        if suffixed is not None and not _WORD_CHAR.match(text, word.end()):
            chain = _CHAIN.search(text, suffixed.start("name") + 1, suffixed.end("name"))
            if chain is not None and chain.end("name") == suffixed.end("name") and is_given_name(suffixed.group("name").split()[0]):
                continue  # "mgr Hussein Farah Econo Lodge": a person before the chain (found as the chain)
            out.append((suffixed, 0.92))
        prefixed = _PREFIXED.match(text, word.start())
        named_before = suffixed is not None and any(
            len(w) > 1 and fold(w) not in LEADING_WORDS for w in suffixed.group("name")[:word.start() - suffixed.start("name")].split())
        if prefixed is not None and not named_before:
            # not where a name ends at this lodging word ("the Lakeview Motel Kingston Road": the road is where it is)
            out.append((prefixed, 0.75))
    # One name found two ways ("the Days Inn's": a chain, and a name before a lodging word) is one hotel.
    best: dict[tuple[int, int], tuple[re.Match[str], float]] = {}
    for m, c in out:
        if m.span("name") not in best or best[m.span("name")][1] < c:
            best[m.span("name")] = (m, c)
    out = list(best.values())
    # "Pinecrest Inn & Suites" holds "Pinecrest Inn": keep the longest.
    return [(m, c) for m, c in out
            if not any(o.start("name") <= m.start("name") and m.end("name") <= o.end("name") and o is not m
                       and (o.end("name") - o.start("name")) > (m.end("name") - m.start("name")) for o, _ in out)]


#: Capitalised words after a chain's name that do not name its branch: days and months, what is in or at a hotel,
#: officers' titles, provinces, and the words that begin a clause.
_NOT_BRANCH = frozenset(fold(w) for w in words("""
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
mon tue tues wed weds thu thur thurs fri sat sun wed-thu fri-sat sat-sun lun mer jeu ven sam dim
january february march april may june july august september october november december janvier fevrier mars avril
mai juin juillet aout septembre octobre novembre decembre jan feb mar apr jun jul aug sep sept oct nov dec
room rm rooms chambre ch unit parking lot lobby desk front staff clerk manager mgr security reception pool bar
det sgt cst const pc dc insp officer agent agente sergent sgt. ofc
hotel motel inn suites lodge resort hostel auberge
ontario quebec on qc ont canada manitoba alberta usa us ny mi oh pa mn nb ns pe nl mb sk ab bc
i we you he she they it his her their my our am pm
""")) | LEADING_WORDS | _FUNCTION_WORDS
_STREET_WORDS = frozenset(words("""
avenue ave street st road rd drive dr boulevard blvd boul crescent cres court ct lane ln way place pl highway hwy
parkway pkwy rue chemin ch route rte
"""))
#: A town's quarter after its name (« Days Inn Montréal Est »), though « est » is a word of French.
_QUARTERS = frozenset({"Est", "Ouest", "Nord", "Sud", "EST", "OUEST", "NORD", "SUD"})
_BRANCH_WORD = re.compile(rf"[ \u00a0](?P<word>(?:St|Ste|Mt|Pt)\.|{CAP_WORD})")
#: What may follow a branch's name: the end of a line, a mark, a word in lower case, a number, a table's column gap.
_BRANCH_END = re.compile(r"\Z|[\n\t.,;:)!?«»“”\"'’/|(\-–—+]|[ \u00a0]*[\u2600-\u27bf\U0001f000-\U0001faff]|"
                         r"[ \u00a0]{2,}|[ \u00a0]+(?:[a-zà-ÿ0-9(\[|\-–—:;!?«»“\"&/+]|\Z)")
#: A chain's brand run into its number ("super8") keyed as written on its sign.
_RUN_INTO_NUMBER = re.compile(r"(?<=[A-Za-z])(?=\d)")


def _branch(text: str, end: int, caps: bool) -> tuple[int, int] | None:
    """The branch a chain's name is followed by, named by its town or quarter without a preposition ("Super 8
    Kenora", "Days Inn Montréal Centre-Ville", "SUPER 8 DRYDEN"): one to three capitalised words, in the case the
    chain is written in, ending where a line, a mark or a word in lower case follows; ``None`` where the words say
    something else (a day, a room, an officer, a person named by a given name and surname)."""
    at, parts = end, list[str]()
    while len(parts) < 3:
        word = _BRANCH_WORD.match(text, at)
        if word is None or word.group("word").isupper() != caps or (
                fold(word.group("word")) in _NOT_BRANCH and not (parts and word.group("word") in _QUARTERS)
                and word.group("word") not in ("Québec", "QUÉBEC")):  # « au Comfort Inn Québec au nom de »: the city
            break
        if fold(word.group("word")).rstrip(".") in _STREET_WORDS:
            return None  # "ECONO LODGE PORTAGE AVE": the street it stands on
        parts.append(word.group("word"))
        at = word.end()
    known = next((k for k in range(len(parts) - 1, 0, -1) if " ".join(parts[:k]) in TOWNS or
                  (caps and (fold(" ".join(parts[:k])) in _ONE_WORD_TOWNS or " ".join(parts[:k]).title() in TOWNS))), None)
    while known is not None and known < len(parts) and fold(parts[known]) in _DISTRICTS:
        known += 1  # "DAYS INN TORONTO AIRPORT", "TRAVELODGE OTTAWA EAST": the town's quarter is the branch's too
    if caps and known is not None and known < len(parts) and " ".join(parts) not in TOWNS:
        # in capitals the words run on: a known town ends the branch ("SUPER 8 DRYDEN CONFIRMED RM 112")
        return end + 1, end + 1 + len(" ".join(parts[:known]))
    after = _BRANCH_WORD.match(text, at)
    if after is not None and fold(after.group("word")).rstrip(".") in _STREET_WORDS:
        return None  # "ECONO LODGE PORTAGE AVE": the street it stands on
    if not parts or (after is None and not _BRANCH_END.match(text, at)):
        return None
    if after is not None and fold(after.group("word")) not in _NOT_BRANCH and after.group("word").isupper() == caps:
        return None  # more capitalised words than a town's name: something else goes on
    if caps and known is None and fold(" ".join(parts)) not in _ONE_WORD_TOWNS and " ".join(parts).title() not in TOWNS \
            and not _BRANCH_END.match(text, at):
        return None  # "STAFF AT RAMADA REPORT POI CHECKED OUT": in capitals, words run on; only a town or an end makes a branch
    if any(is_given_name(p) for p in parts[1:-1]):
        return None  # "Super 8 Kenora Don Smith": a person after the town
    if " ".join(parts) in TOWNS:
        return end + 1, at  # "the Holiday Inn Barrie under T. Beardy": a town, though a given name too
    if is_given_name(parts[0]) and (len(parts) > 1 or not re.match(r"[ \u00a0]*(?:[\n.,;:)!?»]|\Z)", text[at:at + 2])):
        return None  # "at the Days Inn Kayla Brown said", "the Super 8 Kayla left"
    return end + 1, at


_ELIDED_TOWN = re.compile(r"[ \u00a0][dD]['’](?P<town>[^\W\d][\w'’\-]*)\Z")
#: A lodging word in lower case after a chain's name ("the Sandman hotel", "the Travelodge hotel"); not "motel", which
#: says what kind of place a motel chain's is ("the Super 8 motel": the Super 8).
_LODGING_TAIL = re.compile(r"[ \u00a0]+(?:hotel|inn|suites|lodge)(?![\w'’\-])")
def _load_towns() -> frozenset[str]:
    text = resources.files("nlp").joinpath("data/towns.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


#: Towns a lodging's branch is named by ("Northstar Inn Cornwall"): ``nlp/data/towns.txt``.
TOWNS = _load_towns()
_TOWN_AFTER = re.compile(r"[ \u00a0]+(?P<town>" + "|".join(re.escape(t) for t in sorted(TOWNS, key=len, reverse=True)) + r")(?![\w'’\-])")


#: A town's one word in lower case after a chain typed in lower case ("holiday inn express markham").
_LOWER_WORD_AFTER = re.compile(r"[ \u00a0](?P<town>[a-zà-ÿ][a-zà-ÿ'’\-]{3,})(?![\w'’\-])")


def _lower_town_branch(text: str, end: int) -> tuple[int, int] | None:
    """The branch of a chain typed in lower case, named by a known town also in lower case, where a line, a mark or a
    column's gap ends it: a message's "the holiday inn express markham just a photoshoot" names it with no mark, and
    is left alone (the town may be a word that begins what follows)."""
    word = _LOWER_WORD_AFTER.match(text, end)
    if word is None or fold(word.group("town")) not in _ONE_WORD_TOWNS:
        return None
    if not re.match(r"\Z|[\n.,;:)!?»”\"]|[ \u00a0]{2,}|[ \u00a0]+(?:just|for|with|on|w/|avec|pour|tonight|last|this|rm|room|ch|is|was|"
                    r"now|again|rn|lol|too|and|et|pis|cest|c'est|est)\b",
                    text[word.end():word.end() + 12]):
        return None
    return word.start("town"), word.end("town")


def _town_branch(text: str, end: int) -> tuple[int, int] | None:
    """The town a lodging's name that is no chain's is followed by, without a preposition ("the Northstar Inn & Suites
    Brampton", « l'Hôtel Fleur-de-Lys Laval »): only a town of :data:`TOWNS`, and only where the name stops after it."""
    town = _TOWN_AFTER.match(text, end)
    if town is None or not _BRANCH_END.match(text, town.end()):
        return None
    after = _BRANCH_WORD.match(text, town.end())
    if after is not None and after.group("word")[:1].isupper() and fold(after.group("word")) not in _NOT_BRANCH:
        return None  # more capitalised words: a street, a person, something else
    return town.start("town"), town.end("town")


#: The towns of :data:`TOWNS` of one word, by their folded form (a name in capitals writes them in capitals).
_ONE_WORD_TOWNS = {fold(t): t for t in TOWNS if re.fullmatch(r"[^\W\d][\w'’\-]*", t)}
_LAST_WORD = re.compile(r"[ \u00a0](?P<town>[^\W\d][\w'’\-]*)\Z")


def _capitals_town(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The town a lodging's name written in capitals ends with (« MOTEL LE FLAMINGO LAVAL »): one of :data:`TOWNS`,
    when what stays before it still has a short name of its own (not « MOTEL LAVAL », the Laval motel)."""
    name = text[start:end]
    last = _LAST_WORD.search(name)
    if not name.isupper() or last is None or fold(last.group("town")) not in _ONE_WORD_TOWNS:
        return None
    if _short_name(name[:last.start()].rstrip()) is None:
        return None
    return start + last.start("town"), start + last.end("town")


_SAINT_OPENING = re.compile(r"(?:St|Ste|Mt|Pt)\.[ \u00a0]+")
_CAPITALISED_BEFORE = re.compile(rf"{CAP_WORD}[ \u00a0]+$")
#: A station's, a street's word right before a chain's name (« départ du métro Radisson », "Radisson Ave").
_STATION_BEFORE = re.compile(r"(?i)\b(?:métro|metro|station|rue|boul\.?|boulevard|avenue|av\.|street)[ \u00a0]+$")
#: Words in capitals after a name written in mixed case: what follows is shouted, not the name (« au Motel Le Bocage
#: TOUT DE SUITE »).
_SHOUTED_TAIL = re.compile(r"(?:[ \u00a0]+(?-i:[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})*))+$")
_LODGING_WORD_ANY_CASE = re.compile(_LODGING_WORD.pattern, re.I)
#: Words that make a "lodge" a place of care, not of lodging ("Youth Healing Lodge", "Wellness Lodge").
_CARE_WORDS = re.compile(r"(?i)\b(?:healing|treatment|wellness|recovery|rehab|detox|guérison|traitement|ressourcement)\b")
#: Two spaces or more between words: a table's column gap, which no name spans.
_COLUMN_GAP = re.compile(r"[ \u00a0]{2,}")


def find(text: str) -> list[Span]:
    """Hotels (kind HOTEL, value = place key, ``attrs["city"]``) and the cities named with them."""
    found: list[Span] = []
    for match, confidence in _matches(text):
        start, end = match.span("name")
        start = _trim_leading(text, start, end)
        tail = _SHOUTED_TAIL.search(text, start, end)
        if tail is not None and tail.start() > start and re.search(r"[A-ZÀ-Ý][a-zà-ÿ]", text[start:tail.start()]):
            end = tail.start()  # « au Motel Le Bocage TOUT DE SUITE »
        saint = _SAINT_OPENING.match(text, start, end)
        if saint is not None and _CAPITALISED_BEFORE.search(text, max(0, start - 30), start):
            start = saint.end()  # "Main St. Lakeview Motel": the street's abbreviation, not a saint's
        # A one-word chain ("Travelodge", "TRAVELODGE", "the Delta") is a name.
        if len(text[start:end].split()) < 2 and match.re not in (_CHAIN, _CHAIN_ANY_CASE, _ARTICLE_CHAIN, _CALLED, _APPOSED,
                                                                 _CAPITALISED_THEN_LOWER):
            continue
        if (_RESIDENCE_BEFORE.search(text, max(0, start - 40), start) and match.re not in (_CHAIN, _CHAIN_ANY_CASE, _ARTICLE_CHAIN)
                and _CHAIN_ANY_CASE.fullmatch(text, start, end) is None):
            continue  # « a quitté le foyer Pine Lodge »: a home; « a quitté le Comfort Inn »: a chain is always a hotel
        if match.re in (_CHAIN, _CHAIN_ANY_CASE) and _STATION_BEFORE.search(text, max(0, start - 12), start):
            continue  # « départ du métro Radisson »: a station or a street named like a chain
        if _CARE_WORDS.search(text, start, end):
            continue  # "Ma Mawi Youth Healing Lodge": a healing lodge, a treatment centre, no lodging
        attrs: dict[str, str] = {}
        elided_town = _ELIDED_TOWN.search(text, start, end)
        if elided_town is not None and elided_town.group("town") in TOWNS:
            end = elided_town.start()  # « Motel L'Escale d'Amos »: the Escale of Amos, not « d'Or » in a name
            attrs["city"] = elided_town.group("town")
        name = text[start:end]
        branch = None
        if _CHAIN_ANY_CASE.fullmatch(name) or match.re is _ARTICLE_CHAIN:
            name = _RUN_INTO_NUMBER.sub(" ", name)
            # a chain in lower case keeps only a known town as its branch ("comfort inn Kingston")
            branch = ((_town_branch(text, end) or _lower_town_branch(text, end)) if name.islower()
                      else _branch(text, end, name.isupper()) or (_town_branch(text, end) if name.isupper() else None))
            # a chain in capitals, its known town not ("ECONO LODGE Brockville" on a receipt)
            tail = _LODGING_TAIL.match(text, end) if branch is None and not name.islower() else None
            if tail is not None and not _LODGING_AFTER.search(name):
                end = tail.end()  # "the Sandman hotel": the chain's hotel, as written (its name and key the chain's)
        elif not name.islower():
            branch = _town_branch(text, end) or _capitals_town(text, start, end)
            if branch is not None and branch[0] < end:
                name = text[start:end].rstrip()[:branch[0] - start].rstrip()
        gap = _COLUMN_GAP.search(text, start, branch[0]) if branch is not None else None
        if branch is None and _COLUMN_GAP.search(text, start, end) is not None:
            # a table's columns inside what matched ("MOTEL LE PRESTIGE      ST-HUBERT QC", "01:12  PETITCODIAC HOTEL"): the
            # name is the cell that holds the lodging's word
            cells = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+(?:[ \u00a0]\S+)*", text[start:end])]
            cell = next(((s, e) for s, e in cells if _LODGING_WORD_ANY_CASE.search(text, s, e) or _CHAIN_ANY_CASE.search(text, s, e)),
                        None)
            if cell is not None:
                start, end = cell
                name = text[start:end]
        if branch is not None and gap is not None:
            # a table's columns ("MOTEL ROSE BLANCHE     TROIS-RIVIERES"): the town is the next cell, the name ends before
            attrs["city"] = text[branch[0]:branch[1]]
            end = gap.start()
            found.append(make_span(text, start, end, MentionKind.HOTEL, EXTRACTOR,
                                   value=place_key(text[start:end], attrs["city"]), confidence=confidence, attrs=attrs))
            continue
        if branch is not None:
            end = branch[1]
        city_span = city_after(text, end)
        if city_span is not None:
            city = text[city_span[0]:city_span[1]]
            attrs["city"] = city
            found.append(make_span(text, city_span[0], city_span[1], MentionKind.CITY, CITY_EXTRACTOR,
                                   value=fold(city), confidence=0.85))
        if branch is not None:
            if city_span is None:  # "Super 8 Kenora": the chain's hotel in Kenora
                attrs["city"] = text[branch[0]:branch[1]]
            else:  # "the Comfort Inn Clifton Hill in Niagara Falls": the branch is part of the name
                name = f"{name} {text[branch[0]:branch[1]]}"
            attrs["name"] = name
        found.append(make_span(text, start, end, MentionKind.HOTEL, EXTRACTOR, value=place_key(name, attrs.get("city")),
                               confidence=confidence, attrs=attrs))
    found = [_as_short_name(text, span, found) for span in found]
    return found + _repeats(text, found)


def _as_short_name(text: str, span: Span, found: list[Span]) -> Span:
    """Capitalised words before a lodging word in lower case that are another hotel's short name ("the Stoney Creek Lodge"
    ... "the Stoney Creek lodge"): that hotel, said with its lodging word, not a hotel of its own."""
    lodging = _LOWER_LODGING_AFTER.match(text, span.end) if span.kind is MentionKind.HOTEL else None
    if lodging is None:
        return span
    for other in found:
        name = other.attrs.get("name") or other.text
        if other is not span and other.kind is MentionKind.HOTEL and (_short_name(name) or "").lower() == span.text.lower():
            return make_span(text, span.start, lodging.end(), MentionKind.HOTEL, EXTRACTOR, value=other.value,
                             confidence=span.confidence, attrs={**other.attrs, "name": name})
    return span


#: The lodging words a name is written with, taken off to leave what a narrative calls it for short.
_LODGING_BEFORE = re.compile(rf"^(?:{_TYPES_BEFORE})[ \u00a0]+(?:(?:Le|La|Les|Du|Des|De[ \u00a0]+la)[ \u00a0]+|L['’])?", re.I)
_LODGING_AFTER = re.compile(rf"[ \u00a0]+{_TYPES_AFTER}$", re.I)
#: A short name is the hotel's only after an article or a preposition ("at the Capri", « au Voyageur », « du
#: Chaudière », "at Falls Crown", « vérifie l'Ambassadeur »), after a visit's verb ("TBPS attended Red Pine"), as a
#: table's cell or an item joined by "+" ("canvass Motel 6 + Riverside"): « à Champlain » is the town.
_SHORT_BEFORE = re.compile(r"(?:\b(?i:the|at|au|du|des|aux|le|la|attended|visited|canvass(?:ed)?|v[ée]rifi[ée]e?|visit[ée]e?|back[ \u00a0]+to|"
                           # a check's or a denial's verb ("check Pinecrest", "Denies Rodeway"), an equation in notes
                           r"check(?:ed)?|den(?:y|ies|ied)|ni[ée]e?|stay(?:ed)?)|"
                           r"\b[lL]['’]|[|+=])[ \u00a0]*(?:[«\"“][ \u00a0]*)?\Z")
#: The word right after a short name: a street's word that follows a street's name (:data:`_STREET_WORDS` but French
#: ones, which open the next street's name: « rue », « boul. »; « ch. » after a name is « chambre ») makes it the street
#: ("Hunt Club Rd at Riverside Dr").
_WORD_AFTER = re.compile(r"[ \u00a0]+(?P<word>[^\W\d]\w*)")
_STREET_AFTER_WORDS = _STREET_WORDS - {"rue", "chemin", "ch", "route", "rte", "boul"}
#: A hotel named for its town said as the town ("Tay Narrows Inn" ... "Tay Narrows, ON", "Township of Tay Narrows").
_TOWN_SAID = re.compile(r",?[ \u00a0]*(?:ON|QC|Ont|Ontario|Québec|Quebec|NB|MB|NY|MI)\b")
_TOWN_BEFORE = re.compile(r"\b(?i:of|in|near|de|à|a|en|près[ \u00a0]+de)[ \u00a0]+\Z")
#: A table's cell of its own: a column's gap or a bar on either side ("  Rideau Heights             Abdirahman").
_CELL_BEFORE = re.compile(r"(?:^|[|\t]|[ \u00a0]{2})[ \u00a0]*\Z", re.M)
_CELL_AFTER = re.compile(r"[ \u00a0]*(?:[|\t]|$)|[ \u00a0]{2}", re.M)
#: A room's number right after a short name ("attended Red Pine, rm 9", « l'Ambassadeur, ch. 12 »): a lodging.
_ROOM_AFTER = re.compile(r",?[ \u00a0]*(?i:rm|room|ch|chambre|unit|unité)\b\.?[ \u00a0]*#?[ \u00a0]*\d|"
                         # its staff ("Photo lineup w/ Maple Leaf mgr.", « le gérant du Boréal »)
                         r"[ \u00a0]+(?i:mgr|manager|clerk|desk|staff|owner|night[ \u00a0]+clerk|front[ \u00a0]+desk)\b")
#: An apostrophe before a short name is a French article's elision (« l'Ambassadeur »), not a word going on.
_ELISION_BEFORE = re.compile(r"(?<![\w])[lLdD]['’]\Z")
#: In a list with another hotel ("keycards (Parisien, Econo Lodge)", « (Riverain, Quality Inn, Super 8) », "Riverside + Motel 6").
#: A count or the dates in parentheses may follow an item ("receipts: Days Inn (2), Sleeping Giant (1)", "Sandman (06-28 to
#: 07-17), Paradis (from 07-18)").
_LIST_MARK = re.compile(r"[ \u00a0]*(?:\([^()\n]{1,20}\)[ \u00a0]*)?(?:,|;|\+|\bet\b|\band\b)[ \u00a0]*")


def _short_names(name: str) -> list[str]:
    """What a narrative calls a hotel for short once named: « La Sapinière » for « Motel La Sapinière », then
    "Capri" ("the Capri", « au Capri ») and "Northern Star" for "Northern Star Motel"."""
    short = _short_name(name)
    if short is None:
        # a one-word name the narrative gave ("a motel in Niagara called the Starlite"), no chain's: said again as it is
        return [name] if re.fullmatch(CAP_WORD, name) and len(name) >= 4 and not _CHAIN_ANY_CASE.fullmatch(name) else []
    article = re.match(rf"(?:{_TYPES_BEFORE})[ \u00a0]+(?P<article>(?:Le|La|Les)[ \u00a0]+|L['’])", name)
    out = [article.group("article") + short, short] if article else [short]
    for where in (re.search(rf"[ \u00a0](?P<where>{CAP_WORD}{more})\Z", short) for more in ("", rf"[ \u00a0]{CAP_WORD}")):
        if where is not None and (where.group("where") in TOWNS or fold(where.group("where")) in _DISTRICTS):
            # « l'Hôtel Pinacle Centre-Ville » is « le Pinacle », « l'Hôtel Gouverneur Trois-Rivières » « au Gouverneur »
            shorter = _short_name(f"Hotel {short[:where.start()].rstrip()}")
            if shorter is not None and shorter != short:
                out.append(shorter)
            break
    return out


_DISTRICTS = frozenset(fold(w) for w in words("""
Centre-Ville Downtown Airport Aéroport Aeroport Est Ouest Nord Sud East West North South Centre Center Uptown
"""))


_NUMBER_WORDS = frozenset(words("deux trois quatre cinq six sept huit neuf dix cent mille two three four five seven nine ten"))


def _short_name(name: str) -> str | None:
    """A hotel's name without the lodging word and article, if that is still a name (capitalised, four letters or
    more, no given name alone, no function word, no province)."""
    short = _LODGING_BEFORE.sub("", name)
    if short == name:
        short = _LODGING_AFTER.sub("", name)
    # a name typed in lower case has its short name in lower case (« au motel panorama » ... « LE PANORAMA?? »)
    if short == name or len(short) < 4 or not (short[:1].isupper() or name.islower()) or short.isupper() != name.isupper():
        return None
    first = short.split()[0]
    chez = fold(first) == "chez" and len(short.split()) > 1  # « Motel Chez Armand », « au Chez Armand »
    chez = chez or (fold(first) in _NUMBER_WORDS and len(short.split()) > 1)  # « Auberge des Trois Pins »: « des Trois Pins »
    if (not chez and (fold(first) in LEADING_WORDS or fold(first) in _FUNCTION_WORDS)) or fold(short) in NOT_CITIES or fold(short) in _NOT_BRANCH:
        return None
    return short


#: A lodging's word in lower case right after a hotel's short name ("the Stoney Creek lodge"): said with it.
_LOWER_LODGING_AFTER = re.compile(r"[ \u00a0](?:lodge|motel|inn|hotel|hôtel|resort)(?![\w'’\-])")


def _repeats(text: str, found: list[Span]) -> list[Span]:
    """Every other occurrence of a hotel's name of two words or more, in any case ("the Riverview Motel" ... "the
    riverview motel earlier"): the same place, with the first mention's value and city."""
    taken = Occupancy(text, ((s.start, s.end) for s in found))
    out: list[Span] = []
    firsts: dict[str, Span] = {}
    for span in found:
        if span.kind is MentionKind.HOTEL and len(span.text.split()) >= 2:
            firsts.setdefault(span.text.lower(), span)
    for span in found:  # a branch's hotel said again without its town ("Lakeside Inn Kenora" ... "lakeside inn")
        name = span.attrs.get("name")
        if span.kind is MentionKind.HOTEL and name and len(name.split()) >= 2 and name != span.text:
            firsts.setdefault(name.lower(), span)
    for said, span in firsts.items():
        for start, end in occurrences(text, said, ignore_case=True, before="-", after="-"):
            if not taken.free(start, end):
                continue
            taken.take(start, end)
            out.append(make_span(text, start, end, MentionKind.HOTEL, EXTRACTOR, value=span.value, confidence=0.75,
                                 attrs=dict(span.attrs)))
    hotels = [(s.start, s.end) for s in (*found, *out) if s.kind is MentionKind.HOTEL]
    # short names listed together stand beside each other ("hotel stays" (Parkway, Portage, Rideau)"): each is a neighbour
    # a one-word name the narrative gave ("called the Starlite") is said again as it is ("the Starlite is room 7")
    named = [*firsts.values(), *(s for s in found if s.kind is MentionKind.HOTEL and len(s.text.split()) == 1)]
    shorts = [(span, _short_names(span.attrs.get("name") or span.text)) for span in named]
    hotels += [o for _, calls in shorts for short in calls for o in occurrences(text, short, before="-", after="-") if taken.free(*o)]
    for span, calls in shorts:
        for n, short in enumerate(calls):
            for start, end in occurrences(text, short, before="-", after="-", ignore_case=True):
                if not taken.free(start, end) or not _said_for_short(text, start, end, hotels, short=short, exact=(
                        n == 0 and short != _short_name(span.attrs.get("name") or span.text))):  # « à La Sapinière »
                    continue
                lodging = _LOWER_LODGING_AFTER.match(text, end)
                if lodging is not None and taken.free(start, lodging.end()):
                    end = lodging.end()  # "the Stoney Creek lodge": the short name and its lodging's word in lower case
                taken.take(start, end)
                attrs = {**span.attrs, "name": span.attrs.get("name") or span.text}
                out.append(make_span(text, start, end, MentionKind.HOTEL, EXTRACTOR, value=span.value, confidence=0.7,
                                     attrs=attrs))
    for span in named:  # the last word of a name of two ("the Superior Sands Motel" ... "back to the Sands", "(Pines)")
        last = _last_word_short(span.attrs.get("name") or span.text)
        for start, end in occurrences(text, last, before="-", after="-", ignore_case=True) if last else ():
            meant = (text[start:start + 1].isupper() or _typed_in_lower_case(text, start, end)) and (
                _ARTICLE_RIGHT_BEFORE.search(text, max(0, start - 8), start) is not None or _enclosed(text, start, end, parentheses=True))
            after = _WORD_AFTER.match(text, end)
            if not meant or not taken.free(start, end) or (after is not None and fold(after.group("word")) in _STREET_AFTER_WORDS):
                continue
            taken.take(start, end)
            out.append(make_span(text, start, end, MentionKind.HOTEL, EXTRACTOR, value=span.value, confidence=0.6,
                                 attrs={**span.attrs, "name": span.attrs.get("name") or span.text}))
    return out


def _last_word_short(name: str) -> str | None:
    """The one word of a hotel's short name a narrative may call it by after an article: the last of two ("the Sands"
    for "the Superior Sands Motel", "the Crest" for "the Rideau Crest Hotel"), the first before « du », « des » or « de
    la » or a road's number (« au Manoir » for « Motel Le Manoir du Parc », « au Relais » for « Motel Le Relais 40 »): a
    word of four letters or more that is no town, district, function word nor given name."""
    short = _short_name(name) or ""
    french = re.fullmatch(rf"(?P<first>{CAP_WORD})[ \u00a0](?:(?:du|des|de[ \u00a0]la)[ \u00a0]{CAP_WORD}|\d{{1,3}})", short)
    two = re.fullmatch(rf"\S+[ \u00a0](?P<last>{CAP_WORD})", short)
    last = french.group("first") if french else two.group("last") if two else ""
    if len(last) < 4:
        return None
    if (last in TOWNS or fold(last) in _ONE_WORD_TOWNS or fold(last) in _DISTRICTS or fold(last) in _FUNCTION_WORDS or fold(last) in NOT_CITIES
            or fold(last) in _NOT_BRANCH or is_given_name(last) or _LODGING_WORD_ALONE.fullmatch(last)):
        return None
    return last


#: Words that name a lodging or its kind, never a hotel's short name alone ("the Suites", "the Plaza").
_LODGING_WORD_ALONE = re.compile(r"(?i)suites?|plaza|express|resort|lodge|inn|hotel|motel|manor|house|centre|center|place")


#: An article right before a short name that is a given name too ('kept at "the Rosa"', « au Gabriel »): a hotel's then.
_ARTICLE_RIGHT_BEFORE = re.compile(r"(?:\b(?i:the|au|du|le|la)|\b[lL]['’])[ \u00a0]*[\"“«]?[ \u00a0]*\Z")


def _said_for_short(text: str, start: int, end: int, hotels: list[tuple[int, int]], *, exact: bool, short: str) -> bool:
    """Whether a hotel's short name at ``text[start:end]`` (found in any case) stands for the hotel: written as the
    name is (or, in a message typed all in lower case, in lower case: « c quelle chambre au sandman? »), not inside
    a word going on after an apostrophe, and said after an article, a visit's verb or a list's mark, before a
    room's number, or in a list with another hotel."""
    written = text[start:end]
    if start and text[start - 1] in "'’" and not _ELISION_BEFORE.search(text, max(0, start - 2), start):
        return False
    after = _WORD_AFTER.match(text, end)
    if after is not None and fold(after.group("word")) in _STREET_AFTER_WORDS:
        return False  # "at Riverside Dr": the street the hotel may be named for
    if _enclosed(text, start, end) and (written[:1].isupper() or written.islower()):
        return True  # « le « royal », c'est le Motel Royal », 'The sign just says "Hi-Way."': the name, quoted alone
    if not (written[:1].isupper() or (written.islower() and _typed_in_lower_case(text, start, end))):
        return False
    if len(written.split()) == 1 and is_given_name(written):  # "the Rosa" is the motel, "Rosa said" a woman
        return _ARTICLE_RIGHT_BEFORE.search(text, max(0, start - 8), start) is not None
    # two words or more written as the name writes them ("to check Pinecrest and Colonial Fireside 0430") say the hotel
    # wherever they stand
    return (exact or (len(written.split()) >= 2 and written == short and not _TOWN_SAID.match(text, end)
                      and not _TOWN_BEFORE.search(text, max(0, start - 12), start))
            or _SHORT_BEFORE.search(text, max(0, start - 10), start) is not None
            or _ROOM_AFTER.match(text, end) is not None or _listed(text, start, end, hotels)
            or (_CELL_BEFORE.search(text, max(0, start - 3), start) is not None and _CELL_AFTER.match(text, end) is not None))


def _enclosed(text: str, start: int, end: int, *, parentheses: bool = False) -> bool:
    """Whether ``text[start:end]`` stands alone between quotes (or parentheses), a mark of the sentence's end allowed
    inside ('The sign just says "Hi-Way."', « le « royal » », "Team B (Pines):")."""
    opening, closing = ("(«\"“", ")»\"”") if parentheses else ("«\"“", "»\"”")
    return (re.search(rf"[{opening}][ \u00a0]*\Z", text[max(0, start - 3):start]) is not None
            and re.match(rf"[ \u00a0]*[.,!?]?[ \u00a0]*[{closing}]", text[end:end + 4]) is not None)


def _typed_in_lower_case(text: str, start: int, end: int) -> bool:
    """No capital letter within 30 characters on either side, inside the quotation or the line: a message typed in
    lower case (« « rox vien me chercher stp chu au marquis chambre 22 ». Appelé le SPVM »)."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    before = re.split(r"[«\"“\n]", before)[-1]
    after = re.split(r"[»\"”\n]", after)[0]
    return not any(c.isupper() for c in before + after)


def _listed(text: str, start: int, end: int, hotels: list[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` stands in a list right beside another hotel's name."""
    after = _LIST_MARK.match(text, end)
    if after is not None and any(s == after.end() for s, _ in hotels):
        return True
    return any(e <= start and _LIST_MARK.fullmatch(text, e, start) for _, e in hotels)
