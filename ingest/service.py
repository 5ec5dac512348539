"""``caselink ingest``: publish exports to the transport and consume them into the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ingest.framing import detect_format, frame_file
from ingest.ledger import Ledger
from ingest.outcomes import Summary
from ingest.pipeline import Checkpoints, Pipeline, RecordSink
from ingest.transport.base import Batch, PublishResult, Transport
from ingest.transport.factory import create_transport
from models.database import open_database
from models.layout import StoreLayout
from models.settings import Settings


def ledger_path(settings: Settings) -> Path:
    return StoreLayout.of(settings).ledger_db


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


def checkpoints_for(settings: Settings, *, streaming: bool) -> Checkpoints:
    """Streaming consumers checkpoint often (alerts and analysts see new records within
    seconds); a one-off ingest of files checkpoints once, at the end (one graph rebuild)."""
    if streaming:
        return Checkpoints(items=settings.commit_items, seconds=settings.commit_seconds, wait_seconds=settings.sink_wait_seconds)
    return Checkpoints(items=2**62, seconds=float("inf"), wait_seconds=settings.sink_wait_seconds)


def publish_paths(settings: Settings, paths: Sequence[Path], *, transport: Transport | None = None,
                  on_publish: Callable[[PublishResult], None] | None = None) -> list[PublishResult]:
    """Send exports to the transport (every file's format checked before anything is sent)."""
    files = expand_paths(paths)
    formats = {path: detect_format(path) for path in files}
    own = transport is None
    transport = transport or create_transport(settings)
    results = []
    try:
        for path in files:
            result = transport.publish_file(path, frame_file(path, formats[path], max_item_bytes=settings.max_item_bytes))
            results.append(result)
            if on_publish is not None:
                on_publish(result)
    finally:
        if own:
            transport.close()
    return results


def consume(
    settings: Settings,
    *,
    sinks: Sequence[RecordSink] = (),
    ledger: Ledger,
    follow: bool = False,
    summary: Summary | None = None,
    on_batch: Callable[[Batch], None] | None = None,
    on_checkpoint: Callable[[int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Summary:
    """Run the consumer group until drained (or, with ``follow``, until ``stop()``)."""
    transport = create_transport(settings)
    try:
        return Pipeline(ledger, sinks, checkpoints_for(settings, streaming=True)).run(
            transport, settings.consumer_group, settings.batch_size, follow=follow, summary=summary,
            on_batch=on_batch, on_checkpoint=on_checkpoint, stop=stop)
    finally:
        transport.close()


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path],
    *,
    sinks: Sequence[RecordSink] = (),
    ledger: Ledger | None = None,
    on_publish: Callable[[str], None] | None = None,
    on_batch: Callable[[Batch], None] | None = None,
) -> Summary:
    """Publish exports and consume them (``caselink ingest``): both halves in one run."""
    files = expand_paths(paths)
    for path in files:
        detect_format(path)  # fail before anything is sent
    transport = create_transport(settings)
    summary = Summary()
    own_ledger = ledger is None
    ledger = ledger or Ledger(open_database(settings.state, ledger_path(settings)))
    try:
        def published(result: PublishResult) -> None:
            (summary.skipped_files if result.already_published else summary.files).append(result.source)
            if on_publish is not None:
                on_publish(result.source)

        publish_paths(settings, files, transport=transport, on_publish=published)
        Pipeline(ledger, sinks, checkpoints_for(settings, streaming=False)).run(
            transport, settings.consumer_group, settings.batch_size, summary=summary, on_batch=on_batch)
    finally:
        if own_ledger:
            ledger.close()
        transport.close()
    return summary
