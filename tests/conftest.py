"""Shared fixtures: the dev world (from ../shared/sources/dev) and a store ingested from it."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from models.database import Database, open_database
from models.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DEV = (REPO / ".." / "shared" / "sources" / "dev").resolve()


def graph_fingerprint(settings: Settings) -> dict[str, object]:
    """The fingerprint of the graph ``settings`` name (embedded or Neo4j): equal fingerprints, equal graphs."""
    from graph.store.factory import create_graph_store

    graph = create_graph_store(settings)
    try:
        return graph.fingerprint()
    finally:
        graph.close()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "truth.json").exists():
        pytest.skip(f"dev world not found at {DEV} (it sits beside the repository as ../shared/sources/dev)")
    return DEV


@pytest.fixture(scope="session")
def truth(dev_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((dev_dir / "truth.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def linked_dev(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the dev world, ingested and linked through the real pipeline."""
    from api.runtime import ingest_and_link
    from models.settings import Settings

    store = tmp_path_factory.mktemp("linked-dev")
    ingest_and_link(Settings(store=store, env="test"), [dev_dir])
    return store


#: The PostgreSQL server the shared-state tests use (``.ci/run`` starts one: deploy/local/services.sh start postgres).
TEST_POSTGRES = "CASELINK_TEST_POSTGRES"
NO_POSTGRES = f"{TEST_POSTGRES} is unset: no PostgreSQL to test against (deploy/local/services.sh start postgres)"


def postgres_schema_url(url: str, schema: str) -> str:
    """``url`` with every connection's search path set to ``schema`` (a libpq ``options`` parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_schemas() -> Iterator[Callable[[str], str]]:
    """Fresh schemas on the test server, each a ``postgresql://`` URL, dropped after the test."""
    url = os.environ.get(TEST_POSTGRES)
    if not url:
        pytest.skip(NO_POSTGRES)
    import psycopg
    from psycopg import sql

    made: list[str] = []

    def fresh(label: str) -> str:
        schema = f"t_{label}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        made.append(schema)
        return postgres_schema_url(url, schema)

    yield fresh
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in made:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["embedded", "postgresql"])
def open_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """The contract fixture of the shared stores: ``open_db(name)`` is a database named ``name`` (a new
    connection at every call), in a SQLite file or in a fresh PostgreSQL schema per name."""
    urls: dict[str, str] = {}
    schemas = request.getfixturevalue("postgres_schemas") if request.param == "postgresql" else None
    opened: list[Database] = []

    def open_one(name: str) -> Database:
        if schemas is None:
            db = open_database("embedded", tmp_path / f"{name}.db")
        else:
            db = open_database(urls.setdefault(name, schemas(name)), tmp_path / f"{name}.db", name)
        opened.append(db)
        return db

    yield open_one
    for db in opened:
        db.close()


@pytest.fixture(params=["embedded", "postgresql"])
def state(request: pytest.FixtureRequest) -> str:
    """A ``CASELINK_STATE`` for each database: ``embedded``, and a fresh PostgreSQL schema on the test server."""
    if request.param == "embedded":
        return "embedded"
    fresh: Callable[[str], str] = request.getfixturevalue("postgres_schemas")
    return fresh("state")
