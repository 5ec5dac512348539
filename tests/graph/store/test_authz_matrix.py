"""The authorisation matrix on every store: for every role x agency x extra caveats, every read
(entities, links, provenance, records, search terms, counts, network, paths) shows exactly what the
policy allows, computed independently by :class:`tests.authz_world.Oracle`; traversal never
passes through a hidden node and no count includes one."""

from __future__ import annotations

import pytest

from graph.store.base import EntityNotFoundError, GraphStore
from models.access import SYSTEM, Viewer
from tests.authz_world import ENTITIES, LINKS, RECORDS, Oracle, viewers, world
from tests.graph.store.test_contract import store  # noqa: F401  (the fixture over every store)

ALL_IDS = sorted(ENTITIES)
ALL_LINKS = sorted(f"{k}:{s}->{t}" for k, s, t, _ in LINKS)


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:  # noqa: F811
    store.replace(world())
    return store


def _check(graph: GraphStore, viewer: Viewer) -> None:
    want = Oracle(viewer)
    name = viewer.name
    assert graph.counts(viewer=viewer) == want.counts(), name
    assert {e.id for e in graph.get_entities(ALL_IDS, viewer=viewer)} == want.entities, name
    assert {lk.id for lk in graph.links_of(ALL_IDS, viewer=viewer)} == want.links, name
    assert {p.record_key for p in graph.provenance(ALL_IDS + ALL_LINKS, viewer=viewer)} <= want.records, name
    assert {k for k in RECORDS if graph.record(k, viewer=viewer) is not None} == want.records, name
    assert {e for _, e, _ in graph.search_terms(viewer=viewer)} == want.entities, name
    assert set(graph.entity_ids(viewer=viewer)) == want.entities, name
    # Labels and dates are restated from the visible records only.
    for row in graph.get_entities(ALL_IDS, viewer=viewer) + graph.links_of(ALL_IDS, viewer=viewer):
        assert set(row.agencies) <= {r[0] for r in want.records}, (name, row.id)
        assert set(row.caveats) <= {c for r in want.records for c in RECORDS[r]}, (name, row.id)
    # Property level: the youth's date of birth only for viewers cleared for YOUTH.
    youth = graph.get_entity("person:Y", viewer=viewer)
    if youth is not None:
        assert ("dobs" in youth.properties) == (viewer.all_access or "YOUTH" in viewer.clearances), name
    # Traversal: exactly the visible graph within the depth, nothing cut, nothing counted that is hidden.
    for start in sorted(want.entities):
        net = graph.neighbourhood(start, 3, viewer=viewer)
        assert {e.id for e in net.entities} == set(want.within(start, 3)), (name, start)
        assert (net.truncated, net.filtered_by_kind, net.filtered_by_date) == (0, 0, 0)
        assert {lk.id for lk in net.links} <= want.links
    for hidden in sorted(set(ENTITIES) - want.entities):
        assert graph.get_entity(hidden, viewer=viewer) is None
        with pytest.raises(EntityNotFoundError):
            graph.neighbourhood(hidden, 1, viewer=viewer)
    # Paths: V reaches W only through H (the informant); never through a hidden node.
    if {"person:V", "person:W"} <= want.entities:
        found = graph.paths("person:V", "person:W", 6, viewer=viewer)
        reach = want.within("person:V", 6)
        assert bool(found) == ("person:W" in reach), name
        for p in found:
            assert all(n.id in want.entities for n in p.nodes)
            assert all(set(h.records) <= want.records for h in p.hops)


def test_every_role_agency_and_caveat_sees_exactly_what_the_policy_allows(loaded: GraphStore) -> None:
    matrix = viewers()
    assert len(matrix) == 1 + 3 * 3 * 4
    for viewer in matrix:
        _check(loaded, viewer)


def test_the_planted_cases(loaded: GraphStore) -> None:
    by_name = {v.name: v for v in viewers()}
    analyst_a = by_name["analyst-A-none"]
    # B shares with A, not the other way round.
    assert loaded.record("B:1", viewer=analyst_a) is not None
    assert loaded.record("A:1", viewer=by_name["analyst-B-none"]) is None
    # The informant H: V -[A:1]- H is a link from a visible record, but H is hidden, so it is too.
    assert "CONTACT_OF:person:V->person:H" not in {lk.id for lk in loaded.links_of(["person:V"], viewer=analyst_a)}
    net = loaded.neighbourhood("person:V", 3, viewer=analyst_a)
    assert "person:H" not in {e.id for e in net.entities} and "person:W" not in {e.id for e in net.entities}
    assert loaded.paths("person:V", "person:W", 6, viewer=analyst_a) == []
    # The shared phone: its labels say only what the viewer may see.
    phone = loaded.get_entity("phone:+17055550101", viewer=analyst_a)
    assert phone is not None and phone.agencies == ("A", "B") and phone.caveats == ()
    informed = by_name["analyst-C-INFORMANT"]
    near_h = {e.id for e in loaded.neighbourhood("person:H", 1, viewer=informed).entities}
    assert near_h == {"person:H", "phone:+17055550101", "record:C:1"}  # W is A's: the H-W link stays hidden
    phone_c = loaded.get_entity("phone:+17055550101", viewer=informed)
    assert phone_c is not None and phone_c.agencies == ("C",) and phone_c.caveats == ("INFORMANT",)
    # The youth, visible to analysts of A through B:1, without a date of birth; Crown of A sees it and the YOUTH record.
    youth = loaded.get_entity("person:Y", viewer=analyst_a)
    assert youth is not None and "dobs" not in youth.properties and youth.caveats == () and youth.agencies == ("B",)
    crown = loaded.get_entity("person:Y", viewer=by_name["crown-A-none"])
    assert crown is not None and crown.properties["dobs"] == ["2011-04-02"] and crown.caveats == ("YOUTH",)
    # The system sees everything, labels as stored.
    assert loaded.counts(viewer=SYSTEM)["entities"] == len(ENTITIES)


def test_a_minor_victims_record_stays_visible_without_her(loaded: GraphStore) -> None:
    by_name = {v.name: v for v in viewers()}
    analyst, investigator = by_name["analyst-A-none"], by_name["investigator-A-none"]  # investigators hold VICTIM_MINOR
    assert loaded.record("A:4", viewer=analyst) is not None
    assert loaded.get_entity("person:S", viewer=analyst) is not None
    assert loaded.get_entity("person:M", viewer=analyst) is None
    assert {e.id for e in loaded.neighbourhood("record:A:4", 1, viewer=analyst).entities} == {"record:A:4", "person:S"}
    assert {e.id for e in loaded.neighbourhood("record:A:4", 1, viewer=investigator).entities} == {"record:A:4", "person:S", "person:M"}
    assert "mia minor" not in {t for t, _, _ in loaded.search_terms(viewer=analyst)}
