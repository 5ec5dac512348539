"""Web sign-in sessions: a password per local user, a server-side session behind an HttpOnly cookie,
and a CSRF token for every state-changing request.

The session id is random (256 bits) and stored only as its SHA-256, so the database alone cannot be
replayed as a cookie. A session ends after ``token_ttl_seconds`` from sign-in, after ``idle_seconds``
unused, on sign-out (the row is deleted, so the cookie is dead server-side) and as soon as its user is
disabled (the registry is read on every request, as for bearer tokens). Failed sign-ins count towards
the same lockout limits as failed bearer tokens (``lockout_failures`` within ``lockout_seconds``, per
client and per user name). A request with the cookie becomes the same :class:`~api.services.auth.Principal` as
one with a token, so roles, caveats, the rate limit and the audit entry are the API's own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from pathlib import Path

import structlog
from fastapi import Request

from api.services.auth import Authenticator, Principal, users_path
from api.services.errors import ForbiddenError, UnauthorizedError
from api.web.passwords import DUMMY_HASH, check_strength, hash_password, verify_password
from models.database import Database, as_database, open_database
from models.settings import Settings

log = structlog.get_logger(__name__)

SESSION_COOKIE = "caselink_session"
CSRF_HEADER = "x-csrf-token"
#: Methods that change state: they need the session's CSRF token in ``X-CSRF-Token``.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_COOKIE = 128


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode("ascii", "replace")).hexdigest()


def cookie_secure(settings: Settings) -> bool:
    if settings.session_cookie_secure is not None:
        return settings.session_cookie_secure
    return settings.env not in ("development", "test")


class WebSessions:
    """Passwords and sessions, in their own tables of the user registry's database (users.db, or the shared
    PostgreSQL server of ``CASELINK_STATE``: a session opened on one web process is known to all)."""

    def __init__(self, where: Path | Database, settings: Settings, *, clock: Callable[[], float] = time.time) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self.settings = settings
        self._clock = clock
        self._conn = as_database(where)
        self._lock = threading.Lock()
        self._conn.create("""
            CREATE TABLE IF NOT EXISTS passwords (name TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS web_sessions (sid_hash TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
                                                     created REAL NOT NULL, last_used REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS web_sessions_name ON web_sessions (name);
        """)
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._locked_until: dict[str, float] = {}

    @classmethod
    def of(cls, settings: Settings, *, clock: Callable[[], float] = time.time) -> WebSessions:
        """The sessions ``settings`` name: beside the users (``users.db``), or on the ``CASELINK_STATE`` server."""
        return cls(open_database(settings.state, users_path(settings)), settings, clock=clock)

    def close(self) -> None:
        self._conn.close()

    # -- passwords -------------------------------------------------------------------------

    def set_password(self, name: str, password: str) -> None:
        """Set (or replace) ``name``'s password; its open sessions end (a changed password signs out)."""
        check_strength(password)
        hashed = hash_password(password)
        with self._lock, self._conn.transaction() as conn:
            conn.execute("INSERT INTO passwords (name, hash, set_at) VALUES (?, ?, ?)"
                         " ON CONFLICT(name) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at",
                         (name, hashed, self._clock()))
            conn.execute("DELETE FROM web_sessions WHERE name = ?", (name,))

    def _hash_of(self, name: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT hash FROM passwords WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    # -- lockout (the API's limits, counted for sign-ins) --------------------------------------

    def _locked(self, keys: list[str], now: float) -> bool:
        with self._lock:
            return any(self._locked_until.get(k, 0.0) > now for k in keys)

    def _fail(self, keys: list[str], now: float) -> None:
        window = self.settings.lockout_seconds
        with self._lock:
            for k in keys:
                q = self._failures[k]
                q.append(now)
                while q and q[0] <= now - window:
                    q.popleft()
                if len(q) >= self.settings.lockout_failures:
                    self._locked_until[k] = now + window
                    q.clear()
                    log.warning("web.lockout", key=k, seconds=window)

    # -- sessions --------------------------------------------------------------------------

    def sign_in(self, auth: Authenticator, name: str, password: str, client: str) -> tuple[str, str, Principal]:
        """A new session (cookie value, CSRF token, principal) or :class:`UnauthorizedError`, which says
        nothing about whether the name exists."""
        now = self._clock()
        keys = [f"client:{client}", f"user:{name[:100]}"]
        if self._locked(keys, now):
            raise UnauthorizedError("too many failed sign-ins: locked out, try again later")
        stored = self._hash_of(name)
        ok = verify_password(password, stored if stored is not None else DUMMY_HASH) and stored is not None
        principal = principal_of(auth, name) if ok else None
        if principal is None:
            self._fail(keys, now)
            raise UnauthorizedError("wrong user name or password")
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._lock:
            self._conn.execute("INSERT INTO web_sessions (sid_hash, name, csrf, created, last_used) VALUES (?, ?, ?, ?, ?)",
                               (_digest(sid), name, csrf, now, now))
        return sid, csrf, principal

    def resolve(self, sid: str) -> tuple[str, str]:
        """The (user name, CSRF token) of a live session, touching it; :class:`UnauthorizedError` otherwise."""
        now = self._clock()
        if len(sid) > MAX_COOKIE:
            raise UnauthorizedError("invalid session: sign in again")
        key = _digest(sid)
        with self._lock:
            row = self._conn.execute("SELECT name, csrf, created, last_used FROM web_sessions WHERE sid_hash = ?", (key,)).fetchone()
            if row is None:
                raise UnauthorizedError("no such session (signed out or expired): sign in again")
            name, csrf, created, last_used = str(row[0]), str(row[1]), float(row[2]), float(row[3])
            if now - created > self.settings.token_ttl_seconds or now - last_used > self.settings.idle_seconds:
                self._conn.execute("DELETE FROM web_sessions WHERE sid_hash = ?", (key,))
                raise UnauthorizedError("session expired: sign in again")
            self._conn.execute("UPDATE web_sessions SET last_used = ? WHERE sid_hash = ?", (now, key))
        return name, csrf

    def sign_out(self, sid: str) -> bool:
        with self._lock:
            return self._conn.execute("DELETE FROM web_sessions WHERE sid_hash = ?", (_digest(sid),)).rowcount > 0

    def live_sessions(self, name: str) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM web_sessions WHERE name = ?", (name,)).fetchone()[0])


def principal_of(auth: Authenticator, name: str) -> Principal | None:
    """The principal of an active local user, read from the registry now (as for bearer tokens)."""
    user = auth.registry.get(name)
    if user is None or user.disabled:
        return None
    try:
        viewer = auth.policy.viewer(user.name, user.role, user.agency, user.caveats)
    except ValueError:
        return None
    return Principal(viewer=viewer, token_id=None, issuer="session")


def cookie_principal(request: Request) -> Principal | None:
    """The principal of the request's session cookie, or None when the request carries a bearer token
    or no cookie (the bearer path then decides). A dead session or a missing CSRF token on a
    state-changing request is refused here, not passed on."""
    sid = request.cookies.get(SESSION_COOKIE)
    sessions: WebSessions | None = getattr(request.app.state, "web_sessions", None)
    if request.headers.get("authorization") or not sid or sessions is None:
        return None
    name, csrf = sessions.resolve(sid)
    principal = principal_of(request.app.state.auth, name)
    if principal is None:
        sessions.sign_out(sid)
        raise UnauthorizedError("unknown or disabled user")
    request.state.principal = principal
    if request.method in UNSAFE_METHODS and not hmac.compare_digest(request.headers.get(CSRF_HEADER, "").encode(), csrf.encode()):
        raise ForbiddenError(f"a state-changing request needs the session's CSRF token in {CSRF_HEADER}")
    return principal
