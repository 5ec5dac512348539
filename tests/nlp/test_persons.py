from __future__ import annotations

import pytest

from models.records import Subject
from models.vocabulary import MentionKind
from nlp.extract import Extractor
from nlp.patterns import find_all
from nlp.persons import NameParts, SubjectIndex, find_persons, link_subjects, parse_name
from nlp.spans import Span, resolve_overlaps
from tests.nlp.conftest import subject


def persons(text: str, subjects: list[Subject] = ()) -> list[tuple[str, str | None]]:  # type: ignore[assignment]
    """Person mentions of ``text`` (patterns and names, no NER) as (text, subject_id)."""
    index = SubjectIndex(subjects)
    mentions: list[Span] = link_subjects(resolve_overlaps([*find_all(text), *find_persons(text, subjects=index)]), index)
    return [(m.text, m.subject_id) for m in mentions if m.kind is MentionKind.PERSON]


DANIELLE = subject("S1", "Danielle", "Bennett", sex="F")
KATHERINE = subject("S2", "Katherine Anne", "Moreau", sex="F")
TREVOR = subject("S3", "Trevor", "Moreau", sex="M")
OLIVIER = subject("S4", "Olivier", "Gauthier", sex="M")
JEAN = subject("S5", "Jean-François", "Pelletier-Shawanda", sex="M")

CASES = [
    # A first name alone is the record's subject of that name.
    ("Danielle was last seen leaving school.", [DANIELLE], [("Danielle", "S1")]),
    # Full name, then surname with a title; the title's sex decides between two Moreaus.
    ("Katherine Moreau told Mr. Moreau she was leaving.", [KATHERINE, TREVOR],
     [("Katherine Moreau", "S2"), ("Mr. Moreau", "S3")]),
    ("Selon Mme Moreau, le frère est parti.", [KATHERINE, TREVOR], [("Mme Moreau", "S2")]),
    # Short forms and one-letter typos of the subject's names.
    ("Kathy phoned her aunt.", [KATHERINE], [("Kathy", "S2")]),
    ("Oilvier Gauthier was driving.", [OLIVIER], [("Oilvier Gauthier", "S4")]),
    ("Olivier GauthEir was driving.", [OLIVIER], [("Olivier GauthEir", "S4")]),
    # Hyphenated given names and double surnames.
    ("Jean-François Pelletier owns the car.", [JEAN], [("Jean-François Pelletier", "S5")]),
    # Somebody else with a subject's given name is not the subject.
    ("Danielle Tremblay picked her up.", [DANIELLE], [("Danielle Tremblay", None)]),
    # Names the record does not know: found, with no subject.
    ("She left with Curtis Whitlock in a red pickup.", [], [("Curtis Whitlock", None)]),
    ("Elle fréquentait récemment Sylvie LAFRAMBOISE.", [], [("Sylvie LAFRAMBOISE", None)]),
    ("Témoin : CLOUTIER Josée, voisine.", [], [("CLOUTIER Josée", None)]),
    ("The car belongs to Marie de la Fontaine.", [], [("Marie de la Fontaine", None)]),
    ("M. Lafleur a été interrogé.", [], [("M. Lafleur", None)]),
    # (Ashley alone is found after « la mère d' », a relation: see test_a_first_name_after_a_relation_is_a_person.)
    ("Elle vivait chez Kevin D'Amours et la mère d'Ashley.", [], [("Kevin D'Amours", None), ("Ashley", None)]),
    ("The mother of Ashley O'Brien called.", [], [("Ashley O'Brien", None)]),
    # Teletype order, police titles in capitals, abbreviations that are no names, a name opening a quotation.
    ("MISSING PERSON DESJARLAIS, TAYLOR F 16", [], [("DESJARLAIS, TAYLOR", None)]),
    ("CONTACT DET CST PELLETIER AT 0900", [], [("CST PELLETIER", None)]),
    ("CALLER MRS AGNES SUTHERLAND STATES", [], [("MRS AGNES SUTHERLAND", None)]),
    ("SPOKE TO MR ROY AT 0900", [], [("MR ROY", None)]),
    ("Ofc Nguyen spoke to the manager.", [], [("Ofc Nguyen", None)]),
    ("Subj Kayla Beardsley located.", [], [("Kayla Beardsley", None)]),
    ("the room was booked by a 'Ryan Mercer' with", [], [("Ryan Mercer", None)]),
    ("SEEN IN KENORA, ONTARIO WITH A MALE", [], []),
    # Not persons: a town after "in", a middle initial, platforms and vehicles.
    ("She moved to a shelter in Victoria last year.", [subject("S1", "Victoria", "Hill")], []),
    ("Kayla M. Brown was the driver.", [], [("Kayla M. Brown", None)]),
    ("She met him on Snapchat in a Toyota Corolla.", [], []),
    # A teletype's middle names are the person's; its field words (DOB) are not.
    ("SUBJECT: MCKAY, JOLENE ROSE DOB 2008-07-02. LAST SEEN", [], [("MCKAY, JOLENE ROSE", None)]),
    ("IN COMPANY OF: ABDI, HASSAN DOB 1996-01-15, OPERATES", [], [("ABDI, HASSAN", None)]),
    ("NOM : LAFRAMBOISE, MÉLODIE. 16 ANS.", [], [("LAFRAMBOISE, MÉLODIE", None)]),
    ("SUBJECT: MCKAY, JOLENE HWY 17 DOB 2008", [], [("MCKAY, JOLENE", None)]),
    # A word in capitals and a comma before a given name and its surname is no surname.
    ("AG. TREMBLAY: ADOS IDENTIFIÉES, AMÉLIE-ROSE PAQUETTE 14 ANS", [], [("AMÉLIE-ROSE PAQUETTE", None)]),
    # A title, an initial and a surname: the initial and the surname.
    ("CONTACT DET SGT R. BOUCHARD 705-555-0110", [], [("DET SGT R. BOUCHARD", None)]),  # the whole rank
    ("On 2026-09-12, Sgt. K. O'Brien responded to the call.", [], [("Sgt. K. O'Brien", None)]),
    ("Will forward to HT Unit.\n- Cst. M. Boateng #2207", [], [("Cst. M. Boateng", None)]),
    # A rank or agency in capitals before a given name and a surname is no surname.
    ("Passenger's IG noted. BSO Jacqueline Ng referred to RCMP.", [], [("BSO Jacqueline Ng", None)]),
    ("Témoin : CLOUTIER Josée Marie, voisine.", [], [("CLOUTIER Josée", None)]),
    # A quoted nickname inside a name whose surname has particles; the pronoun "I" ends a name.
    ("Associates: Curtis 'Curly' Van Der Meer, and others", [], [("Curtis", None)]),
    ("the guy is Brandon Tessier I think, he picked her up", [], [("Brandon Tessier", None)]),
    ("Kayla I. Brown was the driver.", [], [("Kayla I. Brown", None)]),
    # Given names the lexicon lacked: First Nations, Inuit, South Asian, Black Canadian, francophone.
    ("a report from Gladys Kakegamic that her granddaughter left", [], [("Gladys Kakegamic", None)]),
    ("interviewed Tehonikonrathe Cook re: his cousin Kahentiiosta Lazore, 19", [],
     [("Tehonikonrathe Cook", None), ("Kahentiiosta Lazore", None)]),
    ("My name is Gurdeep Dhaliwal. On the night", [], [("Gurdeep Dhaliwal", None)]),
    ("a youth later ID'd as Shaylee Marie Cardinal (15)", [], [("Shaylee Marie Cardinal", None)]),
    ("Lucassie Arragutainaq and Kwame Mensah were seen", [], [("Lucassie Arragutainaq", None), ("Kwame Mensah", None)]),
]


@pytest.mark.parametrize(("text", "subjects", "expected"), CASES)
def test_persons_and_their_subjects(text: str, subjects: list[Subject], expected: list[tuple[str, str | None]]) -> None:
    assert persons(text, subjects) == expected


def test_a_nickname_inside_a_name_with_particles_gives_the_whole_surname() -> None:
    found = [m for m in find_persons("Associates: Curtis 'Curly' Van Der Meer, and others") if m.attrs.get("nickname")]
    assert [(m.value, m.attrs["surname"]) for m in found] == [("curtis van der meer", "Van Der Meer")]


def test_two_subjects_with_one_given_name_are_not_guessed() -> None:
    twins = [subject("S1", "Taylor", "Ng", sex="F"), subject("S2", "Taylor", "Ross", sex="F")]
    index = SubjectIndex(twins)
    found = link_subjects(resolve_overlaps(find_persons("Taylor ran away.", subjects=index)), index)
    assert [(m.text, m.subject_id, m.attrs.get("subject_match")) for m in found] == [("Taylor", None, "ambiguous")]


@pytest.mark.parametrize(("text", "attrs", "parts"), [
    ("Justin Morrison", {}, NameParts(None, ("Justin",), "Morrison")),
    ("Kendra Nicole Graham", {}, NameParts(None, ("Kendra", "Nicole"), "Graham")),
    ("Mr. Anderson", {"title": "Mr."}, NameParts("Mr.", (), "Anderson")),
    ("Mme Johnston", {"title": "Mme"}, NameParts("Mme", (), "Johnston")),
    ("SIMARD Sylvie", {"order": "surname-first"}, NameParts(None, ("Sylvie",), "SIMARD")),
    ("Marie de la Fontaine", {}, NameParts(None, ("Marie",), "de la Fontaine")),
    ("Danielle", {}, NameParts(None, ("Danielle",), None)),
])
def test_parse_name(text: str, attrs: dict[str, str], parts: NameParts) -> None:
    assert parse_name(text, attrs) == parts


def test_titles_carry_sex() -> None:
    assert parse_name("Ms. Hill", {"title": "Ms."}).sex == "F"
    assert parse_name("M. Hill", {"title": "M."}).sex == "M"
    assert parse_name("Dr. Hill", {"title": "Dr."}).sex is None


