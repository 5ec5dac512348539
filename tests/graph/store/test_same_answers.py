"""Both stores, given the dev world, answer the same questions the same way (needs a real Neo4j)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from api import queries
from api.queries import AppContext
from graph.search import SearchIndex
from graph.service import open_graph_sync
from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.settings import Settings


@pytest.fixture(scope="module")
def neo4j_uri() -> str:
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
    return uri


def _ctx(settings: Settings, store: Any, ledger: Ledger) -> AppContext:
    return AppContext(settings=settings, store=store, ledger=ledger, search=SearchIndex(store.search_terms))


def test_embedded_and_neo4j_agree_on_the_dev_world(linked_dev: Path, neo4j_uri: str, truth: dict[str, Any]) -> None:
    from graph.store.neo4j import Neo4jGraphStore

    settings = Settings(store=linked_dev, env="test")
    ledger = Ledger(ledger_path(settings))
    password = os.environ.get("CASELINK_NEO4J_PASSWORD")
    neo = Neo4jGraphStore(neo4j_uri, auth=("neo4j", password) if password else None)
    embedded = EmbeddedGraphStore(linked_dev / "graph.db")
    try:
        neo.clear()
        open_graph_sync(settings, ledger, neo).rebuild()
        assert neo.counts() == embedded.counts()
        a, b = _ctx(settings, embedded, ledger), _ctx(settings, neo, ledger)
        ring = truth["rings"][0]
        names = [f"{truth['persons'][p]['given']} {truth['persons'][p]['surname']}" for p in ring["members"] + ring["victims"]]
        for q in [*names, *ring["phones"], *ring["vehicles"], "Motel"]:
            assert queries.search(a, q).model_dump() == queries.search(b, q).model_dump(), q
        people = [queries.search(a, n, kinds="person").hits[0].entity.id for n in names]
        for pid in people:
            assert queries.network(a, pid, depth=2).model_dump() == queries.network(b, pid, depth=2).model_dump()
            assert queries.entity(a, pid).model_dump() == queries.entity(b, pid).model_dump()
        for other in people[1:]:
            assert queries.paths(a, people[0], other, max_hops=4).model_dump() == queries.paths(b, people[0], other, max_hops=4).model_dump()
        for key in [r["key"] for r in truth["records"][:40] if r["key"] not in truth["purged"]]:
            agency, number = key.split(":")
            assert queries.record(a, agency, number).model_dump() == queries.record(b, agency, number).model_dump()
    finally:
        neo.close()
        embedded.close()
        ledger.close()
