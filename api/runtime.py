"""Composition: the ledger, the graph store and the graph sync, wired from one Settings object."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.service import GraphSync, open_graph_sync
from graph.store.base import GraphStore, WriteStats
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.outcomes import Summary
from ingest.service import ingest_paths, ledger_path
from ingest.transport.base import Batch
from models.settings import Settings
from nlp.extract import Extractor


@dataclass
class Runtime:
    settings: Settings
    ledger: Ledger
    store: GraphStore
    sync: GraphSync


@contextmanager
def open_runtime(settings: Settings, extractor: Extractor | None = None) -> Iterator[Runtime]:
    ledger = Ledger(ledger_path(settings))
    store = create_graph_store(settings)
    try:
        yield Runtime(settings, ledger, store, open_graph_sync(settings, ledger, store, extractor))
    finally:
        store.close()
        ledger.close()


@dataclass
class IngestReport:
    summary: Summary
    graph: WriteStats | None


def ingest_and_link(
    settings: Settings,
    paths: Sequence[Path],
    *,
    extractor: Extractor | None = None,
    on_publish: Callable[[str], None] | None = None,
    on_batch: Callable[[Batch], None] | None = None,
    on_linking: Callable[[], None] | None = None,
    link: bool = True,
) -> IngestReport:
    """Ingest exports, then bring the graph in step with the records now in force."""
    if not link:
        return IngestReport(ingest_paths(settings, paths, on_publish=on_publish, on_batch=on_batch), None)
    with open_runtime(settings, extractor) as rt:
        summary = ingest_paths(settings, paths, sinks=[rt.sync], ledger=rt.ledger, on_publish=on_publish, on_batch=on_batch)
        if on_linking is not None:
            on_linking()
        stats = rt.sync.rebuild() if rt.sync.dirty or rt.store.counts()["records"] == 0 else None
    return IngestReport(summary, stats)
