"""The record ledger: every accepted version of every record, purges and dead letters, in a :class:`Database`.

It decides the revision semantics of FORMATS.md in one place: a higher version supersedes, an
equal one is a duplicate (when its content differs, the variant is kept beside the version,
not applied and not lost), a lower one is stale. A purge removes all content of the record and leaves a tombstone (so a
late older version cannot resurrect it) and an audit entry without content.

One batch is one transaction: the transport acknowledges a batch only after it committed. On a shared
PostgreSQL server the transaction holds the ledger's write lock, so two consumers applying batches at
once take turns and each sees the other's versions before deciding what supersedes what.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingest.items import SourceItem
from ingest.outcomes import Applied, Outcome
from models.database import Database, as_database
from models.records import Record

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    record_no TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    purged INTEGER NOT NULL DEFAULT 0,
    payload TEXT,
    sha256 TEXT,
    applied_at TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS record_versions (
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    state TEXT NOT NULL,
    payload TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    position INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (key, version)
);
CREATE TABLE IF NOT EXISTS record_variants (
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    payload TEXT NOT NULL,
    source TEXT NOT NULL,
    position INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (key, version, sha256)
);
CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS purges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    agency TEXT NOT NULL,
    purge_version TEXT NOT NULL,
    versions_removed INTEGER NOT NULL,
    source TEXT NOT NULL,
    position INTEGER NOT NULL,
    purged_at TEXT NOT NULL,
    UNIQUE (key, purge_version)
);
CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    position INTEGER NOT NULL,
    line INTEGER,
    byte_offset INTEGER NOT NULL,
    key TEXT,
    reason TEXT NOT NULL,
    payload TEXT NOT NULL,
    payload_b64 TEXT,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (source, byte_offset, sha256)
);
"""


@dataclass(frozen=True)
class DeadLetter:
    id: int
    source: str
    format: str
    position: int
    line: int | None
    key: str | None
    reason: str
    payload: str
    payload_b64: str | None
    received_at: str


@dataclass(frozen=True)
class StoredVersion:
    key: str
    version: str
    #: ``current``, ``superseded`` or ``stale``.
    state: str
    #: Ordinal of this version among the record's versions (1 = oldest): the revision for
    #: formats that have none (mpr orders by ``UPDATED_AT``).
    ordinal: int
    record: Record


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def content_sha(record: Record) -> str:
    """The digest of what a record says, not of where it was read: a duplicate delivered at
    another line of another file is still a duplicate."""
    return _sha(record.model_dump_json(exclude={"source"}))


#: ``LIMIT`` for "no limit" in both engines (SQLite's -1 is refused by PostgreSQL).
_NO_LIMIT = 2**63 - 1

#: Outcomes that change the records in force (and so what the graph must show).
_CHANGES = frozenset({Outcome.ACCEPTED, Outcome.SUPERSEDED, Outcome.PURGED})


