"""The GraphStore over Neo4j (Bolt, the official driver).

Constraints are created and checked at start. Writes are ``UNWIND ... MERGE`` batches inside
``execute_write`` (managed transactions, retried by the driver on transient errors, and safe to
retry because MERGE on a constrained key is idempotent). Provenance is kept as ``:Provenance``
nodes indexed by owner and record, so a purge finds what a record contributed. Traversal runs
hop by hop in parameterised Cypher through the same bounded algorithm as the embedded store,
so both stores give the same answers.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from queue import Full, Queue
from typing import Any, TypeVar

import orjson
from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationDisabledClassification, NotificationMinimumSeverity
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, RecordRow, stable_hash
from graph.search_terms import terms_for
from graph.store import cypher
from graph.store.base import StoreUnavailable, WriteStats
from graph.store.diff import Written, diff
from graph.store.traverse import TraversalMixin, withholds
from models.access import SYSTEM, Viewer
from models.vocabulary import EntityKind, LinkKind

BATCH = 1000
T = TypeVar("T")

#: What the server may tell the driver about a query. Reads name properties a graph may not hold
#: yet (a fresh database, a kind of entity not seen so far): the server then sends an
#: "unrecognized property/label" warning with every such read, which the driver logs at WARNING,
#: one log line per query, flooding the consumer's and the benchmarks' output. Those
#: (``UNRECOGNIZED``) are not asked for at all, so the server does not compute them either;
#: informational hints are dropped too. Deprecation, performance and other warnings still come.
NOTIFICATIONS: dict[str, Any] = {
    "notifications_min_severity": NotificationMinimumSeverity.WARNING,
    "notifications_disabled_classifications": [NotificationDisabledClassification.UNRECOGNIZED],
}


class ConstraintError(RuntimeError):
    """The database lacks a constraint caselink relies on (and could not create it)."""


def _batches(rows: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _dumps(value: Any, *, sort: bool = False) -> str:
    """JSON text for a property (orjson: the write path serialises every row)."""
    option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_SORT_KEYS if sort else 0)
    return orjson.dumps(value, option=option, default=str).decode()


def _prefetched(items: Iterator[T], depth: int = 3) -> Iterator[T]:
    """Iterate ``items`` with the next ones prepared in a thread meanwhile: rows are built in
    Python while the server works on the previous transaction (the socket wait releases the GIL)."""
    queue: Queue[tuple[bool, Any]] = Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=0.1)
                return True
            except Full:
                continue
        return False  # the consumer has gone: stop producing

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((False, exc))

    thread = threading.Thread(target=produce, name="neo4j-rows", daemon=True)
    thread.start()
    try:
        while True:
            more, value = queue.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        thread.join()


def _entity(node: Any) -> EntityRow:
    return EntityRow(id=node["id"], kind=EntityKind(node["kind"]), caption=node["caption"], properties=json.loads(node["properties"]),
                     hub=bool(node["hub"]), agencies=tuple(node["agencies"]), caveats=tuple(node["caveats"]),
                     first_seen=node.get("first_seen"), last_seen=node.get("last_seen"))


def _link(rel: Any, source: str, target: str) -> LinkRow:
    return LinkRow(id=rel["id"], kind=LinkKind(rel["kind"]), source=source, target=target, properties=json.loads(rel["properties"]),
                   agencies=tuple(rel["agencies"]), caveats=tuple(rel["caveats"]), first_seen=rel.get("first_seen"),
                   last_seen=rel.get("last_seen"))


def _prov_row(p: ProvenanceRow) -> dict[str, Any]:
    row = p.as_dict()
    row["caveats"] = list(p.caveats)
    return {k: v for k, v in row.items() if v is not None}


#: The error a transaction gets when a node it had matched was deleted by another transaction meanwhile.
_DELETED_UNDER_US = "Neo.ClientError.Statement.EntityNotFound"


@contextmanager
def _reachable(what: str) -> Iterator[None]:
    """Connection failures become :class:`StoreUnavailable`, which callers wait out."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise StoreUnavailable(f"Neo4j unreachable during {what}: {exc}") from exc
    except ClientError as exc:
        if exc.code != _DELETED_UNDER_US:
            raise
        # Another consumer sharing the graph deleted a node this transaction had read (a record's contributions gone in
        # its commit): nothing of ours was written. Waited out and retried like an outage, the commit plans its diff
        # again against the graph as it now is (seen in tests/ingest/transport/test_scale_out.py: a consumer crashed).
        raise StoreUnavailable(f"Neo4j graph changed by another writer during {what}; retrying") from exc


