"""The embedded graph store: SQLite (WAL, durable across restarts) with bounded traversal.

No server to install: the default for one machine. Entities, links, provenance, record views
and search terms live in ``graph.db`` beside the ledger. Traversal runs hop by hop over
indexed link tables; analytics read subgraphs into networkx.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, RecordRow, stable_hash
from graph.search_terms import terms_for
from graph.store.base import WriteStats
from graph.store.diff import Written, diff
from graph.store.traverse import TraversalMixin, withholds
from models.access import SYSTEM, Viewer
from models.sqlite import connect, write_transaction
from models.vocabulary import EntityKind, LinkKind

SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, caption TEXT NOT NULL, properties TEXT NOT NULL,
    hub INTEGER NOT NULL, agencies TEXT NOT NULL, caveats TEXT NOT NULL,
    first_seen TEXT, last_seen TEXT, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    properties TEXT NOT NULL, agencies TEXT NOT NULL, caveats TEXT NOT NULL,
    first_seen TEXT, last_seen TEXT, digest TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS links_source ON links (source);
CREATE INDEX IF NOT EXISTS links_target ON links (target);
CREATE TABLE IF NOT EXISTS provenance (
    owner TEXT NOT NULL, record_key TEXT NOT NULL, agency TEXT NOT NULL, version TEXT NOT NULL,
    field TEXT, span_start INTEGER, span_end INTEGER, extractor TEXT NOT NULL,
    extractor_version TEXT NOT NULL, confidence REAL NOT NULL, caveats TEXT NOT NULL, "when" TEXT
);
CREATE INDEX IF NOT EXISTS provenance_owner ON provenance (owner);
CREATE INDEX IF NOT EXISTS provenance_record ON provenance (record_key);
CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY, agency TEXT NOT NULL, record_no TEXT NOT NULL, version TEXT NOT NULL,
    entity_id TEXT NOT NULL, payload TEXT NOT NULL, subjects TEXT NOT NULL, mentions TEXT NOT NULL,
    caveats TEXT NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS terms (term TEXT NOT NULL, entity_id TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS terms_term ON terms (term);
CREATE INDEX IF NOT EXISTS terms_entity ON terms (entity_id);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_ENTITY_COLS = "id, kind, caption, properties, hub, agencies, caveats, first_seen, last_seen"
_LINK_COLS = "id, kind, source, target, properties, agencies, caveats, first_seen, last_seen"
_PROV_COLS = 'owner, record_key, agency, version, field, span_start, span_end, extractor, extractor_version, confidence, caveats, "when"'
_CHUNK = 500


def _entity(row: tuple[Any, ...]) -> EntityRow:
    return EntityRow(id=row[0], kind=EntityKind(row[1]), caption=row[2], properties=json.loads(row[3]), hub=bool(row[4]),
                     agencies=tuple(json.loads(row[5])), caveats=tuple(json.loads(row[6])), first_seen=row[7], last_seen=row[8])


def _link(row: tuple[Any, ...]) -> LinkRow:
    return LinkRow(id=row[0], kind=LinkKind(row[1]), source=row[2], target=row[3], properties=json.loads(row[4]),
                   agencies=tuple(json.loads(row[5])), caveats=tuple(json.loads(row[6])), first_seen=row[7], last_seen=row[8])


def _prov(row: tuple[Any, ...]) -> ProvenanceRow:
    return ProvenanceRow(owner=row[0], record_key=row[1], agency=row[2], version=row[3], field=row[4], span_start=row[5],
                         span_end=row[6], extractor=row[7], extractor_version=row[8], confidence=row[9],
                         caveats=tuple(json.loads(row[10])), when=row[11])


def _scope(viewer: Viewer) -> list[object]:
    """The parameters of one _visible_sql / _owner_visible test, in order."""
    return [int(viewer.all_access), json.dumps(sorted(viewer.agencies)), json.dumps(sorted(viewer.clearances))]


def _record_scope(viewer: Viewer) -> list[object]:
    """The parameters of a _visible_sql test on a record view as a whole: a protecting caveat
    (VICTIM_MINOR) does not hide the record, only the protected people in it (their parts carry it)."""
    return [int(viewer.all_access), json.dumps(sorted(viewer.agencies)), json.dumps(sorted(viewer.record_clearances))]


def _visible_sql(table: str) -> str:
    """A row of ``table`` (provenance or records: both have agency and caveats) the viewer may see:
    its agency is one the viewer sees and each of its caveats is among the viewer's clearances."""
    assert table in {"provenance", "records", "p"}
    return (f"(? OR ({table}.agency IN (SELECT value FROM json_each(?)) AND NOT EXISTS ("
            f"SELECT 1 FROM json_each({table}.caveats) c WHERE c.value NOT IN (SELECT value FROM json_each(?)))))")


