"""Person mentions: full names, a surname with a title, first names alone; matched to subjects.

Where names come from, most precise first:

* a title and a surname (``Ms. Johnston``, ``M. Hamilton``, ``Mme Johnston``);
* the record's own subjects, looked for by name, short form (``Kathy`` for Katherine) or a
  one-letter typo (``Oilvier``, ``Knedra``): a narrative's ``Danielle`` is that record's
  subject Danielle Bennett;
* a common given name followed by capitalised words (``Curtis Stewart``, ``Sylvie SIMARD``),
  which the small statistical models often miss, and a capitalised word followed by one in
  capitals (the francophone ``Prénom NOM``);
* spaCy's NER (``PERSON``/``PER``), cleaned: trailing verbs trimmed, vehicles, platforms,
  streets and places refused, a lone word kept only when it is a known given name or a
  subject's name.

Then each surviving person is matched to at most one subject of the record: surname and given
name, title and surname (with the title's sex when two subjects share the surname), or a
given name alone. A tie is no match: a wrong subject is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jellyfish import damerau_levenshtein_distance

from models.names import SURNAME_PARTICLES, surname_start
from models.normalise import fold, handle_key
from models.records import Subject
from models.vocabulary import MentionKind
from nlp.names import given_variants, is_given_name, is_given_name_misspelt
from nlp.patterns.columns import column_cells
from nlp.patterns.organisations import ACRONYMS
from nlp.patterns.places import TOWNS as _TOWNS
from nlp.patterns.shapes import LOWER, UPPER
from nlp.patterns.shapes import words as word_list
from nlp.spans import ExtractorId, Span, make_span
from nlp.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

__all__ = [
    "EXTRACTOR_VERSION",
    "NameParts",
    "SubjectIndex",
    "find_persons",
    "link_subjects",
    "parse_name",
    "refused_as_name",
]

#: 1.2: teletype middle names, a title's initial and surname, ranks in capitals, place and case words never names.
#: 1.3: Central European letters in names, given names of more origins (Polish, Ukrainian, Akan, Korean, Arabic...).
#: 1.4: the 1990 U.S. census's given names beside the curated lexicon, ``SURNAME SURNAME, Given`` read whole, capitals'
#: function words ending a tagged name. 1.5: a role's noun is never part of the name after it (valet, cashier,
#: grandmother, « l'honorable »), a name's last initial keeps its dot ("Brandon K."), an Arabic particle in lower case
#: joins the surname ("Kamal al-Hassan"), « Lê » and « Vũ » are surnames, SURNAME, Given closing a remark in
#: parentheses or after a role's word, Mac/Mc in capitals, a role's noun before a full name without a colon.
#: 1.6: a chat's speaker after the message's time, three words of a surname in capitals ("MENDES DA SILVA, Tiago"), a
#: vehicle's occupants after a long dash ("Driver — OKAFOR, Chidubem Emmanuel"), an e-mail's header ("Cc: Nguyen, Thanh
#: <...>"), a table's column of names, a bare age or a dash before it as particulars, an English "as" no Arabic particle
#: ("D/C Halvorsen as Mariam ..."), paramedics' ranks (PCP, ACP), a date of birth in the next column, a particle in lower
#: case opening a register's entry ("3. de la DURANTAYE, Antoine"), an initial before a particle ("A. Van Rooyen").
#: 1.7: the given names of the communities services meet (``nlp/data/community_given_names.txt``: Persian, Somali,
#: Tamil, Punjabi, Haitian, Inuit, Anishinaabe, Kanien'kéha, Vietnamese, Korean... 1,500 names no list here held);
#: a register's rows ``Surname, Given`` in mixed case ("López de León, Yohana   58"), an e-mail header's middle initial
#: or rank after the names, role words (Coach, Conductor, Pasteur, Kokom) no given name.
#: 1.8: a surname in capitals opened by a capitalised prefix ("LaFORTUNE, Jean-Wilner"), a sex and an age in parentheses
#: as particulars ("(F, 15 ans"), a month's given name after a title (« Mme Mai Hoang »), « Réal » with its accent.
#: 1.9: plural ranks (Agents, Officers) and Trooper no part of a name. 1.10: a statistical model's name whose first word is
#: a surname in capitals ("ZHOU Yanping") keeps the register's order in its value.
#: 1.11: in English « M. » before a surname is an initial ("Guard: M. Kapoor"), not Monsieur; a town's name that is also a
#: family's after a known given name ("Shanice Ottawa"). 1.12: an e-mail header's "Surname, Given" whatever the given
#: name, an entity list's role in parentheses after a name, residents' and patients' words no names.
#: 1.13: a known given name alone in running text (:data:`LONE_EXTRACTOR`); ``Surname, Given`` after a label that asks
#: for a name whatever the given name ("Member name: Lemieux, Chantale"), an offender's label; Vietnamese names (« Thi
#: Mai Pham », "Quang Huy Le").
#: 1.14: a role's word the statistical model takes into a name left out ("Guest Mikael Aaltonen", "GM Carla D'Souza");
#: Vietnamese surnames that are words closing a name (« M. Dinh Quang Vu »); more given names of the communities.
#: 1.15: "Surname, Given Given" after a role's label ("Pt: Nguyen, Thao Vy"), a Vietnamese surname of two letters
#: ("VO, Thanh-Huong"), « DE » opening a surname in mixed case, a plural rank before two surnames, a nurse's letters no
#: part of a name, « Thi » leaving room for the names after it, initials and whose they are, "her name" and a name, a
#: dispatch log's car and its driver, a message's writer after a date and a time.
#: 1.16: a capitalised particle inside a surname ("Gianluca De Santis"), a role's word before any finder's name left out
#: ("Pt Daniel Chookomolin", « ASF Oumar Sow-Dubois »), a hyphenated given name alone (« Léa-Rose est encore... »).
#: 1.17: a surname's initial closing a given name ("Student: Hodan A."), a Vietnamese surname of two letters after one
#: given name ("Bao Le,"), a surname in capitals before given names after a title keeping the register's order ("Ms.
#: NGUYEN Thi Lan"), two particles in a surname ("Carmen De la Cruz"), « mrs. » in lower case, initials run together
#: before an initial's name ("PC T.J. MCALLISTER"); ``Surname, Given`` after a list's bullet, after a label and before a
#: dash, opened by « ST. », filling a table's or a CSV file's cell; more given names of the communities.
#: 1.18: « madame », « monsieur » and « mme » in lower case as titles, the word after « Thi » in ``SURNAME, Thi Lan``, no
#: town after « de » a surname's particle (« l'agent Lévesque de Sherbrooke »), "Given:" alone as a form's field.
#: 1.19: a month's given name before a name found ("gave her name as Mai Phuong TRAN"), « Dos », « Das », « Dela » as
#: particles, more given names of the communities.
#: 1.20: ASC (a correctional services officer) a role's word before a name.
#: 1.21: a business's words (Sales, Towing, Motors, Trucking, Catholic...) never part of a person's name.
EXTRACTOR_VERSION = "1.21"
TITLE_EXTRACTOR = ExtractorId("person.title", EXTRACTOR_VERSION)
SUBJECT_EXTRACTOR = ExtractorId("person.subject-name", EXTRACTOR_VERSION)
LEXICON_EXTRACTOR = ExtractorId("person.given-name", EXTRACTOR_VERSION)
CAPS_EXTRACTOR = ExtractorId("person.caps-surname", EXTRACTOR_VERSION)
#: A name introduced as one ("under the name Tyrell Banks", « au nom de Kevin Roy »), or written around a
#: quoted nickname ("Reginald 'Reggie' Okafor"): found by its cue, whatever the name lexicon holds.
# 1.2: a surname with particles after a nickname; 1.3: role cues; 1.4: a form's author and parties, an initial and a
# surname after them, a quoted name after its cue, no surname-first name taken in given-name order
# 1.5: a role's noun before a full name, a hyphenated given name and a poster's line in capitals around a nickname
# 1.6: a nickname in parentheses ("Waabigwan (Wabi) OSKINEEGISH"), "Analyst:", "Interviewer:", "Nurse:", "RN:", "Inmate:",
# « Nom du jeune : » as roles, a lone known given name after a form's role label ("Driver: Jules"), roommates, coaches
# 1.7: a legend naming an account or a nickname ("deej.o = Deejay Sayers"), hyphenated initials ("J.-M. Lachance")
# 1.8: two initials run together after a rank or a title ("Cst. P.J. McAllister"); 1.9: « Chauffeur : », dispatchers,
# "Persons:", "Staff:" and « Équipe : » as labels of names; 1.10: a nickname quoted in parentheses or the given name's
# initial inside a name (« Teiawenhniserate (« Tei ») Montour », "Thenuja (T.) Sivakumar"); 1.11: boarding passes' names
# after their seats, "(surname unknown)", a name with the age its owner gives, a transcript's speaker with the outlet
# 1.12: a message's writer named by a known given name after its time ("[22:06] Joanne:"), a role's noun and a comma
# before a full name ("the HT counsellor, Parveen Siddiqui")
# 1.13: a message's writer after a date and a time ("[2024-08-03 22:15:31] Réal:"); "Surname, Given Given" after a label
CUE_EXTRACTOR = ExtractorId("person.cue", "1.13")
_NAME_CUE = re.compile(
    r"(?i)\b(?:under\s+the\s+name(?:\s+of)?|goes\s+by\s+the\s+name(?:\s+of)?|registered\s+as|booked\s+(?:in\s+)?as|"
    r"(?:booked|rented|paid\s+for|reserved)\s+by|(?:registered|rented|leased)\s+to|in\s+the\s+name\s+of|"
    r"(?:réservée?s?|louée?s?|payée?s?)\s+par|"
    r"au\s+nom\s+d['’e]|aux\s+noms\s+d['’e]|sous\s+le\s+nom\s+d['’e]|se\s+fait\s+appeler|identified\s+(?:himself|herself)\s+as|"
    r"in\s+the\s+names\s+of|under\s+the\s+names(?:\s+of)?|(?:bought|booked|purchased)(?:\s+\w+){0,3}\s+under(?=\s*[\"“«]))"
    # an article may stand between ("registered to a Chantal Roy-Ilunga"), the name may be quoted (« louée au nom de
    # « Kevin Gauthier » »)
    r"(?:\s+(?:a|an|one|un|une|a\s+certain|un\s+certain|une\s+certaine))?[\s«\"“‘']*$")
_NICKNAMED = re.compile(
    r"(?<![\w'’\-])(?P<given>(?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]{2,})(?:-(?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]{2,}))?)"
    r"[ \u00a0]+(?P<open>\([ \u00a0]*[\"“«]|[\"'“‘«(])[ \u00a0]*(?P<nick>[A-ZÀ-Ý][\w'’\-]*(?:[ \u00a0][A-ZÀ-Ý][\w'’\-]*)?|[A-ZÀ-Ý]\.)"
    # The surname may carry particles ("Curtis 'Curly' Van Der Meer", "Luc « Lulu » de la Fontaine"); the nickname
    # may stand in parentheses ("Waabigwan (Wabi) OSKINEEGISH", "Kulwinder (Kully) Dhaliwal"), quoted in them too
    # (« Teiawenhniserate (« Tei ») Montour »), or the given name's initial ("Thenuja (T.) Sivakumar").
    r"[ \u00a0]*(?P<close>[\"”»][ \u00a0]*\)|[\"'”’»)])[ \u00a0]{1,2}(?![ \u00a0])"
    r"(?P<surname>(?:(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Tt]er|De|Du|Da|Di|Del|Della|La|Le|de|du|la|Mac|Mc|St\.?)"
    r"[ \u00a0]+){0,3}(?:al-|el-|abu-|abou-|ben-|bin-)?[A-ZÀ-Ý][\w'’\-]+)(?![\w'’])")
NER_EXTRACTOR_NAME = "person.ner"

#: Titles and the sex they imply.
TITLES: dict[str, str | None] = {
    "mr": "M", "mister": "M", "m": "M", "monsieur": "M", "mrs": "F", "ms": "F", "miss": "F", "mme": "F",
    "madame": "F", "mlle": "F", "mademoiselle": "F", "mx": None, "dr": None, "dre": "F", "det": None, "cst": None,
    "sgt": None, "const": None, "agent": None, "agente": "F", "ofc": None, "insp": None, "cpl": None,
}
_TITLE = re.compile(
    r"(?<![\w.])(?P<title>(?:Mr|Mrs|Ms|Mx|Dr|Dre|Det|Cst|Sgt|Const|Ofc|Insp|Cpl)\.?|M\.|Miss|Mme|Mlle|Madame|Monsieur|"
    # In capitals (teletypes): "DET CST PELLETIER", "MRS AGNES SUTHERLAND".
    r"Mademoiselle|(?:MR|MRS|MS|MME|DET|CST|SGT|CONST|OFC|INSP|CPL)\.?|"
    # in a hurried note's lower case, with the dot ("call det. Wojciechowski re: statement")
    r"(?:det|cst|sgt|const|insp|cpl|mrs|mr|ms|mme|dr)\.|madame|monsieur|mme)"
    rf"[ \u00a0]+(?=[{UPPER}])"
)
#: A surname in capitals, a comma, then a known given name: the register's order in teletypes and
#: bulletins ("MISSING PERSON DESJARLAIS, TAYLOR F 16", « TREMBLAY, Léa (F, 14 ans) »).
_SURNAME_COMMA = re.compile(
    # A compound surname of two words in capitals ("HERNANDEZ ALVARADO, Luis") is taken where a label stands before it.
    rf"(?<![\w'’\-])(?P<surname>(?:(?:de[ \u00a0]+la|de|du|des|van|von|da|di|dos|del)[ \u00a0]+(?=[{UPPER}]{{2}}))?"
    rf"(?:STE?\.?[ \u00a0](?=[{UPPER}]{{2}}))?"  # a saint's abbreviation opening it ("ST. LOUIS, Brittany")
    rf"(?:[{UPPER}][{UPPER}'’\-]*[{UPPER}][ \u00a0]){{0,2}}(?:Ma?c|La|Le|De|Di|Du|Da)?[{UPPER}][{UPPER}'’\-]*[{UPPER}]),[ \u00a0]+"
    rf"(?P<given>[{UPPER}][{UPPER}{LOWER}'’\-]*[{UPPER}{LOWER}])(?![\w'’\-])"
    # Middle names after the given name ("MCKAY, JOLENE ROSE DOB ..."): kept while they are given names.
    rf"(?P<middle>(?:[ \u00a0]{{1,2}}(?:[{UPPER}][{UPPER}{LOWER}'’\-]*[{UPPER}{LOWER}]|[{UPPER}]\.)(?![\w'’\-])){{0,2}})"
)
#: A word of a name: capitalised or in capitals, with inner hyphens and apostrophes.
_NAME_WORD = re.compile(rf"[{UPPER}][{UPPER}{LOWER}]*(?:['’\-][{UPPER}{LOWER}]+)*")
#: Any word, for looking at context.
_WORD = re.compile(rf"[{UPPER}{LOWER}]+(?:['’\-][{UPPER}{LOWER}]+)*")
#: A run of letters starting with a capital (where it may start a word: see :func:`_name_words`).
_CAPITALISED = re.compile(rf"[{UPPER}][{UPPER}{LOWER}]*(?:['’\-][{UPPER}{LOWER}]+)*")
#: A lower-case French elision ending right before a name (``d'``, ``l'``, ``qu'``).
_ELIDED = re.compile(r"(?:^|[^\w'’\-])(?:[dljnstmc]|qu)['’]$")
_SPACE = re.compile(r"[ \u00a0]+")

#: Capitalised words that are not names: sentence openers, vehicles, platforms, places, months.
NOT_NAME_WORDS = frozenset(fold(w) for w in word_list("""
a an the she he her his hers they them their it its this that these those there here who whom whose when where
what which why how and or but nor so yet if then than also not no none nothing statement contact investigation
report reports reported police officer officers constable detective sergeant victim suspect missing
complainant witness associate subject subjects possibly later earlier today yesterday tomorrow unknown male
female youth girl boy woman man friend friends mother father aunt uncle guardian sister brother cousin group
home unit ad escort online le la les l un une des du de elle il elles ils sa son ses leur leurs selon aperçue
aperçu vue vu mère père tante oncle amie ami sœur soeur frère frere foyer groupe annonce agent agente enquête
enquete rien aucun aucune snapchat snap instagram insta ig tiktok twitter facebook fb messenger kik telegram
whatsapp discord onlyfans reddit toyota honda dodge kia hyundai ford chevrolet chevy nissan mazda jeep
mercedes mercedes-benz benz bmw audi volkswagen vw subaru gmc ram chrysler buick cadillac lexus acura infiniti
tesla mitsubishi volvo lincoln pontiac corolla civic camry charger optima elantra cherokee malibu accord
altima sentra mustang impala focus fusion escape explorer rogue tucson santa sonata jetta golf wrangler
challenger caravan odyssey sienna rav4 cr-v red blue yellow orange beige noire noir blanche blanc rouge bleue
bleu grise gris argent verte vert street st ste avenue ave road rd boulevard blvd drive dr crescent cres court
ct lane ln way place pl highway hwy route apt apartment suite rue chemin boul avenue promenade rang motel inn
suites lodge hotel hôtel resort hostel auberge motor january february march april june july august september
october november december janvier février fevrier mars avril mai juin juillet août aout septembre octobre
novembre décembre decembre monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
tues weds thurs tell told ask asked called texted contacted met saw appelé appelée croisé croisée
person personne mom mum dad mommy daddy
contacté contactée rencontré rencontrée
vendredi samedi dimanche ontario québec quebec canada toronto ottawa mr mrs ms miss mme mlle m dr
subj susp vict assoc mgr ofc det cst sgt const insp cpl
i dob ddn yoa ans age âge sexe sex nom prénom prenom bso pc supt
bonjour bonsoir salut allo allô hi hello hey dear cher chère
vs cad gis saaq mto cpic verif vérif diff ads gry wht blk known seen occurrence supplementary enterprise hertz
caller disp matr
exhibit exhibits pièce pieces pièces addr address adresse tel ph phone occ ht wt hgt wgt hair eyes yeux cheveux
race col colour color make model yr vin
numéro numero big lil case dossier app cashapp imei device spa aka dit alias
valet cashier caissier caissière clerk commis guard gardien gardienne driver chauffeur chauffeuse manager gérant gérante
préposé préposée receptionist réceptionniste bartender doorman concierge dispatcher répartiteur répartitrice
analyst analyste paramedic paramédic nurse infirmière infirmier teacher enseignante enseignant counsellor counselor guidance coordinator coord file
grandmother grandfather grandma grandpa fille fils daughter elder aîné aînée chief cllr councillor conseiller conseillère
mamie mamy papi papy kokum kookum mooshum nokomis auntie aunty tatie matante mononcle honorable honourable l'honorable agte
econo travelodge ramada microtel sandman sheraton marriott radisson novotel wyndham
coach conductor conductrice pastor pasteur pasteure reverend rev chaplain aumônier aumônière imam deacon diacre kokom
trooper troopers agents agentes officers constables détectives enquêteurs enquêtrices policiers policières sergents
ps ds dc usager usagère usagere résident résidente patiente deckhand deckhands skipper purser capt captain capitaine matelot
superintendent concierge janitor custodian
diaconesse deacon
"""))
#: Words that make the capitalised words around them a community, a town, a case file or a crossing
#: ("Sandy Lake First Nation", "Niagara Falls", "Projet Lanterne", "Lacolle POE", "Ody QC"), never a person:
#: a name a statistical model tags, or the lexicon reads from a given name ("Sandy"), is dropped whole.
_NOT_PERSON_HEADS = frozenset(fold(w) for w in word_list("""
first nation nations falls reserve township county district project projet operation opération synopsis poe cbsa
lake river creek bay island zibi upper lower inc ltd ltée corp llc llp platforms rover
sales towing motors auto trucking plumbing roofing construction landscaping pizza bakery pharmacy dental transport
logistics holdings enterprises catholic remorquage
qc bc ab sk mb ns nb pei nl nu yt nt
tx ny nj pa oh mi il fl wa vt nh mn wi ia tn nc sc md ct ri az nm nv ut ks ok ar
"""))
#: Towns' names that are also families' names (the Ottawa family of Manawan, Atikamekw): the last word of a name the
#: statistical model tagged, right after a known given name ("Shanice Ottawa"), is the surname, not the town.
_PLACE_SURNAMES = frozenset({"ottawa"})
#: What makes such a word the town after all ("Jessica Ottawa police said", "Kayla Ottawa-bound").
_TOWN_GOES_ON = re.compile(r"(?i)-|[ \u00a0]+(?:police|pd|ps|service|services|region|area|downtown|airport|station|hospital|bound|"
                           r"centre|center|city|ville|west|east|north|south|ouest|est|nord|sud|valley|river|general|public)\b")
#: A word right before a place name: a name after it is a town, not a person.
_LOCATIVE = frozenset(fold(w) for w in word_list("""
in à across near dans vers en au aux près throughout around outside inside between entre covering toward towards
"""))
#: Words that begin place and street names: a given name after them is part of the place
#: (``Sault Ste. Marie``, ``rue Saint-Denis``, ``Port Elgin``).
_PLACE_STARTS = frozenset(fold(w) for w in word_list("""
st st. ste ste. saint sainte mt mt. mount mont fort port lake lac pointe point cape cap île ile
"""))


@dataclass(frozen=True)
class NameParts:
    """A person's name as a narrative wrote it: title, given names, surname (all as written)."""

    title: str | None
    given: tuple[str, ...]
    surname: str | None

    @property
    def sex(self) -> str | None:
        return TITLES.get(fold(self.title).rstrip(".")) if self.title else None

    @property
    def folded(self) -> str:
        return fold(" ".join((*self.given, self.surname or "")))


def parse_name(text: str, attrs: dict[str, str] | None = None) -> NameParts:
    """Split a person mention into title, given names and surname.

    ``attrs["order"] == "surname-first"`` marks ``THOMPSON Tori``. A lone word is a given name
    unless it came after a title; the caller decides what a lone word matches.
    """
    attrs = attrs or {}
    title = attrs.get("title")
    rest = text[len(title):] if title and text.startswith(title) else text
    tokens = [w.strip(",") for w in rest.split() if w.strip(",")]
    if not tokens:
        return NameParts(title, (), None)
    if attrs.get("order") == "surname-first" and "," in rest:
        # "HERNANDEZ ALVARADO, Luis Fernando": the surname is all before the comma
        surname, _, given = rest.partition(",")
        return NameParts(title, tuple(given.split()), " ".join(surname.split()))
    if attrs.get("order") == "surname-first" and len(tokens) >= 2:
        return NameParts(title, tuple(tokens[1:]), tokens[0])
    if title:
        return NameParts(title, tuple(tokens[:-1]), tokens[-1])
    if attrs.get("order") == "surname-first" and len(tokens) >= 2:
        return NameParts(None, tuple(tokens[1:]), tokens[0])
    if len(tokens) == 1:
        return NameParts(None, (tokens[0],), None)
    cut = surname_start(tokens)
    return NameParts(None, tuple(tokens[:cut]), " ".join(tokens[cut:]))


# --- subjects ----------------------------------------------------------------------------


def _tokens(raw: str | None) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD.findall(raw or ""))


_HANDLE_STEM = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class SubjectNames:
    """What a record says one subject is called, folded for comparison."""

    subject_id: str
    given: tuple[str, ...]
    surname: tuple[str, ...]
    sex: str | None
    aliases: frozenset[str]
    handles: frozenset[str]
    handle_stems: frozenset[str]

    @classmethod
    def of(cls, subject: Subject) -> SubjectNames:
        given, surname = _tokens(subject.given), _tokens(subject.surname)
        if not given and not surname:
            written = _tokens(subject.name_raw)
            given, surname = written[:-1], written[-1:]
        if (surname and len(surname) > 1) or any("-" in s for s in surname):
            # "Pelletier-Shawanda", "de la Fontaine": the whole and each part are the surname.
            parts = {p for s in surname for p in s.split("-")} | {" ".join(surname)}
            surname = tuple(sorted(parts - SURNAME_PARTICLES))
        handles = set()
        stems = set()
        for h in subject.handles:
            handles.add(handle_key(h.handle, h.platform))
            stem = _HANDLE_STEM.sub("", fold(h.handle))
            if len(stem) >= 3:
                stems.add(stem)
        sex = (subject.sex or "").strip().upper()[:1] or None
        return cls(subject_id=subject.subject_id, given=given, surname=surname, sex=sex if sex in {"M", "F"} else None,
                   aliases=frozenset(fold(a) for a in subject.aliases if a.strip()), handles=frozenset(handles),
                   handle_stems=frozenset(stems))