def test_aliases_and_handles_meet_their_subject() -> None:
    owner = subject("S1", "Marcus", "Leblanc", aliases=("Smoke",), handles=(("instagram", "@smoke_44"),))
    other = subject("S2", "Tina", "Leblanc", handles=(("snapchat", "tina.l"),))
    index = SubjectIndex([owner, other])
    text = 'Tina met "Smoke" on Instagram @Smoke_44 and added tina.l on Snapchat (tina.l).'
    found = link_subjects(resolve_overlaps(find_all(text)), index)
    got = {(m.kind.value, m.text, m.subject_id) for m in found if m.kind in (MentionKind.ALIAS, MentionKind.HANDLE)}
    assert got == {("alias", "Smoke", "S1"), ("handle", "@Smoke_44", "S1"), ("handle", "tina.l", "S2")}


def test_an_alias_meets_the_subject_whose_handle_it_is() -> None:
    index = SubjectIndex([subject("S1", "Marcus", "Leblanc", handles=(("instagram", "@kash72"),))])
    found = link_subjects(resolve_overlaps(find_all('She left with "Kash".')), index)
    assert [(m.text, m.subject_id, m.attrs.get("subject_match")) for m in found] == [("Kash", "S1", "handle-stem")]


@pytest.mark.parametrize(("text", "recorded", "written"), [
    ("Christina Moss was driving.", ("Chrissy", "Moss"), "Christina Moss"),  # the record has the short form
    ("Val Moss was driving.", ("Valérie", "Moss"), "Val Moss"),  # the narrative has it
    ("Maddy Moss was driving.", ("Madeline", "Moss"), "Maddy Moss"),
    ("Marie-Claude Moss was driving.", ("Marie", "Moss"), "Marie-Claude Moss"),
    ("Owen Moss was driving.", ("Own", "Moss"), "Owen Moss"),  # a typo in the record, the surname agrees
    ("Shawn Mosss was driving.", ("Shawn", "Moss"), "Shawn Mosss"),
])
def test_full_names_meet_the_record_s_spelling(text: str, recorded: tuple[str, str], written: str) -> None:
    assert persons(text, [subject("S1", *recorded)]) == [(written, "S1")]


def test_an_alias_after_a_subject_s_name_is_theirs() -> None:
    index = SubjectIndex([subject("S1", "Connor", "Turner")])
    for text in ('Sources name Connor Turner (street name "Storm") as the man.', "Connor Turner, alias « Storm », drove."):
        found = link_subjects(resolve_overlaps([*find_all(text), *find_persons(text, subjects=index)]), index, text)
        assert [(m.text, m.subject_id) for m in found if m.kind is MentionKind.ALIAS] == [("Storm", "S1")]


def test_hostile_subject_names_are_only_words() -> None:
    hostile = Subject.model_validate({"subject_id": "S1", "role": "COMPLAINANT", "name_raw": 'Robert"); MATCH (n) //'})
    assert persons("Robert called twice.", [hostile]) == [("Robert", "S1")]


