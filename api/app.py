"""The HTTP API: network questions for analysts and investigators.

Every input is validated and bounded (depths, hop counts, page sizes, query lengths); every
error is JSON with a clear message; every response is a declared model. The answers come from
:mod:`api.queries`, which the CLI calls too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request

from api import queries
from api.errors import install_error_handlers
from api.queries import MAX_ID, AppContext, open_context
from api.schemas import DeadLettersOut, EntityDetailOut, HealthOut, NetworkOut, PathsOut, RecordOut, SearchOut
from graph.search import MAX_QUERY
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS
from models.settings import Settings


def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_context)]
Kinds = Annotated[str | None, Query(max_length=200, description="Comma-separated entity kinds")]


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ctx = open_context(settings)
        try:
            yield
        finally:
            app.state.ctx.close()

    app = FastAPI(title="caselink", version="0.1.0", lifespan=lifespan,
                  description="Network questions over missing-person and trafficking records from several police services.")
    install_error_handlers(app)

    # Handlers are async on purpose: the embedded store is one SQLite connection, and the event
    # loop serialises access to it.

    @app.get("/health")
    async def health(ctx: Ctx) -> HealthOut:
        return queries.health(ctx)

    @app.get("/search")
    async def search(
        ctx: Ctx,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="A name, alias, phone, plate, handle or record number")],
        kinds: Kinds = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchOut:
        return queries.search(ctx, q, kinds=kinds, limit=limit)

    @app.get("/entities/{entity_id}")
    async def entity(ctx: Ctx, entity_id: str) -> EntityDetailOut:
        return queries.entity(ctx, entity_id)

    @app.get("/entities/{entity_id}/network")
    async def network(
        ctx: Ctx,
        entity_id: str,
        depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
        kinds: Kinds = None,
        since: date | None = None,
        max_nodes: Annotated[int, Query(ge=1, le=2000)] = 500,
    ) -> NetworkOut:
        return queries.network(ctx, entity_id, depth=depth, kinds=kinds, since=since, max_nodes=max_nodes)

    @app.get("/paths")
    async def paths(
        ctx: Ctx,
        source: Annotated[str, Query(alias="from", min_length=1, max_length=MAX_ID)],
        target: Annotated[str, Query(alias="to", min_length=1, max_length=MAX_ID)],
        max_hops: Annotated[int, Query(alias="max", ge=1, le=MAX_PATH_HOPS)] = 4,
        limit: Annotated[int, Query(ge=1, le=20)] = 5,
    ) -> PathsOut:
        return queries.paths(ctx, source, target, max_hops=max_hops, limit=limit)

    @app.get("/records/{agency}/{record_no}")
    async def record(ctx: Ctx, agency: str, record_no: str) -> RecordOut:
        return queries.record(ctx, agency, record_no)

    @app.get("/dead-letters")
    async def dead_letters(
        ctx: Ctx,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> DeadLettersOut:
        return queries.dead_letters(ctx, limit=limit, offset=offset)

    return app
