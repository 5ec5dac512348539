"""Composition: the ledger, the graph store and the graph sync, wired from one Settings object."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import structlog

from graph.service import GraphSync, open_graph_sync
from graph.store.base import GraphStore, StoreUnavailable, WriteStats
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.outcomes import Summary
from ingest.service import consume, ingest_paths, ledger_path
from ingest.transport.base import Batch
from models.settings import Settings
from nlp.extract import Extractor

log = structlog.get_logger(__name__)


@dataclass
class Runtime:
    settings: Settings
    ledger: Ledger
    store: GraphStore
    sync: GraphSync


@contextmanager
def open_runtime(settings: Settings, extractor: Extractor | None = None) -> Iterator[Runtime]:
    ledger = Ledger(ledger_path(settings))
    try:
        store = _open_store(settings)
    except BaseException:
        ledger.close()
        raise
    try:
        yield Runtime(settings, ledger, store, open_graph_sync(settings, ledger, store, extractor))
    finally:
        store.close()
        ledger.close()


def _open_store(settings: Settings) -> GraphStore:
    """The graph store, waiting up to ``sink_wait_seconds`` for a server that is not up yet."""
    deadline = time.monotonic() + settings.sink_wait_seconds
    delay = 0.5
    while True:
        try:
            return create_graph_store(settings)
        except StoreUnavailable as exc:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("graph store unavailable; waiting", error=str(exc), retry_in=delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


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
        if on_linking is not None:
            rt.sync.on_rebuild = on_linking
        summary = ingest_paths(settings, paths, sinks=[rt.sync], ledger=rt.ledger, on_publish=on_publish, on_batch=on_batch)
    return IngestReport(summary, rt.sync.last_stats)


def consume_and_link(
    settings: Settings,
    *,
    follow: bool = False,
    extractor: Extractor | None = None,
    on_batch: Callable[[Batch], None] | None = None,
    on_checkpoint: Callable[[int], None] | None = None,
) -> IngestReport:
    """``caselink consume``: the consumer group, applying to the ledger and the graph, acknowledging
    the transport only after both committed."""
    with open_runtime(settings, extractor) as rt:
        summary = consume(settings, sinks=[rt.sync], ledger=rt.ledger, follow=follow, on_batch=on_batch, on_checkpoint=on_checkpoint)
    return IngestReport(summary, rt.sync.last_stats)
