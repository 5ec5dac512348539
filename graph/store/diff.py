"""What a graph write must change: the one diff both stores apply (each in its own language).

Every entity, link and record is stored with a digest. An entity's or a link's digest covers its
provenance too (:func:`owner_digest`), so a row whose sources changed is rewritten even when its
own fields did not. :func:`diff` compares the digests a store holds with those of the new graph and
says what to write and what to delete; the embedded store applies that in SQL, the Neo4j store in
the Cypher of :mod:`graph.store.cypher`. Kept here once, the two stores cannot drift apart on what
counts as a change (their fingerprints are compared digest for digest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, stable_hash
from graph.store.base import WriteStats


def provenance_digest(rows: Iterable[ProvenanceRow]) -> str:
    """The digest of an owner's provenance rows, in their order."""
    return stable_hash([r.as_dict() for r in rows])


def owner_digest(row: EntityRow | LinkRow, provenance: Iterable[ProvenanceRow]) -> str:
    """The stored digest of an entity or a link: its fields and its provenance together."""
    return stable_hash(row.digest(), provenance_digest(provenance))


class Changes(NamedTuple):
    """One table's part of a write."""

    #: Every id the new graph holds → its digest, in the graph's order.
    want: dict[str, str]
    #: Ids new or with another digest than the store's: (re)written, in the graph's order.
    changed: list[str]
    #: Ids the store holds and the new graph does not: deleted.
    gone: list[str]


def changes(held: Mapping[str, str], want: dict[str, str]) -> Changes:
    """What turns the ``held`` digests into the ``want`` ones."""
    return Changes(want, [i for i, d in want.items() if held.get(i) != d], [i for i in held if i not in want])


@dataclass(frozen=True)
class GraphDiff:
    entities: Changes
    links: Changes
    records: Changes

    def stats(self) -> WriteStats:
        return WriteStats(entities_written=len(self.entities.changed), entities_deleted=len(self.entities.gone),
                          links_written=len(self.links.changed), links_deleted=len(self.links.gone),
                          records_written=len(self.records.changed), records_deleted=len(self.records.gone))


def diff(data: GraphData, *, entities: Mapping[str, str], links: Mapping[str, str], records: Mapping[str, str]) -> GraphDiff:
    """What to write so a store holding the digests ``entities``, ``links`` and ``records`` (id or key →
    digest) holds ``data``."""
    prov, known = data.provenance, data.digests
    return GraphDiff(
        entities=changes(entities, {i: known.get(i) or owner_digest(r, prov.get(i, ())) for i, r in data.entities.items()}),
        links=changes(links, {i: known.get(i) or owner_digest(r, prov.get(i, ())) for i, r in data.links.items()}),
        records=changes(records, {k: data.record_digests.get(k) or r.digest() for k, r in data.records.items()}),
    )


@dataclass(frozen=True)
class Written:
    """The digests a store was left holding by this process's last complete write, and the mark it was stamped with.

    Reading every digest back before each write cost time in proportion to the world. While the store still carries
    that mark, nothing else wrote it since (a write by another consumer, or one cut short, leaves another mark or none:
    every write clears the mark first and stamps it last), so the digests are these, and the next diff starts from them.
    """

    mark: str
    entities: dict[str, str]
    links: dict[str, str]
    records: dict[str, str]

    @classmethod
    def after(cls, plan: GraphDiff, mark: str | None) -> Written | None:
        return None if mark is None else cls(mark, plan.entities.want, plan.links.want, plan.records.want)

    def still(self, mark: str | None) -> bool:
        return mark == self.mark

