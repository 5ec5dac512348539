"""Saved investigations: a chart (which entities, where they sit, a note on each) with the analyst's
notes, shared with named users.

What is stored is the owner's *work* (ids, positions, notes), never an answer: opening an
investigation re-reads every entity and link from the graph under the opener's own viewer, so a
user of another service sees only what its clearance shows, and an id it may not see is left out
(without saying so: no oracle for hidden records). Only the owner changes an investigation or its
sharing; every read and write is audited by the API's middleware, with the entities disclosed.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from api.schemas import EntityOut, LinkOut
from api.schemas.investigations import InvestigationIn, InvestigationOut, InvestigationsOut, InvestigationSummaryOut, PositionOut
from api.services.errors import BadRequestError, ForbiddenError, NotFoundError
from api.services.queries import MAX_ID, AppContext
from models.access import Viewer
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings

MAX_INVESTIGATION_ID = 40


#: ``"user"`` is quoted: a reserved word in PostgreSQL (``current_user``), a plain column in SQLite files made before.
SCHEMA = """
CREATE TABLE IF NOT EXISTS investigations (id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL,
                                           notes TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS investigation_nodes (investigation TEXT NOT NULL, entity TEXT NOT NULL, x REAL NOT NULL,
                                                y REAL NOT NULL, note TEXT NOT NULL, PRIMARY KEY (investigation, entity));
CREATE TABLE IF NOT EXISTS investigation_shares (investigation TEXT NOT NULL, "user" TEXT NOT NULL,
                                                 PRIMARY KEY (investigation, "user"));
CREATE INDEX IF NOT EXISTS investigation_shares_user ON investigation_shares ("user");
"""


class Investigations:
    """Saved charts (one row per investigation, its nodes and shares beside it), in ``investigations.db`` or on
    the shared PostgreSQL server of ``CASELINK_STATE``: a chart saved through one API process opens through any."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create(SCHEMA)

    @classmethod
    def of(cls, settings: Settings) -> Investigations:
        """The investigations ``settings`` name: ``investigations.db`` in the store, or the server of ``CASELINK_STATE``."""
        return cls(open_database(settings.state, StoreLayout.of(settings).investigations_db))

    def close(self) -> None:
        self._conn.close()

    def save(self, inv_id: str | None, owner: str, body: InvestigationIn) -> str:
        now = time.time()
        with self._conn.transaction() as conn:
            if inv_id is None:
                inv_id = "inv-" + secrets.token_hex(8)
                conn.execute("INSERT INTO investigations (id, owner, title, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (inv_id, owner, body.title, body.notes, now, now))
            else:
                conn.execute("UPDATE investigations SET title = ?, notes = ?, updated_at = ? WHERE id = ?",
                             (body.title, body.notes, now, inv_id))
                conn.execute("DELETE FROM investigation_nodes WHERE investigation = ?", (inv_id,))
                conn.execute("DELETE FROM investigation_shares WHERE investigation = ?", (inv_id,))
            conn.executemany("INSERT INTO investigation_nodes (investigation, entity, x, y, note) VALUES (?, ?, ?, ?, ?)",
                             [(inv_id, n.id, n.x, n.y, n.note) for n in body.nodes])
            conn.executemany('INSERT INTO investigation_shares (investigation, "user") VALUES (?, ?)',
                             [(inv_id, u) for u in sorted(set(body.shared_with)) if u != owner])
        return inv_id

    def header(self, inv_id: str) -> tuple[str, str, str, float, float, list[str]] | None:
        """(owner, title, notes, created, updated, shared with) of one investigation."""
        row = self._conn.execute("SELECT owner, title, notes, created_at, updated_at FROM investigations WHERE id = ?",
                                 (inv_id,)).fetchone()
        if row is None:
            return None
        shares = [str(r[0]) for r in self._conn.execute(
            'SELECT "user" FROM investigation_shares WHERE investigation = ? ORDER BY "user"', (inv_id,))]
        return str(row[0]), str(row[1]), str(row[2]), float(row[3]), float(row[4]), shares

    def nodes(self, inv_id: str) -> list[tuple[str, float, float, str]]:
        return [(str(r[0]), float(r[1]), float(r[2]), str(r[3])) for r in self._conn.execute(
            "SELECT entity, x, y, note FROM investigation_nodes WHERE investigation = ? ORDER BY entity", (inv_id,))]

    def visible_to(self, user: str) -> list[str]:
        return [str(r[0]) for r in self._conn.execute(
            'SELECT id FROM investigations WHERE owner = ? UNION SELECT investigation FROM investigation_shares WHERE "user" = ?'
            " ORDER BY 1", (user, user))]


def _summary(store: Investigations, inv_id: str) -> InvestigationSummaryOut | None:
    head = store.header(inv_id)
    if head is None:
        return None
    owner, title, _, created, updated, shares = head
    return InvestigationSummaryOut(id=inv_id, owner=owner, title=title, shared_with=shares, created_at=_iso(created), updated_at=_iso(updated))


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _readable(store: Investigations, inv_id: str, viewer: Viewer) -> tuple[str, str, str, float, float, list[str]]:
    """The header of an investigation ``viewer`` owns or was shared; "not found" otherwise (no oracle)."""
    if len(inv_id) > MAX_INVESTIGATION_ID:
        raise BadRequestError(f"investigation id longer than {MAX_INVESTIGATION_ID} characters")
    head = store.header(inv_id)
    if head is None or (head[0] != viewer.name and viewer.name not in head[5]):
        raise NotFoundError(f"no investigation {inv_id!r}")
    return head


def save(ctx: AppContext, store: Investigations, body: InvestigationIn, *, viewer: Viewer, known_user: set[str],
         inv_id: str | None = None) -> InvestigationOut:
    """Create (``inv_id`` None) or replace the owner's investigation. Every node must be one the owner
    sees now, and every user shared with must exist; otherwise a 400 that says which."""
    if inv_id is not None:
        head = _readable(store, inv_id, viewer)
        if head[0] != viewer.name:
            raise ForbiddenError("only the owner changes an investigation")
    ids = [n.id for n in body.nodes]
    if len(set(ids)) != len(ids):
        raise BadRequestError("a node appears twice in the chart")
    if any(len(i) > MAX_ID for i in ids):
        raise BadRequestError(f"entity id longer than {MAX_ID} characters")
    seen = {r.id for r in ctx.store.get_entities(ids, viewer=viewer)}
    missing = [i for i in ids if i not in seen]
    if missing:
        raise BadRequestError(f"{len(missing)} node(s) not found: {', '.join(missing[:5])}")
    unknown = sorted(set(body.shared_with) - known_user)
    if unknown:
        raise BadRequestError(f"no such user(s) to share with: {', '.join(unknown[:10])}")
    saved = store.save(inv_id, viewer.name, body)
    return open_investigation(ctx, store, saved, viewer=viewer)


def open_investigation(ctx: AppContext, store: Investigations, inv_id: str, *, viewer: Viewer) -> InvestigationOut:
    """The investigation as ``viewer`` may see it: the stored ids re-read under its own viewer, and the
    links among those it sees, from the graph now."""
    owner, title, notes, created, updated, shares = _readable(store, inv_id, viewer)
    stored = store.nodes(inv_id)
    entities, links = ctx.store.subgraph([n[0] for n in stored], viewer=viewer)
    visible = {e.id for e in entities}
    return InvestigationOut(
        id=inv_id, owner=owner, title=title, notes=notes, shared_with=shares, created_at=_iso(created), updated_at=_iso(updated),
        entities=[EntityOut.of(e) for e in entities], links=[LinkOut.of(lk) for lk in links if lk.source in visible and lk.target in visible],
        positions=[PositionOut(id=i, x=x, y=y, note=note) for i, x, y, note in stored if i in visible])


def list_investigations(store: Investigations, *, viewer: Viewer) -> InvestigationsOut:
    return InvestigationsOut(items=[s for s in (_summary(store, i) for i in store.visible_to(viewer.name)) if s is not None])


def saved_entities(answer: InvestigationOut) -> list[str]:
    return sorted(e.id for e in answer.entities)



