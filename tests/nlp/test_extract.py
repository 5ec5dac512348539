from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.graph import Mention
from models.vocabulary import MentionKind
from nlp.extract import Extractor, split_for_ner
from tests.nlp.conftest import subject

EN = (
    "Brianna was last seen on June 2, 2025 near the Harbourview Motel in Parry Sound. A cousin says she left with "
    '"Smoke" in a grey Nissan Rogue, plate CKTR 215. Her aunt says she got many calls from (705) 555-0143. '
    "She had been talking to Ms. Whitlock, whom she met on Snapchat (lil_tee_44)."
)
FR = (
    "Selon la Police provinciale de l'Ontario (PPO), Brianna aurait été vue le 2 juin 2025 près du Relais Boréal Lodge "
    "à Kapuskasing. Elle serait partie avec « Tito » à bord d'une Mazda3 grise, plaque BXWT 904. Sa tante indique "
    "qu'elle recevait des appels du 705.555.0143."
)
SUBJECTS = [subject("S1", "Brianna", "Lacroix", sex="F"), subject("S2", "Dana", "Whitlock", sex="F")]


def kinds(mentions: list[Mention]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in mentions:
        out.setdefault(m.kind.value, []).append(m.value or "")
    return out


def test_an_english_narrative(extractor: Extractor) -> None:
    found = extractor.extract(EN, subjects=SUBJECTS)
    got = kinds(found)
    assert got["phone"] == ["+17055550143"]
    assert got["plate"] == ["CKTR 215"]
    assert got["hotel"] == ["harbourview motel|parry sound"]
    assert got["alias"] == ["smoke"]
    assert got["handle"] == ["lil_tee_44"]
    assert got["date"] == ["2025-06-02"]
    people = {(m.text, m.subject_id) for m in found if m.kind is MentionKind.PERSON}
    assert people == {("Brianna", "S1"), ("Ms. Whitlock", "S2")}


def test_a_french_narrative_names_an_organisation_not_a_person(extractor: Extractor) -> None:
    found = extractor.extract(FR, subjects=SUBJECTS)
    assert extractor.language(FR) == "fr"
    orgs = [m for m in found if m.kind is MentionKind.ORGANISATION]
    assert [m.text for m in orgs] == ["Police provinciale de l'Ontario (PPO)"]
    ppo = FR.index("Police")
    assert not [m for m in found if m.kind is MentionKind.PERSON and m.start < ppo + 37 and m.end > ppo]
    got = kinds(found)
    assert got["phone"] == ["+17055550143"]
    assert got["plate"] == ["BXWT 904"]
    assert got["alias"] == ["tito"]
    assert got["date"] == ["2025-06-02"]
    hotel = next(m for m in found if m.kind is MentionKind.HOTEL)
    assert (hotel.text, hotel.attrs["city"]) == ("Relais Boréal Lodge", "Kapuskasing")
    assert [(m.text, m.subject_id) for m in found if m.kind is MentionKind.PERSON] == [("Brianna", "S1")]


@pytest.mark.parametrize(("text", "persons", "cities"), [
    # A given name and a surname after « de » are someone's (NER may read them as a place).
    ("Elle a été retrouvée au Days Inn d'Edmundston dans la chambre de Brandon Dugas, 25 ans.", ["Brandon Dugas"], []),
    ("Elle est partie de Trois-Rivières vers la région de Saint-Jérôme avec lui.", [], ["Trois-Rivières", "Saint-Jérôme"]),
])
def test_a_person_after_de_is_no_city(extractor: Extractor, text: str, persons: list[str], cities: list[str]) -> None:
    found = extractor.extract(text, lang="fr")
    assert [m.text for m in found if m.kind is MentionKind.PERSON] == persons
    assert [m.text for m in found if m.kind is MentionKind.CITY] == cities


@pytest.mark.parametrize("text", [
    "Statement from <script>alert('x')</script>: nothing further.",
    "Statement from Robert\"); MATCH (n) DETACH DELETE n; //: nothing further.",
    "GET /search?q=%27+OR+1%3D1--&phone=905-555-0106&plate=ABCD123 HTTP/1.1",
    "${jndi:ldap://127.0.0.1/a} ' OR '1'='1 -- <img src=x onerror=alert(1)>",
    "\x00\x01\u202e\ufeff\ud7ff" + "a" * 5000,
    "Ünïcödé 𝓝𝓪𝓶𝓮 ＡＤＭＩＮ ​‌‍",
    "",
    "    \n\t  ",
])
def test_hostile_text_gives_plain_mentions_or_none(extractor: Extractor, text: str) -> None:
    found = extractor.extract(text)
    for m in found:
        assert text[m.start:m.end] == m.text
        Mention.model_validate(m.model_dump())
    assert all(m.kind in (MentionKind.PHONE, MentionKind.PLATE) for m in found if "GET" in text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_extracts_without_error(extractor: Extractor, text: str) -> None:
    for m in extractor.extract(text):
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)


def test_extract_many_keeps_input_order_across_languages(extractor: Extractor) -> None:
    items = [(EN, "auto", SUBJECTS), (FR, "auto", SUBJECTS), ("", "auto", ()), ("Call 613-555-0199.", "en", ()),
             (FR, "fr", SUBJECTS)] * 3
    many = list(extractor.extract_many(items, batch_size=2))
    assert many == [extractor.extract(text, lang=lang, subjects=subjects) for text, lang, subjects in items]


def test_a_declared_language_is_a_hint(extractor: Extractor) -> None:
    assert extractor.language(EN, "fr") == "en"  # the francophone service's officers write English too
    assert extractor.language(FR, "en") == "fr"
    assert extractor.language(FR, "auto") == "fr"
    assert extractor.language("Brianna, 905-555-0106.", "fr-CA") == "fr"  # no evidence: the hint stands
    assert extractor.language("Brianna, 905-555-0106.", "auto") == "en"


def test_the_version_names_extractors_and_models_without_loading_them() -> None:
    fresh = Extractor()
    assert fresh.version == Extractor().version
    assert fresh.version.startswith("1.0+")
    assert fresh.pipelines.loaded() == ()


def test_long_texts_are_cut_for_ner_and_offsets_stay_right(extractor: Extractor) -> None:
    sentence = "Curtis Whitlock called 905-555-0106 from the Harbourview Motel in Parry Sound. "
    text = sentence * 3000  # ~240 000 characters: more than one spaCy call
    pieces = split_for_ner(text)
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == text
    found = extractor.extract(text)
    phones = [m for m in found if m.kind is MentionKind.PHONE]
    assert len(phones) == 3000
    assert all(text[m.start:m.end] == m.text for m in found)


def test_mentions_say_who_made_them(extractor: Extractor) -> None:
    for m in extractor.extract(EN, subjects=SUBJECTS):
        assert m.extractor and m.extractor_version
        assert 0 < m.confidence <= 1


def test_two_processes_give_the_same_mentions(extractor: Extractor) -> None:
    items = [(EN, "auto", SUBJECTS), (FR, "auto", SUBJECTS), ("Call 613-555-0199.", "auto", ())] * 4
    one = list(extractor.extract_many(items, batch_size=4))
    two = list(extractor.extract_many(items, batch_size=4, n_process=2))
    assert two == one


def test_a_lone_surrogate_reaches_no_model(extractor: Extractor) -> None:
    """Bytes no encoding could read stay in a narrative as lone surrogates (the ledger keeps them as written): the
    extraction still runs, and the mentions' offsets are the narrative's."""
    text = "Seen with Kayla Brown at the Super 8, call 613-555-0142 \udcff\udcfe today."
    mentions = extractor.extract(text, lang="en")
    assert {m.kind.value: m.text for m in mentions if m.kind.value in ("phone", "hotel")} == {
        "phone": "613-555-0142", "hotel": "Super 8"}
    assert all(text[m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize(("text", "value"), [
    # A surname in capitals before given names the lexicon lacks: the register's order, kept in the person's value so
    # that "ZHOU Yanping" and a record's "Yanping Zhou" read alike.
    ("Later identified by her photo card as ZHOU Yanping (b. 1986). She says she is the manager.", "yanping zhou"),
    ("She was found with Kevin MOREAU at the station.", "kevin moreau"),
])
def test_a_surname_in_capitals_first_is_read_as_the_surname(extractor: Extractor, text: str, value: str) -> None:
    values = [m.value for m in extractor.extract(text, lang="en") if m.kind is MentionKind.PERSON]
    assert value in values
