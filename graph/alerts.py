"""Watchlists and alerts: tell an investigator when a new record touches what they watch.

A watch names entities (a phone, a person, a plate, a handle, a place, or a whole network's
members), a hop limit (1: the record mentions the entity itself; 2-3: the record is that close
to it) and optionally the record types that matter ("any new missing-person report within two
hops of this network"). After the graph has committed a checkpoint, :class:`AlertSink` looks at
every record version applied in it that it has not evaluated yet, and raises one alert per
(watch, record) with the path that connects them and the reason.

Crash safety: evaluation is remembered per record version, not per delivery, so a batch
delivered again after a crash is evaluated if (and only if) it was not before; an alert is
unique per (watch, record), so nothing is raised twice. Purges retract every alert on the
purged record, and every alert whose connecting path no longer exists without it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from graph.build import record_id
from graph.store.base import MAX_DEPTH, EntityNotFoundError, GraphStore, PathResult
from ingest.outcomes import Applied, Outcome
from models.access import SYSTEM
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings

log = structlog.get_logger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, entities TEXT NOT NULL, hops INTEGER NOT NULL,
    record_types TEXT, reason TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, watch_id TEXT NOT NULL, owner TEXT NOT NULL,
    record_key TEXT NOT NULL, record_version TEXT NOT NULL, entity TEXT NOT NULL, hops INTEGER NOT NULL,
    path TEXT NOT NULL, reason TEXT NOT NULL, raised_at TEXT NOT NULL, retracted_at TEXT, retraction TEXT,
    UNIQUE (watch_id, record_key)
);
CREATE INDEX IF NOT EXISTS alerts_owner ON alerts (owner, seq);
CREATE INDEX IF NOT EXISTS alerts_record ON alerts (record_key);
CREATE TABLE IF NOT EXISTS evaluated (record_key TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (record_key, version));
"""

ALGORITHM = "watch-paths/1.0"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Watch:
    id: str
    owner: str
    entities: tuple[str, ...]
    hops: int
    record_types: tuple[str, ...] | None
    reason: str
    created_at: str


@dataclass(frozen=True)
class PathStep:
    """One hop of the path from the new record to the watched entity."""

    source: str
    target: str
    link: str
    kind: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class Alert:
    seq: int
    id: str
    watch_id: str
    owner: str
    record_key: str
    record_version: str
    #: The watched entity the record reached.
    entity: str
    hops: int
    #: Entity ids from the record's entity to the watched entity.
    path_nodes: tuple[str, ...]
    path: tuple[PathStep, ...]
    reason: str
    raised_at: str
    retracted_at: str | None = None
    retraction: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = [asdict(p) for p in self.path]
        return data


class WatchError(ValueError):
    """A watch that cannot be kept (no entities, hop limit out of range, unknown entity)."""


