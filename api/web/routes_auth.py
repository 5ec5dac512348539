"""Sign-in and sign-out for the page. Both pass through the API's audit middleware like every route."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.http.deps import Who, client_of
from api.services.auth import Principal
from api.web.schemas import SessionOut, SignedOutOut, SignInIn
from api.web.sessions import SESSION_COOKIE, WebSessions, cookie_secure

router = APIRouter(prefix="/auth", tags=["sign-in"])


def _out(principal: Principal, csrf: str | None) -> SessionOut:
    v = principal.viewer
    return SessionOut(name=v.name, role=v.role.value, agency=v.agency, caveats=sorted(v.clearances), csrf=csrf,
                      capabilities=sorted(c.value for c in v.capabilities))


@router.post("/login")
async def sign_in(request: Request, response: Response, body: SignInIn) -> SessionOut:
    """Check the password and open a session: an HttpOnly, SameSite=Strict cookie, and a CSRF token."""
    sessions: WebSessions = request.app.state.web_sessions
    sid, csrf, principal = sessions.sign_in(request.app.state.auth, body.name, body.password, client_of(request))
    request.state.principal = principal
    response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict", secure=cookie_secure(sessions.settings), path="/",
                        max_age=sessions.settings.token_ttl_seconds)
    return _out(principal, csrf)


@router.get("/session")
async def session(request: Request, who: Who) -> SessionOut:
    """The signed-in user (and the session's CSRF token, for a page opened anew)."""
    sid = request.cookies.get(SESSION_COOKIE)
    csrf = None
    if sid and not request.headers.get("authorization"):
        csrf = request.app.state.web_sessions.resolve(sid)[1]
    return _out(who, csrf)


@router.post("/logout")
async def sign_out(request: Request, response: Response, who: Who) -> SignedOutOut:
    """End the session server-side (the cookie is worthless from now on) and clear it."""
    sid = request.cookies.get(SESSION_COOKIE)
    ended = bool(sid) and request.app.state.web_sessions.sign_out(sid)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=cookie_secure(request.app.state.web_sessions.settings))
    return SignedOutOut(signed_out=ended)
