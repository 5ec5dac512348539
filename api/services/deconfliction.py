"""Deconfliction for a joint team: the pointer model, without its leak of existence.

When a user's search or traversal reaches an entity that also stands in records that user may not see
(another service's, or caveated), the investigators of the service owning those records receive a
*notice*: who reached which entity, when. They may choose to send the searcher their contact; until they
do, the searcher learns nothing. Police deconfliction systems answer the searcher "someone else holds
this" at once, which tells of the hidden record; here the searcher's answer is the same whether or not
anything is hidden, and it is computed before, and independently of, any notice:

- :meth:`Deconfliction.observe` only puts the returned entity ids on a queue; a worker thread decides
  afterwards (reading provenance as the system) whether any notice is due and writes it, so neither the
  answer nor its timing depends on hidden records (the CLI drains the queue after printing the answer);
- a notice names the owning records only to investigators of that service who may see them
  (:meth:`NoticeStore.for_viewer`); the searcher's side (:func:`contacts`) lists contacts sent, never notices.

Notices and every event on them (created, contact sent) are kept in ``<store>/deconfliction.db`` (or on the
shared PostgreSQL server of ``CASELINK_STATE``, so every API process sees every notice) with who and when:
the store is its own audit trail, besides the request audit every HTTP and CLI read writes.
"""

from __future__ import annotations

import json
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import structlog

from api.schemas.deconfliction import ContactIn, ContactOut, ContactsOut, NoticeOut, NoticesOut
from api.services.errors import NotFoundError
from api.services.tables import rename_legacy_table
from graph.store.base import GraphStore
from models.access import SYSTEM, Capability, Viewer
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, day TEXT NOT NULL,
    searcher TEXT NOT NULL, searcher_role TEXT NOT NULL, searcher_agency TEXT,
    entity_id TEXT NOT NULL, owner_agency TEXT NOT NULL,
    records TEXT NOT NULL, caveats TEXT NOT NULL,
    contact_by TEXT, contact_agency TEXT, contact_message TEXT, contact_at TEXT,
    UNIQUE (searcher, entity_id, owner_agency, day)
);
CREATE INDEX IF NOT EXISTS notices_owner ON notices (owner_agency);
CREATE INDEX IF NOT EXISTS notices_searcher ON notices (searcher);
CREATE TABLE IF NOT EXISTS notice_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, notice INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL
);
"""

_SELECT = ("SELECT id, created_at, searcher, searcher_role, searcher_agency, entity_id, owner_agency, records, caveats,"
           " contact_by, contact_agency, contact_message, contact_at FROM notices")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Notice:
    id: int
    created_at: str
    searcher: str
    searcher_role: str
    searcher_agency: str | None
    entity_id: str
    owner_agency: str
    #: The owning service's records behind the entity that the searcher may not see.
    records: tuple[str, ...]
    #: The caveats of those records (a reader must hold them all to be told of the notice).
    caveats: tuple[str, ...]
    contact_by: str | None
    contact_agency: str | None
    contact_message: str | None
    contact_at: str | None


def _notice(row: tuple[object, ...]) -> Notice:
    return Notice(int(str(row[0])), str(row[1]), str(row[2]), str(row[3]), None if row[4] is None else str(row[4]), str(row[5]),
                  str(row[6]), tuple(json.loads(str(row[7]))), tuple(json.loads(str(row[8]))),
                  *(None if v is None else str(v) for v in row[9:13]))


class NoticeStore:
    """Notices and their events, in ``deconfliction.db`` beside the ledger or on the shared server (one writer
    at a time, any thread, any process)."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        rename_legacy_table(self._conn, "events", "notice_events")  # a file from before the shared server
        self._conn.create(SCHEMA)

    @classmethod
    def of(cls, settings: Settings) -> NoticeStore:
        """The notices ``settings`` name: ``deconfliction.db`` in the store, or the server of ``CASELINK_STATE``."""
        return cls(open_database(settings.state, StoreLayout.of(settings).deconfliction_db))

    def close(self) -> None:
        self._conn.close()

    def add(self, searcher: Viewer, entity_id: str, owner_agency: str, records: Iterable[str], caveats: Iterable[str]) -> int | None:
        """A notice (one per searcher, entity and owning service a day); None when today's exists already."""
        now = _now()
        with self._conn.transaction() as conn:
            made = conn.execute(
                "INSERT INTO notices (created_at, day, searcher, searcher_role, searcher_agency, entity_id, owner_agency,"
                " records, caveats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (now, now[:10], searcher.name, searcher.role.value, searcher.agency, entity_id, owner_agency,
                 json.dumps(sorted(set(records))), json.dumps(sorted(set(caveats))))).fetchall()
            if not made:  # today's notice for this searcher, entity and service exists already
                return None
            notice = int(made[0][0])
            conn.execute("INSERT INTO notice_events (notice, at, who, what) VALUES (?, ?, ?, ?)", (notice, now, "system", "created"))
        return notice

    def all(self) -> list[Notice]:
        return [_notice(r) for r in self._conn.execute(_SELECT + " ORDER BY id")]

    def for_viewer(self, viewer: Viewer) -> list[Notice]:
        """The notices of ``viewer``'s service about records ``viewer`` may see (an INFORMANT record's
        notice reaches only investigators cleared for it)."""
        rows = [_notice(r) for r in self._conn.execute(_SELECT + " WHERE owner_agency = ? ORDER BY id DESC", (viewer.agency or "",))]
        return [n for n in rows if viewer.may_see(n.owner_agency, n.caveats)]

    def send_contact(self, notice_id: int, viewer: Viewer, message: str) -> Notice:
        mine = {n.id: n for n in self.for_viewer(viewer)}
        if notice_id not in mine:
            raise NotFoundError(f"no notice {notice_id}")
        now = _now()
        with self._conn.transaction() as conn:
            conn.execute("UPDATE notices SET contact_by = ?, contact_agency = ?, contact_message = ?, contact_at = ? WHERE id = ?",
                         (viewer.name, viewer.agency, message, now, notice_id))
            conn.execute("INSERT INTO notice_events (notice, at, who, what) VALUES (?, ?, ?, ?)", (notice_id, now, viewer.name, "contact sent"))
        return next(n for n in self.for_viewer(viewer) if n.id == notice_id)

    def contacts_for(self, viewer: Viewer) -> list[Notice]:
        return [_notice(r) for r in self._conn.execute(
            _SELECT + " WHERE searcher = ? AND contact_at IS NOT NULL ORDER BY contact_at DESC", (viewer.name,))]

    def events(self, notice_id: int) -> list[tuple[str, str, str]]:
        return [(str(a), str(w), str(x)) for a, w, x in self._conn.execute(
            "SELECT at, who, what FROM notice_events WHERE notice = ? ORDER BY id", (notice_id,))]


