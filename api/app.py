"""The HTTP API: network questions for analysts and investigators.

Every input is validated and bounded (depths, hop counts, page sizes, query lengths); every
error is JSON with a clear message; every response is a declared model. The answers come from
:mod:`api.queries`, which the CLI calls too.

Every endpoint needs a bearer token (:mod:`api.auth`) and answers for the token's viewer only:
the stores filter inside their queries (:mod:`models.access`). Every request, refused or not,
is written to the hash-chained audit log (:mod:`api.audit`) before its response leaves; if the
entry cannot be written the response is a 503 instead (fail closed). A reason for a look-up may
be given in the ``X-Caselink-Reason`` header; it is recorded with the entry.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

import structlog
import uvicorn
from fastapi import Depends, FastAPI, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api import queries
from api.audit import AuditEntry, audit_log, returned_ids
from api.auth import Authenticator, Principal, UserRegistry, client_address, users_path
from api.errors import install_error_handlers
from api.queries import MAX_ID, AppContext, open_context, policy_of
from api.schemas import AuditEntriesOut, DeadLettersOut, EntityDetailOut, ErrorOut, HealthOut, NetworkOut, PathsOut, RecordOut, SearchOut
from api.web.sessions import cookie_principal
from graph.search import MAX_QUERY
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS
from models.settings import Settings

log = structlog.get_logger(__name__)
M = TypeVar("M", bound=BaseModel)
MAX_REASON = 500
REASON_HEADER = "x-caselink-reason"
_bearer = HTTPBearer(auto_error=False, description="A token from `caselink users add` or the configured OIDC provider")


def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


async def authenticated(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]) -> Principal:
    auth: Authenticator = request.app.state.auth
    # A browser's session cookie (api.web), else the bearer token.
    principal = cookie_principal(request) or auth.authenticate(request.headers.get("authorization"), client_of(request))
    request.state.principal = principal  # known to the audit entry even when the rate limit refuses it
    auth.check_rate(principal)
    return principal


def client_of(request: Request) -> str:
    """The caller's address as the audit and the lockout know it (see :func:`api.auth.client_address`)."""
    settings: Settings = request.app.state.ctx.settings
    return client_address(request.client.host if request.client else None, request.headers.get("x-forwarded-for"),
                          settings.trusted_proxies)


def server_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """How every caselink server runs: the server itself rewrites no client address from headers
    (``proxy_headers`` off); the app decides whom to believe, from ``CASELINK_TRUSTED_PROXIES``."""
    return uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=False)


def disclosed(request: Request, answer: M) -> M:
    """Note what ``answer`` discloses for the request's audit entry, and return it."""
    request.state.returned = returned_ids(answer)
    return answer


Ctx = Annotated[AppContext, Depends(get_context)]
Who = Annotated[Principal, Depends(authenticated)]
Kinds = Annotated[str | None, Query(max_length=200, description="Comma-separated entity kinds")]
#: Lengths of path parameters are checked by api.queries (a 400 that says which limit).
EntityId = str


def _asked(request: Request) -> list[str]:
    """The entity ids a request named (path or query), whatever came back."""
    asked = [request.path_params.get("entity_id"), request.query_params.get("from"), request.query_params.get("to"),
             request.query_params.get("a"), request.query_params.get("b")]
    return [str(a)[:MAX_ID] for a in asked if a]


