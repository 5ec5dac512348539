"""Authentication: bearer JWTs, the local user registry, expiry, idle and lockout limits, rate limits.

Tokens are verified against the configured HS256 key (``CASELINK_SIGNING_KEY``; the development
key is refused outside development, see :mod:`models.settings`) or, when ``CASELINK_OIDC_JWKS_URL``
is set, against the provider's published keys. A verified token becomes a :class:`Principal`
whose :class:`~models.access.Viewer` every query is made under. Local users (``caselink users
add``) are looked up on every request, so a disabled user or a changed role takes effect at once.
"""

from __future__ import annotations

import getpass
import ipaddress
import json
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import structlog

from api.services.errors import TooManyRequestsError, UnauthorizedError
from models.access import ROLES, Policy, UserRole, Viewer
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings
from models.vocabulary import Caveat

log = structlog.get_logger(__name__)

#: Longest accepted bearer token (a JWT with a handful of claims is well under 2 kB).
MAX_TOKEN_CHARS = 4096
LOCAL_ALGORITHM = "HS256"
OIDC_ALGORITHMS = ["RS256", "ES256"]


@dataclass(frozen=True)
class User:
    name: str
    role: UserRole
    agency: str | None
    caveats: tuple[str, ...]
    disabled: bool = False


@dataclass(frozen=True)
class Principal:
    """Who is asking: the verified subject and the viewer its questions are answered for."""

    viewer: Viewer
    token_id: str | None
    issuer: str
    #: When the credential stops being valid (a token's ``exp``, epoch seconds); None: checked elsewhere.
    expires_at: float | None = None


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: Sequence[str]) -> str:
    """Who is on the other end: the socket's peer address, unless that peer is a trusted proxy.

    Behind trusted proxies the client is the right-most ``X-Forwarded-For`` entry that is not itself
    a trusted proxy (entries further left were written by whoever sent the request, so anyone)."""
    networks = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in n for n in networks)

    address = peer or "unknown"
    if not networks or not trusted(address) or not forwarded_for:
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()][:32]):
        if not trusted(hop):
            return hop[:64]
    return address


def terminal_viewer(settings: Settings, policy: Policy, as_user: str | None) -> Viewer:
    """Whom a terminal question is answered for: the registered user ``as_user`` (active), or without it
    the local operator with every access, in development only. Refused with :class:`UnauthorizedError`."""
    if as_user is None:
        if settings.env != "development":
            raise UnauthorizedError("--as USER is required outside CASELINK_ENV=development")
        return Viewer(name=f"operator:{getpass.getuser()}", role=UserRole.ADMIN, agency=None, agencies=frozenset(),
                      clearances=frozenset(), all_access=True, capabilities=ROLES[UserRole.ADMIN].capabilities)
    registry = UserRegistry.of(settings)
    try:
        user = registry.get(as_user)
    finally:
        registry.close()
    if user is None or user.disabled:
        raise UnauthorizedError(f"no active user {as_user!r} (caselink users add)")
    return policy.viewer(user.name, user.role, user.agency, user.caveats)


def users_path(settings: Settings) -> Path:
    return StoreLayout.of(settings).users_db


