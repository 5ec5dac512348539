"""The API over a shared-state PostgreSQL server that goes away after start: a 503 in the errors' JSON
shape (``state_unavailable``, ``Retry-After``), never a traceback or psycopg's words for the statement;
and the next request, the server being back, is served again without restarting the API."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services.auth import User, UserRegistry, issue_token
from models.access import UserRole
from tests.api.conftest import settings_for
from tests.conftest import TEST_POSTGRES


def _terminate_others(url: str) -> int:
    """Kill every other client connection to the test server (as a restart or an administrator would)."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()").fetchall()
    return len(rows)


def test_a_state_server_lost_after_start_is_a_503_and_the_api_recovers(
        tmp_path: Path, postgres_schemas: Callable[[str], str]) -> None:
    settings = settings_for(tmp_path / "store", state=postgres_schemas("http"))
    registry = UserRegistry.of(settings)
    try:
        admin = User(name="test-admin", role=UserRole.ADMIN, agency=None, caveats=())
        registry.add(admin)
    finally:
        registry.close()
    headers = {"Authorization": f"Bearer {issue_token(settings, admin)}"}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/health", headers=headers).status_code == 200
        assert _terminate_others(os.environ[TEST_POSTGRES]) >= 1
        lost = client.get("/health", headers=headers)
        assert lost.status_code == 503, lost.text
        assert lost.headers["Retry-After"] == "5"
        body = lost.json()
        assert body["error"] == "state_unavailable", body
        assert body["message"].startswith("PostgreSQL at postgresql://caselink:***@127.0.0.1:"), body
        assert "Traceback" not in lost.text and "caselink-dev" not in lost.text and "SELECT" not in lost.text
        assert client.get("/health", headers=headers).status_code == 200  # connected again
