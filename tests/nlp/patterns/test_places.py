from __future__ import annotations

import pytest

from models.vocabulary import MentionKind
from nlp.patterns import places

CASES = [
    ("She was dropped at the Harbourview Motel in Parry Sound.", "Harbourview Motel", "Parry Sound"),
    ("Seen near the Golden Maple Motor Inn in Sault Ste. Marie. Later she called.", "Golden Maple Motor Inn", "Sault Ste. Marie"),
    ("Aperçue près du Relais Boréal Lodge à Kapuskasing.", "Relais Boréal Lodge", "Kapuskasing"),
    ("They stayed at the Pinecrest Inn & Suites, Huntsville.", "Pinecrest Inn & Suites", "Huntsville"),
    ("At Riverbend Hotel the clerk remembered her.", "Riverbend Hotel", None),
    ("Elle logeait à l'Hôtel Champlain à Québec.", "Hôtel Champlain", "Québec"),
    ("Room 12 of the Super 8 Motel in Dryden.", "Super 8 Motel", "Dryden"),
    ("Possibly seen at the Northern Lights Suites.", "Northern Lights Suites", None),
    ("Staff at the Bayview Lodge in Kenora said she checked in.", "Bayview Lodge", "Kenora"),
    ("at the Lakeshore Motel, Rachel told police", "Lakeshore Motel", None),
    # Chains in lower case, in quotes, after an article; French names after a lower-case lodging word, in capitals.
    ("at the super 8 in Thunder Bay.", "super 8", "Thunder Bay"),
    ("a photo with a 'Super 8' towel", "Super 8", None),
    ("'Candy' at the Delta downtown", "Delta", None),
    ("receipts from the Courtyard Marriott in London.", "Courtyard Marriott", "London"),
    ("records from the Sheraton Centre and elsewhere", "Sheraton Centre", None),
    ("elle restait à l'hôtel Le Concorde, mais", "hôtel Le Concorde", None),
    ("LAST KNOWN AT THE MOTEL MAJESTIC ROOM 4, HWY 17", "MOTEL MAJESTIC", None),
    ("the Days Inn's lobby", "Days Inn", None),
    # A chain after an elided article; a name in a quotation that opens with "at"; a chain's "by Marriott".
    ("il l'a logée à l'Econo Lodge de Lévis puis", "Econo Lodge", "Lévis"),
    ("she was staying 'at the Sunset Inn' with a man", "Sunset Inn", None),
    ("the Sunset Inn's lobby camera", "Sunset Inn", None),
    ("au Fairfield by Marriott de Laval.", "Fairfield by Marriott", "Laval"),
    ("receipts from the Fairfield Inn by Marriott, nothing else", "Fairfield Inn by Marriott", None),
    # A lodging word in lower case after a French article, then a saint's name or a capitalised name.
    ("« au motel st-jean sur la 132 chambre 9 »", "motel st-jean", None),
    ("Le motel Saint-Jean (route 132) a confirmé", "motel Saint-Jean", None),
    ("elle dormait à l'auberge Belle-Rive depuis lundi", "auberge Belle-Rive", None),
    # A motel named by its number; a château where the narrative is about lodging.
    ("- lieux : Motel 138\n- tél. : aucun", "Motel 138", None),
    ("Ils ont été vus au Château Moncton, chambre 12, le soir même.", "Château Moncton", None),
    # Brands without a lodging word, or with one run into the brand; the Hilton only after an article.
    ("booked two nights at the Crowne Plaza in Kitchener", "Crowne Plaza", "Kitchener"),
    ("the econolodge on Kingston Rd, room 14", "econolodge", None),
    ("a receipt from the Home2 Suites by Hilton near the airport", "Home2 Suites by Hilton", None),
    ("elle a été vue au Hilton de Laval vers minuit", "Hilton", "Laval"),
    # Case as the writer typed it, a quoted chain with where it stands, Budget Host, « GÎTE » in capitals.
    ("Also she was seen at the Econo lodge? not sure.", "Econo lodge", None),
    ("Messages reference 'Travelodge by Wyndham on Queen' twice.", "Travelodge by Wyndham", None),
    ("they stayed at the Four Points by Sheraton downtown", "Four Points by Sheraton", None),
    ("a room at the SpringHill Suites by Marriott", "SpringHill Suites by Marriott", None),
    ("they said they was staying at the budget host in massena", "budget host", None),
    ("APPEL DU GÎTE LA MAISON BLEUE, SAINT-SAUVEUR.", "GÎTE LA MAISON BLEUE", "SAINT-SAUVEUR"),
    ("they met at the Hyatt Regency downtown", "Hyatt Regency", None),
    # Lower-case French names after an article, quoted lower-case names, « motel 6 » after an article.
    ("des filles mineures au motel la siesta sur le boul des laurentides", "motel la siesta", None),
    ("on est a l'hotel universel proche du stade", "hotel universel", None),
    ("ya un party au motel pelican chambre 12. ya du monde", "motel pelican", None),
    ("le nom dun gite a wakefield \"gite la belle etoile\". ma niece", "gite la belle etoile", None),
    ("sa fille dit être au motel 6 avec un gars", "motel 6", None),
    # Names in capitals before their lodging word, after a word that ends what came before.
    ("DUNCAN KNOWN TO STAY AT LAKEHEAD INN & SUITES. SUBJ CELL", "LAKEHEAD INN & SUITES", None),
    ("POSS LODGING: MCLAREN HOTEL. SUBJ CELL", "MCLAREN HOTEL", None),
]


