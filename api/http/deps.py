"""The ``Annotated`` dependencies every router shares: the request's context (:data:`Ctx`), the
authenticated principal (:data:`Who`, from a session cookie or a bearer token, rate-limited), the
caller's address, and :func:`disclosed`, which notes what an answer returns for the audit entry the
app's middleware writes. Kept apart from the app factory so routers import it and the factory imports
the routers, never the other way round."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.services.audit import returned_ids
from api.services.auth import Authenticator, Principal, client_address
from api.services.queries import AppContext
from api.web.sessions import cookie_principal
from models.settings import Settings

M = TypeVar("M", bound=BaseModel)
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
    """The caller's address as the audit and the lockout know it (see :func:`api.services.auth.client_address`)."""
    settings: Settings = request.app.state.ctx.settings
    return client_address(request.client.host if request.client else None, request.headers.get("x-forwarded-for"),
                          settings.trusted_proxies)


def disclosed(request: Request, answer: M) -> M:
    """Note what ``answer`` discloses for the request's audit entry, and return it."""
    request.state.returned = returned_ids(answer)
    return answer


Ctx = Annotated[AppContext, Depends(get_context)]
Who = Annotated[Principal, Depends(authenticated)]
Kinds = Annotated[str | None, Query(max_length=200, description="Comma-separated entity kinds")]
#: Lengths of path parameters are checked by api.services.queries (a 400 that says which limit).
EntityId = str
