"""Response models: every endpoint returns one of these, never a bare dict."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from graph.model import EntityRow, LinkRow


class ErrorOut(BaseModel):
    """Every error response: a code, a message, and for invalid parameters what was wrong."""

    error: str
    message: str
    detail: list[dict[str, Any]] | None = None


class Labels(BaseModel):
    agencies: list[str]
    caveats: list[str]


class EntityOut(BaseModel):
    id: str
    kind: str
    caption: str
    hub: bool
    properties: dict[str, Any]
    labels: Labels
    first_seen: str | None
    last_seen: str | None

    @classmethod
    def of(cls, row: EntityRow) -> EntityOut:
        return cls(id=row.id, kind=row.kind, caption=row.caption, hub=row.hub, properties=row.properties,
                   labels=Labels(agencies=list(row.agencies), caveats=list(row.caveats)),
                   first_seen=row.first_seen, last_seen=row.last_seen)


class LinkOut(BaseModel):
    id: str
    kind: str
    source: str
    target: str
    properties: dict[str, Any]
    labels: Labels
    first_seen: str | None
    last_seen: str | None

    @classmethod
    def of(cls, row: LinkRow) -> LinkOut:
        return cls(id=row.id, kind=row.kind, source=row.source, target=row.target, properties=row.properties,
                   labels=Labels(agencies=list(row.agencies), caveats=list(row.caveats)),
                   first_seen=row.first_seen, last_seen=row.last_seen)


class SourceOut(BaseModel):
    """One piece of one record behind an entity."""

    record: str
    agency: str
    version: str
    field: str | None
    span: tuple[int, int] | None
    extractor: str
    extractor_version: str
    confidence: float


class HealthOut(BaseModel):
    status: str
    graph: dict[str, int]


class SearchHitOut(BaseModel):
    entity: EntityOut
    matched: str
    how: str
    score: float


class SearchOut(BaseModel):
    query: str
    hits: list[SearchHitOut]


class EntityDetailOut(BaseModel):
    entity: EntityOut
    records: list[str]
    sources: list[SourceOut]


class CutOut(BaseModel):
    hubs_not_expanded: list[str]
    truncated: int
    filtered_by_kind: int
    filtered_by_date: int


class NetworkOut(BaseModel):
    centre: str
    depth: int
    entities: list[EntityOut]
    links: list[LinkOut]
    cut: CutOut


class HopOut(BaseModel):
    source: str
    target: str
    link: LinkOut
    records: list[str]


class PathOut(BaseModel):
    length: int
    nodes: list[EntityOut]
    hops: list[HopOut]


class PathsOut(BaseModel):
    source: str
    target: str
    max_hops: int
    paths: list[PathOut]


class MentionOut(BaseModel):
    kind: str
    text: str
    start: int
    end: int
    value: str | None
    entity: str | None
    subject_id: str | None
    extractor: str
    extractor_version: str
    confidence: float


class RecordOut(BaseModel):
    key: str
    agency: str
    record_no: str
    version: str
    entity_id: str
    record: dict[str, Any]
    #: subject_id → person entity id
    subjects: dict[str, str]
    mentions: list[MentionOut]
    labels: Labels


class DeadLetterOut(BaseModel):
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


class DeadLettersOut(BaseModel):
    total: int
    items: list[DeadLetterOut] = Field(default_factory=list)


class AuditEntriesOut(BaseModel):
    """Audit entries (latest last), each as written: who asked what, when, why, and what was returned."""

    entries: list[dict[str, Any]]
