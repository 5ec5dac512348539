"""Choose the transport from the settings (``CASELINK_TRANSPORT``)."""

from __future__ import annotations

from ingest.transport.base import Transport
from ingest.transport.local import LocalTransport
from models.layout import StoreLayout
from models.settings import Settings


def create_transport(settings: Settings, topic: str = "raw") -> Transport:
    if settings.transport == "local":
        return LocalTransport(StoreLayout.of(settings).spool_dir, topic)
    from ingest.transport.kafka import KafkaTransport, bootstrap_of

    return KafkaTransport(bootstrap_of(settings.transport), f"{settings.kafka_topic_prefix}.{topic}",
                          partitions=settings.kafka_partitions)
