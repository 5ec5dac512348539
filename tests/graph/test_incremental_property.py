"""Commit by commit equals a rebuild: random sequences of new records, revisions, purges and investigators'
decisions, each committed through a long-lived :class:`~graph.service.GraphSync` (its resolver and builder
keep what earlier commits computed), leave the same graph as a build from scratch of the final records
(:func:`~graph.service.verify_rebuild`, what ``caselink rebuild --verify`` runs)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.service import STATISTICS, fresh_builder, open_graph_sync, rebuild_from_scratch, stamped_statistics, verify_rebuild
from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.ids import subject_mention
from models.layout import StoreLayout
from models.records import Record
from models.settings import Settings
from models.vocabulary import RecordStatus
from nlp.extract import Extractor

#: Records drawn from the dev world: those of its most shared surnames, so that records link and split.
POOL = 18


@pytest.fixture(scope="module")
def pool(linked_dev: Path) -> list[Record]:
    ledger = Ledger(linked_dev / "caselink.db")
    try:
        records = sorted(ledger.current_records(), key=lambda r: r.key)
    finally:
        ledger.close()
    surnames = Counter(s.surname for r in records for s in r.subjects if s.surname)
    common = {name for name, _ in surnames.most_common(6)}
    chosen = [r for r in records if any(s.surname in common for s in r.subjects)][:POOL]
    assert len(chosen) == POOL
    return chosen


@pytest.fixture(scope="module")
def extractor() -> Iterator[Extractor]:
    yield Extractor()


def _revised(record: Record, step: int, change: int) -> Record:
    """A later revision of ``record`` that changes what links: its narrative, a subject's phones, or its subjects' surnames."""
    update: dict[str, object] = {"revision": (record.revision or 0) + step, "status": record.status
                                 if record.status is not RecordStatus.PURGED else RecordStatus.OPEN}
    if change == 0:
        update["narrative"] = f"{record.narrative} She was seen again with a man who calls himself Jay."
    elif change == 1 and record.subjects:
        first = record.subjects[0]
        update["subjects"] = (first.model_copy(update={"phones": (*first.phones[1:], "(416) 555-0199")}), *record.subjects[1:])
    elif record.subjects:
        update["subjects"] = tuple(s.model_copy(update={"surname": f"{s.surname or ''}x"}) for s in record.subjects)
    return record.model_copy(update=update)


def _purge(record: Record, step: int) -> Record:
    return record.model_copy(update={"revision": (record.revision or 0) + step, "status": RecordStatus.PURGED})


STEP = st.one_of(
    st.tuples(st.just("add"), st.integers(0, POOL - 1), st.just(0)),
    st.tuples(st.just("revise"), st.integers(0, POOL - 1), st.integers(0, 2)),
    st.tuples(st.just("purge"), st.integers(0, POOL - 1), st.just(0)),
    st.tuples(st.just("decide"), st.integers(0, POOL - 1), st.integers(0, POOL - 1)),
)


#: How the resolver keeps its statistics: estimated at every commit (the default below 5,000 person mentions), or
#: kept from the first commit on, so that every later commit re-resolves only the parts of the world it reaches
#: (graph.resolve.incremental) and is checked against a build from scratch under the same statistics.
POLICIES = {"estimated-each-commit": {}, "kept": {"resolver_epoch_min_mentions": 0, "resolver_epoch_refresh": 1.0}}


@pytest.mark.parametrize("policy", sorted(POLICIES))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=3, max_size=9), first=st.integers(4, 10))
def test_commits_applied_one_by_one_end_as_a_rebuild_from_scratch(pool: list[Record], extractor: Extractor, policy: str,
                                                                  steps: list[tuple[str, int, int]], first: int) -> None:
    with tempfile.TemporaryDirectory(prefix="caselink-incremental-") as tmp:
        config = Settings(store=Path(tmp), env="test", **POLICIES[policy])
        ledger, store = Ledger(ledger_path(config)), EmbeddedGraphStore(StoreLayout.of(config).graph_db)
        sync = open_graph_sync(config, ledger, store, extractor)
        try:
            def commit(records: list[Record]) -> None:
                sync.apply(ledger.apply(records))
                sync.commit()

            commit(pool[:first])
            for n, (action, i, j) in enumerate(steps, start=1):
                held = ledger.get(pool[i].key)
                if action == "add":
                    commit([pool[i]])
                elif action == "revise":
                    commit([_revised(held or pool[i], n, j)])
                elif action == "purge":
                    commit([_purge(held or pool[i], n)])
                else:  # an investigator says two subjects in force are (or are not) one person
                    a, b = ledger.get(pool[i].key), ledger.get(pool[j].key)
                    if a is None or b is None or not a.subjects or not b.subjects or a.key == b.key:
                        continue
                    sync.decisions.decide(subject_mention(a.key, a.subjects[0].subject_id),
                                          subject_mention(b.key, b.subjects[0].subject_id),
                                          "same" if (i + j) % 2 else "not_same", user="test", reason="property test")
                    sync.dirty = True  # as the decision service does
                    sync.commit()
            result = verify_rebuild(sync, fresh_builder(config))
            assert result.current
            assert result.equal, result.differences()
            kept = sync.builder.scorer.statistics()
            assert (kept is not None and (store.sync_mark() or "").endswith(f"{STATISTICS}{kept.ident}")) is (policy == "kept")
        finally:
            sync.close()
            store.close()
            ledger.close()


def test_consumers_of_one_graph_share_its_statistics_and_a_verification_elsewhere_reads_them(pool: list[Record],
                                                                                            extractor: Extractor) -> None:
    """Two consumers of one ledger and graph (as on shared servers), then a third process's ``rebuild --verify``
    and ``rebuild``: the second consumer weighs its commit with the statistics the graph was written under; the
    verification, which has estimated nothing itself, reads them from the shared state; ``rebuild`` estimates anew."""
    with tempfile.TemporaryDirectory(prefix="caselink-epoch-") as tmp:
        config = Settings(store=Path(tmp), env="test", **POLICIES["kept"])
        ledger, store = Ledger(ledger_path(config)), EmbeddedGraphStore(StoreLayout.of(config).graph_db)
        syncs = [open_graph_sync(config, ledger, store, extractor) for _ in range(3)]
        first, second, elsewhere = syncs
        try:
            first.apply(ledger.apply(pool[:12]))
            first.commit()
            written = first.builder.scorer.statistics()
            assert written is not None and stamped_statistics(store.sync_mark()) == written.ident
            second.apply(ledger.apply(pool[12:]))
            second.commit()
            adopted = second.builder.scorer.statistics()
            assert adopted is not None and adopted.ident == written.ident  # not its own estimate from 18 records
            assert second.builder.last_clustering is not None and second.builder.last_clustering.statistics.startswith(
                f"statistics {written.ident}: estimated from")
            assert elsewhere.builder.scorer.statistics() is None
            result = verify_rebuild(elsewhere, fresh_builder(config))
            assert result.current and result.equal, result.differences()
            rebuild_from_scratch(elsewhere, fresh_builder(config))
            anew = elsewhere.builder.scorer.statistics()
            assert anew is not None and anew.ident != written.ident and stamped_statistics(store.sync_mark()) == anew.ident
            result = verify_rebuild(first, fresh_builder(config))
            assert result.current and result.equal, result.differences()
        finally:
            for sync in syncs:
                sync.close()
            store.close()
            ledger.close()


def test_a_consumer_reads_another_s_changes_by_difference(pool: list[Record], extractor: Extractor) -> None:
    """Two consumers of one ledger and graph, each with its own ledger connection: the first commits, the second
    adds, revises and purges, then the first commits again. It reads only what changed since its last commit (its
    records in force are kept, :mod:`ingest.in_force`), and its graph equals a build from scratch."""
    with tempfile.TemporaryDirectory(prefix="caselink-difference-") as tmp:
        config = Settings(store=Path(tmp), env="test")
        mine, theirs = Ledger(ledger_path(config)), Ledger(ledger_path(config))
        store = EmbeddedGraphStore(StoreLayout.of(config).graph_db)
        first, second = open_graph_sync(config, mine, store, extractor), open_graph_sync(config, theirs, store, extractor)
        try:
            first.apply(mine.apply(pool[:10]))
            first.commit()
            second.apply(theirs.apply([*pool[10:14], _revised(pool[2], 1, 0), _revised(pool[3], 1, 2), _purge(pool[4], 1)]))
            second.commit()
            first.dirty = True  # its next batch would say so; the records came through the other consumer
            first.commit()
            keys = {r.key for r in mine.current_records()}
            assert pool[4].key not in keys and {r.key for r in pool[10:14]} <= keys
            result = verify_rebuild(first, fresh_builder(config))
            assert result.current and result.equal, result.differences()
        finally:
            for sync in (first, second):
                sync.close()
            store.close()
            mine.close()
            theirs.close()
