"""``caselink ingest``: publish exports to the transport and consume them into the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ingest.framing import detect_format, frame_file
from ingest.ledger import Ledger
from ingest.outcomes import Summary
from ingest.pipeline import Pipeline, RecordSink
from ingest.transport.base import Batch
from ingest.transport.factory import create_transport
from models.settings import Settings

INGEST_GROUP = "ingest"


def ledger_path(settings: Settings) -> Path:
    return settings.store / "caselink.db"


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories give their export files (``mcm_*``, ``mpr_*``, ``sfx_*``)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.name.split("_", 1)[0] in {"mcm", "mpr", "sfx"}))
        elif path.is_file():
            out.append(path)
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
    return out


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path],
    *,
    sinks: Sequence[RecordSink] = (),
    ledger: Ledger | None = None,
    on_publish: Callable[[str], None] | None = None,
    on_batch: Callable[[Batch], None] | None = None,
) -> Summary:
    files = expand_paths(paths)
    formats = {path: detect_format(path) for path in files}  # fail before anything is sent
    transport = create_transport(settings)
    summary = Summary()
    own_ledger = ledger is None
    ledger = ledger or Ledger(ledger_path(settings))
    try:
        for path in files:
            items = frame_file(path, formats[path], max_item_bytes=settings.max_item_bytes)
            result = transport.publish_file(path, items)
            (summary.skipped_files if result.already_published else summary.files).append(path.name)
            if on_publish is not None:
                on_publish(path.name)
        Pipeline(ledger, sinks).run(transport, INGEST_GROUP, settings.batch_size, summary=summary, on_batch=on_batch)
    finally:
        if own_ledger:
            ledger.close()
        transport.close()
    return summary