def _given_score(word: str, names: SubjectNames, shortest: int = 5) -> float:
    """How well a written given name fits a subject: 1 exact, .9 a known short form, .85 a
    truncation either way (``Val`` written, ``Valérie`` recorded, or the reverse), .75 a typo."""
    folded = fold(word)
    best = 0.0
    for i, given in enumerate(names.given):
        bonus = 0.05 if i == 0 else 0.0  # the first given name is the one people use
        if folded == given:
            best = max(best, 1.0 + bonus)
        elif folded in given_variants(given):
            best = max(best, 0.9 + bonus)
        elif _short_form(folded, given) or _short_form(given, folded) or _first_part(folded, given):
            best = max(best, 0.85 + bonus)
        elif _typo(folded, given, shortest):
            best = max(best, 0.75 + bonus)
    return best


def _surname_score(word: str, names: SubjectNames, shortest: int = 5) -> float:
    folded = fold(word)
    best = 0.0
    for surname in names.surname:
        if folded == surname:
            best = 1.0
        elif _typo(folded, surname, shortest):
            best = max(best, 0.75)
    return best


def _typo(a: str, b: str, shortest: int = 5) -> bool:
    """One edit (a transposition counts as one) between names with the same first letter.

    Short names differ by one letter from too many others (Dan, Don, Dawn), so one edit counts
    only from ``shortest`` letters; the caller lowers that when the rest of the name agrees.
    """
    if min(len(a), len(b)) < shortest or a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    return bool(damerau_levenshtein_distance(a, b) <= 1)


def _first_part(a: str, b: str) -> bool:
    """``Marie-Claude`` written where the record has ``Marie`` (or the other way round)."""
    return ("-" in a) != ("-" in b) and (a.split("-", 1)[0] == b or b.split("-", 1)[0] == a)


_DIMINUTIVE_END = re.compile(r"(?:ie|y|i)$")


def _short_form(short: str, full: str) -> bool:
    """``Val`` for Valérie, ``Phil`` for Philippe, ``Maddy`` for Madeline, ``Kathy`` for Katherine.

    A written name is a short form when it (less a ``-y``/``-ie`` ending, a doubled last
    consonant undone) is the first three letters or more of the full name, and shorter.
    """
    if len(short) >= len(full):
        return False
    stem = _DIMINUTIVE_END.sub("", short) if len(short) > 3 else short
    if len(stem) >= 2 and stem[-1] == stem[-2]:
        stem = stem[:-1]
    return len(stem) >= 3 and full.startswith(stem)


class SubjectIndex:
    """A record's subjects, folded once, for matching every name of one narrative."""

    def __init__(self, subjects: Sequence[Subject]) -> None:
        self.names = tuple(SubjectNames.of(s) for s in subjects)
        self._given = frozenset(g for n in self.names for g in n.given)
        self._given_forms = frozenset(v for g in self._given for v in given_variants(g))
        self._surnames = frozenset(s for n in self.names for s in n.surname)
        # Short forms and typos keep the first letter: a word starting otherwise is no match.
        self._initials = frozenset(g[:1] for g in self._given) | frozenset(s[:1] for s in self._surnames)

    def __bool__(self) -> bool:
        return bool(self.names)

    def given_match(self, word: str) -> bool:
        """Whether a word is some subject's given name (exactly, as a short form, or with a typo)."""
        folded = fold(word)
        if folded in self._given_forms:
            return True
        if folded[:1] not in self._initials:
            return False
        return (any(_short_form(folded, g) or _short_form(g, folded) for g in self._given)
                or (len(folded) >= 5 and any(_typo(folded, g) for g in self._given)))

    def surname_match(self, word: str) -> bool:
        folded = fold(word)
        if folded in self._surnames:
            return True
        return folded[:1] in self._initials and len(folded) >= 5 and any(_typo(folded, s) for s in self._surnames)

    def match(self, parts: NameParts) -> tuple[str | None, str]:
        """The one subject this name fits best, and how (``full``, ``title``, ``given``...)."""
        scored: list[tuple[float, str, str]] = []
        for names in self.names:
            if parts.surname is not None and parts.given:
                # One half of a full name may carry a typo even when short ("Shawn Beell" for
                # Shawn Bell, "Owen" for a record's "Own") if the other half agrees outright.
                s = _surname_score(parts.surname, names)
                g = _given_score(parts.given[0], names)
                if s >= 1.0 and g == 0:
                    g = _given_score(parts.given[0], names, shortest=3)
                elif g >= 0.9 and s == 0:
                    s = _surname_score(parts.surname, names, shortest=3)
                if s == 0 or g == 0:
                    continue
                scored.append((s + g, names.subject_id, "full-name"))
            elif parts.surname is not None:
                s = _surname_score(parts.surname, names)
                if s == 0:
                    continue
                if parts.sex and names.sex and parts.sex != names.sex:
                    continue
                bonus = 0.1 if parts.sex and names.sex == parts.sex else 0.0
                scored.append((s + bonus, names.subject_id, "title-surname" if parts.title else "surname"))
            elif parts.given:
                word = parts.given[0]
                g = _given_score(word, names)
                if g > 0:
                    scored.append((g, names.subject_id, "given-name"))
                elif _surname_score(word, names) == 1.0 and not is_given_name(word):
                    scored.append((0.9, names.subject_id, "surname"))
        if not scored:
            return None, ""
        scored.sort(key=lambda t: (-t[0], t[1]))
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None, "ambiguous"
        return scored[0][1], scored[0][2]

    def match_alias(self, folded_alias: str) -> tuple[str | None, str]:
        owners = sorted(n.subject_id for n in self.names if folded_alias in n.aliases)
        if len(owners) == 1:
            return owners[0], "alias"
        if owners:
            return None, "ambiguous"
        stem = _HANDLE_STEM.sub("", folded_alias)
        owners = sorted(n.subject_id for n in self.names if stem and stem in n.handle_stems)
        if len(owners) == 1:
            return owners[0], "handle-stem"
        return None, "ambiguous" if owners else ""

    def match_handle(self, key: str) -> str | None:
        bare = key.lstrip("@")
        owners = sorted(n.subject_id for n in self.names if key in n.handles or bare in {h.lstrip("@") for h in n.handles})
        return owners[0] if len(owners) == 1 else None


# --- finding names -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


#: Vietnamese surnames whose accents are all that tells them from a French word (« le », « vu »).
_ACCENTED_SURNAMES = frozenset({"lê", "vũ", "võ", "lý"})


@lru_cache(maxsize=1 << 16)
def refused_as_name(word: str) -> bool:
    """Whether the name finders never take ``word`` alone for a given name: a word of their lists, a function word of
    either language or an everyday word that is also a name ("will", "hope"). The given-name lexicons must hold none."""
    folded = fold(word)
    return folded in NOT_NAME_WORDS or folded in _FUNCTION_WORDS or folded in _WORDLIKE_NAMES


def _is_not_name(word: str) -> bool:
    if word.lower() in _ACCENTED_SURNAMES:
        return False
    return fold(word) in NOT_NAME_WORDS or fold(word) in _NOT_PERSON_HEADS


#: A surname's particle in lower case joined by a hyphen ("el-Amrani", "al-Khatib", "abou-Jaoude"), after a space.
_ARABIC_PARTICLE = re.compile(r"(?:(?<=[ \u00a0\"“«(])|^)(?:al|el|abu|abou|bin|ben|ibn)-\Z")


def _name_words(text: str) -> list[_Word]:
    """Capitalised words with positions; ``d'Ashley`` yields ``Ashley``; possessive ``'s`` dropped.

    A capital inside a word (``McDonald``'s ``D``) does not start one; after a lower-case French
    elision it does (``d'Ashley``), but not after a capital one (``D'Amours`` is a surname).
    """
    words: list[_Word] = []
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        if start:
            before = text[start - 1]
            particle = _ARABIC_PARTICLE.search(text, max(0, start - 5), start)
            if particle is not None:  # "Youssef el-Amrani", "Omar al-Khatib": the particle is the surname's
                words.append(_Word(text[particle.start():end], particle.start(), end))
                continue
            opening_quote = before in "'’" and (start < 2 or not text[start - 2].isalnum())  # "booked by a 'Ryan Mercer'"
            if (before.isalnum() or before in "_'’-") and not opening_quote and (
                    before not in "'’" or not _ELIDED.search(text, max(0, start - 4), start)):
                continue
        token = match.group(0)
        if token.endswith(("'s", "’s")):
            token, end = token[:-2], end - 2
        words.append(_Word(token, start, end))
    return words


def _joined(text: str, a: _Word, b: _Word) -> bool:
    """Whether two words are neighbours in one name: only spaces between them, fewer than three (a wider gap is a
    form's column: "agente Sophie Kanyinda     Date :")."""
    return a.end < b.start and b.start - a.end < 3 and _SPACE.fullmatch(text, a.end, b.start) is not None


def _is_caps_surname(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) >= 3 and letters.isalpha() and word.isupper() and word not in ACRONYMS


_PLACE_LIST_TAIL = re.compile(
    rf"(?:[{UPPER}][\w'’.\-]*[ \u00a0]+)*?[{UPPER}][\w'’.\-]*[ \u00a0]*(?:,|\band\b|\bet\b|\bor\b|\bou\b)[ \u00a0]*$"
)


def _preceded_by_locative(text: str, start: int) -> bool:
    """Whether a name at ``start`` is in a place's context: a locative word (``in``, ``à``,
    ``across``) right before it or before a list of places leading up to it (``across Kenora,
    Niagara Falls``), or a word that begins place names (``Ste.``, ``Port``)."""
    window = text[max(0, start - 80):start]
    previous = window.rstrip(" \u00a0-").rsplit(None, 1)[-1:] if window.strip() else []
    if previous and fold(previous[0]).rsplit("-", 1)[-1] in _PLACE_STARTS:
        return True  # "Sault Ste. Marie", "rue Saint-Denis": a place's name, not a person's
    while True:
        tail = _PLACE_LIST_TAIL.search(window)
        if tail is None or tail.start() == tail.end():
            break
        window = window[:tail.start()]
    before = _WORD.findall(window[-20:])
    return bool(before) and fold(before[-1]) in _LOCATIVE and window.rstrip()[-1:].isalpha()


def _person(text: str, start: int, end: int, extractor: ExtractorId, confidence: float,
            attrs: dict[str, str] | None = None) -> Span:
    parts = parse_name(text[start:end], attrs)
    return make_span(text, start, end, MentionKind.PERSON, extractor, value=parts.folded, confidence=confidence,
                     attrs=attrs)


#: Vietnamese surnames that are words of English or French ("le", "vu", "do", "ha"): a surname only closing a name of
#: two words or more ("Quang Huy Le", « M. Dinh Quang Vu, 418 »).
_CLOSING_SURNAMES = frozenset({"Le", "Lê", "Vu", "Vũ", "Ly", "Lý", "Vo", "Võ", "Do", "Đỗ", "Ha", "Hà", "Ho", "Hồ"})


#: Letters of a profession after a name ("Marisol Reyes-Gutierrez RN, SANE-A"), no part of it.
_CREDENTIALS = frozenset({"RN", "RPN", "NP", "MD", "PhD", "MSW", "RSW", "SANE", "PSW", "CYW", "LPN", "EMT", "BScN", "MSc",
                          "Inf", "TS", "TTS", "CPA", "LLB", "QC", "KC"})


def _extend(text: str, words: list[_Word], i: int, limit: int = 3) -> int:
    """Index of the last word of a name starting at ``words[i]``: capitalised neighbours, particles between."""
    j, thi = i, False
    while j + 1 < len(words) and j - i < limit:
        nxt = words[j + 1]
        if _middle_initial(text, words, j):
            j += 2  # "Kayla M. Brown"
            continue
        if fold(words[j].text) == "thi" and not thi and _joined(text, words[j], nxt):
            limit, thi = limit + 1, True  # "Mme Thi Ngoc Anh Lê": « Thi » marks the name, room for the names after it
        if _joined(text, words[j], nxt) and (fold(words[j].text) == "thi" or (
                nxt.text in _CLOSING_SURNAMES and (j > i or is_given_name(words[j].text)) and _NAME_CLOSES.match(text, nxt.end))):
            j += 1  # Vietnamese names: « Thi Mai Pham » (Mai after Thi is no month), "Quang Huy Le (front desk)", "Bao Le,"
            continue
        if (len(nxt.text) == 1 and nxt.text.isupper() and _joined(text, words[j], nxt) and text.startswith(".", nxt.end)
                and not text.startswith(".-", nxt.end) and not re.match(r"\.[A-Z]", text[nxt.end:nxt.end + 2])):
            j += 1  # a surname's initial closing the name ("Student: Hodan A. (gr. 11)", "TDR : Sabrina L. -")
            break
        if (j == i and nxt.text in ("De", "Di", "Da", "Del", "Van", "Von", "Le", "La", "Du", "Dos", "Das", "Dela", "Della")
                and j + 2 < len(words)
                and _joined(text, words[j], nxt) and _joined(text, nxt, words[j + 2]) and words[j + 2].text[:1].isupper()
                and not _is_not_name(words[j + 2].text) and is_given_name(words[j].text)):
            j += 2  # a capitalised particle inside the surname ("Officer: Gianluca De Santis")
            continue
        if (j == i and nxt.text in ("De", "Van", "Von") and j + 2 < len(words) and _joined(text, words[j], nxt)
                and re.fullmatch(r"[ \u00a0](?:la|der|den|los|las)[ \u00a0]", text[nxt.end:words[j + 2].start])
                and not _is_not_name(words[j + 2].text) and is_given_name(words[j].text)):
            j += 2  # two particles ("supervisor Carmen De la Cruz", "Peter Van der Berg")
            continue
        # Particles only after a lone given name: "Marie de la Fontaine", not "Sylvie Roy de Sudbury".
        if _is_not_name(nxt.text) or not _joined_or_particle(text, words[j], nxt, particles=j == i) or nxt.text in _CREDENTIALS:
            break  # "Marisol Reyes-Gutierrez RN": a nurse's letters after her name
        if len(nxt.text) == 1 and re.match(r"-?\d", text[nxt.end:nxt.end + 2]):
            break  # a badge's letter ("Jean-Rony Exantus S-114")
        j += 1
    return j


#: What closes a name at once: a mark, a parenthesis, a column, the line's end.
_NAME_CLOSES = re.compile(r"[ \u00a0]*(?:[,;:.)(|\n]|$)|[ \u00a0]{2,}")


def _middle_initial(text: str, words: list[_Word], j: int) -> bool:
    """Whether ``words[j + 1]`` is an initial (``M.``) between ``words[j]`` and another name word."""
    if j + 2 >= len(words):
        return False
    initial, after = words[j + 1], words[j + 2]
    return (len(initial.text) == 1 and _joined(text, words[j], initial) and text.startswith(". ", initial.end)
            and after.start == initial.end + 2 and not _is_not_name(after.text))


def _joined_or_particle(text: str, a: _Word, b: _Word, *, particles: bool = True) -> bool:
    """Neighbours, or joined by name particles (``Marie de la Fontaine``) when ``particles``."""
    if _joined(text, a, b):
        return True
    between = text[a.end:b.start].strip()
    if b.text in _TOWNS and fold(between) in ("de", "d'", "of"):
        return False  # « l'agent Lévesque de Sherbrooke »: the officer's town, not a particle's surname
    return particles and bool(between) and len(between) <= 8 and all(fold(w) in SURNAME_PARTICLES for w in between.split())


_GIVEN_BEFORE = re.compile(rf"([{UPPER}][{LOWER}]+)[ \u00a0]+$")


def _initial_of_a_name(text: str, start: int) -> bool:
    """Whether ``M.`` at ``start`` follows a given name (``Kayla M. Brown``)."""
    before = _GIVEN_BEFORE.search(text[max(0, start - 30):start])
    return before is not None and is_given_name(before.group(1)) and not _is_not_name(before.group(1))


def _initial_and_surname(text: str, words: list[_Word], i: int) -> bool:
    """Whether ``words[i]`` is an initial (``K.``) with a surname right after it (``K. O'Brien``, ``A. Van Rooyen``)."""
    if len(words[i].text) != 1 or i + 1 >= len(words) or not text.startswith(". ", words[i].end):
        return False
    after = words[i + 1]
    if _PARTICLE_SURNAME.match(text, words[i].end + 2) is not None:
        return True  # "A. Van Rooyen", "J. de Sousa"
    return after.start == words[i].end + 2 and len(after.text) >= 2 and not _is_not_name(after.text)


