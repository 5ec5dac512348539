"""Ids are made in the form each entity kind declares, and are stable across builds."""

from __future__ import annotations

import pytest

from models.ids import contact_mention, entity_id, link_id, mention_key, person_id, record_id, stable_hash, subject_mention
from models.vocabulary import ENTITY_KINDS, EntityKind, KeyForm, LinkKind


@pytest.mark.parametrize(("kind", "key", "expected"), [
    (EntityKind.PHONE, "+13065550175", "phone:+13065550175"),
    (EntityKind.VEHICLE, "EYSM 582", "vehicle:EYSM582"),
    (EntityKind.PLACE, "lakeview motel|kingston", "place:lakeview-motel-kingston"),
    (EntityKind.ADDRESS, "12 elm st|regina", "address:" + stable_hash("12 elm st|regina")[:16]),
    (EntityKind.RECORD, "TPS:24-1", "record:TPS:24-1"),
])
def test_an_entity_id_takes_the_form_its_kind_declares(kind: EntityKind, key: str, expected: str) -> None:
    assert entity_id(kind, key) == expected


def test_every_key_form_is_used_by_some_kind() -> None:
    assert {spec.key for spec in ENTITY_KINDS.values()} == set(KeyForm)


def test_person_and_record_ids() -> None:
    assert person_id("TPS:1#S1") == person_id("TPS:1#S1") != person_id("TPS:1#S2")
    assert person_id("TPS:1#S1").startswith("person:")
    assert record_id("OPP:7") == "record:OPP:7"
    assert link_id(LinkKind.SUBJECT_OF, "person:a", "record:OPP:7") == "SUBJECT_OF:person:a->record:OPP:7"


@pytest.mark.parametrize(("field", "expected"), [
    ("subjects[S2]", "OPP:7#S2"), ("contacts[0]", "OPP:7#C1"), ("contacts[x]", None), ("narrative", None), (None, None),
])
def test_a_provenance_field_names_its_person_mention(field: str | None, expected: str | None) -> None:
    assert mention_key("OPP:7", field) == expected


def test_mention_keys_round_trip() -> None:
    assert mention_key("OPP:7", "subjects[S1]") == subject_mention("OPP:7", "S1")
    assert mention_key("OPP:7", "contacts[2]") == contact_mention("OPP:7", 2)
