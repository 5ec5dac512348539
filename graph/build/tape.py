"""Each record's emission kept between builds, and the graph assembled from them owner by owner.

A record's contribution to the graph (its nodes, edges, provenance and per-record facets) depends on the record, its
mentions, and what it reads of the build's world: the person each of its mentions is in, the caveats those persons
carry, the place each hotel name is, the person a narrative's name or alias is. :class:`Reader` notes every such read
with its answer. A later build keeps a record's :class:`Tape` when the record and its mentions are unchanged and every
read gives the same answer again; only the other records are emitted again.

The graph is the fold, in record-key order, of every record's contribution to each owner (a node's properties are
merged list by list, a scalar keeps its first value: :func:`graph.model.merge_properties`, which is associative, so
folding each record's merged contribution equals merging every call in turn). :class:`Assembler` keeps the fold of
the last build and folds again only the owners a changed record touched, then finishes them (labels, first and last
seen, facets, resolution trails, hub marks) and keeps their stored digests. The result equals a build from scratch,
which is the same code with nothing kept (``tests/graph/test_incremental_property.py``, ``caselink rebuild --verify``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.build.emit import finish_owner
from graph.build.hubs import HUB_RULE, hub_value
from graph.model import RESOLUTION, EntityRow, GraphData, LinkRow, MergeRow, ProvenanceRow, merge_properties
from graph.store.diff import owner_digest
from models.graph import Mention
from models.records import Record
from models.vocabulary import VOCABULARY, Vocabulary

#: One read of the world: the lookup's name, its arguments (the record aside) and its answer.
Read = tuple[str, tuple[Any, ...], Any]


class Reader:
    """A record's view of the build's world that notes every read it makes (see the module docstring)."""

    def __init__(self, world: Any, record: Record) -> None:
        self.world = world
        self.record = record
        self.reads: list[Read] = []

    def ask(self, name: str, *args: Any) -> Any:
        answer = getattr(self.world, name)(self.record, *args)
        self.reads.append((name, args, answer))
        return answer


def still_reads(world: Any, record: Record, reads: Iterable[Read]) -> bool:
    """Whether every read of a kept emission gives the same answer in ``world``."""
    return all(getattr(world, name)(record, *args) == answer for name, args, answer in reads)


@dataclass
class Tape:
    """One record's emission: the record and mentions it was made from, what it read, and what it emitted."""

    record: Record
    mentions: tuple[Mention, ...]
    reads: list[Read]
    data: GraphData
    facets: dict[str, dict[str, Any]]
    #: The stored digest of the record's row (:meth:`graph.model.RecordRow.digest`).
    record_digest: str

    @property
    def owners(self) -> Iterable[str]:
        return (*self.data.entities, *self.data.links)


@dataclass
class Folded:
    """An owner as the records behind it say it, before it is finished."""

    row: EntityRow | LinkRow
    provenance: list[ProvenanceRow]
    facets: dict[str, dict[str, Any]]


