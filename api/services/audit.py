"""The audit log: append-only, hash-chained JSON lines; every request, who, why, what came back.

Each entry carries ``seq``, the ``prev`` entry's hash and its own ``hash`` = SHA-256 of ``prev``
and the entry's canonical JSON (sorted keys, without ``hash``). Changing, inserting, reordering or
deleting any entry but the last breaks the chain, which ``caselink audit verify`` reports. Writers
in several processes (the API, CLI queries) take an exclusive ``flock`` so the chain never forks,
and every entry is fsynced before the answer it records leaves: a request whose entry cannot be
written fails instead (fail closed).

The chain alone cannot tell a log whose last entries were cut off, or one rewritten and re-hashed
from some entry on, from an honest one. So the chain is *anchored*: every
``audit_checkpoint_every`` entries and at every shutdown, a checkpoint (entry count, head hash,
time) signed with HMAC-SHA256 under the audit key (:meth:`models.settings.Settings.audit_key`) is
appended to a separate file beside the log (``audit.log.checkpoints``). ``verify`` then fails when a
checkpoint covers more entries than the log holds (truncation), when the log's entry at a
checkpoint's count has another hash (a recomputed chain), or when a checkpoint's signature does not
verify (forged). Cutting the log *and* its checkpoints back to the same earlier checkpoint is not
detectable from these two files alone: keep the checkpoints where the log's writers cannot rewrite them.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import orjson
from orjson import OPT_SORT_KEYS
from pydantic import BaseModel

from api.schemas import (
    CutOut,
    EntityDetailOut,
    EntityOut,
    HopOut,
    LinkOut,
    MentionOut,
    NetworkOut,
    RecordOut,
    SourceOut,
)
from api.schemas.leads import (
    AlertOut,
    CommunityOut,
    KeyPlayerOut,
    LeadOut,
    LeadsOut,
    PathStepOut,
    ScopeOut,
    TimedHopOut,
    TimelineEntryOut,
)
from api.schemas.resolution import DecisionOut, DecisionsOut, EntityWhyOut, PairWhyOut, ReviewOut
from api.services.errors import AuditUnavailableError
from graph.build import record_id
from models.access import Viewer
from models.database import Database, DatabaseError, open_database, redacted
from models.settings import Settings

GENESIS = "0" * 64
CHECKPOINT_SUFFIX = ".checkpoints"
_RECORD_PREFIX = record_id("")


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry before it is chained: who asked what, through which channel, and what came back.

    Every writer (the HTTP middleware, the CLI, a live stream's deliveries, purges) builds one of these,
    so every entry has the same fields; ``seq``, ``at``, ``prev`` and ``hash`` are added on append."""

    channel: str
    user: str | None
    role: str | None
    agency: str | None
    client: str
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    #: Entity ids the request named, whatever came back.
    asked_entities: list[str] = field(default_factory=list)
    #: Entity ids and record keys the answer disclosed (:func:`returned_ids`).
    entities: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    status: int | str = "ok"
    outcome: str = "ok"
    ms: float | None = None
    #: What a live stream delivered (``alert``, ``retracted``, ``end``); None for a request's entry.
    event: str | None = None

    @classmethod
    def of(cls, viewer: Viewer | None, **fields: Any) -> AuditEntry:
        """An entry made for ``viewer`` (None: not authenticated)."""
        return cls(user=viewer.name if viewer else None, role=viewer.role.value if viewer else None,
                   agency=viewer.agency if viewer else None, **fields)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None or k in _ALWAYS}


_ALWAYS = frozenset({"user", "role", "agency", "reason"})