class Deconfliction:
    """Decides, off the answer's path, which reads reached entities standing in records hidden from the reader."""

    def __init__(self, open_store: Callable[[], GraphStore], notices: NoticeStore) -> None:
        #: The worker reads through its own store connection (an SQLite connection is not shared across threads).
        self._open_store = open_store
        self._store: GraphStore | None = None
        self.notices = notices
        self._queue: queue.Queue[tuple[Viewer, tuple[str, ...]] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self.failures = 0

    def observe(self, viewer: Viewer, entity_ids: Iterable[str]) -> None:
        """Note what ``viewer`` was answered (constant work: the answer is never held up by what is hidden)."""
        if viewer.all_access:
            return  # nothing is hidden from an all-access viewer
        self._queue.put((viewer, tuple(entity_ids)))
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="deconfliction", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self.process(*item)
            except Exception as exc:  # a notice lost must not stop the next ones: counted and logged
                self.failures += 1
                structlog.get_logger().warning("deconfliction.notice_failed", error=repr(exc))
            finally:
                self._queue.task_done()

    def process(self, viewer: Viewer, entity_ids: tuple[str, ...]) -> list[int]:
        """Write the notices ``viewer``'s answer calls for: per entity and owning service, the records behind
        it that the viewer may not see."""
        hidden: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        if self._store is None:
            self._store = self._open_store()
        for p in self._store.provenance(sorted(set(entity_ids)), viewer=SYSTEM):
            if not viewer.may_see(p.agency, p.caveats):
                recs, cavs = hidden[(p.owner, p.agency)]
                recs.add(p.record_key)
                cavs.update(p.caveats)
        made = []
        for (entity_id, agency), (recs, cavs) in sorted(hidden.items()):
            notice = self.notices.add(viewer, entity_id, agency, recs, cavs)
            if notice is not None:
                made.append(notice)
        return made

    def drain(self) -> None:
        """Wait until every observed answer is processed (the CLI, after printing; tests)."""
        self._queue.join()

    def close(self) -> None:
        self.drain()
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                self._queue.put(None)
                self._worker.join(timeout=10)
        if self._store is not None:
            self._store.close()
        self.notices.close()


# -- the service functions HTTP and CLI share ------------------------------------------------------


def _out(n: Notice) -> NoticeOut:
    return NoticeOut(id=n.id, created_at=n.created_at, searcher=n.searcher, searcher_role=n.searcher_role,
                     searcher_agency=n.searcher_agency, entity_id=n.entity_id, records=list(n.records),
                     contact_sent_at=n.contact_at, contact_by=n.contact_by)


def notices(deconfliction: Deconfliction, *, viewer: Viewer) -> NoticesOut:
    """The notices for ``viewer``'s service: who reached which of its entities, when."""
    viewer.require(Capability.DECONFLICT, "read deconfliction notices")
    return NoticesOut(items=[_out(n) for n in deconfliction.notices.for_viewer(viewer)])


def send_contact(deconfliction: Deconfliction, notice_id: int, body: ContactIn, *, viewer: Viewer) -> NoticeOut:
    """Send the searcher of a notice ``viewer``'s contact (their name, service and message)."""
    viewer.require(Capability.DECONFLICT, "answer deconfliction notices")
    return _out(deconfliction.notices.send_contact(notice_id, viewer, body.message))


def contacts(deconfliction: Deconfliction, *, viewer: Viewer) -> ContactsOut:
    """The contacts investigators chose to send ``viewer`` (never the notices, nor the records behind them)."""
    return ContactsOut(items=[ContactOut(entity_id=n.entity_id, from_user=n.contact_by or "", from_agency=n.contact_agency,
                                         message=n.contact_message or "", sent_at=n.contact_at or "")
                              for n in deconfliction.notices.contacts_for(viewer)])


def open_deconfliction(open_store: Callable[[], GraphStore], where: Path | Database) -> Deconfliction:
    """``where``: the notices' SQLite file, or their database (:meth:`NoticeStore.of` for a process's settings)."""
    return Deconfliction(open_store, NoticeStore(where))

