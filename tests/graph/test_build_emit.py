"""The emitter draws a link only between the entity kinds its link kind declares."""

from __future__ import annotations

import pytest

from graph.build.emit import Emitter
from models.vocabulary import EntityKind, LinkKind


def test_a_link_between_declared_ends_is_drawn() -> None:
    emit = Emitter()
    emit.entity("person:p", EntityKind.PERSON, "Anne Roy")
    emit.entity("phone:+13065550175", EntityKind.PHONE, "+13065550175", value="+13065550175")
    link = emit.link(LinkKind.USES_PHONE, "person:p", "phone:+13065550175")
    assert (link.kind, link.source, link.target) == (LinkKind.USES_PHONE, "person:p", "phone:+13065550175")


@pytest.mark.parametrize(("kind", "source", "target"), [
    (LinkKind.USES_PHONE, "phone:+13065550175", "person:p"),  # the wrong way round
    (LinkKind.LIVES_AT, "person:p", "phone:+13065550175"),  # a phone is not an address
    (LinkKind.USES_PHONE, "person:p", "phone:+19995550000"),  # an end never emitted
])
def test_a_link_the_vocabulary_does_not_declare_is_refused(kind: LinkKind, source: str, target: str) -> None:
    emit = Emitter()
    emit.entity("person:p", EntityKind.PERSON, "Anne Roy")
    emit.entity("phone:+13065550175", EntityKind.PHONE, "+13065550175", value="+13065550175")
    with pytest.raises(ValueError, match=kind.value):
        emit.link(kind, source, target)
    assert emit.data.links == {}


def test_a_keyed_entity_takes_its_id_and_caption_from_its_kind() -> None:
    emit = Emitter()
    row = emit.keyed(EntityKind.VEHICLE, "EYSM 582", plate="EYSM 582")
    assert (row.id, row.caption, row.properties["plate"]) == ("vehicle:EYSM582", "EYSM 582", "EYSM 582")
    record = emit.keyed(EntityKind.RECORD, "TPS:24-1", agency="TPS", record_no="24-1")
    assert (record.id, record.caption) == ("record:TPS:24-1", "TPS 24-1")


def test_a_kind_whose_caption_the_build_words_is_not_keyed() -> None:
    with pytest.raises(ValueError, match="person"):
        Emitter().keyed(EntityKind.PERSON, "TPS:1#S1", names=["Anne Roy"])
