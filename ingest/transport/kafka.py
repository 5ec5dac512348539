"""The transport over Apache Kafka (kafka-python).

- ``publish`` sends source items to the raw topic keyed by ``agency:record_no`` (one record's
  revisions stay in order on one partition), with ``acks=all`` and idempotence on, and flushes
  before returning.
- ``consume`` runs in a consumer group with auto-commit off; ``ack`` commits a batch's offsets
  only after the caller applied it durably. A consumer killed mid-batch leaves its offsets
  behind the batch, which is delivered again and recognised by the ledger (idempotent replay).
- A message is caselink's envelope of a source item or a native export item with headers
  (:mod:`ingest.transport.contract`, published in ``deploy/contracts/``).
- Rejected items go to the dead-letter topic with their reason in headers.
- A rebalance between batches is harmless: offsets are committed synchronously before the
  next poll, and a partition's new owner resumes from the last committed offset.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson
import structlog
from kafka import ConsumerRebalanceListener, KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import (
    CommitFailedError,
    IllegalGenerationError,
    KafkaError,
    RebalanceInProgressError,
    TopicAlreadyExistsError,
    UnknownMemberIdError,
)
from kafka.structs import OffsetAndMetadata

from ingest.items import SourceItem, framed_item
from ingest.keys import item_key
from ingest.transport.base import Batch, PublishResult
from ingest.transport.contract import MessageRef, item_from_message
from models.vocabulary import SourceFormat

log = structlog.get_logger(__name__)

#: A commit refused because the group's membership changed meanwhile. kafka-python raises
#: ``RebalanceInProgressError`` (not ``CommitFailedError``) when the commit meets a rebalance
#: under way; either way the partitions' next owner gets the items again and the ledger knows them.
_MEMBERSHIP_CHANGED = (CommitFailedError, RebalanceInProgressError, IllegalGenerationError, UnknownMemberIdError)


class _RebalanceLog(ConsumerRebalanceListener):  # type: ignore[misc]
    """Partitions move between a group's consumers. Nothing to save on revocation: offsets are
    committed only at checkpoints, and what was applied but not committed comes back to the
    partition's next owner, which the ledger recognises (idempotent replay)."""

    def __init__(self, group: str) -> None:
        self.group = group

    def on_partitions_revoked(self, revoked: Any) -> None:
        log.info("partitions revoked", group=self.group, partitions=sorted(f"{tp.topic}/{tp.partition}" for tp in revoked))

    def on_partitions_assigned(self, assigned: Any) -> None:
        log.info("partitions assigned", group=self.group, partitions=sorted(f"{tp.topic}/{tp.partition}" for tp in assigned))