@dataclass
class Assembler:
    """The graph of the last build, kept owner by owner so that the next folds and finishes only what changed.

    The graph :meth:`assemble` returns shares its finished rows with what is kept here: a caller must only read it (the
    stores do), or the next build would start from what the caller changed."""

    vocabulary: Vocabulary = VOCABULARY
    tapes: dict[str, Tape] = field(default_factory=dict)
    #: owner -> the keys of the records whose emission touches it
    holders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    folded: dict[str, Folded] = field(default_factory=dict)
    entities: dict[str, EntityRow] = field(default_factory=dict)
    links: dict[str, LinkRow] = field(default_factory=dict)
    provenance: dict[str, list[ProvenanceRow]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    trails: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    hubs: frozenset[str] = frozenset()
    #: How many records the last build emitted again and how many owners it finished (logged, benchmarked).
    last_emitted: int = 0
    last_finished: int = 0

    def assemble(self, tapes: Mapping[str, Tape], emitted: set[str], merges: list[MergeRow],
                 decided: Sequence[tuple[str, MergeRow]], hubs: frozenset[str]) -> GraphData:
        """The graph of ``tapes`` (record key -> emission, in record-key order), ``emitted`` the keys whose emission is
        new this build; ``merges`` and ``decided`` the joins of the resolution trails; ``hubs`` the hub values."""
        touched: set[str] = set()
        for key in (emitted | (self.tapes.keys() - tapes.keys())):
            old = self.tapes.get(key)
            if old is not None:
                for owner in old.owners:
                    self.holders[owner].discard(key)
                    touched.add(owner)
            new = tapes.get(key)
            if new is not None:
                for owner in new.owners:
                    self.holders[owner].add(key)
                    touched.add(owner)
        self.tapes = dict(tapes)
        for owner in touched:
            self._fold(owner)
        trails = _trails(merges, decided, self.folded)
        touched |= {o for o in trails.keys() | self.trails.keys() if trails.get(o) != self.trails.get(o)}
        if hubs != self.hubs:
            changed = hubs ^ self.hubs
            touched |= {o for o, f in self.folded.items() if isinstance(f.row, EntityRow) and hub_value(f.row, self.vocabulary) in changed}
        self.trails, self.hubs = trails, hubs
        for owner in sorted(touched):  # the order rows reach the store must not depend on the process's string hashing
            self._finish(owner)
        self.last_emitted, self.last_finished = len(emitted), len(touched)
        return GraphData(entities=dict(self.entities), links=dict(self.links), provenance=dict(self.provenance),
                         records={k: t.data.records[k] for k, t in tapes.items()}, merges=merges, digests=dict(self.digests),
                         record_digests={k: t.record_digest for k, t in tapes.items()})

    def _fold(self, owner: str) -> None:
        holders = self.holders.get(owner)
        if not holders:
            self.holders.pop(owner, None)
            self.folded.pop(owner, None)
            return
        keys = sorted(holders)
        if len(keys) == 1:  # most owners: one record's, as it emitted them (finishing works on a copy)
            tape = self.tapes[keys[0]]
            said = tape.data.entities.get(owner) or tape.data.links.get(owner)
            assert said is not None, f"{keys[0]} holds {owner} but emitted none"
            facet = tape.facets.get(owner)
            self.folded[owner] = Folded(said, list(tape.data.provenance.get(owner, ())), {keys[0]: facet} if facet else {})
            return
        row: EntityRow | LinkRow | None = None
        provenance: list[ProvenanceRow] = []
        facets: dict[str, dict[str, Any]] = {}
        for key in keys:
            tape = self.tapes[key]
            said = tape.data.entities.get(owner) or tape.data.links.get(owner)
            assert said is not None, f"{key} holds {owner} but emitted none"
            if row is None:
                row = _copy(said, {k: list(v) if isinstance(v, list) else v for k, v in said.properties.items()})
            else:
                merge_properties(row.properties, said.properties)
            provenance.extend(tape.data.provenance.get(owner, ()))
            if owner in tape.facets:
                facets[key] = tape.facets[owner]
        assert row is not None
        self.folded[owner] = Folded(row, provenance, facets)

    def _finish(self, owner: str) -> None:
        folded = self.folded.get(owner)
        self.entities.pop(owner, None)
        self.links.pop(owner, None)
        self.provenance.pop(owner, None)
        self.digests.pop(owner, None)
        if folded is None:
            return
        # finishing sets keys and sorts lists into new ones (never in place): a copy of the top level is enough
        row = _copy(folded.row, dict(folded.row.properties))
        rows = list(folded.provenance)
        if isinstance(row, EntityRow) and owner in self.trails:
            row.properties[RESOLUTION] = list(self.trails[owner])
        finish_owner(row, rows, {k: {**f, "properties": dict(f["properties"])} for k, f in folded.facets.items()})
        if isinstance(row, EntityRow):
            if hub_value(row, self.vocabulary) in self.hubs:
                row.hub = True
                row.properties["hub_rule"] = HUB_RULE
            self.entities[owner] = row
        else:
            self.links[owner] = row
        if rows:
            self.provenance[owner] = rows
        self.digests[owner] = owner_digest(row, rows)


def _copy(row: EntityRow | LinkRow, properties: dict[str, Any]) -> EntityRow | LinkRow:
    """A row with other properties (the constructor: :func:`dataclasses.replace` costs twice as much)."""
    if isinstance(row, EntityRow):
        return EntityRow(row.id, row.kind, row.caption, properties, row.hub, row.agencies, row.caveats, row.first_seen,
                         row.last_seen)
    return LinkRow(row.id, row.kind, row.source, row.target, properties, row.agencies, row.caveats, row.first_seen,
                   row.last_seen)


def _trails(merges: list[MergeRow], decided: Sequence[tuple[str, MergeRow]], folded: Mapping[str, Folded]
            ) -> dict[str, list[dict[str, Any]]]:
    """Each entity's resolution trail: the joins that made it, then the investigators' decisions, as the build's
    :func:`graph.decided.decided_joins` names them."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for owner, join in [*((m.entity, m) for m in merges), *decided]:
        found = folded.get(owner)
        if found is not None and isinstance(found.row, EntityRow):
            out[owner].append(join.trail_entry())
    return dict(out)

