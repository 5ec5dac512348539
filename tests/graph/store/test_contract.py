"""One contract, run against every GraphStore implementation.

The embedded store always runs. Neo4j runs when ``CASELINK_TEST_NEO4J`` names a Bolt URI
(``deploy/local`` starts a real server for it); otherwise its cases skip, saying so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, RecordRow
from graph.store.base import EntityNotFoundError, GraphStore
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM


def provenance_row(owner: str, record: str, when: str = "2025-01-01") -> ProvenanceRow:
    return ProvenanceRow(owner=owner, record_key=record, agency=record.split(":")[0], version="0000000001|", field="f",
                         span_start=None, span_end=None, extractor="test", extractor_version="1", confidence=1.0,
                         caveats=(), when=when)


def world() -> GraphData:
    """victim -SUBJECT_OF- r1 -MENTIONED_IN- phone -USES_PHONE- trafficker; a hub phone shared by many."""
    data = GraphData()
    ents = [("person:victim", "person", "Jolene Meekis", False), ("person:trafficker", "person", "Darcy Moose", False),
            ("record:A:1", "record", "A 1", False), ("record:A:2", "record", "A 2", False),
            ("phone:+17055550101", "phone", "+17055550101", False), ("phone:+18075550100", "phone", "+18075550100", True)]
    ents += [(f"person:kid{i}", "person", f"Kid {i}", False) for i in range(6)]
    for id_, kind, caption, hub in ents:
        data.entities[id_] = EntityRow(id=id_, kind=kind, caption=caption, hub=hub, properties={"names": [caption]},
                                       agencies=("A",), first_seen="2025-01-01", last_seen="2025-01-01")
    links = [("SUBJECT_OF", "person:victim", "record:A:1", "A:1"), ("MENTIONED_IN", "phone:+17055550101", "record:A:1", "A:1"),
             ("USES_PHONE", "person:trafficker", "phone:+17055550101", "A:2"), ("SUBJECT_OF", "person:trafficker", "record:A:2", "A:2")]
    links += [("USES_PHONE", f"person:kid{i}", "phone:+18075550100", "A:2") for i in range(6)]
    links += [("USES_PHONE", "person:victim", "phone:+18075550100", "A:1")]
    for kind, s, t, rec in links:
        lid = f"{kind}:{s}->{t}"
        data.links[lid] = LinkRow(id=lid, kind=kind, source=s, target=t, agencies=("A",), first_seen="2025-01-01", last_seen="2025-01-01")
        data.provenance[lid] = [provenance_row(lid, rec)]
    for id_ in data.entities:
        data.provenance[id_] = [provenance_row(id_, "A:1" if id_ in {"person:victim", "record:A:1"} else "A:2")]
    data.provenance["phone:+17055550101"].append(provenance_row("phone:+17055550101", "A:1"))
    for key in ("A:1", "A:2"):
        data.records[key] = RecordRow(key=key, agency="A", record_no=key[2:], version="0000000001|", entity_id=f"record:{key}",
                                      payload={"narrative": "<script>alert(1)</script>' OR '1'='1"}, subjects={}, mentions=[])
    return data


def _stores() -> list[str]:
    return ["embedded", "neo4j"]


@pytest.fixture(params=_stores())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "embedded":
        s: GraphStore = EmbeddedGraphStore(tmp_path / "graph.db")
    else:
        uri = os.environ.get("CASELINK_TEST_NEO4J")
        if not uri:
            pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
        from graph.store.neo4j import Neo4jGraphStore

        password = os.environ.get("CASELINK_NEO4J_PASSWORD")
        neo = Neo4jGraphStore(uri, auth=("neo4j", password) if password else None)
        neo.clear()
        s = neo
    try:
        yield s
    finally:
        s.close()


def test_replace_is_idempotent_and_diffs(store: GraphStore) -> None:
    first = store.replace(world())
    assert first.entities_written == 12 and first.links_written == 11
    again = store.replace(world())
    assert again.entities_written == again.links_written == again.records_written == 0
    smaller = world()
    del smaller.entities["person:kid0"]
    del smaller.links["USES_PHONE:person:kid0->phone:+18075550100"]
    stats = store.replace(smaller)
    assert stats.entities_deleted == 1 and stats.links_deleted == 1
    assert store.get_entity("person:kid0", viewer=SYSTEM) is None


def test_reads(store: GraphStore) -> None:
    store.replace(world())
    row = store.get_entity("person:victim", viewer=SYSTEM)
    assert row is not None and row.caption == "Jolene Meekis" and row.properties == {"names": ["Jolene Meekis"]}
    assert {lk.id for lk in store.links_of(["person:victim"], viewer=SYSTEM)} == {
        "SUBJECT_OF:person:victim->record:A:1", "USES_PHONE:person:victim->phone:+18075550100"}
    assert {p.record_key for p in store.provenance(["phone:+17055550101"], viewer=SYSTEM)} == {"A:1", "A:2"}
    rec = store.record("A:1", viewer=SYSTEM)
    assert rec is not None and rec.payload["narrative"] == "<script>alert(1)</script>' OR '1'='1"
    assert ("jolene meekis", "person:victim", "person") in store.search_terms(viewer=SYSTEM)


def test_network_does_not_expand_hubs(store: GraphStore) -> None:
    store.replace(world())
    net = store.neighbourhood("person:victim", 2, viewer=SYSTEM)
    ids = {e.id for e in net.entities}
    assert "phone:+18075550100" in ids and "person:kid0" not in ids
    assert net.hubs_not_expanded == ["phone:+18075550100"]
    assert "phone:+17055550101" in ids


def test_paths_never_cross_a_hub(store: GraphStore) -> None:
    store.replace(world())
    found = store.paths("person:victim", "person:trafficker", 4, viewer=SYSTEM)
    assert [[n.id for n in p.nodes] for p in found] == [
        ["person:victim", "record:A:1", "phone:+17055550101", "person:trafficker"]]
    assert [h.records for h in found[0].hops] == [["A:1"], ["A:1"], ["A:2"]]
    assert store.paths("person:kid1", "person:victim", 2, viewer=SYSTEM) == []
    with pytest.raises(EntityNotFoundError):
        store.paths("person:victim", "person:nobody", 3, viewer=SYSTEM)


def test_purge_removes_what_only_that_record_supported(store: GraphStore) -> None:
    store.replace(world())
    store.purge_record("A:1")
    assert store.get_entity("person:victim", viewer=SYSTEM) is None and store.record("A:1", viewer=SYSTEM) is None
    assert store.get_entity("phone:+17055550101", viewer=SYSTEM) is not None  # also supported by A:2
    assert {p.record_key for p in store.provenance(["phone:+17055550101"], viewer=SYSTEM)} == {"A:2"}
    assert not store.links_of(["record:A:1"], viewer=SYSTEM)
    assert store.counts(viewer=SYSTEM)["records"] == 1


def _another(store: GraphStore) -> GraphStore:
    """A second connection to the same store, as another consumer process has."""
    if isinstance(store, EmbeddedGraphStore):
        return EmbeddedGraphStore(store.path)
    from graph.store.neo4j import Neo4jGraphStore

    password = os.environ.get("CASELINK_NEO4J_PASSWORD")
    return Neo4jGraphStore(os.environ["CASELINK_TEST_NEO4J"], auth=("neo4j", password) if password else None)


def _smaller() -> GraphData:
    data = world()
    del data.entities["person:kid0"]
    del data.links["USES_PHONE:person:kid0->phone:+18075550100"]
    return data


def test_a_writer_diffs_from_what_it_wrote_until_another_write_or_a_purge(store: GraphStore) -> None:
    """A store remembers the digests its last complete write left while the graph carries that write's mark; a write by
    another consumer (another mark) or a purge makes it read them back, so nothing another wrote is taken as held."""
    store.replace(world(), mark="m1")
    same = store.replace(world(), mark="m2")
    assert same.entities_written == same.links_written == same.records_written == 0
    other = _another(store)
    try:
        other.replace(_smaller(), mark="other")  # kid0 leaves the graph through another consumer
    finally:
        other.close()
    back = store.replace(world(), mark="m3")
    assert back.entities_written == 1 and back.links_written == 1  # kid0 written again, not taken as still held
    assert store.get_entity("person:kid0", viewer=SYSTEM) is not None
    elsewhere = _another(store)
    try:
        elsewhere.purge_record("A:1")  # another consumer's purge: the mark goes, so this writer cannot trust its memory
    finally:
        elsewhere.close()
    assert store.sync_mark() is None
    again = store.replace(world(), mark="m4")
    assert again.records_written == 1 and store.get_entity("person:victim", viewer=SYSTEM) is not None
    fresh = _another(store)
    try:
        assert fresh.fingerprint() == store.fingerprint()
    finally:
        fresh.close()
