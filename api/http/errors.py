"""Every error becomes a JSON response here, in one place. The services' errors
(:class:`api.services.errors.CaselinkError` and its subclasses, the disclosure workflow's included) carry
their own status and code; the few raised below api/ (a permission refused, an entity gone, the graph
store or the state server down) are given theirs in :data:`FOREIGN_ERRORS`; the framework's own refusals get the same shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.services.errors import CaselinkError, UnauthorizedError
from graph.store.base import EntityNotFoundError, StoreUnavailable
from models.access import PermissionDenied
from models.database import StateUnavailable


def _body(code: str, message: str, detail: object = None) -> dict[str, object]:
    body: dict[str, object] = {"error": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return body


#: Errors raised below api/ that cannot carry a status of their own (models/ and graph/ know nothing of
#: HTTP): the status, code and extra headers each answers with. Everything else is a CaselinkError.
FOREIGN_ERRORS: dict[type[Exception], tuple[int, str, dict[str, str]]] = {
    PermissionDenied: (403, "forbidden", {}),
    EntityNotFoundError: (404, "not_found", {}),
    # The graph server is down or unreachable: a retryable condition, not a server fault.
    StoreUnavailable: (503, "store_unavailable", {"Retry-After": "5"}),
    # The shared-state PostgreSQL server (CASELINK_STATE) is down or the connection was lost: retryable too;
    # the message names the server without its password and never the statement.
    StateUnavailable: (503, "state_unavailable", {"Retry-After": "5"}),
}


def error_response(exc: Exception) -> JSONResponse:
    """The one mapping from an error to its response: its own status when it is a service error, the
    table's otherwise."""
    if isinstance(exc, CaselinkError):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, UnauthorizedError) else None
        return JSONResponse(_body(exc.code, exc.message), status_code=exc.status_code, headers=headers)
    status, code, extra = next(v for k, v in FOREIGN_ERRORS.items() if isinstance(exc, k))
    return JSONResponse(_body(code, str(exc)), status_code=status, headers=extra or None)


async def _handle(_: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


def install_error_handlers(app: FastAPI) -> None:
    errors: list[type[Exception]] = [CaselinkError, *FOREIGN_ERRORS]
    for error in errors:
        app.add_exception_handler(error, _handle)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # The framework's own refusals (a body that is not JSON, a method not allowed) in the same shape as ours.
        code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Every method some route of this path takes (the framework names only the first route's).
            allowed = sorted({m for r in request.app.routes if isinstance(r, APIRoute) and r.path_regex.match(request.url.path)
                              for m in (r.methods or ())})
            headers["Allow"] = ", ".join(allowed)
        return JSONResponse(_body(code, str(exc.detail)), status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse(_body("invalid_request", "the request's parameters are not valid", detail), status_code=422)