class Neo4jGraphStore(TraversalMixin):
    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str | None = None) -> None:
        self._driver: Driver = GraphDatabase.driver(uri, auth=auth, **NOTIFICATIONS)
        self._db = database
        #: What this process's last complete write left the graph holding (see :class:`graph.store.diff.Written`).
        self._written: Written | None = None
        try:
            with _reachable("start"):
                self._ensure_constraints()
        except BaseException:
            self._driver.close()
            raise

    def close(self) -> None:
        self._driver.close()

    def _ensure_constraints(self) -> None:
        for statement in cypher.constraints():
            self._driver.execute_query(statement, database_=self._db)
        records, _, _ = self._driver.execute_query(cypher.SHOW_CONSTRAINTS, database_=self._db)
        names = set(records[0]["names"]) if records else set()
        missing = {"caselink_entity_id", "caselink_record_key"} - names
        if missing:
            raise ConstraintError(f"Neo4j lacks constraints {sorted(missing)}")

    def _read(self, query: str, *, leader: bool = False, **params: Any) -> list[Any]:
        # Every read path (queries, alert evaluation inside a checkpoint) reports an unreachable
        # server the same way, so a checkpoint waits it out instead of crashing the consumer.
        # ``leader``: read from the cluster's writer, not a follower that may lag behind another consumer's write.
        with _reachable("a read"):
            records, _, _ = self._driver.execute_query(query, params, database_=self._db, routing_="w" if leader else "r")
        return list(records)

    # -- writes --------------------------------------------------------------------------

    def replace(self, data: GraphData, *, mark: str | None = None) -> WriteStats:
        with _reachable("a graph write"):
            return self._replace(data, mark)

    def _replace(self, data: GraphData, mark: str | None) -> WriteStats:
        prov = data.provenance
        written = self._written if self._written is not None and self._written.still(self.sync_mark()) else None
        self._written = None  # until this write completes
        if written is not None:  # the graph holds what this process last wrote: no need to read it back
            held, held_links, held_records = written.entities, written.links, written.records
        else:
            held = {r["id"]: r["digest"] for r in self._read(cypher.ENTITY_DIGESTS, leader=True)}
            held_links = {r["id"]: r["digest"] for r in self._read(cypher.LINK_DIGESTS, leader=True)}
            held_records = {r["key"]: r["digest"] for r in self._read(cypher.RECORD_DIGESTS, leader=True)}
        plan = diff(data, entities=held, links=held_links, records=held_records)
        want, changed, gone = plan.entities
        want_links, changed_links, gone_links = plan.links
        want_records, changed_records, gone_records = plan.records

        Tx = tuple[tuple[str, dict[str, Any]], ...]

        def drop_prov(owners: list[str]) -> tuple[tuple[str, dict[str, Any]], ...]:
            # Every owner written is cleared, not only those held when the diff was planned: another
            # consumer may have written it since.
            return ((cypher.DELETE_PROVENANCE_OF, {"owners": owners}),) if owners else ()

        def prov_rows(owners: list[str]) -> list[dict[str, Any]]:
            return [_prov_row(p) for owner in owners for p in prov.get(owner, [])]

        def transactions() -> Iterator[Tx]:
            yield ((cypher.SET_SYNC_MARK, {"mark": None}),)  # until this write completes, the graph is at no mark
            for ids in _batches(gone_links):
                yield (*[(cypher.delete_links(kind), {"ids": group}) for kind, group in _by_kind(ids).items()],
                       (cypher.DELETE_PROVENANCE_OF, {"owners": ids}))
            for ids in _batches(gone):
                yield (cypher.DELETE_ENTITIES, {"ids": ids}), (cypher.DELETE_PROVENANCE_OF, {"owners": ids})
            # An owner's node (with its digest) and its provenance are written in one transaction:
            # a write cut off part way never leaves a digest that vouches for missing provenance.
            # The node is merged first (which locks it until the transaction ends), then its provenance
            # is cleared and written: two consumers writing one owner at once take turns, and the
            # second replaces the first's provenance instead of adding a copy (found by
            # tests/ingest/transport/test_scale_out.py: three consumers on one graph).
            for ids in _batches(changed):
                rows = [{"id": r.id, "kind": r.kind, "caption": r.caption,
                         "properties": _dumps(r.properties, sort=True), "hub": r.hub,
                         "agencies": list(r.agencies), "caveats": list(r.caveats), "first_seen": r.first_seen,
                         "last_seen": r.last_seen, "digest": want[r.id], "terms": terms_for(r)}
                        for r in (data.entities[i] for i in ids)]
                yield ((cypher.UPSERT_ENTITIES, {"rows": rows}), *drop_prov(ids), (cypher.INSERT_PROVENANCE, {"rows": prov_rows(ids)}))
            for kind, kind_ids in _by_kind(changed_links).items():
                for ids in _batches(kind_ids):
                    rows = [{"id": r.id, "kind": r.kind, "source": r.source, "target": r.target,
                             "properties": _dumps(r.properties, sort=True),
                             "agencies": list(r.agencies), "caveats": list(r.caveats), "first_seen": r.first_seen,
                             "last_seen": r.last_seen, "digest": want_links[r.id]} for r in (data.links[i] for i in ids)]
                    yield ((cypher.upsert_links(kind), {"rows": rows}), *drop_prov(ids), (cypher.INSERT_PROVENANCE, {"rows": prov_rows(ids)}))
            for keys in _batches(gone_records):
                yield ((cypher.DELETE_RECORDS, {"keys": keys}),)
            for keys in _batches(changed_records, 500):
                yield ((cypher.UPSERT_RECORDS, {"rows": [
                    {"key": r.key, "agency": r.agency, "record_no": r.record_no, "version": r.version, "entity_id": r.entity_id,
                     "payload": _dumps(r.payload), "subjects": _dumps(r.subjects), "mentions": _dumps(r.mentions),
                     "caveats": list(r.caveats), "digest": want_records[r.key]} for r in (data.records[k] for k in keys)]}),)
            yield (cypher.SET_SYNC_MARK, {"mark": mark}), (cypher.BUMP_GENERATION, {})

        with self._driver.session(database=self._db) as session:
            for statements in _prefetched(transactions()):
                def work(tx: ManagedTransaction, statements: Tx = statements) -> None:
                    for query, params in statements:
                        tx.run(query, params).consume()
                session.execute_write(work)  # one managed transaction, retried by the driver on transient errors
        self._written = Written.after(plan, mark)
        return plan.stats()

    def sync_mark(self) -> str | None:
        # From the leader: a follower behind another consumer's write could still show this consumer's own last mark,
        # and a write diffed against digests that are no longer the graph's would leave it wrong.
        with _reachable("reading the sync mark"):
            value = self._read(cypher.SYNC_MARK, leader=True)[0]["value"]
        return None if value is None else str(value)

    def fingerprint(self) -> dict[str, object]:
        out: dict[str, object] = dict(self.counts(viewer=SYSTEM))
        for name, query in (("entities", cypher.ENTITY_DIGESTS_ORDERED), ("links", cypher.LINK_DIGESTS_ORDERED),
                            ("records", cypher.RECORD_DIGESTS_ORDERED)):
            out[f"{name}_digest"] = stable_hash([list(r.values()) for r in self._read(query)])
        return out

    def purge_record(self, record_key: str) -> None:
        self._written = None  # the digests of what the purge removes or leaves partly supported change
        with _reachable("a purge"):
            self._purge_record(record_key)

    def _purge_record(self, record_key: str) -> None:
        def work(tx: ManagedTransaction) -> None:
            # The graph is no longer the one its mark names (until the rebuild that follows writes one): every consumer
            # then reads the graph's digests back rather than trust what it last wrote.
            tx.run(cypher.SET_SYNC_MARK, mark=None).consume()
            owners = [r["owner"] for r in tx.run(cypher.OWNERS_OF_RECORD, key=record_key)]
            tx.run(cypher.DELETE_PROVENANCE_OF_RECORD, key=record_key).consume()
            tx.run(cypher.DELETE_RECORDS, keys=[record_key]).consume()
            orphans = set(tx.run(cypher.UNSUPPORTED_OWNERS, owners=owners).single(strict=True)["owners"])
            survivors = [o for o in owners if o not in orphans]
            for kind, ids in _by_kind([o for o in orphans if _is_link(o)]).items():
                tx.run(cypher.delete_links(kind), ids=ids).consume()
            tx.run(cypher.DELETE_UNSUPPORTED_ENTITIES, ids=[o for o in orphans if not _is_link(o)]).consume()
            tx.run(cypher.MARK_STALE, ids=[o for o in survivors if not _is_link(o)]).consume()
            for kind, ids in _by_kind([o for o in survivors if _is_link(o)]).items():
                tx.run(cypher.mark_stale_links(kind), ids=ids).consume()
            tx.run(cypher.BUMP_GENERATION).consume()

        with self._driver.session(database=self._db) as session:
            session.execute_write(work)

    # -- reads ---------------------------------------------------------------------------

    def _entities_visible(self, entity_ids: list[str], viewer: Viewer) -> list[EntityRow]:
        out: list[EntityRow] = []
        for ids in _batches(entity_ids):
            out += [_entity(r["n"]) for r in self._read(cypher.GET_ENTITIES, ids=ids, **_scope(viewer))]
        return sorted(out, key=lambda r: r.id)

    def _links_visible(self, entity_ids: list[str], viewer: Viewer) -> list[LinkRow]:
        out: dict[str, LinkRow] = {}
        for ids in _batches(entity_ids):
            for r in self._read(cypher.LINKS_OF, ids=ids, **_scope(viewer)):
                link = _link(r["r"], r["source"], r["target"])
                out[link.id] = link
        return sorted(out.values(), key=lambda r: r.id)

    def provenance(self, owner_ids: list[str], *, viewer: Viewer) -> list[ProvenanceRow]:
        out: list[ProvenanceRow] = []
        for owners in _batches(owner_ids):
            for r in self._read(cypher.PROVENANCE_OF, owners=owners, **_scope(viewer)):
                p = r["p"]
                out.append(ProvenanceRow(owner=p["owner"], record_key=p["record_key"], agency=p["agency"], version=p["version"],
                                         field=p.get("field"), span_start=p.get("span_start"), span_end=p.get("span_end"),
                                         extractor=p["extractor"], extractor_version=p["extractor_version"],
                                         confidence=p["confidence"], caveats=tuple(p.get("caveats") or ()), when=p.get("when")))
        return sorted(out, key=lambda p: (p.owner, p.record_key, p.field or "", p.span_start or -1))

    def record(self, key: str, *, viewer: Viewer) -> RecordRow | None:
        found = self._read(cypher.GET_RECORD, key=key, **_scope(viewer, record=True))
        if not found:
            return None
        r = found[0]["r"]
        return RecordRow(key=r["key"], agency=r["agency"], record_no=r["record_no"], version=r["version"], entity_id=r["entity_id"],
                         payload=json.loads(r["payload"]), subjects=json.loads(r["subjects"]), mentions=json.loads(r["mentions"]),
                         caveats=tuple(r["caveats"]))

    def _search_terms_visible(self, viewer: Viewer) -> list[tuple[str, str, str]]:
        return [(r["term"], r["id"], r["kind"]) for r in self._read(cypher.SEARCH_TERMS, **_scope(viewer))]

    def counts(self, *, viewer: Viewer) -> dict[str, int]:
        scope = _scope(viewer)
        ent = self._read(cypher.COUNT_ENTITIES, **scope)[0]
        return {"entities": ent["n"], "links": self._read(cypher.COUNT_LINKS, **scope)[0]["n"],
                "provenance": self._read(cypher.COUNT_PROVENANCE, **scope)[0]["n"],
                "records": self._read(cypher.COUNT_RECORDS, **_scope(viewer, record=True))[0]["n"], "hubs": ent["hubs"] or 0}

    def entity_ids(self, *, viewer: Viewer, kinds: frozenset[str] | None = None, limit: int | None = None) -> list[str]:
        cap = limit if limit is not None and not withholds(viewer) else 2**62
        rows = self._read(cypher.ENTITY_IDS, kinds=sorted(kinds) if kinds else None, limit=cap, **_scope(viewer))
        if withholds(viewer):  # the role's withheld fields may leave some of them with nothing to show
            return self._shown_ids([r["id"] for r in rows], viewer, limit)
        return [r["id"] for r in rows]

    def generation(self) -> object:
        return self._read(cypher.GENERATION)[0]["value"]

    def clear(self) -> None:
        """Delete everything (tests and re-provisioning), in batches so memory stays bounded."""
        while self._driver.execute_query(cypher.DELETE_ALL_BATCH, {"limit": 10_000}, database_=self._db).records[0]["deleted"]:
            pass


def _scope(viewer: Viewer, *, record: bool = False) -> dict[str, Any]:
    """The visibility parameters every read statement in :mod:`graph.store.cypher` takes. A record view
    as a whole (``record``) is tested against :attr:`Viewer.record_clearances`: a protecting caveat
    (VICTIM_MINOR) hides the protected people in it (their parts carry it), not the record."""
    clearances = viewer.record_clearances if record else viewer.clearances
    return {"all_access": viewer.all_access, "agencies": sorted(viewer.agencies), "clearances": sorted(clearances)}


def _is_link(owner: str) -> bool:
    return "->" in owner


def _by_kind(link_ids: list[str]) -> dict[str, list[str]]:
    """Link ids are ``KIND:source->target``: group them by relationship type."""
    out: dict[str, list[str]] = defaultdict(list)
    for link_id in link_ids:
        out[link_id.split(":", 1)[0]].append(link_id)
    return out