@pytest.mark.parametrize(("text", "ent", "expected"), [
    # Spans a statistical model tags as persons that name a community, a town, a case file or a crossing.
    ("She was flown out from Sandy Lake First Nation on Monday.", "Sandy Lake First Nation", []),
    ("They drove to Niagara Falls that night.", "Niagara Falls", []),
    ("Case Synopsis: the youth was recruited online.", "Case Synopsis", []),
    ("Dans le cadre du Projet Lanterne, les agents ont rencontré la jeune.", "Projet Lanterne", []),
    ("refused entry at Lacolle POE by CBSA", "Lacolle POE", []),
    ("le numéro de Chantal était inscrit", "numéro de Chantal", ["Chantal"]),
    ("Big Mike drove the car.", "Big Mike", ["Mike"]),
    # And a person's name is still one, a town's name after a known given name too when nothing makes it the town.
    ("She left with Curtis Whitlock in a red pickup.", "Curtis Whitlock", ["Curtis Whitlock"]),
    ("Shanice Ottawa, 15 ans, a quitté Manawan", "Shanice Ottawa", ["Shanice Ottawa"]),
    ("Jessica Ottawa police said the bus left", "Jessica Ottawa", ["Jessica"]),
    ("Kayla Ottawa-bound on the 401", "Kayla Ottawa", ["Kayla"]),
    ("Zbynek Ottawa was there", "Zbynek Ottawa", []),
])
def test_words_of_places_and_files_end_a_tagged_name(text: str, ent: str, expected: list[str]) -> None:
    start = text.index(ent)
    found = find_persons(text, ents=[(start, start + len(ent))])
    assert sorted({s.text for s in found if s.extractor.startswith("person.ner")}) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A known first name right after a relation is a person's, alone.
    ("Caller states her granddaughter Kiera (16) posted a video.", ["Kiera"]),
    ("Online tip: 'my niece Kaitlyn is 15 and shes been posting'", ["Kaitlyn"]),
    ("Complainant reports her daughter, Mariah, 17, is with a man.", ["Mariah"]),
    ("« Je cherche ma petite-fille Léa depuis hier »", ["Léa"]),
    ("Mgr: ask for Kev at the desk", ["Kev"]),
    # After a relation of family, a capitalised name the lexicon does not know; after "client" only a known one.
    ("Complainant reported her niece Qaumajuq missing.", ["Qaumajuq"]),
    ("« sa fille Wapikonisk est partie »", ["Wapikonisk"]),
    ("vue au motel avec sa copine Aïssatou.", ["Aïssatou"]),
    ("a client Services rep called", []),
    ("her sister Mississauga-based", []),
    # In a message typed in lower case, after a relation, a name that is no everyday word.
    ("« yo c ki lui » « c le chum a jess, il s'appelle comment »", ["jess"]),
    ("met w/ client at the drop-in. she says her bf kyle gets her to see guys", ["kyle"]),
    # Without a relation a known given name in capitals is still a person's (the lone-name finder's); negatives: a full
    # name taken whole, an everyday word, capitals around the lower case.
    ("We saw Kiera at the mall.", ["Kiera"]),
    ("Her daughter Cheyenne Sutherland (16) was last heard from in Timmins.", ["Cheyenne Sutherland"]),
    ("she says her son will be home tonight", []),
    ("She says her son kyle Left With Him", ["kyle"]),  # a known given name after a relative's word, capitals or not
    ("She says her son hunter Left With Him", []),  # but no everyday word
    ("Her daughter was seen at the Super 8.", []),
    # A full name in lower case: after a relation or a role, or with an age right after it.
    ("follow up w/ case worker jen morrow.", ["jen morrow"]),
    ("met w/ client (amber wolfe, 20) at the drop-in", ["amber wolfe"]),
    ("la cliente marie-eve gagnon (17 ans) dit", ["marie-eve gagnon"]),
    ("my boy kev brown lol", ["kev brown"]),
    # A chat transcript's speakers heading the lines are no capitals around the message.
    ("Unc: u good?\nVictim: not rlly\nUnc: ask for kev at the desk\nVictim: ok", ["kev"]),
    # Negatives: a time word or a verb after the name, no age after it, capitals around.
    ("met her cousin jess tonight", ["jess"]),
    ("her bf kyle texted me", ["kyle"]),
    ("i seen jess today, 17 guys were there", []),
    ("re: jen morrow, 555", []),
    ("kyle cashflow, 20 bucks", []),
    ("Met Her Client amber wolfe, 20", []),
])
def test_a_first_name_after_a_relation_is_a_person(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Capitalised words right before an age or a date of birth are a person's name, known given name or not.
    ("Officers located Tesfaye Gebremedhin (17) at the bus depot.", ["Tesfaye Gebremedhin"]),
    ("Mei Ling Chen, DOB 2009-03-02, was located.", ["Mei Ling Chen"]),
    ("« Aïssatou Ndiaye, 16 ans, a été retrouvée »", ["Aïssatou Ndiaye"]),
    ("Workers Li Na Chen (22) and Mei-Ling Zhou (17) were located", ["Li Na Chen", "Mei-Ling Zhou"]),
    # Negatives: a place and a distance, a count, a year, words in capitals, a community.
    ("They drove to Thunder Bay, 16 km out.", []),
    ("Members Present (3), all sworn", []),
    ("Staff Sergeant Review (2024)", []),
    ("Sandy Lake First Nation, 17, was flown out", []),
    ("HOLIDAY INN EXPRESS, 12, HWY 7", []),
])
def test_a_name_before_an_age_is_a_person(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A role or an identification before a full name, whatever the lexicon holds; a rank before it left out.
    ("'Big D' believed to be Dontae Ramsaran. Examiner: Cst. Wei-Lin Tsang.", ["Dontae Ramsaran", "Cst. Wei-Lin Tsang"]),
    ("** DRIVER: ABDIRAHMAN FARAH-HASSAN ** PASSENGERS: 2 F YOUTHS", ["ABDIRAHMAN FARAH-HASSAN"]),
    ("MISSING YOUTH: DESTINY CHARLES-PIERRE, 16, BLK F", ["DESTINY CHARLES-PIERRE"]),
    ("BELIEVED WITH ADULT M: KWABENA OWUSU-DARKO AKA 'KAY DOT', 24.", ["KWABENA OWUSU-DARKO"]),
    ("Caller callback: 613 555 0131. Taken by: CCO Paulette Ransom.", ["Paulette Ransom"]),
    # Central European letters belong to the name ("Wiśniewski", not "Wi").
    ("Routed to D/Cst. Tomasz Wiśniewski for follow-up.", ["D/Cst. Tomasz Wiśniewski"]),
    ("Witness Łukasz Dvořák saw the van.", ["Łukasz Dvořák"]),
    # A name after "her name is", « il s'appelle », "my boy".
    ("her name is jasmine i think, she", ["jasmine"]),
    ("il s'appelle Dany je pense", ["Dany"]),
    ("my boy Vasyl coming thru", ["Vasyl"]),
    # Negatives: a role word with no name after it, a payment app.
    ("DRIVER: UNKNOWN ** PASSENGER: NONE", []),
    ("multiple Cash App transfers", []),
])
def test_names_after_a_role_and_in_more_alphabets(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


def person_values(text: str) -> list[str]:
    """The folded names (given names first) the patterns and names find in ``text``, no NER."""
    mentions = resolve_overlaps([*find_all(text), *find_persons(text)])
    return [m.value or "" for m in mentions if m.kind is MentionKind.PERSON]


@pytest.mark.parametrize(("text", "expected"), [
    # A rank or an office written out, its name whatever the lexicon knows; an initial and a surname with a badge.
    ("the writer, Detective Constable Svetlana Horoshko of the unit, attended", ["svetlana horoshko"]),
    ("J'ai parlé à l'agente Nadège Létourneau-Bisson ce matin.", ["nadege letourneau-bisson"]),
    ("Prise par : sergent-détective Wesner Jean-Baptiste (Section)", ["wesner jean-baptiste"]),
    ("La Peacekeeper Kawennahere Thompson-Lazare a reçu la visite", ["kawennahere thompson-lazare"]),
    ("before the Honourable Justice A. Ramdhanie in courtroom 4", ["a. ramdhanie"]),
    ("Justice of the Peace R. Jaswal found the plan inadequate", ["r. jaswal"]),
    ("taken 2024-01-09 by DC Nikos Stavropoulos, Ottawa Police", ["nikos stavropoulos"]),
    ("Secondary examination by BSO R. Kaminski-Lowe #30912 at the booth.", ["r. kaminski-lowe"]),
    ("Officer: T. Okonkwo-Baird #311   Date: 2024-03-02", ["t. okonkwo-baird"]),
    ("CONTACT: DET CST PRZYBYLSKI, M. — NORTH BAY CRIME UNIT", ["m. przybylski"]),
    ("info handed over to TPS 22 Div (PC Kaur #9987) at 1946 hrs", ["kaur"]),
    ("les agents Bouchard (matr. 7741) et Nguyen-Lefebvre (matr. 6620) ont intercepté", ["bouchard", "nguyen-lefebvre"]),
    ("Police avisée ; agent Ruiz, matricule 2245, sur place", ["ruiz"]),
    ("- call det. Wojciechowski re: statement time", ["wojciechowski"]),
    # An initial and a surname alone: a signature, a name in parentheses, a register's.
    ("Referred by ED RN (J. Paquette) after pt disclosed", ["j. paquette"]),
    ("Rm 118 guest (reg. under D. Mensah-Boateng, walk-in)", ["d. mensah-boateng"]),
    ("case note - worker: j. vandermolen (durham cas) visit re youth", ["j. vandermolen"]),
    # Negatives: an office after a rank word, a plan's letter, a direction, a room.
    ("Officer Safety Training resumed.", []),
    ("Plan A. Smith said no.", []),
    ("located at the Pine Portage Lodge on Hwy 17 W. With her was", []),
    ("Room 214 (matr. 12)", []),
    # A surname alone after a rank where the name ends; « Supt. »; four words of a Vietnamese name after a rank.
    ("the officer's card, Detective Constable Lachapelle, (905) 555-0178", ["lachapelle"]),
    ("08/19 1105 CCPS D/C Lalonde        yard", ["lalonde"]),
    ("(à l'attention de l'enquêteur Boisvert, SPVM, PDQ 39)", ["boisvert"]),
    ("Supervisor: Supt. D. Vukovic\n", ["d. vukovic"]),
    ("en présence de agte Thi Hong Nhung Lê (mat. 13302)", ["thi hong nhung le"]),
    ("l'agente Kim-Ly Trương a rappelé", ["kim-ly truong"]),
    # Negatives: a given name alone after a rank, a rank and an office.
    ("Constable Kayla, she said", []),
    ("Detective Constable Training resumed.", []),
])
def test_ranks_initials_and_badges(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # SURNAME, Given after a form's field or before particulars, whatever the lexicon knows; compound surnames.
    ("SUBJ: CROWCHILD-BIGEAGLE, TAMSIN RAE   SEX F   DOB 2009-02-11", ["tamsin rae crowchild-bigeagle"]),
    ("Passenger: OCHOA VILLANUEVA, Maria Guadalupe, DOB 1994-01-04, resides Laredo TX.", ["maria guadalupe ochoa villanueva"]),
    ("Nom du témoin : MBAYE, Ndeye Fatou", ["ndeye fatou mbaye"]),
    ("R. v. OSEI-TUTU, Yaw and DRAGOMIR, Sorin — Crown brief", ["yaw osei-tutu", "sorin dragomir"]),
    ("SUBJECT: SINGH DHALIWAL, HARPREET KAUR\nDOB: 2006-03-11", ["harpreet kaur singh dhaliwal"]),
    ("REG OWNER: SANDHU, JASKARAN   ADDR: BRAMPTON ON", ["jaskaran sandhu"]),
    # Negatives: words after a speaker's colon, a compound surname's first word that is no name.
    ("AG. MARC-ANDRÉ TREMBLAY: ADOS IDENTIFIÉES, AMÉLIE-ROSE PAQUETTE 14 ANS", ["marc-andre tremblay", "amelie-rose paquette"]),
    ("MISSING PERSON DESJARLAIS, TAYLOR F 16", ["taylor desjarlais"]),
    # A form's surname and given-name fields, in either order, on one line or several.
    ("INDIVIDU INTERPELLÉ SUR LES LIEUX:\nNOM: AL-HADDAD\nPRÉNOM: SAMIR GEORGES\nDDN: 1996-05-19", ["samir georges al-haddad"]),
    ("Surname: OKAFOR   Given names: Chidi Emeka   DOB: 2001-02-03", ["chidi emeka okafor"]),
    ("Prénom : Léa  Nom : Tremblay-Gagnon", ["lea tremblay-gagnon"]),
    ("NOM: DUPUIS\n\nVÉHICULE: TOYOTA", []),
    ("Sujet 1 (S1) : DIMITRAKOS, Konstantinos — Range Rover noir", ["konstantinos dimitrakos"]),
    ("MISSING: MEKANAK, SERENITY DAWN   AGE 14", ["serenity dawn mekanak"]),
    ("3) ZHOU, Haoran — DOB 2001-06-14 (driver)", ["haoran zhou"]),
    # Negatives: a colon that is no person's field, a phrase opening with a French noun, a verb after a given name.
    ("POIDS: 48 KG / CHEVEUX: NOIRS, LONGS, MÈCHES ROUGES", []),
    ("Déclaration de Gaétan Roy, 61 ans, recueillie au poste", ["gaetan roy"]),
    ("3RD FLOOR. GUY RUNNING IT GOES BY KASH.", []),
    ("Prepared by: Assistant Crown Attorney Siobhan MacAulay", ["siobhan macaulay"]),
    # Account holders, a table's cells, ranks with a name surname first, « Me », a rank's bare badge number at a line's end.
    ("Subject account: NGUYEN, Van Thanh (aka \"Tommy\"), chequing", ["van thanh nguyen"]),
    ("2024-02-11 |  9  | DA SILVA, Rui         | +1 (514) 555-0144  |", ["rui da silva"]),
    ("Agents : agt TRAN, Minh-Khoa (#318) ; agte BOUCHARD-NOËL, Julie (#402)", ["minh-khoa tran", "julie bouchard-noel"]),
    ("ANY INFO: CST. NAAWAKWEGABO-HILL, F. — 807-555-0100", ["f. naawakwegabo-hill"]),
    ("À l'attention de Me Isabelle Fortin-Desjardins, procureure", ["isabelle fortin-desjardins"]),
    ("Équipe : agte Linh Phan (rédactrice), agt Ricardo De Luca", ["linh phan", "ricardo de luca"]),
    ("no exploitation indicators; MP cancelled. — PC Hsu 10233", ["hsu"]),
    ("AGENT ÉMETTEUR : BOIVIN, KARINE   MATR. 1177", ["karine boivin"]),
    ("Recueillie par : agente Sophie Kanyinda     Date : 2024-02-22", ["sophie kanyinda"]),
    ("Call Me Maybe was playing", []),
    # SURNAME, Given closing a remark in parentheses, after a role's word, with Mac/Mc in capitals after it.
    ("Hotlist: (susp. WOODS, Dametrius) / ON", ["dametrius woods"]),
    ("item 7 of 12 (phone of DASILVA, Rico)", ["rico dasilva"]),
    ("compte folio ...6621, titulaire TOURÉ, Abdoulaye (courriel", ["abdoulaye toure"]),
    ("| 3 | MacISAAC, Shannon Dawn      | 1998-12-04", ["shannon dawn macisaac"]),
    # Negatives: a place in parentheses, a list of words in capitals.
    ("(TORONTO, Ontario)", []),
    ("CHEVEUX: NOIRS, LONGS", []),
])
def test_surname_first_in_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A poster's name line under its heading or over its particulars.
    ("MISSING\n\nKESHIA DAWN MEQUANAWAP\nAge: 14   Height: 5'1\"", ["keshia dawn mequanawap"]),
    ("DISPARUE\n\nANNE-SOPHIE LAVOIE-BERGERON\n15 ans — 1,60 m", ["anne-sophie lavoie-bergeron"]),
    ("NAPS: Y/P BRITTANY SAKANEE (15) located safe", ["brittany sakanee"]),
    ("MAJ CPIC.\nKEIRA WHITEDUCK — DDN 2008-11-02 — 5'4", ["keira whiteduck"]),
    # Negatives: a poster's own words.
    ("MISSING\n\nFOUND SAFE\nAge: 14", []),
    ("FOUND SAFE (16)", []),
])
def test_posters_and_bulletins(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Relations, greetings and friends; in parentheses; unknown given names with their surname after a family word.
    ("Mom (Gurpreet) contacted by phone, she was upset", ["gurpreet"]),
    ("Note: youth is Hana Desta (15). Mother Tsehay Desta consented to the search.", ["hana desta", "tsehay desta"]),
    ("Elle est revenue avec son oncle Min-ho Seo vers 23 h.", ["min-ho seo"]),
    ("Elle a été amenée au motel par un individu prénommé Jocelyn, qui lui aurait trouvé des clients", ["jocelyn"]),
    ("Sa meilleure amie, Maëlle, dit qu'elle texte souvent un gars.", ["maelle"]),
    ("C'est son ami Thiago qui nous conduisait", ["thiago"]),
    ("R : Un garçon, Anthony. Je ne le connais pas.", ["anthony"]),
    ("Bonjour Geneviève,\n\nComme convenu ce matin, voici les infos.", ["genevieve"]),
    ("la chambre avait été louée au nom de « Kevin Gauthier », payée comptant", ["kevin gauthier"]),
    ('Desk: room 9 rented by "Brayden McCormick", NY DL, Jeep', ["brayden mccormick"]),
    # In lower case: a relation, a rank, "this is", « c'est », in parentheses, the surname hyphenated after an apostrophe.
    ("si tu peux appelle ma tante francine au 418 555 0132 stp", ["francine"]),
    ("allo cest moi marie-pier jsuis pas correcte", ["marie-pier"]),
    ("home visit re: youth. mom (doreen kakekaspan) says she has been gone", ["doreen kakekaspan"]),
    ("will consult w/ supervisor (karen o'neill-sandhu) and refer.", ["karen o'neill-sandhu"]),
    ("hi cst jenna morrison-yellowhorse, this is vikram sethi from the front desk", ["jenna morrison-yellowhorse", "vikram sethi"]),
    ("appel de la mère (mme nadia ferreira-costa) — sa fille", ["nadia ferreira-costa"]),
    # Negatives: a greeting alone, « c'est » before a capitalised word, a hyphenated adjective after a relation.
    ("Bonjour, je vous écris pour le dossier.", []),
    ("C'est France qui décide.", []),
    ("her sister Mississauga-based", []),
    # A relation in parentheses after a name, a full name alone in parentheses in lower case, a lower-case rank's initial.
    ("22:41  DISP   Caller DARLENE KAKEPETUM (grandmother) rpts youth", ["darlene kakepetum"]),
    ("jess (jessica okonkwo) says he did the same thing", ["jessica okonkwo"]),
    ("no concerns noted, MP cancelled. cst k. meekis", ["k. meekis"]),
    ("KEEPING A GIRL NAMED AALIYAH, APPROX 16, AT THE MOTEL", ["aaliyah"]),
    # Vietnamese letters with two marks belong to the name.
    ("l'intervenante du CAVAC, Mme Sandra Nguyễn, au bureau", ["sandra nguyen"]),
    # A role never part of the name after it; a name's last initial keeps its dot, and in capitals the surname after.
    ("23:29 Valet Tomasz Wisniewski reports Subj. A vehicle", ["tomasz wisniewski"]),
    ("Grandmother Verna Kakegamic in Sandy Lake has not heard", ["verna kakegamic"]),
    ("Staff on: Brandon K., Rowena T. (float).", ["brandon k.", "rowena t."]),
    # First names after a naming cue, a role with the name in parentheses, a relation in Tagalog, « un gars, ».
    ("from Lake Helen. said a guy named cody dropped them", ["cody"]),
    ("le gars sappelle dave il arrive", ["dave"]),
    ("0903 Rm 117 - no ans. Mgr (Shirin) provided key.", ["shirin"]),
    ("i used her phone to call my tita Marites at home", ["marites"]),
    ("un groupe de filles + un gars, Khalid. Pas voulu", ["khalid"]),
    # Negatives: an everyday word after "named", a role before a lower-case word.
    ("a file named summer was found", []),
    ("Mgr (on duty) provided key.", []),
    # A role's noun before a full name without a colon; an Arabic particle in lower case; an initial and a surname in
    # capitals in a table's cell or after "name"; a contact list's entries; a poster's line in capitals.
    ("office, called by worker Tekaronhiake Lazore, 613-555-0118 ext. 3", ["tekaronhiake lazore"]),
    ("OPP Cst. Kamal al-Hassan on scene.", ["kamal al-hassan"]),
    ("|   03/02 | D. PHAM                    | dpham88@ (email)", ["d. pham"]),
    ("| card* | *name on card N. ALMASRI\n02/11", ["n. almasri"]),
    ("P-4 : carnet manuscrit : « Jessy - 450 555 0153 », « Pam - $pamxo_qc »", ["jessy", "pam"]),
    ("Posted by the band council\n\nMIIGWANS \"MIMI\" SAYERS-NOLAN\nAge 14", ["miigwans sayers-nolan"]),
    # Negatives: a label before a number, a role's noun before a statement, initials in capitals in prose, capitals
    # around a quoted word in a sentence.
    ("Famille : 819 555 0171\nHome - 416-555-0102", []),
    ("WITNESS JOHN KEESHIG STATES HE SAW", ["john keeshig"]),
    ("Hwy 17 W. WITH HER", []),
    ("SIGNES PART.: TATOUAGE « KOKUM » POIGNET GAUCHE", []),
    # A lower-case full name a register took; Surname, Given in mixed case after a role's label; an initial after a
    # capitalised role's noun.
    ("Sat 10:16 PM  guest booked as aiden chua 3 nights", ["aiden chua"]),
    ("night security\nguard: Tremblay-Kakegamic, Jordan   sec lic 993", ["jordan tremblay-kakegamic"]),
    ("Run by: Analyst J. Nguyen-Tremblay\nWindow", ["j. nguyen-tremblay"]),
    # Negatives: a place's label, a lower-case everyday word after the cue.
    ("Location: Kenora, Ontario\nCity: Sudbury, Kayla\n", []),
    ("booked as usual with the clerk", []),
])
def test_relations_greetings_and_lower_case(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


def test_a_name_cut_on_its_initial_takes_the_dot_and_in_capitals_the_surname(extractor: Extractor) -> None:
    """spaCy tags "BRYCE T" in a teletype's line; the dot after a lone capital is the initial's, and the surname in
    capitals after it is the name's."""
    text = "10-28 Manitoba HGT 412 ... returns 2011 F-150 blue, R/O BRYCE T. LINKLATER, Winnipeg. No wants."
    persons = [m.value for m in extractor.extract(text, lang="en") if m.kind is MentionKind.PERSON]
    assert persons == ["bryce t. linklater"]


@pytest.mark.parametrize(("text", "expected"), [
    # Sets N and O (written unseen): a nickname in parentheses inside the name; a vehicle's occupants after a long dash,
    # three words of a surname in capitals; an e-mail's header; a table's column; a bare age as particulars.
    ("Youth: Nimkii (Kii) BEARDY, 15, Muskrat Dam", ["nimkii beardy"]),
    ("2. Rear passenger — DOS SANTOS LIMA, Caetano, PR card", ["caetano dos santos lima"]),
    ("Occupants:\n 1. Driver — ADEYEMI, Oluwaseun Tobi, CDN, 29\n", ["oluwaseun tobi adeyemi"]),
    ("SUSPECT\nVAN DER HOEK, Bastiaan, alias « Bas » – H – 31 ans", ["bastiaan van der hoek"]),
    ("Cc: O'Sullivan, Bridget <b.osullivan@example.ca>", ["bridget o'sullivan"]),
    ("14C   KIDANE, Selamawit         ADULT   (613)555-0144", ["selamawit kidane"]),
    # a case's style in a citation; a first name joined to one found; an English "as" is no Arabic particle
    ("The Crown relies on R. v. Marchetti-Boyle, 2022 ONCA 310, for the range.", ["marchetti-boyle"]),
    ("later identified by D/C Lindqvist as Amira Haddad-Ruiz.", ["lindqvist", "amira haddad-ruiz"]),
    ("the Driver — is what the form says", []),
    # Negatives: a prepositon in French before a surname in capitals, a place before "address", an organisation's
    # acronym in parentheses, a form's heading after a long dash.
    ("EN COMPAGNIE DE TREMBLAY, JONATHAN, 27 ANS", ["jonathan tremblay"]),
    ("AZXK 449 registered to a Val Caron address.", []),
    ("1) Mohawk Council of Akwesasne (MCA) Dept. of Family Services", []),
    ("MISSING PERSON — HIGH RISK — T3-24-00871", []),
])
def test_unseen_sets_n_and_o_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A relation's words before a first name the lexicon may lack: "real name", « prénom », "this other girl", a quoted
    # relation, an elder's, a grandmother's, « demandes pour ».
    ("21:23 TARGET: call me Smokey. real name Ravindu but dont tell nobody", ["ravindu"]),
    ("a ensuite donné son prénom (Gaétan) au répartiteur", ["gaetan"]),
    ("21:07 TARGET: my girl nina show u how it go", ["nina"]),
    ("there was this other girl kiara in the back", ["kiara"]),
    ("avec son « chum » Kevin (ne connaît pas son nom de famille)", ["kevin"]),
    ("Rencontrer le frère aîné, Arash, re : dernier contact.", ["arash"]),
    ("Mamie Lucette     | 819 555 01 09", ["lucette"]),
    ("Léa-Rose          | +1 819 555 0147", ["lea-rose"]),
    # Negatives: a relation's word before an everyday word; a table's label.
    ("there was this other girl there", []),
    ("Réception         | 819-555-0100", []),
])
def test_first_names_after_relations_in_more_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Sets P and Q (written unseen): a table's column of names, form labels for inmates and youths, a date of birth in
    # the next column, a lower-case particle opening an entry, a name restated with its surname, an initial with a
    # particle, a label's lone given name, an article and "who", a lone name with an age in years, "pis", "with".
    ("DATE   | NAME                | PLATE\nMar 28 | D. Wapioke          | BTRK 605\nMar 29 | Cody Lachance-White | ON\n",
     ["d. wapioke", "cody lachance-white"]),
    ("Inmate: JOSEPHS, Kareem Alistair        OTIS: 1004-7781", ["kareem alistair josephs"]),
    ("Nom du jeune : KOVALENKO, Solomiya        Âge : 15 ans", ["solomiya kovalenko"]),
    (" O'DONNELL-SKY, Tiernan              2000-10-03   $TiernanSky", ["tiernan o'donnell-sky"]),
    ("3. de la DURANTAYE, Antoine — né en 1987 — loue", ["antoine de la durantaye"]),
    ("CALLER: Tharshika. Tharshika Sivanesan.", ["tharshika", "tharshika sivanesan"]),
    ("--- OPP analyst note (A. Van Rooyen, 2024-06-20) ---", ["a. van rooyen"]),
    ("RN: Bisrat Tesfaye-Mulholland    Driver: Jules\n", ["bisrat tesfaye-mulholland", "jules"]),
    ("talking to a Tristan who goes by lilbandz on Snap", ["tristan"]),
    ("19h10 — Croisé Jessy (16 ans, fugueuse)", ["jessy"]),
    ("elle était avec Kevin pis Steven au Days Inn", ["kevin", "steven"]),
    ("Her roommate Nevaeh Sutherland told me today", ["nevaeh sutherland"]),
    # Negatives: a preferred name is an alias; a town with a count; "a" before a word that is no name.
    ("Preferred name: Mari\nLanguage: English", []),
    ("partie vers Sudbury (16 km) hier", []),
    ("le véhicule de TREMBLAY, Jonathan hier", ["jonathan tremblay"]),
])
def test_unseen_sets_p_and_q_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Sets R and S (written unseen): an entity list's entries, a docket's counsel, ranks in lower case and in capitals
    # before an initial and a particle, names bought under in quotes, an analyst's attribution, a chat export's writers,
    # a legend of initials, a full name with its nickname quoted after it, a letter's signature, a month's given name.
    ("E2  FARAH, Abshir Guled - 31, Ottawa", ["abshir guled farah"]),
    ("4.3  V1  KOOTOO, Sienna-Rae - Inuk, 17, from Iqaluit", ["sienna-rae kootoo"]),
    ("| KHALIL, Omar     | leurre   | Me Dinh        | Remis", ["omar khalil", "dinh"]),
    ("BSO R. VAN DER LINDE HELD VEH. AT 0355", ["r. van der linde"]),
    ("08h45 breffage ac lt Rousseau-Nadeau -> disparition", ["rousseau-nadeau"]),
    ('Tickets bought online under "Jasmine Tookate" and "Marcus Delorme-Fitch", booking phone',
     ["jasmine tookate", "marcus delorme-fitch"]),
    ("@kenji.wr_519 -> Kenji Watanabe-Ross (subscriber records, E-22)", ["kenji watanabe-ross"]),
    ("17/02/2024, 22:41 - Jas Dhillon: anyone heard from her??", ["jas dhillon"]),
    ("Staff: MC = Marie-Claude Ouellet / JP = Jhunnie Pascual", ["marie-claude ouellet", "jhunnie pascual"]),
    ('   - Yonas Tekle ("YT"): ex, no contact', ["yonas tekle"]),
    ("i have a plan.\n\nLove you forever\nKeisha\nxoxo", ["keisha"]),
    ("déposé thuy chez sa tante Mai Phuong, rue Saint-Denis.", ["mai phuong"]),
    # Negatives: a service after a rank's surname, a chart's arrow to a town, a lone word after an arrow, a month.
    ("Agent Vachon du SPS a pris la plainte", ["vachon"]),
    ("P2 -> Toronto (bus)", []),
    ("sa tante mai prochain", []),
])
def test_unseen_sets_r_and_s_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Sets T and U (written unseen, kept out of the floors' DATA): an airline's passenger record, an e-mail's sender, a
    # quoted known name and surname without a nickname's cue, a given name restated in parentheses with the surname.
    ("  1.TRAN/DUCMINH MR   2.MOOSE/ZIIBIINS MISS(CHD/15OCT08)", ["ducminh tran", "ziibiins moose"]),
    ("From: Yuliia Petrenko\nSent: Tue, Mar 12, 2024", ["yuliia petrenko"]),
    ('Walk-in reg. "Jordan Pelletier", 2 nts, cash $340.', ["jordan pelletier"]),
    ("I am the cousin of Ifrah (Ifrah Yusuf Abdi) her hooyo is my aunt", ["ifrah yusuf abdi"]),
    ("Re: Missing Person OUELLETTE, Kyle (17)", ["kyle ouellette"]),
    # Negatives: a nickname's cue keeps a quoted name an alias; a person's label.
    ('known as "Big Mike" on the street', []),
    ('aka "Tony Montana"', []),
])
def test_unseen_sets_t_and_u_forms(text: str, expected: list[str]) -> None:
    assert person_values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # What others call someone; an age between the article and "guy"; a French indefinite or possessive before a known
    # given name; girls named in a group; a title typed in lower case and the surname after it.
    ("an older man who the boys call Tyrese waits by the rink", ["Tyrese"]),
    ("un homme que les filles appellent Jordan les attend", ["Jordan"]),
    ("she gets picked up by an older guy, Marcus, in a van", ["Marcus"]),
    ("J'ai vu une Jessica au dépanneur hier.", ["Jessica"]),
    ("Sa Jessica a pas 16 ans comme elle dit.", ["Jessica"]),
    ("avec deux autres filles, Kim et Tiana. Elle", ["Kim", "Tiana"]),
    ("should i tell her mom? her mom is mrs. castellano, she's nice", ["castellano"]),
    # Role words before a name are no given name; a register's rows, Surname, Given in mixed case; an e-mail's header
    # with a middle initial or a rank after the names.
    ("Cc: Coach Darnell Ritchie", ["Darnell Ritchie"]),
    ("Reported by: Conductor MENDES, Paulo (emp. 33817)", ["MENDES, Paulo"]),
    ("Worker           CTRY  HRS\n Tzul Ajanel, Rosalío   GT    71\n López de León, Yohana   GT    58\n",
     ["Tzul Ajanel, Rosalío", "López de León, Yohana"]),
    ("1) Ngoy Kabeya, Patrick — permis QC", ["Ngoy Kabeya, Patrick"]),
    ("To: Whitlock, Kevin J. (HSI Buffalo)\nCc: Rezaei, Hamid D/Sgt.\n", ["Whitlock, Kevin J.", "Rezaei, Hamid"]),
    # A legend naming an account or a nickname; hyphenated initials; an initial and a surname in capitals after a label.
    ("mod note: tay.b = Taylor Beardy, 15. says", ["Taylor Beardy"]),
    ("Ti-Jo = Jonathan DA COSTA, 22 ans", ["Jonathan DA COSTA"]),
    ('receipt paid by "J.-P. Lachance".', ["J.-P. Lachance"]),
    ("la victime A.-M. L. (16 ans)", ["A.-M. L."]),
    ("Analyst: R. OKONKWO-BELL      Requested by", ["R. OKONKWO-BELL"]),
    # Negatives: a car after « une », places in a list, an equation, a known given name after a town at a line's end.
    ("J'ai acheté une Honda et un Mustang.", []),
    ("Kingston, Ontario\nParis, France\n", []),
    ("x = Total Amount", []),
])
def test_names_of_registers_legends_and_cues(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A sign-in sheet's column of first names (« prénom », or a column most of whose names are known given names).
    ("heure  | prénom        | rappel ?\n16h02  | Jérémie       |   X\n16h05  | Tenzin        |\n16h11  | Mikisiw       |   X\n",
     ["Jérémie", "Tenzin", "Mikisiw"]),
    ("time  | name        | call back?\n3:05  | Kenji       | [x]\n3:10  | Joey        | [ ]\n3:12  | Dallas      | [x]\n"
     "3:20  | Ifrah       | [ ]\n", ["Kenji", "Joey", "Dallas", "Ifrah"]),
    # Whose relative someone is; the staff in a note's heading; a name said again with its surname in lower case.
    ("um hi it's kayla, jordyn's sister, you gave me your card", ["jordyn"]),
    ("Messages - Indira Ramsaroop (Anjali's mom)", ["Indira Ramsaroop", "Anjali"]),
    ("STAFF NOTES (Ana, Bryce): she left at 5", ["Ana", "Bryce"]),
    ("or my auntie rosa, rosa delgado, she's 416-555-0198.", ["rosa", "rosa delgado"]),
    # Cues: spoke to, a front desk's clerk, met, a name given, « chez »; a month's given name after a title.
    ("I called dispatch (ext 3, spoke to Carole) and", ["Carole"]),
    ("Front desk (Tamsin) also saw it today.", ["Tamsin"]),
    ("She met a male, Marcus, about 23, on TikTok", ["Marcus"]),
    ("Older one gave name Destiny only, said going", ["Destiny"]),
    ("je dors chez Marie-Soleil ce soir", ["Marie-Soleil"]),
    ("Plainte d'une mère (Mme Mai Hoang) : sa fille", ["Mme Mai Hoang"]),
    # A surname in capitals opened by a capitalised prefix; a sex and an age in parentheses; « Réal » with its accent.
    ('POI 2   LaFORTUNE, Jean-Wilner   aka "Willy"', ["LaFORTUNE, Jean-Wilner"]),
    ("Objet : BELLEGARDE, Maëlys (F, 15 ans)", ["BELLEGARDE, Maëlys"]),
    ("pilote Réal Côté en attente", ["Réal Côté"]),
    # Negatives: a shop after « chez », a word after "real", a relation of a word.
    ("je dors chez Walmart ce soir", []),
    ("Real Estate Board", []),
    ("the hotel's sister property", []),
])
def test_names_of_sheets_relatives_and_cues(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Two initials run together after a rank; a trooper's name; whose relative a name the lexicon lacks is; a known given
    # name in lower case after a relative's word beside capitals; « mari ».
    (" 5. Cst. P.J. McAllister - first officer on scene", ["P.J. McAllister"]),
    ("called back w/ Trooper Kristin VanAlstyne's number", ["Trooper Kristin VanAlstyne"]),
    ("typed by Bernadette Sutherland (Tahlia's auntie) for OPP", ["Bernadette Sutherland", "Tahlia"]),
    ("then the Monte Carlo Inn on Dundas, rm 221. him + his cousin bogdan", ["bogdan"]),
    ("Mon mari Karim a vu la même voiture", ["Karim"]),
    # Negatives: initials before the next field's label; a country's initials; a word in parentheses after a role.
    ("Client: S.T.          Worker: F. Osman", ["F. Osman"]),
    ("the U.S. Marshals came", []),
    ("NE PAS aviser la réception (lien possible avec le suspect)", []),
])
def test_initials_ranks_and_relatives(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A name, then who it is in parentheses, in lower case too; an employee between commas; a peacekeeper's abbreviation.
    ("- jaz (other girl, from the Sault) ig @jazzy.lovee", ["jaz"]),
    ("avertir Jean-Guy (coordo) + Naulaq (intervenante inuk)", ["Jean-Guy", "Naulaq"]),
    ("Il a dit à mon employé, Thiago, qu'il reste là", ["Thiago"]),
    ("peacekeeper notes, Pk. T. Lazore (#A-22)", ["Pk. T. Lazore"]),
    # Negatives: a word before a remark in parentheses.
    ("we ate (late) and left; family member (youth) called", []),
])
def test_names_with_who_they_are(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A dispatcher named in parentheses, a supervisor after a name, a driver's label in French, plural ranks before names.
    ("Called dispatch (Leanne) 705 555 0128", ["Leanne"]),
    ("01:10 debrief w/ Lorne (supervisor). he'll call", ["Lorne"]),
    ("Chauffeur : Réjean\nDépart 20h45", ["Réjean"]),
    ("SPVM avisé. Agents Lucie Tremblay-Okafor et Karim Haddad sur place", ["Lucie Tremblay-Okafor", "Karim Haddad"]),
    # Negative: a department's name after a service's label.
    ("De : Répartition - Terminus de Rimouski\nÀ : Sûreté", []),
])
def test_dispatchers_drivers_and_officers(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Youths named by initials alone, as courts and analysts name them: with an age after, or whose they are before.
    ("believed used by the complainant N.R. (17). Her mother", ["N.R."]),
    ("The complainant is referred to as S.M.; her identity is protected", ["S.M."]),
    ("R. v. D.M.-B. / Restrictions on publication", ["D.M.-B."]),
    ("two complainants, V1 (E.W., 16) and V2 (S.T., 15), by messages", ["E.W.", "S.T."]),
    ("a fifteen-year-old, A.M., in room 214", ["A.M."]),
    ("une adolescente de 16 ans, M.-È. G., a été retrouvée", ["M.-È. G."]),
    ("à l'égard de la plaignante, M.-È.D., alors âgée de 15 ans.", ["M.-È.D."]),
    ("SA MAJESTÉ LE ROI, poursuivant, c. X.L.-P., adolescent", ["X.L.-P."]),
    # Negatives: initials with nothing to say whose they are, a country's, a court's, a time.
    ("Client: S.T.          Worker: F. Osman", ["F. Osman"]),
    ("the U.S. (17) Marshals came", []),
    ("GENEVIÈVE TREMBLAY-ABBOUD, J.C.Q. (15 ans de service)", []),
    ("at 10 a.m. (16) the bus left", []),
])
def test_youths_named_by_initials(text: str, expected: list[str]) -> None:
    assert [name for name, _ in persons(text)] == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # In English « M. » before a surname is an initial, in French Monsieur (the title kept apart from the name).
    ("en", "Guard: M. Kapoor (badge 117) / relief 2300", [("M. Kapoor", "m. kapoor")]),
    ("en", "Campus Security (M. Pelletier) checked the front lot camera", [("M. Pelletier", "m. pelletier")]),
    ("fr", "J'ai appelé M. Pelletier, le propriétaire.", [("M. Pelletier", "pelletier")]),
    ("en", "Kayla M. Brown left at noon.", [("Kayla M. Brown", "kayla m. brown")]),
])
def test_m_is_an_initial_in_english_and_monsieur_in_french(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text, lang=lang)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A nickname quoted in parentheses, or the given name's initial, inside a name: the person is given name and surname.
    ("Youth: Thenuja (T.) Sivakumar, 16 / Date", [("Thenuja (T.) Sivakumar", "thenuja sivakumar")]),
    ("grand-mère de Teiawenhniserate (« Tei ») Montour, 15 ans, de", [("Teiawenhniserate", "teiawenhniserate montour")]),
    # A case's caption: the accused in full, a co-accused after « et ».
    ("R. v. Anthony DE LUCA - Preliminary Hearing, Superior Court", [("Anthony DE LUCA", "anthony de luca")]),
    ("R. c. Lamine SOW-GIRARD et Kaïs BEN AMMAR | Palais de justice",
     [("Lamine SOW-GIRARD", "lamine sow-girard"), ("Kaïs BEN AMMAR", "kais ben ammar")]),
    # Negatives: another letter's initial in parentheses names no nickname (the form's label takes the known given name
    # alone); a citation's surname alone stays as it was.
    ("Youth: Thenuja (K.) Sivakumar", [("Thenuja", "thenuja")]),
    ("see R. v. Okafor, 2019 ONSC 3102", [("Okafor", "okafor")]),
])
def test_nicknames_in_parentheses_and_captions(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A first name with word that the surname is not known; a known given name in lower case before a verb of saying.
    ('A second woman, Crystal (surname unknown), "collected the money."', [("Crystal", "crystal")]),
    ("Personne accueillie : Anaïs (prénom seulement, à sa demande), 19 ans", [("Anaïs", "anais")]),
    ("school sucked. hanna said theres this guy", [("hanna", "hanna")]),
    ("lili dit de faire attention mais elle est jalouse", [("lili", "lili")]),
    # An officer's surname alone in capitals after a rank, in a note written in mixed case.
    ("0920 Req 2nd unit. PC TREMBLAY-OJO arr 0928.", [("PC TREMBLAY-OJO", "tremblay-ojo")]),
    ("Briefing sgt DUCHARME. Avis de disparition", [("sgt DUCHARME", "ducharme")]),
    # A boarding pass's names after their seats; a surname's particle in lower case ("el-", "al-").
    ("BPs: 14A MEEKIS/TAYANNA, 14B FORTIN-BELL/RICHARD.", [("MEEKIS/TAYANNA", "tayanna meekis"),
                                                         ("FORTIN-BELL/RICHARD", "richard fortin-bell")]),
    ("Vendeur : Youssef el-Amrani (carte RAMQ)", [("Youssef el-Amrani", "youssef el-amrani")]),
    # Relatives and roles: a daughter abbreviated, « s'appelait », a housekeeper named in parentheses, a guest's label.
    ("friends w/ their dtr Kerrisha (15). She says", [("Kerrisha", "kerrisha")]),
    ("elle a juste dit qu'elle s'appelait Tanisha pis", [("Tanisha", "tanisha")]),
    ("Femme de chambre (Thuy) a vu 2 filles", [("Thuy", "thuy")]),
    ("| 3  | 05-06 23 h 48 | invitée : Océane| Abdelkader", [("Océane", "oceane"), ("Abdelkader", "abdelkader")]),
    # Negatives: a staff's notes in capitals after a rank word; seats and airports; words before a verb of saying.
    ("STAFF NOTES: she left at 5", []),
    ("Route 12A YYZ/YUL", []),
    ("the manager said no", []),
])
def test_unseen_sets_ad_and_ae_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A role in lower case right before a known given name; a ship's captain; a badge's letter after a name; a poster's
    # name in capitals under its heading; a given name, then the surname in capitals, then an age.
    ("Night mgr Pradeep gave list of 6 rms", [("Pradeep", "pradeep")]),
    ("Caller = night clerk (Venkat), callback", [("Venkat", "venkat")]),
    ("Master: Capt. Ewa Nowak-Pereira", [("Capt. Ewa Nowak-Pereira", "ewa nowak-pereira")]),
    ("Officer: Jean-Rony Exantus S-114      Supervisor", [("Jean-Rony Exantus", "jean-rony exantus")]),
    ("*** MISSING PERSON ***\nWAASAYAA MOONIAS, 15, of Neskantaga First Nation", [("WAASAYAA MOONIAS", "waasayaa moonias")]),
    ("Civic au nom de Yohan DARIUS, 24 ans, mandat", [("Yohan DARIUS", "yohan darius")]),
    # Negatives: a firm after a role and a comma; a poster's own words; acronyms after a town.
    ("Witness: Harjot Kaur Bains, clerk, Petro-Canada, Hwy 35", [("Harjot Kaur Bains", "harjot kaur bains")]),
    ("MISSING: update\nFOUND SAFE, 16, at home", []),
    ("T/C Barrie PS DC Wen Li. C seen", [("DC Wen Li", "wen li")]),
])
def test_unseen_sets_af_and_ag_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # An e-mail header's people as "Surname, Given", whatever the lexicon knows; an entity list's role in parentheses.
    ("To: McTavish, Brennan (DC); Sandhu, Harjot (DC)", [("McTavish, Brennan", "brennan mctavish"),
                                                        ("Sandhu, Harjot", "harjot sandhu")]),
    ("[P1] KHALIL, Rami Youssef (subject)", [("KHALIL, Rami Youssef", "rami youssef khalil")]),
    # A justice of the peace, an Elder, a school's social worker; a name with the age its owner gives; a transcript's
    # speaker with the outlet they speak for; a phone list's name with pictographs after it.
    ("Courtroom 206, J.P. Harkirat Dhillon presiding", [("J.P. Harkirat Dhillon", "harkirat dhillon")]),
    ("1510 Elder Vernon Copenace stopped by", [("Elder Vernon Copenace", "vernon copenace")]),
    ("Rec'd call from school SW Tanis Whiteduck: Nimkii absent", [("Tanis Whiteduck", "tanis whiteduck"), ("Nimkii", "nimkii")]),
    ("  B) Oyunaa — says 21, Mongolian, no ID", [("Oyunaa", "oyunaa")]),
    ("CHLOÉ BERGERON (Radio-Canada): Which hotels were used?", [("CHLOÉ BERGERON", "chloe bergeron")]),
    ("| 11  | Tayshaun 💯             | +18075550190        | WhatsApp  |", [("Tayshaun", "tayshaun")]),
    (" 2.3  | Usagère K.L.-D. (14 ans) : un homme", [("K.L.-D.", "k.l.-d.")]),
    # Negatives: a form's heading with a remark in parentheses; a note's label before a list.
    ("ADDITIONAL DRIVERS (must be present w/ licence at counter):", []),
    ("INCIDENT REPORT (Rev 2): details", []),
    ("Note: Smith, Jones and Brown came", []),
])
def test_unseen_sets_ah_and_ai_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A spreadsheet exported as text: its header line names the given-name and surname columns, each row a person.
    ("prénom;nom;nom de scène;cell\nCindy;Boudreault;Crystal;418-555-0106\nKiara;?;Bambi;581-555-0144\n",
     [("Cindy;Boudreault", "cindy boudreault"), ("Kiara", "kiara")]),
    ("First Name\tLast Name\tRoom\tPaid\nJordan\tKeewatin\t12\tcash\n", [("Jordan\tKeewatin", "jordan keewatin")]),
    # Negatives: a sheet with no name columns; a row that is no name; a sentence with semicolons.
    ("date;room;amount\n2024-03-01;12;80\n", []),
    ("prénom;nom;cell\n???;!!!;418-555-0106\n", []),
])
def test_names_of_a_spreadsheet_exported_as_text(text: str, expected: list[tuple[str, str]]) -> None:
    found = [m for m in resolve_overlaps(find_persons(text)) if m.kind is MentionKind.PERSON]
    assert [(m.text, m.value) for m in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A known given name alone in running text: how witnesses, staff and youth name each other.
    ("Sometimes I stay late when Gurpreet is sick.", [("Gurpreet", "gurpreet")]),
    ("0728  Ticket office (Shanice) says booking made online", [("Shanice", "shanice")]),
    ("18 h 42  Manon (cantine) me signale une adolescente", [("Manon", "manon")]),
    ("Thu très gentille, elle travaille bien.", [("Thu", "thu")]),
    # After a label that asks for a name, "Surname, Given" whatever the lexicon knows of the given name.
    ("Member name: Lemieux, Chantale          Member #: 0048812", [("Lemieux, Chantale", "chantale lemieux")]),
    ("Nom du membre : Kovalenko, Bohdan          No de membre : 220417", [("Kovalenko, Bohdan", "bohdan kovalenko")]),
    ("Offender: DUCHARME-BELLEAU, Kristoff      FPS: 448213C", [("DUCHARME-BELLEAU, Kristoff", "kristoff ducharme-belleau")]),
    # Vietnamese names: Mai after Thi is no month; Le closing a name is its surname.
    ("La technicienne Thi Mai Pham a pris des photos.", [("Thi Mai Pham", "thi mai pham")]),
    ("Reçu par : Quang Huy Le (accueil), 28 févr.", [("Quang Huy Le", "quang huy le")]),
    # Negatives: a town, a place after a preposition, a day before its date, a label, a French noun phrase's head, an
    # everyday word, a handle, a name in capitals, a state.
    ("She drove to Regina on Friday.", []),
    ("staying in the Soo with her aunt", []),
    ("Date: Thu, 14 Mar 2024 09:12", []),
    ("Signé : le requérant", []),
    ("Avis de recherche émis ce matin", []),
    ("Lien de confiance avec moi", []),
    ("as provided by Meta. Messages verbatim.", []),
    ("Snap: @kayla.x_09 sent it", []),
    ("AUXILIARY MEMBER - COMMUNITY EVENT NOTE", []),
    ("crossed into Florida last week", []),
    ("Adresse : Toronto, Ontario", []),
])
def test_unseen_sets_al_and_am_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A shift handed over names the colleague, whatever the lexicon knows of the name.
    ("23:05  Took over from Gurpreet. Float $200 ok.", [("Gurpreet", "gurpreet")]),
    ("06:55  Handover to Precious. FLAG IN PMS", [("Precious", "precious")]),
    ("06h50  Relève à Thi Hà. NOTE : NE PLUS LOUER", [("Thi Hà", "thi ha")]),
    # A message's writer named by a known given name after the message's time.
    ("[22:06] Joanne: calling now", [("Joanne", "joanne")]),
    ("[22:20] caro : ok reste pas seule.", [("caro", "caro")]),
    # Relatives in the plural, a name of two letters, « ma femme », a Korean given name.
    ("those girls are my nieces Jhoanna and Princess, they were staying", [("Jhoanna", "jhoanna"), ("Princess", "princess")]),
    ("The tall one asked my daughter Vy to use the phone", [("Vy", "vy")]),
    ("Elle a demandé à ma femme, Soo-jin, de cacher son sac", [("Soo-jin", "soo-jin")]),
    # A role's noun, a comma, then the full name; a role before a name in parentheses.
    ("agreed to meet the HT counsellor, Parveen Siddiqui, tomorrow.", [("Parveen Siddiqui", "parveen siddiqui")]),
    ("1. Furnace - work order to maintenance (Roddy).", [("Roddy", "roddy")]),
    # Initials in quotes of their own: a youth a report must not name.
    ('2. On January 19 I interviewed "C.W.", a 17-year-old female.', [("C.W.", "c.w.")]),
    ("Déclaration vidéo de la victime « J.K. », 15 ans", [("J.K.", "j.k.")]),
    # A surname in capitals after given names and a rank; « enquêteuse »; a Vietnamese surname closing a name.
    ("Reporting officer: Special Constable Thi Ngoc PHAM (S-41)", [("Special Constable Thi Ngoc PHAM", "thi ngoc pham")]),
    ("je contacte l'enquêteuse Lachance au SPVM", [("enquêteuse Lachance", "lachance")]),
    ("Commis du Motel Le Phare, M. Dinh Quang Vu, 418 555-0111", [("M. Dinh Quang Vu", "dinh quang vu")]),
    # Negatives: a crew after a handover, a quoted country, a unit after a given name, a word after a relative.
    ("06:55  Handover to Day Shift.", []),
    ('He said "U.S." customs held him', []),
    ("[21:07] TARGET: where u at", []),
    ("her brothers and sisters came by", []),
    ("Gave Kids Help Phone card + explained.", []),
    ("un code-barres avec les lettres « D.T.M. » et le chiffre 819", []),
    ("the driver, Toronto Police said", []),
])
def test_unseen_sets_ar_and_as_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # The statistical model's role word before a name is no part of it.
    ("Voyageur Inn Timmins   02-22  301  Guest Mikael Aaltonen complained of noise;", "Mikael Aaltonen"),
    ("- Sudbury GM Carla D'Souza says the same driver was turned away", "Carla D'Souza"),
    ("14:02:40  NARR  Dtr Layla AL-SAYEGH 16F LS 0730 hrs leaving", "Layla AL-SAYEGH"),
    # After a handover, NER's town is a colleague.
    ("23:05  Took over from Gurpreet. Float $200 ok.", "Gurpreet"),
])
def test_a_role_word_or_a_handover_before_a_name(extractor: Extractor, text: str, expected: str) -> None:
    persons = [m.text for m in extractor.extract(text, lang="en") if m.kind is MentionKind.PERSON]
    assert expected in persons


