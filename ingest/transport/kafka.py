"""The transport over Apache Kafka (kafka-python).

- ``publish`` sends source items to the raw topic keyed by ``agency:record_no`` (one record's
  revisions stay in order on one partition), with ``acks=all`` and idempotence on, and flushes
  before returning.
- ``consume`` runs in a consumer group with auto-commit off; ``ack`` commits a batch's offsets
  only after the caller applied it durably. A consumer killed mid-batch leaves its offsets
  behind the batch, which is delivered again and recognised by the ledger (idempotent replay).
- Rejected items go to the dead-letter topic with their reason in headers.
- A rebalance between batches is harmless: offsets are committed synchronously before the
  next poll, and a partition's new owner resumes from the last committed offset.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import structlog
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.structs import OffsetAndMetadata

from ingest.items import SourceItem
from ingest.keys import item_key
from ingest.transport.base import Batch, PublishResult

log = structlog.get_logger(__name__)


def bootstrap_of(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme != "kafka" or not parsed.netloc:
        raise ValueError(f"not a kafka://host:port URI: {uri!r}")
    return parsed.netloc


class KafkaTransport:
    def __init__(self, bootstrap: str, topic: str = "caselink.raw", *, partitions: int = 3,
                 dead_letter_topic: str | None = None, idle_polls: int = 3, poll_ms: int = 1000) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.dead_letter_topic = dead_letter_topic or f"{topic}.dlq"
        self.partitions = partitions
        self.idle_polls = idle_polls
        self.poll_ms = poll_ms
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
            self._consumer = KafkaConsumer(self.topic, bootstrap_servers=self.bootstrap, group_id=group, enable_auto_commit=False,
                                           auto_offset_reset="earliest", max_poll_records=max_batch, client_id="caselink-consumer",
                                           session_timeout_ms=10_000, heartbeat_interval_ms=3_000)
        return self._consumer

    def _drained(self, consumer: KafkaConsumer) -> bool:
        assigned = consumer.assignment()
        if not assigned:
            return False
        ends = consumer.end_offsets(list(assigned))
        return all(consumer.position(tp) >= ends[tp] for tp in assigned)

    def consume(self, group: str, max_batch: int, *, follow: bool = False) -> Iterator[Batch]:
        consumer = self._consumer_for(group, max_batch)
        idle = 0
        while True:
            polled = consumer.poll(timeout_ms=self.poll_ms, max_records=max_batch)
            if not polled:
                idle += 1
                if not follow and idle >= self.idle_polls and self._drained(consumer):
                    return
                continue
            idle = 0
            items: list[SourceItem] = []
            offsets: dict[TopicPartition, int] = {}
            for tp, messages in polled.items():
                for message in messages:
                    items.append(SourceItem.from_json(message.value.decode("utf-8", "surrogatepass")))
                    offsets[tp] = message.offset + 1
            yield Batch(items, position=offsets)

    def ack(self, group: str, batch: Batch) -> None:
        assert self._consumer is not None and isinstance(batch.position, dict)
        self._consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in batch.position.items()})

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close(autocommit=False)
            self._consumer = None
        if self._producer is not None:
            self._producer.close()
            self._producer = None

