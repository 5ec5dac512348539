"""Names in narratives as the build reads them (:mod:`graph.build.names`): a full name no record's subject carries is a
person known by that name, one across records; a youth's initials are a mention of their record only, never a person
two records share."""

from __future__ import annotations

import pytest

from graph.build import GraphBuilder
from graph.resolve.persons import RuleScorer
from models.records import Record
from models.vocabulary import EntityKind, MentionKind
from nlp.extract import Extractor


def _record(key: str, narrative: str) -> Record:
    agency, no = key.split(":")
    return Record.model_validate({
        "agency": agency, "record_no": no, "record_type": "HUMAN_TRAFFICKING", "status": "OPEN", "narrative": narrative,
        "source": {"source": "hand.jsonl", "format": "mcm", "position": 1}})


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(("lang", "first", "second", "name", "shared"), [
    # The same full name in two services' records: one person known by that name.
    ("en", "The complainant named Jordan Keewatin as the driver.", "Jordan Keewatin was seen at the Days Inn.", "Jordan Keewatin", True),
    # Initials, as courts and analysts name youths: two records' "T. K." are no one person.
    ("fr", "Victimes identifiées : A.-L. B. (16 ans), T. K. (15 ans).", "La plaignante T. K. (15 ans) a été vue à Laval.", "T. K.", False),
    ("en", "The complainant, S.M., was fifteen.", "R. v. S.M. / Restrictions on publication apply.", "S.M.", False),
])
def test_a_name_joins_records_and_initials_do_not(extractor: Extractor, lang: str, first: str, second: str, name: str,
                                                  shared: bool) -> None:
    records = [_record("OPP:1", first), _record("SPVM:2", second)]
    mentions = {r.key: extractor.extract(r.narrative, lang=lang) for r in records}
    said = {key: [m for m in ms if m.kind is MentionKind.PERSON and m.text == name] for key, ms in mentions.items()}
    assert all(said.values()), f"the extractor did not find {name!r} in both records: {said}"
    data = GraphBuilder(RuleScorer()).build(records, mentions)
    entities = {key: {m["entity"] for m in row.mentions if m["kind"] == "person" and m["text"] == name}
                for key, row in data.records.items()}
    people = {e.id for e in data.entities.values() if e.kind is EntityKind.PERSON}
    if shared:
        assert entities["OPP:1"] == entities["SPVM:2"] and entities["OPP:1"] <= people and None not in entities["OPP:1"]
    else:
        assert entities == {"OPP:1": {None}, "SPVM:2": {None}}
        assert not any(name.lower() in " ".join(e.properties.get("names", [])).lower() for e in data.entities.values()
                       if e.kind is EntityKind.PERSON)