@pytest.mark.parametrize(("text", "expected"), [
    # The two names of a shift's handover line.
    ("15:00 handover D/S -> E/S  (Kwabena to Oksana)\n- AWOL still.", [("Kwabena", "kwabena"), ("Oksana", "oksana")]),
    ("Jour -> soir (15h) : Fabiola à Wilfried\n- toujours en fugue", [("Fabiola", "fabiola"), ("Wilfried", "wilfried")]),
    # "identified herself as" a name whose given name is a month; "her name's"; a friend, in lower case beside capitals.
    ("She identified herself as Mai NGUYEN, 15, and youth #2", [("Mai NGUYEN", "mai nguyen")]),
    ("another girl here from ottawa too her name's kenisha.", [("kenisha", "kenisha")]),
    ("money modelling for his friend dayana. At the Motel Le Prestige", [("dayana", "dayana")]),
    # A diary's known given name in lower case before what he did; a verb is no surname.
    ("whatever!! malik follows me on insta now", [("malik", "malik")]),
    ("ok jsuis trop contente. kevin m'a écrit sur insta", [("kevin", "kevin")]),
    ("yoni's friend mehdi drives a white van", [("yoni", "yoni"), ("mehdi", "mehdi")]),
    ("2 mars 2024 20:10 — Naïka : chez roxanne inquiète toi pas", [("roxanne", "roxanne")]),
    # A role's letters before a name in mixed case are no surname.
    ("6. Notified CSM Farida Rahimi-Nejad 18:12, who called", [("Farida Rahimi-Nejad", "farida rahimi-nejad")]),
    # Negatives: towns on a handover day; a line with no handover (the first name alone at its start is a person, the
    # second no one's); a month before a date.
    ("Drove from Regina to Victoria on the handover day", []),
    ("Kwabena to Oksana: see note", [("Kwabena", "kwabena")]),
    ("She identified herself as May 14 born", []),
])
def test_unseen_sets_at_and_au_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize("text", [
    "SOMMAIRE D'ANALYSE - ANNONCES D'ESCORTES EN LIGNE\nAnalyste : Thuy-Linh Phan, analyste criminelle, SQ",
    "Jour -> soir (15h) : Fabiola à Wilfried\n- Océane toujours en fugue",
])
def test_no_town_across_a_line_s_end(extractor: Extractor, text: str) -> None:
    cities = [m.text for m in extractor.extract(text, lang="fr") if m.kind is MentionKind.CITY]
    assert not any("\n" in c for c in cities), cities