def create_app(settings: Settings) -> FastAPI:
    registry = UserRegistry(users_path(settings))
    authenticator = Authenticator(settings, policy_of(settings), registry)  # refuses a missing or development key here
    audit = audit_log(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ctx = open_context(settings)
        try:
            yield
        finally:
            app.state.ctx.close()
            registry.close()
            for extra in ("alerts", "disclosures", "web_sessions", "investigations", "alert_triage"):  # api.routes_leads, api.web
                if getattr(app.state, extra, None) is not None:
                    getattr(app.state, extra).close()
            try:
                audit.checkpoint()  # anchor the chain's head at every shutdown (api.audit)
            except OSError as exc:
                log.error("audit.checkpoint_failed", path=str(audit.checkpoint_path), error=str(exc))

    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut, "description": what} for code, what in (
            (400, "A parameter beyond its limits"), (401, "No valid bearer token, or locked out"),
            (403, "The role may not ask this"), (404, "Not found, or not visible to this user"),
            (422, "Invalid parameters"), (429, "Rate limit exceeded"), (500, "The request failed"),
            (503, "The audit log cannot be written: request refused"))}
    app = FastAPI(title="caselink", version="0.1.0", lifespan=lifespan, responses=errors, docs_url=None, redoc_url=None,
                  description="Network questions over missing-person and trafficking records from several police services.")
    app.state.auth = authenticator
    app.state.audit = audit
    install_error_handlers(app)

    @app.middleware("http")
    async def audited(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.monotonic()
        request.state.principal = None
        request.state.returned = ([], [])
        reason = request.headers.get(REASON_HEADER)
        if reason is not None and len(reason) > MAX_REASON:
            response: Response = JSONResponse({"error": "bad_request", "message": f"reason longer than {MAX_REASON} characters"},
                                              status_code=400)
        else:
            try:
                response = await call_next(request)
            except Exception:
                log.exception("request.failed", path=request.url.path)
                response = JSONResponse({"error": "internal_error", "message": "the request failed"}, status_code=500)
        principal: Principal | None = request.state.principal
        entities, records = request.state.returned
        entry = AuditEntry.of(
            principal.viewer if principal else None, channel="http", client=client_of(request), method=request.method,
            path=request.url.path[:1000], query={k: v[:500] for k, v in list(request.query_params.items())[:50]},
            reason=(reason or None) and reason[:MAX_REASON], asked_entities=_asked(request), entities=entities, records=records,
            status=response.status_code,
            outcome="ok" if response.status_code < 400 else "refused" if response.status_code in (401, 403, 429) else "error",
            ms=round((time.monotonic() - started) * 1000, 1))
        try:
            audit.append(entry)
        except OSError as exc:
            log.error("audit.unwritable", path=str(audit.path), error=str(exc))
            return JSONResponse({"error": "audit_unavailable", "message": "the audit log cannot be written: request refused"},
                                status_code=503)
        return response

    # Handlers are async on purpose: the embedded store is one SQLite connection, and the event
    # loop serialises access to it.

    @app.get("/health")
    async def health(ctx: Ctx, who: Who) -> HealthOut:
        return queries.health(ctx, viewer=who.viewer)

    @app.get("/search")
    async def search(
        request: Request,
        ctx: Ctx,
        who: Who,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="A name, alias, phone, plate, handle or record number")],
        kinds: Kinds = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchOut:
        return disclosed(request, queries.search(ctx, q, viewer=who.viewer, kinds=kinds, limit=limit))

    @app.get("/entities/{entity_id}")
    async def entity(request: Request, ctx: Ctx, who: Who, entity_id: EntityId) -> EntityDetailOut:
        return disclosed(request, queries.entity(ctx, entity_id, viewer=who.viewer))

    @app.get("/entities/{entity_id}/network")
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

    @app.get("/paths")
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

    @app.get("/records/{agency}/{record_no}")
    async def record(request: Request, ctx: Ctx, who: Who, agency: str,
                     record_no: str) -> RecordOut:
        return disclosed(request, queries.record(ctx, agency, record_no, viewer=who.viewer))

    @app.get("/dead-letters")
    async def dead_letters(
        ctx: Ctx,
        who: Who,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> DeadLettersOut:
        return queries.dead_letters(ctx, viewer=who.viewer, limit=limit, offset=offset)

    @app.get("/audit")
    async def audit_entries(ctx: Ctx, who: Who, user: Annotated[str | None, Query(max_length=200)] = None,
                            entity: Annotated[str | None, Query(max_length=MAX_ID)] = None,
                            record: Annotated[str | None, Query(max_length=120)] = None,
                            limit: Annotated[int, Query(ge=1, le=100_000)] = 1000) -> AuditEntriesOut:
        """Who looked at what (administrators): entries by user, entity or record."""
        return queries.audit_entries(ctx, viewer=who.viewer, user=user, entity=entity, record=record, limit=limit)

    from api.routes_data_quality import install as install_data_quality
    from api.routes_deconfliction import install as install_deconfliction
    from api.routes_disclosure import router as disclosure_router
    from api.routes_leads import install as install_leads
    from api.routes_resolution import install as install_resolution
    from api.web import install as install_web

    install_leads(app)
    install_resolution(app)
    app.include_router(disclosure_router)
    install_data_quality(app)
    install_deconfliction(app)
    install_web(app)  # the page, its sign-in, /docs and /redoc from local assets, investigations (api/web)
    return app
