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