class UserRegistry:
    """Local users and token sessions (last use, for the idle limit), in SQLite beside the store or on the
    shared PostgreSQL server (``CASELINK_STATE``), so every API process knows every user and session."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._lock = threading.Lock()
        self._conn.create("""
            CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, agency TEXT, caveats TEXT NOT NULL,
                                              disabled INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS sessions (jti TEXT PRIMARY KEY, name TEXT NOT NULL, last_used REAL NOT NULL);
        """)

    @classmethod
    def of(cls, settings: Settings) -> UserRegistry:
        """The registry ``settings`` name: ``users.db`` in the store, or the server of ``CASELINK_STATE``."""
        return cls(open_database(settings.state, users_path(settings)))

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[Database]:
        with self._lock, self._conn.transaction() as conn:
            yield conn

    def add(self, user: User) -> None:
        with self._tx() as conn:
            conn.execute("INSERT INTO users (name, role, agency, caveats, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT(name) DO UPDATE SET role = excluded.role, agency = excluded.agency,"
                         " caveats = excluded.caveats, disabled = excluded.disabled",
                         (user.name, user.role.value, user.agency, json.dumps(sorted(user.caveats)), int(user.disabled), time.time()))

    def disable(self, name: str) -> bool:
        with self._tx() as conn:
            return conn.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,)).rowcount > 0

    def get(self, name: str) -> User | None:
        with self._lock:
            row = self._conn.execute("SELECT name, role, agency, caveats, disabled FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        return User(name=row[0], role=UserRole(row[1]), agency=row[2], caveats=tuple(json.loads(row[3])), disabled=bool(row[4]))

    def all(self) -> list[User]:
        with self._lock:
            names = [r[0] for r in self._conn.execute("SELECT name FROM users ORDER BY name")]
        return [u for u in (self.get(n) for n in names) if u is not None]

    def touch(self, jti: str, name: str, now: float, idle_seconds: float) -> bool:
        """Record a use of token ``jti``; False if it lay unused longer than the idle limit."""
        with self._tx() as conn:
            row = conn.execute("SELECT last_used FROM sessions WHERE jti = ?", (jti,)).fetchone()
            if row is not None and now - float(row[0]) > idle_seconds:
                return False
            conn.execute("INSERT INTO sessions (jti, name, last_used) VALUES (?, ?, ?)"
                         " ON CONFLICT(jti) DO UPDATE SET last_used = excluded.last_used", (jti, name, now))
            return True


def validate_user(policy: Policy, name: str, role: str, agency: str | None, caveats: list[str]) -> User:
    """A user as ``caselink users add`` would register it, or ValueError saying what is wrong."""
    if not name or len(name) > 100 or not all(c.isalnum() or c in "._@-" for c in name):
        raise ValueError("a user name is 1-100 letters, digits, '.', '_', '@' or '-'")
    try:
        user_role = UserRole(role)
    except ValueError:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(r.value for r in UserRole)}") from None
    unknown = sorted(set(caveats) - {c.value for c in Caveat})
    if unknown:
        raise ValueError(f"unknown caveats {unknown}; caveats: {', '.join(c.value for c in Caveat)}")
    if agency is not None and (not agency or len(agency) > 32):
        raise ValueError("an agency code is 1-32 characters")
    user = User(name=name, role=user_role, agency=agency, caveats=tuple(sorted(set(caveats))))
    policy.viewer(user.name, user.role, user.agency, user.caveats)  # raises if the policy cannot place this user
    return user


def issue_token(settings: Settings, user: User, *, ttl_seconds: int | None = None, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    ttl = min(ttl_seconds or settings.token_ttl_seconds, settings.token_ttl_seconds)
    claims: dict[str, Any] = {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": user.name, "iat": issued,
                              "nbf": issued, "exp": issued + ttl, "jti": uuid.uuid4().hex, "role": user.role.value,
                              "agency": user.agency, "caveats": list(user.caveats)}
    return jwt.encode(claims, settings.token_key(), algorithm=LOCAL_ALGORITHM)


class Authenticator:
    """Verifies bearer tokens and keeps the per-process limits (lockout, rate)."""

    def __init__(self, settings: Settings, policy: Policy, registry: UserRegistry, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.policy = policy
        self.registry = registry
        self._key = settings.token_key()  # refuses to start without a usable key outside development
        self._clock = clock
        self._jwks = jwt.PyJWKClient(settings.oidc_jwks_url, cache_keys=True) if settings.oidc_jwks_url else None
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._locked_until: dict[str, float] = {}
        self._requests: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    # -- lockout -------------------------------------------------------------------------

    def _locked(self, keys: list[str], now: float) -> bool:
        with self._lock:
            return any(self._locked_until.get(k, 0.0) > now for k in keys)

    def _fail(self, keys: list[str], now: float, why: str) -> UnauthorizedError:
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
                    log.warning("auth.lockout", key=k, seconds=window)
        return UnauthorizedError(why)

    # -- verification --------------------------------------------------------------------

    def authenticate(self, authorization: str | None, client: str) -> Principal:
        """The principal of a bearer token, or :class:`UnauthorizedError`.

        Failures count against the *client* always, and against a *user* only once the credential
        naming it has been verified (a signed token of a disabled user): a token anyone can forge
        with someone's name in it locks its sender out, never the person it names."""
        now = self._clock()
        client_key = f"client:{client}"
        if not authorization:
            raise UnauthorizedError("a bearer token is required (Authorization: Bearer <token>)")
        if self._locked([client_key], now):
            raise UnauthorizedError("too many failed authentications: locked out, try again later")
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_CHARS:
            raise self._fail([client_key], now, "the Authorization header must be 'Bearer <token>'")
        try:
            claims, issuer = self._verify(token, now)
        except jwt.PyJWTError as exc:
            raise self._fail([client_key], now, f"invalid token: {exc}") from None
        user_key = f"user:{str(claims['sub'])[:100]}"
        if self._locked([user_key], now):
            raise UnauthorizedError("too many failed authentications: locked out, try again later")
        principal = self._principal(claims, issuer)
        if principal is None:
            raise self._fail([client_key, user_key], now, "unknown or disabled user")
        if principal.token_id is not None and not self.registry.touch(principal.token_id, principal.viewer.name, now,
                                                                       self.settings.idle_seconds):
            raise UnauthorizedError("token idle for too long: ask for a new one")
        return principal

    def _verify(self, token: str, now: float) -> tuple[dict[str, Any], str]:
        header = jwt.get_unverified_header(token)
        if header.get("alg") == LOCAL_ALGORITHM:
            claims = jwt.decode(token, self._key, algorithms=[LOCAL_ALGORITHM], audience=self.settings.jwt_audience,
                                issuer=self.settings.jwt_issuer, options={"require": ["exp", "iat", "sub"]}, leeway=5)
            issuer = self.settings.jwt_issuer
        elif self._jwks is not None and header.get("alg") in OIDC_ALGORITHMS:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(token, key.key, algorithms=OIDC_ALGORITHMS, audience=self.settings.jwt_audience,
                                issuer=self.settings.oidc_issuer, options={"require": ["exp", "iat", "sub"]}, leeway=5)
            issuer = str(claims.get("iss", "oidc"))
        else:
            raise jwt.InvalidAlgorithmError(f"algorithm {header.get('alg')!r} is not accepted")
        if float(claims["exp"]) - float(claims["iat"]) > self.settings.token_ttl_seconds:
            raise jwt.InvalidTokenError("token lifetime longer than allowed")
        if float(claims["iat"]) > now + 5:
            raise jwt.ImmatureSignatureError("token issued in the future")
        if float(claims["exp"]) <= now:
            raise jwt.ExpiredSignatureError("token has expired")
        return claims, issuer

    def _principal(self, claims: dict[str, Any], issuer: str) -> Principal | None:
        name = str(claims["sub"])
        jti = claims.get("jti")
        if issuer == self.settings.jwt_issuer:
            user = self.registry.get(name)  # local tokens: the registry is the authority, now
            if user is None or user.disabled:
                return None
        else:
            try:
                caveats = claims.get("caveats") or []
                user = User(name=name, role=UserRole(str(claims.get("role"))), agency=claims.get("agency"),
                            caveats=tuple(str(c) for c in caveats) if isinstance(caveats, list) else ())
            except ValueError:
                return None
        try:
            viewer = self.policy.viewer(user.name, user.role, user.agency, user.caveats)
        except ValueError:
            return None
        return Principal(viewer=viewer, token_id=str(jti) if jti else None, issuer=issuer, expires_at=float(claims["exp"]))

    def still_valid(self, principal: Principal) -> str | None:
        """Why ``principal`` may no longer be answered (None: it still may), for answers that outlive their
        request (a live stream): the credential expired, the user was disabled or removed, or the user's
        role, agency or caveats changed since the request was authenticated. Local users are read from
        the registry now; an external (OIDC) principal is bounded by its token's expiry."""
        if principal.expires_at is not None and principal.expires_at <= self._clock():
            return "the token has expired"
        if principal.issuer not in (self.settings.jwt_issuer, "session"):
            return None
        user = self.registry.get(principal.viewer.name)
        if user is None or user.disabled:
            return "the user is disabled"
        try:
            now = self.policy.viewer(user.name, user.role, user.agency, user.caveats)
        except ValueError:
            return "the user can no longer be placed by the policy"
        return None if now == principal.viewer else "the user's role, agency or clearances changed"

    def touch(self, principal: Principal) -> bool:
        """Count a use of ``principal``'s token now (a delivery on a live stream); False if it lay idle too long."""
        if principal.token_id is None:
            return True
        return self.registry.touch(principal.token_id, principal.viewer.name, self._clock(), self.settings.idle_seconds)

    def check_rate(self, principal: Principal) -> None:
        """Raise :class:`TooManyRequestsError` past the per-user rate limit (a sliding minute)."""
        now = self._clock()
        name = principal.viewer.name
        with self._lock:
            q = self._requests[name]
            while q and q[0] <= now - 60:
                q.popleft()
            if len(q) >= self.settings.rate_limit_per_minute:
                raise TooManyRequestsError(f"more than {self.settings.rate_limit_per_minute} requests a minute")
            q.append(now)
