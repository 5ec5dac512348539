from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.http.app import create_app, server_config
from api.services.audit import AuditLog
from api.services.auth import User, UserRegistry, issue_token, users_path
from graph.model import GraphData
from models.access import UserRole
from models.settings import Settings

#: The test environment's signing key (synthetic; the development key is refused outside development).
TEST_KEY = "caselink-test-signing-key-0123456789abcdef"


def settings_for(store: Path, **extra: object) -> Settings:
    extra.setdefault("rate_limit_per_minute", 100_000)  # the suite is one busy user; rate limits have their own test
    return Settings(store=store, env="test", signing_key=TEST_KEY, **extra)  # type: ignore[arg-type]


#: The graph stores a finding's test runs on: the embedded graph always, Neo4j when ``CASELINK_TEST_NEO4J`` names a server.
STORES = ("embedded", "neo4j")
NO_NEO4J = "CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)"


def store_settings(store: Path, graph: str, **extra: object) -> Settings:
    """The test settings of ``store`` with its graph on ``graph`` (one of :data:`STORES`).

    For Neo4j the test server is emptied first: it is shared with every other Neo4j test (and other
    checkouts' runs), so each world starts from nothing at its own (module-scoped) setup, as
    ``tests/graph/store/test_contract.py`` does; a module then has the server to itself until the next
    module's setup clears it. Skips, saying why, when no server was named for this run."""
    if graph == "embedded":
        return settings_for(store, **extra)
    assert graph == "neo4j", graph
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip(NO_NEO4J)
    settings = settings_for(store, graph=uri, neo4j_password=os.environ.get("CASELINK_NEO4J_PASSWORD"), **extra)
    from graph.store.factory import create_graph_store
    from graph.store.neo4j import Neo4jGraphStore

    neo = create_graph_store(settings)
    try:
        assert isinstance(neo, Neo4jGraphStore)
        neo.clear()
    finally:
        neo.close()
    return settings


@pytest.fixture(scope="module", params=STORES)
def graph_kind(request: pytest.FixtureRequest) -> str:
    """Which graph store a module's world lives in: module-scoped, so each world is built once per store."""
    kind: str = request.param
    return kind


def load_graph(settings: Settings, data: GraphData) -> None:
    """Write a hand-made graph into the store ``settings`` name (replacing what is there)."""
    from graph.store.factory import create_graph_store

    graph = create_graph_store(settings)
    try:
        graph.replace(data)
    finally:
        graph.close()


def rebuild_graph(settings: Settings) -> None:
    """Build the graph ``settings`` name from the store's ledger (a copied embedded world, moved onto Neo4j)."""
    from graph.service import open_graph_sync
    from graph.store.factory import create_graph_store
    from ingest.ledger import Ledger
    from ingest.service import ledger_path

    ledger = Ledger(ledger_path(settings))
    graph = create_graph_store(settings)
    try:
        sync = open_graph_sync(settings, ledger, graph)
        try:
            sync.rebuild()
        finally:
            sync.close()
    finally:
        graph.close()
        ledger.close()


def graph_env(settings: Settings) -> dict[str, str]:
    """The environment that points the ``caselink`` command at the graph ``settings`` name."""
    env = {"CASELINK_GRAPH": settings.graph}
    if settings.graph != "embedded" and settings.neo4j_password is not None:
        env["CASELINK_NEO4J_PASSWORD"] = settings.neo4j_password.get_secret_value()
    return env


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points the ``caselink`` command at the same store and graph as ``settings``, signing as the API does."""
    return {"CASELINK_ENV": settings.env, "CASELINK_STORE": str(settings.store), "CASELINK_SIGNING_KEY": TEST_KEY,
            **graph_env(settings)}


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
