"""A transport over files and directories, with durable offsets.

Layout under ``root/<topic>/``:

- ``log.jsonl``: the items, one JSON envelope a line, appended and fsynced;
- ``published.json``: fingerprints (SHA-256) of the exports already published and the log
  length after them, written atomically. A publish interrupted half-way leaves a tail past
  that length, which the next publish cuts off, so nothing is doubled;
- ``offsets/<group>``: the byte offset each consumer group has acknowledged, written
  atomically after the batch was applied, so an interrupted consumer resumes with nothing lost
  (items after the offset are delivered again and the ledger recognises them).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ingest.items import SourceItem
from ingest.transport.base import Batch, PublishResult


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def file_fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class LocalTransport:
    def __init__(self, root: Path, topic: str = "raw") -> None:
        self.dir = root / topic
        (self.dir / "offsets").mkdir(parents=True, exist_ok=True)
        self.log = self.dir / "log.jsonl"
        self.log.touch(exist_ok=True)
        self.manifest_path = self.dir / "published.json"

    # -- publishing --------------------------------------------------------------------

    def _manifest(self) -> dict[str, object]:
        if not self.manifest_path.exists():
            return {"committed_end": 0, "files": {}}
        data: dict[str, object] = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return data

    def _append(self, items: Iterable[SourceItem]) -> tuple[int, int]:
        manifest = self._manifest()
        committed_end = int(str(manifest["committed_end"]))
        count = 0
        with self.log.open("r+b") as fh:
            fh.truncate(committed_end)  # drop the tail of an interrupted publish
            fh.seek(committed_end)
            for item in items:
                fh.write(item.to_json().encode("utf-8", "surrogatepass") + b"\n")
                count += 1
            fh.flush()
            os.fsync(fh.fileno())
            end = fh.tell()
        return count, end

    def publish(self, items: Iterable[SourceItem]) -> int:
        count, end = self._append(items)
        manifest = self._manifest()
        manifest["committed_end"] = end
        _atomic_write(self.manifest_path, json.dumps(manifest, indent=1))
        return count

    def publish_file(self, path: Path, items: Iterable[SourceItem]) -> PublishResult:
        fingerprint = file_fingerprint(path)
        manifest = self._manifest()
        files = manifest["files"]
        assert isinstance(files, dict)
        if fingerprint in files:
            return PublishResult(path.name, int(files[fingerprint]["items"]), already_published=True)
        count, end = self._append(items)
        files[fingerprint] = {"source": path.name, "items": count, "end": end}
        manifest["committed_end"] = end
        _atomic_write(self.manifest_path, json.dumps(manifest, indent=1))
        return PublishResult(path.name, count)

    # -- consuming ---------------------------------------------------------------------

    def _offset_path(self, group: str) -> Path:
        if not group or not all(ch.isalnum() or ch in "-_." for ch in group):
            raise ValueError(f"invalid consumer group name {group!r}")
        return self.dir / "offsets" / group

    def committed(self, group: str) -> int:
        path = self._offset_path(group)
        return int(path.read_text()) if path.exists() else 0

    def consume(self, group: str, max_batch: int, *, follow: bool = False) -> Iterator[Batch]:
        offset = self.committed(group)
        while True:
            end = int(str(self._manifest()["committed_end"]))
            if offset < end:
                with self.log.open("rb") as fh:
                    fh.seek(offset)
                    items: list[SourceItem] = []
                    while offset < end:
                        line = fh.readline()
                        offset += len(line)
                        items.append(SourceItem.from_json(line.decode("utf-8", "surrogatepass")))
                        if len(items) >= max_batch:
                            yield Batch(items, position=offset, progress=offset / end)
                            items = []
                    if items:
                        yield Batch(items, position=offset, progress=offset / end)
            elif not follow:
                return
            else:
                yield Batch([], position=None)  # nothing more for now: a checkpoint moment
                time.sleep(0.2)

    def dead_letter(self, rejects: Sequence[tuple[SourceItem, str]]) -> None:
        """Rejected items with their reasons, appended to ``<topic>.dlq/log.jsonl`` beside the topic."""
        dlq = self.dir.with_name(self.dir.name + ".dlq")
        dlq.mkdir(exist_ok=True)
        with (dlq / "log.jsonl").open("ab") as fh:
            for item, reason in rejects:
                fh.write(json.dumps({"reason": reason, "item": json.loads(item.to_json())}, ensure_ascii=False).encode() + b"\n")
            fh.flush()
            os.fsync(fh.fileno())

    def ack(self, group: str, batch: Batch) -> None:
        if not isinstance(batch.position, int):
            raise ValueError("ack of a batch this transport did not deliver")
        _atomic_write(self._offset_path(group), str(batch.position))

    def close(self) -> None:
        return None
