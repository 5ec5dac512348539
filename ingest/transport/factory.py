"""Choose the transport from the settings (``CASELINK_TRANSPORT``)."""

from __future__ import annotations

from ingest.transport.base import Transport
from ingest.transport.local import LocalTransport
from models.settings import Settings


def create_transport(settings: Settings, topic: str = "raw") -> Transport:
    if settings.transport == "local":
        return LocalTransport(settings.store / "spool", topic)
    raise NotImplementedError(f"transport {settings.transport!r} is not available in this build yet")