#: A surname that opens with its particle, capitalised or not ("Van Rooyen", "van der Linde", "De Luca").
_PARTICLE_SURNAME = re.compile(rf"(?:(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Dd]a|[Dd]i|[Dd]el|[Ll]a|[Ll]e|[Dd]os|[Dd]as|[Dd]ela|[Dd]ella)"
                               rf"[ \u00a0]+){{1,2}}"
                               rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?(?![\w'’\-])|"
                               rf"(?:(?:VAN|VON|DE|DER|DEN|DA|DI|DEL|LA|LE)[ \u00a0]+){{1,2}}[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?(?![\w'’\-])")


def _initial_name_end(text: str, words: list[_Word], i: int) -> int:
    """Where the name that an initial ``words[i]`` opens ends: its surname, with the particles it opens with."""
    particle = _PARTICLE_SURNAME.match(text, words[i].end + 2)
    return particle.end() if particle is not None else words[i + 1].end


def _title_names(text: str, words: list[_Word], by_start: dict[int, int], lang: str | None = None) -> list[Span]:
    found = []
    after_title = -1
    for match in _TITLE.finditer(text):
        i = by_start.get(match.end())
        title = match.group("title")
        if title == "M." and (match.start() == after_title or lang == "en"):
            # "Cst. M. Boateng": after a rank, "M." is an initial, taken with the rank's name; in English, always one
            # ("Guard: M. Kapoor", "Counsel: M. Fournier-Ahmadi"), taken by the initial finder
            continue
        after_title = match.end()
        month = (i is not None and fold(words[i].text) in _MONTH_GIVEN_NAMES and i + 1 < len(words)
                 and _joined(text, words[i], words[i + 1]) and not _is_not_name(words[i + 1].text))
        if month and i is not None:  # « Mme Mai Hoang »: a given name that is a month, its surname after it
            month_sex = TITLES.get(fold(title).rstrip("."))
            found.append(_person(text, match.start(), words[i + 1].end, TITLE_EXTRACTOR, 0.85,
                                 {"title": title, **({"sex": month_sex} if month_sex else {})}))
            continue
        if i is None or (_is_not_name(words[i].text) and not _initial_and_surname(text, words, i)):
            continue
        if _initial_and_surname(text, words, i):
            j = i + 1  # "Sgt. K. O'Brien", "DET SGT R. BOUCHARD": the initial and the surname
        elif title.isupper() and title != "M.":
            # In capitals every word looks like a name: the surname alone ("DET CST PELLETIER AT ..."), or a
            # known given name and the word after it ("MRS AGNES SUTHERLAND").
            nxt = i + 1
            joined = nxt < len(words) and _joined(text, words[i], words[nxt]) and not _is_not_name(words[nxt].text)
            j = nxt if joined and is_given_name(words[i].text) else i
        else:
            j = _extend(text, words, i, limit=2)
        if title == "M." and _initial_of_a_name(text, match.start()):
            continue  # "Kayla M. Brown": a middle initial, not "Monsieur"
        attrs = {"title": title}
        if j > i and _is_caps_surname(words[i].text) and not any(w.text.isupper() for w in words[i + 1:j + 1]):
            attrs["order"] = "surname-first"  # "Night clerk Ms. NGUYEN Thi Lan": the surname in capitals first
        sex = TITLES.get(fold(title).rstrip("."))
        if sex:
            attrs["sex"] = sex
        found.append(_person(text, match.start(), words[j].end, TITLE_EXTRACTOR, 0.9, attrs))
    return found


#: A rank or an office written out before a name, in prose or a signature ("Detective Constable Aleksandra
#: Kovalenko", « l'agent Kervens Pierre-Louis », « sergent-détective Frantz Désir », "the Honourable Justice K.
#: Mahabir", "BSO J. Tremblay-Nakamura", "CONTACT: DET CST WOJCIECHOWSKI, T."): the name after it is a person's
#: whatever the lexicon knows of it. The short titles of :data:`_TITLE` take a lone surname; these take an
#: initial and a surname, two or three capitalised words, or ``SURNAME, I.``.
#: 1.1: a surname alone where the name ends ("Detective Constable Lachapelle,", "D/C Lalonde   yard"), Supt., Insp.,
#: four words of a Vietnamese name.
# 1.2: PCP, ACP, CCP; 1.3: a state's trooper; 1.4: a surname alone in capitals in a note written in mixed case;
# 1.5: Capt., J.P., Elder; 1.6: « enquêteuse », a surname in capitals after given names ("Thi Ngoc PHAM"); 1.7: S/Cst,
# TAP, « enq. », a slash after a surname ("PCP Arsenault / PCP Beardy"), a plural rank before two surnames; 1.8: CO, RN
# 1.9: a surname in capitals with a badge after a rank in a text typed in capitals ("PC LAMOTHE #10122")
RANK_EXTRACTOR = ExtractorId("person.rank", "1.9")
_RANK = re.compile(
    r"(?<![\w\-/])(?P<rank>(?:(?:(?i:detective|constable|sergeant|staff|special|officer|inspector|corporal|peacekeeper|trooper|"
    r"agente?|sergente?|d[ée]tective|enqu[êe]t(?:eur|rice|euse)|lieutenante?|caporale?|polici(?:er|[èe]re)|patrouilleu(?:r|se))|"
    r"Justice(?:\s+of\s+the\s+Peace)?|Judge|Juge|juge(?:\s+de\s+paix)?|Honourable|Hon\.|BSO|PC|P/C|D/Cst\.?|S/Sgt\.?|"
    r"DC|D/C|DS|D/S|A/Sgt\.?|Sgt-dét\.?|sgt-dét\.?|gend\.|Det\.?|Cst\.?|Sgt\.?|Cpl\.?|DET\.?|CST\.?|SGT\.?|CPL\.?|det\.|cst\.|sgt\.|"
    r"agents|agte?\.?|Agte?\.?|AGTE?\.?|Supt\.?|S/Supt\.?|Insp\.?|SUPT\.?|INSP\.?|S/SGT\.?|Me|PCP|ACP|CCP|lt\.?|sgt|cst|Pk\.|"
    r"Capt\.|Captain|Capitaine|J\.P\.|Elder|S/Cst\.?|TAP|enq\.|Enq\.|CO|RN)"
    r"(?:[ \u00a0]+|-(?=\w)))+)"
    rf"(?=[{UPPER}])")
#: A rank in the plural before two surnames joined by "and" (« Agents Dubé et Simard sur place », "Constables Roy and
#: Kakegamic attended").
_PLURAL_RANK = re.compile(
    rf"(?<![\w\-])(?P<rank>(?i:agents|agentes|officers|constables|sergeants|sergents|détectives|detectives|enquêteurs|"
    rf"enquêteuses|cpls|csts))[ \u00a0]+(?P<a>[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?)[ \u00a0]+(?:et|and|&)[ \u00a0]+"
    rf"(?P<b>[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?)(?![\w\-])")
#: Words of an office, a unit or a document after a rank word: "Officer Safety Bulletin" names no one.
_OFFICE_WORDS = frozenset(fold(w) for w in word_list("""
safety bulletin training program programme centre center services service unit office report reports general
court academy college association division branch section support liaison team squad escouade duty
victims victim crimes investigations operations
assistant crown attorney counsel analyst intelligence criminal senior
"""))
#: ``SURNAME, I.`` after a rank: a register's order with the initial last.
_SURNAME_INITIAL = re.compile(rf"(?P<surname>[{UPPER}][{UPPER}'’\-]*[{UPPER}]),[ \u00a0]*(?P<initial>[{UPPER}])\.")
#: An officer's signature: an initial, a surname and a badge number ("J. Tremblay-Nakamura #28814").
_BADGE_AFTER = re.compile(r"[ \u00a0]*[,(]?[ \u00a0]*(?:#|(?i:badge|matricule|matr\.|insigne|no\.))[ \u00a0]*#?[ \u00a0]*\d{2,6}\b")
#: A badge's bare number closing a signature ("— PC Hsu 10233" at a line's end).
_BARE_BADGE_AFTER = re.compile(r"[ \u00a0]+\d{3,6}[ \u00a0]*(?:$|\n)", re.M)
#: Where a surname alone after a rank ends the name: a mark, a line's end, a word in lower case ("Detective Constable
#: Lachapelle, (905)", "CCPS D/C Lalonde        yard", « l'enquêteur Boisvert, SPVM »).
_SURNAME_ENDS = re.compile(r"[ \u00a0]*(?:[,;:.)\n|/]|->|$)|[ \u00a0]{2,}|[ \u00a0]+[a-zà-ÿ]", re.M)
#: The words of a badge, without "#" (which numbers rooms and files too): « agent Ruiz, matricule 2245 ».
_BADGE_WORD_AFTER = re.compile(r"[ \u00a0]*[,(]?[ \u00a0]*(?i:badge|matricule|matr\.|insigne)[ \u00a0]*#?[ \u00a0]*\d{2,6}\b")


def _rank_names(text: str, words: list[_Word], by_start: dict[int, int], lang: str | None = None) -> list[Span]:
    found = []
    shouted = _shouted(text)
    for match in _RANK.finditer(text):
        rank = match.group("rank").rstrip(" \u00a0-")
        i = by_start.get(match.end())
        inverted = _SURNAME_INITIAL.match(text, match.end()) or _SURNAME_COMMA.match(text, match.end())
        if inverted is not None:  # "CST. NAAWAKWEGABO-HILL, F.", « agt TRAN, Minh-Khoa (#318) »
            found.append(_person(text, match.start(), inverted.end(), RANK_EXTRACTOR, 0.9,
                                 {"order": "surname-first", "title": text[match.start():match.start() + len(rank)]}))
            continue
        if i is None or (_is_not_name(words[i].text) and not _initial_and_surname(text, words, i)):
            continue
        if words[i].text.isupper() and not _initial_and_surname(text, words, i):
            # In capitals every word looks like a name: the title extractor's rules read them; but in a note written in
            # mixed case, a surname alone in capitals after a rank is an officer's ("PC TREMBLAY-OJO arr 0928",
            # « Briefing sgt DUCHARME. », « Agt SIMARD-KOOTOO arr. »)
            # in a text typed in capitals, a badge after the surname says it is one ("PC LAMOTHE #10122 AND PC TSE #9915")
            badged = _BADGE_AFTER.match(text, words[i].end) is not None
            if ((not shouted or badged) and (len(words[i].text) >= 3 or badged) and words[i].text not in ACRONYMS
                    and not (rank.isupper() and len(rank) > 4) and fold(words[i].text) not in _OFFICE_WORDS  # "STAFF NOTES"
                    and not (i + 1 < len(words) and _joined(text, words[i], words[i + 1]))):
                found.append(_person(text, match.start(), words[i].end, RANK_EXTRACTOR, 0.85,
                                     {"title": text[match.start():match.start() + len(rank)]}))
            continue
        if _initial_and_surname(text, words, i):
            end = _initial_name_end(text, words, i)
        else:
            j = i
            limit = 1 if (shouted or words[i].text.isupper()) else 3  # « agte Thi Hong Nhung Lê »
            while j + 1 < len(words) and j - i < limit:
                nxt = words[j + 1]
                if (fold(nxt.text) in SURNAME_PARTICLES and j + 2 < len(words) and _joined(text, words[j], nxt)
                        and _joined(text, nxt, words[j + 2]) and not _is_not_name(words[j + 2].text)):
                    j += 2  # a capitalised particle inside the surname ("agt Ricardo De Luca")
                    continue
                caps_surname = (nxt.text.isupper() and all(is_given_name(w.text) for w in words[i:j + 1])
                                and _NAME_CLOSES.match(text, nxt.end) is not None)  # "Special Constable Thi Ngoc PHAM (S-41)"
                if (not _joined_or_particle(text, words[j], nxt, particles=j == i) or _is_not_name(nxt.text)
                        or nxt.text in ACRONYMS
                        or (nxt.text.isupper() and not words[i].text.isupper() and len(nxt.text) <= 5 and not caps_surname)):
                    break  # "Agent Vachon du SPS": a service after the name
                j += 1
            run = words[i:j + 1]
            badge = _BADGE_AFTER.match(text, run[-1].end) or _BARE_BADGE_AFTER.match(text, run[-1].end)
            cell = re.match(r"[ \u00a0]{2,}|[ \u00a0]*\|", text[run[-1].end:]) is not None  # a docket's "| Me Dinh   |"
            alone = len(run) < 2 and not badge and not ((rank != "Me" or cell) and _SURNAME_ENDS.match(text, run[-1].end)
                                                        and not is_given_name(run[-1].text) and len(run[-1].text) >= 3)
            if any(fold(w.text) in _OFFICE_WORDS for w in run) or alone or (len(run) < 2 and rank == "Me" and not cell):
                continue  # a surname alone with a badge after it ("PC Kaur #9987") or where the name ends ("D/C Lalonde,")
            end = run[-1].end
        found.append(_person(text, match.start(), end, RANK_EXTRACTOR, 0.9, {"title": text[match.start():match.start() + len(rank)]}))
    for m in _PLURAL_RANK.finditer(text):
        for g in ("a", "b"):  # « Agents Dubé et Simard sur place »: two officers, each by surname
            if not _is_not_name(m.group(g)) and m.group(g) not in ACRONYMS:
                found.append(_person(text, m.start(g), m.end(g), RANK_EXTRACTOR, 0.85, {"title": m.group("rank")}))
    for word_i, word in enumerate(words):
        if _initial_and_surname(text, words, word_i):
            if _BADGE_AFTER.match(text, words[word_i + 1].end):
                found.append(_person(text, word.start, words[word_i + 1].end, RANK_EXTRACTOR, 0.85))
            elif _lone_initial(text, words, word_i, lang):
                found.append(_person(text, word.start, _initial_name_end(text, words, word_i), INITIAL_EXTRACTOR, 0.6))
        elif (not word.text.isupper() and not _is_not_name(word.text) and len(word.text) >= 3
              and _BADGE_WORD_AFTER.match(text, word.end) and not _preceded_by_locative(text, word.start)):
            first = word_i  # « agent Ruiz, matricule 2245 », « Marc Ruiz (matr. 2245) »
            while first > 0 and word_i - first < 2 and _joined(text, words[first - 1], words[first]) and not _is_not_name(words[first - 1].text):
                first -= 1
            found.append(_person(text, words[first].start, word.end, RANK_EXTRACTOR, 0.85))
    return found


#: An initial and a surname with nothing to vouch for them but their shape ("Referred by ED RN (J. Paquette)",
#: "- R. Moose" signing a log): a person, unless a capitalised word stands just before ("Plan A. Smith") or the
#: initial is « M. » (Monsieur, which the title extractor reads).
# 1.1: a surname in capitals in a table's cell or after "name"; 1.2: after a capitalised role's noun ("Analyst J. X")
# 1.3: a surname in capitals after a field's label; 1.4: « M. » in English
INITIAL_EXTRACTOR = ExtractorId("person.initial", "1.4")


def _lone_initial(text: str, words: list[_Word], i: int, lang: str | None = None) -> bool:
    initial, surname = words[i], words[i + 1]
    if ((initial.text == "M" and lang != "en") or surname.text in ACRONYMS or fold(surname.text) in _PLACE_STARTS
            or fold(surname.text) in _FUNCTION_WORDS):
        return False  # "Hwy 17 W. With her": a direction and the next sentence
    before = text[max(0, initial.start - 1):initial.start]
    previous = re.search(r"(\S+)[ \u00a0]+$", text[max(0, initial.start - 30):initial.start])
    if before.isalnum() or before in ".'’-/" or (previous is not None and previous.group(1)[-1:].isdigit()) or (
            previous is not None and previous.group(1)[:1].isupper()
            and not previous.group(1).endswith((":", ",", ";"))
            and not _ROLE_NOUN_BEFORE.search(previous.group(0))):  # "Run by: Analyst J. Nguyen-Tremblay" is one
        return False  # "Plan A. Smith", "Exhibit B. Lewis", "U.S. Smith": no initial of a name
    if surname.text.isupper() and not _shouted(text):
        # in capitals only in a table's cell, after a name's label or a field's ("| D. PHAM   |", "name on card N. ALMASRI",
        # "Analyst: I. OYELARAN-BANKS")
        return re.search(r"(?:\||:|(?i:\bname\b|\bnom\b)[^\n|]{0,12})[ \u00a0]*$", text[max(0, initial.start - 20):initial.start]) is not None
    return True


def _subject_names(text: str, words: list[_Word], index: SubjectIndex) -> list[Span]:
    found = []
    for i, word in enumerate(words):
        if _is_not_name(word.text) or not index.given_match(word.text):
            continue
        if i + 1 < len(words) and _joined(text, word, words[i + 1]) and index.surname_match(words[i + 1].text):
            found.append(_person(text, word.start, words[i + 1].end, SUBJECT_EXTRACTOR, 0.9))
        elif not _preceded_by_locative(text, word.start):
            found.append(_person(text, word.start, word.end, SUBJECT_EXTRACTOR, 0.7))
    return found


@lru_cache(maxsize=64)  # asked by every finder of one text
def _shouted(text: str) -> bool:
    """A narrative typed in capitals throughout (a teletype habit): case then says nothing of names."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _lexicon_names(text: str, words: list[_Word]) -> list[Span]:
    found = []
    shouted = _shouted(text)
    for i, word in enumerate(words):
        if _is_not_name(word.text):
            continue
        known = is_given_name(word.text)
        if shouted and known and word.text.isupper() and i + 1 < len(words) and _joined(text, word, words[i + 1]):
            if word.start and text[word.start - 1] in "'’\"“‘«":
                continue  # quoted in capitals: an alias ("AKA 'KAY DOT'"), which pattern.alias finds
            # In capitals, a known given name with one more word beside it: "WITH MARCUS STEWART NEAR".
            after = words[i + 1]
            if (after.text.isupper() and len(after.text) >= 2 and not _is_not_name(after.text) and not is_given_name(after.text)
                    and not (len(after.text) > 5 and after.text.endswith("ING"))):  # "GUY RUNNING IT"
                found.append(_person(text, word.start, after.end, LEXICON_EXTRACTOR, 0.6))
            continue
        if (known or is_given_name_misspelt(word.text)) and not word.text.isupper():
            j = _extend(text, words, i)
            if j > i and (not _preceded_by_locative(text, word.start) or _is_caps_surname(words[j].text)) and not _place_follows(text, words, j):
                found.append(_person(text, word.start, words[j].end, LEXICON_EXTRACTOR, 0.8 if known else 0.65))
        elif (_is_caps_surname(word.text) and i + 1 < len(words) and _joined(text, word, words[i + 1])
              and is_given_name(words[i + 1].text) and not words[i + 1].text.isupper()
              and not _surname_follows(text, words, i + 1)):
            found.append(_person(text, word.start, words[i + 1].end, CAPS_EXTRACTOR, 0.7, {"order": "surname-first"}))
        elif (i + 1 < len(words) and _joined(text, word, words[i + 1]) and not word.text.isupper()
              and _is_caps_surname(words[i + 1].text) and not _is_not_name(words[i + 1].text)
              and not _preceded_by_locative(text, word.start)
              # "Notified CSM Farida Rahimi-Nejad": a role's letters before a name in mixed case, no surname
              and not (i + 2 < len(words) and _joined(text, words[i + 1], words[i + 2]) and words[i + 2].text[:1].isupper()
                       and not words[i + 2].text.isupper())):
            found.append(_person(text, word.start, words[i + 1].end, CAPS_EXTRACTOR, 0.7))
    return found


def _place_follows(text: str, words: list[_Word], j: int) -> bool:
    """Whether the words up to ``words[j]`` go on into a place's or a file's name ("Sandy Lake First Nation")."""
    return j + 1 < len(words) and _joined(text, words[j], words[j + 1]) and fold(words[j + 1].text) in _NOT_PERSON_HEADS


def _surname_follows(text: str, words: list[_Word], i: int) -> bool:
    """Whether a capitalised word that is no given name follows ``words[i]``: then a word in capitals before
    them is a rank or an agency ("BSO Jacqueline Ng"), not the surname of ``SURNAME Given``."""
    if i + 1 >= len(words) or not _joined(text, words[i], words[i + 1]):
        return False
    after = words[i + 1].text
    return not after.isupper() and not _is_not_name(after) and not is_given_name(after)


#: What makes ``SURNAME, Given`` a name whatever the lexicon knows of the given name: a field's label before it
#: ("SUBJ: MCKAY-STRANG, JOLENE", « Nom du témoin : NDIAYE, Aminata », "(driver): HERNANDEZ ALVARADO, Luis"), a case's
#: style ("R. v. OSEI-TUTU, Yaw", « R. c. ... »), or a date of birth, a sex or an age right after it.
_LABEL_BEFORE = re.compile(r"(?:[:)]|(?<![\w])[vc]\.)[ \u00a0]*$")
_PARTICULARS_AFTER = re.compile(
    r"[ \u00a0]*[,(—–\-]?[ \u00a0]*(?:(?i:dob|ddn|d\.o\.b\.|sex|sexe|née?|born|aka|a\.k\.a\.|alias|dit)\b|"
    # an entity list's age after a dash ("FARAH, Abshir Guled - 31, Ottawa"), a quoted nickname ('"JR"', « Ti-Boss »)
    r"(?<=[\-–—])[ \u00a0]*[1-9]\d[ \u00a0]*(?:,|ans\b|yo\b|$)|(?<=[ \u00a0])[\"“«][ \u00a0]*[A-ZÀ-Ý][^\"”»\n]{0,20}[\"”»]|"
    # an entity list's role ("[P1] KHALIL, Rami Youssef (subject)")
    r"\((?i:subject|suspect|victim|witness|sujet|victime|témoin|accused|accusée?)\)|"
    r"\(?[1-9]\d[ \u00a0]*(?:ans|yo|y/o|\))|(?<=,)[ \u00a0]*[1-9]\d[ \u00a0]*,|\([1-9]\d[ \u00a0]*,|"
    r"[MF]\b[ \u00a0]*(?:[–—\-][ \u00a0]*)?\d|\([ \u00a0]*[MF][ \u00a0]*,[ \u00a0]*[1-9]\d|"
    # a date of birth in the next column of a register ("O'DONNELL-SKY, Tiernan       2000-10-03")
    r"(?<=[ \u00a0]{2})(?:19|20)\d\d[\-/.][01]\d[\-/.][0-3]\d\b)")
_LIST_JOIN = re.compile(r"[ \u00a0]*(?:and|et|&|,|;)[ \u00a0]*")
_ROLE_WORD_BEFORE = re.compile(
    r"(?i)\b(?:susp|suspect|titulaire|holder|owner|propriétaire|driver|conducteur|conductrice|victim|victime|accused|"
    r"accusée?|subj|subject|complainant|plaignante?|witness|témoin|guest|client|cliente|r/o|passenger|passag(?:er|ère)|"
    r"cardholder|card\s+holder|détent(?:eur|rice)|saisie?\s+sur|seized\s+from|"
    r"occupant|rider)\.?[ \u00a0]*(?:[—–:\-][ \u00a0]*)?$")


#: ``Surname, Given`` in mixed case right after a form's label ("guard: Tremblay-Kakegamic, Jordan   sec lic"), the
#: given name a known one, the names ending the field (a column's gap, a mark, the line's end).
_LABELLED_SURNAME_COMMA = re.compile(
    rf"(?<=[:;])[ \u00a0]*(?P<surname>(?:[{UPPER}]['’]|Ma?c)?[{UPPER}][{LOWER}]+(?:[\-'’][{UPPER}][{LOWER}]+)*),[ \u00a0]+"
    rf"(?P<given>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?(?:[ \u00a0][{UPPER}][{LOWER}]+)?)(?P<initial>[ \u00a0][{UPPER}]\.)?"
    # a second given name ("Pt: Nguyen, Thao Vy"); a middle initial, then a unit or a rank ("To: Whitlock, Kevin J. (HSI
    # Buffalo)", "Cc: Rezaei, Hamid D/Sgt.")
    r"(?=[ \u00a0]{2,}|[ \u00a0]*(?:[;|)\n<(]|$)|[ \u00a0]+[—–\-][ \u00a0]|[ \u00a0]+(?:[A-Z]/)?(?:Sgt|S/Sgt|Det|Cst|Insp|Supt|Lt|Capt|Cpl)\b)",
    re.M)
#: A form's label that asks for a person's name: what follows it in ``Surname, Given`` order is a name whatever the
#: lexicon knows of the given name ("Member name:", "Client name:", « Nom du membre : », « Nom : »).
_NAME_LABEL_BEFORE = re.compile(
    r"(?i)(?:\b(?:full|member|client|guest|patient|student|tenant|offender|employee|customer|resident|youth|child|"
    r"person|subject)[ \u00a0]+name|(?<![\w])name|(?<![\w])nom(?:[ \u00a0]+(?:complet|(?:du|de[ \u00a0]+la|de[ \u00a0]+l['’]|de"
    r"[ \u00a0]+l[ae]?)[ \u00a0]*[\w\-]+))?)[ \u00a0]*:[ \u00a0]*$")
#: An e-mail's header naming its people ("To: O'Connell, Liam (Det. Cst.) <...>", « De : Nguyen, Thanh <...> »).
_MAIL_HEADER_LINE = re.compile(r"(?i)[ \u00a0>]*(?:from|to|cc|bcc|de|à|cci)[ \u00a0]*:")
_MAIL_HEADER_BEFORE = re.compile(r"(?im)^[ \u00a0>]*(?:from|to|cc|bcc|de|à|a|cci|sent\s+by|envoyé\s+par)[ \u00a0]*:[ \u00a0]*$")


#: Particles that start a surname in capitals before its comma ("VAN DEN BERG, Noah"), never French prepositions
#: (« EN COMPAGNIE DE TREMBLAY, JONATHAN »).
_LEADING_PARTICLES = frozenset({"van", "von", "der", "den", "da", "dos", "das", "del", "della", "di", "mac", "mc"})
#: What a cued "name" is when a word like these follows it ("registered to a Val Caron address"): a place or a firm.
_NOT_A_PERSON_AFTER = re.compile(r"[ \u00a0]+(?i:address|adresse|residence|résidence|home|house|property|business|company|"
                                 r"compagnie|entreprise|street|road|avenue)\b")


#: A register's, a payroll's or a contract's row naming someone ``Surname, Given`` in mixed case: at the line's start
#: (after a bullet or a number), a surname of one or two words with particles ("Chávez Mendoza, Juan Pablo", "López de
#: León, Yohana", "Ngoy Kabeya, Patrick"), one or two given names, then the row's next column or mark.
_SURNAME_WORD = rf"(?:[{UPPER}]['’])?[{UPPER}][{LOWER}]+(?:[\-'’][{UPPER}][{LOWER}]+)*"
_ROW_SURNAME_COMMA = re.compile(
    rf"(?m)^[ \t]*(?:[-•*·]|\(?\d{{1,3}}[.)]|[A-Z]\))?[ \t]*"
    rf"(?P<surname>{_SURNAME_WORD}(?:[ \u00a0](?:(?:de|del|de[ \u00a0]la|da|dos|das|van|von|ben|bin)[ \u00a0])?{_SURNAME_WORD})?),[ \u00a0]+"
    rf"(?P<given>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?(?:[ \u00a0][{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)?)"
    r"(?=(?P<column>[ \t]{2,}\S|[ \u00a0]*[—–|;(]|[ \u00a0]+-[ \u00a0])|[ \t]*$)")


#: ``Surname, Given`` filling a table's or a CSV file's cell: a tab, a bar or a quote on either side.
_CELL_SURNAME_COMMA = re.compile(
    rf"(?m)(?:(?<=[\t|\"])|(?<=[ \u00a0]{{2}}))[ \u00a0]*(?P<surname>{_SURNAME_WORD}(?:[ \u00a0]{_SURNAME_WORD})?),[ \u00a0]+"
    rf"(?P<given>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?(?:[ \u00a0][{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)?)"
    r"(?=[ \u00a0]*(?:[\t|\"]|$))")


def _row_names(text: str) -> list[Span]:
    """Rows naming people ``Surname, Given``: taken where the given name is a known one, or where two rows or more of
    the text are shaped so with a next column (a payroll's list: "Tzul Ajanel, Rosalío   GT   71"), never with a word
    no name has."""
    if "," not in text:
        return []
    rows = [m for m in _ROW_SURNAME_COMMA.finditer(text)
            if not any((_is_not_name(w) or fold(w) in _FUNCTION_WORDS) and fold(w) not in SURNAME_PARTICLES
                       for w in (*m.group("surname").split(), *m.group("given").split()))]
    tabled = [m for m in rows if m.group("column")]
    return [_person(text, m.start("surname"), m.end("given"), CAPS_EXTRACTOR, 0.7, {"order": "surname-first"})
            for m in rows if (len(tabled) >= 2 and m in tabled)
            or _known_given_after_surname(m.group("surname"), m.group("given").split()[0])]


def _known_given_after_surname(surname: str, given: str) -> bool:
    """A known given name that is no everyday word or town ("Paris, France"), after a word that is no given name."""
    return is_given_name(given) and fold(given) not in _WORDLIKE_NAMES and not is_given_name(surname.split()[0])


def _surname_comma_names(text: str) -> list[Span]:
    found = []
    for m in _LABELLED_SURNAME_COMMA.finditer(text) if ":" in text else ():
        # an e-mail header's people, each "Surname, Given" (To: McTavish, Brennan (DC); Sandhu, Harjot (DC)), whatever the
        # lexicon knows of the given name
        header = _MAIL_HEADER_LINE.match(text, text.rfind("\n", 0, m.start()) + 1) is not None
        if header and not _is_not_name(m.group("surname")) and not any(_is_not_name(g) for g in m.group("given").split()):
            found.append(_person(text, m.start("surname"), m.end(), CAPS_EXTRACTOR, 0.7, {"order": "surname-first"}))
            continue
        # after a label that asks for a name ("Member name: Lemieux, Chantale", « Nom du membre : Kovalenko, Bohdan »),
        # any given name; after a role's, one the lexicon knows, or one letter from one
        named = _NAME_LABEL_BEFORE.search(text, max(0, m.start() - 30), m.start()) is not None
        first_given = m.group("given").split()[0]  # a second given name may be one the lexicon lacks ("Thao Vy")
        given_ok = named or is_given_name(first_given) or is_given_name_misspelt(first_given)
        cued = named or bool(_ROLE_CUE.search(text, max(0, m.start() - 40), m.start())
                             or _ROLE_LABEL_BEFORE.search(text, max(0, m.start() - 30), m.start())
                             or _MAIL_HEADER_BEFORE.search(text, max(0, m.start() - 30), m.start()))
        if (cued and given_ok and not any(_is_not_name(g) for g in m.group("given").split()) and not _is_not_name(m.group("surname"))
                and not is_given_name(m.group("surname"))):
            found.append(_person(text, m.start("surname"), m.end(), CAPS_EXTRACTOR, 0.7, {"order": "surname-first"}))
    found.extend(_row_names(text))
    for m in _CELL_SURNAME_COMMA.finditer(text) if "\t" in text or "|" in text or '"' in text else ():
        # a table's or a CSV file's cell holding ``Surname, Given`` ("PERSON\tNguyen, Thi Lan\tdesk clerk", '"Boucher,
        # Marie-Soleil",'), the given name one the lexicon knows
        first_given = m.group("given").split()[0]
        if (is_given_name(first_given) and not is_given_name(m.group("surname")) and not _is_not_name(m.group("surname"))
                and not any(_is_not_name(g) for g in m.group("given").split())):
            found.append(_person(text, m.start("surname"), m.end("given"), CAPS_EXTRACTOR, 0.7, {"order": "surname-first"}))
    previous_end = -1
    for m in _SURNAME_COMMA.finditer(text):
        surname, given = m.group("surname"), m.group("given")
        start = m.start()
        labelled = bool(_LABEL_BEFORE.search(text, max(0, start - 40), start) or re.search(r"[|\t][ \u00a0]*$", text[max(0, start - 5):start])) or (
            previous_end >= 0 and _LIST_JOIN.fullmatch(text, previous_end, start) is not None)
        labelled = labelled or _ROLE_WORD_BEFORE.search(text, max(0, start - 20), start) is not None
        # a list's bullet opening the line ("- MORALES VEGA, Luis Fernando, 31 ans")
        labelled = labelled or re.fullmatch(r"[ \t]*[-•*·–][ \t]*", text[text.rfind("\n", 0, start) + 1:start]) is not None
        while (" " in surname or "\u00a0" in surname) and not re.fullmatch(r"STE?\.?[ \u00a0]\S+", surname):
            first, last = re.split(r"[ \u00a0]", surname, maxsplit=1)
            if (labelled and not _is_not_name(first) and first not in ACRONYMS) or fold(first) in _LEADING_PARTICLES or (
                    first in ("DE", "DU", "DES") and not _shouted(text)) or (
                    first.islower() and not re.search(r"[^\W\d_][ \u00a0]*$", text[max(0, start - 15):start])):
                break  # a label's, a surname that starts with its particle ("VAN DEN BERG, Noah"), a particle in lower
                # case opening the entry ("3. de la DURANTAYE, Antoine"; « le véhicule de TREMBLAY, Jonathan » is whose)
            surname, start = last, start + len(first) + 1
            labelled = bool(_LABEL_BEFORE.search(text, max(0, start - 40), start))
        letters = surname.replace("-", "").replace("'", "").replace("’", "")
        short_surname = surname.title() in _CLOSING_SURNAMES and is_given_name(given)  # "VO, Thanh-Huong"
        if (len(letters) < 3 and not short_surname) or surname in ACRONYMS or (_is_not_name(surname) and not short_surname) \
                or _is_not_name(given):
            continue
        words_after = [(m.start("middle") + w.start(), m.start("middle") + w.end(), w.group())
                       for w in re.finditer(r"\S+", m.group("middle"))]
        # Given and middle names up to a word that is no name; with a label or particulars, any name word counts.
        names_end = m.end("given")
        for _, w_end, word in words_after:
            if _is_not_name(word) or word in ACRONYMS:
                break
            names_end = w_end
        # a form's field ("SUBJECT: SINGH DHALIWAL, HARPREET KAUR"), not any colon ("CHEVEUX: NOIRS, LONGS"), a case's
        # style ("R. v. X, Y"), the next of a list of such names, or particulars after the names
        field = _ROLE_CUE.search(text, max(0, start - 40), start) is not None
        case_style = re.search(r"(?<![\w])[vc]\.[ \u00a0]*$", text[max(0, start - 10):start]) is not None
        listed = previous_end >= 0 and _LIST_JOIN.fullmatch(text, previous_end, m.start()) is not None
        # a table's cell of its own ("| NGUYEN, Van Thanh     |")
        listed = listed or (re.search(r"(?:[|\t]|[ \u00a0]{2})[ \u00a0]*$", text[max(0, start - 5):start]) is not None
                            and re.match(r"[ \u00a0]*(?:[|\t]|$)|[ \u00a0]{2}|[ \u00a0]+[-–—][ \u00a0]|[ \u00a0]*\([^()\n]{2,30}\)[ \u00a0]{2}",
                                         text[names_end:]) is not None)
        # a remark in parentheses that the names close ("(susp. WOODS, Dametrius)", "(phone of DASILVA, Rico)"), a
        # role's word right before them (« titulaire TOURÉ, Abdoulaye »)
        enclosed = re.match(r"[ \u00a0]*\)", text[names_end:names_end + 3]) is not None and "(" in text[max(0, start - 25):start]
        field = field or _ROLE_WORD_BEFORE.search(text, max(0, start - 20), start) is not None
        vouched = field or case_style or listed or enclosed or bool(_PARTICULARS_AFTER.match(text, names_end))
        if is_given_name(given):
            end = m.end("given")
            for n, (_, w_end, word) in enumerate(words_after):
                # a Vietnamese name's word after « Thi » or « Van » ("NGUYEN, Thi Lan") whatever the lexicon knows of it
                marked = n == 0 and fold(given) in ("thi", "van") and word[:1].isupper()
                if _is_not_name(word) or not (is_given_name(word) or marked):
                    break
                end = w_end
            if (not field and words_after and _is_caps_surname(words_after[0][2]) and not _is_not_name(words_after[0][2])
                    and not is_given_name(words_after[0][2])):
                continue  # "IDENTIFIÉES, AMÉLIE-ROSE PAQUETTE": a given name and its surname after a comma
            if vouched:
                end = names_end
        elif vouched:
            end = names_end
        else:
            continue
        found.append(_person(text, start, end, CAPS_EXTRACTOR, 0.75, {"order": "surname-first"}))
        previous_end = end
    return found


def _after_phrase_head(text: str, run: list[_Word]) -> list[_Word]:
    """The words after « de » where no given name stands before it: a French noun phrase opens with a capital, not a
    name (« Arrestation de Volkov-Sauvé », « Location Rapido de Lévis », « Déclaration de Gaétan Roy, 61 ans »);
    "Marie de la Fontaine" keeps its given name and its particles."""
    for k in range(1, len(run)):
        if re.fullmatch(r"[ \u00a0]+(?:de|du|des)[ \u00a0]+|[ \u00a0]+d['’][ \u00a0]*", text[run[k - 1].end:run[k].start]):
            if not any(is_given_name(w.text) for w in run[:k]):
                return run[k:]
            break
    return run


def _ner_names(text: str, ents: Iterable[tuple[int, int]], words: list[_Word], index: SubjectIndex,
               extractor: ExtractorId) -> list[Span]:
    found = []
    for start, end in ents:
        inside = [w for w in words if start <= w.start and w.end <= end]
        if any(fold(w.text) in _NOT_PERSON_HEADS for w in inside) or (inside and _place_follows(text, words, words.index(inside[-1]))):
            continue
        inside = _after_phrase_head(text, inside)
        # Keep the longest run of name words that are neighbours ("Kendra was" → "Kendra").
        run: list[_Word] = []
        for w in inside:
            # in capitals, a function word ends the name ("DUNCAN KNOWN TO STAY AT" is no one's)
            caps_function = w.text.isupper() and ((fold(w.text) in _FUNCTION_WORDS and fold(w.text) not in SURNAME_PARTICLES)
                                                  or (len(w.text) > 5 and w.text.endswith("ING")))
            surname = (bool(run) and w is inside[-1] and fold(w.text) in _PLACE_SURNAMES and is_given_name(run[-1].text)
                       and not _TOWN_GOES_ON.match(text, w.end))
            if (_is_not_name(w.text) and not surname) or caps_function or (run and not _joined_or_particle(text, run[-1], w)):
                if run:
                    break
                continue
            run.append(w)
        while len(run) > 1 and _ROLE_HEAD.fullmatch(run[0].text) and not is_given_name(run[0].text):
            run = run[1:]  # "Guest Mikael Aaltonen", "GM Carla D'Souza": who someone is, taken into the name by the model
        if not run or any(ch.isdigit() for ch in text[run[0].start:run[-1].end]):
            continue
        if len(run) == 1:
            word = run[0].text
            known = is_given_name(word) or index.given_match(word) or index.surname_match(word)
            if not known or word.isupper() or _preceded_by_locative(text, run[0].start):
                continue
            confidence = 0.55
        else:
            if _preceded_by_locative(text, run[0].start) and not is_given_name(run[0].text):
                continue
            confidence = 0.65
        # "ZHOU Yanping", "SOK Chantha": a surname in capitals before given names that are not, the order of a register
        surname_first = (len(run) >= 2 and _is_caps_surname(run[0].text) and not any(w.text.isupper() for w in run[1:])
                         and not _shouted(text))
        found.append(_person(text, run[0].start, run[-1].end, extractor, confidence,
                             {"order": "surname-first"} if surname_first else None))
    return found


#: A relation said right before a first name: that name is a person's, even alone ("her granddaughter Kiera (16)",
#: "my niece Kaitlyn is 15", "her daughter, Mariah, 17", « sa petite-fille Léa », "ask for Kev at the desk").
# 1.1: an unknown capitalised name after a family relation; 1.2: in parentheses, friends, greetings, « prénommé »,
# aunts and uncles, an unknown given name with its surname, lower-case titles and ranks, "this is" and « c'est »;
# 1.3: a known given name in lower case after "named" anywhere, « sappelle », tita and kokum, a role with the name in
# parentheses ("Mgr (Shirin)"), « un gars, Khalid »
# 1.4: "real name", « prénom », "this other girl", « demandes pour », « mamie », a quoted relation (« son « chum » Kevin »),
# « le frère aîné, Arash », a filler and a title between ("her name was like ms nina"), "a male, Marcus", "tell", "with",
# « dis à », "name given as", kuya; a relative between commas (« l'ami de Mariam, Youssef, »), "a Tristan who", a given
# name restated with its surname ("Tharshika. Tharshika Sivanesan")
# 1.5: "call", « appellent », « filles », « une », « sa » before a known given name, an age before "guy" ("an older guy, Keon")
# 1.6: met, spoke to, « chez », "gave name", a front desk's clerk, whose relative ("jordyn's sister"), a note's staff in
# parentheses ("STAFF NOTES (Ana, Bryce)"), each relation after the one before it ("met a male, Marcus")
# 1.7: « mari », a known given name in lower case after a relative's word beside capitals ("his cousin bogdan"), whose
# relative a name the lexicon lacks is ("Tahlia's auntie"), an employee, a coworker, a neighbour, a roommate
# 1.8: a dispatcher named in parentheses ("Called dispatch (Leanne)", « la répartition (Manon) »)
# 1.9: « s'appelait », "dtr" (a daughter in a note); 1.10: a role in lower case before a known given name ("night mgr
# Pradeep"); 1.11: a shift's handover ("Took over from Gurpreet", « Relève à Thi Hà »), relatives in the plural and the
# name after "and" ("my nieces Jhoanna and Princess"), « ma femme », a name of two letters after a relative ("my daughter
# Vy"), a Korean given name ("Soo-jin"), thanks and a find ("thx nneka", "found mikaela"), a maintenance or security role,
# the two names of a handover line ("(Kwabena to Oksana)"), "her name's"
# 1.12: "her name" and a name, a dispatch log's car and its driver ("car 31 (harjinder)"), "mon gars" beside capitals
KIN_EXTRACTOR = ExtractorId("person.kin", "1.12")
#: Relations in the languages of Ontario's families (Tagalog's tita and lola, Cree's kokum and mooshum).
_KIN_OF_ONTARIO = r"tita|tito|lola|lolo|kokum|kookum|mooshum|nokomis"
#: An age or a size between an article and "guy" or « fille » ("an older guy, Keon", « une jeune fille, Kiana »).
_AGE_ADJECTIVE = r"(?:(?:older|younger|old|young|big|little|plus\s+(?:vieux|vieille|âgée?|jeune)|jeune|petite?|grande?)\s+)?"
#: A role whose holder's first name follows, in parentheses after it ("Mgr (Shirin)", « le commis (Gaétan) »).
_ROLE_BEFORE_NAME = (r"(?:mgr|manager|clerk|commis|g[ée]rante?|pr[ée]pos[ée]e?|owner|host|h[ôo]te|(?:front\s+)?desk|r[ée]ception|"
                     r"femme\s+de\s+chambre|housekeep(?:er|ing)|gouvernante|"
                     r"dispatch(?:er)?|r[ée]partit(?:ion|rice|eur)|maintenance|entretien|security|s[ée]curit[ée]|janitor|concierge)")
#: A role in lower case right before a known given name ("Night mgr Pradeep gave", "spoke to dispatcher Leanne").
_ROLE_IN_LOWER_CASE = (r"(?-i:(?:night\s+|front\s+desk\s+)?(?:mgr|manager|clerk|dispatcher|commis|concierge|super|superintendent))"
                       r"(?=[ \u00a0][^\W\d_])")  # the name right after it: "clerk, Petro-Canada," names a firm
#: A shift handed over to or from someone: the name after it is the colleague's, full name or not.
_HANDOVER_CUES = (r"took\s+over\s+from|hand(?:ed)?\s*over\s+to|relieved\s+by|relief\s+(?:is|was)|rel[èe]ve\s+(?:à|a|par)|"
                  r"relev[ée]e?\s+par|remplac[ée]e?\s+par")
#: A dispatch log's car or unit, its driver named in parentheses after it ("car 44 (fernanda) sees escalade DRKN929").
_CAR_CUE = r"(?:car|unit|unité|auto|cab|taxi|truck|camion|voiture)[ \u00a0]*#?[ \u00a0]*\d{1,4}"
_KIN = re.compile(
    r"(?i)(?<![\w\-])(?P<cue>(?:grand|step|god)?(?:daughter|son|child|kid)|niece|nephew|(?:grand|step)?(?:daughters|sons|kids)|nieces|nephews|"
    r"sisters|brothers|cousins|children|ni[eè]ces|neveux|s(?:œ|oe)urs|fr[eè]res|cousines|(?:ma|sa|ta|my|his)\s+femme|"
    # a shift handed over ("Took over from Gurpreet", "Handover to Precious", « Relève à Thi Hà »), thanks, a find
    rf"{_HANDOVER_CUES}|thx|thanks|thank\s+you|merci|bye|dors\s+bien|bonne\s+nuit|found|trouv[ée]e?|(?:grand|step)?(?:mother|father|mom|mum|dad)|"
    r"grandma|grandpa|sister|brother|sibling|cousin|aunt(?:ie)?|uncle|(?:boy|girl)friend|bf|gf|wife|husband|partner|"
    r"client|cliente|(?:case\s*)?worker|intervenante?|youth|victim|victime|foster\s+(?:daughter|son|child)|(?:petite?-)?(?:fille|fils)|ni[eè]ce|neveu|s(?:œ|oe)ur|fr[eè]re|cousine|"
    r"chum|blonde|copain|copine|conjointe?|mari|époux|épouse|m[eè]re|p[eè]re|ask(?:ed)?\s+for|demand(?:er|es?|ez)(?:\s+pour)?|(?:pr[ée]|d[ée])?nomm[ée]e?|named|called|"
    r"(?:real|first|given|legal)\s+name(?:\s+(?:is|was))?|(?:vrai\s+)?pr[ée]nom(?:\s+(?:est|c['’]est))?|"
    r"(?:my|mon|ma|his|her|son|sa)\s+(?:boy|girl|guy|gars|homie)|(?:name|nom)\s+(?:is|was|est|c['’]est)|name['’]s|"
    r"(?-i:(?:her|his|my)\s+name(?=\s+[A-Z]))|s['’ ]?appel+er?|"
    r"s['’ ]?appel(?:ait|ais|lent|aient)|dtr|dau|"
    r"maman|mama|papa|tante|tatie|matante|oncle|mononcle|(?:best\s+)?friend|(?:meilleure?\s+)?amie?|supervisor|superviseure?|"
    r"mamie|mamy|papi|papy|grand-m[eè]re|grand-p[eè]re|grand-maman|grand-papa|"
    rf"{_KIN_OF_ONTARIO}|{_ROLE_BEFORE_NAME}(?=[ \u00a0]*\()|{_ROLE_IN_LOWER_CASE}|"
    # a dispatch log's car and its driver in parentheses ("car 31 (harjinder)", « auto 212 (Jean-Wesly) »)
    rf"{_CAR_CUE}(?=[ \u00a0]*\()|"
    r"c['’]?est\s+moi|it['’]?s\s+me|bonjour|bonsoir|salut|all[ôo]|hi|hello|hey|dear|ch[èe]re?|(?-i:mme|mrs|mr|ms|madame|monsieur)\.?|"
    r"tell|told|ask|text(?:ed)?|phoned|contact(?:ed)?|contactée?|appelée?|dis\s+à|dit\s+à|kuya|with|avec|w/|"
    r"picked\s+up|dropped\s+off|cueillie?|déposée?|tonton|calls?\s+(?:him|her)|l['’]appellen?t?|"
    r"(?:name\s+)?given\s+as|gave\s+(?:her|his|the)\s+name\s+as|"
    r"(?-i:cst|sgt|det|agent|agente|sergent|sergente|constable|officer)|this\s+is|c['’]?est|"
    r"(?:un|une|a|an|this|that|the|another|other|this\s+other|cette|l['’]autre|une\s+autre)\s+(?:other\s+|autre\s+)?"
    rf"{_AGE_ADJECTIVE}(?:garçon|garcon|gars|homme|boy|guy|man|fille|girl|femme|woman|male|female)|"
    # what others call someone ("who the girls call Jordan", « que les filles appellent Jimmy »), girls named in a group
    # (« deux autres filles, Kim »), a French indefinite or possessive before a known given name (« une Mylène », « sa
    # Kassandra »)
    r"call|appellent|appelle|filles|girls|(?-i:[Uu]ne|[Uu]n|[Ss]a|[Mm]a|[Mm]on|[Tt]a|[Tt]on)|"
    # met, spoke to, stayed at someone's ("i met Maxim", "spoke to Carole", « chez Marie-Soleil »), a name given
    r"met|rencontr[ée]e?|spoke\s+(?:to|with)|parl[ée]\s+(?:à|avec)|chez|gave\s+(?:her\s+|his\s+|the\s+|a\s+)?name|"
    # people around: an employee, a coworker, a neighbour, a roommate (« mon employé, Thiago »)
    r"employ[ée]e?|employee|co-?worker|coll[èe]gue|colleague|voisine?|neighbou?r|roommate|coloc(?:ataire)?)"
    # a quoted relation (« son « chum » Kevin ») or an elder's or a younger one's (« le frère aîné, Arash »)
    r"(?:[ \u00a0]*[»”\"’])?(?:[ \u00a0]+(?:aîné|aînée|ainé|ainée|cadet|cadette|jumeau|jumelle))?(?:[ \u00a0]+de[ \u00a0]+[1-9]\d[ \u00a0]+ans)?"
    # the name itself, in parentheses or not ("Mom (Harjit)"); a possessive after it allowed ("Kiera's tiktok")
    rf"(?:,?[ \u00a0]+|[ \u00a0]*\([ \u00a0]*)(?:(?:à|a|de)[ \u00a0]+|d['’][ \u00a0]*)?(?:(?-i:like|genre)[ \u00a0]+)?"
    r"(?:(?-i:ms|mr|mrs|miss|mme)\.?[ \u00a0]+)?(?!c['’]?est\b|it['’]?s\b)"
    rf"(?P<name>[{UPPER}{LOWER}]+(?:-[{UPPER}{LOWER}]+)?)(?![\w\-@]|['’](?!s\b))")
#: Given names that are also everyday words: after a relation in lower case they are read as the word.
_WORDLIKE_NAMES = frozenset(word_list("""
will mark rose grace hope joy may june april art bill pat sue guy rob jack frank bob dawn faith ray sky summer autumn
gene earl dean chase hunter river storm angel precious destiny paris jean pierre claire france max ben don sam
amber ivy iris lily daisy holly olive ruby jade pearl crystal misty sandy rusty buddy sonny penny candy honey
bee star love lou victoire aimee rene constance prudence blanche
"""))


#: Words of either language that are never a surname typed in lower case (spaCy's stop words).
_FUNCTION_WORDS = frozenset(fold(w) for w in ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS)


#: A chat transcript's speaker heading a line ("Unc: ", "Victim: "), after the message's time ("21:07 TARGET: ",
#: "[23:44] Tee Tee: ", « 22 h 44  SUSPECT : »): its capitals say nothing of the message.
_SPEAKER = re.compile(r"(?m)^[ \u00a0\t]*(?:[\[(]?\d{1,2}(?:[ \u00a0]?[:h][ \u00a0]?\d{2}){1,2}(?:[ \u00a0]?[ap]\.?m\.?)?[\])]?[ \u00a0]*)?"
                      r"[^\n:]{1,25}:[ \u00a0]*")


#: Relations of family and couple: a capitalised word right after one names someone, known name or not
#: ("her niece Qaumajuq", « sa fille Wapikonisk »); after "client" or "ask for" only a known given name does.
_FAMILY = re.compile(
    r"(?i)(?:grand|step|god)?(?:daughter|son|child)|niece|nephew|(?:grand|step)?(?:mother|father)|sister|brother|cousin|"
    r"(?:grand|step)?(?:daughters|sons|kids)|nieces|nephews|sisters|brothers|cousins|children|ni[eè]ces|neveux|s(?:œ|oe)urs|"
    r"fr[eè]res|cousines|(?:ma|sa|ta|my|his)\s+femme|"
    r"aunt(?:ie)?|uncle|(?:boy|girl)friend|bf|gf|wife|husband|partner|(?:petite?-)?(?:fille|fils)|ni[eè]ce|neveu|s(?:œ|oe)ur|"
    r"fr[eè]re|cousine|conjointe?|mari|époux|épouse|copain|copine|chum|blonde|m[eè]re|p[eè]re|named|(?:pr[ée]|d[ée])?nomm[ée]e?|(?:name|nom)\s+(?:is|was|est|c['’]est)|"
    r"(?:her|his|my)\s+name|"
    r"s['’ ]?appel+er?|s['’ ]?appel(?:ait|ais|lent|aient)|dtr|dau|"
    r"mom|mum|dad|maman|mama|papa|tante|tatie|matante|oncle|mononcle|c['’]?est\s+moi|it['’]?s\s+me|"
    r"mamie|mamy|papi|papy|grand-m[eè]re|grand-p[eè]re|grand-maman|grand-papa|"
    rf"(?:best\s+)?friend|(?:meilleure?\s+)?amie?|{_KIN_OF_ONTARIO}|"
    r"(?:un|une|a|an|this|that|the|another|other|this\s+other|cette|l['’]autre|une\s+autre)\s+(?:other\s+|autre\s+)?"
    rf"{_AGE_ADJECTIVE}(?:garçon|garcon|gars|homme|boy|guy|man|fille|girl|femme|woman)|"
    r"(?:real|first|given|legal)\s+name(?:\s+(?:is|was))?|(?:vrai\s+)?pr[ée]nom(?:\s+(?:est|c['’]est))?|"
    rf"{_ROLE_BEFORE_NAME}")


#: A relative by blood or by couple, nothing else of :data:`_FAMILY` (no role, no naming).
_RELATIVE = re.compile(
    r"(?i)(?:his|her|my|their|son|sa|ma|mon|mes|ses)?\s*(?:(?:grand|step)?(?:daughters?|sons?|mother|father)|nieces?|nephews?|sisters?|brothers?|"
    r"femme|ni[eè]ces|neveux|s(?:œ|oe)urs|fr[eè]res|"
    r"cousin|cousine|aunt(?:ie)?|uncle|mom|mum|dad|(?:boy|girl)friend|bf|gf|wife|husband|partner|tante|matante|oncle|"
    r"mononcle|s(?:œ|oe)ur|fr[eè]re|ni[eè]ce|neveu|mari|époux|épouse|chum|blonde|copain|copine|grandma|grandpa|kokum)")
_UNKNOWN_GIVEN = re.compile(rf"[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?|[{UPPER}][{LOWER}]{{1,3}}-[{LOWER}]{{2,4}}")
_UNKNOWN_GIVEN_WITH_SURNAME = re.compile(rf"[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}{LOWER}][{LOWER}]+)?")


def _unknown_name_shape(text: str, start: int, name: str, *, surname_follows: bool = False) -> bool:
    """Whether a word the lexicon does not know still reads as a first name after a relation: capitalised,
    three letters or more, no function word, and in no place's context; hyphenated only with a capital after the
    hyphen ("Marie-Ève") or with a surname after it ("Dae-jung Park"): "her sister Mississauga-based" names no one."""
    shape = _UNKNOWN_GIVEN_WITH_SURNAME if surname_follows else _UNKNOWN_GIVEN
    return (shape.fullmatch(name) is not None
            and fold(name) not in _FUNCTION_WORDS and not _preceded_by_locative(text, start))


def _lower_case_around(text: str, start: int, end: int) -> bool:
    """Whether no capital letter stands within 40 characters of a word on its line (a speaker's name heading
    the line left out): a note or a message typed in lower case."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    speaker = _SPEAKER.match(text, line_start, line_end)
    if speaker is not None and speaker.end() <= start:
        line_start = speaker.end()
    return not any(c.isupper() for c in text[max(line_start, start - 40):min(line_end, end + 40)])


_NAMING_CUE = re.compile(r"(?i)named|called|(?:name\s+)?given\s+as|gave\s+(?:her|his|the)\s+name\s+as|(?:pr[ée])?nomm[ée]e?|"
                         r"s['’ ]?appel+er?|(?:name|nom)\s+(?:is|was|est|c['’]est)|name['’]s|(?:her|his|my)\s+name|"
                         r"(?:real|first|given|legal)\s+name(?:\s+(?:is|was))?|(?:vrai\s+)?pr[ée]nom(?:\s+(?:est|c['’]est))?")


def _kin_matches(text: str) -> Iterable[re.Match[str]]:
    """Every relation and the word after it, what follows the relation tried as one next: in « son oncle Min-ho »
    the possessive « son » reads as "son" first, and « oncle » must still be found."""
    match = _KIN.search(text)
    while match is not None:
        yield match
        # after the cue, not after the name: "met a male, Marcus" reads "met" (and the article skipped), then "a male"
        match = _KIN.search(text, match.end("cue"))


#: Given names that are months too: after a relation and before a surname they are names (« sa tante Mai Phuong »).
#: A title typed in lower case: the word after it is a surname, known or not.
_LOWER_TITLE = re.compile(r"(?:mme|mrs|mr|ms|madame|monsieur)\.?")
_HANDOVER = re.compile(_HANDOVER_CUES, re.I)
#: A shift's handover right before a word: what follows is a colleague, never a town (NER reads « Relève à Thi Hà » as one).
HANDOVER_BEFORE = re.compile(rf"\b(?:{_HANDOVER_CUES})[ \u00a0]+$", re.I)
#: A friend, or a friend's home: a known given name in lower case after it names someone even beside capitals ("his
#: friend dayana", « j'dormais chez coralie », « son amie sabrina gauthier »).
_FRIEND = re.compile(r"(?i)(?:best\s+)?friend|(?:meilleure?\s+)?amie?|chez|(?:my|mon|ma|his|her|son|sa)\s+(?:boy|guy|gars|homie)")
_CAR = re.compile(_CAR_CUE, re.I)
#: A crew, not a person, after a handover ("Handover to Day Shift", "Took over from Night Desk").
_TEAM_AFTER = re.compile(r"(?i)[ \u00a0]+(?:shift|desk|team|staff|crew|équipe|quart)\b")
#: Relatives named in the plural, whose second name follows "and" (« mes nièces Jhoanna et Princess »).
_PLURAL_RELATIVES = re.compile(r"(?i)(?:grand|step)?(?:daughters|sons|kids)|nieces|nephews|sisters|brothers|cousins|children|"
                               r"ni[eè]ces|neveux|s(?:œ|oe)urs|fr[eè]res|cousines")
_WHOSE_PLURAL_BEFORE = re.compile(r"(?i)\b(?:my|his|her|their|our|the|two|three|both|mes|ses|leurs|nos|les|deux|trois)[ \u00a0]+$")
_AND_NAME = re.compile(rf"[ \u00a0]+(?:and|et|&)[ \u00a0]+(?P<name>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)(?![\w\-])")
_MONTH_GIVEN_NAMES = frozenset({"mai", "may", "june", "april", "avril", "juin"})
_CAPITALISED_AFTER = re.compile(rf"[ \u00a0][{UPPER}][{LOWER}]")


def _kin_names(text: str, words: list[_Word], by_start: dict[int, int]) -> list[Span]:
    """A known first name right after a relation (``her granddaughter Kiera``), taken alone: the lexicon
    takes a given name only with a surname after it, NER often misses one word. In lower case (a text
    message, an outreach note: « c le chum a jess », "her bf kyle") only where nothing around is
    capitalised and the name is no everyday word."""
    found = []
    for match in _kin_matches(text):
        name, start, end = match.group("name"), match.start("name"), match.end("name")
        month = fold(name) in _MONTH_GIVEN_NAMES and _CAPITALISED_AFTER.match(text, end) is not None
        if (_is_not_name(name) and not month) or (
                name.isupper() and not (_shouted(text) and is_given_name(name) and _NAMING_CUE.fullmatch(match.group("cue")))):
            continue  # in capitals only a known given name, after "named", in a text typed in capitals ("A GIRL NAMED AALIYAH")
        if (_LOWER_TITLE.fullmatch(match.group("cue")) and name.islower() and len(name) >= 3 and _lower_surname(name)
                and _lower_case_around(text, start, end)):
            # "her mom is mrs. okafor-bright", « une madame nadeau »: a title typed in lower case, then the surname
            found.append(_person(text, start, end, LOWER_CASE_EXTRACTOR, 0.6, {"relation": "cued"}))
            continue
        i = by_start.get(start)
        full = i is not None and i + 1 < len(words) and _joined(text, words[i], words[i + 1]) and not _is_not_name(words[i + 1].text)
        if _PLURAL_RELATIVES.fullmatch(match.group("cue")) and not _WHOSE_PLURAL_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "Kids Help Phone", « Cousins Açores »: a plural relative names someone after a possessive only
        short = (_RELATIVE.fullmatch(match.group("cue")) is not None and re.fullmatch(rf"[{UPPER}][{LOWER}]", name) is not None
                 and fold(name) not in _FUNCTION_WORDS)  # "my daughter Vy": a name of two letters after a relative
        if not is_given_name(name) and not short and not (
                (_FAMILY.fullmatch(match.group("cue")) or (_HANDOVER.fullmatch(match.group("cue")) and not _TEAM_AFTER.match(text, end)))
                and _unknown_name_shape(text, start, name, surname_follows=full)):
            continue
        if name.islower() and (fold(name) in _WORDLIKE_NAMES or not (
                _lower_case_around(text, start, end) or (_NAMING_CUE.fullmatch(match.group("cue")) and is_given_name(name))
                # "him + his cousin bogdan": a known given name after a family relation, even beside capitals
                or ((_RELATIVE.fullmatch(match.group("cue")) or _FRIEND.fullmatch(match.group("cue"))
                     or _CAR.fullmatch(match.group("cue"))) and is_given_name(name) and len(name) >= 4))):
            continue  # "a guy named cody": a known given name after "named" even where the note is capitalised
        if not name[:1].isupper() and not name.islower():
            continue  # "kYLE": neither a name as written nor a lower-case note
        if re.fullmatch(r"(?i)this\s+is|c['’]?est|cst|sgt|det|agente?|sergente?|constable|officer", match.group("cue")) and not name.islower():
            continue  # « c'est France qui... »: only a note typed in lower case names someone this way
        if full and i is not None:
            if is_given_name(name) and not _HANDOVER.fullmatch(match.group("cue")):
                continue  # a full name: the lexicon and NER take it whole (after a shift's handover, NER reads a town)
            # A given name the lexicon lacks, after a family relation, and its surname ("Mother Selam Tesfaye",
            # « son oncle Dae-jung Park »): nothing else takes it whole.
            j = _extend(text, words, i, limit=2)
            found.append(_person(text, start, words[j].end, KIN_EXTRACTOR, 0.6, {"relation": "cued"}))
            continue
        surname = _LOWER_SURNAME.match(text, end) if name.islower() else None
        if surname is not None and _lower_surname(surname.group("surname")):
            # "case worker jen morrow": a full name in lower case, which nothing else takes
            found.append(_person(text, start, surname.end("surname"), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "cued"}))
            continue
        found.append(_person(text, start, end, KIN_EXTRACTOR, 0.6, {"relation": "cued"}))
        second = _AND_NAME.match(text, end) if _PLURAL_RELATIVES.fullmatch(match.group("cue")) else None
        if second is not None and not _is_not_name(second.group("name")) and (
                is_given_name(second.group("name")) or _unknown_name_shape(text, second.start("name"), second.group("name"))):
            # "my nieces Jhoanna and Princess", « ses frères Kevin et Dany »: the second name is a relative too
            found.append(_person(text, second.start("name"), second.end("name"), KIN_EXTRACTOR, 0.6, {"relation": "cued"}))
    return found


#: A full name typed in lower case (an outreach note, a text): found only with a relation or a role before it
#: ("case worker jen morrow") or an age right after it ("client (amber wolfe, 20)"), where nothing around is
#: capitalised; the surname is then any word that is no function word of either language.
# 1.1: an initial after a role, O'Neill-Sandhu; 1.2: a full name after a register's cue ("booked as aiden chua")
# 1.3: a surname after a lower-case title ("mrs. okafor"); 1.4: a name said again with its surname ("rosa, rosa delgado");
# 1.5: a name before who it is in parentheses ("jaz (other girl, ...)")
# 1.6: a known given name opening a clause before a verb of saying ("hanna said")
# 1.7: more verbs a diary or a message says someone did ("malik follows me", « kevin m'a écrit », « dominic m'amène »),
# after a quote's mark; "drives" and other verbs no surname
# 1.8: a log's time before the name ("2303 teodoro says"), French verbs no surname ("marco travaille")
LOWER_CASE_EXTRACTOR = ExtractorId("person.lower-case", "1.8")
_LOWER_SURNAME = re.compile(
    rf"[ \u00a0]+(?P<surname>(?:[{LOWER}]['’])?[{LOWER}]{{3,}}(?:[\-'’][{LOWER}]{{2,}}){{0,2}})(?![\w@.]\w)")
#: « jess (jessica okonkwo) says »: a given name and a surname alone in parentheses, in a note typed in lower case.
_LOWER_NAME_IN_PARENTHESES = re.compile(
    rf"\([ \u00a0]*(?P<given>[{LOWER}]{{2,}}(?:-[{LOWER}]{{2,}})?)[ \u00a0]+(?P<surname>(?:[{LOWER}]['’])?[{LOWER}]{{3,}}"
    rf"(?:[\-'’][{LOWER}]{{2,}}){{0,2}})[ \u00a0]*\)")
_LOWER_NAME_REGISTERED = re.compile(
    r"(?i:\b(?:booked|registered|checked\s+in)\s+(?:in\s+)?(?:as|under)|under\s+the\s+name(?:\s+of)?|au\s+nom\s+de|"
    r"sous\s+le\s+nom\s+de)[ \u00a0]+"
    rf"(?P<given>[{LOWER}]{{2,}}(?:-[{LOWER}]{{2,}})?)[ \u00a0]+(?P<surname>(?:[{LOWER}]['’])?[{LOWER}]{{3,}}(?:[\-'’][{LOWER}]{{2,}}){{0,2}})"
    r"(?![\w@.\-])")
_LOWER_NAME_AGED = re.compile(
    rf"(?<![\w@.\-'’])(?P<given>[{LOWER}]{{2,}})[ \u00a0]+(?P<surname>[{LOWER}]{{3,}}(?:[\-'’][{LOWER}]{{2,}})?)"
    r"[ \u00a0]*(?:,[ \u00a0]*|\([ \u00a0]*)(?:age[ \u00a0]*|âge[ \u00a0]*)?\d{1,2}(?:[ \u00a0]*(?:ans|yo|y/o|yrs)\b|[ \u00a0]*[),;]|$)")
#: A known given name in lower case opening a clause, then a verb of saying ("hanna said theres this guy", « lili dit de
#: faire attention », "marlon wants a detox bed").
_LOWER_NAME_SPEAKS = re.compile(
    rf"(?:^[ \t\u00a0]*(?:\d{{3,4}}h?[ \u00a0]+)?|[.!?,;:+«\"“][ \u00a0]*|\b(?:and|et|pis|mais|but|so|then|puis)[ \u00a0]+)"
    rf"(?P<name>[{LOWER}]{{3,}}(?:-[{LOWER}]{{2,}})?)"
    r"(?:[ \u00a0]+|[ \u00a0]*,[ \u00a0]+(?=a[ \u00a0]+dit))"
    r"(?:said|says|told|texted|asked|wants|thinks|dit|disait|a[ \u00a0]+dit|m['’]a[ \u00a0]+dit|m['’]a[ \u00a0]+text[ée]|veut|pense|"
    # what a youth's diary or messages say someone did to her ("malik follows me", « kevin m'a écrit », « dominic m'amène »)
    r"follows|followed|wrote|picked\s+me|drove\s+me|bought\s+me|gave\s+me|m['’]a[ \u00a0]+(?:écrit|invitée?|donné|acheté|amenée?|"
    r"ramenée?|suivie?)|m['’]am[eè]ne|m['’]ram[eè]ne|m['’][ée]crit)\b",
    re.MULTILINE)
#: Words that end a lower-case given name rather than follow it as a surname: time words, common verbs.
_NOT_LOWER_SURNAMES = frozenset(word_list("""
today tonight tomorrow yesterday later again now soon still just also says said told texted called came went left
jsuis chu chus jsais jpeux jveux jai jvais tsais pis ben genre mais
got gets took takes tried wants wanted asked lives lived stays stayed works worked ago aujourd'hui hier demain ce soir
drives drove picks sells sold knows knew comes goes makes made brings brought sends sent texts calls follows posts pays
paid owns buys bought runs ran keeps kept gives gave thinks thought wrote writes meets met shows showed
travaille travaillait reste restait habite habitait vient venait part partait fait faisait veut voulait connaît
connait sort sortait conduit conduisait vend vendait appelle appelait texte textait écrit écrivait amène amenait
"""))


def _lower_surname(word: str) -> bool:
    folded = fold(word)
    return not (folded in _FUNCTION_WORDS or folded in _NOT_LOWER_SURNAMES or _is_not_name(word)
                or re.search(r"(?:ing|ed|ly)$", folded) or re.search(r"(?:ète|ée|ées|és|ez)$", word.lower())
                or (is_given_name(word) and folded in _WORDLIKE_NAMES))


#: A rank in lower case right before an initial ("cst k. meekis" signing a note).
_LOWER_RANK_BEFORE = re.compile(r"\b(?:cst|sgt|det|pc|agt|agte|agent|agente|constable|officer)\.?[ \u00a0]+$")
_LOWER_INITIAL = re.compile(
    rf"(?<![\w@.\-'’])[{LOWER}]\.[ \u00a0]?(?P<surname>(?:[{LOWER}]['’])?[{LOWER}]{{3,}}(?:[\-'’][{LOWER}]{{2,}}){{0,2}})(?![\w@.]\w)")


def _lower_case_names(text: str) -> list[Span]:
    """Given name and surname in lower case with an age right after them (``client (amber wolfe, 20)``), or an
    initial and a surname after a form's role (``worker: d. achterberg``)."""
    found = []
    for m in _LOWER_INITIAL.finditer(text):
        ranked = _LOWER_RANK_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None
        cued = ranked or _ROLE_CUE.search(text, max(0, m.start() - 40), m.start()) is not None
        if (cued and _lower_surname(m.group("surname"))
                and (ranked or _lower_case_around(text, m.start(), m.end()))):
            found.append(_person(text, m.start(), m.end(), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "cued"}))
    for m in _LOWER_NAME_IN_PARENTHESES.finditer(text):
        given, surname = m.group("given"), m.group("surname")
        if (is_given_name(given) and fold(given) not in _WORDLIKE_NAMES and fold(given) not in _FUNCTION_WORDS
                and _lower_surname(surname) and _lower_case_around(text, m.start(), m.end())):
            found.append(_person(text, m.start("given"), m.end("surname"), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "named"}))
    for m in _LOWER_NAME_REGISTERED.finditer(text):
        # "guest booked as aiden chua 3 nights": the name a register took, in lower case, wherever the note is capitalised
        given, surname = m.group("given"), m.group("surname")
        if (is_given_name(given) and fold(given) not in _WORDLIKE_NAMES and fold(given) not in _FUNCTION_WORDS
                and _lower_surname(surname)):
            found.append(_person(text, m.start("given"), m.end("surname"), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "named"}))
    for m in _LOWER_NAME_SPEAKS.finditer(text):
        # "hanna said theres this guy", « lili dit de faire attention »: a diary's or a message's friend, by her name alone
        name = m.group("name")
        if (is_given_name(name) and not refused_as_name(name) and fold(name) not in _FUNCTION_WORDS
                and _lower_case_around(text, m.start("name"), m.end("name"))):
            found.append(_person(text, m.start("name"), m.end("name"), LOWER_CASE_EXTRACTOR, 0.55, {"relation": "speaks"}))
    for m in _LOWER_NAME_AGED.finditer(text):
        given, surname = m.group("given"), m.group("surname")
        if (is_given_name(given) and not _is_not_name(given) and fold(given) not in _FUNCTION_WORDS
                and _lower_surname(surname) and _lower_case_around(text, m.start(), m.end("surname"))):
            found.append(_person(text, m.start(), m.end("surname"), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "aged"}))
    return found


