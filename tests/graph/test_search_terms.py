"""Search terms are what each entity kind declares (:attr:`models.vocabulary.EntityKindSpec.search`)."""

from __future__ import annotations

from graph.model import EntityRow
from graph.search_terms import terms_for
from models.vocabulary import EntityKind


def test_search_terms_follow_the_declaration() -> None:
    person = EntityRow(id="person:p", kind=EntityKind.PERSON, caption="Anne Tremblay",
                       properties={"names": ["Anne Tremblay", "Annie Tremblay"], "aliases": ["\u201cLady A\u201d"]})
    plate = EntityRow(id="vehicle:EYSM582", kind=EntityKind.VEHICLE, caption="EYSM 582", properties={"plate": "EYSM 582"})
    address = EntityRow(id="address:x", kind=EntityKind.ADDRESS, caption="12 Elm St, Regina", properties={"key": "12 elm st|regina"})
    assert terms_for(person) == ["anne tremblay", "annie tremblay", "lady a"]  # folded, the alias's quotes gone
    assert terms_for(plate) == ["EYSM582"]
    assert terms_for(address) == []  # an address declares no search terms
