"""Rows the graph is written as: entities, links and provenance, store-independent.

Every store (embedded SQLite, Neo4j) writes and returns these, so the same questions get the
same answers whatever the backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.ids import stable_hash
from models.vocabulary import EntityKind, LinkKind

__all__ = ["FACETS", "RESOLUTION", "EntityRow", "GraphData", "LinkRow", "MergeRow", "ProvenanceRow", "RecordRow",
           "ReviewRow", "merge_properties", "sort_string_lists", "stable_hash"]


#: Property key holding what each record contributed to a node or edge seen in several
#: records: ``{record_key: {"agency", "caveats", "caption", "properties"}}``. A viewer who may
#: see only some of those records is shown the caption and properties of those alone
#: (:func:`graph.store.traverse.restate`): a name, alias or date of birth from a record the
#: viewer may not see never reaches it through an entity it may see. Never returned to callers.
FACETS = "_by_record"


#: Property key of an entity's resolution trail: every join that made it one entity (a list of
#: :meth:`MergeRow.trail_entry` dicts, stored with the entity and read back by :meth:`MergeRow.from_trail_entry`).
RESOLUTION = "resolution"


def merge_properties(target: dict[str, Any], props: dict[str, Any]) -> None:
    """Lists are unioned in order of arrival; a scalar keeps its first value."""
    for k, v in props.items():
        if isinstance(v, list):
            existing = target.setdefault(k, [])
            existing.extend(x for x in v if x not in existing)
        elif v is not None:
            target.setdefault(k, v)


def sort_string_lists(props: dict[str, Any]) -> None:
    for k, v in props.items():
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            props[k] = sorted(v)


@dataclass
class ProvenanceRow:
    """One piece of one record behind a node or an edge."""

    owner: str
    record_key: str
    agency: str
    version: str
    field: str | None
    span_start: int | None
    span_end: int | None
    extractor: str
    extractor_version: str
    confidence: float
    caveats: tuple[str, ...]
    when: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class EntityRow:
    id: str
    kind: EntityKind
    caption: str
    properties: dict[str, Any] = field(default_factory=dict)
    hub: bool = False
    agencies: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    first_seen: str | None = None
    last_seen: str | None = None

    def digest(self) -> str:
        return stable_hash(self.kind, self.caption, self.properties, self.hub, self.agencies, self.caveats,
                           self.first_seen, self.last_seen)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LinkRow:
    id: str
    kind: LinkKind
    source: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)
    agencies: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    first_seen: str | None = None
    last_seen: str | None = None

    def digest(self) -> str:
        return stable_hash(self.kind, self.source, self.target, self.properties, self.agencies, self.caveats,
                           self.first_seen, self.last_seen)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RecordRow:
    """A record as the graph knows it: the canonical record plus how its parts resolved."""

    key: str
    agency: str
    record_no: str
    version: str
    entity_id: str
    payload: dict[str, Any]
    #: subject_id → person entity id
    subjects: dict[str, str]
    #: each narrative mention with its entity id (or None)
    mentions: list[dict[str, Any]]
    caveats: tuple[str, ...] = ()

    def digest(self) -> str:
        return stable_hash(self.version, self.payload, self.subjects, self.mentions, self.caveats)


@dataclass(frozen=True)
class MergeRow:
    """Why two mentions (or entity keys) are one entity: the join, its score and each feature's part."""

    a: str
    b: str
    #: The entity the join made (a person id; a place id for an investigator's place decision).
    entity: str
    score: float
    #: Each feature's contribution to the score.
    features: dict[str, float]
    algorithm: str
    #: The comparison features' values, when the scorer has them.
    values: dict[str, float] | None = None
    #: The investigator's decision that made this join (its :meth:`Decision.label`), when one did.
    decision: Mapping[str, object] | None = None

    def trail_entry(self) -> dict[str, Any]:
        """The join as the entity's :data:`RESOLUTION` trail keeps it (the entity is the owner, not repeated)."""
        entry: dict[str, Any] = {"a": self.a, "b": self.b, "score": self.score, "features": self.features,
                                 "algorithm": self.algorithm}
        if self.values is not None:
            entry["values"] = self.values
        if self.decision is not None:
            entry["decision"] = self.decision
        return entry

    @classmethod
    def from_trail_entry(cls, entry: Mapping[str, Any], entity: str) -> MergeRow:
        """A join read back from ``entity``'s stored trail (missing parts read as empty)."""
        values, decision = entry.get("values"), entry.get("decision")
        return cls(a=str(entry["a"]), b=str(entry["b"]), entity=entity, score=float(entry.get("score", 0.0)),
                   features={str(k): float(v) for k, v in dict(entry.get("features") or {}).items()},
                   algorithm=str(entry.get("algorithm", "")),
                   values={str(k): float(v) for k, v in values.items()} if isinstance(values, Mapping) else None,
                   decision=decision if isinstance(decision, Mapping) else None)


@dataclass(frozen=True)
class ReviewRow:
    """A pair of person mentions the build was unsure of, with what a viewer needs to be shown it: the
    persons each is in, and the agency and caveats of each mention's record."""

    a: str
    b: str
    person_a: str
    person_b: str
    record_a: str
    agency_a: str
    caveats_a: tuple[str, ...]
    record_b: str
    agency_b: str
    caveats_b: tuple[str, ...]
    #: ``uncertain merge``, ``near miss`` or ``refused``.
    kind: str
    probability: float
    score: float
    contributions: dict[str, float]
    values: dict[str, float] | None
    reason: str | None


@dataclass
class GraphData:
    entities: dict[str, EntityRow] = field(default_factory=dict)
    links: dict[str, LinkRow] = field(default_factory=dict)
    provenance: dict[str, list[ProvenanceRow]] = field(default_factory=dict)
    records: dict[str, RecordRow] = field(default_factory=dict)
    #: Why persons were merged: each join the person resolution made.
    merges: list[MergeRow] = field(default_factory=list)
    #: Pairs of person mentions the resolution was unsure of (the review queue; kept beside the graph,
    #: in :class:`~graph.resolve.decisions.DecisionStore`, not in it).
    review: list[ReviewRow] = field(default_factory=list)
    #: The stored digest of an entity or a link (:func:`graph.store.diff.owner_digest`), by id, where the build knows it
    #: already: an owner no commit touched keeps the digest it was written with, so a write hashes only what changed.
    digests: dict[str, str] = field(default_factory=dict)
    #: The same for records (:meth:`RecordRow.digest`), by record key: kept apart, since a record's entity id
    #: (``record:<key>``) is no record key.
    record_digests: dict[str, str] = field(default_factory=dict)