#: A full name followed by its age or date of birth is a person's, whatever the lexicon knows of its given name
#: ("Tesfaye Gebremedhin (17)", "Rodel Dela Cruz, 24, of Scarborough", « Aïssatou Ndiaye, 16 ans », "Mei Ling
#: Chen, DOB 2009-03-02"): the words before it must be capitalised (not in capitals), two to four, no place's; an age
#: has two digits (a count in parentheses, "Members Present (3)", is none).
# 1.1: in capitals with a known given name, a dash, one given name; 1.2: after « à » or « de » with an age in years, a
# name the lexicon lacks with an age in years ("Croisé Jessy (16 ans"), a verb opening the line left out
# 1.3: a worker's role or "other girl" in parentheses after a name; 1.4: a supervisor's; 1.5: a given name before a
# surname in capitals (« Yohan DARIUS, 24 ans »), a poster's name in capitals under its heading
AGED_EXTRACTOR = ExtractorId("person.aged", "1.5")
_AGE_AFTER = re.compile(
    r"[ \u00a0]*(?:,[ \u00a0]*|\([ \u00a0]*|[—–][ \u00a0]*)(?:(?i:aged?|âgée?\s+de)[ \u00a0]*)?"
    r"(?:[1-9]\d(?![\d:.hH])(?:[ \u00a0]*(?:ans|yo|y/o|yrs?|years?(?:[ \u00a0]+old)?)\b)?[ \u00a0]*[,);]|"
    r"(?i:dob|ddn|d\.o\.b\.|née?\s+le|born)\b)")