class Ledger:
    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create(SCHEMA)
        columns = {d[0] for d in self._conn.execute("SELECT * FROM records LIMIT 0").description}
        with self.transaction() as conn:
            if "seq" not in columns:  # a ledger from before changes were numbered: its rows read as changed before any
                conn.execute("ALTER TABLE records ADD COLUMN seq BIGINT NOT NULL DEFAULT 0")
            conn.execute("CREATE INDEX IF NOT EXISTS records_seq ON records (seq)")
            conn.execute("INSERT INTO ledger_meta (name, value) VALUES ('id', ?), ('changes', '0') ON CONFLICT (name) DO NOTHING",
                         (uuid.uuid4().hex,))
        #: The number the next change written in the open transaction takes (see :meth:`changes_since`).
        self._next_seq = 0

    def close(self) -> None:
        self._conn.close()

    def transaction(self) -> AbstractContextManager[Database]:
        return self._conn.transaction()

    # -- writes ------------------------------------------------------------------------

    def apply(self, records: Sequence[Record], rejects: Sequence[tuple[SourceItem, str, str | None]] = ()) -> list[Applied]:
        """Apply a batch (and keep its rejects) in one transaction; what happened to each record, in order."""
        with self.transaction() as conn:
            for item, reason, key in rejects:
                self._dead_letter(conn, item, reason, key)
            # Each change is numbered by the changes counter it brings the ledger to: under the transaction's write lock
            # no other consumer numbers one meanwhile, so a reader of changes_since(n) misses none.
            (held,) = conn.execute("SELECT value FROM ledger_meta WHERE name = 'changes'").fetchone()
            self._next_seq = int(held) + 1
            applied = [self._apply_one(conn, record) for record in records]
            changed = sum(1 for a in applied if a.outcome in _CHANGES)
            if changed:
                conn.execute("UPDATE ledger_meta SET value = CAST(CAST(value AS BIGINT) + ? AS TEXT) WHERE name = 'changes'", (changed,))
            return applied

    def state_mark(self) -> str:
        """Names the records in force: ``<ledger id>:<changes applied>``. A graph built from this
        ledger at this mark needs no rebuild; any other mark means it lags (say after a crash
        between the ledger's commit and the graph's)."""
        rows = dict(self._conn.execute("SELECT name, value FROM ledger_meta WHERE name IN ('id', 'changes')").fetchall())
        return f"{rows['id']}:{rows['changes']}"

    def _apply_one(self, conn: Database, record: Record) -> Applied:
        key, version = record.key, record.version
        payload = record.model_dump_json()
        sha = content_sha(record)
        row = conn.execute("SELECT version, purged, payload FROM records WHERE key = ?", (key,)).fetchone()
        now = _now()
        if row is not None:
            held_version, purged, held_payload = row
            current = None if purged else Record.model_validate_json(held_payload)
            if version == held_version and not (record.is_purge and not purged):
                # (a purge order at the revision held is still obeyed: it falls through below)
                if not purged:
                    self._keep_variant(conn, record, payload, sha, now)
                return Applied(key, Outcome.DUPLICATE, current, variant=self._differs(conn, key, version, sha))
            if version < held_version:
                if not purged:
                    if self._differs(conn, key, version, sha) is not None:  # that older version, again
                        self._keep_variant(conn, record, payload, sha, now)
                        return Applied(key, Outcome.DUPLICATE, current, variant=self._differs(conn, key, version, sha))
                    self._keep_version(conn, record, payload, sha, "stale", now)
                # After a purge, an older version is stale and its content is not kept.
                return Applied(key, Outcome.STALE, current)
        if record.is_purge:
            removed = conn.execute("DELETE FROM record_versions WHERE key = ?", (key,)).rowcount
            conn.execute("DELETE FROM record_variants WHERE key = ?", (key,))
            conn.execute(
                "INSERT INTO records (key, agency, record_no, version, status, purged, payload, sha256, applied_at, seq)"
                " VALUES (?, ?, ?, ?, ?, 1, NULL, NULL, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET version = excluded.version, status = excluded.status,"
                " purged = 1, payload = NULL, sha256 = NULL, applied_at = excluded.applied_at, seq = excluded.seq",
                (key, record.agency, record.record_no, version, record.status.value, now, self._take_seq()),
            )
            conn.execute(
                "INSERT INTO purges (key, agency, purge_version, versions_removed, source, position, purged_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, purge_version) DO NOTHING",
                (key, record.agency, version, removed, record.source.source, record.source.position, now),
            )
            return Applied(key, Outcome.PURGED, None)
        outcome = Outcome.ACCEPTED if row is None or row[1] else Outcome.SUPERSEDED
        conn.execute("UPDATE record_versions SET state = 'superseded' WHERE key = ? AND state = 'current'", (key,))
        self._keep_version(conn, record, payload, sha, "current", now)
        conn.execute(
            "INSERT INTO records (key, agency, record_no, version, status, purged, payload, sha256, applied_at, seq)"
            " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET version = excluded.version, status = excluded.status, purged = 0,"
            " payload = excluded.payload, sha256 = excluded.sha256, applied_at = excluded.applied_at, seq = excluded.seq",
            (key, record.agency, record.record_no, version, record.status.value, payload, sha, now, self._take_seq()),
        )
        return Applied(key, outcome, record)

    def _take_seq(self) -> int:
        seq = self._next_seq
        self._next_seq += 1
        return seq

    def _keep_version(self, conn: Database, record: Record, payload: str, sha: str, state: str, now: str) -> None:
        conn.execute(
            "INSERT INTO record_versions (key, version, state, payload, sha256, source, position, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, version) DO NOTHING",
            (record.key, record.version, state, payload, sha, record.source.source, record.source.position, now),
        )

    @staticmethod
    def _differs(conn: Database, key: str, version: str, sha: str) -> bool | None:
        """Whether a kept version ``version`` of ``key`` says something else; None if none is kept."""
        row = conn.execute("SELECT sha256 FROM record_versions WHERE key = ? AND version = ?", (key, version)).fetchone()
        return None if row is None else row[0] != sha

    def _keep_variant(self, conn: Database, record: Record, payload: str, sha: str, now: str) -> None:
        """A re-delivery of a held version with other content: kept for the analyst, not applied."""
        if not self._differs(conn, record.key, record.version, sha):
            return
        conn.execute(
            "INSERT INTO record_variants (key, version, sha256, payload, source, position, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, version, sha256) DO NOTHING",
            (record.key, record.version, sha, payload, record.source.source, record.source.position, now),
        )

    def _dead_letter(self, conn: Database, item: SourceItem, reason: str, key: str | None) -> None:
        conn.execute(
            "INSERT INTO dead_letters (source, format, position, line, byte_offset, key, reason, payload,"
            " payload_b64, sha256, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source, byte_offset, sha256) DO NOTHING",
            (item.source, item.format.value, item.position, item.line, item.byte_offset, key, reason,
             item.payload, item.undecodable_b64, _sha(item.payload), _now()),
        )

    # -- reads -------------------------------------------------------------------------

    def get(self, key: str) -> Record | None:
        row = self._conn.execute("SELECT payload FROM records WHERE key = ? AND purged = 0", (key,)).fetchone()
        return None if row is None else Record.model_validate_json(row[0])

    def current_records(self) -> Iterator[Record]:
        for (payload,) in self._conn.execute("SELECT payload FROM records WHERE purged = 0 ORDER BY key"):
            yield Record.model_validate_json(payload)

    def changes_made(self) -> int:
        """How many changes the ledger has applied: the number of the last one (see :meth:`changes_since`)."""
        (held,) = self._conn.execute("SELECT value FROM ledger_meta WHERE name = 'changes'").fetchone()
        return int(held)

    def changes_since(self, seq: int) -> list[tuple[int, str, Record | None]]:
        """The records changed after change number ``seq``, in the order changed: each record's key with its version in
        force, or None where it was purged. Read :meth:`changes_made` first, then every record in force, and a consumer
        keeps the ledger's records in force without reading them all again at each commit (a change read twice is
        applied twice, to the same effect). A change another consumer made counts like one's own."""
        rows = self._conn.execute("SELECT seq, key, purged, payload FROM records WHERE seq > ? ORDER BY seq", (seq,)).fetchall()
        return [(int(n), key, None if purged else Record.model_validate_json(payload)) for n, key, purged, payload in rows]

    def versions(self, key: str | None = None) -> Iterator[StoredVersion]:
        """Every kept version (current, superseded, stale), oldest first within a record."""
        sql = "SELECT key, version, state, payload FROM record_versions"
        args: tuple[str, ...] = ()
        if key is not None:
            sql += " WHERE key = ?"
            args = (key,)
        ordinal, last_key = 0, None
        for k, version, state, payload in self._conn.execute(sql + " ORDER BY key, version", args):
            ordinal = ordinal + 1 if k == last_key else 1
            last_key = k
            yield StoredVersion(k, version, state, ordinal, Record.model_validate_json(payload))

    def purges(self) -> list[dict[str, object]]:
        cur = self._conn.execute("SELECT key, agency, purge_version, versions_removed, source, position, purged_at FROM purges ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def purges_after(self, last_id: int) -> list[tuple[int, str, str, int]]:
        """(id, key, source, position) of every purge order applied after ``last_id``, in order."""
        return [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in self._conn.execute(
            "SELECT id, key, source, position FROM purges WHERE id > ? ORDER BY id", (last_id,))]

    def audit_purges(self, audit: Callable[[list[tuple[int, str, str, int]]], None], *, legacy_mark: int = 0) -> int:
        """Hand every purge order not yet audited to ``audit`` (id, key, source, position, in order)
        and remember, in the ledger itself, that they were: all in one write transaction, so
        consumers sharing this ledger (on one machine or on a server) never audit one purge twice,
        and a crash before the commit means they are audited again at the next start (never lost).
        ``legacy_mark``: how far an older store's mark file had read, used once if no mark is held."""
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM ledger_meta WHERE name = 'purges_audited'").fetchone()
            last = int(row[0]) if row else legacy_mark
            rows = [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in conn.execute(
                "SELECT id, key, source, position FROM purges WHERE id > ? ORDER BY id", (last,))]
            if rows:
                audit(rows)
                conn.execute("INSERT INTO ledger_meta (name, value) VALUES ('purges_audited', ?)"
                             " ON CONFLICT (name) DO UPDATE SET value = excluded.value", (str(rows[-1][0]),))
            return len(rows)

    def is_purged(self, key: str) -> bool:
        row = self._conn.execute("SELECT purged FROM records WHERE key = ?", (key,)).fetchone()
        return bool(row and row[0])

    def dead_letters(self, limit: int | None = None, offset: int = 0) -> list[DeadLetter]:
        sql = ("SELECT id, source, format, position, line, key, reason, payload, payload_b64, received_at"
               " FROM dead_letters ORDER BY id LIMIT ? OFFSET ?")
        rows = self._conn.execute(sql, (_NO_LIMIT if limit is None else limit, offset)).fetchall()
        return [DeadLetter(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        one = self._conn.execute
        return {
            "records": one("SELECT COUNT(*) FROM records WHERE purged = 0").fetchone()[0],
            "versions": one("SELECT COUNT(*) FROM record_versions").fetchone()[0],
            "purged": one("SELECT COUNT(*) FROM records WHERE purged = 1").fetchone()[0],
            "variants": one("SELECT COUNT(*) FROM record_variants").fetchone()[0],
            "dead_letters": one("SELECT COUNT(*) FROM dead_letters").fetchone()[0],
        }

    def fingerprint(self) -> str:
        """A digest of the ledger's content (not its timestamps): equal state, equal digest."""
        h = hashlib.sha256()
        for sql in (
            "SELECT key, version, status, purged, sha256 FROM records ORDER BY key",
            "SELECT key, version, state, sha256 FROM record_versions ORDER BY key, version",
            "SELECT key, version, sha256 FROM record_variants ORDER BY key, version, sha256",
            "SELECT key, purge_version, versions_removed FROM purges ORDER BY key, purge_version",
            "SELECT source, byte_offset, key, reason, sha256 FROM dead_letters ORDER BY source, byte_offset, sha256",
        ):
            for row in self._conn.execute(sql):
                h.update(json.dumps(row).encode())
        return h.hexdigest()