def test_a_hotel_named_again_in_another_case_is_the_same_place() -> None:
    text = "Will check the Riverview Motel. Clerk advises a grey van was at the riverview motel earlier, rm 14."
    hotels = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in hotels] == ["Riverview Motel", "riverview motel"]
    assert len({m.value for m in hotels}) == 1


@pytest.mark.parametrize(("text", "name", "city"), CASES)
def test_hotels_and_their_city(text: str, name: str, city: str | None) -> None:
    hotels = [m for m in places.find(text) if m.kind is MentionKind.HOTEL]
    assert [(m.text, m.attrs.get("city")) for m in hotels] == [(name, city)]
    cities = [m.text for m in places.find(text) if m.kind is MentionKind.CITY]
    assert cities == ([city] if city else [])


@pytest.mark.parametrize("text", [
    "She went to the Inn.", "the motel in town", "Hotel staff said nothing.", "Suites were empty.",
    "Kim walked out of Raven Crest Lodge on Friday.", "He did not return to Birch Lodge after curfew.",
    "Elle a quitté le Pavillon Boréal Lodge sans autorisation.",
    "Staff at Cedar Hollow Lodge report that she left without signing out.",
    "a bench in the courtyard", "Delta police attended.", "a WhatsApp group named 'Marriott crew'.",
    "AT THE MOTEL ROOM 12", "the motel Kayla named",
    "le motel Kevin l'attendait", "au motel avec lui", "the motel st-jean street",
    "the Motel 2 km from the exit", "Motel 12 rooms, all rented", "Ils ont visité le Château Ramezay avec sa classe.",
    "elle est allée au motel avec lui hier", "elle est restée au motel situé sur la 117", "le motel était plein ce soir-là",
    "est restée dans le bureau du motel jusqu'à ce que la police arrive", "LAST SEEN AT THE MOTEL.",
    "SEEN LEAVING THE CHEAP MOTEL ON HWY 11", "we stayed at the motel 2 km away",
    "Mark Hilton was the driver.", "an extended stay in hospital", "the plane flew aloft", "Fairmont Avenue", "a house on Sheraton Dr in Markham",
])
def test_lodging_words_alone_are_not_hotels(text: str) -> None:
    assert [m for m in places.find(text) if m.kind is MentionKind.HOTEL] == []


def test_a_room_number_after_a_name_is_no_numbered_motel() -> None:
    assert [m.text for m in places.find("at the Lakeview Motel 214 that night") if m.kind is MentionKind.HOTEL] == ["Lakeview Motel"]


def test_function_words_are_trimmed_anywhere_in_the_text() -> None:
    text = "She said so. At Lakeview Motel the clerk agreed. Near The Royal Hotel in Kenora."
    assert [m.text for m in places.find(text) if m.kind is MentionKind.HOTEL] == ["Lakeview Motel", "Royal Hotel"]


@pytest.mark.parametrize(("text", "found"), [
    # A chain's branch named by its town or quarter with no preposition: the hotel is the chain's, in that town.
    ("stayed at the Super 8 Kenora. Then she left", [("Super 8 Kenora", "Super 8", "Kenora")]),
    ("| nr Days Inn London |", [("Days Inn London", "Days Inn", "London")]),
    ("RECEIPTS: SUPER 8 DRYDEN ROOM 12", [("SUPER 8 DRYDEN", "SUPER 8", "DRYDEN")]),
    ("la mention « disponible hôtel Ramada Laval »", [("Ramada Laval", "Ramada", "Laval")]),
    ("l'agente joint le Comfort Inn Rouyn-Noranda : chambre 2", [("Comfort Inn Rouyn-Noranda", "Comfort Inn", "Rouyn-Noranda")]),
    ("rooms at the Travelodge Thunder Bay   [L3]", [("Travelodge Thunder Bay", "Travelodge", "Thunder Bay")]),
    # ... with a city after it, the branch is part of the name.
    ("the Comfort Inn Clifton Hill in Niagara Falls", [("Comfort Inn Clifton Hill", "Comfort Inn Clifton Hill", "Niagara Falls")]),
    # No branch: a day, a room, an officer, a person, a street, a province.
    ("at the Days Inn Monday night", [("Days Inn", None, None)]),
    ("the Comfort Inn Room 12", [("Comfort Inn", None, None)]),
    ("at the Days Inn Det. Roy said", [("Days Inn", None, None)]),
    ("at the Days Inn Kayla Brown said", [("Days Inn", None, None)]),
    ("POSS LODGING: ECONO LODGE PORTAGE AVE WPG", [("ECONO LODGE", None, None)]),
    ("went to the Super 8 Ontario side", [("Super 8", None, None)]),
    # A brand run into its number is keyed as its sign writes it.
    ("super8 full. got the red roof inn", [("super8", None, None), ("red roof inn", None, None)]),
    # Particles inside a French name; « de » before a town names the town.
    ("au Motel Le Relais des Chutes, à", [("Motel Le Relais des Chutes", None, None)]),
    # A person before a chain is not part of its name.
    ("PPI - mgr Hussein Farah Econo Lodge, Brookdale Ave     '14 Chrysler", [("Econo Lodge", None, None)]),
])
def test_branches_of_chains(text: str, found: list[tuple[str, str | None, str | None]]) -> None:
    hotels = [m for m in places.find(text) if m.kind is MentionKind.HOTEL]
    assert [(m.text, m.attrs.get("name"), m.attrs.get("city")) for m in hotels] == found