#: Who a lone name is, in parentheses after it ("Mahad (sibling, 9)", "Selam (friend, same building)").
_LONE_RELATION_AFTER = re.compile(
    r"(?i)[ \u00a0]*\([ \u00a0]*(?:the[ \u00a0]+|l['’][ \u00a0]*|my[ \u00a0]+|mon[ \u00a0]+|ma[ \u00a0]+)?(?:other[ \u00a0]+|autre[ \u00a0]+)?"
    r"(?:sibling|brother|sister|friend|cousin|cousine|mother|father|aunt|uncle|daughter|son|youth|girl|guy|gars|"
    r"frère|sœur|soeur|amie?|mère|père|tante|oncle|fille|fils|jeune|niece|nephew|nièce|neveu|"
    # a worker named by her role ("Naulaq (intervenante inuk)", "Jean-Guy (coordo)")
    r"intervenante?|coordo|coord|coordonnat(?:eur|rice)|coordinator|worker|caseworker|travailleuse|travailleur|supervisor|"
    r"superviseure?)\b")
#: The words that say who a lone name with an age is ("victim Yaretzi (16)").
_VICTIM_BEFORE = re.compile(r"(?i)\b(?:victim|victime|youth|jeune|girl|fille|complainant|plaignante|son|daughter|fils)[ \u00a0]+$")
#: An age written with its unit ("16 ans", "(15 ans,", ", 17 yo"): no place's.
AGE_IN_YEARS_AFTER = re.compile(r"[ \u00a0]*[,(][ \u00a0]*[1-9]\d[ \u00a0]*(?:ans|yo|y/o|yrs?|years?(?:[ \u00a0]+old)?)\b")


#: A relation in parentheses right after a name says it is a person's ("Caller DARLENE KAKEGAMIC (grandmother)").
_RELATION_AFTER = re.compile(
    r"(?i)[ \u00a0]*\([ \u00a0]*(?:grand-?m[eè]re|grand-?p[eè]re|grand(?:mother|father|ma|pa)|mother|father|mom|mum|dad|aunt|"
    r"uncle|sister|brother|cousin|cousine|tante|oncle|m[eè]re|p[eè]re|s(?:œ|oe)ur|fr[eè]re|friend|amie?|bf|gf|boyfriend|girlfriend|"
    r"guardian|tut(?:eur|rice)|foster\s+(?:mother|father|parent)|step(?:mother|father|mom|dad))[ \u00a0]*\)")


_AT_LINE_START = re.compile(r"(?:^|\n)[ \t]*\Z")
_MISSING_WORD = re.compile(r"(?i)\b(?:missing|disparue?s?|avis\s+de\s+recherche)\b")


def _poster_line(text: str, run: list[_Word]) -> bool:
    """Whether a name in capitals opens a line of a poster, under its "MISSING" heading, in a text not all in capitals."""
    return (not _shouted(text) and _AT_LINE_START.search(text, max(0, run[0].start - 4), run[0].start) is not None
            and _MISSING_WORD.search(text, max(0, run[0].start - 200), run[0].start) is not None
            and not any(fold(w.text) in _POSTER_WORDS for w in run))


def _aged_names(text: str, words: list[_Word]) -> list[Span]:
    found = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and j - i < 3 and _joined_or_particle(text, words[j], words[j + 1]):
            j += 1
        run = _after_phrase_head(text, words[i:j + 1])
        while len(run) >= 3 and run[0].text.endswith("s") and not is_given_name(run[0].text):
            run = run[1:]  # a plural label before the name ("Workers Li Na Chen (22)", "Victims Kayla Brown, 16")
        while len(run) >= 3 and (
                (run[0].text.isupper() and (len(run[0].text) == 1 or run[0].text in ACRONYMS)) or _is_not_name(run[0].text)
                or run[0].text.isupper() != run[-1].text.isupper()):
            run = run[1:]  # a code or a role before the name ("Y/P CHEYENNE MEEKIS (16)", "Caller DARLENE X (grandmother)")
        while len(run) == 2 and _is_not_name(run[0].text) and not run[0].text.isupper():
            run = run[1:]  # a verb opening a log's line ("Croisé Jessy (16 ans")
        # In capitals, only a name whose first word the lexicon knows ("Y/P BRITTANY SAKANEE (15)", not "FOUND SAFE (16)").
        capitals = any(w.text.isupper() for w in run)
        lone = (len(run) == 1 and not run[0].text.isupper() and (
            (is_given_name(run[0].text) and re.match(r"[ \u00a0]*(?:\([ \u00a0]*[1-9]\d\b|,[ \u00a0]*[1-9]\d[ \u00a0]*,)",
                                                     text[run[0].end:]) is not None)
            # a name the lexicon lacks, with an age in years after it ("Croisé Jessy (16 ans", "victim Yaretzi (16)")
            or (_unknown_name_shape(text, run[0].start, run[0].text)
                and (AGE_IN_YEARS_AFTER.match(text, run[0].end) is not None
                     or _LONE_RELATION_AFTER.match(text, run[0].end) is not None
                     or (re.match(r"[ \u00a0]*\([ \u00a0]*[1-9]\d[ \u00a0]*\)", text[run[0].end:]) is not None
                         and _VICTIM_BEFORE.search(text, max(0, run[0].start - 20), run[0].start) is not None)))))
        if lone and not _is_not_name(run[0].text):
            found.append(_person(text, run[0].start, run[0].end, AGED_EXTRACTOR, 0.6))  # "L = Lilou (14 ans, ...)"
        if (len(run) >= 2 and (_AGE_AFTER.match(text, run[-1].end) or _RELATION_AFTER.match(text, run[-1].end))
                # in capitals all, with a known given name or opening a line of a note that is not all in capitals (a
                # poster's "WAASAYAA MOONIAS, 15, of Neskantaga"); or a given name, then the surname in capitals
                # (« Yohan DARIUS, 24 ans »)
                and (not capitals or (all(w.text.isupper() for w in run) and (
                    is_given_name(run[0].text) or _poster_line(text, run)))
                     or (not run[0].text.isupper() and all(w.text.isupper() for w in run[1:])))
                and not any(_is_not_name(w.text) for w in run)
                # a town has no age: after « à » or « de » a name with "16 ans" after it is someone's
                and (not _preceded_by_locative(text, run[0].start) or AGE_IN_YEARS_AFTER.match(text, run[-1].end))):
            found.append(_person(text, run[0].start, run[-1].end, AGED_EXTRACTOR, 0.7))
        i = j + 1
    return found


#: A poster's or a bulletin's name line: a line of two to four name words, under a heading that says someone is
#: missing ("MISSING", « DISPARUE », « AVIS DE RECHERCHE ») or over a line of particulars ("Age: 15", « 16 ans »,
#: "DOB ..."): "TIANNA ROSE KEESICK", « MARIE-ÈVE BOUCHARD-CLOUTIER ».
HEADING_EXTRACTOR = ExtractorId("person.heading", "1.0")
_NAME_LINE = re.compile(
    rf"(?m)^[ \u00a0\t*]*(?P<name>[{UPPER}][{UPPER}{LOWER}'’\-]+(?:[ \u00a0]+[{UPPER}][{UPPER}{LOWER}'’\-]+){{1,3}})[ \u00a0\t*]*$")
_MISSING_HEADING = re.compile(
    r"(?i)(?:missing(?:\s+(?:person|youth|child|teen))?|disparue?s?|personne\s+disparue|avis\s+de\s+recherche|"
    r"have\s+you\s+seen(?:\s+me|\s+her|\s+him)?\??|avez-vous\s+vu\s+\S+\s*\??|aidez-nous(?:\s+à\s+(?:la|le)\s+retrouver)?|"
    r"help\s+(?:us\s+)?find\s+(?:her|him|me))[\s!.:*]*")
