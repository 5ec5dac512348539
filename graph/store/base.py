"""The GraphStore interface every backend implements, and the result types it returns.

The contract tests in ``tests/graph/store`` run one body against every implementation, so the
embedded store and Neo4j give the same answers to the same questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from graph.model import EntityRow, GraphData, LinkRow, ProvenanceRow, RecordRow
from models.access import Viewer
from models.errors import SinkUnavailable

#: Limits that bound every traversal, whatever the caller asks.
MAX_DEPTH = 3
MAX_PATH_HOPS = 6
DEFAULT_MAX_NODES = 500


class EntityNotFoundError(LookupError):
    def __init__(self, entity_id: str) -> None:
        super().__init__(f"no entity {entity_id!r}")
        self.entity_id = entity_id


class StoreUnavailable(SinkUnavailable):
    """The store cannot be reached now (server down, connection lost). Nothing was lost: the
    caller waits and tries again, and the write, being a diff, converges when it succeeds."""


@dataclass
class WriteStats:
    entities_written: int = 0
    entities_deleted: int = 0
    links_written: int = 0
    links_deleted: int = 0
    records_written: int = 0
    records_deleted: int = 0


@dataclass
class NetworkResult:
    """A neighbourhood, and an honest account of what was left out of it."""

    centre: str
    depth: int
    entities: list[EntityRow]
    links: list[LinkRow]
    #: Hubs reached but not expanded (a group home's phone): shown, not traversed.
    hubs_not_expanded: list[str] = field(default_factory=list)
    #: Entities reached but not returned because the node cap was hit.
    truncated: int = 0
    #: Entities traversed but filtered out by ``kinds``.
    filtered_by_kind: int = 0
    #: Links left out because no record behind them is as recent as ``since``.
    filtered_by_date: int = 0


@dataclass
class Hop:
    link: LinkRow
    source: str
    target: str
    #: The records that justify this hop.
    records: list[str]


@dataclass
class PathResult:
    nodes: list[EntityRow]
    hops: list[Hop]


class GraphStore(Protocol):
    """What every graph backend answers. Writes are whole-graph replacements applied as diffs."""

    def replace(self, data: GraphData, *, mark: str | None = None) -> WriteStats:
        """Make the store hold exactly ``data``, writing only what changed (idempotent).

        ``mark`` names the ledger state ``data`` was built from; it is stored last, so a write
        interrupted part way leaves the old mark and is redone. Raises :class:`StoreUnavailable`
        when the store cannot be reached."""
        ...

    def sync_mark(self) -> str | None:
        """The ``mark`` of the last complete :meth:`replace`, or None."""
        ...

    def fingerprint(self) -> dict[str, object]:
        """Counts, and a digest of every entity, link and record view with its provenance:
        two stores with equal fingerprints hold the same graph."""
        ...

    def purge_record(self, record_key: str) -> None:
        """Remove a record's contributions now: provenance, and what nothing else supports."""
        ...

    # Every read takes the Viewer it answers for (models/access.py): the store's own queries
    # return only what that viewer may see, with labels restated from the visible records.
    # The system itself (ingest, alerts, quality) passes models.access.SYSTEM.

    def get_entity(self, entity_id: str, *, viewer: Viewer) -> EntityRow | None: ...

    def get_entities(self, entity_ids: list[str], *, viewer: Viewer) -> list[EntityRow]: ...

    def provenance(self, owner_ids: list[str], *, viewer: Viewer) -> list[ProvenanceRow]:
        """The provenance rows of ``owner_ids`` that come from records the viewer may see."""
        ...

    def record(self, key: str, *, viewer: Viewer) -> RecordRow | None: ...

    def links_of(self, entity_ids: list[str], *, viewer: Viewer) -> list[LinkRow]:
        """Every visible link touching any of ``entity_ids`` whose both ends are visible."""
        ...

    def neighbourhood(self, entity_id: str, depth: int, *, viewer: Viewer, kinds: frozenset[str] | None = None,
                      since: str | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> NetworkResult: ...

    def paths(self, source: str, target: str, max_hops: int, *, viewer: Viewer, limit: int = 5) -> list[PathResult]: ...

    def subgraph(self, entity_ids: list[str], *, viewer: Viewer) -> tuple[list[EntityRow], list[LinkRow]]: ...

    def search_terms(self, *, viewer: Viewer) -> list[tuple[str, str, str]]:
        """(term, entity id, kind) for every searchable name, alias, number and plate of a visible entity."""
        ...

    def counts(self, *, viewer: Viewer) -> dict[str, int]: ...

    def entity_ids(self, *, viewer: Viewer, kinds: frozenset[str] | None = None, limit: int | None = None) -> list[str]:
        """Every visible entity id (of ``kinds``), sorted; for analytics over the whole graph."""
        ...

    def generation(self) -> object:
        """Changes whenever the store's content may have changed (for caches such as search)."""
        ...

    def close(self) -> None: ...