def _digest(prev: str, entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(prev.encode() + orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _signature(key: bytes, checkpoint: Mapping[str, Any]) -> str:
    body = {k: v for k, v in checkpoint.items() if k != "sig"}
    return hmac.new(key, orjson.dumps(body, option=orjson.OPT_SORT_KEYS), hashlib.sha256).hexdigest()


@dataclass
class Verification:
    ok: bool
    entries: int
    #: 1-based line of the first entry that does not verify.
    bad_line: int | None = None
    reason: str | None = None
    #: Signed checkpoints checked, and the entries the last of them covers (the rest are not anchored yet).
    checkpoints: int = 0
    anchored: int = 0


class _Tail(Protocol):
    """The end of an append-only sequence of lines, held exclusively: its last line, and a durable append."""

    def last(self) -> bytes | None: ...
    def append(self, line: bytes) -> None: ...


class _FileTail:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def last(self) -> bytes | None:
        return _last_line(self.fd)

    def append(self, line: bytes) -> None:
        os.write(self.fd, line + b"\n")
        os.fsync(self.fd)


class _FileLines:
    """Lines of a file, appended under an exclusive ``flock`` (the embedded default)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def exclusive(self) -> Iterator[_Tail]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield _FileTail(fd)
        finally:
            os.close(fd)  # closing releases the lock

    def lines(self) -> Iterator[tuple[int, bytes]]:
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            for n, line in enumerate(f, 1):
                yield n, line.rstrip(b"\n")


class _TableTail:
    def __init__(self, db: Database, table: str) -> None:
        self.db, self.table = db, table

    def last(self) -> bytes | None:
        row = self.db.execute(f"SELECT line FROM {self.table} ORDER BY n DESC LIMIT 1").fetchone()  # noqa: S608 (a constant table name)
        return None if row is None else str(row[0]).encode()

    def append(self, line: bytes) -> None:
        self.db.execute(f"INSERT INTO {self.table} (n, line) VALUES ((SELECT COALESCE(MAX(n), 0) + 1 FROM {self.table}), ?)",  # noqa: S608
                        (line.decode(),))


class _TableLines:
    """Lines in a table of the shared PostgreSQL server (``CASELINK_STATE``): the same bytes as the file
    would hold, numbered from 1, appended in a transaction holding the table's lock (so the chain never
    forks across machines) and committed before the answer leaves. One connection, opened at first use
    and kept (an API server's log appends for every request; a connection per append cost a server
    session each): the database begins a transaction again on a fresh connection after the server
    dropped the kept one, and every use goes through a transaction, which holds the connection for one
    thread at a time."""

    def __init__(self, state: str, table: str) -> None:
        self.state, self.table, self.name = state, table, table
        self._database: Database | None = None
        self._opening = threading.Lock()

    def exists(self) -> bool:
        return True

    def _db(self) -> Database:
        with self._opening:
            if self._database is None:
                db = open_database(self.state, Path(f"{self.table}.db"), self.table)
                try:
                    db.create(f"CREATE TABLE IF NOT EXISTS {self.table} (n INTEGER PRIMARY KEY, line TEXT NOT NULL)")
                except DatabaseError:
                    db.close()
                    raise
                self._database = db
            return self._database

    @contextmanager
    def exclusive(self) -> Iterator[_Tail]:
        try:
            with self._db().transaction() as tx:
                yield _TableTail(tx, self.table)
        except DatabaseError as exc:
            raise OSError(str(exc)) from None  # the callers fail closed on OSError, as for a file

    def lines(self) -> Iterator[tuple[int, bytes]]:
        try:
            with self._db().transaction() as tx:
                rows = tx.execute(f"SELECT n, line FROM {self.table} ORDER BY n").fetchall()  # noqa: S608
        except DatabaseError as exc:
            raise OSError(str(exc)) from None
        for n, line in rows:
            yield int(n), str(line).encode()


class AuditLog:
    """The log at ``path``; with ``key``, anchored by signed checkpoints every ``every`` entries.

    Without a key (a store with no signing key outside development) entries are chained but not
    anchored, and :meth:`verify` checks the chain alone. :func:`audit_log` opens a store's log.
    With ``state`` a ``postgresql://`` URL the entries and checkpoints are the same lines in two tables
    of that server (``audit_entries``, ``audit_checkpoints``), shared by every process on every machine."""

    def __init__(self, path: Path, *, key: bytes | None = None, every: int = 100, state: str = "embedded") -> None:
        self.path = path
        self.key = key
        self.every = every
        self._log: _FileLines | _TableLines
        self._checkpoints: _FileLines | _TableLines
        if state == "embedded":
            self._log, self._checkpoints = _FileLines(path), _FileLines(self.checkpoint_path)
            self.where = str(path)
        else:
            self._log, self._checkpoints = _TableLines(state, "audit_entries"), _TableLines(state, "audit_checkpoints")
            self.where = f"table audit_entries on {redacted(state)}"

    @property
    def checkpoint_path(self) -> Path:
        return self.path.with_name(self.path.name + CHECKPOINT_SUFFIX)

    def append(self, entry: AuditEntry | Mapping[str, Any]) -> dict[str, Any]:
        """Chain and write one entry durably; raises OSError if it cannot (the caller fails closed)."""
        body = entry.as_dict() if isinstance(entry, AuditEntry) else dict(entry)
        with self._log.exclusive() as tail:
            last = tail.last()
            if last is None:
                prev, seq = GENESIS, 1
            else:
                head = orjson.loads(last)
                prev, seq = str(head["hash"]), int(head["seq"]) + 1
            full = {**body, "seq": seq, "at": body.get("at") or datetime.now(UTC).isoformat(timespec="microseconds"),
                    "prev": prev}
            full["hash"] = _digest(prev, full)
            tail.append(orjson.dumps(full, option=OPT_SORT_KEYS))
            if self.key is not None and seq % self.every == 0:
                self._write_checkpoint(seq, str(full["hash"]))
            return full

    def checkpoint(self) -> dict[str, Any] | None:
        """Sign the chain's head now (at shutdown, at the end of a CLI command), unless the last
        checkpoint already covers it; None without a key or an empty log."""
        if self.key is None or not self._log.exists():
            return None
        with self._log.exclusive() as tail:
            last = tail.last()
            if last is None:
                return None
            head = orjson.loads(last)
            return self._write_checkpoint(int(head["seq"]), str(head["hash"]))

    def _write_checkpoint(self, count: int, head: str) -> dict[str, Any] | None:
        """Append a signed checkpoint (the caller holds the log's lock); raises OSError if it cannot."""
        assert self.key is not None
        with self._checkpoints.exclusive() as tail:
            previous = tail.last()
            if previous is not None:
                try:
                    if int(orjson.loads(previous).get("count", -1)) >= count:
                        return None
                except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
                    pass  # verify reports a damaged checkpoint file; a new checkpoint is still worth writing
            checkpoint: dict[str, Any] = {"count": count, "head": head, "every": self.every,
                                          "at": datetime.now(UTC).isoformat(timespec="microseconds")}
            checkpoint["sig"] = _signature(self.key, checkpoint)
            tail.append(orjson.dumps(checkpoint, option=OPT_SORT_KEYS))
            return checkpoint

    def checkpoints(self) -> list[tuple[int, bytes]]:
        return [(n, line) for n, line in self._checkpoints.lines() if line.strip()]

    def entries(self) -> Iterator[tuple[int, bytes]]:
        yield from self._log.lines()

    def verify(self) -> Verification:
        """Check the chain, then (with a key) every checkpoint against it."""
        anchors, bad = self._read_checkpoints()
        if bad is not None:
            return bad
        wanted = {int(c["count"]) for c in anchors}
        heads: dict[int, str] = {}
        chain = self._verify_chain(wanted, heads)
        if not chain.ok or not anchors:
            return chain
        for c in anchors:
            count, at = int(c["count"]), c["at"]
            if count > chain.entries:
                return Verification(False, chain.entries, chain.entries + 1,
                                    f"TRUNCATED: the checkpoint signed at {at} covers {count} entries, the log holds only "
                                    f"{chain.entries} (its last {count - chain.entries} or more were cut off)", len(anchors))
            if heads.get(count) != c["head"]:
                return Verification(False, chain.entries, count,
                                    f"REWRITTEN: entry {count} does not match the checkpoint signed at {at} (the chain was "
                                    f"recomputed)", len(anchors))
        return Verification(True, chain.entries, checkpoints=len(anchors), anchored=max(wanted))

    def _read_checkpoints(self) -> tuple[list[dict[str, Any]], Verification | None]:
        lines = self.checkpoints()
        if self.key is None:
            return [], None
        out: list[dict[str, Any]] = []
        for n, line in lines:
            def bad(why: str, n: int = n) -> tuple[list[dict[str, Any]], Verification]:
                return [], Verification(False, 0, None, f"checkpoint {n} in {self._checkpoints.name}: {why}", len(out))
            try:
                c = orjson.loads(line)
            except orjson.JSONDecodeError:
                return bad("not a JSON checkpoint")
            if not isinstance(c, dict) or not isinstance(c.get("count"), int) or not isinstance(c.get("head"), str):
                return bad("not a checkpoint")
            if not hmac.compare_digest(str(c.get("sig", "")), _signature(self.key, c)):
                return bad("its signature does not verify (forged, altered, or signed with another key)")
            if out and c["count"] < out[-1]["count"]:
                return bad("counts go backwards")
            out.append(c)
        return out, None

    def _verify_chain(self, wanted: set[int], heads: dict[int, str]) -> Verification:
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
            if count in wanted:
                heads[count] = prev
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


#: What each answer model discloses: (fields holding entity ids, fields holding record keys). Nested models
#: are walked; raw payloads (``RecordOut.record``) are not: the record's key stands for them. A record node's
#: id names its record too (:func:`returned_ids`).
_DISCLOSES: dict[type[BaseModel], tuple[tuple[str, ...], tuple[str, ...]]] = {
    EntityOut: (("id",), ()),
    LinkOut: (("source", "target"), ()),
    SourceOut: ((), ("record",)),
    EntityDetailOut: ((), ("records",)),
    NetworkOut: (("centre",), ()),
    CutOut: (("hubs_not_expanded",), ()),
    HopOut: (("source", "target"), ("records",)),
    RecordOut: (("entity_id", "subjects"), ("key",)),
    MentionOut: (("entity",), ()),
    ScopeOut: (("hubs_suppressed",), ()),
    CommunityOut: (("persons", "members"), ()),
    KeyPlayerOut: (("entity",), ()),
    TimedHopOut: (("source", "target"), ("records",)),
    TimelineEntryOut: ((), ("record",)),
    LeadOut: (("entity",), ()),
    LeadsOut: (("network",), ()),
    AlertOut: (("entity", "path_nodes"), ("record_key",)),
    PathStepOut: (("source", "target"), ("records",)),
}
_NOT_WALKED = frozenset({(RecordOut, "record")})
_RESOLUTION = (EntityWhyOut, PairWhyOut, ReviewOut, DecisionsOut, DecisionOut)


def returned_ids(answer: BaseModel) -> tuple[list[str], list[str]]:
    """The entities and records an answer disclosed, for the audit entry."""
    entities: set[str] = set()
    records: set[str] = set()
    if isinstance(answer, _RESOLUTION):
        _resolution_ids(answer, entities, records)
    else:
        _walk(answer, entities, records)
    # A record's own node (``record:AGENCY:NO``) discloses that record, wherever its id appears.
    records.update(e.removeprefix(_RECORD_PREFIX) for e in entities if e.startswith(_RECORD_PREFIX))
    return sorted(entities), sorted(records)


def _ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [str(v) for v in value.values() if v]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return []


def _walk(value: object, entities: set[str], records: set[str]) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _walk(item, entities, records)
        return
    if not isinstance(value, BaseModel):
        return
    entity_fields, record_fields = _DISCLOSES.get(type(value), ((), ()))
    for name in entity_fields:
        entities.update(_ids(getattr(value, name)))
    for name in record_fields:
        records.update(_ids(getattr(value, name)))
    for name in type(value).model_fields:
        if (type(value), name) not in _NOT_WALKED:
            _walk(getattr(value, name), entities, records)


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


def purge_entry(record_key: str, *, source: str, actor: str = "system") -> AuditEntry:
    """The audit entry of a purge order: which record and where the order came from, never its content.

    For the ingest path to append (``audit_log(settings).append(purge_entry(...))``) when it
    applies a purge; a purge whose entry cannot be written should not be acknowledged."""
    return AuditEntry(channel="ingest", user=actor, role=None, agency=record_key.split(":", 1)[0], client="local",
                      method="PURGE", path="purge", query={"source": source[:500]}, reason="purge order", records=[record_key])


def disclosure_entry(viewer: Viewer, action: str, *, draft_id: str, recipient: str, reason: str,
                     items: list[str]) -> AuditEntry:
    """The audit entry of one disclosure step (draft created, redaction confirmed, issued, downloaded ...).

    Written by the disclosure workflow itself (:class:`api.services.disclosure.drafts.Disclosures`), the
    service both the HTTP routes and the CLI call, so a step leaves the same entry whichever way it
    was taken: who (name, role, service), the draft, its recipient and reason, and the records named."""
    return AuditEntry.of(viewer, channel="disclosure", client="workflow", method="DISCLOSE", path=action, reason=reason,
                         query={"draft": draft_id, "recipient": recipient[:500]}, records=[i for i in items if ":" in i])


def request_entry(viewer: Viewer | None, *, client: str, method: str, path: str, query: Mapping[str, str],
                  reason: str | None, asked: list[str], returned: tuple[list[str], list[str]], status: int,
                  ms: float) -> AuditEntry:
    """The audit entry of one HTTP request, refused or not (the app's middleware writes it before the
    response leaves): 401, 403 and 429 are refusals, other statuses from 400 up errors."""
    entities, records = returned
    return AuditEntry.of(
        viewer, channel="http", client=client, method=method, path=path[:1000],
        query={k: v[:500] for k, v in list(query.items())[:50]}, reason=reason, asked_entities=asked,
        entities=entities, records=records, status=status,
        outcome="ok" if status < 400 else "refused" if status in (401, 403, 429) else "error", ms=ms)


def stream_entry(viewer: Viewer, *, client: str, path: str, after: object, event: str, entities: list[str],
                 records: list[str], extra: Mapping[str, str] | None = None) -> AuditEntry:
    """The audit entry of one event of a live alert stream (each alert delivered, and its end)."""
    return AuditEntry.of(viewer, channel="http", client=client, method="GET", path=path,
                         query={"after": str(after), **(extra or {})}, entities=entities, records=records,
                         status=200, event=event)


def command_entry(viewer: Viewer, command: str, asked: Mapping[str, object], reason: str | None,
                  answer: BaseModel | None, status: str) -> AuditEntry:
    """The audit entry of one terminal question: the command, what was asked, what the answer returned."""
    entities, records = returned_ids(answer) if answer is not None else ([], [])
    return AuditEntry.of(
        viewer, channel="cli", client="local", method="CLI", path=command,
        query={k: str(v)[:500] for k, v in asked.items() if v is not None}, reason=reason,
        asked_entities=[str(asked[k]) for k in ("entity", "from", "to") if asked.get(k)], entities=entities, records=records,
        status=status, outcome=status if status in ("ok", "refused") else "error")


def record_command(settings: Settings, viewer: Viewer, command: str, asked: Mapping[str, object], reason: str | None,
                   answer: BaseModel | None, status: str) -> None:
    """Write a terminal question's audit entry before its answer is shown; an unwritable log is
    :class:`AuditUnavailableError` (fail closed: nothing is shown), as the HTTP middleware's 503."""
    try:
        audit_log(settings).append(command_entry(viewer, command, asked, reason, answer, status))
    except OSError as exc:
        raise AuditUnavailableError(f"the audit log cannot be written ({exc}): not answering") from None


def audit_log(settings: Settings) -> AuditLog:
    """The store's audit log, anchored with the settings' audit key when there is one (see the module docstring)."""
    try:
        key: bytes | None = settings.audit_key()
    except ValueError:
        key = None  # no signing key outside development: chained, not anchored
    # an audit log named by CASELINK_AUDIT_LOG (append-only storage) stays a file; else it follows CASELINK_STATE
    state = "embedded" if settings.audit_log is not None else settings.state
    return AuditLog(settings.audit_path(), key=key, every=settings.audit_checkpoint_every, state=state)