#: Words of a poster's own lines, never a name: "FOUND SAFE", « RETROUVÉE SAINE ET SAUVE », "REWARD OFFERED".
_POSTER_WORDS = frozenset(fold(w) for w in word_list("""
found safe located update updated reward offered cancelled canceled urgent alert amber retrouvée retrouvé retrouvee
retrouve saine sauve sauf récompense recompense annulé annule annulée annulee mise jour information please call
"""))
_PARTICULARS_LINE = re.compile(r"(?i)[ \u00a0\t*]*(?:age|âge|dob|ddn|d\.o\.b\.|née?\s+le|born|[1-9]\d[ \u00a0]*(?:ans|years|yrs|yo)\b)")


def _heading_names(text: str) -> list[Span]:
    found = []
    for m in _NAME_LINE.finditer(text):
        names = re.split(r"[ \u00a0]+", m.group("name"))
        if any(_is_not_name(w) or w in ACRONYMS or fold(w) in _POSTER_WORDS for w in names):
            continue
        before = text[:m.start()].rstrip().rsplit("\n", 1)[-1]
        after = text[m.end():].lstrip("\r\n").split("\n", 1)[0]
        heading, particulars = _MISSING_HEADING.fullmatch(before.strip()), _PARTICULARS_LINE.match(after)
        # Both, or one and a first word the lexicon knows as a given name.
        if (heading and particulars) or ((heading or particulars) and is_given_name(names[0])):
            found.append(_person(text, m.start("name"), m.end("name"), HEADING_EXTRACTOR, 0.8))
    return found


#: A form's surname and given-name fields, on one line or two (« NOM: AL-KHOURY / PRÉNOM: ELIAS GEORGES », "Surname:
#: OKAFOR  Given names: Chidi Emeka"): one person, the span from the first value to the last, given names first.
FIELDS_EXTRACTOR = ExtractorId("person.fields", "1.0")
_NAME_VALUE = rf"[{UPPER}][{UPPER}{LOWER}'’\-]*(?:[ \u00a0]+[{UPPER}][{UPPER}{LOWER}'’\-]*){{0,2}}"
_SURNAME_FIELD = re.compile(
    rf"(?<![\w\-])(?:NOM(?:[ \u00a0]+DE[ \u00a0]+FAMILLE)?|Nom(?:[ \u00a0]+de[ \u00a0]+famille)?|SURNAME|Surname|LAST[ \u00a0]+NAME|"
    rf"Last[ \u00a0]+name)[ \u00a0]*:[ \u00a0]*(?P<value>{_NAME_VALUE})")
_GIVEN_FIELD = re.compile(
    rf"(?<![\w\-])(?:PR[ÉE]NOMS?|Pr[ée]noms?|GIVEN(?:[ \u00a0]+NAMES?)?|Given(?:[ \u00a0]+names?)?|FIRST[ \u00a0]+NAMES?|First[ \u00a0]+names?)"
    rf"[ \u00a0]*:[ \u00a0]*(?P<value>{_NAME_VALUE})")


def _field_values(match: re.Match[str]) -> tuple[int, int, str] | None:
    """A field's value up to its first word that is no name (a following field's label, "DDN")."""
    kept: list[re.Match[str]] = []
    value = match.group("value")
    for word in re.finditer(r"\S+", value):
        gap = value[kept[-1].end():word.start()] if kept else ""
        label = re.match(r"\S+(?: \S+)?:", value[word.start():] + match.string[match.end("value"):match.end("value") + 20])
        if _is_not_name(word.group()) or word.group() in ACRONYMS or len(gap) >= 2 or (kept and label is not None):
            break  # a word that is no name, a column's gap, or the next field's label ("Given names:")
        kept.append(word)
    if not kept:
        return None
    return match.start("value"), match.start("value") + kept[-1].end(), " ".join(w.group() for w in kept)


def _field_names(text: str) -> list[Span]:
    found = []
    for surname_match in _SURNAME_FIELD.finditer(text):
        window = text[max(0, surname_match.start() - 120):surname_match.end() + 120]
        offset = max(0, surname_match.start() - 120)
        surname = _field_values(surname_match)
        given_match = min(_GIVEN_FIELD.finditer(window), key=lambda m: abs(m.start() + offset - surname_match.start()), default=None)
        if surname is None or given_match is None:
            continue
        given = _field_values(given_match)
        if given is None:
            continue
        start = min(surname[0], given[0] + offset)
        end = max(surname[1], given[1] + offset)
        if "\n\n" in text[start:end]:
            continue  # two forms apart
        found.append(make_span(text, start, end, MentionKind.PERSON, FIELDS_EXTRACTOR, value=fold(f"{given[2]} {surname[2]}"),
                               confidence=0.8, attrs={"order": "fields"}))
    return found


#: A role or an identification right before a full name, in a report's prose or a dispatch log's fields
#: ("identified as Dontae Ramsaran", "DRIVER: ABDIRAHMAN FARAH-HASSAN", "MISSING YOUTH: DESTINY CHARLES-PIERRE",
#: "CALLER ADV DAUGHTER TEGAN WHITEDUCK 15", "Taken by: CCO Paulette Ransom").
_ROLE_CUE = re.compile(
    r"(?i)(?:\b(?:identified\s+(?:(?:her|him|them)sel(?:f|ves)\s+)?as|id['’]?d\s+as|id\s+as|believed\s+to\s+be|taken\s+by|reported\s+by|signalée?\s+par|"
    r"identifiée?s?\s+comme)\s*:?|"
    r"\b(?:driver|passenger|passager|passagère|conducteur|conductrice|missing\s+(?:youth|person)|youth|victim|victime|suspect|"
    r"susp|accused|accusée?|complainant|plaignante?|caller|examiner|operator|adult\s+(?:m|f|male|female)|subject|subj|"
    # the author or a party of a form ("worker: d. achterberg", "Officer: P. Nguyen-Castillo", "Subscriber: ...")
    r"officer|(?:case\s*)?worker|investigator|enqu[êe]t(?:eur|rice|euse)|intervenante?|writer|author|auteure?|signed|"
    r"(?:prepared|written|completed)\s+by|rédigée?\s+par|supervisor|superviseure?|subscriber|abonnée?|"
    r"(?:registered\s+)?owner|propriétaire|witness|témoin|guest|invitée?|seller|vendeu(?:r|se)|buyer|acheteu(?:r|se)|nom|name|usag[eè]re?|patiente?|missing|disparue?|sujets?|"
    r"account|compte|(?:account\s+)?holder|titulaire|émetteur|émettrice|analyst|analyste|interviewer|nurse|infirmi(?:er|ère)|"
    r"inmate|prisoner|détenue?|offender|contrevenante?|délinquante?|résidente?|resident|student|élève|child|enfant|(?-i:RN|RPN|NP|SW|MSW|PSW|TES|TS|Pt)|"
    r"pr[ée]nom|first\s+name|given\s+name|"
    r"nom\s+(?:du|de\s+la|de\s+l['’])\s*(?:jeune|victime|enfant|client|cliente|usager|usagère|détenue?|élève)|"
    r"occupant|rider|agent|agente|worker|counsell?or|conseill(?:er|ère)|chauffeur|chauffeuse|dispatch|dispatcher|"
    r"répartit(?:eur|rice)|personnes?|persons?|people|présents?|équipe|staff|team)"
    r"(?:\s*\d{1,2})?(?:\s*\([^)\n]{1,8}\))?\)?\s*[:\-]"  # « Sujet 1 (S1) : », "Traveller (driver):"
    # a rank or a unit in capitals may stand between ("CCO"), or an office ("Prepared by: Assistant Crown Attorney X")
    r")\s*(?:(?-i:[A-Z]{2,5})\s+|(?-i:(?:Assistant|Crown|Attorney|Counsel|Detective|Constable|Sergeant|Analyst|Intelligence|"
    r"Criminal|Special|Staff|Senior|Case)\s+)){0,3}$")


#: A role's noun right before a full name, no colon ("called by worker Tekaronhiake Lazore", "Cashier Maryam Yusuf
#: says", « le commis Quang Nguyen »): the words after it are a person's whatever the lexicon knows.
_ROLE_NOUN = (
    r"(?:(?:case\s*)?worker|intervenante?|investigator|enqu[êe]t(?:eur|rice|euse)|supervisor|superviseure?|owner|"
    r"propriétaire|witness|témoin|guest|driver|passenger|passag(?:er|ère)|conduct(?:eur|rice)|victim|victime|complainant|"
    r"plaignante?|suspect|accused|accusée?|cashier|caissi(?:er|ère)|clerk|commis|valet|manager|gérante?|préposée?|"
    r"counsell?or|nurse|infirmi(?:er|ère)|teacher|analyst|analyste|dispatcher|répartit(?:eur|rice)|guard|gardienne?|"
    r"room-?mate|colocataire|coloc|neighbou?r|voisine?|co-?worker|collègue|classmate|teammate|coach|landlord|landlady|mgr|"
    r"(?-i:SW|CYW|MSW|RSW))")
_ROLE_NOUN_BEFORE = re.compile(rf"(?i)\b{_ROLE_NOUN}[ \u00a0]+$")
#: Words a note writes right before a full name for who the person is ("Guest Mikael Aaltonen", "GM Carla D'Souza",
#: "Dtr Layla AL-SAYEGH", "Operator Hyacinth Morrison-Clarke"), which a statistical model takes into the name.
_ROLE_HEAD = re.compile(rf"(?i:{_ROLE_NOUN}|operator|op[ée]rat(?:eur|rice)|dtr|dau|guest|patron|tenant|locataire|resident|"
                        r"résidente?|client|cliente|member|membre|staff|employee|employée?)|"
                        r"(?-i:GM|AGM|RP|CB|RN|RPN|PSW|CYW|SW|MSW|HR|VP|DM|Pt|PT|Comp|Vic|Wit|Susp|Subj|ASF|ASC|CSM|BSO|CO)")
#: A role's noun after an article or a possessive, then a comma: the full name after it is the role's holder's ("the HT
#: counsellor, Parveen Siddiqui, tomorrow", « leur intervenante, Maude Cyr-Lavoie »).
_ROLE_NOUN_APPOSED = re.compile(rf"(?i)\b(?:the|our|her|his|their|my|a|an|le|la|l['’]|son|sa|leur|notre|une?)[ \u00a0]+"
                                rf"(?:[\w\-]+[ \u00a0]+)?{_ROLE_NOUN},[ \u00a0]+$")
_ROLE_LABEL_BEFORE = re.compile(rf"(?i)\b{_ROLE_NOUN}[ \u00a0]*:$")


_CAPITALISED_BEFORE = re.compile(rf"(?P<word>[{UPPER}][\w'’\-]*)[ \u00a0]$")
_RANK_WORD = re.compile(r"(?i)peacekeeper|constable|officer|detective|sergeant|sergent|agente?|enquêt(?:eur|rice|euse)|cst|sgt|det|"
                        r"pc|dc|insp|inspector|supt|chief|chef")


def _surname_before(text: str, start: int) -> bool:
    """Whether a capitalised word that may be a name stands right before ``start`` ("Tamsin Wabasse (Prevention)": the
    word in parentheses then names no nickname); a rank or a role's word may ("Peacekeeper Tehoronhiathe (Teho) Jacobs")."""
    before = _CAPITALISED_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group("word")
    return not (_is_not_name(word) or _RANK_WORD.fullmatch(word.rstrip(".")) or re.fullmatch(_ROLE_NOUN, word, re.I))


#: A form's label right before a value, and where a field's value ends (a column's gap, a mark, the line's end).
_LABEL_COLON_BEFORE = re.compile(r":[ \u00a0]*$")
#: A form's label for a name someone goes by ("Preferred name: Mari"): an alias, not the person's name.
_NICKNAME_LABEL = re.compile(r"(?i)(?:(?:preferred|nick|street|user|display)[ \u00a0]*name|surnom|alias|aka)[ \u00a0]*:[ \u00a0]*$")
_FIELD_ENDS = re.compile(r"[ \u00a0]*(?:$|\n|[,;|(])|[ \u00a0]{2,}", re.M)


def _cued_names(text: str, words: list[_Word], by_start: dict[int, int]) -> list[Span]:
    found = []
    shouted = _shouted(text)
    for i, word in enumerate(words):
        if word.text.isupper() and len(word.text) <= 5 and i + 1 < len(words) and not shouted:
            continue  # a rank or a unit before the name ("Taken by: CCO Paulette Ransom")
        if (word.text.isupper() and not shouted and i + 1 < len(words) and _joined(text, word, words[i + 1])
                and not words[i + 1].text.isupper()):
            continue  # « Témoin : CLOUTIER Josée Marie »: the surname first, which the caps extractor reads
        month = (fold(word.text) in _MONTH_GIVEN_NAMES and i + 1 < len(words) and _joined(text, word, words[i + 1])
                 and not _is_not_name(words[i + 1].text))  # "identified herself as Mai NGUYEN": a given name, no month
        if word.text[:1].isupper() and (month or not _is_not_name(word.text)) and (
                _NAME_CUE.search(text, max(0, word.start - 40), word.start) or _ROLE_CUE.search(text, max(0, word.start - 40), word.start)
                or (not word.text.isupper() and (_ROLE_NOUN_BEFORE.search(text, max(0, word.start - 30), word.start)
                                                 or _ROLE_NOUN_APPOSED.search(text, max(0, word.start - 40), word.start)))):
            j = i + 1 if _initial_and_surname(text, words, i) else _extend(text, words, i, limit=2)
            if (j > i and not any(fold(w.text) in _OFFICE_WORDS for w in words[i:j + 1])  # a full name, not a lone word
                    and not _NOT_A_PERSON_AFTER.match(text, words[j].end)):
                found.append(_person(text, word.start, words[j].end, CUE_EXTRACTOR, 0.9))
            elif (j == i and is_given_name(word.text) and not word.text.isupper()
                  and _LABEL_COLON_BEFORE.search(text, max(0, word.start - 3), word.start)
                  and _ROLE_CUE.search(text, max(0, word.start - 40), word.start) and _FIELD_ENDS.match(text, word.end)
                  and not _NICKNAME_LABEL.search(text, max(0, word.start - 30), word.start)):
                found.append(_person(text, word.start, word.end, CUE_EXTRACTOR, 0.7))  # a form's "Driver: Jules"
    for m in _NICKNAMED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        alone = not text[line_start:m.start()].strip() and not text[m.end():len(text) if line_end < 0 else line_end].strip()
        if m.group("given").isupper() and not alone:
            continue  # a given name in capitals only as a poster's line of its own ('MIIGWANS "MIMI" SAYERS-NOLAN')
        initial = m.group("nick").endswith(".")
        if initial and (m.group("open") != "(" or m.group("nick")[0] != m.group("given")[0]):
            continue  # an initial in parentheses is the given name's own ("Thenuja (T.) Sivakumar")
        if m.group("open").startswith("(") != m.group("close").endswith(")") or (m.group("open") == "(" and (any(
                _is_not_name(m.group(g)) or fold(m.group(g)) in _FUNCTION_WORDS for g in ("given", "nick", "surname"))
                or (m.group("nick").isupper() and not initial) or _preceded_by_locative(text, m.start())
                or _surname_before(text, m.start())
                or re.match(r"(?:of|de|du|des|d['’])[ \u00a0]*$", text[max(0, m.start() - 4):m.start()]))):
            continue  # "Driver (Mike) Smith"'s role, "Council of Akwesasne (MCA) Dept.", "Tamsin Wabasse (Prevention) Date":
            # in parentheses, a given name (no capitalised word before it), its nickname and its surname only
        # The person is given name and surname; the nickname between is an alias (pattern.alias finds it, and
        # spans never overlap), so the mention covers the given name and its value names the whole person.
        found.append(make_span(text, m.start("given"), m.end("given") if m.group("open") != "(" else m.end("surname"),
                               MentionKind.PERSON, CUE_EXTRACTOR,
                               value=fold(f"{m.group('given')} {m.group('surname')}"), confidence=0.95,
                               attrs={"surname": m.group("surname"), **({} if initial else {"nickname": m.group("nick")})}))
    return found


#: A contact list's entry: a first name, a dash or a colon, then a phone number or an account (« carnet manuscrit :
#: « Jessy - 450 555 0153 », « Pam - $pamxo_qc » », "Mike: 416-555-0101" in a phone's contacts), at a line's start, after
#: a quote, a bullet or a comma. The words that label numbers (home, cell, work) are no one's.
# 1.1: a table's column ("Léa-Rose     | +1 819 ..."); 1.2: pictographs after the name, a table's later column
CONTACT_EXTRACTOR = ExtractorId("person.contact", "1.2")
_CONTACT = re.compile(
    rf"(?:^|(?<=[«\"“,;•*(\[|])|(?<=\n))[ \u00a0\t]*(?P<name>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)"
    # pictographs a phone's contact list puts after a name ("Tayshaun 💯      | +18075550190")
    r"[ \u00a0]*(?:[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f][ \u00a0]*){0,3}"
    r"(?:-|–|:|\|)[ \u00a0]*(?=(?:\+?1[ .\-]?)?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]?\d{4}\b|[@$][A-Za-z])", re.M)
_CONTACT_LABELS = frozenset(fold(w) for w in word_list("""
home cell cellulaire work office bureau maison mobile fax tel tél phone téléphone text texto sms main line ligne pager
contact urgence emergency other autre business perso personal insta instagram snap snapchat tiktok kik telegram whatsapp
cashapp twitter facebook caller appelant number numéro numero new old nouveau ancien backup
"""))


def _contact_names(text: str) -> list[Span]:
    found = []
    for match in _CONTACT.finditer(text) if ("-" in text or ":" in text or "–" in text or "|" in text) else ():
        name = match.group("name")
        if _is_not_name(name) or fold(name) in _CONTACT_LABELS or fold(name) in _FUNCTION_WORDS or _SPEAKER_WORDS.match(name):
            continue
        if any(mark in text[match.end("name"):match.end()] for mark in ":|") and not is_given_name(name):
            continue  # "Famille : 819 555 0171", "Participants : @x", a table's "Réception | 819...": a colon or a column
            # labels anything; a dash lists a contact
        found.append(_person(text, match.start("name"), match.end("name"), CONTACT_EXTRACTOR, 0.55, {"relation": "contact"}))
    return found


_SPEAKER_WORDS = re.compile(r"(?i)(?:unk|unknown|inconnu|victim|victime|suspect|caller|moi|me|her|him)$")


def find_persons(text: str, *, ents: Iterable[tuple[int, int]] = (), subjects: SubjectIndex | None = None,
                 ner_extractor: ExtractorId | None = None, lang: str | None = None) -> list[Span]:
    """Every person candidate in ``text`` (overlapping; :func:`nlp.spans.resolve_overlaps` picks).

    ``ents`` are the character spans spaCy labelled as persons; ``subjects`` the record's; ``lang`` the text's language
    where known (in English « M. » before a surname is an initial, in French Monsieur).
    """
    index = subjects if subjects is not None else SubjectIndex(())
    words = _name_words(text)
    by_start = {w.start: i for i, w in enumerate(words)}
    found = _title_names(text, words, by_start, lang)
    found.extend(_rank_names(text, words, by_start, lang))
    if index:
        found.extend(_subject_names(text, words, index))
    found.extend(_lexicon_names(text, words))
    found.extend(_cued_names(text, words, by_start))
    found.extend(_surname_comma_names(text))
    found.extend(_kin_names(text, words, by_start))
    found.extend(_lower_case_names(text))
    found.extend(_heading_names(text))
    found.extend(_field_names(text))
    found.extend(_contact_names(text))
    found.extend(_cited_names(text))
    found.extend(_column_names(text))
    found.extend(_delimited_names(text))
    found.extend(_apposed_relatives(text))
    found.extend(_introduced_names(text))
    found.extend(_restated_names(text))
    found.extend(_whose_relatives(text))
    found.extend(_lower_names_before_relations(text))
    found.extend(_staff_lists(text))
    found.extend(_quoted_list_names(text, found))
    found.extend(_attributed_names(text))
    found.extend(_chat_writers(text))
    found.extend(_handover_pairs(text) if "\n" in text or len(text) < 400 else [])
    found.extend(_legend_names(text))
    found.extend(_compound_initial_names(text))
    found.extend(_initials_only_names(text))
    found.extend(_surname_unknown_names(text))
    found.extend(_says_aged_names(text))
    found.extend(_lone_given_names(text, words))
    found.extend(_speakers_with_outlets(text))
    found.extend(_signatures(text))
    found.extend(_passenger_names(text))
    found.extend(_ner_names(text, ents, words, index, ner_extractor or ExtractorId(NER_EXTRACTOR_NAME, EXTRACTOR_VERSION)))
    # Last: a name before an age wins over the parts of it others took ("Rodel Dela Cruz, 24" over "Dela Cruz"), not
    # over a name that goes on past it.
    # Nor is the surname after a nickname a person of its own (« Teiawenhniserate (« Tei ») Montour, 15 ans »): the
    # mention of the given name names the whole person.
    found.extend(a for a in _aged_names(text, words)
                 if all(a.start <= f.start and f.end <= a.end for f in found if a.start < f.end and f.start < a.end)
                 and not any(f.attrs.get("surname") == a.text and f.end < a.start <= f.end + 30 for f in found))
    found = [_without_role_head(text, _with_month_given(text, _with_first_initials(
        text, _with_particle_tail(text, _with_last_initial(text, span))))) for span in found]
    return found + _coordinated_names(text, found)


_FIRST_WORD = re.compile(r"[^\s]+[ \u00a0]+")


def _without_role_head(text: str, span: Span) -> Span:
    """A name some finder took with who the person is before it ("Pt Daniel Chookomolin, 22", « ASF Oumar Sow-Dubois
    avisé »): the name starts after the role's word (a title or a rank, which a name's value leaves out, stays)."""
    if span.kind is not MentionKind.PERSON or "title" in span.attrs or span.subject_id is not None:
        return span
    head = _FIRST_WORD.match(span.text)
    if (head is None or not _ROLE_HEAD.fullmatch(head.group().strip()) or is_given_name(head.group().strip())
            or len(span.text[head.end():].split()) < 2):
        return span
    return _respan(text, span, span.start + head.end(), span.end)


#: A case's style in a citation ("R. v. Okafor, 2019 ONSC 3102", « R. c. Jean-Gilles, 2019 QCCA 1420 »): the accused's
#: surname after the Crown's "R.", which the name finders take for an initial.
CITED_EXTRACTOR = ExtractorId("person.cited", "1.1")  # 1.1: a case's caption ("R. v. Anthony DE LUCA")
_CITED = re.compile(rf"(?<![\w.])R\.[ \u00a0]?[vc]\.[ \u00a0]+(?P<name>[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?)"
                    r"(?=[ \u00a0]*,[ \u00a0]*(?:\[?\d{4}|\d))")


def _cited_names(text: str) -> list[Span]:
    if "R." not in text:
        return []
    found = [_person(text, m.start("name"), m.end("name"), CITED_EXTRACTOR, 0.7, {"relation": "cited"})
             for m in _CITED.finditer(text) if not _is_not_name(m.group("name"))]
    for m in _CAPTION.finditer(text):
        for group in ("name", "other"):
            words = (m.group(group) or "").split()
            if len(words) >= 2 and not any(_is_not_name(w) for w in words if fold(w) not in SURNAME_PARTICLES):
                found.append(_person(text, m.start(group), m.end(group), CITED_EXTRACTOR, 0.8, {"relation": "accused"}))
    return found