def bootstrap_of(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme != "kafka" or not parsed.netloc:
        raise ValueError(f"not a kafka://host:port URI: {uri!r}")
    return parsed.netloc


class KafkaTransport:
    def __init__(self, bootstrap: str, topic: str = "caselink.raw", *, partitions: int = 3,
                 dead_letter_topic: str | None = None, idle_polls: int = 3, poll_ms: int = 1000,
                 max_poll_interval_ms: int = 300_000, stall_seconds: float = 60.0) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.dead_letter_topic = dead_letter_topic or f"{topic}.dlq"
        self.partitions = partitions
        self.idle_polls = idle_polls
        self.poll_ms = poll_ms
        self.max_poll_interval_ms = max_poll_interval_ms
        self.stall_seconds = stall_seconds
        self._producer: KafkaProducer | None = None
        self._consumer: KafkaConsumer | None = None
        self.ensure_topics()

    def ensure_topics(self) -> None:
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, client_id="caselink-admin")
        try:
            for name in (self.topic, self.dead_letter_topic):
                with contextlib.suppress(TopicAlreadyExistsError):
                    admin.create_topics([NewTopic(name=name, num_partitions=self.partitions, replication_factor=1)])
        finally:
            admin.close()

    @property
    def producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = KafkaProducer(bootstrap_servers=self.bootstrap, acks="all", enable_idempotence=True,
                                           linger_ms=20, compression_type=None, client_id="caselink-publisher")
        return self._producer

    # -- publishing --------------------------------------------------------------------

    def publish(self, items: Iterable[SourceItem]) -> int:
        count = 0
        for item in items:
            self.producer.send(self.topic, key=item_key(item).encode(), value=item.to_json().encode("utf-8", "surrogatepass"),
                               headers=[("format", item.format.value.encode()), ("source", item.source.encode())])
            count += 1
        self.producer.flush()
        return count

    def publish_file(self, path: Path, items: Iterable[SourceItem]) -> PublishResult:
        # Kafka keeps no memory of files: a file sent twice is delivered twice and the ledger
        # counts the second delivery as duplicates.
        return PublishResult(path.name, self.publish(items))

    def dead_letter(self, rejects: Sequence[tuple[SourceItem, str]]) -> None:
        for item, reason in rejects:
            self.producer.send(self.dead_letter_topic, key=item_key(item).encode(), value=item.to_json().encode("utf-8", "surrogatepass"),
                               headers=[("reason", reason.encode()), ("source", item.source.encode()),
                                        ("position", str(item.position).encode())])
        self.producer.flush()

    # -- consuming ---------------------------------------------------------------------

    def _consumer_for(self, group: str, max_batch: int) -> KafkaConsumer:
        if self._consumer is None:
            self._consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, group_id=group, enable_auto_commit=False,
                                           auto_offset_reset="earliest", max_poll_records=max_batch, client_id="caselink-consumer",
                                           session_timeout_ms=10_000, heartbeat_interval_ms=3_000,
                                           max_poll_interval_ms=self.max_poll_interval_ms,
                                           # bigger fetches, fewer round trips: a batch of items is a few hundred kB
                                           max_partition_fetch_bytes=8 * 1024 * 1024)
            self._consumer.subscribe([self.topic], listener=_RebalanceLog(group))
        return self._consumer

    def _drained(self, consumer: KafkaConsumer) -> bool:
        assigned = consumer.assignment()
        if not assigned:
            return False
        try:
            ends = consumer.end_offsets(list(assigned), timeout_ms=5000)
            return all(consumer.position(tp, timeout_ms=5000) >= ends[tp] for tp in assigned)
        except KafkaError as exc:  # a timeout or a lost coordinator: not known to be drained
            log.info("drain check failed", error=str(exc))
            return False

    def _reconnect(self, group: str, max_batch: int) -> KafkaConsumer:
        """A fresh consumer in the same group: it resumes from the committed offsets (what was read
        but not acknowledged comes again, which the ledger recognises)."""
        if self._consumer is not None:
            with contextlib.suppress(Exception):
                self._consumer.close(autocommit=False)
            self._consumer = None
        return self._consumer_for(group, max_batch)

    def _item(self, message: ConsumerRecord) -> SourceItem:
        """The source item a message carries: caselink's envelope or a native export item with
        its headers (:mod:`ingest.transport.contract`). Anything else becomes an item that will be
        rejected (and dead-lettered) with what it said and where it was, not a crash."""
        value = message.value
        if value is not None and value.startswith(b'{"source":'):
            item = read_envelope(value)
            if item is not None:
                return item
        return item_from_message(value, message.headers, MessageRef(message.topic, message.partition, message.offset))

    def consume(self, group: str, max_batch: int, *, follow: bool = False) -> Iterator[Batch]:
        """Batches as polled. An empty batch means "nothing more for now" (a checkpoint moment).

        A consumer that receives nothing while not caught up for ``stall_seconds`` (it lost its
        group coordinator and does not find it again, or its partitions never came) is replaced
        by a fresh one rather than left waiting forever."""
        consumer = self._consumer_for(group, max_batch)
        idle = 0
        last_progress = time.monotonic()
        while True:
            started = time.monotonic()
            polled = consumer.poll(timeout_ms=self.poll_ms, max_records=max_batch)
            if not polled:
                idle += 1
                yield Batch([], position=None)
                if idle >= self.idle_polls:
                    drained = self._drained(consumer)
                    if drained and not follow:
                        return
                    if drained:
                        last_progress = time.monotonic()
                    elif time.monotonic() - last_progress > self.stall_seconds:
                        log.warning("consumer stalled; reconnecting", group=group, seconds=round(time.monotonic() - last_progress))
                        consumer = self._reconnect(group, max_batch)
                        last_progress, idle = time.monotonic(), 0
                rest = self.poll_ms / 1000 - (time.monotonic() - started)
                if rest > 0:
                    time.sleep(rest)  # a poll that returns at once (no coordinator) must not spin
                continue
            idle = 0
            last_progress = time.monotonic()
            items: list[SourceItem] = []
            offsets: dict[TopicPartition, int] = {}
            item = self._item
            for tp, messages in polled.items():
                items.extend(map(item, messages))
                offsets[tp] = messages[-1].offset + 1
            yield Batch(items, position=offsets)

    def ack(self, group: str, batch: Batch) -> None:
        """Commit the batch's offsets. If the group rebalanced meanwhile the commit is refused:
        the partitions' new owner gets those items again, and the ledger knows them."""
        if self._consumer is None or not isinstance(batch.position, dict):
            raise ValueError("ack of a batch this transport did not deliver")
        try:
            self._consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in batch.position.items()})
        except _MEMBERSHIP_CHANGED as exc:
            log.warning("offsets not committed after a rebalance; the items will be delivered again", group=group, error=str(exc))

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close(autocommit=False)
            self._consumer = None
        if self._producer is not None:
            self._producer.close()
            self._producer = None



#: The members of caselink's envelope (what :meth:`SourceItem.to_json` writes).
_ENVELOPE_FIELDS = frozenset(f.name for f in dataclasses.fields(SourceItem))
_ENVELOPE_REQUIRED = frozenset(f.name for f in dataclasses.fields(SourceItem) if f.default is dataclasses.MISSING)
_FORMATS = {f.value: f for f in SourceFormat}


def read_envelope(raw: bytes) -> SourceItem | None:
    """caselink's own envelope read with orjson into the item ``SourceItem.from_json`` would give
    (same fields, same values), or None for anything less plain (lone surrogates, an unknown
    format, a missing or extra member...), which :func:`item_from_message` then reads the
    careful way. The consume path's per-message cost was the standard library's JSON decoder
    and the dataclass constructor, a third of the time kafka-python itself takes per message."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not _ENVELOPE_REQUIRED <= data.keys() <= _ENVELOPE_FIELDS:
        return None
    fmt = data.pop("format")
    fmt = _FORMATS.get(fmt) if isinstance(fmt, str) else None  # a dict look-up: the Enum call costs more than orjson
    return None if fmt is None else framed_item(fmt=fmt, **data)


class KafkaEventPublisher:
    """JSON events (alerts) to a topic, keyed (an alert by its owner, so one watcher's alerts
    stay in order), durable (``acks=all``) before ``__call__`` returns."""

    def __init__(self, bootstrap: str, topic: str, *, partitions: int = 3) -> None:
        self.topic = topic
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="caselink-admin")
        try:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics([NewTopic(name=topic, num_partitions=partitions, replication_factor=1)])
        finally:
            admin.close()
        self._producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, client_id="caselink-events")

    def send(self, key: str, event: dict[str, Any]) -> None:
        self._producer.send(self.topic, key=key.encode(), value=json.dumps(event, ensure_ascii=False).encode())
        self._producer.flush()

    def close(self) -> None:
        self._producer.close()