@pytest.mark.parametrize(("text", "expected"), [
    # "Surname, Given Given" after a role's label; a Vietnamese surname of two letters; « DE » opening a surname.
    ("Pt: Nguyen, Thao Vy     Age: 17     Arr: 0214h", [("Nguyen, Thao Vy", "thao vy nguyen")]),
    ("Reporting S/Cst: VO, Thanh-Huong #1187", [("VO, Thanh-Huong", "thanh-huong vo")]),
    ("10417 | 1012 | iPhone 13 pink    | DE SOUSA, Fatima  ON DL D4471 | $180", [("DE SOUSA, Fatima", "fatima de sousa")]),
    # Initials and whose they are; "her name" and a name; a plural rank; a slash after a rank's surname; « enq. ».
    ("W1  K.M. - complainant, 16 at the time", [("K.M.", "k.m.")]),
    ("she tell me her name Amani. She is crying.", [("Amani", "amani")]),
    ("17 h 40 - Agents Dubé et Simard sur place.", [("Dubé", "dube"), ("Simard", "simard")]),
    ("Unit 4213 (PCP Arsenault / PCP Beardy) assigned", [("PCP Arsenault", "arsenault"), ("PCP Beardy", "beardy")]),
    ("  Assignée : enq. Caron      Échéance", [("enq. Caron", "caron")]),
    # « Thi » leaves room for the names after it; a nurse's letters after her name; a person after a hotel and a comma.
    ("notre préposée de nuit, Mme Thi Ngoc Anh Lê, a vu", [("Mme Thi Ngoc Anh Lê", "thi ngoc anh le")]),
    ("Marisol Reyes-Gutierrez RN, SANE-A", [("Marisol Reyes-Gutierrez", "marisol reyes-gutierrez")]),
    ("a housekeeper at the Ramada, Conceição Amaral, let her use the room", [("Conceição Amaral", "conceicao amaral")]),
    # A writer after a date and a time; "mon gars" and a verb no surname; a dispatch log's car and its driver.
    ("[2024-08-03 22:15:31] Réal: oui je le vois de mon balcon.", [("Réal", "real")]),
    ("c'est pas la première fois. mon gars marco travaille au Quality Inn", [("marco", "marco")]),
    ("2214 car 31 (harjinder) p/u 2 females\n0130 car 44 (fernanda) sees escalade DRKN929",
     [("harjinder", "harjinder"), ("fernanda", "fernanda")]),
    # Negatives: a name in a sentence about the name; a plural rank and a word; a year in parentheses after a car.
    ("her name is on the lease", []),
    ("Officers and Staff attended", []),
    ("the car 31 (2019 model) was parked", []),
    ("TRANSLATION SUMMARY — for YRP Special Victims / HT Unit", []),
    ("PEUT ÊTRE EN COMPAGNIE DE TREMBLAY, JONATHAN, 27 ANS, VÉHICULE DODGE", [("TREMBLAY, JONATHAN", "jonathan tremblay")]),
])
def test_unseen_sets_av_and_aw_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A capitalised particle inside a surname after a role's label; a hyphenated given name alone; « là » is no place.
    ("Officer: Gianluca De Santis, MLEO #221", [("Gianluca De Santis", "gianluca de santis")]),
    ("Ça fait que Léa-Rose est encore avec l'autre gars, là, Kevin, le gros.", [("Léa-Rose", "lea-rose"), ("Kevin", "kevin")]),
    # A role's word before a name some finder took is no part of it.
    ("21:40 Pt Daniel Chookomolin, 22, known to us", [("Daniel Chookomolin", "daniel chookomolin")]),
    ("Suite : ASF Oumar Sow-Dubois avisé (secondaire)", [("Oumar Sow-Dubois", "oumar sow-dubois")]),
    # Negatives: a street or a station named for a hyphenated given name.
    ("sur le boulevard Marie-Victorin vers 22 h", []),
    ("rue Marie-Anne près du métro", []),
])
def test_unseen_sets_ax_and_ay_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


