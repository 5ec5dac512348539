from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app, server_config
from api.audit import AuditLog
from api.auth import User, UserRegistry, issue_token, users_path
from models.access import UserRole
from models.settings import Settings

#: The test environment's signing key (synthetic; the development key is refused outside development).
TEST_KEY = "caselink-test-signing-key-0123456789abcdef"


def settings_for(store: Path, **extra: object) -> Settings:
    extra.setdefault("rate_limit_per_minute", 100_000)  # the suite is one busy user; rate limits have their own test
    return Settings(store=store, env="test", signing_key=TEST_KEY, **extra)  # type: ignore[arg-type]


def token_for(settings: Settings, name: str, role: UserRole, agency: str | None = None, caveats: tuple[str, ...] = (),
              ttl: int | None = None) -> str:
    """Register a user in the store's registry (as ``caselink users add`` does) and issue its token."""
    user = User(name=name, role=role, agency=agency, caveats=caveats)
    registry = UserRegistry(users_path(settings))
    try:
        registry.add(user)
    finally:
        registry.close()
    return issue_token(settings, user, ttl_seconds=ttl)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: Path, settings: Settings | None = None, *, as_admin: bool = True,
            check_audit: bool = True) -> Iterator[httpx.Client]:
    """The real app on a real socket (uvicorn in a thread), and a client for it (with an admin's
    bearer token unless ``as_admin`` is False)."""
    settings = settings or settings_for(store)
    port = _free_port()
    server = uvicorn.Server(server_config(create_app(settings), "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start")
        time.sleep(0.05)
    try:
        headers = {"Authorization": f"Bearer {token_for(settings, 'test-admin', UserRole.ADMIN)}"} if as_admin else {}
        audit = AuditLog(settings.audit_path())
        before = audit.verify()
        assert before.ok, f"audit log broken before serving: {before}"
        calls: list[int] = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30, headers=headers,
                          event_hooks={"response": [lambda r: calls.append(r.status_code)]}) as client:
            yield client
        # Every call this client made left an audit entry (others may have written too: the CLI, schemathesis),
        # and the chain still verifies.
        after = audit.verify()
        assert after.ok and (not check_audit or after.entries - before.entries >= len(calls)), (after, before, len(calls))
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def http(linked_dev: Path) -> Iterator[httpx.Client]:
    with serving(linked_dev) as client:
        yield client