def test_a_run_in_number_is_keyed_like_the_sign() -> None:
    (super8,) = (m for m in places.find("book the super8 on dixie") if m.kind is MentionKind.HOTEL)
    (super_8,) = (m for m in places.find("book the super 8 on dixie") if m.kind is MentionKind.HOTEL)
    assert super8.value == super_8.value == "super 8"


@pytest.mark.parametrize(("text", "found"), [
    # What a narrative calls a hotel for short once named: after an article or a preposition, in a table's cell,
    # in a list beside another hotel, or with its own article in capitals.
    ("au Motel Le Capri, rue Sherbrooke. Au registre du Capri, la chambre 11",
     ["Motel Le Capri", "Capri"]),
    ("le Motel Northern Star à Kapuskasing. Elle est restée au Northern Star.", ["Motel Northern Star", "Northern Star"]),
    ("Parisien Motel, Vincent Massey. Removed: keycards (Parisien, Econo Lodge)", ["Parisien Motel", "Parisien", "Econo Lodge"]),
    ("Lieux : Motel La Sapinière, rue King. Il les amène à La Sapinière", ["Motel La Sapinière", "La Sapinière"]),
    # After "Motor Lodge" or "Hotel & Suites", a visit's verb, a list's "+", a room's number, a French elision, a
    # "Chez" name, or in lower case in a message typed all in lower case.
    ("drove her to the Birchwood Motor Lodge. Later seen back at the Birchwood.", ["Birchwood Motor Lodge", "Birchwood"]),
    ("The Lakeshore Motor Inn had no record. Canvass: Lakeshore + Days Inn.", ["Lakeshore Motor Inn", "Lakeshore", "Days Inn"]),
    ("Harbour Light Motel on Water St. 0215 OPP attended Harbour Light, rm 4.", ["Harbour Light Motel", "Harbour Light"]),
    ("au Motel Boréal de Matane. La SQ vérifie l'Boréal, ch. 7.", ["Motel Boréal", "Boréal"]),
    ("au Motel Chez Gilles, rue Principale. Elle dort au Chez Gilles.", ["Motel Chez Gilles", "Chez Gilles"]),
    ("The Northgate Motor Inn, room 12.\n> lol u still at the northgate? call me", ["Northgate Motor Inn", "northgate"]),
    # The same word as a town, a person, or with nothing that says lodging, is not the hotel; nor a word going on
    # after an apostrophe, nor in lower case beside capitals.
    ("Motel Champlain à Dieppe. Elle habite à Champlain.", ["Motel Champlain"]),
    ("at the Kayla Motel. Kayla said", ["Kayla Motel"]),
    ("at the Pinecrest Motor Lodge. O'Pinecrest said", ["Pinecrest Motor Lodge"]),
    ("at the Riverside Motor Inn. Walked by the riverside with Mark.", ["Riverside Motor Inn"]),
])
def test_short_names_of_a_hotel_once_named(text: str, found: list[str]) -> None:
    hotels = [m for m in places.find(text) if m.kind is MentionKind.HOTEL]
    assert [m.text for m in sorted(hotels, key=lambda m: m.start)] == found
    assert len({m.value for m in hotels if m.text in found[:2]}) == 1


@pytest.mark.parametrize(("text", "name"), [
    # A quoted chain with its branch's town; a name in capitals in a table's cell or after a lower-case article.
    ('1 key card, "Travelodge by Wyndham Niagara Falls", no room no.', "Travelodge by Wyndham Niagara Falls"),
    (" | PINE RIDGE MOTOR INN - Hwy 17 E - Sault Ste. Marie |", "PINE RIDGE MOTOR INN"),
    ("we stayed at the BLUE HERON MOTOR INN last week", "BLUE HERON MOTOR INN"),
    # "Hotel & Suites" and "Motor Lodge" end a name; hyphenated words in capitals after the lodging word; a visit's
    # verb opening a line is no part of the name; a chain named after an article keeps its branch.
    ("NORTH SHORE HOTEL & SUITES - NIGHT AUDIT", "NORTH SHORE HOTEL & SUITES"),
    ("HÔTEL LE SAINT-AMOUR — Registre", "HÔTEL LE SAINT-AMOUR"),
    ("Attended Comfort Inn, Main St. No record.", "Comfort Inn"),
    ("il réserve une suite au Hilton Lac-Leamy « pour la fin de semaine »", "Hilton Lac-Leamy"),
])
def test_more_hotel_forms(text: str, name: str) -> None:
    assert [m.text for m in places.find(text) if m.kind is MentionKind.HOTEL] == [name]


