"""A person seen in records of several agencies, on every store: a viewer who may see only some of
those records gets the names, aliases, dates, resolution trail and search terms of those alone.

The records go through the real graph builder, so what each record contributed is kept the way
every ingest keeps it."""

from __future__ import annotations

from datetime import date

import pytest

from graph.build import GraphBuilder
from graph.model import FACETS
from graph.resolve.persons import RuleScorer
from graph.store.base import GraphStore
from models.access import SYSTEM, Policy, UserRole, Viewer
from models.records import Record, SourceRef, Subject
from models.vocabulary import Caveat, RecordStatus, RecordType, Role, SourceFormat
from tests.graph.store.test_contract import store  # noqa: F401  (the fixture over every store)

POLICY = Policy()


def _record(agency: str, no: str, subject: Subject, caveats: tuple[Caveat, ...] = ()) -> Record:
    return Record(agency=agency, record_no=no, revision=1, record_type=RecordType.MISSING_PERSON, status=RecordStatus.OPEN,
                  opened=date(2026, 3, int(no)), caveats=caveats, subjects=(subject,), narrative="Synthetic narrative.",
                  source=SourceRef(source=f"mcm_{agency}.jsonl", format=SourceFormat.MCM, position=int(no)))


# One (synthetic) young woman reported by three services; TPS's report adds an alias and a
# spelling, the caveated OPP intelligence report another alias.
RECORDS = (
    _record("OPP", "1", Subject(subject_id="S1", role=Role.MISSING, surname="Moreau", given="Kayla", dob=date(2004, 2, 3),
                                phones=("705-555-0101",))),
    _record("TPS", "2", Subject(subject_id="S1", role=Role.MISSING, surname="Moreau", given="Kaila", dob=date(2004, 2, 3),
                                phones=("705-555-0101",), aliases=("Ghost",))),
    _record("OPP", "3", Subject(subject_id="S1", role=Role.VICTIM, surname="Moreau", given="Kayla", dob=date(2004, 2, 3),
                                phones=("705-555-0101",), aliases=("Birdie",)), caveats=(Caveat.RESTRICTED,)),
)


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:  # noqa: F811
    store.replace(GraphBuilder(RuleScorer()).build(list(RECORDS), {}))
    return store


def _person(graph: GraphStore, viewer: Viewer) -> str:
    ids = graph.entity_ids(viewer=viewer, kinds=frozenset({"person"}))
    assert len(ids) == 1, (viewer.name, ids)  # the three reports resolved to one person
    return ids[0]


@pytest.mark.parametrize(("viewer", "names", "aliases", "joins", "terms"), [
    (SYSTEM, ["Kaila Moreau", "Kayla Moreau"], ["birdie", "ghost"], 2, {"kaila moreau", "kayla moreau", "ghost", "birdie"}),
    # Investigators: their role withholds no field, so the phone's neighbourhood below is theirs to see.
    (POLICY.viewer("opp-investigator", UserRole.INVESTIGATOR, "OPP"), ["Kayla Moreau"], [], 0, {"kayla moreau"}),
    (POLICY.viewer("opp-cleared", UserRole.INVESTIGATOR, "OPP", ["RESTRICTED"]), ["Kayla Moreau"], ["birdie"], 1,
     {"kayla moreau", "birdie"}),
    (POLICY.viewer("tps-investigator", UserRole.INVESTIGATOR, "TPS"), ["Kaila Moreau"], ["ghost"], 0, {"kaila moreau", "ghost"}),
], ids=lambda v: v.name if isinstance(v, Viewer) else None)
def test_a_person_shows_only_what_the_visible_records_say(loaded: GraphStore, viewer: Viewer, names: list[str],
                                                          aliases: list[str], joins: int, terms: set[str]) -> None:
    person = loaded.get_entity(_person(loaded, viewer), viewer=viewer)
    assert person is not None
    assert FACETS not in person.properties
    assert person.properties["names"] == names
    assert person.properties.get("aliases", []) == aliases
    assert person.caption in names
    assert len(person.properties.get("resolution", [])) == joins
    assert all(j["a"].split("#")[0] in _visible(viewer) and j["b"].split("#")[0] in _visible(viewer)
               for j in person.properties.get("resolution", []))
    found = {t for t, e, _ in loaded.search_terms(viewer=viewer) if e == person.id}
    assert found == terms
    # The same through a traversal: the phone's neighbourhood restates the person alike.
    net = loaded.neighbourhood("phone:+17055550101", 1, viewer=viewer)
    (seen,) = [e for e in net.entities if e.id == person.id]
    assert seen.properties == person.properties and seen.caption == person.caption


def _visible(viewer: Viewer) -> set[str]:
    return {r.key for r in RECORDS if viewer.may_see(r.agency, [c.value for c in r.caveats])}


def test_a_viewer_who_sees_every_record_gets_the_stored_entity(loaded: GraphStore) -> None:
    # Not all-access: cleared for both services and the caveat, so nothing is restated away.
    both = Viewer(name="both", role=UserRole.ANALYST, agency="OPP", agencies=frozenset({"OPP", "TPS"}),
                  clearances=frozenset({"RESTRICTED"}))
    assert _visible(both) == {r.key for r in RECORDS}
    pid = _person(loaded, SYSTEM)
    assert loaded.get_entity(pid, viewer=both) == loaded.get_entity(pid, viewer=SYSTEM)


def test_records_that_say_the_same_still_hide_their_joins(store: GraphStore) -> None:  # noqa: F811
    """Nothing to restate in the names, yet the resolution trail names each record's mention."""
    same = [_record(r.agency, r.record_no, r.subjects[0].model_copy(update={"given": "Kayla", "aliases": (), "role": Role.MISSING}), r.caveats)
            for r in RECORDS]
    store.replace(GraphBuilder(RuleScorer()).build(same, {}))
    viewer = POLICY.viewer("opp-analyst", UserRole.ANALYST, "OPP")
    person = store.get_entity(_person(store, viewer), viewer=viewer)
    assert person is not None and person.properties["names"] == ["Kayla Moreau"]
    assert len(_person_joins(store, SYSTEM)) == 2
    assert person.properties.get("resolution", []) == []  # both joins involve a record the analyst may not see


def _person_joins(graph: GraphStore, viewer: Viewer) -> list[object]:
    person = graph.get_entity(_person(graph, viewer), viewer=viewer)
    assert person is not None
    return list(person.properties.get("resolution", []))
