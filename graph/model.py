"""Rows the graph is written as: entities, links and provenance, store-independent.

Every store (embedded SQLite, Neo4j) writes and returns these, so the same questions get the
same answers whatever the backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.ids import stable_hash

__all__ = ["FACETS", "EntityRow", "GraphData", "LinkRow", "ProvenanceRow", "RecordRow", "merge_properties",
           "sort_string_lists", "stable_hash"]


#: Property key holding what each record contributed to a node or edge seen in several
#: records: ``{record_key: {"agency", "caveats", "caption", "properties"}}``. A viewer who may
#: see only some of those records is shown the caption and properties of those alone
#: (:func:`graph.store.traverse.restate`): a name, alias or date of birth from a record the
#: viewer may not see never reaches it through an entity it may see. Never returned to callers.
FACETS = "_by_record"


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
    kind: str
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
    kind: str
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


@dataclass
class GraphData:
    entities: dict[str, EntityRow] = field(default_factory=dict)
    links: dict[str, LinkRow] = field(default_factory=dict)
    provenance: dict[str, list[ProvenanceRow]] = field(default_factory=dict)
    records: dict[str, RecordRow] = field(default_factory=dict)
    #: Why persons were merged: (mention a, mention b, person id, score, features)
    merges: list[dict[str, Any]] = field(default_factory=list)
    #: Pairs of person mentions the resolution was unsure of (the review queue; kept beside the graph,
    #: in :class:`~graph.resolve.decisions.DecisionStore`, not in it).
    review: list[dict[str, Any]] = field(default_factory=list)
