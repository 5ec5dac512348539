"""Composition: the ledger, the graph store and the graph sync, wired from one Settings object."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import structlog

from api.services.audit import AuditLog, audit_log, purge_entry
from graph.alerts import Alert, AlertSink, AlertStore
from graph.service import GraphSync, open_graph_sync
from graph.store.base import GraphStore, StoreUnavailable, WriteStats
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Summary
from ingest.pipeline import RecordSink
from ingest.service import consume, ingest_paths, ledger_path
from ingest.transport.base import Batch
from models.database import open_database
from models.layout import StoreLayout
from models.settings import Settings
from nlp.extract import Extractor

log = structlog.get_logger(__name__)


@dataclass
class PurgeAudit:
    """A sink that writes every applied purge order to the audit log (which record, where the order
    came from; never its content). Driven by the ledger's purge table, not by deliveries, so a
    purge applied just before a crash is audited at the next start; how far the audit has read is
    kept in the ledger (:meth:`Ledger.audit_purges`), shared by every consumer of that ledger."""

    ledger: Ledger
    log: AuditLog
    #: Where stores written before the mark moved into the ledger kept it (read once, if present).
    legacy_mark: Path

    def apply(self, applied: Sequence[Applied]) -> None:
        return None

    def commit(self) -> None:
        legacy = int(self.legacy_mark.read_text()) if self.legacy_mark.exists() else 0

        def audit(rows: list[tuple[int, str, str, int]]) -> None:
            for _, key, source, position in rows:
                self.log.append(purge_entry(key, source=f"{source}#{position}"))
            self.log.checkpoint()

        self.ledger.audit_purges(audit, legacy_mark=legacy)


@dataclass
class Runtime:
    settings: Settings
    ledger: Ledger
    store: GraphStore
    sync: GraphSync
    alerts: AlertSink
    purges: PurgeAudit

    @property
    def sinks(self) -> list[RecordSink]:
        """In order: the graph commits before alerts are looked for in it; purges are audited last."""
        return [self.sync, self.alerts, self.purges]


@contextmanager
def open_runtime(settings: Settings, extractor: Extractor | None = None) -> Iterator[Runtime]:
    ledger = Ledger(open_database(settings.state, ledger_path(settings)))
    try:
        store = _open_store(settings)
    except BaseException:
        ledger.close()
        raise
    alert_store = AlertStore.of(settings)
    publisher: _AlertTopic | None = None
    sync: GraphSync | None = None
    try:
        publisher = _alert_publisher(settings)
        sync = open_graph_sync(settings, ledger, store, extractor)
        sink = AlertSink(alert_store, store, publish=publisher.publish if publisher else None)
        audit = PurgeAudit(ledger, audit_log(settings), StoreLayout.of(settings).purge_audit_mark)
        yield Runtime(settings, ledger, store, sync, sink, audit)
    finally:
        if sync is not None:
            sync.close()
        if publisher is not None:
            publisher.close()
        alert_store.close()
        store.close()
        ledger.close()


class _AlertTopic:
    def __init__(self, settings: Settings) -> None:
        from ingest.transport.kafka import KafkaEventPublisher, bootstrap_of

        self._events = KafkaEventPublisher(bootstrap_of(settings.transport), f"{settings.kafka_topic_prefix}.alerts",
                                           partitions=settings.kafka_partitions)

    def publish(self, alert: Alert) -> None:
        self._events.send(alert.owner, {"event": "retracted" if alert.retracted_at else "raised", "alert": alert.as_dict()})

    def close(self) -> None:
        self._events.close()


def _alert_publisher(settings: Settings) -> _AlertTopic | None:
    """On Kafka, alerts also go to ``<prefix>.alerts`` (raised and retracted)."""
    return _AlertTopic(settings) if settings.transport != "local" else None


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
        summary = ingest_paths(settings, paths, sinks=rt.sinks, ledger=rt.ledger, on_publish=on_publish, on_batch=on_batch)
    return IngestReport(summary, rt.sync.last_stats)


def consume_and_link(
    settings: Settings,
    *,
    follow: bool = False,
    extractor: Extractor | None = None,
    on_batch: Callable[[Batch], None] | None = None,
    on_checkpoint: Callable[[int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """``caselink consume``: the consumer group, applying to the ledger and the graph, acknowledging
    the transport only after both committed; ``stop()`` ends it between batches."""
    with open_runtime(settings, extractor) as rt:
        summary = consume(settings, sinks=rt.sinks, ledger=rt.ledger, follow=follow, on_batch=on_batch, on_checkpoint=on_checkpoint,
                          stop=stop)
    return IngestReport(summary, rt.sync.last_stats)
