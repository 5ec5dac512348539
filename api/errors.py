"""Domain errors carry their HTTP status; they are mapped to JSON responses in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from graph.store.base import EntityNotFoundError


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


def _body(code: str, message: str, detail: object = None) -> dict[str, object]:
    body: dict[str, object] = {"error": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return body


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CaselinkError)
    async def _domain(_: Request, exc: CaselinkError) -> JSONResponse:
        return JSONResponse(_body(exc.code, exc.message), status_code=exc.status_code)

    @app.exception_handler(EntityNotFoundError)
    async def _missing(_: Request, exc: EntityNotFoundError) -> JSONResponse:
        return JSONResponse(_body("not_found", str(exc)), status_code=404)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse(_body("invalid_request", "the request's parameters are not valid", detail), status_code=422)