#: A case's caption: the accused named in full after "R. v." or « R. c. », a co-accused after "and" or « et » ("R. v.
#: Anthony DE LUCA - Preliminary Hearing", « R. c. Lamine SOW-GIRARD et Kaïs BEN AMMAR | Palais de justice »).
_CAPTION_NAME = (rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?(?:[ \u00a0]+[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?)?"
                 rf"(?:[ \u00a0]+(?:(?:DE|DA|DI|DU|VAN|VON|BEN|BIN|AL|EL|LE|LA|DOS|DES|de|da|di|du|van|von|ben|al|el)[ \u00a0]+)?"
                 rf"(?:[{UPPER}][{UPPER}'’]+(?:-[{UPPER}][{UPPER}'’]+)?|[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?))")
_CAPTION = re.compile(rf"(?<![\w.])R\.[ \u00a0]?[vc]\.[ \u00a0]+(?P<name>{_CAPTION_NAME})"
                      rf"(?:[ \u00a0]+(?:and|et|&)[ \u00a0]+(?P<other>{_CAPTION_NAME}))?(?![\w'’\-])(?![ \u00a0]*,[ \u00a0]*\[?\d)")


#: A table's column of people: its header ("NAME", « Nom », "Guest", "Rider", « Nom du contact »).
# 1.1: a column of first names (« prénom », or most of its names known given names): unknown ones count too
COLUMN_EXTRACTOR = ExtractorId("person.column", "1.2")  # 1.2: a spreadsheet exported as text, given name and surname
_NAME_HEADER = re.compile(
    r"(?i)(?:full\s+)?names?|noms?(?:\s+complet|\s+du\s+contact|\s+et\s+prénom)?|guests?|clients?|clientes?|riders?|"
    r"passengers?|passag(?:er|ère)s?|drivers?|chauffeurs?|contacts?|subjects?|sujets?|occupants?|tenants?|locataires?|"
    r"youths?|jeunes?|résidente?s?|residents?|patients?|patientes?|usag(?:er|ère)s?|visitors?|visiteurs?|visiteuses?|"
    r"registered\s+to|inscrit\s+au\s+nom\s+de")
#: A column of first names ("First name", « Prénom », "GIVEN NAMES").
_GIVEN_NAME_HEADER = re.compile(r"(?i)(?:first|given)[ \u00a0]+names?|pr[ée]noms?")
#: A cell's name: ``Surname, Given`` or given names, initials and surnames, up to what is no name ("Amy + 1 girl").
_CELL_NAME = re.compile(
    rf"(?P<name>(?:[{UPPER}]\.[ \u00a0]?)?[{UPPER}][{UPPER}{LOWER}'’\-]+(?:,[ \u00a0]+[{UPPER}][{UPPER}{LOWER}'’\-]+)?"
    rf"(?:[ \u00a0](?:[{UPPER}]\.|[{UPPER}][{UPPER}{LOWER}'’\-]+|(?:de|la|du|van|der|von|da|di|bin|al)(?=[ \u00a0][{UPPER}]))){{0,3}})")


_COMPOUND_GIVEN = re.compile(rf"[{UPPER}][{LOWER}]+-[{UPPER}][{LOWER}]+")
_KIN_PREFIX = re.compile(r"(?i)(?:auntie|aunty|aunt|tante|matante|uncle|oncle|mononcle|cousin|cousine|grandma|grandpa|mamie|"
                         r"papi|kokum|tita|tito|lola|lolo|ate|kuya)[ \u00a0]+(?=\S)")


#: A spreadsheet's headers for given names and for surnames ("prénom;nom;nom de scène;cell", "First Name,Last Name,...").
_GIVEN_HEADERS = frozenset({"prenom", "first name", "firstname", "first", "given name", "given names", "given"})
_SURNAME_HEADERS = frozenset({"nom", "nom de famille", "last name", "lastname", "last", "surname", "family name"})
#: A cell that is a name: capitalised words, hyphens and particles (« Doucet-Arsenault », "Gros-Louis", "de la Cruz").
_DELIMITED_NAME = re.compile(rf"(?:(?:de|du|da|van|von|le|la|al|el)[ \u00a0-])?[{UPPER}][{LOWER}'’]+(?:[ \u00a0-][{UPPER}]?[{LOWER}'’]+)*")


def _delimited_names(text: str) -> list[Span]:
    """The people of a spreadsheet exported as text, one per row, given name and surname in the columns their header
    line names (a seized staff sheet: « prénom;nom;nom de scène;cell / Cindy;Boudreault;Crystal;418-555-0106 »)."""
    found: list[Span] = []
    if ";" not in text and "\t" not in text:
        return found
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    header: tuple[str, int, int, int] | None = None  # delimiter, cells, given index, surname index
    for k, line in enumerate(lines):
        delimiter = ";" if line.count(";") >= 2 else "\t" if line.count("\t") >= 2 else None
        if delimiter is None:
            header = None
            continue
        cells = line.split(delimiter)
        folded = [fold(c.strip()) for c in cells]
        given = next((i for i, c in enumerate(folded) if c in _GIVEN_HEADERS), None)
        surname = next((i for i, c in enumerate(folded) if c in _SURNAME_HEADERS), None)
        if given is not None:
            header = (delimiter, len(cells), given, surname if surname is not None else -1)
            continue
        if header is None or delimiter != header[0] or abs(len(cells) - header[1]) > 1:
            header = None
            continue
        at = [offsets[k] + sum(len(c) + 1 for c in cells[:i]) for i in range(len(cells))]
        g, sn = header[2], header[3]
        if g >= len(cells) or not _DELIMITED_NAME.fullmatch(cells[g].strip()) or _is_not_name(cells[g].strip()):
            continue
        g_start = at[g] + len(cells[g]) - len(cells[g].lstrip())
        g_end = g_start + len(cells[g].strip())
        last = cells[sn].strip() if 0 <= sn < len(cells) else ""
        if last and _DELIMITED_NAME.fullmatch(last) and not _is_not_name(last):
            s_start = at[sn] + len(cells[sn]) - len(cells[sn].lstrip())
            start, end = (g_start, s_start + len(last)) if sn == g + 1 else (g_start, g_end)
            found.append(make_span(text, start, end, MentionKind.PERSON, COLUMN_EXTRACTOR, value=fold(f"{cells[g].strip()} {last}"),
                                   confidence=0.75, attrs={"order": "columns"}))
        else:
            found.append(_person(text, g_start, g_end, COLUMN_EXTRACTOR, 0.7))
    return found


def _column_names(text: str) -> list[Span]:
    """The people in a table's column headed as names (a guest book, a register, a phone's contacts): the column says
    what its cells are, where no sentence does."""
    found = []
    tabled = "  " in text or "|" in text
    cells = [(cell, False) for cell in column_cells(text, _NAME_HEADER)] if tabled else []
    # a column of first names ("first name", « prénom »: a drop-in's sign-in sheet): a name the lexicon lacks counts too
    cells += [(cell, True) for cell in column_cells(text, _GIVEN_NAME_HEADER)] if tabled else []
    # a column of names most of which are known given names alone is a column of first names
    singles = [text[s:e].strip() for (s, e), _ in cells if re.fullmatch(rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?", text[s:e].strip())]
    known = sum(1 for w in singles if is_given_name(w))
    first_names = known >= 3 and known * 3 >= len(singles) * 2
    for (start, end), given_column in cells:
        given_column = given_column or first_names
        match = _CELL_NAME.match(text, start, end)
        if match is None:
            continue
        start = match.start("name")
        kin = _KIN_PREFIX.match(text, start, match.end("name"))
        if kin is not None:
            start = kin.end()  # "Auntie Marlene": Marlene
        name = text[start:match.end("name")]
        words = re.findall(rf"[{UPPER}][{UPPER}{LOWER}'’\-]+", name)
        if not words or any(_is_not_name(w) or fold(w) in _FUNCTION_WORDS or w in ACRONYMS for w in words):
            continue  # "Walk in", "Room 12", "Maman": no one's name
        if (len(words) == 1 and "." not in name and not is_given_name(words[0]) and not _COMPOUND_GIVEN.fullmatch(words[0])
                and not (given_column and not words[0].isupper())):
            continue  # "Kev", "Booking": a contact's label, a nickname, a service ("Deja-Rae" is a compound given name)
        attrs = {"order": "surname-first"} if "," in name else None
        found.append(_person(text, start, match.end("name"), COLUMN_EXTRACTOR, 0.7, attrs))
    return found


#: A relative named after whose relative they are, between commas (« l'ami de Mariam, Youssef, au 418... », "a friend of
#: Kiana's, Tehya, said"): the second name is the relative.
_APPOSED_RELATIVE = re.compile(
    r"(?i:\b(?:friend|amie?|sister|brother|s(?:œ|oe)ur|fr[eè]re|cousine?|mother|m[eè]re|father|p[eè]re|boyfriend|girlfriend|"
    r"chum|blonde|copine|copain|aunt|tante|uncle|oncle))[ \u00a0]+(?i:of|de|d['’])[ \u00a0]*"
    rf"[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?(?:['’]s)?[ \u00a0]*,[ \u00a0]*"
    rf"(?P<name>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)(?=[ \u00a0]*[,(])")


def _apposed_relatives(text: str) -> list[Span]:
    return [_person(text, m.start("name"), m.end("name"), KIN_EXTRACTOR, 0.6, {"relation": "apposed"})
            for m in _APPOSED_RELATIVE.finditer(text) if "," in text
            if not _is_not_name(m.group("name")) and fold(m.group("name")) not in _FUNCTION_WORDS]


#: A known given name after an indefinite article and before a relative pronoun ("talking to a Tristan who goes by", « une
#: Jessica qui »): someone the writer does not know more of.
_A_NAME_WHO = re.compile(rf"\b(?:a|an|un|une|some|one)[ \u00a0]+(?P<name>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)"
                         r"[ \u00a0]+(?:who|qui|that|named|nommée?)\b")


#: A given name said, then said again with the surname ("CALLER: Tharshika. Tharshika Sivanesan.", « Ma fille c'est
#: Mikisiw, Mikisiw Petiquay-Awashish »): how people spell out a name on the phone.
_RESTATED = re.compile(rf"(?<![\w'’\-])(?P<given>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)"
                       rf"(?:[.,][ \u00a0]+|[ \u00a0]*\()(?P=given)[ \u00a0]+"
                       rf"(?P<surname>[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?(?:[ \u00a0][{UPPER}][{LOWER}'’]+)?)(?![\w'’\-])")


def _restated_names(text: str) -> list[Span]:
    found = [_person(text, m.start("surname") - len(m.group("given")) - 1, m.end("surname"), KIN_EXTRACTOR, 0.7,
                     {"relation": "restated"})
             for m in _RESTATED.finditer(text) if not _is_not_name(m.group("given")) and not _is_not_name(m.group("surname"))
             and text[m.start("surname") - 1] in " \u00a0"]
    # in a message typed in lower case ("my auntie rosa, rosa delgado, she's 416...", « ma tante sylvie, sylvie gagnon-paré »)
    return found + [_person(text, m.start("surname") - len(m.group("given")) - 1, m.end("surname"), LOWER_CASE_EXTRACTOR, 0.65,
                            {"relation": "restated"})
                    for m in _RESTATED_LOWER.finditer(text) if is_given_name(m.group("given")) and _lower_surname(m.group("surname"))
                    and _lower_case_around(text, m.start("given"), m.end("surname"))]


def _whose_relatives(text: str) -> list[Span]:
    """Whose relative someone is ("kayla, jordyn's sister", "(Anjali's mom)"): a name before "'s" and a relation."""
    if "'" not in text and "’" not in text:
        return []
    return [_person(text, m.start("name"), m.end("name"), KIN_EXTRACTOR, 0.65, {"relation": "cued"})
            for m in _WHOSE_RELATIVE.finditer(text)
            if (is_given_name(m.group("name")) or _unknown_name_shape(text, m.start("name"), m.group("name")))
            and not _is_not_name(m.group("name"))
            and (m.group("name")[:1].isupper() or (is_given_name(m.group("name"))
                                                 and _lower_case_around(text, m.start("name"), m.end("name"))))
            and fold(m.group("name")) not in _WORDLIKE_NAMES]


def _lower_names_before_relations(text: str) -> list[Span]:
    """A name in lower case, then who it is in parentheses ("jaz (other girl, from the Sault)", « nanouk (l'autre fille »):
    a known given name, or any name another girl or guy is."""
    if "(" not in text:
        return []
    return [_person(text, m.start("name"), m.end("name"), LOWER_CASE_EXTRACTOR, 0.6, {"relation": "cued"})
            for m in _LOWER_NAME_THEN_RELATION.finditer(text)
            if _lower_surname(m.group("name")) and (relation := _LONE_RELATION_AFTER.match(text, m.end("name"))) is not None
            and (is_given_name(m.group("name")) or re.search(r"(?i)other|autre", relation.group()) is not None)]


def _staff_lists(text: str) -> list[Span]:
    """The staff named in a note's heading ("STAFF NOTES (Ana, Bryce):", « NOTES DES INTERVENANTS (Fabrice, Inès) : »)."""
    found = []
    for m in _STAFF_LIST.finditer(text):
        names = list(re.finditer(rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?", m.group("list")))
        if all(is_given_name(w.group()) or not (_is_not_name(w.group()) or fold(w.group()) in _FUNCTION_WORDS) for w in names) and any(
                is_given_name(w.group()) for w in names):
            found += [_person(text, m.start("list") + w.start(), m.start("list") + w.end(), KIN_EXTRACTOR, 0.6, {"relation": "staff"})
                      for w in names]
    return found


_LOWER_NAME_THEN_RELATION = re.compile(rf"(?<![\w@.'’\-])(?P<name>[{LOWER}]{{3,}}(?:-[{LOWER}]{{2,}})?)(?=[ \u00a0]*\()")
_RESTATED_LOWER = re.compile(rf"(?<![\w'’\-])(?P<given>[{LOWER}]{{2,}}(?:-[{LOWER}]+)?),[ \u00a0]+(?P=given)[ \u00a0]+"
                             rf"(?P<surname>[{LOWER}]{{3,}}(?:-[{LOWER}]{{2,}})?)(?![\w'’\-])")
_WHOSE_RELATIVE = re.compile(
    rf"(?<![\w'’\-])(?P<name>[{UPPER}{LOWER}][{LOWER}]{{2,}}(?:-[{UPPER}{LOWER}][{LOWER}]+)?)['’]s[ \u00a0]+"
    r"(?:(?:older|younger|little|big|twin|step)[ \u00a0]+)?(?:sister|brother|mom|mother|mum|dad|father|cousin|aunt|auntie|uncle|"
    r"friend|best[ \u00a0]+friend|bf|gf|boyfriend|girlfriend|daughter|son|grandma|grandmother|kokum|partner)\b")
_STAFF_LIST = re.compile(
    r"(?i:\b(?:staff|workers?|intervenant(?:e|s|es)?|équipe|team|présents?|present|on[ \u00a0]+shift|de[ \u00a0]+garde))"
    rf"[^\n(]{{0,25}}\([ \u00a0]*(?P<list>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
    rf"(?:[ \u00a0]*(?:,|et|and|&|/)[ \u00a0]*[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)+)[ \u00a0]*\)")


#: The next quoted name of a list ('under "Jasmine Tookate" and "Marcus Delorme-Fitch"', « aux noms de « Océane Caron »
#: et « Kevin Mbala-Dufresne » »).
_NEXT_QUOTED_NAME = re.compile(rf"[ \u00a0]*[\"”»][ \u00a0]*(?:and|et|,|&)[ \u00a0]*[\"“«][ \u00a0]*"
                               rf"(?P<name>[{UPPER}][{LOWER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}{LOWER}'’\-]+){{1,2}})"
                               r"(?=[ \u00a0]*[\"”»])")


def _quoted_list_names(text: str, found: Sequence[Span]) -> list[Span]:
    out = []
    for span in found:
        if span.extractor != CUE_EXTRACTOR.name:
            continue
        end = span.end
        while (m := _NEXT_QUOTED_NAME.match(text, end)) is not None:
            if any(_is_not_name(w) for w in m.group("name").split()):
                break
            out.append(_person(text, m.start("name"), m.end("name"), CUE_EXTRACTOR, 0.85))
            end = m.end("name")
    return out


#: An analyst's attribution: an account or a number, an arrow, the person it is ("@kenji.wr_519 -> Kenji Watanabe-Ross
#: (subscriber records)", « mimi.sbk → plaignante « Mia » »).
_ATTRIBUTED = re.compile(rf"(?:->|→|=>)[ \u00a0]*(?:(?i:complainant|plaignante?|victim|victime|suspect|witness|témoin)[ \u00a0]*)?"
                         rf"[\"“«]?[ \u00a0]*(?P<name>[{UPPER}][{LOWER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}{LOWER}'’\-]+){{0,2}})"
                         r"(?=[ \u00a0]*[\"”»]|[ \u00a0]*[(,.;\n]|$)")


def _attributed_names(text: str) -> list[Span]:
    out = []
    for m in _ATTRIBUTED.finditer(text) if ">" in text or "→" in text else ():
        words = m.group("name").split()
        quoted = text[m.start():m.start("name")].rstrip().endswith(("\"", "“", "«"))
        if any(_is_not_name(w) or fold(w) in _FUNCTION_WORDS for w in words) or (len(words) == 1 and not quoted):
            continue  # "P2 -> P1 via Instagram", "-> Toronto": a lone word only where it is quoted as someone's
        out.append(_person(text, m.start("name"), m.end("name"), CUE_EXTRACTOR, 0.7, {"relation": "attributed"}))
    return out


#: A full name in title case: a given name and one or two surnames ("Jas Dhillon", "Marie-Claude Ouellet").
_FULL_NAME = rf"[{UPPER}][{LOWER}'’\-]+(?:[ \u00a0][{UPPER}][{LOWER}'’\-]+){{1,2}}"
#: A chat export's writer named in full after the message's date and time ("17/02/2024, 22:41 - Jas Dhillon: ...",
#: "[11/05/24 23:20:48] Nathalie Tremblay: ..."): a person; a writer named by one word may be a nickname.
_CHAT_WRITER = re.compile(
    r"(?m)^[ \t]*\[?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4},?[ \u00a0]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \u00a0]?[APap]\.?[Mm]\.?)?\]?"
    rf"[ \u00a0]*[-–]?[ \u00a0]*(?P<name>{_FULL_NAME})[ \u00a0]*:")
#: A given name, then one or two surnames in either case ("Enrico DA SILVA-MOREIRA").
_FULL_NAME_ANY_CASE = rf"[{UPPER}][{LOWER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}{LOWER}'’\-]+){{1,2}}"
#: A legend giving initials', a nickname's or an account's full names ("Staff: MC = Marie-Claude Ouellet / JP =
#: Jhunnie Pascual", "deej.o = Deejay Sayers, 15", « Rico = Enrico DA SILVA-MOREIRA, 22 ans »).
_LEGEND = re.compile(rf"(?:\b[{UPPER}]{{1,3}}|(?<![\w@.])[\w.]{{2,30}}[\w])[ \u00a0]*=[ \u00a0]*(?P<name>{_FULL_NAME_ANY_CASE})"
                     r"(?=[ \u00a0]*(?:[/;,|\n(]|$))")
#: A full name with its nickname quoted in parentheses after it ('Yonas Tekle ("YT"): ex'): a person's name and alias.
_NAME_THEN_NICKNAME = re.compile(rf"(?<![\w'’\-])(?P<name>[{UPPER}][{LOWER}'’\-]+[ \u00a0][{UPPER}][{LOWER}'’\-]+)"
                                 r"[ \u00a0]*\([ \u00a0]*[\"“«]")


def _named_in(text: str, matches: Iterable[re.Match[str]], relation: str, confidence: float = 0.75) -> list[Span]:
    """A person for each match's ``name`` group whose words are names (no word of a name finder's list, no function
    word but a surname's particle after the first: "Enrico DA SILVA-MOREIRA"): what the small finders below share."""
    return [_person(text, m.start("name"), m.end("name"), CUE_EXTRACTOR, confidence, {"relation": relation})
            for m in matches if not any(_is_not_name(w) or (fold(w) in _FUNCTION_WORDS and (k == 0 or fold(w) not in SURNAME_PARTICLES))
                                        for k, w in enumerate(m.group("name").split()))]


#: A message's writer named by a known given name alone after the message's time ("[22:06] Joanne: calling now",
#: « [22:20] caro : ok reste pas seule »): a person, as a chat's participants are; a word the lexicon does not know as
#: a given name there is a role or a nickname ("[21:07] TARGET:", "[23:44] Unc:").
_TIMED_WRITER = re.compile(
    r"(?m)^[ \t>]*[\[(]?(?:[^\W\d_]{2,5}\.?[ \u00a0]+|\d{4}-\d{2}-\d{2}[ T]|\d{1,2}/\d{1,2}(?:/\d{2,4})?,?[ \u00a0])?"
    r"\d{1,2}(?:[ \u00a0]?[:h][ \u00a0]?\d{2}){1,2}(?:[ \u00a0]?[APap]\.?[Mm]\.?)?[\])]?"
    r"[ \u00a0\t]*[-–]?[ \u00a0]*(?P<name>[^\W\d_]{2,}(?:-[^\W\d_]{2,})?)[ \u00a0]?:(?![\d/])")


#: A shift's handover line ("15:00 handover D/S -> E/S  (Kwabena to Oksana)", « Jour -> soir (15h) : Fabiola à
#: Wilfried »): the two names joined by "to", « à » or an arrow on it are the staff going off and coming on.
_HANDOVER_LINE = re.compile(
    r"(?im)^.*(?:\b(?:handover|hand-over|hand\s+over|shift\s+change|change\s+of\s+shift|relève|changement\s+de\s+quart)\b|"
    r"\b(?:jour|soir|nuit|day|days|night|nights|eve|evening|evenings)\s*(?:->|→|>|à|to)\s*(?:jour|soir|nuit|day|days|night|nights|"
    r"eve|evening|evenings)\b|\b[DENM]/S\s*(?:->|→)).*$")
_HANDOVER_PAIR = re.compile(rf"(?<![\w\-])(?P<a>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)[ \u00a0]*(?:to|à|->|→|>)[ \u00a0]*"
                            rf"(?P<b>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)(?![\w\-])")


def _handover_pairs(text: str) -> list[Span]:
    found: list[Span] = []
    for line in _HANDOVER_LINE.finditer(text):
        for m in _HANDOVER_PAIR.finditer(text, line.start(), line.end()):
            names = (m.group("a"), m.group("b"))
            if all(is_given_name(n) and fold(n) not in _LONE_WORDS and not _is_not_name(n) for n in names):
                found.extend(_person(text, m.start(g), m.end(g), KIN_EXTRACTOR, 0.6, {"relation": "handover"}) for g in ("a", "b"))
    return found


def _chat_writers(text: str) -> list[Span]:
    if ":" not in text:
        return []
    found = _named_in(text, _CHAT_WRITER.finditer(text), "writer")
    for m in _TIMED_WRITER.finditer(text):
        name = m.group("name")
        if (is_given_name(name) and not name.isupper() and (name[:1].isupper() or name.islower())
                and fold(name) not in _WORDLIKE_NAMES and not _is_not_name(name)):
            found.append(_person(text, m.start("name"), m.end("name"), CUE_EXTRACTOR, 0.7, {"relation": "writer"}))
    return found


#: Hyphenated initials of a compound given name, then a surname, or an initial before someone's age ("paid by
#: J.-M. Lachance", « ASF : M.-È. Castonguay », « la victime A.-M. L. (16 ans) »): the « M. » inside is no Monsieur.
_COMPOUND_INITIALS = re.compile(
    rf"(?<![\w.\-])(?P<name>[{UPPER}]\.-[{UPPER}]\.(?:[ \u00a0]+(?:(?:de|du|van|von|le|la|di|da)[ \u00a0]+)?"
    rf"(?:[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)*|[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})*|[{UPPER}]\.(?=[ \u00a0]*\([ \u00a0]*\d))))"
    r"(?![\w'’])")


#: Two initials run together after a rank or a title ("Cst. P.J. McAllister"): not "U.S. Marshals".
_DOTTED_INITIALS = re.compile(rf"(?<=[. ])(?P<name>[{UPPER}]\.[{UPPER}]\.[ \u00a0](?:Ma?c)?[{UPPER}][{LOWER}'’]*[{UPPER}]?[{LOWER}'’]+"
                              rf"(?:-[{UPPER}][{LOWER}'’]+)?)(?![\w'’]|[ \u00a0]*:)")  # not the next field's label
_RANK_OR_TITLE_BEFORE = re.compile(r"(?:\b(?:Cst|Sgt|Det|Insp|Supt|Cpl|Const|Dr|Mr|Mrs|Ms|Mme|Pk|PC|DC|Me)\.?|:)[ \u00a0]+$")


def _compound_initial_names(text: str) -> list[Span]:
    found = _named_in(text, _COMPOUND_INITIALS.finditer(text) if ".-" in text else (), "initials", confidence=0.8)
    return found + _named_in(text, (m for m in _DOTTED_INITIALS.finditer(text)
                                    if _RANK_OR_TITLE_BEFORE.search(text, max(0, m.start() - 8), m.start())), "initials", 0.8)


#: A young person named by initials alone, as courts and analysts name complainants and accused youths ("the complainant
#: N.R. (17)", "R. v. D.M.-B.", « la plaignante, M.-È.D., alors âgée de 15 ans », "V1 (E.W., 16)", « T. K. (15 ans) »): two
#: initials or more, with an age after them or a word before them that says whose they are. The graph never joins two
#: records on initials alone (:func:`graph.build.names.resolve_name`): the mention stays its record's.
INITIALS_EXTRACTOR = ExtractorId("person.initials", "1.2")  # 1.1: initials in quotes of their own; 1.2: and whose they are after
_INITIALS_ONLY = re.compile(
    rf"(?<![\w.\-])(?P<name>[{UPPER}]\.(?:-?[{UPPER}]\.)*(?:[ \u00a0]?-?[{UPPER}]\.)(?:-[{UPPER}]\.)?)(?![\w\-]|\.[\w])")
_INITIALS_AGE_AFTER = re.compile(r"[ \u00a0]*(?:,|\()[ \u00a0]*(?:(?i:age|âgée?\s+de|alors\s+âgée?\s+de)[ \u00a0]*)?[1-9]\d(?![\d:.hH/\-])")
_INITIALS_WHOSE_BEFORE = re.compile(
    r"(?i)(?:\b(?:the\s+)?(?:complainant|victim|youth|young\s+person|accused|(?:la\s+|le\s+)?(?:plaignante?|victime|adolescente?|jeune|"
    r"accusée?|prévenue?)|referred\s+to\s+as|known\s+as|in\s+respect\s+of|à\s+l['’]égard\s+de|situation\s+de|"
    # an age just said ("a fifteen-year-old, A.M.", « une adolescente de 16 ans, M.-È. G. »)
    r"year-old|years?\s+old|[1-9]\d[ \u00a0]*(?:ans|yo|y/o))|(?-i:\bR\.\s+v\.|\bc\.))"
    r"[ \u00a0]*[,:]?[ \u00a0]*[«\"“]?[ \u00a0]*$")
#: Initials in quotes of their own ('I interviewed "C.W.", a 17-year-old', « la jeune « J.K. » »): how a report names a
#: youth it must not name in full.
_INITIALS_QUOTED_BEFORE = re.compile(r"[«\"“][ \u00a0]*$")
_INITIALS_QUOTED_AFTER = re.compile(r"[ \u00a0]*[»\"”]")
#: Initials, then whose they are (a witness list's "W1  K.M. - complainant, 16", « V1 : J.T., plaignante »).
_INITIALS_ROLE_AFTER = re.compile(r"(?i)[ \u00a0]*[-–—,:(][ \u00a0]*(?:the\s+|la\s+|le\s+)?(?:complainant|victim|youth|accused|witness|"
                                  r"plaignante?|victime|jeune|accusée?|témoin|adolescente?)\b")
#: Letters a tattoo, a brand or a code is written with, quoted: no one's initials (« les lettres « D.T.M. » »).
_LETTERS_BEFORE = re.compile(r"(?i)\b(?:letters|lettres|code|tattoo|tatouage|logo|brand|marque)\b[^.\n]{0,20}$")
#: Initials that are a country's, a province's, a court's or a title's, never a youth's.
_NOT_A_YOUTH = frozenset({"u.s.", "u.k.", "b.c.", "p.e.i.", "n.b.", "n.s.", "n.l.", "p.q.", "q.c.", "j.c.q.", "j.c.s.", "j.c.a.",
                          "c.q.", "c.s.", "d.c.", "l.a.", "o.c.", "c.c.", "c.r.", "p.s.", "n.d.", "s.a."})


def _initials_only_names(text: str) -> list[Span]:
    if "." not in text:
        return []
    found = []
    for m in _INITIALS_ONLY.finditer(text):
        initials = m.group("name")
        if fold(initials).replace(" ", "") in _NOT_A_YOUTH:
            continue
        quoted = (_INITIALS_QUOTED_BEFORE.search(text, max(0, m.start("name") - 2), m.start("name")) is not None
                  and _INITIALS_QUOTED_AFTER.match(text, m.end("name")) is not None
                  and not _LETTERS_BEFORE.search(text, max(0, m.start("name") - 30), m.start("name")))
        if (quoted or _INITIALS_AGE_AFTER.match(text, m.end("name")) or _INITIALS_ROLE_AFTER.match(text, m.end("name"))
                or _INITIALS_WHOSE_BEFORE.search(text, max(0, m.start("name") - 40), m.start("name"))):
            found.append(_person(text, m.start("name"), m.end("name"), INITIALS_EXTRACTOR, 0.6, {"relation": "initials"}))
    return found


#: A first name with word that the surname is not known ("Crystal (surname unknown)", « Anaïs (prénom seulement, à sa
#: demande) », "Jay (LNU)"): a person's, whatever the lexicon knows of it.
_SURNAME_UNKNOWN = re.compile(
    rf"(?<![\w\-])(?P<name>[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?)[ \u00a0]*\([ \u00a0]*"
    r"(?i:(?:surname|last[ \u00a0]+name|family[ \u00a0]+name|"
    r"nom(?:[ \u00a0]+de[ \u00a0]+famille)?)[ \u00a0]+(?:unknown|unk\.?|not[ \u00a0]+known|inconnu|pas[ \u00a0]+connu)|lnu|"
    r"first[ \u00a0]+name[ \u00a0]+only|given[ \u00a0]+name[ \u00a0]+only|pr[ée]nom[ \u00a0]+seul(?:ement)?)\b")


def _surname_unknown_names(text: str) -> list[Span]:
    return _named_in(text, _SURNAME_UNKNOWN.finditer(text) if "(" in text else (), "given name only", confidence=0.8)


LONE_EXTRACTOR = ExtractorId("person.lone-given", "1.1")  # 1.1: hyphenated, after « là »
#: Words before a lone capitalised word that make it a place's or a thing's name, not a person's ("drove to Regina",
#: "from Victoria", « vers Laval »): the locatives of :func:`_preceded_by_locative` and these.
_LONE_PLACE_BEFORE = frozenset(fold(w) for w in word_list("""
at to from via into onto through past toward towards by of for rue chemin boul avenue de des du la le les sur hotel
motel inn lodge auberge hôtel on the
"""))
#: Given names never taken alone: those that are everyday words (:data:`_WORDLIKE_NAMES`) and these, words, firms and
#: states of either language that a capital at a line's or a sentence's start makes look like names ("Avis de
#: recherche", « Signé : », « Lien | De », "Meta return", "Florida").
_LONE_WORDS = _WORDLIKE_NAMES | frozenset(fold(w) for w in word_list("""
avis signe signé lien aide meta monte soo major royal sterling rich chance clay cliff dale
drew glen lance miles norm reed rock sage skip stone wade young king prince duke page bliss cherry dusty ginger
harmony justice liberty lucky melody merry mercy miracle patience rain shadow silver spring sugar sunny trinity
unique velvet violet winter belle fleur ange noël modeste aimé tech bonne colombe only lady porsche miigwan miigwech
florida georgia virginia carolina dallas houston phoenix orlando dundas bambi
"""))
#: A line whose label asks for a place ("City: Sudbury, Kayla"): its words are a place's.
_PLACE_LABEL_LINE = re.compile(r"(?i)[ \u00a0\t]*(?:city|town|location|address|province|destination|ville|lieu|adresse)"
                               r"[ \u00a0]*:")
#: A capitalised word and a remark in parentheses right before ("Thenuja (K.) Sivakumar"): the word after is a surname.
_AFTER_REMARK = re.compile(rf"[{UPPER}][\w'’\-]*[ \u00a0]*\([^()\n]{{1,25}}\)[ \u00a0]*\Z")
#: Days' abbreviations that are given names too ("Thu", "Sun"): a day's before a date ("Thu 14 Mar", "Thu, 2025-09-11").
_DAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
_DATE_AFTER = re.compile(r"[.,]?[ \u00a0]*(?:\d|[A-Z][a-z]{2}\b)")
#: What makes a capitalised word before it a label or a French noun phrase's head, not a person ("Lien : ", "Avis de
#: disparition", « Lien de confiance »), or a word of another tongue ("Niá:wen").
_LONE_NOT_AFTER = re.compile(r"[ \u00a0]*:|[ \u00a0]+(?:de|du|des|d['’])(?![\w'’\-])")


def _lone_given_names(text: str, words: list[_Word]) -> list[Span]:
    """A known given name standing alone in running text ("stay late when Gurpreet is sick", "Ticket office (Shanice)
    says", « mon beau-frère Suthan. »): a first name is how witnesses, staff and youth name each other, and the other
    finders take one only beside a surname, a title or a cue. Only a name no everyday word shares (not "Grace",
    "Hope"), no town's (not "Regina", "Victoria"), with no capitalised word joined to it on either side (those are
    the longer names the other finders read), not in capitals, not part of an address, a handle or an e-mail, and not
    after a word that makes it a place ("to Regina", "rue Marie")."""
    found = []
    for i, word in enumerate(words):
        token = word.text
        if token.isupper() or len(token) < 3 or not is_given_name(token) or (
                "-" in token and not all(part[:1].isupper() and is_given_name(part) for part in token.split("-"))):
            continue  # « Léa-Rose est encore avec lui »: both parts given names, each written as one
        folded = fold(token)
        if (folded in _LONE_WORDS or _is_not_name(token) or token in _TOWNS
                or folded in _FUNCTION_WORDS or _LONE_NOT_AFTER.match(text, word.end)
                or (folded in _DAYS and _DATE_AFTER.match(text, word.end))):
            continue
        if (i > 0 and _joined(text, words[i - 1], word)) or (i + 1 < len(words) and _joined(text, word, words[i + 1])):
            continue
        before, after = text[max(0, word.start - 1):word.start], text[word.end:word.end + 1]
        if before in ("@", ".", "_", "/", "#", "$") or after in ("@", "_", "/") or after.isdigit() or (
                after == "." and text[word.end + 1:word.end + 2].isalnum()):
            continue
        previous = _WORD.findall(text[max(0, word.start - 20):word.start])
        if (previous and fold(previous[-1]) in _LONE_PLACE_BEFORE and previous[-1].lower() != "là") or _preceded_by_locative(text, word.start):
            continue
        line = text[text.rfind("\n", 0, word.start) + 1:word.start]
        if _PLACE_LABEL_LINE.match(line) or _NICKNAME_LABEL.search(line) or _AFTER_REMARK.search(line):
            continue
        found.append(_person(text, word.start, word.end, LONE_EXTRACTOR, 0.5))
    return found


def _says_aged_names(text: str) -> list[Span]:
    return _named_in(text, _SAYS_AGED.finditer(text), "aged", confidence=0.7)


def _speakers_with_outlets(text: str) -> list[Span]:
    """A transcript's speakers named with whom they speak for: a known given name, or a text of speakers' lines."""
    matches = list(_SPEAKER_WITH_OUTLET.finditer(text)) if "(" in text else []
    transcript = bool(matches) and len(_SPEAKER_LINE.findall(text)) >= 3
    return _named_in(text, (m for m in matches if transcript or is_given_name(m.group("name").split()[0])), "speaker", 0.8)


#: A transcript's line opened by its speaker in capitals ("OSEI: Last one.").
_SPEAKER_LINE = re.compile(rf"(?m)^[ \t]*[{UPPER}]{{2,}}[{UPPER}\-'’ \u00a0]*(?:\([^()\n]{{2,40}}\))?[ \u00a0]*:")


#: A first name and the age its owner gives ("B) Oyunaa — says 21, Mongolian", « 1. Jing (dit 23 ans) »).
_SAYS_AGED = re.compile(rf"(?<![\w\-])(?P<name>[{UPPER}][{LOWER}]+(?:-[{UPPER}{LOWER}][{LOWER}]+)?)[ \u00a0]*(?:[—–\-][ \u00a0]*|\([ \u00a0]*)"
                        r"(?:says|said|claims|dit|dit[ \u00a0]+avoir)[ \u00a0]+[1-9]\d\b")
#: A transcript's speaker named in capitals with whom they speak for ("CHLOÉ BERGERON (Radio-Canada): Which hotels").
_SPEAKER_WITH_OUTLET = re.compile(rf"(?m)^[ \t]*(?P<name>[{UPPER}]{{2,}}(?:[\-'’][{UPPER}]+)*"
                                  rf"(?:[ \u00a0][{UPPER}]{{2,}}(?:[\-'’][{UPPER}]+)*){{1,2}})"
                                  r"[ \u00a0]*\([A-ZÀ-Ý][^()\n]{1,40}\)[ \u00a0]*:")  # an outlet's name, capitalised


def _legend_names(text: str) -> list[Span]:
    return (_named_in(text, _LEGEND.finditer(text) if "=" in text else (), "legend")
            + _named_in(text, _NAME_THEN_NICKNAME.finditer(text) if "(" in text else (), "legend"))


#: A letter's or a message's signature: a known given name alone on its line after the closing words ("Love you forever
#: / Keisha / xoxo", « Je t'aime gros / Ta Lilou xxx »).
_SIGNATURE = re.compile(
    r"(?im)^[ \t]*(?:(?:with\s+)?love(?:\s+you)?(?:\s+\w+)?|xoxo|xo|bisous|gros\s+bisous|je\s+t['’]aime[^\n]{0,30}|your\s+(?:daughter|son)|"
    r"votre\s+fille|ta\s+fille|sincerely|cordialement|merci)[ \t,!.]*\n[ \t]*(?:ta|ton|your|votre)?[ \t]*"
    rf"(?P<name>[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)[ \t,!.]*(?:x+o*|xo+)?[ \t]*$")


#: An airline's passenger record: SURNAME/GIVEN and a title ("2.MOOSE/ZIIBIINS MISS(CHD/15OCT08)", « BEARSKIN/WAPUN MLLE »),
#: and an e-mail's sender or addressee named in full ("From: Yuliia Petrenko").
_PASSENGER = re.compile(rf"(?<![\w/])(?P<surname>[{UPPER}][{UPPER}'’\-]+)/(?P<given>[{UPPER}][{UPPER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}'’\-]+)?)"
                        r"[ \u00a0]?(?:MR|MRS|MS|MISS|MSTR|MLLE|MME|M\.)(?![\w])")
#: A boarding pass's name after its seat ("BPs: 14A MEEKIS/TAYANNA, 14B FORTIN-BELL/RICHARD", « 23C TADESSE/MERON »).
_SEATED_PASSENGER = re.compile(rf"(?<![\w/])\d{{1,2}}[A-K][ \u00a0]+(?P<surname>[{UPPER}][{UPPER}'’\-]+)/"
                               rf"(?P<given>[{UPPER}][{UPPER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}'’\-]+)?)(?![\w/])")
_MAIL_NAME = re.compile(rf"(?m)^[ \u00a0>]*(?:From|To|Cc|Bcc|De|À|Cci)[ \u00a0]*:[ \u00a0]*"
                        rf"(?P<name>[{UPPER}][{LOWER}'’\-]+(?:[ \u00a0][{UPPER}][{UPPER}{LOWER}'’\-]+){{1,2}})(?=[ \u00a0]*(?:<|\(|,|;|$))")


def _passenger_names(text: str) -> list[Span]:
    out = [make_span(text, m.start(), m.end("given"), MentionKind.PERSON, CUE_EXTRACTOR,
                     value=fold(f"{m.group('given')} {m.group('surname')}"), confidence=0.8, attrs={"order": "surname-first"})
           for m in _PASSENGER.finditer(text) if "/" in text and not _is_not_name(m.group("surname"))]
    out += [make_span(text, m.start("surname"), m.end("given"), MentionKind.PERSON, CUE_EXTRACTOR,
                      value=fold(f"{m.group('given')} {m.group('surname')}"), confidence=0.8, attrs={"order": "surname-first"})
            for m in _SEATED_PASSENGER.finditer(text) if "/" in text
            and not _is_not_name(m.group("surname")) and not _is_not_name(m.group("given"))
            and (is_given_name(m.group("given")) or min(len(m.group("surname")), len(m.group("given"))) >= 4)]  # not "12A YYZ/YUL"
    return out + _named_in(text, _MAIL_NAME.finditer(text) if ":" in text else (), "mail", 0.8)


def _signatures(text: str) -> list[Span]:
    return [_person(text, m.start("name"), m.end("name"), KIN_EXTRACTOR, 0.6, {"relation": "signature"})
            for m in _SIGNATURE.finditer(text) if "\n" in text and is_given_name(m.group("name"))
            and not _is_not_name(m.group("name"))]


def _introduced_names(text: str) -> list[Span]:
    return [_person(text, m.start("name"), m.end("name"), KIN_EXTRACTOR, 0.6, {"relation": "introduced"})
            for m in _A_NAME_WHO.finditer(text) if is_given_name(m.group("name")) and not _is_not_name(m.group("name"))]


#: A first name joined to a person's by "and" (« Tatiana ak Keyla », "Shanice and Aaliyah"): the second is someone too.
COORDINATED_EXTRACTOR = ExtractorId("person.coordinated", "1.0")
_AND_NAME = re.compile(rf"[ \u00a0]+(?:and|et|ak|pis|&)[ \u00a0]+(?P<name>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)(?![\w'’\-@])")
_NAME_AND = re.compile(rf"(?<![\w'’\-@])(?P<name>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)[ \u00a0]+(?:and|et|ak|pis|&)[ \u00a0]+$")
_CAPITAL_AFTER = re.compile(rf"[ \u00a0]+[{UPPER}]")


def _coordinated_names(text: str, found: Sequence[Span]) -> list[Span]:
    """A lone first name beside one found (each found person's neighbour across "and"), where it is no place, no
    word of a name finder's list and no surname's start: only one word, so "Tatiana and Keyla Brown" is left to the
    others."""
    out = []
    taken = [(f.start, f.end) for f in found]
    for span in found:
        if " " in span.text or "\u00a0" in span.text:
            continue  # beside a full name, a capitalised word is as often a place or a firm
        candidates = [m for m in (_AND_NAME.match(text, span.end),) if m is not None and not _CAPITAL_AFTER.match(text, m.end("name"))]
        before = _NAME_AND.search(text, max(0, span.start - 30), span.start)
        candidates += [before] if before is not None else []
        for m in candidates:
            start, end, name = m.start("name"), m.end("name"), m.group("name")
            if (_is_not_name(name) or fold(name) in _FUNCTION_WORDS or _preceded_by_locative(text, start)
                    or any(a < end and start < b for a, b in taken)):
                continue
            out.append(_person(text, start, end, COORDINATED_EXTRACTOR, 0.5, {"relation": "coordinated"}))
            taken.append((start, end))
    return out


#: A name that ends on an initial: its dot, and in capitals the surname after it ("BRYCE T. LINKLATER").
_LAST_INITIAL = re.compile(rf"(?<=[ \u00a0])[{UPPER}]\Z")
_CAPS_AFTER_INITIAL = re.compile(rf"\.[ \u00a0](?P<surname>[{UPPER}][{UPPER}'’\-]*[{UPPER}])(?![\w'’\-])")


#: An Arabic surname's particle in lower case and the name it joins ("Kamal al-Hassan", "Omar el-Amin", "Yusuf bin
#: Rashid"): the words-of-a-name finders start at capitals and stop before it.
_PARTICLE_TAIL = re.compile(rf"[ \u00a0](?:(?:al|el|ul|ibn|bin|bint|ben|abu|abou)(?:-|[ \u00a0])|(?:ad|ar|as|at|an|ash)-)"
                            rf"[{UPPER}][{UPPER}{LOWER}'’]+"
                            rf"(?:-[{UPPER}][{UPPER}{LOWER}'’]+)?(?![\w'’\-])")


def _with_particle_tail(text: str, span: Span) -> Span:
    """A name followed by a lower-case Arabic particle and a capitalised word, taken whole."""
    tail = _PARTICLE_TAIL.match(text, span.end)
    if tail is None:
        return span
    return _respan(text, span, span.start, tail.end())


#: A given name that is a month right before a name found ("gave her name as Mai Phuong TRAN"), not after a date's day
#: or a preposition ("le 3 Mai", "In June Kayla Brown left").
_MONTH_GIVEN_BEFORE = re.compile(rf"(?<![\w'’])(?P<month>{'|'.join(sorted(w.title() for w in _MONTH_GIVEN_NAMES))})[ \u00a0]\Z")
_NOT_BEFORE_MONTH = re.compile(r"(?i)(?:\d|\b(?:in|en|since|depuis|until|of|de|from|au|d['’]|by|par|le|the|this|last|next|early|late|"
                               r"mid|fin|début|debut|mi|dès|des|du))[ \u00a0,.]*\Z")


def _with_month_given(text: str, span: Span) -> Span:
    """A name taken with a given name that is a month just before it, where no date or preposition makes it the month."""
    before = _MONTH_GIVEN_BEFORE.search(text, max(0, span.start - 7), span.start)
    if before is None or not span.text[:1].isupper() or _NOT_BEFORE_MONTH.search(text, max(0, before.start() - 12), before.start()):
        return span
    return _respan(text, span, before.start(), span.end)


def _respan(text: str, span: Span, start: int, end: int) -> Span:
    """``span`` widened or narrowed to ``text[start:end]``, found by the same extractor with the same confidence."""
    return _person(text, start, end, ExtractorId(span.extractor, span.extractor_version), span.confidence, dict(span.attrs) or None)


_INITIALS_BEFORE = re.compile(rf"(?<![\w.])(?:[{UPPER}]\.){{1,2}}\Z")


def _with_first_initials(text: str, span: Span) -> Span:
    """A name that opens on an initial taken with the initials run into it ("PC T.J. MCALLISTER": "T." before "J.")."""
    if not re.match(rf"[{UPPER}]\.", span.text):
        return span
    before = _INITIALS_BEFORE.search(text, max(0, span.start - 4), span.start)
    if before is None:
        return span
    return _respan(text, span, before.start(), span.end)


def _with_last_initial(text: str, span: Span) -> Span:
    """A name cut on its last initial taken with the initial's dot ("Brandon K.", « Nimco A. »), and in capitals with
    the surname after it ("R/O BRYCE T. LINKLATER"): a dot after a lone capital is an initial's, not a sentence's."""
    if not _LAST_INITIAL.search(span.text) or text[span.end:span.end + 1] != ".":
        return span
    end = span.end + 1
    caps = _CAPS_AFTER_INITIAL.match(text, span.end)
    if caps is not None and span.text.isupper() and not _is_not_name(caps.group("surname")) and caps.group("surname") not in ACRONYMS:
        end = caps.end("surname")
    return _respan(text, span, span.start, end)


#: What may stand between a name and its alias: ``Connor Turner (street name "Storm")``,
#: ``Justin Morrison, alias « Flex »``, ``Rémi Fournier dit « Prince »``.
_APPOSITION = re.compile(
    r"[ \u00a0]*[,(]?[ \u00a0]*(?:(?:aka|a\.k\.a\.?|alias|dit|known\s+as|street\s+name|nicknamed|who\s+goes\s+by|"
    r"surnommée?|connue?\s+sous\s+le\s+nom\s+de)[ \u00a0:]*)?[\"“«‘]?[ \u00a0]*$",
    re.IGNORECASE,
)


def _aliases_of_named_people(text: str, spans: list[Span]) -> list[Span]:
    """An alias right after a person's name is that person's (``Connor Turner ("Storm")``)."""
    out = list(spans)
    for i, span in enumerate(spans):
        if span.kind is not MentionKind.ALIAS or span.subject_id is not None or i == 0:
            continue
        before = spans[i - 1]
        if before.kind is MentionKind.PERSON and before.subject_id and _APPOSITION.match(text, before.end, span.start):
            out[i] = span._replace(subject_id=before.subject_id, attrs={**span.attrs, "subject_match": "apposition"})
    return out


def link_subjects(mentions: Iterable[Span], subjects: SubjectIndex, text: str | None = None) -> list[Span]:
    """The mentions with ``subject_id`` set where a person, alias or handle is one of the record's subjects.

    With the narrative's ``text``, an alias written right after a subject's name is theirs too.
    """
    linked = _link(mentions, subjects)
    return _aliases_of_named_people(text, linked) if text is not None and subjects else linked


def _link(mentions: Iterable[Span], subjects: SubjectIndex) -> list[Span]:
    out = []
    for m in mentions:
        subject_id: str | None = None
        how = ""
        if not subjects:
            out.append(m)
            continue
        if m.kind is MentionKind.PERSON:
            subject_id, how = subjects.match(parse_name(m.text, m.attrs))
        elif m.kind is MentionKind.ALIAS and m.value:
            subject_id, how = subjects.match_alias(m.value)
        elif m.kind is MentionKind.HANDLE and m.value:
            subject_id = subjects.match_handle(m.value)
            how = "handle" if subject_id else ""
        if subject_id is None and how != "ambiguous":
            out.append(m)
            continue
        attrs = {**m.attrs, "subject_match": how}
        out.append(m._replace(subject_id=subject_id, attrs=attrs))
    return out

