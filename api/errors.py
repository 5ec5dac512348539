"""Domain errors carry their HTTP status; they are mapped to JSON responses in one place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.disclosure.build import CaseNotFound, DisclosureError
from api.disclosure.drafts import DraftNotFound, WorkflowError
from graph.store.base import EntityNotFoundError, StoreUnavailable
from models.access import PermissionDenied


class CaselinkError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(CaselinkError):
    status_code = 404
    code = "not_found"


class BadRequestError(CaselinkError):
    status_code = 400
    code = "bad_request"


class UnauthorizedError(CaselinkError):
    """No valid bearer token: the response asks for one (``WWW-Authenticate: Bearer``)."""

    status_code = 401
    code = "unauthorized"


class ForbiddenError(CaselinkError):
    status_code = 403
    code = "forbidden"


class TooManyRequestsError(CaselinkError):
    status_code = 429
    code = "too_many_requests"


class AuditUnavailableError(CaselinkError):
    """The audit entry could not be written: the request fails rather than go unrecorded."""

    status_code = 503
    code = "audit_unavailable"


def _answer(status: int, code: str) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(_body(code, str(exc)), status_code=status)
    return handler


def _body(code: str, message: str, detail: object = None) -> dict[str, object]:
    body: dict[str, object] = {"error": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return body


#: Errors raised below the HTTP layer (shared with the CLI), with the status and code each answers.
#: Starlette picks the most specific class, so a subclass listed here wins over its base.
DOMAIN_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (DraftNotFound, 404, "not_found"),
    (CaseNotFound, 404, "not_found"),
    (WorkflowError, 400, "bad_request"),
    (DisclosureError, 400, "bad_request"),
)


def install_error_handlers(app: FastAPI) -> None:
    for error, status, code in DOMAIN_ERRORS:
        app.add_exception_handler(error, _answer(status, code))

    @app.exception_handler(CaselinkError)
    async def _domain(_: Request, exc: CaselinkError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, UnauthorizedError) else None
        return JSONResponse(_body(exc.code, exc.message), status_code=exc.status_code, headers=headers)

    @app.exception_handler(PermissionDenied)
    async def _denied(_: Request, exc: PermissionDenied) -> JSONResponse:
        return JSONResponse(_body("forbidden", exc.message), status_code=403)

    @app.exception_handler(EntityNotFoundError)
    async def _missing(_: Request, exc: EntityNotFoundError) -> JSONResponse:
        return JSONResponse(_body("not_found", str(exc)), status_code=404)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        # The graph server is down or unreachable: a retryable condition, not a server fault.
        return JSONResponse(_body("store_unavailable", str(exc)), status_code=503, headers={"Retry-After": "5"})

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
