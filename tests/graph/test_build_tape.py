"""A build keeps each record's emission while what it read still holds, and folds again only the nodes and edges a
change reaches (graph.build.tape): on the dev world, a commit of one record emits a handful of records again and its
graph equals a build from scratch of the same records, whatever the change (a narrative, a subject's phone, a
subject's surname that moves them to another person, a record gone, an investigator's decision)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.build import GraphBuilder
from graph.collector import collector_paused
from graph.mention_cache import MentionCache
from graph.model import GraphData
from graph.resolve.decisions import Decision
from graph.service import fresh_builder
from graph.store.diff import owner_digest
from ingest.ledger import Ledger
from models.database import open_database
from models.ids import subject_mention
from models.layout import StoreLayout
from models.records import Record
from models.settings import Settings
from nlp.extract import Extractor


@pytest.fixture(scope="module")
def world(linked_dev: Path) -> Iterator[tuple[list[Record], MentionCache, Settings]]:
    settings = Settings(store=linked_dev, env="test")
    ledger = Ledger(linked_dev / "caselink.db")
    cache = MentionCache(open_database(settings.state, StoreLayout.of(settings).mentions_db), Extractor())
    try:
        yield sorted(ledger.current_records(), key=lambda r: r.key), cache, settings
    finally:
        ledger.close()
        cache.close()


def _build(builder: GraphBuilder, records: list[Record], cache: MentionCache, decisions: list[Decision]) -> GraphData:
    with collector_paused():
        return builder.build(records, cache.for_records(records), decisions)


def _narrative(r: Record) -> Record:
    return r.model_copy(update={"revision": (r.revision or 0) + 1, "narrative": f"{r.narrative} Seen again near the station."})


def _phone(r: Record) -> Record:
    first = r.subjects[0]
    return r.model_copy(update={"revision": (r.revision or 0) + 1, "subjects": (
        first.model_copy(update={"phones": (*first.phones, "(416) 555-0199")}), *r.subjects[1:])})


def _surname(r: Record) -> Record:
    return r.model_copy(update={"revision": (r.revision or 0) + 1, "subjects": tuple(
        s.model_copy(update={"surname": f"{s.surname or ''}zz"}) for s in r.subjects)})


CHANGES: dict[str, Callable[[Record], Record | None]] = {
    "narrative": _narrative, "subject's phone": _phone, "subject's surname": _surname, "record gone": lambda r: None}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_commit_of_one_record_emits_few_records_and_equals_a_build_from_scratch(
        world: tuple[list[Record], MentionCache, Settings], change: str) -> None:
    records, cache, settings = world
    builder = fresh_builder(settings)
    _build(builder, records, cache, [])
    assert builder.last_emitted[0] == len(records)  # a first build emits every record
    # a record with a subject that shares its person with another record, so that the change reaches beyond it
    target = next(r for r in records if r.subjects and r.narrative and sum(
        1 for o in records if o.subjects and o.subjects[0].surname == r.subjects[0].surname) > 1)
    revised = CHANGES[change](target)
    after = [revised if r.key == target.key else r for r in records if r.key != target.key or revised is not None]
    live = _build(builder, after, cache, [])
    emitted, finished = builder.last_emitted
    # the record revised (none for a record gone) and those whose reads the change moved, not the world
    assert (emitted >= 1) is (revised is not None) and emitted <= len(records) // 20, emitted
    assert 0 < finished < len(live.entities) // 5
    scratch = _build(fresh_builder(settings), after, cache, [])
    assert live == scratch
    _digests_hold(live)


def _digests_hold(data: GraphData) -> None:
    """Every digest the build hands the store is the digest of what it hands it (a kept digest that went stale, or one
    keyed by another row's id, would make the store skip a write or rewrite the wrong row)."""
    for owner, row in (*data.entities.items(), *data.links.items()):
        assert data.digests[owner] == owner_digest(row, data.provenance.get(owner, ())), owner
    assert data.record_digests == {k: r.digest() for k, r in data.records.items()}


def test_an_investigator_s_decision_emits_the_records_of_both_persons_again(
        world: tuple[list[Record], MentionCache, Settings]) -> None:
    records, cache, settings = world
    builder = fresh_builder(settings)
    _build(builder, records, cache, [])
    a, b = [r for r in records if r.subjects][:2]
    decision = Decision(id=1, a=subject_mention(a.key, a.subjects[0].subject_id), b=subject_mention(b.key, b.subjects[0].subject_id),
                        verdict="same", user="test", agency=None, reason="test", decided_at="2026-12-06T00:00:00+00:00")
    live = _build(builder, records, cache, [decision])
    assert builder.last_emitted[0] >= 2
    assert live == _build(fresh_builder(settings), records, cache, [decision])
    _digests_hold(live)
