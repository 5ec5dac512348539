"""Password hashing for the web sign-in: scrypt (memory-hard, in the standard library), salted per
password, compared in constant time. The stored form names its parameters so they can be raised
later without invalidating existing hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
#: Cost parameters (RFC 7914): n=2**15, r=8, p=1 is about 32 MiB and ~60 ms per hash here.
N, R, P = 2**15, 8, 1
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def check_strength(password: str) -> None:
    """ValueError unless the password is long enough (length beats composition rules) and bounded."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password is at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"a password is at most {MAX_PASSWORD} characters")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, N, R, P))}"


def verify_password(password: str, stored: str) -> bool:
    """True if ``password`` matches ``stored``; False for a wrong password or an unreadable hash."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(derived, base64.b64decode(digest))


#: Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
