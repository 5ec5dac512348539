"""The core questions over HTTP: health, search, an entity, its network, paths between two, a record,
dead letters and the audit trail. Each route validates and bounds its parameters, calls
:mod:`api.services.queries` (which the CLI calls too) and answers; :func:`api.http.deps.disclosed` notes
what it returned for the audit entry."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.http.deps import Ctx, EntityId, Kinds, Who, disclosed
from api.schemas import AuditEntriesOut, DeadLettersOut, EntityDetailOut, HealthOut, NetworkOut, PathsOut, RecordOut, SearchOut
from api.services import queries
from api.services.queries import MAX_ID
from graph.search import MAX_QUERY
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS

router = APIRouter()

# Handlers are async on purpose: the embedded store is one SQLite connection, and the event
# loop serialises access to it.

@router.get("/health")
async def health(ctx: Ctx, who: Who) -> HealthOut:
    return queries.health(ctx, viewer=who.viewer)

@router.get("/search")
async def search(
    request: Request,
    ctx: Ctx,
    who: Who,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="A name, alias, phone, plate, handle or record number")],
    kinds: Kinds = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    return disclosed(request, queries.search(ctx, q, viewer=who.viewer, kinds=kinds, limit=limit))

@router.get("/entities/{entity_id}")
async def entity(request: Request, ctx: Ctx, who: Who, entity_id: EntityId) -> EntityDetailOut:
    return disclosed(request, queries.entity(ctx, entity_id, viewer=who.viewer))

@router.get("/entities/{entity_id}/network")
async def network(
    request: Request,
    ctx: Ctx,
    who: Who,
    entity_id: EntityId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    kinds: Kinds = None,
    since: date | None = None,
    max_nodes: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> NetworkOut:
    return disclosed(request, queries.network(ctx, entity_id, viewer=who.viewer, depth=depth, kinds=kinds, since=since,
                                              max_nodes=max_nodes))

@router.get("/paths")
async def paths(
    request: Request,
    ctx: Ctx,
    who: Who,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=MAX_ID)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=MAX_ID)],
    max_hops: Annotated[int, Query(alias="max", ge=1, le=MAX_PATH_HOPS)] = 4,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> PathsOut:
    return disclosed(request, queries.paths(ctx, source, target, viewer=who.viewer, max_hops=max_hops, limit=limit))

@router.get("/records/{agency}/{record_no}")
async def record(request: Request, ctx: Ctx, who: Who, agency: str,
                 record_no: str) -> RecordOut:
    return disclosed(request, queries.record(ctx, agency, record_no, viewer=who.viewer))

@router.get("/dead-letters")
async def dead_letters(
    ctx: Ctx,
    who: Who,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> DeadLettersOut:
    return queries.dead_letters(ctx, viewer=who.viewer, limit=limit, offset=offset)

@router.get("/audit")
async def audit_entries(ctx: Ctx, who: Who, user: Annotated[str | None, Query(max_length=200)] = None,
                        entity: Annotated[str | None, Query(max_length=MAX_ID)] = None,
                        record: Annotated[str | None, Query(max_length=120)] = None,
                        limit: Annotated[int, Query(ge=1, le=100_000)] = 1000) -> AuditEntriesOut:
    """Who looked at what (administrators): entries by user, entity or record."""
    return queries.audit_entries(ctx, viewer=who.viewer, user=user, entity=entity, record=record, limit=limit)
