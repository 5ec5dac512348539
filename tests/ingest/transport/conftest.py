"""Transports under test: the local one always; Kafka when ``CASELINK_TEST_KAFKA`` names a broker.

Each test gets its own topic (Kafka) or spool (local), so nothing needs clearing between tests.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.items import SourceItem
from ingest.transport.base import Transport
from ingest.transport.local import LocalTransport

KAFKA_SKIP = "CASELINK_TEST_KAFKA is not set: no Kafka broker started for this run (deploy/local/services.sh start kafka)"


def kafka_uri() -> str | None:
    return os.environ.get("CASELINK_TEST_KAFKA")


@dataclass
class TransportUnderTest:
    """How to open (and reopen, as a restarted process would) one transport, and read its dead letters."""

    kind: str
    where: str

    def open(self) -> Transport:
        if self.kind == "local":
            return LocalTransport(Path(self.where), "raw")
        from ingest.transport.kafka import KafkaTransport, bootstrap_of

        uri = kafka_uri()
        assert uri is not None
        return KafkaTransport(bootstrap_of(uri), self.where, partitions=3, poll_ms=200, idle_polls=5, stall_seconds=20)

    def dead_letters(self) -> list[tuple[str, SourceItem]]:
        """(reason, item) for every dead letter, read back the way an operator would."""
        if self.kind == "local":
            path = Path(self.where) / "raw.dlq" / "log.jsonl"
            if not path.exists():
                return []
            out = []
            for line in path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                out.append((entry["reason"], SourceItem.from_json(json.dumps(entry["item"]))))
            return out
        return [(reason, item) for reason, item, _ in read_kafka_dead_letters(f"{self.where}.dlq")]


def read_kafka_dead_letters(topic: str) -> list[tuple[str, SourceItem, dict[str, bytes]]]:
    from kafka import KafkaConsumer

    from ingest.transport.kafka import bootstrap_of

    uri = kafka_uri()
    assert uri is not None
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap_of(uri), auto_offset_reset="earliest", enable_auto_commit=False,
                             group_id=None, consumer_timeout_ms=4000)
    try:
        out = []
        for message in consumer:
            headers = {k: v for k, v in message.headers}
            out.append((headers["reason"].decode(), SourceItem.from_json(message.value.decode("utf-8", "surrogatepass")), headers))
        return out
    finally:
        consumer.close()


@pytest.fixture(params=["local", "kafka"])
def transport_under_test(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TransportUnderTest]:
    if request.param == "local":
        yield TransportUnderTest("local", str(tmp_path / "spool"))
        return
    if not kafka_uri():
        pytest.skip(KAFKA_SKIP)
    yield TransportUnderTest("kafka", f"caselink-test-{uuid.uuid4().hex[:12]}")