@pytest.mark.parametrize(("text", "names"), [
    # A saint's abbreviation opening a name, a saint's town after a chain, a town's quarter, a road's number closing a
    # French name, a name in capitals after a unit's code and a column's gap.
    ("which serves the St. Lawrence Manor Inn and the Super 8 on Stewart Blvd", ["St. Lawrence Manor Inn", "Super 8"]),
    ("| Super 8 St-Jérôme | 2 nuits", ["Super 8 St-Jérôme"]),
    ("une chambre au Days Inn Montréal Est ». Le 12", ["Days Inn Montréal Est"]),
    ("au Motel Le Relais 55 « avec des amis »", ["Motel Le Relais 55"]),
    ("22:14:18 2B21   SLEEPING GIANT MOTEL NEG, CLERK SAYS NO", ["SLEEPING GIANT MOTEL"]),
    # Negatives: a street's abbreviation before a name, the street a chain names, a count after a name.
    ("stayed at the Knights Inn on Main St. Lakeview Motel too", ["Knights Inn", "Lakeview Motel"]),
    ("au Motel Le Relais 2 nuits", ["Motel Le Relais"]),
    ("il est au Days Inn Laval est parti", ["Days Inn Laval"]),
])
def test_names_with_saints_quarters_and_numbers(text: str, names: list[str]) -> None:
    assert [m.text for m in sorted(places.find(text), key=lambda m: m.start) if m.kind is MentionKind.HOTEL] == names


def test_a_title_after_a_hotel_is_no_city() -> None:
    found = places.find("selon ma collègue du Days Inn, Mme Rana Saliba.")
    assert [(m.kind, m.text) for m in found] == [(MentionKind.HOTEL, "Days Inn")]


@pytest.mark.parametrize(("text", "names"), [
    # Staybridge named alone; "Hôtel & Suites" before a French name; a chain in lower case after « au »; short names after
    # « du » or « des » inside the name, before the hotel's staff.
    ("Canvass requested at Staybridge (Hamilton) and Super 8.", ["Staybridge", "Super 8"]),
    ("Dépenses : Hôtel & Suites Le Saint-François (x4)", ["Hôtel & Suites Le Saint-François"]),
    ("« jsuis pu au sandman on est dans un motel »", ["sandman"]),
    ("He drove me to Motel du Ruisseau. I cleaned rooms at the Ruisseau.", ["Motel du Ruisseau", "Ruisseau"]),
    ("Motel des Cascades, Shawinigan. Clients du Jardin et des Cascades.", ["Motel des Cascades", "Cascades"]),
    ("at the Maple Leaf Motel. Photo lineup w/ Maple Leaf mgr.", ["Maple Leaf Motel", "Maple Leaf"]),
    # Negatives: a lower-case chain's word after English "the".
    ("the sandman came", []),
])
def test_more_hotel_names_and_short_names(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # A chain's branch before days, before "&"; the Red Carpet Inn.
    ("they stayed at the Days Inn Brampton Wed-Thu and the Econo Lodge", ["Days Inn Brampton", "Econo Lodge"]),
    ("Police say Quality Inn Massena & the Super 8 both", ["Quality Inn Massena", "Super 8"]),
    ("young ones at the Red Carpet Inn Watertown, text me", ["Red Carpet Inn Watertown"]),
])
def test_branches_and_chains(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # A lodging's name typed in lower case before a room's number; in a table's cell, a French name with its article.
    ("4:30  | Reza  | [x] | staying @ fort henry motel, rm 9", ["fort henry motel"]),
    ("16h41  | Mikisiw  |   | motel le marquis ch 6", ["motel le marquis"]),
    # Negatives: words no name has before the lodging word; a cell's lodging word and a common noun.
    ("we went to the cheap motel, rm 9", []),
    ("| 2 | 1989-08-30 | motel bookings   | 819", []),
])
def test_lodging_names_in_lower_case(text: str, names: list[str]) -> None:
    assert [m.text for m in places.find(text) if m.kind is MentionKind.HOTEL] == names


