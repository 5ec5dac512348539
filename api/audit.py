"""The audit log: append-only, hash-chained JSON lines; every request, who, why, what came back.

Each entry carries ``seq``, the ``prev`` entry's hash and its own ``hash`` = SHA-256 of ``prev``
and the entry's canonical JSON (sorted keys, without ``hash``). Changing, inserting, reordering or
deleting any entry but the last breaks the chain, which ``caselink audit verify`` reports. Writers
in several processes (the API, CLI queries) take an exclusive ``flock`` so the chain never forks,
and every entry is fsynced before the answer it records leaves: a request whose entry cannot be
written fails instead (fail closed).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from api.schemas import EntityDetailOut, NetworkOut, PathsOut, RecordOut, SearchOut
from api.schemas_resolution import DecisionOut, DecisionsOut, EntityWhyOut, PairWhyOut, ReviewOut

GENESIS = "0" * 64


def _digest(prev: str, entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(prev.encode() + orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass
class Verification:
    ok: bool
    entries: int
    #: 1-based line of the first entry that does not verify.
    bad_line: int | None = None
    reason: str | None = None


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Chain and write one entry durably; raises OSError if it cannot (the caller fails closed)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            last = _last_line(fd)
            if last is None:
                prev, seq = GENESIS, 1
            else:
                tail = orjson.loads(last)
                prev, seq = str(tail["hash"]), int(tail["seq"]) + 1
            full = {**entry, "seq": seq, "at": entry.get("at") or datetime.now(UTC).isoformat(timespec="microseconds"),
                    "prev": prev}
            full["hash"] = _digest(prev, full)
            os.write(fd, orjson.dumps(full, option=orjson.OPT_SORT_KEYS) + b"\n")
            os.fsync(fd)
            return full
        finally:
            os.close(fd)  # closing releases the lock

    def entries(self) -> Iterator[tuple[int, bytes]]:
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            for n, line in enumerate(f, 1):
                yield n, line.rstrip(b"\n")

    def verify(self) -> Verification:
        prev, count = GENESIS, 0
        for n, line in self.entries():
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                return Verification(False, count, n, "not a JSON entry")
            if not isinstance(entry, dict):
                return Verification(False, count, n, "not a JSON object")
            if entry.get("seq") != count + 1:
                return Verification(False, count, n, f"sequence {entry.get('seq')!r}, expected {count + 1}")
            if entry.get("prev") != prev:
                return Verification(False, count, n, "does not chain to the entry before it")
            if entry.get("hash") != _digest(prev, entry):
                return Verification(False, count, n, "content does not match its hash")
            prev, count = str(entry["hash"]), count + 1
        return Verification(True, count)

    def search(self, *, user: str | None = None, entity: str | None = None, record: str | None = None,
               limit: int = 1000) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for _, line in self.entries():
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if user is not None and entry.get("user") != user:
                continue
            if entity is not None and entity not in (entry.get("entities") or []) and entity not in (entry.get("asked_entities") or []):
                continue
            if record is not None and record not in (entry.get("records") or []):
                continue
            out.append(entry)
        return out[-limit:]


def _last_line(fd: int) -> bytes | None:
    size = os.lseek(fd, 0, os.SEEK_END)
    if size == 0:
        return None
    chunk, end, buf = 65536, size, b""
    while end > 0:
        start = max(0, end - chunk)
        buf = os.pread(fd, end - start, start) + buf
        end = start
        stripped = buf.rstrip(b"\n")
        cut = stripped.rfind(b"\n")
        if cut >= 0:
            return stripped[cut + 1:]
    return buf.rstrip(b"\n") or None


def returned_ids(answer: BaseModel) -> tuple[list[str], list[str]]:
    """The entities and records an answer disclosed, for the audit entry."""
    entities: set[str] = set()
    records: set[str] = set()
    if isinstance(answer, SearchOut):
        entities.update(h.entity.id for h in answer.hits)
    elif isinstance(answer, EntityDetailOut):
        entities.add(answer.entity.id)
        records.update(answer.records)
    elif isinstance(answer, NetworkOut):
        entities.update(e.id for e in answer.entities)
    elif isinstance(answer, PathsOut):
        for p in answer.paths:
            entities.update(n.id for n in p.nodes)
            for h in p.hops:
                records.update(h.records)
    elif isinstance(answer, RecordOut):
        records.add(answer.key)
        entities.add(answer.entity_id)
        entities.update(answer.subjects.values())
        entities.update(m.entity for m in answer.mentions if m.entity)
    else:
        _resolution_ids(answer, entities, records)
    return sorted(entities), sorted(records)


def _resolution_ids(answer: BaseModel, entities: set[str], records: set[str]) -> None:
    """What an explanation, the review queue or a decision disclosed: persons, and the records of mentions."""
    def mentions(*keys: str) -> None:
        records.update(k.rsplit("#", 1)[0] for k in keys)

    decisions: list[DecisionOut] = []
    if isinstance(answer, EntityWhyOut):
        entities.add(answer.entity.id)
        mentions(*answer.mentions)
        for p in answer.near_misses:
            entities.update((p.person_a, p.person_b))
            mentions(p.a, p.b)
        decisions = answer.decisions
    elif isinstance(answer, PairWhyOut):
        entities.update((answer.a.id, answer.b.id))
        for j in answer.joins:
            mentions(j.a, j.b)
        for p in answer.pairs:
            mentions(p.a, p.b)
        decisions = answer.decisions
    elif isinstance(answer, ReviewOut):
        for i in answer.items:
            entities.update((i.person_a, i.person_b))
            mentions(i.a, i.b)
    elif isinstance(answer, DecisionsOut):
        decisions = answer.items
    elif isinstance(answer, DecisionOut):
        decisions = [answer]
    for d in decisions:
        mentions(d.a, d.b)
        entities.update(p for p in (d.person_a, d.person_b) if p)


def purge_entry(record_key: str, *, source: str, actor: str = "system") -> dict[str, Any]:
    """The audit entry of a purge order: which record and where the order came from, never its content.

    For the ingest path to append (``AuditLog(settings.audit_path()).append(purge_entry(...))``) when it
    applies a purge; a purge whose entry cannot be written should not be acknowledged."""
    return {"channel": "ingest", "user": actor, "role": None, "agency": record_key.split(":", 1)[0], "client": "local",
            "method": "PURGE", "path": "purge", "query": {"source": source[:500]}, "reason": "purge order", "asked_entities": [],
            "entities": [], "records": [record_key], "status": "ok", "outcome": "ok"}
