"""The ingest pipeline: consume source items, adapt, apply to the ledger, hand on, acknowledge.

Every later stage (the graph, search, alerts) is a :class:`RecordSink` that receives, for
each applied item, the record's state now in force. Sinks must be idempotent: after a crash a
batch is delivered again, and a sink must end in the same state as if it had seen it once.
The transport's acknowledgement comes last, after the ledger and every sink committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import structlog

from ingest.adapters import adapt
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Outcome, Summary
from ingest.transport.base import Batch, Transport

log = structlog.get_logger(__name__)


class RecordSink(Protocol):
    def apply(self, applied: Sequence[Applied]) -> None: ...


class Pipeline:
    def __init__(self, ledger: Ledger, sinks: Sequence[RecordSink] = ()) -> None:
        self.ledger = ledger
        self.sinks = list(sinks)

    def process(self, items: Sequence[SourceItem], summary: Summary) -> tuple[list[Applied], list[tuple[SourceItem, str]]]:
        """Adapt and apply a batch; returns what was applied and what was rejected (with reasons)."""
        records = []
        rejects: list[tuple[SourceItem, str, str | None]] = []
        for item in items:
            try:
                records.append(adapt(item))
            except RejectError as exc:
                rejects.append((item, exc.reason, exc.key))
        applied = self.ledger.apply(records, rejects)
        for item, reason, key in rejects:
            summary.reject(item.where, key, reason)
            log.warning("item rejected", where=item.where, key=key, reason=reason)
        for result in applied:
            summary.add(result)
            if result.outcome is Outcome.PURGED:
                log.info("record purged", key=result.key)
        for sink in self.sinks:
            sink.apply(applied)
        return applied, [(item, reason) for item, reason, _ in rejects]

    def run(
        self,
        transport: Transport,
        group: str,
        batch_size: int,
        *,
        follow: bool = False,
        summary: Summary | None = None,
        on_batch: Callable[[Batch], None] | None = None,
    ) -> Summary:
        summary = summary or Summary()
        for batch in transport.consume(group, batch_size, follow=follow):
            _, rejects = self.process(batch.items, summary)
            if rejects:
                transport.dead_letter(rejects)
            transport.ack(group, batch)
            if on_batch is not None:
                on_batch(batch)
        return summary
