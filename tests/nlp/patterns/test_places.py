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
]


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
])
def test_lodging_words_alone_are_not_hotels(text: str) -> None:
    assert [m for m in places.find(text) if m.kind is MentionKind.HOTEL] == []


def test_function_words_are_trimmed_anywhere_in_the_text() -> None:
    text = "She said so. At Lakeview Motel the clerk agreed. Near The Royal Hotel in Kenora."
    assert [m.text for m in places.find(text) if m.kind is MentionKind.HOTEL] == ["Lakeview Motel", "Royal Hotel"]