@pytest.mark.parametrize(("text", "names"), [
    # A chain's name with its lodging word in lower case; a capitalised name, a lower-case lodging word and a room;
    # « HÔTEL-MOTEL » in capitals; « d'Or » inside a name; an officer's "Attd" or "Arrive" before one.
    ("the witness says they were kept at the Sandman hotel.", ["Sandman hotel"]),
    ('she is in "the Falls Vista motel, room 227".', ["Falls Vista motel"]),
    ("HÔTEL-MOTEL LE VOYAGEUR - Lévis", ["HÔTEL-MOTEL LE VOYAGEUR"]),
    ("qu'elle finit par nommer : Motel Soleil d'Or. Puis", ["Motel Soleil d'Or"]),
    ("1300 Attd Northern Star Motel. Spoke to mgr", ["Northern Star Motel"]),
    ("0846  Arrive Comfort Inn Clifton Hill, rear lot.", ["Comfort Inn Clifton Hill"]),
    # Short names said again: back to one, in a list with counts or dates in parentheses.
    ("across from Starlite Motel. 1315  Back to Starlite - Infiniti at door #14", ["Starlite Motel", "Starlite"]),
    ("Sleeping Giant Motel, Hwy 11. Receipts: Days Inn (2), Sleeping Giant (1), Esso",
     ["Sleeping Giant Motel", "Days Inn", "Sleeping Giant"]),
    # Negatives: a motel chain's kind after its name stays out; a lower-case lodging word alone names none.
    ("the Super 8 motel by the highway", ["Super 8"]),
    ("we went to the cheap motel, rm 9", []),
])
def test_lodging_words_in_lower_case_and_short_names_again(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


def test_a_chain_s_lodging_word_keeps_the_chain_s_key() -> None:
    [with_word] = [m for m in places.find("at the Sandman hotel") if m.kind is MentionKind.HOTEL]
    [alone] = [m for m in places.find("at the Sandman") if m.kind is MentionKind.HOTEL]
    assert with_word.value == alone.value


@pytest.mark.parametrize(("text", "names", "city"), [
    # A name that is no chain's, followed by a town of the list without a preposition: the branch in that town.
    ("properties: the Northstar Inn & Suites Brampton, the Northstar Inn Cornwall and", ["Northstar Inn & Suites Brampton",
                                                                                       "Northstar Inn Cornwall"], "Brampton"),
    ("Known locations: Admiral Inn Hamilton, cousin's apt", ["Admiral Inn Hamilton"], "Hamilton"),
    # Said again without its town, it is the same hotel.
    ("location sticker said Lakeside Inn Kenora. later: back at the lakeside inn", ["Lakeside Inn Kenora", "lakeside inn"],
     "Kenora"),
    # Negatives: a word no town is, a road after the name, more capitalised words after the town.
    ("the Lakeview Motel Kingston Road", ["Lakeview Motel"], None),
    ("Riverside Motel London Ontario", ["Riverside Motel"], None),
    # A name in capitals that ends with a town (a card statement's merchant): that town's lodging, met again for short.
    ("Marchands : MOTEL LE FLAMINGO LAVAL (19). Débits au Flamingo : 19", ["MOTEL LE FLAMINGO LAVAL", "Flamingo"], "LAVAL"),
    ("charges at MOTEL NORTHSTAR KENORA, then back to the Northstar", ["MOTEL NORTHSTAR KENORA", "Northstar"], "KENORA"),
    # Negatives: the town is all the name has (the Laval motel); a last word no town is.
    ("MOTEL LAVAL, ch. 4", ["MOTEL LAVAL"], None),
    ("AUBERGE DU LAC SAGUENAY puis au Saguenay", ["AUBERGE DU LAC SAGUENAY"], None),
])
def test_a_branch_named_by_its_town(text: str, names: list[str], city: str | None) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names
    assert found[0].attrs.get("city") == city


@pytest.mark.parametrize(("text", "names"), [
    # A place's name with "of" in it; a town after « d' » is where, not part of the name; a last word in lower case after
    # « des »; a form's label or a contact list's word before a name; a lodge's "& Suites" and its short name.
    ("updated by Sunil (Bay of Quinte Motel) 2024-10-02", ["Bay of Quinte Motel"]),
    ("front desk at the Lake of the Woods Motel (Linda) says", ["Lake of the Woods Motel"]),
    ("Il avait une facture du Motel L'Escale d'Amos, chambre 14", ["Motel L'Escale"]),
    ("Normand (Motel Le Coureur des bois): Bonjour", ["Motel Le Coureur des bois"]),
    (" 14  Lieu        Motel Le Boulevard, Beauport", ["Motel Le Boulevard"]),
    ("S1 | Client Days Inn Berri | 514.555.0120", ["Days Inn Berri"]),
    ("Source: Lakeview Lodge & Suites. Note: the Lakeview shares a lot", ["Lakeview Lodge & Suites", "Lakeview"]),
    # Negatives: "of" after a word that is no place's head; « d' » and a word that is no town.
    ("the manager of Lakeview Motel said", ["Lakeview Motel"]),
    ("qu'elle finit par nommer : Motel Soleil d'Or. Puis", ["Motel Soleil d'Or"]),
])
def test_names_with_of_towns_after_d_and_labels_before(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # A short name of two words written as the name writes it, wherever it stands; one after a check's or a denial's
    # verb, an equation in notes, or alone in a table's cell.
    ("worked at the Colonial Fireside Inn. OPP to check Pinecrest Motel and Colonial Fireside 0430.",
     ["Colonial Fireside Inn", "Pinecrest Motel", "Colonial Fireside"]),
    ("seen in lot of Rodeway Inn on Huron Church. Denies Rodeway. Phone shows", ["Rodeway Inn", "Rodeway"]),
    ("then the Lakeview Motor Inn on Regent -- motel in photo = Lakeview", ["Lakeview Motor Inn", "Lakeview"]),
    ("1  Rideau Heights Inn         Ngoc Anh\n2  Super 8                 Rideau Heights             Abdi",
     ["Rideau Heights Inn", "Super 8", "Rideau Heights"]),
    # One space between a name's words: a wider gap is a table's column.
    ("02-12 03:15  Motel Le Montcalm, Gatineau            Rideau Heights Inn         Ngoc",
     ["Motel Le Montcalm", "Rideau Heights Inn"]),
    # « les » inside a French-style name; the old chain and a Howard Johnson's nickname; a sentence's adverb.
    ("à l'Auberge Sous les Pins. Il change de chambre", ["Auberge Sous les Pins"]),
    ("once she said the Journey's End, once the HoJo on Brady", ["Journey's End", "HoJo"]),
    ("Ensuite Quality Inn à Brossard", ["Quality Inn"]),
    # Negatives: a hotel named for its town, the town said as a town; a one-word short name in running text.
    ("the Tay Narrows Inn & Suites across the road. Township of Tay Narrows. Tay Narrows, ON",
     ["Tay Narrows Inn & Suites"]),
    ("the Lakeview Motel. Lakeview residents complained", ["Lakeview Motel"]),
])
def test_short_names_anywhere_columns_and_chains(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # "Arms" ends a lodging's name; a chain in lower case keeps a known town as its branch.
    ("ran girls out of the Regal Arms and the Nickelbelt Motor Hotel", ["Regal Arms", "Nickelbelt Motor Hotel"]),
    ("L4  comfort inn Kingston – 2 cancelled bookings", ["comfort inn Kingston"]),
    # Negatives: a short name before a street's word is the street; a chain in lower case before a word no town is.
    ("Later at the Riverside Motel. Stopped at Hunt Club Rd at Riverside Dr, EB", ["Riverside Motel"]),
    ("at the super 8 near the highway", ["super 8"]),
])
def test_arms_streets_and_lower_case_chains_in_towns(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names", "cities"), [
    # A table's columns: the town in the next cell is the hotel's city, not part of its name.
    ("  2024-08-02  MOTEL ROSE BLANCHE     TROIS-RIVIERES   $94.00", ["MOTEL ROSE BLANCHE"], ["TROIS-RIVIERES"]),
    (" 2024-03-09  MOTEL LE SPLENDIDE      LONGUEUIL         89,00 $", ["MOTEL LE SPLENDIDE"], ["LONGUEUIL"]),
    # A room's number before the name; a chain and a town both in lower case; a short name and its lodging's word.
    ('| PREPAID - name given at      | "Rm 214 Quality Inn,         |', ["Quality Inn"], [None]),
    ("we got a suite at the holiday inn express markham just a photoshoot", ["holiday inn express markham"], ["markham"]),
    ("at the Stoney Creek lodge 2 weeks. Later: the Stoney Creek Motor Lodge",
     ["Stoney Creek lodge", "Stoney Creek Motor Lodge"], [None, None]),
    # Negatives: a chain in lower case before a word that is no town; « M. » after a hotel is a title, no town.
    ("the days inn hope she is ok", ["days inn"], [None]),
    ("Commis du Motel Le Phare, M. Dinh Quang Vu, 418 555-0111", ["Motel Le Phare"], [None]),
])
def test_columns_rooms_and_lower_case_branches(text: str, names: list[str], cities: list[str | None]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names
    assert [m.attrs.get("city") for m in found] == cities


@pytest.mark.parametrize(("text", "names"), [
    # A numbered motel's next word; a name after an elided article; a register's word no part of a name.
    ("W4  Jocelyn Trudel-Ouimet, night auditor, Motel 417 Express (Vars)", ["Motel 417 Express"]),
    ("09:20 | Ottawa, Vanier            | Arrêt à l'Embassy Court Motel, ch. 3.", ["Embassy Court Motel"]),
    ("  Action : Registre Motel Olympia (boul. Maloney), ch. 12 à 14", ["Motel Olympia"]),
    # Negatives: a distance after a numbered motel; a person's name after a hotel and a comma is no town.
    ("Motel 2 km away from the station", []),
])
def test_numbered_elided_and_registered_names(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


def test_a_person_after_a_hotel_and_a_comma_is_no_town() -> None:
    found = places.find("a housekeeper at the Ramada, Conceição Amaral, let her use the room")
    assert [m.text for m in found if m.kind is MentionKind.CITY] == []
    assert [m.text for m in places.find("the Super 8, Sault Ste. Marie.") if m.kind is MentionKind.CITY] == ["Sault Ste. Marie"]


@pytest.mark.parametrize(("text", "names"), [
    # A chain after « a quitté » is a hotel; a chain in capitals with its town in title case; shouted words after a name.
    ("elle a quitté le Comfort Inn (l'hôtel de l'équipe) vers 23 h", ["Comfort Inn"]),
    ("Receipt on console from ECONO LODGE Brockville dated 05-16", ["ECONO LODGE Brockville"]),
    ("« reviens à la chambre au Motel Le Bocage TOUT DE SUITE ».", ["Motel Le Bocage"]),
    # Lower-case names: a stay at one, « le boisé » after an article, « motel LE ROND-POINT » in a table.
    ("they were staying at the lakeview pines motel, then after", ["lakeview pines motel"]),
    ("il s'en allait au motel le boisé a Ste-Agathe", ["motel le boisé"]),
    (" 4  | Drummondville | 1-819-555-0192    | motel LE ROND-POINT           | même", ["motel LE ROND-POINT"]),
    # A branch ended by "+".
    ("carte-clé Days Inn Burlington + facture", ["Days Inn Burlington"]),
    # Negatives: a metro station named like a chain; a heading's "HOTEL SPEND"; a cheap motel; « su'l boulevard »;
    # « un hôtel chic ».
    ("départ 16 h du métro Radisson. J'avais trois réservations", []),
    ("2. HOTEL SPEND. Debit purchases", []),
    ("she was staying at the cheap motel by the highway", []),
    ("Y l'ont amenée au motel su'l boulevard Taschereau", []),
    ("« dans un hôtel chic », possiblement", []),
])
def test_chains_capitals_and_lower_case_stays(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # A chain opening a sentence after « L' »; a road's number before « puis »; a chain's branch ended by a tab, in
    # capitals by a known town, and the city of Québec as a branch.
    ("R : L'Econo Lodge Sainte-Foy pour deux nuits.", ["Econo Lodge Sainte-Foy"]),
    ("l'a amenée au Motel Le Relais 139 puis au Comfort Inn. K. retrouvée au Relais 139 par le SPS.",
     ["Motel Le Relais 139", "Comfort Inn", "Relais 139"]),
    ("L-001\tLODGING\tBest Western Plus Kingston\tstays 12/28-01/03", ["Best Western Plus Kingston"]),
    ("0130 HRS NIGHT CLERK AT SUPER 8 DRYDEN CONFIRMED RM 112 RENTED", ["SUPER 8 DRYDEN"]),
    ("0130 HRS CHECKED DAYS INN TORONTO AIRPORT LOT, NEG.", ["DAYS INN TORONTO AIRPORT"]),
    ("réservation au Comfort Inn Québec au nom de « M. Fofana »", ["Comfort Inn Québec"]),
    # Short names: without the branch's town or district, listed together, quoted, in lower case inside a message.
    ("au stationnement de l'Hôtel Pinacle Centre-Ville. S1 rencontre une femme dans le hall du Pinacle.",
     ["Hôtel Pinacle Centre-Ville", "Pinacle"]),
    ("between the Parkway Motel, the Auberge du Portage and the Motel Rideau. Stays (Parkway, Portage, Rideau) listed.",
     ["Parkway Motel", "Auberge du Portage", "Motel Rideau", "Parkway", "Portage", "Rideau"]),
    ('at some motel, the Hi-Way Inn I think. The sign just says "Hi-Way." Then', ["Hi-Way Inn", "Hi-Way"]),
    ("au Quality Inn ou au « Northway » à North Bay. Elle connaît le Motel Northway.",
     ["Quality Inn", "Northway", "Motel Northway"]),
    ("au Motel Le Marquis. Texto : « rox vien me chercher stp chu au marquis chambre 22 ». Appelé le SPVM",
     ["Motel Le Marquis", "marquis"]),
    # A lodging the narrative names with a verb, then by that name.
    ("we went to a motel in Niagara called the Starlite and there were others. the Starlite is room 7.",
     ["Starlite", "Starlite"]),
    # Negatives: a lodging word and a verb; English words quoted after "hotel"; a person named near a motel; a column's
    # gap after « l'hôtel »; a street after a chain.
    ("Le 5, l'hôtel demande notre départ (plaintes de bruit).", []),
    ('offered them "modelling work", "hotel paid", and a card', []),
    ("she was at the motel with a guy named Jace all night", []),
    ("Registre de l'hôtel         Comfort Inn Rivière-du-Loup : ch. 214", ["Comfort Inn Rivière-du-Loup"]),
    ("| SN-4471920 | Comfort Inn Lundy's Lane  | 2024-01-12 |", ["Comfort Inn"]),
])
def test_branches_short_names_and_names_given(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    # The last word of a name of two after an article or enclosed; a lower-case name's short name in capitals.
    ('kept at the Superior Sands Motel on Memorial Ave. He was "just going back to the Sands". Info',
     ["Superior Sands Motel", "Sands"]),
    ("* Whispering Pines Motel, Hwy 17 E\n* Team B (Pines): Cst. Elodie Pruneau", ["Whispering Pines Motel", "Pines"]),
    ("[23:50] Léa : on dort au motel panorama à chicout pis y viennent\n[23:54] Océanne : LE PANORAMA?? c'est là",
     ["motel panorama", "PANORAMA"]),
    # Apposition, capitalised words before a lodging word in lower case, "went to" a lower-case name, an emoji after a
    # branch.
    ("parlait d'un motel sur la Lakeshore, le Chalet Bleu, à cause qu'un gars", ["Chalet Bleu"]),
    ("a girl being kept at the Royal Oak motel on king st east hamilton", ["Royal Oak"]),
    ("did jaz ever go to the starlite motel on dundas in whitby", ["starlite motel"]),
    ("légende « weekend au Quality Inn Dorval 💅 ».", ["Quality Inn Dorval"]),
    # Negatives: a newspaper named like a short name's last word; a town or a given name before "motel"; a street after
    # a short name; a district's or a lodging's word as the last word.
    ("Northern Star Motel on Hwy 11. the Toronto Star wrote about it.", ["Northern Star Motel"]),
    ("the Kingston motel was full, the Kayla motel too", []),
    ("the Superior Sands Motel. Left via the Sands Rd exit.", ["Superior Sands Motel"]),
    ("the Lakeview Suites Hotel. Then the Suites again.", ["Lakeview Suites Hotel"]),
])
def test_last_words_appositions_and_lower_case_lodging_words(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    ("Gloria said she was supposed to be at the Prince Arthur hotel with the others", ["Prince Arthur"]),
    ("We met at the Stoney Creek Lodge on Hwy 8. Later she was at the Stoney Creek lodge again.",
     ["Stoney Creek Lodge", "Stoney Creek lodge"]),
    ('near the Motel Le Manoir du Parc on boul. Maloney. Ads say "incall at the Manoir".', ["Motel Le Manoir du Parc", "Manoir"]),
    ("Adresse : Motel Le Relais 40, boul. Henri-Bourassa. « j'veux pas retourner au Relais » et", ["Motel Le Relais 40", "Relais"]),
    ("20:10   Worker              Called Rideau Inn, Montreal Rd. Night clerk", ["Rideau Inn"]),
    ('TEXTED FROM RM 214 ECONO LODGE WHITBY "COME GET ME".', ["ECONO LODGE WHITBY"]),
    # Negatives: shouted words after a chain are no branch; « su » no part of a lower-case name.
    ("STAFF AT RAMADA REPORT POI CHECKED OUT 2025-10-13 1100.", ["RAMADA"]),
    ("[22:17] B : un hotel su lacordaire inquiete toi pas", []),
])
def test_lower_case_lodging_words_first_words_and_shouted_branches(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names


@pytest.mark.parametrize(("text", "names"), [
    ("[23:17] Jess: a trois-rivieres avec kev pis sa gang, on est au motel le sablier sur la 138", ["motel le sablier"]),
    ("LODGING: SUBJ RENTED RM 6 NORTHERN PINES MOTEL ON HWY 17 W.", ["NORTHERN PINES MOTEL"]),
    ("LOYALTY CARD FOR TRAVELODGE INTERNATIONAL FALLS LOCATED IN RM 6 GARBAGE.", ["TRAVELODGE INTERNATIONAL FALLS"]),
    ("De: Bernadette Chiasson (Gite du Vieux Quai, Caraquet)", ["Gite du Vieux Quai"]),
    ("à l'Auberge des Trois Pins à Magog. Le gérant des Trois Pins confirme", ["Auberge des Trois Pins", "Trois Pins"]),
    ("LIEUX POSSIBLES: MOTEL LE ZÉNITH, LÉVIS; ECONO LODGE QUÉBEC.", ["MOTEL LE ZÉNITH", "ECONO LODGE QUÉBEC"]),
    ("nothin. room at the holiday inn express mississauga is", ["holiday inn express mississauga"]),
    # Negatives: a healing lodge; a column's gap after a name in capitals; a city hall after « l'hôtel de ».
    ("Kiona a été admise au Ma Mawi Youth Healing Lodge à Winnipeg.", []),
    ("2024-01-05   MOTEL LE PRESTIGE      ST-HUBERT QC          189,00", ["MOTEL LE PRESTIGE"]),
    ("  01-07  01:12  PETITCODIAC HOTEL & SUITES, MONCTON NB ..... 179,00 $", ["PETITCODIAC HOTEL & SUITES"]),
    ("rencontre à l'hôtel de l'arrondissement demain", []),
])
def test_sets_bg_and_bh_forms(text: str, names: list[str]) -> None:
    found = sorted((m for m in places.find(text) if m.kind is MentionKind.HOTEL), key=lambda m: m.start)
    assert [m.text for m in found] == names
