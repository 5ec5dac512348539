"""Adapters: one per export format, each turning a source item into a canonical record.

An adapter either returns a :class:`~models.records.Record` or raises
:class:`~ingest.errors.RejectError` with a reason; it never returns a partial record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.adapters import mcm, mpr, sfx
from ingest.errors import RejectError
from ingest.framing import detect_format, frame_file
from ingest.items import SourceItem
from models.records import Record
from models.vocabulary import SourceFormat

ADAPTERS: dict[SourceFormat, Callable[[SourceItem], Record]] = {
    SourceFormat.MCM: mcm.adapt,
    SourceFormat.MPR: mpr.adapt,
    SourceFormat.SFX: sfx.adapt,
}

DEFAULT_MAX_ITEM_BYTES = 4 * 1024 * 1024


def adapt(item: SourceItem) -> Record:
    """Turn one source item into a canonical record, or raise :class:`RejectError`."""
    if item.framing_error:
        raise RejectError(item.framing_error)
    if item.undecodable_b64 is not None:
        raise RejectError("not valid UTF-8")
    return ADAPTERS[item.format](item)


def iter_items(path: Path, *, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> Iterator[SourceItem]:
    return frame_file(path, detect_format(path), max_item_bytes=max_item_bytes)


def iter_records(path: Path, *, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> Iterator[Record]:
    """Every record of an export that adapts cleanly, in file order (rejects are skipped).

    For reading a file in tools and tests; ingestion goes through the pipeline, which keeps
    the rejects as dead letters.
    """
    for item in iter_items(path, max_item_bytes=max_item_bytes):
        try:
            yield adapt(item)
        except RejectError:
            continue
