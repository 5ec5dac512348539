"""The errors the services raise, each carrying the status and code it answers with (as yente's
``exc.py`` does): :mod:`api.http.errors` turns any of them into a JSON response with one handler, and
the CLI prints their message. No route maps an error by hand."""

from __future__ import annotations


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
