"""Shared fixtures: the dev world (from ../shared/sources/dev) and a store ingested from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