def test_whose_in_quebec_french_is_no_town(extractor: Extractor) -> None:
    mentions = extractor.extract("Léa-Rose est avec l'autre gars, Kevin, le chum à Max. Y l'ont amenée au motel.", lang="fr")
    assert "Max" in [m.text for m in mentions if m.kind is MentionKind.PERSON]
    assert "Max" not in [m.text for m in mentions if m.kind is MentionKind.CITY]


@pytest.mark.parametrize(("text", "expected"), [
    # A surname's initial closing a given name; a Vietnamese surname of two letters after one given name; a surname in
    # capitals before given names after a title.
    ("Student: Hodan A. (gr. 11)      Counsellor: R. Villanueva", [("Hodan A.", "hodan a."), ("R. Villanueva", "r. villanueva")]),
    ("taken by the complainant's older brother, Bao Le, from her phone.", [("Bao Le", "bao le")]),
    ("2041 Highwayman Motel. Night clerk Ms. NGUYEN Thi Lan: rm 7", [("Ms. NGUYEN Thi Lan", "thi lan nguyen")]),
    # Two particles in a surname; ranks and titles: CO, RN, « mrs. » in lower case, initials run together.
    ("informed on-call supervisor Carmen De la Cruz.", [("Carmen De la Cruz", "carmen de la cruz")]),
    ("Reviewed by: CO Stacey Vandermeer", [("CO Stacey Vandermeer", "stacey vandermeer")]),
    ("Ref'd by RN K. Doucette d/t bruises", [("RN K. Doucette", "k. doucette")]),
    ("from babysitting for mrs. Wojcik next door.", [("mrs. Wojcik", "wojcik")]),
    ("OFFICERS: PC T.J. MCALLISTER #14420", [("T.J. MCALLISTER", "t.j. mcallister")]),
    # ``Surname, Given`` after a bullet, a label and a dash, with « ST. », in a table's or a CSV file's cell.
    ("Chambre 7 :\n- MORALES VEGA, Luis Fernando, 31 ans — arrêté", [("MORALES VEGA, Luis Fernando", "luis fernando morales vega")]),
    ("Élève : Kowapit, Naomie — sec. 3 — DDN 2009-01-17", [("Kowapit, Naomie", "naomie kowapit")]),
    ("P-002\tPERSON\tST. LOUIS, Brittany\tsuspect", [("ST. LOUIS, Brittany", "brittany st. louis")]),
    ("P-003\tPERSON\tNguyen, Thi Lan\tdesk clerk", [("Nguyen, Thi Lan", "thi lan nguyen")]),
    ('E002,person,"Boucher, Marie-Soleil",E011', [("Boucher, Marie-Soleil", "marie-soleil boucher")]),
    # Negatives: an initial opening the next sentence's name; a French article after a given name; a town and a province
    # in a cell.
    ("seen with Hodan. A friend came later.", [("Hodan", "hodan")]),
    ("chez Marie le soir", [("Marie", "marie")]),
    ("L-002\tLODGING\tGananoque, Ontario\temployer", []),
])
def test_unseen_sets_az_to_be_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Titles in lower case; the word after « Thi »; "Given:" alone as a field beside "Surname:".
    ("laurie : jvais le dire a madame Hébert si tu reviens pas", [("madame Hébert", "hebert")]),
    ("le 514-555-0109 de l'intervenante à l'école, mme Gauthier-Simard", [("mme Gauthier-Simard", "gauthier-simard")]),
    ("* T2: NGUYEN, Thi Lan (Lanny) - books the rooms", [("NGUYEN, Thi Lan", "thi lan nguyen"), ("Lanny", "lanny")]),
    ("MISSING PERSON\nSurname: KAKEGAMIC        Given: Shania Rose\nDOB: 2007-11-19 (16)",
     [("KAKEGAMIC        Given: Shania Rose", "shania rose kakegamic")]),
    # Negatives: a town after « de » is where the officer works; a particle's surname still joins.
    ("l'agent Lévesque de Sherbrooke m'a dit d'attendre", [("agent Lévesque", "levesque")]),
    ("Marie de la Fontaine est arrivée", [("Marie de la Fontaine", "marie de la fontaine")]),
])
def test_unseen_sets_bc_and_bd_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A third female gave her name as Mai Phuong TRAN, 19, states", [("Mai Phuong TRAN", "mai phuong tran")]),
    ("Call-taker: C. Dos Santos (#4410)", [("C. Dos Santos", "c. dos santos")]),
    ("MBEKI-JONES ARRESTED BY PC LAMOTHE #10122 AND PC TSE #9915", [("PC LAMOTHE", "lamothe"), ("PC TSE", "tse")]),
    # Negatives: a month after a preposition or a date's day; a business named for its owner.
    ("In June Kayla Brown left. Le 3 Mai Kevin Roy est parti.", [("Kayla Brown", "kayla brown"), ("Kevin Roy", "kevin roy")]),
    ("Rajveer Dhillon - client's cousin, owns Dhillon Auto Sales on Hwy 7", [("Rajveer Dhillon", "rajveer dhillon")]),
])
def test_unseen_sets_bf_and_bi_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_overlaps([*find_all(text), *find_persons(text)])
    assert [(m.text, m.value) for m in found if m.kind is MentionKind.PERSON] == expected
