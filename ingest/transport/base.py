"""The transport interface: publish source items; consume them in batches; acknowledge after apply."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ingest.items import SourceItem


@dataclass
class Batch:
    """Items consumed together. ``position`` is opaque to callers: it is what ``ack`` commits."""

    items: Sequence[SourceItem]
    position: object = None
    #: How far through what is available this batch reaches (0..1), for progress bars.
    progress: float | None = None
    meta: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    source: str
    items: int
    #: True when this exact content was published before and was not sent again.
    already_published: bool = False


class Transport(Protocol):
    def publish(self, items: Iterable[SourceItem]) -> int:
        """Send items; durable when this returns. Returns how many were sent."""
        ...

    def publish_file(self, path: Path, items: Iterable[SourceItem]) -> PublishResult:
        """Send one export's items, once: the same content published again is skipped."""
        ...

    def consume(self, group: str, max_batch: int, *, follow: bool = False) -> Iterator[Batch]:
        """Batches not yet acknowledged by ``group``. Without ``follow``, stop when drained."""
        ...

    def dead_letter(self, rejects: Sequence[tuple[SourceItem, str]]) -> None:
        """Send rejected items, with their reasons, to the dead-letter channel."""
        ...

    def ack(self, group: str, batch: Batch) -> None:
        """Record that ``batch`` was durably applied: it will not be delivered to ``group`` again."""
        ...

    def close(self) -> None: ...
