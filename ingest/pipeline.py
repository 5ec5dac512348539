"""The ingest pipeline: consume source items, adapt, apply to the ledger, hand on, acknowledge.

Every later stage (the graph, search, alerts) is a :class:`RecordSink` that receives, for
each applied item, the record's state now in force, and is asked to ``commit`` at checkpoints.
Sinks must be idempotent: after a crash a batch is delivered again, and a sink must end in the
same state as if it had seen it once. The transport's acknowledgement comes last, after the
ledger and every sink committed. A checkpoint falls when enough items are pending, when enough
time has passed, or when the transport has nothing more for now; a sink that is unreachable
(:class:`~models.errors.SinkUnavailable`) is waited for, and nothing is acknowledged meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog

from ingest.adapters import adapt
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Outcome, Summary
from ingest.transport.base import Batch, Transport
from models.errors import SinkUnavailable

log = structlog.get_logger(__name__)


class RecordSink(Protocol):
    def apply(self, applied: Sequence[Applied]) -> None:
        """Note what the ledger just applied (cheap; no durable write needed yet)."""
        ...

    def commit(self) -> None:
        """Make durable everything applied so far. May raise ``SinkUnavailable``."""
        ...


@dataclass(frozen=True)
class Checkpoints:
    """When the pipeline commits its sinks and acknowledges the transport."""

    #: Items applied since the last checkpoint that force one.
    items: int = 5000
    #: Seconds since the last checkpoint that force one (when items are pending).
    seconds: float = 5.0
    #: How long to wait for an unreachable sink before giving up (the run fails, nothing acked).
    wait_seconds: float = 600.0


class Pipeline:
    def __init__(self, ledger: Ledger, sinks: Sequence[RecordSink] = (), checkpoints: Checkpoints | None = None) -> None:
        self.ledger = ledger
        self.sinks = list(sinks)
        self.checkpoints = checkpoints or Checkpoints()

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
                log.debug("record purged", key=result.key)
        for sink in self.sinks:
            sink.apply(applied)
        return applied, [(item, reason) for item, reason, _ in rejects]

    def commit_sinks(self) -> None:
        """Commit every sink, waiting out ``SinkUnavailable`` up to ``checkpoints.wait_seconds``."""
        deadline = time.monotonic() + self.checkpoints.wait_seconds
        delay = 0.5
        for sink in self.sinks:
            while True:
                try:
                    sink.commit()
                    break
                except SinkUnavailable as exc:
                    if time.monotonic() + delay > deadline:
                        raise
                    log.warning("sink unavailable; waiting", sink=type(sink).__name__, error=str(exc), retry_in=delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 10.0)

    def run(
        self,
        transport: Transport,
        group: str,
        batch_size: int,
        *,
        follow: bool = False,
        summary: Summary | None = None,
        on_batch: Callable[[Batch], None] | None = None,
        on_checkpoint: Callable[[int], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> Summary:
        """Consume until drained (or forever with ``follow``), or until ``stop()`` says so between
        batches (a signal's wish, never an exception thrown into the middle of a write).
        ``on_checkpoint`` gets how many items each checkpoint acknowledged."""
        summary = summary or Summary()
        self.commit_sinks()  # a sink left behind by a crash catches up before anything new
        pending: list[Batch] = []
        pending_items = 0
        last = time.monotonic()

        def checkpoint() -> None:
            nonlocal pending, pending_items, last
            self.commit_sinks()
            for done in pending:
                transport.ack(group, done)
            if on_checkpoint is not None:
                on_checkpoint(pending_items)
            pending, pending_items, last = [], 0, time.monotonic()

        for batch in transport.consume(group, batch_size, follow=follow):
            if batch.items:
                _, rejects = self.process(batch.items, summary)
                if rejects:
                    transport.dead_letter(rejects)
                pending.append(batch)
                pending_items += len(batch.items)
                if on_batch is not None:
                    on_batch(batch)
            idle = not batch.items or batch.progress == 1.0
            if pending and (idle or pending_items >= self.checkpoints.items or time.monotonic() - last >= self.checkpoints.seconds):
                checkpoint()
            if stop is not None and stop():
                break
        if pending:
            checkpoint()
        return summary