def _owner_visible(owner: str) -> str:
    """An entity or link the viewer may see: at least one record behind it is visible."""
    assert owner in {"entities.id", "terms.entity_id", "l.id", "l.source", "l.target"}
    return (f"(? OR EXISTS (SELECT 1 FROM provenance p WHERE p.owner = {owner} AND p.agency IN (SELECT value FROM json_each(?))"
            " AND NOT EXISTS (SELECT 1 FROM json_each(p.caveats) c WHERE c.value NOT IN (SELECT value FROM json_each(?)))))")


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


class EmbeddedGraphStore(TraversalMixin):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        self._conn.executescript(SCHEMA)
        self._writes = 0
        #: What this process's last complete write left the store holding (see :class:`graph.store.diff.Written`).
        self._written: Written | None = None

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with write_transaction(self._conn) as conn:
            yield conn
        self._writes += 1

    # -- writes --------------------------------------------------------------------------

    def replace(self, data: GraphData, *, mark: str | None = None) -> WriteStats:
        prov = data.provenance
        with self._tx() as conn:
            # One transaction: the mark and the graph it names commit together or not at all.
            row = conn.execute("SELECT value FROM meta WHERE name = 'sync_mark'").fetchone()
            written = self._written if self._written is not None and self._written.still(None if row is None else str(row[0])) else None
            self._written = None  # until this write commits
            conn.execute("DELETE FROM meta WHERE name = 'sync_mark'")
            if mark is not None:
                conn.execute("INSERT INTO meta (name, value) VALUES ('sync_mark', ?)", (mark,))
            if written is not None:  # the store holds what this process last wrote: no need to read it back
                plan = diff(data, entities=written.entities, links=written.links, records=written.records)
            else:
                plan = diff(data, entities=dict(conn.execute("SELECT id, digest FROM entities").fetchall()),
                            links=dict(conn.execute("SELECT id, digest FROM links").fetchall()),
                            records=dict(conn.execute("SELECT key, digest FROM records").fetchall()))
            want, changed, gone = plan.entities
            self._delete_owned(conn, "entities", changed + gone)
            conn.executemany("DELETE FROM terms WHERE entity_id = ?", [(i,) for i in changed + gone])
            conn.executemany(
                f"INSERT INTO entities ({_ENTITY_COLS}, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.id, r.kind, r.caption, json.dumps(r.properties, ensure_ascii=False, sort_keys=True), int(r.hub),
                  json.dumps(r.agencies), json.dumps(r.caveats), r.first_seen, r.last_seen, want[r.id])
                 for r in (data.entities[i] for i in changed)])
            conn.executemany("INSERT INTO terms (term, entity_id, kind) VALUES (?, ?, ?)",
                             [(t, i, data.entities[i].kind) for i in changed for t in terms_for(data.entities[i])])

            want, changed_links, gone_links = plan.links
            self._delete_owned(conn, "links", changed_links + gone_links)
            conn.executemany(
                f"INSERT INTO links ({_LINK_COLS}, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.id, r.kind, r.source, r.target, json.dumps(r.properties, ensure_ascii=False, sort_keys=True),
                  json.dumps(r.agencies), json.dumps(r.caveats), r.first_seen, r.last_seen, want[r.id])
                 for r in (data.links[i] for i in changed_links)])

            conn.executemany(
                f"INSERT INTO provenance ({_PROV_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(p.owner, p.record_key, p.agency, p.version, p.field, p.span_start, p.span_end, p.extractor,
                  p.extractor_version, p.confidence, json.dumps(p.caveats), p.when)
                 for owner in changed + changed_links for p in prov.get(owner, ())])

            want, changed_records, gone_records = plan.records
            conn.executemany("DELETE FROM records WHERE key = ?", [(k,) for k in changed_records + gone_records])
            conn.executemany(
                "INSERT INTO records (key, agency, record_no, version, entity_id, payload, subjects, mentions, caveats, digest)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.key, r.agency, r.record_no, r.version, r.entity_id, json.dumps(r.payload, ensure_ascii=False),
                  json.dumps(r.subjects), json.dumps(r.mentions, ensure_ascii=False), json.dumps(r.caveats), want[r.key])
                 for r in (data.records[k] for k in changed_records)])
        self._written = Written.after(plan, mark)
        return plan.stats()

    def sync_mark(self) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE name = 'sync_mark'").fetchone()
        return None if row is None else str(row[0])

    def fingerprint(self) -> dict[str, object]:
        out: dict[str, object] = dict(self.counts(viewer=SYSTEM))
        for table, key in (("entities", "id"), ("links", "id"), ("records", "key")):
            rows = self._conn.execute(f"SELECT {key}, digest FROM {table} ORDER BY {key}").fetchall()
            out[f"{table}_digest"] = stable_hash([list(r) for r in rows])
        return out

    @staticmethod
    def _delete_owned(conn: sqlite3.Connection, table: str, ids: list[str]) -> None:
        conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])
        conn.executemany("DELETE FROM provenance WHERE owner = ?", [(i,) for i in ids])

    def purge_record(self, record_key: str) -> None:
        self._written = None  # the digests of what the purge removes or leaves partly supported change
        with self._tx() as conn:
            # The graph is no longer the one its mark names (until the rebuild that follows writes one): every consumer
            # then reads the store's digests back rather than trust what it last wrote.
            conn.execute("DELETE FROM meta WHERE name = 'sync_mark'")
            owners = [r[0] for r in conn.execute("SELECT DISTINCT owner FROM provenance WHERE record_key = ?", (record_key,))]
            conn.execute("DELETE FROM provenance WHERE record_key = ?", (record_key,))
            conn.execute("DELETE FROM records WHERE key = ?", (record_key,))
            orphans = [o for o in owners if conn.execute("SELECT 1 FROM provenance WHERE owner = ? LIMIT 1", (o,)).fetchone() is None]
            conn.executemany("DELETE FROM links WHERE id = ?", [(o,) for o in orphans])
            conn.executemany("DELETE FROM entities WHERE id = ?", [(o,) for o in orphans])
            conn.executemany("DELETE FROM terms WHERE entity_id = ?", [(o,) for o in orphans])
            # Links left dangling by an orphaned entity go too.
            conn.execute("DELETE FROM links WHERE source NOT IN (SELECT id FROM entities) OR target NOT IN (SELECT id FROM entities)")
            # What survives loses the record's labels: the next build recomputes them; mark them stale now.
            for owner in set(owners) - set(orphans):
                conn.execute("UPDATE entities SET digest = '' WHERE id = ?", (owner,))
                conn.execute("UPDATE links SET digest = '' WHERE id = ?", (owner,))

    # -- reads ---------------------------------------------------------------------------
    # Every read binds the viewer's scope (_scope) into the same constant SQL: a row is returned
    # only if a provenance row (or, for record views, the record itself) passes _visible_sql.

    def _entities_visible(self, entity_ids: list[str], viewer: Viewer) -> list[EntityRow]:
        out: list[EntityRow] = []
        scope = _scope(viewer)
        for chunk in _chunks(entity_ids):
            marks = ",".join("?" * len(chunk))
            out += [_entity(r) for r in self._conn.execute(
                f"SELECT {_ENTITY_COLS} FROM entities WHERE id IN ({marks}) AND {_owner_visible('entities.id')}", [*chunk, *scope])]
        return sorted(out, key=lambda r: r.id)

    def _links_visible(self, entity_ids: list[str], viewer: Viewer) -> list[LinkRow]:
        out: dict[str, LinkRow] = {}
        scope = _scope(viewer)
        visible = f"{_owner_visible('l.id')} AND {_owner_visible('l.source')} AND {_owner_visible('l.target')}"
        for chunk in _chunks(entity_ids):
            marks = ",".join("?" * len(chunk))
            sql = (f"SELECT {_LINK_COLS} FROM links l WHERE l.source IN ({marks}) AND {visible}"
                   f" UNION SELECT {_LINK_COLS} FROM links l WHERE l.target IN ({marks}) AND {visible}")
            for r in self._conn.execute(sql, [*chunk, *scope, *scope, *scope, *chunk, *scope, *scope, *scope]):
                out[r[0]] = _link(r)
        return sorted(out.values(), key=lambda r: r.id)

    def provenance(self, owner_ids: list[str], *, viewer: Viewer) -> list[ProvenanceRow]:
        out: list[ProvenanceRow] = []
        scope = _scope(viewer)
        for chunk in _chunks(owner_ids):
            marks = ",".join("?" * len(chunk))
            out += [_prov(r) for r in self._conn.execute(
                f"SELECT {_PROV_COLS} FROM provenance WHERE owner IN ({marks}) AND {_visible_sql('provenance')}", [*chunk, *scope])]
        return sorted(out, key=lambda p: (p.owner, p.record_key, p.field or "", p.span_start or -1))

    def record(self, key: str, *, viewer: Viewer) -> RecordRow | None:
        row = self._conn.execute(
            "SELECT key, agency, record_no, version, entity_id, payload, subjects, mentions, caveats FROM records"
            f" WHERE key = ? AND {_visible_sql('records')}", (key, *_record_scope(viewer))).fetchone()
        if row is None:
            return None
        return RecordRow(key=row[0], agency=row[1], record_no=row[2], version=row[3], entity_id=row[4],
                         payload=json.loads(row[5]), subjects=json.loads(row[6]), mentions=json.loads(row[7]),
                         caveats=tuple(json.loads(row[8])))

    def _search_terms_visible(self, viewer: Viewer) -> list[tuple[str, str, str]]:
        return [(t, e, k) for t, e, k in self._conn.execute(
            f"SELECT term, entity_id, kind FROM terms WHERE {_owner_visible('terms.entity_id')} ORDER BY term, entity_id", _scope(viewer))]

    def entity_ids(self, *, viewer: Viewer, kinds: frozenset[str] | None = None, limit: int | None = None) -> list[str]:
        wanted = sorted(kinds) if kinds else None
        sql = (f"SELECT id FROM entities WHERE {_owner_visible('entities.id')}"
               + (f" AND kind IN ({','.join('?' * len(wanted))})" if wanted else "") + " ORDER BY id LIMIT ?")
        if withholds(viewer):  # the role's withheld fields may leave some of them with nothing to show
            return self._shown_ids([r[0] for r in self._conn.execute(sql, [*_scope(viewer), *(wanted or []), -1])], viewer, limit)
        return [r[0] for r in self._conn.execute(sql, [*_scope(viewer), *(wanted or []), -1 if limit is None else limit])]

    def generation(self) -> object:
        # data_version moves when another connection commits; our own commits move _writes.
        return (self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes)

    def counts(self, *, viewer: Viewer) -> dict[str, int]:
        scope = _scope(viewer)

        def one(sql: str, times: int = 1) -> int:
            return int(self._conn.execute(sql, scope * times).fetchone()[0])

        links = f"{_owner_visible('l.id')} AND {_owner_visible('l.source')} AND {_owner_visible('l.target')}"
        return {
            "entities": one(f"SELECT COUNT(*) FROM entities WHERE {_owner_visible('entities.id')}"),
            "links": one(f"SELECT COUNT(*) FROM links l WHERE {links}", 3),
            # Provenance of visible entities, and of visible links (a link whose end is hidden is hidden).
            "provenance": one(f"SELECT COUNT(*) FROM provenance p JOIN entities e ON e.id = p.owner WHERE {_visible_sql('p')}")
            + one(f"SELECT COUNT(*) FROM links l JOIN provenance p ON p.owner = l.id WHERE {_visible_sql('p')}"
                  f" AND {_owner_visible('l.source')} AND {_owner_visible('l.target')}", 3),
            "records": int(self._conn.execute(f"SELECT COUNT(*) FROM records WHERE {_visible_sql('records')}",
                                              _record_scope(viewer)).fetchone()[0]),
            "hubs": one(f"SELECT COUNT(*) FROM entities WHERE hub = 1 AND {_owner_visible('entities.id')}"),
        }
