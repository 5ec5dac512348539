"""The HTTP API: network questions for analysts and investigators.

Every input is validated and bounded (depths, hop counts, page sizes, query lengths); every
error is JSON with a clear message; every response is a declared model. The answers come from
:mod:`api.services.queries`, which the CLI calls too.

Every endpoint needs a bearer token (:mod:`api.services.auth`) and answers for the token's viewer only:
the stores filter inside their queries (:mod:`models.access`). Every request, refused or not,
is written to the hash-chained audit log (:mod:`api.services.audit`) before its response leaves; if the
entry cannot be written the response is a 503 instead (fail closed). A reason for a look-up may
be given in the ``X-Caselink-Reason`` header; it is recorded with the entry.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import structlog
import uvicorn
from fastapi import FastAPI, Request, Response

from api.http.data_quality import install as install_data_quality
from api.http.deconfliction import install as install_deconfliction
from api.http.deps import client_of
from api.http.disclosure import router as disclosure_router
from api.http.errors import error_response, install_error_handlers
from api.http.inbox import router as inbox_router
from api.http.investigations import router as investigations_router
from api.http.leads import install as install_leads
from api.http.queries import router as queries_router
from api.http.resolution import install as install_resolution
from api.schemas import ErrorOut
from api.services.audit import audit_log, request_entry
from api.services.auth import Authenticator, Principal, UserRegistry
from api.services.errors import AuditUnavailableError, BadRequestError, CaselinkError
from api.services.queries import MAX_ID, open_context, policy_of
from api.web.pages import install as install_pages
from api.web.routes_auth import router as auth_router
from models.settings import Settings

log = structlog.get_logger(__name__)
MAX_REASON = 500
REASON_HEADER = "x-caselink-reason"


def server_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """How every caselink server runs: the server itself rewrites no client address from headers
    (``proxy_headers`` off); the app decides whom to believe, from ``CASELINK_TRUSTED_PROXIES``."""
    return uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=False)


def _asked(request: Request) -> list[str]:
    """The entity ids a request named (path or query), whatever came back."""
    asked = [request.path_params.get("entity_id"), request.query_params.get("from"), request.query_params.get("to"),
             request.query_params.get("a"), request.query_params.get("b")]
    return [str(a)[:MAX_ID] for a in asked if a]


def create_app(settings: Settings) -> FastAPI:
    registry = UserRegistry.of(settings)
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
            for extra in ("alerts", "disclosures", "web_sessions", "investigations", "alert_triage"):  # api.http.leads, api.web
                if getattr(app.state, extra, None) is not None:
                    getattr(app.state, extra).close()
            try:
                audit.checkpoint()  # anchor the chain's head at every shutdown (api.services.audit)
            except OSError as exc:
                log.error("audit.checkpoint_failed", where=audit.where, error=str(exc))

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
            response: Response = error_response(BadRequestError(f"reason longer than {MAX_REASON} characters"))
        else:
            try:
                response = await call_next(request)
            except Exception:
                log.exception("request.failed", path=request.url.path)
                response = error_response(CaselinkError("the request failed"))
        principal: Principal | None = request.state.principal
        entry = request_entry(
            principal.viewer if principal else None, client=client_of(request), method=request.method,
            path=request.url.path, query=request.query_params, reason=(reason or None) and reason[:MAX_REASON],
            asked=_asked(request), returned=request.state.returned, status=response.status_code,
            ms=round((time.monotonic() - started) * 1000, 1))
        try:
            audit.append(entry)
        except OSError as exc:
            log.error("audit.unwritable", where=audit.where, error=str(exc))
            return error_response(AuditUnavailableError("the audit log cannot be written: request refused"))
        return response

    app.include_router(queries_router)
    install_leads(app)
    install_resolution(app)
    app.include_router(disclosure_router)
    install_data_quality(app)
    install_deconfliction(app)
    # The workbench (api/web): its sign-in, saved investigations, the inbox, then the page, /docs and /redoc.
    app.include_router(auth_router)
    app.include_router(investigations_router)
    app.include_router(inbox_router)
    install_pages(app)
    return app
