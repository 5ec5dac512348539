"""The one diff both graph stores write by: what changed, what is gone, and that provenance counts."""

from __future__ import annotations

from dataclasses import replace

from graph.model import GraphData
from graph.store.diff import diff, owner_digest
from tests.graph.store.test_contract import provenance_row, world


def _held(data: GraphData) -> dict[str, dict[str, str]]:
    """The digests a store holding ``data`` keeps."""
    plan = diff(data, entities={}, links={}, records={})
    return {"entities": plan.entities.want, "links": plan.links.want, "records": plan.records.want}


def test_a_graph_written_again_changes_nothing() -> None:
    data = world()
    plan = diff(data, **_held(data))
    assert (plan.entities.changed, plan.entities.gone, plan.links.changed, plan.links.gone, plan.records.changed,
            plan.records.gone) == ([], [], [], [], [], [])
    assert plan.stats().entities_written == 0


def test_an_empty_store_gets_everything_in_the_graphs_order() -> None:
    data = world()
    plan = diff(data, entities={}, links={}, records={})
    assert plan.entities.changed == list(data.entities)
    assert plan.links.changed == list(data.links)
    assert plan.stats().entities_written == len(data.entities) > 0


def test_new_provenance_alone_rewrites_its_owner() -> None:
    before = world()
    held = _held(before)
    after = world()
    owner = "person:victim"
    after.provenance[owner] = [*after.provenance.get(owner, []), provenance_row(owner, "B:9")]
    plan = diff(after, **held)
    assert plan.entities.changed == [owner]
    assert plan.entities.want[owner] == owner_digest(after.entities[owner], after.provenance[owner]) != held["entities"][owner]


def test_removed_and_edited_rows() -> None:
    before = world()
    held = _held(before)
    after = world()
    del after.entities["person:kid0"]
    after.entities["person:kid1"] = replace(after.entities["person:kid1"], caption="Kid One")
    plan = diff(after, **held)
    assert plan.entities.gone == ["person:kid0"]
    assert plan.entities.changed == ["person:kid1"]
    stats = plan.stats()
    assert (stats.entities_written, stats.entities_deleted) == (1, 1)