class AlertStore:
    """Watches and alerts, in ``alerts.db`` beside the ledger or on the shared PostgreSQL server
    (``CASELINK_STATE``): an alert raised by one consumer is in every API process's inbox, and its
    ``seq`` order is commit order (writes hold the store's lock), so a stream reading ``seq > n`` misses none."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create(SCHEMA)

    @classmethod
    def of(cls, settings: Settings) -> AlertStore:
        """The alerts ``settings`` name: ``alerts.db`` in the store, or the server of ``CASELINK_STATE``."""
        return cls(open_database(settings.state, StoreLayout.of(settings).alerts_db))

    def close(self) -> None:
        self._conn.close()

    # -- watches ---------------------------------------------------------------------------

    def add_watch(self, owner: str, entities: Sequence[str], *, hops: int = 1, record_types: Sequence[str] | None = None,
                  reason: str = "", store: GraphStore | None = None) -> Watch:
        ids = tuple(dict.fromkeys(e.strip() for e in entities if e.strip()))
        if not ids:
            raise WatchError("a watch needs at least one entity")
        if not 1 <= hops <= MAX_DEPTH:
            raise WatchError(f"hops must be between 1 and {MAX_DEPTH}")
        if store is not None:
            known = {e.id for e in store.get_entities(list(ids), viewer=SYSTEM)}
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise WatchError(f"no entity {unknown[0]!r}")
        types = tuple(sorted({t.strip().upper() for t in record_types if t.strip()})) if record_types else None
        watch = Watch(f"w-{uuid.uuid4().hex[:12]}", owner, ids, hops, types or None, reason, _now())
        with self._conn.transaction() as conn:
            conn.execute("INSERT INTO watches (id, owner, entities, hops, record_types, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (watch.id, owner, json.dumps(list(ids)), hops, json.dumps(list(types)) if types else None, reason, watch.created_at))
        return watch

    def remove_watch(self, owner: str, watch_id: str) -> bool:
        with self._conn.transaction() as conn:
            return conn.execute("UPDATE watches SET active = 0 WHERE id = ? AND owner = ? AND active = 1", (watch_id, owner)).rowcount > 0

    def watches(self, owner: str | None = None) -> list[Watch]:
        sql = "SELECT id, owner, entities, hops, record_types, reason, created_at FROM watches WHERE active = 1"
        args: tuple[str, ...] = ()
        if owner is not None:
            sql += " AND owner = ?"
            args = (owner,)
        return [Watch(r[0], r[1], tuple(json.loads(r[2])), r[3], tuple(json.loads(r[4])) if r[4] else None, r[5], r[6])
                for r in self._conn.execute(sql + " ORDER BY created_at, id", args)]

    # -- alerts ----------------------------------------------------------------------------

    def alerts(self, owner: str | None = None, *, after: int = 0, limit: int = 100, include_retracted: bool = True) -> list[Alert]:
        sql = ("SELECT seq, id, watch_id, owner, record_key, record_version, entity, hops, path, reason, raised_at, retracted_at,"
               " retraction FROM alerts WHERE seq > ?")
        args: list[object] = [after]
        if owner is not None:
            sql += " AND owner = ?"
            args.append(owner)
        if not include_retracted:
            sql += " AND retracted_at IS NULL"
        rows = self._conn.execute(sql + " ORDER BY seq LIMIT ?", [*args, limit]).fetchall()
        return [_alert(r) for r in rows]

    def changes_since(self, marker: tuple[int, int]) -> tuple[int, int]:
        """(last alert seq, retractions) now: a cheap "has anything changed" for live streams."""
        row = self._conn.execute("SELECT COALESCE(MAX(seq), 0), COUNT(retracted_at) FROM alerts").fetchone()
        return int(row[0]), int(row[1])

    def _evaluated(self, keys: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for key, version in keys:
            if self._conn.execute("SELECT 1 FROM evaluated WHERE record_key = ? AND version = ?", (key, version)).fetchone():
                out.add((key, version))
        return out


def _alert(r: tuple[Any, ...]) -> Alert:
    path = json.loads(r[8])
    return Alert(seq=r[0], id=r[1], watch_id=r[2], owner=r[3], record_key=r[4], record_version=r[5], entity=r[6], hops=r[7],
                 path_nodes=tuple(path["nodes"]), path=tuple(PathStep(**{**s, "records": tuple(s["records"])}) for s in path["steps"]),
                 reason=r[9], raised_at=r[10], retracted_at=r[11], retraction=r[12])


def _path_json(path: PathResult) -> dict[str, Any]:
    return {"nodes": [n.id for n in path.nodes],
            "steps": [{"source": h.source, "target": h.target, "link": h.link.id, "kind": h.link.kind, "records": list(h.records)}
                      for h in path.hops]}


@dataclass
class AlertSink:
    """The pipeline sink that raises and retracts alerts, after the graph sink has committed.

    ``publish`` (for example the Kafka alerts topic) receives every alert raised or retracted,
    after it is stored."""

    alerts: AlertStore
    store: GraphStore
    publish: Callable[[Alert], None] | None = None
    pending: dict[str, str] = field(default_factory=dict)
    purged: list[str] = field(default_factory=list)

    def apply(self, applied: Sequence[Applied]) -> None:
        for result in applied:
            if result.outcome is Outcome.PURGED:
                self.purged.append(result.key)
                self.pending.pop(result.key, None)
            elif result.current is not None and result.outcome in (Outcome.ACCEPTED, Outcome.SUPERSEDED, Outcome.DUPLICATE):
                # Duplicates too: after a crash, a redelivered record may never have been evaluated.
                self.pending[result.key] = result.current.version

    def commit(self) -> None:
        retracted = self._retract(self.purged) if self.purged else []
        raised = self._evaluate(self.pending) if self.pending else []
        self.purged.clear()
        self.pending.clear()
        if self.publish is not None:
            for alert in [*retracted, *raised]:
                self.publish(alert)

    def _evaluate(self, pending: dict[str, str]) -> list[Alert]:
        done = self.alerts._evaluated(list(pending.items()))
        todo = [kv for kv in pending.items() if kv not in done]
        watches = self.alerts.watches()
        raised: list[tuple[Any, ...]] = []
        for key, version in todo:
            record = self.store.record(key, viewer=SYSTEM)
            if record is None or record.version != version:
                continue  # superseded or purged since: its successor is evaluated in its own right
            rtype = str(record.payload.get("record_type") or "")
            for watch in watches:
                if watch.record_types and rtype not in watch.record_types:
                    continue
                found = self._connect(record_id(key), watch)
                if found is None:
                    continue
                entity, path = found
                hops = len(path.hops)
                reason = (f"{rtype or 'record'} {key} {'mentions' if hops == 1 else f'is {hops} hops from'} watched {entity}"
                          + (f" ({watch.reason})" if watch.reason else ""))
                raised.append((f"a-{uuid.uuid4().hex[:16]}", watch.id, watch.owner, key, version, entity, hops,
                               json.dumps(_path_json(path), ensure_ascii=False), reason, _now()))
        with self.alerts._conn.transaction() as conn:
            before = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM alerts").fetchone()[0]
            conn.executemany("INSERT INTO alerts (id, watch_id, owner, record_key, record_version, entity, hops, path, reason,"
                             " raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", raised)
            conn.executemany("INSERT INTO evaluated (record_key, version) VALUES (?, ?) ON CONFLICT DO NOTHING", todo)
            # read inside the transaction: these are this batch's alerts, not another consumer's committed since
            new = self.alerts.alerts(after=before, limit=1_000_000)
        for alert in new:
            log.info("alert raised", alert=alert.id, watch=alert.watch_id, owner=alert.owner, record=alert.record_key, hops=alert.hops)
        return new

    def _connect(self, rid: str, watch: Watch) -> tuple[str, PathResult] | None:
        """The shortest path from the record's entity to any watched entity within the hop limit."""
        try:
            reach = self.store.neighbourhood(rid, watch.hops, max_nodes=5000, viewer=SYSTEM)
        except EntityNotFoundError:
            return None
        near = {e.id for e in reach.entities}
        best: tuple[str, PathResult] | None = None
        for entity in watch.entities:
            if entity not in near:
                continue
            found = self.store.paths(rid, entity, watch.hops, limit=1, viewer=SYSTEM)
            if found and (best is None or len(found[0].hops) < len(best[1].hops)):
                best = (entity, found[0])
        return best

    def _retract(self, purged: list[str]) -> list[Alert]:
        """Alerts on a purged record go; so do alerts whose every connecting path went with it."""
        now = _now()
        active = self.alerts.alerts(limit=1_000_000, include_retracted=False)
        watches = {w.id: w for w in self.alerts.watches()}
        gone: list[tuple[str, str, str]] = []
        purged_set = set(purged)
        for alert in active:
            if alert.record_key in purged_set:
                gone.append((now, "the record was purged", alert.id))
                continue
            if not any(set(step.records) & purged_set for step in alert.path):
                continue
            watch = watches.get(alert.watch_id)
            if watch is None or self._connect(record_id(alert.record_key), Watch(**{**asdict(watch), "entities": (alert.entity,)})) is None:
                gone.append((now, "the path rested on a purged record", alert.id))
        if not gone:
            return []
        with self.alerts._conn.transaction() as conn:
            conn.executemany("UPDATE alerts SET retracted_at = ?, retraction = ? WHERE id = ? AND retracted_at IS NULL", gone)
        ids = {g[2] for g in gone}
        out = [a for a in self.alerts.alerts(limit=1_000_000) if a.id in ids]
        for alert in out:
            log.info("alert retracted", alert=alert.id, reason=alert.retraction)
        return out
